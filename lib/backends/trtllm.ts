import { Size } from 'cdk8s';
import { invalid } from '../core/errors';
import { BackendDefinition, LaunchContext, SupportContext, WorkerLaunch } from './backend-definition';
import { hfSnapshotPath, isCommitSha, opt, when } from './flags';

/**
 * TensorRT-LLM (`python3 -m dynamo.trtllm`, PyTorch backend). Disaggregated pools get an engine
 * config file with the cache transceiver set to NIXL and, on prefill, the overlap scheduler off
 * (TensorRT-LLM does not support it in prefill-only workers). Sources:
 * `examples/backends/trtllm/deploy/*.yaml`, `examples/backends/trtllm/engine_configs/qwen3/*.yaml`,
 * `components/src/dynamo/trtllm/backend_args.py` (ai-dynamo/dynamo).
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
  dataParallel: 'unsupported',
  expertParallel: 'divides-tensor',
  flagAliases: [
    ['--model-path', '--model'],
    ['--publish-events-and-metrics', '--publish-kv-events'],
  ],

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
