import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Backend } from '../backends/backend';
import { GpuType } from '../cloud/gpu-type';
import { FieldsOf } from '../core/input-shape';
import { KvCacheDtype } from '../core/kv-cache-dtype';
import { RouterMode } from '../core/router-mode';
import { AggregatedLlmProps } from '../patterns/aggregated-llm';
import { checkRecipeOptions, GPU_TYPE_OPTION, literalEnv, publishedGpu, recipeAnnotations } from './recipe-support';

/** Options of {@link LlmRecipes.gptOss120bVllmAggregatedAgentic}. */
export interface GptOssVllmRecipeOptions {
  /**
   * The GPUs: `GpuType.H200_141GB` (`agg-h200-agentic`: FlashInfer CUTLASS MoE kernels, CPU KV
   * offload on) or `GpuType.B200` (`agg-b200-agentic`: FlashInfer TRT-LLM MXFP4 × MXFP8 MoE
   * kernels, no offload).
   * @default GpuType.H200_141GB
   */
  readonly gpuType?: GpuType;
}

/** What an untyped caller may pass as {@link GptOssVllmRecipeOptions}. @internal */
export const GPT_OSS_VLLM_RECIPE_FIELDS: FieldsOf<GptOssVllmRecipeOptions> = { gpuType: GPU_TYPE_OPTION };

const MODEL = 'openai/gpt-oss-120b';

const GPUS: readonly GpuType[] = [GpuType.H200_141GB, GpuType.B200];

/** vLLM's compilation config of both recipes: two fusion passes, CUDA graphs up to 1024 sequences. */
const COMPILATION_CONFIG = { pass_config: { fuse_allreduce_rms: true, eliminate_noops: true }, max_cudagraph_capture_size: 1024 };

/** EAGLE-3 speculative decoding, 3 draft tokens, with NVIDIA's draft head. */
const SPECULATIVE_CONFIG = { method: 'eagle3', model: 'nvidia/gpt-oss-120b-Eagle3-v3', num_speculative_tokens: 3 };

/** The H200 recipe's CPU tier of the KV cache: 100 GiB of host memory per worker (one GPU each). */
const CPU_OFFLOAD_CONFIG = {
  kv_connector: 'SimpleCPUOffloadConnector',
  kv_role: 'kv_both',
  kv_connector_extra_config: { cpu_bytes_to_use_per_rank: 107374182400 },
};

/** The engine flags that have no typed prop, per GPU. */
function extraArgs(h200: boolean): string[] {
  return [
    '--quantization', 'mxfp4',
    ...(h200 ? ['--moe-backend', 'flashinfer_cutlass'] : []),
    '--max-num-batched-tokens', '32768',
    '--enable-chunked-prefill',
    '--enable-prefix-caching',
    '--async-scheduling',
    '--enable-flashinfer-autotune',
    '--compilation-config', JSON.stringify(COMPILATION_CONFIG),
    '--speculative-config', JSON.stringify(SPECULATIVE_CONFIG),
    ...(h200 ? ['--kv-transfer-config', JSON.stringify(CPU_OFFLOAD_CONFIG)] : []),
    '--dyn-reasoning-parser', 'gpt_oss',
    '--dyn-tool-call-parser', 'harmony',
  ];
}

/** Compiler caches in the container's /tmp, a fixed hash seed, the GPU's CUDA architecture. */
function env(h200: boolean): Record<string, string> {
  return {
    ...(h200 ? {} : { VLLM_USE_FLASHINFER_MOE_MXFP4_MXFP8: '1' }),
    TORCH_CUDA_ARCH_LIST: h200 ? '9.0' : '10.0',
    TRITON_CACHE_DIR: '/tmp/.triton-cache',
    VLLM_CACHE_ROOT: '/tmp/vllm-cache',
    HF_MODULES_CACHE: '/tmp/hf_modules',
    PYTHONHASHSEED: '42',
  };
}

/**
 * `recipes/gpt-oss-120b/vllm/agg-h200-agentic/deploy.yaml` and `agg-b200-agentic/deploy.yaml`:
 * 8 workers with one GPU each behind the KV router, MXFP4 weights, FP8 KV cache, 131,072-token
 * context, EAGLE-3 speculative decoding, reasoning and tool-call parsers.
 * @internal
 */
export function gptOssVllmAggregatedAgentic(options?: GptOssVllmRecipeOptions): AggregatedLlmProps {
  const o = checkRecipeOptions(options, 'GptOssVllmRecipeOptions', GPT_OSS_VLLM_RECIPE_FIELDS);
  const gpu = publishedGpu(o.gpuType, GPUS, 'gpt-oss-120b vLLM agentic');
  const h200 = gpu === GpuType.H200_141GB;
  return {
    model: MODEL,
    servedModelName: MODEL,
    backend: Backend.vllm(),
    trustRemoteCode: true,
    annotations: recipeAnnotations(`recipes/gpt-oss-120b/vllm/agg-${h200 ? 'h200' : 'b200'}-agentic/deploy.yaml`),
    frontend: {
      routerMode: RouterMode.KV,
      extraArgs: ['--trust-remote-code'],
      resources: { cpu: { request: Cpu.units(8) }, memory: { request: Size.gibibytes(16) } },
    },
    workers: {
      gpuType: gpu,
      replicas: 8,
      gpus: 1,
      tensorParallelSize: 1,
      maxModelLen: 131072,
      maxNumSeqs: 256,
      gpuMemoryUtilization: 0.9,
      kvCacheDtype: KvCacheDtype.FP8,
      sharedMemorySize: Size.gibibytes(64),
      resources: { memory: { request: Size.gibibytes(200) } },
      securityContext: { runAsUser: 0, capabilities: { add: ['SYS_PTRACE', 'IPC_LOCK'] } },
      extraArgs: extraArgs(h200),
      env: literalEnv(env(h200)),
    },
  };
}
