import { Size } from 'cdk8s';
import { invalid } from '../core/errors';
import { BackendDefinition, LaunchContext, SupportContext, WorkerLaunch } from './backend-definition';
import { hfSnapshotPath, isCommitSha, opt, ROLE_PROP, when } from './flags';

/**
 * TensorRT-LLM (`python3 -m dynamo.trtllm`, PyTorch backend). Disaggregated pools get an engine
 * config file with the cache transceiver set to NIXL and, on prefill, the overlap scheduler off
 * (TensorRT-LLM does not support it in prefill-only workers). Sources:
 * `examples/backends/trtllm/deploy/*.yaml`, `examples/backends/trtllm/engine_configs/qwen3/*.yaml`,
 * `components/src/dynamo/trtllm/backend_args.py` (ai-dynamo/dynamo), where `--model` is the newer
 * spelling of `--model-path`, `--publish-kv-events` of `--publish-events-and-metrics`, both
 * negatable with `--no-`.
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
  // dynamo.trtllm has no data-parallel size; its --enable-attention-dp makes the attention layers
  // data-parallel across the tensor-parallel ranks.
  dataParallel: {
    mode: 'unsupported',
    fix: 'TensorRT-LLM has attention data parallelism inside the tensor-parallel group: remove dataParallelSize and add extraArgs: ["--enable-attention-dp"]',
  },
  expertParallel: { mode: 'divides-tensor' },
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
      '--extra-engine-args': 'the generated engine config (patch it with ApiObject.of(...).addJsonPatch)',
      '--disaggregation-mode': ROLE_PROP,
      '--publish-events-and-metrics': 'frontend.routerMode',
    },
  },

  launch(ctx: LaunchContext): WorkerLaunch {
    const l = ctx.layout;
    const disaggregated = ctx.role !== 'aggregated';
    // dynamo.trtllm has no --revision: a pinned revision is served from the cache snapshot directory.
    const modelPath = ctx.modelRevision && ctx.hfHome ? hfSnapshotPath(ctx.hfHome, ctx.model, ctx.modelRevision) : ctx.model;
    const servedModelName = ctx.servedModelName ?? ctx.model;
    const engineConfig: Record<string, unknown> = {};
    if (ctx.trustRemoteCode) engineConfig.trust_remote_code = true;
    if (disaggregated) {
      engineConfig.backend = 'pytorch';
      engineConfig.disable_overlap_scheduler = ctx.role === 'prefill';
      engineConfig.cache_transceiver_config = { backend: 'NIXL' };
    }
    const hasConfig = Object.keys(engineConfig).length > 0;
    const args = [
      '--model-path', modelPath,
      '--served-model-name', servedModelName,
      '--tensor-parallel-size', String(l.tensorParallelSize),
      ...when(l.pipelineParallelSize > 1, '--pipeline-parallel-size', String(l.pipelineParallelSize)),
      ...when(l.expertParallelSize !== undefined && l.expertParallelSize > 1, '--expert-parallel-size', String(l.expertParallelSize)),
      ...opt('--max-seq-len', ctx.maxModelLength),
      ...opt('--max-batch-size', ctx.maxNumSeqs),
      ...when(hasConfig, '--extra-engine-args', ctx.engineConfigPath),
      ...when(disaggregated, '--disaggregation-mode', ctx.role),
      ...when(ctx.kvEvents, '--publish-events-and-metrics'),
    ];
    const env: Record<string, string> = {};
    if (disaggregated && !ctx.nixlBackend.isDefault) env.TRTLLM_NIXL_KVCACHE_BACKEND = ctx.nixlBackend.name;
    // The operator launches multi-node TensorRT-LLM with mpirun as root (Dynamo's multi-node example).
    if (l.nodes > 1) {
      env.OMPI_ALLOW_RUN_AS_ROOT = '1';
      env.OMPI_ALLOW_RUN_AS_ROOT_CONFIRM = '1';
    }
    return { args, env, ...(hasConfig ? { engineConfig } : {}) };
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
