/** fast-check arbitraries of valid pattern props, shared by the cdk8s and Pulumi property tests. */
import { Size } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AggregatedLlmProps, Autoscaling, Backend, Cloud, DashboardDelivery, DisaggregatedLlmProps, RdmaFabric, DynamoVersion, EngineTuningOptions, GpuMetrics,
  HfToken, KvCacheDtype, KvTransfer, ModelCache, NixlBackend, ObservabilityOptions, Planner, RouterMode, ScalingMetric, Scraping, WorkerPoolOptions,
} from '../../lib';

const backend = fc.constantFrom(...Backend.all());
const version = fc.constantFrom(...DynamoVersion.KNOWN_RELEASES.map((v) => DynamoVersion.of(v)));
const routerMode = fc.constantFrom(RouterMode.KV, RouterMode.ROUND_ROBIN, RouterMode.RANDOM, RouterMode.LEAST_LOADED);
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/);
const model = fc.constantFrom('Qwen/Qwen3-0.6B', 'meta-llama/Llama-3.3-70B-Instruct', 'deepseek-ai/DeepSeek-R1', 'nvidia/Llama-3.1-Nemotron-70B-Instruct-HF');

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** Valid engine tuning for a backend: the knobs every backend has, and TensorRT-LLM's own. */
const tuning = (b: Backend): fc.Arbitrary<EngineTuningOptions> => fc.record({
  gpuMemoryUtilization: opt(fc.integer({ min: 50, max: 95 }).map((n) => n / 100)),
  kvCacheDtype: opt(b === Backend.trtllm() ? fc.constant(KvCacheDtype.FP8) : fc.constantFrom(KvCacheDtype.FP8, KvCacheDtype.FP8_E4M3, KvCacheDtype.FP8_E5M2)),
  kvBlockSize: opt(fc.constantFrom(1, 16, 32, 64, 128)),
  trtllm: opt(fc.record({
    maxNumTokens: opt(fc.integer({ min: 1, max: 65536 })),
    enableChunkedPrefill: opt(fc.boolean()),
    enableBlockReuse: opt(fc.boolean()),
    cudaGraph: opt(fc.oneof(fc.integer({ min: 1, max: 512 }), fc.uniqueArray(fc.integer({ min: 1, max: 512 }), { minLength: 1, maxLength: 6 }))),
    engineConfig: opt(fc.constantFrom<Record<string, unknown>>({ enable_attention_dp: false }, { kv_cache_config: { max_tokens: 65536 } }, { print_iter_log: true })),
  })),
}).map((t): EngineTuningOptions => {
  const { trtllm, ...common } = t;
  if (b !== Backend.trtllm() || trtllm === undefined) return common;
  const { cudaGraph, ...rest } = trtllm;
  const graphs = cudaGraph === undefined ? {}
    : typeof cudaGraph === 'number' ? { cudaGraphMaxBatchSize: cudaGraph } : { cudaGraphBatchSizes: [...cudaGraph].sort((x, y) => x - y) };
  return { ...common, ...rest, ...graphs };
});

/** A valid pool: the parallel sizes are derived from a layout that always fits. */
const pool = (b: Backend) => fc.record({
  replicas: fc.integer({ min: 0, max: 8 }),
  nodes: fc.integer({ min: 1, max: 4 }),
  gpus: fc.constantFrom(2, 4, 8),
  pp: fc.constantFrom(1, 2),
  explicitTp: fc.boolean(),
  maxModelLen: fc.option(fc.integer({ min: 1, max: 131072 }), { nil: undefined }),
  maxNumSeqs: fc.option(fc.integer({ min: 1, max: 1024 }), { nil: undefined }),
  scalingAdapter: fc.boolean(),
  tuning: tuning(b),
}).map((p): WorkerPoolOptions => {
  // SGLang spans nodes in disaggregated mode only through TP: keep PP 1 there (the support matrix).
  const pp = b === Backend.sglang() && p.nodes > 1 ? 1 : p.pp;
  return {
    replicas: p.replicas, nodes: p.nodes, gpus: p.gpus,
    pipelineParallelSize: pp,
    // gpus is even, so nodes × gpus is always a multiple of pp.
    ...(p.explicitTp ? { tensorParallelSize: (p.nodes * p.gpus) / pp } : {}),
    maxModelLen: p.maxModelLen, maxNumSeqs: p.maxNumSeqs, scalingAdapter: p.scalingAdapter,
    ...p.tuning,
  };
});

