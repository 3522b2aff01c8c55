import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Backend } from '../backends/backend';
import { ParallelLayout } from '../backends/backend-definition';
import { Cloud } from '../cloud/cloud';
import { CloudPoolContext, PoolWiring } from '../cloud/cloud-profile';
import { DynamoVersion } from '../core/dynamo-version';
import { RouterMode } from '../core/router-mode';
import { KvTransfer } from '../core/kv-transfer';
import { DynamoComponent } from '../dgd/dynamo-component';
import { DynamoGraphDeployment } from '../dgd/dynamo-graph-deployment';
import type { EndpointAccess } from '../access/endpoint-access';
import { asUserProp, invalid } from '../core/errors';
import { HF_TOKEN_ENV } from '../model/hf-token';
import { ModelDownloadJob } from '../model/model-download-job';
import { ObservedDeployment } from '../observability/observed-deployment';
import { CloudObjects } from './cloud-objects';
import { addCloudIngress, bindCloud, CloudPlacement, KvTransferSpec } from './graph/cloud-step';
import { ComponentInputs, SharedEnv } from './graph/component-inputs';
import { addFrontend, FRONTEND_PORT } from './graph/frontend-step';
import { addModelCache, ModelCacheResources } from './graph/model-cache-step';
import { addAutoscalers, observe } from './graph/observation-step';
import { addPlanner } from './graph/planner-step';
import { planPools, PoolPlan, PoolSpec, validateGraphInputs } from './graph/pool-plan';
import { checkKnownRelease } from './graph/release-check';
import { validateBootstrapPort } from './graph/engine-tuning';
import { GraphSizing, sizeGraph } from './graph/sizing-step';
import { addWorkerPool, WorkerPoolContext } from './graph/worker-step';
import { LlmCommonProps } from './llm-props';

export { BACKEND_FRAMEWORK_ANNOTATION, FRONTEND_PORT } from './graph/frontend-step';
export { ENGINE_CONFIG_DIR, ENGINE_CONFIG_HASH_ANNOTATION } from './graph/worker-step';

/** What a pattern built. @internal */
export interface LlmGraph {
  readonly dgd: DynamoGraphDeployment;
  readonly frontend: DynamoComponent;
  readonly workers: Record<string, DynamoComponent>;
  /** Each pool's resolved parallel layout, by prop name. */
  readonly layouts: Record<string, ParallelLayout>;
  readonly backend: Backend;
  readonly model: string;
  /** The `modelRevision` prop, when set. */
  readonly modelRevision?: string;
  readonly servedModelName: string;
  readonly routerMode: RouterMode;
  /** How the workers move the KV cache (resolved). */
  readonly kvTransfer: KvTransfer;
  readonly cloud: Cloud;
  /** Each pool's cloud wiring, by prop name. */
  readonly wiring: Readonly<Record<string, PoolWiring>>;
  /** Each pool as the cloud profile saw it (resolved shapes, capacity types), in the pattern's order. */
  readonly cloudPools: readonly CloudPoolContext[];
  /** The objects the cloud profile created (node pools, shared objects, ingress). */
  readonly cloudObjects: CloudObjects;
  /** What enforces `access` (e.g. `the ALB of Cloud.eks()`); undefined without access. */
  readonly accessEnforcer?: string;
  /** What the endpoint card should warn about the access enforcement. */
  readonly accessWarnings?: readonly string[];
  /** The header in which the gateway forwards the client's id, when it does. */
  readonly clientIdHeader?: string;
  /** The `access` prop, when set. */
  readonly access?: EndpointAccess;
  /** The `ingress.host` prop, when set. */
  readonly ingressHost?: string;
  /** What observability and autoscalers see of the deployment. */
  readonly observed: ObservedDeployment;
  /** The planner component, when there is one. */
  readonly planner?: DynamoComponent;
  /** Each GPU pool's fit and capacity, for the endpoint card. */
  readonly sizing: GraphSizing;
  /** Each autoscaled pool's KEDA ScaledObject or HPA construct, by prop name. */
  readonly autoscalers: Readonly<Record<string, Construct>>;
  readonly frontendServiceName: string;
  readonly endpoint: string;
  readonly modelCacheClaimName?: string;
  readonly downloadJob?: ModelDownloadJob;
}

/**
 * Builds the DynamoGraphDeployment and the objects around it for a pattern, in named steps: check
 * the inputs and plan the pools; create the graph; bind the cloud; the model cache; the frontend;
 * each worker pool; the planner; the engine config; observation and autoscalers; the ingress. What
 * the graph needs first (cloud objects, the cache claim, the download Job, the engine config) is a
 * construct dependency of it, so both engines create it first.
 * @internal
 */
