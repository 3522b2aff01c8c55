import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DgdHorizontalPodAutoscaler } from '../../autoscaling/dgd-horizontal-pod-autoscaler';
import { DgdScaledObject } from '../../autoscaling/dgd-scaled-object';
import { Planner } from '../../autoscaling/planner';
import { DynamoVersion } from '../../core/dynamo-version';
import { invalid } from '../../core/errors';
import { PLATFORM } from '../../platform/platform-shape';
import { IDynamoPlatform, PlatformServing } from '../../platform/served-platform';
import { LlmCommonProps } from '../llm-props';
import type { LlmGraph } from '../llm-graph';

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
  if (props.dynamoVersion instanceof DynamoVersion && props.dynamoVersion.version !== release) {
    throw invalid('dynamoVersion', `must be the platform's Dynamo release (${release}): an operator rejects fields of a newer release and does not render an older one's images`,
      props.dynamoVersion.version, `remove dynamoVersion (the graph takes the platform's), or upgrade the platform to ${props.dynamoVersion.version} first (one minor release at a time)`);
  }
  let planner = props.planner;
  if (planner instanceof Planner && planner.prometheusEndpoint === undefined) {
    if (platform.prometheusEndpoint === undefined) {
      throw invalid('planner.prometheusEndpoint', `is required: the planner reads frontend metrics from Prometheus, and ${describe(platform)} names none`, undefined,
        `set prometheusEndpoint (or kubePrometheusStack) on ${owner(platform)}, or planner.prometheusEndpoint`);
    }
    planner = planner._withPrometheusEndpoint(platform.prometheusEndpoint);
  }
  return { ...props, dynamoVersion: props.dynamoVersion ?? platform.version, planner };
}

/**
 * Checks that the platform serves what the graph needs: the same cloud, the namespace a
 * restricted operator watches, Grove or LeaderWorkerSet for multi-node pools, a device plugin
 * for every RDMA device, KEDA for ScaledObjects and adapter rules for each HPA metric.
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
      throw invalid(`${prop}.nodes`, `needs Grove or LeaderWorkerSet on the platform for a worker over ${layout.nodes} nodes, and ${describe(platform)} has neither`,
        layout.nodes, `set grove: BundledChart.INSTALL (or leaderWorkerSet: {}) on ${owner(platform)}, or run the worker on one node`);
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
  throw invalid('platform', `must install the NVIDIA driver: the nodes of ${graph.cloud} come without one`, 'no GPU Operator driver',
    `set gpuOperator: {} (its driver is on) on ${owner(platform)}, or let the cloud install the driver`);
}

/** Every RDMA device a pool requests is advertised by the cloud, or by a device plugin of the platform. */
function checkDevicePlugins(platform: IDynamoPlatform, graph: LlmGraph): void {
  const profile = graph.cloud.profile;
  for (const [prop, wiring] of Object.entries(graph.wiring)) {
    for (const resource of wiring.rdmaResources ?? []) {
      if (typeof profile.providesDeviceResource === 'function' && profile.providesDeviceResource(resource)) continue;
      if (platform.deviceResources?.includes(resource)) continue;
      const declared = platform.deviceResources !== undefined;
      throw invalid('platform', `must provide a device plugin for ${resource}, which pool ${prop} requests: without it the pods stay Pending`,
        declared ? platform.deviceResources : 'no deviceResources declared',
        platform._serving?.owner === 'DynamoPlatform.fromExisting(...)' || platform._serving === undefined
          ? `install the device plugin and list ${JSON.stringify(resource)} in deviceResources of DynamoPlatform.fromExisting(...)`
          : `${addonFor(resource)} on the DynamoPlatform`);
    }
  }
}

/** The add-on that advertises a resource, for the fix. */
function addonFor(resource: string): string {
  if (resource === 'vpc.amazonaws.com/efa') return 'set efaDevicePlugin: {}';
  if (resource.startsWith('rdma/')) {
    return `set networkOperator with a device plugin whose resource is ${resource} (rdmaSharedDevicePlugin or sriovDevicePlugin)`;
  }
  return `install the device plugin that advertises ${resource} with charts: [...]`;
}

/** KEDA for a ScaledObject; a metrics adapter rule for each External metric of an HPA. */
function checkAutoscalers(serving: PlatformServing, platform: IDynamoPlatform, graph: LlmGraph): void {
  for (const [prop, scaler] of Object.entries(graph.autoscalers)) {
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
