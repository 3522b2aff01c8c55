import { Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AggregatedLlm, Backend, Cloud, DisaggregatedLlm, DynamoVersion, EnvValue, HfToken, KvCacheDtype, KvTransfer, LlmPattern, ModelCache, Planner,
  RdmaFabric, RouterMode,
} from '../../lib';

/**
 * The fidelity cases: for each upstream fixture, the library calls that express the same deployment,
 * and the deliberate differences (differences.ts) that apply. The examples declare no RDMA fabric,
 * so the disaggregated cases accept TCP KV transfer (`allowTcpKvTransfer`), which keeps the pods as
 * bare as upstream's (no RDMA devices or affinity), except the DeepSeek-R1 SGLang recipes: Mooncake
 * has no TCP fallback, so they run on a declared InfiniBand fabric. Recipes pinned to a release image are
 * expressed with that `dynamoVersion` and the default image.
 */
export interface FidelityCase {
  /** The fixture id (fixture-index.ts). */
  readonly fixture: string;
  /** The library calls; the construct id is the upstream DynamoGraphDeployment's name. */
  readonly express: (chart: Chart) => LlmPattern;
  /** Ids of the deliberate differences that apply. */
  readonly differences: readonly string[];
}

const QWEN = 'Qwen/Qwen3-0.6B';
const HF = HfToken.fromSecret('hf-token-secret');

/** Literal env values. */
function envOf(values: Record<string, string>): Record<string, EnvValue> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, EnvValue.fromValue(v)]));
}

/** The pod UID, which several recipes pass to every container. */
const POD_UID = { POD_UID: EnvValue.fromFieldPath('metadata.uid') };

/** What every example with `my-tag` images and the HF token Secret differs in. */
const EXAMPLE = ['hf-token-secret-key-ref', 'worker-resource-requests', 'backend-shared-memory', 'frontend-router-flags', 'runtime-version-override'];

