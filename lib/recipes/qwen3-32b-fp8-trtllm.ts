import { Backend } from '../backends/backend';
import { GpuType } from '../cloud/gpu-type';
import { FieldsOf } from '../core/input-shape';
import { KvCacheDtype } from '../core/kv-cache-dtype';
import { RouterMode } from '../core/router-mode';
import { AggregatedLlmProps } from '../patterns/aggregated-llm';
import { DisaggregatedLlmProps } from '../patterns/disaggregated-llm';
import { WorkerPoolOptions } from '../patterns/llm-props';
import { checkRecipeOptions, GPU_TYPE_OPTION, literalEnv, publishedGpu, recipeBase, TRTLLM_RECIPE_ENV } from './recipe-support';

/** Options of the Qwen3-32B-FP8 TensorRT-LLM recipes ({@link LlmRecipes.qwen3_32bFp8TrtllmAggregated}, `...Disaggregated`). */
export interface Qwen3TrtllmRecipeOptions {
  /**
   * The GPUs: `GpuType.H100_80GB` or `GpuType.H200_141GB`. Dynamo's recipe catalog also lists A100,
   * which is left out: TensorRT-LLM's FP8 (the checkpoint and the FP8 KV cache) needs Ada, Hopper or
   * newer (its support matrix lists no FP8 on Ampere).
   * @default GpuType.H100_80GB
   */
  readonly gpuType?: GpuType;
}

/** What an untyped caller may pass as {@link Qwen3TrtllmRecipeOptions}. @internal */
export const QWEN3_TRTLLM_RECIPE_FIELDS: FieldsOf<Qwen3TrtllmRecipeOptions> = { gpuType: GPU_TYPE_OPTION };

const MODEL = 'Qwen/Qwen3-32B-FP8';

const GPUS: readonly GpuType[] = [GpuType.H100_80GB, GpuType.H200_141GB];

/** 1, 2, ..., n. */
function upTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/**
 * One pool's engine config as the recipes' ConfigMaps write it: an FP8 KV cache in 70% of the free
 * memory, no block reuse, no chunked prefill, padded CUDA graphs, attention DP off, no iteration log.
 * `max_seq_len` and `max_num_tokens` are equal in the recipes.
 */
function pool(gpuType: GpuType, p: { replicas: number; gpus: number; maxNumSeqs: number; maxTokens: number; cudaGraphBatchSizes: number[] }): WorkerPoolOptions {
  return {
    gpuType,
    replicas: p.replicas,
    gpus: p.gpus,
    tensorParallelSize: p.gpus,
    maxNumSeqs: p.maxNumSeqs,
    maxModelLen: p.maxTokens,
    maxNumTokens: p.maxTokens,
    enableChunkedPrefill: false,
    enableBlockReuse: false,
    gpuMemoryUtilization: 0.7,
    kvCacheDtype: KvCacheDtype.FP8,
    cudaGraphBatchSizes: p.cudaGraphBatchSizes,
    engineConfig: { enable_attention_dp: false, cuda_graph_config: { enable_padding: true }, print_iter_log: false },
    env: literalEnv(TRTLLM_RECIPE_ENV),
  };
}

/** `recipes/qwen3-32b-fp8/trtllm/agg/deploy.yaml`: one worker with 2 GPUs at tensor parallel size 2. @internal */
export function qwen3TrtllmAggregated(options?: Qwen3TrtllmRecipeOptions): AggregatedLlmProps {
  const o = checkRecipeOptions(options, 'Qwen3TrtllmRecipeOptions', QWEN3_TRTLLM_RECIPE_FIELDS);
  const gpu = publishedGpu(o.gpuType, GPUS, 'Qwen3-32B-FP8 TensorRT-LLM');
  const workers = pool(gpu, { replicas: 1, gpus: 2, maxNumSeqs: 96, maxTokens: 7964, cudaGraphBatchSizes: [1, 2, 4, 8, 16, 32, 64, 96] });
  // The aggregated file also names the overlap scheduler (on), which the pattern sets only on disaggregated pools.
  return {
    ...recipeBase(MODEL, Backend.trtllm(), 'recipes/qwen3-32b-fp8/trtllm/agg/deploy.yaml', RouterMode.ROUND_ROBIN),
    workers: { ...workers, engineConfig: { ...workers.engineConfig, disable_overlap_scheduler: false } },
  };
}

/**
 * `recipes/qwen3-32b-fp8/trtllm/disagg/deploy.yaml`: 4 prefill workers with one GPU each (batch
 * size 1) and 2 decode workers at tensor parallel size 2 (batch size 128, CUDA graphs for every
 * batch size up to it).
 * @internal
 */
export function qwen3TrtllmDisaggregated(options?: Qwen3TrtllmRecipeOptions): DisaggregatedLlmProps {
  const o = checkRecipeOptions(options, 'Qwen3TrtllmRecipeOptions', QWEN3_TRTLLM_RECIPE_FIELDS);
  const gpu = publishedGpu(o.gpuType, GPUS, 'Qwen3-32B-FP8 TensorRT-LLM');
  return {
    ...recipeBase(MODEL, Backend.trtllm(), 'recipes/qwen3-32b-fp8/trtllm/disagg/deploy.yaml', RouterMode.ROUND_ROBIN),
    prefill: pool(gpu, { replicas: 4, gpus: 1, maxNumSeqs: 1, maxTokens: 7808, cudaGraphBatchSizes: [1, 2, 4, 8, 16, 32, 64, 128, 256] }),
    decode: pool(gpu, { replicas: 2, gpus: 2, maxNumSeqs: 128, maxTokens: 7808, cudaGraphBatchSizes: upTo(128) }),
  };
}