export const validProps = backend.chain((b) => fc.record({
  backend: fc.constant(b),
  dynamoVersion: version,
  name,
  model,
  disaggregated: fc.boolean(),
  prefill: pool(b),
  decode: pool(b),
  frontendReplicas: fc.integer({ min: 1, max: 4 }),
  routerMode,
  nixl: fc.constantFrom(NixlBackend.UCX, NixlBackend.LIBFABRIC),
  /** The backend's own transfer engine instead of NIXL, where the fabric allows it (Mooncake on InfiniBand; the UCX transceiver). */
  ownTransfer: fc.boolean(),
  /** Through the deprecated nixlBackend prop instead of kvTransfer. */
  deprecatedNixl: fc.boolean(),
  bootstrapPort: opt(fc.integer({ min: 30000, max: 40000 })),
  /** How a disaggregated case moves the KV cache: accepted TCP, or a declared InfiniBand / EFA fabric. */
  fabric: fc.constantFrom('tcp', 'infiniband', 'efa'),
  hfToken: fc.boolean(),
  cache: fc.constantFrom('none', 'new', 'existing'),
  trustRemoteCode: fc.boolean(),
  /** Who owns the worker replicas: fixed counts, KEDA or an HPA on the decode (or aggregated) pool, or the planner. */
  scaling: fc.constantFrom('fixed', 'keda', 'hpa', 'planner'),
  maxReplicas: fc.integer({ min: 1, max: 16 }),
  /** Observability off, or on with one of each choice. */
  observability: fc.option(fc.record({
    scraping: fc.constantFrom('platform', 'platform-nixl', 'podMonitors'),
    delivery: fc.constantFrom('configMap', 'grafanaOperator'),
    dcgm: fc.boolean(),
    dashboard: fc.boolean(),
    alerts: fc.boolean(),
    availability: fc.constantFrom(0.99, 0.995, 0.999),
  }), { nil: undefined }),
}));

const PROMETHEUS = 'http://prometheus-operated.monitoring.svc:9090';

function observabilityOf(o: NonNullable<ValidCase['observability']>): ObservabilityOptions {
  return {
    scraping: o.scraping === 'podMonitors' ? Scraping.podMonitors() : Scraping.platform({ nixlTelemetry: o.scraping === 'platform-nixl' }),
    dashboardDelivery: o.delivery === 'configMap' ? DashboardDelivery.configMap({ folder: 'Dynamo' }) : DashboardDelivery.grafanaOperator({ instanceSelector: { dashboards: 'grafana' } }),
    gpuMetrics: o.dcgm ? GpuMetrics.dcgm() : GpuMetrics.NONE,
    dashboard: o.dashboard,
    alerts: o.alerts,
    slo: { availability: o.availability },
    monitorLabels: { release: 'prometheus' },
  };
}

/** A pool handed to an autoscaler: no fixed replicas. */
function scaled(pool: WorkerPoolOptions, p: ValidCase): WorkerPoolOptions {
  const { replicas: _r, scalingAdapter: _s, ...rest } = pool;
  if (p.scaling === 'planner') return rest;
  const metrics = [ScalingMetric.interTokenLatency({ targetMs: 40 }), ScalingMetric.kvCacheUsage({ target: 0.8 })];
  return {
    ...rest,
    autoscaling: p.scaling === 'keda'
      ? Autoscaling.keda({ maxReplicas: p.maxReplicas, metrics, prometheusServerAddress: PROMETHEUS })
      : Autoscaling.hpa({ maxReplicas: p.maxReplicas, metrics }),
  };
}

