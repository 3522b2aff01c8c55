import { DynamoVersion } from '../core/dynamo-version';
import { BackendDefinition } from './backend-definition';
import { SGLANG } from './sglang';
import { TRTLLM } from './trtllm';
import { VLLM } from './vllm';

/** The registry Dynamo publishes its images to. */
export const DYNAMO_REGISTRY = 'nvcr.io/nvidia/ai-dynamo';

/**
 * The inference engine the workers run. Each backend knows its runtime image, launcher, flags,
 * NIXL wiring and support matrix.
 *
 * @example
 * Backend.vllm()
 * Backend.sglang()
 * Backend.trtllm()
 */
export class Backend {
  /** vLLM (`nvcr.io/nvidia/ai-dynamo/vllm-runtime`). */
  public static vllm(): Backend {
    return Backend.VLLM;
  }

  /** SGLang (`nvcr.io/nvidia/ai-dynamo/sglang-runtime`). */
  public static sglang(): Backend {
    return Backend.SGLANG;
  }

  /** TensorRT-LLM (`nvcr.io/nvidia/ai-dynamo/tensorrtllm-runtime`). */
  public static trtllm(): Backend {
    return Backend.TRTLLM;
  }

  /** Every backend, in a stable order. */
  public static all(): Backend[] {
    return [Backend.VLLM, Backend.SGLANG, Backend.TRTLLM];
  }

  private static readonly VLLM = new Backend(VLLM);
  private static readonly SGLANG = new Backend(SGLANG);
  private static readonly TRTLLM = new Backend(TRTLLM);

  private constructor(
    /** @internal */
    public readonly definition: BackendDefinition,
  ) {}

  /** `spec.backendFramework`: `vllm`, `sglang` or `trtllm`. */
  public get framework(): string {
    return this.definition.framework;
  }

  /** A human-readable name, e.g. `TensorRT-LLM`. */
  public get displayName(): string {
    return this.definition.displayName;
  }

  /** The Dynamo runtime image for a release, e.g. `nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.4.0`. */
  public runtimeImage(version: DynamoVersion): string {
    return `${DYNAMO_REGISTRY}/${this.definition.runtimeImageName}:${version.version}`;
  }

  public toString(): string {
    return this.definition.framework;
  }
}
