import { CustomValues } from '../core/custom-values';
import { invalid } from '../core/errors';
import { anyNumberShape, arrayShape, checkProps, FieldsOf, stringShape } from '../core/input-shape';
import { isLabelValue } from '../core/names';

/**
 * The node label GPU Feature Discovery (part of the NVIDIA GPU Operator) sets to the GPU's product
 * name: the name `nvidia-smi` reports, spaces replaced by '-' (`NVIDIA-H100-80GB-HBM3`).
 * @internal
 */
export const GPU_PRODUCT_LABEL = 'nvidia.com/gpu.product';

/** What an untyped caller may pass to {@link GpuType.custom} (the id, name, memory and label rules check the values). */
const CUSTOM_GPU_TYPE_FIELDS: FieldsOf<CustomGpuTypeOptions> = {
  id: stringShape(),
  displayName: stringShape(),
  memoryGb: anyNumberShape(),
  productNames: arrayShape(stringShape(), '["NVIDIA-RTX-PRO-6000-Blackwell-Server-Edition"]'),
};

/** A product name usable as a label value, for the fixes. */
const PRODUCT_NAME_EXAMPLE = 'NVIDIA-RTX-PRO-6000-Blackwell-Server-Edition';

/** Options for {@link GpuType.custom}. */
export interface CustomGpuTypeOptions {
  /** A stable id, a lowercase slug (letters, digits, single hyphens), e.g. `rtx-pro-6000`. */
  readonly id: string;
  /** The marketing name, used in messages and summaries, e.g. `NVIDIA RTX PRO 6000`. */
  readonly displayName: string;
  /** Memory per GPU, in GB as NVIDIA states it, e.g. `96`. */
  readonly memoryGb: number;
  /**
   * The values of the `nvidia.com/gpu.product` node label that GPU Feature Discovery (NVIDIA GPU
   * Operator) sets on nodes with this GPU: the product name `nvidia-smi` shows, spaces replaced by
   * '-', e.g. `NVIDIA-RTX-PRO-6000-Blackwell-Server-Edition` (see `kubectl get nodes -L
   * nvidia.com/gpu.product`). `Cloud.generic()` selects the pool's nodes by them; label values of
   * at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.
   * @default - none: the GPU type works with shapes of a cloud catalog only, not on `Cloud.generic()`
   */
  readonly productNames?: readonly string[];
}

