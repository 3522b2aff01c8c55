import { isCommitSha } from '../backends/flags';
import { DgdHorizontalPodAutoscaler } from '../autoscaling/dgd-horizontal-pod-autoscaler';
import { DgdScaledObject } from '../autoscaling/dgd-scaled-object';
import { carriesOverRdma } from '../cloud/kv-transfer';
import { RdmaFabric } from '../cloud/rdma-fabric';
import { KvTransfer } from '../core/kv-transfer';
import { PlatformInstalls } from '../platform/served-platform';
import { describeIngress } from './ingress-description';
import { field, numberAt, text } from './manifest-fields';
import { describeNodePool } from './node-pool-description';
import { TopologyInput, TopologyPoolInput } from './topology-input';
import { TopologyEdge, TopologyNode, TopologyScaler, TopologyWorkerPool } from './topology-model';

/** The nodes and edges of a topology. @internal */
export interface TopologyGraph {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
}

const POOL_TITLES: Readonly<Record<TopologyWorkerPool['role'], string>> = {
  aggregated: 'Workers',
  prefill: 'Prefill workers',
  decode: 'Decode workers',
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The planner's `--config` (ttft_ms, itl_ms, max_gpu_budget, min_endpoint), as the component's args carry it. */
function plannerConfig(input: TopologyInput): Record<string, unknown> | undefined {
  const args = input.planner?._state.args ?? [];
  const at = args.indexOf('--config');
  if (at < 0 || at + 1 >= args.length) return undefined;
  try {
    const parsed: unknown = JSON.parse(args[at + 1]);
    return typeof parsed === 'object' && parsed !== null ? parsed as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/** Who owns a pool's replicas, and the range it keeps them in. */
function scaling(input: TopologyInput, pool: TopologyPoolInput): Pick<TopologyWorkerPool, 'replicas' | 'scaledBy' | 'minReplicas' | 'maxReplicas'> {
  const a = pool.autoscaler;
  const spec = a instanceof DgdScaledObject || a instanceof DgdHorizontalPodAutoscaler ? field(a.object.toJson(), 'spec') : undefined;
  if (a instanceof DgdScaledObject) return scaled('KEDA', numberAt(spec, 'minReplicaCount'), numberAt(spec, 'maxReplicaCount'));
  if (a instanceof DgdHorizontalPodAutoscaler) return scaled('HPA', numberAt(spec, 'minReplicas'), numberAt(spec, 'maxReplicas'));
  const state = pool.component._state;
  if (input.planner && state.replicasOwnedByAdapter) {
    const min = plannerConfig(input)?.min_endpoint;
    return scaled('planner', typeof min === 'number' ? min : undefined, undefined);
  }
  return { replicas: state.replicas };
}

function scaled(scaledBy: TopologyScaler, minReplicas: number | undefined, maxReplicas: number | undefined): Pick<TopologyWorkerPool, 'scaledBy' | 'minReplicas' | 'maxReplicas'> {
  return { scaledBy, ...(minReplicas !== undefined ? { minReplicas } : {}), ...(maxReplicas !== undefined ? { maxReplicas } : {}) };
}

/**
 * RDMA devices per pod: the sum of the quantities of the extended resources the wiring names as the
 * fabric's devices (`PoolWiring.rdmaResources`); hugepages, GKE's `<network>.IP` and any other
 * resource are not devices. Undefined when the wiring names none, or one it does not request as a
 * whole number.
 */
function rdmaDevices(pool: TopologyPoolInput): number | undefined {
  const names = pool.wiring.rdmaResources ?? [];
  const quantities = names.map((name) => pool.wiring.extraResources?.[name]);
  if (names.length === 0 || !quantities.every((q) => q !== undefined && /^\d+$/.test(q))) return undefined;
  return quantities.reduce((n, q) => n + Number(q), 0);
}

/** A pool's facts, from its component, layout, cloud wiring and scaler. */
function poolFacts(input: TopologyInput, pool: TopologyPoolInput, nodePool: string | undefined, capacityTypes: readonly string[]): TopologyWorkerPool {
  const l = pool.layout;
  const fabric = pool.wiring.fabric;
  const devices = fabric && fabric !== RdmaFabric.NONE ? rdmaDevices(pool) : undefined;
  return {
    prop: pool.prop,
    role: pool.role,
    componentName: pool.component.name,
    backend: input.backend,
    ...scaling(input, pool),
    gpusPerNode: l.gpusPerNode,
    nodesPerWorker: l.nodes,
    tensorParallelSize: l.tensorParallelSize,
    pipelineParallelSize: l.pipelineParallelSize,
    dataParallelSize: l.dataParallelSize,
    ...(l.expertParallelSize !== undefined ? { expertParallelSize: l.expertParallelSize } : {}),
    ...(fabric && fabric !== RdmaFabric.NONE ? { rdmaFabric: fabric.displayName } : {}),
    ...(devices !== undefined ? { rdmaDevices: devices } : {}),
    machineTypes: (pool.placement?.shapes ?? []).map((s) => s.name),
    ...(nodePool !== undefined ? { nodePool } : {}),
    capacityTypes,
    ...(pool.capacity !== undefined ? { capacity: pool.capacity } : {}),
  };
}

/** The detail lines of a pool box: component and backend, workers × GPUs and who scales them, parallelism, RDMA. */
function poolDetails(p: TopologyWorkerPool): string[] {
  // A multi-node worker: `1 worker × 2 nodes`, then `4 GPU per node`.
  const multinode = p.nodesPerWorker > 1;
  const shape = multinode ? `${p.nodesPerWorker} nodes` : `${p.gpusPerNode} GPU`;
  const perNode = multinode ? [`${p.gpusPerNode} GPU per node`] : [];
  let workers: string[];
  if (p.scaledBy === undefined) workers = [`${plural(p.replicas ?? 1, 'worker')} × ${shape}`, ...perNode];
  else {
    const range = p.maxReplicas !== undefined ? `${p.minReplicas ?? 0}–${p.maxReplicas} ` : p.minReplicas !== undefined ? `${p.minReplicas}+ ` : '';
    workers = [`${range}workers × ${shape}`, ...perNode, `scaled by ${p.scaledBy}`];
  }
  const parallel = [`TP ${p.tensorParallelSize}`];
  if (p.pipelineParallelSize > 1) parallel.push(`PP ${p.pipelineParallelSize}`);
  if (p.dataParallelSize > 1) parallel.push(`DP ${p.dataParallelSize}`);
  if (p.expertParallelSize !== undefined) parallel.push(`EP ${p.expertParallelSize}`);
  const rdma = p.rdmaFabric !== undefined ? [`${p.rdmaFabric}${p.rdmaDevices !== undefined ? ` × ${p.rdmaDevices}` : ''}`] : [];
  const kv = p.capacity !== undefined ? [`KV cache ${p.capacity.kvCacheTokensPerWorker.toLocaleString('en-US')} tokens per worker`] : [];
  return [`${p.componentName} · ${p.backend}`, ...workers, parallel.join(' · '), ...rdma, ...kv];
}

/** The KV-transfer edge label: `KV cache · NIXL LIBFABRIC · over AWS EFA`, or `over TCP` without RDMA. */
function kvLabel(kv: KvTransfer, fabric: RdmaFabric | undefined): string {
  const engine = kv.kind === 'nixl' ? `NIXL${kv.nixlPlugin ? ` ${kv.nixlPlugin.name}` : ''}` : kv.displayName;
  const over = fabric && carriesOverRdma(kv, fabric) ? fabric.displayName : 'TCP';
  return `KV cache · ${engine} · over ${over}`;
}

/** The worker pools, the nodes they run on, and the KV transfer between prefill and decode. */
function poolParts(input: TopologyInput): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  const nodes: TopologyNode[] = [];
  const nodeBoxes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  const boxByKey = new Map<string, string>();
  const placements: TopologyEdge[] = [];
  for (const pool of input.pools) {
    const id = `pool_${pool.prop}`;
    const where = describeNodePool(pool);
    const facts = poolFacts(input, pool, where?.name, where?.capacityTypes ?? []);
    nodes.push({ id, kind: 'workers', title: POOL_TITLES[pool.role], details: poolDetails(facts), parent: 'dgd', pool: facts });
    edges.push({ from: 'frontend', to: id, kind: 'request' });
    if (!where) continue;
    let box = boxByKey.get(where.key);
    if (box === undefined) {
      box = `nodes_${pool.prop}`;
      boxByKey.set(where.key, box);
      nodeBoxes.push({ id: box, kind: 'nodePool', title: where.title, details: where.details });
    }
    placements.push({ from: id, to: box, kind: 'placement' });
  }
  const prefill = input.pools.find((p) => p.role === 'prefill');
  const decode = input.pools.find((p) => p.role === 'decode');
  if (prefill && decode) {
    edges.push({ from: `pool_${prefill.prop}`, to: `pool_${decode.prop}`, kind: 'kvTransfer', label: kvLabel(input.kvTransfer, prefill.wiring.fabric) });
  }
  return { nodes: [...nodes, ...nodeBoxes], edges: [...edges, ...placements] };
}

/** The planner and the pools it scales. */
function plannerParts(input: TopologyInput, pools: readonly TopologyNode[]): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  if (!input.planner) return { nodes: [], edges: [] };
  const config = plannerConfig(input) ?? {};
  const targets = [
    typeof config.ttft_ms === 'number' ? `TTFT ${config.ttft_ms} ms` : undefined,
    typeof config.itl_ms === 'number' ? `ITL ${config.itl_ms} ms` : undefined,
  ].filter((t): t is string => t !== undefined);
  const details = [
    ...(input.planner.name !== 'Planner' ? [input.planner.name] : []),
    ...(targets.length > 0 ? [targets.join(' · ')] : []),
    ...(typeof config.max_gpu_budget === 'number' ? [`GPU budget ${config.max_gpu_budget}`] : []),
  ];
  const scaledPools = pools.filter((n) => n.pool?.scaledBy === 'planner');
  return {
    nodes: [{ id: 'planner', kind: 'planner', title: 'SLA planner', details, parent: 'dgd' }],
    edges: scaledPools.map((n) => ({ from: 'planner', to: n.id, kind: 'scaling', label: 'scales' })),
  };
}

/** Each pool's KEDA ScaledObject or HPA. */
function autoscalerParts(input: TopologyInput): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  for (const pool of input.pools) {
    const a = pool.autoscaler;
    if (!(a instanceof DgdScaledObject || a instanceof DgdHorizontalPodAutoscaler)) continue;
    const keda = a instanceof DgdScaledObject;
    const spec = field(a.object.toJson(), 'spec');
    const metrics = Object.keys(keda ? a.queries : a.externalMetricQueries).length;
    const wait = keda ? numberAt(spec, 'cooldownPeriod') : numberAt(spec, 'behavior', 'scaleDown', 'stabilizationWindowSeconds');
    const id = `autoscaler_${pool.prop}`;
    nodes.push({
      id,
      kind: 'autoscaler',
      title: keda ? 'KEDA ScaledObject' : 'HorizontalPodAutoscaler',
      details: [
        keda ? plural(metrics, 'Prometheus trigger') : plural(metrics, 'External metric'),
        ...(wait !== undefined ? [`${keda ? 'cooldown' : 'scale-down window'} ${wait} s`] : []),
      ],
    });
    edges.push({ from: id, to: `pool_${pool.prop}`, kind: 'scaling', label: 'scales' });
  }
  return { nodes, edges };
}

