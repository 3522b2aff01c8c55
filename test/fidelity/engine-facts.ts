/**
 * What the normalizer knows about the launchers, independent of the library's own tables (so a
 * library mistake cannot hide itself): other spellings of a flag, flags whose value is JSON,
 * defaults (dropped on both sides, each with its source) and the TensorRT-LLM flags that are engine
 * config keys.
 */

/** A launcher by its module, e.g. `dynamo.vllm`. */
export type Launcher = 'dynamo.frontend' | 'dynamo.vllm' | 'dynamo.sglang' | 'dynamo.trtllm' | 'dynamo.planner';

/** A default the normalizer drops on both sides, with where it is defined. */
export interface KnownDefault {
  readonly value: string | number | boolean;
  readonly source: string;
}

/** Groups of spellings of one flag; the first is the canonical one. */
export const FLAG_SPELLINGS: Readonly<Record<Launcher, readonly (readonly string[])[]>> = {
  // components/src/dynamo/common/configuration/groups/kv_router_args.py (ai-dynamo/dynamo):
  // `--kv-events` is the obsolete spelling of `--router-kv-events`, still accepted (with `--no-`).
  'dynamo.frontend': [
    ['--router-kv-events', '--kv-events'],
  ],
  // vLLM's vllm/engine/arg_utils.py: -tp/-pp/-dp short forms.
  'dynamo.vllm': [
    ['--tensor-parallel-size', '-tp'],
    ['--pipeline-parallel-size', '-pp'],
    ['--data-parallel-size', '-dp'],
  ],
  // SGLang's python/sglang/srt/server_args.py names (`--tp-size`, `--dp-size`, ...), their long
  // aliases, and the prefixes argparse accepts for them (`--tp`, `--dp`, `--ep`, `--pp`).
  'dynamo.sglang': [
    ['--model-path', '--model'],
    ['--tp-size', '--tp', '--tensor-parallel-size'],
    ['--dp-size', '--dp', '--data-parallel-size'],
    ['--ep-size', '--ep', '--expert-parallel-size'],
    ['--pp-size', '--pp', '--pipeline-parallel-size'],
  ],
  // components/src/dynamo/trtllm/backend_args.py (ai-dynamo/dynamo): `--model` is the newer
  // spelling of `--model-path`, `--publish-kv-events` of `--publish-events-and-metrics`.
  'dynamo.trtllm': [
    ['--model', '--model-path'],
    ['--publish-kv-events', '--publish-events-and-metrics'],
  ],
  'dynamo.planner': [],
};

/** Flags whose value is a JSON object, compared key by key. */
export const JSON_FLAGS: ReadonlySet<string> = new Set(['--kv-transfer-config', '--kv-events-config', '--config', '--override-engine-args']);

/** Flag defaults, dropped on both sides (a flag set to its default is the same launch). */
export const FLAG_DEFAULTS: Readonly<Record<Launcher, Readonly<Record<string, KnownDefault>>>> = {
  'dynamo.frontend': {
    '--router-kv-events': {
      value: true,
      source: 'ai-dynamo/dynamo components/src/dynamo/common/configuration/groups/kv_router_args.py --router-kv-events default True (env DYN_ROUTER_USE_KV_EVENTS)',
    },
    '--router-temperature': {
      value: 0,
      source: 'ai-dynamo/dynamo components/src/dynamo/common/configuration/groups/kv_router_args.py --router-temperature default 0.0 (env DYN_ROUTER_TEMPERATURE)',
    },
  },
  'dynamo.vllm': {
    '--tensor-parallel-size': { value: 1, source: 'vllm-project/vllm vllm/config/parallel.py ParallelConfig.tensor_parallel_size = 1' },
    '--pipeline-parallel-size': { value: 1, source: 'vllm-project/vllm vllm/config/parallel.py ParallelConfig.pipeline_parallel_size = 1' },
    '--data-parallel-size': { value: 1, source: 'vllm-project/vllm vllm/config/parallel.py ParallelConfig.data_parallel_size = 1' },
  },
  'dynamo.sglang': {
    '--tp-size': { value: 1, source: 'sgl-project/sglang python/sglang/srt/server_args.py tp_size = 1' },
    '--dp-size': { value: 1, source: 'sgl-project/sglang python/sglang/srt/server_args.py dp_size = 1' },
    '--ep-size': { value: 1, source: 'sgl-project/sglang python/sglang/srt/server_args.py ep_size = 1' },
    '--pp-size': { value: 1, source: 'sgl-project/sglang python/sglang/srt/server_args.py pp_size = 1' },
  },
  'dynamo.trtllm': {},
  'dynamo.planner': {},
};

