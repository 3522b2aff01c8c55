import { Construct } from 'constructs';
import { Backend } from '../backends/backend';
import { Cloud } from '../cloud/cloud';
import { NixlBackend } from '../core/nixl-backend';
import { DynamoComponent } from '../dgd/dynamo-component';
import { DynamoGraphDeployment } from '../dgd/dynamo-graph-deployment';
import { ModelDownloadJob } from '../model/model-download-job';
import { DynamoPodMonitors } from '../observability/dynamo-pod-monitors';
import { LlmAlertRules } from '../observability/llm-alert-rules';
import { LlmDashboard } from '../observability/llm-dashboard';
import { ObservedDeployment } from '../observability/observed-deployment';
import { resolveSlo, SloOptions } from '../observability/slo';
import { curlCommand, EndpointCard, endpointCard, portForwardCommand } from './endpoint-card';
import { buildLlmGraph, KvTransferSpec, LlmGraph, PoolSpec } from './llm-graph';
import { LlmCommonProps } from './llm-props';

/**
 * What {@link AggregatedLlm} and {@link DisaggregatedLlm} have in common: the DynamoGraphDeployment,
 * its frontend, and how to reach and watch the endpoint. Both engines read the same values from here.
 */
export abstract class LlmPattern extends Construct {
  /** The DynamoGraphDeployment (the default child: `ApiObject.of(llm)` patches it). */
  public readonly dgd: DynamoGraphDeployment;
  /** The frontend component. */
  public readonly frontend: DynamoComponent;
  /** The backend. */
  public readonly backend: Backend;
  /** The model name clients send. */
  public readonly servedModelName: string;
  /** The frontend Service the operator creates: `<dgd>-frontend`. */
  public readonly frontendServiceName: string;
  /** The in-cluster OpenAI base URL: `http://<dgd>-frontend.<namespace>.svc.cluster.local:8000/v1`. */
  public readonly endpoint: string;
  /** The model cache claim, when a model cache is used. */
  public readonly modelCacheClaimName?: string;
  /** The download Job, when one is created. */
  public readonly downloadJob?: ModelDownloadJob;
  /** The planner component, when `planner` is set. */
  public readonly planner?: DynamoComponent;
  /** What dashboards, monitors, alerts and autoscalers see of this deployment; pass it to them to observe it yourself. */
  public readonly observedDeployment: ObservedDeployment;
  /** The objectives the dashboard and alerts use, with defaults applied; undefined without `observability`. */
  public readonly slo?: SloOptions;
  /** The Grafana dashboard, with `observability`. */
  public readonly dashboard?: LlmDashboard;
  /** The PodMonitors, with `observability`. */
  public readonly podMonitors?: DynamoPodMonitors;
  /** The PrometheusRule with recording rules and alerts, with `observability`. */
  public readonly alertRules?: LlmAlertRules;

  private readonly graph: LlmGraph;

  /** @internal */
  protected constructor(scope: Construct, id: string, props: LlmCommonProps, pools: PoolSpec[], kv: KvTransferSpec) {
    super(scope, id);
    this.graph = buildLlmGraph(this, id, props, pools, kv);
    this.dgd = this.graph.dgd;
    this.frontend = this.graph.frontend;
    this.backend = this.graph.backend;
    this.servedModelName = this.graph.servedModelName;
    this.frontendServiceName = this.graph.frontendServiceName;
    this.endpoint = this.graph.endpoint;
    this.modelCacheClaimName = this.graph.modelCacheClaimName;
    this.downloadJob = this.graph.downloadJob;
    this.planner = this.graph.planner;
    this.observedDeployment = this.graph.observed;
    const o = props.observability;
    if (o) {
      const d = this.observedDeployment;
      this.slo = resolveSlo('observability.slo', o.slo, props.planner ? { ttftMs: props.planner.ttftMs, itlMs: props.planner.itlMs } : {});
      if (o.dashboard ?? true) {
        this.dashboard = new LlmDashboard(this, 'Dashboard', { deployment: d, slo: this.slo, delivery: o.dashboardDelivery, gpuMetrics: o.gpuMetrics });
      }
      this.podMonitors = new DynamoPodMonitors(this, 'PodMonitors', { deployment: d, scraping: o.scraping, monitorLabels: o.monitorLabels });
      if (o.alerts ?? true) {
        this.alertRules = new LlmAlertRules(this, 'AlertRules', { deployment: d, slo: this.slo, ruleLabels: o.monitorLabels, alertLabels: o.alertLabels, runbookUrl: o.runbookUrl });
      }
    }
  }

  /** Each autoscaled pool's KEDA ScaledObject or HorizontalPodAutoscaler construct, by pool prop name. */
  public get autoscalers(): Readonly<Record<string, Construct>> {
    return this.graph.autoscalers;
  }

  /** The NIXL backend the workers use. @internal */
  protected get resolvedNixlBackend(): NixlBackend {
    return this.graph.nixlBackend;
  }

  /** Where the deployment runs. */
  public get cloud(): Cloud {
    return this.graph.cloud;
  }

  /** A worker pool's component, by prop name. */
  protected pool(prop: string): DynamoComponent {
    return this.graph.workers[prop];
  }

  /** The Dynamo namespace the operator assigns: `<namespace>-<dgd>`. */
  public get dynamoNamespace(): string {
    return this.dgd.dynamoNamespace;
  }

  /** A chat completion against {@link endpoint}, runnable from a pod in the cluster. */
  public get curlCommand(): string {
    return curlCommand(this.endpoint, this.servedModelName);
  }

  /** `kubectl port-forward` of the frontend to `localhost:8000`, for use from outside the cluster. */
  public get portForwardCommand(): string {
    return portForwardCommand(this.dgd.namespace, this.frontendServiceName);
  }

  /** `kubectl logs` commands that follow each component's pods, by component name. */
  public get logsCommands(): Record<string, string> {
    return this.dgd.logsCommands;
  }

  /** The endpoint at a glance: model, Dynamo namespace and version, backend, mode, and each component's replicas and shape. */
  public get endpointCard(): EndpointCard {
    const g = this.graph;
    return endpointCard({
      dgd: g.dgd,
      model: g.model,
      servedModelName: g.servedModelName,
      endpoint: g.endpoint,
      routerMode: g.routerMode.mode,
      cloud: g.cloud.id,
      nixlBackend: g.nixlBackend.name,
      frontend: g.frontend,
      pools: Object.fromEntries(Object.entries(g.workers).map(([prop, component]) => [prop, { component, layout: g.layouts[prop], placement: g.wiring[prop]?.summary }])),
    });
  }
}
