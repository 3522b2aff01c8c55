import { DynamoVersion } from '../core/dynamo-version';
import { invalid } from '../core/errors';
import { BackendDefinition } from './backend-definition';
import { BACKENDS } from './registry';
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
 * Backend.fromFramework('sglang')
 */
export class Backend {
  /** vLLM (`nvcr.io/nvidia/ai-dynamo/vllm-runtime`). */
  public static vllm(): Backend {
    return Backend.instance(VLLM);
  }

  /** SGLang (`nvcr.io/nvidia/ai-dynamo/sglang-runtime`). */
  public static sglang(): Backend {
    return Backend.instance(SGLANG);
  }

  /** TensorRT-LLM (`nvcr.io/nvidia/ai-dynamo/tensorrtllm-runtime`). */
  public static trtllm(): Backend {
    return Backend.instance(TRTLLM);
  }

  /** Every backend, in the registry's stable order. */
  public static all(): Backend[] {
    return [...Backend.INSTANCES];
  }

  /**
   * The backend whose `spec.backendFramework` is `framework`, e.g. `Backend.fromFramework('sglang')`.
   * Throws a DynamoValidationError listing the known frameworks for any other name.
   */
  public static fromFramework(framework: string): Backend {
    const backend = Backend.INSTANCES.find((b) => b.framework === framework);
    if (backend === undefined) {
      const known = Backend.INSTANCES.map((b) => b.framework);
      throw invalid('backend', `must be one of ${known.join(', ')}`, framework, 'pass one of those frameworks, or pick a backend from Backend.all()');
    }
    return backend;
  }

  /** One instance per registered definition, so each factory returns the same object every time. */
  private static readonly INSTANCES: readonly Backend[] = BACKENDS.map((d) => new Backend(d));

  /** The instance of a registered definition. */
  private static instance(definition: BackendDefinition): Backend {
    const backend = Backend.INSTANCES.find((b) => b.definition === definition);
    if (backend === undefined) throw new Error(`internal: ${definition.framework} is not in BACKENDS (lib/backends/registry.ts)`);
    return backend;
  }

  private constructor(
    /** @internal */
    public readonly definition: BackendDefinition,
  ) {}

  /** `spec.backendFramework`, e.g. `vllm`. */
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

  /** The backend framework, e.g. `vllm`. */
  public toString(): string {
    return this.definition.framework;
  }
}
