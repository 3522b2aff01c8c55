import { invalid } from '../core/errors';

/**
 * Checks a Prometheus URL as the planner's `prometheusEndpoint` does: an http(s) URL with a host.
 * @param prop the prop path, e.g. `prometheusEndpoint`
 * @internal
 */
export function validatePrometheusEndpoint(prop: string, url: string): void {
  if (typeof url !== 'string' || !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(url)) {
    throw invalid(prop, 'must be an http(s) URL', url,
      'use the Prometheus service URL, e.g. "http://prometheus-kube-prometheus-prometheus.monitoring.svc.cluster.local:9090"');
  }
}
