import { createHash } from 'crypto';
import { Size, Yaml } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Planner } from '../autoscaling/planner';
import { Backend } from '../backends/backend';
import { ParallelLayout, WorkerRole } from '../backends/backend-definition';
import { assertNoDuplicateFlags } from '../backends/flags';
import { ComponentType } from '../core/component-type';
import { ComponentVolume } from '../core/component-volume';
import { DynamoVersion, imageTagVersion } from '../core/dynamo-version';
import { EnvValue } from '../core/env-value';
import { invalid, requireInteger } from '../core/errors';
import { validateDgdName, validateRevision } from '../core/names';
import { NixlBackend } from '../core/nixl-backend';
import { RouterMode } from '../core/router-mode';
import { Cloud } from '../cloud/cloud';
import { CloudBinding, CloudContext, PoolWiring } from '../cloud/cloud-profile';
import { NIXL_TELEMETRY_ENV } from '../cloud/rdma-wiring';
import { DynamoComponent } from '../dgd/dynamo-component';
import { DynamoGraphDeployment } from '../dgd/dynamo-graph-deployment';
import { HF_TOKEN_ENV } from '../model/hf-token';
import { ModelDownloadJob } from '../model/model-download-job';
import { ObservedDeployment } from '../observability/observed-deployment';
import { LlmCommonProps, WorkerPoolOptions } from './llm-props';
import { resolveLayout } from './parallelism';

/** The pod annotation that restarts the frontend when the backend framework changes. */
export const BACKEND_FRAMEWORK_ANNOTATION = 'dynamo-constructs/backend-framework';
/** The pod annotation that restarts workers when their engine config changes. */
export const ENGINE_CONFIG_HASH_ANNOTATION = 'dynamo-constructs/engine-config-hash';
/** Where generated engine config files are mounted. */
export const ENGINE_CONFIG_DIR = '/opt/dynamo/engine-config';
/** The frontend's HTTP port (the operator's `http` port). */
export const FRONTEND_PORT = 8000;

const ROLE_TYPES: Record<WorkerRole, ComponentType> = {
  aggregated: ComponentType.WORKER,
  prefill: ComponentType.PREFILL,
  decode: ComponentType.DECODE,
};

/** One worker pool of a pattern. @internal */
export interface PoolSpec {
  /** The prop name, e.g. `decode`. */
  readonly prop: string;
  readonly role: WorkerRole;
  readonly options: WorkerPoolOptions;
}

/** How a pattern moves the KV cache. @internal */
export interface KvTransferSpec {
  /** The backend the user asked for. */
  readonly nixlBackend?: NixlBackend;
  readonly allowTcpKvTransfer: boolean;
}

/** What a pattern built. @internal */
export interface LlmGraph {
  readonly dgd: DynamoGraphDeployment;
  readonly frontend: DynamoComponent;
  readonly workers: Record<string, DynamoComponent>;
  /** Each pool's resolved parallel layout, by prop name. */
  readonly layouts: Record<string, ParallelLayout>;
  readonly backend: Backend;
  readonly model: string;
  readonly servedModelName: string;
  readonly routerMode: RouterMode;
  /** The NIXL backend the workers use. */
  readonly nixlBackend: NixlBackend;
  readonly cloud: Cloud;
  /** Each pool's cloud wiring, by prop name. */
  readonly wiring: Readonly<Record<string, PoolWiring>>;
  /** What observability and autoscalers see of the deployment. */
  readonly observed: ObservedDeployment;
  /** The planner component, when there is one. */
  readonly planner?: DynamoComponent;
  /** Each autoscaled pool's KEDA ScaledObject or HPA construct, by prop name. */
  readonly autoscalers: Readonly<Record<string, Construct>>;
  readonly frontendServiceName: string;
  readonly endpoint: string;
  readonly modelCacheClaimName?: string;
  readonly downloadJob?: ModelDownloadJob;
}

