import { CustomValues } from '../core/custom-values';
import { invalid } from '../core/errors';
import { anyNumberShape, checkProps, FieldsOf, stringShape } from '../core/input-shape';

/** What an untyped caller may pass to {@link GpuType.custom} (the id, name and memory rules check the values). */
const CUSTOM_GPU_TYPE_FIELDS: FieldsOf<CustomGpuTypeOptions> = {
  id: stringShape(),
  displayName: stringShape(),
  memoryGb: anyNumberShape(),
};

/** Options for {@link GpuType.custom}. */
export interface CustomGpuTypeOptions {
  /** A stable id, a lowercase slug (letters, digits, single hyphens), e.g. `rtx-pro-6000`. */
  readonly id: string;
  /** The marketing name, used in messages and summaries, e.g. `NVIDIA RTX PRO 6000`. */
  readonly displayName: string;
  /** Memory per GPU, in GB as NVIDIA states it, e.g. `96`. */
  readonly memoryGb: number;
}

/**
 * An NVIDIA GPU model, as the cloud catalogs list it. Pools ask for a GPU type (any machine shape of
 * the cloud that carries it) or for a machine shape by name.
 *
 * @example
 * new DisaggregatedLlm(chart, 'llama', {
 *   model: 'meta-llama/Llama-3.3-70B-Instruct',
 *   cloud: Cloud.eks({ ami: EksAmi.al2023('v20250821'), nodeRole: 'KarpenterNodeRole-prod',
 *     subnetTags: { 'karpenter.sh/discovery': 'prod' }, securityGroupTags: { 'karpenter.sh/discovery': 'prod' } }),
 *   prefill: { gpuType: GpuType.H100_80GB, gpus: 8 },
 *   decode: { gpuType: GpuType.H100_80GB, gpus: 8 },
 * });
 */
export class GpuType {
  /** NVIDIA H100 SXM, 80 GB HBM3. */
  public static readonly H100_80GB = new GpuType('h100-80gb', 'NVIDIA H100 80GB', 80);
  /** NVIDIA H100 NVL, 94 GB HBM3 (Azure NC H100 v5). */
  public static readonly H100_NVL_94GB = new GpuType('h100-nvl-94gb', 'NVIDIA H100 NVL 94GB', 94);
  /** NVIDIA H200, 141 GB HBM3e. */
  public static readonly H200_141GB = new GpuType('h200-141gb', 'NVIDIA H200 141GB', 141);
  /** NVIDIA B200, 180 GB HBM3e. */
  public static readonly B200 = new GpuType('b200', 'NVIDIA B200', 180);
  /** NVIDIA A100, 80 GB HBM2e. */
  public static readonly A100_80GB = new GpuType('a100-80gb', 'NVIDIA A100 80GB', 80);
  /** NVIDIA A100, 40 GB HBM2. */
  public static readonly A100_40GB = new GpuType('a100-40gb', 'NVIDIA A100 40GB', 40);
  /** NVIDIA L40S, 48 GB GDDR6. */
  public static readonly L40S = new GpuType('l40s', 'NVIDIA L40S', 48);
  /** NVIDIA A10G, 24 GB GDDR6 (AWS G5). */
  public static readonly A10G = new GpuType('a10g', 'NVIDIA A10G', 24);
  /** NVIDIA L4, 24 GB GDDR6. */
  public static readonly L4 = new GpuType('l4', 'NVIDIA L4', 24);

  /** Every built-in GPU type, in declaration order (custom types are not listed). */
  public static all(): GpuType[] {
    return [GpuType.H100_80GB, GpuType.H100_NVL_94GB, GpuType.H200_141GB, GpuType.B200, GpuType.A100_80GB,
      GpuType.A100_40GB, GpuType.L40S, GpuType.A10G, GpuType.L4];
  }

  /**
   * A GPU model the built-in list lacks, for machine shapes added with `extraShapes` (pools then ask
   * for it with `gpuType`). Pools and shapes match GPU types by identity, so calls with the same
   * options return the same instance; an id the built-in list or another custom type already uses
   * is rejected. On GKE, give the extra shapes of a custom GPU their `acceleratorLabel`.
   *
   * @example
   * const RTX_PRO_6000 = GpuType.custom({ id: 'rtx-pro-6000', displayName: 'NVIDIA RTX PRO 6000', memoryGb: 96 });
   */
  public static custom(options: CustomGpuTypeOptions): GpuType {
    GpuType.CUSTOM.checkOptions(options);
    checkProps('gpuType', options, 'CustomGpuTypeOptions', CUSTOM_GPU_TYPE_FIELDS);
    const { id, displayName, memoryGb } = options;
    GpuType.CUSTOM.checkIdentity(id, displayName);
    if (typeof memoryGb !== 'number' || !Number.isFinite(memoryGb) || memoryGb <= 0) {
      throw invalid('gpuType.memoryGb', 'must be a positive number', memoryGb, 'give the memory per GPU in GB, e.g. 96');
    }
    return GpuType.CUSTOM.intern(id, (known) => known.displayName === displayName && known.memoryGb === memoryGb,
      () => new GpuType(id, displayName, memoryGb));
  }

  /** The custom GPU types created so far. */
  private static readonly CUSTOM = new CustomValues<GpuType>({
    prop: 'gpuType',
    owner: GpuType,
    className: 'GpuType',
    noun: 'GPU type',
    usage: "GpuType.custom({ id: 'rtx-pro-6000', displayName: 'NVIDIA RTX PRO 6000', memoryGb: 96 })",
    idExample: 'rtx-pro-6000',
    displayName: { requirement: 'must name the GPU', fix: 'use the marketing name, e.g. "NVIDIA RTX PRO 6000"' },
    describe: (g) => `${g.displayName} with ${g.memoryGb} GB`,
  });

  private constructor(
    /** A stable id, e.g. `h100-80gb`. */
    public readonly id: string,
    /** The marketing name, e.g. `NVIDIA H100 80GB`. */
    public readonly displayName: string,
    /** Memory per GPU, in GB as NVIDIA states it. */
    public readonly memoryGb: number,
  ) {}

  /** The GPU's name, e.g. `NVIDIA H100 80GB`. */
  public toString(): string {
    return this.displayName;
  }
}
