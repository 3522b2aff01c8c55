/**
 * Dynamo's published recipes as pattern props (lib/recipes): each recipe, synthesized, starts its
 * workers with the upstream recipe's flags and engine config, passes the GPU fit checks with a
 * capacity on the endpoint card, and is strictly schema-valid.
 *
 * The upstream flags below are facts read from ai-dynamo/dynamo `recipes/` at commit
 * 2a6da14c83617f5412caba5777dbf0e2399e9c5f (the path of each is in its comment). Shell variables
 * of the YAML (`$MODEL_PATH`, `$(COMPILATION_CONFIG)`) are written resolved; where the library
 * writes a flag differently, the difference is listed beside the facts with its reason.
 */
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
  AggregatedLlm, AggregatedLlmProps, Cloud, DisaggregatedLlm, DisaggregatedLlmProps, GpuType, LlmPattern, LlmRecipes, RdmaFabric,
} from '../lib';
import { componentEnv, componentOf, flag, mainOf, Manifest, newChart, only, synthValid, validationError } from './support/synth';
import { EKS_OPTIONS } from './support/eks-options';

/** A generic cluster whose GPU nodes have InfiniBand, as the disaggregated recipes need for NIXL or Mooncake. */
const IB = Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' } });

interface Synthesized {
  readonly pattern: LlmPattern;
  readonly objs: Manifest[];
  readonly dgd: Manifest;
}

function aggregated(props: AggregatedLlmProps): Synthesized {
  const chart = newChart();
  const pattern = new AggregatedLlm(chart, 'llm', props);
  const objs = synthValid(chart);
  return { pattern, objs, dgd: only(objs, 'DynamoGraphDeployment') };
}

function disaggregated(props: DisaggregatedLlmProps): Synthesized {
  const chart = newChart();
  const pattern = new DisaggregatedLlm(chart, 'llm', props);
  const objs = synthValid(chart);
  return { pattern, objs, dgd: only(objs, 'DynamoGraphDeployment') };
}

/** A decimal as a number prints it (`0.90` → `0.9`), and a JSON value compact, so equal settings compare equal. */
function normalized(value: string): string {
  if (/^\d+\.\d+$/.test(value)) return String(Number(value));
  if (value.startsWith('{')) return JSON.stringify(JSON.parse(value));
  return value;
}

/** An argument list as sorted `--flag value` / `--flag` entries (`--flag=value` split), for comparison whatever the order. */
function flagPairs(args: readonly string[]): string[] {
  const tokens = args.flatMap((a) => (/^--[^=]+=/.test(a) ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a]));
  const pairs: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const next = tokens[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      pairs.push(`${tokens[i]} ${normalized(next)}`);
      i++;
    } else {
      pairs.push(tokens[i]);
    }
  }
  return pairs.sort();
}

/** The upstream flags, less those the library leaves out and plus those it adds, as {@link flagPairs}. */
function expectedFlags(upstream: readonly string[], change: { readonly omitted?: readonly string[]; readonly added?: readonly string[] } = {}): string[] {
  const omitted = new Set(change.omitted ?? []);
  const kept = flagPairs(upstream).filter((p) => !omitted.has(p));
  expect(kept.length + omitted.size, 'every omitted flag is an upstream flag').toBe(flagPairs(upstream).length);
  return [...kept, ...flagPairs(change.added ?? [])].sort();
}

function argsOf(s: Synthesized, component: string): string[] {
  return mainOf(s.dgd, component).args as string[];
}

/** One pool's engine config file, parsed. */
function engineConfig(s: Synthesized, file: string): Record<string, unknown> {
  const text = s.objs.filter((o) => o.kind === 'ConfigMap').map((o) => (o.data as Record<string, string>)[file]).find((t) => t !== undefined);
  if (text === undefined) throw new Error(`no ${file} engine config`);
  return parse(text) as Record<string, unknown>;
}

/** `obj` without the top-level `keys`. */
function without(obj: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !keys.includes(k)));
}

/** The engine config path the library passes in place of upstream's `${ENGINE_ARGS}`. */
function engineArgsPath(file: string): string {
  return `/opt/dynamo/engine-config/${file}`;
}

