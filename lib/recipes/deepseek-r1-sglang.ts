import { Size } from 'cdk8s';
import { Backend } from '../backends/backend';
import { GpuType } from '../cloud/gpu-type';
import { FieldsOf, numberShape } from '../core/input-shape';
import { KvTransfer } from '../core/kv-transfer';
import { DisaggregatedLlmProps } from '../patterns/disaggregated-llm';
import { WorkerPoolOptions } from '../patterns/llm-props';
import { checkRecipeOptions, GPU_TYPE_OPTION, oneOfNumbers, publishedGpu, recipeAnnotations } from './recipe-support';

/** Options of {@link LlmRecipes.deepseekR1SglangDisaggregated}. */
export interface DeepseekR1SglangRecipeOptions {
  /**
   * The GPUs. Dynamo published the recipes on `GpuType.H200_141GB`; its README says they should
   * work on other GPUs, and `GpuType.B200` (more memory per GPU, the same flags) is accepted.
   * @default GpuType.H200_141GB
   */
  readonly gpuType?: GpuType;
  /**
   * GPUs per prefill and per decode worker: 8 (`disagg-8gpu`, one node each) or 16 (`disagg-16gpu`,
   * two nodes of 8 each, which needs Grove or LeaderWorkerSet on the cluster).
   * @default 8
   */
  readonly gpusPerWorker?: 8 | 16;
}

/** What an untyped caller may pass as {@link DeepseekR1SglangRecipeOptions}. @internal */
export const DEEPSEEK_R1_SGLANG_RECIPE_FIELDS: FieldsOf<DeepseekR1SglangRecipeOptions> = { gpuType: GPU_TYPE_OPTION, gpusPerWorker: numberShape() };

const MODEL = 'deepseek-ai/DeepSeek-R1';

/** H200 as published (recipes/deepseek-r1/README.md), B200 per the SGLang recipe's README. */
const GPUS: readonly GpuType[] = [GpuType.H200_141GB, GpuType.B200];

/** 8 GPUs per worker, as in `disagg-8gpu`, first: the default. */
const WORKER_SIZES = [8, 16] as const;

/** The GPU nodes the recipes' workers take: 8 GPUs each, one or two nodes per worker. */
const GPUS_PER_NODE = 8;

/**
 * One pool: tensor and expert parallel over all the worker's GPUs, `--mem-fraction-static 0.75`,
 * SGLang's watchdog at an hour (DeepSeek-R1's first steps are slow), 80Gi of /dev/shm.
 */
function pool(gpuType: GpuType, gpus: number, extraArgs: string[]): WorkerPoolOptions {
  return {
    gpuType,
    replicas: 1,
    nodes: gpus / GPUS_PER_NODE,
    gpus: GPUS_PER_NODE,
    tensorParallelSize: gpus,
    expertParallelSize: gpus,
    gpuMemoryUtilization: 0.75,
    sharedMemorySize: Size.gibibytes(80),
    extraArgs: [...extraArgs, '--watchdog-timeout', '3600'],
  };
}

/**
 * `recipes/deepseek-r1/sglang/disagg-8gpu/deploy.yaml` and `disagg-16gpu/deploy.yaml`: one prefill
 * and one decode worker, wide expert parallelism, DP attention on decode, Mooncake KV transfer.
 * @internal
 */
export function deepseekR1SglangDisaggregated(options?: DeepseekR1SglangRecipeOptions): DisaggregatedLlmProps {
  const o = checkRecipeOptions(options, 'DeepseekR1SglangRecipeOptions', DEEPSEEK_R1_SGLANG_RECIPE_FIELDS);
  const gpu = publishedGpu(o.gpuType, GPUS, 'DeepSeek-R1 SGLang');
  const gpus = oneOfNumbers('gpusPerWorker', o.gpusPerWorker, WORKER_SIZES,
    'use 8 (recipes/deepseek-r1/sglang/disagg-8gpu) or 16 (disagg-16gpu)');
  return {
    model: MODEL,
    servedModelName: MODEL,
    backend: Backend.sglang(),
    trustRemoteCode: true,
    // SGLang's own default transfer, which the recipes leave implicit.
    kvTransfer: KvTransfer.mooncake(),
    disaggregationBootstrapPort: 30001,
    annotations: recipeAnnotations(`recipes/deepseek-r1/sglang/disagg-${gpus}gpu/deploy.yaml`),
    prefill: pool(gpu, gpus, ['--load-balance-method', 'round_robin']),
    decode: { ...pool(gpu, gpus, ['--prefill-round-robin-balance']), dataParallelSize: gpus },
  };
}
