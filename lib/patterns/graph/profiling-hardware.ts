import { GpuType } from '../../cloud/gpu-type';
import { MachineShape } from '../../cloud/machine-shape';
import { DynamoVersion } from '../../core/dynamo-version';
import { invalid } from '../../core/errors';
import { ModelArchitecture } from '../../model/model-architecture';
import { DgdrGpuOptions, DgdrHardwareOptions } from '../../profiling/dgdr-props';
import { GpuSku } from '../../profiling/gpu-sku';
import type { ProfiledWorkerOptions } from '../profiled-llm-props';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

/** The one value every shape has for `pick`, or undefined when they differ or there are none. */
function common<T>(shapes: readonly MachineShape[], pick: (s: MachineShape) => T): T | undefined {
  const values = [...new Set(shapes.map(pick))];
  return values.length === 1 ? values[0] : undefined;
}

/**
 * `spec.hardware` of a profiled deployment: what the user wrote, else what the placement tells. The
 * SKU comes from the GPU type (`workers.gpuType`, or the one GPU of the candidate machine shapes) by
 * the operator's own product-name rule, when the release's CRD lists it; memory and GPUs per node
 * from the candidate shapes when they all agree (a `machineType` pins one). Anything still unknown is
 * left to the operator's discovery.
 * @internal
 */
export function profiledHardware(hardware: DgdrGpuOptions | undefined, workers: ProfiledWorkerOptions | undefined, shapes: readonly MachineShape[],
  totalGpus: number, version: DynamoVersion): DgdrHardwareOptions {
  const gpuType = workers?.gpuType ?? common(shapes, (s) => s.gpuType);
  const derived = gpuType ? GpuSku.fromGpuType(gpuType) : undefined;
  return {
    gpuSku: hardware?.gpuSku ?? (derived?.supportedBy(version) ? derived : undefined),
    vramMb: hardware?.vramMb ?? common(shapes, (s) => s.gpuMemoryMiB),
    numGpusPerNode: hardware?.numGpusPerNode ?? common(shapes, (s) => s.gpuCount),
    interconnect: hardware?.interconnect,
    rdma: hardware?.rdma,
    totalGpus,
  };
}

/**
 * Refuses a GPU budget that cannot hold the model's weights: `totalGpus` GPUs of the known memory
 * (`vramMb`, else the GPU type's) against the architecture's weight bytes. A lower bound: the KV cache
 * and activations need more, which the profiler sizes. Unchecked when the architecture or the GPU
 * memory is unknown.
 * @internal
 */
export function checkBudgetHoldsWeights(architecture: ModelArchitecture | undefined, hardware: DgdrHardwareOptions, gpuType: GpuType | undefined): void {
  const perGpu = hardware.vramMb !== undefined ? hardware.vramMb * MIB : gpuType !== undefined ? gpuType.memoryGb * GIB : undefined;
  const total = hardware.totalGpus;
  if (architecture === undefined || perGpu === undefined || total === undefined) return;
  const weights = architecture.weightBytes();
  if (weights <= perGpu * total) return;
  const gib = (b: number) => `${(b / GIB).toFixed(1)} GiB`;
  throw invalid('totalGpus', `must hold the model's weights: ${architecture.name} needs ${gib(weights)}, and ${total} GPUs of ${gib(perGpu)} hold ${gib(perGpu * total)}`,
    total, `raise totalGpus to at least ${Math.ceil(weights / perGpu)} (more for the KV cache), or pick GPUs with more memory`);
}