/**
 * TensorRT-LLM flags of `dynamo.trtllm` that become LLM API arguments (the `arg_map` of
 * components/src/dynamo/trtllm/workers/llm_worker.py, ai-dynamo/dynamo), as engine config key paths.
 * The `--extra-engine-args` file is applied over them (update_llm_args_with_extra_options), so the
 * file wins.
 */
export const TRTLLM_FLAG_KEYS: Readonly<Record<string, readonly string[]>> = {
  '--tensor-parallel-size': ['tensor_parallel_size'],
  '--pipeline-parallel-size': ['pipeline_parallel_size'],
  '--expert-parallel-size': ['moe_expert_parallel_size'],
  '--enable-attention-dp': ['enable_attention_dp'],
  '--max-batch-size': ['max_batch_size'],
  '--max-num-tokens': ['max_num_tokens'],
  '--max-seq-len': ['max_seq_len'],
  '--max-beam-width': ['max_beam_width'],
  '--free-gpu-memory-fraction': ['kv_cache_config', 'free_gpu_memory_fraction'],
};

/** TensorRT-LLM engine config defaults, by key path (`a.b`), dropped on both sides. */
export const TRTLLM_ENGINE_DEFAULTS: Readonly<Record<string, KnownDefault>> = {
  backend: { value: 'pytorch', source: 'ai-dynamo/dynamo components/src/dynamo/trtllm/workers/llm_worker.py arg_map backend = Backend.PYTORCH' },
  tensor_parallel_size: { value: 1, source: 'ai-dynamo/dynamo components/src/dynamo/trtllm/backend_args.py --tensor-parallel-size default 1' },
  pipeline_parallel_size: { value: 1, source: 'ai-dynamo/dynamo components/src/dynamo/trtllm/backend_args.py --pipeline-parallel-size default 1' },
  moe_expert_parallel_size: {
    value: 1,
    source: 'NVIDIA/TensorRT-LLM tensorrt_llm/mapping.py: an unset moe_ep_size (llm_args.py moe_expert_parallel_size = None) resolves to 1 (MoE tensor parallel)',
  },
  enable_attention_dp: { value: false, source: 'NVIDIA/TensorRT-LLM tensorrt_llm/llmapi/llm_args.py enable_attention_dp = False; dynamo.trtllm --enable-attention-dp default False' },
  enable_chunked_prefill: { value: false, source: 'NVIDIA/TensorRT-LLM tensorrt_llm/llmapi/llm_args.py enable_chunked_prefill = False' },
  disable_overlap_scheduler: { value: false, source: 'NVIDIA/TensorRT-LLM tensorrt_llm/llmapi/llm_args.py disable_overlap_scheduler = False' },
  trust_remote_code: { value: false, source: 'NVIDIA/TensorRT-LLM tensorrt_llm/llmapi/llm_args.py trust_remote_code = False' },
  max_num_tokens: { value: 8192, source: 'ai-dynamo/dynamo components/src/dynamo/trtllm/backend_args.py --max-num-tokens default BuildConfig max_num_tokens (8192)' },
  'kv_cache_config.free_gpu_memory_fraction': {
    value: 0.9,
    source: 'ai-dynamo/dynamo components/src/dynamo/trtllm/backend_args.py --free-gpu-memory-fraction default 0.9 (TensorRT-LLM KvCacheConfig default 0.9)',
  },
  'kv_cache_config.enable_block_reuse': { value: true, source: 'NVIDIA/TensorRT-LLM tensorrt_llm/llmapi/llm_args.py KvCacheConfig.enable_block_reuse = True' },
};

/**
 * Planner config defaults (components/src/dynamo/planner/config/defaults.py, SLAPlannerDefaults, and
 * planner_config.py PlannerConfig, ai-dynamo/dynamo), dropped on both sides.
 */
