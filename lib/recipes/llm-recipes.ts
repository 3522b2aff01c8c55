import { AggregatedLlmProps } from '../patterns/aggregated-llm';
import { DisaggregatedLlmProps } from '../patterns/disaggregated-llm';
import { DeepseekR1SglangRecipeOptions, deepseekR1SglangDisaggregated } from './deepseek-r1-sglang';
import { GptOssTrtllmRecipeOptions, gptOssTrtllmAggregated, gptOssTrtllmDisaggregated } from './gpt-oss-120b-trtllm';
import { GptOssVllmRecipeOptions, gptOssVllmAggregatedAgentic } from './gpt-oss-120b-vllm';
import { Llama33VllmRecipeOptions, llama33VllmAggregated, llama33VllmDisaggregated, llama33VllmDisaggregatedMultiNode } from './llama-70b-vllm';
import { Qwen3TrtllmRecipeOptions, qwen3TrtllmAggregated, qwen3TrtllmDisaggregated } from './qwen3-32b-fp8-trtllm';

/**
 * Dynamo's published recipes (`recipes/` of ai-dynamo/dynamo, read at commit 2a6da14c8361 of
 * 2026-08-21, the Dynamo 1.3.0 recipes) as pattern props: the model, backend, pools (GPU type,
 * GPUs, parallel sizes, engine settings, engine config, extra flags and env) and routing that make
 * the workers start with the recipe's flags. Spread them and add what is yours: the cloud, the
 * token, the model cache, and any override.
 *
 * Each recipe also annotates the DynamoGraphDeployment with `dynamo-constructs/recipe:
 * <upstream path>@<commit>`. What the library writes differently from the YAML, and what it does
 * not reproduce (the recipes' own images, model-cache PVC, node affinities, GAIE variants), is
 * listed on each method and in docs/recipes.md.
 *
 * @example
 * new AggregatedLlm(chart, 'llama', {
 *   ...LlmRecipes.llama33_70bVllmAggregated(),
 *   cloud: Cloud.eks({
 *     ami: EksAmi.al2023('v20250821'),
 *     nodeRole: 'KarpenterNodeRole-inference',
 *     subnetTags: { 'karpenter.sh/discovery': 'inference' },
 *     securityGroupTags: { 'karpenter.sh/discovery': 'inference' },
 *   }),
 *   hfToken: HfToken.fromSecret('hf-token-secret'),
 * });
 */
export class LlmRecipes {
  /**
   * Llama-3.3-70B-Instruct (RedHatAI FP8-dynamic checkpoint) on vLLM, aggregated: one worker with 4
   * GPUs at tensor parallel size 4, `--gpu-memory-utilization 0.90 --block-size 128
   * --no-enable-prefix-caching`, 20Gi of /dev/shm. Upstream: `recipes/llama-3-70b/vllm/agg/deploy.yaml`.
   *
   * Written differently: `--data-parallel-size 1` is vLLM's default and left out. Not reproduced:
   * the model-cache PVC and its download Job (set `modelCache`; upstream's Job pins revision
   * `ddb4128556dfcff99e0c41aee159ea6c3e655dcd`, set it as `modelRevision`), the 1.3.0 image, and
   * the GAIE variant (`agg/gaie/`).
   */
  public static llama33_70bVllmAggregated(options?: Llama33VllmRecipeOptions): AggregatedLlmProps {
    return llama33VllmAggregated(options);
  }

  /**
   * Llama-3.3-70B-Instruct FP8 on vLLM, disaggregated on one node of 8 GPUs: 2 prefill workers at
   * tensor parallel size 2 and one decode worker at 4, NIXL KV transfer, the workers preferring
   * nodes that already run Dynamo workers. Upstream:
   * `recipes/llama-3-70b/vllm/disagg-single-node/deploy.yaml`.
   *
   * The cloud must give the pools RDMA (or set `allowTcpKvTransfer`). Written differently: the
   * decode worker names its role (`--disaggregation-mode decode`), which the recipe leaves out (its
   * worker then starts in dynamo.vllm's default mode, `agg`); the pod affinity also matches the
   * `prefill` and `decode` component-type labels v1beta1 workers carry. Not reproduced: as for
   * {@link LlmRecipes.llama33_70bVllmAggregated}, and the GAIE variant (`disagg-single-node/gaie/`).
   */
  public static llama33_70bVllmDisaggregated(options?: Llama33VllmRecipeOptions): DisaggregatedLlmProps {
    return llama33VllmDisaggregated(options);
  }

