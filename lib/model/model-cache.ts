import { Duration, Size } from 'cdk8s';
import { ContainerResources, PersistentVolumeAccessMode } from 'cdk8s-plus-28';
import { durationShape, wholeSeconds } from '../core/duration';
import { validateResources } from '../core/pod-rules';
import { CONTAINER_RESOURCES } from '../core/value-shapes';
import { invalid } from '../core/errors';
import { booleanShape, checkArg, checkProps, FieldsOf, instanceShape, oneOfShape, stringShape } from '../core/input-shape';
import { validateObjectName } from '../core/names';
import { sizeShape } from '../core/quantity';
import { ModelStorage } from '../cloud/model-storage';

/** Where the model cache is mounted by default (Dynamo's recipes use `/opt/models`). */
export const DEFAULT_MODEL_CACHE_MOUNT = '/opt/models';

/** Options for {@link ModelCache.newVolume}. */
export interface NewModelCacheOptions {
  /**
   * A StorageClass that exists in the cluster, by name. It must support the access mode: for
   * ReadWriteMany, a shared file system such as EFS or FSx for Lustre (EKS), Filestore (GKE), Azure
   * Files or Managed Lustre (AKS). Give this or `storage`.
   * @default - the class `storage` creates
   */
  readonly storageClass?: string;
  /**
   * The cloud storage to create a StorageClass for (`ModelStorage.efs({...})`, `ModelStorage.filestore()`,
   * `ModelStorage.azureFiles()`, ...); it must belong to the pattern's cloud. Give this or `storageClass`.
   * @default - the existing `storageClass`
   */
  readonly storage?: ModelStorage;
  /** The volume size; leave room for the weights of the model and its revisions. */
  readonly size: Size;
  /**
   * The access mode.
   * @default PersistentVolumeAccessMode.READ_WRITE_MANY
   */
  readonly accessMode?: PersistentVolumeAccessMode;
  /**
   * The claim name.
   * @default - `<dgd>-model-cache`
   */
  readonly claimName?: string;
  /**
   * Run a Job that downloads the model (at `modelRevision`) into the cache before the workers need it.
   * @default true
   */
  readonly downloadJob?: boolean;
  /**
   * Where the cache is mounted; `HF_HOME` points here.
   * @default /opt/models
   */
  readonly mountPath?: string;
  /**
   * The download Job container's CPU, memory and ephemeral-storage; each resource you set replaces
   * its default.
   * @default - requests 2 CPU and 64Gi, a 64Gi memory limit (Dynamo's recipes: the Xet client buffers up to 64 GB)
   */
  readonly downloadResources?: ContainerResources;
  /**
   * How long the download Job may run before Kubernetes stops it (`activeDeadlineSeconds`); in the
   * Pulumi components, also how long `pulumi up` waits for it (do not set `modelDownloadTimeout` too).
   * @default Duration.hours(24) (the Pulumi components wait 2h unless told)
   */
  readonly downloadTimeout?: Duration;
}

/** Options for {@link ModelCache.fromExistingClaim}. */
export interface ExistingModelCacheOptions {
  /**
   * The claim's access mode, as you created it. Multi-pod and multi-node pools need ReadWriteMany.
   * @default PersistentVolumeAccessMode.READ_WRITE_MANY
   */
  readonly accessMode?: PersistentVolumeAccessMode;
  /**
   * Run a Job that downloads the model into the cache.
   * @default false
   */
  readonly downloadJob?: boolean;
  /**
   * Where the cache is mounted; `HF_HOME` points here.
   * @default /opt/models
   */
  readonly mountPath?: string;
  /**
   * The download Job container's CPU, memory and ephemeral-storage; each resource you set replaces
   * its default.
   * @default - requests 2 CPU and 64Gi, a 64Gi memory limit (Dynamo's recipes: the Xet client buffers up to 64 GB)
   */
  readonly downloadResources?: ContainerResources;
  /**
   * How long the download Job may run before Kubernetes stops it (`activeDeadlineSeconds`); in the
   * Pulumi components, also how long `pulumi up` waits for it (do not set `modelDownloadTimeout` too).
   * @default Duration.hours(24) (the Pulumi components wait 2h unless told)
   */
  readonly downloadTimeout?: Duration;
}

const ACCESS_MODE = oneOfShape(Object.values(PersistentVolumeAccessMode), 'PersistentVolumeAccessMode.READ_WRITE_MANY (from cdk8s-plus) or another access mode');

/** What an untyped caller may pass to {@link ModelCache.newVolume}; the cache's rules then check the values. */
const NEW_VOLUME_FIELDS: FieldsOf<NewModelCacheOptions> = {
  storageClass: stringShape(),
  storage: instanceShape(ModelStorage, 'a ModelStorage factory such as ModelStorage.efs({...}), or ModelStorage.fromStorageClassName("efs-sc")'),
  size: sizeShape(),
  accessMode: ACCESS_MODE,
  claimName: stringShape(),
  downloadJob: booleanShape(),
  mountPath: stringShape(),
  downloadResources: CONTAINER_RESOURCES,
  downloadTimeout: durationShape('Duration.hours(4)'),
};

