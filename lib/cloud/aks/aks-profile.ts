import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { EndpointAccess } from '../../access/endpoint-access';
import { rejectUnenforcedAccess } from '../../access/unenforced-access';
import { invalid, requireInteger } from '../../core/errors';
import { clusterObjectName } from '../../core/operator-names';
import { booleanShape, checkArg } from '../../core/input-shape';
import { CapacityType } from '../capacity-type';
import { AccessSupport, CloudBinding, CloudContext, CloudProfile, IngressTarget, PoolWiring } from '../cloud-profile';
import { ClusterObject } from '../cluster-object';
import { FrontendIngressOptions, INGRESS_OPTION_NAMES, IngressApi, rejectUnappliedIngressOptions, validateIngress } from '../frontend-ingress';
import { addFrontendGateway, addFrontendIngress, ingressAnnotations } from '../ingress-objects';
import { MachineShape } from '../machine-shape';
import { describeShape, rdmaDevicesPerPod, resolvedPool, ResolvedPool, withExtraShapes } from '../pool-shapes';
import { RdmaFabric } from '../rdma-fabric';
import { GPU_TOLERATION, infinibandWiring, isExtendedResourceName, isUcxNetDevice } from '../rdma-wiring';
import { addIstioGatewayAccess, aksAccessSupport, aksNginxAccessAnnotations } from './aks-access';
import { AKS_SHAPES } from './aks-shapes';

/**
 * The OS image of node auto-provisioned GPU nodes (`AKSNodeClass.spec.imageFamily`,
 * karpenter.azure.com/v1beta1).
 */
export class AksImageFamily {
  /** Ubuntu, the release AKS supports for the cluster's Kubernetes version (the CRD default). */
  public static readonly UBUNTU = new AksImageFamily('Ubuntu');
  /** Ubuntu 22.04. */
  public static readonly UBUNTU_2204 = new AksImageFamily('Ubuntu2204');
  /** Ubuntu 24.04. */
  public static readonly UBUNTU_2404 = new AksImageFamily('Ubuntu2404');
  /** Azure Linux. Azure Managed Lustre's CSI driver needs Ubuntu nodes. */
  public static readonly AZURE_LINUX = new AksImageFamily('AzureLinux');

  private constructor(
    /** The value as the AKSNodeClass spells it. */
    public readonly value: string,
  ) {}

  /** The value as the AKSNodeClass spells it, e.g. `Ubuntu2204`. */
  public toString(): string {
    return this.value;
  }
}

/** Who installs the NVIDIA driver on node auto-provisioned GPU nodes (`AKSNodeClass.spec.gpu.mode`). */
export class AksGpuDriver {
  /** AKS installs the driver; only GPU sizes with a managed driver are eligible. */
  public static readonly AKS_MANAGED = new AksGpuDriver('Driver');
  /** AKS skips the driver, for clusters where the NVIDIA GPU Operator manages it; every GPU size is eligible. */
  public static readonly NONE = new AksGpuDriver('None');

  private constructor(
    /** The `gpu.mode` value. */
    public readonly mode: string,
  ) {}

  /** The `gpu.mode` value: `Driver` or `None`. */
  public toString(): string {
    return this.mode;
  }
}

/**
 * The extended resource through which InfiniBand devices reach pods. Three conventions are in use on
 * AKS with the NVIDIA Network Operator (`clouds-gpu-rdma.md` §3.4).
 */
export class AksRdmaResource {
  /**
   * `rdma/shared_ib`: the Network Operator's RDMA shared device plugin (Azure/aks-rdma-infiniband
   * `rdma-shared-device-plugin`, Dynamo's `aks-ib` recipe). Every pod requests 1 and sees all HCAs.
   */
  public static readonly SHARED_IB = new AksRdmaResource('rdma/shared_ib', true);
  /**
   * `rdma/ib`: the SR-IOV device plugin with `isRdma` (Azure/aks-rdma-infiniband `sriov-device-plugin`,
   * llm-d's AKS guide). A pod is given the HCAs it requests.
   */
  public static readonly IB = new AksRdmaResource('rdma/ib', false);
  /** `rdma/hca_shared_devices_a`: the standalone `k8s-rdma-shared-dev-plugin` (Dynamo `infiniband-on-azure.mdx`). */
  public static readonly HCA_SHARED_DEVICES_A = new AksRdmaResource('rdma/hca_shared_devices_a', true);

