import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DgdHorizontalPodAutoscaler } from '../../autoscaling/dgd-horizontal-pod-autoscaler';
import { DgdScaledObject } from '../../autoscaling/dgd-scaled-object';
import { DynamoVersion } from '../../core/dynamo-version';
import { invalid } from '../../core/errors';
import { PLATFORM } from '../../platform/platform-shape';
import { IDynamoPlatform, PlatformServing } from '../../platform/served-platform';
import { LlmCommonProps } from '../llm-props';
import type { LlmGraph } from '../llm-graph';
import { LLM_COMMON_FIELDS } from './props-shape';

/**
 * The props with what the platform decides: the graph's Dynamo release is the platform's, and a
 * planner that names no Prometheus reads the platform's.
 * @throws DynamoValidationError when `dynamoVersion` is another release than the platform's, or a
 *   planner has no Prometheus to read.
 * @internal
 */
export function withPlatform(props: LlmCommonProps): LlmCommonProps {
  // A props object or a platform of the wrong shape is left to the props check, which names it.
  if (typeof props !== 'object' || props === null || props.platform === undefined) return props;
  PLATFORM.check('platform', props.platform);
  const platform = props.platform;
  const release = platform.version.version;
  // The shape checks first (as the props check would): a DynamoVersion or Planner of another copy of
  // the package is a named error here, not silently skipped.
  if (props.dynamoVersion != null) LLM_COMMON_FIELDS.dynamoVersion.check('dynamoVersion', props.dynamoVersion);
  if (props.planner != null) LLM_COMMON_FIELDS.planner.check('planner', props.planner);
  if (props.dynamoVersion != null && props.dynamoVersion.version !== release) {
    throw invalid('dynamoVersion', `must be the platform's Dynamo release (${release}): an operator rejects fields of a newer release and does not render an older one's images`,
      props.dynamoVersion.version, `remove dynamoVersion (the graph takes the platform's), or upgrade the platform to ${props.dynamoVersion.version} first (one minor release at a time)`);
  }
  let planner = props.planner;
  if (planner != null && planner.prometheusEndpoint === undefined) {
    if (platform.prometheusEndpoint === undefined) {
      throw invalid('planner.prometheusEndpoint', `is required: the planner reads frontend metrics from Prometheus, and ${describe(platform)} names none`, undefined,
        `set prometheusEndpoint (or kubePrometheusStack) on ${owner(platform)}, or planner.prometheusEndpoint`);
    }
    planner = planner._withPrometheusEndpoint(platform.prometheusEndpoint);
  }
  return { ...props, dynamoVersion: props.dynamoVersion ?? releaseOf(platform), planner };
}

/**
 * The platform's release as this copy's DynamoVersion: a platform of another copy of the package
 * (which a pattern accepts) carries that copy's.
 */
function releaseOf(platform: IDynamoPlatform): DynamoVersion {
  const version: { readonly version: string } = platform.version;
  if (version instanceof DynamoVersion) return version;
  const release = version.version;
  try {
    return DynamoVersion.of(release);
  } catch {
    throw invalid('platform.version', 'must be a Dynamo release this library supports', release,
      `make the platform with a release of DynamoVersion.KNOWN_RELEASES, e.g. DynamoVersion.LATEST (${DynamoVersion.LATEST.version})`);
  }
}

/**
 * Checks that the platform serves what the graph needs: the same cloud, the namespace a
 * restricted operator watches, Grove (or LeaderWorkerSet with Volcano) for multi-node pools, one
 * NVIDIA driver per GPU node, a device plugin for every RDMA device, KEDA with its metrics server
 * for ScaledObjects and adapter rules for each HPA metric.
 * @internal
 */
