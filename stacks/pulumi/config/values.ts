/**
 * Readers of stack config values: each turns what `pulumi config set` stored at a key into the
 * library's type, or fails naming the key, the value, what the key takes and the command that fixes
 * it. A value that needs a library class is given by name (`spot` for `CapacityType.SPOT`), a size
 * as a Kubernetes quantity (`200Gi`), a duration as `30m` or `1h30m`.
 */
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { closest, propPath, shown } from '../../../lib/core/input-shape';
import { literalCredentialReason } from '../../../lib/core/credential-env';
import { DynamoValidationError, invalid } from '../../../lib/core/errors';
import { configError, rmCommand, setCommand } from './errors';

/** Reads the value stored at config path `at`. */
export type Read<T> = (value: unknown, at: string) => T;

/** A reader for every field of `T`: a table typed with it stops compiling when `T` gains a field. */
export type Fields<T> = { readonly [K in keyof T]-?: Read<NonNullable<T[K]>> };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a value as written is shown in an error where a credential may stand: a word, which a credential is not. */
export function isWord(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z][A-Za-z-]{0,19}$/.test(value.trim());
}

/**
 * A value that is not shown, by its type only: `<redacted>` for text, `<redacted list>`,
 * `<redacted object>`, `<redacted number>`, `<redacted boolean>`.
 */
export function redacted(value: unknown): string {
  if (typeof value === 'string') return '<redacted>';
  if (Array.isArray(value)) return '<redacted list>';
  return value === null ? '<redacted null>' : `<redacted ${typeof value}>`;
}

/** A value shown only when it is a word ({@link isWord}), else by its type ({@link redacted}). */
export function shownIfWord(value: unknown): unknown {
  return isWord(value) || value === undefined ? value : redacted(value);
}

/**
 * A string. A number or boolean is taken as its text: YAML reads `labelValue: 1` as a number, and
 * `pulumi config set --path` stores `1` as one.
 */
export const text: Read<string> = (v, at) => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw configError(at, 'must be a string', shown(v), '<text>');
};

/** A number; `pulumi config set --path` stores `0.8` as the string "0.8", which is read back here. */
export const num: Read<number> = (v, at) => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  throw configError(at, 'must be a number', shown(v), '<number>');
};

/** true or false (also as the strings "true" and "false"). */
export const bool: Read<boolean> = (v, at) => {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw configError(at, 'must be true or false', shown(v), 'true');
};

const SIZE_UNITS: Readonly<Record<string, (n: number) => Size>> = {
  Ki: (n) => Size.kibibytes(n), Mi: (n) => Size.mebibytes(n), Gi: (n) => Size.gibibytes(n), Ti: (n) => Size.tebibytes(n), Pi: (n) => Size.pebibyte(n),
};

/** A size as a Kubernetes quantity in a binary unit: `200Gi`, `512Mi`, `2Ti`. */
export const size: Read<Size> = (v, at) => {
  const m = typeof v === 'string' ? /^(\d+)(Ki|Mi|Gi|Ti|Pi)$/.exec(v.trim()) : null;
  if (!m) throw configError(at, 'must be a size: a whole number and Ki, Mi, Gi, Ti or Pi', shown(v), '200Gi');
  return SIZE_UNITS[m[2]](Number(m[1]));
};

/** A duration such as `30m`, `1h30m`, `300s` or `14d`, as a Duration in the largest unit that holds it exactly. */
export const duration: Read<Duration> = (v, at) => {
  const m = typeof v === 'string' ? /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(v.trim()) : null;
  if (!m || v === '' || (v as string).trim() === '') throw configError(at, 'must be a duration such as 30s, 5m, 1h30m or 14d', shown(v), '5m');
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  const seconds = ((d * 24 + h) * 60 + min) * 60 + s;
  if (seconds % 86400 === 0 && seconds > 0) return Duration.days(seconds / 86400);
  if (seconds % 3600 === 0 && seconds > 0) return Duration.hours(seconds / 3600);
  if (seconds % 60 === 0 && seconds > 0) return Duration.minutes(seconds / 60);
  return Duration.seconds(seconds);
};

