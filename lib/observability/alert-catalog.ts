import { CLIENT_ID_HEADER } from '../access/client-identity';
import { authRefusals, checksCredentials, limitsRates, rateLimitRefusals, refusalRate, responseRate } from './gateway-promql';
import { ObservedComponent, ObservedDeployment } from './observed-deployment';
import { dynamoSeries, histogramQuantile, isDisaggregated, matchers, podSeries, workerComponents } from './promql';
import { ResolvedSlo } from './slo';

/**
 * The recording rules and alerts of {@link LlmAlertRules}, as data: one row per rule, so that adding
 * an alert is one row. Every metric name goes through the catalogue (`dynamoSeries`, `podSeries`).
 * @internal
 */

/** What a rule row is built from. @internal */
export interface RuleContext {
  readonly d: ObservedDeployment;
  readonly slo: ResolvedSlo;
}

/** Windows of the recorded quantiles and error ratios (the Google SRE multiwindow pairs). @internal */
export const RECORD_WINDOWS = ['5m', '30m', '1h', '6h'] as const;
/** @internal */
export type RecordWindow = typeof RECORD_WINDOWS[number];

/** The latency histograms with recorded quantiles. @internal */
export const TTFT_METRIC = 'dynamo_frontend_time_to_first_token_seconds';
/** @internal */
export const ITL_METRIC = 'dynamo_frontend_inter_token_latency_seconds';

/** The median TTFT above which a disaggregated deployment is taken to move KV over TCP (clouds-gpu-rdma.md §4.5 red flag). @internal */
export const TTFT_RED_FLAG_SECONDS = 10;

/** The frontend stages before the engine; their requests are the queue (reference §5.3). @internal */
const QUEUE_STAGES = 'preprocess|route|dispatch';

/** A number as PromQL and people read it: 0.3, not 0.30000000000000004. @internal */
export function num(x: number): string {
  return String(Number(x.toPrecision(12)));
}

/** `p95`, `p99_9`: the percentile in a recording-rule name. @internal */
export function percentileName(q: number): string {
  return `p${num(q * 100).replace('.', '_')}`;
}

/** `p95`, `p99.9`: the percentile in prose. @internal */
function percentileText(q: number): string {
  return `p${num(q * 100)}`;
}

/** `dynamo_namespace:<metric>:p95_rate5m`. @internal */
export function quantileRecord(metricName: string, q: number, window: RecordWindow): string {
  return `dynamo_namespace:${metricName}:${percentileName(q)}_rate${window}`;
}

/** `dynamo_namespace:dynamo_frontend_requests:error_ratio_rate5m`. @internal */
export function errorRatioRecord(window: RecordWindow): string {
  return `dynamo_namespace:dynamo_frontend_requests:error_ratio_rate${window}`;
}

/** Requests waiting in the frontend's preprocess, route and dispatch stages. @internal */
export const QUEUE_RECORD = 'dynamo_namespace:dynamo_frontend_stage_requests:sum';

/** A recorded series of this deployment (records of several deployments share names). */
function rec(ctx: RuleContext, record: string): string {
  return `${record}${matchers([['dynamo_namespace', '=', ctx.d.dynamoNamespace]])}`;
}

/** One recording rule. @internal */
export interface RecordSpec {
  readonly record: string;
  readonly expr: string;
}

/** The quantiles recorded: the SLO percentile and the median. */
function recordedQuantiles(slo: ResolvedSlo): number[] {
  return slo.latencyPercentile === 0.5 ? [0.5] : [slo.latencyPercentile, 0.5];
}

