import { invalid } from '../core/errors';

/** The slug a custom weight type's name must be. */
const NAME = /^[a-z0-9][a-z0-9_]*$/;

/**
 * How a model's weights are stored in GPU memory, with the bytes one parameter takes. Block-scaled
 * 4-bit formats count their scales: MXFP4 stores an 8-bit scale per 32 values (4.25 bits per
 * parameter), NVFP4 an FP8 scale per 16 values (4.5 bits).
 *
 * @example
 * WeightDtype.FP8
 * WeightDtype.of('int4_awq', 0.5)
 */
export class WeightDtype {
  /** BF16: 2 bytes per parameter. */
  public static readonly BF16 = new WeightDtype('bf16', 2);
  /** FP16: 2 bytes per parameter. */
  public static readonly FP16 = new WeightDtype('fp16', 2);
  /** FP8 (E4M3, per-tensor or block scales): 1 byte per parameter. */
  public static readonly FP8 = new WeightDtype('fp8', 1);
  /** MXFP4 (OCP microscaling, gpt-oss experts): 4 bits plus an 8-bit scale per 32 values. */
  public static readonly MXFP4 = new WeightDtype('mxfp4', 4.25 / 8);
  /** NVFP4: 4 bits plus an FP8 scale per 16 values. */
  public static readonly NVFP4 = new WeightDtype('nvfp4', 4.5 / 8);

  /** Every built-in weight type. */
  public static all(): WeightDtype[] {
    return [WeightDtype.BF16, WeightDtype.FP16, WeightDtype.FP8, WeightDtype.MXFP4, WeightDtype.NVFP4];
  }

  /**
   * A weight type the list lacks, by name and bytes per parameter (counting any scales), e.g.
   * `WeightDtype.of('int4_awq', 0.5)`.
   */
  public static of(name: string, bytesPerParameter: number): WeightDtype {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw invalid('weightDtype', 'must be named in lowercase letters, digits and underscores', name, "use e.g. WeightDtype.of('int4_awq', 0.5)");
    }
    const builtIn = WeightDtype.all().find((d) => d.name === name);
    if (builtIn) {
      if (builtIn.bytesPerParameter === bytesPerParameter) return builtIn;
      throw invalid('weightDtype', `must not redefine the built-in ${name}`, name, `use WeightDtype.${name.toUpperCase()} (${builtIn.bytesPerParameter} bytes per parameter)`);
    }
    if (typeof bytesPerParameter !== 'number' || !Number.isFinite(bytesPerParameter) || bytesPerParameter <= 0 || bytesPerParameter > 8) {
      throw invalid('weightDtype.bytesPerParameter', 'must be a number of bytes greater than 0 and at most 8', bytesPerParameter,
        'give the bytes one parameter takes, counting scales (e.g. 0.5 for plain 4-bit)');
    }
    return new WeightDtype(name, bytesPerParameter);
  }

  private constructor(
    /** The type's name, e.g. `fp8`. */
    public readonly name: string,
    /** Bytes per parameter, counting block scales. */
    public readonly bytesPerParameter: number,
  ) {}

  /** The type's name, e.g. `fp8`. */
  public toString(): string {
    return this.name;
  }
}
