import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { AggregatedLlm, AggregatedLlmProps, Backend, DisaggregatedLlm, DisaggregatedLlmProps, NixlBackend } from '../lib';
import { TRTLLM } from '../lib/backends/trtllm';
import {
  ENGINE_CONFIG_OWNERS, EngineConfig, generatedEngineConfig, mergeEngineConfig, TYPED_ENGINE_KEYS,
} from '../lib/backends/trtllm-engine-config';
import { KvCacheDtype } from '../lib/core/kv-cache-dtype';
import { KvTransfer } from '../lib/core/kv-transfer';
import { WorkerPoolOptions } from '../lib/patterns/llm-props';
import { componentEnv, componentOf, flag, mainOf, Manifest, newChart, only, synthValid, validationError } from './support/synth';

const MODEL = 'Qwen/Qwen3-0.6B';
const HASH = 'dynamo-constructs/engine-config-hash';

function aggregated(workers: WorkerPoolOptions, props: Partial<AggregatedLlmProps> = {}): Manifest[] {
  const chart = newChart();
  new AggregatedLlm(chart, 'llm', { model: MODEL, backend: Backend.trtllm(), ...props, workers });
  return synthValid(chart);
}

function disaggregated(props: Partial<DisaggregatedLlmProps> = {}): Manifest[] {
  const chart = newChart();
  new DisaggregatedLlm(chart, 'llm', { allowTcpKvTransfer: true, model: MODEL, backend: Backend.trtllm(), ...props });
  return synthValid(chart);
}

/** The engine config files of the synthesized deployment, by file name, as written. */
function engineFiles(objs: Manifest[]): Record<string, string> {
  return objs.filter((o) => o.kind === 'ConfigMap').flatMap((o) => Object.entries(o.data as Record<string, string>))
    .reduce<Record<string, string>>((all, [k, v]) => ({ ...all, [k]: v }), {});
}

/** One engine config file, parsed. */
function engineConfig(objs: Manifest[], role: string): EngineConfig {
  const text = engineFiles(objs)[`${role}.yaml`];
  if (text === undefined) throw new Error(`no ${role}.yaml engine config`);
  return parse(text) as EngineConfig;
}

function dgd(objs: Manifest[]): Manifest {
  return only(objs, 'DynamoGraphDeployment');
}

