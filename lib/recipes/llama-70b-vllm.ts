import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Backend } from '../backends/backend';
import { GpuType } from '../cloud/gpu-type';
import { FieldsOf } from '../core/input-shape';
import { AggregatedLlmProps } from '../patterns/aggregated-llm';
import { DisaggregatedLlmProps } from '../patterns/disaggregated-llm';
import { WorkerPoolOptions } from '../patterns/llm-props';
import { checkRecipeOptions, GPU_TYPE_OPTION, publishedGpu, recipeBase } from './recipe-support';

/** Options of the Llama-3.3-70B vLLM recipes ({@link LlmRecipes.llama33_70bVllmAggregated} and the disaggregated ones). */
export interface Llama33VllmRecipeOptions {
  /**
   * The GPUs, one of those Dynamo published the recipes for: `GpuType.H100_80GB` or
   * `GpuType.H200_141GB` (the flags are the same on both).
   * @default GpuType.H100_80GB
   */
  readonly gpuType?: GpuType;
}

/** What an untyped caller may pass as {@link Llama33VllmRecipeOptions}. @internal */
export const LLAMA33_VLLM_RECIPE_FIELDS: FieldsOf<Llama33VllmRecipeOptions> = { gpuType: GPU_TYPE_OPTION };

/** The FP8-dynamic checkpoint every Llama-3.3-70B recipe serves. */
const MODEL = 'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic';

/** The GPUs the recipes were published for (recipes/llama-3-70b/README.md), the default first. */
const GPUS: readonly GpuType[] = [GpuType.H100_80GB, GpuType.H200_141GB];

/**
 * The engine settings every worker of the recipes passes: `--gpu-memory-utilization 0.90`,
 * `--block-size 128` and `--no-enable-prefix-caching` (prefix caching off, for the benchmark's
 * random prompts).
 */
function worker(gpuType: GpuType, gpus: number, replicas: number, sharedMemoryGiB: number): WorkerPoolOptions {
  return {
    gpuType,
    replicas,
    gpus,
    tensorParallelSize: gpus,
    gpuMemoryUtilization: 0.9,
    kvBlockSize: 128,
    sharedMemorySize: Size.gibibytes(sharedMemoryGiB),
    extraArgs: ['--no-enable-prefix-caching'],
  };
}

/** `recipes/llama-3-70b/vllm/agg/deploy.yaml`: one worker with 4 GPUs at tensor parallel size 4. @internal */
export function llama33VllmAggregated(options?: Llama33VllmRecipeOptions): AggregatedLlmProps {
  const o = checkRecipeOptions(options, 'Llama33VllmRecipeOptions', LLAMA33_VLLM_RECIPE_FIELDS);
  const gpu = publishedGpu(o.gpuType, GPUS, 'Llama-3.3-70B vLLM');
  return { ...recipeBase(MODEL, Backend.vllm(), 'recipes/llama-3-70b/vllm/agg/deploy.yaml'), workers: worker(gpu, 4, 1, 20) };
}

/**
 * The preferred pod affinity of the single-node recipe's workers: onto a node that already runs a
 * Dynamo worker of any graph, so prefill and decode share the node and its NVLink. The recipe
 * (v1alpha1) matches `nvidia.com/dynamo-component-type: worker`, the label of alpha-era workers;
 * the operator labels v1beta1 prefill and decode pods `prefill` and `decode`
 * (deploy/operator/internal/consts/consts.go), so all three values are matched.
 */
function besideOtherWorkers(): k8s.Affinity {
  return {
    podAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{
        weight: 100,
        podAffinityTerm: {
          labelSelector: { matchExpressions: [{ key: 'nvidia.com/dynamo-component-type', operator: 'In', values: ['worker', 'prefill', 'decode'] }] },
          topologyKey: 'kubernetes.io/hostname',
        },
      }],
    },
  };
}

/**
 * `recipes/llama-3-70b/vllm/disagg-single-node/deploy.yaml`: 2 prefill workers at tensor parallel
 * size 2 and one decode worker at 4, 8 GPUs on one node.
 * @internal
 */
export function llama33VllmDisaggregated(options?: Llama33VllmRecipeOptions): DisaggregatedLlmProps {
  const o = checkRecipeOptions(options, 'Llama33VllmRecipeOptions', LLAMA33_VLLM_RECIPE_FIELDS);
  const gpu = publishedGpu(o.gpuType, GPUS, 'Llama-3.3-70B vLLM');
  return {
    ...recipeBase(MODEL, Backend.vllm(), 'recipes/llama-3-70b/vllm/disagg-single-node/deploy.yaml'),
    prefill: { ...worker(gpu, 2, 2, 80), affinity: besideOtherWorkers() },
    decode: { ...worker(gpu, 4, 1, 80), affinity: besideOtherWorkers() },
  };
}

/**
 * `recipes/llama-3-70b/vllm/disagg-multi-node/deploy.yaml`: one prefill and one decode worker,
 * each with a node's 8 GPUs at tensor parallel size 8.
 * @internal
 */
export function llama33VllmDisaggregatedMultiNode(options?: Llama33VllmRecipeOptions): DisaggregatedLlmProps {
  const o = checkRecipeOptions(options, 'Llama33VllmRecipeOptions', LLAMA33_VLLM_RECIPE_FIELDS);
  const gpu = publishedGpu(o.gpuType, GPUS, 'Llama-3.3-70B vLLM');
  return {
    ...recipeBase(MODEL, Backend.vllm(), 'recipes/llama-3-70b/vllm/disagg-multi-node/deploy.yaml'),
    prefill: worker(gpu, 8, 1, 80),
    decode: worker(gpu, 8, 1, 80),
  };
}
