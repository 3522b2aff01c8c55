import { invalid, requireInteger } from '../core/errors';
import { CloudPoolContext } from './cloud-profile';
import { MachineShape } from './machine-shape';
import { TCP_KV_TRANSFER_COST } from './kv-transfer';
import { RdmaFabric } from './rdma-fabric';

/** A pool's machine shapes, resolved against a cloud's catalog. @internal */
export interface ResolvedPool {
  readonly pool: CloudPoolContext;
  /** Candidate shapes, at least one, in catalog order. */
  readonly shapes: readonly MachineShape[];
  /** Whether the pool is wired for RDMA (KV transfer or a multi-node worker, on a NIXL-usable fabric). */
  readonly rdma: boolean;
  /** The fabric the pool is wired for (`RdmaFabric.NONE` without RDMA). */
  readonly fabric: RdmaFabric;
}

/** Describes a shape for messages: `p5.48xlarge (8 × NVIDIA H100 80GB, AWS EFA)`. @internal */
export function describeShape(shape: MachineShape): string {
  return `${shape.name} (${shape.gpuCount} × ${shape.gpuType.displayName}, ${shape.fabric.displayName})`;
}

/**
 * Resolves a pool's `machineType` / `gpuType` against a catalog and checks that the pool fits:
 * its GPUs per node fit the shape, and a KV-transfer pool has a fabric NIXL can use unless the user
 * accepted TCP (`allowTcpKvTransfer`). The pattern runs it once per pool, before `bind`, and hands
 * the shapes to the profile as `CloudPoolContext.shapes`; profiles read the result with
 * {@link resolvedPool}.
 * @internal
 */
export function resolvePool(profile: { readonly displayName: string; readonly shapes: readonly MachineShape[] }, allowTcpKvTransfer: boolean,
  pool: Omit<CloudPoolContext, 'shapes'>): Omit<ResolvedPool, 'pool'> {
  const o = pool.options;
  const p = pool.prop;
  let shapes: MachineShape[];
  if (o.machineType !== undefined) {
    const shape = profile.shapes.find((s) => s.name === o.machineType);
    if (!shape) {
      throw invalid(`${p}.machineType`, `must be a GPU machine shape of ${profile.displayName}`, o.machineType,
        `use one of ${profile.shapes.map((s) => s.name).join(', ')}, or add the shape to the profile with extraShapes`);
    }
    if (o.gpuType !== undefined && o.gpuType !== shape.gpuType) {
      throw invalid(`${p}.gpuType`, `must match ${p}.machineType, whose GPUs are ${shape.gpuType.displayName}`, o.gpuType.displayName,
        `remove ${p}.gpuType or pick a machine type with ${o.gpuType.displayName} GPUs`);
    }
    shapes = [shape];
  } else if (o.gpuType !== undefined) {
    const gpuType = o.gpuType;
    const ofType = profile.shapes.filter((s) => s.gpuType === gpuType);
    if (ofType.length === 0) {
      const offered = [...new Set(profile.shapes.map((s) => s.gpuType.displayName))].join(', ');
      throw invalid(`${p}.gpuType`, `must be a GPU type ${profile.displayName} offers`, gpuType.displayName, `use one of ${offered}, or name a machine with ${p}.machineType`);
    }
    shapes = ofType.filter((s) => s.gpuCount >= pool.gpusPerNode);
    if (shapes.length === 0) {
      const largest = Math.max(...ofType.map((s) => s.gpuCount));
      throw invalid(`${p}.gpus`, `must fit on one ${gpuType.displayName} machine of ${profile.displayName}, which has at most ${largest} GPUs`, pool.gpusPerNode,
        `lower ${p}.gpus (spread the worker with ${p}.nodes for multi-node) or pick another GPU type`);
    }
  } else {
    throw invalid(`${p}.machineType`, `or ${p}.gpuType is required with ${profile.displayName}, which provisions GPU nodes for each pool`, undefined,
      `set ${p}.machineType (e.g. "${profile.shapes[0]?.name}") or ${p}.gpuType (e.g. GpuType.H100_80GB)`);
  }
  for (const shape of shapes) {
    if (pool.gpusPerNode > shape.gpuCount) {
      throw invalid(`${p}.gpus`, `must fit the machine: ${describeShape(shape)} has ${shape.gpuCount} GPUs per node`, pool.gpusPerNode,
        `lower ${p}.gpus to at most ${shape.gpuCount} (spread the worker with ${p}.nodes), or pick a larger machine type`);
    }
  }

  const needsRdma = pool.kvTransfer || pool.nodes > 1;
  if (!needsRdma) return { shapes, rdma: false, fabric: RdmaFabric.NONE };
  // With a GPU type, prefer the shapes NIXL can use, so the whole pool shares one wiring.
  const usable = shapes.filter((s) => s.fabric.nixlUsable);
  if (usable.length === 0) {
    if (pool.kvTransfer && !allowTcpKvTransfer) {
      throw invalid(`${p}.${o.machineType !== undefined ? 'machineType' : 'gpuType'}`,
        `must give the ${p} pool an RDMA fabric NIXL can use for KV transfer; ${shapes.map(describeShape).join(', ')} has none, so ${TCP_KV_TRANSFER_COST}`,
        o.machineType ?? o.gpuType?.displayName,
        `pick an RDMA machine (${rdmaShapeNames(profile.shapes)}), serve aggregated, or accept the cost with allowTcpKvTransfer: true`);
    }
    return { shapes, rdma: false, fabric: RdmaFabric.NONE };
  }
  const fabrics = [...new Set(usable.map((s) => s.fabric))];
  if (fabrics.length > 1) {
    throw invalid(`${p}.gpuType`, `matches machines with different RDMA fabrics (${fabrics.join(', ')}), which need different wiring`, o.gpuType?.displayName,
      `name one machine with ${p}.machineType`);
  }
  return { shapes: usable, rdma: true, fabric: fabrics[0] };
}

