import type { EndpointAccessCard } from '../access/access-card';
import { ParallelLayout } from '../backends/backend-definition';
import { isCommitSha } from '../backends/flags';
import { ComponentType } from '../core/component-type';
import { sizeQuantity } from '../core/quantity';
import { shellCommand } from '../core/shell';
import { DynamoComponent } from '../dgd/dynamo-component';
import { DynamoGraphDeployment } from '../dgd/dynamo-graph-deployment';
import { PoolCapacity, PrefillDecodeRatio } from '../sizing/pool-capacity';
import { FRONTEND_PORT } from './llm-graph';

/** The resources of one replica of a component. */
export interface ComponentShape {
  /** GPUs per node (0 for the frontend). */
  readonly gpusPerNode: number;
  /** Nodes per replica (more than 1 for a multi-node worker). */
  readonly nodes: number;
  /** GPUs per replica: `nodes × gpusPerNode`. */
  readonly gpus: number;
  /** Tensor parallel size (workers only). */
  readonly tensorParallelSize?: number;
  /** Pipeline parallel size (workers only). */
  readonly pipelineParallelSize?: number;
  /** Data parallel size (workers only). */
  readonly dataParallelSize?: number;
  /** Expert parallel size, when set. */
  readonly expertParallelSize?: number;
  /** The CPU request, when set. */
  readonly cpu?: string;
  /** The memory request, when set. */
  readonly memory?: string;
  /** Other extended resources per pod (e.g. RDMA devices). */
  readonly extraResources: Record<string, string>;
  /** One line, e.g. `2 nodes × 4 GPU, TP 8` or `CPU only`. */
  readonly summary: string;
}

/** One component of an endpoint: how many replicas, of what shape. */
export interface ComponentCard {
  /** The component name in the DynamoGraphDeployment, e.g. `VllmDecodeWorker`. */
  readonly componentName: string;
  /** The declared replicas (the initial count when autoscaled). */
  readonly replicas: number;
  /** Whether a scaling adapter (HPA, KEDA or the planner) owns the replicas. */
  readonly autoscaled: boolean;
  /** The shape of one replica. */
  readonly shape: ComponentShape;
  /** One line, e.g. `4 × 4 GPU, TP 4`. */
  readonly summary: string;
  /**
   * Where the cloud profile places a worker pool and how it is wired, e.g.
   * `p5.48xlarge (8 × NVIDIA H100 80GB, AWS EFA), EFA × 16, NIXL LIBFABRIC`; absent when the profile has nothing to say.
   */
  readonly placement?: string;
  /**
   * What one worker holds, estimated from the model's architecture, the GPU, the parallel layout
   * and the engine's memory settings (docs/sizing.md); absent when the architecture or the GPU is
   * unknown (the card's `warnings` then say so).
   */
  readonly capacity?: PoolCapacity;
}

/** What the endpoint card shows for a model without `modelRevision`. */
export const UNPINNED_MODEL_REVISION = 'unpinned (default branch at download time)';

/**
 * What an endpoint is, at a glance: the card a console shows for a served model. Identical for the
 * cdk8s and Pulumi engines, since both compute it from the same construct.
 */