/** CPU as Kubernetes writes it: `4` or `0.5` cores, or `500m`. */
export const cpu: Read<Cpu> = (v, at) => {
  const t = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (/^\d+m$/.test(t)) return Cpu.millis(Number(t.slice(0, -1)));
  if (/^\d+(\.\d+)?$/.test(t)) return Cpu.units(Number(t));
  throw configError(at, 'must be CPU cores (4, 0.5) or millicores (500m)', shown(v), '2');
};

/**
 * One of a fixed set of names. The spelling of the list is preferred; another case is accepted
 * (`ON-DEMAND`, `Ubuntu2204`), since the error could only say to lowercase it. `show` renders a
 * refused value in the error ({@link shownIfWord} where a credential may stand).
 */
export function choice<T>(options: Readonly<Record<string, T>>, show: (value: unknown) => unknown = shown): Read<T> {
  const names = Object.keys(options);
  return (v, at) => {
    const name = typeof v === 'string' ? v.trim() : undefined;
    if (name !== undefined) {
      if (Object.prototype.hasOwnProperty.call(options, name)) return options[name];
      const other = names.find((n) => n.toLowerCase() === name.toLowerCase());
      if (other !== undefined) return options[other];
    }
    const typed = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
    const near = typed === undefined || typed === '' ? undefined : names.find((n) => n.toLowerCase().startsWith(typed)) ?? closest(typed, names);
    throw configError(at, `must be one of ${names.join(', ')}`, show(v), near ?? names[0]);
  };
}

/** `SCALE_UP_ANYWAY` → `scale-up-anyway`, `H100_80GB` → `h100-80gb`. */
function kebab(constantName: string): string {
  return constantName.toLowerCase().replace(/_/g, '-');
}

/**
 * The public constants of a library class by their names in kebab case (`CapacityType.ON_DEMAND`
 * is `on-demand`, `GpuType.H100_80GB` is `h100-80gb`, `WhenUnsatisfiable.DO_NOT_SCALE_UP` is
 * `do-not-scale-up`): the list follows the library as it gains constants.
 */
export function constantsOf<T>(cls: { readonly prototype: T }): Readonly<Record<string, T>> {
  const all = Object.entries(cls as unknown as Record<string, unknown>).filter(([, c]) => c instanceof (cls as unknown as Function));
  return Object.fromEntries(all.map(([name, c]) => [kebab(name), c as T]));
}

/**
 * A value that is not a list, map or object where the key takes one: the fix removes it and sets
 * one entry (`pulumi config rm --path 'x' && pulumi config set --path 'x[0]' spot`).
 */
function notOfKind(at: string, kind: string, v: unknown, entry: string, example: string, show: (v: unknown) => unknown = shown): DynamoValidationError {
  return invalid(`config ${at}`, `must be ${kind}`, show(v), `run ${rmCommand(at)} && ${setCommand(entry, example)}`);
}

/**
 * A list whose every item has `item`'s type; `show` renders a value that is not a list in the
 * error (`shownIfWord` where a credential may have been pasted, e.g. Secret names).
 */
export function list<T>(item: Read<T>, example = '<value>', show: (v: unknown) => unknown = shown): Read<T[]> {
  return (v, at) => {
    if (!Array.isArray(v)) throw notOfKind(at, 'a list', v, `${at}[0]`, example, show);
    return v.map((x, i) => item(x, `${at}[${i}]`));
  };
}

/** An object of string keys whose every value has `value`'s type (`labels`, `nodeSelector`). */
export function map<T>(value: Read<T>, exampleKey = 'key', example = '<value>'): Read<Record<string, T>> {
  return (v, at) => {
    if (!isPlainObject(v)) throw notOfKind(at, 'a map of keys to values', v, propPath(at, exampleKey), example);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x, propPath(at, k))]));
  };
}

