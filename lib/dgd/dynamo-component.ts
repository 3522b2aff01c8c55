import { Size } from 'cdk8s';
import { ContainerResources, k8s } from 'cdk8s-plus-28';
import { ComponentType } from '../core/component-type';
import { ComponentVolume } from '../core/component-volume';
import { DynamoVersion, imageHasSemverTag } from '../core/dynamo-version';
import { refuseLiteralCredential, refuseTokenInArgs } from '../core/credential-env';
import { EnvValue } from '../core/env-value';
import { DynamoValidationError, invalid, requireInteger } from '../core/errors';
import { validateAnnotations, validateLabels } from '../core/metadata';
import { validateEnvName } from '../core/names';
import {
  SHARED_MEMORY_PATH, validateExtendedResources, validateMountPaths, validateOperatorNamedClaim, validateResources, validateSecurityContext, validateToleration,
} from '../core/pod-rules';
import { isZeroSize } from '../core/quantity';
import { ISecretRef } from '../core/secret-ref';

/** A PersistentVolumeClaim the operator uses as the engine's compilation cache. */
export interface CompilationCacheMount {
  /** The claim's name. */
  readonly claimName: string;
  /**
   * Where to mount it.
   * @default - the operator picks the backend's default path
   */
  readonly mountPath?: string;
}

/** One component of a DynamoGraphDeployment. */
export interface DynamoComponentOptions {
  /**
   * The component name. The operator derives `<dgd>-<lowercase name>` for Services and scaling
   * adapters, so together they must fit in 63 characters.
   */
  readonly name: string;
  /** The component's role. */
  readonly type: ComponentType;
  /** The `main` container image. */
  readonly image: string;
  /**
   * Number of replicas (for multi-node components, number of node groups). With `scalingAdapter`,
   * an unset `replicas` is left out of the manifest, so that re-applying it never resets what the
   * autoscaler chose (the operator starts the adapter at 1 and the autoscaler's minimum takes over).
   * @default 1, or unset with `scalingAdapter`
   */
  readonly replicas?: number;
  /**
   * The `main` container command.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * The `main` container args.
   * @default - none
   */
  readonly args?: string[];
  /**
   * The `main` container working directory.
   * @default - the image's working directory
   */
  readonly workingDir?: string;
  /**
   * Environment variables of the `main` container.
   * @default - none beyond what the operator injects
   */
  readonly env?: Record<string, EnvValue>;
  /**
   * Secrets whose keys all become environment variables (`envFrom`).
   * @default - none
   */
  readonly envFromSecrets?: ISecretRef[];
  /**
   * GPUs per pod (`nvidia.com/gpu`, requests = limits). For multi-node components, per node.
   * @default 0
   */
  readonly gpus?: number;
  /**
   * CPU, memory and ephemeral-storage requests and limits.
   * @default - none
   */
  readonly resources?: ContainerResources;
  /**
   * Other extended resources per pod, requests = limits, e.g. `{ 'vpc.amazonaws.com/efa': '16' }` or
   * `{ 'rdma/ib': '8' }`.
   * @default - none
   */
  readonly extraResources?: Record<string, string>;
  /**
   * Volumes mounted into the `main` container.
   * @default - none
   */
  readonly volumes?: ComponentVolume[];
  /**
   * Size of the memory-backed `/dev/shm`. `Size.gibibytes(0)` disables it.
   * @default - the operator's default (8Gi)
   */
  readonly sharedMemorySize?: Size;
  /**
   * Nodes per replica. More than 1 makes a multi-node component (`multinode.nodeCount`), launched by
   * Grove or LeaderWorkerSet.
   * @default 1
   */
  readonly nodeCount?: number;
  /**
   * Pod tolerations.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Pod node selector.
   * @default - none
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Pod affinity and anti-affinity.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
  /**
   * Annotations on the component's pods.
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
  /**
   * Labels on the component's pods.
   * @default - none
   */
  readonly podLabels?: Record<string, string>;
  /**
   * Image pull secrets for the pods.
   * @default - none (the operator may still discover registry secrets)
   */
  readonly imagePullSecrets?: ISecretRef[];
  /**
   * Security context of the `main` container (e.g. `IPC_LOCK` for RDMA).
   * @default - none
   */
  readonly securityContext?: k8s.SecurityContext;
  /**
   * Hand `replicas` to a DynamoGraphDeploymentScalingAdapter (`<dgd>-<component>`), so that an HPA,
   * KEDA or the planner owns them. `replicas` is then only the initial count.
   * @default false
   */
  readonly scalingAdapter?: boolean;
  /**
   * The Dynamo runtime version inside `image` (`MAJOR.MINOR.PATCH`). Dynamo >= 1.4 requires it when
   * the image tag is not a semantic version.
   * @default - none; required for non-semver tags on Dynamo >= 1.4
   */
  readonly runtimeVersionOverride?: string;
  /**
   * A PVC for the engine's compilation cache (`compilationCache` in v1beta1,
   * `useAsCompilationCache` in v1alpha1).
   * @default - none
   */
  readonly compilationCache?: CompilationCacheMount;
}

