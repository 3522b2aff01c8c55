import { BackendDefinition } from '../../backends/backend-definition';
import { flagsIn } from '../../backends/flags';
import { CloudPoolContext } from '../../cloud/cloud-profile';
import { DynamoVersion } from '../../core/dynamo-version';
import { ModelArchitecture } from '../../model/model-architecture';
import { capacityWarnings, poolCapacity, prefillDecodeRatio } from '../../sizing/capacity';
import { checkPoolFit } from '../../sizing/fit-checks';
import { PoolCapacity, PrefillDecodeRatio } from '../../sizing/pool-capacity';
import { poolGpu } from '../../sizing/pool-gpu';
import { PoolSizing } from '../../sizing/pool-sizing';
import { LlmCommonProps, WorkerPoolOptions } from '../llm-props';
import { PoolPlan } from './pool-plan';

/** What sizing found for a graph: each checked pool's capacity, the ratio and the card's warnings. @internal */
export interface GraphSizing {
  /** The architecture used, when known. */
  readonly architecture?: ModelArchitecture;
  /** Each checked pool's capacity, by prop. */
  readonly capacity: Readonly<Record<string, PoolCapacity>>;
  /** For a disaggregated graph whose two pools were both checked. */
  readonly prefillDecodeRatio?: PrefillDecodeRatio;
  /** What was not checked, and capacity the engine will queue on. */
  readonly warnings: readonly string[];
}

/** The props sizing reads: an engine flag for one of them in `extraArgs` (the prop unset) sets a value sizing does not see. */
const SIZED_PROPS: ReadonlySet<string> = new Set(['maxModelLen', 'gpuMemoryUtilization', 'kvCacheDtype', 'kvBlockSize', 'pipelineParallelSize',
  'dataParallelSize', 'expertParallelSize']);

/**
 * Engine flags that change a worker's memory in ways sizing does not model: online quantization,
 * CPU offload of weights, a KV cache of a fixed size, and config overrides that may change the
 * model's context (vLLM `vllm/engine/arg_utils.py`, SGLang `server_args.py`).
 */
const UNMODELED_FLAGS: ReadonlySet<string> = new Set(['--quantization', '-q', '--cpu-offload-gb', '--kv-cache-memory', '--kv-cache-memory-bytes',
  '--num-gpu-blocks-override', '--max-total-tokens', '--hf-overrides', '--json-model-override-args']);

/** The value of a flag in an argument list (`--x v` or `--x=v`), if any. */
function flagValue(args: readonly string[], flag: string): string | undefined {
  const i = args.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  return i === -1 ? undefined : args[i] === flag ? args[i + 1] : args[i].slice(flag.length + 1);
}

/**
 * The first flag of the pool's `extraArgs` (or of a `command` that launches the engine itself, such
 * as a shell script) that sets what sizing reads or does not model, with the prop for it. A
 * `--quantization` naming the checkpoint's own weight type (gpt-oss `mxfp4`) changes nothing.
 */