/** Each pool of the card has a capacity computed for `gpu` (a catalog model on a known GPU). */
function expectCapacity(s: Synthesized, pools: readonly string[], gpu: GpuType): void {
  const card = s.pattern.endpointCard;
  for (const pool of pools) {
    const capacity = card.pools[pool]?.capacity;
    expect(capacity, `${pool}.capacity`).toBeDefined();
    expect(capacity?.gpuType).toBe(gpu.displayName);
    expect(capacity?.kvCacheTokensPerWorker).toBeGreaterThan(0);
  }
}

// recipes/llama-3-70b/vllm/agg/deploy.yaml, the worker's shell command.
const LLAMA_MODEL = 'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic';
const LLAMA_COMMON = ['--model', LLAMA_MODEL, '--served-model-name', LLAMA_MODEL, '--data-parallel-size', '1',
  '--gpu-memory-utilization', '0.90', '--no-enable-prefix-caching', '--block-size', '128'];
const LLAMA_NIXL = ['--kv-transfer-config', '{"kv_connector":"NixlConnector","kv_role":"kv_both"}'];
/** vLLM's default data parallel size, which the library does not write. */
const DP1 = ['--data-parallel-size 1'];

describe('Llama-3.3-70B on vLLM (recipes/llama-3-70b/vllm)', () => {
  test('aggregated: the worker runs agg/deploy.yaml\'s flags on 4 GPUs, and the card states its capacity', () => {
    // GIVEN the recipe on a generic cluster
    const s = aggregated({ ...LlmRecipes.llama33_70bVllmAggregated(), cloud: Cloud.generic() });
    // THEN the flags are upstream's (agg/deploy.yaml)
    expect(flagPairs(argsOf(s, 'VllmDecodeWorker'))).toStrictEqual(expectedFlags([...LLAMA_COMMON, '--tensor-parallel-size', '4'], { omitted: DP1 }));
    // THEN 4 GPUs, 20Gi of /dev/shm, and H100 nodes
    expect(mainOf(s.dgd, 'VllmDecodeWorker').resources.limits['nvidia.com/gpu']).toBe('4');
    expect(componentOf(s.dgd, 'VllmDecodeWorker').sharedMemorySize).toBe('20Gi');
    expectCapacity(s, ['workers'], GpuType.H100_80GB);
    // THEN the graph names the recipe it reproduces
    expect(s.dgd.metadata.annotations['dynamo-constructs/recipe']).toBe('recipes/llama-3-70b/vllm/agg/deploy.yaml@2a6da14c8361');
  });

  test('disaggregated on one node: 2 prefill workers at TP 2 and one decode worker at TP 4 with disagg-single-node\'s flags', () => {
    // GIVEN the recipe on a cluster with InfiniBand
    const s = disaggregated({ ...LlmRecipes.llama33_70bVllmDisaggregated(), cloud: IB });
    // THEN recipes/llama-3-70b/vllm/disagg-single-node/deploy.yaml
    expect(flagPairs(argsOf(s, 'VllmPrefillWorker'))).toStrictEqual(expectedFlags(
      [...LLAMA_COMMON, '--tensor-parallel-size', '2', '--disaggregation-mode', 'prefill', ...LLAMA_NIXL], { omitted: DP1 }));
    // (upstream's decode worker passes no --disaggregation-mode, which in Dynamo >= 1.0 makes it aggregated; the library names the role)
    expect(flagPairs(argsOf(s, 'VllmDecodeWorker'))).toStrictEqual(expectedFlags(
      [...LLAMA_COMMON, '--tensor-parallel-size', '4', ...LLAMA_NIXL], { omitted: DP1, added: ['--disaggregation-mode', 'decode'] }));
    expect(componentOf(s.dgd, 'VllmPrefillWorker').replicas).toBe(2);
    expect(componentOf(s.dgd, 'VllmDecodeWorker').replicas).toBe(1);
    // THEN both pools prefer nodes that run Dynamo workers, whichever label generation they carry
    const terms = componentOf(s.dgd, 'VllmPrefillWorker').podTemplate.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution;
    expect(terms[0].podAffinityTerm.labelSelector.matchExpressions[0].values).toStrictEqual(['worker', 'prefill', 'decode']);
    expectCapacity(s, ['prefill', 'decode'], GpuType.H100_80GB);
  });

  test('disaggregated over two nodes on H200: prefill and decode at TP 8 each (disagg-multi-node)', () => {
    // GIVEN the multi-node recipe on H200
    const s = disaggregated({ ...LlmRecipes.llama33_70bVllmDisaggregatedMultiNode({ gpuType: GpuType.H200_141GB }), cloud: IB });
    // THEN recipes/llama-3-70b/vllm/disagg-multi-node/deploy.yaml
    expect(flagPairs(argsOf(s, 'VllmPrefillWorker'))).toStrictEqual(expectedFlags(
      [...LLAMA_COMMON, '--tensor-parallel-size', '8', '--disaggregation-mode', 'prefill', ...LLAMA_NIXL], { omitted: DP1 }));
    expect(flagPairs(argsOf(s, 'VllmDecodeWorker'))).toStrictEqual(expectedFlags(
      [...LLAMA_COMMON, '--tensor-parallel-size', '8', ...LLAMA_NIXL], { omitted: DP1, added: ['--disaggregation-mode', 'decode'] }));
    expectCapacity(s, ['prefill', 'decode'], GpuType.H200_141GB);
  });
});

