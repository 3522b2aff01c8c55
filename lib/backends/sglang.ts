import { Size } from 'cdk8s';
import { invalid } from '../core/errors';
import { KvTransfer } from '../core/kv-transfer';
import { BackendDefinition, LaunchContext, SupportContext, WorkerLaunch } from './backend-definition';
import { EngineMemoryContext } from './engine-memory';
import { jsonArg, MODEL_IDENTITY_OWNED, opt, ROLE_PROP, ROUTER_KV_EVENTS_OWNED, when } from './flags';

/**
 * SGLang's default `--mem-fraction-static` (python/sglang/srt/server_args.py,
 * `_handle_gpu_memory_settings`, sgl-project/sglang @001067ff): memory is reserved, in MiB, for
 * activations (1.5 × the chunked-prefill size), decode CUDA graphs (2 × the largest batch), prefill
 * CUDA graphs (8 MiB for each of the 58 sizes, 1.5 GiB with latent attention), TP × PP
 * communication buffers and DP attention, at least 10 GiB on GPUs over 60 GiB; the rest is the
 * fraction. The chunked-prefill size and batch follow the GPU's memory. DeepEP (2 GiB more) and
 * disaggregated workers' variants are not modelled.
 */
function sglangDefaultMemFraction(ctx: EngineMemoryContext): number {
  const g = ctx.gpuMemoryMiB;
  const small = ctx.tensorParallelSize < 4;
  const [chunked, maxBs] = g < 20 * 1024 ? [2048, 8] : g < 35 * 1024 ? [2048, small ? 24 : 80] : g < 60 * 1024 ? [4096, small ? 32 : 160]
    : g < 160 * 1024 ? [8192, small ? 256 : 512] : [16384, 512];
  let reserved = 512 + 1.5 * Math.max(chunked, 2048) + 1024 * ctx.tensorParallelSize * ctx.pipelineParallelSize / 8 + 2 * maxBs;
  reserved += ctx.latentAttention ? 1536 : 8 * 58;
  if (ctx.dataParallelSize > 1) reserved += 3 * maxBs * ctx.dataParallelSize + (maxBs > 300 ? 1.5 * maxBs * ctx.dataParallelSize : 0);
  if (g > 60 * 1024) reserved = Math.max(reserved, 10240);
  return Math.round((g - reserved) / g * 1000) / 1000;
}

/**
 * The bootstrap port prefill and decode pair up on when the user sets none (Dynamo's examples use
 * 12345; SGLang's own default is 8998). Kept here rather than imported from the pattern layer,
 * which backends may not depend on.
 */
const BOOTSTRAP_PORT = 12345;

/**
 * Tokens per KV page when the user sets none. Dynamo's SGLang examples all pass `--page-size 16`
 * (ai-dynamo/dynamo `examples/backends/sglang/deploy/*.yaml`), and dynamo.sglang registers the page
 * size as the KV router's block size (`components/src/dynamo/sglang/register.py`, `capacity.py`
 * `kv_event_block_size`); SGLang's own default of 1 would make the router hash every token.
 */
const DEFAULT_PAGE_SIZE = 16;

/**
 * SGLang's `--kv-cache-dtype` spelling of each built-in KvCacheDtype. SGLang's choices are auto,
 * fp8_e5m2, fp8_e4m3, mxfp8, bf16, bfloat16, nvfp4, fp4_mx_block16, fp4_e2m1 (sgl-project/sglang
 * `python/sglang/srt/server_args.py`): there is no plain `fp8`, so FP8 is E4M3.
 */
const KV_CACHE_DTYPES: Readonly<Record<string, string>> = { fp8: 'fp8_e4m3', fp8_e4m3: 'fp8_e4m3', fp8_e5m2: 'fp8_e5m2' };


