import { Duration, Size } from 'cdk8s';
import { ContainerResources, Cpu } from 'cdk8s-plus-28';
import { DynamoVersion } from '../core/dynamo-version';
import { validatePrometheusUrl } from '../core/prometheus-url';
import { invalid, requireInteger } from '../core/errors';
import { validateResources } from '../core/pod-rules';
import { LoadPredictor } from './load-predictor';
import { checkProps, FieldsOf } from '../core/input-shape';
import { SLA_PLANNER_FIELDS } from './planner-options-shape';
import { validateMinReplicas } from './scale-range';

/** Options of {@link Planner.sla}. */
export interface SlaPlannerOptions {
  /** The time-to-first-token target, milliseconds (`ttft_ms`). */
  readonly ttftMs: number;
  /** The inter-token latency target, milliseconds (`itl_ms`). */
  readonly itlMs: number;
  /** The most GPUs the planner may use across the worker pools (`max_gpu_budget`). The cloud's node pools are sized for it. */
  readonly maxGpus: number;
  /**
   * The fewest GPUs it keeps (`min_gpu_budget`).
   * @default - none: only `minReplicas` per pool bounds it
   */
  readonly minGpus?: number;
  /**
   * The fewest workers per pool (`min_endpoint`); at least 1 (scale to zero makes the frontend drop the model: Dynamo #10753).
   * @default 1
   */
  readonly minReplicas?: number;
  /**
   * How often the planner re-plans from observed throughput (`throughput_adjustment_interval_seconds`).
   * @default Duration.minutes(3) (the planner's default)
   */
  readonly adjustmentInterval?: Duration;
  /**
   * Also react within seconds to load spikes (`enable_load_scaling`), on top of the periodic throughput plan.
   * @default false
   */
  readonly loadScaling?: boolean;
  /**
   * The load forecaster (`load_predictor`).
   * @default LoadPredictor.ARIMA
   */
  readonly loadPredictor?: LoadPredictor;
  /**
   * The Prometheus the planner reads (`metric_pulling_prometheus_endpoint`).
   * @default - `PROMETHEUS_ENDPOINT`, which the operator injects from the platform's Helm value `dynamo-operator.dynamo.metrics.prometheusEndpoint` (required then)
   */
  readonly prometheusEndpoint?: string;
  /**
   * Observe and log decisions without scaling (`advisory`), to validate the targets before handing over.
   * @default false
   */
  readonly advisory?: boolean;
  /**
   * The planner image.
   * @default - `nvcr.io/nvidia/ai-dynamo/dynamo-planner:<dynamoVersion>` (Dynamo >= 1.1), else the backend runtime image
   */
  readonly image?: string;
  /**
   * CPU, memory and ephemeral-storage requests and limits of the planner; each resource you set
   * (request, limit or both) replaces its default.
   * @default - requests of 512m CPU and 1Gi memory, a 4Gi memory limit
   */
  readonly resources?: ContainerResources;
  /**
   * The component name.
   * @default Planner
   */
  readonly componentName?: string;
}

/**
 * The planner's default resources. Dynamo's planner manifests set none; the planner is a control
 * loop that reads Prometheus and patches the graph's replicas, like the Dynamo operator, whose
 * platform chart requests 512m CPU and 1Gi (`deploy/helm/charts/platform/components/operator/values.yaml`).
 * The memory limit is twice the operator's 2Gi: the planner is Python and loads forecasting
 * libraries (prophet, pmdarima: `planner/core/load/predictors.py`). No CPU limit: throttling would
 * only delay its decisions.
 */
export const PLANNER_RESOURCES: ContainerResources = {
  cpu: { request: Cpu.millis(512) },
  memory: { request: Size.gibibytes(1), limit: Size.gibibytes(4) },
};

/** What a pattern tells the planner about its pools. @internal */
export interface PlannerContext {
  readonly backend: string;
  readonly disaggregated: boolean;
  readonly dynamoVersion: DynamoVersion;
  /** GPUs of one worker (all its nodes), by role. */
  readonly prefillGpus?: number;
  readonly decodeGpus: number;
}

/**
 * Dynamo's planner, a component of the graph that scales the worker pools through their scaling
 * adapters. With a planner the pools' replicas belong to it: the manifest no longer sets them and
 * no HPA or KEDA may scale them.
 *
 * @example
 * new DisaggregatedLlm(chart, 'llama', {
 *   model: 'meta-llama/Llama-3.3-70B-Instruct',
 *   cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' } }),
 *   planner: Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 32 }),
 * });
 */
export class Planner {
  /**
   * The SLA planner (`optimization_target: sla`): it predicts load and sizes prefill and decode to
   * hold the TTFT and ITL targets within the GPU budget. It reads frontend metrics from Prometheus.
   */
  public static sla(options: SlaPlannerOptions): Planner {
    checkProps('planner', options, 'SlaPlannerOptions', SLA_PLANNER_FIELDS satisfies FieldsOf<SlaPlannerOptions>, ['ttftMs', 'itlMs', 'maxGpus']);
    return new Planner(options);
  }

  /** The TTFT target, milliseconds. */
  public readonly ttftMs: number;
  /** The ITL target, milliseconds. */
  public readonly itlMs: number;
  /** The GPU budget. */
  public readonly maxGpus: number;
  /** The fewest workers per pool. */
  public readonly minReplicas: number;
  /** The component name. */
  public readonly componentName: string;

