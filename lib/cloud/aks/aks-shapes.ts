import { GpuType } from '../gpu-type';
import { MachineShape } from '../machine-shape';
import { RdmaFabric } from '../rdma-fabric';

/**
 * Azure GPU VM sizes pools can name on `Cloud.aks()`.
 *
 * Source: `clouds-gpu-rdma.md` §3.2 (llm-d `docs/infrastructure/providers/aks/README.md` table, the
 * aspire.dev AKS size list, `karpenter-provider-azure:pkg/utils/supported-gpus.yaml` @ v1.14.2).
 * - GPU memory is recorded as the GPU's nominal size × 1024 MiB.
 * - vCPUs are the number in the Azure size name (`ND96...` = 96 vCPUs).
 * - ND sizes: InfiniBand with one HCA per GPU, so 8 RDMA devices per node (the `rdma/ib: 8` node
 *   capacity llm-d's AKS guide shows). InfiniBand only connects VMs of one scale set, so the library
 *   requires an existing node pool for ND pools wired for RDMA (see `AksOptions.nodePools`).
 * - NC sizes have no RDMA: disaggregated serving on them needs `allowTcpKvTransfer`.
 */
export const AKS_SHAPES: readonly MachineShape[] = [
  // InfiniBand NDR, 8 × 400 Gb/s (the link speed is unverified in the reference). llm-d P/D tested on 2 nodes.
  { name: 'Standard_ND96isr_H100_v5', gpuType: GpuType.H100_80GB, gpuCount: 8, gpuMemoryMiB: 80 * 1024, fabric: RdmaFabric.INFINIBAND, rdmaDevices: 8, vcpus: 96 },
  // InfiniBand; llm-d P/D and wide-EP.
  { name: 'Standard_ND96isr_H200_v5', gpuType: GpuType.H200_141GB, gpuCount: 8, gpuMemoryMiB: 141 * 1024, fabric: RdmaFabric.INFINIBAND, rdmaDevices: 8, vcpus: 96 },
  // InfiniBand HDR (the link generation is unverified in the reference).
  { name: 'Standard_ND96amsr_A100_v4', gpuType: GpuType.A100_80GB, gpuCount: 8, gpuMemoryMiB: 80 * 1024, fabric: RdmaFabric.INFINIBAND, rdmaDevices: 8, vcpus: 96 },
  // InfiniBand; Dynamo's InfiniBand-on-Azure example.
  { name: 'Standard_ND96asr_v4', gpuType: GpuType.A100_40GB, gpuCount: 8, gpuMemoryMiB: 40 * 1024, fabric: RdmaFabric.INFINIBAND, rdmaDevices: 8, vcpus: 96 },
  // No RDMA. NC24ads is the size of Dynamo's AKS quick-start.
  { name: 'Standard_NC24ads_A100_v4', gpuType: GpuType.A100_80GB, gpuCount: 1, gpuMemoryMiB: 80 * 1024, fabric: RdmaFabric.NONE, rdmaDevices: 0, vcpus: 24 },
  { name: 'Standard_NC48ads_A100_v4', gpuType: GpuType.A100_80GB, gpuCount: 2, gpuMemoryMiB: 80 * 1024, fabric: RdmaFabric.NONE, rdmaDevices: 0, vcpus: 48 },
  { name: 'Standard_NC96ads_A100_v4', gpuType: GpuType.A100_80GB, gpuCount: 4, gpuMemoryMiB: 80 * 1024, fabric: RdmaFabric.NONE, rdmaDevices: 0, vcpus: 96 },
  // No RDMA; H100 NVL, 94 GB per GPU (the GPU memory is unverified in the reference); 320 / 640 GiB RAM.
  { name: 'Standard_NC40ads_H100_v5', gpuType: GpuType.H100_NVL_94GB, gpuCount: 1, gpuMemoryMiB: 94 * 1024, fabric: RdmaFabric.NONE, rdmaDevices: 0, vcpus: 40, memoryMiB: 320 * 1024 },
  { name: 'Standard_NC80adis_H100_v5', gpuType: GpuType.H100_NVL_94GB, gpuCount: 2, gpuMemoryMiB: 94 * 1024, fabric: RdmaFabric.NONE, rdmaDevices: 0, vcpus: 80, memoryMiB: 640 * 1024 },
];
