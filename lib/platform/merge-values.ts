import { isCredentialName } from '../core/credential-env';
import { invalid } from '../core/errors';
import { looksLikeHfToken } from '../core/hf-token-pattern';
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
 *
 * It also refuses a literal credential ({@link isLiteralCredential}): the values are written as
 * they are into the HelmRelease or Application (and the Git repository that holds it) and into
 * Pulumi's Release inputs, and a credential must only ever be referenced, by the name of a Secret.
 * @internal
 */
export function checkHelmValues(prop: string, values: unknown): void {
  if (!isPlainObject(values)) {
    throw invalid(prop, 'must be a plain object of Helm values', shown(values), 'pass the chart values as JSON, e.g. { driver: { enabled: false } }');
  }
  checkJson(prop, values, undefined);
}

/**
 * The words of a key that names a Secret, not a credential: `existingSecret`,
 * `existingSecretName`, `tlsSecret`, `imagePullSecret`, `caSecret`, `passwordSecret`, `envFromSecret`. A key whose
 * last word is `name`, `ref`, `key`, `file` or `path` (`secretName`, `tlsSecretName`, `secretRef`,
 * `passwordKey`, `tokenFile`) is not a credential word by {@link isCredentialName} already.
 */
const SECRET_NAME_WORDS: ReadonlySet<string> = new Set(['EXISTING', 'TLS', 'PULL', 'CA', 'CERT', 'CERTIFICATE', 'PASSWORD', 'TOKEN', 'CREDENTIALS', 'AUTH', 'FROM']);

/** `adminPassword` → `admin_Password`, `apiKey` → `api_Key`, `HF_TOKEN` as it is: the words of a camelCase key. */
function splitCamelCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
}

/**
 * Whether the string `value` at Helm values key `key` is a literal credential: the key names a
 * credential (its last word is `password`, `token`, `secret`, `apiKey`, `privateKey`, ..., as
 * {@link isCredentialName} reads environment variable names, camelCase split into words:
 * `adminPassword`, `client_secret`), unless it names a Secret that holds one (`existingSecret`,
 * `tlsSecret`, `passwordSecret`); or the value holds a Hugging Face token, whatever the key. An
 * empty string sets nothing.
 * @internal
 */
export function isLiteralCredential(key: string | undefined, value: string): boolean {
  if (value === '') return false;
  if (looksLikeHfToken(value)) return true;
  if (key === undefined) return false;
  const name = splitCamelCase(key);
  if (!isCredentialName(name)) return false;
  const words = name.toUpperCase().split(/[_.-]/).filter((w) => w !== '');
  const last = words[words.length - 1];
  const namesSecret = words.includes('EXISTING') || (last === 'SECRET' && words.slice(0, -1).some((w) => SECRET_NAME_WORDS.has(w)));
  return !namesSecret;
}

function checkJson(prop: string, v: unknown, key: string | undefined): void {
  if (typeof v === 'string') {
    if (isLiteralCredential(key, v)) {
      throw invalid(prop, 'must not be a literal credential: Helm values are written as they are into the HelmRelease or Application (and the Git repository '
        + 'that holds it) or into the Pulumi Release\'s inputs, and a credential must only ever be referenced', 'a literal credential',
      'keep it in a Secret and reference the Secret instead: the chart\'s value that names an existing Secret (for the Dynamo operator\'s registry, '
        + 'dynamo-operator.dynamo.dockerRegistry.existingSecretName; many charts call it existingSecret), or imagePullSecrets for registry credentials');
    }
    return;
  }
  if (v === null || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw invalid(prop, 'must be a finite number (Helm values are JSON)', v, 'use a finite number, or a string');
    return;
  }
  if (v === undefined) {
    throw invalid(prop, 'must have a JSON value; undefined is not one', v, 'remove the key, or set it to null to delete the chart\'s default');
  }
  if (Array.isArray(v)) {
    // An item of a list is judged by the list's key: `passwords: ['...']`.
    v.forEach((x, i) => checkJson(`${prop}[${i}]`, x, key));
    return;
  }
  if (isPlainObject(v)) {
    // An environment variable of a chart's pods, `{ name: 'DB_PASSWORD', value: '...' }`, is judged by its name.
    const envName = typeof v.name === 'string' && typeof v.value === 'string' ? v.name : undefined;
    for (const [k, x] of Object.entries(v)) checkJson(propPath(prop, k), x, k === 'value' && envName !== undefined ? envName : k);
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
