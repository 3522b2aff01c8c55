import { Construct } from 'constructs';
import { hfSnapshotDir, isCommitSha } from '../../backends/flags';
import { DynamoVersion } from '../../core/dynamo-version';
import { invalid } from '../../core/errors';
import { boundedName, isDns1123Label, validateRevision } from '../../core/names';
import { ModelCache } from '../../model/model-cache';
import { ModelDownloadJob } from '../../model/model-download-job';
import { dgdrFirstRelease, dgdrHas } from '../../profiling/dgdr-releases';
import { addCacheObjects, CacheObjectsInput } from './model-cache-step';

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
export interface ProfilingCacheInput extends CacheObjectsInput {
  readonly modelCache?: ModelCache;
}

/**
 * The model cache of a profiled deployment: the claim (`<baseName>-model-cache` unless named; created
 * with its StorageClass `<dynamoNamespace>-model-cache` for a new volume), the download Job that fills it before the request is applied, and the `spec.modelCache`
 * the request carries. The claim is a Hugging Face cache (`HF_HOME` on its root): mounted at the
 * cache's `mountPath`, the model of a pinned commit is at `hub/models--<org>--<name>/snapshots/<sha>`, which becomes
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
  const pinned = props.modelRevision !== undefined && isCommitSha(props.modelRevision);
  if (!pinned && !dgdrHas(version, 'modelCacheWithoutModelPath')) {
    throw invalid('modelRevision', `must be a 40-character commit sha with a model cache on Dynamo < ${dgdrFirstRelease('modelCacheWithoutModelPath')}: the request then names the model's directory in the cache (pvcModelPath), without which the profiler doubles the model path (Dynamo #8568)`,
      props.modelRevision, 'pin the commit sha from the model page on huggingface.co, or raise dynamoVersion');
  }
  const { downloadJob, dependencies } = addCacheObjects(scope, props, cache, claimName, `${dynamoNamespace}-model-cache`, baseName);
  return {
    claimName, mountPath: cache.mountPath, modelPath: pinned ? hfSnapshotDir(props.model, props.modelRevision!) : undefined, downloadJob, dependencies,
  };
}
