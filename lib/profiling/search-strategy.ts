/**
 * How deep Dynamo's profiler searches for a configuration (a DynamoGraphDeploymentRequest's
 * `spec.searchStrategy`).
 */
export class SearchStrategy {
  /** Simulate candidate configurations with AIConfigurator: minutes, no GPUs used for the search (the default). */
  public static readonly RAPID = new SearchStrategy('rapid');
  /** Benchmark candidate configurations on real GPUs with the named backend: hours, the GPU budget in use. */
  public static readonly THOROUGH = new SearchStrategy('thorough');

  private constructor(
    /** The value of `spec.searchStrategy`, e.g. `rapid`. */
    public readonly value: string,
  ) {}

  /** The value, e.g. `rapid`. */
  public toString(): string {
    return this.value;
  }
}

/** What Dynamo's profiler optimizes for when several configurations meet the SLA (`spec.sla.optimizationType`). */
export class OptimizationType {
  /** The lowest latency within the GPU budget. */
  public static readonly LATENCY = new OptimizationType('latency');
  /** The most throughput per GPU within the SLA. */
  public static readonly THROUGHPUT = new OptimizationType('throughput');

  private constructor(
    /** The value of `spec.sla.optimizationType`, e.g. `latency`. */
    public readonly value: string,
  ) {}

  /** The value, e.g. `latency`. */
  public toString(): string {
    return this.value;
  }
}