/** The operator's name for its /dev/shm volume (KubeValueNameSharedMemory); it replaces a volume of that name. */
const SHARED_MEMORY_VOLUME = 'shared-memory';

const RUNTIME_VERSION = /^(0|[1-9][0-9]{0,3})\.(0|[1-9][0-9]{0,3})\.(0|[1-9][0-9]{0,3})$/;

/**
 * The state of a component once validated; what the renderers read.
 * @internal
 */
export interface ComponentState {
  readonly name: string;
  readonly type: ComponentType;
  readonly image: string;
  readonly replicas: number;
  /** Whether the manifest leaves `replicas` to the scaling adapter (unset replicas with `scalingAdapter`). */
  readonly replicasOwnedByAdapter: boolean;
  readonly command?: readonly string[];
  readonly args: readonly string[];
  readonly workingDir?: string;
  readonly env: ReadonlyMap<string, EnvValue>;
  readonly envFromSecrets: readonly ISecretRef[];
  readonly gpus: number;
  readonly resources?: ContainerResources;
  readonly extraResources: ReadonlyMap<string, string>;
  readonly volumes: readonly ComponentVolume[];
  readonly sharedMemorySize?: Size;
  readonly nodeCount: number;
  readonly tolerations: readonly k8s.Toleration[];
  readonly nodeSelector: ReadonlyMap<string, string>;
  readonly affinity?: k8s.Affinity;
  readonly podAnnotations: ReadonlyMap<string, string>;
  readonly podLabels: ReadonlyMap<string, string>;
  readonly imagePullSecrets: readonly ISecretRef[];
  readonly securityContext?: k8s.SecurityContext;
  readonly scalingAdapter: boolean;
  readonly runtimeVersionOverride?: string;
  readonly compilationCache?: CompilationCacheMount;
}

/**
 * A component of a {@link DynamoGraphDeployment}, returned by `addComponent`. Its mutators add to
 * the component and throw on conflicts; the DGD renders lazily, so additions made before synth appear.
 */
export class DynamoComponent {
  /** The component name. */
  public readonly name: string;
  /** The component's role. */
  public readonly type: ComponentType;

  private readonly options: DynamoComponentOptions;
  private readonly env = new Map<string, EnvValue>();
  private readonly args: string[] = [];
  private readonly extraResources = new Map<string, string>();
  private readonly volumes: ComponentVolume[] = [];
  private readonly tolerations: k8s.Toleration[] = [];
  private readonly podAnnotations = new Map<string, string>();
  private readonly podLabels = new Map<string, string>();

  /**
   * Validates the options and makes the component; only {@link DynamoGraphDeployment.addComponent}
   * calls it, so it can register the component with its graph.
   * @internal
   */
  public static create(options: DynamoComponentOptions, dynamoVersion: DynamoVersion, claimVolumesNamedByOperator = false): DynamoComponent {
    return new DynamoComponent(options, dynamoVersion, claimVolumesNamedByOperator);
  }

