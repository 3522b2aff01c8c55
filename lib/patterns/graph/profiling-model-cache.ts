import { ApiObject, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DynamoVersion } from '../../core/dynamo-version';
import { invalid } from '../../core/errors';
import { boundedName, isDns1123Label, validateRevision } from '../../core/names';
import { HfToken } from '../../model/hf-token';
import { ModelCache } from '../../model/model-cache';
import { ModelDownloadJob } from '../../model/model-download-job';
import { ISecretRef } from '../../core/secret-ref';
import { dgdrFirstRelease, dgdrHas } from '../../profiling/dgdr-releases';

/** A 40-character commit sha: the only revision whose Hugging Face cache directory is known before the download. */
const COMMIT_SHA = /^[0-9a-f]{40}$/;

/** What the model cache gives a profiled deployment. @internal */
export interface ProfilingModelCache {
  /** The claim: `spec.modelCache.pvcName`, and the volume name in the generated graph. */
  readonly claimName: string;
  /** Where it is mounted (the cache's `mountPath`, `HF_HOME`): `spec.modelCache.pvcMountPath`. */
  readonly mountPath: string;
  /** The snapshot directory in the claim, for a pinned commit: `spec.modelCache.pvcModelPath`. */
  readonly modelPath?: string;
  /** The download Job, when the cache runs one. */
  readonly downloadJob?: ModelDownloadJob;
  /** What the request waits for: the claim (and its StorageClass) and the download Job. */
  readonly dependencies: readonly Construct[];
}

/** What the model cache step reads of the pattern's props. @internal */
export interface ProfilingCacheInput {
  readonly model: string;
  readonly modelRevision?: string;
  readonly modelCache?: ModelCache;
  readonly hfToken?: HfToken;
  readonly imagePullSecrets?: ISecretRef[];
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
}

/**
 * The Hugging Face cache directory of a model at a commit, relative to `HF_HOME` (the cache's root,
 * where the download Job writes): `hub/models--<org>--<name>/snapshots/<sha>`.
 * @internal
 */
export function hubSnapshotPath(model: string, sha: string): string {
  return `hub/models--${model.replace(/\//g, '--')}/snapshots/${sha}`;
}

/**
 * The model cache of a profiled deployment: the claim (`<baseName>-model-cache` unless named; created
 * with its StorageClass `<dynamoNamespace>-model-cache` for a new volume), the download Job that fills it before the request is applied, and the `spec.modelCache`
 * the request carries. The claim is a Hugging Face cache (`HF_HOME` on its root): mounted at the
 * cache's `mountPath`, the model of a pinned commit is at {@link hubSnapshotPath}, which becomes
 * `pvcModelPath` (the workers then load `--model-path <mount>/<path>`); an unpinned revision leaves
 * it out, and the workers get the model id with `HF_HOME` on the cache (Dynamo >= 1.2; before, the
 * profiler doubles the path, #8568, so a pinned commit is required there).
 * @internal
 */
export function addProfilingModelCache(scope: Construct, props: ProfilingCacheInput, baseName: string, dynamoNamespace: string, version: DynamoVersion): ProfilingModelCache | undefined {
  if (props.modelRevision !== undefined) validateRevision('modelRevision', props.modelRevision);
  const cache = props.modelCache;
  if (!cache) return undefined;
  const claimName = cache.claimName ?? boundedName(baseName, 'model-cache');
  if (!isDns1123Label(claimName)) {
    throw invalid('modelCache.claimName', 'must be a DNS label (lowercase letters, digits and "-", at most 63 characters): the profiler names the generated graph\'s volume after the claim',
      claimName, 'use a claim named like "model-cache"');
  }
  if (!cache.isShared) {
    throw invalid('modelCache.accessMode', 'must be ReadWriteMany: the profiling Job and every pod of the generated graph mount the cache', cache.accessMode,
      'use PersistentVolumeAccessMode.READ_WRITE_MANY on a shared file system StorageClass');
  }
  const pinned = props.modelRevision !== undefined && COMMIT_SHA.test(props.modelRevision);
  if (!pinned && !dgdrHas(version, 'modelCacheWithoutModelPath')) {
    throw invalid('modelRevision', `must be a 40-character commit sha with a model cache on Dynamo < ${dgdrFirstRelease('modelCacheWithoutModelPath')}: the request then names the model's directory in the cache (pvcModelPath), without which the profiler doubles the model path (Dynamo #8568)`,
      props.modelRevision, 'pin the commit sha from the model page on huggingface.co, or raise dynamoVersion');
  }
  const dependencies: Construct[] = [];
  let claim: ApiObject | undefined;
  if (cache.newVolume) {
    const storageClass = cache.newVolume.storage?.bind(scope, `${dynamoNamespace}-model-cache`, cache.newVolume.size, props.labels);
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
      namePrefix: baseName,
      namespace: props.namespace,
      imagePullSecrets: props.imagePullSecrets,
      labels: props.labels,
      resources: cache.download.resources,
      activeDeadline: cache.download.timeoutSeconds === undefined ? undefined : Duration.seconds(cache.download.timeoutSeconds),
    });
    if (claim) downloadJob.node.addDependency(claim);
    dependencies.push(downloadJob);
  }
  return {
    claimName, mountPath: cache.mountPath, modelPath: pinned ? hubSnapshotPath(props.model, props.modelRevision!) : undefined, downloadJob, dependencies,
  };
}
