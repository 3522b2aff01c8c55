import { invalid, requireInteger } from '../core/errors';
import { ObservedComponent, ObservedDeployment } from '../observability/observed-deployment';
import { RenderedScalingMetric, ScalingMetric } from './scaling-metric';

/** The DynamoGraphDeploymentScalingAdapter API the autoscalers target (served by every Dynamo >= 1.0). @internal */
export const DGDSA_API_VERSION = 'nvidia.com/v1alpha1';
/** @internal */
export const DGDSA_KIND = 'DynamoGraphDeploymentScalingAdapter';

/** The most replicas an autoscaler may ask for; a guard against typos that would buy GPUs by the hundred. @internal */
export const MAX_AUTOSCALED_REPLICAS = 1000;

/** Props shared by the autoscalers of one worker pool. */
export interface PoolAutoscalerProps {
  /** The deployment whose pool is scaled. */
  readonly deployment: ObservedDeployment;
  /** The worker component to scale, by its DynamoGraphDeployment component name. It needs `scalingAdapter`. */
  readonly component: string;
  /**
   * The fewest workers; at least 1. Scale to zero is not supported: with no worker the frontend
   * drops the model from `/v1/models` and answers 404, so no demand signal ever scales it back up
   * (Dynamo issue #10753).
   * @default 1
   */
  readonly minReplicas?: number;
  /** The most workers. */
  readonly maxReplicas: number;
  /** The signals to scale on; with several, the largest replica count wins. */
  readonly metrics: ScalingMetric[];
}

/** A validated scale target. @internal */
export interface ScaleTarget {
  readonly component: ObservedComponent;
  /** The DGDSA name, `<dgd>-<lowercase component>`. */
  readonly adapterName: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

/**
 * Checks the range and the component, and names the DGDSA.
 * @internal
 */
export function resolveScaleTarget(prop: string, props: PoolAutoscalerProps): ScaleTarget {
  const d = props.deployment;
  const component = d.components.find((c) => c.name === props.component);
  if (!component || !component.type.isWorker) {
    throw invalid(`${prop}.component`, 'must name a worker component of the deployment', props.component,
      `use one of ${d.components.filter((c) => c.type.isWorker).map((c) => c.name).join(', ') || '(none: the deployment has no workers)'}`);
  }
  const minReplicas = props.minReplicas ?? 1;
  validateScaleRange(prop, minReplicas, props.maxReplicas);
  if (props.metrics.length === 0) {
    throw invalid(`${prop}.metrics`, 'must hold at least one scaling metric', [], 'add e.g. ScalingMetric.timeToFirstToken({ targetMs: 500 }) or ScalingMetric.queueDepth({ targetPerReplica: 4 })');
  }
  return { component, adapterName: `${d.name}-${component.name.toLowerCase()}`, minReplicas, maxReplicas: props.maxReplicas };
}

/**
 * `minReplicas` is a whole number >= 1: scale to zero is rejected with its reason (Dynamo #10753).
 * @internal
 */
export function validateMinReplicas(prop: string, minReplicas: number): void {
  if (minReplicas === 0) {
    throw invalid(`${prop}.minReplicas`, 'must be at least 1: scale to zero is not supported', minReplicas,
      'keep at least one worker; with none the frontend drops the model from /v1/models, answers 404 and nothing scales it back up (Dynamo issue #10753)');
  }
  requireInteger(`${prop}.minReplicas`, minReplicas, 1, 'set the fewest workers, at least 1', MAX_AUTOSCALED_REPLICAS);
}

/**
 * `minReplicas` >= 1 (Dynamo #10753) and `maxReplicas` >= `minReplicas`.
 * @internal
 */
export function validateScaleRange(prop: string, minReplicas: number, maxReplicas: number): void {
  validateMinReplicas(prop, minReplicas);
  requireInteger(`${prop}.maxReplicas`, maxReplicas, minReplicas, `set the most workers, at least minReplicas (${minReplicas})`, MAX_AUTOSCALED_REPLICAS);
}

/** A number as a Kubernetes quantity: integers as is, fractions in milli-units (`0.5` → `500m`). @internal */
export function quantityOf(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const milli = Math.round(value * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** A pool's validated target and rendered metrics, what both autoscalers start from. @internal */
export interface PoolScaling extends ScaleTarget {
  /** The `scaleTargetRef` of the adapter. */
  readonly scaleTargetRef: { readonly apiVersion: string; readonly kind: string; readonly name: string };
  readonly metrics: readonly RenderedScalingMetric[];
  /** The PromQL of each metric, by metric name. */
  readonly queries: Readonly<Record<string, string>>;
}

/**
 * Validates an autoscaler's props and renders its metrics for the pool, rejecting a metric listed twice.
 * @internal
 */
export function resolvePoolScaling(props: PoolAutoscalerProps): PoolScaling {
  const target = resolveScaleTarget('autoscaling', props);
  const metrics = props.metrics.map((m) => m._render(props.deployment, target.component));
  const seen = new Set<string>();
  for (const r of metrics) {
    if (seen.has(r.name)) throw invalid('autoscaling.metrics', 'must not repeat a metric', r.name, 'list each scaling metric once');
    seen.add(r.name);
  }
  return {
    ...target,
    scaleTargetRef: { apiVersion: DGDSA_API_VERSION, kind: DGDSA_KIND, name: target.adapterName },
    metrics,
    queries: Object.fromEntries(metrics.map((r) => [r.name, r.query])),
  };
}
