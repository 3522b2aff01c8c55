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

/** One catalog row: the shape plus its GKE accelerator label. */
interface GkeShapeRow {
  readonly shape: MachineShape;
  readonly accelerator: string;
}

function row(accelerator: string, shape: MachineShape): GkeShapeRow {
  return { shape, accelerator };
}

function g2(name: string, gpus: number, vcpus: number, memoryGb: number, localNvmeGiB: number): GkeShapeRow {
  return row('nvidia-l4', {
    name, gpuType: GpuType.L4, gpuCount: gpus, gpuMemoryMiB: 24 * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0,
    vcpus, memoryMiB: memoryGb * GIB, localNvmeGiB, family: 'g2',
  });
}

function a2(name: string, gpuType: GpuType, gpus: number, vcpus: number, memoryGb: number, localNvmeGiB: number): GkeShapeRow {
  return row(gpuType === GpuType.A100_80GB ? 'nvidia-a100-80gb' : 'nvidia-tesla-a100', {
    name, gpuType, gpuCount: gpus, gpuMemoryMiB: gpuType.memoryGb * GIB, fabric: RdmaFabric.NONE, rdmaDevices: 0,
    vcpus, memoryMiB: memoryGb * GIB, localNvmeGiB, family: 'a2',
  });
}

const ROWS: readonly GkeShapeRow[] = [
  // A4 (B200, 1440 GB HBM3e per machine), RoCE v2: 8 CX-7 RDMA NICs of 10 physical NICs.
  row('nvidia-b200', {
    name: 'a4-highgpu-8g', gpuType: GpuType.B200, gpuCount: 8, gpuMemoryMiB: 180 * GIB, fabric: RdmaFabric.ROCE, rdmaDevices: 8,
    vcpus: 224, memoryMiB: 3968 * GIB, localNvmeGiB: 12000, family: 'a4',
  }),
  // A3 Ultra (H200, 1128 GB HBM3e per machine), RoCE v2: 8 CX-7 RDMA NICs of 10 physical NICs.
  row('nvidia-h200-141gb', {
    name: 'a3-ultragpu-8g', gpuType: GpuType.H200_141GB, gpuCount: 8, gpuMemoryMiB: 141 * GIB, fabric: RdmaFabric.ROCE, rdmaDevices: 8,
    vcpus: 224, memoryMiB: 2952 * GIB, localNvmeGiB: 12000, family: 'a3',
  }),
  // A3 Mega (H100 80GB), GPUDirect-TCPXO over 8 GPU NICs: NCCL only.
  row('nvidia-h100-mega-80gb', {
    name: 'a3-megagpu-8g', gpuType: GpuType.H100_80GB, gpuCount: 8, gpuMemoryMiB: 80 * GIB, fabric: RdmaFabric.GPUDIRECT_TCPXO, rdmaDevices: 0,
    vcpus: 208, memoryMiB: 1872 * GIB, localNvmeGiB: 6000, family: 'a3',
  }),
  // A3 High (H100 80GB), GPUDirect-TCPX over 4 GPU NICs: NCCL only.
  row('nvidia-h100-80gb', {
    name: 'a3-highgpu-8g', gpuType: GpuType.H100_80GB, gpuCount: 8, gpuMemoryMiB: 80 * GIB, fabric: RdmaFabric.GPUDIRECT_TCPX, rdmaDevices: 0,
    vcpus: 208, memoryMiB: 1872 * GIB, localNvmeGiB: 6000, family: 'a3',
  }),
  // A2 Ultra (A100 80GB, local SSD attached).
  a2('a2-ultragpu-1g', GpuType.A100_80GB, 1, 12, 170, 375),
  a2('a2-ultragpu-2g', GpuType.A100_80GB, 2, 24, 340, 750),
  a2('a2-ultragpu-4g', GpuType.A100_80GB, 4, 48, 680, 1500),
  a2('a2-ultragpu-8g', GpuType.A100_80GB, 8, 96, 1360, 3000),
  // A2 Standard (A100 40GB; local SSD optional, so none recorded).
  a2('a2-highgpu-1g', GpuType.A100_40GB, 1, 12, 85, 0),
  a2('a2-highgpu-2g', GpuType.A100_40GB, 2, 24, 170, 0),
  a2('a2-highgpu-4g', GpuType.A100_40GB, 4, 48, 340, 0),
  a2('a2-highgpu-8g', GpuType.A100_40GB, 8, 96, 680, 0),
  a2('a2-megagpu-16g', GpuType.A100_40GB, 16, 96, 1360, 0),
  // G2 (L4, default memory; local SSD optional, so none recorded).
  g2('g2-standard-4', 1, 4, 16, 0),
  g2('g2-standard-8', 1, 8, 32, 0),
  g2('g2-standard-12', 1, 12, 48, 0),
  g2('g2-standard-16', 1, 16, 64, 0),
  g2('g2-standard-32', 1, 32, 128, 0),
  g2('g2-standard-24', 2, 24, 96, 0),
  g2('g2-standard-48', 4, 48, 192, 0),
  g2('g2-standard-96', 8, 96, 384, 0),
];

/** The GKE machine-shape catalog (GCE accelerator-optimized machine types). */
export const GKE_SHAPES: readonly MachineShape[] = ROWS.map((r) => r.shape);

/**
 * The `cloud.google.com/gke-accelerator` label (and ComputeClass `gpu.type`) of each catalog shape,
 * by machine type. Per shape, because A3 Mega and A3 High carry the same GPU type under different labels.
 * @internal
 */
export const GKE_SHAPE_ACCELERATORS: Readonly<Record<string, string>> = Object.fromEntries(ROWS.map((r) => [r.shape.name, r.accelerator]));

/**
 * The accelerator label of each GPU type, for shapes added with `extraShapes` (the non-"mega"
 * label where a GPU type has two). GPU types GKE does not offer are absent.
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

/** The accelerator label of a shape: the catalog's, else its GPU type's. @internal */
export function gkeAccelerator(shape: MachineShape): string | undefined {
  return GKE_SHAPE_ACCELERATORS[shape.name] ?? GKE_GPU_ACCELERATORS.get(shape.gpuType);
}
