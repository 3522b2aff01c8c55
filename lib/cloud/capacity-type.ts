/**
 * How a GPU node is bought. A pool lists the capacity types it accepts, in order of preference
 * (GKE tries them in that order; Karpenter picks the cheapest available).
 */
export class CapacityType {
  /** On-demand capacity. */
  public static readonly ON_DEMAND = new CapacityType('on-demand');
  /** Spot / preemptible capacity: cheap, but a node can be reclaimed with two minutes' notice or less. */
  public static readonly SPOT = new CapacityType('spot');
  /** Reserved capacity (EC2 capacity reservations or Capacity Blocks, GKE reservations). */
  public static readonly RESERVED = new CapacityType('reserved');

  private constructor(
    /** The value as Karpenter spells it (`karpenter.sh/capacity-type`). */
    public readonly value: 'on-demand' | 'spot' | 'reserved',
  ) {}

  /** The value as Karpenter spells it, e.g. `on-demand`. */
  public toString(): string {
    return this.value;
  }
}