/** The PodMonitors, dashboard and alert rules, when `observability` is set. */
function observabilityNode(input: TopologyInput): TopologyNode | undefined {
  const details: string[] = [];
  const monitors = input.podMonitors?.podMonitors.length ?? 0;
  if (monitors > 0) details.push(plural(monitors, 'PodMonitor'));
  const dashboardKind = input.dashboard?.object.kind;
  if (dashboardKind) details.push(dashboardKind === 'ConfigMap' ? 'Grafana dashboard ConfigMap' : `${dashboardKind} (Grafana)`);
  if (input.alertRules) details.push(`PrometheusRule · ${plural(input.alertRules.alertNames.length, 'alert')}`);
  if (!input.podMonitors && !input.dashboard && !input.alertRules) return undefined;
  return { id: 'observability', kind: 'observability', title: 'Observability', details };
}

/** The model cache claim (size, access mode, storage) and its download Job. */
function modelCacheNode(input: TopologyInput): TopologyNode | undefined {
  const claimName = input.modelCacheClaimName;
  if (claimName === undefined) return undefined;
  const details: string[] = [];
  const claim = input.modelCacheClaim?.toJson();
  if (claim) {
    details.push(claimName);
    const size = text(claim, 'spec', 'resources', 'requests', 'storage');
    const modes = field(claim, 'spec', 'accessModes');
    const provisioner = text(input.modelCacheStorageClass?.toJson(), 'provisioner');
    const className = text(claim, 'spec', 'storageClassName');
    const storage = provisioner ?? (className !== undefined ? `class ${className}` : undefined);
    details.push([size, Array.isArray(modes) ? modes.join(', ') : undefined, storage].filter((s) => s !== undefined).join(' · '));
  } else {
    details.push(claimName, 'an existing claim');
  }
  if (input.downloadJob) {
    const r = input.modelRevision;
    details.push(`download Job · ${r === undefined ? 'unpinned revision' : `revision ${isCommitSha(r) ? r.slice(0, 7) : r}`}`);
  }
  return { id: 'model_cache', kind: 'modelCache', title: 'Model cache (PVC)', details };
}

