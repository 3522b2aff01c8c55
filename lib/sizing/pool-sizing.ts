import { DataParallelRule, ParallelLayout } from '../backends/backend-definition';
import { EngineMemoryModel } from '../backends/engine-memory';
import { DynamoVersion } from '../core/dynamo-version';
import { KvCacheDtype } from '../core/kv-cache-dtype';
import { ModelArchitecture } from '../model/model-architecture';
import { PoolGpu } from './pool-gpu';

export const GIB = 1024 ** 3;

/** What one pool's sizing is computed from. @internal */
export interface PoolSizingInput {
  readonly arch: ModelArchitecture;
  readonly gpu: PoolGpu;
  readonly layout: ParallelLayout;
  readonly memory: EngineMemoryModel;
  readonly dataParallel: DataParallelRule['mode'];
  /** TensorRT-LLM `enable_attention_dp`: every tensor-parallel rank attends for its own sequences. */
  readonly attentionDataParallel: boolean;
  /** The pool's `gpuMemoryUtilization`. */
  readonly fraction?: number;
  /** The pool's `kvCacheDtype` (its size known). */
  readonly kvCacheDtype?: KvCacheDtype;
  /** The pool's `kvBlockSize`. */
  readonly blockSize?: number;
  /** The pool's `maxModelLen`. */
  readonly maxModelLen?: number;
  /** The graph's Dynamo release (the engine's defaults follow its runtime image). */
  readonly dynamoVersion: DynamoVersion;
}

/**
 * One pool's memory, per GPU, in bytes: the weights, the KV cache left after them (with and
 * without the activation reserve) and what one token and one sequence take.
 * @internal
 */
export class PoolSizing {
  /** The fraction of GPU memory the engine uses. */
  public readonly fraction: number;
  /** Weight bytes on one GPU. */
  public readonly weightsPerGpu: number;
  /** The most weight bytes one GPU can hold under the engine's fraction. */
  public readonly weightLimitPerGpu: number;
  /** KV bytes per GPU with the activation reserve (the card's estimate). */
  public readonly kvPerGpu: number;
  /** KV bytes per GPU without it (what the checks refuse against: nothing larger can fit). */
  public readonly kvUpperBoundPerGpu: number;
  /** KV bytes per GPU that one more token of context adds to a sequence. */
  public readonly tokenBytesPerGpu: number;
  /** KV bytes per GPU of one token of a sliding-window layer (up to the window). */
  public readonly windowTokenBytesPerGpu: number;
  /** Attention groups per worker, each holding its own sequences (data-parallel ranks). */
  public readonly attentionGroups: number;
  /** GPUs per worker. */
  public readonly gpus: number;
  /** Tokens per KV block. */
  public readonly blockSize: number;
  /** The length a sequence may reach: `maxModelLen`, else the model's context. */
  public readonly sequenceLength: number;

  public constructor(public readonly input: PoolSizingInput) {
    const { arch, gpu, layout, memory } = input;
    const tp = layout.tensorParallelSize;
    const pp = layout.pipelineParallelSize;
    const dp = layout.dataParallelSize;
    this.gpus = layout.gpusPerNode * layout.nodes;
    this.fraction = input.fraction ?? memory.defaultFraction({
      tensorParallelSize: tp, pipelineParallelSize: pp, dataParallelSize: dp, gpuMemoryMiB: gpu.memoryBytes / 1024 ** 2,
      latentAttention: arch.isMla, dynamoVersion: input.dynamoVersion,
    });
    this.blockSize = input.blockSize ?? memory.defaultBlockSize;
    this.sequenceLength = input.maxModelLen ?? arch.maxPositionEmbeddings;
    // Attention: tensor-parallel within a group; data-parallel groups each hold their own sequences.
    const attentionTp = input.dataParallel === 'within-tensor' ? tp / dp : input.attentionDataParallel ? 1 : tp;
    this.attentionGroups = input.dataParallel === 'unsupported' ? (input.attentionDataParallel ? tp : 1) : dp;
    this.weightsPerGpu = weightsPerGpu(arch, layout, attentionTp, input.dataParallel);
    const mem = gpu.memoryBytes;
    const reserve = memory.activationReserveGiB * GIB;
    if (memory.fractionOf === 'total') {
      this.weightLimitPerGpu = mem * this.fraction;
      this.kvUpperBoundPerGpu = Math.max(0, mem * this.fraction - this.weightsPerGpu);
      this.kvPerGpu = Math.max(0, this.kvUpperBoundPerGpu - reserve);
    } else {
      this.weightLimitPerGpu = mem;
      this.kvUpperBoundPerGpu = Math.max(0, (mem - this.weightsPerGpu) * this.fraction);
      this.kvPerGpu = Math.max(0, (mem - this.weightsPerGpu - reserve) * this.fraction);
    }
    // KV heads split over the attention ranks until each holds one (then they are replicated);
    // a latent (MLA) cache is whole on every rank. Pipeline stages split the layers.
    const kvHeads = arch.numKeyValueHeads ?? 1;
    const shards = arch.isMla ? 1 : kvHeads / Math.ceil(kvHeads / attentionTp);
    const dtype = input.kvCacheDtype;
    this.tokenBytesPerGpu = arch.kvCacheBytesPerToken(dtype) / shards / pp;
    this.windowTokenBytesPerGpu = (arch.kvCacheBytesPerSequence(1, dtype) - arch.kvCacheBytesPerToken(dtype)) / shards / pp;
  }

