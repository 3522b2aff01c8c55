import { ApiObject, Size, SizeRoundingBehavior } from 'cdk8s';
import { Construct } from 'constructs';
import { invalid, requireInteger } from '../core/errors';
import { anyNumberShape, arrayShape, booleanShape, checkArg, checkProps, FieldsOf, instanceShape, stringShape } from '../core/input-shape';
import { validateObjectName } from '../core/names';
import { ClusterObject } from './cluster-object';

/** Options for {@link ModelStorage.efs}. */
export interface EfsModelStorageOptions {
  /** The EFS file system id, e.g. `fs-0123456789abcdef0` (elastic throughput recommended). */
  readonly fileSystemId: string;
  /**
   * Permissions of the access point's root directory.
   * @default "777" - as Dynamo's EFS guide, so any container user can write the cache
   */
  readonly directoryPerms?: string;
}

/** FSx for Lustre deployment types. */
export class FsxDeploymentType {
  /** Persistent, SSD, the current generation (throughput 125-1000 MB/s/TiB). */
  public static readonly PERSISTENT_2 = new FsxDeploymentType('PERSISTENT_2', [125, 250, 500, 1000]);
  /** Scratch: no replication, cheapest; fine for a cache that can be re-downloaded. */
  public static readonly SCRATCH_2 = new FsxDeploymentType('SCRATCH_2', undefined);

  private constructor(
    /** The value as the CSI driver spells it. */
    public readonly value: string,
    /** Allowed per-unit throughputs (MB/s/TiB), when the type takes one. @internal */
    public readonly throughputs: readonly number[] | undefined,
  ) {}
}

/** Options for {@link ModelStorage.fsxLustre}. */
export interface FsxLustreModelStorageOptions {
  /** The subnet the file system lives in (same AZ as the GPU nodes). */
  readonly subnetId: string;
  /** Security groups allowing Lustre traffic (TCP 988, 1018-1023) from the nodes. */
  readonly securityGroupIds: string[];
  /**
   * The deployment type.
   * @default FsxDeploymentType.PERSISTENT_2
   */
  readonly deploymentType?: FsxDeploymentType;
  /**
   * Throughput per TiB, in MB/s (PERSISTENT_2 only: 125, 250, 500 or 1000).
   * @default 250
   */
  readonly perUnitStorageThroughput?: number;
}

/** Filestore service tiers. */
export class FilestoreTier {
  /** Basic HDD. */
  public static readonly STANDARD = new FilestoreTier('standard', 1024);
  /** Basic SSD. */
  public static readonly PREMIUM = new FilestoreTier('premium', 2560);
  /** Zonal (high scale SSD). */
  public static readonly ZONAL = new FilestoreTier('zonal', 1024);
  /** Enterprise (regional). */
  public static readonly ENTERPRISE = new FilestoreTier('enterprise', 1024);

  private constructor(
    /** The `tier` parameter. */
    public readonly value: string,
    /** The smallest instance, in GiB. @internal */
    public readonly minGiB: number,
  ) {}
}

/** Options for {@link ModelStorage.filestore}. */
export interface FilestoreModelStorageOptions {
  /**
   * The service tier.
   * @default FilestoreTier.ZONAL
   */
  readonly tier?: FilestoreTier;
  /**
   * The VPC network of the instance (the cluster's).
   * @default - the `default` network
   */
  readonly network?: string;
}

/** Options for {@link ModelStorage.azureFiles}. */
export interface AzureFilesModelStorageOptions {
  /**
   * Premium (SSD) file shares; standard shares are too slow to load large weights.
   * @default true
   */
  readonly premium?: boolean;
}

/** A StorageClass definition, as a factory produces it. @internal */
interface StorageClassSpec {
  readonly provisioner: string;
  readonly parameters?: Record<string, string>;
  readonly mountOptions?: string[];
  readonly allowVolumeExpansion?: boolean;
  /** The smallest claim the backend accepts, in GiB. */
  readonly minGiB?: number;
  /** Claims must be a multiple of this many GiB. */
  readonly stepGiB?: number;
}

/** The prop the storage options are errors on: `ModelCache.newVolume({ storage })`. */
const STORAGE = 'modelCache.storage';