/** How the platform chart gets a scheduler it can bundle, in a few words. */
const BUNDLED: Readonly<Record<PlatformInstalls['grove'], string>> = { install: 'bundled', external: 'external', off: 'off' };

/**
 * The Dynamo platform the graph runs on: its release and namespace, then what the library installs
 * (Grove and the KAI scheduler, each add-on, the delivery) or, for a platform it did not install,
 * the device resources declared for it. Only what the platform object holds.
 */
function platformNode(input: TopologyInput): TopologyNode | undefined {
  const platform = input.platform;
  if (platform === undefined) return undefined;
  const installs = platform._serving?.installs;
  const restricted = platform._serving?.restrictedTo;
  const details = installs
    ? [
      `namespace ${platform.namespace}`,
      `Grove ${BUNDLED[installs.grove]} · KAI scheduler ${BUNDLED[installs.kaiScheduler]}`,
      ...installs.addons.map((a) => `+ ${a}`),
      `Helm releases via ${installs.delivery}`,
    ]
    : [
      `existing platform in ${platform.namespace}`,
      ...(platform.deviceResources !== undefined && platform.deviceResources.length > 0 ? [`device resources ${platform.deviceResources.join(' · ')}`] : []),
    ];
  if (restricted !== undefined) details.push(`operator watches only ${restricted}`);
  return { id: 'platform', kind: 'platform', title: `Dynamo platform ${platform.version.version}`, details };
}

