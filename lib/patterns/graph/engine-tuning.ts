import { BackendDefinition, EngineTuning, TuningProp } from '../../backends/backend-definition';
import { invalid, requireInteger } from '../../core/errors';
import { KvCacheDtype } from '../../core/kv-cache-dtype';
import { WorkerPoolOptions } from '../llm-props';

/** The SGLang bootstrap port of Dynamo's examples. @internal */
export const DEFAULT_BOOTSTRAP_PORT = 12345;

/**
 * Ports a worker pod already listens on, which the bootstrap server must not take: the Dynamo
 * system port (`DYN_SYSTEM_PORT`, operator-injected), SGLang's KV-event publisher and the
 * `--dist-init-addr` port the operator gives multi-node SGLang.
 */
const RESERVED_WORKER_PORTS: Readonly<Record<number, string>> = {
  9090: "Dynamo's system port (health and metrics)",
  5557: "SGLang's KV-event publisher",
  29500: "the multi-node rendezvous port the operator gives --dist-init-addr",
};

/** The typed tuning props of a pool, as the backend receives them. @internal */
export function engineTuning(o: WorkerPoolOptions): EngineTuning {
  // Every key listed (the type requires it), so a new tuning prop cannot be left behind here.
  const tuning: { [K in keyof Required<EngineTuning>]: EngineTuning[K] } = {
    gpuMemoryUtilization: o.gpuMemoryUtilization,
    kvCacheDtype: o.kvCacheDtype,
    kvBlockSize: o.kvBlockSize,
    maxNumTokens: o.maxNumTokens,
    enableChunkedPrefill: o.enableChunkedPrefill,
    enableBlockReuse: o.enableBlockReuse,
    cudaGraphBatchSizes: o.cudaGraphBatchSizes,
    cudaGraphMaxBatchSize: o.cudaGraphMaxBatchSize,
    engineConfig: o.engineConfig,
  };
  return tuning;
}

/** Rejects a prop the backend has no equivalent for, with the backend's own fix. */
function requireSupported(def: BackendDefinition, prop: TuningProp, path: string, value: unknown): void {
  const fix = def.unsupported[prop];
  if (fix !== undefined) throw invalid(path, `is not supported by ${def.displayName}`, value, fix);
}

function requireBoolean(prop: string, value: unknown): void {
  if (typeof value !== 'boolean') throw invalid(prop, 'must be true or false', value, `set ${prop}: true or ${prop}: false, or remove it for the engine's default`);
}

/**
 * Checks a pool's typed engine tuning: each value's type and range, that the backend has the knob,
 * and that it accepts the KV cache type.
 * @internal
 */
export function validateEngineTuning(pool: string, o: WorkerPoolOptions, def: BackendDefinition): void {
  const t = engineTuning(o);
  for (const [key, value] of Object.entries(t) as [keyof EngineTuning, unknown][]) {
    if (value !== undefined) requireSupported(def, key, `${pool}.${key}`, value);
  }
  if (t.gpuMemoryUtilization !== undefined) {
    const v: unknown = t.gpuMemoryUtilization;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 1) {
      throw invalid(`${pool}.gpuMemoryUtilization`, 'must be a fraction greater than 0 and at most 1', v, 'use e.g. 0.85 (85% of the GPU memory)');
    }
  }
  if (t.kvCacheDtype !== undefined) validateKvCacheDtype(pool, t.kvCacheDtype, def);
  if (t.kvBlockSize !== undefined) requireInteger(`${pool}.kvBlockSize`, t.kvBlockSize, 1, 'set the tokens per KV block, e.g. 16', 1024);
  if (t.maxNumTokens !== undefined) requireInteger(`${pool}.maxNumTokens`, t.maxNumTokens, 1, 'set the token budget of one engine step, e.g. 8192');
  if (t.enableChunkedPrefill !== undefined) requireBoolean(`${pool}.enableChunkedPrefill`, t.enableChunkedPrefill);
  if (t.enableBlockReuse !== undefined) requireBoolean(`${pool}.enableBlockReuse`, t.enableBlockReuse);
  if (t.cudaGraphMaxBatchSize !== undefined) requireInteger(`${pool}.cudaGraphMaxBatchSize`, t.cudaGraphMaxBatchSize, 1, 'set the largest batch size to capture, e.g. 16');
  if (t.cudaGraphBatchSizes !== undefined) validateBatchSizes(pool, t.cudaGraphBatchSizes, t.cudaGraphMaxBatchSize);
  if (t.engineConfig !== undefined) validateJsonObject(`${pool}.engineConfig`, t.engineConfig);
}