/** The recording rules of a deployment. @internal */
export function recordingRules(ctx: RuleContext): RecordSpec[] {
  const { d } = ctx;
  const rules: RecordSpec[] = [];
  for (const metricName of [TTFT_METRIC, ITL_METRIC]) {
    for (const q of recordedQuantiles(ctx.slo)) {
      for (const w of RECORD_WINDOWS) {
        rules.push({ record: quantileRecord(metricName, q, w), expr: histogramQuantile(q, dynamoSeries(d, metricName), w, ['dynamo_namespace']) });
      }
    }
  }
  const requests = dynamoSeries(d, 'dynamo_frontend_requests_total');
  const errors = dynamoSeries(d, 'dynamo_frontend_requests_total', [['status', '=', 'error']]);
  for (const w of RECORD_WINDOWS) {
    const all = `sum by (dynamo_namespace) (rate(${requests}[${w}]))`;
    // `or all * 0`: a ratio of 0, not no data, while nothing fails.
    rules.push({ record: errorRatioRecord(w), expr: `(sum by (dynamo_namespace) (rate(${errors}[${w}])) or ${all} * 0) / ${all}` });
  }
  rules.push({
    record: QUEUE_RECORD,
    expr: `sum by (dynamo_namespace) (${dynamoSeries(d, 'dynamo_frontend_stage_requests', [['stage', '=~', QUEUE_STAGES]])})`,
  });
  return rules;
}

/** How urgent an alert is (its `severity` label); `info` for conditions that are working as configured but worth knowing. @internal */
export type AlertSeverity = 'critical' | 'warning' | 'info';

/** One alert row. @internal */
export interface AlertSpec {
  /** PascalCase, prefixed `Dynamo`. */
  readonly alert: string;
  readonly severity: AlertSeverity;
  /** How long the condition must hold. @default - fires at the first evaluation */
  readonly for?: string;
  /** Whether the deployment gets the alert. @default - always */
  readonly when?: (ctx: RuleContext) => boolean;
  /** One rule per worker component (labelled `dgd_component`) instead of one per deployment. */
  readonly perWorker?: boolean;
  readonly expr: (ctx: RuleContext, component?: ObservedComponent) => string;
  readonly summary: (ctx: RuleContext, component?: ObservedComponent) => string;
  /** Runbook style: what it means, the likely causes, what to check. */
  readonly description: (ctx: RuleContext, component?: ObservedComponent) => string;
}

const nixlOn = (ctx: RuleContext): boolean => isDisaggregated(ctx.d) && ctx.d.nixlTelemetry;

/** How quantile windows are used instead of a bucket-ratio burn rate, said in every latency alert. */
const WHY_QUANTILE_WINDOWS = 'The alert compares quantiles over two windows with the target instead of a burn rate over histogram '
  + 'buckets, because the target need not be a bucket boundary and a missing bucket would silently yield no data.';

interface LatencyKind {
  readonly name: 'Ttft' | 'Itl';
  readonly metric: string;
  readonly text: string;
  readonly targetMs: (slo: ResolvedSlo) => number;
  readonly causes: string;
}

const TTFT: LatencyKind = {
  name: 'Ttft', metric: TTFT_METRIC, text: 'time to first token', targetMs: (s) => s.ttftMs,
  causes: 'Likely causes: too few prefill (or aggregated) workers for the load, requests queueing in the frontend, longer prompts '
    + 'than the deployment was sized for, a full KV cache, or in a disaggregated deployment KV transfers running over TCP. '
    + 'Check the queue depth and KV cache usage, worker readiness and restarts, the planner\'s or autoscaler\'s replicas, '
    + 'the input sequence length and, when disaggregated, the KV transfer bandwidth.',
};

const ITL: LatencyKind = {
  name: 'Itl', metric: ITL_METRIC, text: 'inter-token latency', targetMs: (s) => s.itlMs,
  causes: 'Likely causes: decode (or aggregated) workers batching more sequences than they can step through in time, '
    + 'KV cache preemption near a full cache, prefill chunks interleaved with decode in aggregated workers, or GPU '
    + 'contention or throttling. Check in-flight requests and KV cache usage per worker, the decode replicas, and GPU utilisation.',
};

