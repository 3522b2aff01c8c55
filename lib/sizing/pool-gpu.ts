import { GpuType } from '../cloud/gpu-type';
import { MachineShape } from '../cloud/machine-shape';

/** The GPU a pool's sizing uses: its name and memory. @internal */
export interface PoolGpu {
  readonly displayName: string;
  readonly memoryBytes: number;
}

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

/**
 * The GPU a pool runs on, as far as the library knows: the smallest GPU memory of the pool's
 * candidate machine shapes (the cloud's figure), else the pool's `gpuType` (its memory in GiB);
 * undefined when neither is known (a generic cloud without `gpuType`).
 * @internal
 */
export function poolGpu(shapes: readonly MachineShape[] | undefined, gpuType: GpuType | undefined): PoolGpu | undefined {
  if (shapes && shapes.length > 0) {
    const smallest = shapes.reduce((a, b) => (b.gpuMemoryMiB < a.gpuMemoryMiB ? b : a));
    return { displayName: smallest.gpuType.displayName, memoryBytes: smallest.gpuMemoryMiB * MIB };
  }
  if (gpuType) return { displayName: gpuType.displayName, memoryBytes: gpuType.memoryGb * GIB };
  return undefined;
}
