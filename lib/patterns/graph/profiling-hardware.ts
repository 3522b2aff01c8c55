import { Cloud } from '../../cloud/cloud';
import { MachineShape } from '../../cloud/machine-shape';
import { DynamoVersion } from '../../core/dynamo-version';
import { invalid } from '../../core/errors';
import { ModelArchitecture } from '../../model/model-architecture';
import { DgdrGpuOptions, DgdrHardwareOptions } from '../../profiling/dgdr-props';
import { GpuSku } from '../../profiling/gpu-sku';
import { PoolGpu } from '../../sizing/pool-gpu';
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
 * the operator's own product-name rule, when the release's CRD lists it; a `hardware.gpuSku` that
 * contradicts it is refused (the profiler would plan for GPUs the workers do not get). Memory and GPUs
 * per node come from the candidate shapes when they all agree (a `machineType` pins one). Anything
 * still unknown is left to the operator's discovery.
 * @internal
 */
export function profiledHardware(hardware: DgdrGpuOptions | undefined, workers: ProfiledWorkerOptions | undefined, shapes: readonly MachineShape[],
  totalGpus: number, version: DynamoVersion): DgdrHardwareOptions {
  const gpuType = workers?.gpuType ?? common(shapes, (s) => s.gpuType);
  const derived = gpuType ? GpuSku.fromGpuType(gpuType) : undefined;
  const given = hardware?.gpuSku;
  if (given !== undefined && derived !== undefined && given !== derived && gpuType !== undefined) {
    const source = workers?.gpuType !== undefined ? 'workers.gpuType' : `workers.machineType (${workers?.machineType ?? shapes[0]?.name})`;
    throw invalid('hardware.gpuSku', `must be the SKU of the workers' GPU: ${source} is ${gpuType.displayName}, which the operator infers as ${derived.id}`, given.id,
      `remove hardware.gpuSku (the library derives it from the workers' GPU), or place the workers on ${given.id} GPUs`);
  }
  return {
    gpuSku: given ?? (derived?.supportedBy(version) ? derived : undefined),
    vramMb: hardware?.vramMb ?? common(shapes, (s) => s.gpuMemoryMiB),
    numGpusPerNode: hardware?.numGpusPerNode ?? common(shapes, (s) => s.gpuCount),
    interconnect: hardware?.interconnect,
    rdma: hardware?.rdma,
    totalGpus,
  };
}

/**
 * The GPUs per node of the machines the workers may land on, when they all agree: the one of
 * `workers.machineType`, or the one every machine of `workers.gpuType` has in the cloud's catalog.
 * The pool plan needs it before placement: its GPUs per worker size the node pool's GPU limit.
 * @internal
 */
export function candidateGpusPerNode(cloud: Cloud | undefined, workers: ProfiledWorkerOptions | undefined): number | undefined {
  const shapes = (cloud ?? Cloud.generic()).profile.shapes;
  const candidates = workers?.machineType !== undefined ? shapes.filter((s) => s.name === workers.machineType)
    : workers?.gpuType !== undefined ? shapes.filter((s) => s.gpuType === workers.gpuType) : [];
  return common(candidates, (s) => s.gpuCount);
}

/**
 * Refuses a GPU budget that cannot hold the model's weights: `totalGpus` GPUs of the known memory
 * (`vramMb`, else the pool's GPU as the other patterns size it: the smallest candidate machine
 * shape's, else the catalogs' figure for `workers.gpuType`) against the architecture's weight bytes.
 * A lower bound: the KV cache and activations need more, which the profiler sizes. Unchecked when
 * the architecture or the GPU memory is unknown.
 * @internal
 */
export function checkBudgetHoldsWeights(architecture: ModelArchitecture | undefined, hardware: DgdrHardwareOptions, gpu: PoolGpu | undefined): void {
  const perGpu = hardware.vramMb !== undefined ? hardware.vramMb * MIB : gpu?.memoryBytes;
  const total = hardware.totalGpus;
  if (architecture === undefined || perGpu === undefined || total === undefined) return;
  const weights = architecture.weightBytes();
  if (weights <= perGpu * total) return;
  const gib = (b: number) => `${(b / GIB).toFixed(1)} GiB`;
  throw invalid('totalGpus', `must hold the model's weights: ${architecture.name} needs ${gib(weights)}, and ${total === 1 ? '1 GPU' : `${total} GPUs`} of ${gib(perGpu)} ${total === 1 ? 'holds' : 'hold'} ${gib(perGpu * total)}`,
    total, `raise totalGpus to at least ${Math.ceil(weights / perGpu)} (more for the KV cache), or pick GPUs with more memory`);
}
