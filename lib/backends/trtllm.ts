import { Size } from 'cdk8s';
import { invalid } from '../core/errors';
import { BackendDefinition, LaunchContext, SupportContext, WorkerLaunch } from './backend-definition';
import { hfSnapshotPath, isCommitSha, opt, ROLE_PROP, when, ROUTER_KV_EVENTS_OWNED } from './flags';
import { transferEnv, trtllmEngineConfig } from './trtllm-engine-config';

/** TensorRT-LLM's `kv_cache_config.dtype` spelling of each built-in KvCacheDtype (Dynamo's recipes use `fp8`). */
const KV_CACHE_DTYPES: Readonly<Record<string, string>> = { fp8: 'fp8' };

/**
 * TensorRT-LLM (`python3 -m dynamo.trtllm`, PyTorch backend). A pool gets an engine config file
 * (`--extra-engine-args`) when anything goes in it: `trust_remote_code`, the typed tuning props,
 * the user's `engineConfig` and, on disaggregated pools, the PyTorch backend, the overlap scheduler
 * (off on prefill: TensorRT-LLM does not support it in prefill-only workers) and the cache
 * transceiver (trtllm-engine-config.ts builds and merges it).
 *
 * The cache transceiver's backend is always explicit, `NIXL` for `KvTransfer.nixl()` and `UCX` for
 * `KvTransfer.ucxTransceiver()`, where Dynamo's examples write `DEFAULT`: `DEFAULT` picks the transport from
 * the `TRTLLM_USE_{NIXL,UCX,MOONCAKE,MPI}_KVCACHE` env vars and otherwise falls back to NIXL since
 * TensorRT-LLM 1.3.0rc22 but to UCX before (Dynamo's releases pin candidates on both sides of that
 * change in `pyproject.toml`), so the same file would mean different transports by release and
 * env, and the library's fabric and no-silent-TCP checks must know which transport runs
 * (`CacheTransceiverConfig` in `tensorrt_llm/llmapi/llm_args.py`, NVIDIA/TensorRT-LLM; Dynamo's
 * `tensorrt-llm-details/kv-cache-transfer.md`).
 *
 * Sources: `examples/backends/trtllm/deploy/*.yaml`, `examples/backends/trtllm/engine_configs/qwen3/*.yaml`,
 * `components/src/dynamo/trtllm/backend_args.py` (ai-dynamo/dynamo), where `--model` is the newer
 * spelling of `--model-path`, `--publish-kv-events` of `--publish-events-and-metrics`, both
 * negatable with `--no-`; Dynamo's examples still use the older spellings, which it still accepts.
 * @internal
 */
