/**
 * Qwen3 32B FP8 on TensorRT-LLM, aggregated: 2 workers with 2 GPUs each (TP 2), a bounded batch
 * size and context length, round-robin routing.
 */
import { App, Chart } from 'cdk8s';
import { AggregatedLlm, Backend, HfToken, ModelCache } from '../lib';

export function trtllmAggregatedApp(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'trtllm-aggregated', { namespace: 'llm' });
  new AggregatedLlm(chart, 'qwen3-32b', {
    model: 'Qwen/Qwen3-32B-FP8',
    backend: Backend.trtllm(),
    workers: { replicas: 2, gpus: 2, maxNumSeqs: 64, maxModelLen: 16384 },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    modelCache: ModelCache.fromExistingClaim('model-cache'),
  });
  return app;
}

if (require.main === module) trtllmAggregatedApp().synth();
