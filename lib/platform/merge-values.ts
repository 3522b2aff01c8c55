import { invalid } from '../core/errors';
import { propPath, shown } from '../core/input-shape';

/**
 * Helm values: a plain JSON object.
 * @internal
 */
export type HelmValues = Record<string, unknown>;

/** Whether `v` is a plain object (an object literal or `Object.create(null)`), not an array or a class instance. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Throws a named error unless `values` is a plain JSON object: objects, arrays, strings, finite
 * numbers, booleans and `null` (which deletes a key of the chart's defaults, as in Helm), at every
 * depth. Functions, class instances (a `Duration`, a `Date`), `undefined` leaves, `NaN` and
 * `Infinity` have no JSON form, so Helm would never see what the caller meant.
 * @internal
 */
export function checkHelmValues(prop: string, values: unknown): void {
  if (!isPlainObject(values)) {
    throw invalid(prop, 'must be a plain object of Helm values', shown(values), 'pass the chart values as JSON, e.g. { driver: { enabled: false } }');
  }
  checkJson(prop, values);
}

function checkJson(prop: string, v: unknown): void {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw invalid(prop, 'must be a finite number (Helm values are JSON)', v, 'use a finite number, or a string');
    return;
  }
  if (v === undefined) {
    throw invalid(prop, 'must have a JSON value; undefined is not one', v, 'remove the key, or set it to null to delete the chart\'s default');
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkJson(`${prop}[${i}]`, x));
    return;
  }
  if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) checkJson(propPath(prop, k), x);
    return;
  }
  const what = typeof v === 'function' ? 'a function' : typeof v === 'object' ? shown(v) : typeof v;
  throw invalid(prop, 'must be a JSON value (object, array, string, number, boolean or null)', what,
    'write the value the chart expects as plain JSON, e.g. a duration as the string "10d"');
}

/**
 * Merges `override` over `base` the way Helm merges user values over a chart's defaults: objects
 * merge key by key, recursively; arrays and scalars replace; a `null` deletes the key (Helm docs,
 * https://helm.sh/docs/chart_template_guide/values_files/ "Deleting a default key"; helm
 * `pkg/chartutil/coalesce.go`). Neither input is changed.
 *
 * Key order is deterministic: `base`'s keys in their order, then the keys only `override` has, in
 * its order. Nulls that delete nothing are dropped, so the result never holds a null in an object.
 * @internal
 */
export function mergeValues(base: Readonly<HelmValues>, override: Readonly<HelmValues>): HelmValues {
  const out: HelmValues = {};
  for (const [k, v] of Object.entries(base)) {
    if (!(k in override)) {
      out[k] = clone(v);
      continue;
    }
    const o = override[k];
    if (o === null) continue;
    out[k] = isPlainObject(v) && isPlainObject(o) ? mergeValues(v, o) : clone(o);
  }
  for (const [k, o] of Object.entries(override)) {
    if (k in base || o === null) continue;
    out[k] = clone(o);
  }
  return out;
}

/** A deep copy; nulls inside objects are dropped (they delete nothing), nulls inside arrays are kept. */
function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (isPlainObject(v)) {
    const out: HelmValues = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = clone(x);
    return out;
  }
  return v;
}