const VLLM_CASES: FidelityCase[] = [
  {
    fixture: 'vllm/agg',
    express: (chart) => new AggregatedLlm(chart, 'vllm-agg', { model: QWEN, image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:my-tag', hfToken: HF }),
    differences: EXAMPLE,
  },
  {
    fixture: 'vllm/agg_router',
    express: (chart) => new AggregatedLlm(chart, 'vllm-agg-router', {
      model: QWEN, image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:my-tag', hfToken: HF,
      frontend: { routerMode: RouterMode.KV }, workers: { replicas: 2 },
    }),
    differences: [...EXAMPLE, 'frontend-hf-token'],
  },
  {
    fixture: 'vllm/disagg',
    express: (chart) => new DisaggregatedLlm(chart, 'vllm-disagg', {
      model: QWEN, image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:my-tag', hfToken: HF, allowTcpKvTransfer: true,
    }),
    differences: [...EXAMPLE, 'frontend-hf-token'],
  },
  {
    fixture: 'vllm/disagg_router',
    express: (chart) => new DisaggregatedLlm(chart, 'vllm-v1-disagg-router', {
      model: QWEN, image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:my-tag', hfToken: HF, allowTcpKvTransfer: true,
      frontend: { routerMode: RouterMode.KV }, prefill: { replicas: 2 }, decode: { replicas: 2 },
    }),
    differences: [...EXAMPLE, 'frontend-hf-token'],
  },
  {
    fixture: 'vllm/disagg-multinode',
    express: (chart) => new DisaggregatedLlm(chart, 'vllm-disagg', {
      model: QWEN, image: 'my-registry/vllm-runtime:my-tag', hfToken: HF, allowTcpKvTransfer: true,
      prefill: { nodes: 2, gpus: 1, tensorParallelSize: 2, componentName: 'prefill' },
      decode: { nodes: 2, gpus: 1, tensorParallelSize: 2, componentName: 'decode' },
    }),
    differences: [...EXAMPLE, 'vllm-engine-id', 'frontend-hf-token'],
  },
  {
    fixture: 'vllm/agg_router_kv_approx',
    express: (chart) => new AggregatedLlm(chart, 'vllm-agg-router-kv-approx', {
      model: QWEN, image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:my-tag', hfToken: HF,
      // Approximate KV routing: the router predicts the cache state instead of reading KV events.
      frontend: { routerMode: RouterMode.KV_APPROXIMATE }, workers: { replicas: 2 },
    }),
    differences: [...EXAMPLE, 'frontend-hf-token'],
  },
  {
    fixture: 'vllm/disagg_planner',
    express: (chart) => new DisaggregatedLlm(chart, 'vllm-disagg-planner', {
      model: QWEN, image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:my-tag', hfToken: HF, allowTcpKvTransfer: true,
      planner: Planner.sla({
        ttftMs: 500, itlMs: 50, maxGpus: 8, loadScaling: true, adjustmentInterval: Duration.seconds(60), image: 'nvcr.io/nvidia/ai-dynamo/dynamo-planner:my-tag',
      }),
    }),
    differences: [...EXAMPLE, 'frontend-hf-token', 'planner-owns-replicas', 'planner-sweeping-default'],
  },
  {
    fixture: 'vllm/llama-3-70b-disagg-single-node',
    express: (chart) => {
      const pool = { gpuMemoryUtilization: 0.9, kvBlockSize: 128, extraArgs: ['--no-enable-prefix-caching'], sharedMemorySize: Size.gibibytes(80) };
      return new DisaggregatedLlm(chart, 'llama3-70b-disagg-sn', {
        model: 'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic', servedModelName: 'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic',
        dynamoVersion: DynamoVersion.V1_3_0, hfToken: HF, modelCache: ModelCache.fromExistingClaim('model-cache'), allowTcpKvTransfer: true,
        prefill: { ...pool, replicas: 2, gpus: 2, tensorParallelSize: 2 },
        decode: { ...pool, replicas: 1, gpus: 4, tensorParallelSize: 4 },
      });
    },
    differences: ['hf-token-secret-key-ref', 'worker-resource-requests', 'frontend-router-flags', 'frontend-hf-token', 'upstream-recipe-decode-mode'],
  },
  {
    fixture: 'vllm/llama-3-70b-agg',
    express: (chart) => new AggregatedLlm(chart, 'llama3-70b-agg', {
      model: 'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic', servedModelName: 'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic',
      dynamoVersion: DynamoVersion.V1_3_0, hfToken: HF, modelCache: ModelCache.fromExistingClaim('model-cache'),
      workers: {
        gpus: 4, tensorParallelSize: 4, gpuMemoryUtilization: 0.9, kvBlockSize: 128, extraArgs: ['--no-enable-prefix-caching'],
        sharedMemorySize: Size.gibibytes(20),
      },
    }),
    differences: ['hf-token-secret-key-ref', 'worker-resource-requests', 'frontend-router-flags', 'frontend-hf-token', 'component-names'],
  },
  {
    fixture: 'vllm/nemotron-3-super-fp8-agg',
    express: (chart) => new AggregatedLlm(chart, 'nemotron-super-fp8-vllm-agg', {
      model: 'nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-FP8', servedModelName: 'nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-FP8',
      dynamoVersion: DynamoVersion.V1_3_0, hfToken: HF, trustRemoteCode: true, modelCache: ModelCache.fromExistingClaim('model-cache'),
      // Approximate KV routing: the router predicts the cache state instead of reading KV events.
      frontend: { routerMode: RouterMode.KV_APPROXIMATE },
      workers: {
        gpus: 4, tensorParallelSize: 4, componentName: 'VllmWorker', env: envOf({ VLLM_FLASHINFER_ALLREDUCE_BACKEND: 'trtllm' }),
        extraArgs: ['--mamba-cache-mode', 'align', '--dyn-tool-call-parser', 'nemotron_nano', '--dyn-reasoning-parser', 'nemotron_nano'],
      },
    }),
    differences: ['hf-token-secret-key-ref', 'worker-resource-requests', 'frontend-hf-token', 'model-cache-on-frontend'],
  },
  {
    fixture: 'vllm/deepseek-r1-disagg-hopper-16gpu',
    express: (chart) => {
      const env = { VLLM_USE_DEEP_GEMM: '1', VLLM_SKIP_P2P_CHECK: '1', VLLM_RANDOMIZE_DP_DUMMY_INPUTS: '1', NVIDIA_GDRCOPY: 'enabled', GLOO_SOCKET_IFNAME: 'eth0' };
      const eplb = '{"window_size":"1000","step_interval":"3000","num_redundant_experts":"32","log_balancedness":"False"}';
      const common = ['--data-parallel-hybrid-lb', '--enable-dbo', '--dbo-decode-token-threshold', '32', '--async-scheduling', '--enable-eplb', '--eplb-config', eplb];
      const pool = {
        nodes: 2, gpus: 8, tensorParallelSize: 1, dataParallelSize: 16, expertParallelSize: 16, maxModelLen: 16384, maxNumSeqs: 512,
        sharedMemorySize: Size.gibibytes(80),
      };
      return new DisaggregatedLlm(chart, 'vllm-dsr1', {
        model: '/model-cache/deepseek-r1', servedModelName: 'deepseek-ai/DeepSeek-R1', dynamoVersion: DynamoVersion.V1_3_0,
        modelCache: ModelCache.fromExistingClaim('model-cache', { mountPath: '/model-cache' }),
        cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib', devicesPerPod: 8 } }),
        prefill: {
          ...pool, componentName: 'prefill', env: envOf(env),
          extraArgs: ['--all2all-backend', 'deepep_high_throughput', ...common],
        },
        decode: {
          ...pool, componentName: 'decode', env: envOf({ ...env, VLLM_MOE_DP_CHUNK_SIZE: '384' }),
          extraArgs: ['--all2all-backend', 'deepep_low_latency', ...common,
            '--compilation_config', '{"pass_config":{"fuse_norm_quant":true,"eliminate_noops":true},"cudagraph_mode":"FULL_DECODE_ONLY"}'],
        },
      });
    },
    differences: ['worker-resource-requests', 'frontend-router-flags', 'model-cache-on-frontend', 'upstream-recipe-decode-mode', 'rdma-wiring', 'hf-home-on-cache'],
  },
  {
    fixture: 'vllm/gpt-oss-120b-disagg-h200-agentic',
    express: (chart) => {
      const pool = {
        replicas: 4, gpus: 1, tensorParallelSize: 1, kvCacheDtype: KvCacheDtype.FP8, maxModelLen: 131072, gpuMemoryUtilization: 0.9, kvBlockSize: 64,
        resources: { memory: { request: Size.gibibytes(200) } }, sharedMemorySize: Size.gibibytes(64),
        env: envOf({
          TORCH_CUDA_ARCH_LIST: '9.0', VLLM_ALLOW_CHUNKED_LOCAL_ATTN_WITH_HYBRID_KV_CACHE: '1', TRITON_CACHE_DIR: '/tmp/.triton-cache',
          VLLM_CACHE_ROOT: '/tmp/vllm-cache', HF_MODULES_CACHE: '/tmp/hf_modules',
        }),
        extraArgs: [
          '--quantization=mxfp4', '--moe-backend=flashinfer_cutlass', '--max-num-batched-tokens=32768', '--enable-chunked-prefill',
          '--enable-prefix-caching', '--async-scheduling', '--no-disable-hybrid-kv-cache-manager', '--enable-flashinfer-autotune',
          '--speculative-config={"method":"eagle3","model":"nvidia/gpt-oss-120b-Eagle3-v3","num_speculative_tokens":3}',
          '--dyn-reasoning-parser', 'gpt_oss', '--dyn-tool-call-parser', 'harmony',
        ],
      };
      return new DisaggregatedLlm(chart, 'turbo-gptoss-120b-disagg-h200-agentic', {
        model: 'openai/gpt-oss-120b', servedModelName: 'openai/gpt-oss-120b', dynamoVersion: DynamoVersion.V1_3_0, hfToken: HF, trustRemoteCode: true,
        modelCache: ModelCache.fromExistingClaim('model-cache', { mountPath: '/model-cache' }), allowTcpKvTransfer: true,
        frontend: {
          routerMode: RouterMode.KV, extraArgs: ['--trust-remote-code'],
          resources: { cpu: { request: Cpu.units(8) }, memory: { request: Size.gibibytes(16) } },
        },
        prefill: { ...pool, componentName: 'prefill' },
        decode: { ...pool, componentName: 'decode' },
      });
    },
    differences: [
      'hf-token-secret-key-ref', 'frontend-router-flags', 'frontend-hf-token', 'model-cache-on-frontend', 'upstream-router-without-worker-events', 'upstream-shm-emptydir',
      // The pools set a memory request only: the ephemeral-storage default stays.
      'worker-resource-requests',
    ],
  },
];

const SGLANG_CASES: FidelityCase[] = [
  {
    fixture: 'sglang/agg',
    express: (chart) => new AggregatedLlm(chart, 'sglang-agg', {
      model: QWEN, backend: Backend.sglang(), image: 'my-registry/sglang-runtime:my-tag', hfToken: HF, trustRemoteCode: true,
    }),
    differences: [...EXAMPLE, 'component-names', 'frontend-hf-token'],
  },
  {
    fixture: 'sglang/agg_router',
    express: (chart) => new AggregatedLlm(chart, 'sglang-agg-router', {
      model: QWEN, backend: Backend.sglang(), image: 'my-registry/sglang-runtime:my-tag', hfToken: HF, trustRemoteCode: true,
      frontend: { routerMode: RouterMode.KV },
    }),
    differences: [...EXAMPLE, 'component-names', 'frontend-hf-token'],
  },
  {
    fixture: 'sglang/disagg',
    express: (chart) => new DisaggregatedLlm(chart, 'sglang-disagg', {
      model: QWEN, backend: Backend.sglang(), image: 'my-registry/sglang-runtime:my-tag', hfToken: HF, trustRemoteCode: true,
      allowTcpKvTransfer: true,
    }),
    differences: [...EXAMPLE, 'frontend-hf-token'],
  },
  {
    fixture: 'sglang/disagg-multinode',
    express: (chart) => new DisaggregatedLlm(chart, 'sglang-disagg-multinode', {
      model: QWEN, backend: Backend.sglang(), image: 'my-registry/sglang-runtime:my-tag', hfToken: HF, trustRemoteCode: true,
      allowTcpKvTransfer: true, disaggregationBootstrapPort: 30001,
      prefill: { nodes: 2, gpus: 4, tensorParallelSize: 8, gpuMemoryUtilization: 0.82 },
      decode: { nodes: 2, gpus: 4, tensorParallelSize: 8, gpuMemoryUtilization: 0.82 },
    }),
    differences: [...EXAMPLE, 'sglang-page-size-16', 'multinode-env-on-workers-only'],
  },
  {
    fixture: 'sglang/disagg_planner',
    express: (chart) => new DisaggregatedLlm(chart, 'sglang-disagg-planner', {
      model: QWEN, backend: Backend.sglang(), image: 'my-registry/sglang-runtime:my-tag', hfToken: HF, trustRemoteCode: true,
      allowTcpKvTransfer: true,
      planner: Planner.sla({
        ttftMs: 500, itlMs: 50, maxGpus: 8, loadScaling: true, adjustmentInterval: Duration.seconds(60), image: 'my-registry/dynamo-planner:my-tag',
      }),
    }),
    differences: [...EXAMPLE, 'frontend-hf-token', 'planner-owns-replicas', 'planner-no-hf-token', 'planner-sweeping-default'],
  },
  {
    fixture: 'sglang/deepseek-r1-disagg-8gpu',
    express: (chart) => {
      const pool = { gpus: 8, tensorParallelSize: 8, expertParallelSize: 8, gpuMemoryUtilization: 0.75, sharedMemorySize: Size.gibibytes(80) };
      return new DisaggregatedLlm(chart, 'sgl-dsr1-8gpu', {
        model: 'deepseek-ai/DeepSeek-R1', backend: Backend.sglang(), dynamoVersion: DynamoVersion.V1_3_0, trustRemoteCode: true,
        modelCache: ModelCache.fromExistingClaim('model-cache', { mountPath: '/opt/model' }),
        // Mooncake needs RDMA: the cluster's InfiniBand, declared on the generic cloud.
        cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' } }),
        kvTransfer: KvTransfer.mooncake(), disaggregationBootstrapPort: 30001,
        prefill: { ...pool, extraArgs: ['--load-balance-method', 'round_robin', '--watchdog-timeout', '3600'] },
        decode: { ...pool, dataParallelSize: 8, extraArgs: ['--prefill-round-robin-balance', '--watchdog-timeout', '3600'] },
      });
    },
    differences: ['worker-resource-requests', 'frontend-router-flags', 'sglang-skip-tokenizer-init', 'sglang-explicit-mooncake', 'sglang-page-size-16', 'rdma-wiring'],
  },
  {
    fixture: 'sglang/deepseek-r1-disagg-16gpu',
    express: (chart) => {
      const pool = { nodes: 2, gpus: 8, tensorParallelSize: 16, expertParallelSize: 16, gpuMemoryUtilization: 0.75, sharedMemorySize: Size.gibibytes(80) };
      return new DisaggregatedLlm(chart, 'sgl-dsr1-16gpu', {
        model: 'deepseek-ai/DeepSeek-R1', backend: Backend.sglang(), dynamoVersion: DynamoVersion.V1_3_0, trustRemoteCode: true,
        modelCache: ModelCache.fromExistingClaim('model-cache', { mountPath: '/opt/model' }),
        // Mooncake needs RDMA: the cluster's InfiniBand, declared on the generic cloud.
        cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' } }),
        kvTransfer: KvTransfer.mooncake(), disaggregationBootstrapPort: 30001,
        prefill: { ...pool, extraArgs: ['--load-balance-method', 'round_robin', '--watchdog-timeout', '3600'] },
        decode: { ...pool, dataParallelSize: 16, extraArgs: ['--prefill-round-robin-balance', '--watchdog-timeout', '3600'] },
      });
    },
    differences: ['worker-resource-requests', 'frontend-router-flags', 'sglang-explicit-mooncake', 'sglang-page-size-16', 'rdma-wiring', 'sglang-multinode-gloo'],
  },
  {
    fixture: 'sglang/nemotron-3-super-fp8-disagg',
    express: (chart) => {
      const pool = { gpus: 2, tensorParallelSize: 2, extraArgs: ['--dyn-tool-call-parser', 'nemotron_nano', '--dyn-reasoning-parser', 'nemotron_nano'] };
      return new DisaggregatedLlm(chart, 'nemotron-super-fp8-sglang-disagg', {
        model: 'nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-FP8', servedModelName: 'nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-FP8', backend: Backend.sglang(),
        dynamoVersion: DynamoVersion.V1_3_0, hfToken: HF, trustRemoteCode: true, modelCache: ModelCache.fromExistingClaim('model-cache'),
        allowTcpKvTransfer: true, frontend: { routerMode: RouterMode.KV_APPROXIMATE },
        prefill: pool, decode: pool,
      });
    },
    differences: ['hf-token-secret-key-ref', 'worker-resource-requests', 'frontend-hf-token', 'sglang-skip-tokenizer-init', 'sglang-page-size-16'],
  },
  {
    fixture: 'sglang/glm-5-nvfp4-disagg-efa',
    express: (chart) => {
      const env = {
        FI_EFA_USE_HUGE_PAGE: '0', FI_EFA_MR_MAX_CACHED_COUNT: '524288', FI_EFA_MR_MAX_CACHED_SIZE: '0', FI_HMEM: 'cuda', FI_HMEM_CUDA_ENABLE_XFER: '1',
        PATH: '/opt/dynamo/venv/bin:/opt/amazon/efa/bin:/usr/local/bin:/usr/bin:/bin',
        LD_LIBRARY_PATH: '/opt/amazon/efa/lib:/opt/amazon/efa/lib64:/opt/aws-ofi-nccl/lib:/opt/nvidia/nvda_nixl/lib64:/opt/nvidia/nvda_nixl/lib64/plugins:'
          + '/opt/nvidia/nvda_nixl/lib/aarch64-linux-gnu:/usr/local/ucx/lib:/usr/local/ucx/lib/ucx:/usr/local/cuda/lib64:/usr/local/lib',
        SGLANG_DISAGGREGATION_NUM_PRE_ALLOCATE_REQS: '64', FLASHINFER_DISABLE_VERSION_CHECK: '1', SGLANG_ENABLE_JIT_DEEPGEMM: '1', SGLANG_ENABLE_SPEC_V2: '1',
        SGLANG_NVFP4_CKPT_FP8_NEXTN_MOE: '1', SGLANG_DEEPEP_NUM_MAX_DISPATCH_TOKENS_PER_RANK: '1024', NCCL_IB_DISABLE: '0', NCCL_CUMEM_ENABLE: '1',
        NCCL_NVLS_ENABLE: '1', NVIDIA_GDRCOPY: '1', NCCL_STORE_TIMEOUT: '7200', NIXL_LOG_LEVEL: 'ERROR',
      };
      const engine = [
        '--quantization', 'modelopt_fp4', '--enable-dp-lm-head', '--cuda-graph-max-bs', '128', '--chunked-prefill-size', '32768',
        '--max-prefill-tokens', '32768', '--enable-flashinfer-allreduce-fusion', '--attention-backend', 'nsa', '--nsa-decode-backend', 'trtllm',
        '--nsa-prefill-backend', 'trtllm', '--moe-runner-backend', 'flashinfer_trtllm',
      ];
      const streaming = ['--stream-interval', '50', '--incremental-streaming-output', '--model-loader-extra-config', '{"enable_multithread_load": true, "num_threads": 32}'];
      const pool = {
        gpus: 4, kvCacheDtype: KvCacheDtype.FP8_E4M3, maxNumSeqs: 2048, gpuMemoryUtilization: 0.72, sharedMemorySize: Size.gibibytes(80),
        command: ['bash', '-c', 'ulimit -l unlimited && ulimit -n 1048576 && exec python3 -m dynamo.sglang "$@"', '--'],
      };
      return new DisaggregatedLlm(chart, 'glm5-sglang-efa', {
        model: 'nvidia/GLM-5-NVFP4', servedModelName: 'nvidia/GLM-5-NVFP4', backend: Backend.sglang(), dynamoVersion: DynamoVersion.V1_3_0,
        image: 'my-registry/sglang-dynamo-glm5-efa:latest', hfToken: HF, trustRemoteCode: true,
        modelCache: ModelCache.fromExistingClaim('model-cache', { mountPath: '/model-store' }),
        // NIXL over LIBFABRIC on EFA, one EFA device per GPU, privileged for fi_mr_reg on GPU memory.
        cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.EFA, devicesPerPod: 4, privileged: true } }),
        disaggregationBootstrapPort: 30001,
        frontend: { env: POD_UID },
        prefill: {
          ...pool, componentName: 'prefill', tensorParallelSize: 4, env: { ...POD_UID, ...envOf(env) },
          extraArgs: [...engine, ...streaming, '--load-balance-method', 'round_robin', '--watchdog-timeout', '3600'],
        },
        decode: {
          ...pool, componentName: 'decode', nodes: 4, tensorParallelSize: 16, dataParallelSize: 16, expertParallelSize: 16,
          env: { ...POD_UID, ...envOf({ ...env, NCCL_GRAPH_MIXING_SUPPORT: '0' }) },
          extraArgs: [...engine, '--speculative-algorithm', 'EAGLE', '--speculative-num-steps', '2', '--speculative-eagle-topk', '1',
            '--speculative-num-draft-tokens', '3', ...streaming, '--prefill-round-robin-balance', '--watchdog-timeout', '3600'],
        },
      });
    },
    differences: ['worker-resource-requests', 'frontend-router-flags', 'sglang-skip-tokenizer-init', 'sglang-page-size-16', 'upstream-shm-emptydir', 'rdma-wiring', 'sglang-multinode-gloo'],
  },
];