/**
 * Builds the DynamoGraphDeployment and the objects around it for a pattern. Both patterns call it;
 * they differ only in their pools.
 * @internal
 */
export function buildLlmGraph(scope: Construct, id: string, props: LlmCommonProps, pools: PoolSpec[], kv: KvTransferSpec): LlmGraph {
  const backend = props.backend ?? Backend.vllm();
  const def = backend.definition;
  const version = props.dynamoVersion ?? DynamoVersion.LATEST;
  const name = props.name ?? id;
  validateDgdName('name', name);
  validateModel('model', props.model);
  if (props.servedModelName !== undefined) validateModel('servedModelName', props.servedModelName);
  if (props.modelRevision !== undefined) validateRevision('modelRevision', props.modelRevision);
  const frontendOptions = props.frontend ?? {};
  const frontendReplicas = frontendOptions.replicas ?? 1;
  requireInteger('frontend.replicas', frontendReplicas, 1,
    'at least one frontend must serve the OpenAI API; with none, the model disappears from /v1/models');
  for (const pool of pools) {
    requireInteger(`${pool.prop}.replicas`, pool.options.replicas ?? 1, 0, 'set a whole number of workers (0 keeps the pool defined but idle)');
    if (pool.options.maxModelLen !== undefined) requireInteger(`${pool.prop}.maxModelLen`, pool.options.maxModelLen, 1, 'set the context length in tokens');
    if (pool.options.maxNumSeqs !== undefined) requireInteger(`${pool.prop}.maxNumSeqs`, pool.options.maxNumSeqs, 1, 'set the number of concurrent sequences');
  }
  const disaggregated = pools.some((p) => p.role !== 'aggregated');
  const layouts = Object.fromEntries(pools.map((p) => [p.prop, resolveLayout(p.prop, p.options, def)]));
  const scaling = Object.fromEntries(pools.map((p) => [p.prop, replicaOwner(p, props.planner, layouts[p.prop])]));

  // The model cache: how many pods mount it decides whether ReadWriteOnce can work.
  const cache = props.modelCache;
  if (cache) {
    const pods = frontendReplicas + pools.reduce((n, p) => n + scaling[p.prop].maxReplicas * layouts[p.prop].nodes, 0);
    if (!cache.isShared && pods > 1) {
      throw invalid('modelCache.accessMode', `must be ReadWriteMany when several pods mount the cache (${pods} here: frontend and workers)`, cache.accessMode,
        'use PersistentVolumeAccessMode.READ_WRITE_MANY on a shared file system StorageClass');
    }
  }
  for (const p of pools) {
    def.checkSupport({ pool: p.prop, role: p.role, disaggregated, layout: layouts[p.prop], modelRevision: props.modelRevision, sharedModelCache: cache ? cache.isShared : undefined });
  }

  const dgd = new DynamoGraphDeployment(scope, 'Resource', {
    name,
    namespace: props.namespace,
    dynamoVersion: version,
    apiVersion: props.apiVersion,
    backend,
    labels: props.labels,
    annotations: props.annotations,
  });

  // The cloud: node pools, scheduling and RDMA wiring per pool, and the NIXL backend the fabric needs.
  const cloud = props.cloud ?? Cloud.generic();
  const cloudCtx: CloudContext = {
    scope,
    dgdName: name,
    namespace: dgd.namespace,
    dynamoNamespace: dgd.dynamoNamespace,
    labels: props.labels,
    allowTcpKvTransfer: kv.allowTcpKvTransfer,
    pools: pools.map((p) => ({
      prop: p.prop,
      role: p.role,
      componentName: p.options.componentName ?? def.componentNames[p.role],
      options: p.options,
      maxReplicas: scaling[p.prop].maxReplicas,
      gpusPerNode: layouts[p.prop].gpusPerNode,
      nodes: layouts[p.prop].nodes,
      kvTransfer: p.role === 'prefill' || p.role === 'decode',
    })),
  };
  const storage = cache?.newVolume?.storage;
  if (storage?.clouds && cloud.id !== 'generic' && !storage.clouds.includes(cloud.id)) {
    throw invalid('modelCache.storage', `must be storage of the deployment's cloud (${cloud})`, storage.displayName,
      'pick a ModelStorage factory for that cloud, or reference an existing class with ModelStorage.fromStorageClassName()');
  }
  const binding: CloudBinding = cloud.profile.bind(cloudCtx);
  const nixlBackend = resolveNixlBackend(kv, binding);

  let modelCacheClaimName: string | undefined;
  let downloadJob: ModelDownloadJob | undefined;
  const commonEnv = new Map<string, { value: EnvValue; source: string }>();
  const commonVolumes: ComponentVolume[] = [];
  if (props.hfToken) commonEnv.set(HF_TOKEN_ENV, { value: props.hfToken.envValue(), source: 'hfToken' });
  if (cache) {
    modelCacheClaimName = cache.claimName ?? `${name}-model-cache`;
    if (cache.newVolume) {
      const storage = cache.newVolume.storage;
      const storageClassName = storage
        ? storage.bind(scope, `${dgd.dynamoNamespace}-model-cache`, cache.newVolume.size, props.labels)
        : cache.newVolume.storageClass;
      new k8s.KubePersistentVolumeClaim(scope, 'ModelCache', {
        metadata: { name: modelCacheClaimName, namespace: props.namespace, labels: props.labels },
        spec: {
          accessModes: [cache.accessMode],
          storageClassName,
          resources: { requests: { storage: k8s.Quantity.fromString(cache.newVolume.size.asString()) } },
        },
      });
    }
    if (cache.downloadJob) {
      downloadJob = new ModelDownloadJob(scope, 'ModelDownload', {
        model: props.model,
        revision: props.modelRevision,
        claimName: modelCacheClaimName,
        hfToken: props.hfToken,
        namePrefix: name,
        namespace: props.namespace,
        imagePullSecrets: props.imagePullSecrets,
        labels: props.labels,
      });
    }
    commonEnv.set('HF_HOME', { value: EnvValue.fromValue(cache.mountPath), source: 'modelCache' });
    commonVolumes.push(ComponentVolume.fromPersistentVolumeClaim(modelCacheClaimName, cache.mountPath));
  }

  const imageFor = (explicit: string | undefined, tagSuffix?: string) => {
    const image = explicit ?? props.image ?? `${backend.runtimeImage(version)}${tagSuffix ?? ''}`;
    // Dynamo >= 1.4 needs the runtime version whenever the tag does not state it.
    const override = version.supports('runtimeVersionOverride') && imageTagVersion(image) !== version.version ? version.version : undefined;
    return { image, runtimeVersionOverride: override };
  };
  const envFor = (prop: string, generated: Record<string, string>, user: Record<string, EnvValue> | undefined, cloudEnv: Record<string, string> = {}) => {
    const env: Record<string, EnvValue> = {};
    for (const [k, v] of commonEnv) env[k] = v.value;
    for (const [k, v] of Object.entries(generated)) env[k] = EnvValue.fromValue(v);
    for (const [k, v] of Object.entries(cloudEnv)) {
      if (k in env) throw new Error(`internal: ${cloud} sets ${k}, which ${backend.displayName} also sets`);
      env[k] = EnvValue.fromValue(v);
    }
    for (const [k, v] of Object.entries(user ?? {})) {
      if (k in env) {
        const source = commonEnv.get(k)?.source ?? (k in cloudEnv ? `the cloud profile's RDMA wiring (${cloud})` : `the ${backend.displayName} wiring`);
        throw invalid(`${prop}.env`, `must not set ${k}, which is set from ${source}`, k, `remove ${k} from ${prop}.env and configure it through ${source}`);
      }
      env[k] = v;
    }
    return env;
  };

  // Frontend.
  const routerMode = frontendOptions.routerMode ?? RouterMode.ROUND_ROBIN;
  const frontendArgs = ['--http-port', String(FRONTEND_PORT), '--router-mode', routerMode.mode];
  assertNoDuplicateFlags('frontend.extraArgs', frontendArgs, frontendOptions.extraArgs ?? [], []);
  const frontend = dgd.addComponent({
    name: frontendOptions.componentName ?? 'Frontend',
    type: ComponentType.FRONTEND,
    ...imageFor(frontendOptions.image),
    replicas: frontendReplicas,
    command: ['python3', '-m', 'dynamo.frontend'],
    args: [...frontendArgs, ...(frontendOptions.extraArgs ?? [])],
    env: envFor('frontend', {}, frontendOptions.env),
    resources: frontendOptions.resources,
    volumes: commonVolumes,
    imagePullSecrets: props.imagePullSecrets,
    tolerations: frontendOptions.tolerations,
    nodeSelector: frontendOptions.nodeSelector,
    affinity: frontendOptions.affinity,
    // The frontend keeps serving the old framework unless it restarts when the backend changes.
    podAnnotations: { ...frontendOptions.podAnnotations, [BACKEND_FRAMEWORK_ANNOTATION]: backend.framework },
    podLabels: { ...props.labels, ...frontendOptions.podLabels },
  });

  // Workers.
  const engineFiles: Record<string, string> = {};
  const engineConfigName = `${name}-engine-config`;
  const workers: Record<string, DynamoComponent> = {};
  for (const p of pools) {
    const o = p.options;
    const layout = layouts[p.prop];
    const w = binding.pools[p.prop] ?? {};
    const launch = def.launch({
      pool: p.prop,
      role: p.role,
      model: props.model,
      servedModelName: props.servedModelName,
      modelRevision: props.modelRevision,
      hfHome: cache?.mountPath,
      layout,
      maxModelLength: o.maxModelLen,
      maxNumSeqs: o.maxNumSeqs,
      trustRemoteCode: props.trustRemoteCode ?? false,
      // Dynamo's examples publish KV events from aggregated and prefill workers.
      kvEvents: routerMode.needsKvEvents && p.role !== 'decode',
      nixlBackend,
      dynamoVersion: version,
      engineConfigPath: `${ENGINE_CONFIG_DIR}/${p.role}.yaml`,
    });
    assertNoDuplicateFlags(`${p.prop}.extraArgs`, launch.args, o.extraArgs ?? [], def.flagAliases);
    const volumes = [...commonVolumes, ...(w.volumes ?? [])];
    const podAnnotations: Record<string, string> = mergeMaps(`${p.prop}.podAnnotations`, w.podAnnotations, o.podAnnotations, cloud);
    if (launch.engineConfig) {
      const file = Yaml.stringify(launch.engineConfig);
      engineFiles[`${p.role}.yaml`] = file;
      volumes.push(ComponentVolume.fromConfigMap(engineConfigName, ENGINE_CONFIG_DIR));
      podAnnotations[ENGINE_CONFIG_HASH_ANNOTATION] = createHash('sha256').update(file).digest('hex').slice(0, 16);
    }
    workers[p.prop] = dgd.addComponent({
      name: o.componentName ?? def.componentNames[p.role],
      type: ROLE_TYPES[p.role],
      ...imageFor(o.image, w.imageTagSuffix),
      // An autoscaler or the planner owns the replicas: leave them out of the manifest.
      replicas: scaling[p.prop].owner ? undefined : o.replicas ?? 1,
      command: withShellPrelude(w.shellPrelude, o.command ?? [...def.command]),
      args: [...launch.args, ...(o.extraArgs ?? [])],
      workingDir: o.workingDir ?? def.workingDir,
      env: envFor(p.prop, launch.env, o.env, w.env),
      gpus: layout.gpusPerNode,
      nodeCount: layout.nodes,
      resources: o.resources ?? { ephemeralStorage: { request: Size.gibibytes(2) } },
      extraResources: nonEmptyMap(mergeMaps(`${p.prop}.extraResources`, w.extraResources, o.extraResources, cloud,
        'the cloud profile sets it from the fabric; size RDMA devices with rdmaDevices')),
      sharedMemorySize: o.sharedMemorySize ?? largerSize(def.defaultSharedMemory, w.minSharedMemory),
      volumes,
      imagePullSecrets: props.imagePullSecrets,
      tolerations: mergeTolerations(w.tolerations, o.tolerations),
      nodeSelector: nonEmptyMap(mergeMaps(`${p.prop}.nodeSelector`, w.nodeSelector, o.nodeSelector, cloud,
        'the cloud profile pins the pool to its node pool; remove the key')),
      affinity: mergeAffinity(w.affinity, o.affinity),
      podAnnotations,
      podLabels: { ...props.labels, ...o.podLabels },
      securityContext: mergeSecurityContext(w, o.securityContext),
      scalingAdapter: scaling[p.prop].owner ? true : o.scalingAdapter,
      compilationCache: props.compilationCache
        ? { claimName: props.compilationCache.claimName, mountPath: props.compilationCache.mountPath }
        : undefined,
    });
  }
  // The planner: a component of the graph that scales the pools through their adapters.
  let planner: DynamoComponent | undefined;
  if (props.planner) {
    const gpusOf = (role: WorkerRole) => {
      const pool = pools.find((x) => x.role === role);
      return pool ? layouts[pool.prop].gpusPerNode * layouts[pool.prop].nodes : undefined;
    };
    const config = props.planner._config({
      backend: backend.framework,
      disaggregated,
      dynamoVersion: version,
      prefillGpus: gpusOf('prefill'),
      decodeGpus: gpusOf(disaggregated ? 'decode' : 'aggregated') ?? 1,
    });
    planner = dgd.addComponent({
      name: props.planner.componentName,
      type: ComponentType.PLANNER,
      ...imageFor(props.planner._image(version, props.image ?? backend.runtimeImage(version))),
      replicas: 1,
      command: ['python3', '-m', 'dynamo.planner'],
      args: ['--config', JSON.stringify(config)],
      imagePullSecrets: props.imagePullSecrets,
      podLabels: props.labels,
    });
  }
  if (Object.keys(engineFiles).length > 0) {
    new k8s.KubeConfigMap(scope, 'EngineConfig', {
      metadata: { name: engineConfigName, namespace: props.namespace, labels: props.labels },
      data: engineFiles,
    });
  }

  const observed: ObservedDeployment = {
    name,
    namespace: dgd.namespace,
    dynamoNamespace: dgd.dynamoNamespace,
    servedModelName: props.servedModelName ?? props.model,
    routerMode,
    components: dgd.componentList.map((c) => ({ name: c.name, type: c.type })),
    // The cloud profiles export NIXL telemetry on the pools they wire for RDMA.
    nixlTelemetry: Object.values(binding.pools).some((w) => w.env?.NIXL_TELEMETRY_ENABLE === NIXL_TELEMETRY_ENV.NIXL_TELEMETRY_ENABLE),
    labels: props.labels,
  };
  const autoscalers: Record<string, Construct> = {};
  for (const p of pools) {
    if (p.options.autoscaling) autoscalers[p.prop] = p.options.autoscaling._attach(scope, `Autoscaler-${p.prop}`, observed, workers[p.prop].name);
  }

  const frontendServiceName = dgd.serviceName(frontend.name);
  if (props.ingress) {
    cloud.profile.addIngress(cloudCtx, props.ingress, { serviceName: frontendServiceName, port: FRONTEND_PORT, healthPath: '/health' });
  }
  return {
    dgd,
    frontend,
    frontendServiceName,
    endpoint: `http://${frontendServiceName}.${dgd.namespace}.svc.cluster.local:${FRONTEND_PORT}/v1`,
    workers,
    layouts,
    backend,
    model: props.model,
    servedModelName: props.servedModelName ?? props.model,
    routerMode,
    nixlBackend,
    cloud,
    wiring: binding.pools,
    observed,
    planner,
    autoscalers,
    modelCacheClaimName,
    downloadJob,
  };
}