/**
 * `--disaggregation-transfer-backend` for each transfer SGLang accepts (sgl-project/sglang
 * `server_args.py` DISAGG_TRANSFER_BACKEND_CHOICES). Mooncake is SGLang's own default, used by
 * Dynamo's DeepSeek-R1 recipes (`recipes/deepseek-r1/sglang/disagg-8gpu/deploy.yaml` and
 * `disagg-16gpu`, which omit the flag); the library writes it explicitly. Without
 * `--disaggregation-ib-device` (default None) Mooncake detects the RDMA devices itself.
 */
const TRANSFER_BACKENDS: Readonly<Record<string, string>> = { nixl: 'nixl', mooncake: 'mooncake' };

function transferBackend(pool: string, transfer: KvTransfer): string {
  const backend = TRANSFER_BACKENDS[transfer.kind];
  if (backend === undefined) {
    throw invalid('kvTransfer', `must be KvTransfer.nixl() or KvTransfer.mooncake() for SGLang (the ${pool} pool)`, transfer.factory, 'use one of those');
  }
  return backend;
}

/**
 * The env of a disaggregated pool: the NIXL plugin when it is not NIXL's default (UCX). SGLang reads
 * it from `SGLANG_DISAGGREGATION_NIXL_BACKEND`, default "UCX" (sgl-project/sglang
 * `python/sglang/srt/environ.py`, read by `srt/disaggregation/nixl/conn.py`).
 */
function transferEnv(transfer: KvTransfer): Record<string, string> {
  const plugin = transfer.nonDefaultNixlPlugin;
  return plugin !== undefined ? { SGLANG_DISAGGREGATION_NIXL_BACKEND: plugin.name } : {};
}

