import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, AggregatedLlmProps, Autoscaling, Backend, Cloud, DisaggregatedLlm, DisaggregatedLlmProps, NixlBackend, Planner,
  RdmaFabric, ScalingMetric, WorkerPoolOptions,
} from '../lib';
import { SGLANG } from '../lib/backends/sglang';
import { VLLM } from '../lib/backends/vllm';
import { KvCacheDtype } from '../lib/core/kv-cache-dtype';
import { KvTransfer } from '../lib/core/kv-transfer';
import { validateEngineTuning } from '../lib/patterns/graph/engine-tuning';
import { componentEnv, flag, mainOf, Manifest, newChart, only, synthValid, validationError } from './support/synth';

const MODEL = 'Qwen/Qwen3-8B';
const IB = Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/shared_ib' } });
const EFA = Cloud.generic({ rdma: { fabric: RdmaFabric.EFA, devicesPerPod: 4 } });
const PROM = 'http://prometheus-operated.monitoring.svc:9090';

/** The DGD of an aggregated deployment `llm`. */
function agg(backend: Backend, workers: WorkerPoolOptions, extra: Partial<AggregatedLlmProps> = {}): Manifest {
  const chart = newChart();
  new AggregatedLlm(chart, 'llm', { model: MODEL, backend, workers, ...extra });
  return only(synthValid(chart), 'DynamoGraphDeployment');
}

/** The worker args of an aggregated deployment. */
function aggArgs(backend: Backend, workers: WorkerPoolOptions): string[] {
  return mainOf(agg(backend, workers), backend.definition.componentNames.aggregated).args;
}

/** The DGD of a disaggregated deployment `llm` (InfiniBand unless told). */
function disagg(backend: Backend, props: Partial<DisaggregatedLlmProps> = {}): Manifest {
  const chart = newChart();
  new DisaggregatedLlm(chart, 'llm', { model: MODEL, backend, cloud: IB, ...props });
  return only(synthValid(chart), 'DynamoGraphDeployment');
}

/** The args of one role's worker in a disaggregated DGD. */
function roleArgs(dgd: Manifest, backend: Backend, role: 'prefill' | 'decode'): string[] {
  return mainOf(dgd, backend.definition.componentNames[role]).args;
}

function keda(maxReplicas: number) {
  return Autoscaling.keda({ maxReplicas, metrics: [ScalingMetric.interTokenLatency({ targetMs: 40 })], prometheusServerAddress: PROM });
}

describe('vLLM: the engine id of multi-node disaggregated pools', () => {
  test('a multi-node pool pins <deployment>-<component> as its engine id in the kv-transfer-config', () => {
    // GIVEN prefill and decode over two nodes each
    const dgd = disagg(Backend.vllm(), { prefill: { gpus: 2, nodes: 2 }, decode: { gpus: 2, nodes: 2 } });
    // THEN each pool has one engine id, shared by its ranks on every node
    expect(flag(roleArgs(dgd, Backend.vllm(), 'prefill'), '--kv-transfer-config'))
      .toBe('{"kv_connector":"NixlConnector","kv_role":"kv_both","engine_id":"llm-vllmprefillworker"}');
    expect(flag(roleArgs(dgd, Backend.vllm(), 'decode'), '--kv-transfer-config'))
      .toBe('{"kv_connector":"NixlConnector","kv_role":"kv_both","engine_id":"llm-vllmdecodeworker"}');
  });

  test('the engine id comes before the NIXL plugin on EFA', () => {
    // GIVEN a multi-node decode pool on EFA (LIBFABRIC)
    const dgd = disagg(Backend.vllm(), { cloud: EFA, decode: { gpus: 2, nodes: 2 } });
    // THEN the keys keep their order: connector, role, engine id, extra config
    expect(flag(roleArgs(dgd, Backend.vllm(), 'decode'), '--kv-transfer-config'))
      .toBe('{"kv_connector":"NixlConnector","kv_role":"kv_both","engine_id":"llm-vllmdecodeworker","kv_connector_extra_config":{"backends":["LIBFABRIC"]}}');
  });

  test('a single-node pool keeps vLLM\'s random per-process engine id', () => {
    // GIVEN a multi-node decode pool next to a single-node prefill pool
    const dgd = disagg(Backend.vllm(), { prefill: { gpus: 2 }, decode: { gpus: 2, nodes: 2 } });
    // THEN the single-node pool sets no engine id
    expect(flag(roleArgs(dgd, Backend.vllm(), 'prefill'), '--kv-transfer-config')).toBe('{"kv_connector":"NixlConnector","kv_role":"kv_both"}');
  });

  test('an aggregated multi-node pool has no kv-transfer-config and may run several replicas', () => {
    const args = aggArgs(Backend.vllm(), { gpus: 2, nodes: 2, replicas: 3 });
    expect(args).not.toContain('--kv-transfer-config');
  });
});