describe('TensorRT-LLM typed engine tuning', () => {
  test.each<[string, WorkerPoolOptions, EngineConfig]>([
    ['gpuMemoryUtilization', { gpuMemoryUtilization: 0.85 }, { kv_cache_config: { free_gpu_memory_fraction: 0.85 } }],
    ['kvCacheDtype (built-in)', { kvCacheDtype: KvCacheDtype.FP8 }, { kv_cache_config: { dtype: 'fp8' } }],
    ['kvCacheDtype (engine spelling)', { kvCacheDtype: KvCacheDtype.of('nvfp4') }, { kv_cache_config: { dtype: 'nvfp4' } }],
    ['kvBlockSize', { kvBlockSize: 64 }, { kv_cache_config: { tokens_per_block: 64 } }],
    ['enableBlockReuse', { enableBlockReuse: false }, { kv_cache_config: { enable_block_reuse: false } }],
    ['maxNumTokens', { maxNumTokens: 16384 }, { max_num_tokens: 16384 }],
    ['enableChunkedPrefill', { enableChunkedPrefill: true }, { enable_chunked_prefill: true }],
    ['cudaGraphBatchSizes', { cudaGraphBatchSizes: [1, 2, 4, 8] }, { cuda_graph_config: { batch_sizes: [1, 2, 4, 8] } }],
    ['cudaGraphMaxBatchSize', { cudaGraphMaxBatchSize: 16 }, { cuda_graph_config: { max_batch_size: 16 } }],
  ])('%s lands in the aggregated engine config file', (_, workers, expected) => {
    // WHEN an aggregated pool sets one typed prop
    const objs = aggregated(workers);
    // THEN the engine config holds exactly its key and the worker reads the file
    expect(engineConfig(objs, 'aggregated')).toStrictEqual(expected);
    expect(flag(mainOf(dgd(objs), 'TRTLLMWorker').args, '--extra-engine-args')).toBe('/opt/dynamo/engine-config/aggregated.yaml');
  });

  test("Dynamo's qwen3 agg.yaml expressed through props gives the same engine settings", () => {
    // GIVEN the settings of examples/backends/trtllm/engine_configs/qwen3/agg.yaml as props
    const objs = aggregated({ maxNumTokens: 8192, maxNumSeqs: 16, enableChunkedPrefill: true, gpuMemoryUtilization: 0.85, cudaGraphMaxBatchSize: 16 },
      { trustRemoteCode: true });
    // THEN the file holds the file-only keys, in a stable order; max_batch_size and
    // tensor_parallel_size come through the flags dynamo.trtllm turns into the same engine arguments
    expect(engineFiles(objs)['aggregated.yaml']).toBe([
      'trust_remote_code: true',
      'max_num_tokens: 8192',
      'enable_chunked_prefill: true',
      'kv_cache_config:',
      '  free_gpu_memory_fraction: 0.85',
      'cuda_graph_config:',
      '  max_batch_size: 16',
      '',
    ].join('\n'));
    const args: string[] = mainOf(dgd(objs), 'TRTLLMWorker').args;
    expect([flag(args, '--max-batch-size'), flag(args, '--tensor-parallel-size')]).toStrictEqual(['16', '1']);
  });

  test('an aggregated pool without tuning writes no engine config, as before', () => {
    // WHEN no tuning, no engineConfig keys and no trust_remote_code
    const objs = aggregated({ engineConfig: {} });
    // THEN there is no ConfigMap and no --extra-engine-args
    expect(objs.filter((o) => o.kind === 'ConfigMap')).toStrictEqual([]);
    expect(mainOf(dgd(objs), 'TRTLLMWorker').args).not.toContain('--extra-engine-args');
  });

  test('changing the tuning changes the engine config hash annotation', () => {
    // GIVEN the same pool with two KV cache fractions
    const hash = (fraction: number) => componentOf(dgd(aggregated({ gpuMemoryUtilization: fraction })), 'TRTLLMWorker').podTemplate.metadata.annotations[HASH];
    // THEN the annotation rolls the workers
    expect(hash(0.85)).toMatch(/^[0-9a-f]{16}$/);
    expect(hash(0.85)).not.toBe(hash(0.8));
    expect(hash(0.85)).toBe(hash(0.85));
  });
});

describe('TensorRT-LLM engineConfig merge', () => {
  test('disaggregated files list generated keys, then typed props, then user keys', () => {
    // WHEN a prefill pool sets a typed prop and engineConfig keys inside and beside the generated ones
    const objs = disaggregated({
      prefill: { gpuMemoryUtilization: 0.8, engineConfig: { speculative_config: { decoding_type: 'Eagle', max_draft_len: 3 }, kv_cache_config: { max_tokens: 65536 } } },
    });
    // THEN the order is stable and readable, the user's nested key merged into kv_cache_config
    expect(engineFiles(objs)['prefill.yaml']).toBe([
      'backend: pytorch',
      'disable_overlap_scheduler: true',
      'cache_transceiver_config:',
      '  backend: NIXL',
      'kv_cache_config:',
      '  free_gpu_memory_fraction: 0.8',
      '  max_tokens: 65536',
      'speculative_config:',
      '  decoding_type: Eagle',
      '  max_draft_len: 3',
      '',
    ].join('\n'));
    expect(engineConfig(objs, 'decode')).toStrictEqual({ backend: 'pytorch', disable_overlap_scheduler: false, cache_transceiver_config: { backend: 'NIXL' } });
  });

  test('user keys merge into the cache transceiver, as in the gpt-oss recipe', () => {
    // WHEN engineConfig tunes the transfer buffer beside the transport the library writes
    const objs = disaggregated({ kvTransfer: KvTransfer.ucxTransceiver(), decode: { engineConfig: { cache_transceiver_config: { max_tokens_in_buffer: 9216 } } } });
    // THEN both keys are there
    expect(engineConfig(objs, 'decode').cache_transceiver_config).toStrictEqual({ backend: 'UCX', max_tokens_in_buffer: 9216 });
  });

  test('an aggregated pool with only engineConfig gets a file, and may set disable_overlap_scheduler', () => {
    const objs = aggregated({ engineConfig: { enable_attention_dp: true, disable_overlap_scheduler: true } });
    expect(engineConfig(objs, 'aggregated')).toStrictEqual({ enable_attention_dp: true, disable_overlap_scheduler: true });
  });

  test('merging copies the inputs and leaves them unchanged', () => {
    // GIVEN a generated config and a user config with a nested object
    const generated = { kv_cache_config: { free_gpu_memory_fraction: 0.9 } };
    const user = { kv_cache_config: { max_tokens: 1024 }, moe_config: { backend: 'TRTLLM' } };
    // WHEN merged
    const merged = mergeEngineConfig('workers', 'aggregated', generated, user);
    // THEN the result is new and the inputs are untouched
    expect(merged).toStrictEqual({ kv_cache_config: { free_gpu_memory_fraction: 0.9, max_tokens: 1024 }, moe_config: { backend: 'TRTLLM' } });
    expect(generated).toStrictEqual({ kv_cache_config: { free_gpu_memory_fraction: 0.9 } });
    expect(merged.moe_config).not.toBe(user.moe_config);
  });

  test('an array or value meeting a generated key replaces nothing: it is an error', () => {
    // GIVEN generated keys that engineConfig meets with another type
    const arrays = () => mergeEngineConfig('workers', 'aggregated', { moe_config: { layers: [1] } }, { moe_config: { layers: [2] } });
    const scalar = () => aggregated({ gpuMemoryUtilization: 0.85, engineConfig: { kv_cache_config: 0.5 } });
    // THEN each is an error naming the user's path
    expect(validationError(arrays).message).toBe(
      'workers.engineConfig.moe_config.layers must be an object of further keys, because the library writes its value under moe_config.layers (got [2]); set only the other keys of moe_config.layers in engineConfig; arrays and values replace nothing');
    const e = validationError(scalar);
    expect(e.prop).toBe('workers.engineConfig.kv_cache_config');
    expect(e.message).toContain('because the library writes the keys free_gpu_memory_fraction under kv_cache_config (got 0.5)');
  });
});

