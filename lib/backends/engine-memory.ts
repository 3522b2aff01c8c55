import { DynamoVersion } from '../core/dynamo-version';

/** What an engine's default memory fraction may depend on. @internal */
export interface EngineMemoryContext {
  readonly tensorParallelSize: number;
  readonly pipelineParallelSize: number;
  /** Data-parallel (attention) ranks; 1 without data parallelism. */
  readonly dataParallelSize: number;
  /** Memory per GPU, in MiB. */
  readonly gpuMemoryMiB: number;
  /** Whether the model uses multi-head latent attention (SGLang reserves more for its prefill CUDA graphs). */
  readonly latentAttention: boolean;
  /** The Dynamo release (its runtime image pins the engine's version). */
  readonly dynamoVersion: DynamoVersion;
}

/**
 * How an engine divides GPU memory between weights, activations and the KV cache, for sizing at
 * synth time. Each backend file fills one of these from the engine's documented defaults.
 * - `total`: the fraction is of the whole GPU and holds the weights and the KV cache (vLLM
 *   `--gpu-memory-utilization`, which also holds activations; SGLang `--mem-fraction-static`,
 *   which leaves activations to the rest);
 * - `free-after-weights`: the fraction is of the memory left once the weights (and activations)
 *   are loaded, all of it for the KV cache (TensorRT-LLM `free_gpu_memory_fraction`).
 * @internal
 */
export interface EngineMemoryModel {
  readonly fractionOf: 'total' | 'free-after-weights';
  /** The fraction the engine uses when `gpuMemoryUtilization` is not set. */
  defaultFraction(ctx: EngineMemoryContext): number;
  /**
   * GiB per GPU assumed for activations, CUDA graphs and communication buffers inside the
   * fraction (vLLM, TensorRT-LLM); 0 where the engine keeps them outside it (SGLang). Used for the
   * card's capacity and the fixes the checks suggest; the checks refuse only what cannot fit even
   * without it.
   */
  readonly activationReserveGiB: number;
  /** Tokens per KV block when `kvBlockSize` is not set. */
  readonly defaultBlockSize: number;
  /**
   * Whether the engine refuses to start when one sequence of its maximum length does not fit in
   * the KV cache (vLLM); the others start and fail or truncate such requests.
   */
  readonly refusesLengthBeyondCache: boolean;
}