  /**
   * Llama-3.3-70B-Instruct FP8 on vLLM, disaggregated over two nodes: one prefill and one decode
   * worker, each with a node's 8 GPUs at tensor parallel size 8. Upstream:
   * `recipes/llama-3-70b/vllm/disagg-multi-node/deploy.yaml`. Written differently: the decode
   * worker names its role, as in {@link LlmRecipes.llama33_70bVllmDisaggregated}. Not reproduced:
   * as for {@link LlmRecipes.llama33_70bVllmAggregated}.
   */
  public static llama33_70bVllmDisaggregatedMultiNode(options?: Llama33VllmRecipeOptions): DisaggregatedLlmProps {
    return llama33VllmDisaggregatedMultiNode(options);
  }

  /**
   * DeepSeek-R1 on SGLang, disaggregated with wide expert parallelism: one prefill and one decode
   * worker of 8 GPUs (or 16 over two nodes), tensor and expert parallel over all of them, DP
   * attention on decode, `--mem-fraction-static 0.75`, Mooncake KV transfer on bootstrap port
   * 30001, round-robin prefill balancing. Upstream: `recipes/deepseek-r1/sglang/disagg-8gpu/deploy.yaml`
   * and `disagg-16gpu/deploy.yaml`.
   *
   * Written differently: the library always passes `--page-size 16` (the KV router's block size),
   * `--skip-tokenizer-init` (the 16-GPU recipe does too) and `--disaggregation-transfer-backend
   * mooncake` (SGLang's default, implicit upstream). Not reproduced: `deepep.json` (no recipe
   * passes it), the model-cache PVC, the 1.3.0 image and working directory.
   */
  public static deepseekR1SglangDisaggregated(options?: DeepseekR1SglangRecipeOptions): DisaggregatedLlmProps {
    return deepseekR1SglangDisaggregated(options);
  }

  /**
   * Qwen3-32B-FP8 on TensorRT-LLM, aggregated: one worker with 2 GPUs at tensor parallel size 2,
   * batch size 96, 7964-token sequences and steps, an FP8 KV cache in 70% of the free memory, no
   * block reuse or chunked prefill, padded CUDA graphs for batch sizes 1 to 96, round-robin routing.
   * Upstream: `recipes/qwen3-32b-fp8/trtllm/agg/deploy.yaml` (its ConfigMap `llm-config`).
   *
   * Written differently: `tensor_parallel_size`, `max_batch_size` and `max_seq_len` go as flags
   * (`--tensor-parallel-size`, `--max-batch-size`, `--max-seq-len`), the file's PyTorch backend and
   * pipeline size 1 are dynamo.trtllm's defaults, and `--free-gpu-memory-fraction 0.9`, which the
   * file's 0.7 overrides upstream, is not passed. Not reproduced: the frontend's required
   * anti-affinity, the workers' `nvidia.com/gpu.present` node affinity, the model-cache PVC.
   */
  public static qwen3_32bFp8TrtllmAggregated(options?: Qwen3TrtllmRecipeOptions): AggregatedLlmProps {
    return qwen3TrtllmAggregated(options);
  }

