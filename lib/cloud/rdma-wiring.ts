import { k8s } from 'cdk8s-plus-28';
import { ComponentVolume } from '../core/component-volume';
import { isExtendedResourceName as isKubernetesExtendedResourceName } from '../core/pod-rules';
import { OperatorLabels } from '../dgd/operator-labels';
import { CloudContext, CloudPoolContext, PoolWiring } from './cloud-profile';

/**
 * Facts about wiring NIXL over RDMA, shared by the cloud profiles. Sources:
 * Dynamo `docs/.../rdma-setup/efa-on-aws.mdx`, `recipes/kustomize/components/*`, NIXL `src/` getenv
 * calls (see `clouds-gpu-rdma.md` §1.5, §4).
 */

/** libfabric settings NIXL needs on EFA (Dynamo `efa-on-aws.mdx`, "required"). @internal */
export const EFA_ENV: Readonly<Record<string, string>> = {
  FI_PROVIDER: 'efa',
  FI_EFA_USE_DEVICE_RDMA: '1',
  // Shared-memory transfer corrupts GPU buffers under load.
  FI_EFA_ENABLE_SHM_TRANSFER: '0',
  FI_EFA_ENABLE_SHM: '0',
  FI_EFA_FORK_SAFE: '0',
  FI_LOG_LEVEL: 'warn',
  // KVBM (when used) follows the same backend as the engine.
  DYN_KVBM_NIXL_BACKEND_LIBFABRIC: 'true',
  DYN_KVBM_NIXL_BACKEND_UCX: 'false',
};

/** libfabric settings with EFA hugepages (`FI_EFA_USE_HUGE_PAGE=1` needs a `hugepages-2Mi` request). @internal */
export const EFA_HUGEPAGES_ENV: Readonly<Record<string, string>> = { FI_EFA_USE_HUGE_PAGE: '1' };
/** What a pod requests for EFA hugepages (the EKS NCCL example). @internal */
export const EFA_HUGEPAGES_REQUEST = '5120Mi';

/** UCX settings for GPU buffers over InfiniBand or RoCE (Dynamo §7 UCX env). @internal */
export const UCX_RDMA_ENV: Readonly<Record<string, string>> = {
  UCX_TLS: 'rc_x,rc,dc_x,dc,cuda_copy,cuda_ipc',
  UCX_IB_GPU_DIRECT_RDMA: 'yes',
  UCX_RC_TIMEOUT: '600s',
  UCX_KEEPALIVE_INTERVAL: '300s',
};

/** UCX on InfiniBand across pods: without `UCX_IB_ADDR_TYPE=eth`, NIXL fails with NIXL_ERR_REMOTE_DISCONNECT. @internal */
export const UCX_INFINIBAND_ENV: Readonly<Record<string, string>> = { ...UCX_RDMA_ENV, UCX_IB_ADDR_TYPE: 'eth' };

/** NIXL's Prometheus telemetry (metrics `nixl_bytes_transferred`, `nixl_num_failed_transfers`). @internal */
export const NIXL_TELEMETRY_ENV: Readonly<Record<string, string>> = {
  NIXL_TELEMETRY_ENABLE: 'y',
  NIXL_TELEMETRY_EXPORTER: 'prometheus',
  NIXL_TELEMETRY_PROMETHEUS_PORT: '19090',
};

/** The capability RDMA needs to pin memory (bypasses RLIMIT_MEMLOCK). @internal */
export const IPC_LOCK = 'IPC_LOCK';

/** The taint GPU nodes carry (GPU Operator, Karpenter examples, GKE); every GPU pod tolerates it. @internal */
export const GPU_TOLERATION: k8s.Toleration = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };

/** The KV-transfer pools' component names (prefill and decode). @internal */
export function kvComponents(ctx: CloudContext): string[] {
  return ctx.pools.filter((p) => p.kvTransfer).map((p) => p.componentName);
}

/**
 * Keeps this pool's pods off nodes that run the *other* KV-transfer pool of the same deployment:
 * prefill and decode on one node over EFA fail with `fi_read ... EAGAIN`, and RDMA is for crossing
 * nodes anyway (Dynamo EKS guide; `clouds-gpu-rdma.md` §1.5).
 * @internal
 */
export function kvPeerAntiAffinity(ctx: CloudContext, pool: CloudPoolContext): k8s.PodAffinityTerm | undefined {
  const others = kvComponents(ctx).filter((c) => c !== pool.componentName);
  if (!pool.kvTransfer || others.length === 0) return undefined;
  return {
    topologyKey: 'kubernetes.io/hostname',
    labelSelector: {
      matchLabels: { [OperatorLabels.GRAPH_DEPLOYMENT_NAME]: ctx.dgdName },
      matchExpressions: [{ key: OperatorLabels.COMPONENT, operator: 'In', values: others }],
    },
  };
}