export function buildLlmGraph(scope: Construct, id: string, props: LlmCommonProps, pools: PoolSpec[], kv: KvTransferSpec): LlmGraph {
  const backend = props.backend ?? Backend.vllm();
  const name = props.name ?? id;
  validateGraphInputs(props, name);
  checkKnownRelease(props, pools);
  const plans = planPools(props, pools, backend.definition, name);
  validateBootstrapPort(kv.bootstrapPort, backend.definition);
  const dgd = new DynamoGraphDeployment(scope, 'Resource', {
    name,
    namespace: props.namespace,
    dynamoVersion: props.dynamoVersion ?? DynamoVersion.LATEST,
    apiVersion: props.apiVersion,
    backend,
    labels: props.labels,
    annotations: props.annotations,
  });
  const placement = bindCloud(scope, props, dgd, plans, kv, backend.definition);
  dgd.node.addDependency(...Object.values(placement.objects.pools).flat(), ...placement.objects.shared);
  const sizing = sizeGraph(props, plans, placement.context.pools, backend.definition);
  const cache = addModelCache(scope, props, dgd);
  dgd.node.addDependency(...cache.dependencies);

  const inputs = new ComponentInputs(backend, dgd.dynamoVersion, props.image, String(placement.cloud), sharedEnv(props, cache));
  const blockSizes = [...new Set(plans.map((p) => p.options.kvBlockSize))];
  const frontend = asUserProp(componentRenames(props.frontend?.componentName ?? 'Frontend', 'frontend'),
    () => addFrontend(dgd, props, inputs, cache.volumes, blockSizes.length === 1 ? blockSizes[0] : undefined));
  const routerMode = props.frontend?.routerMode ?? RouterMode.ROUND_ROBIN;
  const workers = addWorkerPools(scope, dgd, plans, placement, {
    dgd, def: backend.definition, props, inputs, volumes: cache.volumes, hfHome: props.modelCache?.mountPath,
    routerMode, kvTransfer: placement.kvTransfer, bootstrapPort: kv.bootstrapPort, engineConfigName: `${name}-engine-config`, cloudName: String(placement.cloud),
  });
  const planner = props.planner ? addPlanner(dgd, props.planner, props, plans, inputs) : undefined;

  const observed = observe(dgd, props, routerMode, placement.wiring);
  const autoscalers = addAutoscalers(scope, dgd, plans, observed, workers);
  const frontendServiceName = dgd.serviceName(frontend.name);
  if (props.access !== undefined && props.ingress === undefined) {
    throw invalid('access', 'needs ingress: access is enforced by the gateway in front of the frontend', String(props.access),
      `set ingress (e.g. ingress: {} for the cloud's load balancer, or ingress: { controller: IngressController.envoyGateway() }), or remove access; in-cluster callers reach ${frontendServiceName} directly`);
  }
  const servedModelName = props.servedModelName ?? props.model;
  const ingress = props.ingress
    ? addCloudIngress(placement, { options: props.ingress, target: { serviceName: frontendServiceName, port: FRONTEND_PORT, healthPath: '/health' }, servedModelName, access: props.access })
    : { objects: [] };
  return {
    dgd,
    frontend,
    frontendServiceName,
    endpoint: `http://${frontendServiceName}.${dgd.namespace}.svc.cluster.local:${FRONTEND_PORT}/v1`,
    workers,
    layouts: Object.fromEntries(plans.map((p) => [p.prop, p.layout])),
    backend,
    model: props.model,
    modelRevision: props.modelRevision,
    servedModelName,
    routerMode,
    kvTransfer: placement.kvTransfer,
    cloud: placement.cloud,
    wiring: placement.wiring,
    cloudPools: placement.context.pools,
    cloudObjects: { ...placement.objects, ingress: [...ingress.objects] },
    accessEnforcer: ingress.enforcer,
    accessWarnings: ingress.accessWarnings,
    clientIdHeader: ingress.clientIdHeader,
    access: props.access,
    ingressHost: props.ingress?.host,
    observed,
    planner,
    sizing,
    autoscalers,
    modelCacheClaimName: cache.claimName,
    downloadJob: cache.downloadJob,
  };
}

/**
 * The component's prop paths in the graph (`components[VllmDecodeWorker].extraResources`) as the
 * pattern's user wrote them (`decode.extraResources`); the graph's `name` and `nodeCount` are the
 * pool's `componentName` and `nodes`, and the graph's rule that component names differ is about
 * the pool's `componentName`.
 * @internal
 */
export function componentRenames(componentName: string, prop: string): Record<string, string> {
  const c = `components[${componentName}]`;
  return { components: `${prop}.componentName`, [c]: prop, [`${c}.name`]: `${prop}.componentName`, [`${c}.nodeCount`]: `${prop}.nodes` };
}

/** What every component gets from the pattern's props: the token and the cache's `HF_HOME`. */
function sharedEnv(props: LlmCommonProps, cache: ModelCacheResources): Map<string, SharedEnv> {
  const env = new Map<string, SharedEnv>();
  if (props.hfToken) env.set(HF_TOKEN_ENV, { value: props.hfToken.envValue(), source: 'hfToken' });
  for (const [k, value] of Object.entries(cache.env)) env.set(k, { value, source: 'modelCache' });
  return env;
}

/** Every worker pool, and the engine config ConfigMap their files go in (a dependency of the graph). */
function addWorkerPools(scope: Construct, dgd: DynamoGraphDeployment, plans: readonly PoolPlan[], placement: CloudPlacement,
  context: WorkerPoolContext): Record<string, DynamoComponent> {
  const workers: Record<string, DynamoComponent> = {};
  const engineFiles: Record<string, string> = {};
  for (const p of plans) {
    const result = asUserProp(componentRenames(p.componentName, p.prop), () => addWorkerPool(context, p, placement.wiring[p.prop] ?? {},
      placement.context.pools.find((pool) => pool.prop === p.prop)?.shapes));
    workers[p.prop] = result.component;
    if (result.engineFile) engineFiles[result.engineFile.name] = result.engineFile.content;
  }
  if (Object.keys(engineFiles).length > 0) {
    const configMap: ApiObject = new k8s.KubeConfigMap(scope, 'EngineConfig', {
      metadata: { name: context.engineConfigName, namespace: context.props.namespace, labels: context.props.labels },
      data: engineFiles,
    });
    dgd.node.addDependency(configMap);
  }
  return workers;
}
