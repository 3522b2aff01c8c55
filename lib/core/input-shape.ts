import { invalid } from './errors';

/**
 * What an untyped caller (JavaScript, values read from a config file) may pass for one prop, and
 * the check that turns anything else into a {@link DynamoValidationError} naming the prop, instead
 * of a `TypeError` deep inside the library or a `null` written into a manifest.
 *
 * TypeScript callers never see these errors: the shapes restate the public types. The tables of
 * props (`props-shape.ts`) are checked against the interfaces by a test, so a new prop cannot be
 * left out.
 * @internal
 */
export interface Shape {
  /** What the value must be, as the error says it: `a RouterMode`, `a string`. */
  readonly expected: string;
  /**
   * How to make such a value, for the fix of a required prop left out: `EksAmi.al2023('v20250821')`.
   * @default - the error names `expected`
   */
  readonly example?: string;
  /** Throws a named error unless `value` (never undefined here) has this shape. */
  check(prop: string, value: unknown): void;
}

/** A short rendering of a wrong value: primitives as they are, an instance by its class, an object by its keys. */
export function shown(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? 'a function' : value;
  if (Array.isArray(value)) return value.length > 4 ? `an array of ${value.length}` : value.map((v) => (typeof v === 'object' && v !== null ? '{...}' : v));
  const ctor = (value as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof ctor === 'string' && ctor !== 'Object' && ctor !== '') return `a ${ctor}`;
  const keys = Object.keys(value);
  return `{${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', ...' : ''}}`;
}

/** `a.b` joined with a key; a key that is not an identifier is bracketed (`labels["a b"]`). */
export function propPath(prop: string, key: string): string {
  const plain = /^[A-Za-z_$][\w$]*$/.test(key);
  if (prop === '') return plain ? key : `[${JSON.stringify(key)}]`;
  return plain ? `${prop}.${key}` : `${prop}[${JSON.stringify(key)}]`;
}

