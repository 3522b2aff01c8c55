import { isExtendedResourceName } from '../../cloud/rdma-wiring';
import { invalid } from '../../core/errors';
import { arrayShape, checkProps, FieldsOf, jsonObjectShape, stringShape } from '../../core/input-shape';
import { validateNamespace } from '../../core/names';
import { checkHelmValues, mergeValues } from '../merge-values';
import { PlatformRelease } from '../platform-release';
import { validateChartVersion, validateReleaseName } from './chart-options';

/**
 * A chart the library does not know, installed with the platform (an escape hatch): cert-manager,
 * a CSI driver, an ingress controller. Its values are passed through as given.
 */
export interface HelmChartOptions {
  /** A unique id in the platform (a lowercase slug), for `dependsOn` and the GitOps object names, e.g. `cert-manager`. */
  readonly id: string;
  /** The chart's repository: `https://…` (a Helm repository) or `oci://…` (the OCI path that holds the chart). */
  readonly repository: string;
  /** The chart's name in that repository, e.g. `cert-manager`. */
  readonly chart: string;
  /** The chart version, exactly as the repository lists it, e.g. `v1.19.1`. */
  readonly version: string;
  /** The namespace to install it into (created when missing). */
  readonly namespace: string;
  /**
   * The Helm release name.
   * @default - the `id`
   */
  readonly releaseName?: string;
  /**
   * The chart's values.
   * @default - the chart's defaults
   */
  readonly values?: Record<string, unknown>;
  /**
   * The ids of the platform's releases to install first (`gpu-operator`, `kube-prometheus-stack`,
   * another extra chart's id).
   * @default []
   */
  readonly dependsOn?: string[];
  /**
   * The extended resources the chart's device plugin advertises on nodes, e.g.
   * `['vpc.amazonaws.com/efa']` for the EFA device plugin or `['rdma/ib']` for an SR-IOV device
   * plugin: the platform's `deviceResources` include them, so RDMA pools that request them pass.
   * @default [] - the chart advertises no device resources
   */
  readonly deviceResources?: string[];
}

/** What an untyped caller may pass (the table the options check). @internal */
export const HELM_CHART_FIELDS: FieldsOf<HelmChartOptions> = {
  id: stringShape(),
  repository: stringShape(),
  chart: stringShape(),
  version: stringShape(),
  namespace: stringShape(),
  releaseName: stringShape(),
  values: jsonObjectShape('Helm values'),
  dependsOn: arrayShape(stringShape(), '["cert-manager"]'),
  deviceResources: arrayShape(stringShape(), '["vpc.amazonaws.com/efa"]'),
};

/** A lowercase slug: letters, digits and single inner hyphens. */
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** A chart name (Helm: lowercase letters, digits, '-', '_' and '.'). */
const CHART_NAME = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/;

/**
 * The release of an extra chart; `prop` is where the user wrote it (`charts[0]`). The platform
 * checks that ids are unique and that `dependsOn` names its releases.
 * @internal
 */
export function extraChartRelease(options: HelmChartOptions, prop: string): PlatformRelease {
  checkProps(prop, options, 'HelmChartOptions', HELM_CHART_FIELDS, ['id', 'repository', 'chart', 'version', 'namespace']);
  if (!ID.test(options.id) || options.id.length > 53) {
    throw invalid(`${prop}.id`, 'must be a lowercase slug of letters, digits and single hyphens, at most 53 characters', options.id, 'use e.g. "cert-manager"');
  }
  let url: URL | undefined;
  try {
    url = new URL(options.repository);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'oci:') || url.hostname === '' || url.search !== '' || url.hash !== '') {
    throw invalid(`${prop}.repository`, 'must be an https:// Helm repository or an oci:// registry path', options.repository,
      'use e.g. "https://charts.jetstack.io" or "oci://registry.k8s.io/lws/charts"; plain http and file paths cannot be delivered by GitOps');
  }
  if (!CHART_NAME.test(options.chart)) {
    throw invalid(`${prop}.chart`, 'must be a chart name (lowercase letters, digits, "-", "_" and ".")', options.chart, 'use the chart\'s name in the repository, e.g. "cert-manager"');
  }
  validateChartVersion(`${prop}.version`, options.version);
  validateNamespace(`${prop}.namespace`, options.namespace);
  if (options.releaseName !== undefined) validateReleaseName(`${prop}.releaseName`, options.releaseName);
  if (options.values !== undefined) checkHelmValues(`${prop}.values`, options.values);
  const dependsOn = options.dependsOn ?? [];
  dependsOn.forEach((d, i) => {
    if (!ID.test(d)) throw invalid(`${prop}.dependsOn[${i}]`, 'must be the id of a release of the platform', d, 'use e.g. "gpu-operator" or another chart\'s id');
    if (d === options.id) throw invalid(`${prop}.dependsOn[${i}]`, 'must not name the chart itself', d, 'remove it');
  });
  const deviceResources = options.deviceResources ?? [];
  checkDeviceResources(`${prop}.deviceResources`, deviceResources);
  return {
    id: options.id,
    displayName: options.chart,
    releaseName: options.releaseName ?? options.id,
    namespace: options.namespace,
    source: { repository: options.repository.replace(/\/+$/, ''), chart: options.chart, version: options.version },
    values: mergeValues({}, options.values ?? {}),
    dependsOn: [...new Set(dependsOn)],
    manifests: [],
    deviceResources: [...new Set(deviceResources)].sort(),
  };
}

/**
 * Checks a list of extended resource names that device plugins advertise (`prop` is where the
 * user wrote it).
 * @internal
 */
export function checkDeviceResources(prop: string, resources: readonly string[]): void {
  resources.forEach((r, i) => {
    if (!isExtendedResourceName(r)) {
      throw invalid(`${prop}[${i}]`, 'must be an extended resource name such as vpc.amazonaws.com/efa or rdma/shared_ib', r,
        'list the resource names the device plugin advertises (kubectl describe node shows them under Allocatable)');
    }
  });
}
