import {
  authRefusals, checksCredentials, checksSourceRanges, GatewayRefusal, gatewayResponses, gatewaySeries, limitsRates, rateLimitRefusals, sourceRangeRefusals,
} from './gateway-promql';
import { ObservedComponent, ObservedDeployment } from './observed-deployment';
import { dynamoSeries, histogramQuantile, isDisaggregated, plannerComponent, podPattern, podSeries, suffixed, workerComponents } from './promql';
import { ResolvedSlo } from './slo';

/**
 * The panel catalogue of the per-deployment dashboard ({@link LlmDashboard}), as data: one record per
 * row and per panel, so that adding a panel is one entry. Expressions only use catalogue metrics
 * (through `dynamoSeries`/`podSeries`, which check every name) and the Grafana variable `$__rate_interval`.
 *
 * Prefill vs decode: the worker panels draw one series (or one series per pod) per worker component,
 * selected by the pod-name pattern the operator gives the component's pods (`<dgd>-<component>-…`).
 * The `dynamo_component` label is not used for the split: its values are Dynamo runtime component
 * names (e.g. `backend`, `prefill`), which depend on the backend and version, not the DGD component names.
 * @internal
 */

/** A Grafana unit id the catalogue uses. @internal */
export type GrafanaUnit = 's' | 'ms' | 'reqps' | 'short' | 'percentunit' | 'bytes' | 'Bps' | 'decmbytes' | 'percent';

/** The visualisations the catalogue uses. @internal */
export type Visualization = 'timeseries' | 'stat';

/** What a panel's queries and thresholds depend on. @internal */
export interface PanelContext {
  readonly deployment: ObservedDeployment;
  readonly slo: ResolvedSlo;
  /** The DCGM labels, or undefined when there are no GPU metrics. */
  readonly gpu: { readonly podLabel: string; readonly namespaceLabel: string } | undefined;
}

/** One query of a panel. @internal */
export interface PanelTarget {
  readonly expr: string;
  /** The Grafana legend format (`{{label}}` placeholders). */
  readonly legend: string;
}

/** Threshold steps of a panel: the base colour, then a colour from each value upwards. @internal */
export interface PanelThresholds {
  readonly base: string;
  readonly steps: ReadonlyArray<{ readonly value: number; readonly color: string }>;
  /** How a timeseries draws them: a line, or a line with the region above each step shaded. */
  readonly style: 'line' | 'area';
}

/** One panel. @internal */
export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  readonly visualization: Visualization;
  readonly unit: GrafanaUnit;
  /** Grid columns out of 24. @default 8 */
  readonly width?: number;
  readonly targets: (c: PanelContext) => PanelTarget[];
  readonly thresholds?: (c: PanelContext) => PanelThresholds;
  /** When the panel applies, within its row. @default - always */
  readonly when?: (c: PanelContext) => boolean;
}

/** One row: a header and its panels. @internal */
export interface RowSpec {
  readonly title: string;
  /** When the row applies. */
  readonly when: (c: PanelContext) => boolean;
  readonly panels: readonly PanelSpec[];
}

/** The range-vector window of every rate: Grafana's scrape-interval-aware interval. @internal */
export const RATE_WINDOW = '$__rate_interval';

const rate = (series: string): string => `rate(${series}[${RATE_WINDOW}])`;
const sumRate = (series: string, by: string[] = []): string => (by.length ? `sum by (${by.join(', ')}) (${rate(series)})` : `sum(${rate(series)})`);
/** Mean of a histogram over the window: rate of `_sum` over rate of `_count`. */
const histMean = (series: string): string => `${sumRate(suffixed(series, '_sum'))} / ${sumRate(suffixed(series, '_count'))}`;
const quantiles = (qs: number[], series: string, prefix = ''): PanelTarget[] =>
  qs.map((q) => ({ expr: histogramQuantile(q, series, RATE_WINDOW), legend: `${prefix}p${Math.round(q * 100)}` }));

/** A frontend/router series of the deployment. */
const fe = (c: PanelContext, name: string, extra: ReadonlyArray<readonly [string, '=' | '!=' | '=~' | '!~', string]> = []): string =>
  dynamoSeries(c.deployment, name, extra);
/** A worker series of one worker component: the deployment's Dynamo namespace and the component's pods. */
const wk = (c: PanelContext, name: string, w: ObservedComponent): string =>
  dynamoSeries(c.deployment, name, [['pod', '=~', podPattern(c.deployment, w)]]);
