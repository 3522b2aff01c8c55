import { invalid } from '../core/errors';
import { CapacityType } from './capacity-type';
import { GpuType } from './gpu-type';

/**
 * Where a worker pool's nodes come from, in the cloud's terms. A cloud profile reads these props;
 * `WorkerPoolOptions` extends them, so they are written on each pool (`decode: { machineType: ... }`).
 */
export interface PoolPlacementOptions {
  /**
   * The machine shape the pool's nodes are, by the cloud's name (`p5.48xlarge`, `a3-ultragpu-8g`,
   * `Standard_ND96isr_H100_v5`); see `cloud.shapes`. The pool's GPUs per node must fit it.
   * @default - any shape of the cloud with `gpuType` GPUs (one of the two is required with a cloud profile that provisions nodes)
   */
  readonly machineType?: string;
  /**
   * The GPU model: the pool may use any shape of the cloud's catalog that carries it and fits
   * the pool's GPUs per node (RDMA shapes only, when the pool needs RDMA). On `Cloud.generic()`,
   * which has no catalog, it selects the nodes whose `nvidia.com/gpu.product` label is one of its
   * `productNames`.
   * @default - the GPUs of `machineType`
   */
  readonly gpuType?: GpuType;
  /**
   * How the pool's nodes are bought, in order of preference. Each type at most once, and only
   * types the cloud profile can provision.
   * @default [CapacityType.ON_DEMAND]
   */
  readonly capacityTypes?: CapacityType[];
  /**
   * RDMA devices per pod (EFA interfaces, InfiniBand or RoCE devices) when the pool is wired for RDMA
   * (prefill and decode pools, multi-node workers).
   * @default - the machine's RDMA devices in proportion to the GPUs the pod takes (16 of p5.48xlarge's 32 EFA for 4 of its 8 GPUs); 1 where the device plugin shares devices
   */
  readonly rdmaDevices?: number;
}

/** The capacity type of a pool that names none. */
export const DEFAULT_CAPACITY_TYPES: readonly CapacityType[] = [CapacityType.ON_DEMAND];

/**
 * A pool's capacity types, checked the same way on every cloud: at least one, none repeated, and
 * each one the profile can provision (`supported`; empty for a profile that provisions no nodes).
 * Their type (a list of CapacityType values) is the pattern's props check (`props-shape.ts`).
 * @internal
 */
export function validateCapacityTypes(pool: string, types: readonly CapacityType[] | undefined, supported: readonly CapacityType[],
  profileName: string): readonly CapacityType[] {
  const prop = `${pool}.capacityTypes`;
  if (types === undefined) return DEFAULT_CAPACITY_TYPES;
  if (supported.length === 0) {
    throw invalid(prop, `needs a cloud profile that provisions nodes (${profileName} does not)`, types.map(String),
      `remove it, or select spot nodes with ${pool}.nodeSelector`);
  }
  if (types.length === 0) {
    // The example needs nothing beyond the profile (reserved capacity needs reservations).
    const example = supported.filter((t) => t !== CapacityType.RESERVED);
    throw invalid(prop, 'must list at least one capacity type', types, `list e.g. [${(example.length > 0 ? example : supported).map(capacityTypeName).join(', ')}] in order of preference, or remove it for on-demand`);
  }
  if (new Set(types).size !== types.length) {
    throw invalid(prop, 'must not repeat a capacity type', types.map(String), 'list each capacity type once, in order of preference');
  }
  const unsupported = types.find((t) => !supported.includes(t));
  if (unsupported) {
    throw invalid(prop, `must list capacity types ${profileName} can provision (${supported.map(String).join(', ')})`, unsupported.value,
      `use ${supported.map(capacityTypeName).join(' or ')}`);
  }
  return types;
}

function capacityTypeName(t: CapacityType): string {
  return `CapacityType.${t.value.toUpperCase().replace('-', '_')}`;
}