describe('TensorRT-LLM engineConfig keys with another owner', () => {
  test.each<[EngineConfig, string, string]>([
    [{ kv_cache_config: { free_gpu_memory_fraction: 0.8 } }, 'kv_cache_config.free_gpu_memory_fraction', 'set it through workers.gpuMemoryUtilization'],
    [{ kv_cache_config: { dtype: 'fp8' } }, 'kv_cache_config.dtype', 'set it through workers.kvCacheDtype'],
    [{ kv_cache_config: { tokens_per_block: 64 } }, 'kv_cache_config.tokens_per_block', 'set it through workers.kvBlockSize'],
    [{ kv_cache_config: { enable_block_reuse: false } }, 'kv_cache_config.enable_block_reuse', 'set it through workers.enableBlockReuse'],
    [{ cuda_graph_config: { batch_sizes: [1, 2] } }, 'cuda_graph_config.batch_sizes', 'set it through workers.cudaGraphBatchSizes'],
    [{ cuda_graph_config: { max_batch_size: 8 } }, 'cuda_graph_config.max_batch_size', 'set it through workers.cudaGraphMaxBatchSize'],
    [{ max_num_tokens: 4096 }, 'max_num_tokens', 'set it through workers.maxNumTokens'],
    [{ enable_chunked_prefill: true }, 'enable_chunked_prefill', 'set it through workers.enableChunkedPrefill'],
    [{ tensor_parallel_size: 2 }, 'tensor_parallel_size', 'set it through workers.tensorParallelSize'],
    [{ pipeline_parallel_size: 2 }, 'pipeline_parallel_size', 'set it through workers.pipelineParallelSize'],
    [{ moe_expert_parallel_size: 2 }, 'moe_expert_parallel_size', 'set it through workers.expertParallelSize'],
    [{ max_seq_len: 4096 }, 'max_seq_len', 'set it through workers.maxModelLen'],
    [{ max_batch_size: 16 }, 'max_batch_size', 'set it through workers.maxNumSeqs'],
    [{ trust_remote_code: true }, 'trust_remote_code', 'set it through trustRemoteCode'],
    [{ model: 'other/model' }, 'model', 'set it through model'],
    [{ backend: '_autodeploy' }, 'backend', 'remove it: the library runs the PyTorch backend'],
    [{ cache_transceiver_config: { backend: 'UCX' } }, 'cache_transceiver_config.backend',
      'remove it: aggregated workers transfer no KV cache; serve with DisaggregatedLlm and set kvTransfer'],
  ])('an aggregated pool may not set %j', (engineConfigKeys, path, fix) => {
    // WHEN engineConfig sets a key another prop owns, that prop being unset
    const e = validationError(() => aggregated({ engineConfig: engineConfigKeys }));
    // THEN the error names the key and the prop to use instead
    expect(e.prop).toBe(`workers.engineConfig.${path}`);
    expect(e.message).toMatch(new RegExp(`^workers\\.engineConfig\\.${path.replace(/\./g, '\\.')} must not be set in engineConfig, because the library owns this key \\(got .+\\); `));
    expect(e.message.endsWith(`; ${fix}`)).toBe(true);
  });

  test('the full message, also when the owning prop is set', () => {
    const e = validationError(() => aggregated({ gpuMemoryUtilization: 0.85, engineConfig: { kv_cache_config: { free_gpu_memory_fraction: 0.8 } } }));
    expect(e.message).toBe('workers.engineConfig.kv_cache_config.free_gpu_memory_fraction must not be set in engineConfig, because the library owns this key (got 0.8); set it through workers.gpuMemoryUtilization');
  });

  test('a disaggregated pool may not set the transceiver backend or the overlap scheduler', () => {
    const transceiver = validationError(() => disaggregated({ decode: { engineConfig: { cache_transceiver_config: { backend: 'DEFAULT' } } } }));
    expect([transceiver.prop, transceiver.message.endsWith('; set it through kvTransfer')]).toStrictEqual(['decode.engineConfig.cache_transceiver_config.backend', true]);
    const overlap = validationError(() => disaggregated({ prefill: { engineConfig: { disable_overlap_scheduler: false } } }));
    expect(overlap.message).toBe('prefill.engineConfig.disable_overlap_scheduler must not be set in engineConfig, because the library owns this key (got false); '
      + 'remove it: the pattern sets it (true on prefill, false on decode) because TensorRT-LLM does not support the overlap scheduler in prefill-only workers');
  });

  test('every key the library writes has an owner, and every typed prop one key', () => {
    // GIVEN configs with every generated and typed key, on each role
    const tuning = {
      gpuMemoryUtilization: 0.8, kvCacheDtype: KvCacheDtype.FP8, kvBlockSize: 64, enableBlockReuse: false, maxNumTokens: 8192,
      enableChunkedPrefill: true, cudaGraphMaxBatchSize: 16,
    };
    const leaves = (o: EngineConfig, at = ''): string[] => Object.entries(o).flatMap(([k, v]) => (
      typeof v === 'object' && v !== null && !Array.isArray(v) ? leaves(v as EngineConfig, `${at}${k}.`) : [`${at}${k}`]));
    for (const role of ['aggregated', 'prefill', 'decode'] as const) {
      for (const t of [tuning, { cudaGraphBatchSizes: [1, 2] }]) {
        const config = generatedEngineConfig({ pool: 'p', role, trustRemoteCode: true, kvTransfer: KvTransfer.nixl(NixlBackend.UCX), tuning: t, kvCacheDtypes: TRTLLM.kvCacheDtypes });
        const owned = ENGINE_CONFIG_OWNERS.filter((k) => k.roles === undefined || k.roles.includes(role)).map((k) => k.path);
        // THEN engineConfig can set none of them
        expect(leaves(config).filter((p) => !owned.includes(p))).toStrictEqual([]);
      }
    }
    expect(TYPED_ENGINE_KEYS.map((k) => k.prop).sort()).toStrictEqual([
      'cudaGraphBatchSizes', 'cudaGraphMaxBatchSize', 'enableBlockReuse', 'enableChunkedPrefill', 'gpuMemoryUtilization', 'kvBlockSize', 'kvCacheDtype', 'maxNumTokens',
    ]);
  });
});

