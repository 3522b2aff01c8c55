import { invalid } from '../core/errors';
import { KvTransfer, kvTransferFactory, KvTransferKind } from '../core/kv-transfer';
import { EngineTuning, WorkerRole } from './backend-definition';

/**
 * The TensorRT-LLM engine config file (`--extra-engine-args`): the keys the library generates, the
 * typed tuning props, and the user's `engineConfig`, deep-merged in that order.
 *
 * dynamo.trtllm builds the LLM API arguments from its flags, then lays the YAML file over them key
 * by key (`components/src/dynamo/trtllm/workers/llm_worker.py`, ai-dynamo/dynamo, through
 * TensorRT-LLM's `update_llm_args_with_extra_dict`). A file key therefore silently replaces the
 * flag it shadows (`tensor_parallel_size` over `--tensor-parallel-size`), so every key a flag, a
 * typed prop or the pattern writes has exactly one owner, listed in {@link ENGINE_CONFIG_OWNERS},
 * and `engineConfig` may not set it, whether or not the owning prop is set. Key names and defaults:
 * `TorchLlmArgs`, `KvCacheConfig`, `CudaGraphConfig` and `CacheTransceiverConfig` in
 * `tensorrt_llm/llmapi/llm_args.py` (NVIDIA/TensorRT-LLM).
 */

/** An engine config file as a YAML-able object. @internal */
export type EngineConfig = Record<string, unknown>;

/** The typed tuning props that write an engine config key (not `engineConfig` itself). @internal */
export type TypedTuningProp = Exclude<keyof EngineTuning, 'engineConfig'>;

/**
 * Where each typed tuning prop lands in the engine config, in the order the file lists them.
 * Sources (`tensorrt_llm/llmapi/llm_args.py`): `max_num_tokens` (default 8192) and
 * `enable_chunked_prefill` (default false) on the LLM arguments; `KvCacheConfig`
 * `free_gpu_memory_fraction` (0.9), `dtype` ("auto"), `tokens_per_block` (32),
 * `enable_block_reuse` (true); `CudaGraphConfig` `batch_sizes` and `max_batch_size`.
 * @internal
 */
export const TYPED_ENGINE_KEYS: readonly { readonly prop: TypedTuningProp; readonly path: string }[] = [
  { prop: 'maxNumTokens', path: 'max_num_tokens' },
  { prop: 'enableChunkedPrefill', path: 'enable_chunked_prefill' },
  { prop: 'gpuMemoryUtilization', path: 'kv_cache_config.free_gpu_memory_fraction' },
  { prop: 'kvCacheDtype', path: 'kv_cache_config.dtype' },
  { prop: 'kvBlockSize', path: 'kv_cache_config.tokens_per_block' },
  { prop: 'enableBlockReuse', path: 'kv_cache_config.enable_block_reuse' },
  { prop: 'cudaGraphBatchSizes', path: 'cuda_graph_config.batch_sizes' },
  { prop: 'cudaGraphMaxBatchSize', path: 'cuda_graph_config.max_batch_size' },
];

/**
 * Who sets an engine config key instead of `engineConfig`: a pool prop (`<pool>.<prop>`), a
 * deployment prop, or a fix sentence for keys the pattern owns.
 * @internal
 */
export type EngineKeyOwner =
  | { readonly poolProp: string }
  | { readonly prop: string }
  | { readonly fix: string };

/** One engine config key `engineConfig` must not set, and on which roles (all when absent). @internal */
export interface OwnedEngineKey {
  /** The dotted key path, e.g. `kv_cache_config.dtype`. */
  readonly path: string;
  readonly owner: EngineKeyOwner;
  readonly roles?: readonly WorkerRole[];
}

const DISAGGREGATED: readonly WorkerRole[] = ['prefill', 'decode'];

/**
 * Every engine config key with an owner other than `engineConfig`. The flag-backed keys are the
 * LLM arguments dynamo.trtllm fills from the flags the library passes (`arg_map` in
 * `components/src/dynamo/trtllm/workers/llm_worker.py`): `model` from `--model-path`,
 * `tensor_parallel_size`, `pipeline_parallel_size`, `moe_expert_parallel_size` from the parallel
 * sizes, `max_seq_len` from `--max-seq-len`, `max_batch_size` from `--max-batch-size`, and
 * `backend` (always PyTorch). The pattern writes `trust_remote_code`, the cache transceiver and,
 * on disaggregated pools, `disable_overlap_scheduler` (Dynamo's qwen3 `prefill.yaml` and
 * `decode.yaml`). `speculative_config`, `moe_config`, `enable_attention_dp` and every other key
 * are free.
 * @internal
 */
