import { GpuType } from '../gpu-type';
import { MachineShape } from '../machine-shape';
import { RdmaFabric } from '../rdma-fabric';

/**
 * The GPU instance types of Amazon EC2 the EKS profiles know, from Karpenter's generated instance
 * table (`aws/karpenter-provider-aws` `website/content/en/v1.14/reference/instance-types.md`):
 * GPU memory per GPU (`karpenter.k8s.aws/instance-gpu-memory`, MiB), EFA devices per node
 * (`vpc.amazonaws.com/efa`), vCPUs, memory (MiB) and local NVMe (GiB). A shape with at least one
 * EFA device is an EFA shape (`fabric: RdmaFabric.EFA`); NIXL uses it through libfabric.
 *
 * `networkCards` (network cards per instance type) sets the EFA interface layout of an
 * `EC2NodeClass`: the primary ENA interface on card 0 / device 0, then one `efa-only` interface per
 * card (card 0 on device 1), which gives one EFA device per card. From the card counts of ai-on-eks'
 * `efa-networkinterfaces-generator` (`clouds-gpu-rdma.md` §1.4) and the EKS EFA guide's p6-b200
 * example (8 cards, 8 EFA). Types without it keep Karpenter's default (every interface EFA for pods
 * that request EFA).
 */
export const EKS_SHAPES: readonly MachineShape[] = [
  {
    name: 'p5.48xlarge', gpuType: GpuType.H100_80GB, gpuCount: 8, gpuMemoryMiB: 81920, fabric: RdmaFabric.EFA, rdmaDevices: 32, networkCards: 32,
    vcpus: 192, memoryMiB: 2_097_152, localNvmeGiB: 30400, arch: 'amd64', family: 'p5',
  },
  {
    name: 'p5.4xlarge', gpuType: GpuType.H100_80GB, gpuCount: 1, gpuMemoryMiB: 81920, fabric: RdmaFabric.EFA, rdmaDevices: 1,
    vcpus: 16, memoryMiB: 262_144, localNvmeGiB: 3800, arch: 'amd64', family: 'p5',
  },
  {
    name: 'p5e.48xlarge', gpuType: GpuType.H200_141GB, gpuCount: 8, gpuMemoryMiB: 144384, fabric: RdmaFabric.EFA, rdmaDevices: 32, networkCards: 32,
    vcpus: 192, memoryMiB: 2_097_152, localNvmeGiB: 30400, arch: 'amd64', family: 'p5e',
  },
  {
    name: 'p5en.48xlarge', gpuType: GpuType.H200_141GB, gpuCount: 8, gpuMemoryMiB: 144384, fabric: RdmaFabric.EFA, rdmaDevices: 16, networkCards: 16,
    vcpus: 192, memoryMiB: 2_097_152, localNvmeGiB: 30400, arch: 'amd64', family: 'p5en',
  },
  {
    name: 'p4d.24xlarge', gpuType: GpuType.A100_40GB, gpuCount: 8, gpuMemoryMiB: 40960, fabric: RdmaFabric.EFA, rdmaDevices: 4,
    vcpus: 96, memoryMiB: 1_179_648, localNvmeGiB: 8000, arch: 'amd64', family: 'p4d',
  },
  {
    name: 'p4de.24xlarge', gpuType: GpuType.A100_80GB, gpuCount: 8, gpuMemoryMiB: 81920, fabric: RdmaFabric.EFA, rdmaDevices: 4,
    vcpus: 96, memoryMiB: 1_179_648, localNvmeGiB: 8000, arch: 'amd64', family: 'p4de',
  },
  {
    name: 'p6-b200.48xlarge', gpuType: GpuType.B200, gpuCount: 8, gpuMemoryMiB: 183359, fabric: RdmaFabric.EFA, rdmaDevices: 8, networkCards: 8,
    vcpus: 192, memoryMiB: 2_097_152, localNvmeGiB: 30400, arch: 'amd64', family: 'p6-b200',
  },
  {
    name: 'g6e.48xlarge', gpuType: GpuType.L40S, gpuCount: 8, gpuMemoryMiB: 45776, fabric: RdmaFabric.EFA, rdmaDevices: 4,
    vcpus: 192, memoryMiB: 1_572_864, localNvmeGiB: 7600, arch: 'amd64', family: 'g6e',
  },
  {
    name: 'g6e.24xlarge', gpuType: GpuType.L40S, gpuCount: 4, gpuMemoryMiB: 45776, fabric: RdmaFabric.EFA, rdmaDevices: 2,
    vcpus: 96, memoryMiB: 786_432, localNvmeGiB: 3800, arch: 'amd64', family: 'g6e',
  },
  {
    name: 'g6e.12xlarge', gpuType: GpuType.L40S, gpuCount: 4, gpuMemoryMiB: 45776, fabric: RdmaFabric.EFA, rdmaDevices: 1,
    vcpus: 48, memoryMiB: 393_216, localNvmeGiB: 3800, arch: 'amd64', family: 'g6e',
  },
  {
    name: 'g6e.16xlarge', gpuType: GpuType.L40S, gpuCount: 1, gpuMemoryMiB: 45776, fabric: RdmaFabric.EFA, rdmaDevices: 1,
    vcpus: 64, memoryMiB: 524_288, localNvmeGiB: 1900, arch: 'amd64', family: 'g6e',
  },
  {
    name: 'g6e.8xlarge', gpuType: GpuType.L40S, gpuCount: 1, gpuMemoryMiB: 45776, fabric: RdmaFabric.EFA, rdmaDevices: 1,
    vcpus: 32, memoryMiB: 262_144, localNvmeGiB: 900, arch: 'amd64', family: 'g6e',
  },
  {
    name: 'g6e.4xlarge', gpuType: GpuType.L40S, gpuCount: 1, gpuMemoryMiB: 45776, fabric: RdmaFabric.NONE, rdmaDevices: 0,
    vcpus: 16, memoryMiB: 131_072, localNvmeGiB: 600, arch: 'amd64', family: 'g6e',
  },
  {
    name: 'g6e.2xlarge', gpuType: GpuType.L40S, gpuCount: 1, gpuMemoryMiB: 45776, fabric: RdmaFabric.NONE, rdmaDevices: 0,
    vcpus: 8, memoryMiB: 65_536, localNvmeGiB: 450, arch: 'amd64', family: 'g6e',
  },
  {
    name: 'g6e.xlarge', gpuType: GpuType.L40S, gpuCount: 1, gpuMemoryMiB: 45776, fabric: RdmaFabric.NONE, rdmaDevices: 0,
    vcpus: 4, memoryMiB: 32_768, localNvmeGiB: 250, arch: 'amd64', family: 'g6e',
  },
  {
    name: 'g5.48xlarge', gpuType: GpuType.A10G, gpuCount: 8, gpuMemoryMiB: 22888, fabric: RdmaFabric.EFA, rdmaDevices: 1,
    vcpus: 192, memoryMiB: 786_432, localNvmeGiB: 7600, arch: 'amd64', family: 'g5',
  },
  {
    name: 'g5.24xlarge', gpuType: GpuType.A10G, gpuCount: 4, gpuMemoryMiB: 22888, fabric: RdmaFabric.EFA, rdmaDevices: 1,
    vcpus: 96, memoryMiB: 393_216, localNvmeGiB: 3800, arch: 'amd64', family: 'g5',
  },
  {
    name: 'g5.12xlarge', gpuType: GpuType.A10G, gpuCount: 4, gpuMemoryMiB: 22888, fabric: RdmaFabric.EFA, rdmaDevices: 1,
    vcpus: 48, memoryMiB: 196_608, localNvmeGiB: 3800, arch: 'amd64', family: 'g5',
  },
  {
    name: 'g5.16xlarge', gpuType: GpuType.A10G, gpuCount: 1, gpuMemoryMiB: 22888, fabric: RdmaFabric.EFA, rdmaDevices: 1,
    vcpus: 64, memoryMiB: 262_144, localNvmeGiB: 1900, arch: 'amd64', family: 'g5',
  },
  {
    name: 'g5.8xlarge', gpuType: GpuType.A10G, gpuCount: 1, gpuMemoryMiB: 22888, fabric: RdmaFabric.EFA, rdmaDevices: 1,
    vcpus: 32, memoryMiB: 131_072, localNvmeGiB: 900, arch: 'amd64', family: 'g5',
  },
  {
    name: 'g5.4xlarge', gpuType: GpuType.A10G, gpuCount: 1, gpuMemoryMiB: 22888, fabric: RdmaFabric.NONE, rdmaDevices: 0,
    vcpus: 16, memoryMiB: 65_536, localNvmeGiB: 600, arch: 'amd64', family: 'g5',
  },
  {
    name: 'g5.2xlarge', gpuType: GpuType.A10G, gpuCount: 1, gpuMemoryMiB: 22888, fabric: RdmaFabric.NONE, rdmaDevices: 0,
    vcpus: 8, memoryMiB: 32_768, localNvmeGiB: 450, arch: 'amd64', family: 'g5',
  },
  {
    name: 'g5.xlarge', gpuType: GpuType.A10G, gpuCount: 1, gpuMemoryMiB: 22888, fabric: RdmaFabric.NONE, rdmaDevices: 0,
    vcpus: 4, memoryMiB: 16_384, localNvmeGiB: 250, arch: 'amd64', family: 'g5',
  },
  {
    name: 'g6.48xlarge', gpuType: GpuType.L4, gpuCount: 8, gpuMemoryMiB: 22888, fabric: RdmaFabric.EFA, rdmaDevices: 1,
    vcpus: 192, memoryMiB: 786_432, localNvmeGiB: 7520, arch: 'amd64', family: 'g6',
  },
];
