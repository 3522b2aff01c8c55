import { Duration } from 'cdk8s';
import { ComponentType } from '../core/component-type';
import { RouterMode } from '../core/router-mode';
import { invalid, requireInteger } from '../core/errors';
import { ObservedComponent, ObservedDeployment } from '../observability/observed-deployment';
import { dynamoSeries, histogramQuantile, podPattern } from '../observability/promql';
import { durationShape, durationString } from '../core/duration';
import { anyNumberShape, booleanShape, checkProps, FieldsOf, stringShape } from '../core/input-shape';

/** How an autoscaler compares a metric with its target. @internal */
export type MetricTargetType = 'Value' | 'AverageValue';

/** A scaling metric rendered for one pool. @internal */
export interface RenderedScalingMetric {
  /** A metric name: the KEDA trigger name, the HPA external metric name. */
  readonly name: string;
  /** The PromQL query. */
  readonly query: string;
  /** The target, in the query's unit. */
  readonly target: number;
  /**
   * `Value`: replicas grow in proportion to value / target (latency, usage). `AverageValue`: the
   * value is divided among replicas (queue depth per worker).
   */
  readonly targetType: MetricTargetType;
}

/** Options of the latency metrics. */
export interface LatencyScalingOptions {
  /** The latency to hold, milliseconds. */
  readonly targetMs: number;
  /**
   * The percentile compared with the target, in (0, 1).
   * @default 0.95
   */
  readonly percentile?: number;
  /**
   * The rate window of the histogram.
   * @default Duration.minutes(5) (Dynamo's autoscaling guide)
   */
  readonly window?: Duration;
}

/** Options of {@link ScalingMetric.queueDepth}. */
export interface QueueDepthScalingOptions {
  /** Requests waiting in the frontend per worker of the pool that trigger one more worker. */
  readonly targetPerReplica: number;
}

/** Options of {@link ScalingMetric.kvCacheUsage}. */
export interface KvCacheUsageScalingOptions {
  /** The pool's mean KV-cache usage to hold, a fraction in (0, 1). */
  readonly target: number;
}

/** Options of {@link ScalingMetric.promql}. */
export interface PromqlScalingOptions {
  /** A name for the metric (letters, digits, underscores): the trigger name and HPA external metric name. */
  readonly name: string;
  /** The PromQL query; it must return a single value. */
  readonly query: string;
  /** The target value. */
  readonly target: number;
  /**
   * Divide the value among the pool's replicas (a backlog) rather than scale in proportion to it (a latency).
   * @default false
   */
  readonly perReplica?: boolean;
}

// What an untyped caller may pass to each factory; the factories' rules then check the values
// (NaN and Infinity included, with their range messages).
const NUMBER = anyNumberShape();
const LATENCY_FIELDS: FieldsOf<LatencyScalingOptions> = { targetMs: NUMBER, percentile: NUMBER, window: durationShape() };
const QUEUE_DEPTH_FIELDS: FieldsOf<QueueDepthScalingOptions> = { targetPerReplica: NUMBER };
const KV_CACHE_USAGE_FIELDS: FieldsOf<KvCacheUsageScalingOptions> = { target: NUMBER };
const PROMQL_FIELDS: FieldsOf<PromqlScalingOptions> = { name: stringShape(), query: stringShape(), target: NUMBER, perReplica: booleanShape() };

type Renderer = (d: ObservedDeployment, pool: ObservedComponent) => RenderedScalingMetric;

/**
 * A signal an HPA or KEDA scales a worker pool on, as PromQL over the deployment's Dynamo metrics.
 * Prefill pools follow time to first token and queue depth; decode pools follow inter-token
 * latency and KV-cache usage.
 *
 * @example
 * ScalingMetric.timeToFirstToken({ targetMs: 500 })  // p95 TTFT over 5 minutes
 * ScalingMetric.queueDepth({ targetPerReplica: 4 })
 */
