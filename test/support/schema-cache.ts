/**
 * On-disk cache of compiled schema validators, shared by every vitest worker, test file and run.
 *
 * Parsing the 1.6 MB DynamoGraphDeployment CRD and compiling its schema with ajv costs ~1-2 s; without this
 * cache every test file that synthesizes a DGD paid it again (module state is per test file). Instead the first
 * compile writes the validator as ajv *standalone code* (a CommonJS module) into the cache directory and every
 * later load just evaluates that module.
 *
 * Keys are content hashes, so a stale entry is never used:
 * - every entry lives under a folder named by the harness fingerprint: a hash of the source of the harness
 *   files (`schema.ts`, this file: the strictness transform, formats, RE2 translation, ajv options), the ajv
 *   and yaml versions and {@link CACHE_FORMAT};
 * - inside it, an entry's name is a hash of the sha256 of every input file it was computed from (the CRD or
 *   schema file, the Kubernetes definitions) and of what was selected from them (kind, group, version,
 *   definition name).
 * Changing a schema file under ../shared or the harness code therefore misses the cache and recompiles. A fresh
 * clone starts with no cache and fills it; entries are written atomically (temporary file + rename), so
 * concurrent workers never read a partial file; when the folder is not writable the cache is skipped.
 *
 * Location: `<repo>/node_modules/.cache/dynamo-schemas` (ignored by git with node_modules), overridable by env
 * `DYNAMO_SCHEMA_CACHE_DIR`; `DYNAMO_SCHEMA_CACHE=0` turns it off (every test file compiles the validators it
 * needs again, and runs them from the same standalone code, generated in memory). Folders of other fingerprints that got no new entry for a day are removed when a new one is
 * created.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** Bump when the layout or meaning of cache entries changes. */
const CACHE_FORMAT = 'dynamo-schemas/1';

/** Source files whose code decides what a compiled validator does (hashed into the fingerprint). */
const HARNESS_FILES: readonly string[] = [path.join(__dirname, 'schema.ts'), __filename];

const DAY_MS = 24 * 60 * 60 * 1000;

const requireHere = createRequire(__filename);

/** Counts of this module instance, for the harness tests: entries loaded, compiled (missing or unreadable), written. */
export const cacheStats = { hits: 0, misses: 0, writes: 0 };

export function sha256(...parts: readonly (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(String(Buffer.byteLength(part)));
    hash.update(':');
    hash.update(part);
  }
  return hash.digest('hex');
}

const fileHashes = new Map<string, string>();
/** sha256 of a file's bytes (memoized for the life of the module instance: the inputs do not change mid-run). */
export function fileHash(file: string): string {
  let hash = fileHashes.get(file);
  if (hash === undefined) {
    hash = sha256(fs.readFileSync(file));
    fileHashes.set(file, hash);
  }
  return hash;
}

function packageVersion(name: string): string {
  return (requireHere(`${name}/package.json`) as { version: string }).version;
}

/** Hash of everything besides the input files that a cache entry depends on. */
export const HARNESS_FINGERPRINT: string = sha256(
  CACHE_FORMAT,
  `ajv@${packageVersion('ajv')}`,
  `yaml@${packageVersion('yaml')}`,
  ...HARNESS_FILES.map((f) => fs.readFileSync(f)),
);

function cacheRoot(): string | undefined {
  if (process.env.DYNAMO_SCHEMA_CACHE === '0') return undefined;
  return process.env.DYNAMO_SCHEMA_CACHE_DIR
    ? path.resolve(process.env.DYNAMO_SCHEMA_CACHE_DIR)
    : path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'dynamo-schemas');
}

const ROOT = cacheRoot();
/** The folder of this harness fingerprint, or undefined when caching is off. */
export const CACHE_DIR: string | undefined = ROOT && path.join(ROOT, HARNESS_FINGERPRINT.slice(0, 32));