export const ENGINE_CONFIG_OWNERS: readonly OwnedEngineKey[] = [
  { path: 'model', owner: { prop: 'model' } },
  { path: 'backend', owner: { fix: 'remove it: the library runs the PyTorch backend' } },
  { path: 'tensor_parallel_size', owner: { poolProp: 'tensorParallelSize' } },
  { path: 'pipeline_parallel_size', owner: { poolProp: 'pipelineParallelSize' } },
  { path: 'moe_expert_parallel_size', owner: { poolProp: 'expertParallelSize' } },
  { path: 'max_seq_len', owner: { poolProp: 'maxModelLen' } },
  { path: 'max_batch_size', owner: { poolProp: 'maxNumSeqs' } },
  { path: 'trust_remote_code', owner: { prop: 'trustRemoteCode' } },
  {
    path: 'disable_overlap_scheduler',
    owner: { fix: 'remove it: the pattern sets it (true on prefill, false on decode) because TensorRT-LLM does not support the overlap scheduler in prefill-only workers' },
    roles: DISAGGREGATED,
  },
  { path: 'cache_transceiver_config.backend', owner: { prop: 'kvTransfer' }, roles: DISAGGREGATED },
  {
    path: 'cache_transceiver_config.backend',
    owner: { fix: 'remove it: aggregated workers transfer no KV cache; serve with DisaggregatedLlm and set kvTransfer' },
    roles: ['aggregated'],
  },
  ...TYPED_ENGINE_KEYS.map(({ prop, path }) => ({ path, owner: { poolProp: prop } })),
];

/**
 * `cache_transceiver_config.backend` for each KV transfer TensorRT-LLM accepts. Always explicit:
 * upstream's `DEFAULT` resolves from `TRTLLM_USE_*_KVCACHE` env vars and its fallback changed from
 * UCX to NIXL in TensorRT-LLM 1.3.0rc22, while the fabric and TCP checks must know the transport.
 * @internal
 */
export const CACHE_TRANSCEIVER_BACKENDS: Readonly<Partial<Record<KvTransferKind, string>>> = {
  nixl: 'NIXL',
  ucx: 'UCX',
};

/** What one pool's engine config is built from. @internal */
export interface EngineConfigInput {
  /** The pool's prop prefix for errors, e.g. `prefill`. */
  readonly pool: string;
  readonly role: WorkerRole;
  readonly trustRemoteCode: boolean;
  /** The resolved KV transfer (used on disaggregated pools only). */
  readonly kvTransfer: KvTransfer;
  readonly tuning: EngineTuning;
  /** The backend's spelling of each built-in KvCacheDtype. */
  readonly kvCacheDtypes: Readonly<Record<string, string>>;
}

