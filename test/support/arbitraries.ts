/**
 * fast-check arbitraries of valid pattern props, shared by the cdk8s and Pulumi property tests
 * (`validProps`) and the robustness tests (`wideProps`: every cloud, long names and every option).
 */
import { Duration, Size } from 'cdk8s';
import { ContainerResources, Cpu, k8s } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  AggregatedLlmProps, AKS_SHAPES, Autoscaling, Backend, CapacityType, Cloud, CompilationCache, DashboardDelivery, DgdApiVersion, DisaggregatedLlmProps, DynamoVersion,
  EKS_SHAPES, EksAmi, EngineTuningOptions, EndpointAccess, EnvValue, GKE_SHAPES, IngressController, GpuMetrics, HfToken, KvCacheDtype, KvTransfer, MachineShape,
  ModelCache, NixlBackend, ObservabilityOptions, Planner, RdmaFabric, RouterMode, ScalingMetric, Scraping, SecretRef, WorkerPoolOptions,
} from '../../lib';
import type { LlmIngressOptions } from '../../lib';

const backend = fc.constantFrom(...Backend.all());
const version = fc.constantFrom(...DynamoVersion.KNOWN_RELEASES.map((v) => DynamoVersion.of(v)));
const routerMode = fc.constantFrom(RouterMode.KV, RouterMode.ROUND_ROBIN, RouterMode.RANDOM, RouterMode.LEAST_LOADED);
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/);
// GPU counts and lengths are drawn independently of the model, so the models are ones every drawn pool fits (the
// small catalog model; the two others are not in the catalog, so sizing does not check them): test/sizing.test.ts
// draws layouts for the large catalog models.
const model = fc.constantFrom('Qwen/Qwen3-0.6B', 'nvidia/Llama-3.1-Nemotron-70B-Instruct-HF', 'my-org/llama-3-70b-finetune');

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

// ---------------------------------------------------------------------------------------------------------------
// Wide random props: every cloud, long names, metadata, scheduling, resources, env and the optional features.
// ---------------------------------------------------------------------------------------------------------------

/** Lengths biased to short, but reaching `max` (names up to the Kubernetes limits). */
const length = (max: number) => fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: Math.min(16, max) }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max }) });

/** A string of `len` characters: `first` at the start, `last` at the end, `middle` between. */
function shaped(len: number, first: string, middle: string, last: string): fc.Arbitrary<string> {
  const pick = (chars: string) => fc.constantFrom(...chars.split(''));
  if (len === 1) return pick(first.split('').filter((c) => last.includes(c)).join(''));
  return fc.tuple(pick(first), fc.array(pick(middle), { minLength: len - 2, maxLength: len - 2 }), pick(last))
    .map(([a, m, z]) => `${a}${m.join('')}${z}`);
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = `${LOWER}${LOWER.toUpperCase()}${DIGITS}`;
/** A DNS-1035 label of up to `max` characters (DGD names). */
const dns1035 = (max: number) => length(max).chain((n) => shaped(n, LOWER, `${LOWER}${DIGITS}-`, `${LOWER}${DIGITS}`));
/** A DNS-1123 label of up to `max` characters (namespaces). */
const dns1123 = (max: number) => length(max).chain((n) => shaped(n, `${LOWER}${DIGITS}`, `${LOWER}${DIGITS}-`, `${LOWER}${DIGITS}`));
/** A label value (also the name part of a key): up to `max` of [A-Za-z0-9-_.], alphanumeric at both ends. */
const labelText = (max: number) => length(max).chain((n) => shaped(n, ALNUM, `${ALNUM}-_.`, ALNUM));
/** A label key: a name part, with or without a DNS prefix. */
const labelKey = fc.tuple(fc.constantFrom('', 'example.com/', 'team.acme.io/', 'x.y.example.org/'), labelText(63)).map(([p, n]) => `${p}${n}`);
/** Metadata maps of 0-3 entries. */
const labelMap = opt(fc.dictionary(labelKey, fc.oneof(fc.constant(''), labelText(63)), { minKeys: 1, maxKeys: 3 }));
const annotationMap = opt(fc.dictionary(labelKey, fc.string({ maxLength: 80 }), { minKeys: 1, maxKeys: 3 }));
/** Node selector keys under a domain the clouds never wire, so they cannot collide with the library's own. */
const nodeSelector = opt(fc.dictionary(labelText(40).map((n) => `nodes.example.com/${n}`), labelText(63), { minKeys: 1, maxKeys: 2 }));

/** A toleration Kubernetes accepts (the Toleration field rules). */
const toleration: fc.Arbitrary<k8s.Toleration> = fc.oneof(
  fc.record({ key: labelKey, operator: fc.constant('Exists'), effect: opt(fc.constantFrom('NoSchedule', 'PreferNoSchedule')) }),
  fc.record({ key: labelKey, operator: opt(fc.constant('Equal')), value: labelText(63), effect: opt(fc.constantFrom('NoSchedule', 'PreferNoSchedule')) }),
  fc.record({ key: labelKey, operator: fc.constant('Exists'), effect: fc.constant('NoExecute'), tolerationSeconds: fc.integer({ min: 0, max: 3600 }) }),
  fc.constant({ operator: 'Exists' }),
).map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as k8s.Toleration);

