import { Planner } from '../../autoscaling/planner';
import { ParallelLayout } from '../../backends/backend-definition';
import { invalid } from '../../core/errors';
import { WorkerPoolOptions } from '../llm-props';

/** Who owns a pool's replicas, and the most workers it may run. @internal */
export interface ReplicaOwnership {
  /** The owner when not the manifest: the pool's autoscaler or the planner. */
  readonly owner?: 'autoscaling' | 'planner';
  /** The most workers the pool may run (node pools are sized for it). */
  readonly maxReplicas: number;
}

/**
 * One owner per pool: the pattern's fixed replicas, the pool's autoscaler, or the planner. A second
 * owner, fixed `replicas` next to a scaler, or a scaler without the adapter are errors.
 * @internal
 */
export function replicaOwnership(prop: string, o: WorkerPoolOptions, planner: Planner | undefined, layout: ParallelLayout): ReplicaOwnership {
  o.autoscaling?._validate(`${prop}.autoscaling`);
  const owner = o.autoscaling ? 'autoscaling' : planner ? 'planner' : undefined;
  if (o.autoscaling && planner) {
    throw invalid(`${prop}.autoscaling`, `must not be set with a planner, which already scales the ${prop} pool`, o.autoscaling.kind,
      `remove ${prop}.autoscaling or the planner: two owners of the same replicas undo each other's changes`);
  }
  if (!owner) return { maxReplicas: o.replicas ?? 1 };
  const by = owner === 'planner' ? 'the planner' : `${prop}.autoscaling (${o.autoscaling!.kind})`;
  if (o.replicas !== undefined) {
    throw invalid(`${prop}.replicas`, `must not be set when ${by} owns the pool's replicas`, o.replicas,
      `remove ${prop}.replicas and set ${owner === 'planner' ? 'planner.minReplicas' : `${prop}.autoscaling minReplicas`}: the manifest leaves replicas to the scaler so that re-applying it never resets them`);
  }
  if (o.scalingAdapter === false) {
    throw invalid(`${prop}.scalingAdapter`, `must not be false when ${by} scales the pool (it scales through the adapter)`, false, `remove ${prop}.scalingAdapter`);
  }
  if (owner === 'autoscaling') return { owner, maxReplicas: o.autoscaling!.maxReplicas };
  const gpusPerWorker = layout.gpusPerNode * layout.nodes;
  return { owner, maxReplicas: Math.max(planner!.minReplicas, Math.floor(planner!.maxGpus / Math.max(1, gpusPerWorker))) };
}