/** Who owns a pool's replicas, and the most workers it may run. */
interface ReplicaOwnership {
  readonly owner?: 'autoscaling' | 'planner';
  readonly maxReplicas: number;
}

/** One owner per pool: the pattern's fixed replicas, the pool's autoscaler, or the planner. */
function replicaOwner(p: PoolSpec, planner: Planner | undefined, layout: ParallelLayout): ReplicaOwnership {
  const o = p.options;
  const owner = o.autoscaling ? 'autoscaling' : planner ? 'planner' : undefined;
  if (o.autoscaling && planner) {
    throw invalid(`${p.prop}.autoscaling`, `must not be set with a planner, which already scales the ${p.prop} pool`, o.autoscaling.kind,
      `remove ${p.prop}.autoscaling or the planner: two owners of the same replicas undo each other's changes`);
  }
  if (!owner) return { maxReplicas: o.replicas ?? 1 };
  const by = owner === 'planner' ? 'the planner' : `${p.prop}.autoscaling (${o.autoscaling!.kind})`;
  if (o.replicas !== undefined) {
    throw invalid(`${p.prop}.replicas`, `must not be set when ${by} owns the pool's replicas`, o.replicas,
      `remove ${p.prop}.replicas and set ${owner === 'planner' ? 'planner.minReplicas' : `${p.prop}.autoscaling minReplicas`}: the manifest leaves replicas to the scaler so that re-applying it never resets them`);
  }
  if (o.scalingAdapter === false) {
    throw invalid(`${p.prop}.scalingAdapter`, `must not be false when ${by} scales the pool (it scales through the adapter)`, false, `remove ${p.prop}.scalingAdapter`);
  }
  if (owner === 'autoscaling') return { owner, maxReplicas: o.autoscaling!.maxReplicas };
  const gpusPerWorker = layout.gpusPerNode * layout.nodes;
  return { owner, maxReplicas: Math.max(planner!.minReplicas, Math.floor(planner!.maxGpus / Math.max(1, gpusPerWorker))) };
}