// recipes/deepseek-r1/sglang/disagg-8gpu/deploy.yaml and disagg-16gpu/deploy.yaml, the workers' args.
const DS_MODEL = ['--model-path', 'deepseek-ai/DeepSeek-R1', '--served-model-name', 'deepseek-ai/DeepSeek-R1'];
const DS_TAIL = ['--trust-remote-code', '--disaggregation-bootstrap-port', '30001', '--mem-fraction-static', '0.75', '--host', '0.0.0.0',
  '--watchdog-timeout', '3600'];
function dsDecode(n: string, extra: string[] = []): string[] {
  return [...DS_MODEL, '--tp', n, '--dp', n, '--enable-dp-attention', '--ep-size', n, ...extra, ...DS_TAIL, '--disaggregation-mode', 'decode',
    '--prefill-round-robin-balance'];
}
function dsPrefill(n: string, extra: string[] = []): string[] {
  return [...DS_MODEL, '--tp', n, '--ep-size', n, ...extra, ...DS_TAIL, '--disaggregation-mode', 'prefill', '--load-balance-method', 'round_robin'];
}
/**
 * What the library writes beyond both recipes: the KV page size the router hashes by (Dynamo's
 * examples' 16) and the transfer backend the recipes leave to SGLang's default (Mooncake). It also
 * always passes `--skip-tokenizer-init` (the frontend tokenizes), which disagg-16gpu passes itself.
 */
const DS_ADDED = ['--page-size', '16', '--disaggregation-transfer-backend', 'mooncake'];
/** `--dp` is SGLang's alias of `--dp-size`, which the library spells out. */
function dsSpelled(args: string[]): string[] {
  return args.map((a) => (a === '--dp' ? '--dp-size' : a));
}

describe('DeepSeek-R1 on SGLang, disaggregated with DP attention (recipes/deepseek-r1/sglang)', () => {
  test.each([
    ['H200', GpuType.H200_141GB],
    ['B200', GpuType.B200],
  ])('8 GPUs per worker on %s: disagg-8gpu\'s flags', (_, gpu) => {
    // GIVEN the recipe on a cluster with InfiniBand (Mooncake needs InfiniBand or RoCE)
    const s = disaggregated({ ...LlmRecipes.deepseekR1SglangDisaggregated({ gpuType: gpu }), cloud: IB });
    // THEN recipes/deepseek-r1/sglang/disagg-8gpu/deploy.yaml
    expect(flagPairs(argsOf(s, 'decode'))).toStrictEqual(expectedFlags(dsSpelled(dsDecode('8')), { added: [...DS_ADDED, '--skip-tokenizer-init'] }));
    expect(flagPairs(argsOf(s, 'prefill'))).toStrictEqual(expectedFlags(dsPrefill('8'), { added: [...DS_ADDED, '--skip-tokenizer-init'] }));
    expect(mainOf(s.dgd, 'decode').resources.limits['nvidia.com/gpu']).toBe('8');
    expectCapacity(s, ['prefill', 'decode'], gpu);
  });

  test('16 GPUs per worker: two nodes each, disagg-16gpu\'s flags', () => {
    // GIVEN the 16-GPU recipe
    const s = disaggregated({ ...LlmRecipes.deepseekR1SglangDisaggregated({ gpusPerWorker: 16 }), cloud: IB });
    // THEN recipes/deepseek-r1/sglang/disagg-16gpu/deploy.yaml (which passes --skip-tokenizer-init itself)
    expect(flagPairs(argsOf(s, 'decode'))).toStrictEqual(expectedFlags(dsSpelled(dsDecode('16', ['--skip-tokenizer-init'])), { added: DS_ADDED }));
    expect(flagPairs(argsOf(s, 'prefill'))).toStrictEqual(expectedFlags(dsPrefill('16', ['--skip-tokenizer-init']), { added: DS_ADDED }));
    // THEN each worker spans 2 nodes of 8 GPUs
    expect(componentOf(s.dgd, 'decode').multinode).toStrictEqual({ nodeCount: 2 });
    expect(mainOf(s.dgd, 'decode').resources.limits['nvidia.com/gpu']).toBe('8');
    expectCapacity(s, ['prefill', 'decode'], GpuType.H200_141GB);
  });
});

