import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Backend } from '../backends/backend';
import { Cloud } from '../cloud/cloud';
import { KvTransfer } from '../core/kv-transfer';
import { DynamoComponent } from '../dgd/dynamo-component';
import { DynamoGraphDeployment } from '../dgd/dynamo-graph-deployment';
import { ModelDownloadJob } from '../model/model-download-job';
import { DynamoPodMonitors } from '../observability/dynamo-pod-monitors';
import { LlmAlertRules } from '../observability/llm-alert-rules';
import { LlmDashboard } from '../observability/llm-dashboard';
import { ObservedDeployment } from '../observability/observed-deployment';
import { SloOptions } from '../observability/slo';
import { text } from '../topology/manifest-fields';
import { Topology } from '../topology/topology';
import { addObservability } from './graph/observability-step';
import { accessCard, accessHeadline, protectedCurlCommand } from '../access/access-card';
import { curlCommand, EndpointCard, endpointCard, portForwardCommand } from './endpoint-card';
import { locate } from '../core/errors';
import type { KvTransferSpec } from './graph/cloud-step';
import type { PoolSpec } from './graph/pool-plan';
import { CloudObjects } from './cloud-objects';
import { buildLlmGraph, FRONTEND_PORT, LlmGraph } from './llm-graph';
import { LlmCommonProps } from './llm-props';
import { withdrawnOnError } from './graph/withdrawn-on-error';
import { IDynamoPlatform } from '../platform/served-platform';
import { annotateForPlatform, checkPlatformServes, withPlatform } from './graph/platform-step';

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
  /** The platform the graph runs on, for the topology. */
  private readonly servingPlatform?: IDynamoPlatform;

  /**
   * Only this library's patterns ({@link AggregatedLlm}, {@link DisaggregatedLlm}) extend LlmPattern:
   * the typings keep this signature, whose `never` parameters no caller can supply, so a subclass
   * outside the library does not type-check (the one the patterns call is internal).
   */
  protected constructor(scope: Construct, id: string, props: LlmCommonProps, pools: never, kv: never);
  /** @internal */
  protected constructor(scope: Construct, id: string, props: LlmCommonProps, pools: PoolSpec[], kv: KvTransferSpec);
  protected constructor(scope: Construct, id: string, props: LlmCommonProps, pools: PoolSpec[], kv: KvTransferSpec) {
    super(scope, id);
    const given = props;
    props = locate(this, () => withPlatform(given));
    this.graph = locate(this, () => withdrawnOnError(this, () => buildLlmGraph(this, id, props, pools, kv)));
    this.servingPlatform = props.platform;
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
    const watch = locate(this, () => addObservability(this, props, this.observedDeployment));
    this.slo = watch?.slo;
    this.dashboard = watch?.dashboard;
    this.podMonitors = watch?.podMonitors;
    this.alertRules = watch?.alertRules;
    locate(this, () => checkPlatformServes(props, this.graph));
    annotateForPlatform(this, props.platform);
  }

  /** Each autoscaled pool's KEDA ScaledObject or HorizontalPodAutoscaler construct, by pool prop name. */
  public get autoscalers(): Readonly<Record<string, Construct>> {
    return this.graph.autoscalers;
  }

  /** How the workers move the KV cache (resolved). @internal */
  protected get resolvedKvTransfer(): KvTransfer {
    return this.graph.kvTransfer;
  }

  /** Where the deployment runs. */
  public get cloud(): Cloud {
    return this.graph.cloud;
  }

  /**
   * The objects the cloud profile created: each pool's node pools and node classes (by pool prop
   * name), the objects the pools share, and the frontend's ingress objects.
   */
  public get cloudObjects(): CloudObjects {
    return this.graph.cloudObjects;
  }

  /** A worker pool's component, by prop name. */
  protected pool(prop: string): DynamoComponent {
    return this.graph.workers[prop];
  }

  /** The Dynamo namespace the operator assigns: `<namespace>-<dgd>`. */
  public get dynamoNamespace(): string {
    return this.dgd.dynamoNamespace;
  }

  /**
   * A chat completion against the endpoint. Without `access`: against {@link endpoint}, runnable
   * from a pod in the cluster. With `access`: through the protected gateway (`https://<ingress.host>/v1`,
   * or `$GATEWAY_ADDRESS`), the credential's header read from an environment variable
   * (`$DYNAMO_API_KEY`, `$DYNAMO_JWT`, `$IAP_ID_TOKEN`), never a value; for a browser sign-in
   * (OIDC, Cognito), the in-cluster command.
   */
  public get curlCommand(): string {
    const g = this.graph;
    const external = g.access ? protectedCurlCommand(g.access, g.ingressHost, this.servedModelName) : undefined;
    return external ?? curlCommand(this.endpoint, this.servedModelName);
  }

  /** `kubectl port-forward` of the frontend to `localhost:8000`, for use from outside the cluster. */
  public get portForwardCommand(): string {
    return portForwardCommand(this.dgd.namespace, this.frontendServiceName);
  }

  /** `kubectl logs` commands that follow each component's pods, by component name. */
  public get logsCommands(): Record<string, string> {
    return this.dgd.logsCommands;
  }

  /**
   * The deployment's topology, generated from what this pattern created: clients and ingress →
   * frontend and router → worker pools (replicas, GPUs, TP/PP, backend, RDMA) → their node pools
   * (machine shape, capacity type), the KV transfer between prefill and decode, the planner,
   * autoscalers, observability, model cache and the Dynamo platform (`platform`). As data,
   * Mermaid text (`topology.mermaid`) and an SVG picture (`topology.svg`).
   *
   * It is computed on each read, from the objects as they are then: a JSON patch added later to one
   * of the Kubernetes objects it reads (the Ingress or Gateway, a NodePool or ComputeClass, the
   * cache claim, a ScaledObject or HPA) shows in it. Changes made through `dgd` do not: a component
   * added with `dgd.addComponent`, and `addArgs`, `addEnv` or `addExtraResource` on a component,
   * are not read (the pools' parallelism and RDMA devices come from the pattern's props and its
   * cloud wiring), and neither is a JSON patch on the DynamoGraphDeployment.
   */
  public get topology(): Topology {
    const g = this.graph;
    const objects = this.node.children.filter((c): c is ApiObject => c instanceof ApiObject);
    const claim = objects.find((o) => o.kind === 'PersistentVolumeClaim' && o.name === g.modelCacheClaimName);
    const className = claim === undefined ? undefined : text(claim.toJson(), 'spec', 'storageClassName');
    return Topology._fromPattern({
      id: this.node.id,
      dgd: g.dgd,
      servedModelName: g.servedModelName,
      modelRevision: g.modelRevision,
      backend: g.backend.displayName,
      routerMode: g.routerMode.displayName,
      frontend: g.frontend,
      frontendPort: FRONTEND_PORT,
      pools: g.cloudPools.map((pool) => ({
        prop: pool.prop,
        role: pool.role,
        component: g.workers[pool.prop],
        layout: g.layouts[pool.prop],
        wiring: g.wiring[pool.prop] ?? {},
        placement: pool,
        objects: g.cloudObjects.pools[pool.prop] ?? [],
        autoscaler: g.autoscalers[pool.prop],
        capacity: g.sizing.capacity[pool.prop],
      })),
      kvTransfer: g.kvTransfer,
      ingress: g.cloudObjects.ingress,
      access: g.access ? accessHeadline(g.access) : undefined,
      planner: g.planner,
      podMonitors: this.podMonitors,
      dashboard: this.dashboard,
      alertRules: this.alertRules,
      modelCacheClaimName: g.modelCacheClaimName,
      modelCacheClaim: claim,
      modelCacheStorageClass: objects.find((o) => o.kind === 'StorageClass' && o.name === className),
      downloadJob: g.downloadJob,
      platform: this.servingPlatform,
    });
  }

  /** The endpoint at a glance: model, Dynamo namespace and version, backend, mode, and each component's replicas and shape. */
  public get endpointCard(): EndpointCard {
    const g = this.graph;
    return endpointCard({
      dgd: g.dgd,
      model: g.model,
      modelRevision: g.modelRevision,
      servedModelName: g.servedModelName,
      endpoint: g.endpoint,
      routerMode: g.routerMode.displayName,
      cloud: g.cloud.id,
      kvTransfer: g.kvTransfer.displayName,
      frontend: g.frontend,
      pools: Object.fromEntries(Object.entries(g.workers).map(([prop, component]) => [prop, { component, layout: g.layouts[prop], placement: g.wiring[prop]?.summary }])),
      sizing: { ...g.sizing, architecture: g.sizing.architecture?.name },
      access: g.access && g.accessEnforcer !== undefined ? accessCard(g.access, g.accessEnforcer, g.clientIdHeader) : undefined,
      accessWarnings: g.accessWarnings,
    });
  }
}
