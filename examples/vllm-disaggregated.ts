/**
 * Llama 3.3 70B (FP8) on vLLM, disaggregated: 2 prefill workers (TP 4) and 4 decode workers (TP 4),
 * KV routing over 2 frontends, and a shared ReadWriteMany model cache pre-filled by a Job at a
 * pinned revision (the model and commit Dynamo's `recipes/llama-3-70b` pin). The cluster is any
 * Kubernetes with InfiniBand exposed by the NVIDIA Network Operator's shared RDMA device plugin
 * (`rdma/shared_ib`), declared with `Cloud.generic({ rdma })` so NIXL's UCX backend is wired for it.
 */
import { App, Size } from 'cdk8s';
import { Backend, Cloud, HfToken, ModelCache, RdmaFabric, RouterMode } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

export const vllmDisaggregated: PatternExample = {
  pattern: 'disaggregated',
  id: 'llama-70b',
  namespace: 'llm',
  props: {
    model: 'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic',
    modelRevision: 'ddb4128556dfcff99e0c41aee159ea6c3e655dcd',
    backend: Backend.vllm(),
    cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/shared_ib', ucxNetDevices: ['mlx5_0:1', 'mlx5_1:1', 'mlx5_2:1', 'mlx5_3:1'] } }),
    prefill: { replicas: 2, gpus: 4, tensorParallelSize: 4, maxModelLen: 32768 },
    decode: { replicas: 4, gpus: 4, maxNumSeqs: 256, maxModelLen: 32768 },
    frontend: { replicas: 2, routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    modelCache: ModelCache.newVolume({ storageClass: 'shared-rwx', size: Size.gibibytes(200) }),
  },
};

export function vllmDisaggregatedApp(outdir?: string): App {
  return patternApp('vllm-disaggregated', vllmDisaggregated, outdir);
}

if (require.main === module) vllmDisaggregatedApp().synth();
