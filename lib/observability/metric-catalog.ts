/**
 * The Prometheus metrics the dashboards, recording rules, alerts and autoscalers query, as data.
 * Every name here comes from `../shared/reference/dynamo-on-kubernetes.md` §4.2–4.3 (Dynamo's
 * metrics catalogue and dashboards) or `clouds-gpu-rdma.md` §4.3, except where `source` names
 * another upstream document. A PromQL expression in this library may only use these names; the
 * tests parse every expression and check it.
 *
 * Envoy names are Envoy stats as its `/stats/prometheus` renders them: `envoy_` + the stat name with
 * the default tag extractors' parts taken out as labels (Envoy Gateway sets `use_all_default_tags`),
 * so `http.<listener prefix>.downstream_rq_4xx` becomes `envoy_http_downstream_rq_xx` with
 * `envoy_http_conn_manager_prefix` and `envoy_response_code_class`. Envoy counters carry no `_total`.
 */

/** How a metric behaves, which decides the PromQL that may read it. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** Who exposes a metric, and so which scrape target must exist for it to have data. */
export type MetricFamily = 'frontend' | 'worker' | 'router' | 'planner' | 'nixl' | 'dcgm' | 'kube' | 'envoy';

/** One metric of the catalogue. */
export interface MetricInfo {
  /** The metric name; for histograms the base name (`_bucket`, `_sum`, `_count` are derived). */
  readonly name: string;
  /** How it behaves: counter, gauge or histogram. */
  readonly type: MetricType;
  /** Who exposes it. */
  readonly family: MetricFamily;
  /** What it measures, with its unit. */
  readonly help: string;
  /** Where the name is documented when not in the shared reference. */
  readonly source?: string;
}

const NIXL_EXPORTER = 'ai-dynamo/nixl src/plugins/telemetry/prometheus/README.md (HEAD): Prometheus exporter names';
/** Where the Envoy names come from: the filter's statistics, and the tag extractors that make the labels. */
const envoySource = (stats: string): string => `Envoy ${stats}; labels from Envoy source/common/config/well_known_names.cc (default tag extractors)`;
const ENVOY_DOCS = 'https://www.envoyproxy.io/docs/envoy/latest/configuration';

const m = (name: string, type: MetricType, family: MetricFamily, help: string, source?: string): MetricInfo =>
  ({ name, type, family, help, ...(source ? { source } : {}) });