// recipes/qwen3-32b-fp8/trtllm/agg/deploy.yaml and disagg/deploy.yaml: the engine configs of their ConfigMaps.
const QWEN_FILE_COMMON = {
  backend: 'pytorch', pipeline_parallel_size: 1, enable_attention_dp: false, enable_chunked_prefill: false, print_iter_log: false,
};
const QWEN_KV = { enable_block_reuse: false, free_gpu_memory_fraction: 0.7, dtype: 'fp8' };
const QWEN_AGG_FILE = {
  ...QWEN_FILE_COMMON, tensor_parallel_size: 2, max_batch_size: 96, max_num_tokens: 7964, max_seq_len: 7964, kv_cache_config: QWEN_KV,
  cuda_graph_config: { enable_padding: true, batch_sizes: [1, 2, 4, 8, 16, 32, 64, 96] }, disable_overlap_scheduler: false,
};
const QWEN_PREFILL_FILE = {
  ...QWEN_FILE_COMMON, tensor_parallel_size: 1, max_batch_size: 1, max_num_tokens: 7808, max_seq_len: 7808, kv_cache_config: QWEN_KV,
  cache_transceiver_config: { backend: 'DEFAULT' }, cuda_graph_config: { enable_padding: true, batch_sizes: [1, 2, 4, 8, 16, 32, 64, 128, 256] },
  disable_overlap_scheduler: true,
};
const QWEN_DECODE_FILE = {
  ...QWEN_FILE_COMMON, tensor_parallel_size: 2, max_batch_size: 128, max_num_tokens: 7808, max_seq_len: 7808, kv_cache_config: QWEN_KV,
  cache_transceiver_config: { backend: 'DEFAULT' }, cuda_graph_config: { enable_padding: true, batch_sizes: Array.from({ length: 128 }, (_, i) => i + 1) },
  disable_overlap_scheduler: false,
};
/**
 * The file keys the library passes as flags instead (`--tensor-parallel-size`, `--max-batch-size`,
 * `--max-seq-len`), or leaves to dynamo.trtllm's defaults (the PyTorch backend on aggregated pools,
 * pipeline size 1).
 */
const TRTLLM_FLAG_KEYS = ['tensor_parallel_size', 'pipeline_parallel_size', 'max_batch_size', 'max_seq_len', 'backend'];
/** The recipes' TensorRT-LLM env. */
const TRTLLM_ENV = { TRTLLM_ENABLE_PDL: '1', TRT_LLM_DISABLE_LOAD_WEIGHTS_IN_PARALLEL: 'True' };
/** The TensorRT-LLM recipes' frontend command (`python3 -m dynamo.frontend ...`). */
const TRTLLM_FRONTEND = ['--router-mode', 'round-robin', '--http-port', '8000'];

function qwenArgs(tp: string, batch: string, file: string, mode?: string): string[] {
  return ['--model-path', 'Qwen/Qwen3-32B-FP8', '--served-model-name', 'Qwen/Qwen3-32B-FP8', '--extra-engine-args', engineArgsPath(file),
    '--tensor-parallel-size', tp, '--max-batch-size', batch, '--free-gpu-memory-fraction', '0.9', ...(mode ? ['--disaggregation-mode', mode] : [])];
}
/** Upstream's `--free-gpu-memory-fraction 0.9`, which its engine config's 0.7 overrides (the file wins in dynamo.trtllm). */
const SHADOWED_FRACTION = ['--free-gpu-memory-fraction 0.9'];

