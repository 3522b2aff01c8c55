/**
 * The Dynamo platform for an empty GPU cluster, as GitOps objects: the `dynamo-platform` chart and
 * the add-ons the cloud needs, for Flux or Argo CD to install.
 *
 *   DYNAMO_CLOUD=eks DYNAMO_DELIVERY=argo-cd npx tsx stacks/platform.ts
 *
 * `DYNAMO_CLOUD` picks the add-ons (docs/platform.md explains each):
 * - `generic` (default): the GPU Operator with its driver, kube-prometheus-stack;
 * - `eks` (Karpenter, AL2023 or Bottlerocket NVIDIA AMIs): the EFA device plugin, the GPU Operator
 *   without its driver (the AMI has one) and with GDRCopy, kube-prometheus-stack;
 * - `eks-auto-mode`: kube-prometheus-stack only (Auto Mode nodes run the NVIDIA driver and the GPU
 *   and EFA device plugins themselves);
 * - `gke`: kube-prometheus-stack only (GKE installs the driver and device plugin, and wires RDMA);
 * - `aks` (ND InfiniBand node pools created with `--gpu-driver None` and the taint
 *   `sku=gpu:NoSchedule`): the Network Operator with a `NicClusterPolicy` (`rdma/shared_ib`), the
 *   GPU Operator with its driver and GPUDirect RDMA, kube-prometheus-stack; the platform tolerates
 *   the taint, so that the node agents run on those nodes.
 *
 * Every cloud's kube-prometheus-stack reads Grafana's admin user and password from the Secret
 * `grafana-admin` (keys `admin-user`, `admin-password`) in `monitoring`, which you create first.
 *
 * `DYNAMO_DELIVERY` is `flux` (default: each chart in a folder of its own, one file per object, the
 * path of one Kustomization: the HelmReleases in `platform/`, the `NicClusterPolicy` in
 * `platform-manifests/` for a Kustomization that depends on the platform's) or `argo-cd`
 * (Applications with sync waves in `platform.k8s.yaml`, for an app-of-apps).
 */
import { App, Chart, YamlOutputType } from 'cdk8s';
import { AksGpuDriver, Cloud, DynamoPlatform, DynamoPlatformProps, EksAmi, KubePrometheusStackOptions, PlatformDelivery, SecretRef } from '../lib';

/** The clouds `DYNAMO_CLOUD` names. */
export const PLATFORM_CLOUDS = ['generic', 'eks', 'eks-auto-mode', 'gke', 'aks'] as const;
/** A cloud `DYNAMO_CLOUD` names. */
export type PlatformCloud = (typeof PLATFORM_CLOUDS)[number];
/** The deliveries `DYNAMO_DELIVERY` names. */
export const PLATFORM_DELIVERIES = ['flux', 'argo-cd'] as const;
/** A delivery `DYNAMO_DELIVERY` names. */
export type PlatformDeliveryName = (typeof PLATFORM_DELIVERIES)[number];

/**
 * kube-prometheus-stack, with Grafana's admin user and password read from the Secret `grafana-admin`
 * (keys `admin-user`, `admin-password`) in `monitoring`, created out of band.
 */
const kubePrometheusStack = (): KubePrometheusStackOptions => ({ grafanaAdminSecret: SecretRef.fromSecretName('grafana-admin') });

/** The cloud, the add-ons and the node taints to tolerate of each `DYNAMO_CLOUD`. */
const CLOUDS: Readonly<Record<PlatformCloud, () => Pick<DynamoPlatformProps, 'cloud' | 'gpuOperator' | 'networkOperator' | 'efaDevicePlugin' | 'kubePrometheusStack' | 'tolerations'>>> = {
  'generic': () => ({ cloud: Cloud.generic(), gpuOperator: {}, kubePrometheusStack: kubePrometheusStack() }),
  // The platform reads only the cloud's id (graphs on it must use Cloud.eks too); the node role
  // and discovery tags are the example values of examples/eks-llama-70b-efa.ts.
  'eks': () => ({
    cloud: Cloud.eks({
      ami: EksAmi.al2023('v20250821'),
      nodeRole: 'KarpenterNodeRole-inference',
      subnetTags: { 'karpenter.sh/discovery': 'inference' },
      securityGroupTags: { 'karpenter.sh/discovery': 'inference' },
    }),
    efaDevicePlugin: {},
    gpuOperator: { gdrcopy: true },
    kubePrometheusStack: kubePrometheusStack(),
  }),
  'eks-auto-mode': () => ({ cloud: Cloud.eksAutoMode(), kubePrometheusStack: kubePrometheusStack() }),
  'gke': () => ({ cloud: Cloud.gke(), kubePrometheusStack: kubePrometheusStack() }),
  // The GPU Operator's driver builds nvidia_peermem for GPUDirect RDMA: the nodes come without AKS's.
  // The GPU node pools carry the taint the AKS docs recommend (`--node-taints sku=gpu:NoSchedule`),
  // which the graphs' pods tolerate: the node agents (driver, device plugins, NFD) must too.
  'aks': () => ({
    cloud: Cloud.aks({ gpuDriver: AksGpuDriver.NONE }),
    networkOperator: {},
    gpuOperator: {},
    kubePrometheusStack: kubePrometheusStack(),
    tolerations: [{ key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
  }),
};

/** One of `allowed`, read from the environment variable `name`; `fallback` when it is unset or empty. */
function choice<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${name} must be one of ${allowed.join(', ')} (got "${value}"); set e.g. ${name}=${fallback}`);
}

/**
 * Builds the platform app for the cloud and delivery that `DYNAMO_CLOUD` and `DYNAMO_DELIVERY`
 * name in `env`; `outdir` defaults to `dist` (or `CDK8S_OUTDIR`). With Flux each chart is written
 * into a folder of its own (a Kustomization's `path` is a folder).
 */
export function platformApp(outdir?: string, env: Readonly<Record<string, string | undefined>> = process.env): App {
  const cloud = choice('DYNAMO_CLOUD', env.DYNAMO_CLOUD, PLATFORM_CLOUDS, 'generic');
  const deliveryName = choice('DYNAMO_DELIVERY', env.DYNAMO_DELIVERY, PLATFORM_DELIVERIES, 'flux');
  const delivery = deliveryName === 'flux' ? PlatformDelivery.flux() : PlatformDelivery.argoCd();
  const addons = CLOUDS[cloud]();
  const app = new App({ outdir, ...(deliveryName === 'flux' ? { yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE } : {}) });
  const chart = new Chart(app, 'platform');
  new DynamoPlatform(chart, 'dynamo', {
    ...addons,
    delivery,
    // Flux applies the NicClusterPolicy in a Kustomization of its own, after the platform's.
    ...(delivery.manifestsApplySeparately && addons.networkOperator !== undefined ? { manifestsChart: new Chart(app, 'platform-manifests') } : {}),
  });
  return app;
}

if (require.main === module) platformApp().synth();