/**
 * Keeps the deployment's KV-transfer pods in one topology domain (an EFA zone, a GKE RDMA topology
 * block): a pod that matches its own selector may start the domain, the rest follow it.
 * @internal
 */
export function kvPeerAffinity(ctx: CloudContext, pool: CloudPoolContext, topologyKey: string): k8s.PodAffinityTerm | undefined {
  if (!pool.kvTransfer) return undefined;
  return {
    topologyKey,
    labelSelector: {
      matchLabels: { [OperatorLabels.GRAPH_DEPLOYMENT_NAME]: ctx.dgdName },
      matchExpressions: [{ key: OperatorLabels.COMPONENT, operator: 'In', values: kvComponents(ctx) }],
    },
  };
}

/** An affinity from required pod affinity / anti-affinity terms (undefined when there are none). @internal */
export function podAffinity(affinity: (k8s.PodAffinityTerm | undefined)[], antiAffinity: (k8s.PodAffinityTerm | undefined)[]): k8s.Affinity | undefined {
  const a = affinity.filter((t): t is k8s.PodAffinityTerm => t !== undefined);
  const anti = antiAffinity.filter((t): t is k8s.PodAffinityTerm => t !== undefined);
  if (a.length === 0 && anti.length === 0) return undefined;
  return {
    ...(a.length > 0 ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: a } } : {}),
    ...(anti.length > 0 ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: anti } } : {}),
  };
}

/** The EFA device plugin's resource. @internal */
export const EFA_RESOURCE = 'vpc.amazonaws.com/efa';

/** How a pod is wired for EFA. @internal */
export interface EfaWiringOptions {
  /** EFA devices per pod. */
  readonly devices: number;
  /** The device plugin's resource; undefined for `vpc.amazonaws.com/efa`. */
  readonly resourceName?: string;
  /** Request `hugepages-2Mi` and set `FI_EFA_USE_HUGE_PAGE=1`. */
  readonly hugePages: boolean;
  /** Run privileged instead of adding only IPC_LOCK. */
  readonly privileged: boolean;
}

/**
 * EFA for NIXL over libfabric: the devices, the `FI_*` settings, IPC_LOCK (or privileged), NIXL
 * telemetry and the `-efa` runtime image. `LD_LIBRARY_PATH` is left to the `-efa` image, which sets
 * it: a pod env var would replace the image's value, not extend it.
 * @internal
 */
export function efaWiring(options: EfaWiringOptions): PoolWiring {
  return {
    extraResources: {
      [options.resourceName ?? EFA_RESOURCE]: String(options.devices),
      ...(options.hugePages ? { 'hugepages-2Mi': EFA_HUGEPAGES_REQUEST } : {}),
    },
    rdmaResources: [options.resourceName ?? EFA_RESOURCE],
    env: { ...EFA_ENV, ...(options.hugePages ? EFA_HUGEPAGES_ENV : {}), ...NIXL_TELEMETRY_ENV },
    capabilities: [IPC_LOCK],
    privileged: options.privileged || undefined,
    imageTagSuffix: '-efa',
  };
}

/** How a pod is wired for InfiniBand. @internal */
export interface InfinibandWiringOptions {
  /** The device plugin's resource, e.g. `rdma/ib`, `rdma/shared_ib`, `rdma/hca_shared_devices_a`. */
  readonly resourceName: string;
  /** Devices per pod. */
  readonly devices: number;
  /** `UCX_NET_DEVICES` (e.g. `mlx5_0:1`); undefined lets UCX choose. */
  readonly netDevices?: readonly string[];
  /** Mount the host's `/dev/infiniband` (needed with the shared-device plugins in some setups). */
  readonly mountDevices: boolean;
}

/** InfiniBand for NIXL over UCX: the RDMA resource, the UCX settings, IPC_LOCK and NIXL telemetry. @internal */
export function infinibandWiring(options: InfinibandWiringOptions): PoolWiring {
  return {
    extraResources: { [options.resourceName]: String(options.devices) },
    rdmaResources: [options.resourceName],
    env: {
      ...UCX_INFINIBAND_ENV,
      ...(options.netDevices && options.netDevices.length > 0 ? { UCX_NET_DEVICES: options.netDevices.join(',') } : {}),
      ...NIXL_TELEMETRY_ENV,
    },
    capabilities: [IPC_LOCK],
    volumes: options.mountDevices
      ? [ComponentVolume.fromHostPath('infiniband', '/dev/infiniband', '/dev/infiniband', { type: 'Directory' })]
      : undefined,
  };
}

/** Validates a device-plugin resource name such as `rdma/ib`. @internal */
export function isExtendedResourceName(name: string): boolean {
  return isKubernetesExtendedResourceName(name);
}

/** Validates UCX device names such as `mlx5_0:1`. @internal */
export function isUcxNetDevice(name: string): boolean {
  return /^[A-Za-z0-9_]+:\d+$/.test(name);
}