/**
 * The topology of a pattern from what it built: clients and ingress → the DynamoGraphDeployment
 * (frontend, worker pools, planner) → the nodes each pool runs on, with the KV transfer between
 * prefill and decode, the autoscalers, observability, the model cache and the Dynamo platform
 * beside it. A fact the constructs do not hold is left out, never guessed.
 * @internal
 */
export function buildTopology(input: TopologyInput): TopologyGraph {
  const dgd = input.dgd;
  const described = describeIngress(input.ingress);
  const ingress = described && input.access !== undefined ? { ...described, details: [...described.details, `access: ${input.access}`] } : described;
  const frontendReplicas = input.frontend._state.replicas;
  const nodes: TopologyNode[] = [
    {
      id: 'clients',
      kind: 'clients',
      title: ingress ? 'Clients' : 'Clients in the cluster',
      details: ['OpenAI API · /v1', `model ${input.servedModelName}`],
    },
    ...(ingress ? [{ id: 'ingress', kind: 'ingress' as const, ...ingress }] : []),
    { id: 'dgd', kind: 'deployment', title: `DynamoGraphDeployment ${dgd.name}`, details: [`namespace ${dgd.namespace} · Dynamo ${dgd.dynamoVersion.version} · ${input.backend}`] },
    {
      id: 'frontend',
      kind: 'frontend',
      title: input.frontend.name === 'Frontend' ? 'Frontend' : `Frontend ${input.frontend.name}`,
      details: [`${plural(frontendReplicas, 'replica')} · router ${input.routerMode}`, `OpenAI HTTP :${input.frontendPort}`],
      parent: 'dgd',
    },
  ];
  const edges: TopologyEdge[] = ingress
    ? [{ from: 'clients', to: 'ingress', kind: 'request' }, { from: 'ingress', to: 'frontend', kind: 'request' }]
    : [{ from: 'clients', to: 'frontend', kind: 'request' }];
  const pools = poolParts(input);
  const planner = plannerParts(input, pools.nodes);
  const autoscalers = autoscalerParts(input);
  const observability = observabilityNode(input);
  const cache = modelCacheNode(input);
  const platform = platformNode(input);
  nodes.push(...planner.nodes, ...pools.nodes, ...autoscalers.nodes, ...(observability ? [observability] : []), ...(cache ? [cache] : []), ...(platform ? [platform] : []));
  edges.push(...pools.edges, ...planner.edges, ...autoscalers.edges);
  if (cache) edges.push({ from: 'model_cache', to: 'dgd', kind: 'weights', label: 'model weights' });
  if (observability) edges.push({ from: 'observability', to: 'dgd', kind: 'metrics', label: 'metrics' });
  if (platform) edges.push({ from: 'platform', to: 'dgd', kind: 'operates', label: 'operator reconciles' });
  return { nodes, edges };
}
