import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Backend } from '../backends/backend';
import { Cloud } from '../cloud/cloud';
import { DynamoVersion } from '../core/dynamo-version';
import { EnvValue } from '../core/env-value';
import { asUserProp, invalid, locate, requireInteger } from '../core/errors';
import { checkProps } from '../core/input-shape';
import { validateDgdName, validateNamespace } from '../core/names';
import { SecretRef } from '../core/secret-ref';
import { ModelArchitecture } from '../model/model-architecture';
import { ModelDownloadJob } from '../model/model-download-job';
import { DgdrHardwareOptions, DgdrProfilingJobOptions } from '../profiling/dgdr-props';
import { dgdrFirstRelease, dgdrHas, requireDgdrFact } from '../profiling/dgdr-releases';
import { validateGeneratedGraphName } from '../profiling/dgdr-graph-name';
import { DynamoGraphDeploymentRequest } from '../profiling/dynamo-graph-deployment-request';
import { poolGpu } from '../sizing/pool-gpu';
import { CloudObjects } from './cloud-objects';
import { curlCommand, portForwardCommand } from './endpoint-card';
import { FRONTEND_PORT } from './llm-graph';
import { annotateForPlatform } from './graph/platform-step';
import { placeProfiledWorkers, ProfilingPlacement } from './graph/profiling-cloud';
import { GENERATED_FRONTEND, OPERATOR_TOKEN_SECRET, profiledGraphOverride } from './graph/profiling-graph-override';
import { candidateGpusPerNode, checkBudgetHoldsWeights, profiledHardware } from './graph/profiling-hardware';
import { addProfilingModelCache, ProfilingModelCache } from './graph/profiling-model-cache';
import { checkProfilingPlatform, profiledRelease } from './graph/profiling-platform';
import { PROFILED_LLM_FIELDS } from './graph/profiling-props-shape';
import { withdrawnOnError } from './graph/withdrawn-on-error';
import { ProfiledLlmProps } from './profiled-llm-props';

/** How the pattern's props map onto the request's, for errors the request raises. */
const REQUEST_PROPS: Readonly<Record<string, string>> = { 'graphOverride.name': 'graphName', 'hardware.totalGpus': 'totalGpus' };

/**
 * An LLM whose graph Dynamo designs: a `DynamoGraphDeploymentRequest` that profiles the model
 * against SLA targets within a GPU budget and generates (and by default deploys) the
 * DynamoGraphDeployment that meets them, with the props of the other patterns where they apply.
 *
 * Beside the request it creates what the other patterns would: the cloud's GPU node pools for the
 * budget, the model cache claim and its download Job (the request waits for them). It fills in what
 * the operator leaves out of the generated graph, or may leave out, through `overrides.dgd`: the model
 * cache mounted on every component with `HF_HOME` on it (before Dynamo 1.0 the claim was mounted only
 * in the profiling Job, #5467; the profilers since mount it themselves, and the override repeats the
 * same mount), the workers' node selector, tolerations and affinity from the cloud (the profiler
 * copies only the profiling Job's tolerations, Dynamo #6947), the pull secrets (on the Planner too).
 * It derives `hardware.gpuSku`, `vramMb` and `numGpusPerNode` from `workers` and the cloud's machine
 * shapes, and refuses a budget that cannot hold the weights, a `hardware.gpuSku` the workers' GPU
 * contradicts, and a graph name the profiler would refuse after profiling (over 45 characters with
 * its longest component, Dynamo >= 1.1).
 *
 * The generated graph is not a construct of the app: the operator creates it at run time, named
 * {@link generatedGraphName} (the cluster's answer: `status.dgdName`, {@link graphNameCommand}).
 *
 * @example
 * new ProfiledLlm(chart, 'qwen3-32b', {
 *   model: 'Qwen/Qwen3-32B',
 *   totalGpus: 8,
 *   workers: { gpuType: GpuType.H100_80GB },
 *   sla: { ttft: 500, itl: 30 },
 *   workload: { isl: 4000, osl: 500 },
 *   hfToken: HfToken.fromSecret('hf-token-secret'),
 * });
 */
export class ProfiledLlm extends Construct {
  /** The DynamoGraphDeploymentRequest (the default child: `ApiObject.of(llm)` patches it). */
  public readonly request: DynamoGraphDeploymentRequest;
  /** The backend profiled. */
  public readonly backend: Backend;
  /** The Dynamo release rendered for. */
  public readonly dynamoVersion: DynamoVersion;
  /** Where the graph runs. */
  public readonly cloud: Cloud;
  /** The GPUs and budget the request names (derived fields included; undefined ones are discovered by the operator). */
  public readonly hardware: DgdrHardwareOptions;
  /** The name the operator gives the generated graph (Dynamo >= 1.0.2); undefined for older releases. */
  public readonly generatedGraphName?: string;
  /** The generated graph's frontend Service, `<graph>-frontend`, when its name is known. */
  public readonly frontendServiceName?: string;
  /** The in-cluster OpenAI base URL of the generated graph, when its name is known. */
  public readonly endpoint?: string;
  /** The model cache claim, when a model cache is used. */
  public readonly modelCacheClaimName?: string;
  /** The download Job, when one is created. */
  public readonly downloadJob?: ModelDownloadJob;
  /** The node pools and node classes the cloud profile created for the budget. */
  public readonly cloudObjects: CloudObjects;

