import { GpuType } from '../gpu-type';
import { MachineShape } from '../machine-shape';
import { RdmaFabric } from '../rdma-fabric';

/**
 * The GPU instance types of Amazon EC2 the EKS profiles know, from Karpenter's generated instance
 * table (`aws/karpenter-provider-aws` `website/content/en/v1.14/reference/instance-types.md`):
 * GPU memory per GPU (`karpenter.k8s.aws/instance-gpu-memory`, MiB), EFA devices per node
 * (`vpc.amazonaws.com/efa`), vCPUs, memory (MiB) and local NVMe (GiB). A shape with at least one
 * EFA device is an EFA shape; NIXL uses it through libfabric.
 */
export const EKS_SHAPES: readonly MachineShape[] = [
  shape('p5.48xlarge', 'p5', GpuType.H100_80GB, 8, 81920, 32, 192, 2_097_152, 30400),
  shape('p5.4xlarge', 'p5', GpuType.H100_80GB, 1, 81920, 1, 16, 262_144, 3800),
  shape('p5e.48xlarge', 'p5e', GpuType.H200_141GB, 8, 144384, 32, 192, 2_097_152, 30400),
  shape('p5en.48xlarge', 'p5en', GpuType.H200_141GB, 8, 144384, 16, 192, 2_097_152, 30400),
  shape('p4d.24xlarge', 'p4d', GpuType.A100_40GB, 8, 40960, 4, 96, 1_179_648, 8000),
  shape('p4de.24xlarge', 'p4de', GpuType.A100_80GB, 8, 81920, 4, 96, 1_179_648, 8000),
  shape('p6-b200.48xlarge', 'p6-b200', GpuType.B200, 8, 183359, 8, 192, 2_097_152, 30400),
  shape('g6e.48xlarge', 'g6e', GpuType.L40S, 8, 45776, 4, 192, 1_572_864, 7600),
  shape('g6e.24xlarge', 'g6e', GpuType.L40S, 4, 45776, 2, 96, 786_432, 3800),
  shape('g6e.12xlarge', 'g6e', GpuType.L40S, 4, 45776, 1, 48, 393_216, 3800),
  shape('g6e.16xlarge', 'g6e', GpuType.L40S, 1, 45776, 1, 64, 524_288, 1900),
  shape('g6e.8xlarge', 'g6e', GpuType.L40S, 1, 45776, 1, 32, 262_144, 900),
  shape('g6e.4xlarge', 'g6e', GpuType.L40S, 1, 45776, 0, 16, 131_072, 600),
  shape('g6e.2xlarge', 'g6e', GpuType.L40S, 1, 45776, 0, 8, 65_536, 450),
  shape('g6e.xlarge', 'g6e', GpuType.L40S, 1, 45776, 0, 4, 32_768, 250),
  shape('g5.48xlarge', 'g5', GpuType.A10G, 8, 22888, 1, 192, 786_432, 7600),
  shape('g5.24xlarge', 'g5', GpuType.A10G, 4, 22888, 1, 96, 393_216, 3800),
  shape('g5.12xlarge', 'g5', GpuType.A10G, 4, 22888, 1, 48, 196_608, 3800),
  shape('g5.16xlarge', 'g5', GpuType.A10G, 1, 22888, 1, 64, 262_144, 1900),
  shape('g5.8xlarge', 'g5', GpuType.A10G, 1, 22888, 1, 32, 131_072, 900),
  shape('g5.4xlarge', 'g5', GpuType.A10G, 1, 22888, 0, 16, 65_536, 600),
  shape('g5.2xlarge', 'g5', GpuType.A10G, 1, 22888, 0, 8, 32_768, 450),
  shape('g5.xlarge', 'g5', GpuType.A10G, 1, 22888, 0, 4, 16_384, 250),
  shape('g6.48xlarge', 'g6', GpuType.L4, 8, 22888, 1, 192, 786_432, 7520),
];

/**
 * Network cards per instance type, for the EFA interface layout of an `EC2NodeClass`: the primary
 * ENA interface on card 0 / device 0, then one `efa-only` interface per card (card 0 on device 1),
 * which gives one EFA device per card. From the card counts of ai-on-eks' `efa-networkinterfaces-generator`
 * (`clouds-gpu-rdma.md` §1.4) and the EKS EFA guide's p6-b200 example (8 cards, 8 EFA). Types not
 * listed keep Karpenter's default (every interface EFA for pods that request EFA).
 * @internal
 */
export const EFA_NETWORK_CARDS: Readonly<Record<string, number>> = {
  'p5.48xlarge': 32,
  'p5e.48xlarge': 32,
  'p5en.48xlarge': 16,
  'p6-b200.48xlarge': 8,
};

function shape(name: string, family: string, gpuType: GpuType, gpuCount: number, gpuMemoryMiB: number, rdmaDevices: number,
  vcpus: number, memoryMiB: number, localNvmeGiB: number): MachineShape {
  return {
    name, family, gpuType, gpuCount, gpuMemoryMiB, rdmaDevices, vcpus, memoryMiB, localNvmeGiB,
    fabric: rdmaDevices > 0 ? RdmaFabric.EFA : RdmaFabric.NONE,
    arch: 'amd64',
  };
}