/** cpu / memory / ephemeral-storage, each with a request, a limit or both (request ≤ limit). */
const resources: fc.Arbitrary<ContainerResources | undefined> = opt(fc.record({
  cpu: opt(fc.tuple(fc.integer({ min: 100, max: 16000 }), fc.integer({ min: 0, max: 16000 }), fc.constantFrom('both', 'request', 'limit'))
    .map(([r, extra, which]) => ({
      ...(which !== 'limit' ? { request: Cpu.millis(r) } : {}),
      ...(which !== 'request' ? { limit: Cpu.millis(r + extra) } : {}),
    }))),
  memory: opt(fc.tuple(fc.integer({ min: 256, max: 65536 }), fc.integer({ min: 0, max: 65536 }), fc.constantFrom('both', 'request', 'limit'))
    .map(([r, extra, which]) => ({
      ...(which !== 'limit' ? { request: Size.mebibytes(r) } : {}),
      ...(which !== 'request' ? { limit: Size.mebibytes(r + extra) } : {}),
    }))),
  ephemeralStorage: opt(fc.integer({ min: 1, max: 200 }).map((g) => ({ request: Size.gibibytes(g) }))),
}));

/** Env names the library never sets: an `APP_` prefix, and no credential word. */
const plainEnvName = fc.stringMatching(/^APP_[A-Z][A-Z0-9_]{0,20}$/).filter((n) => !/TOKEN|SECRET|PASSWORD|PASSWD|APIKEY|API_KEY|CREDENTIAL|_KEY$/.test(n));
/** Credential-named env vars, always from a Secret. */
const CREDENTIAL_ENV = ['OPENAI_API_KEY', 'DB_PASSWORD', 'APP_TOKEN', 'CLIENT_SECRET', 'SIGNING_KEY'];
const env = opt(fc.tuple(
  fc.dictionary(plainEnvName, fc.string({ maxLength: 40 }), { maxKeys: 3 }),
  fc.subarray(CREDENTIAL_ENV, { maxLength: 2 }),
).map(([plain, secret]): Record<string, EnvValue> => ({
  ...Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, EnvValue.fromValue(v)])),
  ...Object.fromEntries(secret.map((k) => [k, EnvValue.fromSecret(SecretRef.fromSecretName('app-secrets'), k)])),
})));

/** A node label key under a domain the clouds never wire (so it cannot collide with the library's own). */
const nodeLabelKey = labelText(40).map((n) => `nodes.example.com/${n}`);
/** A valid affinity: required or preferred node affinity, or preferred pod anti-affinity across zones. */
const affinity: fc.Arbitrary<k8s.Affinity | undefined> = opt(fc.oneof(
  fc.record({ key: nodeLabelKey, values: fc.uniqueArray(labelText(63), { minLength: 1, maxLength: 3 }) })
    .map(({ key, values }): k8s.Affinity => ({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator: 'In', values }] }] } },
    })),
  fc.record({ key: nodeLabelKey, weight: fc.integer({ min: 1, max: 100 }) })
    .map(({ key, weight }): k8s.Affinity => ({
      nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight, preference: { matchExpressions: [{ key, operator: 'Exists' }] } }] },
    })),
  fc.record({ team: labelText(63), weight: fc.integer({ min: 1, max: 100 }) })
    .map(({ team, weight }): k8s.Affinity => ({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight, podAffinityTerm: { topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { 'example.com/team': team } } },
        }],
      },
    })),
));

