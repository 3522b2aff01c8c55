import { invalid } from './errors';

/**
 * How the Dynamo frontend routes requests to workers (`--router-mode`).
 */
export class RouterMode {
  /** KV-cache-aware routing: workers publish KV events and the router picks the best prefix overlap. */
  public static readonly KV = new RouterMode('kv');
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

  private static readonly ALL = [RouterMode.KV, RouterMode.ROUND_ROBIN, RouterMode.RANDOM, RouterMode.POWER_OF_TWO,
    RouterMode.DIRECT, RouterMode.LEAST_LOADED, RouterMode.DEVICE_AWARE_WEIGHTED];

  /** A mode by its `--router-mode` value. */
  public static of(mode: string): RouterMode {
    const found = RouterMode.ALL.find((m) => m.mode === mode);
    if (!found) {
      throw invalid('frontend.routerMode', `must be one of ${RouterMode.ALL.map((m) => m.mode).join(', ')}`, mode, 'use one of the RouterMode constants');
    }
    return found;
  }

  private constructor(
    /** The `--router-mode` value. */
    public readonly mode: string,
  ) {}

  /** Whether workers must publish KV events for this mode. */
  public get needsKvEvents(): boolean {
    return this === RouterMode.KV;
  }

  public toString(): string {
    return this.mode;
  }
}
