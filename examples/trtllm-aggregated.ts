/**
 * Qwen3 32B FP8 on TensorRT-LLM, aggregated: 2 workers with 2 GPUs each (TP 2), a bounded batch
 * size and context length, round-robin routing. The engine tuning follows Dynamo's qwen3
 * `engine_configs/qwen3/agg.yaml` (8192 tokens per step, chunked prefill, 85% of the free GPU memory
 * for the KV cache, CUDA graphs up to the batch size), with an FP8 KV cache; it lands in the generated
 * engine config file `<dgd>-engine-config`.
 */
import { App } from 'cdk8s';
import { Backend, HfToken, KvCacheDtype, ModelCache } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

export const trtllmAggregated: PatternExample = {
  pattern: 'aggregated',
  id: 'qwen3-32b',
  namespace: 'llm',
  props: {
    model: 'Qwen/Qwen3-32B-FP8',
    backend: Backend.trtllm(),
    workers: {
      replicas: 2, gpus: 2, maxNumSeqs: 64, maxModelLen: 16384,
      maxNumTokens: 8192, enableChunkedPrefill: true, gpuMemoryUtilization: 0.85, kvCacheDtype: KvCacheDtype.FP8,
      cudaGraphMaxBatchSize: 64,
    },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    modelCache: ModelCache.fromExistingClaim('model-cache'),
  },
};

export function trtllmAggregatedApp(outdir?: string): App {
  return patternApp('trtllm-aggregated', trtllmAggregated, outdir);
}

if (require.main === module) trtllmAggregatedApp().synth();