/** The tuning of Dynamo's qwen3 engine configs (examples/backends/trtllm/engine_configs/qwen3/*.yaml). */
const QWEN3_TRTLLM = { enableChunkedPrefill: true, cudaGraphMaxBatchSize: 16, gpuMemoryUtilization: 0.85 };

const TRTLLM_CASES: FidelityCase[] = [
  {
    fixture: 'trtllm/agg',
    express: (chart) => new AggregatedLlm(chart, 'trtllm-agg', {
      model: QWEN, backend: Backend.trtllm(), image: 'my-registry/tensorrtllm-runtime:my-tag', hfToken: HF, trustRemoteCode: true,
      workers: { ...QWEN3_TRTLLM, maxNumSeqs: 16 },
    }),
    differences: [...EXAMPLE, 'trtllm-engine-config-configmap', 'frontend-hf-token'],
  },
  {
    fixture: 'trtllm/agg_router',
    express: (chart) => new AggregatedLlm(chart, 'trtllm-agg-router', {
      model: QWEN, backend: Backend.trtllm(), image: 'my-registry/tensorrtllm-runtime:my-tag', hfToken: HF, trustRemoteCode: true,
      frontend: { routerMode: RouterMode.KV }, workers: { ...QWEN3_TRTLLM, maxNumSeqs: 16, replicas: 2 },
    }),
    differences: [...EXAMPLE, 'trtllm-engine-config-configmap', 'frontend-hf-token'],
  },
  {
    fixture: 'trtllm/disagg',
    express: (chart) => new DisaggregatedLlm(chart, 'trtllm-disagg', {
      model: QWEN, backend: Backend.trtllm(), image: 'my-registry/tensorrtllm-runtime:my-tag', hfToken: HF, trustRemoteCode: true,
      allowTcpKvTransfer: true, prefill: QWEN3_TRTLLM, decode: QWEN3_TRTLLM,
    }),
    differences: [...EXAMPLE, 'trtllm-engine-config-configmap', 'component-names', 'frontend-hf-token'],
  },
  {
    fixture: 'trtllm/disagg_router',
    express: (chart) => new DisaggregatedLlm(chart, 'trtllm-v1-disagg-router', {
      model: QWEN, backend: Backend.trtllm(), image: 'my-registry/tensorrtllm-runtime:my-tag', hfToken: HF, trustRemoteCode: true,
      allowTcpKvTransfer: true, frontend: { routerMode: RouterMode.KV },
      prefill: { ...QWEN3_TRTLLM, replicas: 2 }, decode: { ...QWEN3_TRTLLM, replicas: 2 },
    }),
    differences: [...EXAMPLE, 'trtllm-engine-config-configmap', 'component-names', 'frontend-hf-token'],
  },
  {
    fixture: 'trtllm/disagg-multinode',
    express: (chart) => {
      const pool = { nodes: 2, gpus: 4, tensorParallelSize: 8, enableChunkedPrefill: true, gpuMemoryUtilization: 0.8 };
      return new DisaggregatedLlm(chart, 'trtllm-disagg-tp8', {
        model: QWEN, backend: Backend.trtllm(), image: 'my-registry/tensorrtllm-runtime:my-tag', hfToken: HF, trustRemoteCode: true,
        allowTcpKvTransfer: true, modelCache: ModelCache.fromExistingClaim('models', { mountPath: '/models' }),
        prefill: { ...pool, componentName: 'prefill' }, decode: { ...pool, componentName: 'decode' },
      });
    },
    differences: [...EXAMPLE, 'trtllm-engine-config-configmap', 'frontend-hf-token', 'multinode-env-on-workers-only'],
  },
  {
    fixture: 'trtllm/disagg_planner',
    express: (chart) => new DisaggregatedLlm(chart, 'trtllm-disagg-planner', {
      model: QWEN, backend: Backend.trtllm(), image: 'my-registry/tensorrtllm-runtime:my-tag', hfToken: HF, trustRemoteCode: true,
      allowTcpKvTransfer: true, frontend: { routerMode: RouterMode.KV_APPROXIMATE, extraArgs: ['--router-kv-overlap-score-credit', '0.0'] },
      prefill: QWEN3_TRTLLM, decode: QWEN3_TRTLLM,
      planner: Planner.sla({
        ttftMs: 500, itlMs: 50, maxGpus: 8, loadScaling: true, adjustmentInterval: Duration.seconds(60), image: 'my-registry/dynamo-planner:my-tag',
      }),
    }),
    differences: [
      // The frontend passes --http-port 8000 --router-mode kv like the library, so frontend-router-flags does not apply.
      ...EXAMPLE.filter((id) => id !== 'frontend-router-flags'), 'trtllm-engine-config-configmap', 'component-names', 'frontend-hf-token',
      'planner-owns-replicas', 'planner-no-hf-token', 'planner-sweeping-default', 'upstream-frontend-block-size',
    ],
  },
  {
    fixture: 'trtllm/agg-with-config',
    express: (chart) => new AggregatedLlm(chart, 'trtllm-agg', {
      model: QWEN, backend: Backend.trtllm(), image: 'my-registry/tensorrtllm-runtime:my-tag', hfToken: HF, trustRemoteCode: true,
      workers: { ...QWEN3_TRTLLM, gpuMemoryUtilization: 0.95, maxNumSeqs: 16, engineConfig: { disable_overlap_scheduler: true } },
    }),
    differences: [...EXAMPLE, 'trtllm-engine-config-configmap', 'frontend-hf-token'],
  },
  {
    fixture: 'trtllm/nemotron-3-super-fp8-disagg',
    express: (chart) => {
      const pool = {
        gpus: 2, tensorParallelSize: 2, maxNumSeqs: 16, enableChunkedPrefill: true, gpuMemoryUtilization: 0.85, enableBlockReuse: false,
        cudaGraphMaxBatchSize: 16, engineConfig: { moe_config: { backend: 'TRTLLM' }, cuda_graph_config: { enable_padding: true } },
        sharedMemorySize: Size.gibibytes(16), extraArgs: ['--dyn-tool-call-parser', 'nemotron_nano', '--dyn-reasoning-parser', 'nemotron_nano'],
      };
      return new DisaggregatedLlm(chart, 'nemotron-super-fp8-trtllm-disagg', {
        model: 'nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-FP8', backend: Backend.trtllm(), dynamoVersion: DynamoVersion.V1_3_0, hfToken: HF,
        trustRemoteCode: true, modelCache: ModelCache.fromExistingClaim('model-cache'), kvTransfer: KvTransfer.ucxTransceiver(), allowTcpKvTransfer: true,
        prefill: pool, decode: pool,
      });
    },
    differences: ['hf-token-secret-key-ref', 'worker-resource-requests', 'trtllm-engine-config-configmap', 'component-names', 'frontend-hf-token', 'model-cache-on-frontend'],
  },
  {
    fixture: 'trtllm/gpt-oss-120b-agg',
    express: (chart) => new AggregatedLlm(chart, 'gpt-oss-agg', {
      model: 'openai/gpt-oss-120b', servedModelName: 'openai/gpt-oss-120b', backend: Backend.trtllm(), dynamoVersion: DynamoVersion.V1_3_0, hfToken: HF,
      modelCache: ModelCache.fromExistingClaim('model-cache'),
      workers: {
        gpus: 4, tensorParallelSize: 4, expertParallelSize: 4, maxNumSeqs: 800, gpuMemoryUtilization: 0.9, cudaGraphMaxBatchSize: 800,
        enableBlockReuse: false, componentName: 'TrtllmWorker',
        engineConfig: { enable_attention_dp: true, cuda_graph_config: { enable_padding: true }, stream_interval: 20, moe_config: { backend: 'CUTLASS' } },
        env: envOf({ TRTLLM_ENABLE_PDL: '1', TRT_LLM_DISABLE_LOAD_WEIGHTS_IN_PARALLEL: 'True', SERVED_MODEL_NAME: 'openai/gpt-oss-120b' }),
      },
    }),
    differences: ['hf-token-secret-key-ref', 'worker-resource-requests', 'trtllm-engine-config-configmap', 'frontend-hf-token', 'model-cache-on-frontend'],
  },
  {
    fixture: 'trtllm/gpt-oss-120b-disagg',
    express: (chart) => {
      const env = envOf({
        TRTLLM_ENABLE_PDL: '1', TRT_LLM_DISABLE_LOAD_WEIGHTS_IN_PARALLEL: 'True', OVERRIDE_QUANT_ALGO: 'W4A8_MXFP4_MXFP8', NCCL_GRAPH_REGISTER: '0',
        OMPI_MCA_coll_ucc_enable: '0', SERVED_MODEL_NAME: 'openai/gpt-oss-120b',
      });
      const engineConfig = {
        cache_transceiver_config: { max_tokens_in_buffer: 9216 }, cuda_graph_config: { enable_padding: true }, moe_config: { backend: 'TRTLLM' },
        print_iter_log: true, stream_interval: 20,
      };
      const pool = { kvCacheDtype: KvCacheDtype.FP8, enableBlockReuse: false, maxNumTokens: 20000, env };
      return new DisaggregatedLlm(chart, 'gpt-oss-disagg', {
        model: 'openai/gpt-oss-120b', servedModelName: 'openai/gpt-oss-120b', backend: Backend.trtllm(), dynamoVersion: DynamoVersion.V1_3_0, hfToken: HF,
        trustRemoteCode: true, modelCache: ModelCache.fromExistingClaim('model-cache'), kvTransfer: KvTransfer.ucxTransceiver(), allowTcpKvTransfer: true,
        prefill: {
          ...pool, gpus: 1, tensorParallelSize: 1, maxNumSeqs: 64, maxModelLen: 9000, gpuMemoryUtilization: 0.8, cudaGraphMaxBatchSize: 30,
          componentName: 'TrtllmPrefillWorker', engineConfig,
        },
        decode: {
          ...pool, gpus: 4, tensorParallelSize: 4, maxNumSeqs: 1280, maxModelLen: 11000, gpuMemoryUtilization: 0.85, cudaGraphMaxBatchSize: 1280,
          componentName: 'TrtllmDecodeWorker', engineConfig: { ...engineConfig, allreduce_strategy: 'AUTO', attention_dp_config: { enable_balance: true } },
        },
      });
    },
    differences: ['hf-token-secret-key-ref', 'worker-resource-requests', 'trtllm-engine-config-configmap', 'frontend-hf-token', 'model-cache-on-frontend', 'upstream-legacy-main-type'],
  },
  {
    fixture: 'trtllm/kimi-k2.5-agg-round-robin',
    express: (chart) => {
      const graphEnv = envOf({ NCCL_MNNVL_ENABLE: '1', NCCL_CUMEM_ENABLE: '1', TLLM_LOG_LEVEL: 'info' });
      return new AggregatedLlm(chart, 'kimi-k25-agg-rr', {
        model: 'nvidia/Kimi-K2.5-NVFP4', servedModelName: 'nvidia/Kimi-K2.5-NVFP4', backend: Backend.trtllm(), dynamoVersion: DynamoVersion.V1_3_0,
        hfToken: HF, trustRemoteCode: true, modelCache: ModelCache.fromExistingClaim('model-cache', { mountPath: '/model-cache' }),
        frontend: { extraArgs: ['--request-plane', 'nats'], env: { ...graphEnv, ...POD_UID } },
        workers: {
          replicas: 3, nodes: 2, gpus: 4, tensorParallelSize: 8, expertParallelSize: 8, maxNumSeqs: 128, enableChunkedPrefill: true,
          cudaGraphBatchSizes: [1, 2, 4, 8, 16, 32, 64, 128], kvCacheDtype: KvCacheDtype.FP8, enableBlockReuse: true, gpuMemoryUtilization: 0.75,
          kvBlockSize: 32, componentName: 'agg',
          engineConfig: {
            allreduce_strategy: 'MNNVL', cuda_graph_config: { enable_padding: true }, moe_config: { backend: 'CUTLASS', use_low_precision_moe_combine: true },
            nvfp4_gemm_config: { allowed_backends: ['cutlass', 'cublaslt', 'cuda_core'] }, print_iter_log: true, stream_interval: 10,
          },
          extraArgs: ['--publish-events-and-metrics', '--request-plane', 'nats', '--dyn-tool-call-parser', 'kimi_k2', '--dyn-reasoning-parser', 'kimi_k25'],
          env: {
            ...graphEnv, ...POD_UID,
            ...envOf({
              HF_HUB_OFFLINE: '1', TRITON_CACHE_DIR: '/tmp/.triton-cache', HF_MODULES_CACHE: '/tmp/hf_modules', NCCL_SOCKET_IFNAME: 'eth0',
              GLOO_SOCKET_IFNAME: 'eth0', NCCL_GRAPH_MIXING_SUPPORT: '0', TRTLLM_ENABLE_PDL: '1',
            }),
          },
        },
      });
    },
    differences: [
      'hf-token-secret-key-ref', 'worker-resource-requests', 'trtllm-engine-config-configmap', 'frontend-router-flags', 'frontend-hf-token',
      'backend-shared-memory', 'model-cache-on-frontend', 'trtllm-multinode-ompi',
    ],
  },
];

/** Every case: each also differs in the CPU and memory requests the library sets by default (upstream sets few). */
export const CASES: readonly FidelityCase[] = [...VLLM_CASES, ...SGLANG_CASES, ...TRTLLM_CASES]
  .map((c) => ({ ...c, differences: [...c.differences, 'safe-default-resources'] }));