  /** Whether the weights fit one GPU under the engine's fraction. */
  public get weightsFit(): boolean {
    return this.weightsPerGpu <= this.weightLimitPerGpu;
  }

  /** KV bytes per GPU of one sequence of `tokens` tokens, whole blocks. */
  public sequenceBytesPerGpu(tokens: number): number {
    const rounded = Math.ceil(tokens / this.blockSize) * this.blockSize;
    const window = this.input.arch.slidingWindow ?? 0;
    return this.tokenBytesPerGpu * rounded + this.windowTokenBytesPerGpu * Math.min(rounded, window);
  }

  /** The longest sequence `kvBytes` per GPU holds, in whole blocks (0 when not one block). */
  public longestSequence(kvBytes: number): number {
    const g = this.tokenBytesPerGpu;
    const w = this.windowTokenBytesPerGpu;
    const window = this.input.arch.slidingWindow ?? 0;
    // Every layer windowed (g = 0): a sequence stops growing at the window, so any length fits once the window does.
    const tokens = (g + w) * window >= kvBytes ? kvBytes / (g + w) : g > 0 ? (kvBytes - w * window) / g : Number.MAX_SAFE_INTEGER;
    return Math.max(0, Math.floor(tokens / this.blockSize) * this.blockSize);
  }

  /** Tokens of context one worker's KV cache holds (whole blocks, over its attention groups). */
  public get tokensPerWorker(): number {
    // Tokens cached at once: the growing layers' bytes per token (the windowed layers' when every layer is windowed).
    const perToken = this.tokenBytesPerGpu > 0 ? this.tokenBytesPerGpu : this.windowTokenBytesPerGpu;
    const perGroup = Math.floor(this.kvPerGpu / perToken / this.blockSize) * this.blockSize;
    return perGroup * this.attentionGroups;
  }

  /** Sequences of `sequenceLength` one worker holds at once. */
  public get sequencesPerWorker(): number {
    return Math.floor(this.kvPerGpu / this.sequenceBytesPerGpu(this.sequenceLength)) * this.attentionGroups;
  }
}

/**
 * Weight bytes on one GPU: the dense part (attention, embeddings, shared experts) over the
 * attention's tensor-parallel ranks, the routed experts over the tensor-parallel ranks (vLLM with
 * data parallelism: over tensor × data, with or without expert parallelism, as its fused MoE layer
 * flattens tensor parallelism across the data-parallel ranks), both over the pipeline stages.
 */
function weightsPerGpu(arch: ModelArchitecture, layout: ParallelLayout, attentionTp: number, dpMode: DataParallelRule['mode']): number {
  const experts = arch.expertParameters * arch.expertWeightDtype.bytesPerParameter;
  const dense = arch.weightBytes() - experts;
  const tp = layout.tensorParallelSize;
  const expertShards = dpMode === 'multiplies' ? tp * layout.dataParallelSize : tp;
  return (dense / attentionTp + experts / expertShards) / layout.pipelineParallelSize;
}
