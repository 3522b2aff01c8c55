import { Size } from 'cdk8s';
import { DynamoVersion } from '../core/dynamo-version';
import { invalid } from '../core/errors';
import { BackendDefinition, LaunchContext, ParallelLayout, SupportContext, WorkerLaunch } from './backend-definition';
import { jsonArg, MODEL_IDENTITY_OWNED, opt, ROLE_PROP, ROUTER_KV_EVENTS_OWNED, when } from './flags';

/**
 * vLLM's `--kv-cache-dtype` spelling of each built-in KvCacheDtype: vLLM's `CacheDType` accepts
 * `fp8` (= E4M3 on CUDA), `fp8_e4m3` and `fp8_e5m2` as written (vllm-project/vllm
 * `vllm/config/cache.py`).
 */
const KV_CACHE_DTYPES: Readonly<Record<string, string>> = { fp8: 'fp8', fp8_e4m3: 'fp8_e4m3', fp8_e5m2: 'fp8_e5m2' };


/** The first Dynamo release whose vLLM runtime is vLLM 0.21 or later (default memory fraction 0.92): 1.3.0, with vLLM 0.23.0. */
const VLLM_0_21_RELEASE = DynamoVersion.of('1.3.0');

/** Whether one engine (tensor × pipeline ranks) spans nodes, so the operator launches its ranks as separate processes. */
function spansNodesPerEngine(layout: ParallelLayout): boolean {
  return layout.nodes > 1 && layout.tensorParallelSize * layout.pipelineParallelSize > layout.gpusPerNode;
}

/**
 * The multi-node layouts the operator can launch (deploy/operator/internal/dynamo/backend_vllm.go
 * `updateVLLMMultinodeArgs`): one engine's tensor × pipeline ranks spread over the nodes (no
 * data-parallel flags are added then, so data parallelism must be 1), or whole engines per node
 * (`injectDataParallelLaunchFlags` starts gpus ÷ (tensor × pipeline) engines on each node, so the
 * GPUs of a node must hold a whole number of engines).
 */
function checkMultinodeLaunch(ctx: SupportContext): void {
  const l = ctx.layout;
  const engine = l.tensorParallelSize * l.pipelineParallelSize;
  if (l.nodes <= 1 || l.dataParallelSize <= 1) return;
  if (spansNodesPerEngine(l)) {
    throw invalid(`${ctx.pool}.dataParallelSize`, `must be 1 when one engine spans nodes (tensor × pipeline = ${engine} on ${l.gpusPerNode} GPUs per node)`, l.dataParallelSize,
      'the operator spreads one engine\'s ranks over the nodes and starts no data-parallel ranks then: remove dataParallelSize, or fit tensor × pipeline on one node and span nodes with data parallelism');
  }
  if (l.gpusPerNode % engine !== 0) {
    throw invalid(`${ctx.pool}.gpus`, `must be a multiple of tensor × pipeline (${engine}) when data parallelism spans nodes`, l.gpusPerNode,
      `the operator starts gpus ÷ (tensor × pipeline) whole engines on each node: use ${Math.max(engine, Math.floor(l.gpusPerNode / engine) * engine)} GPUs per node, or change tensorParallelSize`);
  }
}

/**
 * The `--kv-transfer-config` of a disaggregated pool: the NIXL connector in both roles, the plugin
 * when it is not NIXL's default (UCX), and a pinned engine id on a multi-node pool.
 *
 * vLLM draws a random engine id per process when none is given (`engine_id` defaults to a uuid4,
 * vllm-project/vllm `vllm/config/kv_transfer.py`). The operator starts the ranks on a multi-node
 * pool's other nodes as separate headless processes, which would each draw their own id, while the
 * NIXL connector rejects a peer whose engine id differs, so Dynamo's multi-node example pins one id
 * per pool (ai-dynamo/dynamo `examples/backends/vllm/deploy/disagg-multinode.yaml`). That is the
 * operator's tensor/pipeline launch, used when tensor × pipeline needs more GPUs than one node has;
 * a pool that spans nodes only through data parallelism gets its data-parallel launch instead, where
 * each node runs its own engines with their own ids (deploy/operator/internal/dynamo/backend_vllm.go
 * `updateVLLMMultinodeArgs`; Dynamo's `recipes/deepseek-r1/vllm/disagg/deploy_hopper_16gpu.yaml` pins
 * none), so no id is pinned there. Key order is fixed: connector, role, engine id, extra config.
 */