  /**
   * Qwen3-32B-FP8 on TensorRT-LLM, disaggregated: 4 prefill workers with one GPU (batch size 1)
   * and 2 decode workers at tensor parallel size 2 (batch size 128), 7808-token sequences, the
   * aggregated recipe's KV cache and CUDA graph settings. Upstream:
   * `recipes/qwen3-32b-fp8/trtllm/disagg/deploy.yaml` (ConfigMaps `llm-config-prefill` and
   * `llm-config-decode`).
   *
   * Written differently: as for {@link LlmRecipes.qwen3_32bFp8TrtllmAggregated}, and the cache
   * transceiver's backend is explicit (`NIXL`, from `kvTransfer`) where the recipe writes `DEFAULT`.
   */
  public static qwen3_32bFp8TrtllmDisaggregated(options?: Qwen3TrtllmRecipeOptions): DisaggregatedLlmProps {
    return qwen3TrtllmDisaggregated(options);
  }

  /**
   * gpt-oss-120b on TensorRT-LLM, aggregated: one worker with 4 GPUs, tensor and expert parallel 4
   * with attention DP, batch size 800 with CUDA graphs up to it, CUTLASS MoE kernels, no KV block
   * reuse, stream interval 20. Upstream: `recipes/gpt-oss-120b/trtllm/agg/deploy.yaml`.
   *
   * Written differently: `--free-gpu-memory-fraction 0.9` goes into the engine config
   * (`kv_cache_config.free_gpu_memory_fraction`). Not reproduced: as for
   * {@link LlmRecipes.qwen3_32bFp8TrtllmAggregated}; GB200 nodes (see the `gpuType` option).
   */
  public static gptOss120bTrtllmAggregated(options?: GptOssTrtllmRecipeOptions): AggregatedLlmProps {
    return gptOssTrtllmAggregated(options);
  }

  /**
   * gpt-oss-120b on TensorRT-LLM, disaggregated: one prefill worker with one GPU (batch size 64,
   * 9000-token sequences) and one decode worker at tensor parallel size 4 (batch size 1280,
   * 11000-token sequences), W4A8 MXFP4 quantization, TRT-LLM MoE kernels, KV cache over
   * TensorRT-LLM's UCX transceiver. Upstream: `recipes/gpt-oss-120b/trtllm/disagg/deploy.yaml`.
   *
   * Written differently: the file's `moe_expert_parallel_size: 1` and `pipeline_parallel_size: 1`
   * are the engine's defaults and left out; tensor parallel size, batch size and sequence length go
   * as flags. Not reproduced: as for {@link LlmRecipes.gptOss120bTrtllmAggregated}.
   */
  public static gptOss120bTrtllmDisaggregated(options?: GptOssTrtllmRecipeOptions): DisaggregatedLlmProps {
    return gptOssTrtllmDisaggregated(options);
  }

  /**
   * gpt-oss-120b on vLLM for agentic traffic (64k-token prompts, 90% KV cache hits): 8 workers with
   * one GPU each behind the KV router, MXFP4 weights, FP8 KV cache, 131,072-token context, 256
   * sequences, EAGLE-3 speculative decoding, chunked prefill, prefix caching, async scheduling,
   * the `gpt_oss` reasoning and `harmony` tool-call parsers; on H200 also CPU KV offload. Upstream:
   * `recipes/gpt-oss-120b/vllm/agg-h200-agentic/deploy.yaml` and `agg-b200-agentic/deploy.yaml`.
   *
   * Written differently: the JSON configs the recipes read from a ConfigMap are passed inline; KV
   * routing adds `--kv-events-config` to the workers. Not reproduced: the frontend's
   * `--kv-cache-block-size 64` (the library gives the frontend the workers' `kvBlockSize`, which the
   * recipes leave to vLLM; set `kvBlockSize: 64` on the workers for both), `hostIPC`,
   * the startup probe, the `nvidia.com/gpu` toleration, the EAGLE-3 head's pre-download (vLLM
   * downloads it at start). The disaggregated agentic recipes (`disagg-*-agentic`) are not offered:
   * their NIXL `--kv-transfer-config` adds `kv_buffer_device: cuda`, which the config the library
   * generates for disaggregated vLLM pools does not carry.
   */
  public static gptOss120bVllmAggregatedAgentic(options?: GptOssVllmRecipeOptions): AggregatedLlmProps {
    return gptOssVllmAggregatedAgentic(options);
  }

  private constructor() {}
}