describe('vLLM: one replica per disaggregated pool whose engine spans nodes', () => {
  const FIX = 'every replica of such a pool shares its pinned NIXL engine id, so decode workers could read KV blocks from the wrong prefill replica; '
    + 'keep one replica, or fit tensor × pipeline on one node (at most 2 GPUs) and span nodes with dataParallelSize or more replicas';
  const SPANS = 'a disaggregated vLLM pool whose engine spans nodes (tensor × pipeline = 4 on 2 GPUs per node)';

  test('fixed replicas above 1 are rejected on decode.replicas', () => {
    const e = validationError(() => disagg(Backend.vllm(), { decode: { gpus: 2, nodes: 2, replicas: 2 } }));
    expect([e.prop, e.message]).toStrictEqual(['decode.replicas',
      `decode.replicas must be 1 for ${SPANS} (got 2); ${FIX}`]);
  });

  test('an autoscaled multi-node pool is rejected, naming its autoscaling', () => {
    const e = validationError(() => disagg(Backend.vllm(), { decode: { gpus: 2, nodes: 2, autoscaling: keda(3) } }));
    expect([e.prop, e.message]).toStrictEqual(['decode.autoscaling',
      `decode.autoscaling must not scale ${SPANS} past one replica, which its autoscaler can (got "up to 3 replicas"); ${FIX}`]);
  });

  test('a planner-scaled multi-node pool is rejected', () => {
    const e = validationError(() => disagg(Backend.vllm(), {
      planner: Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 16 }), prefill: { gpus: 2 }, decode: { gpus: 2, nodes: 2 },
    }));
    expect(e.prop).toBe('planner');
    expect(e.message).toContain('past one replica, which the planner can (got "up to 4 replicas")');
  });

  test('a multi-node pool with a scaling adapter is rejected even at one replica', () => {
    const e = validationError(() => disagg(Backend.vllm(), { decode: { gpus: 2, nodes: 2, scalingAdapter: true } }));
    expect([e.prop, e.message.endsWith(FIX)]).toStrictEqual(['decode.scalingAdapter', true]);
  });

  test('single-node pools may run several replicas', () => {
    const dgd = disagg(Backend.vllm(), { decode: { gpus: 2, replicas: 4 } });
    expect(flag(roleArgs(dgd, Backend.vllm(), 'decode'), '--kv-transfer-config')).toBe('{"kv_connector":"NixlConnector","kv_role":"kv_both"}');
  });

  test('a pool that spans nodes only through data parallelism pins no engine id and may run several replicas', () => {
    // GIVEN TP 2 on 2-GPU nodes, DP 2 over 2 nodes: each node runs its own engines (the operator's data-parallel launch)
    const dgd = disagg(Backend.vllm(), { decode: { gpus: 2, nodes: 2, tensorParallelSize: 2, dataParallelSize: 2, replicas: 3 } });
    // THEN no engine id is pinned and the replicas are allowed
    expect(flag(roleArgs(dgd, Backend.vllm(), 'decode'), '--kv-transfer-config')).toBe('{"kv_connector":"NixlConnector","kv_role":"kv_both"}');
  });
});