describe('Qwen3-32B-FP8 on TensorRT-LLM (recipes/qwen3-32b-fp8/trtllm)', () => {
  test.each([
    ['H100', GpuType.H100_80GB],
    ['H200', GpuType.H200_141GB],
  ])('aggregated on %s: agg/deploy.yaml\'s flags, engine config and env', (_, gpu) => {
    // GIVEN the recipe on EKS, whose catalog has H100 and H200 machines
    const s = aggregated({ ...LlmRecipes.qwen3_32bFp8TrtllmAggregated({ gpuType: gpu }), cloud: Cloud.eks(EKS_OPTIONS) });
    // THEN the worker's flags are upstream's, with max_seq_len passed as a flag
    expect(flagPairs(argsOf(s, 'TRTLLMWorker'))).toStrictEqual(expectedFlags(qwenArgs('2', '96', 'aggregated.yaml'),
      { omitted: SHADOWED_FRACTION, added: ['--max-seq-len', '7964'] }));
    // THEN the engine config is the ConfigMap's, less the keys passed as flags
    expect(engineConfig(s, 'aggregated.yaml')).toStrictEqual(without(QWEN_AGG_FILE, TRTLLM_FLAG_KEYS));
    expect(componentEnv(s.dgd, 'TRTLLMWorker')).toStrictEqual(TRTLLM_ENV);
    expect(flagPairs(argsOf(s, 'Frontend'))).toStrictEqual(flagPairs(TRTLLM_FRONTEND));
    expectCapacity(s, ['workers'], gpu);
  });

  test('disaggregated: 4 prefill workers on one GPU and 2 decode workers at TP 2, disagg/deploy.yaml\'s flags and engine configs', () => {
    // GIVEN the recipe on a cluster with InfiniBand
    const s = disaggregated({ ...LlmRecipes.qwen3_32bFp8TrtllmDisaggregated(), cloud: IB });
    // THEN the flags
    expect(flagPairs(argsOf(s, 'TRTLLMPrefillWorker'))).toStrictEqual(expectedFlags(qwenArgs('1', '1', 'prefill.yaml', 'prefill'),
      { omitted: SHADOWED_FRACTION, added: ['--max-seq-len', '7808'] }));
    expect(flagPairs(argsOf(s, 'TRTLLMDecodeWorker'))).toStrictEqual(expectedFlags(qwenArgs('2', '128', 'decode.yaml', 'decode'),
      { omitted: SHADOWED_FRACTION, added: ['--max-seq-len', '7808'] }));
    // THEN the engine configs, with the cache transceiver's backend explicit (NIXL for KvTransfer.nixl()) where upstream writes DEFAULT
    const nixl = { cache_transceiver_config: { backend: 'NIXL' }, backend: 'pytorch' };
    expect(engineConfig(s, 'prefill.yaml')).toStrictEqual({ ...without(QWEN_PREFILL_FILE, TRTLLM_FLAG_KEYS), ...nixl });
    expect(engineConfig(s, 'decode.yaml')).toStrictEqual({ ...without(QWEN_DECODE_FILE, TRTLLM_FLAG_KEYS), ...nixl });
    expect(componentOf(s.dgd, 'TRTLLMPrefillWorker').replicas).toBe(4);
    expect(componentOf(s.dgd, 'TRTLLMDecodeWorker').replicas).toBe(2);
    expectCapacity(s, ['prefill', 'decode'], GpuType.H100_80GB);
  });
});

// recipes/gpt-oss-120b/trtllm/agg/deploy.yaml and disagg/deploy.yaml.
const GPT_MODEL = ['--model-path', 'openai/gpt-oss-120b', '--served-model-name', 'openai/gpt-oss-120b'];
const GPT_AGG_FILE = {
  enable_attention_dp: true, cuda_graph_config: { max_batch_size: 800, enable_padding: true }, kv_cache_config: { enable_block_reuse: false },
  stream_interval: 20, moe_config: { backend: 'CUTLASS' },
};
const GPT_DISAGG_COMMON = {
  cache_transceiver_config: { backend: 'UCX', max_tokens_in_buffer: 9216 }, enable_attention_dp: false, max_num_tokens: 20000,
  moe_config: { backend: 'TRTLLM' }, moe_expert_parallel_size: 1, pipeline_parallel_size: 1, print_iter_log: true, stream_interval: 20,
  trust_remote_code: true,
};
const GPT_PREFILL_FILE = {
  ...GPT_DISAGG_COMMON, cuda_graph_config: { enable_padding: true, max_batch_size: 30 }, disable_overlap_scheduler: true,
  kv_cache_config: { dtype: 'fp8', enable_block_reuse: false, free_gpu_memory_fraction: 0.8 }, max_batch_size: 64, max_seq_len: 9000,
  tensor_parallel_size: 1,
};
const GPT_DECODE_FILE = {
  ...GPT_DISAGG_COMMON, allreduce_strategy: 'AUTO', attention_dp_config: { enable_balance: true },
  cuda_graph_config: { enable_padding: true, max_batch_size: 1280 }, disable_overlap_scheduler: false,
  kv_cache_config: { dtype: 'fp8', enable_block_reuse: false, free_gpu_memory_fraction: 0.85 }, max_batch_size: 1280, max_seq_len: 11000,
  tensor_parallel_size: 4,
};
const GPT_DISAGG_ENV = { ...TRTLLM_ENV, OVERRIDE_QUANT_ALGO: 'W4A8_MXFP4_MXFP8', NCCL_GRAPH_REGISTER: '0', OMPI_MCA_coll_ucc_enable: '0' };