/**
 * An NVIDIA GPU model, as the cloud catalogs list it. Pools ask for a GPU type (any machine shape of
 * the cloud that carries it) or for a machine shape by name. On `Cloud.generic()`, which lists no
 * machine shapes, a pool's GPU type selects the nodes whose `nvidia.com/gpu.product` label (set by
 * the GPU Operator's GPU Feature Discovery) is one of its {@link GpuType.productNames}.
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
  /** NVIDIA H100 SXM, 80 GB HBM3 (the H100 PCIe reports another product name: use `GpuType.custom`). */
  public static readonly H100_80GB = new GpuType('h100-80gb', 'NVIDIA H100 80GB', 80, ['NVIDIA-H100-80GB-HBM3']);
  /** NVIDIA H100 NVL, 94 GB HBM3 (Azure NC H100 v5). */
  public static readonly H100_NVL_94GB = new GpuType('h100-nvl-94gb', 'NVIDIA H100 NVL 94GB', 94, ['NVIDIA-H100-NVL']);
  /** NVIDIA H200 SXM, 141 GB HBM3e (the H200 NVL reports another product name: use `GpuType.custom`). */
  public static readonly H200_141GB = new GpuType('h200-141gb', 'NVIDIA H200 141GB', 141, ['NVIDIA-H200']);
  /** NVIDIA B200, 180 GB HBM3e. */
  public static readonly B200 = new GpuType('b200', 'NVIDIA B200', 180, ['NVIDIA-B200']);
  /** NVIDIA A100, 80 GB HBM2e, SXM4 or PCIe. */
  public static readonly A100_80GB = new GpuType('a100-80gb', 'NVIDIA A100 80GB', 80, ['NVIDIA-A100-SXM4-80GB', 'NVIDIA-A100-80GB-PCIe']);
  /** NVIDIA A100, 40 GB HBM2, SXM4 or PCIe. */
  public static readonly A100_40GB = new GpuType('a100-40gb', 'NVIDIA A100 40GB', 40, ['NVIDIA-A100-SXM4-40GB', 'NVIDIA-A100-PCIE-40GB']);
  /** NVIDIA L40S, 48 GB GDDR6. */
  public static readonly L40S = new GpuType('l40s', 'NVIDIA L40S', 48, ['NVIDIA-L40S']);
  /** NVIDIA A10G, 24 GB GDDR6 (AWS G5). */
  public static readonly A10G = new GpuType('a10g', 'NVIDIA A10G', 24, ['NVIDIA-A10G']);
  /** NVIDIA L4, 24 GB GDDR6. */
  public static readonly L4 = new GpuType('l4', 'NVIDIA L4', 24, ['NVIDIA-L4']);

  /** Every built-in GPU type, in declaration order (custom types are not listed). */
  public static all(): GpuType[] {
    return [GpuType.H100_80GB, GpuType.H100_NVL_94GB, GpuType.H200_141GB, GpuType.B200, GpuType.A100_80GB,
      GpuType.A100_40GB, GpuType.L40S, GpuType.A10G, GpuType.L4];
  }

  /**
   * A GPU model the built-in list lacks, for machine shapes added with `extraShapes` (pools then ask
   * for it with `gpuType`). Pools and shapes match GPU types by identity, so calls with the same
   * options return the same instance; an id the built-in list or another custom type already uses
   * is rejected. On GKE, give the extra shapes of a custom GPU their `acceleratorLabel`; on
   * `Cloud.generic()`, give the GPU its `productNames`.
   *
   * @example
   * const RTX_PRO_6000 = GpuType.custom({ id: 'rtx-pro-6000', displayName: 'NVIDIA RTX PRO 6000', memoryGb: 96,
   *   productNames: ['NVIDIA-RTX-PRO-6000-Blackwell-Server-Edition'] });
   */
  public static custom(options: CustomGpuTypeOptions): GpuType {
    GpuType.CUSTOM.checkOptions(options);
    checkProps('gpuType', options, 'CustomGpuTypeOptions', CUSTOM_GPU_TYPE_FIELDS);
    const { id, displayName, memoryGb } = options;
    GpuType.CUSTOM.checkIdentity(id, displayName);
    if (typeof memoryGb !== 'number' || !Number.isFinite(memoryGb) || memoryGb <= 0) {
      throw invalid('gpuType.memoryGb', 'must be a positive number', memoryGb, 'give the memory per GPU in GB, e.g. 96');
    }
    const productNames = options.productNames === undefined ? [] : checkProductNames(options.productNames);
    const sameNames = (known: GpuType) => known.productNames.length === productNames.length && known.productNames.every((n, i) => n === productNames[i]);
    return GpuType.CUSTOM.intern(id, (known) => known.displayName === displayName && known.memoryGb === memoryGb && sameNames(known),
      () => new GpuType(id, displayName, memoryGb, productNames));
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
    productNames: readonly string[],
  ) {
    this.productNames = Object.freeze([...productNames]);
  }

  /**
   * The values GPU Feature Discovery (NVIDIA GPU Operator) gives the `nvidia.com/gpu.product` node
   * label on nodes with this GPU, one per product the type covers (the A100 types: SXM4 and PCIe),
   * e.g. `['NVIDIA-H100-80GB-HBM3']`. `Cloud.generic()` selects a pool's nodes by them. Empty for
   * a custom type made without `productNames`.
   */
  public readonly productNames: readonly string[];

  /** The GPU's name, e.g. `NVIDIA H100 80GB`. */
  public toString(): string {
    return this.displayName;
  }
}

/** The product names of a custom GPU type, each checked as a label value; none repeated. */
function checkProductNames(names: readonly string[]): readonly string[] {
  if (names.length === 0) {
    throw invalid('gpuType.productNames', 'must list at least one nvidia.com/gpu.product value', [],
      `list the values, e.g. ["${PRODUCT_NAME_EXAMPLE}"], or leave productNames out`);
  }
  names.forEach((name, i) => {
    if (name === '' || !isLabelValue(name)) {
      throw invalid(`gpuType.productNames[${i}]`, 'must be a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit', name,
        `give the nvidia.com/gpu.product value GPU Feature Discovery sets, the nvidia-smi product name with spaces replaced by "-", e.g. "${PRODUCT_NAME_EXAMPLE}"`);
    }
    if (names.indexOf(name) !== i) {
      throw invalid(`gpuType.productNames[${i}]`, 'must not repeat a product name', name, 'list each nvidia.com/gpu.product value once');
    }
  });
  return names;
}
