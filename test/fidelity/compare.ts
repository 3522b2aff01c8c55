import { Flat, Leaf, renderPath } from './canonical';
import { GraphFacts } from './facts';

/** One fact that differs: `undefined` where a side does not have it. */
export interface Delta {
  readonly path: readonly string[];
  readonly upstream: Leaf | undefined;
  readonly library: Leaf | undefined;
}

/** Both sides of a comparison, for predicates that look beyond one delta. */
export interface CompareContext {
  readonly upstream: Flat;
  readonly library: Flat;
  readonly upstreamFacts: GraphFacts;
  readonly libraryFacts: GraphFacts;
}

/** The value at a path on one side. */
export function valueAt(flat: Flat, path: readonly string[]): Leaf | undefined {
  return flat.get(renderPath(path))?.value;
}

/** Every fact whose value differs between the sides, sorted by path. */
export function diff(upstream: Flat, library: Flat): Delta[] {
  const keys = [...new Set([...upstream.keys(), ...library.keys()])].sort();
  const deltas: Delta[] = [];
  for (const key of keys) {
    const u = upstream.get(key);
    const l = library.get(key);
    if (u !== undefined && l !== undefined && u.value === l.value) continue;
    deltas.push({ path: (u ?? l)!.path, upstream: u?.value, library: l?.value });
  }
  return deltas;
}

/**
 * Whether a path matches a pattern of segments: `*` matches one segment, `a|b` either, `**` at the
 * end any rest.
 */
export function pathMatches(path: readonly string[], pattern: string): boolean {
  const parts = pattern.split(' ');
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === '**') return true;
    if (i >= path.length) return false;
    if (parts[i] !== '*' && !parts[i].split('|').includes(path[i])) return false;
  }
  return parts.length === path.length;
}

function show(v: Leaf | undefined): string {
  return v === undefined ? '(absent)' : JSON.stringify(v);
}

/** A delta as one line of the report: `decode.flags.--page-size: upstream (absent), library "16"`. */
export function formatDelta(d: Delta): string {
  return `${renderPath(d.path)}: upstream ${show(d.upstream)}, library ${show(d.library)}`;
}