function kvTransferConfig(ctx: LaunchContext): Record<string, unknown> {
  const config: Record<string, unknown> = { kv_connector: 'NixlConnector', kv_role: 'kv_both' };
  if (spansNodesPerEngine(ctx.layout)) config.engine_id = `${ctx.deploymentName}-${ctx.componentName.toLowerCase()}`;
  const plugin = ctx.kvTransfer.nonDefaultNixlPlugin;
  if (plugin !== undefined) config.kv_connector_extra_config = { backends: [plugin.name] };
  return config;
}

/**
 * vLLM (`python3 -m dynamo.vllm`). Flags are vLLM's engine args plus Dynamo's
 * `--disaggregation-mode` (since 1.0; the old `--is-prefill-worker`/`--is-decode-worker` were
 * removed in 1.4). Disaggregated pools move the KV cache with vLLM's NIXL connector
 * (`--kv-transfer-config`), the only transfer this backend accepts. Typed tuning maps to
 * `--gpu-memory-utilization`, `--kv-cache-dtype` and `--block-size`; the TensorRT-LLM-only props
 * are rejected with the vLLM flag that does the same through `extraArgs`. Sources:
 * `examples/backends/vllm/deploy/*.yaml`, `components/src/dynamo/vllm/backend_args.py`
 * (ai-dynamo/dynamo); the spellings are vLLM's `vllm/engine/arg_utils.py` (`-tp`/`-pp`/`-dp`,
 * `--block-size`, `--gpu-memory-utilization`, `--kv-cache-dtype`, and `--no-<flag>` for every
 * boolean flag; numeric flags have no `--no-` spelling).
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
  // DefaultVLLMCacheMountPoint, deploy/operator/internal/consts/consts.go.
  compilationCachePath: '/root/.cache/vllm',
  // The planner's config `backend` (`components/src/dynamo/planner/config/planner_config.py`).
  plannerBackend: 'vllm',
  dataParallel: { mode: 'multiplies' },
  expertParallel: { mode: 'tensor-times-data', why: 'whose --enable-expert-parallel spreads experts over all ranks' },
  // vLLM: `--gpu-memory-utilization` of the whole GPU for weights, activations and the KV cache:
  // 0.92 since vLLM 0.21 (vllm/config/cache.py; PR #38284 profiles CUDA graphs and raised it),
  // 0.9 before. Dynamo 1.2.x runs vLLM 0.20.1 and 1.3.0 runs 0.23.0 (Dynamo's
  // docs/fern/pages/reference/general/releases-machine-readable.mdx). 16-token blocks; the engine
  // refuses to start when one sequence of max_model_len does not fit (vllm/v1/core/kv_cache_utils.py).
  memory: {
    fractionOf: 'total',
    defaultFraction: (ctx) => (ctx.dynamoVersion.isOlderThan(VLLM_0_21_RELEASE) ? 0.9 : 0.92),
    activationReserveGiB: 2,
    defaultBlockSize: 16,
    refusesLengthBeyondCache: true,
  },
  kvTransfers: ['nixl'],
  kvCacheDtypes: KV_CACHE_DTYPES,
  // The vLLM equivalents: `--max-num-batched-tokens`, `--enable-chunked-prefill` and
  // `--enable-prefix-caching` (vllm/engine/arg_utils.py), the compilation config's
  // `cudagraph_capture_sizes` and `max_cudagraph_capture_size` (vllm/config/compilation.py), and
  // the NIXL side channel `VLLM_NIXL_SIDE_CHANNEL_PORT` (vllm/envs.py).
  unsupported: {
    maxNumTokens: 'vLLM sets the token budget of one engine step with --max-num-batched-tokens: remove maxNumTokens and add extraArgs: ["--max-num-batched-tokens", "8192"]',
    enableChunkedPrefill: 'vLLM switches chunked prefill with --enable-chunked-prefill / --no-enable-chunked-prefill: remove enableChunkedPrefill and add one of them to extraArgs',
    enableBlockReuse: 'vLLM reuses KV blocks across requests through prefix caching (--enable-prefix-caching / --no-enable-prefix-caching): remove enableBlockReuse and add one of them to extraArgs',
    cudaGraphBatchSizes: 'vLLM takes the CUDA graph capture sizes in its compilation config: remove cudaGraphBatchSizes and add extraArgs: ["--compilation-config", \'{"cudagraph_capture_sizes":[1,2,4,8]}\']',
    cudaGraphMaxBatchSize: 'vLLM takes the largest CUDA graph capture size in its compilation config: remove cudaGraphMaxBatchSize and add extraArgs: ["--compilation-config", \'{"max_cudagraph_capture_size":16}\'] (or list the sizes with "cudagraph_capture_sizes")',
    engineConfig: 'vLLM takes its engine arguments as flags, not a config file: remove engineConfig and pass them in extraArgs, e.g. ["--max-num-batched-tokens", "8192"]',
    disaggregationBootstrapPort: "vLLM's NIXL connector pairs prefill and decode over its side channel (VLLM_NIXL_SIDE_CHANNEL_PORT) and has no bootstrap port: remove disaggregationBootstrapPort",
  },
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
      '--gpu-memory-utilization': 'gpuMemoryUtilization',
      '--kv-cache-dtype': 'kvCacheDtype',
      '--block-size': 'kvBlockSize',
      '--trust-remote-code': 'trustRemoteCode',
      '--disaggregation-mode': ROLE_PROP,
      '--kv-transfer-config': 'kvTransfer',
      '--kv-events-config': 'frontend.routerMode',
    },
    owned: { ...ROUTER_KV_EVENTS_OWNED, ...MODEL_IDENTITY_OWNED },
  },

  launch(ctx: LaunchContext): WorkerLaunch {
    const l = ctx.layout;
    const t = ctx.tuning;
    const disaggregated = ctx.role !== 'aggregated';
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
      ...opt('--gpu-memory-utilization', t.gpuMemoryUtilization),
      ...opt('--kv-cache-dtype', t.kvCacheDtype?.spelledFor(KV_CACHE_DTYPES)),
      ...opt('--block-size', t.kvBlockSize),
      ...when(ctx.trustRemoteCode, '--trust-remote-code'),
      ...when(disaggregated, '--disaggregation-mode', ctx.role),
      ...(disaggregated ? ['--kv-transfer-config', jsonArg(kvTransferConfig(ctx))] : []),
      ...when(ctx.kvEvents, '--kv-events-config',
        jsonArg({ publisher: 'zmq', topic: 'kv-events', endpoint: 'tcp://*:20080', enable_kv_cache_events: true })),
    ];
    return { args, env: {} };
  },

  checkSupport(ctx: SupportContext): void {
    checkMultinodeLaunch(ctx);
    // vLLM supports every mode × single/multi-node combination (multi-node through the operator's
    // mp launch), but a disaggregated pool whose engines span nodes pins one engine id (see kvTransferConfig),
    // which every replica of the pool then shares. vLLM's NIXL connector keys the remote engines it
    // reads from by engine id, so with two replicas a decode worker could read KV blocks from the
    // wrong prefill replica. This is inferred from the connector's bookkeeping (its remote NIXL
    // agents are a map engine id -> rank -> agent, vllm/distributed/kv_transfer/kv_connector/v1/
    // nixl_connector.py), not from a documented limit or a test on a cluster.
    if (ctx.role === 'aggregated' || !spansNodesPerEngine(ctx.layout)) return;
    if (ctx.maxReplicas <= 1 && ctx.scaledBy === undefined) return;
    const l = ctx.layout;
    const fix = `every replica of such a pool shares its pinned NIXL engine id, so decode workers could read KV blocks from the wrong prefill replica; `
      + `keep one replica, or fit tensor × pipeline on one node (at most ${l.gpusPerNode} GPUs) and span nodes with dataParallelSize or more replicas`;
    const spans = `a disaggregated vLLM pool whose engine spans nodes (tensor × pipeline = ${l.tensorParallelSize * l.pipelineParallelSize} on ${l.gpusPerNode} GPUs per node)`;
    if (ctx.scaledBy === undefined) throw invalid(`${ctx.pool}.replicas`, `must be 1 for ${spans}`, ctx.maxReplicas, fix);
    const prop = ctx.scaledBy === 'planner' ? 'planner' : `${ctx.pool}.${ctx.scaledBy}`;
    const what = ctx.scaledBy === 'planner' ? 'the planner' : ctx.scaledBy === 'autoscaling' ? 'its autoscaler' : 'its scaling adapter';
    throw invalid(prop, `must not scale ${spans} past one replica, which ${what} can`, `up to ${ctx.maxReplicas} replicas`, fix);
  },
};