/**
 * vLLM pins one NIXL engine id per multi-node disaggregated pool, so such a pool runs one fixed
 * replica: a pool that can have more fits on one node instead.
 */
function vllmEngineIdRule(pool: WorkerPoolOptions, p: ValidCase): WorkerPoolOptions {
  const canScale = pool.autoscaling !== undefined || p.scaling === 'planner' || pool.scalingAdapter === true || (pool.replicas ?? 1) > 1;
  if (p.backend !== Backend.vllm() || !p.disaggregated || (pool.nodes ?? 1) <= 1 || !canScale) return pool;
  const { tensorParallelSize: _tp, ...rest } = pool;
  return { ...rest, nodes: 1 };
}

/** The KV transfer of a disaggregated case: NIXL (through kvTransfer or the deprecated prop) or the backend's own engine where the fabric carries it. */
function kvTransferOf(p: ValidCase): Partial<DisaggregatedLlmProps> {
  const nixl = (plugin: NixlBackend) => (p.deprecatedNixl ? { nixlBackend: plugin } : { kvTransfer: KvTransfer.nixl(plugin) });
  const own = p.ownTransfer && p.backend === Backend.trtllm() && p.fabric !== 'efa' ? { kvTransfer: KvTransfer.ucxTransceiver() }
    : p.ownTransfer && p.backend === Backend.sglang() && p.fabric === 'infiniband' ? { kvTransfer: KvTransfer.mooncake() } : undefined;
  if (p.fabric === 'tcp') return { allowTcpKvTransfer: true, ...(own ?? nixl(p.nixl)) };
  if (p.fabric === 'infiniband') return { cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/shared_ib', ucxNetDevices: ['mlx5_0:1'] } }), ...own };
  return { cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.EFA, devicesPerPod: 4 } }), ...nixl(NixlBackend.LIBFABRIC) };
}

/** One generated case. */
export type ValidCase = typeof validProps extends fc.Arbitrary<infer T> ? T : never;

/** The pattern and its props for a generated case. */
export function caseProps(p: ValidCase):
  | { readonly pattern: 'aggregated'; readonly props: AggregatedLlmProps }
  | { readonly pattern: 'disaggregated'; readonly props: DisaggregatedLlmProps } {
  const common = {
    name: p.name,
    model: p.model,
    backend: p.backend,
    dynamoVersion: p.dynamoVersion,
    frontend: { replicas: p.frontendReplicas, routerMode: p.routerMode },
    hfToken: p.hfToken ? HfToken.fromSecret('hf-token-secret') : undefined,
    trustRemoteCode: p.trustRemoteCode,
    // TensorRT-LLM multi-node disaggregation needs a shared cache: the support matrix says so.
    modelCache: p.cache === 'new' || (p.backend === Backend.trtllm() && p.disaggregated)
      ? ModelCache.newVolume({ storageClass: 'rwx', size: Size.gibibytes(100) })
      : p.cache === 'existing' ? ModelCache.fromExistingClaim('model-cache') : undefined,
  };
  const kv: Partial<DisaggregatedLlmProps> = {
    ...kvTransferOf(p),
    ...(p.backend === Backend.sglang() && p.bootstrapPort !== undefined ? { disaggregationBootstrapPort: p.bootstrapPort } : {}),
  };
  const decode = vllmEngineIdRule(p.scaling === 'fixed' ? p.decode : scaled(p.decode, p), p);
  const prefill = vllmEngineIdRule(p.scaling === 'planner' ? scaled(p.prefill, p) : p.prefill, p);
  const scaling = {
    // A budget that always holds one worker of each pool.
    planner: p.scaling === 'planner' ? Planner.sla({ ttftMs: 400, itlMs: 40, maxGpus: 64 }) : undefined,
    observability: p.observability ? observabilityOf(p.observability) : undefined,
  };
  return p.disaggregated
    ? { pattern: 'disaggregated', props: { ...common, ...scaling, prefill, decode, ...kv } }
    : { pattern: 'aggregated', props: { ...common, ...scaling, workers: decode } };
}
