import { invalid } from '../core/errors';
import { NixlBackend } from '../core/nixl-backend';
import { CloudBinding, CloudContext, CloudPoolContext } from './cloud-profile';
import { MachineShape } from './machine-shape';
import { RdmaFabric } from './rdma-fabric';

/** The first-token cost of TCP KV transfer, quoted in errors and docs. @internal */
export const TCP_KV_TRANSFER_COST = 'NIXL falls back to TCP and the first token takes ~98 s instead of ~0.3 s at an 8k-token prompt';

/** The placement prop a pool's error names: `machineType` or `gpuType` when the user set one. */
function placementProp(pool: CloudPoolContext): string {
  if (pool.options.machineType !== undefined) return `${pool.prop}.machineType`;
  if (pool.options.gpuType !== undefined) return `${pool.prop}.gpuType`;
  return 'cloud';
}

function placementValue(pool: CloudPoolContext, cloudName: string): unknown {
  return pool.options.machineType ?? pool.options.gpuType?.displayName ?? cloudName;
}

/** ` (e.g. "p5.48xlarge")`: the peer's machine, else the first shape of the fabric; empty when neither is known. */
function example(peer: CloudPoolContext, fabric: RdmaFabric, shapes: readonly MachineShape[]): string {
  const name = peer.options.machineType ?? shapes.find((s) => s.fabric === fabric && (!peer.options.gpuType || s.gpuType === peer.options.gpuType))?.name;
  return name ? ` (e.g. "${name}")` : '';
}

/**
 * The NIXL backend of a deployment, decided once for every cloud from the fabrics the profile wired
 * the KV-transfer pools for (`PoolWiring.fabric`):
 * - prefill and decode must share one fabric NIXL can use (one side over RDMA and the other over
 *   TCP, or two fabrics, cannot share a backend);
 * - without one, KV transfer runs over TCP, which the user must accept (`allowTcpKvTransfer`);
 * - an explicit `nixlBackend` must be the fabric's.
 * Returns the fabric's backend, else the user's, else UCX (NIXL's default).
 * @internal
 */
export function resolveKvTransferBackend(ctx: CloudContext, binding: CloudBinding, requested: NixlBackend | undefined, cloudName: string,
  shapes: readonly MachineShape[] = []): NixlBackend {
  const kv = ctx.pools.filter((p) => p.kvTransfer).map((pool) => ({ pool, fabric: binding.pools[pool.prop]?.fabric ?? RdmaFabric.NONE }));
  const rdma = kv.filter((k) => k.fabric.nixlUsable);
  const tcp = kv.find((k) => !k.fabric.nixlUsable);
  if (rdma.length > 0 && tcp) {
    const peer = rdma[0];
    const backend = peer.fabric.nixlBackend!.name;
    throw invalid(placementProp(tcp.pool),
      `must give the ${tcp.pool.prop} pool ${peer.fabric.id === 'efa' ? 'EFA' : peer.fabric.displayName} like the ${peer.pool.prop} pool: NIXL needs the same backend (${backend}) on both sides of the KV transfer`,
      placementValue(tcp.pool, cloudName),
      `pick a machine with ${peer.fabric.displayName} for ${tcp.pool.prop}${example(peer.pool, peer.fabric, shapes)}`);
  }
  const fabrics = [...new Set(rdma.map((k) => k.fabric))];
  if (fabrics.length > 1) {
    throw invalid(placementProp(rdma[1].pool), `must put the KV-transfer pools on one RDMA fabric (${rdma.map((k) => `${k.pool.prop}: ${k.fabric.displayName}`).join(', ')})`,
      placementValue(rdma[1].pool, cloudName), 'NIXL moves the KV cache with one backend; give prefill and decode machines of the same fabric');
  }
  if (tcp && !ctx.allowTcpKvTransfer) {
    throw invalid(placementProp(tcp.pool), `must give the ${tcp.pool.prop} pool an RDMA fabric NIXL can use for KV transfer; ${cloudName} wires none for it, so ${TCP_KV_TRANSFER_COST}`,
      placementValue(tcp.pool, cloudName), 'wire the pool for RDMA in the cloud profile (PoolWiring.fabric), serve aggregated, or accept the cost with allowTcpKvTransfer: true');
  }
  const fabric = fabrics[0]?.nixlBackend;
  if (fabric && requested && requested !== fabric) {
    throw invalid('nixlBackend', `must be ${fabric.name}, which the pools' RDMA fabric needs`, requested.name,
      `remove nixlBackend (the cloud profile selects ${fabric.name}); the other backend would run KV transfer at TCP speed`);
  }
  return fabric ?? requested ?? NixlBackend.UCX;
}