/** What a user may set on any component: metadata, scheduling, resources and env. */
const componentExtras = fc.record({
  podLabels: labelMap,
  podAnnotations: annotationMap,
  nodeSelector,
  tolerations: opt(fc.array(toleration, { minLength: 1, maxLength: 3 })),
  affinity,
  resources,
  env,
  /** A component name suffix (the prefix keeps names unique across components), or the default. */
  componentName: fc.option(length(12).chain((n) => shaped(n, ALNUM, `${ALNUM}-`, ALNUM)), { nil: undefined, freq: 2 }),
});

/**
 * Security contexts the API server accepts and that do not contradict themselves (no `allowPrivilegeEscalation:
 * false` with privileged or SYS_ADMIN); the clouds' RDMA wiring adds IPC_LOCK to them.
 */
const securityContext: fc.Arbitrary<k8s.SecurityContext | undefined> = opt(fc.constantFrom<k8s.SecurityContext>(
  { capabilities: { add: ['IPC_LOCK'] } },
  { runAsNonRoot: false },
  { allowPrivilegeEscalation: false, capabilities: { add: ['IPC_LOCK'], drop: ['NET_RAW'] } },
  { privileged: true },
  { privileged: true, allowPrivilegeEscalation: true, capabilities: { add: ['SYS_ADMIN'] } },
  { readOnlyRootFilesystem: false, seccompProfile: { type: 'RuntimeDefault' } },
  { runAsUser: 0, runAsGroup: 0 },
));

/**
 * Extended resources (domain-prefixed, a whole count) and huge pages (`hugepages-<size>`, a size), as the library and
 * Kubernetes accept them; none the clouds request themselves (GPUs, EFA, RDMA).
 */
const extraResources = opt(fc.constantFrom<Record<string, string>>(
  { 'example.com/fpga': '1' },
  { 'hugepages-2Mi': '1Gi' },
  { 'example.com/fpga': '2', 'hugepages-1Gi': '2Gi' },
));

/** What a user may set on a worker pool besides the component extras: the container's security context, extra resources and engine flags. */
const poolExtras = fc.record({
  securityContext,
  extraResources,
  /** Picks the backend's engine flags (taken modulo its list in {@link EXTRA_ARGS}). */
  extraArgsPick: opt(fc.nat()),
});

/**
 * Engine flags each backend takes that the library neither generates nor owns (lib/backends/*: `flags.props`,
 * `flags.owned`), so `extraArgs` may pass them.
 */
const EXTRA_ARGS: ReadonlyArray<readonly [Backend, readonly (readonly string[])[]]> = [
  [Backend.vllm(), [['--enforce-eager'], ['--no-enable-prefix-caching'], ['--max-num-batched-tokens', '8192']]],
  [Backend.sglang(), [['--chunked-prefill-size', '8192'], ['--watchdog-timeout', '3600'], ['--disable-radix-cache']]],
  [Backend.trtllm(), [['--dyn-reasoning-parser', 'nemotron_nano'], ['--dyn-tool-call-parser', 'hermes']]],
];

/** The clouds, each with the options a real user passes (examples/). */
const CLOUD_IDS = ['generic', 'eks', 'eksAutoMode', 'gke', 'aks'] as const;
type CloudId = typeof CLOUD_IDS[number];

