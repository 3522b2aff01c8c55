import { ParallelLayout } from '../backends/backend-definition';
import { invalid } from '../core/errors';
import { ModelArchitecture } from '../model/model-architecture';
import { GIB, PoolSizing } from './pool-sizing';

/** What the checks need to know about the pool besides its sizing. @internal */
export interface PoolFitContext {
  /** The pool's prop, e.g. `decode`. */
  readonly prop: string;
  /** The engine's name, e.g. `vLLM`. */
  readonly engine: string;
  /** Whether the user wrote `tensorParallelSize` (the weights error then names it), else `gpus`. */
  readonly tensorParallelWritten: boolean;
  /** The pool's `gpus` as written. */
  readonly gpusWritten?: number;
  /** Whether the pool's `maxModelLen` was written. */
  readonly maxModelLenWritten: boolean;
  /** GPUs per node the pool's machines have, when known. */
  readonly gpusPerMachine?: number;
}

/** GiB with one decimal. @internal */
export function gib(bytes: number): string {
  return (bytes / GIB).toFixed(1);
}

/** Tensor parallel sizes tried for the smallest one that fits. */
const TENSOR_SIZES = [1, 2, 4, 8, 16, 32, 64];

/**
 * Refuses a pool whose weights cannot fit its GPUs (naming `gpus` or `tensorParallelSize`) or
 * whose maximum sequence cannot fit its KV cache (naming `maxModelLen`). Both checks use the
 * engine's fraction without the activation reserve, so they refuse only what cannot work; the
 * fixes they suggest keep the reserve.
 * @internal
 */
export function checkPoolFit(s: PoolSizing, ctx: PoolFitContext): void {
  if (!s.weightsFit) throw weightsError(s, ctx);
  if (lengthChecked(s, ctx) && s.sequenceBytesPerGpu(s.sequenceLength) > s.kvUpperBoundPerGpu) throw lengthError(s, ctx);
}

/** Whether one sequence of the pool's maximum length must fit: written, or an engine that refuses to start otherwise. */
function lengthChecked(s: PoolSizing, ctx: PoolFitContext): boolean {
  return ctx.maxModelLenWritten || s.input.memory.refusesLengthBeyondCache;
}

/**
 * What a suggested layout or model also needs so that, applied, it passes the checks (with the
 * activation reserve kept): nothing (''), a cap on `maxModelLen`, or undefined when it cannot work.
 */
function alsoNeeded(candidate: PoolSizing, ctx: PoolFitContext): string | undefined {
  if (!candidate.weightsFit || candidate.kvPerGpu <= 0) return undefined;
  if (!lengthChecked(candidate, ctx) || candidate.sequenceBytesPerGpu(candidate.sequenceLength) <= candidate.kvPerGpu) return '';
  const longest = candidate.longestSequence(candidate.kvPerGpu);
  return longest > 0 ? ` with ${ctx.prop}.maxModelLen at most ${longest}` : undefined;
}

function memoryOf(s: PoolSizing): string {
  const mem = gib(s.input.gpu.memoryBytes);
  return s.input.memory.fractionOf === 'total' ? `${s.fraction} × ${mem} GiB` : `${mem} GiB`;
}

function weightsError(s: PoolSizing, ctx: PoolFitContext) {
  const { arch, layout } = s.input;
  const prop = ctx.tensorParallelWritten ? `${ctx.prop}.tensorParallelSize` : `${ctx.prop}.gpus`;
  const value = ctx.tensorParallelWritten ? layout.tensorParallelSize : ctx.gpusWritten ?? layout.gpusPerNode;
  const requirement = `must give the weights of ${arch.name} room: they need ${gib(s.weightsPerGpu)} GiB per GPU at tensor parallel size `
    + `${layout.tensorParallelSize} (${gib(arch.weightBytes())} GiB in ${weightTypes(arch)}), more than the ${gib(s.weightLimitPerGpu)} GiB `
    + `${ctx.engine} may use on one ${s.input.gpu.displayName} (${memoryOf(s)})`;
  const fixes = [smallestTensorFix(s, ctx), fp8Fix(s, ctx)].filter((f): f is string => f !== undefined);
  return invalid(prop, requirement, value, fixes.length > 0 ? fixes.join(', or ') : `use GPUs with more memory (${ctx.prop}.gpuType)`);
}