export const TRTLLM: BackendDefinition = {
  framework: 'trtllm',
  displayName: 'TensorRT-LLM',
  runtimeImageName: 'tensorrtllm-runtime',
  command: ['python3', '-m', 'dynamo.trtllm'],
  workingDir: '/workspace',
  componentNames: { aggregated: 'TRTLLMWorker', prefill: 'TRTLLMPrefillWorker', decode: 'TRTLLMDecodeWorker' },
  // Dynamo's docs size /dev/shm at 80Gi for TensorRT-LLM.
  defaultSharedMemory: Size.gibibytes(80),
  // The planner's config `backend` (`components/src/dynamo/planner/config/planner_config.py`).
  plannerBackend: 'trtllm',
  // dynamo.trtllm has no data-parallel size. Attention data parallelism spans the tensor-parallel
  // ranks (attention DP size = tensor parallel size): the engine key `enable_attention_dp`, which
  // dynamo.trtllm also sets from its negatable --enable-attention-dp
  // (`components/src/dynamo/trtllm/backend_args.py` and `workers/llm_worker.py`).
  dataParallel: {
    mode: 'unsupported',
    fix: 'TensorRT-LLM has attention data parallelism inside the tensor-parallel group: remove dataParallelSize and set engineConfig: { enable_attention_dp: true } (or extraArgs: ["--enable-attention-dp"])',
  },
  expertParallel: { mode: 'divides-tensor' },
  // NIXL (the default) and TensorRT-LLM's own UCX transceiver. Not offered: MPI, which needs
  // prefill and decode ranks in one MPI world (Dynamo launches them as separate pods), and
  // MOONCAKE, which only the newest TensorRT-LLM releases have.
  // TensorRT-LLM: `kv_cache_config.free_gpu_memory_fraction` 0.9 of the memory free once the
  // weights and activations are in place, all of it KV cache; 32-token blocks.
  memory: {
    fractionOf: 'free-after-weights',
    defaultFraction: () => 0.9,
    activationReserveGiB: 2,
    defaultBlockSize: 32,
    refusesLengthBeyondCache: false,
  },
  kvTransfers: ['nixl', 'ucx'],
  kvCacheDtypes: KV_CACHE_DTYPES,
  unsupported: {
    disaggregationBootstrapPort: 'TensorRT-LLM pairs prefill and decode through its cache transceiver; it has no bootstrap port: remove it',
  },
  flags: {
    aliases: [
      ['--model-path', '--model'],
      ['--publish-events-and-metrics', '--publish-kv-events', '--no-publish-events-and-metrics', '--no-publish-kv-events'],
    ],
    props: {
      '--model-path': 'model',
      '--served-model-name': 'servedModelName',
      '--tensor-parallel-size': 'tensorParallelSize',
      '--pipeline-parallel-size': 'pipelineParallelSize',
      '--expert-parallel-size': 'expertParallelSize',
      '--max-seq-len': 'maxModelLen',
      '--max-batch-size': 'maxNumSeqs',
      '--kv-block-size': 'kvBlockSize',
      '--extra-engine-args': 'engineConfig',
      '--disaggregation-mode': ROLE_PROP,
      '--publish-events-and-metrics': 'frontend.routerMode',
    },
    // dynamo.trtllm's flags for settings the library writes into the engine config: the typed
    // props' flags, which the file overrides (components/src/dynamo/trtllm/backend_args.py,
    // workers/llm_worker.py), and the two ways to lay engine arguments over the file, which would
    // bypass engineConfig's key owners (`--override-engine-args` JSON and the `--trtllm.<key path>`
    // dynamic flags, args.py and dynamic_flags.py).
    owned: {
      ...ROUTER_KV_EVENTS_OWNED,
      '--free-gpu-memory-fraction': 'gpuMemoryUtilization',
      '--max-num-tokens': 'maxNumTokens',
      // Generated with kvBlockSize; passed alone it would leave the engine's tokens_per_block behind.
      '--kv-block-size': 'kvBlockSize',
      '--override-engine-args': 'engineConfig',
      '--trtllm.': 'engineConfig',
    },
  },

  launch(ctx: LaunchContext): WorkerLaunch {
    const l = ctx.layout;
    const disaggregated = ctx.role !== 'aggregated';
    // dynamo.trtllm has no --revision: a pinned revision is served from the cache snapshot directory.
    const modelPath = ctx.modelRevision && ctx.hfHome ? hfSnapshotPath(ctx.hfHome, ctx.model, ctx.modelRevision) : ctx.model;
    const servedModelName = ctx.servedModelName ?? ctx.model;
    const engineConfig = trtllmEngineConfig({
      pool: ctx.pool, role: ctx.role, trustRemoteCode: ctx.trustRemoteCode, kvTransfer: ctx.kvTransfer, tuning: ctx.tuning, kvCacheDtypes: KV_CACHE_DTYPES,
    });
    const args = [
      '--model-path', modelPath,
      '--served-model-name', servedModelName,
      '--tensor-parallel-size', String(l.tensorParallelSize),
      ...when(l.pipelineParallelSize > 1, '--pipeline-parallel-size', String(l.pipelineParallelSize)),
      ...when(l.expertParallelSize !== undefined && l.expertParallelSize > 1, '--expert-parallel-size', String(l.expertParallelSize)),
      ...opt('--max-seq-len', ctx.maxModelLength),
      ...opt('--max-batch-size', ctx.maxNumSeqs),
      // Dynamo's own KV block size (the KV router's, and the worker's fallback when the engine reports
      // no KV capacity; default 32) must match the engine's tokens_per_block, which kvBlockSize also
      // writes: upstream sets both (recipes/deepseek-v32-fp4/trtllm/disagg-kv-router/deploy.yaml).
      ...opt('--kv-block-size', ctx.tuning.kvBlockSize),
      ...when(engineConfig !== undefined, '--extra-engine-args', ctx.engineConfigPath),
      ...when(disaggregated, '--disaggregation-mode', ctx.role),
      ...when(ctx.kvEvents, '--publish-events-and-metrics'),
    ];
    const env = transferEnv(ctx.role, ctx.kvTransfer);
    // The operator launches multi-node TensorRT-LLM with mpirun as root (Dynamo's multi-node example).
    if (l.nodes > 1) {
      env.OMPI_ALLOW_RUN_AS_ROOT = '1';
      env.OMPI_ALLOW_RUN_AS_ROOT_CONFIRM = '1';
    }
    return { args, env, ...(engineConfig ? { engineConfig } : {}) };
  },

  checkSupport(ctx: SupportContext): void {
    if (ctx.disaggregated && ctx.layout.nodes > 1 && ctx.sharedModelCache !== true) {
      throw invalid('modelCache', `must be a ReadWriteMany volume when a disaggregated TensorRT-LLM pool spans nodes (${ctx.pool}.nodes is ${ctx.layout.nodes})`,
        ctx.sharedModelCache === undefined ? 'none' : 'not ReadWriteMany',
        'every rank must read the same weights: set modelCache: ModelCache.newVolume({ storageClass, size }) (ReadWriteMany) or ModelCache.fromExistingClaim(...) for an RWX claim; HF_HOME is then set on it');
    }
    if (ctx.modelRevision !== undefined && (!isCommitSha(ctx.modelRevision) || ctx.sharedModelCache === undefined)) {
      throw invalid('modelRevision', 'must be a full 40-character commit sha with a modelCache for TensorRT-LLM', ctx.modelRevision,
        'dynamo.trtllm has no --revision flag, so a pinned revision is served from the cache snapshot directory: pin a commit sha and set modelCache, or drop modelRevision');
    }
  },
};