export const wideProps = fc.record({
  base: validProps,
  /** The DGD name, up to 63 characters. */
  name: dns1035(63),
  /** The namespace prop (else the chart's `llm`), up to 63 characters. */
  namespace: opt(dns1123(63)),
  cloud: fc.constantFrom(...CLOUD_IDS),
  /** Picks among the cloud's shapes that fit (taken modulo the candidates). */
  shapePick: fc.nat(),
  capacityPick: fc.nat(),
  eksIds: fc.boolean(),
  bottlerocket: fc.boolean(),
  gpuTolerations: fc.boolean(),
  labels: labelMap,
  annotations: annotationMap,
  frontend: componentExtras,
  prefill: componentExtras,
  decode: componentExtras,
  prefillPool: poolExtras,
  decodePool: poolExtras,
  /** The planner's component name suffix (with the `planner` scaling of the base case), or the default `Planner`. */
  plannerName: fc.option(length(12).chain((n) => shaped(n, ALNUM, `${ALNUM}-`, ALNUM)), { nil: undefined, freq: 2 }),
  /** Render the DGD as v1alpha1 on a release that serves v1beta1 (>= 1.2), so that the HEAD CRD's v1alpha1 schema and CEL rules run. */
  alpha: fc.boolean(),
  /** The download Job's resources and deadline, where the model cache runs one (an existing claim is given one). */
  download: opt(fc.record({ resources, timeoutMinutes: opt(fc.integer({ min: 1, max: 1440 })) })),
  sharedMemoryGi: opt(fc.integer({ min: 0, max: 64 })),
  ingress: fc.constantFrom('none', 'plain', 'host', 'internal'),
  ingressTimeout: opt(fc.integer({ min: 60, max: 4000 })),
  ingressAnnotations: annotationMap,
  /** Who may call through the ingress: nothing, the cloud's own load balancer, or Envoy (AI) Gateway in front. */
  access: fc.constantFrom('none', 'native', 'envoy', 'envoyAi'),
  accessCredential: fc.constantFrom('apiKeys', 'jwt', 'open'),
  accessRanges: opt(fc.constantFrom(['203.0.113.0/24'], ['10.0.0.0/8', '2001:db8::/32'])),
  requestsPerMinute: opt(fc.integer({ min: 1, max: 100000 })),
  tokensPerMinute: opt(fc.integer({ min: 1, max: 10000000 })),
  compilationCache: fc.constantFrom('none', 'default', 'path'),
  modelCacheMount: opt(fc.constantFrom('/models', '/opt/hf', '/data/model-cache')),
  modelRevision: opt(fc.stringMatching(/^[0-9a-f]{40}$/)),
  servedModelName: opt(fc.constantFrom('llm', 'my-model', 'Qwen3')),
  imagePullSecrets: fc.boolean(),
});

/** One wide case. */
export type WideCase = typeof wideProps extends fc.Arbitrary<infer T> ? T : never;

const SHAPES: Readonly<Record<Exclude<CloudId, 'generic'>, readonly MachineShape[]>> = { eks: EKS_SHAPES, eksAutoMode: EKS_SHAPES, gke: GKE_SHAPES, aks: AKS_SHAPES };
/** The capacity types every provisioning cloud offers without more options (GKE's reserved needs reservations). */
const CAPACITY: readonly CapacityType[] = [CapacityType.ON_DEMAND, CapacityType.SPOT];

function cloudOf(w: WideCase, ibPools: readonly string[]): Cloud {
  switch (w.cloud) {
    case 'eks': {
      const ids = w.eksIds
        ? { instanceProfile: 'KarpenterNodeInstanceProfile', subnetIds: ['subnet-0123456789abcdef0'], securityGroupIds: ['sg-0123456789abcdef0'] }
        : { nodeRole: 'KarpenterNodeRole-prod', subnetTags: { 'karpenter.sh/discovery': 'prod' }, securityGroupTags: { 'karpenter.sh/discovery': 'prod' } };
      return Cloud.eks({ ami: w.bottlerocket ? EksAmi.bottlerocket('v1.45.0') : EksAmi.al2023('v20250821'), ...ids });
    }
    // A custom NodeClass (role, subnets, security groups, ephemeral storage) or the built-in default one.
    case 'eksAutoMode': return Cloud.eksAutoMode(w.eksIds
      ? { nodeRole: 'AmazonEKSAutoNodeRole', subnetIds: ['subnet-0123456789abcdef0'], securityGroupIds: ['sg-0123456789abcdef0'], ephemeralStorageSize: Size.gibibytes(500) }
      : {});
    case 'gke': return Cloud.gke();
    case 'aks': return Cloud.aks(ibPools.length > 0 ? { nodePools: Object.fromEntries(ibPools.map((p) => [p, 'ndpool'])) } : {});
    default: return Cloud.generic();
  }
}

