/**
 * Qwen3 32B FP8 on TensorRT-LLM, aggregated: 2 workers with 2 GPUs each (TP 2), a bounded batch
 * size and context length, round-robin routing.
 */
import { App } from 'cdk8s';
import { Backend, HfToken, ModelCache } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

export const trtllmAggregated: PatternExample = {
  pattern: 'aggregated',
  id: 'qwen3-32b',
  namespace: 'llm',
  props: {
    model: 'Qwen/Qwen3-32B-FP8',
    backend: Backend.trtllm(),
    workers: { replicas: 2, gpus: 2, maxNumSeqs: 64, maxModelLen: 16384 },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    modelCache: ModelCache.fromExistingClaim('model-cache'),
  },
};

export function trtllmAggregatedApp(outdir?: string): App {
  return patternApp('trtllm-aggregated', trtllmAggregated, outdir);
}

if (require.main === module) trtllmAggregatedApp().synth();
