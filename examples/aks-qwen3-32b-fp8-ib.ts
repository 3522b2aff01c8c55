/**
 * Qwen3-32B (FP8) on vLLM, disaggregated over InfiniBand on Azure AKS: 2 prefill workers (TP 2) and
 * 1 decode worker (TP 4), the layout of Dynamo's `recipes/qwen3-32b-fp8` vLLM disagg recipe (shared
 * memory 40Gi), on Standard_ND96isr_H100_v5 nodes.
 *
 * Prerequisites (not created by the library): the `Microsoft.ContainerService/AKSInfinibandSupport`
 * feature, one ND node pool for prefill and decode (InfiniBand connects the VMs of one scale set), e.g.
 * `az aks nodepool add --name ndh100 --node-vm-size Standard_ND96isr_H100_v5 --node-count 1 --node-taints sku=gpu:NoSchedule`,
 * the NVIDIA Network Operator with the RDMA shared device plugin (`rdma/shared_ib`), GPUDirect RDMA
 * (`nvidia-peermem`), the app routing add-on with its Gateway API implementation, and the TLS Secret
 * `qwen-tls`. `ndh100`, the host and the Secret names are example values.
 */
import { App, Size } from 'cdk8s';
import { Backend, Cloud, HfToken, ModelCache, ModelStorage, RouterMode, SecretRef } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

export const aksQwen3Ib: PatternExample = {
  pattern: 'disaggregated',
  id: 'qwen3-32b-ib',
  namespace: 'llm',
  props: {
    model: 'Qwen/Qwen3-32B-FP8',
    backend: Backend.vllm(),
    cloud: Cloud.aks({ nodePools: { prefill: 'ndh100', decode: 'ndh100' } }),
    prefill: { machineType: 'Standard_ND96isr_H100_v5', replicas: 2, gpus: 2, tensorParallelSize: 2, sharedMemorySize: Size.gibibytes(40) },
    decode: { machineType: 'Standard_ND96isr_H100_v5', replicas: 1, gpus: 4, tensorParallelSize: 4, sharedMemorySize: Size.gibibytes(40) },
    frontend: { routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    // Premium Azure Files (100 GiB is the smallest premium share); Azure Managed Lustre would be
    // ModelStorage.fromStorageClassName('sc.azurelustre.csi.azure.com').
    modelCache: ModelCache.newVolume({ storage: ModelStorage.azureFiles(), size: Size.gibibytes(100) }),
    // The app routing add-on's Gateway API (GatewayClass approuting-istio), HTTPS for the host.
    ingress: { host: 'qwen.example.com', tlsSecret: SecretRef.fromSecretName('qwen-tls') },
  },
};

export function aksQwen3IbApp(outdir?: string): App {
  return patternApp('aks-qwen3-32b-fp8-ib', aksQwen3Ib, outdir);
}

if (require.main === module) aksQwen3IbApp().synth();
