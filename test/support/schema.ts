/**
 * Strict schema validation of synthesized manifests, for tests.
 *
 * Every object is validated against the upstream schema of its apiVersion/kind, read in place from the
 * shared folder (`<repo>/../shared`, see `crds/README.md` there):
 *
 * - core / built-in kinds: `k8s-schemas/v1.30.0/_definitions.json`, definition found by
 *   `x-kubernetes-group-version-kind`;
 * - custom resources: the `openAPIV3Schema` of the served version in a CRD YAML under `crds/`, or a
 *   JSON schema file (`crds/catalog/<group>/<kind>_<version>.json`, `crds/gke/*.json`,
 *   `crds/eks-auto-mode/*.json`; the file itself is the openAPIV3Schema). Karpenter's `karpenter.sh` kinds, which each
 *   provider ships with rules of its own, come from the folder of the provider of their node class group
 *   (`karpenter.k8s.aws` and EKS Auto Mode's `eks.amazonaws.com`: `karpenter-provider-aws/`; `karpenter.azure.com`:
 *   `karpenter-provider-azure/`).
 *
 * Validation is strict: `additionalProperties: false` is injected into every schema that lists `properties`
 * (unless it preserves unknown fields or already says something about additional properties), so a field the
 * API server would prune or reject is reported. In CRD schemas a bare `{type: object}` (no fields declared) is
 * closed too, because the API server prunes everything under it. Every object's `metadata` is checked against
 * the Kubernetes ObjectMeta definition, plus name/label/annotation-key syntax. CRD `pattern`s are Go RE2
 * expressions and are translated where needed (`(?i)`).
 *
 * Custom resources are also checked against the CEL rules (`x-kubernetes-validations`) of their schema, as the API
 * server checks them on create (see `cel.ts`): every rule runs where its node is present, on the object with schema
 * defaults applied and with `self` typed by the schema (int / double, escaped field names, maps); a false rule is
 * reported with its message, and so is a rule that cannot be evaluated (`no such key`, as the API server rejects
 * those). Skipped: transition rules (they read `oldSelf`, so they never run on create; counted by `celStats()`),
 * except `optionalOldSelf` rules, which run with an empty `oldSelf`. Not modelled: the rules' cost budget and the
 * set/map semantics of `x-kubernetes-list-type` lists in `==`. A rule that calls a function the harness does not
 * implement (`cel-functions.ts` lists the Kubernetes ones it adds to the CEL standard library) makes validating its
 * kind throw: it never passes silently. Kinds that are never validated cost nothing.
 *
 * An object whose apiVersion/kind has no schema makes {@link validateManifest} throw: an unknown kind is a test
 * failure, never a silent pass.
 *
 * Cost: schemas are parsed and compiled lazily, once per module instance (i.e. per vitest test file with the
 * default `isolate: true`) and, across test files, workers and runs, once per content: every compiled validator
 * is stored as ajv standalone code in an on-disk cache keyed by the sha256 of its input files and of this
 * harness's code (see `schema-cache.ts`); the CEL rules of a schema are cached the same way, already parsed.
 * Measured on a 2-core machine: without the cache the DGD CRD (1.6 MB YAML) costs ~0.5-1 s to parse plus
 * ~0.4-1.2 s to compile per served version, the first core kind ~0.25 s (definitions + warm-up); loading a cached
 * validator costs a few tens of ms; CEL costs ~20 ms per test file to plan the rules of the kinds it meets, then
 * well under 1 ms per object. Set `DYNAMO_SCHEMA_TIMING=1` to
 * log load/compile times to stderr, `DYNAMO_SCHEMA_CACHE=0` to compile in memory only, `DYNAMO_CEL_STATS=<folder>`
 * to have each test file write its CEL counts (rules compiled, evaluations, transition rules skipped, ms) there.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as path from 'node:path';
import Ajv, { _, type ErrorObject, type Format, type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { parseAllDocuments } from 'yaml';
import { cachedJson, cachedModule, fileHash, HARNESS_FINGERPRINT, sha256 } from './schema-cache';
import { celViolations } from './cel';
import { CEL_PARSER_VERSION, celRuleSet, isCelRuleSet, type CelRuleSet } from './cel-parse';
import { celRuleTree } from './cel-schema';
import { appendPath } from './json-path';
import { UNLISTED_SCHEMAS } from './unlisted-schemas';

/** One schema violation of one manifest object. */
export interface SchemaViolation {
  /** `Kind/namespace/name (apiVersion)`; the namespace segment is left out when the object has none. */
  readonly object: string;
  /** JSON path inside the object, e.g. `$.spec.components[0].replicaz`. */
  readonly path: string;
  readonly message: string;
}

/** The shared folder, resolved from this file: `<repo>/../shared`, overridable by env DYNAMO_SHARED_DIR. */
export const SHARED_DIR: string = process.env.DYNAMO_SHARED_DIR
  ? path.resolve(process.env.DYNAMO_SHARED_DIR)
  : path.resolve(__dirname, '..', '..', '..', 'shared');

/** Annotation the library puts on Dynamo CRs to record the targeted Dynamo release (selects the CRD era). */
export const DYNAMO_VERSION_ANNOTATION = 'dynamo-constructs/dynamo-version';

