import { GpuType } from '../gpu-type';
import { MachineShape } from '../machine-shape';
import { RdmaFabric } from '../rdma-fabric';

/**
 * The GCE GPU machine types GKE can run, as data. Sources:
 * - GPU counts, GPU memory, vCPUs, instance memory, local SSD: Compute Engine "GPU machine types"
 *   (compute/docs/gpus, updated 2026-08-26). GCE states GPU and instance memory in GB where
 *   1 GB = 1024 MiB (the API reports `memoryMb` that way), so MiB = GB × 1024; GPU memory per GPU
 *   is the machine's total GPU memory divided by its GPU count (a3-ultragpu-8g: 1128 GB / 8 = 141 GB).
 * - Fabrics and RDMA NICs: `clouds-gpu-rdma.md` §2.3 (container-engine-accelerators, gpu-recipes):
 *   A3 High = GPUDirect-TCPX, A3 Mega = GPUDirect-TCPXO (NCCL-only, not NIXL-usable; their GPU NICs
 *   are not RDMA devices, so `rdmaDevices` is 0), A3 Ultra / A4 = RoCE v2 with `rdma-0..rdma-7`.
 * - Accelerator labels (`cloud.google.com/gke-accelerator`, ComputeClass `gpu.type`): §2.2 and the
 *   same GCE page (A3 Mega is `nvidia-h100-mega-80gb`, A3 High `nvidia-h100-80gb`, both H100 80GB).
 */

const GIB = 1024;

