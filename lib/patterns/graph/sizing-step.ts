import { BackendDefinition } from '../../backends/backend-definition';
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

/** Whether a TensorRT-LLM pool turns on attention data parallelism (every rank attends for its own sequences). */
function attentionDataParallel(o: WorkerPoolOptions): boolean {
  return o.engineConfig?.enable_attention_dp === true || (o.extraArgs ?? []).includes('--enable-attention-dp');
}

/**
 * Sizes every GPU pool of the graph: checks that its weights and one maximum sequence fit (throwing
 * a DynamoValidationError naming the pool's prop) and estimates its capacity for the endpoint card.
 * Nothing is checked for a model whose architecture is unknown, a pool whose GPU is unknown, or a
 * KV cache type of unknown size; the card's warnings say which.
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
    const gpu = poolGpu(pools.find((c) => c.prop === p.prop)?.shapes, o.gpuType);
    if (!gpu) {
      warnings.push(`${p.prop}: the GPU is unknown, so its fit and capacity are not checked: set ${p.prop}.gpuType`);
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
    const shapes = pools.find((c) => c.prop === p.prop)?.shapes ?? [];
    checkPoolFit(sizing, {
      prop: p.prop, engine: def.displayName, tensorParallelWritten: o.tensorParallelSize !== undefined, gpusWritten: o.gpus,
      maxModelLenWritten: o.maxModelLen !== undefined, gpusPerMachine: shapes.length > 0 ? Math.max(...shapes.map((s) => s.gpuCount)) : undefined,
    });
    capacity[p.prop] = poolCapacity(sizing);
    warnings.push(...capacityWarnings(p.prop, sizing, o.maxNumSeqs, o.maxModelLen !== undefined));
  }
  const prefill = plans.find((p) => p.role === 'prefill');
  const decode = plans.find((p) => p.role === 'decode');
  const ratio = prefill && decode && capacity[prefill.prop] && capacity[decode.prop]
    ? prefillDecodeRatio(capacity[prefill.prop], capacity[decode.prop]) : undefined;
  return { architecture: arch, capacity, ...(ratio ? { prefillDecodeRatio: ratio } : {}), warnings };
}