describe('gpt-oss-120b on TensorRT-LLM (recipes/gpt-oss-120b/trtllm)', () => {
  test('aggregated on B200: agg/deploy.yaml\'s flags, with the memory fraction in the engine config', () => {
    // GIVEN the recipe on EKS (p6-b200.48xlarge)
    const s = aggregated({ ...LlmRecipes.gptOss120bTrtllmAggregated(), cloud: Cloud.eks(EKS_OPTIONS) });
    // THEN the flags; upstream's --free-gpu-memory-fraction 0.9 is written into the file instead
    expect(flagPairs(argsOf(s, 'TRTLLMWorker'))).toStrictEqual(expectedFlags([...GPT_MODEL, '--extra-engine-args', engineArgsPath('aggregated.yaml'),
      '--tensor-parallel-size', '4', '--expert-parallel-size', '4', '--max-batch-size', '800', '--free-gpu-memory-fraction', '0.9'],
    { omitted: ['--free-gpu-memory-fraction 0.9'] }));
    expect(engineConfig(s, 'aggregated.yaml')).toStrictEqual({ ...GPT_AGG_FILE, kv_cache_config: { enable_block_reuse: false, free_gpu_memory_fraction: 0.9 } });
    expect(componentEnv(s.dgd, 'TRTLLMWorker')).toStrictEqual(TRTLLM_ENV);
    expect(flagPairs(argsOf(s, 'Frontend'))).toStrictEqual(flagPairs(TRTLLM_FRONTEND));
    expectCapacity(s, ['workers'], GpuType.B200);
  });

  test('disaggregated: a TP 1 prefill and a TP 4 decode worker over the UCX transceiver, disagg/deploy.yaml\'s engine configs', () => {
    // GIVEN the recipe on a cluster with InfiniBand
    const s = disaggregated({ ...LlmRecipes.gptOss120bTrtllmDisaggregated(), cloud: IB });
    // THEN the flags: upstream passes only the file and the mode; the library passes the file's sizes as flags
    const base = (file: string, mode: string) => [...GPT_MODEL, '--extra-engine-args', engineArgsPath(file), '--disaggregation-mode', mode];
    expect(flagPairs(argsOf(s, 'TRTLLMPrefillWorker'))).toStrictEqual(expectedFlags(base('prefill.yaml', 'prefill'),
      { added: ['--tensor-parallel-size', '1', '--max-batch-size', '64', '--max-seq-len', '9000'] }));
    expect(flagPairs(argsOf(s, 'TRTLLMDecodeWorker'))).toStrictEqual(expectedFlags(base('decode.yaml', 'decode'),
      { added: ['--tensor-parallel-size', '4', '--max-batch-size', '1280', '--max-seq-len', '11000'] }));
    // THEN the engine configs: upstream's, less the keys passed as flags or left at the engine's default
    // (moe_expert_parallel_size 1), plus the PyTorch backend the library names on disaggregated pools
    const moved = [...TRTLLM_FLAG_KEYS, 'moe_expert_parallel_size'];
    expect(engineConfig(s, 'prefill.yaml')).toStrictEqual({ ...without(GPT_PREFILL_FILE, moved), backend: 'pytorch' });
    expect(engineConfig(s, 'decode.yaml')).toStrictEqual({ ...without(GPT_DECODE_FILE, moved), backend: 'pytorch' });
    // THEN the recipe's env, beside the fabric's UCX and NIXL env the cloud adds
    expect(componentEnv(s.dgd, 'TRTLLMPrefillWorker')).toMatchObject(GPT_DISAGG_ENV);
    expect(componentEnv(s.dgd, 'TRTLLMDecodeWorker')).toMatchObject(GPT_DISAGG_ENV);
    expectCapacity(s, ['prefill', 'decode'], GpuType.B200);
  });
});