/** Fits a pool to a machine: its GPUs per node at most the machine's, the parallel sizes re-derived. */
function fitPool(pool: WorkerPoolOptions, shape: MachineShape): WorkerPoolOptions {
  const gpus = Math.min(pool.gpus ?? 1, shape.gpuCount);
  const nodes = pool.nodes ?? 1;
  const pp = (nodes * gpus) % (pool.pipelineParallelSize ?? 1) === 0 ? pool.pipelineParallelSize : 1;
  const { tensorParallelSize: tp, ...rest } = pool;
  return { ...rest, gpus, pipelineParallelSize: pp, ...(tp !== undefined ? { tensorParallelSize: (nodes * gpus) / (pp ?? 1) } : {}), machineType: shape.name };
}

/** The provisioning clouds' pools: one machine shape for every pool (so KV peers share a fabric) and capacity types. */
function placePools(w: WideCase, pools: Record<string, WorkerPoolOptions>, disaggregated: boolean):
  { pools: Record<string, WorkerPoolOptions>; cloud: Cloud; allowTcp: boolean } {
  if (w.cloud === 'generic') throw new Error('generic clouds keep their pools');
  const catalog = SHAPES[w.cloud];
  const need = Math.max(...Object.values(pools).map((p) => p.gpus ?? 1));
  const fitting = catalog.filter((s) => s.gpuCount >= need);
  const candidates = fitting.length > 0 ? fitting : catalog;
  const shape = candidates[w.shapePick % candidates.length];
  const capacityTypes = w.capacityPick % 3 === 0 ? undefined : w.capacityPick % 3 === 1 ? [CAPACITY[1]] : [...CAPACITY];
  const placed = Object.fromEntries(Object.entries(pools).map(([k, p]) => [k, { ...fitPool(p, shape), ...(capacityTypes ? { capacityTypes } : {}) }]));
  const ib = shape.fabric === RdmaFabric.INFINIBAND
    ? Object.entries(placed).filter(([, p]) => disaggregated || (p.nodes ?? 1) > 1).map(([k]) => k) : [];
  return { pools: placed, cloud: cloudOf(w, ib), allowTcp: disaggregated && !shape.fabric.nixlUsable };
}

const JWT_PROPS = { issuer: 'https://login.example.com/', audiences: ['llm'], jwksUri: 'https://login.example.com/.well-known/jwks.json' };

/** Envoy (AI) Gateway serves the frontend through a Gateway: HTTPS with a TLS Secret for a host, no `internal`. */
function envoyIngressOf(w: WideCase): LlmIngressOptions {
  const controller = w.access === 'envoyAi' ? IngressController.envoyAiGateway() : IngressController.envoyGateway();
  const timeout = w.ingressTimeout !== undefined ? { timeout: Duration.seconds(w.ingressTimeout) } : {};
  const annotations = w.ingressAnnotations !== undefined ? { annotations: w.ingressAnnotations } : {};
  const host = w.ingress === 'host' ? { host: 'llm.example.com', tlsSecret: SecretRef.fromSecretName('llm-tls') } : {};
  return { controller, ...host, ...timeout, ...annotations };
}

/**
 * The case's `access`, valid for the ingress it gets: with Envoy any credential and limits (tokens
 * with Envoy AI Gateway only); on the clouds' own load balancers what each enforces (docs/access.md).
 */
