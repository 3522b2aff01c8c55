import { ApiObject, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { AccessFeature } from '../access/access-feature';
import type { EndpointAccess } from '../access/endpoint-access';
import type { WorkerRole } from '../backends/backend-definition';
import { ComponentVolume } from '../core/component-volume';
import { invalid } from '../core/errors';
import { CapacityType } from './capacity-type';
import type { FrontendIngressOptions } from './frontend-ingress';
import { MachineShape } from './machine-shape';
import type { ModelStorage } from './model-storage';
import { PoolPlacementOptions } from './pool-placement';
import { RdmaFabric } from './rdma-fabric';

/** One worker pool as a cloud profile sees it. */
export interface CloudPoolContext {
  /** The prop name, e.g. `decode`; prefix of the pool's error props (`decode.machineType`). */
  readonly prop: string;
  /** What the pool does: `aggregated`, `prefill` or `decode`. */
  readonly role: WorkerRole;
  /** The DGD component name, e.g. `VllmDecodeWorker` (the `nvidia.com/dynamo-component` pod label). */
  readonly componentName: string;
  /** The pool's placement props as the user wrote them. */
  readonly options: PoolPlacementOptions;
  /** The pool's capacity types, validated (at least one, none repeated, all supported by the profile). */
  readonly capacityTypes: readonly CapacityType[];
  /**
   * The profile's shapes this pool may use, as the pattern resolved them from `machineType` /
   * `gpuType` against `CloudProfile.shapes`: the named shape, or every shape of the GPU type whose
   * GPUs fit, and for a pool that needs RDMA only those with a fabric NIXL can use. Empty for a
   * profile that lists no shapes.
   */
  readonly shapes: readonly MachineShape[];
  /** The most workers the pool may run: `replicas`, or the autoscaler's or planner's maximum. Node pools are sized for it. */
  readonly maxReplicas: number;
  /** GPUs per pod (per node of a multi-node worker). */
  readonly gpusPerNode: number;
  /** Nodes per worker. */
  readonly nodes: number;
  /** Whether the pool moves the KV cache over NIXL (prefill and decode pools). */
  readonly kvTransfer: boolean;
}

/** What a pattern hands its cloud profile. */
export interface CloudContext {
  /** Where cloud objects (node pools, networks, ingress) are added: the pattern construct. */
  readonly scope: Construct;
  /** The DynamoGraphDeployment name. */
  readonly dgdName: string;
  /** The Kubernetes namespace of the DGD. */
  readonly namespace: string;
  /** `<namespace>-<dgd>`: the prefix of cluster-scoped object names, unique per deployment. */
  readonly dynamoNamespace: string;
  /** Labels for every object the profile creates. */
  readonly labels?: Record<string, string>;
  /** The user accepted KV transfer over TCP (`allowTcpKvTransfer`). */
  readonly allowTcpKvTransfer: boolean;
  /** The worker pools, in the pattern's order. */
  readonly pools: readonly CloudPoolContext[];
}

/** What a profile adds to one worker pool's pods. The pattern merges it with the pool's own props. */
export interface PoolWiring {
  /**
   * The RDMA fabric the pool's pods are wired for. The pattern derives NIXL's backend from the
   * KV-transfer pools' fabric, checks that prefill and decode agree, and refuses a KV-transfer pool
   * without a fabric NIXL can use unless the user accepted TCP.
   * @default RdmaFabric.NONE - plain TCP
   */
  readonly fabric?: RdmaFabric;
  /**
   * Tolerations.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Node selector; a key the user also sets to another value is an error.
   * @default - none
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Affinity; combined with the user's (required node terms ANDed, pod terms concatenated).
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
  /**
   * Pod annotations.
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
  /**
   * Extended resources per pod (requests = limits).
   * @default - none
   */
  readonly extraResources?: Record<string, string>;
  /**
   * The keys of `extraResources` that are the fabric's RDMA devices (e.g. `vpc.amazonaws.com/efa`,
   * `rdma/ib`, one `networking.gke.io.networks/rdma-<i>` per RDMA NIC); the topology shows the sum of
   * their quantities as the pool's devices per pod. Other extended resources (hugepages, a NIC's IP)
   * are left out of that count.
   * @default - none: the topology shows the fabric without a device count
   */
  readonly rdmaResources?: readonly string[];
  /**
   * Environment variables; one the user or the backend also sets is an error.
   * @default - none
   */
  readonly env?: Record<string, string>;
  /**
   * Volumes mounted into the `main` container.
   * @default - none
   */
  readonly volumes?: ComponentVolume[];
  /**
   * Linux capabilities added to the `main` container.
   * @default - none
   */
  readonly capabilities?: string[];
  /**
   * Run the `main` container privileged.
   * @default false
   */
  readonly privileged?: boolean;
  /**
   * A minimum `/dev/shm` size.
   * @default - the backend's
   */
  readonly minSharedMemory?: Size;
  /**
   * Shell lines run before the engine starts (e.g. `ldconfig` on GKE); the command is exec'd after them.
   * @default - none
   */
  readonly shellPrelude?: string[];
  /**
   * A suffix for the default runtime image tag, e.g. `-efa`.
   * @default - none
   */
  readonly imageTagSuffix?: string;
  /**
   * One line for the endpoint card and docs, e.g. `p5.48xlarge (8 × H100 80GB), EFA × 16, LIBFABRIC`.
   * @default - none
   */
  readonly summary?: string;
}

/** A profile's decisions for one pattern. */
export interface CloudBinding {
  /** Wiring per pool, by prop name; a pool the profile leaves out gets none. */
  readonly pools: Readonly<Record<string, PoolWiring>>;
  /**
   * The objects the profile created for each pool (node pools, node classes, compute classes), by
   * prop name. The DynamoGraphDeployment depends on them.
   * @default - none
   */
  readonly poolObjects?: Readonly<Record<string, readonly ApiObject[]>>;
  /**
   * Objects the pools share (a custom NodeClass, RDMA networks). The DynamoGraphDeployment depends on them.
   * @default - none
   */
  readonly sharedObjects?: readonly ApiObject[];
}

/** Where the frontend ingress points. */
export interface IngressTarget {
  /** The frontend Service, `<dgd>-frontend`. */
  readonly serviceName: string;
  /** The frontend's HTTP port (8000). */
  readonly port: number;
  /** Health check path (`/health`). */
  readonly healthPath: string;
}

/** Which access features a cloud's own ingress enforces, for a set of ingress options. */
export interface AccessSupport {
  /** What enforces them, for messages and the endpoint card: `the ALB of Cloud.eks()`. */
  readonly enforcer: string;
  /** The features `addIngress` enforces with these options. */
  readonly features: readonly AccessFeature[];
  /**
   * What the endpoint card should warn about when access is set, one sentence each with its fix
   * (e.g. a limit counted per replica, a controller version the annotations need).
   * @default - none
   */
  readonly warnings?: readonly string[];
}

/**
 * One cloud's decisions, in one place: which machine shapes pools may name, which capacity types it
 * can buy, the objects that give each worker pool its GPU nodes, how the pools' pods are scheduled
 * and wired for RDMA, the frontend's ingress objects, and which model storage it accepts.
 *
 * The built-in profiles (`Cloud.generic()`, `Cloud.eks()`, `Cloud.eksAutoMode()`, `Cloud.gke()`,
 * `Cloud.aks()`) implement it; write your own for another cloud or an on-premises cluster and pass
 * it with `Cloud.custom(profile)`. Rules that do not depend on the cloud are applied by the pattern,
 * not the profile: capacity type lists, the NIXL backend both KV pools agree on (from
 * `PoolWiring.fabric`), TCP KV transfer, model storage acceptance.
 *
 * @example
 * class OnPremProfile extends CloudProfile {
 *   public readonly id = 'on-prem';
 *   public readonly displayName = 'OnPremProfile';
 *   public bind(ctx: CloudContext): CloudBinding {
 *     return { pools: Object.fromEntries(ctx.pools.map((p) => [p.prop, { nodeSelector: { 'example.com/gpu': 'h100' } }])) };
 *   }
 * }
 * new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-0.6B', cloud: Cloud.custom(new OnPremProfile()) });
 */
export abstract class CloudProfile {
  /** A stable id, e.g. `eks`; `ModelStorage` factories name the ids they work on. */
  public abstract readonly id: string;
  /** How users wrote it, for messages: `Cloud.eks()`. */
  public abstract readonly displayName: string;

  /**
   * The machine shapes pools may name with `machineType` / `gpuType` (a catalog plus user
   * additions). The pattern checks each pool against them before `bind`: the named shape exists,
   * the GPU type is offered, the pool's GPUs fit, and a KV-transfer pool gets a shape with a fabric
   * NIXL can use (unless TCP is accepted). Empty for a profile that does not provision or select
   * machines: pools then may not name one.
   * @default - none
   */
  public readonly shapes: readonly MachineShape[] = [];

  /**
   * Whether the profile selects nodes by GPU type without listing machine shapes: a pool's
   * `gpuType` then reaches `bind` (with no shapes) and the profile places the pool on nodes with
   * that GPU itself (`Cloud.generic()` requires their `nvidia.com/gpu.product` label to be one of
   * `GpuType.productNames`). A profile that lists shapes resolves `gpuType` against them instead.
   * @default false - without shapes, pools may not set gpuType
   */
  public readonly selectsGpuType: boolean = false;

  /**
   * The capacity types the profile can buy nodes with; the pattern rejects the others. Empty for a
   * profile that does not provision nodes: pools then may not set `capacityTypes`.
   * @default - none
   */
  public readonly capacityTypes: readonly CapacityType[] = [];

  /**
   * The ingress options `addIngress` applies. The pattern checks the options every cloud shares
   * (host name, TLS secret with a host, timeout range, class name syntax), then rejects any option
   * set outside this list, so an option the profile would ignore is never dropped silently.
   * @default - none (a profile that overrides addIngress lists what it applies, e.g. ['host', 'className', 'annotations'])
   */
  public readonly ingressOptions: readonly (keyof FrontendIngressOptions)[] = [];

  /**
   * Validates the pools against the cloud, adds the cloud objects (node pools, node classes,
   * networks) to `ctx.scope` and returns each pool's wiring and the objects created.
   */
  public abstract bind(ctx: CloudContext): CloudBinding;

  /**
   * Adds the frontend's ingress objects to `ctx.scope` and returns them, with the objects that
   * enforce `access` when it is set (the pattern has already refused any feature missing from
   * {@link accessSupport}). The default refuses: a profile that can expose the frontend overrides it.
   */
  public addIngress(ctx: CloudContext, options: FrontendIngressOptions, target: IngressTarget, access?: EndpointAccess): readonly ApiObject[] {
    void ctx;
    void access;
    throw invalid('ingress', `is not supported by ${this.displayName}`, Object.keys(options),
      `remove ingress and expose ${target.serviceName} yourself, or implement addIngress in the profile`);
  }

  /**
   * Which access features `addIngress` enforces with these ingress options, and what enforces
   * them (`the ALB of Cloud.eks()`); with `access`, also what the card should warn about it. The pattern refuses `access` with any other feature, naming
   * the implementations that can; a gateway installed in the cluster (`ingress.controller`) is the
   * portable alternative.
   * @default - none, enforced by `the ingress of <displayName>`
   */
  public accessSupport(options: FrontendIngressOptions, access?: EndpointAccess): AccessSupport {
    void options;
    void access;
    return { enforcer: `the ingress of ${this.displayName}`, features: [] };
  }

  /**
   * Whether the cloud itself advertises an extended resource on its nodes, so that no device plugin
   * has to be installed for it (GKE's RDMA networks, EKS Auto Mode's EFA). A pattern on a
   * `DynamoPlatform` checks each RDMA device its pools request: the cloud provides it, or the
   * platform's add-ons (or an existing platform's `deviceResources`) do.
   * @default - none: every RDMA device needs a device plugin on the platform
   */
  public providesDeviceResource(resourceName: string): boolean {
    void resourceName;
    return false;
  }

  /**
   * Whether the GPU nodes the profile provisions come with the NVIDIA driver: true where the
   * provider installs it (EKS GPU AMIs, GKE, AKS' driver profile), false where it is left to the
   * GPU Operator, undefined when the profile does not know. A pattern on a `DynamoPlatform` checks
   * it against the platform's GPU Operator: one driver per node, never none.
   * @default - undefined: not known
   */
  public providesGpuDriver(): boolean | undefined {
    return undefined;
  }

  /**
   * Whether a model cache may use this storage. By default: an existing StorageClass, or a
   * storage made for this profile's `id`.
   */
  public acceptsModelStorage(storage: ModelStorage): boolean {
    return storage.clouds === undefined || storage.clouds.includes(this.id);
  }
}
