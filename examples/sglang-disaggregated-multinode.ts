/**
 * SGLang disaggregated across nodes: prefill and decode workers each span 2 nodes × 4 GPUs with
 * tensor parallelism 8 (the shape of Dynamo's `sglang/deploy/disagg-multinode.yaml`). Multi-node
 * workers need Grove (+ KAI scheduler) or LeaderWorkerSet (+ Volcano) in the cluster. The nodes
 * have InfiniBand exposed as `rdma/ib` (SR-IOV device plugin), one device per GPU.
 */
import { App, Size } from 'cdk8s';
import { Backend, Cloud, HfToken, ModelCache, RdmaFabric, RouterMode } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

export const sglangDisaggregatedMultinode: PatternExample = {
  pattern: 'disaggregated',
  id: 'deepseek-distill',
  namespace: 'llm',
  props: {
    model: 'deepseek-ai/DeepSeek-R1-Distill-Llama-70B',
    backend: Backend.sglang(),
    cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib', devicesPerPod: 4, mountInfinibandDevices: true } }),
    prefill: { replicas: 1, nodes: 2, gpus: 4, tensorParallelSize: 8 },
    decode: { replicas: 1, nodes: 2, gpus: 4, tensorParallelSize: 8, extraArgs: ['--mem-fraction-static', '0.82'] },
    frontend: { routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    modelCache: ModelCache.newVolume({ storageClass: 'shared-rwx', size: Size.gibibytes(300) }),
  },
};

export function sglangDisaggregatedMultinodeApp(outdir?: string): App {
  return patternApp('sglang-disaggregated-multinode', sglangDisaggregatedMultinode, outdir);
}

if (require.main === module) sglangDisaggregatedMultinodeApp().synth();