  /**
   * Another device plugin's resource.
   * @param resourceName the extended resource, e.g. `rdma/my_ib`
   * @param shared whether one device gives a pod every HCA (a shared device plugin) rather than one HCA each
   */
  public static custom(resourceName: string, shared: boolean): AksRdmaResource {
    if (typeof resourceName !== 'string' || !isExtendedResourceName(resourceName)) {
      throw invalid('cloud.rdmaResource', 'must be an extended resource name with a domain prefix', resourceName, 'use the device plugin\'s resource, e.g. "rdma/shared_ib"');
    }
    checkArg('cloud.rdmaResource.shared', shared, booleanShape(), { fix: 'say whether one device gives a pod every HCA: AksRdmaResource.custom(\'rdma/my_ib\', true)' });
    return new AksRdmaResource(resourceName, shared);
  }

  private constructor(
    /** The extended resource name. */
    public readonly resourceName: string,
    /** Whether one device gives a pod every HCA of the node. */
    public readonly shared: boolean,
  ) {}

  /** The extended resource name, e.g. `rdma/shared_ib`. */
  public toString(): string {
    return this.resourceName;
  }
}

/** Options for {@link Cloud.aks}. */
export interface AksOptions {
  /**
   * Existing AKS node pools (agent pools), by worker pool prop, e.g. `{ prefill: 'ndh100', decode: 'ndh100' }`.
   * A mapped pool's pods select `kubernetes.azure.com/agentpool: <name>` and no NodePool / AKSNodeClass
   * is created for it; its `machineType` must still name the pool's VM size. Required for pools that
   * need InfiniBand: node auto-provisioning gives no same-fabric guarantee for ND VMs, and InfiniBand
   * only connects the VMs of one scale set, so prefill and decode must share one node pool.
   * @default - every pool gets nodes from node auto-provisioning
   */
  readonly nodePools?: Record<string, string>;
  /**
   * The OS image of node auto-provisioned GPU nodes.
   * @default AksImageFamily.UBUNTU - the Ubuntu release AKS supports for the cluster's Kubernetes version (Azure Managed Lustre needs Ubuntu)
   */
  readonly imageFamily?: AksImageFamily;
  /**
   * Who installs the NVIDIA driver on node auto-provisioned GPU nodes.
   * @default AksGpuDriver.AKS_MANAGED - use AksGpuDriver.NONE when the GPU Operator manages drivers
   */
  readonly gpuDriver?: AksGpuDriver;
  /**
   * OS disk size of node auto-provisioned GPU nodes, in GB (30 to 2048): runtime images are tens of GB.
   * @default 256
   */
  readonly osDiskSizeGB?: number;
  /**
   * The most GPUs each node auto-provisioned pool may run (the NodePool's `nvidia.com/gpu` limit).
   * @default - twice what the pool's replicas need with one node per pod (room for a rolling update); raise it for autoscaled pools
   */
  readonly maxGpusPerPool?: number;
  /**
   * The InfiniBand device plugin's resource.
   * @default AksRdmaResource.SHARED_IB - the resource of Dynamo's `aks-ib` recipe and of Azure/aks-rdma-infiniband's shared device plugin
   */
  readonly rdmaResource?: AksRdmaResource;
  /**
   * `UCX_NET_DEVICES`: the HCAs UCX uses (check the names with `ibv_devinfo` on a node).
   * @default - `mlx5_0:1,mlx5_1:1,mlx5_2:1,mlx5_3:1` (Dynamo's `aks-ib` recipe) with a shared device plugin; UCX picks the pod's devices with `AksRdmaResource.IB`
   */
  readonly ucxNetDevices?: string[];
  /**
   * Mount the host's `/dev/infiniband` into InfiniBand workers.
   * @default - true with a shared device plugin (as Dynamo's `aks-ib` recipe); false with `AksRdmaResource.IB`, whose plugin mounts the pod's devices
   */
  readonly mountInfinibandDevices?: boolean;
  /**
   * VM sizes to add to the catalog (`AKS_SHAPES`), e.g. a newer ND size.
   * @default - none
   */
  readonly extraShapes?: MachineShape[];
}

