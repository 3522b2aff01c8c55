import { AKS_SHAPES } from '../cloud/aks/aks-shapes';
import { EKS_SHAPES } from '../cloud/eks/eks-shapes';
import { GKE_SHAPES } from '../cloud/gke/gke-shapes';
import { GpuType } from '../cloud/gpu-type';
import { MachineShape } from '../cloud/machine-shape';

/** The GPU a pool's sizing uses: its name and memory. @internal */
export interface PoolGpu {
  readonly displayName: string;
  readonly memoryBytes: number;
}

const MIB = 1024 ** 2;

/**
 * Memory per GPU of a GPU type without a machine shape, in MiB: the smallest figure the built-in
 * cloud catalogs give it (what the clouds report: 22,888 MiB for an L4 or A10G, whose "24 GB" is
 * 24 × 10⁹ bytes less ECC and reserved memory), else the type's `memoryGb` in GiB (a custom type).
 */
function memoryMiBOf(gpuType: GpuType): number {
  return reportedMemoryMiB().get(gpuType) ?? gpuType.memoryGb * 1024;
}

/** The smallest GPU memory each GPU type has in the built-in catalogs, built once on first use. */
let reported: ReadonlyMap<GpuType, number> | undefined;
function reportedMemoryMiB(): ReadonlyMap<GpuType, number> {
  if (!reported) {
    const smallest = new Map<GpuType, number>();
    for (const s of [...EKS_SHAPES, ...GKE_SHAPES, ...AKS_SHAPES]) smallest.set(s.gpuType, Math.min(smallest.get(s.gpuType) ?? Infinity, s.gpuMemoryMiB));
    reported = smallest;
  }
  return reported;
}

/**
 * The GPU a pool runs on, as far as the library knows: the smallest GPU memory of the pool's
 * candidate machine shapes (the cloud's figure), else the pool's `gpuType` (the catalogs' figure
 * for it); undefined when neither is known (a generic cloud without `gpuType`).
 * @internal
 */
export function poolGpu(shapes: readonly MachineShape[] | undefined, gpuType: GpuType | undefined): PoolGpu | undefined {
  if (shapes && shapes.length > 0) {
    const smallest = shapes.reduce((a, b) => (b.gpuMemoryMiB < a.gpuMemoryMiB ? b : a));
    return { displayName: smallest.gpuType.displayName, memoryBytes: smallest.gpuMemoryMiB * MIB };
  }
  if (gpuType) return { displayName: gpuType.displayName, memoryBytes: memoryMiBOf(gpuType) * MIB };
  return undefined;
}