describe('vLLM: typed tuning', () => {
  test('gpuMemoryUtilization, kvCacheDtype and kvBlockSize become engine flags', () => {
    const args = aggArgs(Backend.vllm(), { gpuMemoryUtilization: 0.85, kvCacheDtype: KvCacheDtype.FP8, kvBlockSize: 32 });
    expect(args).toStrictEqual([
      '--model', MODEL, '--tensor-parallel-size', '1', '--gpu-memory-utilization', '0.85', '--kv-cache-dtype', 'fp8', '--block-size', '32',
    ]);
  });

  test.each([
    [KvCacheDtype.FP8, 'fp8'],
    [KvCacheDtype.FP8_E4M3, 'fp8_e4m3'],
    [KvCacheDtype.FP8_E5M2, 'fp8_e5m2'],
    [KvCacheDtype.of('fp8_inc'), 'fp8_inc'],
  ])('kvCacheDtype %s is --kv-cache-dtype %s', (dtype, spelling) => {
    expect(flag(aggArgs(Backend.vllm(), { kvCacheDtype: dtype }), '--kv-cache-dtype')).toBe(spelling);
  });

  test.each([
    ['maxNumTokens', 8192, 'add extraArgs: ["--max-num-batched-tokens", "8192"]'],
    ['enableChunkedPrefill', false, '--enable-chunked-prefill / --no-enable-chunked-prefill'],
    ['enableBlockReuse', false, '(--enable-prefix-caching / --no-enable-prefix-caching)'],
    ['cudaGraphBatchSizes', [1, 2, 4], 'add extraArgs: ["--compilation-config", \'{"cudagraph_capture_sizes":[1,2,4,8]}\']'],
    ['cudaGraphMaxBatchSize', 16, 'add extraArgs: ["--compilation-config", \'{"max_cudagraph_capture_size":16}\']'],
    ['engineConfig', { a: 1 }, 'vLLM takes its engine arguments as flags, not a config file'],
  ])('%s is rejected with the vLLM equivalent', (prop, value, fix) => {
    const e = validationError(() => agg(Backend.vllm(), { [prop]: value }));
    expect(e.prop).toBe(`workers.${prop}`);
    expect(e.message).toContain(`workers.${prop} is not supported by vLLM (got ${JSON.stringify(value)}); `);
    expect(e.message).toContain(fix);
  });

  test('disaggregationBootstrapPort is rejected: vLLM pairs over its NIXL side channel', () => {
    const e = validationError(() => disagg(Backend.vllm(), { disaggregationBootstrapPort: 23456 }));
    expect(e.message).toBe('disaggregationBootstrapPort is not supported by vLLM (got 23456); '
      + "vLLM's NIXL connector pairs prefill and decode over its side channel (VLLM_NIXL_SIDE_CHANNEL_PORT) and has no bootstrap port: remove disaggregationBootstrapPort");
  });

  test('Mooncake is not a vLLM transfer', () => {
    const e = validationError(() => disagg(Backend.vllm(), { kvTransfer: KvTransfer.mooncake() }));
    expect(e.prop).toBe('kvTransfer');
    expect(e.message).toContain('must be one of KvTransfer.nixl() for vLLM');
  });
});

describe('SGLang: data-parallel attention', () => {
  test('dataParallelSize above 1 adds --enable-dp-attention right after --dp-size', () => {
    const args = aggArgs(Backend.sglang(), { gpus: 4, dataParallelSize: 4 });
    expect(args.slice(args.indexOf('--dp-size'), args.indexOf('--dp-size') + 3)).toStrictEqual(['--dp-size', '4', '--enable-dp-attention']);
  });

  test('one data-parallel rank adds neither flag', () => {
    const args = aggArgs(Backend.sglang(), { gpus: 4 });
    expect([args.includes('--dp-size'), args.includes('--enable-dp-attention')]).toStrictEqual([false, false]);
  });
});

