/**
 * How a JSON value looks to a CEL rule, as the Kubernetes API server builds it (k8s.io/apiserver/pkg/cel/common,
 * values.go and schemas.go), typed by the {@link CelSchemaNode} of the rule's node:
 *
 * - `integer` (and the integers of `x-kubernetes-int-or-string`) are CEL `int` (bigint), `number` is `double`;
 *   numbers under no schema (preserved unknown fields) are ints when integral, as the JSON decoder makes them;
 * - an object with `properties` is an object whose field names are escaped (`namespace` -> `__namespace__`,
 *   `a.b` -> `a__dot__b`, ...; a name that cannot be escaped is not visible), with its schema defaults filled in
 *   (the API server defaults before it validates) and its undeclared fields left out (pruned);
 * - an object with `additionalProperties` is a map (keys as written);
 * - strings of `format: duration` / `date-time` / `date` / `byte` are durations / timestamps / bytes;
 * - the root object's, and an embedded resource's, `metadata` shows only `name` and `generateName`.
 *
 * Objects, maps and lists are wrapped lazily: a rule pays only for the fields it reads.
 */
import { celEnv, celList, celMap, isCelError, parse, plan, type CelInput } from '@bufbuild/cel';
import type { CelSchemaNode } from './cel-schema';

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** CEL reserved words: a property named so is visible as `__<word>__` (k8s.io/apiserver/pkg/cel/escaping.go). */
const RESERVED: ReadonlySet<string> = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let',
  'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);
const ESCAPABLE = /^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/;

/** The CEL name of a property, or undefined when it cannot be escaped (the field is then not accessible). */
function escapeFieldName(name: string): string | undefined {
  if (RESERVED.has(name)) return `__${name}__`;
  if (!ESCAPABLE.test(name)) return undefined;
  return name.replace(/__|[.\-/]/g, (s) => ({ __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' })[s] ?? s);
}

/** `duration(s)` / `timestamp(s)` of the CEL standard library, for the string formats CEL types. */
const castEnv = celEnv();
const toDuration = plan(castEnv, parse('duration(s)'));
const toTimestamp = plan(castEnv, parse('timestamp(s)'));

function formatted(value: string, format: CelSchemaNode['format']): CelInput {
  switch (format) {
    case 'duration':
    case 'date-time':
    case 'date': {
      const cast = format === 'duration' ? toDuration : toTimestamp;
      const result = cast({ s: format === 'date' ? `${value}T00:00:00Z` : value });
      return isCelError(result) ? value : (result as CelInput);
    }
    case 'byte':
      return new Uint8Array(Buffer.from(value, 'base64'));
    default:
      return value;
  }
}

/** A read-only map whose values are converted on first read (and remembered). */
class LazyMap implements ReadonlyMap<string, CelInput> {
  private readonly converted = new Map<string, CelInput>();

  /** `fields`: CEL key -> [raw JSON value, its schema (undefined: untyped)]. */
  public constructor(private readonly fields: ReadonlyMap<string, readonly [unknown, CelSchemaNode | undefined]>) {}

  public get size(): number {
    return this.fields.size;
  }

  public get(key: string): CelInput | undefined {
    let value = this.converted.get(key);
    if (value === undefined) {
      const field = this.fields.get(key);
      if (field === undefined) return undefined;
      value = celValue(field[0], field[1]);
      this.converted.set(key, value);
    }
    return value;
  }

  public has(key: string): boolean {
    return this.fields.has(key);
  }

  public keys(): MapIterator<string> {
    return this.fields.keys();
  }

  public *values(): MapIterator<CelInput> {
    for (const key of this.fields.keys()) yield this.get(key) as CelInput;
  }

  public *entries(): MapIterator<[string, CelInput]> {
    for (const key of this.fields.keys()) yield [key, this.get(key) as CelInput];
  }

  public [Symbol.iterator](): MapIterator<[string, CelInput]> {
    return this.entries();
  }

  public forEach(callback: (value: CelInput, key: string, map: ReadonlyMap<string, CelInput>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }
}

type Fields = Map<string, readonly [unknown, CelSchemaNode | undefined]>;

/** `metadata` as CEL sees it at the root of a custom resource or of an embedded resource. */
const RESOURCE_METADATA: CelSchemaNode = { type: 'object', properties: { name: { type: 'string' }, generateName: { type: 'string' } } };

/** The fields of an object typed by `node` (declared properties, escaped, with defaults). */
function objectFields(obj: JsonObject, node: CelSchemaNode, resource: boolean): Fields {
  const fields: Fields = new Map();
  if (resource) {
    for (const name of ['apiVersion', 'kind']) if (typeof obj[name] === 'string') fields.set(name, [obj[name], { type: 'string' }]);
    if (obj.metadata !== undefined) fields.set('metadata', [obj.metadata, RESOURCE_METADATA]);
  }
  for (const [name, sub] of Object.entries(node.properties ?? {})) {
    if (resource && (name === 'apiVersion' || name === 'kind' || name === 'metadata')) continue;
    const value = obj[name] !== undefined ? obj[name] : sub.default;
    const key = escapeFieldName(name);
    if (value !== undefined && key !== undefined) fields.set(key, [value, sub]);
  }
  return fields;
}

/**
 * `value` as a CEL input, typed by `node` (undefined: no schema, typed by the JSON value). `root`: the value is
 * the whole custom resource.
 */
export function celValue(value: unknown, node: CelSchemaNode | undefined, root = false): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return node?.type !== 'number' && Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string') return node?.format ? formatted(value, node.format) : value;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return celList(value.map((item) => celValue(item, node?.items)));
  if (!isObject(value)) return null;
  if (node?.properties || (node?.type === 'object' && !node.additionalProperties && !node.preserveUnknownFields)) {
    return celMap(new LazyMap(objectFields(value, node, root || node.embeddedResource === true)));
  }
  const values = node?.additionalProperties;
  const fields: Fields = new Map();
  for (const [key, v] of Object.entries(value)) fields.set(key, [v, values]);
  return celMap(new LazyMap(fields));
}