/** The default `UCX_NET_DEVICES` with a shared device plugin (Dynamo `recipes/kustomize/components/aks-ib`). @internal */
export const AKS_IB_UCX_NET_DEVICES: readonly string[] = ['mlx5_0:1', 'mlx5_1:1', 'mlx5_2:1', 'mlx5_3:1'];

/** The label AKS puts on the nodes of a node pool (agent pool). @internal */
export const AGENT_POOL_LABEL = 'kubernetes.azure.com/agentpool';

/** The taint AKS puts on spot node pools (§3.3). @internal */
export const AKS_SPOT_TOLERATION: k8s.Toleration = { key: 'kubernetes.azure.com/scalesetpriority', operator: 'Equal', value: 'spot', effect: 'NoSchedule' };

/** The GPU taint the AKS docs recommend for GPU node pools (`--node-taints sku=gpu:NoSchedule`, §3.3). @internal */
export const AKS_SKU_GPU_TOLERATION: k8s.Toleration = { key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' };

/** The app routing add-on's GatewayClass (Gateway API on Istio, §3.5). @internal */
export const AKS_GATEWAY_CLASS = 'approuting-istio';
/** The app routing add-on's NGINX IngressClass (supported by Microsoft through November 2026, §3.5). @internal */
export const AKS_INGRESS_CLASS = 'webapprouting.kubernetes.azure.com';

const DEFAULT_OS_DISK_GB = 256;

/**
 * Azure AKS. Each pool gets nodes either from node auto-provisioning (NAP, managed Karpenter): a
 * `NodePool` (karpenter.sh/v1) + `AKSNodeClass` (karpenter.azure.com/v1beta1) per pool, pods pinned
 * with `karpenter.sh/nodepool`; or from an existing node pool (`nodePools`), which InfiniBand needs.
 * InfiniBand pools are wired for NIXL over UCX. Ingress goes through the app routing add-on.
 *
 * Node auto-provisioned GPU nodes are tainted `nvidia.com/gpu:NoSchedule`, the key the NVIDIA device
 * plugin and GPU Operator tolerate; GPU workers tolerate it and `sku=gpu:NoSchedule`, the taint the
 * AKS docs recommend for hand-made GPU node pools, and AKS's spot taint when the pool accepts spot.
 * @internal
 */
export class AksProfile extends CloudProfile {
  public readonly id = 'aks';
  public readonly displayName = 'Cloud.aks()';
  public readonly shapes: readonly MachineShape[];
  /**
   * On-demand and spot: node auto-provisioning knows no reserved capacity type (capacity
   * reservations apply through the VMs, not a capacity type).
   */
  public readonly capacityTypes: readonly CapacityType[] = [CapacityType.ON_DEMAND, CapacityType.SPOT];
  /** It checks every ingress option itself, per ingress API. */
  public readonly ingressOptions: readonly (keyof FrontendIngressOptions)[] = INGRESS_OPTION_NAMES;
  private readonly rdmaResource: AksRdmaResource;

  public constructor(private readonly options: AksOptions) {
    super();
    this.shapes = withExtraShapes('cloud.extraShapes', AKS_SHAPES, options.extraShapes);
    for (const [i, s] of (options.extraShapes ?? []).entries()) {
      if (s.fabric !== RdmaFabric.INFINIBAND && s.fabric !== RdmaFabric.NONE) {
        throw invalid(`cloud.extraShapes[${i}].fabric`, 'must be InfiniBand or none on Azure', s.fabric.displayName, 'use RdmaFabric.INFINIBAND for ND sizes, RdmaFabric.NONE otherwise');
      }
    }
    for (const [prop, name] of Object.entries(options.nodePools ?? {})) {
      // AKS: Linux node pool names are 1-12 lowercase letters and digits, starting with a letter.
      if (typeof name !== 'string' || !/^[a-z][a-z0-9]{0,11}$/.test(name)) {
        throw invalid(`cloud.nodePools.${prop}`, 'must be an AKS node pool name (1-12 lowercase letters and digits, starting with a letter)', name,
          'use the name from `az aks nodepool list`, e.g. "ndh100"');
      }
    }
    if (options.osDiskSizeGB !== undefined) {
      requireInteger('cloud.osDiskSizeGB', options.osDiskSizeGB, 30, 'use a size in GB the AKSNodeClass accepts, e.g. 256', 2048);
    }
    if (options.maxGpusPerPool !== undefined) {
      requireInteger('cloud.maxGpusPerPool', options.maxGpusPerPool, 1, 'allow at least one GPU per node auto-provisioned pool');
    }
    this.rdmaResource = options.rdmaResource ?? AksRdmaResource.SHARED_IB;
    if (options.ucxNetDevices !== undefined) {
      if (options.ucxNetDevices.length === 0) {
        throw invalid('cloud.ucxNetDevices', 'must list at least one device', options.ucxNetDevices, 'list e.g. ["mlx5_0:1"], or remove it to use the default');
      }
      for (const d of options.ucxNetDevices) {
        if (!isUcxNetDevice(d)) throw invalid('cloud.ucxNetDevices', 'must list UCX devices as <device>:<port>', d, 'use e.g. "mlx5_0:1" (see `ibv_devinfo` or `ucx_info -d`)');
      }
    }
  }

  /** AKS installs the driver unless `gpuDriver` is `AksGpuDriver.NONE` (`gpu.mode: None`). */
  public override providesGpuDriver(): boolean {
    return (this.options.gpuDriver ?? AksGpuDriver.AKS_MANAGED) !== AksGpuDriver.NONE;
  }

  public bind(ctx: CloudContext): CloudBinding {
    const props = ctx.pools.map((p) => p.prop);
    for (const key of Object.keys(this.options.nodePools ?? {})) {
      if (!props.includes(key)) {
        throw invalid('cloud.nodePools', `must map this deployment's worker pools (${props.join(', ')})`, key, `remove "${key}" or rename it to a worker pool prop`);
      }
    }
    const resolved = ctx.pools.map(resolvedPool);
    this.checkInfinibandPools(resolved);

    const pools: Record<string, PoolWiring> = {};
    const poolObjects: Record<string, ApiObject[]> = {};
    for (const r of resolved) {
      const pool = r.pool;
      const capacityTypes = pool.capacityTypes;
      const agentPool = this.options.nodePools?.[pool.prop];
      const tolerations = [GPU_TOLERATION, AKS_SKU_GPU_TOLERATION, ...(capacityTypes.includes(CapacityType.SPOT) ? [AKS_SPOT_TOLERATION] : [])];
      let nodeSelector: Record<string, string>;
      let where: string;
      if (agentPool !== undefined) {
        nodeSelector = { [AGENT_POOL_LABEL]: agentPool };
        where = `node pool ${agentPool}`;
      } else {
        const objects = this.addNodeAutoProvisioning(ctx, r, capacityTypes);
        poolObjects[pool.prop] = objects;
        const name = objects[0].metadata.name!;
        nodeSelector = { 'karpenter.sh/nodepool': name };
        where = `NAP NodePool ${name}`;
      }
      const machine = r.shapes.map(describeShape).join(' | ');
      if (!r.rdma) {
        pools[pool.prop] = { tolerations, nodeSelector, summary: `${machine}, ${where}` };
        continue;
      }
      const ib = this.infiniband(r);
      pools[pool.prop] = {
        ...ib.wiring,
        fabric: r.fabric,
        tolerations,
        nodeSelector,
        summary: `${machine}, ${where}, InfiniBand ${this.rdmaResource.resourceName} × ${ib.devices}, NIXL ${r.fabric.nixlBackend}`,
      };
    }
    return { pools, poolObjects };
  }

  /** InfiniBand needs an existing node pool, and KV-transfer peers must share it (one scale set, one fabric). */
  private checkInfinibandPools(resolved: ResolvedPool[]): void {
    const ib = resolved.filter((r) => r.rdma && r.fabric === RdmaFabric.INFINIBAND);
    for (const r of ib) {
      const p = r.pool.prop;
      if (this.options.nodePools?.[p] !== undefined) continue;
      const why = r.pool.kvTransfer ? 'KV transfer' : 'its multi-node worker';
      const size = r.shapes[0].name;
      throw invalid(`cloud.nodePools.${p}`,
        `must name an existing node pool: the ${p} pool needs InfiniBand for ${why} on ${r.shapes.map((s) => s.name).join(', ')}, and node auto-provisioning gives no same-fabric guarantee for ND VMs`,
        undefined,
        `register the Microsoft.ContainerService/AKSInfinibandSupport feature, create the pool with \`az aks nodepool add --name ndpool --node-vm-size ${size} --node-taints sku=gpu:NoSchedule ...\`, `
        + `install the NVIDIA Network Operator, then set Cloud.aks({ nodePools: { ${p}: 'ndpool' } })`);
    }
    const kv = ib.filter((r) => r.pool.kvTransfer);
    const names = [...new Set(kv.map((r) => this.options.nodePools![r.pool.prop]))];
    if (names.length > 1) {
      throw invalid('cloud.nodePools', 'must put the KV-transfer pools on one node pool: InfiniBand only connects the VMs of one scale set',
        Object.fromEntries(kv.map((r) => [r.pool.prop, this.options.nodePools![r.pool.prop]])),
        `map ${kv.map((r) => r.pool.prop).join(' and ')} to the same ND node pool`);
    }
  }

  /** Adds the pool's NodePool and AKSNodeClass; returns them, the NodePool first. */
  private addNodeAutoProvisioning(ctx: CloudContext, r: ResolvedPool, capacityTypes: readonly CapacityType[]): ApiObject[] {
    const pool = r.pool;
    // The NodePool name becomes the `karpenter.sh/nodepool` label value on nodes.
    const name = clusterObjectName(ctx.dynamoNamespace, pool.prop, `${pool.prop} NodePool and AKSNodeClass`, 'karpenter.sh/nodepool');
    const replicas = Math.max(1, pool.maxReplicas);
    const largest = Math.max(...r.shapes.map((s) => s.gpuCount));
    const gpuLimit = this.options.maxGpusPerPool ?? 2 * replicas * pool.nodes * largest;
    // Karpenter counts whole nodes against the limit.
    const smallest = Math.min(...r.shapes.map((s) => s.gpuCount));
    if (gpuLimit < smallest) {
      throw invalid('cloud.maxGpusPerPool', `must allow one ${pool.prop} node (${smallest} GPUs)`, gpuLimit, `raise it to at least ${smallest}`);
    }
    const nodeClass = new ClusterObject(ctx.scope, `AKSNodeClass-${pool.prop}`, {
      apiVersion: 'karpenter.azure.com/v1beta1',
      kind: 'AKSNodeClass',
      metadata: { name, labels: ctx.labels },
      spec: {
        imageFamily: (this.options.imageFamily ?? AksImageFamily.UBUNTU).value,
        osDiskSizeGB: this.options.osDiskSizeGB ?? DEFAULT_OS_DISK_GB,
        gpu: { mode: (this.options.gpuDriver ?? AksGpuDriver.AKS_MANAGED).mode },
      },
    });
    const nodePool = new ClusterObject(ctx.scope, `NodePool-${pool.prop}`, {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name, labels: ctx.labels },
      spec: {
        template: {
          spec: {
            nodeClassRef: { group: 'karpenter.azure.com', kind: 'AKSNodeClass', name },
            requirements: [
              { key: 'node.kubernetes.io/instance-type', operator: 'In', values: r.shapes.map((s) => s.name) },
              { key: 'karpenter.sh/capacity-type', operator: 'In', values: capacityTypes.map((c) => c.value) },
            ],
            taints: [{ key: GPU_TOLERATION.key, effect: 'NoSchedule' }],
            // Expiry is forceful (no budget applies): never recycle a serving GPU node on a timer.
            expireAfter: 'Never',
          },
        },
        // Only empty nodes are consolidated, and drift (node image upgrades) replaces one node at a time.
        disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '10m', budgets: [{ nodes: '1' }] },
        limits: { 'nvidia.com/gpu': gpuLimit },
      },
    });
    nodePool.node.addDependency(nodeClass);
    return [nodePool, nodeClass];
  }

  /** NIXL over UCX on InfiniBand, per Dynamo's `aks-ib` recipe. */
  private infiniband(r: ResolvedPool): { wiring: PoolWiring; devices: number } {
    const resource = this.rdmaResource;
    // A shared device gives the pod every HCA, so one is enough; otherwise one HCA per GPU.
    const devices = resource.shared && r.pool.options.rdmaDevices === undefined ? 1 : rdmaDevicesPerPod(r);
    const netDevices = this.options.ucxNetDevices ?? (resource.shared ? AKS_IB_UCX_NET_DEVICES : undefined);
    const wiring = infinibandWiring({
      resourceName: resource.resourceName,
      devices,
      netDevices,
      mountDevices: this.options.mountInfinibandDevices ?? resource.shared,
    });
    return { wiring: { ...wiring, env: { ...wiring.env, NCCL_SOCKET_IFNAME: 'eth0' } }, devices };
  }

  /**
   * A source allow list on the app routing Gateway; JWT validation too on the Istio add-on's
   * Gateway (`className: 'istio'`); a source allow list and a request limit per client IP on the
   * app routing NGINX Ingress; with `access`, warnings about NGINX's request limit and JWTs over
   * HTTP. See aks-access.ts.
   */
  public override accessSupport(options: FrontendIngressOptions, access?: EndpointAccess): AccessSupport {
    return aksAccessSupport(options, AKS_GATEWAY_CLASS, access);
  }

  public addIngress(ctx: CloudContext, options: FrontendIngressOptions, target: IngressTarget, access?: EndpointAccess): readonly ApiObject[] {
    // The pattern refuses it first; kept for direct callers, whose access would go unenforced.
    const support = aksAccessSupport(options, AKS_GATEWAY_CLASS);
    rejectUnenforcedAccess(access, support.features, support.enforcer);
    const seconds = validateIngress(options);
    rejectUnappliedIngressOptions(options, 'Cloud.aks() (it is for the AWS Load Balancer Controller of Cloud.eks())', {
      certificateArn: 'use ingress.tlsSecret with a kubernetes.io/tls Secret (e.g. synced from Key Vault or issued by cert-manager)',
    });
    const api = options.api ?? IngressApi.GATEWAY;
    if (api === IngressApi.GATEWAY) {
      rejectUnappliedIngressOptions(options, 'the app routing Gateway of Cloud.aks()', {
        internal: 'remove it, and if your Gateway implementation copies Gateway annotations to its load balancer Service, set service.beta.kubernetes.io/azure-load-balancer-internal: "true" with ingress.annotations',
        timeout: 'remove it; configure timeouts with your Gateway API implementation\'s policy objects',
      });
      const objects = addFrontendGateway(ctx, options, target, { gatewayClassName: options.className ?? AKS_GATEWAY_CLASS, annotations: ingressAnnotations(options, {}) });
      // Istio's customization ConfigMap and security CRDs mean nothing to another implementation (it enforces no access).
      const istio = support.features.length > 0;
      return istio ? [...objects, ...addIstioGatewayAccess(ctx, objects[0], access)] : objects;
    }
    if (options.host !== undefined && !options.tlsSecret) {
      throw invalid('ingress.tlsSecret', 'is required with ingress.host (the app routing NGINX serves HTTPS for a host with a Secret)', undefined,
        'reference a kubernetes.io/tls Secret with SecretRef.fromSecretName("llm-tls"), or remove ingress.host for HTTP');
    }
    rejectUnappliedIngressOptions(options, 'the app routing NGINX Ingress of Cloud.aks() (its controller decides it)', {
      internal: 'create an NginxIngressController whose loadBalancerAnnotations make its load balancer internal, and name its IngressClass with ingress.className',
    });
    // The app routing add-on runs ingress-nginx, which reads its proxy timeouts from Ingress annotations (default 60 s).
    return [addFrontendIngress(ctx, options, target, {
      className: options.className ?? AKS_INGRESS_CLASS,
      annotations: ingressAnnotations(options, {
        'nginx.ingress.kubernetes.io/proxy-read-timeout': String(seconds),
        'nginx.ingress.kubernetes.io/proxy-send-timeout': String(seconds),
        ...aksNginxAccessAnnotations(options, access),
      }),
      tls: options.host !== undefined,
      tlsSecretName: options.tlsSecret?.name,
    })];
  }
}