/** What an untyped caller may pass to {@link ModelCache.fromExistingClaim}'s options. */
const EXISTING_CLAIM_FIELDS: FieldsOf<ExistingModelCacheOptions> = {
  accessMode: ACCESS_MODE, downloadJob: booleanShape(), mountPath: stringShape(),
  downloadResources: CONTAINER_RESOURCES, downloadTimeout: durationShape('Duration.hours(4)'),
};

/** How the download Job runs, when the options say. @internal */
export interface ModelDownloadSettings {
  readonly resources?: ContainerResources;
  /** `activeDeadlineSeconds`, whole seconds. */
  readonly timeoutSeconds?: number;
}

/** Checks the download options every cache takes. */
function downloadSettings(options: { readonly downloadResources?: ContainerResources; readonly downloadTimeout?: Duration }, downloadJob: boolean): ModelDownloadSettings {
  for (const key of ['downloadResources', 'downloadTimeout'] as const) {
    if (options[key] !== undefined && !downloadJob) {
      throw invalid(`modelCache.${key}`, 'applies to the download Job, which this cache does not run', key, 'set downloadJob: true, or remove it');
    }
  }
  validateResources('modelCache.downloadResources', options.downloadResources);
  const timeoutSeconds = options.downloadTimeout === undefined ? undefined : wholeSeconds('modelCache.downloadTimeout', options.downloadTimeout, 1, 'Duration.hours(4)');
  return { resources: options.downloadResources, timeoutSeconds };
}

/**
 * A volume holding the Hugging Face cache, mounted on every component with `HF_HOME` on it, so the
 * weights are downloaded once and shared instead of fetched by every pod at start-up.
 *
 * @example
 * ModelCache.newVolume({ storageClass: 'efs-sc', size: Size.gibibytes(200) })
 * ModelCache.fromExistingClaim('model-cache')
 */
export class ModelCache {
  /** A new PersistentVolumeClaim (ReadWriteMany by default) plus a download Job. */
  public static newVolume(options: NewModelCacheOptions): ModelCache {
    checkProps('modelCache', options, 'NewModelCacheOptions', NEW_VOLUME_FIELDS, ['size']);
    if (options.storage !== undefined && options.storageClass !== undefined) {
      throw invalid('modelCache.storageClass', 'must not be set together with modelCache.storage', options.storageClass,
        'give either an existing class name (storageClass) or the storage to create one for (storage)');
    }
    if (options.storage === undefined) {
      if (!options.storageClass) {
        throw invalid('modelCache.storageClass', 'must name a StorageClass (or give modelCache.storage)', options.storageClass,
          'name a class that supports ReadWriteMany, such as "efs-sc" (EKS), "standard-rwx" (GKE Filestore) or "azurefile-csi" (AKS), or use storage: ModelStorage.efs({...})');
      }
      validateObjectName('modelCache.storageClass', options.storageClass);
    }
    if (options.claimName !== undefined) validateObjectName('modelCache.claimName', options.claimName);
    if (Number.parseFloat(options.size.asString()) <= 0) {
      throw invalid('modelCache.size', 'must be greater than zero', options.size.asString(), 'size the volume for the model weights, e.g. Size.gibibytes(200)');
    }
    return new ModelCache(options.claimName, options, options.accessMode ?? PersistentVolumeAccessMode.READ_WRITE_MANY,
      options.downloadJob ?? true, options.mountPath ?? DEFAULT_MODEL_CACHE_MOUNT, downloadSettings(options, options.downloadJob ?? true));
  }

  /** A PersistentVolumeClaim that exists already in the namespace. */
  public static fromExistingClaim(claimName: string, options: ExistingModelCacheOptions = {}): ModelCache {
    checkArg('modelCache.claimName', claimName, stringShape(), { fix: 'pass the name of the PersistentVolumeClaim, e.g. ModelCache.fromExistingClaim("model-cache")' });
    checkProps('modelCache', options, 'ExistingModelCacheOptions', EXISTING_CLAIM_FIELDS);
    validateObjectName('modelCache.claimName', claimName);
    return new ModelCache(claimName, undefined, options.accessMode ?? PersistentVolumeAccessMode.READ_WRITE_MANY,
      options.downloadJob ?? false, options.mountPath ?? DEFAULT_MODEL_CACHE_MOUNT, downloadSettings(options, options.downloadJob ?? false));
  }

  private constructor(
    /** The claim name, when fixed by the user. */
    public readonly claimName: string | undefined,
    /** Set when the claim is created here. @internal */
    public readonly newVolume: NewModelCacheOptions | undefined,
    /** The access mode. */
    public readonly accessMode: PersistentVolumeAccessMode,
    /** Whether a download Job is created. */
    public readonly downloadJob: boolean,
    /** The mount path (and `HF_HOME`). */
    public readonly mountPath: string,
    /** How the download Job runs. @internal */
    public readonly download: ModelDownloadSettings,
  ) {
    if (!mountPath.startsWith('/')) {
      throw invalid('modelCache.mountPath', 'must be an absolute path', mountPath, `use e.g. "${DEFAULT_MODEL_CACHE_MOUNT}"`);
    }
  }

  /** Whether pods on several nodes can mount it. */
  public get isShared(): boolean {
    return this.accessMode === PersistentVolumeAccessMode.READ_WRITE_MANY;
  }
}