// What an untyped caller may pass to each factory; the factories' rules then check the values.
const EFS_FIELDS: FieldsOf<EfsModelStorageOptions> = { fileSystemId: stringShape(), directoryPerms: stringShape('pass the permissions as an octal string, e.g. "775"') };
const FSX_LUSTRE_FIELDS: FieldsOf<FsxLustreModelStorageOptions> = {
  subnetId: stringShape(),
  securityGroupIds: arrayShape(stringShape(), '["sg-0123456789abcdef0"]'),
  deploymentType: instanceShape(FsxDeploymentType, 'FsxDeploymentType.PERSISTENT_2 or FsxDeploymentType.SCRATCH_2'),
  perUnitStorageThroughput: anyNumberShape(),
};
const FILESTORE_FIELDS: FieldsOf<FilestoreModelStorageOptions> = {
  tier: instanceShape(FilestoreTier, 'FilestoreTier.ZONAL, STANDARD, PREMIUM or ENTERPRISE'),
  network: stringShape(),
};
const AZURE_FILES_FIELDS: FieldsOf<AzureFilesModelStorageOptions> = { premium: booleanShape() };

/**
 * Where the model cache lives: a StorageClass this library creates for a shared file system of the
 * cloud (EFS, FSx for Lustre, Filestore, Azure Files, Azure Blob NFS), or one that exists already.
 * Every class here supports ReadWriteMany, so all pods of a deployment share one copy of the weights.
 *
 * @example
 * ModelCache.newVolume({ storage: ModelStorage.efs({ fileSystemId: 'fs-0123456789abcdef0' }), size: Size.gibibytes(500) })
 */
export class ModelStorage {
  /** Amazon EFS through the EFS CSI driver (dynamic access points). EKS and EKS Auto Mode. */
  public static efs(options: EfsModelStorageOptions): ModelStorage {
    checkProps(STORAGE, options, 'EfsModelStorageOptions', EFS_FIELDS, ['fileSystemId']);
    if (!/^fs-[0-9a-f]{8,17}$/.test(options.fileSystemId)) {
      throw invalid('modelCache.storage.fileSystemId', 'must be an EFS file system id', options.fileSystemId, 'use the id from `aws efs describe-file-systems`, e.g. "fs-0123456789abcdef0"');
    }
    const perms = options.directoryPerms ?? '777';
    if (!/^[0-7]{3,4}$/.test(perms)) {
      throw invalid('modelCache.storage.directoryPerms', 'must be octal permissions', perms, 'use e.g. "777" or "775"');
    }
    return new ModelStorage('efs', 'Amazon EFS', ['eks', 'eks-auto-mode'], {
      provisioner: 'efs.csi.aws.com',
      parameters: { provisioningMode: 'efs-ap', fileSystemId: options.fileSystemId, directoryPerms: perms },
    });
  }

  /** Amazon FSx for Lustre (dynamic provisioning): the fastest shared cache on EKS. Sizes step by 1200 GiB. */
  public static fsxLustre(options: FsxLustreModelStorageOptions): ModelStorage {
    checkProps(STORAGE, options, 'FsxLustreModelStorageOptions', FSX_LUSTRE_FIELDS, ['subnetId', 'securityGroupIds']);
    if (!/^subnet-[0-9a-f]{8,17}$/.test(options.subnetId)) {
      throw invalid('modelCache.storage.subnetId', 'must be a subnet id', options.subnetId, 'use e.g. "subnet-0123456789abcdef0" in the GPU nodes\' zone');
    }
    if (options.securityGroupIds.length === 0 || options.securityGroupIds.some((g) => !/^sg-[0-9a-f]{8,17}$/.test(g))) {
      throw invalid('modelCache.storage.securityGroupIds', 'must list security group ids', options.securityGroupIds, 'use e.g. ["sg-0123456789abcdef0"] allowing Lustre (TCP 988, 1018-1023) from the nodes');
    }
    const type = options.deploymentType ?? FsxDeploymentType.PERSISTENT_2;
    const parameters: Record<string, string> = {
      subnetId: options.subnetId,
      securityGroupIds: options.securityGroupIds.join(','),
      deploymentType: type.value,
    };
    if (type.throughputs) {
      const t = options.perUnitStorageThroughput ?? 250;
      if (!type.throughputs.includes(t)) {
        throw invalid('modelCache.storage.perUnitStorageThroughput', `must be one of ${type.throughputs.join(', ')} for ${type.value}`, t, 'pick a listed throughput (MB/s per TiB)');
      }
      parameters.perUnitStorageThroughput = String(t);
    } else if (options.perUnitStorageThroughput !== undefined) {
      throw invalid('modelCache.storage.perUnitStorageThroughput', `is not used by ${type.value}`, options.perUnitStorageThroughput, 'remove it or use FsxDeploymentType.PERSISTENT_2');
    }
    return new ModelStorage('fsx-lustre', 'FSx for Lustre', ['eks', 'eks-auto-mode'], {
      provisioner: 'fsx.csi.aws.com', parameters, mountOptions: ['flock'], minGiB: 1200, stepGiB: 1200,
    });
  }