// recipes/gpt-oss-120b/vllm/agg-h200-agentic/deploy.yaml and agg-b200-agentic/deploy.yaml, the worker's args
// with the ConfigMap values they read resolved.
const COMPILATION = '{"pass_config": {"fuse_allreduce_rms": true, "eliminate_noops": true}, "max_cudagraph_capture_size": 1024}';
const SPECULATIVE = '{"method": "eagle3", "model": "nvidia/gpt-oss-120b-Eagle3-v3", "num_speculative_tokens": 3}';
const CPU_OFFLOAD = '{"kv_connector": "SimpleCPUOffloadConnector", "kv_role": "kv_both", "kv_connector_extra_config": {"cpu_bytes_to_use_per_rank": 107374182400}}';
function agenticArgs(h200: boolean): string[] {
  return ['--model=openai/gpt-oss-120b', '--served-model-name=openai/gpt-oss-120b', '--trust-remote-code', '--quantization=mxfp4',
    ...(h200 ? ['--moe-backend=flashinfer_cutlass'] : []), '--kv-cache-dtype=fp8', '--max-model-len=131072', '--gpu-memory-utilization=0.9',
    '--tensor-parallel-size=1', '--max-num-seqs=256', '--max-num-batched-tokens=32768', '--enable-chunked-prefill', '--enable-prefix-caching',
    '--async-scheduling', '--enable-flashinfer-autotune', `--compilation-config=${COMPILATION}`, `--speculative-config=${SPECULATIVE}`,
    ...(h200 ? [`--kv-transfer-config=${CPU_OFFLOAD}`] : []), '--dyn-reasoning-parser', 'gpt_oss', '--dyn-tool-call-parser', 'harmony'];
}
/** KV routing: the library makes the workers publish KV events (vLLM's ZMQ publisher). */
const KV_EVENTS = ['--kv-events-config', '{"publisher":"zmq","topic":"kv-events","endpoint":"tcp://*:20080","enable_kv_cache_events":true}'];
const AGENTIC_ENV = { TRITON_CACHE_DIR: '/tmp/.triton-cache', VLLM_CACHE_ROOT: '/tmp/vllm-cache', HF_MODULES_CACHE: '/tmp/hf_modules', PYTHONHASHSEED: '42' };

describe('gpt-oss-120b on vLLM for agentic traffic (recipes/gpt-oss-120b/vllm/agg-*-agentic)', () => {
  test.each([
    ['H200', GpuType.H200_141GB, true, { ...AGENTIC_ENV, TORCH_CUDA_ARCH_LIST: '9.0' }],
    ['B200', GpuType.B200, false, { ...AGENTIC_ENV, TORCH_CUDA_ARCH_LIST: '10.0', VLLM_USE_FLASHINFER_MOE_MXFP4_MXFP8: '1' }],
  ])('on %s: 8 one-GPU workers behind the KV router with the recipe\'s flags and env', (_, gpu, h200, env) => {
    // GIVEN the recipe on a generic cluster
    const s = aggregated({ ...LlmRecipes.gptOss120bVllmAggregatedAgentic({ gpuType: gpu }), cloud: Cloud.generic() });
    // THEN the flags
    expect(flagPairs(argsOf(s, 'VllmDecodeWorker'))).toStrictEqual(expectedFlags(agenticArgs(h200), { added: KV_EVENTS }));
    expect(componentEnv(s.dgd, 'VllmDecodeWorker')).toStrictEqual(env);
    expect(componentOf(s.dgd, 'VllmDecodeWorker').replicas).toBe(8);
    expect(mainOf(s.dgd, 'VllmDecodeWorker').resources.requests.memory).toBe('200Gi');
    // THEN the frontend routes by KV cache (upstream also writes --router-kv-events, Dynamo's default, and
    // --kv-cache-block-size 64, which the library leaves to the block size the workers register)
    expect(flagPairs(argsOf(s, 'Frontend'))).toStrictEqual(flagPairs(['--http-port', '8000', '--router-mode', 'kv', '--trust-remote-code']));
    expectCapacity(s, ['workers'], gpu);
  });
});

