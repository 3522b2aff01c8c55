import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { EndpointAccess } from '../../access/endpoint-access';
import { ComponentVolume } from '../../core/component-volume';
import { invalid } from '../../core/errors';
import { clusterObjectName } from '../../core/operator-names';
import { CapacityType } from '../capacity-type';
import { AccessSupport, CloudBinding, CloudContext, CloudPoolContext, CloudProfile, IngressTarget, PoolWiring } from '../cloud-profile';
import { ClusterObject } from '../cluster-object';
import { FrontendIngressOptions, INGRESS_OPTION_NAMES, IngressApi, rejectUnappliedIngressOptions, validateIngress } from '../frontend-ingress';
import { addFrontendGateway, ingressAnnotations, ingressName } from '../ingress-objects';
import { MachineShape } from '../machine-shape';
import { rdmaDevicesPerPod, ResolvedPool, resolvedPool, withExtraShapes } from '../pool-shapes';
import { RdmaFabric } from '../rdma-fabric';
import { GPU_TOLERATION, IPC_LOCK, kvPeerAffinity, NIXL_TELEMETRY_ENV, podAffinity, UCX_RDMA_ENV } from '../rdma-wiring';
import { gkeAccessSupport, gkeBackendPolicyAccess, gkeGatewayClassName } from './gke-access';
import { gkeAccelerator, GKE_GPU_ACCELERATORS, GKE_SHAPES } from './gke-shapes';

/** The prefix of the extended resources GKE multi-networking advertises per network. */
const GKE_NETWORK_RESOURCE_PREFIX = 'networking.gke.io.networks/';

/** What GKE does when no priority of a pool's ComputeClass can be provisioned (`spec.whenUnsatisfiable`). */
export class WhenUnsatisfiable {
  /** Leave the pods pending until a listed configuration becomes available. */
  public static readonly DO_NOT_SCALE_UP = new WhenUnsatisfiable('DoNotScaleUp');
  /** Fall back to nodes of GKE's default configuration (for a GPU pool: likely the wrong machine). */
  public static readonly SCALE_UP_ANYWAY = new WhenUnsatisfiable('ScaleUpAnyway');

  private constructor(
    /** The ComputeClass value. */
    public readonly value: string,
  ) {}

  /** The ComputeClass value: `DoNotScaleUp` or `ScaleUpAnyway`. */
  public toString(): string {
    return this.value;
  }
}

/**
 * The VPC and subnets of the cluster's RDMA (RoCE) network, for the library to create the
 * multi-networking objects the pods reference: one `GKENetworkParamSet` + `Network` pair per subnet,
 * named `rdma-0`, `rdma-1`, ... in subnet order.
 */
export interface GkeRdmaNetworkOptions {
  /** The RDMA VPC, created with the zone's RoCE network profile (e.g. `my-cluster-rdma-net`). */
  readonly vpc: string;
  /** Its subnets, one per RDMA NIC of the machines (8 on A3 Ultra and A4), in NIC order. */
  readonly subnets: string[];
}