export interface EndpointCard {
  /** The name clients send as `model` (the served model name). */
  readonly displayName: string;
  /** The model id or path the workers load. */
  readonly model: string;
  /**
   * The model revision the workers (and the download Job) load: `modelRevision` as set, or
   * `unpinned (default branch at download time)`.
   */
  readonly modelRevision: string;
  /** Whether `modelRevision` is a full commit sha, the only revision that cannot move. */
  readonly modelRevisionPinned: boolean;
  /**
   * What the deployment leaves to chance, one sentence each with its fix (e.g. an unpinned model
   * revision); empty when nothing.
   */
  readonly warnings: readonly string[];
  /** The in-cluster OpenAI base URL. */
  readonly endpoint: string;
  /** The DynamoGraphDeployment name. */
  readonly dgdName: string;
  /** The Kubernetes namespace. */
  readonly namespace: string;
  /** The Dynamo namespace, `<namespace>-<dgd>`. */
  readonly dynamoNamespace: string;
  /** The Dynamo release rendered for, e.g. `1.4.0`. */
  readonly dynamoVersion: string;
  /** `vllm`, `sglang` or `trtllm`. */
  readonly backendFramework: string;
  /** `aggregated` or `disaggregated`. */
  readonly servingMode: string;
  /** The frontend's router mode, e.g. `kv`. */
  readonly routerMode: string;
  /** The cloud profile: `generic`, `eks`, `eks-auto-mode`, `gke` or `aks`. */
  readonly cloud: string;
  /** What moves the KV cache (`NIXL (UCX)`, `NIXL (LIBFABRIC)`, `Mooncake` or `UCX transceiver`), for disaggregated endpoints. */
  readonly kvTransferBackend?: string;
  /** The frontend. */
  readonly frontend: ComponentCard;
  /** The worker pools by prop name: `workers`, or `prefill` and `decode`. */
  readonly pools: Record<string, ComponentCard>;
  /**
   * The model architecture the pools were sized with (`modelArchitecture`, else the catalog's);
   * absent when unknown.
   */
  readonly modelArchitecture?: string;
  /**
   * A starting prefill:decode worker ratio from the two pools' capacity, for disaggregated graphs
   * whose pools were both sized; information only, the replicas stay yours.
   */
  readonly prefillDecodeRatio?: PrefillDecodeRatio;
  /**
   * Who may call the endpoint through its ingress and how (`access`): the credential, the header a
   * program sends (a placeholder, never a key), what enforces it, the allow list and the limits.
   * @default - none: no `access`
   */
  readonly access?: EndpointAccessCard;
}

/** What the card is computed from. @internal */
export interface EndpointFacts {
  readonly dgd: DynamoGraphDeployment;
  readonly model: string;
  /** The pattern's `modelRevision`, when set. */
  readonly modelRevision?: string;
  readonly servedModelName: string;
  readonly endpoint: string;
  readonly routerMode: string;
  readonly cloud: string;
  readonly kvTransfer: string;
  readonly frontend: DynamoComponent;
  readonly pools: Record<string, { readonly component: DynamoComponent; readonly layout: ParallelLayout; readonly placement?: string }>;
  /** What sizing found. */
  readonly sizing: {
    readonly architecture?: string;
    readonly capacity: Readonly<Record<string, PoolCapacity>>;
    readonly prefillDecodeRatio?: PrefillDecodeRatio;
    readonly warnings: readonly string[];
  };
  /** The `access` card, when access is set. */
  readonly access?: EndpointAccessCard;
  /** What the enforcement of access leaves to chance (`AccessSupport.warnings`). */
  readonly accessWarnings?: readonly string[];
}


/** The card's revision fields and the warning an unpinned revision earns. */
function revisionFacts(revision: string | undefined): Pick<EndpointCard, 'modelRevision' | 'modelRevisionPinned' | 'warnings'> {
  if (revision === undefined) {
    return {
      modelRevision: UNPINNED_MODEL_REVISION,
      modelRevisionPinned: false,
      warnings: ['modelRevision is not set: every download takes the repository\'s default branch at that time, so pods started after '
        + 'the repository changes serve other weights; pin a commit sha with modelRevision'],
    };
  }
  if (isCommitSha(revision)) return { modelRevision: revision, modelRevisionPinned: true, warnings: [] };
  return {
    modelRevision: revision,
    modelRevisionPinned: false,
    warnings: [`modelRevision "${revision}" is a branch or tag, not a commit sha: it moves when the repository changes; pin a commit sha`],
  };
}

/** Builds the endpoint card. @internal */
export function endpointCard(f: EndpointFacts): EndpointCard {
  const disaggregated = Object.values(f.pools).some((p) => p.component.type !== ComponentType.WORKER);
  const revision = revisionFacts(f.modelRevision);
  return {
    displayName: f.servedModelName,
    model: f.model,
    modelRevision: revision.modelRevision,
    modelRevisionPinned: revision.modelRevisionPinned,
    endpoint: f.endpoint,
    dgdName: f.dgd.name,
    namespace: f.dgd.namespace,
    dynamoNamespace: f.dgd.dynamoNamespace,
    dynamoVersion: f.dgd.dynamoVersion.version,
    backendFramework: f.dgd.backend?.framework ?? 'unknown',
    servingMode: disaggregated ? 'disaggregated' : 'aggregated',
    routerMode: f.routerMode,
    cloud: f.cloud,
    ...(disaggregated ? { kvTransferBackend: f.kvTransfer } : {}),
    frontend: componentCard(f.frontend),
    pools: Object.fromEntries(Object.entries(f.pools).map(([prop, p]) => [prop, componentCard(p.component, p.layout, p.placement, f.sizing.capacity[prop])])),
    ...(f.sizing.architecture !== undefined ? { modelArchitecture: f.sizing.architecture } : {}),
    ...(f.sizing.prefillDecodeRatio ? { prefillDecodeRatio: f.sizing.prefillDecodeRatio } : {}),
    ...(f.access ? { access: f.access } : {}),
    warnings: [...revision.warnings, ...f.sizing.warnings, ...(f.access ? [...(f.accessWarnings ?? []), inClusterWarning(f.frontend, f.dgd)] : [])],
  };
}