  public constructor(scope: Construct, id: string, props: ProfiledLlmProps) {
    super(scope, id);
    locate(this, () => checkProps('', props, 'ProfiledLlmProps', PROFILED_LLM_FIELDS, ['model', 'totalGpus']));
    const version = locate(this, () => profiledRelease(props.platform, props.dynamoVersion));
    this.dynamoVersion = version;
    this.backend = props.backend ?? Backend.vllm();
    const name = props.name ?? id;
    const namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';
    this.generatedGraphName = dgdrHas(version, 'predictableGraphName') ? props.graphName ?? `${name}-dgd` : undefined;
    const built = locate(this, () => withdrawnOnError(this, () => this.build(props, version, name, namespace)));
    this.cloud = built.placement.cloud;
    this.cloudObjects = built.placement.objects;
    this.hardware = built.hardware;
    this.modelCacheClaimName = built.cache?.claimName;
    this.downloadJob = built.cache?.downloadJob;
    this.request = built.request;
    this.node.defaultChild = this.request.apiObject;
    if (this.generatedGraphName !== undefined) {
      this.frontendServiceName = `${this.generatedGraphName}-${GENERATED_FRONTEND.toLowerCase()}`;
      this.endpoint = `http://${this.frontendServiceName}.${namespace}.svc.cluster.local:${FRONTEND_PORT}/v1`;
    }
    annotateForPlatform(this, props.platform);
  }

  /** `kubectl get dgdr`: the phase, the profiling step and the generated graph's name. */
  public get statusCommand(): string {
    return this.request.statusCommand;
  }

  /** Prints `status.dgdName`, the generated graph's name. */
  public get graphNameCommand(): string {
    return this.request.graphNameCommand;
  }

  /** Prints the generated DynamoGraphDeployment, for review before applying it (`autoApply: false`). */
  public get generatedGraphCommand(): string {
    return this.request.generatedGraphCommand;
  }

  /** Follows the profiler's log. */
  public get profilingLogsCommand(): string {
    return this.request.profilingLogsCommand;
  }

  /** A chat completion against the generated graph's {@link endpoint}, once it runs; undefined when its name is not known. */
  public get curlCommand(): string | undefined {
    return this.endpoint === undefined ? undefined : curlCommand(this.endpoint, this.request.model);
  }

  /** `kubectl port-forward` of the generated graph's frontend to `localhost:8000`; undefined when its name is not known. */
  public get portForwardCommand(): string | undefined {
    return this.frontendServiceName === undefined ? undefined : portForwardCommand(this.request.namespace, this.frontendServiceName);
  }

  private build(props: ProfiledLlmProps, version: DynamoVersion, name: string, namespace: string) {
    validateDgdName('name', name);
    if (props.namespace !== undefined) validateNamespace('namespace', props.namespace);
    requireInteger('totalGpus', props.totalGpus, 1, 'give the GPU budget as a whole number, e.g. 8', 2 ** 31 - 1);
    if (props.graphName !== undefined) {
      validateDgdName('graphName', props.graphName);
      requireDgdrFact('graphName', version, 'predictableGraphName', props.graphName, 'older operators name the graph <backend>-<agg|disagg>', 'remove graphName');
    }
    if (this.generatedGraphName !== undefined) {
      validateGeneratedGraphName(version, this.backend, props.mocker === true, props.graphName !== undefined
        ? { graphName: props.graphName, prop: 'graphName', value: props.graphName, written: true }
        : { graphName: this.generatedGraphName, prop: 'name', value: name, written: props.name !== undefined });
    }
    const graphName = this.generatedGraphName ?? name;
    const where = { name: graphName, namespace, dynamoNamespace: `${namespace}-${graphName}` };
    if (props.hardware?.numGpusPerNode !== undefined) requireInteger('hardware.numGpusPerNode', props.hardware.numGpusPerNode, 1, 'give the GPUs of one node, e.g. 8');
    // GPUs per worker of the pool plan, whose node pool is limited to maxReplicas x this: the node's GPUs when known.
    const gpusPerNode = props.hardware?.numGpusPerNode ?? candidateGpusPerNode(props.cloud, props.workers) ?? 1;
    const placement = placeProfiledWorkers(this, props, where, gpusPerNode, this.backend);
    const hardware = profiledHardware(props.hardware, props.workers, placement.shapes, props.totalGpus, version);
    checkProfilingPlatform(props.platform, placement.cloud, namespace, hardware);
    checkBudgetHoldsWeights(props.modelArchitecture ?? ModelArchitecture.lookup(props.model), hardware, poolGpu(placement.shapes, props.workers?.gpuType));
    const optionalToken = this.checkToken(props, version);
    const cache = addProfilingModelCache(this, props, name, where.dynamoNamespace, version);
    const request = this.addRequest(props, version, name, hardware, placement, cache, optionalToken);
    for (const d of [...(cache?.dependencies ?? []), ...Object.values(placement.objects.pools).flat(), ...placement.objects.shared]) request.node.addDependency(d);
    return { placement, hardware, cache, request };
  }