/** Options for {@link Cloud.gke}. */
export interface GkeOptions {
  /**
   * Machine shapes the catalog lacks (e.g. a newer GCE machine type). Their GPU type must be one GKE
   * labels (`nvidia-b200`, `nvidia-h200-141gb`, `nvidia-h100-80gb`, `nvidia-a100-80gb`,
   * `nvidia-tesla-a100`, `nvidia-l4`).
   * @default - the catalog only (A4, A3 Ultra / Mega / High, A2, G2)
   */
  readonly extraShapes?: MachineShape[];
  /**
   * What GKE does when no priority of a pool's ComputeClass can be provisioned. Always written
   * explicitly: the CRD default flipped between GKE versions.
   * @default WhenUnsatisfiable.DO_NOT_SCALE_UP
   */
  readonly whenUnsatisfiable?: WhenUnsatisfiable;
  /**
   * Specific reservations that pools listing `CapacityType.RESERVED` consume (ComputeClass
   * `reservations.affinity: Specific`). Required when a pool lists `CapacityType.RESERVED`.
   * @default - none
   */
  readonly reservations?: string[];
  /**
   * The project that owns `reservations` (shared reservations).
   * @default - the cluster's project
   */
  readonly reservationProject?: string;
  /**
   * A compact placement resource policy (ComputeClass `placement.policyName`) for the pools wired
   * for RDMA, so their nodes share a low-latency network block. The policy must exist in the
   * cluster's region.
   * @default - no placement policy; KV pods still share a `cloud.google.com/gce-topology-block`
   */
  readonly placementPolicy?: string;
  /**
   * Set `acceleratorNetworkProfile: auto` on the ComputeClass priorities of RDMA pools, so the node
   * pools GKE auto-creates get their RDMA NICs (automated networking for accelerator VMs; a recent
   * GKE version is required). Turn it off when the cluster's RDMA networks were set up by hand and
   * the ComputeClass should not manage them.
   * @default true
   */
  readonly acceleratorNetworkProfile?: boolean;
  /**
   * Create the `rdma-N` `GKENetworkParamSet` / `Network` objects from this RDMA VPC. They are
   * cluster-scoped and shared by every deployment of the cluster, so create them from one deployment
   * only (or a separate chart); by default the pods reference existing networks named `rdma-0` ...
   * (as the Cluster Toolkit A3 Ultra / A4 blueprints and automated accelerator networking create them).
   * @default - reference existing `rdma-N` networks
   */
  readonly rdmaNetwork?: GkeRdmaNetworkOptions;
  /**
   * Run the GKE driver prelude before the engine: put `/usr/local/nvidia/lib64` (where GKE installs
   * the NVIDIA driver) first on `LD_LIBRARY_PATH`, `/usr/local/nvidia/bin` on `PATH`, and run
   * `ldconfig` (Dynamo's GKE guide requires it). The command is wrapped in `/bin/sh -c`.
   * @default true
   */
  readonly driverPrelude?: boolean;
}