export function checkPlatformServes(props: LlmCommonProps, graph: LlmGraph): void {
  const platform = props.platform;
  const serving = platform?._serving;
  if (platform === undefined) return;
  if (serving?.cloudId !== undefined && serving.cloudId !== graph.cloud.id) {
    throw invalid('cloud', `must be the cloud ${describe(platform)} was made for (${serving.cloudId})`, graph.cloud.id,
      `use the platform's cloud, or give the platform cloud: ${graph.cloud}`);
  }
  if (serving?.restrictedTo !== undefined && graph.dgd.namespace !== serving.restrictedTo) {
    throw invalid('namespace', `must be ${serving.restrictedTo}: ${describe(platform)} runs a namespace-restricted operator that watches only that namespace`,
      graph.dgd.namespace, `set namespace: '${serving.restrictedTo}'`);
  }
  for (const [prop, layout] of Object.entries(graph.layouts)) {
    if (layout.nodes > 1 && serving?.multinode === false) {
      if (serving.leaderWorkerSetWithoutVolcano === true) {
        throw invalid(`${prop}.nodes`, `needs Volcano beside LeaderWorkerSet for a worker over ${layout.nodes} nodes: the Dynamo operator uses LeaderWorkerSet only when Volcano's API is there too, and ${describe(platform)} has no Volcano`,
          layout.nodes, `set volcano: {} on ${owner(platform)} (LeaderWorkerSet then gang-schedules through it), or grove: BundledChart.INSTALL, or run the worker on one node`);
      }
      throw invalid(`${prop}.nodes`, `needs Grove, or LeaderWorkerSet with Volcano, on the platform for a worker over ${layout.nodes} nodes, and ${describe(platform)} has neither`,
        layout.nodes, `set grove: BundledChart.INSTALL (or leaderWorkerSet: {} and volcano: {}) on ${owner(platform)}, or run the worker on one node`);
    }
  }
  checkGpuDriver(platform, graph);
  checkDevicePlugins(platform, graph);
  if (serving !== undefined) checkAutoscalers(serving, platform, graph);
}

/** One NVIDIA driver per GPU node: the cloud's or the platform's GPU Operator's, not both and not neither. */
function checkGpuDriver(platform: IDynamoPlatform, graph: LlmGraph): void {
  const operator = platform._serving?.installsGpuDriver;
  const profile = graph.cloud.profile;
  const cloud = typeof profile.providesGpuDriver === 'function' ? profile.providesGpuDriver() : undefined;
  if (operator === undefined || cloud === undefined || operator !== cloud) return;
  if (cloud) {
    throw invalid('platform', `must not install the NVIDIA driver on nodes of ${graph.cloud}, which come with one: two drivers on a node fail to load`,
      'gpuOperator.driver: true', `set gpuOperator: { driver: false, rdma: false } on ${owner(platform)}${graph.cloud.id === 'aks' ? ', or create the nodes without the AKS driver: Cloud.aks({ gpuDriver: AksGpuDriver.NONE })' : ''}`);
  }
  const ownCloud = platform._serving?.cloudProvidesGpuDriver === true ? ' and give it the graph\'s cloud, whose nodes come without the driver' : '';
  throw invalid('platform', `must install the NVIDIA driver: the nodes of ${graph.cloud} come without one`, 'no GPU Operator driver',
    `set gpuOperator: { driver: true } on ${owner(platform)}${ownCloud}, or create the nodes with the cloud's driver`);
}

/** Every RDMA device a pool requests is advertised by the cloud, or by a device plugin of the platform. */
function checkDevicePlugins(platform: IDynamoPlatform, graph: LlmGraph): void {
  const profile = graph.cloud.profile;
  for (const [prop, wiring] of Object.entries(graph.wiring)) {
    for (const resource of wiring.rdmaResources ?? []) {
      if (typeof profile.providesDeviceResource === 'function' && profile.providesDeviceResource(resource)) {
        if (platform._serving?.installedDeviceResources?.includes(resource)) {
          throw invalid('platform', `must not install a device plugin for ${resource} on ${graph.cloud}, which runs its own: two plugins advertise the same devices`,
            resource, `remove the add-on that installs it from the DynamoPlatform${resource === 'vpc.amazonaws.com/efa' ? ' (efaDevicePlugin), or give the platform cloud: ' + String(graph.cloud) : ''}`);
        }
        continue;
      }
      if (platform.deviceResources?.includes(resource)) continue;
      const declared = platform.deviceResources !== undefined;
      throw invalid('platform', `must provide a device plugin for ${resource}, which pool ${prop} requests: without it the pods stay Pending`,
        declared ? platform.deviceResources : 'no deviceResources declared',
        platform._serving?.owner === 'DynamoPlatform.fromExisting(...)' || platform._serving === undefined
          ? `install the device plugin and list ${JSON.stringify(resource)} in deviceResources of DynamoPlatform.fromExisting(...)`
          : pluginFix(resource));
    }
  }
}