  // Private, so the typings keep `private constructor();` and `new DynamoComponent()` does not type-check.
  private constructor(options: DynamoComponentOptions, dynamoVersion: DynamoVersion,
    /** v1alpha1: the operator names a claim's pod volume after the claim, so the claim name must be a volume name. */
    private readonly claimVolumesNamedByOperator: boolean) {
    const p = `components[${options.name}]`;
    this.name = options.name;
    this.type = options.type;
    this.options = options;
    requireInteger(`${p}.replicas`, options.replicas ?? 1, 0, 'set a whole number of replicas (0 keeps the component defined but idle)');
    requireInteger(`${p}.gpus`, options.gpus ?? 0, 0, 'set the number of GPUs per pod');
    requireInteger(`${p}.nodeCount`, options.nodeCount ?? 1, 1, 'set 1 for a single-node component or the number of nodes per replica');
    if ((options.nodeCount ?? 1) > 1 && !options.type.isWorker) {
      throw invalid(`${p}.nodeCount`, 'may be more than 1 only for worker, prefill and decode components', options.nodeCount,
        `remove nodeCount from the ${options.type} component`);
    }
    if (!options.image || /\s/.test(options.image)) {
      throw invalid(`${p}.image`, 'must be a container image reference', options.image, 'set an image such as "nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.4.0"');
    }
    if (options.runtimeVersionOverride !== undefined) {
      if (!RUNTIME_VERSION.test(options.runtimeVersionOverride)) {
        throw invalid(`${p}.runtimeVersionOverride`, 'must be MAJOR.MINOR.PATCH', options.runtimeVersionOverride, 'use the Dynamo release inside the image, e.g. "1.4.0"');
      }
      if (!dynamoVersion.supports('runtimeVersionOverride')) {
        throw invalid(`${p}.runtimeVersionOverride`, `needs Dynamo ${DynamoVersion.firstReleaseWith('runtimeVersionOverride')} or newer`, dynamoVersion.version,
          'remove runtimeVersionOverride or raise dynamoVersion');
      }
    } else if (dynamoVersion.supports('runtimeVersionOverride') && !imageHasSemverTag(options.image)) {
      throw invalid(`${p}.image`, `must have a semantic-version tag unless runtimeVersionOverride is set (Dynamo >= ${DynamoVersion.firstReleaseWith('runtimeVersionOverride')} admission rule)`,
        options.image, `tag the image with its Dynamo version (e.g. ":${dynamoVersion.version}") or set runtimeVersionOverride: "${dynamoVersion.version}"`);
    }
    if (options.compilationCache && options.compilationCache.mountPath !== undefined && !options.compilationCache.mountPath.startsWith('/')) {
      throw invalid(`${p}.compilationCache.mountPath`, 'must be an absolute path', options.compilationCache.mountPath, 'use a path such as "/root/.cache/vllm"');
    }
    this.checkPod(p, options);
    this.addArgs(...(options.args ?? []));
    for (const [k, v] of Object.entries(options.env ?? {})) this.addEnv(k, v);
    for (const [k, v] of Object.entries(options.extraResources ?? {})) this.addExtraResource(k, v);
    for (const v of options.volumes ?? []) this.addVolume(v);
    for (const t of options.tolerations ?? []) this.addToleration(t);
    for (const [k, v] of Object.entries(options.podAnnotations ?? {})) this.addPodAnnotation(k, v);
    for (const [k, v] of Object.entries(options.podLabels ?? {})) this.addPodLabel(k, v);
  }

  /** The pod rules the API server and the operator enforce on the options that are not added one by one. */
  private checkPod(p: string, options: DynamoComponentOptions): void {
    validateLabels(`${p}.nodeSelector`, options.nodeSelector, 'node selector');
    validateSecurityContext(`${p}.securityContext`, options.securityContext);
    validateResources(`${p}.resources`, options.resources);
    if (options.compilationCache) validateOperatorNamedClaim(`${p}.compilationCache.claimName`, options.compilationCache.claimName);
    validateMountPaths(this.mounts());
  }

  /** The mounts of the `main` container, with the prop of each, for the duplicate check. */
  private mounts(extra?: ComponentVolume): { prop: string; path: string }[] {
    const p = `components[${this.name}]`;
    const o = this.options;
    return [
      ...(o.sharedMemorySize && isZeroSize(o.sharedMemorySize) ? [] : [{ prop: `the shared memory volume (${p}.sharedMemorySize)`, path: SHARED_MEMORY_PATH }]),
      ...(o.compilationCache?.mountPath ? [{ prop: `${p}.compilationCache.mountPath`, path: o.compilationCache.mountPath }] : []),
      ...[...this.volumes, ...(extra ? [extra] : [])].map((v) => ({ prop: `${p}.volumes[${v.name}]`, path: v.mountPath })),
    ];
  }