function accessOf(w: WideCase, ingress: LlmIngressOptions | undefined): EndpointAccess | undefined {
  if (w.access === 'none' || ingress === undefined) return undefined;
  const ranges = w.accessRanges !== undefined ? { allowedSourceRanges: [...w.accessRanges] } : {};
  if (w.access === 'envoy' || w.access === 'envoyAi') {
    const limits = {
      ...(w.requestsPerMinute !== undefined ? { requestsPerMinute: w.requestsPerMinute } : {}),
      ...(w.access === 'envoyAi' && w.tokensPerMinute !== undefined ? { tokensPerMinute: w.tokensPerMinute } : {}),
    };
    if (w.accessCredential === 'apiKeys') return EndpointAccess.apiKeys({ secret: SecretRef.fromSecretName('llm-api-keys'), ...ranges, ...limits });
    if (w.accessCredential === 'jwt') return EndpointAccess.jwt({ ...JWT_PROPS, ...ranges, ...limits });
    return Object.keys({ ...ranges, ...limits }).length > 0 ? EndpointAccess.open({ ...ranges, ...limits }) : undefined;
  }
  const https = ingress.host !== undefined;
  switch (w.cloud) {
    // The ALB authenticates on HTTPS only; an IPv6 range needs a dual-stack ALB.
    case 'eks': return https ? EndpointAccess.jwt({ ...JWT_PROPS, allowedSourceRanges: ['203.0.113.0/24'] }) : EndpointAccess.open({ allowedSourceRanges: ['203.0.113.0/24'] });
    case 'eksAutoMode': return EndpointAccess.open({ allowedSourceRanges: ['203.0.113.0/24'] });
    // IAP needs HTTPS; Cloud Armor the external class.
    case 'gke': return https ? EndpointAccess.iap(ingress.internal ? {} : { cloudArmorPolicy: 'llm-armor' }) : undefined;
    case 'aks': return EndpointAccess.open({ allowedSourceRanges: [...(w.accessRanges ?? ['203.0.113.0/24'])] });
    default: return undefined;
  }
}

function ingressOf(w: WideCase): LlmIngressOptions | undefined {
  if (w.ingress === 'none') return undefined;
  if (w.access === 'envoy' || w.access === 'envoyAi') return envoyIngressOf(w);
  // The library applies a timeout and `internal` where it knows the load balancer: EKS (ALB) and GKE (Gateway policies).
  const applied = w.cloud === 'eks' || w.cloud === 'eksAutoMode' || w.cloud === 'gke';
  const timeout = w.ingressTimeout !== undefined && applied ? { timeout: Duration.seconds(w.ingressTimeout) } : {};
  const annotations = w.ingressAnnotations !== undefined ? { annotations: w.ingressAnnotations } : {};
  if (w.ingress === 'internal') return applied ? { internal: true, ...timeout, ...annotations } : { ...annotations };
  if (w.ingress === 'plain') return { ...timeout, ...annotations };
  // EKS takes its certificate from ACM; the other clouds from a TLS Secret.
  const tls = w.cloud === 'eks' || w.cloud === 'eksAutoMode' ? {} : { tlsSecret: SecretRef.fromSecretName('llm-tls') };
  return { host: 'llm.example.com', ...tls, ...timeout, ...annotations };
}

/** A component's extras as props, its name made unique by a per-component prefix. */
function extrasOf(x: WideCase['frontend'], prefix: string): Partial<WorkerPoolOptions> {
  const { componentName, ...rest } = x;
  const set = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return { ...set, ...(componentName !== undefined ? { componentName: `${prefix}${componentName}` } : {}) };
}

/** A pool's own extras as props: security context, extra resources, and engine flags of its backend. */
function poolExtrasOf(x: WideCase['prefillPool'], backend: Backend): Partial<WorkerPoolOptions> {
  const flags = EXTRA_ARGS.find(([b]) => b === backend)?.[1] ?? [];
  return {
    ...(x.securityContext !== undefined ? { securityContext: x.securityContext } : {}),
    ...(x.extraResources !== undefined ? { extraResources: x.extraResources } : {}),
    ...(x.extraArgsPick !== undefined && flags.length > 0 ? { extraArgs: [...flags[x.extraArgsPick % flags.length]] } : {}),
  };
}

/** The model cache of the base case, at the case's mount path when it sets one, with the case's download Job settings. */
function modelCacheOf(w: WideCase, base: ModelCache | undefined): ModelCache | undefined {
  if (base === undefined || (w.modelCacheMount === undefined && w.download === undefined)) return base;
  const mountPath = w.modelCacheMount;
  const download = w.download === undefined ? {} : {
    ...(w.download.resources !== undefined ? { downloadResources: w.download.resources } : {}),
    ...(w.download.timeoutMinutes !== undefined ? { downloadTimeout: Duration.minutes(w.download.timeoutMinutes) } : {}),
  };
  return w.base.cache === 'existing'
    // An existing claim runs the download Job only when asked to: the case's download settings ask for it.
    ? ModelCache.fromExistingClaim('model-cache', { mountPath, ...(w.download !== undefined ? { downloadJob: true, ...download } : {}) })
    : ModelCache.newVolume({ storageClass: 'rwx', size: Size.gibibytes(100), mountPath, ...download });
}