function fail(prop: string, expected: string, value: unknown, fix: string): never {
  throw invalid(prop, `must be ${expected}`, shown(value), fix);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A string (empty allowed; the prop's own rule checks the content). */
export function stringShape(fix = 'pass a string'): Shape {
  return { expected: 'a string', check: (p, v) => { if (typeof v !== 'string') fail(p, 'a string', v, fix); } };
}

/** A boolean. */
export function booleanShape(): Shape {
  return { expected: 'a boolean', check: (p, v) => { if (typeof v !== 'boolean') fail(p, 'true or false', v, 'pass a boolean, not a string such as "true"'); } };
}

/** A finite number (the prop's own rule checks the range and whether it is an integer). */
export function numberShape(): Shape {
  return {
    expected: 'a number',
    check: (p, v) => { if (typeof v !== 'number' || !Number.isFinite(v)) fail(p, 'a number', v, 'pass a number, not a string such as "4"'); },
  };
}

/**
 * A number, NaN and Infinity included: for a prop whose own rule reports those with its range
 * (`must be a fraction strictly between 0 and 1 (got NaN)`), so only the type is checked here.
 */
export function anyNumberShape(): Shape {
  return { expected: 'a number', check: (p, v) => { if (typeof v !== 'number') fail(p, 'a number', v, 'pass a number, not a string such as "4"'); } };
}

/** `a RouterMode`, `an EksAmi`. */
function article(name: string): string {
  return `${/^([AEIOU]|Rdma|Hpa)/.test(name) ? 'an' : 'a'} ${name}`;
}

/**
 * A class of the library, as the shapes see it: something `instanceof` can test, with a name.
 * (Not a constructor type: the value classes have private constructors, which no constructor type admits.)
 */
type LibraryClass = Function & { readonly name: string; readonly prototype: object };

/**
 * The call that makes the value of `cls` an untyped caller named by a string: `RouterMode.of("kv")`
 * when the class has an `of` factory that accepts it, else the public constant whose id, value,
 * name or text is that string (`CapacityType.SPOT` for `"spot"`). Undefined when nothing matches.
 */
function suggestionFor(cls: LibraryClass, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const of = (cls as unknown as { of?: unknown }).of;
  if (typeof of === 'function') {
    try {
      of.call(cls, value);
      return `${cls.name}.of(${JSON.stringify(value)})`;
    } catch {
      // Not an id `of` accepts: look for a constant.
    }
  }
  const wanted = value.toLowerCase();
  for (const [key, constant] of Object.entries(cls)) {
    if (!(constant instanceof cls)) continue;
    const c = constant as Record<string, unknown>;
    const ids = [String(constant), c.id, c.value, c.name, c.version, c.mode].filter((x): x is string => typeof x === 'string');
    if (ids.some((id) => id.toLowerCase() === wanted)) return `${cls.name}.${key}`;
  }
  return undefined;
}

/** An object of a class of the same name that is not `cls`: an instance made by a second copy of the package. */
function isFromAnotherCopy(cls: LibraryClass, v: unknown): boolean {
  const ctor = typeof v === 'object' && v !== null ? (v as { constructor?: { name?: unknown } }).constructor : undefined;
  return ctor !== undefined && ctor !== cls && ctor.name === cls.name;
}

/**
 * An instance of one of the library's classes, made by its factories (`RouterMode.KV`, `Backend.vllm()`).
 * With a string `usage`, a string naming a value of the class gets the call that makes it
 * (`use RouterMode.of("kv")`, `use CapacityType.SPOT`); a function `usage` gets the wrong value
 * and says itself what to use.
 */
export function instanceShape(cls: LibraryClass, usage: string | ((value: unknown) => string)): Shape {
  const expected = article(cls.name);
  return {
    expected,
    example: typeof usage === 'string' ? usage : usage(undefined),
    check: (p, v) => {
      if (v instanceof cls) return;
      if (isFromAnotherCopy(cls, v)) {
        throw invalid(p, `must be ${expected} of the copy of dynamo-constructs that builds the pattern`, shown(v),
          'two copies of dynamo-constructs are installed (npm ls dynamo-constructs): make every package depend on one version so that npm installs it once');
      }
      if (typeof usage === 'function') fail(p, expected, v, `use ${usage(v)}`);
      const suggestion = suggestionFor(cls, v);
      fail(p, expected, v, suggestion ? `use ${suggestion}, not the string ${JSON.stringify(v)}` : `use ${usage}`);
    },
  };
}

/**
 * A prop whose own rule, run later on every path, already checks its type along with its value
 * (`gpuMemoryUtilization`: "a fraction greater than 0 and at most 1", whatever the caller passed):
 * the table lists it, so `null` and a misspelt key are still refused, but leaves the type to that
 * rule so it stays in one place. `expected` is the rule's requirement, for the `null` error.
 */
export function checkedByOwnRule(expected: string): Shape {
  return { expected, check: () => undefined };
}

/**
 * A value recognised by a type guard: a library class branded across copies of the package
 * (`Cloud.isCloud`), or an object of an interface the library reads one member of (an
 * `ISecretRef`'s `name`, a cdk8s-plus `Cpu`'s `amount`). `expected` is the phrase the error uses
 * (`a Cloud`), `fix` the whole fix.
 */
export function guardShape(expected: string, is: (value: unknown) => boolean, fix: string): Shape {
  return { expected, check: (p, v) => { if (!is(v)) fail(p, expected, v, fix); } };
}

/** One of a fixed set of strings (a string enum of another library, e.g. cdk8s-plus `PersistentVolumeAccessMode`). */
export function oneOfShape(values: readonly string[], usage: string): Shape {
  const expected = `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;
  return { expected, check: (p, v) => { if (typeof v !== 'string' || !values.includes(v)) fail(p, expected, v, `use ${usage}`); } };
}

/**
 * An object from another library, recognised by the methods the library calls on it (a cdk8s
 * `Size` or `Duration`, a cdk8s-plus `Cpu`): it works across copies of that library.
 */
export function methodsShape(name: string, methods: readonly string[], usage: string): Shape {
  const expected = `a ${name}`;
  return {
    expected,
    check: (p, v) => {
      const o = v as Record<string, unknown> | null;
      if (typeof o !== 'object' || o === null || methods.some((m) => typeof o[m] !== 'function')) fail(p, expected, v, `use ${usage}`);
    },
  };
}

/** An array whose every element has `item`'s shape; `example` shows one in the fix (`["--flag", "value"]`). */
export function arrayShape(item: Shape, example = `[${item.expected}]`): Shape {
  const expected = `an array of ${item.expected.replace(/^an? /, '')}s`;
  return {
    expected,
    check: (p, v) => {
      if (!Array.isArray(v)) fail(p, expected, v, `pass an array, e.g. ${example}`);
      v.forEach((x, i) => {
        if (x === undefined || x === null) fail(`${p}[${i}]`, item.expected, x, 'remove the empty entry');
        item.check(`${p}[${i}]`, x);
      });
    },
  };
}

/** A plain object of string keys whose every value has `value`'s shape (`labels`, `env`). */
export function recordShape(value: Shape): Shape {
  const expected = `an object of ${value.expected.replace(/^an? /, '')} values`;
  return {
    expected,
    check: (p, v) => {
      if (!isPlainObject(v)) fail(p, expected, v, `pass an object such as { key: ${value.expected} }`);
      for (const [k, x] of Object.entries(v)) {
        if (x === undefined || x === null) fail(propPath(p, k), value.expected, x, `remove ${JSON.stringify(k)} or give it a value`);
        value.check(propPath(p, k), x);
      }
    },
  };
}

/** A plain JSON object passed through as Kubernetes reads it (`affinity`, `securityContext`). */
export function jsonObjectShape(typeName: string): Shape {
  const expected = `${article(typeName)} object`;
  return { expected, check: (p, v) => { if (!isPlainObject(v)) fail(p, expected, v, `pass a plain object in the Kubernetes ${typeName} shape`); } };
}

/** The closest known key to `key`, for "did you mean": the same key in another case, or at most two edits away. @internal */
export function closest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** The shape of each field of a props interface (every optional field may also be undefined). @internal */
export type FieldShapes = Readonly<Record<string, Shape>>;

/**
 * A shape for every field of `T`, no more and no fewer: a table typed with it stops compiling when
 * the interface gains a prop the table lacks.
 * @internal
 */
export type FieldsOf<T> = { readonly [K in keyof T]-?: Shape };

/**
 * A props object: a plain object whose known fields have their shapes, and no unknown field (a
 * misspelt prop is an error naming the prop it resembles, not a setting silently ignored).
 * `required` lists the fields that must be present.
 */
export function objectShape(typeName: string, fields: FieldShapes | (() => FieldShapes), required: readonly string[] = []): Shape {
  const expected = `${article(typeName)} object`;
  return {
    expected,
    check: (p, v) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(p, expected, v, `pass an object with the ${typeName} props`);
      checkFields(p, v as Record<string, unknown>, typeName, typeof fields === 'function' ? fields() : fields, required);
    },
  };
}

function checkFields(prop: string, value: Record<string, unknown>, typeName: string, fields: FieldShapes, required: readonly string[]): void {
  const known = Object.keys(fields);
  for (const [k, x] of Object.entries(value)) {
    const shape = fields[k];
    const path = propPath(prop, k);
    if (!shape) {
      const near = closest(k, known);
      throw invalid(path, `is not a prop of ${typeName}`, k, near ? `did you mean ${propPath(prop, near)}?` : `the props are ${known.join(', ')}`);
    }
    if (x === undefined) continue;
    if (x === null && required.includes(k)) continue; // reported as missing below
    if (x === null) fail(path, shape.expected, x, 'leave the prop out instead of null');
    shape.check(path, x);
  }
  for (const r of required) {
    if (value[r] !== undefined && value[r] !== null) continue;
    const shape = fields[r];
    const how = shape?.example !== undefined ? `, e.g. ${shape.example}` : ` (${shape?.expected ?? 'see the docs'})`;
    throw invalid(propPath(prop, r), 'is required', value[r], `set ${propPath(prop, r)}${how}`);
  }
}

/**
 * Checks the props object an entry point received. `prop` is the path of the object as the user
 * wrote it (`''` for a constructor's props, `'cloud'` for `Cloud.eks(options)`'s options).
 */
export function checkProps(prop: string, value: unknown, typeName: string, fields: FieldShapes, required: readonly string[] = []): void {
  const label = prop === '' ? 'props' : prop;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(label, `${article(typeName)} object`, value, `pass an object with the ${typeName} props${required.length ? ` (at least ${required.join(', ')})` : ''}`);
  }
  checkFields(prop, value as Record<string, unknown>, typeName, fields, required);
}

/**
 * Checks one positional argument of a factory (`HfToken.fromSecret(secretName)`): a required one
 * must be present (`fix` says what to pass), a present one must have `shape`.
 */
export function checkArg(prop: string, value: unknown, shape: Shape, required?: { readonly fix: string }): void {
  if (value === undefined || value === null) {
    if (required) fail(prop, shape.expected, value, required.fix);
    if (value === null) fail(prop, shape.expected, value, 'leave it out instead of null');
    return;
  }
  shape.check(prop, value);
}
