import { Size } from 'cdk8s';
import { invalid } from '../core/errors';
import { BackendDefinition, LaunchContext, SupportContext, WorkerLaunch } from './backend-definition';
import { jsonArg, opt, ROLE_PROP, when } from './flags';

/** The bootstrap port prefill and decode use to pair up (Dynamo's examples use 12345). */
const BOOTSTRAP_PORT = 12345;

/**
 * SGLang (`python3 -m dynamo.sglang`). Flags are SGLang's server args; Dynamo's examples always pass
 * `--skip-tokenizer-init` because the Dynamo frontend tokenizes. Sources:
 * `examples/backends/sglang/deploy/*.yaml` (ai-dynamo/dynamo).
 * @internal
 */
export const SGLANG: BackendDefinition = {
  framework: 'sglang',
  displayName: 'SGLang',
  runtimeImageName: 'sglang-runtime',
  command: ['python3', '-m', 'dynamo.sglang'],
  workingDir: '/workspace/examples/backends/sglang',
  componentNames: { aggregated: 'worker', prefill: 'prefill', decode: 'decode' },
  defaultSharedMemory: Size.gibibytes(16),
  // The planner's config `backend` (`components/src/dynamo/planner/config/planner_config.py`).
  plannerBackend: 'sglang',
  // SGLang's --dp-size with DP attention splits the tensor-parallel group; it adds no GPUs.
  dataParallel: { mode: 'within-tensor' },
  expertParallel: { mode: 'divides-tensor' },
  flags: {
    aliases: [
      ['--tp', '--tp-size', '--tensor-parallel-size'],
      ['--pp-size', '--pp', '--pipeline-parallel-size'],
      ['--dp-size', '--dp', '--data-parallel-size'],
      ['--ep-size', '--ep', '--expert-parallel-size'],
      ['--model-path', '--model'],
    ],
    props: {
      '--model-path': 'model',
      '--served-model-name': 'servedModelName',
      '--revision': 'modelRevision',
      '--tp': 'tensorParallelSize',
      '--pp-size': 'pipelineParallelSize',
      '--dp-size': 'dataParallelSize',
      '--ep-size': 'expertParallelSize',
      '--context-length': 'maxModelLen',
      '--max-running-requests': 'maxNumSeqs',
      '--trust-remote-code': 'trustRemoteCode',
      '--skip-tokenizer-init': 'no prop: the Dynamo frontend tokenizes, so SGLang workers always skip their tokenizer; remove the flag',
      '--disaggregation-mode': ROLE_PROP,
      '--disaggregation-transfer-backend': 'nixlBackend',
      '--disaggregation-bootstrap-port': `the pattern (DisaggregatedLlm pairs prefill and decode on port ${BOOTSTRAP_PORT})`,
      '--host': 'the pattern (DisaggregatedLlm binds the bootstrap server on 0.0.0.0)',
      '--kv-events-config': 'frontend.routerMode',
    },
  },

  launch(ctx: LaunchContext): WorkerLaunch {
    const l = ctx.layout;
    const disaggregated = ctx.role !== 'aggregated';
    const args = [
      '--model-path', ctx.model,
      '--served-model-name', ctx.servedModelName ?? ctx.model,
      ...opt('--revision', ctx.modelRevision),
      '--tp', String(l.tensorParallelSize),
      ...when(l.pipelineParallelSize > 1, '--pp-size', String(l.pipelineParallelSize)),
      ...when(l.dataParallelSize > 1, '--dp-size', String(l.dataParallelSize)),
      ...when(l.expertParallelSize !== undefined && l.expertParallelSize > 1, '--ep-size', String(l.expertParallelSize)),
      ...opt('--context-length', ctx.maxModelLength),
      ...opt('--max-running-requests', ctx.maxNumSeqs),
      ...when(ctx.trustRemoteCode, '--trust-remote-code'),
      '--skip-tokenizer-init',
      ...when(disaggregated, '--disaggregation-mode', ctx.role,
        '--disaggregation-transfer-backend', 'nixl',
        '--disaggregation-bootstrap-port', String(BOOTSTRAP_PORT),
        '--host', '0.0.0.0'),
      ...when(ctx.kvEvents, '--kv-events-config', jsonArg({ publisher: 'zmq', topic: 'kv-events', endpoint: 'tcp://*:5557' })),
    ];
    const env: Record<string, string> = {};
    if (disaggregated && !ctx.nixlBackend.isDefault) env.SGLANG_DISAGGREGATION_NIXL_BACKEND = ctx.nixlBackend.name;
    // Dynamo's multi-node SGLang example pins gloo to the pod interface.
    if (l.nodes > 1) env.GLOO_SOCKET_IFNAME = 'eth0';
    return { args, env };
  },

  checkSupport(ctx: SupportContext): void {
    if (ctx.disaggregated && ctx.layout.nodes > 1 && ctx.layout.tensorParallelSize <= 1) {
      throw invalid(`${ctx.pool}.tensorParallelSize`, 'must be greater than 1 for a multi-node disaggregated SGLang pool',
        ctx.layout.tensorParallelSize,
        `SGLang disaggregation spans nodes only through tensor parallelism; set ${ctx.pool}.tensorParallelSize to nodes × gpus (${ctx.layout.nodes * ctx.layout.gpusPerNode}) instead of pipeline parallelism`);
    }
  },
};
