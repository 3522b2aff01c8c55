import { Size } from 'cdk8s';
import { invalid } from './errors';
import { booleanShape, checkArg, checkProps, FieldsOf, stringShape } from './input-shape';
import { dnsLabelFrom, isDns1123Label, validateObjectName } from './names';
import { sizeQuantity, sizeShape } from './quantity';

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
  /**
   * An existing PersistentVolumeClaim. The volume is named after the claim (a claim name that is
   * not a DNS label, with dots or over 63 characters, gives a shortened volume name).
   */
  public static fromPersistentVolumeClaim(claimName: string, mountPath: string): ComponentVolume {
    checkVolumeArgs({ claimName, mountPath });
    validateObjectName('claimName', claimName);
    return new ComponentVolume('pvc', dnsLabelFrom(claimName), mountPath, { persistentVolumeClaim: { claimName } }, false);
  }

  /**
   * A ConfigMap's keys as files. The volume is named after the ConfigMap (shortened when the name is
   * not a DNS label).
   */
  public static fromConfigMap(configMapName: string, mountPath: string, options: ConfigMapVolumeOptions = {}): ComponentVolume {
    checkVolumeArgs({ configMapName, mountPath }, { typeName: 'ConfigMapVolumeOptions', value: options });
    validateObjectName('configMapName', configMapName);
    return new ComponentVolume('configMap', dnsLabelFrom(configMapName), mountPath, { configMap: { name: configMapName } }, options.readOnly ?? true);
  }

  /** A scratch directory that lives as long as the pod. */
  public static fromEmptyDir(name: string, mountPath: string, options: EmptyDirVolumeOptions = {}): ComponentVolume {
    checkVolumeArgs({ name, mountPath }, { typeName: 'EmptyDirVolumeOptions', value: options });
    validateVolumeName(name);
    const emptyDir: Record<string, string> = {};
    if (options.memory) emptyDir.medium = 'Memory';
    if (options.sizeLimit) emptyDir.sizeLimit = sizeQuantity(options.sizeLimit);
    return new ComponentVolume('emptyDir', name, mountPath, { emptyDir }, false);
  }

  /** A path on the node, e.g. `/dev/infiniband`. */
  public static fromHostPath(name: string, hostPath: string, mountPath: string, options: HostPathVolumeOptions = {}): ComponentVolume {
    checkVolumeArgs({ name, hostPath, mountPath }, { typeName: 'HostPathVolumeOptions', value: options });
    validateVolumeName(name);
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
    return this.kind === 'pvc' ? (this.source.persistentVolumeClaim as { claimName: string }).claimName : undefined;
  }
}

/** A pod volume name is a DNS-1123 label (the API server's rule). */
function validateVolumeName(name: string): void {
  if (!isDns1123Label(name)) {
    throw invalid('name', 'must be a pod volume name (a DNS label: at most 63 lowercase letters, digits and "-")', name, 'use a name such as "scratch"');
  }
}

/** What an untyped caller may pass as the options of each factory. */
const VOLUME_OPTIONS = {
  ConfigMapVolumeOptions: { readOnly: booleanShape() } satisfies FieldsOf<ConfigMapVolumeOptions>,
  EmptyDirVolumeOptions: { memory: booleanShape(), sizeLimit: sizeShape('Size.gibibytes(10)') } satisfies FieldsOf<EmptyDirVolumeOptions>,
  HostPathVolumeOptions: { type: stringShape(), readOnly: booleanShape() } satisfies FieldsOf<HostPathVolumeOptions>,
} as const;

/**
 * Checks a factory's arguments from an untyped caller: each named string argument present and a
 * string (`claimName`, `mountPath`), and the options object, if any, of its type. The factory's
 * rules (object names, absolute paths) then check the values.
 */
function checkVolumeArgs(strings: Readonly<Record<string, unknown>>, options?: { readonly typeName: keyof typeof VOLUME_OPTIONS; readonly value: unknown }): void {
  for (const [prop, value] of Object.entries(strings)) checkArg(prop, value, stringShape(), { fix: `pass ${prop} as a string` });
  if (options) checkProps('options', options.value, options.typeName, VOLUME_OPTIONS[options.typeName]);
}