describe('TensorRT-LLM KV transfer', () => {
  test('KvTransfer.ucxTransceiver() writes the UCX cache transceiver on both pools and no NIXL env', () => {
    const objs = disaggregated({ kvTransfer: KvTransfer.ucxTransceiver() });
    for (const [role, name] of [['prefill', 'TRTLLMPrefillWorker'], ['decode', 'TRTLLMDecodeWorker']]) {
      expect(engineConfig(objs, role).cache_transceiver_config).toStrictEqual({ backend: 'UCX' });
      expect(componentEnv(dgd(objs), name).TRTLLM_NIXL_KVCACHE_BACKEND).toBeUndefined();
    }
  });

  test('KvTransfer.nixl(LIBFABRIC) writes NIXL and selects the plugin through TRTLLM_NIXL_KVCACHE_BACKEND', () => {
    const objs = disaggregated({ kvTransfer: KvTransfer.nixl(NixlBackend.LIBFABRIC) });
    for (const [role, name] of [['prefill', 'TRTLLMPrefillWorker'], ['decode', 'TRTLLMDecodeWorker']]) {
      expect(engineConfig(objs, role).cache_transceiver_config).toStrictEqual({ backend: 'NIXL' });
      expect(componentEnv(dgd(objs), name).TRTLLM_NIXL_KVCACHE_BACKEND).toBe('LIBFABRIC');
    }
  });

  test('KvTransfer.mooncake() is not a TensorRT-LLM transfer engine', () => {
    const e = validationError(() => disaggregated({ kvTransfer: KvTransfer.mooncake() }));
    expect(e.message).toBe('kvTransfer must be one of KvTransfer.nixl(), KvTransfer.ucxTransceiver() for TensorRT-LLM (got "KvTransfer.mooncake()"); '
      + 'use one of those, or another backend (KvTransfer.mooncake() is not a TensorRT-LLM transfer engine)');
  });
});

