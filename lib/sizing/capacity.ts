import { PoolCapacity, PrefillDecodeRatio } from './pool-capacity';
import { GIB, PoolSizing } from './pool-sizing';

const round1 = (n: number) => Math.round(n * 10) / 10;
const count = (n: number) => n.toLocaleString('en-US');

/** The card's capacity of one pool. @internal */
export function poolCapacity(s: PoolSizing): PoolCapacity {
  const kvGiB = round1(s.kvPerGpu * s.gpus / GIB);
  const weightGiB = round1(s.weightsPerGpu / GIB);
  const tokens = s.tokensPerWorker;
  const sequences = s.sequencesPerWorker;
  return {
    modelArchitecture: s.input.arch.name,
    gpuType: s.input.gpu.displayName,
    gpuMemoryGiB: round1(s.input.gpu.memoryBytes / GIB),
    memoryFraction: s.fraction,
    weightGiBPerGpu: weightGiB,
    kvCacheGiBPerWorker: kvGiB,
    kvCacheTokensPerWorker: tokens,
    sequenceLength: s.sequenceLength,
    maxConcurrentSequences: sequences,
    summary: `weights ${weightGiB.toFixed(1)} GiB/GPU, KV cache ${kvGiB.toFixed(1)} GiB = ${count(tokens)} tokens, `
      + `${count(sequences)} × ${count(s.sequenceLength)}-token sequences`,
  };
}

/**
 * What the card warns about a checked pool: a maximum sequence that fits only without the
 * activation reserve, a model context that does not fit an engine that starts anyway, and more
 * concurrent sequences allowed than the KV cache holds (the engine queues them).
 * @internal
 */
export function capacityWarnings(prop: string, s: PoolSizing, maxNumSeqs: number | undefined, lengthWritten: boolean): string[] {
  const warnings: string[] = [];
  const len = s.sequenceLength;
  const longest = s.longestSequence(s.kvPerGpu);
  if (s.sequenceBytesPerGpu(len) > s.kvUpperBoundPerGpu) {
    // Only reached for an engine that starts anyway and an unset maxModelLen.
    warnings.push(`${prop}: the model's context (${count(len)} tokens) does not fit one worker's KV cache; requests longer than about `
      + `${count(longest)} tokens fail: set ${prop}.maxModelLen`);
  } else if (s.sequenceBytesPerGpu(len) > s.kvPerGpu) {
    const outcome = s.input.memory.refusesLengthBeyondCache ? 'the engine may refuse to start' : 'requests that long may fail';
    warnings.push(`${prop}: one ${count(len)}-token sequence fits the KV cache only if activations take less than `
      + `${s.input.memory.activationReserveGiB} GiB per GPU; ${outcome}: ${lengthWritten ? 'lower' : 'set'} ${prop}.maxModelLen to about ${count(longest)}`);
  }
  const sequences = s.sequencesPerWorker;
  // maxNumSeqs is per data-parallel rank, except SGLang's --max-running-requests, which it divides among its DP-attention ranks.
  const running = maxNumSeqs === undefined ? undefined : s.input.dataParallel === 'within-tensor' ? maxNumSeqs : maxNumSeqs * s.attentionGroups;
  if (maxNumSeqs !== undefined && running !== undefined && running > sequences) {
    warnings.push(`${prop}: maxNumSeqs ${maxNumSeqs} × ${count(len)} tokens needs more KV cache than one worker has (it holds `
      + `${count(sequences)} such sequences at once); the engine queues or preempts the rest`);
  }
  return warnings;
}

/**
 * A starting prefill:decode ratio from the two pools' KV-cache tokens: a prefill worker's whole
 * cache moves to decode workers, so the ratio balances tokens on both sides, in small whole numbers.
 * @internal
 */
export function prefillDecodeRatio(prefill: PoolCapacity, decode: PoolCapacity): PrefillDecodeRatio | undefined {
  const p = prefill.kvCacheTokensPerWorker;
  const d = decode.kvCacheTokensPerWorker;
  if (p <= 0 || d <= 0) return undefined;
  const r = d / p;
  const ratio = r >= 1 ? { prefill: Math.min(8, Math.round(r)), decode: 1 } : { prefill: 1, decode: Math.min(8, Math.round(1 / r)) };
  return {
    ...ratio,
    basis: `a decode worker holds ${count(d)} tokens of KV cache and a prefill worker ${count(p)}: ${ratio.prefill}:${ratio.decode} `
      + 'balances them; information only, measure or let the planner size the replicas',
  };
}