/** The fast (page) and slow (ticket) multi-window latency alerts of one histogram. */
function latencyAlerts(k: LatencyKind): AlertSpec[] {
  const row = (speed: 'Fast' | 'Slow', short: RecordWindow, long: RecordWindow, severity: AlertSeverity, forDuration: string): AlertSpec => ({
    alert: `Dynamo${k.name}SloBurn${speed}`,
    severity,
    for: forDuration,
    expr: (ctx) => {
      const t = num(k.targetMs(ctx.slo) / 1000);
      const q = ctx.slo.latencyPercentile;
      return `${rec(ctx, quantileRecord(k.metric, q, short))} > ${t} and ${rec(ctx, quantileRecord(k.metric, q, long))} > ${t}`;
    },
    summary: (ctx) => `${percentileText(ctx.slo.latencyPercentile)} ${k.text} of {{ $labels.dynamo_namespace }} above its ${k.targetMs(ctx.slo)} ms target over ${short} and ${long}`,
    description: (ctx) => `${percentileText(ctx.slo.latencyPercentile)} ${k.text} has been {{ $value | humanizeDuration }} over the last ${short} `
      + `and above the ${k.targetMs(ctx.slo)} ms target over the last ${long} as well`
      + (speed === 'Fast' ? ': users are affected now. ' : ': the SLO is eroding slowly. ')
      + `${k.causes} ${WHY_QUANTILE_WINDOWS}`,
  });
  return [row('Fast', '5m', '1h', 'critical', '2m'), row('Slow', '30m', '6h', 'warning', '15m')];
}

/** Error-budget burn (Google SRE workbook, multiwindow multi-burn-rate): 14.4× spends 2 % of a 30-day budget in 1 h, 6× spends 5 % in 6 h. */
function errorBudgetAlert(speed: 'Fast' | 'Slow', factor: number, long: RecordWindow, short: RecordWindow, severity: AlertSeverity, forDuration: string): AlertSpec {
  return {
    alert: `DynamoErrorBudgetBurn${speed}`,
    severity,
    for: forDuration,
    expr: (ctx) => {
      const threshold = `(${num(factor)} * ${num(1 - ctx.slo.availability)})`;
      return `${rec(ctx, errorRatioRecord(long))} > ${threshold} and ${rec(ctx, errorRatioRecord(short))} > ${threshold}`;
    },
    summary: () => `{{ $labels.dynamo_namespace }} is spending its error budget ${num(factor)} times too fast`,
    description: (ctx) => `{{ $value | humanizePercentage }} of requests failed over the last ${long} (and over the last ${short}), `
      + `${num(factor)} times the ${num((1 - ctx.slo.availability) * 100)} % error budget of the ${num(ctx.slo.availability * 100)} % availability SLO; `
      + `at this rate a 30-day budget lasts ${num(Math.round((30 / factor) * 10) / 10)} days. Likely causes: workers crashing or running out of `
      + 'memory (OOMKilled, CUDA out of memory), no worker serving the model, engine errors on prompts longer than the context, or request '
      + 'timeouts. Check dynamo_frontend_requests_total by status and model, dynamo_component_errors_total per worker, and the worker pods\' '
      + 'restarts and logs.',
  };
}

/** The share of the gateway's responses that are 401s above which `DynamoGatewayAuthFailuresHigh` fires. @internal */
export const GATEWAY_AUTH_FAILURE_SHARE = 0.1;
/** The share of the gateway's responses that are 429s above which `DynamoGatewayRateLimited` fires. @internal */
export const GATEWAY_RATE_LIMITED_SHARE = 0.05;

/** `refused / responses > share` over 5 minutes, on the gateway's counters. */
const gatewayShare = (ctx: RuleContext, refused: string, share: number): string =>
  `(${refused}) / ${responseRate(ctx.d, '5m')} > ${num(share)}`;