describe('SGLang: KV transfer', () => {
  test('Mooncake on InfiniBand: --disaggregation-transfer-backend mooncake, no IB device and no NIXL env', () => {
    // GIVEN Mooncake on a generic InfiniBand cluster
    const dgd = disagg(Backend.sglang(), { kvTransfer: KvTransfer.mooncake() });
    for (const role of ['prefill', 'decode'] as const) {
      const args = roleArgs(dgd, Backend.sglang(), role);
      // THEN Mooncake is named explicitly and detects its RDMA devices itself
      expect(flag(args, '--disaggregation-transfer-backend')).toBe('mooncake');
      expect(args).not.toContain('--disaggregation-ib-device');
      expect(componentEnv(dgd, role).SGLANG_DISAGGREGATION_NIXL_BACKEND).toBeUndefined();
    }
  });

  test('Mooncake without an RDMA fabric is refused even with allowTcpKvTransfer: it has no TCP fallback', () => {
    const tcp = { cloud: Cloud.generic(), kvTransfer: KvTransfer.mooncake(), allowTcpKvTransfer: true };
    expect(validationError(() => disagg(Backend.sglang(), tcp)).message).toContain('for Mooncake, which has no TCP fallback');
  });

  test('NIXL on EFA selects LIBFABRIC through SGLANG_DISAGGREGATION_NIXL_BACKEND', () => {
    const dgd = disagg(Backend.sglang(), { cloud: EFA });
    expect(flag(roleArgs(dgd, Backend.sglang(), 'prefill'), '--disaggregation-transfer-backend')).toBe('nixl');
    expect([componentEnv(dgd, 'prefill').SGLANG_DISAGGREGATION_NIXL_BACKEND, componentEnv(dgd, 'decode').SGLANG_DISAGGREGATION_NIXL_BACKEND])
      .toStrictEqual(['LIBFABRIC', 'LIBFABRIC']);
  });

  test('NIXL with UCX sets no plugin env', () => {
    const dgd = disagg(Backend.sglang(), { kvTransfer: KvTransfer.nixl(NixlBackend.UCX) });
    expect(componentEnv(dgd, 'prefill').SGLANG_DISAGGREGATION_NIXL_BACKEND).toBeUndefined();
  });

  test('the bootstrap port is 12345 by default', () => {
    const dgd = disagg(Backend.sglang());
    expect([flag(roleArgs(dgd, Backend.sglang(), 'prefill'), '--disaggregation-bootstrap-port'), flag(roleArgs(dgd, Backend.sglang(), 'decode'), '--disaggregation-bootstrap-port')])
      .toStrictEqual(['12345', '12345']);
  });

  test('disaggregationBootstrapPort sets the port on both pools', () => {
    const dgd = disagg(Backend.sglang(), { disaggregationBootstrapPort: 23456 });
    expect([flag(roleArgs(dgd, Backend.sglang(), 'prefill'), '--disaggregation-bootstrap-port'), flag(roleArgs(dgd, Backend.sglang(), 'decode'), '--disaggregation-bootstrap-port')])
      .toStrictEqual(['23456', '23456']);
  });
});

