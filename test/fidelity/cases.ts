import { Chart, Duration, Size } from 'cdk8s';
import {
  AggregatedLlm, Backend, Cloud, DisaggregatedLlm, DynamoVersion, HfToken, KvTransfer, LlmPattern, ModelCache, Planner, RdmaFabric, RouterMode,
} from '../../lib';

/**
 * The fidelity cases: for each upstream fixture, the library calls that express the same deployment,
 * and the deliberate differences (differences.ts) that apply. The examples declare no RDMA fabric,
 * so the disaggregated cases accept TCP KV transfer (`allowTcpKvTransfer`), which keeps the pods as
 * bare as upstream's (no RDMA devices or affinity), except the DeepSeek-R1 recipe: Mooncake has no
 * TCP fallback, so it runs on a declared InfiniBand fabric. Recipes pinned to a release image are
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
];

export const CASES: readonly FidelityCase[] = [...VLLM_CASES, ...SGLANG_CASES, ...TRTLLM_CASES];