function weightTypes(arch: ModelArchitecture): string {
  return arch.expertParameters > 0 && arch.expertWeightDtype !== arch.weightDtype
    ? `${arch.weightDtype.name}, experts ${arch.expertWeightDtype.name}` : arch.weightDtype.name;
}

/**
 * The smallest tensor parallel size whose weights fit with the activation reserve, as a fix (with the
 * `maxModelLen` it then needs). The engine's default fraction is the one at that size.
 */
function smallestTensorFix(s: PoolSizing, ctx: PoolFitContext): string | undefined {
  const { layout } = s.input;
  let needed: string | undefined;
  const fits = TENSOR_SIZES.filter((t) => t > layout.tensorParallelSize).find((t) => {
    needed = alsoNeeded(new PoolSizing({ ...s.input, layout: withTensor(layout, t) }), ctx);
    return needed !== undefined;
  });
  if (fits === undefined) return undefined;
  const world = withTensor(layout, fits);
  const perMachine = ctx.gpusPerMachine ?? 8;
  const total = world.gpusPerNode * world.nodes;
  const where = total <= perMachine
    ? `${ctx.prop}.gpus: ${total}${layout.nodes > 1 ? ` with ${ctx.prop}.nodes: 1` : ''}`
    : `${ctx.prop}.nodes: ${Math.ceil(total / perMachine)} with ${ctx.prop}.gpus: ${perMachine}`;
  return `use tensor parallel size ${fits} or more (${where}${ctx.tensorParallelWritten ? `, ${ctx.prop}.tensorParallelSize: ${fits}` : ''})${needed ?? ''}`;
}

function withTensor(layout: ParallelLayout, tp: number): ParallelLayout {
  const dpGpus = layout.gpusPerNode * layout.nodes / (layout.tensorParallelSize * layout.pipelineParallelSize);
  return { ...layout, tensorParallelSize: tp, gpusPerNode: tp * layout.pipelineParallelSize * dpGpus, nodes: 1 };
}

/** The catalog's FP8 checkpoint of this very model (its publisher's quantization), when it fits the pool as it is. */
function fp8Fix(s: PoolSizing, ctx: PoolFitContext): string | undefined {
  const fp8 = s.input.arch._fp8Checkpoint();
  const needed = fp8 ? alsoNeeded(new PoolSizing({ ...s.input, arch: fp8 }), ctx) : undefined;
  return fp8 && needed !== undefined ? `serve the FP8 checkpoint ${fp8.name} (${gib(fp8.weightBytes())} GiB)${needed}` : undefined;
}

function lengthError(s: PoolSizing, ctx: PoolFitContext) {
  const { arch } = s.input;
  const prop = `${ctx.prop}.maxModelLen`;
  const value = ctx.maxModelLenWritten ? s.sequenceLength : `unset, so ${ctx.engine} takes the model's ${s.sequenceLength}`;
  const longest = s.longestSequence(s.kvPerGpu);
  const requirement = `must fit one sequence in the KV cache: ${s.sequenceLength} tokens of ${arch.name} need `
    + `${gib(s.sequenceBytesPerGpu(s.sequenceLength))} GiB per GPU, but ${gib(s.kvUpperBoundPerGpu)} GiB per GPU is left on one `
    + `${s.input.gpu.displayName} (${memoryOf(s)} less ${gib(s.weightsPerGpu)} GiB of weights)`;
  const lower = longest > 0
    ? `set ${prop} to at most ${longest} (the estimate keeps ${s.input.memory.activationReserveGiB} GiB per GPU for activations)`
    : 'no sequence fits after the weights';
  // Only what the pool has not done already: a fraction near the whole GPU, or an FP8 cache, is not suggested again.
  const more = [`give each worker more GPUs (${ctx.prop}.tensorParallelSize)`,
    ...(s.fraction < 0.95 ? [`a higher ${ctx.prop}.gpuMemoryUtilization`] : []),
    ...(s.input.kvCacheDtype?.bytesPerElement === 1 ? [] : [`${ctx.prop}.kvCacheDtype: KvCacheDtype.FP8`])];
  return invalid(prop, requirement, value, `${lower}, or ${more.length > 1 ? `${more.slice(0, -1).join(', ')}, or ${more[more.length - 1]}` : more[0]}`);
}