function validateKvCacheDtype(pool: string, dtype: unknown, def: BackendDefinition): void {
  if (!(dtype instanceof KvCacheDtype)) {
    throw invalid(`${pool}.kvCacheDtype`, 'must be a KvCacheDtype', typeof dtype === 'string' ? dtype : typeof dtype, "use KvCacheDtype.FP8, or KvCacheDtype.of('<engine spelling>')");
  }
  if (dtype.isBuiltIn && def.kvCacheDtypes[dtype.name] === undefined) {
    const accepted = Object.keys(def.kvCacheDtypes).map((n) => `KvCacheDtype.${n.toUpperCase()}`);
    throw invalid(`${pool}.kvCacheDtype`, `must be one of ${accepted.join(', ')} for ${def.displayName}`, dtype.name,
      `use one of those, or KvCacheDtype.of('<${def.displayName} spelling>') for a type the engine accepts`);
  }
}

function validateBatchSizes(pool: string, sizes: unknown, max: number | undefined): void {
  const prop = `${pool}.cudaGraphBatchSizes`;
  if (max !== undefined) {
    throw invalid(prop, 'must not be set with cudaGraphMaxBatchSize', JSON.stringify(sizes), 'set either the exact batch sizes or the largest one, not both');
  }
  const ok = Array.isArray(sizes) && sizes.length > 0 && sizes.every((s, i) => Number.isInteger(s) && s >= 1 && (i === 0 || s > sizes[i - 1]));
  if (!ok) {
    throw invalid(prop, 'must be a non-empty list of increasing positive integers', Array.isArray(sizes) ? JSON.stringify(sizes) : sizes, 'use e.g. [1, 2, 4, 8, 16]');
  }
}

/**
 * Rejects anything in an engine config that does not survive YAML and JSON unchanged: only
 * strings, finite numbers, booleans, null, arrays and plain objects, with non-empty keys.
 * @internal
 */
export function validateJsonObject(prop: string, value: unknown): void {
  const isPlain = (v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const proto: unknown = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
  };
  if (!isPlain(value)) {
    throw invalid(prop, 'must be a plain object of engine config keys', Array.isArray(value) ? 'an array' : value === null ? null : typeof value,
      'use e.g. { enable_attention_dp: true }');
  }
  const open = new Set<unknown>();
  const visit = (v: unknown, path: string): void => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (open.has(v)) throw invalid(path, 'must not contain itself', 'a circular reference', 'build the engine config as plain JSON');
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw invalid(path, 'must be a finite number', String(v), 'use a finite number');
      return;
    }
    if (Array.isArray(v) || isPlain(v)) {
      open.add(v);
      if (Array.isArray(v)) v.forEach((item, i) => visit(item, `${path}[${i}]`));
      else {
        for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
          if (k === '') throw invalid(path, 'must not have an empty key', k, 'name every engine config key');
          visit(child, `${path}.${k}`);
        }
      }
      open.delete(v);
      return;
    }
    throw invalid(path, 'must be JSON: a string, finite number, boolean, null, array or plain object', typeof v, 'replace it with its JSON value');
  };
  visit(value, prop);
}

/**
 * The bootstrap port of a disaggregated deployment: only backends with a bootstrap server take one,
 * in 1024-65535, and not a port the worker pods already use.
 * @internal
 */
export function validateBootstrapPort(port: unknown, def: BackendDefinition): void {
  if (port === undefined) return;
  requireSupported(def, 'disaggregationBootstrapPort', 'disaggregationBootstrapPort', port);
  requireInteger('disaggregationBootstrapPort', port as number, 1024, 'use a free port such as 12345', 65535);
  const reserved = RESERVED_WORKER_PORTS[port as number];
  if (reserved !== undefined) {
    throw invalid('disaggregationBootstrapPort', `must not be ${port}, which is ${reserved}`, port, `use another port, e.g. ${DEFAULT_BOOTSTRAP_PORT}`);
  }
}
