import { arrayShape, FieldsOf, instanceShape, numberShape, objectShape, oneOfShape, Shape, stringShape } from '../core/input-shape';
import { GpuType } from './gpu-type';
import { RdmaFabric } from './rdma-fabric';

/**
 * One GPU machine shape of a cloud: an EC2 instance type, a GCE machine type or an Azure VM size.
 * The cloud profiles ship catalogs of these; `Cloud.eks({ extraShapes })` (and the GKE/AKS
 * equivalents) add shapes the catalog does not list yet.
 */
export interface MachineShape {
  /** The cloud's name for it, e.g. `p5.48xlarge`, `a3-ultragpu-8g`, `Standard_ND96isr_H100_v5`. */
  readonly name: string;
  /** The GPU model. */
  readonly gpuType: GpuType;
  /** GPUs per node. */
  readonly gpuCount: number;
  /** GPU memory per GPU, in MiB, as the cloud reports it. */
  readonly gpuMemoryMiB: number;
  /** The GPU-to-GPU network between nodes. */
  readonly fabric: RdmaFabric;
  /**
   * RDMA devices per node: EFA interfaces (`vpc.amazonaws.com/efa`), RDMA NICs (GKE `rdma-N`
   * networks) or InfiniBand HCAs. 0 when the shape has none.
   */
  readonly rdmaDevices: number;
  /**
   * vCPUs per node.
   * @default - not recorded
   */
  readonly vcpus?: number;
  /**
   * Memory per node, in MiB.
   * @default - not recorded
   */
  readonly memoryMiB?: number;
  /**
   * Local NVMe per node, in GiB (0 when none).
   * @default 0
   */
  readonly localNvmeGiB?: number;
  /**
   * CPU architecture: `amd64` or `arm64`.
   * @default amd64
   */
  readonly arch?: string;
  /**
   * The cloud's machine family or series, e.g. `p5` (EC2 instance family), `a3` (GCE), `NDv5`.
   * @default - derived from the name where the profile needs it
   */
  readonly family?: string;
  /**
   * Network cards per node, where the cloud lays out RDMA interfaces per card: on EC2, the
   * `EC2NodeClass` EFA layout puts the primary ENA interface on card 0 and one `efa-only` interface
   * on each card, so a shape with `networkCards` gets one EFA device per card (`p5.48xlarge`: 32).
   * @default - not recorded: the profile keeps the cloud's default interface layout (on EKS,
   * Karpenter's, where every interface is EFA for pods that request EFA)
   */
  readonly networkCards?: number;
  /**
   * The node label value that names the GPU, where the cloud labels nodes by accelerator: GKE's
   * `cloud.google.com/gke-accelerator` and ComputeClass `gpu.type`, e.g. `nvidia-h100-mega-80gb`.
   * Per shape, because one GPU type can carry two labels (GKE A3 Mega and A3 High are both H100 80GB).
   * @default - the GPU type's label where the cloud knows one (on GKE, `nvidia-h100-80gb` for
   * `GpuType.H100_80GB`); unused by clouds that do not label nodes by accelerator
   */
  readonly acceleratorLabel?: string;
}

/** What an untyped caller may pass for each field of a {@link MachineShape}. */
const MACHINE_SHAPE_FIELDS: FieldsOf<MachineShape> = {
  name: stringShape(),
  gpuType: instanceShape(GpuType, 'a GpuType constant such as GpuType.H100_80GB, or GpuType.custom({...}) for a GPU the catalog lacks'),
  gpuCount: numberShape(),
  gpuMemoryMiB: numberShape(),
  fabric: instanceShape(RdmaFabric, 'RdmaFabric.EFA, RdmaFabric.ROCE, RdmaFabric.INFINIBAND or RdmaFabric.NONE'),
  rdmaDevices: numberShape(),
  vcpus: numberShape(),
  memoryMiB: numberShape(),
  localNvmeGiB: numberShape(),
  arch: oneOfShape(['amd64', 'arm64'], '"amd64" or "arm64"'),
  family: stringShape(),
  networkCards: numberShape(),
  acceleratorLabel: stringShape(),
};

/**
 * `extraShapes`: a list of {@link MachineShape} objects, each with its required fields (the
 * catalog rules, `withExtraShapes`, check their values).
 * @internal
 */
export const MACHINE_SHAPES: Shape = arrayShape(
  objectShape('MachineShape', MACHINE_SHAPE_FIELDS, ['name', 'gpuType', 'gpuCount', 'gpuMemoryMiB', 'fabric', 'rdmaDevices']),
  "[{ name: 'p5e.48xlarge', gpuType: GpuType.H200_141GB, gpuCount: 8, gpuMemoryMiB: 144384, fabric: RdmaFabric.EFA, rdmaDevices: 32 }]",
);
