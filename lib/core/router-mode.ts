import { invalid } from './errors';

/**
 * How the Dynamo frontend routes requests to workers (`--router-mode`).
 */
export class RouterMode {
  /** KV-cache-aware routing: workers publish KV events and the router picks the best prefix overlap. */
  public static readonly KV = new RouterMode('kv');
  /**
   * Approximate KV-aware routing: the router predicts each worker's cache from the requests it
   * routed, without KV events (`--router-mode kv --no-router-kv-events`; Dynamo's
   * `examples/backends/vllm/deploy/agg_router_kv_approx.yaml`). Less accurate, no event traffic.
   */
  public static readonly KV_APPROXIMATE = new RouterMode('kv', false);
  /** Round robin; Dynamo's default. */
  public static readonly ROUND_ROBIN = new RouterMode('round-robin');
  /** Uniformly random. */
  public static readonly RANDOM = new RouterMode('random');
  /** Power of two choices. */
  public static readonly POWER_OF_TWO = new RouterMode('power-of-two');
  /** Route to an explicitly named worker. */
  public static readonly DIRECT = new RouterMode('direct');
  /** The worker with the least load. */
  public static readonly LEAST_LOADED = new RouterMode('least-loaded');
  /** Weighted by device capability. */
  public static readonly DEVICE_AWARE_WEIGHTED = new RouterMode('device-aware-weighted');

  private static readonly ALL = [RouterMode.KV, RouterMode.KV_APPROXIMATE, RouterMode.ROUND_ROBIN, RouterMode.RANDOM, RouterMode.POWER_OF_TWO,
    RouterMode.DIRECT, RouterMode.LEAST_LOADED, RouterMode.DEVICE_AWARE_WEIGHTED];

  /** A mode by its name: the `--router-mode` value (`kv` is KV routing with events), or `kv-approximate`. */
  public static of(mode: string): RouterMode {
    const found = RouterMode.ALL.find((m) => m.displayName === mode);
    if (!found) {
      throw invalid('frontend.routerMode', `must be one of ${RouterMode.ALL.map((m) => m.displayName).join(', ')}`, mode, 'use one of the RouterMode constants');
    }
    return found;
  }

  private constructor(
    /** The `--router-mode` value. */
    public readonly mode: string,
    private readonly kvEvents = true,
  ) {}

  /** Whether workers must publish KV events for this mode. */
  public get needsKvEvents(): boolean {
    return this.isKvAware && this.kvEvents;
  }

  /** Whether the KV router routes (with events or approximately). */
  public get isKvAware(): boolean {
    return this.mode === 'kv';
  }

  /** The name shown on the endpoint card: the `--router-mode` value, `kv-approximate` for approximate KV routing. */
  public get displayName(): string {
    return this.isKvAware && !this.kvEvents ? 'kv-approximate' : this.mode;
  }

  /** The frontend flags for this mode. @internal */
  public get frontendArgs(): string[] {
    return ['--router-mode', this.mode, ...(this.isKvAware && !this.kvEvents ? ['--no-router-kv-events'] : [])];
  }

  /** The name shown on the endpoint card, e.g. `kv`. */
  public toString(): string {
    return this.displayName;
  }
}
