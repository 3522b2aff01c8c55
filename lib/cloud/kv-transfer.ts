import { invalid } from '../core/errors';
import { KvTransfer, kvTransferFactory, KvTransferKind } from '../core/kv-transfer';
import { NixlBackend } from '../core/nixl-backend';
import { CloudBinding, CloudContext, CloudPoolContext } from './cloud-profile';
import { MachineShape } from './machine-shape';
import { RdmaFabric } from './rdma-fabric';

/** The first-token cost of TCP KV transfer, quoted in errors and docs. @internal */
export const TCP_KV_TRANSFER_COST = tcpKvTransferCost('KV transfer');

/** The first-token cost of TCP KV transfer for one transfer engine. */
function tcpKvTransferCost(engine: string): string {
  return `${engine} falls back to TCP and the first token takes ~98 s instead of ~0.3 s at an 8k-token prompt`;
}

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
 * What each transfer engine needs from the fabric:
 * - `verbsOnly`: RDMA only through verbs, i.e. on the fabrics whose NIXL plugin is UCX (InfiniBand,
 *   RoCE and custom verbs fabrics), not EFA. NIXL has a plugin for every RDMA fabric.
 * - `tcpFallback`: whether it still runs without RDMA. NIXL and UCX fall back to UCX's TCP
 *   transport. SGLang starts Mooncake's transfer engine over RDMA (`MOONCAKE_PROTOCOL` defaults to
 *   `rdma`, sgl-project/sglang `mooncake_transfer_engine.py`), so it fails to start instead.
 */
const TRANSFER_FACTS: Readonly<Record<KvTransferKind, { readonly verbsOnly: boolean; readonly tcpFallback: boolean }>> = {
  nixl: { verbsOnly: false, tcpFallback: true },
  ucx: { verbsOnly: true, tcpFallback: true },
  mooncake: { verbsOnly: true, tcpFallback: false },
};

/**
 * Whether a transfer engine moves the KV cache over a fabric at RDMA speed: NIXL through the
 * fabric's plugin; Mooncake and TensorRT-LLM's UCX transceiver through verbs only.
 * @internal
 */
export function carriesOverRdma(transfer: KvTransfer, fabric: RdmaFabric): boolean {
  return TRANSFER_FACTS[transfer.kind].verbsOnly ? fabric.nixlBackend === NixlBackend.UCX : fabric.nixlUsable;
}

/** The KV transfer a deployment asked for: `kvTransfer`, the deprecated `nixlBackend`, or NIXL. */
function requestedTransfer(kvTransfer: KvTransfer | undefined, nixlBackend: NixlBackend | undefined): KvTransfer {
  if (kvTransfer !== undefined && nixlBackend !== undefined) {
    throw invalid('nixlBackend', 'must not be set with kvTransfer', nixlBackend.name, `remove nixlBackend (deprecated) and use kvTransfer: KvTransfer.nixl(NixlBackend.${nixlBackend.name})`);
  }
  return kvTransfer ?? KvTransfer.nixl(nixlBackend);
}

/** The transfer engines a backend's disaggregation accepts, as factory calls for messages. */
function factories(kinds: readonly KvTransferKind[]): string {
  return kinds.map(kvTransferFactory).join(', ');
}

/** What the KV transfer is resolved from. @internal */
export interface KvTransferRequest {
  readonly kvTransfer?: KvTransfer;
  /** The deprecated `nixlBackend` prop. */
  readonly nixlBackend?: NixlBackend;
  /** The backend's name and the transfer engines it accepts. */
  readonly backend: { readonly displayName: string; readonly kvTransfers: readonly KvTransferKind[] };
}

/**
 * The KV transfer of a deployment, decided once for every cloud from the fabrics the profile wired
 * the KV-transfer pools for (`PoolWiring.fabric`):
 * - the backend must accept the transfer engine (vLLM: NIXL; SGLang: NIXL, Mooncake;
 *   TensorRT-LLM: NIXL, UCX);
 * - prefill and decode must share one fabric the engine can use (one side over RDMA and the other
 *   over TCP, or two fabrics, cannot share a transfer);
 * - without one, KV transfer runs over TCP, which the user must accept (`allowTcpKvTransfer`);
 * - an explicit NIXL plugin must be the fabric's.
 * Returns the transfer with its NIXL plugin resolved: the fabric's, else the user's, else UCX.
 * @internal
 */
