import { validatePrometheusUrl } from '../core/prometheus-url';

/**
 * Checks a platform's Prometheus URL with the planner's rule; the fix shows the full in-cluster
 * name of kube-prometheus-stack's Prometheus, the URL the platform itself derives.
 * @param prop the prop path, e.g. `prometheusEndpoint`
 * @internal
 */
export function validatePrometheusEndpoint(prop: string, url: string): void {
  validatePrometheusUrl(prop, url, 'http://prometheus-kube-prometheus-prometheus.monitoring.svc.cluster.local:9090');
}