describe('SGLang: typed tuning', () => {
  test('the page size is 16 by default, where Dynamo\'s examples put it', () => {
    expect(aggArgs(Backend.sglang(), {})).toStrictEqual([
      '--model-path', MODEL, '--served-model-name', MODEL, '--page-size', '16', '--tp', '1', '--skip-tokenizer-init',
    ]);
  });

  test('kvBlockSize sets the page size', () => {
    expect(flag(aggArgs(Backend.sglang(), { kvBlockSize: 64 }), '--page-size')).toBe('64');
  });

  test('gpuMemoryUtilization and kvCacheDtype become --mem-fraction-static and --kv-cache-dtype', () => {
    const args = aggArgs(Backend.sglang(), { gpuMemoryUtilization: 0.8, kvCacheDtype: KvCacheDtype.FP8_E5M2 });
    expect(args).toStrictEqual([
      '--model-path', MODEL, '--served-model-name', MODEL, '--page-size', '16', '--tp', '1',
      '--mem-fraction-static', '0.8', '--kv-cache-dtype', 'fp8_e5m2', '--skip-tokenizer-init',
    ]);
  });

  test.each([
    [KvCacheDtype.FP8, 'fp8_e4m3'],
    [KvCacheDtype.FP8_E4M3, 'fp8_e4m3'],
    [KvCacheDtype.FP8_E5M2, 'fp8_e5m2'],
    [KvCacheDtype.of('fp4_e2m1'), 'fp4_e2m1'],
  ])('kvCacheDtype %s is --kv-cache-dtype %s', (dtype, spelling) => {
    expect(flag(aggArgs(Backend.sglang(), { kvCacheDtype: dtype }), '--kv-cache-dtype')).toBe(spelling);
  });

  test.each([
    ['maxNumTokens', 8192, 'add extraArgs: ["--max-prefill-tokens", "8192"] or ["--chunked-prefill-size", "8192"]'],
    ['enableChunkedPrefill', false, 'add extraArgs: ["--chunked-prefill-size", "-1"] to turn it off'],
    ['enableBlockReuse', false, 'add extraArgs: ["--disable-radix-cache"] to turn prefix reuse off'],
    ['cudaGraphBatchSizes', [1, 2, 4], 'add extraArgs: ["--cuda-graph-bs", "1", "2", "4", "8"]'],
    ['cudaGraphMaxBatchSize', 16, 'add extraArgs: ["--cuda-graph-max-bs", "16"]'],
    ['engineConfig', { a: 1 }, 'SGLang takes its server arguments as flags, not a config file'],
  ])('%s is rejected with the SGLang equivalent', (prop, value, fix) => {
    const e = validationError(() => agg(Backend.sglang(), { [prop]: value }));
    expect(e.prop).toBe(`workers.${prop}`);
    expect(e.message).toContain(`workers.${prop} is not supported by SGLang (got ${JSON.stringify(value)}); `);
    expect(e.message).toContain(fix);
  });

  test('--skip-tokenizer-init stays on every worker', () => {
    const dgd = disagg(Backend.sglang());
    expect([roleArgs(dgd, Backend.sglang(), 'prefill'), roleArgs(dgd, Backend.sglang(), 'decode')].map((a) => a.includes('--skip-tokenizer-init')))
      .toStrictEqual([true, true]);
  });
});

describe('built-in KV cache types', () => {
  test.each([['vLLM', VLLM], ['SGLang', SGLANG]])('%s accepts every built-in type', (_name, def) => {
    expect(Object.keys(def.kvCacheDtypes)).toStrictEqual(['fp8', 'fp8_e4m3', 'fp8_e5m2']);
  });

  test('a built-in type missing from a backend\'s table is rejected, listing the accepted ones', () => {
    // GIVEN a backend that spells only FP8
    const def = { ...SGLANG, kvCacheDtypes: { fp8: 'fp8_e4m3' } };
    // THEN E5M2 is rejected with the accepted constants
    expect(() => validateEngineTuning('decode', { kvCacheDtype: KvCacheDtype.FP8_E5M2 }, def)).toThrow(
      "decode.kvCacheDtype must be one of KvCacheDtype.FP8 for SGLang (got \"fp8_e5m2\"); use one of those, or KvCacheDtype.of('<SGLang spelling>') for a type the engine accepts");
  });
});