/** One target per worker component. */
const perWorker = (c: PanelContext, f: (w: ObservedComponent) => PanelTarget[]): PanelTarget[] =>
  workerComponents(c.deployment).flatMap(f);
/** NIXL series of the disaggregated workers, per pod. */
const nixl = (c: PanelContext, name: string, w: ObservedComponent): string => podSeries(c.deployment, name, w);
const dcgm = (c: PanelContext, name: string, w: ObservedComponent): string => {
  if (!c.gpu) throw new Error('internal: GPU panel without GPU metrics');
  return podSeries(c.deployment, name, w, { namespace: c.gpu.namespaceLabel, pod: c.gpu.podLabel });
};
const dcgmLegend = (c: PanelContext, w: ObservedComponent): string => `${w.name} {{${c.gpu?.podLabel ?? 'pod'}}} GPU {{gpu}}`;
const gauge = (expr: string, legend: string): PanelTarget => ({ expr: `max(${expr})`, legend });
const disaggregatedWorkers = (c: PanelContext): ObservedComponent[] => workerComponents(c.deployment).filter((w) => w.type.v1alpha1SubComponentType !== undefined);

/** One target per refusal counter of the gateway, summed across its Envoy pods. */
const refusals = (c: PanelContext, list: readonly GatewayRefusal[]): PanelTarget[] =>
  list.map((r) => ({ expr: sumRate(gatewaySeries(c.deployment, r.metric)), legend: r.reason }));

const latencyThreshold = (ms: number): PanelThresholds => ({ base: 'green', steps: [{ value: ms / 1000, color: 'red' }], style: 'line' });