/** The node selector key of a ComputeClass. @internal */
export const COMPUTE_CLASS_LABEL = 'cloud.google.com/compute-class';
/** The topology label of GKE's RDMA network blocks (llm-d uses it for P/D affinity). @internal */
export const GKE_TOPOLOGY_BLOCK = 'cloud.google.com/gce-topology-block';
/** The taint of arm64 GKE nodes (A4X). @internal */
export const ARM64_TOLERATION: k8s.Toleration = { key: 'kubernetes.io/arch', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' };
/** The taint of GKE Spot nodes. @internal */
export const SPOT_TOLERATION: k8s.Toleration = { key: 'cloud.google.com/gke-spot', operator: 'Equal', value: 'true', effect: 'NoSchedule' };

/** The driver prelude (Dynamo `gke-setup.mdx`): GKE mounts its NVIDIA driver at `/usr/local/nvidia`. @internal */
export const GKE_DRIVER_PRELUDE: readonly string[] = [
  'export LD_LIBRARY_PATH=/usr/local/nvidia/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}',
  'export PATH=$PATH:/usr/local/nvidia/bin',
  '/sbin/ldconfig',
];

/** Puts gIB's libraries first on the library path (after the driver prelude, so ahead of it). @internal */
export const GIB_PRELUDE = 'export LD_LIBRARY_PATH=/usr/local/gib/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}';

/** UCX over GKE RoCE: the shared UCX settings plus GKE's reachability mode and the RoCE v2 GID (Dynamo §7, llm-d). @internal */
export const GKE_ROCE_ENV: Readonly<Record<string, string>> = {
  ...UCX_RDMA_ENV,
  UCX_IB_ROCE_REACHABILITY_MODE: 'all',
  UCX_IB_GID_INDEX: '3',
  // Dynamo's gke-roce recipe: NCCL bootstraps over the pod's primary interface.
  NCCL_SOCKET_IFNAME: 'eth0',
  NCCL_CROSS_NIC: '0',
};

const GCE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const GCP_PROJECT = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

/** Google GKE: a `ComputeClass` per pool, RoCE multi-networking on A3 Ultra / A4, Gateway API ingress. @internal */
export class GkeProfile extends CloudProfile {
  public readonly id = 'gke';
  public readonly displayName = 'Cloud.gke()';
  public readonly shapes: readonly MachineShape[];
  /** The capacity types the profile can buy nodes with. */
  public readonly capacityTypes: readonly CapacityType[] = [CapacityType.ON_DEMAND, CapacityType.SPOT, CapacityType.RESERVED];
  /** It checks every ingress option itself, per ingress API. */
  public readonly ingressOptions: readonly (keyof FrontendIngressOptions)[] = INGRESS_OPTION_NAMES;

  public constructor(private readonly options: GkeOptions) {
    super();
    this.shapes = withExtraShapes('cloud.extraShapes', GKE_SHAPES, options.extraShapes);
    for (const [i, s] of (options.extraShapes ?? []).entries()) {
      if (gkeAccelerator(s) === undefined) {
        throw invalid(`cloud.extraShapes[${i}].gpuType`, 'must be a GPU type GKE labels', s.gpuType.displayName,
          `use one of ${[...GKE_GPU_ACCELERATORS.keys()].map((g) => g.displayName).join(', ')}, or give the shape its acceleratorLabel (cloud.google.com/gke-accelerator)`);
      }
    }
    for (const name of options.reservations ?? []) {
      if (!GCE_NAME.test(name)) throw invalid('cloud.reservations', 'must list reservation names', name, 'use the reservation\'s name, e.g. "h200-reservation" (not its URL)');
    }
    if (options.reservations !== undefined && options.reservations.length === 0) {
      throw invalid('cloud.reservations', 'must name at least one reservation', options.reservations, 'list the reservations, or remove the option');
    }
    if (options.reservationProject !== undefined) {
      if (!GCP_PROJECT.test(options.reservationProject)) {
        throw invalid('cloud.reservationProject', 'must be a project id', options.reservationProject, 'use the id of the project that owns the reservations, e.g. "my-project"');
      }
      if (!options.reservations) throw invalid('cloud.reservationProject', 'needs cloud.reservations', options.reservationProject, 'list the reservations, or remove the option');
    }
    if (options.placementPolicy !== undefined && !GCE_NAME.test(options.placementPolicy)) {
      throw invalid('cloud.placementPolicy', 'must be a resource policy name', options.placementPolicy, 'use the name of a compact placement policy, e.g. "a3u-compact"');
    }
    const net = options.rdmaNetwork;
    if (net) {
      if (!GCE_NAME.test(net.vpc)) throw invalid('cloud.rdmaNetwork.vpc', 'must be a VPC name', net.vpc, 'use the RDMA VPC\'s name, e.g. "my-cluster-rdma-net"');
      if (net.subnets.length === 0) throw invalid('cloud.rdmaNetwork.subnets', 'must list one subnet per RDMA NIC', net.subnets, 'list the RDMA VPC\'s subnets (8 for A3 Ultra and A4)');
      for (const s of net.subnets) {
        if (!GCE_NAME.test(s)) throw invalid('cloud.rdmaNetwork.subnets', 'must list subnet names', s, 'use the subnet\'s name, e.g. "my-cluster-rdma-sub-0"');
      }
      if (new Set(net.subnets).size !== net.subnets.length) {
        throw invalid('cloud.rdmaNetwork.subnets', 'must not repeat a subnet (each NIC has its own)', net.subnets, 'list each subnet once');
      }
    }
  }

  /**
   * GKE advertises each additional network of a node as `networking.gke.io.networks/<network>` (and
   * `<network>.IP`) through multi-networking; no device plugin is installed for them.
   */
  public override providesDeviceResource(resourceName: string): boolean {
    return resourceName.startsWith(GKE_NETWORK_RESOURCE_PREFIX);
  }

  /** GKE installs the NVIDIA driver on GPU nodes (`gpu-driver-version`). */
  public override providesGpuDriver(): boolean {
    return true;
  }

  public bind(ctx: CloudContext): CloudBinding {
    const pools: Record<string, PoolWiring> = {};
    const poolObjects: Record<string, ApiObject[]> = {};
    let networksNeeded = 0;
    for (const pool of ctx.pools) {
      const resolved = this.resolve(pool);
      // The class name is the value of the cloud.google.com/compute-class node label and taint.
      const className = clusterObjectName(ctx.dynamoNamespace, pool.prop, `${pool.prop} ComputeClass`, COMPUTE_CLASS_LABEL);
      poolObjects[pool.prop] = [this.addComputeClass(ctx, resolved, className)];
      const wiring = this.schedulingWiring(resolved, className);
      if (!resolved.rdma) {
        pools[pool.prop] = { ...wiring, summary: `${shapeNames(resolved)}, ComputeClass ${className}, no RDMA` };
        continue;
      }
      if (resolved.fabric !== RdmaFabric.ROCE) {
        throw invalid(`${pool.prop}.machineType`, `must have the RoCE fabric GKE wires for RDMA; ${shapeNames(resolved)} declares ${resolved.fabric.displayName}`,
          pool.options.machineType ?? pool.options.gpuType?.displayName, 'declare the extra shape with RdmaFabric.ROCE, or pick a3-ultragpu-8g or a4-highgpu-8g');
      }
      const nics = rdmaDevicesPerPod(resolved);
      const available = this.options.rdmaNetwork?.subnets.length;
      if (available !== undefined && nics > available) {
        throw invalid(`${pool.prop}.rdmaDevices`, `must not exceed the ${available} RDMA subnets of cloud.rdmaNetwork`, nics,
          `lower ${pool.prop}.rdmaDevices, or list one subnet per RDMA NIC in cloud.rdmaNetwork.subnets`);
      }
      networksNeeded = Math.max(networksNeeded, nics);
      // gIB (NCCL's RDMA plugin on GKE) goes first on the library path, ahead of the driver (gpu-recipes).
      const shellPrelude = wiring.shellPrelude ? [...wiring.shellPrelude, GIB_PRELUDE] : undefined;
      pools[pool.prop] = { ...wiring, ...roceWiring(ctx, pool, nics), fabric: RdmaFabric.ROCE, shellPrelude, summary: `${shapeNames(resolved)}, ComputeClass ${className}, RoCE v2 × ${nics}, NIXL UCX` };
    }
    const networks = networksNeeded > 0 && this.options.rdmaNetwork ? this.addRdmaNetworks(ctx, this.options.rdmaNetwork) : undefined;
    return { pools, poolObjects, sharedObjects: networks };
  }

  /** Resolves a pool and keeps, with a GPU type, the smallest machines that fit (each priority is a right-sized machine). */
  private resolve(pool: CloudPoolContext): ResolvedPool {
    const resolved = resolvedPool(pool);
    const types = pool.capacityTypes;
    if (types.includes(CapacityType.RESERVED) && !this.options.reservations) {
      throw invalid(`${pool.prop}.capacityTypes`, 'lists CapacityType.RESERVED, which needs the reservations to consume', types.map(String),
        'name them with Cloud.gke({ reservations: ["my-reservation"] }), or remove CapacityType.RESERVED');
    }
    const fewest = Math.min(...resolved.shapes.map((s) => s.gpuCount));
    return { ...resolved, shapes: resolved.shapes.filter((s) => s.gpuCount === fewest) };
  }

  private addComputeClass(ctx: CloudContext, resolved: ResolvedPool, name: string): ApiObject {
    const o = this.options;
    const rdma = resolved.rdma;
    const priorities: Record<string, unknown>[] = [];
    for (const capacity of resolved.pool.capacityTypes) {
      for (const shape of resolved.shapes) {
        priorities.push({
          machineType: shape.name,
          gpu: { type: gkeAccelerator(shape), count: shape.gpuCount },
          ...(capacity === CapacityType.SPOT ? { spot: true } : { spot: false }),
          ...(capacity === CapacityType.RESERVED
            ? { reservations: { affinity: 'Specific', specific: o.reservations!.map((r) => ({ name: r, ...(o.reservationProject ? { project: o.reservationProject } : {}) })) } }
            : {}),
          ...(rdma && (o.acceleratorNetworkProfile ?? true) ? { acceleratorNetworkProfile: 'auto' } : {}),
          ...(rdma && o.placementPolicy ? { placement: { policyName: o.placementPolicy } } : {}),
        });
      }
    }
    return new ClusterObject(ctx.scope, `ComputeClass-${resolved.pool.prop}`, {
      apiVersion: 'cloud.google.com/v1',
      kind: 'ComputeClass',
      metadata: { name, labels: ctx.labels },
      spec: {
        priorities,
        whenUnsatisfiable: (o.whenUnsatisfiable ?? WhenUnsatisfiable.DO_NOT_SCALE_UP).value,
        nodePoolAutoCreation: { enabled: true },
      },
    });
  }

  /** The ComputeClass selector, the tolerations its nodes need and the driver prelude. */
  private schedulingWiring(resolved: ResolvedPool, className: string): PoolWiring {
    const types = resolved.pool.capacityTypes;
    const tolerations: k8s.Toleration[] = [
      GPU_TOLERATION,
      // Nodes GKE creates for a ComputeClass carry its taint.
      { key: COMPUTE_CLASS_LABEL, operator: 'Equal', value: className, effect: 'NoSchedule' },
    ];
    if (types.includes(CapacityType.SPOT)) tolerations.push(SPOT_TOLERATION);
    if (resolved.shapes.some((s) => s.arch === 'arm64')) tolerations.push(ARM64_TOLERATION);
    return {
      nodeSelector: { [COMPUTE_CLASS_LABEL]: className },
      tolerations,
      shellPrelude: (this.options.driverPrelude ?? true) ? [...GKE_DRIVER_PRELUDE] : undefined,
    };
  }

  /** One `GKENetworkParamSet` + `Network` (type Device, deviceMode RDMA) per RDMA subnet, named `rdma-N`. */
  private addRdmaNetworks(ctx: CloudContext, net: GkeRdmaNetworkOptions): ApiObject[] {
    return net.subnets.flatMap((subnet, i) => {
      const name = rdmaNetworkName(i);
      const params = new ClusterObject(ctx.scope, `GKENetworkParamSet-${name}`, {
        apiVersion: 'networking.gke.io/v1',
        kind: 'GKENetworkParamSet',
        metadata: { name, labels: ctx.labels },
        spec: { vpc: net.vpc, vpcSubnet: subnet, deviceMode: 'RDMA' },
      });
      const network = new ClusterObject(ctx.scope, `Network-${name}`, {
        apiVersion: 'networking.gke.io/v1',
        kind: 'Network',
        metadata: { name, labels: ctx.labels },
        spec: { type: 'Device', provider: 'GKE', parametersRef: { group: 'networking.gke.io', kind: 'GKENetworkParamSet', name } },
      });
      network.node.addDependency(params);
      return [params, network];
    });
  }

  /**
   * Identity-Aware Proxy and a Cloud Armor policy, on the GCPBackendPolicy (Cloud Armor not on the
   * internal and regional external classes); with `access`, a warning when IAP uses the
   * Google-managed OAuth client. See gke-access.ts.
   */
  public override accessSupport(options: FrontendIngressOptions, access?: EndpointAccess): AccessSupport {
    return gkeAccessSupport(options, access);
  }

  public addIngress(ctx: CloudContext, options: FrontendIngressOptions, target: IngressTarget, access?: EndpointAccess): readonly ApiObject[] {
    const timeoutSec = validateIngress(options);
    rejectUnappliedIngressOptions(options, 'Cloud.gke() (it is for the AWS Load Balancer Controller of Cloud.eks())', {
      certificateArn: 'on GKE use ingress.tlsSecret with a kubernetes.io/tls Secret',
    });
    if ((options.api ?? IngressApi.GATEWAY) === IngressApi.INGRESS) {
      throw invalid('ingress.api', 'must be IngressApi.GATEWAY on Cloud.gke()', options.api?.id,
        'a GKE Ingress takes its backend timeout and health check from a BackendConfig annotated on the Service, and the frontend Service belongs to the Dynamo operator; '
        + 'remove ingress.api (the Gateway gets a GCPBackendPolicy and a HealthCheckPolicy instead)');
    }
    const gatewayClassName = gkeGatewayClassName(options);
    const accessFields = gkeBackendPolicyAccess(options, access);
    const gateway = addFrontendGateway(ctx, options, target, { gatewayClassName, annotations: ingressAnnotations(options, {}) });
    // GKE's load balancer cuts a backend response after 30 s by default, i.e. mid token stream.
    const targetRef = { group: '', kind: 'Service', name: target.serviceName };
    const backendPolicy = new ApiObject(ctx.scope, 'GCPBackendPolicy', {
      apiVersion: 'networking.gke.io/v1',
      kind: 'GCPBackendPolicy',
      metadata: { name: ingressName(ctx), namespace: ctx.namespace, labels: ctx.labels },
      spec: { default: { timeoutSec, ...accessFields }, targetRef },
    });
    const healthCheck = new ApiObject(ctx.scope, 'HealthCheckPolicy', {
      apiVersion: 'networking.gke.io/v1',
      kind: 'HealthCheckPolicy',
      metadata: { name: ingressName(ctx), namespace: ctx.namespace, labels: ctx.labels },
      spec: { default: { config: { type: 'HTTP', httpHealthCheck: { requestPath: target.healthPath } } }, targetRef },
    });
    // With access, the route (what makes the Gateway serve the frontend) goes live only after IAP / Cloud Armor.
    const route = gateway.find((o) => o.kind === 'HTTPRoute');
    if (route !== undefined && Object.keys(accessFields).length > 0) route.node.addDependency(backendPolicy);
    return [...gateway, backendPolicy, healthCheck];
  }
}

/** The name of the N-th RDMA network (the names pods reference). @internal */
export function rdmaNetworkName(i: number): string {
  return `rdma-${i}`;
}

/**
 * RoCE for NIXL over UCX on GKE multi-networking (Dynamo `gke-roce` recipe, gpu-recipes, llm-d):
 * eth0 stays the default interface, the pod takes `nics` RDMA NICs (`rdma-0` ...) with one IP each,
 * mounts gIB and the driver, runs with IPC_LOCK, and KV pods share an RDMA topology block.
 */
function roceWiring(ctx: CloudContext, pool: CloudPoolContext, nics: number): PoolWiring {
  const names = Array.from({ length: nics }, (_, i) => rdmaNetworkName(i));
  const interfaces = [
    { interfaceName: 'eth0', network: 'default' },
    ...names.map((network, i) => ({ interfaceName: `eth${i + 1}`, network })),
  ];
  const extraResources: Record<string, string> = {};
  for (const n of names) {
    extraResources[`${GKE_NETWORK_RESOURCE_PREFIX}${n}`] = '1';
    extraResources[`${GKE_NETWORK_RESOURCE_PREFIX}${n}.IP`] = '1';
  }
  return {
    podAnnotations: {
      'networking.gke.io/default-interface': 'eth0',
      'networking.gke.io/interfaces': JSON.stringify(interfaces),
    },
    extraResources,
    rdmaResources: names.map((n) => `${GKE_NETWORK_RESOURCE_PREFIX}${n}`),
    env: { ...GKE_ROCE_ENV, NCCL_PLUGIN_PATH: '/usr/local/gib/lib64', ...NIXL_TELEMETRY_ENV },
    capabilities: [IPC_LOCK],
    volumes: [
      // gIB, Google's NCCL RDMA plugin, installed on the host by the nccl-rdma-installer DaemonSet.
      ComponentVolume.fromHostPath('gib', '/home/kubernetes/bin/gib', '/usr/local/gib'),
      ComponentVolume.fromHostPath('nvidia-install-dir-host', '/home/kubernetes/bin/nvidia', '/usr/local/nvidia'),
    ],
    affinity: podAffinity([kvPeerAffinity(ctx, pool, GKE_TOPOLOGY_BLOCK)], []),
  };
}

function shapeNames(resolved: ResolvedPool): string {
  return resolved.shapes.map((s) => `${s.name} (${s.gpuCount} × ${s.gpuType.displayName})`).join(' | ');
}