let dirReady = false;
/** Creates the fingerprint folder; on creation, removes folders of other fingerprints not written for a day. */
function ensureDir(dir: string): boolean {
  if (dirReady) return true;
  try {
    const created = fs.mkdirSync(dir, { recursive: true });
    dirReady = true;
    if (created !== undefined && ROOT) {
      for (const other of fs.readdirSync(ROOT)) {
        const full = path.join(ROOT, other);
        if (full === dir) continue;
        try {
          if (Date.now() - fs.statSync(full).mtimeMs > DAY_MS) fs.rmSync(full, { recursive: true, force: true });
        } catch {
          // another process removed it first
        }
      }
    }
    return true;
  } catch {
    return false;
  }
}

function read(name: string): string | undefined {
  if (!CACHE_DIR) return undefined;
  try {
    return fs.readFileSync(path.join(CACHE_DIR, name), 'utf8');
  } catch {
    return undefined;
  }
}

/** Writes an entry atomically; a failure (read-only folder, full disk) only loses the cache. */
function write(name: string, text: string): void {
  if (!CACHE_DIR || !ensureDir(CACHE_DIR)) return;
  const file = path.join(CACHE_DIR, name);
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
    cacheStats.writes++;
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}

/** A JSON value computed from input files, cached under `key` (a hash of those inputs). */
export function cachedJson<T>(key: string, compute: () => T): T {
  const name = `${key}.json`;
  const text = read(name);
  if (text !== undefined) {
    try {
      const value = JSON.parse(text) as T;
      cacheStats.hits++;
      return value;
    } catch {
      // unreadable entry: recompute and overwrite
    }
  }
  cacheStats.misses++;
  const value = compute();
  write(name, JSON.stringify(value));
  return value;
}

/**
 * Evaluates CommonJS module `code` (ajv standalone output). `require` of `runtimeId` yields `runtime`; anything
 * else is resolved from this folder (the ajv runtime helpers).
 */
function evaluate(code: string, filename: string, runtimeId: string, runtime: unknown): unknown {
  const module: { exports: unknown } = { exports: {} };
  const requireRuntime = (id: string): unknown => (id === runtimeId ? runtime : requireHere(id));
  const wrapper = vm.runInThisContext(`(function (require, module, exports) {${code}\n})`, { filename }) as (
    require: (id: string) => unknown,
    module: { exports: unknown },
    exports: unknown,
  ) => void;
  wrapper(requireRuntime, module, module.exports);
  return module.exports;
}

/** What {@link cachedModule} needs to compile a module on a miss. */
export interface ModuleSource {
  /** The module's code (ajv standalone code). */
  readonly code: () => string;
  /** `require(runtimeId)` inside the module returns `runtime`. */
  readonly runtimeId: string;
  readonly runtime: unknown;
  /** Whether a module's exports are what `code` produces (a cached entry failing this is regenerated). */
  readonly accepts: (exports: unknown) => boolean;
}

/**
 * The exports of a module cached under `key`: loaded from the cache, or generated by `source.code()`, loaded,
 * checked and written to the cache. The module is always evaluated from its code, so a cold run exercises exactly what a
 * warm run does.
 */
export function cachedModule(key: string, source: ModuleSource): { exports: unknown; cached: boolean } {
  const name = `${key}.cjs`;
  const filename = CACHE_DIR ? path.join(CACHE_DIR, name) : `dynamo-schemas/${name}`;
  const text = read(name);
  if (text !== undefined) {
    try {
      const exports = evaluate(text, filename, source.runtimeId, source.runtime);
      if (source.accepts(exports)) {
        cacheStats.hits++;
        return { exports, cached: true };
      }
    } catch {
      // unreadable entry: regenerate and overwrite
    }
  }
  cacheStats.misses++;
  const code = source.code();
  const exports = evaluate(code, filename, source.runtimeId, source.runtime);
  if (!source.accepts(exports)) throw new Error(`${name}: the generated module does not export what was expected`);
  write(name, code);
  return { exports, cached: false };
}
