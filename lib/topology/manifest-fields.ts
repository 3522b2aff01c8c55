import { ApiObject } from 'cdk8s';

/** A manifest as plain JSON. @internal */
export type Json = Record<string, unknown>;

/** The value at a path of a manifest (array indexes as strings), or undefined. @internal */
export function field(o: unknown, ...path: string[]): unknown {
  let v: unknown = o;
  for (const key of path) v = typeof v === 'object' && v !== null ? (v as Json)[key] : undefined;
  return v;
}

/** The string (or number, as a string) at a path of a manifest, or undefined. @internal */
export function text(o: unknown, ...path: string[]): string | undefined {
  const v = field(o, ...path);
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** The number at a path of a manifest, or undefined. @internal */
export function numberAt(o: unknown, ...path: string[]): number | undefined {
  const v = field(o, ...path);
  return typeof v === 'number' ? v : undefined;
}

/** The objects of one kind, as their manifests. @internal */
export function ofKind(objects: readonly ApiObject[], kind: string): Json[] {
  return objects.filter((o) => o.kind === kind).map((o) => o.toJson() as Json);
}

/** The title and detail lines of a box. @internal */
export interface BoxText {
  readonly title: string;
  readonly details: readonly string[];
}
