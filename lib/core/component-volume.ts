import { Size } from 'cdk8s';
import { invalid } from './errors';
import { validateObjectName } from './names';
import { sizeQuantity } from './quantity';

/** Options for {@link ComponentVolume.fromConfigMap}. */
export interface ConfigMapVolumeOptions {
  /**
   * Mount it read-only.
   * @default true
   */
  readonly readOnly?: boolean;
}

/** Options for {@link ComponentVolume.fromEmptyDir}. */
export interface EmptyDirVolumeOptions {
  /**
   * Back the directory with memory (tmpfs) instead of node disk.
   * @default false
   */
  readonly memory?: boolean;
  /**
   * The size limit.
   * @default - no limit
   */
  readonly sizeLimit?: Size;
}

/** Options for {@link ComponentVolume.fromHostPath}. */
export interface HostPathVolumeOptions {
  /**
   * The hostPath `type` check (`Directory`, `CharDevice`, ...).
   * @default - no check
   */
  readonly type?: string;
  /**
   * Mount it read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** What kind of source a {@link ComponentVolume} has. @internal */
export type VolumeKind = 'pvc' | 'configMap' | 'emptyDir' | 'hostPath';

/**
 * A volume mounted into a component's `main` container.
 *
 * PersistentVolumeClaims render as `spec.pvcs` + `volumeMounts` in v1alpha1 and as pod volumes in
 * v1beta1; every other kind renders as a pod volume in both generations.
 */
export class ComponentVolume {
  /** An existing PersistentVolumeClaim; the volume is named after the claim. */
  public static fromPersistentVolumeClaim(claimName: string, mountPath: string): ComponentVolume {
    validateObjectName('claimName', claimName);
    return new ComponentVolume('pvc', claimName, mountPath, { persistentVolumeClaim: { claimName } }, false);
  }

  /** A ConfigMap's keys as files; the volume is named after the ConfigMap. */
  public static fromConfigMap(configMapName: string, mountPath: string, options: ConfigMapVolumeOptions = {}): ComponentVolume {
    validateObjectName('configMapName', configMapName);
    return new ComponentVolume('configMap', configMapName, mountPath, { configMap: { name: configMapName } }, options.readOnly ?? true);
  }

  /** A scratch directory that lives as long as the pod. */
  public static fromEmptyDir(name: string, mountPath: string, options: EmptyDirVolumeOptions = {}): ComponentVolume {
    validateObjectName('name', name);
    const emptyDir: Record<string, string> = {};
    if (options.memory) emptyDir.medium = 'Memory';
    if (options.sizeLimit) emptyDir.sizeLimit = sizeQuantity(options.sizeLimit);
    return new ComponentVolume('emptyDir', name, mountPath, { emptyDir }, false);
  }

  /** A path on the node, e.g. `/dev/infiniband`. */
  public static fromHostPath(name: string, hostPath: string, mountPath: string, options: HostPathVolumeOptions = {}): ComponentVolume {
    validateObjectName('name', name);
    if (!hostPath.startsWith('/')) throw invalid('hostPath', 'must be an absolute path', hostPath, 'give the path on the node, e.g. "/dev/infiniband"');
    return new ComponentVolume('hostPath', name, mountPath, { hostPath: { path: hostPath, ...(options.type ? { type: options.type } : {}) } }, options.readOnly ?? false);
  }

  private constructor(
    /** @internal */
    public readonly kind: VolumeKind,
    /** The volume name (for claims and ConfigMaps, the object's name). */
    public readonly name: string,
    /** Where the volume is mounted in the `main` container. */
    public readonly mountPath: string,
    /** @internal the pod volume source JSON */
    public readonly source: Record<string, unknown>,
    /** Whether the mount is read-only. */
    public readonly readOnly: boolean,
  ) {
    if (!mountPath.startsWith('/')) {
      throw invalid('mountPath', 'must be an absolute path', mountPath, 'mount the volume at an absolute path such as "/opt/models"');
    }
  }

  /** The claim name, for PVC volumes. @internal */
  public get claimName(): string | undefined {
    return this.kind === 'pvc' ? this.name : undefined;
  }
}