describe('TensorRT-LLM definition', () => {
  test('declares its transfers, KV cache types and unsupported props', () => {
    expect([TRTLLM.kvTransfers, TRTLLM.kvCacheDtypes, TRTLLM.unsupported]).toStrictEqual([
      ['nixl', 'ucx'],
      { fp8: 'fp8' },
      { disaggregationBootstrapPort: 'TensorRT-LLM pairs prefill and decode through its cache transceiver; it has no bootstrap port: remove it' },
    ]);
  });

  test('a bootstrap port is rejected with the fix', () => {
    const e = validationError(() => disaggregated({ disaggregationBootstrapPort: 23456 }));
    expect(e.message).toBe('disaggregationBootstrapPort is not supported by TensorRT-LLM (got 23456); '
      + 'TensorRT-LLM pairs prefill and decode through its cache transceiver; it has no bootstrap port: remove it');
  });

  test('dataParallelSize points at attention data parallelism', () => {
    const e = validationError(() => aggregated({ gpus: 4, dataParallelSize: 2 }));
    expect(e.message).toContain('remove dataParallelSize and set engineConfig: { enable_attention_dp: true } (or extraArgs: ["--enable-attention-dp"])');
  });

  test('--extra-engine-args in extraArgs names engineConfig', () => {
    const e = validationError(() => aggregated({ gpuMemoryUtilization: 0.85, extraArgs: ['--extra-engine-args', '/tmp/x.yaml'] }));
    expect(e.message).toBe('workers.extraArgs must not repeat --extra-engine-args, which the library sets (got "--extra-engine-args"); set it through engineConfig');
  });
});

describe('TensorRT-LLM: flags whose setting the engine config owns', () => {
  test.each([
    ['--free-gpu-memory-fraction', 'gpuMemoryUtilization'],
    ['--max-num-tokens', 'maxNumTokens'],
    ['--kv-block-size', 'kvBlockSize'],
    ['--override-engine-args', 'engineConfig'],
    ['--trtllm.cache_transceiver_config.backend', 'engineConfig'],
  ])('extraArgs may not pass %s, even when the owning prop is unset', (flag, prop) => {
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: 'Qwen/Qwen3-0.6B', backend: Backend.trtllm(), workers: { extraArgs: [flag, '1'] } }));
    expect([e.prop, e.message]).toStrictEqual(['workers.extraArgs',
      `workers.extraArgs must not pass ${flag}, a setting the library owns through ${prop} (got "${flag}"); set it through ${prop}`]);
  });

  test('kvBlockSize sets both the engine\'s tokens_per_block and Dynamo\'s --kv-block-size, which must match', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-0.6B', backend: Backend.trtllm(), workers: { kvBlockSize: 64 } });
    const objs = synthValid(chart);
    const args = mainOf(only(objs, 'DynamoGraphDeployment'), 'TRTLLMWorker').args as string[];
    const config = parse(only(objs, 'ConfigMap').data['aggregated.yaml']);
    expect([flag(args, '--kv-block-size'), config.kv_cache_config.tokens_per_block]).toStrictEqual(['64', 64]);
  });
});