export class ScalingMetric {
  /** The frontend's time to first token at a percentile (`Value` target: replicas follow value / target). */
  public static timeToFirstToken(options: LatencyScalingOptions): ScalingMetric {
    return ScalingMetric.latency('timeToFirstToken', 'ttft', 'dynamo_frontend_time_to_first_token_seconds', options);
  }

  /** The frontend's inter-token latency at a percentile (`Value` target). */
  public static interTokenLatency(options: LatencyScalingOptions): ScalingMetric {
    return ScalingMetric.latency('interTokenLatency', 'itl', 'dynamo_frontend_inter_token_latency_seconds', options);
  }

  /**
   * Requests waiting in the frontend's preprocess, route and dispatch stages (Dynamo's queue-depth
   * query), divided among the pool's workers (`AverageValue` target).
   */
  public static queueDepth(options: QueueDepthScalingOptions): ScalingMetric {
    checkProps('queueDepth', options, 'QueueDepthScalingOptions', QUEUE_DEPTH_FIELDS, ['targetPerReplica']);
    requireInteger('queueDepth.targetPerReplica', options.targetPerReplica, 1, 'set the queued requests per worker that justify another worker, e.g. 4');
    return new ScalingMetric('queue depth', (d) => ({
      name: 'dynamo_queued_requests',
      query: `sum(${dynamoSeries(d, 'dynamo_frontend_stage_requests', [['stage', '=~', 'preprocess|route|dispatch']])})`,
      target: options.targetPerReplica,
      targetType: 'AverageValue',
    }));
  }

  /** The pool's mean KV-cache usage (`Value` target). */
  public static kvCacheUsage(options: KvCacheUsageScalingOptions): ScalingMetric {
    checkProps('kvCacheUsage', options, 'KvCacheUsageScalingOptions', KV_CACHE_USAGE_FIELDS, ['target']);
    if (!(Number.isFinite(options.target) && options.target > 0 && options.target < 1)) {
      throw invalid('kvCacheUsage.target', 'must be a fraction strictly between 0 and 1', options.target, 'use e.g. 0.8 to add workers when the caches are 80 % full');
    }
    return new ScalingMetric('KV-cache usage', (d, pool) => ({
      name: 'dynamo_kv_cache_usage',
      query: `avg(${dynamoSeries(d, 'dynamo_component_gpu_cache_usage_percent', [['pod', '=~', podPattern(d, pool)]])})`,
      target: options.target,
      targetType: 'Value',
    }));
  }