/** The rows and panels, top to bottom. @internal */
export const DASHBOARD_ROWS: readonly RowSpec[] = [
  {
    title: 'Frontend',
    when: () => true,
    panels: [
      {
        title: 'Requests/s by outcome',
        description: 'Frontend requests per second by status (success, error), plus rejections and cancellations.',
        visualization: 'timeseries',
        unit: 'reqps',
        targets: (c) => [
          { expr: sumRate(fe(c, 'dynamo_frontend_requests_total'), ['status']), legend: '{{status}}' },
          { expr: sumRate(fe(c, 'dynamo_frontend_model_rejection_total')), legend: 'rejected' },
          { expr: sumRate(fe(c, 'dynamo_frontend_model_cancellation_total')), legend: 'cancelled' },
        ],
      },
      {
        title: 'Request success ratio',
        description: 'Share of frontend requests that succeeded; red below the availability SLO.',
        visualization: 'stat',
        unit: 'percentunit',
        targets: (c) => [{
          expr: `${sumRate(fe(c, 'dynamo_frontend_requests_total', [['status', '=', 'success']]))} / ${sumRate(fe(c, 'dynamo_frontend_requests_total'))}`,
          legend: 'success ratio',
        }],
        thresholds: (c) => ({ base: 'red', steps: [{ value: c.slo.availability, color: 'green' }], style: 'line' }),
      },
      {
        title: 'Active vs queued requests',
        description: 'Requests the frontend is processing and requests waiting for a worker; the queue-depth warning is drawn.',
        visualization: 'timeseries',
        unit: 'short',
        targets: (c) => [
          { expr: `sum(${fe(c, 'dynamo_frontend_active_requests')})`, legend: 'active' },
          { expr: `sum(${fe(c, 'dynamo_frontend_queued_requests')})`, legend: 'queued' },
        ],
        thresholds: (c) => ({ base: 'green', steps: [{ value: c.slo.queueDepthWarning, color: 'orange' }], style: 'line' }),
      },
      {
        title: 'Time to first token p50/p90/p99',
        description: 'Frontend time to first token; the SLO target is the red line.',
        visualization: 'timeseries',
        unit: 's',
        targets: (c) => quantiles([0.5, 0.9, 0.99], fe(c, 'dynamo_frontend_time_to_first_token_seconds')),
        thresholds: (c) => latencyThreshold(c.slo.ttftMs),
      },
      {
        title: 'Inter-token latency p50/p90/p99',
        description: 'Frontend time between output tokens; the SLO target is the red line.',
        visualization: 'timeseries',
        unit: 's',
        targets: (c) => quantiles([0.5, 0.9, 0.99], fe(c, 'dynamo_frontend_inter_token_latency_seconds')),
        thresholds: (c) => latencyThreshold(c.slo.itlMs),
      },
      {
        title: 'Request duration p50/p90/p99',
        description: 'End-to-end request duration at the frontend.',
        visualization: 'timeseries',
        unit: 's',
        targets: (c) => quantiles([0.5, 0.9, 0.99], fe(c, 'dynamo_frontend_request_duration_seconds')),
      },
      {
        title: 'Tokens/s (input, output, cached)',
        description: 'Prompt tokens, generated tokens and prompt tokens served from the prefix cache, per second.',
        visualization: 'timeseries',
        unit: 'short',
        targets: (c) => [
          { expr: sumRate(suffixed(fe(c, 'dynamo_frontend_input_sequence_tokens'), '_sum')), legend: 'input' },
          { expr: sumRate(fe(c, 'dynamo_frontend_output_tokens_total')), legend: 'output' },
          { expr: sumRate(suffixed(fe(c, 'dynamo_frontend_cached_tokens'), '_sum')), legend: 'cached input' },
        ],
      },
      {
        title: 'Average sequence length',
        description: 'Mean prompt (ISL) and completion (OSL) length, tokens.',
        visualization: 'timeseries',
        unit: 'short',
        targets: (c) => [
          { expr: histMean(fe(c, 'dynamo_frontend_input_sequence_tokens')), legend: 'input (ISL)' },
          { expr: histMean(fe(c, 'dynamo_frontend_output_sequence_tokens')), legend: 'output (OSL)' },
        ],
      },
      {
        title: 'Cached share of input tokens',
        description: 'Prompt tokens served from the prefix cache as a share of all prompt tokens.',
        visualization: 'timeseries',
        unit: 'percentunit',
        targets: (c) => [{
          expr: `${sumRate(suffixed(fe(c, 'dynamo_frontend_cached_tokens'), '_sum'))} / ${sumRate(suffixed(fe(c, 'dynamo_frontend_input_sequence_tokens'), '_sum'))}`,
          legend: 'cached share',
        }],
      },
    ],
  },
  {
    // Envoy Gateway's proxies (ingress.controller), scraped by the <dgd>-gateway PodMonitor.
    title: 'Gateway',
    when: (c) => c.deployment.gateway !== undefined,
    panels: [
      {
        title: 'Gateway responses/s by class',
        description: 'Responses of the gateway\'s listeners per second by status class (2xx, 4xx, 5xx...), including the 401, 403 and 429 the gateway answers itself.',
        visualization: 'timeseries',
        unit: 'reqps',
        targets: (c) => [{ expr: sumRate(gatewayResponses(c.deployment), ['envoy_response_code_class']), legend: '{{envoy_response_code_class}}xx' }],
      },
      {
        title: 'Refused by authentication/s',
        description: 'Requests the gateway answered 401 because the credential was missing or invalid.',
        visualization: 'timeseries',
        unit: 'reqps',
        when: (c) => checksCredentials(c.deployment),
        targets: (c) => refusals(c, authRefusals(c.deployment)),
      },
      {
        title: 'Refused by the source allow list/s',
        description: 'Requests the gateway answered 403 because the client address is outside allowedSourceRanges.',
        visualization: 'timeseries',
        unit: 'reqps',
        when: (c) => checksSourceRanges(c.deployment),
        targets: (c) => refusals(c, sourceRangeRefusals(c.deployment)),
      },
      {
        title: 'Rate limited/s',
        description: 'Requests the gateway answered 429 because the client was over its request or token limit.',
        visualization: 'timeseries',
        unit: 'reqps',
        when: (c) => limitsRates(c.deployment),
        targets: (c) => refusals(c, rateLimitRefusals(c.deployment)),
      },
    ],
  },
  {
    title: 'Routing (KV router)',
    when: (c) => c.deployment.routerMode.isKvAware,
    panels: [
      {
        title: 'KV hit rate',
        description: 'Mean fraction of prompt blocks the KV router found in the chosen worker\'s cache.',
        visualization: 'timeseries',
        unit: 'percentunit',
        targets: (c) => [{ expr: histMean(fe(c, 'dynamo_component_router_kv_hit_rate')), legend: 'hit rate' }],
      },
      {
        title: 'Router overhead p50/p99',
        description: 'Time the KV router adds per request.',
        visualization: 'timeseries',
        unit: 'ms',
        targets: (c) => quantiles([0.5, 0.99], fe(c, 'dynamo_router_overhead_total_ms')),
      },
      {
        title: 'KV events applied/s',
        // Approximate KV routing has no events to count.
        when: (c) => c.deployment.routerMode.needsKvEvents,
        description: 'KV cache events the router indexer applied per second; flat at zero means workers do not publish KV events.',
        visualization: 'timeseries',
        unit: 'short',
        targets: (c) => [{ expr: sumRate(fe(c, 'dynamo_component_kv_cache_events_applied')), legend: 'events/s' }],
      },
    ],
  },
  {
    title: 'Workers',
    when: () => true,
    panels: [
      {
        title: 'Worker request duration p50/p95',
        description: 'Request processing time per worker component (prefill vs decode when disaggregated).',
        visualization: 'timeseries',
        unit: 's',
        targets: (c) => perWorker(c, (w) => quantiles([0.5, 0.95], wk(c, 'dynamo_component_request_duration_seconds', w), `${w.name} `)),
      },
      {
        title: 'Worker requests/s',
        description: 'Requests handled per second per worker component.',
        visualization: 'timeseries',
        unit: 'reqps',
        targets: (c) => perWorker(c, (w) => [{ expr: sumRate(wk(c, 'dynamo_component_requests_total', w)), legend: w.name }]),
      },
      {
        title: 'Worker errors/s',
        description: 'Failed requests per second per worker component.',
        visualization: 'timeseries',
        unit: 'reqps',
        targets: (c) => perWorker(c, (w) => [{ expr: sumRate(wk(c, 'dynamo_component_errors_total', w)), legend: w.name }]),
      },
      {
        title: 'Worker inflight requests',
        description: 'Requests being processed, per worker pod.',
        visualization: 'timeseries',
        unit: 'short',
        targets: (c) => perWorker(c, (w) => [{ expr: `sum by (pod) (${wk(c, 'dynamo_component_inflight_requests', w)})`, legend: `${w.name} {{pod}}` }]),
      },
      {
        title: 'KV cache usage',
        description: 'KV cache usage per worker pod; past the warning, requests queue or get preempted.',
        visualization: 'timeseries',
        unit: 'percentunit',
        targets: (c) => perWorker(c, (w) => [{ expr: `max by (pod) (${wk(c, 'dynamo_component_gpu_cache_usage_percent', w)})`, legend: `${w.name} {{pod}}` }]),
        thresholds: (c) => ({ base: 'green', steps: [{ value: c.slo.kvCacheUsageWarning, color: 'orange' }], style: 'area' }),
      },
      {
        title: 'KV cache blocks',
        description: 'KV cache blocks per worker pod.',
        visualization: 'timeseries',
        unit: 'short',
        targets: (c) => perWorker(c, (w) => [{ expr: `max by (pod) (${wk(c, 'dynamo_component_total_blocks', w)})`, legend: `${w.name} {{pod}}` }]),
      },
    ],
  },
  {
    title: 'KV transfer (NIXL)',
    when: (c) => isDisaggregated(c.deployment) && c.deployment.nixlTelemetry,
    panels: [
      {
        title: 'KV transfer bytes/s',
        description: 'Bytes NIXL moved per second per worker pod (sent + received; or nixl_bytes_transferred on older NIXL).',
        visualization: 'timeseries',
        unit: 'Bps',
        targets: (c) => disaggregatedWorkers(c).map((w) => ({
          expr: `(${sumRate(nixl(c, 'agent_tx_bytes_total', w), ['pod'])} + ${sumRate(nixl(c, 'agent_rx_bytes_total', w), ['pod'])}) or ${sumRate(nixl(c, 'nixl_bytes_transferred', w), ['pod'])}`,
          legend: `${w.name} {{pod}}`,
        })),
      },
      {
        title: 'KV transfer effective bandwidth',
        description: 'Bytes moved per second of transfer time, per worker pod; below the red line the transfers most likely run over TCP instead of RDMA.',
        visualization: 'timeseries',
        unit: 'Bps',
        targets: (c) => disaggregatedWorkers(c).map((w) => ({
          expr: `(${sumRate(nixl(c, 'agent_tx_bytes_total', w), ['pod'])} + ${sumRate(nixl(c, 'agent_rx_bytes_total', w), ['pod'])}) / (${sumRate(nixl(c, 'agent_xfer_time_total', w), ['pod'])} / 1e6 > 0)`,
          legend: `${w.name} {{pod}}`,
        })),
        thresholds: (c) => ({ base: 'red', steps: [{ value: c.slo.minKvTransferGBps * 1e9, color: 'green' }], style: 'area' }),
      },
      {
        title: 'Failed KV transfers/s',
        description: 'NIXL errors (or failed transfers on older NIXL) per second per worker pod.',
        visualization: 'timeseries',
        unit: 'short',
        targets: (c) => disaggregatedWorkers(c).map((w) => ({
          expr: `${sumRate(nixl(c, 'agent_errors_total', w), ['pod'])} or ${sumRate(nixl(c, 'nixl_num_failed_transfers', w), ['pod'])}`,
          legend: `${w.name} {{pod}}`,
        })),
      },
    ],
  },
  {
    title: 'Planner',
    when: (c) => plannerComponent(c.deployment) !== undefined,
    panels: [
      {
        title: 'Planner prefill replicas',
        description: 'Prefill replicas the planner runs and the number it predicts it needs.',
        visualization: 'timeseries',
        unit: 'short',
        when: (c) => isDisaggregated(c.deployment),
        targets: (c) => [
          gauge(fe(c, 'dynamo_planner_num_prefill_replicas'), 'actual'),
          gauge(fe(c, 'dynamo_planner_predicted_num_prefill_replicas'), 'predicted'),
        ],
      },
      {
        title: 'Planner decode replicas',
        description: 'Decode replicas the planner runs and the number it predicts it needs.',
        visualization: 'timeseries',
        unit: 'short',
        targets: (c) => [
          gauge(fe(c, 'dynamo_planner_num_decode_replicas'), 'actual'),
          gauge(fe(c, 'dynamo_planner_predicted_num_decode_replicas'), 'predicted'),
        ],
      },
      {
        title: 'Planner TTFT: observed vs target',
        description: 'Time to first token the planner observed, against its target.',
        visualization: 'timeseries',
        unit: 'ms',
        targets: (c) => [
          gauge(fe(c, 'dynamo_planner_observed_ttft_ms'), 'observed'),
          gauge(fe(c, 'dynamo_planner_sla_target_ttft_ms'), 'target'),
        ],
      },
      {
        title: 'Planner ITL: observed vs target',
        description: 'Inter-token latency the planner observed, against its target.',
        visualization: 'timeseries',
        unit: 'ms',
        targets: (c) => [
          gauge(fe(c, 'dynamo_planner_observed_itl_ms'), 'observed'),
          gauge(fe(c, 'dynamo_planner_sla_target_itl_ms'), 'target'),
        ],
      },
      {
        title: 'Planner request rate: observed vs predicted',
        description: 'Request rate the planner observed and the rate its load predictor expects.',
        visualization: 'timeseries',
        unit: 'reqps',
        targets: (c) => [
          gauge(fe(c, 'dynamo_planner_observed_requests_per_second'), 'observed'),
          gauge(fe(c, 'dynamo_planner_predicted_requests_per_second'), 'predicted'),
        ],
      },
      {
        title: 'Planner sequence length: observed vs predicted',
        description: 'Mean prompt (ISL) and completion (OSL) length the planner observed and predicts, tokens.',
        visualization: 'timeseries',
        unit: 'short',
        targets: (c) => [
          gauge(fe(c, 'dynamo_planner_observed_input_sequence_tokens'), 'ISL observed'),
          gauge(fe(c, 'dynamo_planner_predicted_input_sequence_tokens'), 'ISL predicted'),
          gauge(fe(c, 'dynamo_planner_observed_output_sequence_tokens'), 'OSL observed'),
          gauge(fe(c, 'dynamo_planner_predicted_output_sequence_tokens'), 'OSL predicted'),
        ],
      },
    ],
  },
  {
    title: 'GPU (DCGM)',
    when: (c) => c.gpu !== undefined,
    panels: [
      {
        title: 'GPU utilisation',
        description: 'DCGM GPU utilisation per worker pod and GPU.',
        visualization: 'timeseries',
        unit: 'percent',
        targets: (c) => perWorker(c, (w) => [{ expr: dcgm(c, 'DCGM_FI_DEV_GPU_UTIL', w), legend: dcgmLegend(c, w) }]),
      },
      {
        title: 'GPU framebuffer memory used',
        description: 'DCGM framebuffer memory used per worker pod and GPU.',
        visualization: 'timeseries',
        unit: 'decmbytes',
        targets: (c) => perWorker(c, (w) => [{ expr: dcgm(c, 'DCGM_FI_DEV_FB_USED', w), legend: dcgmLegend(c, w) }]),
      },
      {
        title: 'GPU memory copy utilisation',
        description: 'DCGM memory bandwidth utilisation per worker pod and GPU.',
        visualization: 'timeseries',
        unit: 'percent',
        targets: (c) => perWorker(c, (w) => [{ expr: dcgm(c, 'DCGM_FI_DEV_MEM_COPY_UTIL', w), legend: dcgmLegend(c, w) }]),
      },
    ],
  },
];