function validateModel(prop: string, model: string): void {
  if (!model || /\s/.test(model) || model.length > 512) {
    throw invalid(prop, 'must be a Hugging Face model id or a path, without spaces', model, 'use an id such as "Qwen/Qwen3-0.6B"');
  }
}

/** The fabric's NIXL backend wins; a different explicit choice is an error. */
function resolveNixlBackend(kv: KvTransferSpec, binding: CloudBinding): NixlBackend {
  const fabric = binding.nixlBackend;
  if (fabric && kv.nixlBackend && kv.nixlBackend !== fabric) {
    throw invalid('nixlBackend', `must be ${fabric.name}, which the pools' RDMA fabric needs`, kv.nixlBackend.name,
      `remove nixlBackend (the cloud profile selects ${fabric.name}); the other backend would run KV transfer at TCP speed`);
  }
  return fabric ?? kv.nixlBackend ?? NixlBackend.UCX;
}

/** Merges a generated map with the user's, rejecting a key set to two different values. */
function mergeMaps(prop: string, generated: Record<string, string> | undefined, user: Record<string, string> | undefined, cloud: Cloud,
  fix = 'remove the key; the cloud profile sets it'): Record<string, string> {
  const merged: Record<string, string> = { ...generated };
  for (const [k, v] of Object.entries(user ?? {})) {
    if (k in merged && merged[k] !== v) {
      throw invalid(prop, `must not override ${k}, which ${cloud} sets to "${merged[k]}"`, v, fix);
    }
    merged[k] = v;
  }
  return merged;
}

