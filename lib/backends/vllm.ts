import { Size } from 'cdk8s';
import { BackendDefinition, LaunchContext, WorkerLaunch } from './backend-definition';
import { jsonArg, opt, when } from './flags';

/**
 * vLLM (`python3 -m dynamo.vllm`). Flags are vLLM's engine args plus Dynamo's
 * `--disaggregation-mode` (since 1.0; the old `--is-prefill-worker`/`--is-decode-worker` were
 * removed in 1.4). Sources: `examples/backends/vllm/deploy/*.yaml`,
 * `components/src/dynamo/vllm/backend_args.py` (ai-dynamo/dynamo).
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
  dataParallel: 'multiplies',
  expertParallel: 'tensor-times-data',
  flagAliases: [
    ['--tensor-parallel-size', '-tp'],
    ['--pipeline-parallel-size', '-pp'],
    ['--data-parallel-size', '-dp'],
    ['--disaggregation-mode', '--is-prefill-worker', '--is-decode-worker'],
  ],

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
