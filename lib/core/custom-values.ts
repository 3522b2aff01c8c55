import { invalid } from './errors';
import { shown } from './input-shape';

/** A lowercase slug: letters, digits and single inner hyphens. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** What every value of an enum-like class that users may extend has. @internal */
export interface CustomIdentity {
  readonly id: string;
  readonly displayName: string;
}

/** How a `custom()` factory names things in its errors. @internal */
export interface CustomValueKind<T extends CustomIdentity> {
  /** The prop of its errors, e.g. `gpuType`. */
  readonly prop: string;
  /** The class, whose static values are the built-in ones (e.g. `GpuType`). */
  readonly owner: object;
  /** The class name, e.g. `GpuType`. */
  readonly className: string;
  /** What one value is, e.g. `GPU type`. */
  readonly noun: string;
  /** A call that works, shown when the options are missing. */
  readonly usage: string;
  /** An id that works, e.g. `rtx-pro-6000`. */
  readonly idExample: string;
  /** The requirement and fix for an empty display name. */
  readonly displayName: { readonly requirement: string; readonly fix: string };
  /** What a value is, for the message when an id is reused: `NVIDIA X with 96 GB`. */
  describe(value: T): string;
}

/**
 * The custom values of an enum-like class (`GpuType.custom`, `RdmaFabric.custom`): the checks
 * their options share, and one instance per id, because the library compares these values by
 * identity (a second call with the same options returns the first instance; the same id with other
 * options is an error).
 * @internal
 */
export class CustomValues<T extends CustomIdentity> {
  private readonly byId = new Map<string, T>();

  public constructor(private readonly kind: CustomValueKind<T>) {}

  /** Rejects missing options (an untyped caller). */
  public checkOptions(options: unknown): void {
    if (typeof options !== 'object' || options === null) {
      throw invalid(this.kind.prop, 'must be given its options', shown(options), `use ${this.kind.usage}`);
    }
  }

  /** Rejects an id that is not a slug or that a built-in value uses, and an empty display name. */
  public checkIdentity(id: unknown, displayName: unknown): void {
    const k = this.kind;
    if (typeof id !== 'string' || !SLUG.test(id)) {
      throw invalid(`${k.prop}.id`, 'must be a lowercase slug of letters, digits and single hyphens', id, `use for example "${k.idExample}"`);
    }
    const builtIn = Object.entries(k.owner).find(([, v]) => typeof v === 'object' && v !== null && (v as Partial<CustomIdentity>).id === id);
    if (builtIn) {
      throw invalid(`${k.prop}.id`, `must not be the id of a built-in ${k.noun}`, id, `use ${k.className}.${builtIn[0]}`);
    }
    if (typeof displayName !== 'string' || displayName.trim() === '') {
      throw invalid(`${k.prop}.displayName`, k.displayName.requirement, displayName, k.displayName.fix);
    }
  }

  /** The value for `id`: the one made earlier when `same` holds for it, else a new one from `create`. */
  public intern(id: string, same: (known: T) => boolean, create: () => T): T {
    const known = this.byId.get(id);
    if (known) {
      if (!same(known)) {
        throw invalid(`${this.kind.prop}.id`, `must not name two ${this.kind.noun}s; it is already ${this.kind.describe(known)}`, id,
          `reuse the first ${this.kind.className}.custom(...) or pick another id`);
      }
      return known;
    }
    const created = create();
    this.byId.set(id, created);
    return created;
  }
}
