import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { OperatorLabels } from '../dgd/operator-labels';
import { addGatewayPodMonitor } from './gateway-pod-monitor';
import { validateKubernetesLabels, validateObservedNames, monitoringObjectName } from './monitoring-support';
import { ObservedDeployment } from './observed-deployment';
import { frontendComponent, plannerComponent, workerComponents } from './promql';
import { Scraping } from './scraping';
import { checkDynamoPodMonitorsProps } from './observability-props-shape';

/** Props of {@link DynamoPodMonitors}. */
export interface DynamoPodMonitorsProps {
  /** The deployment to scrape. */
  readonly deployment: ObservedDeployment;
  /**
   * Who scrapes what. The default leaves the frontend, workers and planner to the platform's own
   * PodMonitors (scraping twice doubles every `sum` in dashboards and alerts) and adds the NIXL port.
   * @default Scraping.platform()
   */
  readonly scraping?: Scraping;
  /**
   * Labels Prometheus selects PodMonitors by (its `podMonitorSelector`), e.g. `{ release: 'prometheus' }`
   * for kube-prometheus-stack's default.
   * @default - none
   */
  readonly monitorLabels?: Record<string, string>;
}

/** One pod endpoint to scrape. @internal */
interface EndpointSpec {
  readonly port: string;
  readonly path: string;
  readonly honorLabels?: boolean;
}

/** One PodMonitor the library can emit. @internal */
interface MonitorSpec {
  /** The construct id. */
  readonly id: string;
  /** The name suffix after `<dgd>-`. */
  readonly suffix: string;
  /** Values of the operator's component-type pod label to select. */
  readonly componentTypes: readonly string[];
  readonly endpoints: readonly EndpointSpec[];
  /** Whether the library emits it for this deployment and scraping choice. */
  readonly present: (d: ObservedDeployment, scraping: Scraping) => boolean;
}

/**
 * Worker pods: v1beta1 labels them `worker`, `prefill` or `decode`; v1alpha1 prefill/decode pods
 * may carry `worker` plus a sub-component-type label. `In` over all three covers both.
 */
const WORKER_TYPES = ['worker', 'prefill', 'decode'] as const;

/** The PodMonitors, as the platform chart's (reference §4.1), restricted to one deployment. @internal */
const MONITORS: readonly MonitorSpec[] = [
  {
    id: 'Frontend', suffix: 'frontend', componentTypes: ['frontend'],
    endpoints: [{ port: 'http', path: '/metrics', honorLabels: true }],
    present: (d, s) => s.scrapesComponents && frontendComponent(d) !== undefined,
  },
  {
    id: 'Workers', suffix: 'workers', componentTypes: WORKER_TYPES,
    endpoints: [{ port: 'system', path: '/metrics' }],
    present: (d, s) => s.scrapesComponents && workerComponents(d).length > 0,
  },
  {
    // Its own object in both modes, so that it exists exactly when the library scrapes NIXL.
    id: 'Nixl', suffix: 'nixl', componentTypes: WORKER_TYPES,
    endpoints: [{ port: 'nixl', path: '/metrics' }],
    present: (d, s) => d.nixlTelemetry && !s.platformScrapesNixl && workerComponents(d).length > 0,
  },
  {
    id: 'Planner', suffix: 'planner', componentTypes: ['planner'],
    endpoints: [{ port: 'metrics', path: '/metrics' }],
    present: (d, s) => s.scrapesComponents && plannerComponent(d) !== undefined,
  },
];

/** Prometheus' sanitized name of a pod label in Kubernetes service discovery. */
function podLabelMeta(label: string): string {
  return `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/** The target labels the platform's PodMonitors add, so that queries work with either scraper. */
const RELABELINGS = [
  { sourceLabels: [podLabelMeta(OperatorLabels.DYNAMO_NAMESPACE)], targetLabel: 'dynamo_namespace', action: 'replace' },
  { sourceLabels: [podLabelMeta(OperatorLabels.COMPONENT_TYPE)], targetLabel: 'dynamo_component_type', action: 'replace' },
];

/**
 * Prometheus Operator PodMonitors for one Dynamo deployment, selecting its pods by the operator's
 * labels (`nvidia.com/dynamo-graph-deployment-name` and `nvidia.com/dynamo-component-type`).
 *
 * With {@link Scraping.platform} (the default) the platform's PodMonitors scrape the frontend,
 * workers and planner, and this emits at most `<dgd>-nixl` for the workers' NIXL telemetry port.
 * With {@link Scraping.podMonitors} it emits `<dgd>-frontend` (port `http`), `<dgd>-workers`
 * (port `system`), `<dgd>-nixl` (port `nixl`, when the deployment exports NIXL telemetry) and
 * `<dgd>-planner` (port `metrics`, when there is a planner).
 *
 * With a gateway (`deployment.gateway`, an Envoy Gateway `ingress.controller`), in either mode, it
 * also emits `<dgd>-gateway`: the Gateway's Envoy pods in Envoy Gateway's namespace (labels
 * `app.kubernetes.io/name: envoy`, `app.kubernetes.io/component: proxy` and
 * `gateway.envoyproxy.io/owning-gateway-name`/`-namespace`), port `metrics`, path
 * `/stats/prometheus`, each series labelled `dynamo_namespace`. The platform's PodMonitors select
 * Dynamo's pods only. Prometheus must be allowed to discover pods in that namespace (a Prometheus
 * with `ignoreNamespaceSelectors: true` is not), and Envoy Gateway's `mergeGateways` proxies,
 * labelled with the GatewayClass instead, are not selected.
 */
export class DynamoPodMonitors extends Construct {
  /** The PodMonitors emitted, possibly none. */
  public readonly podMonitors: readonly ApiObject[];
  /** Their names. */
  public readonly podMonitorNames: readonly string[];

  public constructor(scope: Construct, id: string, props: DynamoPodMonitorsProps) {
    super(scope, id);
    checkDynamoPodMonitorsProps(this, props);
    const d = props.deployment;
    validateObservedNames('deployment', d);
    if (props.monitorLabels) validateKubernetesLabels('monitorLabels', props.monitorLabels);
    const scraping = props.scraping ?? Scraping.platform();
    const interval = `${scraping.interval.toSeconds({ integral: false })}s`;
    const labels = { ...d.labels, ...props.monitorLabels };

    const objects: ApiObject[] = [];
    for (const spec of MONITORS.filter((m) => m.present(d, scraping))) {
      objects.push(new ApiObject(this, spec.id, {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: {
          name: monitoringObjectName(d.name, spec.suffix),
          namespace: d.namespace,
          ...(Object.keys(labels).length > 0 ? { labels } : {}),
        },
        spec: {
          namespaceSelector: { matchNames: [d.namespace] },
          selector: {
            matchLabels: { [OperatorLabels.GRAPH_DEPLOYMENT_NAME]: d.name },
            matchExpressions: [{ key: OperatorLabels.COMPONENT_TYPE, operator: 'In', values: [...spec.componentTypes] }],
          },
          podMetricsEndpoints: spec.endpoints.map((e) => ({
            port: e.port,
            path: e.path,
            interval,
            ...(e.honorLabels ? { honorLabels: true } : {}),
            relabelings: RELABELINGS.map((r) => ({ ...r, sourceLabels: [...r.sourceLabels] })),
          })),
        },
      }));
    }
    const gateway = addGatewayPodMonitor(this, d, interval, labels);
    if (gateway) objects.push(gateway);
    this.podMonitors = objects;
    this.podMonitorNames = objects.map((o) => o.metadata.name!);
  }
}
