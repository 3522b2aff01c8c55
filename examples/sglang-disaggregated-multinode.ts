/**
 * SGLang disaggregated across nodes: prefill and decode workers each span 2 nodes × 4 GPUs with
 * tensor parallelism 8 (the shape of Dynamo's `sglang/deploy/disagg-multinode.yaml`). Multi-node
 * workers need Grove (+ KAI scheduler) or LeaderWorkerSet (+ Volcano) in the cluster.
 */
import { App, Chart, Size } from 'cdk8s';
import { Backend, DisaggregatedLlm, HfToken, ModelCache, RouterMode } from '../lib';

export function sglangDisaggregatedMultinodeApp(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'sglang-disaggregated-multinode', { namespace: 'llm' });
  new DisaggregatedLlm(chart, 'deepseek-distill', {
    model: 'deepseek-ai/DeepSeek-R1-Distill-Llama-70B',
    backend: Backend.sglang(),
    prefill: { replicas: 1, nodes: 2, gpus: 4, tensorParallelSize: 8 },
    decode: { replicas: 1, nodes: 2, gpus: 4, tensorParallelSize: 8, extraArgs: ['--mem-fraction-static', '0.82'] },
    frontend: { routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    modelCache: ModelCache.newVolume({ storageClass: 'shared-rwx', size: Size.gibibytes(300) }),
  });
  return app;
}

if (require.main === module) sglangDisaggregatedMultinodeApp().synth();