/** The catalogue, by family. */
export const METRICS: readonly MetricInfo[] = [
  // Frontend (`/metrics` on the `http` port, 8000).
  m('dynamo_frontend_requests_total', 'counter', 'frontend', 'requests by model, endpoint, request_type and status (success, error)'),
  m('dynamo_frontend_active_requests', 'gauge', 'frontend', 'requests being processed'),
  m('dynamo_frontend_queued_requests', 'gauge', 'frontend', 'requests waiting for a worker (deprecated in favour of stage_requests)'),
  m('dynamo_frontend_inflight_requests', 'gauge', 'frontend', 'requests in flight (deprecated)'),
  m('dynamo_frontend_stage_requests', 'gauge', 'frontend', 'requests per pipeline stage (preprocess, route, dispatch) and phase'),
  m('dynamo_frontend_disconnected_clients', 'gauge', 'frontend', 'clients that disconnected before the response ended'),
  m('dynamo_frontend_time_to_first_token_seconds', 'histogram', 'frontend', 'time to first token, seconds'),
  m('dynamo_frontend_inter_token_latency_seconds', 'histogram', 'frontend', 'time between output tokens, seconds'),
  m('dynamo_frontend_request_duration_seconds', 'histogram', 'frontend', 'end-to-end request duration, seconds'),
  m('dynamo_frontend_input_sequence_tokens', 'histogram', 'frontend', 'prompt length, tokens'),
  m('dynamo_frontend_output_sequence_tokens', 'histogram', 'frontend', 'completion length, tokens'),
  m('dynamo_frontend_cached_tokens', 'histogram', 'frontend', 'prompt tokens served from the prefix cache'),
  m('dynamo_frontend_output_tokens_total', 'counter', 'frontend', 'output tokens generated'),
  m('dynamo_frontend_model_rejection_total', 'counter', 'frontend', 'requests rejected (model unavailable or overloaded)'),
  m('dynamo_frontend_model_cancellation_total', 'counter', 'frontend', 'requests cancelled'),
  m('dynamo_frontend_model_migration_total', 'counter', 'frontend', 'requests migrated to another worker'),
  m('dynamo_frontend_worker_active_decode_blocks', 'gauge', 'frontend', 'KV blocks in use by decode, per worker'),
  m('dynamo_frontend_worker_active_prefill_tokens', 'gauge', 'frontend', 'prefill tokens in flight, per worker'),
  m('dynamo_frontend_model_total_kv_blocks', 'gauge', 'frontend', 'KV blocks of the model across workers'),
  m('dynamo_frontend_router_queue_pending_requests', 'gauge', 'frontend', 'requests held in the router queue'),
  // Workers (`/metrics` on the `system` port, 9090).
  m('dynamo_component_requests_total', 'counter', 'worker', 'requests handled, by dynamo_component and dynamo_endpoint'),
  m('dynamo_component_errors_total', 'counter', 'worker', 'requests that failed'),
  m('dynamo_component_cancellation_total', 'counter', 'worker', 'requests cancelled'),
  m('dynamo_component_inflight_requests', 'gauge', 'worker', 'requests being processed'),
  m('dynamo_component_request_duration_seconds', 'histogram', 'worker', 'request processing time, seconds'),
  m('dynamo_component_request_bytes_total', 'counter', 'worker', 'request payload bytes'),
  m('dynamo_component_response_bytes_total', 'counter', 'worker', 'response payload bytes'),
  m('dynamo_component_uptime_seconds', 'gauge', 'worker', 'process uptime, seconds'),
  m('dynamo_component_gpu_cache_usage_percent', 'gauge', 'worker', 'KV cache usage, fraction 0–1'),
  m('dynamo_component_total_blocks', 'gauge', 'worker', 'KV cache blocks'),
  m('dynamo_component_kv_cache_events_applied', 'counter', 'worker', 'KV events applied by the router indexer'),
  // KV router.
  m('dynamo_component_router_kv_hit_rate', 'histogram', 'router', 'fraction of prompt blocks found in a worker KV cache'),
  m('dynamo_component_router_requests_total', 'counter', 'router', 'requests routed'),
  m('dynamo_router_overhead_total_ms', 'histogram', 'router', 'routing overhead per request, milliseconds'),
  m('dynamo_router_overhead_scheduling_ms', 'histogram', 'router', 'worker selection time, milliseconds'),
  m('dynamo_router_overhead_indexer_find_matches_ms', 'histogram', 'router', 'prefix lookup time, milliseconds'),
  // Planner (`metrics` port, 9085).
  m('dynamo_planner_num_prefill_replicas', 'gauge', 'planner', 'prefill replicas the planner runs'),
  m('dynamo_planner_num_decode_replicas', 'gauge', 'planner', 'decode replicas the planner runs'),
  m('dynamo_planner_predicted_num_prefill_replicas', 'gauge', 'planner', 'prefill replicas the planner wants'),
  m('dynamo_planner_predicted_num_decode_replicas', 'gauge', 'planner', 'decode replicas the planner wants'),
  m('dynamo_planner_observed_ttft_ms', 'gauge', 'planner', 'TTFT the planner observed, milliseconds'),
  m('dynamo_planner_observed_itl_ms', 'gauge', 'planner', 'ITL the planner observed, milliseconds'),
  m('dynamo_planner_sla_target_ttft_ms', 'gauge', 'planner', 'TTFT target, milliseconds'),
  m('dynamo_planner_sla_target_itl_ms', 'gauge', 'planner', 'ITL target, milliseconds'),
  m('dynamo_planner_observed_requests_per_second', 'gauge', 'planner', 'request rate the planner observed'),
  m('dynamo_planner_predicted_requests_per_second', 'gauge', 'planner', 'request rate the planner predicts'),
  m('dynamo_planner_observed_input_sequence_tokens', 'gauge', 'planner', 'mean prompt length observed'),
  m('dynamo_planner_predicted_input_sequence_tokens', 'gauge', 'planner', 'mean prompt length predicted'),
  m('dynamo_planner_observed_output_sequence_tokens', 'gauge', 'planner', 'mean completion length observed'),
  m('dynamo_planner_predicted_output_sequence_tokens', 'gauge', 'planner', 'mean completion length predicted'),
  m('dynamo_planner_gpu_hours', 'gauge', 'planner', 'GPU hours used'),
  // NIXL telemetry (`nixl` port, 19090). The reference names two metrics; the exporter at HEAD
  // names its own `agent_*` families. Queries read both so either NIXL generation fills them.
  m('nixl_bytes_transferred', 'counter', 'nixl', 'KV-cache bytes NIXL moved'),
  m('nixl_num_failed_transfers', 'counter', 'nixl', 'NIXL transfers that failed'),
  m('agent_tx_bytes_total', 'counter', 'nixl', 'bytes NIXL sent', NIXL_EXPORTER),
  m('agent_rx_bytes_total', 'counter', 'nixl', 'bytes NIXL received', NIXL_EXPORTER),
  m('agent_xfer_time_total', 'counter', 'nixl', 'cumulative transfer time, microseconds', NIXL_EXPORTER),
  m('agent_errors_total', 'counter', 'nixl', 'NIXL errors by status', NIXL_EXPORTER),
  // DCGM exporter (NVIDIA GPU Operator).
  m('DCGM_FI_DEV_GPU_UTIL', 'gauge', 'dcgm', 'GPU utilisation, percent'),
  m('DCGM_FI_DEV_MEM_COPY_UTIL', 'gauge', 'dcgm', 'GPU memory bandwidth utilisation, percent'),
  m('DCGM_FI_DEV_FB_USED', 'gauge', 'dcgm', 'GPU framebuffer memory used, MiB'),
  m('DCGM_FI_PROF_NVLINK_RX_BYTES', 'gauge', 'dcgm', 'NVLink receive rate, bytes/s'),
  m('DCGM_FI_PROF_NVLINK_TX_BYTES', 'gauge', 'dcgm', 'NVLink transmit rate, bytes/s'),
  // Envoy proxies of an Envoy Gateway (`metrics` port 19001, `/stats/prometheus`).
  m('envoy_http_downstream_rq_xx', 'counter', 'envoy', 'responses per listener (envoy_http_conn_manager_prefix) by envoy_response_code_class (1-5), local replies included',
    envoySource(`${ENVOY_DOCS}/http/http_conn_man/stats (http.<prefix>.downstream_rq_<N>xx)`)),
  m('envoy_http_api_key_auth_unauthorized', 'counter', 'envoy', 'requests refused with 401: API key missing or unknown',
    envoySource(`${ENVOY_DOCS}/http/http_filters/api_key_auth_filter (http.<prefix>.api_key_auth.unauthorized)`)),
  m('envoy_http_jwt_authn_denied', 'counter', 'envoy', 'requests refused with 401: JWT missing or invalid',
    envoySource(`${ENVOY_DOCS}/http/http_filters/jwt_authn_filter#statistics (http.<prefix>.jwt_authn.denied)`)),
  m('envoy_http_rbac_denied', 'counter', 'envoy', 'requests refused with 403 by the authorization rules (the source allow list)',
    envoySource(`${ENVOY_DOCS}/http/http_filters/rbac_filter#statistics (http.<prefix>.rbac.denied)`)),
  m('envoy_http_local_rate_limit_enforced', 'counter', 'envoy', 'requests refused with 429 by the local (per-replica) rate limit',
    envoySource(`${ENVOY_DOCS}/http/http_filters/local_rate_limit_filter#statistics (<stat_prefix>.http_local_rate_limit.enforced; Envoy Gateway's stat_prefix http_local_rate_limiter, internal/xds/translator/local_ratelimit.go)`)),
  m('envoy_cluster_ratelimit_over_limit', 'counter', 'envoy', 'requests refused with 429 by the global rate limit service, per route cluster (envoy_cluster_name)',
    envoySource(`${ENVOY_DOCS}/http/http_filters/rate_limit_filter#statistics (cluster.<route cluster>.ratelimit.over_limit)`)),
  // Kubernetes (Prometheus itself, kube-state-metrics).
  m('up', 'gauge', 'kube', 'whether Prometheus scraped the target', 'Prometheus: the synthetic series of every scrape target'),
  m('kube_pod_status_phase', 'gauge', 'kube', 'pod phase (kube-state-metrics)'),
];

const BY_NAME = new Map(METRICS.map((x) => [x.name, x]));

/**
 * The catalogue entry of a metric, or of the histogram a `_bucket`/`_sum`/`_count` series belongs to.
 * @internal
 */
export function findMetric(series: string): MetricInfo | undefined {
  const direct = BY_NAME.get(series);
  if (direct) return direct;
  const base = /^(.*)_(bucket|sum|count)$/.exec(series)?.[1];
  const hist = base ? BY_NAME.get(base) : undefined;
  return hist?.type === 'histogram' ? hist : undefined;
}

/**
 * A metric name, checked against the catalogue so that a typo fails at the line that wrote it.
 * @internal
 */
export function metric(name: string): string {
  if (!findMetric(name)) throw new Error(`internal: ${name} is not in the metric catalogue (lib/observability/metric-catalog.ts)`);
  return name;
}
