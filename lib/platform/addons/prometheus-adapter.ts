import { ScalingMetric } from '../../autoscaling/scaling-metric';
import { invalid } from '../../core/errors';
import { arrayShape, FieldsOf, instanceShape, stringShape } from '../../core/input-shape';
import { CHART_CATALOG } from '../chart-catalog';
import { PlatformRelease } from '../platform-release';
import { AddonContext, addonRelease, checkAddonOptions, CHART_OPTION_FIELDS, PlatformChartOptions } from './chart-options';

/**
 * Options of the prometheus-adapter add-on (chart `prometheus-community/prometheus-adapter`), which
 * serves the External metrics that the library's `DgdHorizontalPodAutoscaler`s scale on.
 */
export interface PrometheusAdapterOptions extends PlatformChartOptions {
  /**
   * The Prometheus the adapter queries, e.g. `http://prometheus-kube-prometheus-prometheus.monitoring.svc.cluster.local:9090`.
   * @default - the kube-prometheus-stack add-on's Prometheus when it is on, else the platform's `prometheusEndpoint`
   */
  readonly prometheusUrl?: string;
  /**
   * The metrics to serve: the adapter gets one `rules.external` entry per metric, named and queried
   * as a `DgdHorizontalPodAutoscaler` with that metric asks for it (for every deployment: the HPA's
   * `dynamo_namespace` selector picks the deployment). Only the metric's kind, percentile and window
   * matter, not its target. `ScalingMetric.kvCacheUsage` (its query names the pool's pods) and
   * `ScalingMetric.promql` (a fixed query) have no such rule: scale on them with KEDA
   * (`DgdScaledObject`), or write the rule in `values.rules.external`.
   * @default - p95 time to first token and p95 inter-token latency over 5 minutes, and queue depth
   */
  readonly metrics?: ScalingMetric[];
}

/** What an untyped caller may pass (the table the options check). @internal */
export const PROMETHEUS_ADAPTER_FIELDS: FieldsOf<PrometheusAdapterOptions> = {
  ...CHART_OPTION_FIELDS,
  prometheusUrl: stringShape(),
  metrics: arrayShape(instanceShape(ScalingMetric, 'ScalingMetric.timeToFirstToken({ targetMs: 500 })'), '[ScalingMetric.queueDepth({ targetPerReplica: 4 })]'),
};

/** One prometheus-adapter external rule (`rules.external[]`). @internal */
export type PrometheusAdapterExternalRule = NonNullable<ReturnType<ScalingMetric['_adapterRule']>>;

const KUBE_PROMETHEUS_STACK = CHART_CATALOG['kube-prometheus-stack'].id;

/** The metrics served by default: the deployment-wide ones (any target; the rule ignores it). */
function defaultMetrics(): ScalingMetric[] {
  return [
    ScalingMetric.timeToFirstToken({ targetMs: 500 }),
    ScalingMetric.interTokenLatency({ targetMs: 50 }),
    ScalingMetric.queueDepth({ targetPerReplica: 1 }),
  ];
}

/**
 * The adapter's release. Chart values (prometheus-community/helm-charts `charts/prometheus-adapter/values.yaml`
 * @cf408a2, chart 5.3.0): the Prometheus address is `prometheus.url` + `prometheus.port` +
 * `prometheus.path` (`--prometheus-url={{url}}:{{port}}{{path}}` in `templates/deployment.yaml`);
 * `rules.external` (the chart registers `v1beta1.external.metrics.k8s.io` when it is non-empty);
 * `tolerations` (the Deployment's).
 * @internal
 */