function hiddenSizingFlag(o: WorkerPoolOptions, def: BackendDefinition, arch: ModelArchitecture): { flag: string; prop?: string } | undefined {
  const args = [...(o.command ?? []).flatMap((c) => c.split(/[\s"']+/)), ...(o.extraArgs ?? [])];
  const ownType = (flag: string) => [arch.weightDtype.name, arch.expertWeightDtype.name].includes(flagValue(args, flag) ?? '');
  for (const flag of flagsIn(args)) {
    const spellings = def.flags.aliases.find((group) => group.includes(flag)) ?? [flag];
    const prop = spellings.map((f) => def.flags.props[f]).find((p) => p !== undefined && SIZED_PROPS.has(p));
    if (prop !== undefined || (UNMODELED_FLAGS.has(flag) && !((flag === '--quantization' || flag === '-q') && ownType(flag)))) return { flag, prop };
  }
  return undefined;
}

/**
 * Speculative decoding: a draft model or head whose weights and KV cache sizing does not count
 * (vLLM `--speculative-config`, SGLang `--speculative-algorithm` / `--speculative-draft-model-path`,
 * TensorRT-LLM `speculative_config`).
 */
function speculative(o: WorkerPoolOptions): boolean {
  const flags = ['--speculative-config', '--speculative-algorithm', '--speculative-draft-model-path'];
  return o.engineConfig?.speculative_config !== undefined || flagsIn(o.extraArgs ?? []).some((f) => flags.includes(f));
}

/** Whether a TensorRT-LLM pool turns on attention data parallelism (every rank attends for its own sequences). */
function attentionDataParallel(o: WorkerPoolOptions): boolean {
  return o.engineConfig?.enable_attention_dp === true || (o.extraArgs ?? []).includes('--enable-attention-dp');
}

/**
 * Sizes every GPU pool of the graph: checks that its weights and one maximum sequence fit (throwing
 * a DynamoValidationError naming the pool's prop) and estimates its capacity for the endpoint card.
 * Nothing is checked for a model whose architecture is unknown, a pool whose GPU is unknown, a pool
 * whose extraArgs set what sizing reads (or change memory in ways it does not model), or a KV cache
 * type of unknown size; the card's warnings say which.
 * @internal
 */
export function sizeGraph(props: LlmCommonProps, plans: readonly PoolPlan[], pools: readonly CloudPoolContext[], def: BackendDefinition): GraphSizing {
  const arch = props.modelArchitecture ?? ModelArchitecture.lookup(props.model);
  if (!arch) {
    return {
      capacity: {},
      warnings: [`the architecture of ${props.model} is not in the catalog, so GPU fit and KV-cache capacity are not checked: `
        + 'set modelArchitecture: ModelArchitecture.custom({...}) from its config.json'],
    };
  }
  const capacity: Record<string, PoolCapacity> = {};
  const warnings: string[] = [];
  for (const p of plans) {
    const o = p.options;
    const shapes = pools.find((c) => c.prop === p.prop)?.shapes ?? [];
    const gpu = poolGpu(shapes, o.gpuType);
    if (!gpu) {
      warnings.push(`${p.prop}: the GPU is unknown, so its fit and capacity are not checked: set ${p.prop}.gpuType`);
      continue;
    }
    const hidden = hiddenSizingFlag(o, def, arch);
    if (hidden !== undefined) {
      warnings.push(`${p.prop}: ${hidden.flag} in extraArgs or command is not read by sizing, so its fit and capacity are not checked`
        + (hidden.prop !== undefined ? `: set ${p.prop}.${hidden.prop} instead` : ''));
      continue;
    }
    if (o.kvCacheDtype !== undefined && o.kvCacheDtype.bytesPerElement === undefined) {
      warnings.push(`${p.prop}: the size of kvCacheDtype ${o.kvCacheDtype.name} is unknown, so its fit and capacity are not checked`);
      continue;
    }
    const sizing = new PoolSizing({
      arch, gpu, layout: p.layout, memory: def.memory, dataParallel: def.dataParallel.mode, attentionDataParallel: attentionDataParallel(o),
      fraction: o.gpuMemoryUtilization, kvCacheDtype: o.kvCacheDtype, blockSize: o.kvBlockSize, maxModelLen: o.maxModelLen,
      dynamoVersion: props.dynamoVersion ?? DynamoVersion.LATEST,
    });
    checkPoolFit(sizing, {
      prop: p.prop, engine: def.displayName, tensorParallelWritten: o.tensorParallelSize !== undefined, gpusWritten: o.gpus,
      maxModelLenWritten: o.maxModelLen !== undefined, gpusPerMachine: shapes.length > 0 ? Math.max(...shapes.map((s) => s.gpuCount)) : undefined,
    });
    capacity[p.prop] = poolCapacity(sizing);
    warnings.push(...capacityWarnings(p.prop, sizing, o.maxNumSeqs, o.maxModelLen !== undefined));
    if (speculative(o)) {
      warnings.push(`${p.prop}: speculative decoding's draft model or head is not counted: its weights and KV cache take from the capacity shown`);
    }
  }
  const prefill = plans.find((p) => p.role === 'prefill');
  const decode = plans.find((p) => p.role === 'decode');
  const ratio = prefill && decode && capacity[prefill.prop] && capacity[decode.prop]
    ? prefillDecodeRatio(capacity[prefill.prop], capacity[decode.prop]) : undefined;
  return { architecture: arch, capacity, ...(ratio ? { prefillDecodeRatio: ratio } : {}), warnings };
}
