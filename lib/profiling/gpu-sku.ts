import { GpuType } from '../cloud/gpu-type';
import { DynamoVersion } from '../core/dynamo-version';
import { invalid } from '../core/errors';
import { checkArg, instanceShape, stringShape } from '../core/input-shape';

/**
 * A GPU as Dynamo's profiler names it: the AIConfigurator system identifier a
 * `DynamoGraphDeploymentRequest` takes in `spec.hardware.gpuSku` (`h100_sxm`, `b200_sxm`, ...).
 *
 * The DGDR CRD restricts the field to an enum that grew over the releases (operator
 * `api/v1beta1/dynamographdeploymentrequest_types.go` `GPUSKUType`; history of
 * `nvidia.com_dynamographdeploymentrequests.yaml`): six SKUs from Dynamo 1.0 (PR #6984), the PCIe,
 * Ada, Volta, Turing and AMD ones from 1.2 (PR #7551), `a30` from 1.2 (PR #9176), `gb10` from 1.3
 * (PR #9976). Each constant knows the first release whose operator accepts it.
 *
 * @example
 * GpuSku.H100_SXM                          // h100_sxm
 * GpuSku.of('b200_sxm')                    // by its identifier
 * GpuSku.fromGpuType(GpuType.H200_141GB)   // h200_sxm, the operator's own inference from the product name
 */
export class GpuSku {
  /** NVIDIA GB200 (Grace Blackwell), SXM. */
  public static readonly GB200_SXM = new GpuSku('gb200_sxm', '1.0.0');
  /** NVIDIA GB10 (DGX Spark). */
  public static readonly GB10 = new GpuSku('gb10', '1.3.0');
  /** NVIDIA B200, SXM. */
  public static readonly B200_SXM = new GpuSku('b200_sxm', '1.0.0');
  /** NVIDIA H200, SXM. */
  public static readonly H200_SXM = new GpuSku('h200_sxm', '1.0.0');
  /** NVIDIA H100, SXM. */
  public static readonly H100_SXM = new GpuSku('h100_sxm', '1.0.0');
  /** NVIDIA H100, PCIe (the operator also infers it for the H100 NVL, whose product name names no form factor). */
  public static readonly H100_PCIE = new GpuSku('h100_pcie', '1.2.0');
  /** NVIDIA A100, SXM. */
  public static readonly A100_SXM = new GpuSku('a100_sxm', '1.0.0');
  /** NVIDIA A100, PCIe. */
  public static readonly A100_PCIE = new GpuSku('a100_pcie', '1.2.0');
  /** NVIDIA A30. */
  public static readonly A30 = new GpuSku('a30', '1.2.0');
  /** NVIDIA L40S. */
  public static readonly L40S = new GpuSku('l40s', '1.0.0');
  /** NVIDIA L40. */
  public static readonly L40 = new GpuSku('l40', '1.2.0');
  /** NVIDIA L4. */
  public static readonly L4 = new GpuSku('l4', '1.2.0');
  /** NVIDIA V100, SXM. */
  public static readonly V100_SXM = new GpuSku('v100_sxm', '1.2.0');
  /** NVIDIA V100, PCIe. */
  public static readonly V100_PCIE = new GpuSku('v100_pcie', '1.2.0');
  /** NVIDIA T4. */
  public static readonly T4 = new GpuSku('t4', '1.2.0');
  /** AMD Instinct MI200 series (MI250 too). */
  public static readonly MI200 = new GpuSku('mi200', '1.2.0');
  /** AMD Instinct MI300 series. */
  public static readonly MI300 = new GpuSku('mi300', '1.2.0');

  /** Every SKU, in the CRD's order. */
  public static all(): GpuSku[] {
    return [GpuSku.GB200_SXM, GpuSku.GB10, GpuSku.B200_SXM, GpuSku.H200_SXM, GpuSku.H100_SXM, GpuSku.H100_PCIE, GpuSku.A100_SXM,
      GpuSku.A100_PCIE, GpuSku.A30, GpuSku.L40S, GpuSku.L40, GpuSku.L4, GpuSku.V100_SXM, GpuSku.V100_PCIE, GpuSku.T4, GpuSku.MI200, GpuSku.MI300];
  }

