import { DashboardDelivery } from './dashboard-delivery';
import { GpuMetrics } from './gpu-metrics';
import { Scraping } from './scraping';
import { SloOptions } from './slo';

/**
 * What a pattern adds to watch its deployment: a Grafana dashboard, scraping, and a PrometheusRule
 * with recording rules and SLO alerts, all filtered to its Dynamo namespace.
 *
 * @example
 * new AggregatedLlm(chart, 'qwen', {
 *   model: 'Qwen/Qwen3-0.6B',
 *   observability: {
 *     slo: { ttftMs: 300, itlMs: 30, availability: 0.999 },
 *     monitorLabels: { release: 'prometheus' },
 *     alertLabels: { team: 'llm-serving' },
 *   },
 * });
 */
export interface ObservabilityOptions {
  /**
   * The objectives: dashboard thresholds and alert thresholds.
   * @default - the planner's targets when there is one, else TTFT 500 ms and ITL 50 ms at p95, 99 % availability
   */
  readonly slo?: SloOptions;
  /**
   * Add the Grafana dashboard.
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * How the dashboard reaches Grafana: a ConfigMap for the kube-prometheus-stack sidecar, or a Grafana Operator `GrafanaDashboard`.
   * @default DashboardDelivery.configMap() - label `grafana_dashboard: "1"`
   */
  readonly dashboardDelivery?: DashboardDelivery;
  /**
   * Where the dashboard's GPU row reads DCGM metrics, or `GpuMetrics.NONE` without a DCGM exporter.
   * @default GpuMetrics.dcgm()
   */
  readonly gpuMetrics?: GpuMetrics;
  /**
   * Who scrapes the deployment: the Dynamo platform's PodMonitors (plus a NIXL PodMonitor the platform lacks by default) or the library's own.
   * @default Scraping.platform()
   */
  readonly scraping?: Scraping;
  /**
   * Add the PrometheusRule with recording rules and alerts.
   * @default true
   */
  readonly alerts?: boolean;
  /**
   * Labels on the PodMonitors and the PrometheusRule that Prometheus selects them by, e.g. `{ release: 'prometheus' }` for kube-prometheus-stack's defaults.
   * @default - none (a Prometheus that selects all monitors and rules)
   */
  readonly monitorLabels?: Record<string, string>;
  /**
   * Labels on every alert, for Alertmanager routing, e.g. `{ team: 'llm' }`.
   * @default - none
   */
  readonly alertLabels?: Record<string, string>;
  /**
   * Base URL of a runbook; each alert links `<base>#<alertname in lowercase>`.
   * @default - no runbook links
   */
  readonly runbookUrl?: string;
}