  /** Any PromQL query (escape hatch); the library does not check its metric names. */
  public static promql(options: PromqlScalingOptions): ScalingMetric {
    checkProps('promql', options, 'PromqlScalingOptions', PROMQL_FIELDS, ['name', 'query', 'target']);
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(options.name) || options.name.length > 63) {
      throw invalid('promql.name', 'must be letters, digits and underscores, starting with a letter, at most 63 characters', options.name, 'use a name such as "my_backlog"');
    }
    if (!options.query || !options.query.trim()) throw invalid('promql.query', 'must be a PromQL query', options.query, 'write a query that returns one value');
    if (!(Number.isFinite(options.target) && options.target > 0)) throw invalid('promql.target', 'must be a positive number', options.target, 'set the value to hold');
    return new ScalingMetric(options.name, () => ({
      name: options.name,
      query: options.query.trim(),
      target: options.target,
      targetType: options.perReplica ? 'AverageValue' : 'Value',
    }));
  }

  private static latency(factory: string, short: string, histogram: string, options: LatencyScalingOptions): ScalingMetric {
    checkProps(factory, options, 'LatencyScalingOptions', LATENCY_FIELDS, ['targetMs']);
    requireInteger(`${factory}.targetMs`, options.targetMs, 1, 'set the latency target in whole milliseconds, e.g. 500', 600_000);
    const percentile = options.percentile ?? 0.95;
    if (!(Number.isFinite(percentile) && percentile > 0 && percentile < 1)) {
      throw invalid(`${factory}.percentile`, 'must be a fraction strictly between 0 and 1', percentile, 'use e.g. 0.95 for p95');
    }
    const window = options.window ?? Duration.minutes(5);
    const seconds = window.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 30) {
      throw invalid(`${factory}.window`, 'must be whole seconds, at least 30 s', `${seconds}s`, 'use e.g. Duration.minutes(5); shorter windows hold too few requests for a percentile');
    }
    const p = Math.round(percentile * 1000) / 10;
    const label = String(p).replace('.', '_');
    return new ScalingMetric(`p${p} ${short.toUpperCase()}`, (d) => ({
      name: `dynamo_${short}_p${label}_seconds`,
      query: histogramQuantile(percentile, dynamoSeries(d, histogram), durationString(seconds)),
      target: options.targetMs / 1000,
      targetType: 'Value',
    }));
  }

  private constructor(
    /** A short description, for error messages and the endpoint card. */
    public readonly description: string,
    private readonly renderer: Renderer,
  ) {}

  /** The metric for one pool. @internal */
  public _render(d: ObservedDeployment, pool: ObservedComponent): RenderedScalingMetric {
    return this.renderer(d, pool);
  }

  /**
   * The prometheus-adapter `rules.external` entry that serves this metric to the HPAs of every
   * deployment (the External metric `name`, selected by `dynamo_namespace`), or undefined when no
   * rule common to all deployments can: the query names the pool's pods (KV-cache usage) or does
   * not select by `dynamo_namespace` (`promql`). The adapter replaces `<<.LabelMatchers>>` with the
   * HPA's selector and, through the `namespace` override, its namespace (kubernetes-sigs/prometheus-adapter
   * `docs/externalmetrics.md`, `docs/config.md`; Dynamo `kubernetes-operator/autoscaling.md`).
   * @internal
   */
  public _adapterRule(): {
    readonly seriesQuery: string;
    readonly resources: { readonly overrides: { readonly namespace: { readonly resource: 'namespace' } } };
    readonly name: { readonly as: string };
    readonly metricsQuery: string;
  } | undefined {
    // Render for two unrelated deployments: a common rule exists when the two differ only in the
    // deployment's dynamo_namespace matcher.
    const generic = ['a', 'b'].map((x) => {
      const d: ObservedDeployment = {
        name: `probe-${x}`, namespace: `probe-ns-${x}`, dynamoNamespace: `probe-ns-${x}-probe-${x}`, servedModelName: `model-${x}`,
        routerMode: RouterMode.KV, nixlTelemetry: false, components: [{ name: `Probe${x.toUpperCase()}Worker`, type: ComponentType.DECODE }],
      };
      const r = this.renderer(d, d.components[0]);
      const parts = r.query.split(`dynamo_namespace=${JSON.stringify(d.dynamoNamespace)}`);
      return parts.length === 2 ? { name: r.name, query: parts.join('<<.LabelMatchers>>') } : undefined;
    });
    const [a, b] = generic;
    if (a === undefined || b === undefined || a.name !== b.name || a.query !== b.query) return undefined;
    const series = /([A-Za-z_:][A-Za-z0-9_:]*)\{<<\.LabelMatchers>>/.exec(a.query)?.[1];
    if (series === undefined) return undefined;
    return {
      seriesQuery: `${series}{namespace!="",dynamo_namespace!=""}`,
      resources: { overrides: { namespace: { resource: 'namespace' } } },
      name: { as: a.name },
      metricsQuery: a.query,
    };
  }
}

/** A label-selector object for a deployment's Dynamo series (HPA external metrics). @internal */
export function dynamoNamespaceSelector(d: ObservedDeployment): Record<string, string> {
  return { dynamo_namespace: d.dynamoNamespace };
}
