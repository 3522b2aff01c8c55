import { Size } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, Backend, DisaggregatedLlm, DynamoVersion, HfToken, ModelCache, NixlBackend, RouterMode,
} from '../lib';
import { componentEnv, componentOf, flag, mainOf, Manifest, newChart, only, synthValid } from './support/synth';

/** Every backend × mode × single/multi-node × API generation combination. */
const BACKENDS = [Backend.vllm(), Backend.sglang(), Backend.trtllm()];
const MODES = ['aggregated', 'disaggregated'] as const;
const NODES = [1, 2];
const VERSIONS = [DynamoVersion.V1_4_0, DynamoVersion.V1_1_0];
const MATRIX = BACKENDS.flatMap((b) => MODES.flatMap((m) => NODES.flatMap((n) => VERSIONS.map((v) => [b, m, n, v] as const))));

function build(backend: Backend, mode: typeof MODES[number], nodes: number, version: DynamoVersion): Manifest[] {
  const chart = newChart();
  const pool = { replicas: 1, gpus: 2, nodes };
  const common = {
    model: 'Qwen/Qwen3-8B',
    backend,
    dynamoVersion: version,
    frontend: { routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    modelCache: ModelCache.newVolume({ storageClass: 'rwx', size: Size.gibibytes(50) }),
  };
  if (mode === 'aggregated') new AggregatedLlm(chart, 'llm', { ...common, workers: pool });
  else new DisaggregatedLlm(chart, 'llm', { allowTcpKvTransfer: true, ...common, prefill: pool, decode: pool });
  return synthValid(chart);
}

const TP_FLAG: Record<string, string> = { vllm: '--tensor-parallel-size', sglang: '--tp', trtllm: '--tensor-parallel-size' };
const MODULE: Record<string, string> = { vllm: 'dynamo.vllm', sglang: 'dynamo.sglang', trtllm: 'dynamo.trtllm' };

describe.each(MATRIX)('%s %s on %i node(s), Dynamo %s', (backend, mode, nodes, version) => {
  const objs = build(backend, mode, nodes, version);
  const dgd = only(objs, 'DynamoGraphDeployment');
  const names = backend.definition.componentNames;
  const roles = mode === 'aggregated' ? (['aggregated'] as const) : (['prefill', 'decode'] as const);

  test('renders the API generation of the release', () => {
    expect(dgd.apiVersion).toBe(version.supports('v1beta1Api') ? 'nvidia.com/v1beta1' : 'nvidia.com/v1alpha1');
    expect(dgd.spec.backendFramework).toBe(backend.framework);
  });

  test.each(roles)('the %s worker launches the engine with TP = nodes × gpus', (role) => {
    const c = mainOf(dgd, names[role]);
    expect(c.command).toStrictEqual(['python3', '-m', MODULE[backend.framework]]);
    expect(c.image).toBe(`nvcr.io/nvidia/ai-dynamo/${backend.definition.runtimeImageName}:${version.version}`);
    expect(flag(c.args, TP_FLAG[backend.framework])).toBe(String(2 * nodes));
    const spec = componentOf(dgd, names[role]);
    expect(spec.multinode).toStrictEqual(nodes > 1 ? { nodeCount: nodes } : undefined);
  });

  test.each(roles)('the %s worker has the disaggregation flags of its role', (role) => {
    const args: string[] = mainOf(dgd, names[role]).args;
    if (role === 'aggregated') {
      expect(args).not.toContain('--disaggregation-mode');
      return;
    }
    expect(flag(args, '--disaggregation-mode')).toBe(role);
    if (backend.framework === 'vllm') {
      expect(JSON.parse(flag(args, '--kv-transfer-config')!)).toStrictEqual({ kv_connector: 'NixlConnector', kv_role: 'kv_both' });
    }
    if (backend.framework === 'sglang') {
      expect(flag(args, '--disaggregation-transfer-backend')).toBe('nixl');
      expect(flag(args, '--disaggregation-bootstrap-port')).toBe('12345');
      expect(flag(args, '--host')).toBe('0.0.0.0');
    }
    if (backend.framework === 'trtllm') {
      expect(flag(args, '--extra-engine-args')).toBe(`/opt/dynamo/engine-config/${role}.yaml`);
      const cm = only(objs, 'ConfigMap');
      expect(cm.data[`${role}.yaml`]).toContain('cache_transceiver_config:\n  backend: NIXL');
      expect(cm.data[`${role}.yaml`]).toContain(`disable_overlap_scheduler: ${role === 'prefill'}`);
    }
  });

  test('KV events are published by aggregated and prefill workers only', () => {
    const kvFlag = backend.framework === 'trtllm' ? '--publish-events-and-metrics' : '--kv-events-config';
    for (const role of roles) expect(mainOf(dgd, names[role]).args.includes(kvFlag)).toBe(role !== 'decode');
  });

  test('multi-node wiring follows the backend', () => {
    for (const role of roles) {
      const env = componentEnv(dgd, names[role]);
      expect(env.HF_HOME).toBe('/opt/models');
      expect(env.HF_TOKEN).toStrictEqual({ secretKeyRef: { name: 'hf-token-secret', key: 'HF_TOKEN' } });
      expect(env.GLOO_SOCKET_IFNAME).toBe(backend.framework === 'sglang' && nodes > 1 ? 'eth0' : undefined);
      expect(env.OMPI_ALLOW_RUN_AS_ROOT).toBe(backend.framework === 'trtllm' && nodes > 1 ? '1' : undefined);
    }
  });
});

describe('NIXL backend', () => {
  function disagg(backend: Backend, nixlBackend: NixlBackend): Manifest {
    const chart = newChart();
    new DisaggregatedLlm(chart, 'llm', { allowTcpKvTransfer: true, model: 'Qwen/Qwen3-8B', backend, nixlBackend });
    return only(synthValid(chart), 'DynamoGraphDeployment');
  }

  test('vLLM selects LIBFABRIC in the kv-transfer-config of both pools', () => {
    const dgd = disagg(Backend.vllm(), NixlBackend.LIBFABRIC);
    for (const name of ['VllmPrefillWorker', 'VllmDecodeWorker']) {
      expect(JSON.parse(flag(mainOf(dgd, name).args, '--kv-transfer-config')!)).toStrictEqual({
        kv_connector: 'NixlConnector', kv_role: 'kv_both', kv_connector_extra_config: { backends: ['LIBFABRIC'] },
      });
    }
  });

  test('SGLang selects LIBFABRIC through SGLANG_DISAGGREGATION_NIXL_BACKEND', () => {
    const dgd = disagg(Backend.sglang(), NixlBackend.LIBFABRIC);
    expect(componentEnv(dgd, 'prefill').SGLANG_DISAGGREGATION_NIXL_BACKEND).toBe('LIBFABRIC');
    expect(componentEnv(dgd, 'decode').SGLANG_DISAGGREGATION_NIXL_BACKEND).toBe('LIBFABRIC');
  });

  test('TensorRT-LLM selects LIBFABRIC through TRTLLM_NIXL_KVCACHE_BACKEND', () => {
    const dgd = disagg(Backend.trtllm(), NixlBackend.LIBFABRIC);
    expect(componentEnv(dgd, 'TRTLLMPrefillWorker').TRTLLM_NIXL_KVCACHE_BACKEND).toBe('LIBFABRIC');
  });

  test('UCX is the default and adds nothing', () => {
    for (const b of BACKENDS) {
      const dgd = disagg(b, NixlBackend.UCX);
      const name = b.definition.componentNames.prefill;
      const env = componentEnv(dgd, name);
      expect(env.SGLANG_DISAGGREGATION_NIXL_BACKEND ?? env.TRTLLM_NIXL_KVCACHE_BACKEND).toBeUndefined();
      expect(mainOf(dgd, name).args.join(' ')).not.toContain('LIBFABRIC');
    }
  });
});

describe('engine flags from pool props', () => {
  function worker(backend: Backend, pool: Record<string, unknown>, extra: Record<string, unknown> = {}): string[] {
    const chart = newChart();
    const llm = new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-30B-A3B', backend, workers: pool, ...extra });
    return mainOf(only(synthValid(chart), 'DynamoGraphDeployment'), llm.workers.name).args;
  }

  test('vLLM: context length, sequences, pipeline, data and expert parallelism', () => {
    const args = worker(Backend.vllm(), { gpus: 8, tensorParallelSize: 2, pipelineParallelSize: 2, dataParallelSize: 2, expertParallelSize: 4, maxModelLen: 8192, maxNumSeqs: 128 },
      { trustRemoteCode: true, servedModelName: 'qwen', modelRevision: 'main' });
    expect(args).toStrictEqual([
      '--model', 'Qwen/Qwen3-30B-A3B', '--served-model-name', 'qwen', '--revision', 'main',
      '--tensor-parallel-size', '2', '--pipeline-parallel-size', '2', '--data-parallel-size', '2', '--enable-expert-parallel',
      '--max-model-len', '8192', '--max-num-seqs', '128', '--trust-remote-code',
    ]);
  });

  test('SGLang: DP attention lives inside TP and EP divides TP', () => {
    const args = worker(Backend.sglang(), { gpus: 8, dataParallelSize: 8, expertParallelSize: 8, maxModelLen: 4096, maxNumSeqs: 64 });
    expect(args).toStrictEqual([
      '--model-path', 'Qwen/Qwen3-30B-A3B', '--served-model-name', 'Qwen/Qwen3-30B-A3B',
      '--tp', '8', '--dp-size', '8', '--ep-size', '8', '--context-length', '4096', '--max-running-requests', '64', '--skip-tokenizer-init',
    ]);
  });

  test('TensorRT-LLM: sequence length and batch size; trust_remote_code goes to the engine config', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-8B', backend: Backend.trtllm(), trustRemoteCode: true, workers: { gpus: 4, pipelineParallelSize: 2, maxModelLen: 8192, maxNumSeqs: 32 } });
    const objs = synthValid(chart);
    expect(mainOf(only(objs, 'DynamoGraphDeployment'), 'TRTLLMWorker').args).toStrictEqual([
      '--model-path', 'Qwen/Qwen3-8B', '--served-model-name', 'Qwen/Qwen3-8B', '--tensor-parallel-size', '2', '--pipeline-parallel-size', '2',
      '--max-seq-len', '8192', '--max-batch-size', '32', '--extra-engine-args', '/opt/dynamo/engine-config/aggregated.yaml',
    ]);
    expect(only(objs, 'ConfigMap').data).toStrictEqual({ 'aggregated.yaml': 'trust_remote_code: true\n' });
  });

  test('TensorRT-LLM aggregated without engine settings needs no engine config', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-8B', backend: Backend.trtllm() });
    const objs = synthValid(chart);
    expect(objs.filter((o) => o.kind === 'ConfigMap')).toStrictEqual([]);
    expect(mainOf(only(objs, 'DynamoGraphDeployment'), 'TRTLLMWorker').args).not.toContain('--extra-engine-args');
  });

  test('TensorRT-LLM serves a pinned revision from the cache snapshot directory', () => {
    const sha = 'ddb4128556dfcff99e0c41aee159ea6c3e655dcd';
    const args = worker(Backend.trtllm(), {}, { modelRevision: sha, modelCache: ModelCache.fromExistingClaim('cache') });
    expect(flag(args, '--model-path')).toBe(`/opt/models/hub/models--Qwen--Qwen3-30B-A3B/snapshots/${sha}`);
    expect(flag(args, '--served-model-name')).toBe('Qwen/Qwen3-30B-A3B');
  });

  test('the backend default /dev/shm size applies unless set', () => {
    const sizes = BACKENDS.map((b) => {
      const chart = newChart();
      const llm = new AggregatedLlm(chart, 'llm', { model: 'm/x', backend: b });
      return (componentOf(only(synthValid(chart), 'DynamoGraphDeployment'), llm.workers.name)).sharedMemorySize;
    });
    expect(sizes).toStrictEqual(['16Gi', '16Gi', '80Gi']);
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: 'm/x', workers: { sharedMemorySize: Size.gibibytes(32) } });
    expect(componentOf(only(synthValid(chart), 'DynamoGraphDeployment'), 'VllmDecodeWorker').sharedMemorySize).toBe('32Gi');
  });
});