/** The pattern and its props for a wide case. */
export function wideCaseProps(w: WideCase): ReturnType<typeof caseProps> {
  const c = caseProps(w.base);
  const disaggregated = c.pattern === 'disaggregated';
  const { kvTransfer, nixlBackend, allowTcpKvTransfer, cloud, ...p } = c.props as DisaggregatedLlmProps & AggregatedLlmProps;
  const poolKeys = disaggregated ? ['prefill', 'decode'] as const : ['workers'] as const;
  const shm = w.sharedMemoryGi !== undefined ? { sharedMemorySize: Size.gibibytes(w.sharedMemoryGi) } : {};
  const prefix = { prefill: 'Pf', decode: 'Dc', workers: 'Wk' } as const;
  const backend = c.props.backend ?? Backend.vllm();
  let pools: Record<string, WorkerPoolOptions> = Object.fromEntries(poolKeys.map((k) => [k, {
    ...p[k], ...shm, ...extrasOf(k === 'prefill' ? w.prefill : w.decode, prefix[k]), ...poolExtrasOf(k === 'prefill' ? w.prefillPool : w.decodePool, backend),
  }]));
  let placement: Partial<DisaggregatedLlmProps>;
  if (w.cloud === 'generic') {
    const gpuTolerations = w.gpuTolerations ? Cloud.generic({ gpuTolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] }) : undefined;
    const kept = { kvTransfer, nixlBackend, allowTcpKvTransfer, cloud: cloud ?? gpuTolerations };
    placement = Object.fromEntries(Object.entries(kept).filter(([, v]) => v !== undefined));
  } else {
    // The provisioning clouds pick the KV transfer from the machines' fabric.
    const placed = placePools(w, pools, disaggregated);
    pools = placed.pools;
    placement = { cloud: placed.cloud, ...(placed.allowTcp ? { allowTcpKvTransfer: true } : {}) };
  }
  const compilationCache = w.compilationCache === 'none' ? undefined
    // The operator knows a default path only for vLLM: the other backends need one (a named error otherwise).
    : CompilationCache.fromExistingClaim('compile-cache', w.compilationCache === 'path' || backend !== Backend.vllm() ? { mountPath: '/cache/compile' } : {});
  // v1alpha1 is the default below 1.2, where v1beta1 is not served; above, the case may ask for it.
  const alpha = w.alpha && !w.base.dynamoVersion.isOlderThan(DynamoVersion.V1_2_0) ? { apiVersion: DgdApiVersion.V1ALPHA1 } : {};
  const planner = p.planner !== undefined && w.plannerName !== undefined
    ? { planner: Planner.sla({ ttftMs: 400, itlMs: 40, maxGpus: 64, componentName: `Pl${w.plannerName}` }) } : {};
  const ingress = ingressOf(w);
  const props = {
    ...p,
    ...alpha,
    ...planner,
    ...placement,
    ...pools,
    name: w.name,
    ...(w.namespace !== undefined ? { namespace: w.namespace } : {}),
    frontend: { ...p.frontend, ...extrasOf(w.frontend, 'Fe') },
    labels: w.labels,
    annotations: w.annotations,
    ingress,
    access: accessOf(w, ingress),
    compilationCache,
    modelCache: modelCacheOf(w, p.modelCache),
    // TensorRT-LLM serves a pinned revision from the model cache only.
    modelRevision: w.base.backend !== Backend.trtllm() || p.modelCache !== undefined ? w.modelRevision : undefined,
    servedModelName: w.servedModelName,
    imagePullSecrets: w.imagePullSecrets ? [SecretRef.fromSecretName('regcred')] : undefined,
  };
  return disaggregated
    ? { pattern: 'disaggregated', props: props as DisaggregatedLlmProps }
    : { pattern: 'aggregated', props: props as AggregatedLlmProps };
}