describe('extraArgs repeating a tuning or transfer flag names its prop', () => {
  const cases: [string, Backend, WorkerPoolOptions, string, string][] = [
    ['vLLM', Backend.vllm(), { gpuMemoryUtilization: 0.8 }, '--gpu-memory-utilization', 'gpuMemoryUtilization'],
    ['vLLM', Backend.vllm(), { kvCacheDtype: KvCacheDtype.FP8 }, '--kv-cache-dtype', 'kvCacheDtype'],
    ['vLLM', Backend.vllm(), { kvBlockSize: 32 }, '--block-size', 'kvBlockSize'],
    ['SGLang', Backend.sglang(), { gpuMemoryUtilization: 0.8 }, '--mem-fraction-static', 'gpuMemoryUtilization'],
    ['SGLang', Backend.sglang(), { kvCacheDtype: KvCacheDtype.FP8 }, '--kv-cache-dtype', 'kvCacheDtype'],
    ['SGLang', Backend.sglang(), {}, '--page-size', 'kvBlockSize'],
    ['SGLang', Backend.sglang(), { gpus: 2, dataParallelSize: 2 }, '--enable-dp-attention', 'dataParallelSize'],
  ];

  test.each(cases.map(([name, backend, pool, extraFlag, prop]) => [name, extraFlag, prop, backend, pool] as const))(
    '%s: %s in workers.extraArgs names %s', (_name, extraFlag, prop, backend, pool) => {
      const e = validationError(() => agg(backend, { ...pool, extraArgs: [extraFlag, '1'] }));
      expect(e.message).toBe(`workers.extraArgs must not repeat ${extraFlag}, which the library sets (got "${extraFlag}"); set it through ${prop}`);
    });

  test.each([
    ['vLLM', '--kv-transfer-config', 'kvTransfer'],
    ['SGLang', '--disaggregation-transfer-backend', 'kvTransfer'],
    ['SGLang', '--disaggregation-bootstrap-port', 'disaggregationBootstrapPort'],
  ])('%s: %s in decode.extraArgs names %s', (name, extraFlag, prop) => {
    const backend = name === 'vLLM' ? Backend.vllm() : Backend.sglang();
    const e = validationError(() => disagg(backend, { decode: { extraArgs: [`${extraFlag}=x`] } }));
    expect(e.message).toBe(`decode.extraArgs must not repeat ${extraFlag}, which the library sets (got "${extraFlag}"); set it through ${prop}`);
  });
});

describe('vLLM: multi-node layouts the operator can launch', () => {
  test('data parallelism may not be added when one engine already spans nodes', () => {
    const e = validationError(() => agg(Backend.vllm(), { gpus: 2, nodes: 4, tensorParallelSize: 4, dataParallelSize: 2 }));
    expect([e.prop, e.message]).toStrictEqual(['workers.dataParallelSize',
      'workers.dataParallelSize must be 1 when one engine spans nodes (tensor × pipeline = 4 on 2 GPUs per node) (got 2); the operator spreads one engine\'s ranks '
      + 'over the nodes and starts no data-parallel ranks then: remove dataParallelSize, or fit tensor × pipeline on one node and span nodes with data parallelism']);
  });

  test('data parallelism over nodes needs whole engines per node', () => {
    const e = validationError(() => agg(Backend.vllm(), { gpus: 3, nodes: 2, tensorParallelSize: 2, dataParallelSize: 3 }));
    expect([e.prop, e.message]).toStrictEqual(['workers.gpus',
      'workers.gpus must be a multiple of tensor × pipeline (2) when data parallelism spans nodes (got 3); the operator starts gpus ÷ (tensor × pipeline) whole engines on each node: use 2 GPUs per node, or change tensorParallelSize']);
  });

  test('whole engines per node, or one engine over the nodes, are accepted', () => {
    expect(() => agg(Backend.vllm(), { gpus: 8, nodes: 2, tensorParallelSize: 4, dataParallelSize: 4 })).not.toThrow();
    expect(() => agg(Backend.vllm(), { gpus: 8, nodes: 2, tensorParallelSize: 16 })).not.toThrow();
  });
});