  /** Appends args to the `main` container. */
  public addArgs(...args: string[]): void {
    refuseTokenInArgs('args', args);
    this.args.push(...args);
  }

  /** Adds an environment variable; throws if it is already set. */
  public addEnv(name: string, value: EnvValue): void {
    validateEnvName(`components[${this.name}].env`, name);
    refuseLiteralCredential(`components[${this.name}].env`, name, value);
    if (this.env.has(name)) {
      throw new DynamoValidationError(`components[${this.name}].env`,
        `components[${this.name}].env already sets ${name}; remove one of the two definitions (a later one would silently win in Kubernetes)`);
    }
    this.env.set(name, value);
  }

  /** Adds an extended resource (requests = limits); throws if it is already set. */
  public addExtraResource(name: string, quantity: string): void {
    const prop = `components[${this.name}].extraResources`;
    validateExtendedResources(prop, { [name]: quantity });
    if (this.extraResources.has(name)) throw invalid(prop, `already sets ${name}`, quantity, 'set each resource once');
    this.extraResources.set(name, quantity);
  }

  /** Mounts a volume; throws if the name or mount path is taken. */
  public addVolume(volume: ComponentVolume): void {
    const prop = `components[${this.name}].volumes`;
    if (this.volumes.some((v) => v.name === volume.name)) throw invalid(prop, 'must have unique volume names', volume.name, 'mount each volume once');
    if (volume.name === SHARED_MEMORY_VOLUME) {
      throw invalid(prop, `must not name a volume ${SHARED_MEMORY_VOLUME}, which the operator replaces with its /dev/shm volume`, volume.name, 'give the volume another name');
    }
    if (this.claimVolumesNamedByOperator && volume.claimName !== undefined) validateOperatorNamedClaim(prop, volume.claimName, 'or DgdApiVersion.V1BETA1');
    validateMountPaths(this.mounts(volume));
    this.volumes.push(volume);
  }

  /** Adds a toleration; throws on one the API server rejects. */
  public addToleration(toleration: k8s.Toleration): void {
    validateToleration(`components[${this.name}].tolerations[${this.tolerations.length}]`, toleration);
    this.tolerations.push(toleration);
  }

  /** Adds a pod annotation; throws on a different value for the same key. */
  public addPodAnnotation(key: string, value: string): void {
    const prop = `components[${this.name}].podAnnotations`;
    validateAnnotations(prop, { ...Object.fromEntries(this.podAnnotations), [key]: value });
    setOnce(this.podAnnotations, prop, key, value);
  }

  /** Adds a pod label; throws on a different value for the same key. */
  public addPodLabel(key: string, value: string): void {
    const prop = `components[${this.name}].podLabels`;
    validateLabels(prop, { [key]: value });
    setOnce(this.podLabels, prop, key, value);
  }

  /** The validated state, for rendering. @internal */
  public get _state(): ComponentState {
    const o = this.options;
    return {
      name: o.name,
      type: o.type,
      image: o.image,
      replicas: o.replicas ?? 1,
      replicasOwnedByAdapter: (o.scalingAdapter ?? false) && o.replicas === undefined,
      command: o.command,
      args: this.args,
      workingDir: o.workingDir,
      env: this.env,
      envFromSecrets: o.envFromSecrets ?? [],
      gpus: o.gpus ?? 0,
      resources: o.resources,
      extraResources: this.extraResources,
      volumes: this.volumes,
      sharedMemorySize: o.sharedMemorySize,
      nodeCount: o.nodeCount ?? 1,
      tolerations: this.tolerations,
      nodeSelector: new Map(Object.entries(o.nodeSelector ?? {})),
      affinity: o.affinity,
      podAnnotations: this.podAnnotations,
      podLabels: this.podLabels,
      imagePullSecrets: o.imagePullSecrets ?? [],
      securityContext: o.securityContext,
      scalingAdapter: o.scalingAdapter ?? false,
      runtimeVersionOverride: o.runtimeVersionOverride,
      compilationCache: o.compilationCache,
    };
  }
}

function setOnce(map: Map<string, string>, prop: string, key: string, value: string): void {
  const existing = map.get(key);
  if (existing !== undefined && existing !== value) {
    throw invalid(prop, `already sets ${key} to ${JSON.stringify(existing)}`, value, 'set each key once');
  }
  map.set(key, value);
}