/**
 * SGLang (`python3 -m dynamo.sglang`). Flags are SGLang's server args; Dynamo's examples always pass
 * `--skip-tokenizer-init` because the Dynamo frontend tokenizes, and `--page-size 16`, which the
 * library also defaults to. Data parallelism is DP attention (`--dp-size N --enable-dp-attention`,
 * inside the tensor-parallel group). Disaggregated pools move the KV cache with NIXL or Mooncake
 * (`--disaggregation-transfer-backend`) and pair up on a bootstrap port. Typed tuning maps to
 * `--mem-fraction-static`, `--kv-cache-dtype` and `--page-size`; the TensorRT-LLM-only props are
 * rejected with the SGLang flag that does the same through `extraArgs`. Sources:
 * `examples/backends/sglang/deploy/*.yaml` (ai-dynamo/dynamo) and
 * `python/sglang/srt/server_args.py` (sgl-project/sglang), whose flags are its field names.
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
  // SGLang: `--mem-fraction-static` of the whole GPU for the weights and the KV pool; activations
  // and CUDA graphs use the rest. Its default is computed from the GPU's memory and the parallelism.
  memory: {
    fractionOf: 'total',
    defaultFraction: sglangDefaultMemFraction,
    activationReserveGiB: 0,
    defaultBlockSize: DEFAULT_PAGE_SIZE,
    refusesLengthBeyondCache: false,
  },
  kvTransfers: ['nixl', 'mooncake'],
  kvCacheDtypes: KV_CACHE_DTYPES,
  // The SGLang equivalents, all server args in sgl-project/sglang server_args.py.
  unsupported: {
    maxNumTokens: 'SGLang bounds the prefill tokens of one step with --max-prefill-tokens and chunks long prompts with --chunked-prefill-size: remove maxNumTokens and add extraArgs: ["--max-prefill-tokens", "8192"] or ["--chunked-prefill-size", "8192"]',
    enableChunkedPrefill: 'SGLang sizes prefill chunks with --chunked-prefill-size, where -1 disables chunking: remove enableChunkedPrefill and add extraArgs: ["--chunked-prefill-size", "-1"] to turn it off, or a chunk size in tokens',
    enableBlockReuse: 'SGLang reuses prefixes through its radix cache, on by default: remove enableBlockReuse, and add extraArgs: ["--disable-radix-cache"] to turn prefix reuse off',
    cudaGraphBatchSizes: 'SGLang takes the CUDA graph batch sizes with --cuda-graph-bs: remove cudaGraphBatchSizes and add extraArgs: ["--cuda-graph-bs", "1", "2", "4", "8"]',
    cudaGraphMaxBatchSize: 'SGLang takes the largest CUDA graph batch size with --cuda-graph-max-bs: remove cudaGraphMaxBatchSize and add extraArgs: ["--cuda-graph-max-bs", "16"]',
    engineConfig: 'SGLang takes its server arguments as flags, not a config file: remove engineConfig and pass them in extraArgs, e.g. ["--chunked-prefill-size", "8192"]',
  },
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
      '--page-size': 'kvBlockSize',
      '--revision': 'modelRevision',
      '--tp': 'tensorParallelSize',
      '--pp-size': 'pipelineParallelSize',
      '--dp-size': 'dataParallelSize',
      '--enable-dp-attention': 'dataParallelSize',
      '--ep-size': 'expertParallelSize',
      '--context-length': 'maxModelLen',
      '--max-running-requests': 'maxNumSeqs',
      '--mem-fraction-static': 'gpuMemoryUtilization',
      '--kv-cache-dtype': 'kvCacheDtype',
      '--trust-remote-code': 'trustRemoteCode',
      '--skip-tokenizer-init': 'no prop: the Dynamo frontend tokenizes, so SGLang workers always skip their tokenizer; remove the flag',
      '--disaggregation-mode': ROLE_PROP,
      '--disaggregation-transfer-backend': 'kvTransfer',
      '--disaggregation-bootstrap-port': 'disaggregationBootstrapPort',
      '--host': 'the pattern (DisaggregatedLlm binds the bootstrap server on 0.0.0.0)',
      '--kv-events-config': 'frontend.routerMode',
    },
    owned: { ...ROUTER_KV_EVENTS_OWNED, ...MODEL_IDENTITY_OWNED },
  },

  launch(ctx: LaunchContext): WorkerLaunch {
    const l = ctx.layout;
    const t = ctx.tuning;
    const disaggregated = ctx.role !== 'aggregated';
    const args = [
      '--model-path', ctx.model,
      '--served-model-name', ctx.servedModelName ?? ctx.model,
      // Where Dynamo's examples put it: after the served model name, before --tp.
      '--page-size', String(t.kvBlockSize ?? DEFAULT_PAGE_SIZE),
      ...opt('--revision', ctx.modelRevision),
      '--tp', String(l.tensorParallelSize),
      ...when(l.pipelineParallelSize > 1, '--pp-size', String(l.pipelineParallelSize)),
      // Without --enable-dp-attention SGLang would start dp full tensor-parallel replicas; with it
      // the DP ranks split the TP group (tp % dp == 0, which the pattern checks).
      ...when(l.dataParallelSize > 1, '--dp-size', String(l.dataParallelSize), '--enable-dp-attention'),
      ...when(l.expertParallelSize !== undefined && l.expertParallelSize > 1, '--ep-size', String(l.expertParallelSize)),
      ...opt('--context-length', ctx.maxModelLength),
      ...opt('--max-running-requests', ctx.maxNumSeqs),
      ...opt('--mem-fraction-static', t.gpuMemoryUtilization),
      ...opt('--kv-cache-dtype', t.kvCacheDtype?.spelledFor(KV_CACHE_DTYPES)),
      ...when(ctx.trustRemoteCode, '--trust-remote-code'),
      '--skip-tokenizer-init',
      ...(disaggregated ? [
        '--disaggregation-mode', ctx.role,
        '--disaggregation-transfer-backend', transferBackend(ctx.pool, ctx.kvTransfer),
        '--disaggregation-bootstrap-port', String(ctx.bootstrapPort ?? BOOTSTRAP_PORT),
        '--host', '0.0.0.0',
      ] : []),
      ...when(ctx.kvEvents, '--kv-events-config', jsonArg({ publisher: 'zmq', topic: 'kv-events', endpoint: 'tcp://*:5557' })),
    ];
    const env: Record<string, string> = disaggregated ? transferEnv(ctx.kvTransfer) : {};
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
