import { k8s } from 'cdk8s-plus-28';
import { invalid } from '../../core/errors';
import { booleanShape, FieldsOf } from '../../core/input-shape';
import { CHART_CATALOG } from '../chart-catalog';
import { PlatformRelease } from '../platform-release';
import { AddonContext, addonRelease, checkAddonOptions, CHART_OPTION_FIELDS, PlatformChartOptions, PRIVILEGED_NAMESPACE, checkOwnNamespace, withTolerations } from './chart-options';

/**
 * Options of the NVIDIA GPU Operator add-on (chart `nvidia/gpu-operator`): the driver, container
 * toolkit, device plugin (`nvidia.com/gpu`) and DCGM exporter on GPU nodes.
 */
export interface GpuOperatorOptions extends PlatformChartOptions {
  /**
   * Install the NVIDIA driver on GPU nodes (`driver.enabled`). Leave it off where the provider
   * installs drivers: Dynamo's install guide says to set `driver.enabled=false` "when the nodes
   * already have provider-managed NVIDIA drivers" (`install-dynamo.md`); EKS GPU AMIs, GKE
   * (`gke-gpu-driver-version`) and AKS (driver profile) do (`clouds-gpu-rdma.md` §2.2, §3.3).
   * On a platform whose `cloud` installs the driver, true (or `rdma`, which needs it) is an error:
   * two drivers on a node fail to load.
   * @default - false when the platform's `cloud` installs the driver (`Cloud.eks()`, `Cloud.gke()`,
   *   `Cloud.aks()` with its managed driver), except with `rdma`; true otherwise (no cloud given,
   *   `Cloud.generic()`, custom clouds, `Cloud.aks({ gpuDriver: AksGpuDriver.NONE })`)
   */
  readonly driver?: boolean;
  /**
   * GPUDirect RDMA (`driver.rdma.enabled`): the driver daemonset builds and loads `nvidia_peermem`,
   * so NICs read and write GPU memory directly (Dynamo `infiniband-on-azure.mdx`, step 5).
   * It needs the operator's driver, so on a platform whose `cloud` installs the driver, set
   * `driver: false` (which turns it off) or create the nodes without the provider's driver.
   * @default - true when the platform's `networkOperator` add-on is on and `driver` is not false
   */
  readonly rdma?: boolean;
  /**
   * With `rdma`, use the MOFED driver on the host instead of waiting for the Network Operator's
   * driver container (`driver.rdma.useHostMofed`; ClusterPolicy: "use MOFED drivers directly
   * installed on the host"). Dynamo's AKS InfiniBand guide sets it with the Network Operator's
   * DOCA driver (`infiniband-on-azure.mdx`; `clouds-gpu-rdma.md` §3.4).
   * @default - true on `aks` (Dynamo's tested path), false elsewhere
   */
  readonly useHostMofed?: boolean;
  /**
   * Deploy the GDRCopy driver (`gdrcopy.enabled`), which UCX uses for low-latency GPU memory copies
   * (Dynamo `deploy/observability/MONITORING_SETUP.md` installs the operator with `gdrcopy.enabled=true`).
   * @default false (the chart's default)
   */
  readonly gdrcopy?: boolean;
}

/** What an untyped caller may pass (the table the options check). @internal */
export const GPU_OPERATOR_FIELDS: FieldsOf<GpuOperatorOptions> = {
  ...CHART_OPTION_FIELDS,
  driver: booleanShape(),
  rdma: booleanShape(),
  useHostMofed: booleanShape(),
  gdrcopy: booleanShape(),
};

/**
 * The chart's own tolerations (NVIDIA/gpu-operator `deployments/gpu-operator/values.yaml` @v26.7.0),
 * restated because a list value replaces them: `operator.tolerations` (the operator Deployment),
 * `daemonsets.tolerations` (every operand DaemonSet), `node-feature-discovery.worker.tolerations`.
 */
const CONTROL_PLANE: k8s.Toleration = { key: 'node-role.kubernetes.io/control-plane', operator: 'Equal', value: '', effect: 'NoSchedule' };
const GPU: k8s.Toleration = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };
const CHART_TOLERATIONS = {
  operator: [CONTROL_PLANE],
  daemonsets: [GPU],
  nfdWorker: [CONTROL_PLANE, GPU],
} as const;

/** The ids of the add-ons this one reads from `ctx.enabled`. */
const NETWORK_OPERATOR = CHART_CATALOG['network-operator'].id;
const KUBE_PROMETHEUS_STACK = CHART_CATALOG['kube-prometheus-stack'].id;

/**
 * The GPU Operator's release.
 * @internal
 */
