import { Size } from 'cdk8s';
import { ContainerResources, Cpu } from 'cdk8s-plus-28';
import { MachineShape } from '../../cloud/machine-shape';
import { WORKER_EPHEMERAL_STORAGE } from './resource-defaults';

/**
 * A worker's default CPU and memory requests. On a machine shape the catalog describes (vCPUs,
 * memory), the pod requests its share of what the node leaves to pods: (capacity − system reserve)
 * × the pod's GPUs / the machine's GPUs, rounded down (whole CPUs, whole GiB). With several
 * candidate shapes (a `gpuType`), the smallest share, so the pod fits on each. Without a shape, the
 * minimum: what the smallest GPU machines of the catalogs (4 vCPUs, 16 GiB: g5.xlarge, g6.xlarge,
 * g2-standard-4) give one pod after their reserve. Dynamo's backend READMEs show `cpu: "10"`,
 * `memory: "20Gi"` for a one-GPU worker (`examples/backends/vllm/deploy/README.md`); set
 * `resources` to reserve more where the nodes have it.
 *
 * No limits: a CFS quota would throttle the engine's scheduler loop, and a memory limit would
 * OOM-kill a worker that takes minutes to load its weights (model loading, pinned KV transfer
 * buffers and CPU KV offload all use host memory).
 */
export const WORKER_MINIMUM_CPU = Cpu.units(2);
/** See {@link WORKER_MINIMUM_CPU}. */
export const WORKER_MINIMUM_MEMORY = Size.gibibytes(8);

/**
 * The system reserve of a GPU node. Kubelet and system daemons, by the managed clouds' formulas:
 * - CPU: 6% of the first core, 1% of the second, 0.5% of the third and fourth, 0.25% of the rest
 *   (GKE `kubernetes-engine/docs/concepts/plan-node-sizes` and the EKS AMI's kube-reserved, the
 *   same formula); plus 1% of the vCPUs for steeper tables (AKS `aks/node-resource-reservations`
 *   reserves 740m on 64 cores, where the formula gives 230m).
 * - Memory: GKE's tiers (25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the
 *   next 112, 2% above 128 GiB), the largest of the three clouds' formulas on GPU machines (EKS:
 *   255 MiB + 11 MiB × max pods; AKS ≥ 1.29: 20 MB × max pods + 50 MB, at most 25%); plus the
 *   kubelet's 100 MiB eviction threshold.
 * DaemonSets on every GPU node (the NVIDIA device plugin, DCGM exporter and GPU feature discovery,
 * the CNI and RDMA device plugins, CSI node drivers, kube-proxy, log, metrics and security agents,
 * each 10m to a whole CPU and 20 MiB to a few GiB): an allowance of 5% of the node, at least 1 vCPU
 * and 4 GiB. A request above what the node has left never schedules, while one below it only
 * guarantees less (there is no limit), so the allowance errs high: a pod that takes the whole
 * node must still fit next to a cluster's heavier agents. The kernel: 2% of the memory (its
 * page descriptors alone, `struct page`, take 64 bytes per 4 KiB page, 1.6%; firmware and
 * crash-kernel reservations add more), since the catalogs list the nominal size, above what the
 * node reports as its capacity.
 */
const DAEMONSET_MIN_CPU_MILLIS = 1000;
const DAEMONSET_MIN_MEMORY_MIB = 4096;
const DAEMONSET_SHARE = 0.05;
const EVICTION_MEMORY_MIB = 100;
const KERNEL_MEMORY_SHARE = 0.02;
const STEEPER_KUBELET_CPU_SHARE = 0.01;

/** Tiered reserve: `rate` of the amount within each `[from, to)` band. */
function tiered(amount: number, tiers: readonly (readonly [number, number, number])[]): number {
  return tiers.reduce((sum, [from, to, rate]) => sum + Math.max(0, Math.min(amount, to) - from) * rate, 0);
}

/** Millicores the node keeps from pods (kubelet, system daemons, DaemonSets). @internal */
export function reservedCpuMillis(vcpus: number): number {
  const kubelet = tiered(vcpus * 1000, [[0, 1000, 0.06], [1000, 2000, 0.01], [2000, 4000, 0.005], [4000, Infinity, 0.0025]]);
  return kubelet + vcpus * 1000 * STEEPER_KUBELET_CPU_SHARE + Math.max(DAEMONSET_MIN_CPU_MILLIS, vcpus * 1000 * DAEMONSET_SHARE);
}

/** MiB of memory the node keeps from pods (kubelet, eviction threshold, kernel, DaemonSets). @internal */
export function reservedMemoryMiB(memoryMiB: number): number {
  const gib = 1024;
  const kubelet = tiered(memoryMiB, [[0, 4 * gib, 0.25], [4 * gib, 8 * gib, 0.2], [8 * gib, 16 * gib, 0.1], [16 * gib, 128 * gib, 0.06], [128 * gib, Infinity, 0.02]]);
  return kubelet + EVICTION_MEMORY_MIB + memoryMiB * KERNEL_MEMORY_SHARE + Math.max(DAEMONSET_MIN_MEMORY_MIB, memoryMiB * DAEMONSET_SHARE);
}

/** Whole CPUs, or tenths of one below a CPU (at least 100m). */
function cpuOf(millis: number): Cpu {
  return millis >= 1000 ? Cpu.units(Math.floor(millis / 1000)) : Cpu.millis(Math.max(100, Math.floor(millis / 100) * 100));
}

/** Whole GiB, or 64 MiB steps below a GiB (at least 256Mi). */
function memoryOf(mib: number): Size {
  return mib >= 1024 ? Size.gibibytes(Math.floor(mib / 1024)) : Size.mebibytes(Math.max(256, Math.floor(mib / 64) * 64));
}

/** The smallest share of a quantity over the shapes, or undefined when a shape does not record it. */
function smallestShare(shapes: readonly MachineShape[], gpus: number, capacity: (s: MachineShape) => number | undefined,
  reserve: (capacity: number) => number): number | undefined {
  const shares = shapes.map((s) => {
    const c = capacity(s);
    return c === undefined ? undefined : ((c - reserve(c)) * gpus) / s.gpuCount;
  });
  return shares.length === 0 || shares.some((x) => x === undefined) ? undefined : Math.min(...(shares as number[]));
}

/**
 * A worker pod's default resources: CPU and memory requests from its share of the node
 * ({@link WORKER_MINIMUM_CPU}), and the 2Gi ephemeral-storage request of Dynamo's examples.
 * @param shapes the pool's candidate machine shapes (none on a cloud without a catalog)
 * @param gpus GPUs per pod
 * @internal
 */
export function defaultWorkerResources(shapes: readonly MachineShape[], gpus: number): ContainerResources {
  const candidates = gpus > 0 ? shapes : [];
  const cpu = smallestShare(candidates, gpus, (s) => s.vcpus, (v) => reservedCpuMillis(v) / 1000);
  const memory = smallestShare(candidates, gpus, (s) => s.memoryMiB, reservedMemoryMiB);
  return {
    cpu: { request: cpu === undefined ? WORKER_MINIMUM_CPU : cpuOf(cpu * 1000) },
    memory: { request: memory === undefined ? WORKER_MINIMUM_MEMORY : memoryOf(memory) },
    ephemeralStorage: { request: WORKER_EPHEMERAL_STORAGE },
  };
}
