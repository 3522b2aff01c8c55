import { BackendDefinition, ParallelLayout, WorkerRole } from '../../backends/backend-definition';
import { DynamoVersion } from '../../core/dynamo-version';
import { DynamoValidationError, invalid, requireInteger } from '../../core/errors';
import { validateAnnotations, validateLabels } from '../../core/metadata';
import { validateComponentName, validateDgdName, validateRevision } from '../../core/names';
import { fitsGrove, OperatorGraphNaming, validateOperatorNames } from '../../core/operator-names';
import { validateExtendedResources, validateResources, validateSecurityContext, validateTolerations } from '../../core/pod-rules';
import { LlmCommonProps, PodSchedulingOptions, WorkerPoolOptions } from '../llm-props';
import { resolveLayout } from '../parallelism';
import { validateEngineTuning } from './engine-tuning';
import { validateModel, validateServedModelName } from './model-id';
import { replicaOwnership, ReplicaOwnership } from './replica-ownership';

/** One worker pool of a pattern, as the pattern declares it. @internal */
export interface PoolSpec {
  /** The prop name, e.g. `decode`. */
  readonly prop: string;
  readonly role: WorkerRole;
  readonly options: WorkerPoolOptions;
}

/** A pool after its inputs are checked: its layout, component name and replica owner. @internal */
export interface PoolPlan extends PoolSpec {
  readonly layout: ParallelLayout;
  readonly componentName: string;
  readonly ownership: ReplicaOwnership;
  /** Whether the pool moves the KV cache over NIXL (prefill and decode). */
  readonly kvTransfer: boolean;
}

/** The metadata and scheduling props of the frontend or a pool: labels, annotations, node selector, tolerations. */
function validatePodScheduling(prop: string, o: PodSchedulingOptions | undefined): void {
  validateLabels(`${prop}.podLabels`, o?.podLabels);
  validateAnnotations(`${prop}.podAnnotations`, o?.podAnnotations);
  validateLabels(`${prop}.nodeSelector`, o?.nodeSelector, 'node selector');
  validateTolerations(`${prop}.tolerations`, o?.tolerations);
}

/** Checks the pattern-level inputs every graph needs: the name, the model, the metadata and the frontend. @internal */
export function validateGraphInputs(props: LlmCommonProps, name: string): void {
  validateDgdName('name', name);
  validateModel('model', props.model);
  if (props.servedModelName !== undefined) validateServedModelName(props.servedModelName);
  if (props.modelRevision !== undefined) validateRevision('modelRevision', props.modelRevision);
  validateLabels('labels', props.labels);
  validateAnnotations('annotations', props.annotations);
  validateAnnotations('ingress.annotations', props.ingress?.annotations);
  requireInteger('frontend.replicas', props.frontend?.replicas ?? 1, 1,
    'at least one frontend must serve the OpenAI API; with none, the model disappears from /v1/models');
  validatePodScheduling('frontend', props.frontend);
  validateResources('frontend.resources', props.frontend?.resources);
}

/**
 * Checks the names the operator derives from the DGD name and each component's name (Services,
 * worker workloads, Grove), naming the prop that sets the component name.
 */
function validateComponentNames(props: LlmCommonProps, name: string, plans: readonly PoolPlan[]): void {
  const graph = graphNaming(props, name);
  const components = [
    { prop: 'frontend.componentName', name: props.frontend?.componentName ?? 'Frontend', nodeCount: 1, worker: false, written: props.frontend?.componentName !== undefined },
    ...(props.planner ? [{ prop: 'planner.componentName', name: props.planner.componentName, nodeCount: 1, worker: false, written: props.planner._namesComponent }] : []),
    ...plans.map((p) => ({ prop: `${p.prop}.componentName`, name: p.componentName, nodeCount: p.layout.nodes, worker: true, written: p.options.componentName !== undefined })),
  ];
  for (const c of components) {
    try {
      validateComponentName(c.prop, name, c.name);
      validateOperatorNames(graph, c);
    } catch (e) {
      // A name too long with a default component name is the DGD name's fault: blame the prop the user wrote, with its value.
      if (!c.written && DynamoValidationError.isDynamoValidationError(e) && e.prop === c.prop) throw e._renameProp('name', { from: c.name, to: name });
      throw e;
    }
  }
}