/** The alerts on the Envoy Gateway in front of the deployment (`deployment.gateway`). */
const GATEWAY_ALERTS: readonly AlertSpec[] = [
  {
    alert: 'DynamoGatewayAuthFailuresHigh',
    severity: 'warning',
    for: '10m',
    when: (ctx) => checksCredentials(ctx.d),
    expr: (ctx) => gatewayShare(ctx, refusalRate(ctx.d, authRefusals(ctx.d), '5m'), GATEWAY_AUTH_FAILURE_SHARE),
    summary: (ctx) => `The gateway of ${ctx.d.namespace}/${ctx.d.name} refuses {{ $value | humanizePercentage }} of requests for their credential`,
    description: (ctx) => `For 10m more than ${num(GATEWAY_AUTH_FAILURE_SHARE * 100)} % of the responses of the Envoy Gateway in front of `
      + `${ctx.d.name} were 401s (${authRefusals(ctx.d).map((r) => r.reason).join('; ')}). `
      + 'Likely causes: a client deployed with a wrong, expired or revoked key or token, a key removed from the Secret (or the Secret not '
      + 'yet updated), a JWT issuer or audience change, clock skew on token expiry, or someone probing the endpoint with guessed '
      + `credentials. Check the gateway's access logs for the clients and paths refused (kubectl logs -n ${ctx.d.gateway?.proxyNamespace ?? 'envoy-gateway-system'} `
      + `-l gateway.envoyproxy.io/owning-gateway-name=${ctx.d.gateway?.name ?? ''}), the SecurityPolicy status, and the Secret or identity provider configuration.`,
  },
  {
    alert: 'DynamoGatewayRateLimited',
    severity: 'info',
    for: '15m',
    when: (ctx) => limitsRates(ctx.d),
    expr: (ctx) => gatewayShare(ctx, refusalRate(ctx.d, rateLimitRefusals(ctx.d), '5m'), GATEWAY_RATE_LIMITED_SHARE),
    summary: (ctx) => `The gateway of ${ctx.d.namespace}/${ctx.d.name} rate-limits {{ $value | humanizePercentage }} of requests`,
    description: (ctx) => `For 15m more than ${num(GATEWAY_RATE_LIMITED_SHARE * 100)} % of the responses of the Envoy Gateway in front of `
      + `${ctx.d.name} were 429s from its ${ctx.d.gateway?.globalRateLimit ? 'global' : 'local'} rate limit: the limits work, but clients are `
      + 'asking for more than they are allowed. Likely causes: a client retrying in a tight loop, a batch job sharing a key with interactive '
      + 'users, limits set below legitimate demand (access.requestsPerMinute, access.tokensPerMinute), or, with local limits, fewer Envoy '
      + 'replicas than the limit was sized for (each replica counts on its own). Check which clients are limited by the client id '
      + `(${CLIENT_ID_HEADER}, set by the gateway) in Envoy's access logs, and whether the limits still match the clients' quotas.`,
  },
];