describe('spreading and overriding a recipe', () => {
  test('a pool\'s replicas and maxModelLen override the recipe, the rest of its flags stay', () => {
    // GIVEN the aggregated Llama recipe with 3 replicas and a 32k context
    const recipe = LlmRecipes.llama33_70bVllmAggregated();
    const s = aggregated({ ...recipe, cloud: Cloud.generic(), workers: { ...recipe.workers, replicas: 3, maxModelLen: 32768 } });
    // THEN
    const args = argsOf(s, 'VllmDecodeWorker');
    expect(componentOf(s.dgd, 'VllmDecodeWorker').replicas).toBe(3);
    expect(flag(args, '--max-model-len')).toBe('32768');
    expect(flag(args, '--block-size')).toBe('128');
    expect(s.pattern.endpointCard.pools.workers.capacity?.sequenceLength).toBe(32768);
  });

  test('an override the fit checks refuse is refused naming the pool\'s prop', () => {
    // GIVEN the Llama recipe squeezed onto one H100 (FP8 weights ~66 GiB on one 80 GB GPU at 0.9)
    const recipe = LlmRecipes.llama33_70bVllmAggregated();
    // WHEN
    const e = validationError(() => aggregated({ ...recipe, cloud: Cloud.generic(), workers: { ...recipe.workers, gpus: 1, tensorParallelSize: 1 } }));
    // THEN the error names a prop of the workers pool
    expect(e.prop).toMatch(/^workers\./);
  });

  test('each call returns fresh objects: changing one result leaves the next untouched', () => {
    // GIVEN two calls
    const a = LlmRecipes.qwen3_32bFp8TrtllmDisaggregated();
    const b = LlmRecipes.qwen3_32bFp8TrtllmDisaggregated();
    // THEN they share no pool, list or engine config
    expect(a.prefill).not.toBe(b.prefill);
    expect(a.prefill?.cudaGraphBatchSizes).not.toBe(b.prefill?.cudaGraphBatchSizes);
    expect(a.decode?.engineConfig).not.toBe(b.decode?.engineConfig);
    expect(a).toStrictEqual(b);
  });

  test('no options and an empty options object give the same recipe', () => {
    expect(LlmRecipes.deepseekR1SglangDisaggregated({})).toStrictEqual(LlmRecipes.deepseekR1SglangDisaggregated());
  });
});

describe('recipe options', () => {
  test('a GPU type the recipe was not published for names recipe.gpuType and the published ones', () => {
    const e = validationError(() => LlmRecipes.llama33_70bVllmAggregated({ gpuType: GpuType.A100_80GB }));
    expect(e.prop).toBe('recipe.gpuType');
    expect(e.message).toBe('recipe.gpuType must be a GPU type Dynamo\'s Llama-3.3-70B vLLM recipe was published for (GpuType.H100_80GB, GpuType.H200_141GB) '
      + '(got "NVIDIA A100 80GB"); use GpuType.H100_80GB or GpuType.H200_141GB; for another GPU, spread the recipe and set the pools\' gpuType, gpus and parallel sizes yourself');
  });

  test('gpusPerWorker other than 8 or 16 names the upstream recipes', () => {
    const e = validationError(() => LlmRecipes.deepseekR1SglangDisaggregated({ gpusPerWorker: 4 as 8 }));
    expect(e.message).toBe('recipe.gpusPerWorker must be one of 8, 16 (got 4); use 8 (recipes/deepseek-r1/sglang/disagg-8gpu) or 16 (disagg-16gpu)');
  });

  test.each<[string, () => unknown, string]>([
    ['options as a string', () => LlmRecipes.gptOss120bTrtllmAggregated('b200' as never), 'recipe'],
    ['options null', () => LlmRecipes.qwen3_32bFp8TrtllmAggregated(null as never), 'recipe'],
    ['gpuType as its id', () => LlmRecipes.gptOss120bVllmAggregatedAgentic({ gpuType: 'h200-141gb' as never }), 'recipe.gpuType'],
    ['gpusPerWorker as a string', () => LlmRecipes.deepseekR1SglangDisaggregated({ gpusPerWorker: '16' as never }), 'recipe.gpusPerWorker'],
    ['a misspelt option', () => LlmRecipes.llama33_70bVllmDisaggregated({ gputype: GpuType.H100_80GB } as never), 'recipe.gputype'],
  ])('untyped callers get a named error, never a TypeError: %s', (_, call, prop) => {
    expect(validationError(call).prop).toBe(prop);
  });
});