export function prometheusAdapterRelease(options: PrometheusAdapterOptions, ctx: AddonContext): PlatformRelease {
  const prop = 'prometheusAdapter';
  checkAddonOptions(prop, options, 'PrometheusAdapterOptions', PROMETHEUS_ADAPTER_FIELDS);
  const url = options.prometheusUrl ?? ctx.prometheusEndpoint;
  if (url === undefined) {
    throw invalid(`${prop}.prometheusUrl`, 'is required when the platform has no Prometheus', url,
      'turn on kubePrometheusStack, set the platform\'s prometheusEndpoint, or set prometheusAdapter.prometheusUrl to your Prometheus, e.g. "http://prometheus-operated.monitoring.svc:9090"');
  }
  const prometheus = prometheusValues(options.prometheusUrl !== undefined ? `${prop}.prometheusUrl` : 'prometheusEndpoint', url);
  const metrics = options.metrics ?? defaultMetrics();
  if (metrics.length === 0) {
    throw invalid(`${prop}.metrics`, 'must hold at least one scaling metric', [], 'leave metrics out for the default ones, or list the metrics your HPAs scale on');
  }
  const rules: PrometheusAdapterExternalRule[] = [];
  metrics.forEach((m, i) => {
    const rule = m._adapterRule();
    if (rule === undefined) {
      throw invalid(`${prop}.metrics[${i}]`, 'must be a metric one adapter rule serves for every deployment', m.description,
        'scale on it with KEDA (DgdScaledObject), or write its rule yourself in prometheusAdapter.values.rules.external');
    }
    const same = rules.find((r) => r.name.as === rule.name.as);
    if (same === undefined) rules.push(rule);
    else if (same.metricsQuery !== rule.metricsQuery) {
      throw invalid(`${prop}.metrics[${i}]`, `must not reuse the external metric name ${rule.name.as} with another query`, m.description,
        'an HPA metric is named by its kind and percentile, not its window: serve one window per percentile');
    }
  });
  const values: Record<string, unknown> = {
    prometheus,
    rules: { external: rules },
    ...(ctx.tolerations.length > 0 ? { tolerations: ctx.tolerations.map((t) => ({ ...t })) } : {}),
  };
  return addonRelease({
    entry: CHART_CATALOG['prometheus-adapter'],
    options,
    values,
    dependsOn: ctx.enabled.has(KUBE_PROMETHEUS_STACK) ? [KUBE_PROMETHEUS_STACK] : [],
  });
}

/** `prometheus.{url,port,path}` of a Prometheus URL. */
function prometheusValues(prop: string, url: string): { url: string; port: number; path: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalid(prop, 'must be an http or https URL', url, 'use e.g. "http://prometheus-operated.monitoring.svc:9090"');
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username !== '' || u.password !== '' || u.search !== '' || u.hash !== '') {
    throw invalid(prop, 'must be an http or https URL without credentials, query or fragment', url,
      'use e.g. "http://prometheus-operated.monitoring.svc:9090"');
  }
  const port = u.port !== '' ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  return { url: `${u.protocol}//${u.hostname}`, port, path: u.pathname.replace(/\/+$/, '') };
}

/** The `rules.external` of a prometheus-adapter release's values (the typed rules, or the user's). @internal */
export function externalRulesOf(release: PlatformRelease): readonly unknown[] {
  const rules = (release.values.rules as Record<string, unknown> | undefined)?.external;
  return Array.isArray(rules) ? rules : [];
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether an adapter with `rules` (its `rules.external`) serves an HPA's External metric `name`,
 * selected by `dynamo_namespace`, with the value of `query` (`DgdHorizontalPodAutoscaler.externalMetricQueries`):
 * some rule is named `name` and its `metricsQuery`, with `<<.LabelMatchers>>` replaced by the HPA's
 * `dynamo_namespace="…"` matcher (and `<<.Series>>` by the series of `seriesQuery`), is `query`.
 * The adapter adds the HPA's `namespace` to the matchers too, which selects the same series: the
 * frontend that exports them runs in the deployment's namespace.
 * @internal
 */
export function externalRulesServe(rules: readonly unknown[], name: string, query: string): boolean {
  return rules.some((r) => {
    if (typeof r !== 'object' || r === null) return false;
    const rule = r as { name?: { as?: unknown }; metricsQuery?: unknown; seriesQuery?: unknown };
    if (rule.name?.as !== name || typeof rule.metricsQuery !== 'string') return false;
    let template = rule.metricsQuery.trim();
    if (template.includes('<<.Series>>')) {
      const series = typeof rule.seriesQuery === 'string' ? /^\s*([A-Za-z_:][A-Za-z0-9_:]*)\s*(\{|$)/.exec(rule.seriesQuery)?.[1] : undefined;
      if (series === undefined) return false;
      template = template.split('<<.Series>>').join(series);
    }
    const parts = template.split('<<.LabelMatchers>>');
    if (parts.length !== 2) return false;
    const pattern = `^${escapeRegex(parts[0])}dynamo_namespace="(?:[^"\\\\]|\\\\.)*"${escapeRegex(parts[1])}$`;
    return new RegExp(pattern).test(query.trim());
  });
}
