import { BackendDefinition, ParallelLayout } from '../backends/backend-definition';
import { invalid, requireInteger } from '../core/errors';
import { WorkerPoolOptions } from './llm-props';

/**
 * Resolves a pool's GPUs and parallel sizes, deriving what is omitted, and checks that
 * tensor × pipeline (× data where it uses GPUs) = nodes × GPUs per node.
 * @internal
 */
export function resolveLayout(pool: string, o: WorkerPoolOptions, backend: BackendDefinition): ParallelLayout {
  const nodes = o.nodes ?? 1;
  requireInteger(`${pool}.nodes`, nodes, 1, 'set 1 for single-node workers or the number of nodes one worker spans');
  if (o.gpus !== undefined) requireInteger(`${pool}.gpus`, o.gpus, 1, 'every worker needs at least one GPU per node');
  if (o.tensorParallelSize !== undefined) requireInteger(`${pool}.tensorParallelSize`, o.tensorParallelSize, 1, 'set a whole number of GPUs per tensor-parallel group');
  const pp = o.pipelineParallelSize ?? 1;
  requireInteger(`${pool}.pipelineParallelSize`, pp, 1, 'set a whole number of pipeline stages');
  const dp = o.dataParallelSize ?? 1;
  requireInteger(`${pool}.dataParallelSize`, dp, 1, 'set a whole number of data-parallel ranks');
  const dpRule = backend.dataParallel;
  if (dp > 1 && dpRule.mode === 'unsupported') {
    throw invalid(`${pool}.dataParallelSize`, `is not supported by ${backend.displayName}`, dp, dpRule.fix);
  }
  const dpGpus = dpRule.mode === 'multiplies' ? dp : 1;

  let gpus = o.gpus;
  let tp = o.tensorParallelSize;
  if (gpus === undefined) {
    const world = (tp ?? 1) * pp * dpGpus;
    if (world % nodes !== 0) {
      throw invalid(`${pool}.gpus`, `cannot be derived: tensor × pipeline${dpGpus > 1 ? ' × data' : ''} = ${world} does not split evenly over ${nodes} nodes`,
        undefined, `set ${pool}.gpus to the GPUs per node`);
    }
    gpus = world / nodes;
  }
  const total = nodes * gpus;
  if (tp === undefined) {
    if (total % (pp * dpGpus) !== 0) {
      throw invalid(`${pool}.tensorParallelSize`, `cannot be derived: nodes × gpus = ${total} is not a multiple of pipeline${dpGpus > 1 ? ' × data' : ''} = ${pp * dpGpus}`,
        undefined, `set ${pool}.tensorParallelSize so that tensor × pipeline${dpGpus > 1 ? ' × data' : ''} = ${total}`);
    }
    tp = total / (pp * dpGpus);
  }
  if (tp * pp * dpGpus !== total) {
    const product = `tensor (${tp}) × pipeline (${pp})${dpGpus > 1 ? ` × data (${dp})` : ''} = ${tp * pp * dpGpus}`;
    const fitting = total / (pp * dpGpus);
    const fix = Number.isInteger(fitting)
      ? `set ${pool}.tensorParallelSize to ${fitting}, or change ${pool}.gpus / ${pool}.nodes`
      : `change ${pool}.gpus / ${pool}.nodes so that nodes × gpus = ${tp * pp * dpGpus}`;
    throw invalid(`${pool}.tensorParallelSize`, `must match the GPUs: ${product}, but nodes (${nodes}) × gpus (${gpus}) = ${total}`, tp, fix);
  }
  if (dpRule.mode === 'within-tensor' && tp % dp !== 0) {
    throw invalid(`${pool}.dataParallelSize`, `must divide the tensor parallel size (${tp}) for ${backend.displayName} DP attention`, dp,
      `set ${pool}.dataParallelSize to a divisor of ${tp}`);
  }
  const ep = o.expertParallelSize;
  if (ep !== undefined) {
    requireInteger(`${pool}.expertParallelSize`, ep, 1, 'set a whole number of expert-parallel ranks');
    const rule = backend.expertParallel;
    if (rule.mode === 'tensor-times-data' && ep !== 1 && ep !== tp * dp) {
      throw invalid(`${pool}.expertParallelSize`, `must equal tensor × data (${tp * dp}) for ${backend.displayName}, ${rule.why}`, ep,
        `set ${pool}.expertParallelSize to ${tp * dp}, or remove it`);
    }
    if (rule.mode === 'divides-tensor' && tp % ep !== 0) {
      throw invalid(`${pool}.expertParallelSize`, `must divide the tensor parallel size (${tp}) for ${backend.displayName}`, ep,
        `set ${pool}.expertParallelSize to a divisor of ${tp}`);
    }
  }
  return { gpusPerNode: gpus, nodes, tensorParallelSize: tp, pipelineParallelSize: pp, dataParallelSize: dp, ...(ep !== undefined ? { expertParallelSize: ep } : {}) };
}