  private constructor(private readonly options: SlaPlannerOptions) {
    requireInteger('planner.ttftMs', options.ttftMs, 1, 'set the time-to-first-token target in whole milliseconds, e.g. 500', 600_000);
    requireInteger('planner.itlMs', options.itlMs, 1, 'set the inter-token latency target in whole milliseconds, e.g. 50', 60_000);
    requireInteger('planner.maxGpus', options.maxGpus, 1, 'set the most GPUs the planner may use across the pools');
    if (options.minGpus !== undefined) {
      requireInteger('planner.minGpus', options.minGpus, 1, `set the fewest GPUs, at most maxGpus (${options.maxGpus})`, options.maxGpus);
    }
    this.minReplicas = options.minReplicas ?? 1;
    validateMinReplicas('planner', this.minReplicas);
    const interval = (options.adjustmentInterval ?? Duration.minutes(3)).toSeconds({ integral: false });
    if (!Number.isInteger(interval) || interval < 10) {
      throw invalid('planner.adjustmentInterval', 'must be whole seconds, at least 10', `${interval}s`, 'use e.g. Duration.minutes(3)');
    }
    if (options.prometheusEndpoint !== undefined) validatePrometheusUrl('planner.prometheusEndpoint', options.prometheusEndpoint);
    if (options.image !== undefined && (!options.image || /\s/.test(options.image))) {
      throw invalid('planner.image', 'must be a container image reference', options.image, 'use e.g. "nvcr.io/nvidia/ai-dynamo/dynamo-planner:1.4.0"');
    }
    validateResources('planner.resources', options.resources);
    this.ttftMs = options.ttftMs;
    this.itlMs = options.itlMs;
    this.maxGpus = options.maxGpus;
    this.componentName = options.componentName ?? 'Planner';
  }

  /** Whether the user named the planner image (`image`). @internal */
  public get _namesImage(): boolean {
    return this.options.image !== undefined;
  }

  /** Whether the user named the component (`componentName`), rather than taking `Planner`. @internal */
  public get _namesComponent(): boolean {
    return this.options.componentName !== undefined;
  }

  /** The resources the user set (`resources`), before defaults. @internal */
  public get _resources(): ContainerResources | undefined {
    return this.options.resources;
  }

  /** The planner image for a Dynamo release and backend runtime image. @internal */
  public _image(version: DynamoVersion, runtimeImage: string): string {
    if (this.options.image) return this.options.image;
    return version.supports('plannerImage') ? `nvcr.io/nvidia/ai-dynamo/dynamo-planner:${version.version}` : runtimeImage;
  }

  /** The Prometheus the planner reads, when it names one. */
  public get prometheusEndpoint(): string | undefined {
    return this.options.prometheusEndpoint;
  }

  /**
   * This planner reading `url` when it names no Prometheus itself (the platform's endpoint).
   * @internal
   */
  public _withPrometheusEndpoint(url: string): Planner {
    return this.options.prometheusEndpoint !== undefined ? this : new Planner({ ...this.options, prometheusEndpoint: url });
  }

  /**
   * The PlannerConfig (`--config`), in the key names of the Dynamo release; checks that the budget
   * holds the minimum pools.
   * @internal
   */
  public _config(ctx: PlannerContext): Record<string, unknown> {
    const o = this.options;
    const pools = ctx.disaggregated ? [ctx.prefillGpus ?? 0, ctx.decodeGpus] : [ctx.decodeGpus];
    const floor = pools.reduce((n, g) => n + g * this.minReplicas, 0);
    if (this.maxGpus < floor) {
      throw invalid('planner.maxGpus', `must hold minReplicas (${this.minReplicas}) workers of every pool: ${floor} GPUs here`, this.maxGpus,
        `raise maxGpus to at least ${floor}, or lower minReplicas`);
    }
    const interval = (o.adjustmentInterval ?? Duration.minutes(3)).toSeconds({ integral: false });
    const intervalKey = ctx.dynamoVersion.supports('plannerIntervalSeconds') ? 'throughput_adjustment_interval_seconds' : 'throughput_adjustment_interval';
    return {
      environment: 'kubernetes',
      backend: ctx.backend,
      mode: ctx.disaggregated ? 'disagg' : 'agg',
      optimization_target: 'sla',
      ttft_ms: this.ttftMs,
      itl_ms: this.itlMs,
      max_gpu_budget: this.maxGpus,
      ...(o.minGpus !== undefined ? { min_gpu_budget: o.minGpus } : {}),
      min_endpoint: this.minReplicas,
      ...(ctx.disaggregated ? { prefill_engine_num_gpu: ctx.prefillGpus } : {}),
      decode_engine_num_gpu: ctx.decodeGpus,
      enable_throughput_scaling: true,
      enable_load_scaling: o.loadScaling ?? false,
      [intervalKey]: interval,
      load_predictor: (o.loadPredictor ?? LoadPredictor.ARIMA).name,
      ...(o.prometheusEndpoint ? { metric_pulling_prometheus_endpoint: o.prometheusEndpoint } : {}),
      ...(o.advisory ? { advisory: true } : {}),
    };
  }
}
