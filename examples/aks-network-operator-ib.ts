/**
 * From an empty Azure AKS cluster to Qwen3-32B (FP8) serving over InfiniBand, in one app: the Dynamo
 * platform with the NVIDIA Network Operator and the GPU Operator, delivered by Flux, and the
 * disaggregated graph of `aks-qwen3-32b-fp8-ib` on it. The app writes each chart into a folder of
 * its own, one file per object, since a Flux Kustomization applies a folder:
 *
 * - `platform/`: a Flux `HelmRepository` per chart repository and a `HelmRelease` per chart,
 *   ordered with `dependsOn`: the Network Operator (its NFD labels the NIC nodes; DOCA-OFED driver),
 *   the GPU Operator after it (its own NFD off; its driver with GPUDirect RDMA, `nvidia_peermem`,
 *   over the MOFED of the Network Operator's driver container: Dynamo's AKS InfiniBand path) and the
 *   Dynamo platform chart.
 * - `platform-manifests/`: the `NicClusterPolicy` whose RDMA shared device plugin advertises
 *   `rdma/shared_ib`, the resource the AKS profile requests. A Flux Kustomization dry-runs all its
 *   objects before applying any, so the policy, whose CRD the Network Operator's HelmRelease brings,
 *   is in a folder of its own, for a Kustomization that `dependsOn` the platform's.
 * - `graphs/`: the graph's namespace and the graph, for a third Kustomization that depends on both
 *   (docs/platform.md).
 *
 * The ND node pool is tainted `sku=gpu:NoSchedule` (below): the graph's pods tolerate it, and the
 * platform's `tolerations` let the Network Operator's driver and device plugin, the GPU Operator's
 * DaemonSets and both NFD workers run there too.
 *
 * Prerequisites (not created here): the AKS cluster with the
 * `Microsoft.ContainerService/AKSInfinibandSupport` feature and Flux v2.6 or newer; the ND node
 * pool created without the AKS GPU driver, since the GPU Operator's driver builds `nvidia_peermem`,
 * e.g. `az aks nodepool add --name ndh100 --node-vm-size Standard_ND96isr_H100_v5 --node-count 1
 * --node-taints sku=gpu:NoSchedule --gpu-driver None`; the Hugging Face token Secret
 * `hf-token-secret` in the namespace `llm` (docs/platform.md); and what `aks-qwen3-32b-fp8-ib` lists
 * for the graph (the app routing add-on, the TLS Secret). `ndh100`, the host and the Secret names
 * are example values.
 */
import { App, Chart, YamlOutputType } from 'cdk8s';
import { AksGpuDriver, Cloud, ClusterObject, DisaggregatedLlm, DisaggregatedLlmProps, DynamoPlatform, PlatformDelivery, RdmaFabric } from '../lib';
import { aksQwen3Ib } from './aks-qwen3-32b-fp8-ib';

/**
 * The graph's props: those of `aks-qwen3-32b-fp8-ib`, on a node pool without the AKS driver (the
 * GPU Operator's driver builds `nvidia_peermem`; two drivers on a node fail to load).
 */
function graphProps(): DisaggregatedLlmProps {
  if (aksQwen3Ib.pattern !== 'disaggregated') throw new Error('aks-qwen3-32b-fp8-ib is a disaggregated example');
  return { ...aksQwen3Ib.props, cloud: Cloud.aks({ nodePools: { prefill: 'ndh100', decode: 'ndh100' }, gpuDriver: AksGpuDriver.NONE }) };
}

/** The taint of the ND node pool (`az aks nodepool add --node-taints sku=gpu:NoSchedule`). */
const ND_POOL_TAINT = { key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' };

/**
 * Builds the app; `outdir` defaults to `dist` (or `CDK8S_OUTDIR`). Each chart gets a folder of its
 * own, the path of one Flux Kustomization.
 */
export function aksNetworkOperatorIbApp(outdir?: string): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  const props = graphProps();
  const platform = new DynamoPlatform(new Chart(app, 'platform'), 'dynamo', {
    cloud: props.cloud,
    delivery: PlatformDelivery.flux(),
    // The NicClusterPolicy goes here, applied by a Kustomization after the platform's.
    manifestsChart: new Chart(app, 'platform-manifests'),
    // The RDMA shared device plugin's resource defaults to rdma/shared_ib, the AKS profile's.
    networkOperator: { fabric: RdmaFabric.INFINIBAND },
    // On AKS with the Network Operator: driver with GPUDirect RDMA over the MOFED of the Network
    // Operator's driver container (useHostMofed), its own NFD off.
    gpuOperator: {},
    // The node agents (driver, device plugins, NFD workers, the GPU Operator's DaemonSets) on the tainted ND nodes.
    tolerations: [ND_POOL_TAINT],
  });
  const graphs = new Chart(app, 'graphs', { namespace: aksQwen3Ib.namespace });
  // The graph's namespace: nothing else creates it on an empty cluster (the HF token Secret goes there too).
  new ClusterObject(graphs, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: aksQwen3Ib.namespace } });
  new DisaggregatedLlm(graphs, aksQwen3Ib.id, { ...props, platform });
  return app;
}

if (require.main === module) aksNetworkOperatorIbApp().synth();
