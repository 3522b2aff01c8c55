import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { monitoringObjectName } from './monitoring-support';
import { ObservedDeployment } from './observed-deployment';

/**
 * The labels Envoy Gateway puts on the Envoy pods of a Gateway (internal/infrastructure/kubernetes/proxy/resource.go
 * `EnvoyAppLabel`; internal/gatewayapi/translator.go `OwningGatewayNameLabel`, `OwningGatewayNamespaceLabel`).
 */
const ENVOY_PROXY_LABELS = {
  NAME: 'app.kubernetes.io/name',
  COMPONENT: 'app.kubernetes.io/component',
  OWNING_GATEWAY_NAME: 'gateway.envoyproxy.io/owning-gateway-name',
  OWNING_GATEWAY_NAMESPACE: 'gateway.envoyproxy.io/owning-gateway-namespace',
} as const;

/**
 * The Envoy container's metrics port name and path (internal/xds/bootstrap/bootstrap.go
 * `EnvoyStatsPort` 19001, bootstrap.yaml.tpl's `/stats/prometheus` route). Envoy Gateway's
 * `EnvoyProxy` `telemetry.metrics.prometheus.disable: true` removes them.
 */
const ENVOY_METRICS_ENDPOINT = { port: 'metrics', path: '/stats/prometheus' } as const;

/**
 * The PodMonitor `<dgd>-gateway`, in the deployment's namespace, that scrapes the Envoy pods of the
 * deployment's Gateway in Envoy Gateway's proxy namespace, and labels their series with the
 * deployment's `dynamo_namespace` (a fixed value: Envoy's pods carry no Dynamo label). Undefined
 * without a gateway.
 *
 * It is emitted whatever `scraping` says: the Dynamo platform's PodMonitors select Dynamo's pods
 * only, so nothing else scrapes the gateway for this deployment. A cluster that also runs Envoy
 * Gateway's own example PodMonitor (every `app.kubernetes.io/component: proxy` pod) scrapes the pods
 * twice, but only this one's series carry `dynamo_namespace`, which every gateway query selects.
 * @internal
 */
export function addGatewayPodMonitor(scope: Construct, d: ObservedDeployment, interval: string, labels: Record<string, string>): ApiObject | undefined {
  const g = d.gateway;
  if (!g) return undefined;
  return new ApiObject(scope, 'Gateway', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: {
      name: monitoringObjectName(d.name, 'gateway'),
      namespace: d.namespace,
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
    },
    spec: {
      namespaceSelector: { matchNames: [g.proxyNamespace] },
      selector: {
        matchLabels: {
          [ENVOY_PROXY_LABELS.NAME]: 'envoy',
          [ENVOY_PROXY_LABELS.COMPONENT]: 'proxy',
          [ENVOY_PROXY_LABELS.OWNING_GATEWAY_NAME]: g.name,
          [ENVOY_PROXY_LABELS.OWNING_GATEWAY_NAMESPACE]: g.namespace,
        },
      },
      podMetricsEndpoints: [{
        port: ENVOY_METRICS_ENDPOINT.port,
        path: ENVOY_METRICS_ENDPOINT.path,
        interval,
        relabelings: [{ targetLabel: 'dynamo_namespace', replacement: d.dynamoNamespace, action: 'replace' }],
      }],
    },
  });
}
