import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { invalid, requireInteger } from '../../core/errors';
import { NixlBackend } from '../../core/nixl-backend';
import { AccessSupport, CloudBinding, CloudContext, CloudPoolContext, CloudProfile, IngressTarget, PoolWiring } from '../cloud-profile';
import { FrontendIngressOptions, INGRESS_OPTION_NAMES, IngressApi, rejectUnappliedIngressOptions, validateIngress } from '../frontend-ingress';
import { addFrontendGateway, addFrontendIngress, ingressAnnotations } from '../ingress-objects';
import { TCP_KV_TRANSFER_COST } from '../kv-transfer';
import { ModelStorage } from '../model-storage';
import { RdmaFabric } from '../rdma-fabric';
import {
  efaWiring, GPU_TOLERATION, infinibandWiring, isExtendedResourceName, isUcxNetDevice, kvPeerAntiAffinity, podAffinity,
} from '../rdma-wiring';
import { gpuProductSelection } from './gpu-product-selection';

/** The RDMA fabric of a cluster the library cannot inspect, declared by its operator. */
export interface GenericRdmaOptions {
  /** The fabric: `RdmaFabric.EFA`, `RdmaFabric.INFINIBAND` or `RdmaFabric.ROCE`. */
  readonly fabric: RdmaFabric;
  /**
   * The device plugin's extended resource.
   * @default - `vpc.amazonaws.com/efa` for EFA, `rdma/ib` otherwise
   */
  readonly resourceName?: string;
  /**
   * RDMA devices each KV-transfer or multi-node pod requests (a pool's `rdmaDevices` overrides it).
   * @default 1
   */
  readonly devicesPerPod?: number;
  /**
   * `UCX_NET_DEVICES` for InfiniBand / RoCE, e.g. `['mlx5_0:1']` (avoid bonded devices without a LID).
   * @default - UCX picks the devices
   */
  readonly ucxNetDevices?: string[];
  /**
   * Mount the host's `/dev/infiniband` into the workers (some shared-device plugins need it).
   * @default false
   */
  readonly mountInfinibandDevices?: boolean;
  /**
   * Run EFA workers privileged. Dynamo's EFA guide requires it for `fi_mr_reg` on GPU memory; its
   * examples (and llm-d's) run with `IPC_LOCK` only. Turn it on if NIXL logs memory registration
   * failures.
   * @default false - IPC_LOCK only
   */
  readonly privileged?: boolean;
  /**
   * Request `hugepages-2Mi: 5120Mi` and set `FI_EFA_USE_HUGE_PAGE=1` (EFA only; the nodes must
   * pre-allocate hugepages).
   * @default false
   */
  readonly efaHugePages?: boolean;
}

/** Options for {@link Cloud.generic}. */
export interface GenericCloudOptions {
  /**
   * The RDMA fabric between GPU nodes. The library cannot see it on a generic cluster, so a
   * disaggregated deployment must declare it (or accept TCP with `allowTcpKvTransfer`).
   * @default - none declared
   */
  readonly rdma?: GenericRdmaOptions;
  /**
   * Tolerations every GPU worker gets.
   * @default - `nvidia.com/gpu` Exists NoSchedule, the taint of GPU Operator and Karpenter GPU nodes
   */
  readonly gpuTolerations?: k8s.Toleration[];
}

/**
 * Any cluster with the NVIDIA device plugin: tolerations, node selectors, a declared RDMA fabric, and
 * pools placed by `gpuType` through the GPU Operator's `nvidia.com/gpu.product` node label.
 * @internal
 */
export class GenericProfile extends CloudProfile {
  public readonly id = 'generic';
  public readonly displayName = 'Cloud.generic()';
  /** A pool's `gpuType` selects the nodes GPU Feature Discovery labels with one of its product names. */
  public readonly selectsGpuType = true;
  /** It checks every ingress option itself, per ingress API. */
  public readonly ingressOptions: readonly (keyof FrontendIngressOptions)[] = INGRESS_OPTION_NAMES;

  public constructor(private readonly options: GenericCloudOptions) {
    super();
    const rdma = options.rdma;
    if (!rdma) return;
    if (!rdma.fabric.nixlUsable) {
      throw invalid('cloud.rdma.fabric', 'must be a fabric NIXL can use', rdma.fabric.displayName,
        'use RdmaFabric.EFA, RdmaFabric.INFINIBAND or RdmaFabric.ROCE, or leave rdma out');
    }
    if (rdma.fabric !== RdmaFabric.EFA && rdma.fabric.nixlBackend !== NixlBackend.UCX) {
      throw invalid('cloud.rdma.fabric', `must be EFA or a fabric NIXL reaches over UCX (${rdma.fabric.displayName} needs ${rdma.fabric.nixlBackend})`, rdma.fabric.displayName,
        'Cloud.generic() wires EFA for libfabric and InfiniBand / RoCE for UCX; write a CloudProfile (Cloud.custom) for another wiring');
    }
    if (rdma.resourceName !== undefined && !isExtendedResourceName(rdma.resourceName)) {
      throw invalid('cloud.rdma.resourceName', 'must be an extended resource name with a domain prefix', rdma.resourceName, 'use the device plugin\'s resource, e.g. "rdma/ib" or "rdma/shared_ib"');
    }
    if (rdma.devicesPerPod !== undefined) requireInteger('cloud.rdma.devicesPerPod', rdma.devicesPerPod, 1, 'request at least one RDMA device per pod');
    for (const d of rdma.ucxNetDevices ?? []) {
      if (!isUcxNetDevice(d)) throw invalid('cloud.rdma.ucxNetDevices', 'must list UCX devices as <device>:<port>', d, 'use e.g. "mlx5_0:1" (see `ucx_info -d`)');
    }
    const efa = rdma.fabric === RdmaFabric.EFA;
    if (efa && rdma.ucxNetDevices) throw invalid('cloud.rdma.ucxNetDevices', 'is for UCX (InfiniBand / RoCE); EFA uses libfabric', rdma.ucxNetDevices, 'remove it');
    if (!efa && (rdma.privileged !== undefined || rdma.efaHugePages !== undefined)) {
      throw invalid(rdma.privileged !== undefined ? 'cloud.rdma.privileged' : 'cloud.rdma.efaHugePages', 'applies to EFA only', rdma.fabric.displayName, 'remove it');
    }
  }