/** The GKE machine-shape catalog (GCE accelerator-optimized machine types). */
export const GKE_SHAPES: readonly MachineShape[] = [
  // A4 (B200, 1440 GB HBM3e per machine), RoCE v2: 8 CX-7 RDMA NICs of 10 physical NICs.
  {
    name: 'a4-highgpu-8g', gpuType: GpuType.B200, gpuCount: 8, gpuMemoryMiB: 180 * GIB, fabric: RdmaFabric.ROCE, rdmaDevices: 8, acceleratorLabel: 'nvidia-b200',
    vcpus: 224, memoryMiB: 3968 * GIB, localNvmeGiB: 12000, family: 'a4',
  },
  // A3 Ultra (H200, 1128 GB HBM3e per machine), RoCE v2: 8 CX-7 RDMA NICs of 10 physical NICs.
  {
    name: 'a3-ultragpu-8g', gpuType: GpuType.H200_141GB, gpuCount: 8, gpuMemoryMiB: 141 * GIB, fabric: RdmaFabric.ROCE, rdmaDevices: 8, acceleratorLabel: 'nvidia-h200-141gb',
    vcpus: 224, memoryMiB: 2952 * GIB, localNvmeGiB: 12000, family: 'a3',
  },
  // A3 Mega (H100 80GB), GPUDirect-TCPXO over 8 GPU NICs: NCCL only.
  {
    name: 'a3-megagpu-8g', gpuType: GpuType.H100_80GB, gpuCount: 8, gpuMemoryMiB: 80 * GIB, fabric: RdmaFabric.GPUDIRECT_TCPXO, rdmaDevices: 0, acceleratorLabel: 'nvidia-h100-mega-80gb',
    vcpus: 208, memoryMiB: 1872 * GIB, localNvmeGiB: 6000, family: 'a3',
  },
  // A3 High (H100 80GB), GPUDirect-TCPX over 4 GPU NICs: NCCL only.
  {
    name: 'a3-highgpu-8g', gpuType: GpuType.H100_80GB, gpuCount: 8, gpuMemoryMiB: 80 * GIB, fabric: RdmaFabric.GPUDIRECT_TCPX, rdmaDevices: 0, acceleratorLabel: 'nvidia-h100-80gb',
    vcpus: 208, memoryMiB: 1872 * GIB, localNvmeGiB: 6000, family: 'a3',
  },
  // A2 Ultra (A100 80GB, local SSD attached).
  {
    name: 'a2-ultragpu-1g', gpuType: GpuType.A100_80GB, gpuCount: 1, gpuMemoryMiB: 80 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-a100-80gb',
    vcpus: 12, memoryMiB: 170 * GIB, localNvmeGiB: 375, family: 'a2',
  },
  {
    name: 'a2-ultragpu-2g', gpuType: GpuType.A100_80GB, gpuCount: 2, gpuMemoryMiB: 80 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-a100-80gb',
    vcpus: 24, memoryMiB: 340 * GIB, localNvmeGiB: 750, family: 'a2',
  },
  {
    name: 'a2-ultragpu-4g', gpuType: GpuType.A100_80GB, gpuCount: 4, gpuMemoryMiB: 80 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-a100-80gb',
    vcpus: 48, memoryMiB: 680 * GIB, localNvmeGiB: 1500, family: 'a2',
  },
  {
    name: 'a2-ultragpu-8g', gpuType: GpuType.A100_80GB, gpuCount: 8, gpuMemoryMiB: 80 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-a100-80gb',
    vcpus: 96, memoryMiB: 1360 * GIB, localNvmeGiB: 3000, family: 'a2',
  },
  // A2 Standard (A100 40GB; local SSD optional, so none recorded).
  {
    name: 'a2-highgpu-1g', gpuType: GpuType.A100_40GB, gpuCount: 1, gpuMemoryMiB: 40 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-tesla-a100',
    vcpus: 12, memoryMiB: 85 * GIB, localNvmeGiB: 0, family: 'a2',
  },
  {
    name: 'a2-highgpu-2g', gpuType: GpuType.A100_40GB, gpuCount: 2, gpuMemoryMiB: 40 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-tesla-a100',
    vcpus: 24, memoryMiB: 170 * GIB, localNvmeGiB: 0, family: 'a2',
  },
  {
    name: 'a2-highgpu-4g', gpuType: GpuType.A100_40GB, gpuCount: 4, gpuMemoryMiB: 40 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-tesla-a100',
    vcpus: 48, memoryMiB: 340 * GIB, localNvmeGiB: 0, family: 'a2',
  },
  {
    name: 'a2-highgpu-8g', gpuType: GpuType.A100_40GB, gpuCount: 8, gpuMemoryMiB: 40 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-tesla-a100',
    vcpus: 96, memoryMiB: 680 * GIB, localNvmeGiB: 0, family: 'a2',
  },
  {
    name: 'a2-megagpu-16g', gpuType: GpuType.A100_40GB, gpuCount: 16, gpuMemoryMiB: 40 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-tesla-a100',
    vcpus: 96, memoryMiB: 1360 * GIB, localNvmeGiB: 0, family: 'a2',
  },
  // G2 (L4, default memory; local SSD optional, so none recorded).
  {
    name: 'g2-standard-4', gpuType: GpuType.L4, gpuCount: 1, gpuMemoryMiB: 24 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-l4',
    vcpus: 4, memoryMiB: 16 * GIB, localNvmeGiB: 0, family: 'g2',
  },
  {
    name: 'g2-standard-8', gpuType: GpuType.L4, gpuCount: 1, gpuMemoryMiB: 24 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-l4',
    vcpus: 8, memoryMiB: 32 * GIB, localNvmeGiB: 0, family: 'g2',
  },
  {
    name: 'g2-standard-12', gpuType: GpuType.L4, gpuCount: 1, gpuMemoryMiB: 24 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-l4',
    vcpus: 12, memoryMiB: 48 * GIB, localNvmeGiB: 0, family: 'g2',
  },
  {
    name: 'g2-standard-16', gpuType: GpuType.L4, gpuCount: 1, gpuMemoryMiB: 24 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-l4',
    vcpus: 16, memoryMiB: 64 * GIB, localNvmeGiB: 0, family: 'g2',
  },
  {
    name: 'g2-standard-32', gpuType: GpuType.L4, gpuCount: 1, gpuMemoryMiB: 24 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-l4',
    vcpus: 32, memoryMiB: 128 * GIB, localNvmeGiB: 0, family: 'g2',
  },
  {
    name: 'g2-standard-24', gpuType: GpuType.L4, gpuCount: 2, gpuMemoryMiB: 24 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-l4',
    vcpus: 24, memoryMiB: 96 * GIB, localNvmeGiB: 0, family: 'g2',
  },
  {
    name: 'g2-standard-48', gpuType: GpuType.L4, gpuCount: 4, gpuMemoryMiB: 24 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-l4',
    vcpus: 48, memoryMiB: 192 * GIB, localNvmeGiB: 0, family: 'g2',
  },
  {
    name: 'g2-standard-96', gpuType: GpuType.L4, gpuCount: 8, gpuMemoryMiB: 24 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0, acceleratorLabel: 'nvidia-l4',
    vcpus: 96, memoryMiB: 384 * GIB, localNvmeGiB: 0, family: 'g2',
  },
];

/**
 * The accelerator label of each GPU type, for shapes added with `extraShapes` that do not set
 * `acceleratorLabel` (the non-"mega" label where a GPU type has two). GPU types GKE does not offer
 * are absent.
 * @internal
 */
export const GKE_GPU_ACCELERATORS: ReadonlyMap<GpuType, string> = new Map([
  [GpuType.B200, 'nvidia-b200'],
  [GpuType.H200_141GB, 'nvidia-h200-141gb'],
  [GpuType.H100_80GB, 'nvidia-h100-80gb'],
  [GpuType.A100_80GB, 'nvidia-a100-80gb'],
  [GpuType.A100_40GB, 'nvidia-tesla-a100'],
  [GpuType.L4, 'nvidia-l4'],
]);

/**
 * The accelerator label of a shape: its own `acceleratorLabel` (every catalog row has one), else its
 * GPU type's; undefined for a GPU type GKE does not label.
 * @internal
 */
export function gkeAccelerator(shape: MachineShape): string | undefined {
  return shape.acceleratorLabel ?? GKE_GPU_ACCELERATORS.get(shape.gpuType);
}
