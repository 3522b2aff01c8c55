import { Size } from 'cdk8s';
import { PersistentVolumeAccessMode } from 'cdk8s-plus-28';
import { invalid } from '../core/errors';
import { validateObjectName } from '../core/names';
import type { ModelStorage } from '../cloud/model-storage';

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
      options.downloadJob ?? true, options.mountPath ?? DEFAULT_MODEL_CACHE_MOUNT);
  }

  /** A PersistentVolumeClaim that exists already in the namespace. */
  public static fromExistingClaim(claimName: string, options: ExistingModelCacheOptions = {}): ModelCache {
    validateObjectName('modelCache.claimName', claimName);
    return new ModelCache(claimName, undefined, options.accessMode ?? PersistentVolumeAccessMode.READ_WRITE_MANY,
      options.downloadJob ?? false, options.mountPath ?? DEFAULT_MODEL_CACHE_MOUNT);
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
