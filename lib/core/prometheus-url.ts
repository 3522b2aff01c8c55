import { invalid } from './errors';

/** The URL the fixes show: kube-prometheus-stack's Prometheus as Dynamo's docs install it. */
const EXAMPLE = 'http://prometheus-kube-prometheus-prometheus.monitoring.svc:9090';

/**
 * Checks a Prometheus URL (the planner's `prometheusEndpoint`, KEDA's `prometheusServerAddress`,
 * the platform's `prometheusEndpoint`): an http(s) URL with a host.
 * @param prop the prop path, e.g. `planner.prometheusEndpoint`
 * @param example the URL the fix shows
 * @internal
 */
export function validatePrometheusUrl(prop: string, url: unknown, example: string = EXAMPLE): void {
  if (typeof url !== 'string' || !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(url)) {
    throw invalid(prop, 'must be an http(s) URL', url, `use the Prometheus service URL, e.g. "${example}"`);
  }
}
