import { KvCacheDtype } from '../core/kv-cache-dtype';

/**
 * The engine knobs of a worker pool, translated per backend (a knob a backend has no equivalent
 * for is an error naming that backend's own flag): GPU memory, the KV cache's type and block size,
 * and the TensorRT-LLM engine config.
 */
export interface EngineTuningOptions {
  /**
   * The share of GPU memory the engine may use, in (0, 1]: vLLM `--gpu-memory-utilization` (of the
   * whole GPU, for weights, activations and KV cache), SGLang `--mem-fraction-static` (weights and
   * the KV pool), TensorRT-LLM `kv_cache_config.free_gpu_memory_fraction` (of the memory left after
   * the weights, for the KV cache). Lower it when other processes share the GPU or the engine runs
   * out of memory at startup.
   * @default - the engine's default (vLLM 0.9, SGLang sized from the GPU, TensorRT-LLM 0.9)
   */
  readonly gpuMemoryUtilization?: number;
  /**
   * The KV cache data type: vLLM and SGLang `--kv-cache-dtype`, TensorRT-LLM `kv_cache_config.dtype`.
   * `KvCacheDtype.FP8` holds about twice the tokens of a BF16 cache.
   * @default - the engine's `auto`: the model's dtype
   */
  readonly kvCacheDtype?: KvCacheDtype;
  /**
   * Tokens per KV cache block (page): vLLM `--block-size`, SGLang `--page-size`, TensorRT-LLM
   * `kv_cache_config.tokens_per_block`. The worker registers it as the KV router's block size, so
   * it is also the granularity of prefix matching.
   * @default - SGLang 16 (Dynamo's examples; SGLang's own default of 1 makes the router hash every
   * token); vLLM's default (16) and TensorRT-LLM's (32)
   */
  readonly kvBlockSize?: number;
  /**
   * TensorRT-LLM only: the most tokens one engine step schedules (`max_num_tokens` in the engine
   * config). vLLM's equivalent is `extraArgs: ['--max-num-batched-tokens', 'N']`.
   * @default - TensorRT-LLM's default (8192)
   */
  readonly maxNumTokens?: number;
  /**
   * TensorRT-LLM only: split long prompts into chunks scheduled with decode steps
   * (`enable_chunked_prefill` in the engine config).
   * @default - TensorRT-LLM's default (off)
   */
  readonly enableChunkedPrefill?: boolean;
  /**
   * TensorRT-LLM only: reuse KV cache blocks across requests that share a prefix
   * (`kv_cache_config.enable_block_reuse` in the engine config).
   * @default - TensorRT-LLM's default (on)
   */
  readonly enableBlockReuse?: boolean;
  /**
   * TensorRT-LLM only: the batch sizes CUDA graphs are captured for (`cuda_graph_config.batch_sizes`
   * in the engine config). Not with `cudaGraphMaxBatchSize`.
   * @default - TensorRT-LLM's default capture sizes
   */
  readonly cudaGraphBatchSizes?: number[];
  /**
   * TensorRT-LLM only: capture CUDA graphs up to this batch size (`cuda_graph_config.max_batch_size`
   * in the engine config). Not with `cudaGraphBatchSizes`.
   * @default - TensorRT-LLM's default
   */
  readonly cudaGraphMaxBatchSize?: number;
  /**
   * TensorRT-LLM only: other engine config keys (TensorRT-LLM's LLM API arguments, snake_case),
   * deep-merged into the generated engine config file, e.g. `{ enable_attention_dp: true }` or
   * `{ kv_cache_config: { max_tokens: 65536 } }`. A key the library or a typed prop sets is an
   * error naming that prop; values must be JSON (strings, finite numbers, booleans, null, arrays,
   * plain objects).
   * @default - none
   */
  readonly engineConfig?: Record<string, unknown>;
}