  public bind(ctx: CloudContext): CloudBinding {
    const pools: Record<string, PoolWiring> = {};
    for (const pool of ctx.pools) {
      const base: PoolWiring = { tolerations: this.options.gpuTolerations ?? [GPU_TOLERATION] };
      const gpu = gpuProductSelection(pool, this.displayName);
      const fabric = this.fabricWiring(ctx, pool);
      // The GPU's node term beside the fabric's pod terms; its summary before the fabric's.
      pools[pool.prop] = {
        ...base,
        ...fabric,
        ...(gpu ? { affinity: { nodeAffinity: gpu.nodeAffinity, ...fabric?.affinity }, summary: [gpu.summary, fabric?.summary].filter((x) => x).join(', ') } : {}),
      };
    }
    return { pools };
  }

  /** The RDMA wiring of a pool that needs it (KV transfer, multi-node), when the cluster's fabric is declared. */
  private fabricWiring(ctx: CloudContext, pool: CloudPoolContext): PoolWiring | undefined {
    const rdma = this.options.rdma;
    if (!pool.kvTransfer && pool.nodes <= 1) return undefined;
    if (!rdma) {
      if (pool.kvTransfer && !ctx.allowTcpKvTransfer) {
        throw invalid('cloud', `must declare the RDMA fabric for disaggregated serving on Cloud.generic(): without it ${TCP_KV_TRANSFER_COST}`, 'Cloud.generic()',
          "declare it, e.g. Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' } }), or accept the cost with allowTcpKvTransfer: true");
      }
      return undefined;
    }
    return this.rdmaWiring(ctx, pool, rdma);
  }

  /** Any storage: the library cannot tell which CSI drivers the cluster runs. */
  public acceptsModelStorage(storage: ModelStorage): boolean {
    void storage;
    return true;
  }

  private rdmaWiring(ctx: CloudContext, pool: CloudPoolContext, rdma: GenericRdmaOptions): PoolWiring {
    const devices = pool.options.rdmaDevices ?? rdma.devicesPerPod ?? 1;
    requireInteger(`${pool.prop}.rdmaDevices`, devices, 1, 'request at least one RDMA device per pod');
    if (rdma.fabric === RdmaFabric.EFA) {
      return {
        ...efaWiring({ devices, resourceName: rdma.resourceName, hugePages: rdma.efaHugePages ?? false, privileged: rdma.privileged ?? false }),
        fabric: rdma.fabric,
        affinity: podAffinity([], [kvPeerAntiAffinity(ctx, pool)]),
        summary: `${rdma.fabric.displayName} × ${devices}, NIXL ${rdma.fabric.nixlBackend}`,
      };
    }
    return {
      ...infinibandWiring({ resourceName: rdma.resourceName ?? 'rdma/ib', devices, netDevices: rdma.ucxNetDevices, mountDevices: rdma.mountInfinibandDevices ?? false }),
      fabric: rdma.fabric,
      summary: `${rdma.fabric.displayName} × ${devices}, NIXL ${rdma.fabric.nixlBackend}`,
    };
  }

  /**
   * None: the library does not know the cluster's ingress controller, so it enforces no access
   * feature; `ingress.controller` (Envoy Gateway, Envoy AI Gateway) enforces them on any cluster.
   */
  public override accessSupport(options: FrontendIngressOptions): AccessSupport {
    void options;
    return { enforcer: 'the ingress controller of Cloud.generic() (one the library does not know)', features: [] };
  }

  public addIngress(ctx: CloudContext, options: FrontendIngressOptions, target: IngressTarget): readonly ApiObject[] {
    validateIngress(options);
    rejectUnappliedIngressOptions(options, 'Cloud.generic(), whose ingress controller the library does not know', {
      certificateArn: 'it is for the AWS Load Balancer Controller (Cloud.eks()); use ingress.tlsSecret with a kubernetes.io/tls Secret',
      internal: "use your controller's class via ingress.className and its annotations via ingress.annotations",
      timeout: "set your controller's timeout through ingress.annotations, e.g. nginx.ingress.kubernetes.io/proxy-read-timeout",
    });
    const api = options.api ?? IngressApi.INGRESS;
    if (api === IngressApi.GATEWAY) {
      if (!options.className) {
        throw invalid('ingress.className', 'is required with IngressApi.GATEWAY on Cloud.generic() (there is no default GatewayClass)', undefined, 'name the GatewayClass of your Gateway API implementation, e.g. "istio" or "envoy-gateway"');
      }
      return addFrontendGateway(ctx, options, target, { gatewayClassName: options.className, annotations: ingressAnnotations(options, {}) });
    }
    if (options.host !== undefined && !options.tlsSecret) {
      throw invalid('ingress.tlsSecret', 'is required with ingress.host (the library serves HTTPS for a host)', undefined,
        'reference a kubernetes.io/tls Secret with SecretRef.fromSecretName("llm-tls"), or remove ingress.host for HTTP');
    }
    return [addFrontendIngress(ctx, options, target, {
      className: options.className,
      annotations: ingressAnnotations(options, {}),
      tls: options.host !== undefined,
      tlsSecretName: options.tlsSecret?.name,
    })];
  }
}