function nonEmptyMap(map: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(map).length > 0 ? map : undefined;
}

function mergeTolerations(generated: k8s.Toleration[] | undefined, user: k8s.Toleration[] | undefined): k8s.Toleration[] | undefined {
  const all = [...(generated ?? []), ...(user ?? [])];
  const seen = new Set<string>();
  const out = all.filter((t) => {
    const key = JSON.stringify([t.key, t.operator, t.value, t.effect, t.tolerationSeconds]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return out.length > 0 ? out : undefined;
}

/** Combines the profile's affinity with the user's: required node terms are ANDed, pod terms concatenated. */
function mergeAffinity(generated: k8s.Affinity | undefined, user: k8s.Affinity | undefined): k8s.Affinity | undefined {
  if (!generated) return user;
  if (!user) return generated;
  const concat = <T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined => (a || b ? [...(a ?? []), ...(b ?? [])] : undefined);
  const podTerms = (a: k8s.PodAffinity | undefined, b: k8s.PodAffinity | undefined): k8s.PodAffinity | undefined => (a || b ? {
    requiredDuringSchedulingIgnoredDuringExecution: concat(a?.requiredDuringSchedulingIgnoredDuringExecution, b?.requiredDuringSchedulingIgnoredDuringExecution),
    preferredDuringSchedulingIgnoredDuringExecution: concat(a?.preferredDuringSchedulingIgnoredDuringExecution, b?.preferredDuringSchedulingIgnoredDuringExecution),
  } : undefined);
  const g = generated.nodeAffinity;
  const u = user.nodeAffinity;
  let nodeAffinity: k8s.NodeAffinity | undefined = u ?? g;
  if (g && u) {
    const gTerms = g.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    const uTerms = u.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    // Node selector terms are ORed; AND the two lists by pairing every term of one with every term of the other.
    const terms = gTerms && uTerms
      ? gTerms.flatMap((a) => uTerms.map((b) => ({
        matchExpressions: concat(a.matchExpressions, b.matchExpressions),
        matchFields: concat(a.matchFields, b.matchFields),
      })))
      : gTerms ?? uTerms;
    nodeAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: terms ? { nodeSelectorTerms: terms } : undefined,
      preferredDuringSchedulingIgnoredDuringExecution: concat(g.preferredDuringSchedulingIgnoredDuringExecution, u.preferredDuringSchedulingIgnoredDuringExecution),
    };
  }
  return {
    nodeAffinity,
    podAffinity: podTerms(generated.podAffinity, user.podAffinity),
    podAntiAffinity: podTerms(generated.podAntiAffinity, user.podAntiAffinity),
  };
}

/** Adds the profile's capabilities (and privileged) to the user's security context. */
function mergeSecurityContext(w: PoolWiring, user: k8s.SecurityContext | undefined): k8s.SecurityContext | undefined {
  if (!w.capabilities?.length && !w.privileged) return user;
  const add = [...new Set([...(w.capabilities ?? []), ...(user?.capabilities?.add ?? [])])];
  return {
    ...user,
    capabilities: { ...user?.capabilities, add },
    ...(w.privileged && user?.privileged === undefined ? { privileged: true } : {}),
  };
}

/** Runs the profile's shell lines, then execs the launcher with the engine flags. */
function withShellPrelude(prelude: string[] | undefined, command: string[]): string[] {
  if (!prelude || prelude.length === 0) return command;
  return ['/bin/sh', '-c', `${prelude.join('\n')}\nexec "$@"`, '--', ...command];
}

function largerSize(a: Size | undefined, b: Size | undefined): Size | undefined {
  if (!a || !b) return a ?? b;
  return b.toMebibytes() > a.toMebibytes() ? b : a;
}
