import { createHash } from 'crypto';
import { Size, Yaml } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
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
import { DynamoComponent } from '../dgd/dynamo-component';
import { DynamoGraphDeployment } from '../dgd/dynamo-graph-deployment';
import { HF_TOKEN_ENV } from '../model/hf-token';
import { ModelDownloadJob } from '../model/model-download-job';
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
export function buildLlmGraph(scope: Construct, id: string, props: LlmCommonProps, pools: PoolSpec[], nixlBackend: NixlBackend): LlmGraph {
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

  // The model cache: how many pods mount it decides whether ReadWriteOnce can work.
  const cache = props.modelCache;
  if (cache) {
    const pods = frontendReplicas + pools.reduce((n, p) => n + (p.options.replicas ?? 1) * layouts[p.prop].nodes, 0);
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

  let modelCacheClaimName: string | undefined;
  let downloadJob: ModelDownloadJob | undefined;
  const commonEnv = new Map<string, { value: EnvValue; source: string }>();
  const commonVolumes: ComponentVolume[] = [];
  if (props.hfToken) commonEnv.set(HF_TOKEN_ENV, { value: props.hfToken.envValue(), source: 'hfToken' });
  if (cache) {
    modelCacheClaimName = cache.claimName ?? `${name}-model-cache`;
    if (cache.newVolume) {
      new k8s.KubePersistentVolumeClaim(scope, 'ModelCache', {
        metadata: { name: modelCacheClaimName, namespace: props.namespace, labels: props.labels },
        spec: {
          accessModes: [cache.accessMode],
          storageClassName: cache.newVolume.storageClass,
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

  const imageFor = (explicit: string | undefined) => {
    const image = explicit ?? props.image ?? backend.runtimeImage(version);
    // Dynamo >= 1.4 needs the runtime version whenever the tag does not state it.
    const override = version.supports('runtimeVersionOverride') && imageTagVersion(image) !== version.version ? version.version : undefined;
    return { image, runtimeVersionOverride: override };
  };
  const envFor = (prop: string, generated: Record<string, string>, user: Record<string, EnvValue> | undefined) => {
    const env: Record<string, EnvValue> = {};
    for (const [k, v] of commonEnv) env[k] = v.value;
    for (const [k, v] of Object.entries(generated)) env[k] = EnvValue.fromValue(v);
    for (const [k, v] of Object.entries(user ?? {})) {
      if (k in env) {
        const source = commonEnv.get(k)?.source ?? `the ${backend.displayName} wiring`;
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
    const volumes = [...commonVolumes];
    const podAnnotations: Record<string, string> = { ...o.podAnnotations };
    if (launch.engineConfig) {
      const file = Yaml.stringify(launch.engineConfig);
      engineFiles[`${p.role}.yaml`] = file;
      volumes.push(ComponentVolume.fromConfigMap(engineConfigName, ENGINE_CONFIG_DIR));
      podAnnotations[ENGINE_CONFIG_HASH_ANNOTATION] = createHash('sha256').update(file).digest('hex').slice(0, 16);
    }
    workers[p.prop] = dgd.addComponent({
      name: o.componentName ?? def.componentNames[p.role],
      type: ROLE_TYPES[p.role],
      ...imageFor(o.image),
      replicas: o.replicas ?? 1,
      command: o.command ?? [...def.command],
      args: [...launch.args, ...(o.extraArgs ?? [])],
      workingDir: o.workingDir ?? def.workingDir,
      env: envFor(p.prop, launch.env, o.env),
      gpus: layout.gpusPerNode,
      nodeCount: layout.nodes,
      resources: o.resources ?? { ephemeralStorage: { request: Size.gibibytes(2) } },
      extraResources: o.extraResources,
      sharedMemorySize: o.sharedMemorySize ?? def.defaultSharedMemory,
      volumes,
      imagePullSecrets: props.imagePullSecrets,
      tolerations: o.tolerations,
      nodeSelector: o.nodeSelector,
      affinity: o.affinity,
      podAnnotations,
      podLabels: { ...props.labels, ...o.podLabels },
      securityContext: o.securityContext,
      scalingAdapter: o.scalingAdapter,
      compilationCache: props.compilationCache
        ? { claimName: props.compilationCache.claimName, mountPath: props.compilationCache.mountPath }
        : undefined,
    });
  }
  if (Object.keys(engineFiles).length > 0) {
    new k8s.KubeConfigMap(scope, 'EngineConfig', {
      metadata: { name: engineConfigName, namespace: props.namespace, labels: props.labels },
      data: engineFiles,
    });
  }

  const frontendServiceName = dgd.serviceName(frontend.name);
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
    modelCacheClaimName,
    downloadJob,
  };
}

function validateModel(prop: string, model: string): void {
  if (!model || /\s/.test(model) || model.length > 512) {
    throw invalid(prop, 'must be a Hugging Face model id or a path, without spaces', model, 'use an id such as "Qwen/Qwen3-0.6B"');
  }
}