export const PLANNER_DEFAULTS: Readonly<Record<string, KnownDefault>> = {
  environment: { value: 'kubernetes', source: 'planner/config/defaults.py BasePlannerDefaults.environment' },
  mode: { value: 'disagg', source: 'planner/config/defaults.py SLAPlannerDefaults.mode' },
  enable_throughput_scaling: { value: true, source: 'planner/config/defaults.py SLAPlannerDefaults.enable_throughput_scaling' },
  enable_load_scaling: { value: false, source: 'planner/config/defaults.py SLAPlannerDefaults.enable_load_scaling' },
  throughput_adjustment_interval_seconds: { value: 180, source: 'planner/config/defaults.py BasePlannerDefaults.throughput_adjustment_interval_seconds' },
  load_adjustment_interval_seconds: { value: 5, source: 'planner/config/defaults.py SLAPlannerDefaults.load_adjustment_interval_seconds' },
  max_gpu_budget: { value: 8, source: 'planner/config/defaults.py BasePlannerDefaults.max_gpu_budget' },
  min_endpoint: { value: 1, source: 'planner/config/defaults.py BasePlannerDefaults.min_endpoint' },
  prefill_engine_num_gpu: { value: 1, source: 'planner/config/defaults.py BasePlannerDefaults.prefill_engine_num_gpu' },
  decode_engine_num_gpu: { value: 1, source: 'planner/config/defaults.py BasePlannerDefaults.decode_engine_num_gpu' },
  ttft_ms: { value: 500, source: 'planner/config/defaults.py SLAPlannerDefaults.ttft_ms' },
  itl_ms: { value: 50, source: 'planner/config/defaults.py SLAPlannerDefaults.itl_ms' },
  load_predictor: { value: 'arima', source: 'planner/config/defaults.py SLAPlannerDefaults.load_predictor' },
  pre_deployment_sweeping_mode: { value: 'rapid', source: 'planner/config/planner_config.py PlannerConfig.pre_deployment_sweeping_mode default Rapid' },
};

/**
 * Defaults of keys inside JSON-valued flags (besides the planner's `--config`, PLANNER_DEFAULTS), by
 * launcher, flag and key path, dropped on both sides.
 */
export const JSON_FLAG_DEFAULTS: Readonly<Partial<Record<Launcher, Readonly<Record<string, Readonly<Record<string, KnownDefault>>>>>>> = {
  'dynamo.vllm': {
    '--kv-transfer-config': {
      kv_buffer_device: { value: 'cuda', source: 'vllm-project/vllm vllm/config/kv_transfer.py KVTransferConfig.kv_buffer_device = "cuda"' },
    },
  },
  'dynamo.planner': {
    '--config': PLANNER_DEFAULTS,
  },
};

/** A JSON-valued flag that changes nothing when one of its keys has a given value. */
export interface InertJsonFlag {
  /** The key (top level) whose value makes the flag inert. */
  readonly key: string;
  readonly value: string | number | boolean;
  readonly source: string;
}

/**
 * JSON-valued flags that are the same launch as no flag at all when a key has the given value, by
 * launcher and flag: the whole flag is dropped on both sides then.
 */
export const INERT_JSON_FLAGS: Readonly<Partial<Record<Launcher, Readonly<Record<string, InertJsonFlag>>>>> = {
  'dynamo.vllm': {
    '--kv-events-config': {
      key: 'enable_kv_cache_events',
      value: false,
      source: 'ai-dynamo/dynamo components/src/dynamo/vllm/args.py create_kv_events_config (the user\'s config is used as given; none is created '
        + 'without one) and use_kv_events = kv_cfg is not None and kv_cfg.enable_kv_cache_events; components/src/dynamo/vllm/main.py creates no '
        + 'KV event publisher when enable_kv_cache_events is False',
    },
  },
};

/**
 * Operator defaults applied to both sides: the frontend's router mode and port, and `/dev/shm`.
 */
export const OPERATOR_DEFAULTS = {
  routerMode: {
    value: 'round-robin',
    source: 'ai-dynamo/dynamo components/src/dynamo/frontend/frontend_args.py default_router_mode="round-robin" (env DYN_ROUTER_MODE, common/configuration/groups/router_args.py)',
  },
  httpPort: {
    value: '8000',
    source: 'ai-dynamo/dynamo deploy/operator/internal/dynamo/component_frontend.go sets DYN_HTTP_PORT to the service port 8000 (frontend_args.py --http-port env DYN_HTTP_PORT)',
  },
  sharedMemory: { value: '8Gi', source: 'ai-dynamo/dynamo deploy/operator/internal/consts/consts.go DefaultSharedMemorySize = "8Gi" (dynamo/shared_memory.go)' },
  sharedMemoryMount: {
    value: '/dev/shm',
    source: 'ai-dynamo/dynamo deploy/operator/internal/dynamo/shared_memory.go ApplySharedMemoryVolumeAndMount: unless sharedMemorySize is 0, the main '
      + 'container\'s own mount at /dev/shm is dropped for the operator\'s emptyDir of sharedMemorySize (8Gi when unset)',
  },
} as const;
