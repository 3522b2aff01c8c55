import { ApiObject, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DgdApiVersion } from '../../core/api-version';
import { ComponentVolume } from '../../core/component-volume';
import { EnvValue } from '../../core/env-value';
import { invalid } from '../../core/errors';
import { boundedName } from '../../core/names';
import { MountUse, SHARED_MEMORY_PATH, validateMountPaths, validateOperatorNamedClaim } from '../../core/pod-rules';
import { DynamoGraphDeployment } from '../../dgd/dynamo-graph-deployment';
import { HfToken } from '../../model/hf-token';
import { ModelCache } from '../../model/model-cache';
import { ModelDownloadJob } from '../../model/model-download-job';
import { ISecretRef } from '../../core/secret-ref';
import { LlmCommonProps } from '../llm-props';
import { ENGINE_CONFIG_DIR } from './worker-step';

/** What the model cache gives the graph. @internal */
export interface ModelCacheResources {
  /** The claim the components mount, when there is a cache. */
  readonly claimName?: string;
  /** The download Job, when one is created. */
  readonly downloadJob?: ModelDownloadJob;
  /** `HF_HOME` on the cache, for every component. */
  readonly env: Readonly<Record<string, EnvValue>>;
  /** The cache volume, for every component. */
  readonly volumes: readonly ComponentVolume[];
  /** What the graph must wait for: the claim (and its StorageClass) and the download Job. */
  readonly dependencies: readonly Construct[];
}

/**
 * The model cache: a StorageClass (when a `ModelStorage` defines one), the claim, the download Job
 * (after the claim), and the mount and `HF_HOME` for every component.
 * @internal
 */
export function addModelCache(scope: Construct, props: LlmCommonProps, where: DynamoGraphDeployment): ModelCacheResources {
  checkCacheMounts(props, where);
  const cache = props.modelCache;
  if (!cache) return { env: {}, volumes: [], dependencies: [] };
  // The claim names the pod volume (the operator's, in v1alpha1), a DNS label: shortened past 63 characters.
  const claimName = cache.claimName ?? boundedName(where.name, 'model-cache');
  const { downloadJob, dependencies } = addCacheObjects(scope, props, cache, claimName, `${where.dynamoNamespace}-model-cache`, where.name);
  return {
    claimName,
    downloadJob,
    env: { HF_HOME: EnvValue.fromValue(cache.mountPath) },
    volumes: [ComponentVolume.fromPersistentVolumeClaim(claimName, cache.mountPath)],
    dependencies,
  };
}

/** What the cache's objects are made from: the model, its revision and token, and the metadata. @internal */
export interface CacheObjectsInput {
  readonly model: string;
  readonly modelRevision?: string;
  readonly hfToken?: HfToken;
  readonly imagePullSecrets?: ISecretRef[];
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
}

/**
 * A model cache's objects: for a new volume its StorageClass (`storageClassName`, when a
 * `ModelStorage` defines one) and claim, and the download Job after the claim (named after
 * `namePrefix`), with what must wait for them.
 * @internal
 */
export function addCacheObjects(scope: Construct, props: CacheObjectsInput, cache: ModelCache, claimName: string, storageClassName: string,
  namePrefix: string): { readonly downloadJob?: ModelDownloadJob; readonly dependencies: readonly Construct[] } {
  const dependencies: Construct[] = [];
  let claim: ApiObject | undefined;
  if (cache.newVolume) {
    const storageClass = cache.newVolume.storage?.bind(scope, storageClassName, cache.newVolume.size, props.labels);
    claim = new k8s.KubePersistentVolumeClaim(scope, 'ModelCache', {
      metadata: { name: claimName, namespace: props.namespace, labels: props.labels },
      spec: {
        accessModes: [cache.accessMode],
        storageClassName: storageClass?.name ?? cache.newVolume.storageClass,
        resources: { requests: { storage: k8s.Quantity.fromString(cache.newVolume.size.asString()) } },
      },
    });
    if (storageClass?.object) claim.node.addDependency(storageClass.object);
    dependencies.push(claim);
  }
  let downloadJob: ModelDownloadJob | undefined;
  if (cache.downloadJob) {
    downloadJob = new ModelDownloadJob(scope, 'ModelDownload', {
      model: props.model,
      revision: props.modelRevision,
      claimName,
      hfToken: props.hfToken,
      namePrefix,
      namespace: props.namespace,
      imagePullSecrets: props.imagePullSecrets,
      labels: props.labels,
      resources: cache.download.resources,
      activeDeadline: cache.download.timeoutSeconds === undefined ? undefined : Duration.seconds(cache.download.timeoutSeconds),
    });
    if (claim) downloadJob.node.addDependency(claim);
    dependencies.push(downloadJob);
  }
  return { downloadJob, dependencies };
}

/**
 * The cache claims as pod volumes and their mount paths: the operator names the compilation cache
 * volume (and, in v1alpha1, every claim's volume) after the claim, so those claim names must be
 * DNS labels; no two mounts of the model cache, the compilation cache, `/dev/shm` and the engine
 * config directory may share a path.
 */
function checkCacheMounts(props: LlmCommonProps, dgd: DynamoGraphDeployment): void {
  const compilation = props.compilationCache;
  const cacheClaim = props.modelCache?.claimName;
  if (cacheClaim !== undefined && dgd.apiVersion === DgdApiVersion.V1ALPHA1) validateOperatorNamedClaim('modelCache.claimName', cacheClaim, 'or apiVersion: DgdApiVersion.V1BETA1');
  if (compilation) validateOperatorNamedClaim('compilationCache.claimName', compilation.claimName);
  const backend = dgd.backend;
  const defaultPath = backend?.definition.compilationCachePath;
  if (compilation && backend && compilation.mountPath === undefined && defaultPath === undefined) {
    throw invalid('compilationCache.mountPath', `is required with ${backend.displayName}: the operator mounts a compilation cache without a path only for backends it knows a cache directory of`,
      undefined, `set CompilationCache.fromExistingClaim("${compilation.claimName}", { mountPath: "/path/the/engine/caches/to" }), or remove compilationCache`);
  }
  const compilationPath = compilation ? compilation.mountPath ?? defaultPath : undefined;
  const mounts: MountUse[] = [
    { prop: `the shared memory volume (${SHARED_MEMORY_PATH})`, path: SHARED_MEMORY_PATH },
    { prop: 'the engine config files', path: ENGINE_CONFIG_DIR },
    ...(props.modelCache ? [{ prop: 'modelCache.mountPath', path: props.modelCache.mountPath }] : []),
    ...(compilationPath ? [{ prop: 'compilationCache.mountPath', path: compilationPath }] : []),
  ];
  validateMountPaths(mounts);
}
