/**
 * How the Dynamo platform chart gets one of the schedulers it can bundle (Grove, the KAI
 * scheduler): installed as its subchart, installed by you, or not used.
 *
 * The chart's values have two switches per scheduler (`global.<name>.install`: the bundled
 * subchart; `global.<name>.enabled`: installed separately, its API must exist); Dynamo's install
 * guide (`docs/fern/pages/kubernetes/installation/install-dynamo.md`) calls the first the simplest
 * path and the second the production one, since it lets you upgrade the scheduler on its own.
 * The bundled subchart's version is the one that Dynamo release pins, so it moves in lockstep with
 * the operator (Dynamo 1.4 needs Grove v0.1.0-alpha.11 or newer; an older operator fails with
 * newer Grove, `../shared/reference/dynamo-after-1.4.md` §2 item 2).
 */
export class BundledChart {
  /** The platform chart installs the scheduler as its subchart, at the version the Dynamo release pins (`install=true`). */
  public static readonly INSTALL = new BundledChart('install');
  /** You installed the scheduler yourself at a version that Dynamo release supports (`enabled=true`). */
  public static readonly EXTERNAL = new BundledChart('external');
  /** The scheduler is not used (both switches false). */
  public static readonly OFF = new BundledChart('off');

  private constructor(
    /** `install`, `external` or `off`. */
    public readonly mode: 'install' | 'external' | 'off',
  ) {}

  /** The chart's `global.<name>` values for this mode. @internal */
  public _values(): { install: boolean; enabled: boolean } {
    return { install: this.mode === 'install', enabled: this.mode === 'external' };
  }

  /** Whether the scheduler is there for the operator to use. */
  public get available(): boolean {
    return this.mode !== 'off';
  }

  /** e.g. `BundledChart.INSTALL`. */
  public toString(): string {
    return `BundledChart.${this.mode.toUpperCase()}`;
  }
}