/** Dynamo's name for a multi-node pool's role (its multi-node examples name the components so). */
const ROLE_NAMES: Readonly<Record<WorkerRole, string>> = { aggregated: 'worker', prefill: 'prefill', decode: 'decode' };

/**
 * A pool's default component name: the backend's example name, unless the pool is multi-node and
 * that name is too long for Grove to name its scaling group and cliques (`VllmPrefillWorker`,
 * `TRTLLMDecodeWorker`: the operator's admission webhook would reject the graph); then the role.
 */
function defaultComponentName(role: WorkerRole, nodes: number, def: BackendDefinition, graph: OperatorGraphNaming): string {
  const name = def.componentNames[role];
  return fitsGrove(graph, name, nodes) ? name : ROLE_NAMES[role];
}

/** The graph as the operator names its workloads. */
function graphNaming(props: LlmCommonProps, name: string): OperatorGraphNaming {
  return { dgdName: name, dynamoVersion: props.dynamoVersion ?? DynamoVersion.LATEST, annotations: props.annotations };
}

/** The pool's own pod props: metadata, scheduling, security context and resources. */
function validatePoolPod(p: PoolSpec): void {
  const o = p.options;
  validatePodScheduling(p.prop, o);
  validateSecurityContext(`${p.prop}.securityContext`, o.securityContext);
  validateResources(`${p.prop}.resources`, o.resources);
  validateExtendedResources(`${p.prop}.extraResources`, o.extraResources);
}

/**
 * Plans each pool: its counts, its parallel layout, its component name, who owns its replicas, and
 * the backend's support matrix for it (with the model cache the pattern mounts); then checks the
 * names the operator derives from the graph's `name` and the component names.
 * @internal
 */
export function planPools(props: LlmCommonProps, pools: readonly PoolSpec[], def: BackendDefinition, name: string): PoolPlan[] {
  const graph = graphNaming(props, name);
  const disaggregated = pools.some((p) => p.role !== 'aggregated');
  const plans = pools.map((p): PoolPlan => {
    const o = p.options;
    requireInteger(`${p.prop}.replicas`, o.replicas ?? 1, 0, 'set a whole number of workers (0 keeps the pool defined but idle)');
    if (o.maxModelLen !== undefined) requireInteger(`${p.prop}.maxModelLen`, o.maxModelLen, 1, 'set the context length in tokens');
    if (o.maxNumSeqs !== undefined) requireInteger(`${p.prop}.maxNumSeqs`, o.maxNumSeqs, 1, 'set the number of concurrent sequences');
    validatePoolPod(p);
    const layout = resolveLayout(p.prop, o, def);
    validateEngineTuning(p.prop, o, def);
    return {
      ...p,
      layout,
      componentName: o.componentName ?? defaultComponentName(p.role, layout.nodes, def, graph),
      ownership: replicaOwnership(p.prop, o, props.planner, layout),
      kvTransfer: p.role === 'prefill' || p.role === 'decode',
    };
  });
  validateComponentNames(props, name, plans);
  checkModelCacheAccess(props, plans);
  const cache = props.modelCache;
  for (const p of plans) {
    def.checkSupport({
      pool: p.prop,
      role: p.role,
      disaggregated,
      layout: p.layout,
      modelRevision: props.modelRevision,
      sharedModelCache: cache ? cache.isShared : undefined,
      maxReplicas: p.ownership.maxReplicas,
      scaledBy: p.ownership.owner ?? (p.options.scalingAdapter === true ? 'scalingAdapter' : undefined),
    });
  }
  return plans;
}

/** How many pods mount the model cache decides whether ReadWriteOnce can work. */
function checkModelCacheAccess(props: LlmCommonProps, plans: readonly PoolPlan[]): void {
  const cache = props.modelCache;
  if (!cache) return;
  const pods = (props.frontend?.replicas ?? 1) + plans.reduce((n, p) => n + p.ownership.maxReplicas * p.layout.nodes, 0);
  if (!cache.isShared && pods > 1) {
    throw invalid('modelCache.accessMode', `must be ReadWriteMany when several pods mount the cache (${pods} here: frontend and workers)`, cache.accessMode,
      'use PersistentVolumeAccessMode.READ_WRITE_MANY on a shared file system StorageClass');
  }
}