function isPlainObject(v: unknown): v is EngineConfig {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Sets an own key, also one named `__proto__`. */
function setKey(target: EngineConfig, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function hasKey(target: EngineConfig, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

/** Sets a dotted path, creating the objects on the way. */
function setPath(target: EngineConfig, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!hasKey(node, key)) setKey(node, key, {});
    node = node[key] as EngineConfig;
  }
  setKey(node, keys[keys.length - 1], value);
}

/** The value at a dotted path, when every step is an object that has the key. */
function findPath(source: EngineConfig, path: string): { readonly value: unknown } | undefined {
  let node: unknown = source;
  for (const key of path.split('.')) {
    if (!isPlainObject(node) || !hasKey(node, key)) return undefined;
    node = node[key];
  }
  return { value: node };
}

/** The cache transceiver's backend for a disaggregated pool. */
function transceiverBackend(kvTransfer: KvTransfer): string {
  const backend = CACHE_TRANSCEIVER_BACKENDS[kvTransfer.kind];
  if (backend === undefined) {
    const accepted = (Object.keys(CACHE_TRANSCEIVER_BACKENDS) as KvTransferKind[]).map(kvTransferFactory).join(', ');
    throw invalid('kvTransfer', `must be one of ${accepted} for TensorRT-LLM`, kvTransfer.factory, 'use one of those, or another backend');
  }
  return backend;
}

/** The engine config value of a typed prop, or undefined when the pool does not set it. */
function typedValue(input: EngineConfigInput, prop: TypedTuningProp): unknown {
  const t = input.tuning;
  if (prop === 'kvCacheDtype') {
    return t.kvCacheDtype?.spelledFor(input.kvCacheDtypes);
  }
  if (prop === 'cudaGraphBatchSizes') return t.cudaGraphBatchSizes === undefined ? undefined : [...t.cudaGraphBatchSizes];
  return t[prop];
}

/**
 * The keys the library writes before the user's: the pattern's (trust_remote_code; on
 * disaggregated pools the PyTorch backend, the overlap scheduler and the cache transceiver), then
 * the typed tuning props in {@link TYPED_ENGINE_KEYS} order.
 * @internal
 */
export function generatedEngineConfig(input: EngineConfigInput): EngineConfig {
  const config: EngineConfig = {};
  if (input.trustRemoteCode) config.trust_remote_code = true;
  if (input.role !== 'aggregated') {
    config.backend = 'pytorch';
    config.disable_overlap_scheduler = input.role === 'prefill';
    config.cache_transceiver_config = { backend: transceiverBackend(input.kvTransfer) };
  }
  for (const { prop, path } of TYPED_ENGINE_KEYS) {
    const value = typedValue(input, prop);
    if (value !== undefined) setPath(config, path, value);
  }
  return config;
}

function ownerFix(pool: string, owner: EngineKeyOwner): string {
  if ('poolProp' in owner) return `set it through ${pool}.${owner.poolProp}`;
  if ('prop' in owner) return `set it through ${owner.prop}`;
  return owner.fix;
}

/**
 * Throws when `user` (the pool's `engineConfig`) sets a key with another owner on this role; the
 * error names the prop to use instead.
 * @internal
 */
export function rejectOwnedEngineKeys(pool: string, role: WorkerRole, user: Readonly<EngineConfig>): void {
  for (const key of ENGINE_CONFIG_OWNERS) {
    if (key.roles !== undefined && !key.roles.includes(role)) continue;
    const found = findPath(user, key.path);
    if (found !== undefined) {
      throw invalid(`${pool}.engineConfig.${key.path}`, 'must not be set in engineConfig, because the library owns this key', found.value, ownerFix(pool, key.owner));
    }
  }
}

/** Deep-merges `user` into a copy of `base`: objects merge, any other value meeting an existing key is an error. */
function deepMerge(pool: string, base: Readonly<EngineConfig>, user: Readonly<EngineConfig>, at: string): EngineConfig {
  const merged: EngineConfig = {};
  for (const [key, value] of Object.entries(base)) setKey(merged, key, value);
  for (const [key, value] of Object.entries(user)) {
    const path = at === '' ? key : `${at}.${key}`;
    if (!hasKey(merged, key)) {
      setKey(merged, key, structuredClone(value));
      continue;
    }
    const existing = merged[key];
    if (!isPlainObject(existing) || !isPlainObject(value)) {
      const written = isPlainObject(existing) ? `the keys ${Object.keys(existing).join(', ')}` : 'its value';
      throw invalid(`${pool}.engineConfig.${path}`, `must be an object of further keys, because the library writes ${written} under ${path}`, value,
        `set only the other keys of ${path} in engineConfig; arrays and values replace nothing`);
    }
    setKey(merged, key, deepMerge(pool, existing, value, path));
  }
  return merged;
}

/**
 * Merges a pool's `engineConfig` into the generated config: keys with another owner are errors
 * ({@link rejectOwnedEngineKeys}), objects merge recursively, and an array or value meeting a
 * generated key is an error. The generated keys keep their place; the user's new keys follow.
 * @internal
 */
export function mergeEngineConfig(pool: string, role: WorkerRole, generated: Readonly<EngineConfig>, user: Readonly<EngineConfig> | undefined): EngineConfig {
  if (user === undefined) return { ...generated };
  rejectOwnedEngineKeys(pool, role, user);
  return deepMerge(pool, generated, user, '');
}

/**
 * One pool's engine config file, or undefined when it would be empty (an aggregated pool with no
 * tuning and no trust_remote_code needs no file).
 * @internal
 */
export function trtllmEngineConfig(input: EngineConfigInput): EngineConfig | undefined {
  const config = mergeEngineConfig(input.pool, input.role, generatedEngineConfig(input), input.tuning.engineConfig);
  return Object.keys(config).length > 0 ? config : undefined;
}

/**
 * The env that selects the NIXL plugin of a disaggregated pool: `TRTLLM_NIXL_KVCACHE_BACKEND`
 * when it is not UCX, NIXL's default (Dynamo's `kv-cache-transfer.md` and `efa-on-aws.mdx`).
 * @internal
 */
export function transferEnv(role: WorkerRole, kvTransfer: KvTransfer): Record<string, string> {
  const plugin = kvTransfer.nonDefaultNixlPlugin;
  return role === 'aggregated' || plugin === undefined ? {} : { TRTLLM_NIXL_KVCACHE_BACKEND: plugin.name };
}
