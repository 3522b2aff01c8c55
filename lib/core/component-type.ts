/**
 * The role of a DynamoGraphDeployment component. It maps to `type` in v1beta1 and to
 * `componentType` (+ `subComponentType`) in v1alpha1.
 */
export class ComponentType {
  /** The OpenAI-compatible HTTP frontend with the router (`type: frontend`). */
  public static readonly FRONTEND = new ComponentType('frontend', 'frontend', undefined);
  /** An aggregated worker doing prefill and decode (`type: worker`). */
  public static readonly WORKER = new ComponentType('worker', 'worker', undefined);
  /** A disaggregated prefill worker (v1beta1 `type: prefill`; v1alpha1 `worker` + `subComponentType: prefill`). */
  public static readonly PREFILL = new ComponentType('prefill', 'worker', 'prefill');
  /** A disaggregated decode worker (v1beta1 `type: decode`; v1alpha1 `worker` + `subComponentType: decode`). */
  public static readonly DECODE = new ComponentType('decode', 'worker', 'decode');
  /** The SLA planner (`type: planner`). */
  public static readonly PLANNER = new ComponentType('planner', 'planner', undefined);

  private constructor(
    /** The v1beta1 `type`. */
    public readonly v1beta1Type: string,
    /** The v1alpha1 `componentType`. */
    public readonly v1alpha1ComponentType: string,
    /** The v1alpha1 `subComponentType`, if any. */
    public readonly v1alpha1SubComponentType: string | undefined,
  ) {}

  /** Whether pods of this type run an inference engine on GPUs. */
  public get isWorker(): boolean {
    return this.v1alpha1ComponentType === 'worker';
  }

  /** The v1beta1 `type`, e.g. `decode`. */
  public toString(): string {
    return this.v1beta1Type;
  }
}