  /**
   * The token rule of the operator: its profiling Job and the profiler's graph read the Secret
   * `hf-token-secret` (key `HF_TOKEN`), not optionally. A reference must name it; without one (a
   * public model) the pattern references it optionally, which the generated graph only allows from
   * Dynamo 1.4 (a v1beta1 override, merged structurally, replaces the graph's `envFrom`; before, the
   * v1alpha1 `envFromSecret` cannot be removed). Returns whether the reference is optional.
   */
  private checkToken(props: ProfiledLlmProps, version: DynamoVersion): boolean {
    const token = props.hfToken;
    if (token !== undefined) {
      if (token._pastedToken) throw token._pastedTokenError();
      if (token.secret.name !== OPERATOR_TOKEN_SECRET.name || token.key !== OPERATOR_TOKEN_SECRET.key) {
        const wrong = token.secret.name !== OPERATOR_TOKEN_SECRET.name ? 'hfToken' : 'hfToken.key';
        throw invalid(wrong, `must name the Secret ${OPERATOR_TOKEN_SECRET.name}, key ${OPERATOR_TOKEN_SECRET.key}: the operator's profiling Job and the graph it generates read the token from there`,
          wrong === 'hfToken' ? token.secret.name : token.key,
          `store the token as ${OPERATOR_TOKEN_SECRET.key} in a Secret named ${OPERATOR_TOKEN_SECRET.name} in the namespace and pass HfToken.fromSecret("${OPERATOR_TOKEN_SECRET.name}")`);
      }
      return false;
    }
    if (!dgdrHas(version, 'versionedGraphOverride')) {
      throw invalid('hfToken', `is required with Dynamo < ${dgdrFirstRelease('versionedGraphOverride')} (dynamoVersion is ${version.version}): the graph the profiler generates reads the Secret ${OPERATOR_TOKEN_SECRET.name}, which must exist even for a public model`,
        undefined, `create the Secret ${OPERATOR_TOKEN_SECRET.name} (key ${OPERATOR_TOKEN_SECRET.key}; any value for a public model) and pass HfToken.fromSecret("${OPERATOR_TOKEN_SECRET.name}")`);
    }
    return true;
  }

  private addRequest(props: ProfiledLlmProps, version: DynamoVersion, name: string, hardware: DgdrHardwareOptions, placement: ProfilingPlacement,
    cache: ProfilingModelCache | undefined, optionalToken: boolean): DynamoGraphDeploymentRequest {
    const override = profiledGraphOverride({
      version, backend: this.backend, cache, scheduling: placement.scheduling, optionalToken, imagePullSecrets: props.imagePullSecrets,
      planner: props.planner !== undefined,
    });
    return asUserProp(REQUEST_PROPS, () => new DynamoGraphDeploymentRequest(this, 'Resource', {
      name,
      namespace: props.namespace,
      dynamoVersion: version,
      model: props.model,
      backend: this.backend,
      image: props.image,
      runtimeVersionOverride: props.runtimeVersionOverride,
      searchStrategy: props.searchStrategy,
      autoApply: props.autoApply,
      sla: props.sla,
      workload: props.workload,
      hardware,
      modelCache: cache ? { pvcName: cache.claimName, pvcMountPath: cache.mountPath, pvcModelPath: cache.modelPath } : undefined,
      planner: props.planner,
      mocker: props.mocker,
      profilingJob: profilingJob(props, optionalToken),
      graphOverride: override || props.graphName !== undefined
        ? { apiVersion: override?.apiVersion, name: props.graphName, spec: override?.spec } : undefined,
      labels: props.labels,
      annotations: props.annotations,
    }));
  }
}

/**
 * The profiler pod's overrides: the user's, the pattern's pull secrets, and for a public model the
 * token variable made optional (the operator references `hf-token-secret` without `optional`, so the
 * Job would not start without the Secret); a token variable the user sets wins.
 */
function profilingJob(props: ProfiledLlmProps, optionalToken: boolean): DgdrProfilingJobOptions | undefined {
  const user = props.profilingJob;
  const secrets = [...(user?.imagePullSecrets ?? []), ...(props.imagePullSecrets ?? [])];
  const env: Record<string, EnvValue> = optionalToken
    ? { HUGGING_FACE_HUB_TOKEN: EnvValue.fromSecret(SecretRef.fromSecretName(OPERATOR_TOKEN_SECRET.name), OPERATOR_TOKEN_SECRET.key, { optional: true }) } : {};
  Object.assign(env, user?.env);
  if (user === undefined && secrets.length === 0 && Object.keys(env).length === 0) return undefined;
  return {
    ...user,
    imagePullSecrets: secrets.length > 0 ? [...new Map(secrets.map((s) => [s.name, s])).values()] : undefined,
    env: Object.keys(env).length > 0 ? env : undefined,
  };
}