/** A Kubernetes object passed through as it is (`affinity`, `securityContext`, a toleration). */
export function json<T>(typeName: string): Read<T> {
  return (v, at) => {
    if (!isPlainObject(v)) throw notOfKind(at, `an object in the Kubernetes ${typeName} shape`, v, at, '{...}');
    return v as T;
  };
}

/**
 * Refuses a key that is not a setting of `typeName`, with the setting it resembles (`did you mean
 * decode.gpus?`) and the commands that move the value there. With `redact`, the value is never
 * shown, whatever its type (it may be or hold a credential).
 */
export function refuseUnknownKey(at: string, key: string, value: unknown, typeName: string, known: readonly string[], redact = false): never {
  const path = propPath(at, key);
  const near = closest(key, known);
  // A credential under a misspelt key (`hftoken: hf_...`) is never shown, nor any text where `redact`
  // says a credential may stand (a misspelt key of `access`).
  const secret = redact || literalCredentialReason(key, typeof value === 'string' ? value : '') !== undefined;
  const example = secret || typeof value === 'object' ? '<value>' : String(value);
  const move = near !== undefined ? `did you mean ${propPath(at, near)}? run ${rmCommand(path)} && ${setCommand(propPath(at, near), example)}`
    : `the settings are ${known.join(', ')}; run ${rmCommand(path)}`;
  throw invalid(`config ${path}`, `is not a setting of ${typeName}`, secret ? '<redacted>' : shown(value), move);
}

/**
 * An object of settings: every key must be one of `fields` (an unknown key is refused with the
 * setting it resembles), each value is read by its field's reader, and `required` keys must be set
 * (the fix sets the key to its `examples` value).
 */
export function object<T>(typeName: string, fields: Fields<T>, required: ReadonlyArray<keyof T & string> = [],
  examples: Readonly<Partial<Record<string, string>>> = {}): Read<T> {
  const known = Object.keys(fields);
  return (v, at) => {
    if (!isPlainObject(v)) throw notOfKind(at, `an object of ${typeName} settings (${known.join(', ')})`, v, propPath(at, known[0] ?? 'key'), '<value>');
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const read = (fields as Record<string, Read<unknown>>)[k];
      if (read === undefined) refuseUnknownKey(at, k, x, typeName, known);
      if (x === null || x === undefined) continue;
      out[k] = read(x, propPath(at, k));
    }
    for (const r of required) {
      if (out[r] === undefined) throw configError(propPath(at, r), `is required by ${typeName}`, undefined, examples[r] ?? '<value>');
    }
    return out as T;
  };
}

/**
 * One of several kinds of a setting, each a factory of the library with its own settings, chosen by
 * the `key` setting (`autoscaling: { kind: keda, maxReplicas: 8, ... }`, `cloud: { provider: eks, ... }`),
 * or by the kind's name alone for a kind whose settings are all optional (`scraping: platform`).
 * With `redact`, a refused kind is shown only when it is a word (a credential may be pasted there).
 */
export function variant<T>(typeName: string, kinds: Readonly<Record<string, Read<T>>>, key = 'kind', redact = false): Read<T> {
  const names = Object.keys(kinds);
  const show = redact ? shownIfWord : shown;
  const kindOf = choice(Object.fromEntries(names.map((n) => [n, n])), show);
  return (v, at) => {
    if (typeof v === 'string') return kinds[kindOf(v, at)]({}, at);
    const where = `${at}.${key}`;
    if (!isPlainObject(v)) {
      throw invalid(`config ${at}`, `must be the ${typeName} by name (one of ${names.join(', ')}) or an object of its settings with ${key}`, show(v),
        `run ${rmCommand(at)} && ${setCommand(where, names[0])}`);
    }
    if (v[key] === undefined || v[key] === null) throw configError(where, `must say which ${typeName}: one of ${names.join(', ')}`, undefined, names[0]);
    const { [key]: kind, ...settings } = v;
    return kinds[kindOf(kind, where)](settings, at);
  };
}