  /** Google Cloud Filestore through the Filestore CSI driver. GKE. */
  public static filestore(options: FilestoreModelStorageOptions = {}): ModelStorage {
    checkProps(STORAGE, options, 'FilestoreModelStorageOptions', FILESTORE_FIELDS);
    const tier = options.tier ?? FilestoreTier.ZONAL;
    if (options.network !== undefined) validateObjectName('modelCache.storage.network', options.network);
    return new ModelStorage('filestore', 'Filestore', ['gke'], {
      provisioner: 'filestore.csi.storage.gke.io',
      parameters: { tier: tier.value, network: options.network ?? 'default' },
      allowVolumeExpansion: true,
      minGiB: tier.minGiB,
    });
  }

  /** Azure Files (SMB) through the Azure Files CSI driver. AKS. */
  public static azureFiles(options: AzureFilesModelStorageOptions = {}): ModelStorage {
    checkProps(STORAGE, options, 'AzureFilesModelStorageOptions', AZURE_FILES_FIELDS);
    const premium = options.premium ?? true;
    return new ModelStorage('azure-files', 'Azure Files', ['aks'], {
      provisioner: 'file.csi.azure.com',
      parameters: { skuName: premium ? 'Premium_LRS' : 'Standard_LRS' },
      // Every container user can read and write the cache; SMB has no POSIX owners.
      mountOptions: ['dir_mode=0777', 'file_mode=0777', 'mfsymlinks', 'cache=strict', 'nosharesock', 'actimeo=30'],
      allowVolumeExpansion: true,
      minGiB: premium ? 100 : 1,
    });
  }

  /** Azure Blob storage over NFS 3.0 (needs the cluster's blob CSI driver: `--enable-blob-driver`). AKS. */
  public static azureBlobNfs(): ModelStorage {
    return new ModelStorage('azure-blob-nfs', 'Azure Blob (NFS)', ['aks'], {
      provisioner: 'blob.csi.azure.com',
      parameters: { protocol: 'nfs', skuName: 'Premium_LRS' },
      allowVolumeExpansion: true,
    });
  }

  /**
   * A StorageClass that exists already, e.g. `efs-sc`, `sc.azurelustre.csi.azure.com` (Azure Managed
   * Lustre), `enterprise-rwx`. It must support ReadWriteMany when several pods mount the cache.
   */
  public static fromStorageClassName(name: string): ModelStorage {
    checkArg('modelCache.storageClass', name, stringShape(), { fix: 'pass the name of an existing StorageClass, e.g. ModelStorage.fromStorageClassName("efs-sc")' });
    validateObjectName('modelCache.storageClass', name);
    return new ModelStorage(undefined, `StorageClass "${name}"`, undefined, undefined, name);
  }

  private constructor(
    /** The storage id (`efs`, `filestore`, ...), undefined for an existing class. */
    public readonly id: string | undefined,
    /** A readable name for messages. */
    public readonly displayName: string,
    /** The ids of the cloud profiles it works on (`eks`, `gke`, ...); undefined for an existing class, which works anywhere. */
    public readonly clouds: readonly string[] | undefined,
    /** @internal */
    private readonly spec: StorageClassSpec | undefined,
    /** The existing class name. @internal */
    private readonly existingName?: string,
  ) {}

  /** Whether this creates a StorageClass. */
  public get createsStorageClass(): boolean {
    return this.spec !== undefined;
  }

  /**
   * Checks a claim size against the backend's rules and returns the StorageClass name to use,
   * with the class (cluster-scoped, named `name`) when this storage defines one.
   * @internal
   */
  public bind(scope: Construct, name: string, size: Size, labels: Record<string, string> | undefined): { readonly name: string; readonly object?: ApiObject } {
    if (!this.spec) return { name: this.existingName! };
    const gib = size.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
    const { minGiB, stepGiB } = this.spec;
    if (minGiB !== undefined && gib < minGiB) {
      throw invalid('modelCache.size', `must be at least ${minGiB}Gi for ${this.displayName}`, size.asString(), `use Size.gibibytes(${minGiB}) or more`);
    }
    if (stepGiB !== undefined && gib % stepGiB !== 0) {
      requireInteger('modelCache.size', gib / stepGiB, 1, `${this.displayName} grows in steps of ${stepGiB}Gi; use Size.gibibytes(${Math.ceil(gib / stepGiB) * stepGiB})`);
    }
    const object = new ClusterObject(scope, 'ModelCacheStorageClass', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name, labels },
      provisioner: this.spec.provisioner,
      parameters: this.spec.parameters,
      mountOptions: this.spec.mountOptions,
      allowVolumeExpansion: this.spec.allowVolumeExpansion,
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
    return { name, object };
  }
}
