/**
 * The NIXL transport plugin that moves the KV cache from prefill to decode workers.
 *
 * UCX is NIXL's default and fits InfiniBand and RoCE. LIBFABRIC is required for AWS EFA: with UCX
 * on EFA, first-token latency stays above 2.5 s (Dynamo issue #4185).
 */
export class NixlBackend {
  /** UCX, NIXL's default. */
  public static readonly UCX = new NixlBackend('UCX');
  /** libfabric, for AWS EFA. */
  public static readonly LIBFABRIC = new NixlBackend('LIBFABRIC');

  private constructor(
    /** The plugin name as NIXL spells it. */
    public readonly name: 'UCX' | 'LIBFABRIC',
  ) {}

  /** Whether this is NIXL's default, which engines select without being told. */
  public get isDefault(): boolean {
    return this === NixlBackend.UCX;
  }

  /** The plugin name as NIXL spells it: `UCX` or `LIBFABRIC`. */
  public toString(): string {
    return this.name;
  }
}