const K8S_DEFINITIONS_FILE = path.join(SHARED_DIR, 'k8s-schemas', 'v1.30.0', '_definitions.json');
const CRDS_DIR = path.join(SHARED_DIR, 'crds');
/** Folder (relative to `crds/`) of the CRDs served by Dynamo v1.0.x / v1.1.x. */
const DYNAMO_V1_0_ERA_DIR = 'dynamo/v1.0-era';
/** First Dynamo minor whose CRDs are the top-level `crds/dynamo` ones rather than the v1.0-era copies. */
const FIRST_HEAD_ERA: readonly [number, number] = [1, 2];

/**
 * Group of the JSON schema files outside `crds/catalog/` (the datreeio files carry neither group nor kind;
 * the kind and version come from the file name `<kind>_<version>.json`). A new JSON file not listed here makes
 * indexing throw, rather than being ignored.
 */
const JSON_SCHEMA_GROUPS: Readonly<Record<string, string>> = {
  'gke/computeclass_v1.json': 'cloud.google.com',
  'gke/network_v1.json': 'networking.gke.io',
  'gke/gkenetworkparamset_v1.json': 'networking.gke.io',
  'eks-auto-mode/nodeclass_v1.json': 'eks.amazonaws.com',
  'eks-auto-mode/ingressclassparams_v1.json': 'eks.amazonaws.com',
};

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const TIMING = process.env.DYNAMO_SCHEMA_TIMING === '1';
function timed<T>(label: string, fn: () => T): T {
  if (!TIMING) return fn();
  const start = performance.now();
  const result = fn();
  process.stderr.write(`[schema] ${label}: ${(performance.now() - start).toFixed(0)} ms\n`);
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Strictness: inject additionalProperties: false
// ---------------------------------------------------------------------------------------------------------------

/** Keywords whose value is a map of name -> subschema. */
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions', '$defs'] as const;
/** Keywords whose value is a subschema or an array of subschemas. */
const SUBSCHEMA_KEYWORDS = ['items', 'additionalItems', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf'] as const;
/** Junctors: in structural schemas their branches only restate value constraints on fields declared elsewhere. */
const JUNCTOR_KEYWORDS: ReadonlySet<string> = new Set(['not', 'allOf', 'anyOf', 'oneOf']);

interface StrictOptions {
  /**
   * Also close object schemas that declare no fields at all (`{type: object}` without `properties`,
   * `additionalProperties` or `x-kubernetes-preserve-unknown-fields`). Right for CRD schemas: the API server
   * prunes every field under such a node (e.g. DGD v1beta1 `components[].scalingAdapter` is a bare
   * `{type: object}`, so the v1alpha1 shape `{enabled: true}` would silently lose `enabled`). Wrong for the
   * built-in definitions, where `{type: object}` means free-form JSON (RawExtension, FieldsV1).
   */
  readonly closeEmptyObjects: boolean;
  /** Inside an `allOf`/`anyOf`/`oneOf`/`not` branch. */
  readonly inJunctor: boolean;
}

/**
 * Returns a deep copy of `schema` in which every object schema that lists `properties` rejects unknown fields.
 *
 * Walks schema keywords structurally (never treats a property *named* `properties` as a keyword). Schemas with
 * `x-kubernetes-preserve-unknown-fields: true` or an explicit `additionalProperties` are left open, and nothing
 * is injected inside `allOf`/`anyOf`/`oneOf`/`not` branches: a branch may list only a subset of the fields
 * (e.g. `anyOf: [{properties: {a: ...}}, {properties: {b: ...}}]`), so closing it would reject valid objects.
 * `x-kubernetes-embedded-resource` schemas implicitly declare `apiVersion`, `kind` and `metadata`, as in the
 * API server.
 */
function strictSchema(schema: unknown, options: StrictOptions): unknown {
  if (Array.isArray(schema)) return schema.map((s) => strictSchema(s, options));
  if (!isObject(schema)) return schema;
  const out: JsonObject = { ...schema };
  for (const kw of SCHEMA_MAP_KEYWORDS) {
    const map = schema[kw];
    if (!isObject(map)) continue;
    const copy: JsonObject = {};
    for (const [name, sub] of Object.entries(map)) copy[name] = strictSchema(sub, options);
    out[kw] = copy;
  }
  for (const kw of SUBSCHEMA_KEYWORDS) {
    if (schema[kw] === undefined) continue;
    out[kw] = strictSchema(schema[kw], JUNCTOR_KEYWORDS.has(kw) ? { ...options, inJunctor: true } : options);
  }
  if (options.inJunctor) return out;
  if (schema['x-kubernetes-embedded-resource'] === true) {
    const props = isObject(out.properties) ? out.properties : {};
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...props };
  }
  const declaresFields = isObject(out.properties);
  const bareObject = options.closeEmptyObjects && schema.type === 'object' && schema.patternProperties === undefined;
  if (
    (declaresFields || bareObject) &&
    schema['x-kubernetes-preserve-unknown-fields'] !== true &&
    schema.additionalProperties === undefined
  ) {
    out.additionalProperties = false;
  }
  return out;
}

/** {@link strictSchema} for a CRD's openAPIV3Schema. The root `metadata` stays open: it is checked as ObjectMeta. */
function strictCrdSchema(schema: JsonObject): JsonObject {
  const out = strictSchema(schema, { closeEmptyObjects: true, inJunctor: false }) as JsonObject;
  if (isObject(out.properties)) {
    // The API server accepts apiVersion, kind and metadata at the root whether the schema lists them or not (Istio's don't).
    const metadata = isObject(schema.properties) && schema.properties.metadata !== undefined ? schema.properties.metadata : { type: 'object' };
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, ...out.properties, metadata };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// ajv
// ---------------------------------------------------------------------------------------------------------------

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/**
 * OpenAPI / Kubernetes formats. The ones the API server checks and that are cheap to check are checked
 * (int32 range, base64 `byte`, RFC 3339 `date-time`, `ipv4`, `ipv6`); the rest are accepted as known.
 */
const FORMATS: Readonly<Record<string, Format>> = {
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX },
  int64: true,
  float: true,
  double: true,
  byte: BASE64,
  binary: true,
  password: true,
  date: true,
  'date-time': RFC3339,
  duration: true,
  'int-or-string': true,
  quantity: true,
  ipv4: (s: string) => net.isIPv4(s),
  ipv6: (s: string) => net.isIPv6(s),
  cidr: true,
  mac: true,
  uri: true,
  url: true,
  email: true,
  hostname: true,
  uuid: true,
  regex: true,
};

/**
 * CRD `pattern`s are Go RE2 expressions (the API server evaluates them with Go's regexp). Translates the RE2-only
 * syntax found in the schemas to JavaScript: inline flag groups such as `(?i)` (seen in the Azure AKSNodeClass and
 * the PrometheusRule schemas) become flags of the whole expression (exact when at the start, slightly lenient
 * elsewhere), `(?P<name>` becomes `(?<name>`, and `\z` becomes `$`. A pattern that still does not compile throws
 * at compile time (never silently accepted).
 */
const goRegExp = Object.assign(
  (pattern: string, u: string): RegExp => {
    const flags = new Set(u.split('').filter(Boolean));
    let source = pattern.replace(/\(\?([imsU]+)\)/g, (_match, f: string) => {
      for (const flag of f) if (flag !== 'U') flags.add(flag);
      return '';
    });
    source = source.replace(/\(\?([imsU]+):/g, (_match, f: string) => {
      for (const flag of f) if (flag !== 'U') flags.add(flag);
      return '(?:';
    });
    source = source.replace(/\(\?P</g, '(?<').replace(/\\z/g, '$');
    return new RegExp(source, [...flags].join(''));
  },
  // How standalone code (the on-disk cache) reaches this function: see RUNTIME.
  { code: 'require("dynamo-schema-runtime").goRegExp' },
);

/** What a cached validator module gets for `require("dynamo-schema-runtime")`: the code of this harness it calls. */
const RUNTIME_ID = 'dynamo-schema-runtime';
const RUNTIME = { formats: FORMATS, goRegExp };

let ajvInstance: Ajv | undefined;
/**
 * The one ajv instance of this module; the k8s definitions are registered in it under `$id: 'k8s'`
 * ({@link k8sAjv}). `code.source` keeps the generated code, so that each validator can be written to the cache
 * as standalone code; `code.formats` is how that code reaches the format functions.
 */
function ajv(): Ajv {
  if (!ajvInstance) {
    const instance = new Ajv({
      strict: false,
      allErrors: true,
      code: { source: true, regExp: goRegExp, formats: _`require(${RUNTIME_ID}).formats` },
    });
    for (const [name, format] of Object.entries(FORMATS)) instance.addFormat(name, format);
    ajvInstance = instance;
  }
  return ajvInstance;
}

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes definitions
// ---------------------------------------------------------------------------------------------------------------

interface K8sIndex {
  /** `group/version/kind` (group '' for core) -> definition name. */
  readonly byGvk: ReadonlyMap<string, string>;
  /** The definitions as read (registered in ajv only when a validator has to be compiled). */
  readonly definitions: JsonObject;
}

let k8sIndex: K8sIndex | undefined;
function k8s(): K8sIndex {
  if (k8sIndex) return k8sIndex;
  const file = timed('k8s definitions: read', () => JSON.parse(fs.readFileSync(K8S_DEFINITIONS_FILE, 'utf8')) as unknown);
  if (!isObject(file) || !isObject(file.definitions)) throw new Error(`${K8S_DEFINITIONS_FILE}: no "definitions"`);
  const definitions = file.definitions;
  const byGvk = new Map<string, string>();
  for (const [name, def] of Object.entries(definitions)) {
    const gvks = isObject(def) ? def['x-kubernetes-group-version-kind'] : undefined;
    if (!Array.isArray(gvks)) continue;
    for (const gvk of gvks) {
      if (!isObject(gvk)) continue;
      const key = `${String(gvk.group)}/${String(gvk.version)}/${String(gvk.kind)}`;
      // Shared kinds (DeleteOptions, WatchEvent, Status) are listed under many groups; a definition owning a
      // single GVK wins over one of those.
      if (!byGvk.has(key) || gvks.length === 1) byGvk.set(key, name);
    }
  }
  k8sIndex = { byGvk, definitions };
  return k8sIndex;
}

let k8sRegistered = false;
/** {@link ajv} with the (strict) Kubernetes definitions registered as `$id: 'k8s'`. */
function k8sAjv(): Ajv {
  if (!k8sRegistered) {
    const { definitions } = k8s();
    // `#/definitions/...` refs inside resolve against this schema's `$id`.
    timed('k8s definitions: inject + addSchema', () =>
      ajv().addSchema({ $id: 'k8s', ...(strictSchema({ definitions }, { closeEmptyObjects: false, inJunctor: false }) as JsonObject) }),
    );
    k8sRegistered = true;
  }
  return ajv();
}

const validators = new Map<string, ValidateFunction>();

/**
 * The validator cached under `key` (in this module instance, else on disk); `compile` runs only on a miss.
 * The validator in use is always the standalone code (loaded from the cache, or just generated and written),
 * so a run with a cold cache checks exactly what a warm run checks.
 */
function cachedValidator(label: string, key: string, compile: () => ValidateFunction): ValidateFunction {
  let fn = validators.get(key);
  if (!fn) {
    const start = performance.now();
    const { exports, cached } = cachedModule(key, {
      code: () => {
        const compiled = timed(`compile ${label}`, compile);
        return timed(`standalone code ${label}`, () => standaloneCode(ajv(), compiled));
      },
      runtimeId: RUNTIME_ID,
      runtime: RUNTIME,
      accepts: (exports) => typeof exports === 'function',
    });
    if (TIMING) process.stderr.write(`[schema] ${cached ? 'load cached' : 'compile + cache'} ${label}: ${(performance.now() - start).toFixed(0)} ms\n`);
    fn = exports as ValidateFunction;
    validators.set(key, fn);
  }
  return fn;
}

function k8sValidator(definition: string): ValidateFunction {
  const key = sha256(HARNESS_FINGERPRINT, 'k8s', fileHash(K8S_DEFINITIONS_FILE), definition);
  return cachedValidator(`k8s#${definition}`, key, () => k8sAjv().compile({ $ref: `k8s#/definitions/${definition}` }));
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

// ---------------------------------------------------------------------------------------------------------------
// CRDs and JSON schema files
// ---------------------------------------------------------------------------------------------------------------

interface CrdEntry {
  readonly group: string;
  readonly kind: string;
  /** Absolute path. */
  readonly file: string;
  /** Path relative to `crds/`, with `/` separators. */
  readonly rel: string;
  /** JSON schema file (one version, the file is the schema) or CRD YAML (one or more versions). */
  readonly format: 'json' | 'yaml';
  /** Only for JSON files: the version from the file name. */
  readonly version?: string;
  /** A `dynamo/v1.0-era/` copy: only used for objects annotated with a Dynamo version < 1.2. */
  readonly v1_0Era: boolean;
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

/** Splits a YAML stream into document texts (on `---` lines). */
function yamlDocuments(text: string): string[] {
  return text.split(/^---[ \t]*$/m);
}

/** Removes YAML quotes and a trailing comment from a plain scalar. */
function scalar(raw: string): string {
  const s = raw.replace(/\s+#.*$/, '').trim();
  return /^(['"]).*\1$/.test(s) ? s.slice(1, -1) : s;
}

/**
 * Reads `spec.group` and `spec.names.kind` of a CRD document by scanning lines, without parsing the YAML
 * (parsing all CRD files costs ~1.5 s; the full parse happens only for the file that is needed, and checks
 * this result).
 */
function crdHeader(doc: string): { group: string; kind: string } | undefined {
  if (!/^kind:\s*CustomResourceDefinition\s*$/m.test(doc)) return undefined;
  const lines = doc.split('\n');
  const specAt = lines.findIndex((l) => /^spec:\s*$/.test(l));
  if (specAt < 0) return undefined;
  let childIndent: number | undefined;
  let group: string | undefined;
  let kind: string | undefined;
  let inNames = false;
  for (const line of lines.slice(specAt + 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) break; // next top-level key
    childIndent ??= indent;
    if (indent === childIndent) {
      inNames = /^\s*names:\s*$/.test(line);
      const m = /^\s*group:\s*(.+)$/.exec(line);
      if (m) group = scalar(m[1]);
    } else if (inNames && indent > childIndent) {
      const m = /^\s*kind:\s*(.+)$/.exec(line);
      if (m && kind === undefined) kind = scalar(m[1]);
    }
    if (group !== undefined && kind !== undefined) return { group, kind };
  }
  return undefined;
}

let crdIndex: readonly CrdEntry[] | undefined;
function crds(): readonly CrdEntry[] {
  if (crdIndex) return crdIndex;
  crdIndex = timed('index crds/', () => {
    const entries: CrdEntry[] = [];
    for (const file of listFiles(CRDS_DIR)) {
      const rel = path.relative(CRDS_DIR, file).split(path.sep).join('/');
      const v1_0Era = rel.startsWith(`${DYNAMO_V1_0_ERA_DIR}/`);
      if (/\.ya?ml$/.test(file)) {
        for (const doc of yamlDocuments(fs.readFileSync(file, 'utf8'))) {
          const header = crdHeader(doc);
          if (header) entries.push({ ...header, file, rel, format: 'yaml', v1_0Era });
        }
      } else if (file.endsWith('.json')) {
        const m = /^([a-z0-9]+)_(v\d+(?:(?:alpha|beta)\d+)?)\.json$/.exec(path.basename(file));
        const catalog = /^catalog\/([^/]+)\/[^/]+$/.exec(rel);
        const group = catalog ? catalog[1] : JSON_SCHEMA_GROUPS[rel];
        if (!m || !group) {
          throw new Error(`crds/${rel}: cannot tell its group/kind/version; add it to JSON_SCHEMA_GROUPS in ${__filename}`);
        }
        // The file name carries the kind in lower case; the lookup compares kinds case-insensitively.
        entries.push({ group, kind: m[1], version: m[2], file, rel, format: 'json', v1_0Era });
      }
    }
    return entries;
  });
  return crdIndex;
}

/** Parsed JSON schema files and CRD YAML documents, by absolute path. */
const parsedFiles = new Map<string, unknown[]>();
function parsedDocuments(entry: CrdEntry): unknown[] {
  let docs = parsedFiles.get(entry.file);
  if (!docs) {
    const text = fs.readFileSync(entry.file, 'utf8');
    docs = timed(`parse crds/${entry.rel}`, () => {
      if (entry.format === 'json') return [JSON.parse(text) as unknown];
      return parseAllDocuments(text).map((d) => {
        if (d.errors.length > 0) throw new Error(`crds/${entry.rel}: ${d.errors[0].message}`);
        return d.toJS() as unknown;
      });
    });
    parsedFiles.set(entry.file, docs);
  }
  return docs;
}

/** The CRD document of a YAML entry (checked against the header scan). */
function crdDocument(entry: CrdEntry): JsonObject {
  const doc = parsedDocuments(entry).find((d) => {
    if (!isObject(d) || !isObject(d.spec) || !isObject(d.spec.names)) return false;
    return d.spec.group === entry.group && d.spec.names.kind === entry.kind;
  });
  if (!isObject(doc)) throw new Error(`crds/${entry.rel}: no CRD for ${entry.kind}.${entry.group} (header scan is wrong)`);
  return doc;
}

/** Versions of a CRD: name -> { served, openAPIV3Schema }. */
function crdVersions(entry: CrdEntry): Map<string, { served: boolean; schema: unknown }> {
  const result = new Map<string, { served: boolean; schema: unknown }>();
  if (entry.format === 'json') {
    result.set(entry.version ?? '', { served: true, schema: parsedDocuments(entry)[0] });
    return result;
  }
  const spec = crdDocument(entry).spec;
  const versions = isObject(spec) && Array.isArray(spec.versions) ? spec.versions : [];
  for (const v of versions) {
    if (!isObject(v) || typeof v.name !== 'string') continue;
    const schema = isObject(v.schema) ? v.schema.openAPIV3Schema : undefined;
    result.set(v.name, { served: v.served === true, schema });
  }
  return result;
}

const served = new Map<CrdEntry, Readonly<Record<string, boolean>>>();
/**
 * Whether each version of a CRD is served, without parsing the file when its content was seen before (cached by
 * content hash; JSON schema files serve the one version of their name).
 */
function servedVersions(entry: CrdEntry): Readonly<Record<string, boolean>> {
  if (entry.format === 'json') return { [entry.version ?? '']: true };
  let versions = served.get(entry);
  if (!versions) {
    const key = sha256(HARNESS_FINGERPRINT, 'served', fileHash(entry.file), entry.kind, entry.group);
    versions = cachedJson(key, () => Object.fromEntries([...crdVersions(entry)].map(([name, v]) => [name, v.served])));
    served.set(entry, versions);
  }
  return versions;
}

const unlistedValidators = new Map<string, ValidateFunction>();

/** The validator of a kind ../shared/crds does not carry (unlisted-schemas.ts), compiled once. */
function unlistedValidator(key: string, schema: Record<string, unknown>): ValidateFunction {
  let v = unlistedValidators.get(key);
  if (v === undefined) {
    v = ajv().compile(schema);
    unlistedValidators.set(key, v);
  }
  return v;
}

function crdValidator(entry: CrdEntry, version: string): ValidateFunction {
  const key = sha256(HARNESS_FINGERPRINT, 'crd', fileHash(entry.file), entry.format, entry.kind, entry.group, version);
  return cachedValidator(`crds/${entry.rel} ${version}`, key, () => {
    const v = crdVersions(entry).get(version);
    if (!v?.served || !isObject(v.schema)) throw new Error(`crds/${entry.rel}: version ${version} is not served`);
    const schema = strictCrdSchema(v.schema);
    return ajv().compile(schema);
  });
}

/**
 * What the cached CEL rule sets depend on besides the schema file: the code that reduces a schema to its rules and
 * parses and analyses them, and the parser's version. Read once, at load, like the harness fingerprint.
 */
const CEL_FINGERPRINT = sha256(
  CEL_PARSER_VERSION,
  ...['cel-schema.ts', 'cel-parse.ts', 'cel-functions.ts'].map((f) => fs.readFileSync(path.join(__dirname, f))),
);
const celRuleSets = new Map<string, CelRuleSet>();

/**
 * The CEL rules of a served version, reduced and parsed (see cel-schema.ts, cel-parse.ts), cached on disk like the
 * validators, so that a warm run neither parses the CRD file nor the rules. An entry of another shape (damaged,
 * or written by an older harness) is ignored and the rules are computed again.
 */
function crdCelRules(entry: CrdEntry, version: string): CelRuleSet {
  const key = sha256(HARNESS_FINGERPRINT, 'cel', CEL_FINGERPRINT, fileHash(entry.file), entry.format, entry.kind, entry.group, version);
  let rules = celRuleSets.get(key);
  if (rules === undefined) {
    const compute = (): CelRuleSet => celRuleSet(celRuleTree(crdVersions(entry).get(version)?.schema));
    rules = timed(`cel rules crds/${entry.rel} ${version}`, () => {
      const cached = cachedJson(key, compute);
      return isCelRuleSet(cached) ? cached : compute();
    });
    celRuleSets.set(key, rules);
  }
  return rules;
}

/** Parses `x.y.z` (also `vx.y`, with any suffix) to [major, minor]. */
function majorMinor(version: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function before(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

interface SchemaChoice {
  readonly validate: ValidateFunction;
  /** Whether the schema itself validates `metadata` as ObjectMeta (core kinds); CRD schemas do not. */
  readonly coversMetadata: boolean;
  /** Custom resources: the CEL rules of the schema (null: none) and where they come from, for errors. */
  readonly cel?: { readonly rules: CelRuleSet; readonly source: string };
}

/**
 * Karpenter's `karpenter.sh` kinds ship in every provider's chart, and the copies differ in their CEL rules (the label
 * domains and labels each provider restricts: Azure's adds `karpenter.azure.com`, `kubernetes.azure.com`, `agentpool`,
 * `accelerator`, ...). The API server of a cluster runs its provider's copy, so an object is checked against the copy of
 * the provider its node class belongs to, told by the node class group: the folder under `crds/` of each group. EKS Auto
 * Mode (`eks.amazonaws.com` NodeClasses) runs AWS's Karpenter: its NodePool is the `karpenter-provider-aws` CRD
 * (`crds/README.md`: "Validate EKS NodePools (self-managed Karpenter and Auto Mode)"; `crds/eks-auto-mode/` has none).
 * The choice needs no cache key of its own: every cache entry is keyed by the hash of the file it was computed from.
 */
const KARPENTER_PROVIDER_DIRS: Readonly<Record<string, string>> = {
  'karpenter.k8s.aws': 'karpenter-provider-aws/',
  'eks.amazonaws.com': 'karpenter-provider-aws/',
  'karpenter.azure.com': 'karpenter-provider-azure/',
};
const KARPENTER_GROUP = 'karpenter.sh';

/**
 * The `crds/` folder of the Karpenter provider whose copy of a `karpenter.sh` kind applies to `obj`, from the group of
 * its node class (`spec.template.spec.nodeClassRef` of a NodePool, `spec.nodeClassRef` of a NodeClaim); undefined when
 * the object names no node class group (then the schema reports the missing field, whichever copy checks it). An
 * unknown group throws: its provider's rules are not in `crds/`, and a check against another provider's would mislead.
 */
function karpenterProviderDir(obj: JsonObject, object: string): string | undefined {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const template = isObject(spec.template) && isObject(spec.template.spec) ? spec.template.spec : {};
  const ref = isObject(template.nodeClassRef) ? template.nodeClassRef : isObject(spec.nodeClassRef) ? spec.nodeClassRef : undefined;
  const group = ref?.group;
  if (typeof group !== 'string') return undefined;
  const dir = KARPENTER_PROVIDER_DIRS[group];
  if (dir === undefined) {
    throw new Error(`No Karpenter provider CRD known for node class group "${group}" [${object}]: add its folder to KARPENTER_PROVIDER_DIRS in ${__filename}`);
  }
  return dir;
}

/**
 * Finds the schema of a custom resource. Candidates serving the version, best first: JSON schema files (newer
 * than the YAML copies, e.g. GKE ComputeClass), then YAML CRDs in path order. `karpenter.sh` kinds are taken from the
 * folder of their node class's provider ({@link karpenterProviderDir}; in path order when the object names none).
 * `dynamo/v1.0-era/` copies are used only, and then first, for objects annotated with a Dynamo version < 1.2.
 */
function customResourceSchema(group: string, version: string, kind: string, useV1_0Era: boolean, providerDir?: string): SchemaChoice | undefined {
  const rank = (e: CrdEntry): number => (e.v1_0Era ? 0 : e.format === 'json' ? 1 : 2);
  const candidates = crds()
    .filter((e) => e.group === group && e.kind.toLowerCase() === kind.toLowerCase())
    .filter((e) => (e.format === 'yaml' ? e.kind === kind : e.version === version))
    .filter((e) => useV1_0Era || !e.v1_0Era)
    .filter((e) => providerDir === undefined || e.rel.startsWith(providerDir))
    .sort((a, b) => rank(a) - rank(b) || a.rel.localeCompare(b.rel));
  // Reads candidates (from the cache, else by parsing the file) only until one serves the version.
  const best = candidates.find((e) => servedVersions(e)[version] === true);
  if (!best) return undefined;
  return {
    validate: crdValidator(best, version),
    coversMetadata: false,
    cel: { rules: crdCelRules(best, version), source: `crds/${best.rel} ${version}` },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Errors -> violations
// ---------------------------------------------------------------------------------------------------------------

/** JSON pointer (ajv `instancePath`) -> `$.a.b[0]["c.d"]`. Array indices are told from numeric map keys by the data. */
function pointerToPath(pointer: string, root: unknown, base = '$'): string {
  let result = base;
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(segment)) {
      result = appendPath(result, Number(segment));
      node = node[Number(segment)];
    } else {
      result = appendPath(result, segment);
      node = isObject(node) ? node[segment] : undefined;
    }
  }
  return result;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function valueAt(pointer: string, root: unknown): unknown {
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = Array.isArray(node) ? node[Number(segment)] : isObject(node) ? node[segment] : undefined;
  }
  return node;
}

function toViolation(object: string, error: ErrorObject, data: unknown, base = '$'): SchemaViolation {
  const at = pointerToPath(error.instancePath, data, base);
  const params: Record<string, unknown> = error.params;
  switch (error.keyword) {
    case 'additionalProperties':
      return {
        object,
        path: appendPath(at, String(params.additionalProperty)),
        message: `unknown field "${String(params.additionalProperty)}" (not in the schema)`,
      };
    case 'required':
      return { object, path: at, message: `missing required field "${String(params.missingProperty)}"` };
    case 'enum':
      return {
        object,
        path: at,
        message: `${JSON.stringify(valueAt(error.instancePath, data))} is not one of ${JSON.stringify(params.allowedValues)}`,
      };
    case 'type':
      return { object, path: at, message: `${error.message ?? 'wrong type'} (got ${typeName(valueAt(error.instancePath, data))})` };
    default:
      return { object, path: at, message: error.message ?? error.keyword };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Metadata checks the schemas cannot express
// ---------------------------------------------------------------------------------------------------------------

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** Kinds whose names must be DNS-1123 labels (≤ 63 chars, no dots), not just subdomains. */
const LABEL_NAMED_KINDS: ReadonlySet<string> = new Set(['v1/Namespace', 'v1/Service']);

/** Problems with a label/annotation key (`[prefix/]name`), or undefined when valid. */
function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'has more than one "/"';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return `prefix "${prefix}" is not a DNS-1123 subdomain (≤ 253 chars)`;
  }
  if (name.length > 63 || !QUALIFIED_NAME_PART.test(name)) {
    return `name "${name}" must be ≤ 63 chars of [A-Za-z0-9-_.], starting and ending alphanumeric`;
  }
  return undefined;
}

function metadataViolations(object: string, apiVersion: string, kind: string, metadata: unknown): SchemaViolation[] {
  if (!isObject(metadata)) return [{ object, path: '$.metadata', message: 'missing metadata' }];
  const out: SchemaViolation[] = [];
  const { name, namespace, labels, annotations } = metadata;
  if (typeof name !== 'string' || name === '') {
    out.push({ object, path: '$.metadata.name', message: 'missing metadata.name' });
  } else if (LABEL_NAMED_KINDS.has(`${apiVersion}/${kind}`)) {
    if (name.length > 63 || !DNS1123_LABEL.test(name)) {
      out.push({ object, path: '$.metadata.name', message: `"${name}" is not a DNS-1123 label (≤ 63 chars of [a-z0-9-])` });
    }
  } else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    out.push({ object, path: '$.metadata.name', message: `"${name}" is not a DNS-1123 subdomain (≤ 253 chars of [a-z0-9-.])` });
  }
  if (typeof namespace === 'string' && (namespace.length > 63 || !DNS1123_LABEL.test(namespace))) {
    out.push({ object, path: '$.metadata.namespace', message: `"${namespace}" is not a DNS-1123 label` });
  }
  if (isObject(labels)) {
    for (const [key, value] of Object.entries(labels)) {
      const at = appendPath('$.metadata.labels', key);
      const keyProblem = qualifiedNameProblem(key);
      if (keyProblem) out.push({ object, path: at, message: `invalid label key: ${keyProblem}` });
      if (typeof value === 'string' && (value.length > 63 || !LABEL_VALUE.test(value))) {
        out.push({ object, path: at, message: `invalid label value "${value}": must be ≤ 63 chars of [A-Za-z0-9-_.], starting and ending alphanumeric` });
      }
    }
  }
  if (isObject(annotations)) {
    let total = 0;
    for (const [key, value] of Object.entries(annotations)) {
      const keyProblem = qualifiedNameProblem(key);
      if (keyProblem) out.push({ object, path: appendPath('$.metadata.annotations', key), message: `invalid annotation key: ${keyProblem}` });
      total += key.length + (typeof value === 'string' ? value.length : 0);
    }
    if (total > 256 * 1024) out.push({ object, path: '$.metadata.annotations', message: `annotations total ${total} bytes > 256 KiB` });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------------------------------------

function describeObject(obj: JsonObject): string {
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const ns = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? `${metadata.namespace}/` : '';
  const name = typeof metadata.name === 'string' ? metadata.name : '<no name>';
  return `${String(obj.kind ?? '<no kind>')}/${ns}${name} (${String(obj.apiVersion ?? '<no apiVersion>')})`;
}

/** `group` and `version` of an apiVersion (`v1` is the core group ""). */
function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The key of the Kubernetes definitions index: `group/version/kind`. */
function gvkKey(apiVersion: string, kind: string): string {
  const { group, version } = splitApiVersion(apiVersion);
  return `${group}/${version}/${kind}`;
}

/**
 * Picks the schema of an object. Throws when none is known. Pushes to `violations` when the Dynamo version
 * annotation is present but unreadable.
 */
function schemaFor(obj: JsonObject, apiVersion: string, kind: string, object: string, violations: SchemaViolation[]): SchemaChoice {
  const { group, version } = splitApiVersion(apiVersion);

  const definition = k8s().byGvk.get(gvkKey(apiVersion, kind));
  if (definition) return { validate: k8sValidator(definition), coversMetadata: true };

  let useV1_0Era = false;
  const annotations = isObject(obj.metadata) && isObject(obj.metadata.annotations) ? obj.metadata.annotations : {};
  const dynamoVersion = annotations[DYNAMO_VERSION_ANNOTATION];
  if (group === 'nvidia.com' && kind === 'DynamoGraphDeployment' && dynamoVersion === undefined) {
    // Every DGD the library writes records its target release; without it the CRD era is a guess.
    violations.push({ object, path: '$.metadata.annotations', message: `missing the ${DYNAMO_VERSION_ANNOTATION} annotation` });
  }
  if (group === 'nvidia.com' && dynamoVersion !== undefined) {
    const mm = typeof dynamoVersion === 'string' ? majorMinor(dynamoVersion) : undefined;
    if (mm) {
      useV1_0Era = before(mm, FIRST_HEAD_ERA);
      if (useV1_0Era && version !== 'v1alpha1' && kind === 'DynamoGraphDeployment') {
        violations.push({ object, path: '$.apiVersion', message: `Dynamo ${String(dynamoVersion)} serves only nvidia.com/v1alpha1 DynamoGraphDeployments` });
      }
    } else {
      violations.push({
        object,
        path: appendPath('$.metadata.annotations', DYNAMO_VERSION_ANNOTATION),
        message: `${JSON.stringify(dynamoVersion)} is not a version x.y.z`,
      });
    }
  }
  const providerDir = group === KARPENTER_GROUP ? karpenterProviderDir(obj, object) : undefined;
  const custom = customResourceSchema(group, version, kind, useV1_0Era, providerDir);
  if (custom) return custom;

  const unlisted = UNLISTED_SCHEMAS[`${group}/${version}/${kind}`];
  if (unlisted) return { validate: unlistedValidator(`${group}/${version}/${kind}`, unlisted.schema), coversMetadata: false };

  const known = crds()
    .filter((e) => e.group === group && e.kind.toLowerCase() === kind.toLowerCase())
    .filter((e) => providerDir === undefined || e.rel.startsWith(providerDir))
    .map((e) => `crds/${e.rel}`);
  throw new Error(
    `No schema known for ${kind} (${apiVersion}) [${object}]: not a Kubernetes v1.30 kind` +
      (known.length > 0 ? `, and version ${version} is not served by ${known.join(', ')}` : `, and no CRD/schema file under ${CRDS_DIR} defines it`),
  );
}

/**
 * Validates one manifest object strictly; returns [] when valid. Throws if no schema is known for its
 * apiVersion/kind (an unknown kind is a test failure, not a silent pass).
 *
 * Dynamo custom resources (`nvidia.com`) annotated with `dynamo-constructs/dynamo-version` < 1.2 are validated
 * against the `crds/dynamo/v1.0-era/` CRD when that copy serves their version (v1alpha1), otherwise against the
 * top-level `crds/dynamo/` CRD.
 */
export function validateManifest(obj: Record<string, unknown>): SchemaViolation[] {
  const object = describeObject(obj);
  const violations: SchemaViolation[] = [];
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || apiVersion === '') violations.push({ object, path: '$.apiVersion', message: 'missing apiVersion' });
  if (typeof kind !== 'string' || kind === '') violations.push({ object, path: '$.kind', message: 'missing kind' });
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || violations.length > 0) return violations;

  const choice = schemaFor(obj, apiVersion, kind, object, violations);
  if (!choice.validate(obj)) {
    for (const error of choice.validate.errors ?? []) violations.push(toViolation(object, error, obj));
  }
  if (choice.cel) {
    for (const finding of celViolations(choice.cel.rules, obj, choice.cel.source)) violations.push({ object, ...finding });
  }
  if (!choice.coversMetadata && isObject(obj.metadata)) {
    const objectMeta = k8sValidator(OBJECT_META);
    if (!objectMeta(obj.metadata)) {
      for (const error of objectMeta.errors ?? []) violations.push(toViolation(object, error, obj.metadata, '$.metadata'));
    }
  }
  violations.push(...metadataViolations(object, apiVersion, kind, obj.metadata));
  return violations;
}

/** A kubernetes-models class: validates types, enums, required fields and quantity formats. */
type KubernetesModel = new (data: Record<string, unknown>) => { validate(): void };
const requireModels = createRequire(__filename);

/**
 * A second, independent check of core kinds with kubernetes-models (4.5.1, about Kubernetes 1.33). It does not
 * reject unknown fields (the ajv pass does) but checks what the 1.30 definitions leave open, such as the format
 * of resource quantities (`nvidia.com/gpu: "abc"`).
 */
export function kubernetesModelViolations(obj: Record<string, unknown>): SchemaViolation[] {
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !k8s().byGvk.has(gvkKey(apiVersion, kind))) return [];
  let models: Record<string, KubernetesModel | undefined>;
  try {
    models = requireModels(`kubernetes-models/${apiVersion}`) as Record<string, KubernetesModel | undefined>;
  } catch {
    return []; // a group/version kubernetes-models does not ship: the ajv pass still applies
  }
  const Model = models[kind];
  if (!Model) return [];
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    return [{ object: describeObject(obj), path: '$', message: `kubernetes-models: ${(e as Error).message}` }];
  }
}

/** Validates every object; throws an Error listing all violations (object, JSON path, message) when any. */
export function assertSchemaValid(objs: readonly Record<string, unknown>[]): void {
  const violations = objs.flatMap((o) => [...validateManifest(o), ...kubernetesModelViolations(o)]);
  if (violations.length === 0) return;
  const lines = violations.map((v) => `  - ${v.object} at ${v.path}: ${v.message}`);
  throw new Error(`${violations.length} schema violation(s):\n${lines.join('\n')}`);
}
