import { invalid } from './errors';

/**
 * The data type of the KV cache. FP8 roughly halves the cache of a BF16 model, so about twice the
 * tokens fit; the engine's default (`auto`) follows the model's dtype. Each backend spells the
 * types its own way (vLLM and SGLang `--kv-cache-dtype`, TensorRT-LLM `kv_cache_config.dtype`); a
 * type a backend does not accept is an error listing the ones it does.
 *
 * @example
 * KvCacheDtype.FP8
 * KvCacheDtype.of('fp8_inc')   // a backend-specific spelling, passed through as written
 */
export class KvCacheDtype {
  /** FP8, the engine's default FP8 format (E4M3 on vLLM, SGLang and TensorRT-LLM). */
  public static readonly FP8 = new KvCacheDtype('fp8');
  /** FP8 E4M3 (vLLM, SGLang). */
  public static readonly FP8_E4M3 = new KvCacheDtype('fp8_e4m3');
  /** FP8 E5M2 (vLLM, SGLang). */
  public static readonly FP8_E5M2 = new KvCacheDtype('fp8_e5m2');

  private static readonly BUILT_IN = [KvCacheDtype.FP8, KvCacheDtype.FP8_E4M3, KvCacheDtype.FP8_E5M2];

  /**
   * A KV cache type by the engine's own spelling. The built-in ones are translated per backend;
   * any other spelling is passed to the engine as written, so the engine checks it.
   */
  public static of(name: string): KvCacheDtype {
    if (typeof name !== 'string' || !/^[a-z0-9_]+$/.test(name)) {
      throw invalid('kvCacheDtype', 'must be a KV cache type in lowercase letters, digits and underscores', name, "use KvCacheDtype.FP8, or KvCacheDtype.of('<engine spelling>')");
    }
    if (name === 'auto') {
      throw invalid('kvCacheDtype', "must not be 'auto', which is the engine's default", name, 'remove kvCacheDtype to keep the model dtype');
    }
    return KvCacheDtype.BUILT_IN.find((d) => d.name === name) ?? new KvCacheDtype(name);
  }

  private constructor(
    /** The type's name, e.g. `fp8`. */
    public readonly name: string,
  ) {}

  /** Whether this is one of the library's constants (translated per backend) rather than an engine spelling. */
  public get isBuiltIn(): boolean {
    return KvCacheDtype.BUILT_IN.includes(this);
  }

  /**
   * Bytes per cached element, for sizing: 1 for the FP8 types and `int8`, 2 for `bf16`/`fp16`
   * spellings; undefined for an engine spelling of unknown size (the pool's capacity is then not
   * estimated).
   */
  public get bytesPerElement(): number | undefined {
    if (/^fp8/.test(this.name) || this.name === 'int8') return 1;
    if (/^(bf16|bfloat16|fp16|float16|half)$/.test(this.name)) return 2;
    return undefined;
  }

  /**
   * The engine's spelling: a built-in type through the backend's table (the pattern has already
   * rejected a built-in type the backend lacks), any other as written.
   * @internal
   */
  public spelledFor(table: Readonly<Record<string, string>>): string {
    return this.isBuiltIn ? table[this.name] ?? this.name : this.name;
  }

  /** The type's name, e.g. `fp8`. */
  public toString(): string {
    return this.name;
  }
}