export function resolveKvTransfer(ctx: CloudContext, binding: CloudBinding, request: KvTransferRequest, cloudName: string,
  shapes: readonly MachineShape[] = []): KvTransfer {
  const requested = requestedTransfer(request.kvTransfer, request.nixlBackend);
  const kv = ctx.pools.filter((p) => p.kvTransfer).map((pool) => ({ pool, fabric: binding.pools[pool.prop]?.fabric ?? RdmaFabric.NONE }));
  if (kv.length > 0 && !request.backend.kvTransfers.includes(requested.kind)) {
    throw invalid(request.kvTransfer !== undefined ? 'kvTransfer' : 'nixlBackend', `must be one of ${factories(request.backend.kvTransfers)} for ${request.backend.displayName}`,
      requested.factory, `use one of those, or another backend (${kvTransferFactory(requested.kind)} is not a ${request.backend.displayName} transfer engine)`);
  }
  const rdma = kv.filter((k) => carriesOverRdma(requested, k.fabric));
  const tcp = kv.find((k) => !carriesOverRdma(requested, k.fabric));
  if (rdma.length > 0 && tcp) {
    const peer = rdma[0];
    const why = requested.kind === 'nixl' ? `NIXL needs the same backend (${peer.fabric.nixlBackend!.name}) on both sides of the KV transfer`
      : `${requested.displayName} needs RDMA on both sides of the KV transfer`;
    throw invalid(placementProp(tcp.pool),
      `must give the ${tcp.pool.prop} pool ${peer.fabric.id === 'efa' ? 'EFA' : peer.fabric.displayName} like the ${peer.pool.prop} pool: ${why}`,
      placementValue(tcp.pool, cloudName),
      `pick a machine with ${peer.fabric.displayName} for ${tcp.pool.prop}${example(peer.pool, peer.fabric, shapes)}`);
  }
  const fabrics = [...new Set(rdma.map((k) => k.fabric))];
  if (fabrics.length > 1) {
    throw invalid(placementProp(rdma[1].pool), `must put the KV-transfer pools on one RDMA fabric (${rdma.map((k) => `${k.pool.prop}: ${k.fabric.displayName}`).join(', ')})`,
      placementValue(rdma[1].pool, cloudName), `${requested.displayName} moves the KV cache over one transport; give prefill and decode machines of the same fabric`);
  }
  if (tcp && !TRANSFER_FACTS[requested.kind].tcpFallback) {
    throw invalid(placementProp(tcp.pool), `must give the ${tcp.pool.prop} pool InfiniBand or RoCE for ${requested.displayName}, which has no TCP fallback`,
      placementValue(tcp.pool, cloudName), `use kvTransfer: KvTransfer.nixl(), which runs on ${tcp.fabric.nixlUsable ? tcp.fabric.displayName : 'any fabric (over TCP with allowTcpKvTransfer: true)'}`);
  }
  if (tcp && !ctx.allowTcpKvTransfer) {
    const accept = 'serve aggregated, or accept the cost with allowTcpKvTransfer: true';
    if (requested.kind === 'nixl') {
      throw invalid(placementProp(tcp.pool), `must give the ${tcp.pool.prop} pool an RDMA fabric NIXL can use for KV transfer; ${cloudName} wires none for it, so ${TCP_KV_TRANSFER_COST}`,
        placementValue(tcp.pool, cloudName), `wire the pool for RDMA in the cloud profile (PoolWiring.fabric), ${accept}`);
    }
    const where = tcp.fabric.nixlUsable ? `${requested.displayName} has no RDMA transport on ${tcp.fabric.displayName}` : `${cloudName} wires no RDMA fabric for it`;
    throw invalid(placementProp(tcp.pool), `must give the ${tcp.pool.prop} pool an RDMA transport ${requested.displayName} can use for KV transfer; ${where}, so ${tcpKvTransferCost(requested.displayName)}`,
      placementValue(tcp.pool, cloudName), `${tcp.fabric.nixlUsable ? 'use kvTransfer: KvTransfer.nixl()' : 'wire the pool for RDMA in the cloud profile (PoolWiring.fabric)'}, ${accept}`);
  }
  const plugin = fabrics[0]?.nixlBackend;
  if (requested.kind !== 'nixl') return requested;
  if (plugin && requested.nixlPlugin && requested.nixlPlugin !== plugin) {
    if (request.kvTransfer === undefined) {
      throw invalid('nixlBackend', `must be ${plugin.name}, which the pools' RDMA fabric needs`, requested.nixlPlugin.name,
        `remove nixlBackend (the cloud profile selects ${plugin.name}); the other backend would run KV transfer at TCP speed`);
    }
    throw invalid('kvTransfer', `must use the ${plugin.name} NIXL plugin, which the pools' RDMA fabric needs`, requested.factory,
      `use KvTransfer.nixl() (the cloud profile selects ${plugin.name}); the other plugin would run KV transfer at TCP speed`);
  }
  return KvTransfer.nixl(plugin ?? requested.nixlPlugin ?? NixlBackend.UCX);
}
