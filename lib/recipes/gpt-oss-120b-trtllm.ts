import { Backend } from '../backends/backend';
import { GpuType } from '../cloud/gpu-type';
import { FieldsOf } from '../core/input-shape';
import { KvCacheDtype } from '../core/kv-cache-dtype';
import { KvTransfer } from '../core/kv-transfer';
import { RouterMode } from '../core/router-mode';
import { AggregatedLlmProps } from '../patterns/aggregated-llm';
import { DisaggregatedLlmProps } from '../patterns/disaggregated-llm';
import { WorkerPoolOptions } from '../patterns/llm-props';
import { checkRecipeOptions, GPU_TYPE_OPTION, literalEnv, publishedGpu, recipeBase, TRTLLM_RECIPE_ENV } from './recipe-support';

/** Options of the gpt-oss-120b TensorRT-LLM recipes ({@link LlmRecipes.gptOss120bTrtllmAggregated}, `...Disaggregated`). */
export interface GptOssTrtllmRecipeOptions {
  /**
   * The GPUs. Dynamo published the recipes on GB200 (aggregated) and GB200 or B200
   * (disaggregated); the library's GPU catalog has `GpuType.B200`, the same Blackwell GPU in an
   * x86 node. For GB200 nodes, spread the recipe and set the pools' `gpuType` to a
   * `GpuType.custom(...)`.
   * @default GpuType.B200
   */
  readonly gpuType?: GpuType;
}

/** What an untyped caller may pass as {@link GptOssTrtllmRecipeOptions}. @internal */
export const GPT_OSS_TRTLLM_RECIPE_FIELDS: FieldsOf<GptOssTrtllmRecipeOptions> = { gpuType: GPU_TYPE_OPTION };

const MODEL = 'openai/gpt-oss-120b';

const GPUS: readonly GpuType[] = [GpuType.B200];

/**
 * `recipes/gpt-oss-120b/trtllm/agg/deploy.yaml`: one worker with 4 GPUs, tensor and expert
 * parallel 4 with attention DP, batch size 800 (CUDA graphs up to it), CUTLASS MoE kernels.
 * @internal
 */
export function gptOssTrtllmAggregated(options?: GptOssTrtllmRecipeOptions): AggregatedLlmProps {
  const o = checkRecipeOptions(options, 'GptOssTrtllmRecipeOptions', GPT_OSS_TRTLLM_RECIPE_FIELDS);
  const gpu = publishedGpu(o.gpuType, GPUS, 'gpt-oss-120b TensorRT-LLM');
  return {
    ...recipeBase(MODEL, Backend.trtllm(), 'recipes/gpt-oss-120b/trtllm/agg/deploy.yaml', RouterMode.ROUND_ROBIN),
    workers: {
      gpuType: gpu,
      replicas: 1,
      gpus: 4,
      tensorParallelSize: 4,
      expertParallelSize: 4,
      maxNumSeqs: 800,
      gpuMemoryUtilization: 0.9,
      enableBlockReuse: false,
      cudaGraphMaxBatchSize: 800,
      engineConfig: { enable_attention_dp: true, cuda_graph_config: { enable_padding: true }, stream_interval: 20, moe_config: { backend: 'CUTLASS' } },
      env: literalEnv(TRTLLM_RECIPE_ENV),
    },
  };
}

/**
 * One pool of the disaggregated recipe: FP8 KV cache without block reuse, TRT-LLM MoE kernels,
 * padded CUDA graphs, a 9216-token UCX transfer buffer, W4A8 (MXFP4 weights, MXFP8 activations).
 */
function disaggregatedPool(gpuType: GpuType, p: {
  gpus: number; maxNumSeqs: number; maxModelLen: number; memory: number; cudaGraphMaxBatchSize: number; engineConfig: Record<string, unknown>;
}): WorkerPoolOptions {
  return {
    gpuType,
    replicas: 1,
    gpus: p.gpus,
    tensorParallelSize: p.gpus,
    maxNumSeqs: p.maxNumSeqs,
    maxModelLen: p.maxModelLen,
    maxNumTokens: 20000,
    gpuMemoryUtilization: p.memory,
    kvCacheDtype: KvCacheDtype.FP8,
    enableBlockReuse: false,
    cudaGraphMaxBatchSize: p.cudaGraphMaxBatchSize,
    engineConfig: {
      ...p.engineConfig,
      cache_transceiver_config: { max_tokens_in_buffer: 9216 },
      cuda_graph_config: { enable_padding: true },
      enable_attention_dp: false,
      moe_config: { backend: 'TRTLLM' },
      print_iter_log: true,
      stream_interval: 20,
    },
    env: literalEnv({
      ...TRTLLM_RECIPE_ENV,
      OVERRIDE_QUANT_ALGO: 'W4A8_MXFP4_MXFP8',
      NCCL_GRAPH_REGISTER: '0',
      OMPI_MCA_coll_ucc_enable: '0',
    }),
  };
}

/**
 * `recipes/gpt-oss-120b/trtllm/disagg/deploy.yaml`: one prefill worker with one GPU and one decode
 * worker at tensor parallel size 4, KV cache moved by TensorRT-LLM's UCX transceiver.
 * @internal
 */
export function gptOssTrtllmDisaggregated(options?: GptOssTrtllmRecipeOptions): DisaggregatedLlmProps {
  const o = checkRecipeOptions(options, 'GptOssTrtllmRecipeOptions', GPT_OSS_TRTLLM_RECIPE_FIELDS);
  const gpu = publishedGpu(o.gpuType, GPUS, 'gpt-oss-120b TensorRT-LLM');
  return {
    ...recipeBase(MODEL, Backend.trtllm(), 'recipes/gpt-oss-120b/trtllm/disagg/deploy.yaml', RouterMode.ROUND_ROBIN),
    trustRemoteCode: true,
    kvTransfer: KvTransfer.ucxTransceiver(),
    prefill: disaggregatedPool(gpu, { gpus: 1, maxNumSeqs: 64, maxModelLen: 9000, memory: 0.8, cudaGraphMaxBatchSize: 30, engineConfig: {} }),
    decode: disaggregatedPool(gpu, {
      gpus: 4, maxNumSeqs: 1280, maxModelLen: 11000, memory: 0.85, cudaGraphMaxBatchSize: 1280,
      engineConfig: { allreduce_strategy: 'AUTO', attention_dp_config: { enable_balance: true } },
    }),
  };
}
