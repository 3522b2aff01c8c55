import { DynamoVersion } from '../core/dynamo-version';
import { arrayShape, checkProps, FieldsOf, stringShape } from '../core/input-shape';
import { validateNamespace } from '../core/names';
import { DYNAMO_VERSION } from '../core/value-shapes';
import { checkDeviceResources } from './addons/extra-chart';
import { IDynamoPlatform, PlatformServing } from './served-platform';
import { validatePrometheusEndpoint } from './prometheus-endpoint';

/** Options of {@link DynamoPlatform.fromExisting}: what the cluster's Dynamo platform is. */
export interface ExistingDynamoPlatformOptions {
  /** The Dynamo release of the installed platform chart and operator (`helm list -n <namespace>` shows `dynamo-platform-<version>`). */
  readonly version: DynamoVersion;
  /**
   * The namespace of the operator.
   * @default 'dynamo-system'
   */
  readonly namespace?: string;
  /**
   * The Prometheus the planner reads (the chart's `dynamo-operator.dynamo.metrics.prometheusEndpoint`).
   * @default - none: a graph with a planner must then set `planner.prometheusEndpoint`
   */
  readonly prometheusEndpoint?: string;
  /**
   * The extended resources the cluster's device plugins advertise that graphs may request, e.g.
   * `['vpc.amazonaws.com/efa']` once the EFA device plugin runs, `['rdma/shared_ib']` with the
   * Network Operator's shared RDMA device plugin. An RDMA pool that requests a resource not listed
   * here (and not provided by the cloud itself, as GKE's RDMA networks and EKS Auto Mode's EFA
   * are) fails at synth.
   * @default - none declared: RDMA pools that need a device plugin fail at synth until you list it
   */
  readonly deviceResources?: string[];
}

const FIELDS: FieldsOf<ExistingDynamoPlatformOptions> = {
  version: DYNAMO_VERSION,
  namespace: stringShape(),
  prometheusEndpoint: stringShape(),
  deviceResources: arrayShape(stringShape(), '["vpc.amazonaws.com/efa"]'),
};

/** The platform of {@link DynamoPlatform.fromExisting}. @internal */
export function existingPlatform(options: ExistingDynamoPlatformOptions): IDynamoPlatform {
  checkProps('platform', options, 'ExistingDynamoPlatformOptions', FIELDS, ['version']);
  const namespace = options.namespace ?? 'dynamo-system';
  validateNamespace('platform.namespace', namespace);
  if (options.prometheusEndpoint !== undefined) validatePrometheusEndpoint('platform.prometheusEndpoint', options.prometheusEndpoint);
  const resources = options.deviceResources;
  if (resources !== undefined) checkDeviceResources('platform.deviceResources', resources);
  const serving: PlatformServing = {
    description: `the existing Dynamo ${options.version.version} platform in namespace ${namespace}`,
    owner: 'DynamoPlatform.fromExisting(...)',
    graphAnnotations: () => ({}),
  };
  return {
    version: options.version,
    namespace,
    prometheusEndpoint: options.prometheusEndpoint,
    deviceResources: resources === undefined ? undefined : [...new Set(resources)].sort(),
    _serving: serving,
  };
}