export function gpuOperatorRelease(options: GpuOperatorOptions, ctx: AddonContext): PlatformRelease {
  const prop = 'gpuOperator';
  checkAddonOptions(prop, options, 'GpuOperatorOptions', GPU_OPERATOR_FIELDS);
  checkOwnNamespace(prop, options.namespace);
  if (ctx.cloudId === 'eks-auto-mode') {
    throw invalid(prop, 'must not be set on EKS Auto Mode', ctx.cloudId,
      'remove gpuOperator: Auto Mode nodes ship the NVIDIA driver and device plugin, and the operator\'s would conflict with them (EKS docs auto-accelerated); use Cloud.eks() with Karpenter to manage the GPU stack yourself');
  }
  const networkOperator = ctx.enabled.has(NETWORK_OPERATOR);
  const rdma = options.rdma ?? (networkOperator && options.driver !== false);
  if (rdma && options.driver === false) {
    throw invalid(`${prop}.rdma`, 'needs the operator\'s driver (gpuOperator.driver), whose daemonset builds nvidia_peermem', options.rdma,
      'set gpuOperator.driver: true and create the GPU nodes without the provider\'s driver (AKS: --gpu-driver None), or drop rdma and load nvidia_peermem yourself (AKS: aks-rdma-infiniband nvidia-peermem-reloader)');
  }
  if (options.useHostMofed !== undefined && !rdma) {
    throw invalid(`${prop}.useHostMofed`, 'only applies with GPUDirect RDMA (gpuOperator.rdma)', options.useHostMofed,
      'set gpuOperator.rdma: true, or remove useHostMofed');
  }
  const driver = options.driver ?? (rdma || ctx.cloudProvidesGpuDriver !== true);
  if (driver && ctx.cloudProvidesGpuDriver === true) throw twoDrivers(options, ctx);
  const useHostMofed = options.useHostMofed ?? ctx.cloudId === 'aks';
  const kubePrometheusStack = ctx.enabled.has(KUBE_PROMETHEUS_STACK);
  const tolerations = ctx.tolerations;
  // The operands run on the GPU nodes: they also tolerate the taints of the cloud's GPU nodes.
  const onGpuNodes = [...tolerations, ...(ctx.gpuNodeTolerations ?? [])];

  const values: Record<string, unknown> = {
    // Two NFD instances conflict; the Network Operator deploys one (Dynamo infiniband-on-azure.mdx, step 5: `nfd.enabled=false`).
    ...(networkOperator ? { nfd: { enabled: false } } : {}),
    driver: { enabled: driver, ...(rdma ? { rdma: { enabled: true, useHostMofed } } : {}) },
    ...(options.gdrcopy !== undefined ? { gdrcopy: { enabled: options.gdrcopy } } : {}),
    // The chart's default is already true at v26.7.0; set so that older chart versions scrape too
    // (Dynamo MONITORING_SETUP.md: `--set dcgmExporter.serviceMonitor.enabled=true`).
    ...(kubePrometheusStack ? { dcgmExporter: { serviceMonitor: { enabled: true } } } : {}),
    ...(tolerations.length > 0 ? { operator: { tolerations: withTolerations(CHART_TOLERATIONS.operator, tolerations) } } : {}),
    ...(onGpuNodes.length > 0 ? {
      daemonsets: { tolerations: withTolerations(CHART_TOLERATIONS.daemonsets, onGpuNodes) },
      ...(networkOperator ? {} : { 'node-feature-discovery': { worker: { tolerations: withTolerations(CHART_TOLERATIONS.nfdWorker, onGpuNodes) } } }),
    } : {}),
  };
  return addonRelease({
    entry: CHART_CATALOG['gpu-operator'],
    options,
    values,
    dependsOn: [...(networkOperator ? [NETWORK_OPERATOR] : []), ...(kubePrometheusStack ? [KUBE_PROMETHEUS_STACK] : [])],
    deviceResources: ['nvidia.com/gpu'],
    // The driver, toolkit and device-plugin DaemonSets run privileged: the GPU Operator's install guide
    // labels its namespace `pod-security.kubernetes.io/enforce=privileged` where Pod Security admission is enforced.
    namespaceLabels: PRIVILEGED_NAMESPACE,
  });
}

/**
 * The error of an operator driver on nodes that come with the cloud's: named after the option that
 * turned the driver on (`driver`, or `rdma`, which needs it).
 */
function twoDrivers(options: GpuOperatorOptions, ctx: AddonContext): Error {
  const nodes = ctx.cloudId === 'aks'
    ? ', or create the nodes without the AKS driver: Cloud.aks({ gpuDriver: AksGpuDriver.NONE }) on the platform and its graphs'
    : '';
  if (options.driver === true) {
    return invalid('gpuOperator.driver', `must be false on the platform's cloud (${ctx.cloudId}), whose GPU nodes come with the NVIDIA driver: two drivers on a node fail to load`,
      options.driver, `remove gpuOperator.driver (false is the default here)${nodes}`);
  }
  return invalid('gpuOperator.rdma', `must be false on the platform's cloud (${ctx.cloudId}), whose GPU nodes come with the NVIDIA driver: GPUDirect RDMA (on by default with networkOperator) needs the operator's driver, and two drivers on a node fail to load`,
    true, `set gpuOperator: { driver: false, rdma: false } and load nvidia_peermem yourself${nodes}`);
}