/** Access is checked at the gateway only: pods in the cluster reach the frontend Service directly. */
function inClusterWarning(frontend: DynamoComponent, dgd: DynamoGraphDeployment): string {
  const service = dgd.serviceName(frontend.name);
  return `access is enforced at the gateway only: pods in the cluster reach ${service}:${FRONTEND_PORT} directly, without credentials or limits; `
    + `restrict ingress to the frontend pods (${service}, port ${FRONTEND_PORT}) with a NetworkPolicy that admits the gateway `
    + `(its pods, or the load balancer's addresses for the ALB / GKE Gateway) and Prometheus`;
}

function componentCard(c: DynamoComponent, layout?: ParallelLayout, placement?: string, capacity?: PoolCapacity): ComponentCard {
  const s = c._state;
  const gpusPerNode = s.gpus;
  const nodes = s.nodeCount;
  const cpu = s.resources?.cpu?.request?.amount;
  const memoryRequest = s.resources?.memory?.request;
  const memory = memoryRequest ? sizeQuantity(memoryRequest) : undefined;
  const parts: string[] = [];
  if (gpusPerNode > 0) parts.push(`${nodes > 1 ? `${nodes} nodes × ` : ''}${gpusPerNode} GPU`);
  if (layout) {
    const p = [`TP ${layout.tensorParallelSize}`];
    if (layout.pipelineParallelSize > 1) p.push(`PP ${layout.pipelineParallelSize}`);
    if (layout.dataParallelSize > 1) p.push(`DP ${layout.dataParallelSize}`);
    if (layout.expertParallelSize !== undefined) p.push(`EP ${layout.expertParallelSize}`);
    parts.push(p.join(' '));
  }
  if (cpu !== undefined) parts.push(`${cpu} CPU`);
  if (memory !== undefined) parts.push(memory);
  if (gpusPerNode === 0 && cpu === undefined && memory === undefined) parts.unshift('CPU only');
  const shape: ComponentShape = {
    gpusPerNode,
    nodes,
    gpus: gpusPerNode * nodes,
    ...(layout ? {
      tensorParallelSize: layout.tensorParallelSize,
      pipelineParallelSize: layout.pipelineParallelSize,
      dataParallelSize: layout.dataParallelSize,
    } : {}),
    ...(layout?.expertParallelSize !== undefined ? { expertParallelSize: layout.expertParallelSize } : {}),
    ...(cpu !== undefined ? { cpu } : {}),
    ...(memory !== undefined ? { memory } : {}),
    extraResources: Object.fromEntries(s.extraResources),
    summary: parts.join(', '),
  };
  return {
    componentName: c.name,
    replicas: s.replicas,
    autoscaled: s.scalingAdapter,
    shape,
    summary: `${s.replicas} × ${shape.summary}${s.scalingAdapter ? ' (autoscaled)' : ''}`,
    ...(placement !== undefined ? { placement } : {}),
    ...(capacity !== undefined ? { capacity } : {}),
  };
}

/**
 * A chat completion against the endpoint, runnable from a pod in the cluster (or, after
 * {@link portForwardCommand}, with the host replaced by `localhost:8000`).
 * @internal
 */
export function curlCommand(endpoint: string, servedModelName: string): string {
  const body = JSON.stringify({ model: servedModelName, messages: [{ role: 'user', content: 'Hello! Who are you?' }], max_tokens: 64 });
  return shellCommand(['curl', '-sS', `${endpoint}/chat/completions`, '-H', 'Content-Type: application/json', '-d', body]);
}

/** Forwards the frontend Service to `localhost:8000`. @internal */
export function portForwardCommand(namespace: string, frontendServiceName: string): string {
  return shellCommand(['kubectl', 'port-forward', '-n', namespace, `svc/${frontendServiceName}`, `${FRONTEND_PORT}:${FRONTEND_PORT}`]);
}
