/**
 * What one worker of a GPU pool holds, estimated at synth time from the model's architecture, the
 * GPU, the parallel layout and the engine's memory settings (see docs/sizing.md for the formulas
 * and the activation reserve assumed). Identical in the cdk8s and Pulumi engines.
 */
export interface PoolCapacity {
  /** The model architecture the estimate used, e.g. `meta-llama/Llama-3.3-70B-Instruct`. */
  readonly modelArchitecture: string;
  /** The GPU the estimate used, e.g. `NVIDIA H100 80GB`. */
  readonly gpuType: string;
  /** Memory per GPU, in GiB (the smallest of the pool's machine shapes, else the GPU type's). */
  readonly gpuMemoryGiB: number;
  /** The engine's memory fraction used: the pool's `gpuMemoryUtilization`, else the engine's default. */
  readonly memoryFraction: number;
  /** Weights per GPU, in GiB. */
  readonly weightGiBPerGpu: number;
  /** KV cache of one worker, in GiB (all its GPUs). */
  readonly kvCacheGiBPerWorker: number;
  /** Tokens of context one worker's KV cache holds (over its data-parallel attention groups). */
  readonly kvCacheTokensPerWorker: number;
  /** The sequence length `maxConcurrentSequences` counts: the pool's `maxModelLen`, else the model's context. */
  readonly sequenceLength: number;
  /** Sequences of `sequenceLength` tokens one worker's KV cache holds at once. */
  readonly maxConcurrentSequences: number;
  /** One line, e.g. `weights 32.9 GiB/GPU, KV cache 155.0 GiB = 507,840 tokens, 3 × 131,072-token sequences`. */
  readonly summary: string;
}

/**
 * A starting prefill:decode worker ratio for a disaggregated graph, derived from the two pools'
 * capacity: prefill workers hand their whole KV cache to decode workers, which hold it while they
 * generate, so the ratio balances the KV-cache tokens on both sides. Information only: the replicas
 * stay yours; measure, or let the planner or a profiling request size them.
 */
export interface PrefillDecodeRatio {
  /** Prefill workers in the ratio. */
  readonly prefill: number;
  /** Decode workers in the ratio. */
  readonly decode: number;
  /** How it was derived, in one sentence. */
  readonly basis: string;
}