/**
 * How a DynamoPlatform gets a device plugin for a resource, for the fix: its typed add-on, if one
 * advertises it, or the plugin's chart in `charts` with `deviceResources`, or the platform's own
 * `deviceResources` for a plugin installed outside it.
 */
function pluginFix(resource: string): string {
  const listed = JSON.stringify([resource]);
  const chart = `add the device plugin's chart to charts with deviceResources: ${listed}, or list it in the DynamoPlatform's deviceResources when the plugin is installed outside the platform`;
  if (resource === 'vpc.amazonaws.com/efa') return `set efaDevicePlugin: {} on the DynamoPlatform, or ${chart}`;
  if (resource.startsWith('rdma/')) {
    return `set networkOperator with a device plugin whose resource is ${resource} (rdmaSharedDevicePlugin or sriovDevicePlugin) on the DynamoPlatform, or ${chart}`;
  }
  return chart;
}

/** KEDA for a ScaledObject; a metrics adapter rule for each External metric of an HPA. */
function checkAutoscalers(serving: PlatformServing, platform: IDynamoPlatform, graph: LlmGraph): void {
  for (const [prop, scaler] of Object.entries(graph.autoscalers)) {
    if (scaler instanceof DgdScaledObject && serving.keda === false && serving.kedaWithoutMetricsServer === true) {
      throw invalid(`${prop}.autoscaling`, `needs KEDA's metrics server, which serves the external metrics ScaledObjects scale on, and ${describe(platform)} installs KEDA with keda.metricsServer: false`,
        'Autoscaling.keda(...)', `remove keda.metricsServer: false on ${owner(platform)} (and prometheusAdapter, which would hold the same external.metrics.k8s.io API), or use Autoscaling.hpa(...) with prometheusAdapter`);
    }
    if (scaler instanceof DgdScaledObject && serving.keda === false) {
      throw invalid(`${prop}.autoscaling`, `needs KEDA, which ${describe(platform)} does not install`, 'Autoscaling.keda(...)',
        `set keda: {} on ${owner(platform)}, or use Autoscaling.hpa(...) with prometheusAdapter`);
    }
    if (scaler instanceof DgdHorizontalPodAutoscaler && serving.servesExternalMetric !== undefined) {
      for (const [name, query] of Object.entries(scaler.externalMetricQueries)) {
        if (serving.servesExternalMetric(name, query)) continue;
        throw invalid(`${prop}.autoscaling.metrics`, `must be served by the platform's metrics adapter: no prometheus-adapter rule of ${describe(platform)} serves the External metric ${name}`,
          name, `add the metric to prometheusAdapter.metrics on ${owner(platform)} (or set prometheusAdapter: {} for the default rules), or use Autoscaling.keda(...)`);
      }
    }
  }
}

/**
 * Adds the platform's ordering annotations (Argo CD sync waves after the platform) to every object
 * of the pattern.
 * @internal
 */
export function annotateForPlatform(scope: Construct, platform: IDynamoPlatform | undefined): void {
  const serving = platform?._serving;
  if (serving === undefined) return;
  for (const c of scope.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    for (const [k, v] of Object.entries(serving.graphAnnotations(c.apiVersion, c.kind))) c.metadata.addAnnotation(k, v);
  }
}

function describe(platform: IDynamoPlatform): string {
  return platform._serving?.description ?? `the Dynamo ${platform.version.version} platform`;
}

function owner(platform: IDynamoPlatform): string {
  return platform._serving?.owner ?? 'the platform';
}