/**
 * A pool as the pattern resolved it (`CloudPoolContext.shapes`): the candidate shapes, and whether
 * the pool is wired for RDMA (it needs RDMA, for KV transfer or a multi-node worker, and its shapes
 * have a fabric NIXL can use; {@link resolvePool} keeps only those shapes then).
 * @internal
 */
export function resolvedPool(pool: CloudPoolContext): ResolvedPool {
  const fabric = pool.shapes[0]?.fabric ?? RdmaFabric.NONE;
  const rdma = (pool.kvTransfer || pool.nodes > 1) && fabric.nixlUsable;
  return { pool, shapes: pool.shapes, rdma, fabric: rdma ? fabric : RdmaFabric.NONE };
}

/** Names of a catalog's NIXL-usable shapes, for messages. @internal */
export function rdmaShapeNames(shapes: readonly MachineShape[]): string {
  const names = shapes.filter((s) => s.fabric.nixlUsable).map((s) => s.name);
  return names.length > 0 ? names.join(', ') : 'none in this catalog';
}

/**
 * RDMA devices per pod: `rdmaDevices` when set (checked against the shape), else the shape's devices
 * in proportion to the GPUs the pod takes (at least 1), e.g. 16 of p5.48xlarge's 32 EFA for 4 of 8 GPUs.
 * @internal
 */
export function rdmaDevicesPerPod(resolved: ResolvedPool): number {
  const { pool, shapes } = resolved;
  const most = Math.min(...shapes.map((s) => s.rdmaDevices));
  const explicit = pool.options.rdmaDevices;
  if (explicit !== undefined) {
    requireInteger(`${pool.prop}.rdmaDevices`, explicit, 1, `request between 1 and the ${most} RDMA devices of the machine`, most);
    return explicit;
  }
  const fewest = Math.min(...shapes.map((s) => Math.floor((s.rdmaDevices * pool.gpusPerNode) / s.gpuCount)));
  return Math.max(1, fewest);
}

/** Validates a user-added shape list (`extraShapes`) and returns the catalog plus the additions. @internal */
export function withExtraShapes(prop: string, catalog: readonly MachineShape[], extra: readonly MachineShape[] | undefined): MachineShape[] {
  const all = [...catalog];
  for (const [i, s] of (extra ?? []).entries()) {
    const at = `${prop}[${i}]`;
    if (!s.name || /\s/.test(s.name)) throw invalid(`${at}.name`, 'must be the machine type name', s.name, 'use the cloud\'s name, e.g. "p5.48xlarge"');
    requireInteger(`${at}.gpuCount`, s.gpuCount, 1, 'give the GPUs per node');
    requireInteger(`${at}.gpuMemoryMiB`, s.gpuMemoryMiB, 1, 'give the memory per GPU in MiB');
    requireInteger(`${at}.rdmaDevices`, s.rdmaDevices, 0, 'give the RDMA devices per node (0 for none)');
    if (s.networkCards !== undefined) requireInteger(`${at}.networkCards`, s.networkCards, 1, 'give the network cards per node, or leave it out');
    if (s.acceleratorLabel !== undefined && !/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(s.acceleratorLabel)) {
      throw invalid(`${at}.acceleratorLabel`, 'must be a label value', s.acceleratorLabel, 'use the value the cloud puts on the node, e.g. "nvidia-h200-141gb"');
    }
    if (s.fabric.nixlUsable && s.rdmaDevices === 0) {
      throw invalid(`${at}.rdmaDevices`, `must be at least 1 for a ${s.fabric.displayName} machine`, s.rdmaDevices, 'give the RDMA devices per node');
    }
    if (all.some((c) => c.name === s.name)) {
      throw invalid(`${at}.name`, 'must not repeat a shape of the catalog', s.name, 'the catalog already lists it; remove it from extraShapes');
    }
    all.push(s);
  }
  return all;
}
