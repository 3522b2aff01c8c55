import { Size } from 'cdk8s';
import { BackendDefinition, LaunchContext, WorkerLaunch } from './backend-definition';
import { jsonArg, opt, ROLE_PROP, when } from './flags';

/**
 * vLLM (`python3 -m dynamo.vllm`). Flags are vLLM's engine args plus Dynamo's
 * `--disaggregation-mode` (since 1.0; the old `--is-prefill-worker`/`--is-decode-worker` were
 * removed in 1.4). Sources: `examples/backends/vllm/deploy/*.yaml`,
 * `components/src/dynamo/vllm/backend_args.py` (ai-dynamo/dynamo); the spellings are vLLM's
 * `vllm/engine/arg_utils.py` (`-tp`/`-pp`/`-dp`, and `--no-<flag>` for every boolean flag).
 * @internal
 */
export const VLLM: BackendDefinition = {
  framework: 'vllm',
  displayName: 'vLLM',
  runtimeImageName: 'vllm-runtime',
  command: ['python3', '-m', 'dynamo.vllm'],
  workingDir: '/workspace/examples/backends/vllm',
  componentNames: { aggregated: 'VllmDecodeWorker', prefill: 'VllmPrefillWorker', decode: 'VllmDecodeWorker' },
  // Dynamo's docs size /dev/shm at 16Gi for vLLM.
  defaultSharedMemory: Size.gibibytes(16),
  // The planner's config `backend` (`components/src/dynamo/planner/config/planner_config.py`).
  plannerBackend: 'vllm',
  dataParallel: { mode: 'multiplies' },
  expertParallel: { mode: 'tensor-times-data', why: 'whose --enable-expert-parallel spreads experts over all ranks' },
  flags: {
    aliases: [
      ['--tensor-parallel-size', '-tp'],
      ['--pipeline-parallel-size', '-pp'],
      ['--data-parallel-size', '-dp'],
      ['--enable-expert-parallel', '--no-enable-expert-parallel'],
      ['--trust-remote-code', '--no-trust-remote-code'],
      ['--disaggregation-mode', '--is-prefill-worker', '--is-decode-worker'],
    ],
    props: {
      '--model': 'model',
      '--served-model-name': 'servedModelName',
      '--revision': 'modelRevision',
      '--tensor-parallel-size': 'tensorParallelSize',
      '--pipeline-parallel-size': 'pipelineParallelSize',
      '--data-parallel-size': 'dataParallelSize',
      '--enable-expert-parallel': 'expertParallelSize',
      '--max-model-len': 'maxModelLen',
      '--max-num-seqs': 'maxNumSeqs',
      '--trust-remote-code': 'trustRemoteCode',
      '--disaggregation-mode': ROLE_PROP,
      '--kv-transfer-config': 'nixlBackend',
      '--kv-events-config': 'frontend.routerMode',
    },
  },

  launch(ctx: LaunchContext): WorkerLaunch {
    const l = ctx.layout;
    const disaggregated = ctx.role !== 'aggregated';
    const kvTransfer: Record<string, unknown> = { kv_connector: 'NixlConnector', kv_role: 'kv_both' };
    if (!ctx.nixlBackend.isDefault) kvTransfer.kv_connector_extra_config = { backends: [ctx.nixlBackend.name] };
    const args = [
      '--model', ctx.model,
      ...opt('--served-model-name', ctx.servedModelName),
      ...opt('--revision', ctx.modelRevision),
      '--tensor-parallel-size', String(l.tensorParallelSize),
      ...when(l.pipelineParallelSize > 1, '--pipeline-parallel-size', String(l.pipelineParallelSize)),
      ...when(l.dataParallelSize > 1, '--data-parallel-size', String(l.dataParallelSize)),
      ...when(l.expertParallelSize !== undefined && l.expertParallelSize > 1, '--enable-expert-parallel'),
      ...opt('--max-model-len', ctx.maxModelLength),
      ...opt('--max-num-seqs', ctx.maxNumSeqs),
      ...when(ctx.trustRemoteCode, '--trust-remote-code'),
      ...when(disaggregated, '--disaggregation-mode', ctx.role),
      ...when(disaggregated, '--kv-transfer-config', jsonArg(kvTransfer)),
      ...when(ctx.kvEvents, '--kv-events-config',
        jsonArg({ publisher: 'zmq', topic: 'kv-events', endpoint: 'tcp://*:20080', enable_kv_cache_events: true })),
    ];
    return { args, env: {} };
  },

  checkSupport(): void {
    // vLLM supports every mode × single/multi-node combination (multi-node through the operator's mp launch).
  },
};