  /** A SKU by its identifier, e.g. `h100_sxm` (the CRD's enum value; the profiler's docs once wrote `H100-SXM5-80GB`, Dynamo #8469). */
  public static of(id: string): GpuSku {
    checkArg('hardware.gpuSku', id, stringShape('pass the identifier, e.g. GpuSku.of("h100_sxm")'), { fix: 'pass the identifier, e.g. GpuSku.of("h100_sxm")' });
    const found = GpuSku.all().find((s) => s.id === id);
    if (!found) {
      const near = GpuSku.all().find((s) => s.id === id.toLowerCase().replace(/[-\s]/g, '_'));
      throw invalid('hardware.gpuSku', `must be one of the DGDR's GPU SKUs (${GpuSku.all().map((s) => s.id).join(', ')})`, id,
        near ? `use GpuSku.of("${near.id}")` : 'use a GpuSku constant, e.g. GpuSku.H100_SXM, or leave gpuSku out for the operator to discover it');
    }
    return found;
  }

  /**
   * The SKU the Dynamo operator infers for a GPU type, with its own rule (`internal/gpu/discovery.go`
   * `InferHardwareSystem`) applied to the GPU type's `nvidia.com/gpu.product` names; undefined when
   * the names infer no SKU (`GpuType.A10G`), infer different ones (`GpuType.A100_80GB` covers the SXM4
   * and the PCIe product), or the type has no product names.
   */
  public static fromGpuType(gpuType: GpuType): GpuSku | undefined {
    checkArg('gpuType', gpuType, instanceShape(GpuType, 'a GpuType constant such as GpuType.H100_80GB'), { fix: 'pass a GpuType, e.g. GpuType.H100_80GB' });
    const inferred = gpuType.productNames.map(inferSku);
    const first = inferred[0];
    return first !== undefined && inferred.every((s) => s === first) ? first : undefined;
  }

  private constructor(
    /** The identifier, e.g. `h100_sxm`. */
    public readonly id: string,
    /** The first Dynamo release whose DGDR CRD accepts it. */
    public readonly firstRelease: string,
  ) {}

  /** Whether the operator of this Dynamo release accepts the SKU. */
  public supportedBy(version: DynamoVersion): boolean {
    return !version.isOlderThan(DynamoVersion.of(this.firstRelease));
  }

  /** The identifier, e.g. `h100_sxm`. */
  public toString(): string {
    return this.id;
  }
}

/**
 * The operator's product-name rules, in its order (the first token found wins; GB200 before B200,
 * L40S before L40 before L4), with the SKU for the SXM and the PCIe form factor, or the only one.
 */
const RULES: readonly { readonly token: string; readonly sxm?: GpuSku; readonly pcie?: GpuSku; readonly single?: GpuSku }[] = [
  { token: 'GB200', sxm: GpuSku.GB200_SXM },
  { token: 'GB10', single: GpuSku.GB10 },
  { token: 'B200', sxm: GpuSku.B200_SXM },
  { token: 'H200', sxm: GpuSku.H200_SXM },
  { token: 'H100', sxm: GpuSku.H100_SXM, pcie: GpuSku.H100_PCIE },
  { token: 'A100', sxm: GpuSku.A100_SXM, pcie: GpuSku.A100_PCIE },
  { token: 'A30', single: GpuSku.A30 },
  { token: 'L40S', single: GpuSku.L40S },
  { token: 'L40', single: GpuSku.L40 },
  { token: 'L4', single: GpuSku.L4 },
  { token: 'V100', sxm: GpuSku.V100_SXM, pcie: GpuSku.V100_PCIE },
  { token: 'T4', single: GpuSku.T4 },
  { token: 'MI300', single: GpuSku.MI300 },
  { token: 'MI250', single: GpuSku.MI200 },
  { token: 'MI200', single: GpuSku.MI200 },
];

/** Whether `token` stands alone in the product name (the operator's check for A30, which `A300` would contain). */
function standsAlone(product: string, token: string): boolean {
  return new RegExp(`(^|[^A-Z0-9])${token}([^A-Z0-9]|$)`).test(product.toUpperCase());
}

/** The operator's inference: tokens searched in the name uppercased without spaces and dashes; SXM, HGX, DGX or HBM3 means SXM, anything else PCIe. */
function inferSku(product: string): GpuSku | undefined {
  const normalized = product.toUpperCase().replace(/[-\s]/g, '');
  const sxm = ['SXM', 'HGX', 'DGX', 'HBM3'].some((t) => normalized.includes(t));
  for (const rule of RULES) {
    if (rule.token === 'A30' && !standsAlone(product, 'A30')) continue;
    if (!normalized.includes(rule.token)) continue;
    if (rule.single) return rule.single;
    if (sxm && rule.sxm) return rule.sxm;
    return rule.pcie ?? rule.sxm;
  }
  return undefined;
}
