import { NixlBackend } from '../core/nixl-backend';

/**
 * The GPU-to-GPU network between nodes of a machine shape, and what it means for NIXL's KV-cache
 * transfer. Only an RDMA fabric keeps disaggregated serving fast: without one, NIXL falls back to
 * TCP and the first token takes ~98 s instead of ~0.3 s at an 8k-token prompt.
 */
export class RdmaFabric {
  /** AWS Elastic Fabric Adapter (SRD): NIXL needs the LIBFABRIC backend. */
  public static readonly EFA = new RdmaFabric('efa', 'AWS EFA', NixlBackend.LIBFABRIC);
  /** RDMA over Converged Ethernet v2 (GKE A3 Ultra, A4): NIXL's UCX backend. */
  public static readonly ROCE = new RdmaFabric('roce', 'RoCE v2', NixlBackend.UCX);
  /** InfiniBand (Azure ND-series, bare metal): NIXL's UCX backend. */
  public static readonly INFINIBAND = new RdmaFabric('infiniband', 'InfiniBand', NixlBackend.UCX);
  /** GPUDirect-TCPX (GKE A3 High): an NCCL-only path that NIXL cannot use. */
  public static readonly GPUDIRECT_TCPX = new RdmaFabric('gpudirect-tcpx', 'GPUDirect-TCPX (NCCL only)', undefined);
  /** GPUDirect-TCPXO (GKE A3 Mega): an NCCL-only path that NIXL cannot use. */
  public static readonly GPUDIRECT_TCPXO = new RdmaFabric('gpudirect-tcpxo', 'GPUDirect-TCPXO (NCCL only)', undefined);
  /** No RDMA: plain TCP between nodes. */
  public static readonly NONE = new RdmaFabric('none', 'no RDMA', undefined);

  private constructor(
    /** A stable id, e.g. `efa`. */
    public readonly id: string,
    /** A human-readable name for messages and docs. */
    public readonly displayName: string,
    /** The NIXL backend that uses this fabric; undefined when NIXL cannot use it (TCP fallback). */
    public readonly nixlBackend: NixlBackend | undefined,
  ) {}

  /** Whether NIXL can move the KV cache over this fabric with RDMA. */
  public get nixlUsable(): boolean {
    return this.nixlBackend !== undefined;
  }

  public toString(): string {
    return this.displayName;
  }
}
