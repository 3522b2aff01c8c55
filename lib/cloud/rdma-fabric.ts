import { CustomValues } from '../core/custom-values';
import { checkProps, FieldsOf, instanceShape, stringShape } from '../core/input-shape';
import { NixlBackend } from '../core/nixl-backend';

/** Options for {@link RdmaFabric.custom}. */
export interface CustomRdmaFabricOptions {
  /** A stable id, a lowercase slug (letters, digits, single hyphens), e.g. `spectrum-x`. */
  readonly id: string;
  /** A human-readable name for messages and docs, e.g. `Spectrum-X RoCE`. */
  readonly displayName: string;
  /**
   * The NIXL backend that moves the KV cache over this fabric.
   * @default - none: NIXL cannot use the fabric and falls back to TCP (an NCCL-only path, say)
   */
  readonly nixlBackend?: NixlBackend;
}

/** What an untyped caller may pass to {@link RdmaFabric.custom} (the id and name rules check the values). */
const CUSTOM_FABRIC_FIELDS: FieldsOf<CustomRdmaFabricOptions> = {
  id: stringShape(),
  displayName: stringShape(),
  nixlBackend: instanceShape(NixlBackend, () => 'NixlBackend.UCX or NixlBackend.LIBFABRIC, or leave it out for a fabric NIXL cannot use'),
};

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

  /**
   * A fabric the built-in list lacks, for `Cloud.generic({ rdma })` or machine shapes added with
   * `extraShapes`, carrying the NIXL backend it needs. Shapes and pools match fabrics by identity, so
   * calls with the same options return the same instance; an id the built-in list or another custom
   * fabric already uses is rejected. The cloud profiles still wire only the fabrics they know
   * (EFA on EKS, RoCE on GKE, InfiniBand on AKS).
   *
   * @example
   * RdmaFabric.custom({ id: 'spectrum-x', displayName: 'Spectrum-X RoCE', nixlBackend: NixlBackend.UCX })
   */
  public static custom(options: CustomRdmaFabricOptions): RdmaFabric {
    RdmaFabric.CUSTOM.checkOptions(options);
    checkProps('fabric', options, 'CustomRdmaFabricOptions', CUSTOM_FABRIC_FIELDS);
    const { id, displayName, nixlBackend } = options;
    RdmaFabric.CUSTOM.checkIdentity(id, displayName);
    return RdmaFabric.CUSTOM.intern(id, (known) => known.displayName === displayName && known.nixlBackend === nixlBackend,
      () => new RdmaFabric(id, displayName, nixlBackend));
  }

  /** The custom fabrics created so far. */
  private static readonly CUSTOM = new CustomValues<RdmaFabric>({
    prop: 'fabric',
    owner: RdmaFabric,
    className: 'RdmaFabric',
    noun: 'fabric',
    usage: "RdmaFabric.custom({ id: 'spectrum-x', displayName: 'Spectrum-X RoCE', nixlBackend: NixlBackend.UCX })",
    idExample: 'spectrum-x',
    displayName: { requirement: 'must name the fabric', fix: 'use a human-readable name, e.g. "Spectrum-X RoCE"' },
    describe: (f) => `${f.displayName} with NIXL ${f.nixlBackend ?? 'unusable'}`,
  });

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

  /** The fabric's name, e.g. `AWS EFA`. */
  public toString(): string {
    return this.displayName;
  }
}