/** The alerts, in the order they appear in the PrometheusRule. @internal */
export const ALERTS: readonly AlertSpec[] = [
  ...latencyAlerts(TTFT),
  ...latencyAlerts(ITL),
  errorBudgetAlert('Fast', 14.4, '1h', '5m', 'critical', '2m'),
  errorBudgetAlert('Slow', 6, '6h', '30m', 'warning', '15m'),
  {
    alert: 'DynamoQueueGrowing',
    severity: 'warning',
    for: '10m',
    expr: (ctx) => `${rec(ctx, QUEUE_RECORD)} > ${ctx.slo.queueDepthWarning} and deriv(${rec(ctx, QUEUE_RECORD)}[10m]) > 0`,
    summary: () => 'Requests are queueing in the frontend of {{ $labels.dynamo_namespace }}',
    description: (ctx) => `{{ $value }} requests are waiting in the frontend (stages preprocess, route and dispatch), more than `
      + `${ctx.slo.queueDepthWarning} for 10m, and the queue is still growing: the workers do not drain the load. Likely causes: too few `
      + 'workers for the request rate, a full KV cache, long generations holding batch slots, the planner or autoscaler at its maximum, or '
      + 'workers not ready (model still loading). Check worker readiness and replicas, KV cache usage, the request rate, and the planner\'s '
      + 'predicted against actual replicas.',
  },
  {
    alert: 'DynamoKvCacheNearFull',
    severity: 'warning',
    for: '10m',
    expr: (ctx) => `max by (dynamo_namespace, dynamo_component, pod) (${dynamoSeries(ctx.d, 'dynamo_component_gpu_cache_usage_percent')}) > ${num(ctx.slo.kvCacheUsageWarning)}`,
    summary: () => 'KV cache of {{ $labels.pod }} is {{ $value | humanizePercentage }} full',
    description: (ctx) => `Worker pod {{ $labels.pod }} ({{ $labels.dynamo_component }}) has used more than ${num(ctx.slo.kvCacheUsageWarning * 100)} % `
      + 'of its KV cache for 10m. Near the limit the engine queues or preempts requests and TTFT and ITL rise. Likely causes: more concurrent '
      + 'sequences or longer contexts than the pool was sized for, or requests stalled without freeing their blocks. Check in-flight requests '
      + 'per worker, input and output lengths, the engine\'s GPU memory utilisation and maximum sequences, and add workers.',
  },
  {
    alert: 'DynamoNoWorkersServing',
    severity: 'critical',
    for: '5m',
    perWorker: true,
    expr: (ctx, c) => `(sum(${podSeries(ctx.d, 'up', c)}) or vector(0)) < 1`,
    summary: (ctx, c) => `No ${c!.name} pod of ${ctx.d.namespace}/${ctx.d.name} is up`,
    description: (ctx, c) => `Prometheus has scraped no ${c!.name} pod of ${ctx.d.name} in namespace ${ctx.d.namespace} successfully for 5m. `
      + 'Without workers the frontend drops the model from /v1/models and answers 404, and nothing scales it back up (Dynamo issue #10753). '
      + 'Likely causes: pods pending (no GPU node, quota, taints), crash-looping (out of memory, bad engine arguments, model download '
      + 'failure), scaled to zero, or not scraped (PodMonitor missing or not selected by Prometheus). Check '
      + `kubectl get pods -n ${ctx.d.namespace} -l nvidia.com/dynamo-graph-deployment-name=${ctx.d.name}, the pods' events and main container `
      + 'logs, and the Prometheus targets page.',
  },
  {
    alert: 'DynamoModelRejections',
    severity: 'critical',
    for: '5m',
    expr: (ctx) => `sum by (dynamo_namespace) (rate(${dynamoSeries(ctx.d, 'dynamo_frontend_model_rejection_total')}[5m])) > 0`,
    summary: () => 'The frontend of {{ $labels.dynamo_namespace }} is rejecting requests',
    description: () => 'The frontend has rejected {{ $value | humanize }} requests/s for 5m, and clients get errors. Likely causes: no worker '
      + 'serves the model (the frontend then also drops it from /v1/models, Dynamo issue #10753), or the workers are overloaded. Check '
      + 'DynamoNoWorkersServing, worker readiness and their registration with the frontend, and the queue depth.',
  },
  {
    alert: 'DynamoKvTransferFailures',
    severity: 'critical',
    when: nixlOn,
    expr: (ctx) => `sum by (pod) (increase(${podSeries(ctx.d, 'nixl_num_failed_transfers')}[10m])) > 0 `
      + `or sum by (pod) (increase(${podSeries(ctx.d, 'agent_errors_total')}[10m])) > 0`,
    summary: () => 'NIXL KV transfers are failing on {{ $labels.pod }}',
    description: () => '{{ $value | humanize }} NIXL transfer failures or errors on {{ $labels.pod }} in the last 10m. A failed KV transfer '
      + 'makes the request fail or be recomputed. Likely causes: prefill and decode pods losing each other (NIXL_ERR_REMOTE_DISCONNECT, '
      + 'often UCX_IB_ADDR_TYPE=eth missing on InfiniBand), pods restarted mid-transfer, or RDMA memory registration errors (missing IPC_LOCK). '
      + 'Check the main container logs of the prefill and decode pods for NIXL and UCX errors, and agent_errors_total by status.',
  },
  {
    alert: 'DynamoKvTransferSlow',
    severity: 'warning',
    for: '15m',
    when: nixlOn,
    expr: (ctx) => {
      const perPod = (name: string): string => `sum by (pod) (rate(${podSeries(ctx.d, name)}[5m]))`;
      const tx = perPod('agent_tx_bytes_total');
      const rx = perPod('agent_rx_bytes_total');
      // Each side `or` the other times 0, so a pod that only sends (or only receives) keeps its series.
      const bytes = `((${tx} or ${rx} * 0) + (${rx} or ${tx} * 0))`;
      // agent_xfer_time_total counts microseconds.
      return `${bytes} / (${perPod('agent_xfer_time_total')} / 1e6) < (${num(ctx.slo.minKvTransferGBps)} * 1e9) and ${bytes} > 0`;
    },
    summary: () => 'KV transfers on {{ $labels.pod }} run at TCP speed',
    description: (ctx) => 'NIXL has moved KV cache at {{ $value | humanize }}B/s per second of transfer on {{ $labels.pod }} for 15m, below '
      + `the ${num(ctx.slo.minKvTransferGBps)} GB/s floor: RDMA moves 10-50 GB/s per worker, TCP 1-3 GB/s. This is the silent 200x slowdown of `
      + 'disaggregated serving: requests still succeed, only TTFT grows. Likely causes: the UCX backend on EFA instead of LIBFABRIC; no RDMA '
      + 'device in the pod (resource vpc.amazonaws.com/efa or rdma/ib not requested); the IPC_LOCK capability missing; UCX_TLS without the rc '
      + 'and cuda_copy/cuda_ipc transports; UCX_IB_ADDR_TYPE=eth missing on InfiniBand. Check the worker logs: grep "Backend UCX was '
      + 'instantiated" (wrong on EFA, expect "Backend LIBFABRIC was instantiated"), "no RDMA transports available" and "falling back to TCP"; '
      + 'run ucx_info -d or fi_info -p efa in the pod.',
  },
  {
    alert: 'DynamoNixlTelemetryMissing',
    severity: 'warning',
    for: '15m',
    when: nixlOn,
    expr: (ctx) => {
      const workersUp = workerComponents(ctx.d).map((c) => `(${podSeries(ctx.d, 'up', c)} == 1)`).join(' or ');
      return `absent(${podSeries(ctx.d, 'agent_tx_bytes_total')}) and absent(${podSeries(ctx.d, 'nixl_bytes_transferred')}) `
        + `and on () count(${workersUp}) > 0`;
    },
    summary: (ctx) => `No NIXL telemetry from the workers of ${ctx.d.namespace}/${ctx.d.name}`,
    description: (ctx) => `Workers of ${ctx.d.name} are up but Prometheus has had no NIXL metrics (agent_* or nixl_*) from them for 15m, so `
      + 'DynamoKvTransferSlow and DynamoKvTransferFailures cannot fire and a fallback to TCP goes unnoticed. Likely causes: '
      + 'NIXL_TELEMETRY_ENABLE=y or NIXL_TELEMETRY_EXPORTER=prometheus not set on the workers, no container port named nixl (19090), the nixl '
      + 'PodMonitor missing or not selected by Prometheus (podMonitorSelector labels), or a NIXL build without the Prometheus exporter. Check '
      + 'the nixl targets on the Prometheus targets page and curl http://<pod-ip>:19090/metrics.',
  },
  {
    alert: 'DynamoTtftRedFlag',
    severity: 'critical',
    for: '10m',
    when: (ctx) => isDisaggregated(ctx.d),
    expr: (ctx) => `${rec(ctx, quantileRecord(TTFT_METRIC, 0.5, '5m'))} > ${TTFT_RED_FLAG_SECONDS}`,
    summary: () => `Median time to first token of {{ $labels.dynamo_namespace }} above ${TTFT_RED_FLAG_SECONDS} s`,
    description: () => `Median time to first token has been {{ $value | humanizeDuration }} for 10m. Likely cause: in a disaggregated deployment `
      + `a median over ${TTFT_RED_FLAG_SECONDS} s almost always means the KV cache moves from prefill to decode over TCP instead of RDMA, or `
      + 'transfers time out and retry; this alert works without NIXL telemetry. Check the worker logs for "Backend UCX was instantiated" (on EFA) and '
      + '"falling back to TCP", the RDMA resources (vpc.amazonaws.com/efa, rdma/ib) and the IPC_LOCK capability of the prefill and decode '
      + 'pods, and DynamoKvTransferSlow when NIXL telemetry is on.',
  },
  ...GATEWAY_ALERTS,
];
