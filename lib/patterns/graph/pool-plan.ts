import { BackendDefinition, ParallelLayout, WorkerRole } from '../../backends/backend-definition';
import { invalid, requireInteger } from '../../core/errors';
import { validateDgdName, validateRevision } from '../../core/names';
import { LlmCommonProps, WorkerPoolOptions } from '../llm-props';
import { resolveLayout } from '../parallelism';
import { validateEngineTuning } from './engine-tuning';
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

/** The model id or path rule shared by `model` and `servedModelName`. @internal */
export function validateModel(prop: string, model: unknown): void {
  if (typeof model !== 'string' || !model || /\s/.test(model) || model.length > 512) {
    throw invalid(prop, 'must be a Hugging Face model id or a path, without spaces', model, 'use an id such as "Qwen/Qwen3-0.6B"');
  }
}

/** Checks the pattern-level inputs every graph needs: the name, the model and the frontend replicas. @internal */
export function validateGraphInputs(props: LlmCommonProps, name: string): void {
  validateDgdName('name', name);
  validateModel('model', props.model);
  if (props.servedModelName !== undefined) validateModel('servedModelName', props.servedModelName);
  if (props.modelRevision !== undefined) validateRevision('modelRevision', props.modelRevision);
  requireInteger('frontend.replicas', props.frontend?.replicas ?? 1, 1,
    'at least one frontend must serve the OpenAI API; with none, the model disappears from /v1/models');
}

/**
 * Plans each pool: its counts, its parallel layout, who owns its replicas, and the backend's support
 * matrix for it (with the model cache the pattern mounts).
 * @internal
 */
export function planPools(props: LlmCommonProps, pools: readonly PoolSpec[], def: BackendDefinition): PoolPlan[] {
  const disaggregated = pools.some((p) => p.role !== 'aggregated');
  const plans = pools.map((p): PoolPlan => {
    const o = p.options;
    requireInteger(`${p.prop}.replicas`, o.replicas ?? 1, 0, 'set a whole number of workers (0 keeps the pool defined but idle)');
    if (o.maxModelLen !== undefined) requireInteger(`${p.prop}.maxModelLen`, o.maxModelLen, 1, 'set the context length in tokens');
    if (o.maxNumSeqs !== undefined) requireInteger(`${p.prop}.maxNumSeqs`, o.maxNumSeqs, 1, 'set the number of concurrent sequences');
    const layout = resolveLayout(p.prop, o, def);
    validateEngineTuning(p.prop, o, def);
    return {
      ...p,
      layout,
      componentName: o.componentName ?? def.componentNames[p.role],
      ownership: replicaOwnership(p.prop, o, props.planner, layout),
      kvTransfer: p.role === 'prefill' || p.role === 'decode',
    };
  });
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
