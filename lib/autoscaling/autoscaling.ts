import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { durationShape } from '../core/duration';
import { checkProps, FieldsOf, stringShape } from '../core/input-shape';
import { ObservedDeployment } from '../observability/observed-deployment';
import { POOL_AUTOSCALER_PROPS_FIELDS } from './autoscaler-props-shape';
import { DgdHorizontalPodAutoscaler } from './dgd-horizontal-pod-autoscaler';
import { DgdScaledObject } from './dgd-scaled-object';
import { validateScaleRange } from './scale-range';
import { ScalingMetric } from './scaling-metric';

/** Options shared by the autoscalers of a pool. */
export interface PoolAutoscalingOptions {
  /**
   * The fewest workers; at least 1 (scale to zero makes the frontend drop the model: Dynamo #10753).
   * @default 1
   */
  readonly minReplicas?: number;
  /** The most workers. The cloud's node pool is sized for it. */
  readonly maxReplicas: number;
  /** The signals to scale on; with several, the largest replica count wins. */
  readonly metrics: ScalingMetric[];
}

/** Options of {@link Autoscaling.keda}. */
export interface KedaAutoscalingOptions extends PoolAutoscalingOptions {
  /** The Prometheus KEDA queries, e.g. `http://prometheus-kube-prometheus-prometheus.monitoring.svc:9090`. */
  readonly prometheusServerAddress: string;
  /**
   * How often KEDA evaluates the triggers.
   * @default Duration.seconds(15)
   */
  readonly pollingInterval?: Duration;
  /**
   * How long KEDA waits after the last active trigger before scaling to `minReplicas`.
   * @default Duration.minutes(5)
   */
  readonly cooldownPeriod?: Duration;
  /**
   * A KEDA `TriggerAuthentication` in the namespace, for a Prometheus that needs credentials.
   * @default - none
   */
  readonly authenticationRef?: string;
}

/** Options of {@link Autoscaling.hpa}. */
export interface HpaAutoscalingOptions extends PoolAutoscalingOptions {
  /**
   * How long lower recommendations must hold before workers are removed.
   * @default Duration.minutes(5)
   */
  readonly scaleDownStabilization?: Duration;
}

/** The options every pool autoscaler shares, shaped as the constructs' props (`DgdScaledObject`). */
const { minReplicas, maxReplicas, metrics } = POOL_AUTOSCALER_PROPS_FIELDS;
const POOL_FIELDS: FieldsOf<PoolAutoscalingOptions> = { minReplicas, maxReplicas, metrics };

/** What an untyped caller may pass to {@link Autoscaling.keda}. */
const KEDA_FIELDS: FieldsOf<KedaAutoscalingOptions> = {
  ...POOL_FIELDS,
  prometheusServerAddress: stringShape(),
  pollingInterval: durationShape('Duration.seconds(15)'),
  cooldownPeriod: durationShape(),
  authenticationRef: stringShape(),
};

/** What an untyped caller may pass to {@link Autoscaling.hpa}. */
const HPA_FIELDS: FieldsOf<HpaAutoscalingOptions> = { ...POOL_FIELDS, scaleDownStabilization: durationShape() };

type Attach = (scope: Construct, id: string, deployment: ObservedDeployment, component: string) => Construct;

/**
 * Who scales a worker pool: a KEDA ScaledObject (Dynamo's recommendation) or a HorizontalPodAutoscaler,
 * both through the pool's DynamoGraphDeploymentScalingAdapter. Setting one on a pool enables the
 * adapter and hands it the pool's replicas: the manifest no longer sets them, so re-applying it (or
 * `pulumi up`) never fights the autoscaler. The options are checked when a pool uses them, so an
 * error names the pool (`decode.autoscaling.maxReplicas`).
 *
 * @example
 * new DisaggregatedLlm(chart, 'llama', {
 *   model: 'meta-llama/Llama-3.3-70B-Instruct',
 *   cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' } }),
 *   decode: {
 *     gpus: 4,
 *     autoscaling: Autoscaling.keda({
 *       maxReplicas: 8,
 *       metrics: [ScalingMetric.interTokenLatency({ targetMs: 40 })],
 *       prometheusServerAddress: 'http://prometheus-operated.monitoring.svc:9090',
 *     }),
 *   },
 * });
 */
export class Autoscaling {
  /** A KEDA `ScaledObject` with one Prometheus trigger per metric. */
  public static keda(options: KedaAutoscalingOptions): Autoscaling {
    const check = (prop: string) => checkProps(prop, options, 'KedaAutoscalingOptions', KEDA_FIELDS, ['maxReplicas', 'metrics', 'prometheusServerAddress']);
    return new Autoscaling('KEDA', options, check, (scope, id, deployment, component) => new DgdScaledObject(scope, id, { ...options, deployment, component }));
  }

  /** An `autoscaling/v2` HorizontalPodAutoscaler on External metrics (needs prometheus-adapter). */
  public static hpa(options: HpaAutoscalingOptions): Autoscaling {
    const check = (prop: string) => checkProps(prop, options, 'HpaAutoscalingOptions', HPA_FIELDS, ['maxReplicas', 'metrics']);
    return new Autoscaling('HPA', options, check, (scope, id, deployment, component) => new DgdHorizontalPodAutoscaler(scope, id, { ...options, deployment, component }));
  }

  private constructor(
    /** `KEDA` or `HPA`. */
    public readonly kind: string,
    private readonly options: PoolAutoscalingOptions,
    private readonly checkOptions: (prop: string) => void,
    private readonly attach: Attach,
  ) {}

  /** The fewest workers. */
  public get minReplicas(): number {
    return this.options.minReplicas ?? 1;
  }

  /** The most workers. */
  public get maxReplicas(): number {
    return this.options.maxReplicas;
  }

  /**
   * Checks the options where a pool uses them, so that an error names the pool's prop as the user
   * wrote it (`decode.autoscaling.maxReplicas`), with the pattern's construct path.
   * @internal
   */
  public _validate(prop: string): void {
    this.checkOptions(prop);
    validateScaleRange(prop, this.minReplicas, this.maxReplicas);
  }

  /** Adds the autoscaler for one component. @internal */
  public _attach(scope: Construct, id: string, deployment: ObservedDeployment, component: string): Construct {
    return this.attach(scope, id, deployment, component);
  }
}
