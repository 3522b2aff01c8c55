import { Size } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, Backend, DisaggregatedLlm, DynamoVersion, HfToken, ModelCache, NixlBackend, Planner, RouterMode,
} from '../lib';
import { BackendDefinition, EngineTuning, LaunchContext, ParallelLayout, TuningProp, WorkerRole } from '../lib/backends/backend-definition';
import { assertNoDuplicateFlags, FlagTable, flagsIn, FRONTEND_FLAGS } from '../lib/backends/flags';
import { BACKENDS as REGISTRY } from '../lib/backends/registry';
import { SGLANG } from '../lib/backends/sglang';
import { TRTLLM } from '../lib/backends/trtllm';
import { VLLM } from '../lib/backends/vllm';
import { KvCacheDtype } from '../lib/core/kv-cache-dtype';
import { KvTransfer } from '../lib/core/kv-transfer';
import { resolveLayout } from '../lib/patterns/parallelism';
import { component, componentEnv, componentOf, flag, mainOf, Manifest, newChart, only, synthValid, validationError } from './support/synth';

/** Every backend × mode × single/multi-node × API generation combination. */
const BACKENDS = Backend.all();
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

/** The flag of a backend's table that `prop` controls (e.g. its tensor-parallel flag). */
function flagFor(backend: Backend, prop: string): string {
  const entry = Object.entries(backend.definition.flags.props).find(([, p]) => p === prop);
  if (!entry) throw new Error(`${backend.framework} has no flag for ${prop}`);
  return entry[0];
}

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
    expect(c.command).toStrictEqual(['python3', '-m', `dynamo.${backend.framework}`]);
    expect(c.image).toBe(`nvcr.io/nvidia/ai-dynamo/${backend.definition.runtimeImageName}:${version.version}`);
    expect(flag(c.args, flagFor(backend, 'tensorParallelSize'))).toBe(String(2 * nodes));
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
      // A multi-node pool pins one engine id for the ranks on all its nodes.
      const engineId = nodes > 1 ? { engine_id: `llm-${names[role].toLowerCase()}` } : {};
      expect(JSON.parse(flag(args, '--kv-transfer-config')!)).toStrictEqual({ kv_connector: 'NixlConnector', kv_role: 'kv_both', ...engineId });
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
    const kvFlag = flagFor(backend, 'frontend.routerMode');
    for (const role of roles) expect(mainOf(dgd, names[role]).args.includes(kvFlag)).toBe(role !== 'decode');
  });

  test('every flag a worker gets has a prop in the backend\'s flag table', () => {
    for (const role of roles) {
      const flags = flagsIn(mainOf(dgd, names[role]).args);
      expect(flags.filter((f) => backend.definition.flags.props[f] === undefined)).toStrictEqual([]);
    }
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
      '--model-path', 'Qwen/Qwen3-30B-A3B', '--served-model-name', 'Qwen/Qwen3-30B-A3B', '--page-size', '16',
      '--tp', '8', '--dp-size', '8', '--enable-dp-attention', '--ep-size', '8', '--context-length', '4096', '--max-running-requests', '64',
      '--skip-tokenizer-init',
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
    expect(sizes).toStrictEqual(BACKENDS.map((b) => `${b.definition.defaultSharedMemory.toGibibytes()}Gi`));
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: 'm/x', workers: { sharedMemorySize: Size.gibibytes(32) } });
    expect(componentOf(only(synthValid(chart), 'DynamoGraphDeployment'), 'VllmDecodeWorker').sharedMemorySize).toBe('32Gi');
  });
});

/** Pool layouts that switch on every parallelism flag, on one and on two nodes. */
const LAYOUTS: ParallelLayout[] = [
  { gpusPerNode: 2, nodes: 1, tensorParallelSize: 2, pipelineParallelSize: 1, dataParallelSize: 1 },
  { gpusPerNode: 8, nodes: 2, tensorParallelSize: 4, pipelineParallelSize: 2, dataParallelSize: 2, expertParallelSize: 4 },
];
const ROLES: WorkerRole[] = ['aggregated', 'prefill', 'decode'];
const SHA = 'ddb4128556dfcff99e0c41aee159ea6c3e655dcd';

/** Every typed tuning prop set, less those `def` rejects (the pattern never hands it those). */
function fullTuning(def: BackendDefinition): EngineTuning {
  const all: EngineTuning = {
    gpuMemoryUtilization: 0.85, kvCacheDtype: KvCacheDtype.FP8, kvBlockSize: 32, maxNumTokens: 8192, enableChunkedPrefill: true,
    enableBlockReuse: false, cudaGraphMaxBatchSize: 16, engineConfig: { print_iter_log: true },
  };
  return Object.fromEntries(Object.entries(all).filter(([prop]) => def.unsupported[prop as TuningProp] === undefined));
}

/** Launch contexts of `def` for every role × layout, once with no optional prop and once with all of them. */
function launchContexts(def: BackendDefinition): LaunchContext[] {
  const minimal = { model: 'Qwen/Qwen3-8B', trustRemoteCode: false, kvEvents: false, kvTransfer: KvTransfer.nixl(NixlBackend.UCX), tuning: {} };
  const full = {
    model: 'Qwen/Qwen3-8B', servedModelName: 'qwen', modelRevision: SHA, hfHome: '/opt/models', maxModelLength: 8192, maxNumSeqs: 64,
    trustRemoteCode: true, kvEvents: true, kvTransfer: KvTransfer.nixl(NixlBackend.LIBFABRIC), tuning: fullTuning(def),
    ...(def.unsupported.disaggregationBootstrapPort === undefined ? { bootstrapPort: 23456 } : {}),
  };
  return ROLES.flatMap((role) => LAYOUTS.flatMap((layout) => [minimal, full].map((o) => ({
    ...o, pool: role === 'aggregated' ? 'workers' : role, role, layout, dynamoVersion: DynamoVersion.LATEST,
    deploymentName: 'llm', componentName: def.componentNames[role], engineConfigPath: `/opt/dynamo/engine-config/${role}.yaml`,
  }))));
}

/** Every flag a definition's launch generates over the representative contexts. */
function generatedFlags(def: BackendDefinition): string[] {
  return [...new Set(launchContexts(def).flatMap((ctx) => flagsIn(def.launch(ctx).args)))];
}

/** The spellings of `flag` in a table (the flag itself when it has no aliases). */
function spellings(table: FlagTable, flag: string): readonly string[] {
  return table.aliases.find((group) => group.includes(flag)) ?? [flag];
}

describe('the backend registry', () => {
  test('lists each framework once, and Backend.all() wraps it in order with the same instances every call', () => {
    // GIVEN the registry and Backend.all()
    const frameworks = REGISTRY.map((d) => d.framework);
    // THEN frameworks are unique and Backend.all() follows the registry, one singleton per entry
    expect(new Set(frameworks).size).toBe(frameworks.length);
    expect(Backend.all().map((b) => b.definition)).toStrictEqual([...REGISTRY]);
    expect(Backend.all().every((b, i) => b === Backend.all()[i])).toBe(true);
  });

  test.each(REGISTRY.map((d) => [d.framework]))('Backend.fromFramework(%j) returns the registered instance', (framework) => {
    // WHEN looking a backend up by its framework
    const backend = Backend.fromFramework(framework);
    // THEN it is the instance Backend.all() holds for it
    expect(backend.framework).toBe(framework);
    expect(Backend.all()).toContain(backend);
  });

  test.each(['tgi', 'VLLM', ''])('Backend.fromFramework(%j) is rejected, listing the known frameworks', (framework) => {
    // GIVEN a name that is not a registered framework
    const known = REGISTRY.map((d) => d.framework).join(', ');
    // WHEN
    const error = validationError(() => Backend.fromFramework(framework));
    // THEN
    expect(error.prop).toBe('backend');
    expect(error.message)
      .toBe(`backend must be one of ${known} (got ${JSON.stringify(framework)}); pass one of those frameworks, or pick a backend from Backend.all()`);
  });
});

describe.each(REGISTRY.map((d) => [d.framework, d] as const))('the %s flag table', (_framework, def) => {
  const generated = generatedFlags(def);

  test('every flag a launch generates has the prop that controls it', () => {
    // GIVEN every flag of every role × layout × prop combination
    // THEN each has an entry in the table
    expect(generated.filter((f) => def.flags.props[f] === undefined)).toStrictEqual([]);
  });

  test('every entry of the table is a flag some launch generates', () => {
    expect(Object.keys(def.flags.props).filter((f) => !generated.includes(f))).toStrictEqual([]);
  });

  test('no spelling belongs to two alias groups', () => {
    const all = def.flags.aliases.flat();
    expect(all.filter((f, i) => all.indexOf(f) !== i)).toStrictEqual([]);
  });

  test('repeating a generated flag in extraArgs, under any spelling and as --flag=value, names its prop', () => {
    for (const ctx of launchContexts(def)) {
      // GIVEN the flags of one launch
      const args = def.launch(ctx).args;
      for (const generatedFlag of flagsIn(args)) {
        for (const spelling of spellings(def.flags, generatedFlag)) {
          for (const extra of [[spelling, 'x'], [`${spelling}=x`]]) {
            // WHEN the same flag is in extraArgs / THEN the error names the prop that controls it
            // (a negated spelling of a generated switch says which flag it turns off)
            const negates = spelling.startsWith('--no-') !== generatedFlag.startsWith('--no-');
            const requirement = negates ? `must not negate ${generatedFlag}` : `must not repeat ${spelling}`;
            // A flag the library also owns through the engine config is refused as such, with the same prop.
            const owner = def.flags.owned?.[spelling];
            const expected = owner !== undefined
              ? `${ctx.pool}.extraArgs must not pass ${spelling}, a setting the library owns through ${owner} (got "${spelling}"); set it through ${owner}`
              : `${ctx.pool}.extraArgs ${requirement}, which the library sets (got "${spelling}"); set it through ${def.flags.props[generatedFlag]}`;
            expect(() => assertNoDuplicateFlags(`${ctx.pool}.extraArgs`, args, extra, def.flags)).toThrow(expected);
            if (owner !== undefined) expect(owner).toBe(def.flags.props[generatedFlag]);
          }
        }
      }
    }
  });

  test('a flag the launch does not generate passes', () => {
    const args = def.launch(launchContexts(def)[0]).args;
    expect(() => assertNoDuplicateFlags('workers.extraArgs', args, ['--not-a-generated-flag', '1'], def.flags)).not.toThrow();
  });
});

describe('the frontend flag table', () => {
  test('every flag the frontend gets has a prop in FRONTEND_FLAGS', () => {
    // GIVEN a deployment with a KV router
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-8B', frontend: { routerMode: RouterMode.KV } });
    // THEN the frontend's flags are all in the table
    const flags = flagsIn(mainOf(only(synthValid(chart), 'DynamoGraphDeployment'), 'Frontend').args);
    expect(flags).toStrictEqual(['--http-port', '--router-mode']);
    expect(flags.filter((f) => FRONTEND_FLAGS.props[f] === undefined)).toStrictEqual([]);
  });

  test('repeating --router-mode names frontend.routerMode', () => {
    const args = ['--http-port', '8000', '--router-mode', 'kv'];
    expect(() => assertNoDuplicateFlags('frontend.extraArgs', args, ['--router-mode=round-robin'], FRONTEND_FLAGS))
      .toThrow('frontend.extraArgs must not repeat --router-mode, which the library sets (got "--router-mode"); set it through frontend.routerMode');
  });

  test('negating a generated switch says what it turns off', () => {
    // GIVEN a vLLM launch that trusts remote code
    const args = ['--model', 'm', '--trust-remote-code'];
    // THEN its negation names the generated flag and the prop
    expect(() => assertNoDuplicateFlags('decode.extraArgs', args, ['--no-trust-remote-code'], Backend.vllm().definition.flags)).toThrow(
      'decode.extraArgs must not negate --trust-remote-code, which the library sets (got "--no-trust-remote-code"); set it through trustRemoteCode');
  });

  test('repeating --http-port says the port is fixed', () => {
    const args = ['--http-port', '8000', '--router-mode', 'kv'];
    expect(() => assertNoDuplicateFlags('frontend.extraArgs', args, ['--http-port', '9000'], FRONTEND_FLAGS))
      .toThrow('frontend.extraArgs must not repeat --http-port, which the library sets (got "--http-port"); remove the flag: the frontend listens on FRONTEND_PORT (8000), which its Service, probes and ingress use');
  });

  test('a duplicate flag missing from the table says to remove it (no made-up prop name)', () => {
    const table: FlagTable = { aliases: [['--a', '-a']], props: {} };
    expect(() => assertNoDuplicateFlags('frontend.extraArgs', ['--a', '1'], ['-a', '2'], table))
      .toThrow('frontend.extraArgs must not repeat -a, which the library sets (got "-a"); remove it: the library generates it');
  });
});

describe.each(REGISTRY.map((d) => [d.framework, d] as const))('the %s data-parallel rule', (_framework, def) => {
  test('dataParallelSize 2 either resolves or fails with the backend\'s own fix', () => {
    // GIVEN a 2-GPU pool asking for two data-parallel ranks
    const resolve = () => resolveLayout('decode', { gpus: 2, dataParallelSize: 2 }, def);
    const rule = def.dataParallel;
    if (rule.mode === 'unsupported') {
      // THEN an unsupported backend rejects it with its fix, which names no other backend
      expect(resolve).toThrow(`decode.dataParallelSize is not supported by ${def.displayName} (got 2); ${rule.fix}`);
      for (const other of REGISTRY.filter((d) => d !== def)) expect(rule.fix).not.toContain(other.displayName);
    } else {
      // THEN a supporting backend resolves it and carries no fix
      expect(resolve().dataParallelSize).toBe(2);
      expect('fix' in rule).toBe(false);
    }
  });
});

describe('the planner backend name', () => {
  test.each(REGISTRY.map((d) => [d.framework, d] as const))('%s: the planner config names the definition\'s plannerBackend', (_framework, def) => {
    // GIVEN an aggregated deployment with an SLA planner
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-8B', backend: Backend.fromFramework(def.framework), planner: Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 8 }) });
    // THEN the planner's config carries the planner's name for the backend
    const args: string[] = component(only(synthValid(chart), 'DynamoGraphDeployment'), 'Planner').podTemplate.spec.containers[0].args;
    expect(JSON.parse(args[1]).backend).toBe(def.plannerBackend);
  });
});

describe('vLLM definition', () => {
  test('Backend.vllm() is the registered vllm singleton', () => {
    expect(Backend.vllm().definition).toBe(VLLM);
    expect(Backend.fromFramework('vllm')).toBe(Backend.vllm());
  });

  test('planner name, data parallelism and /dev/shm', () => {
    expect([VLLM.plannerBackend, VLLM.dataParallel, VLLM.expertParallel, VLLM.defaultSharedMemory.toGibibytes()])
      .toStrictEqual(['vllm', { mode: 'multiplies' }, { mode: 'tensor-times-data', why: 'whose --enable-expert-parallel spreads experts over all ranks' }, 16]);
  });

  test('the short and negated spellings of generated flags name their props', () => {
    const args = ['--tensor-parallel-size', '4', '--enable-expert-parallel', '--trust-remote-code'];
    expect(() => assertNoDuplicateFlags('decode.extraArgs', args, ['-tp', '2'], VLLM.flags)).toThrow(/must not repeat -tp, .*; set it through tensorParallelSize$/);
    expect(() => assertNoDuplicateFlags('decode.extraArgs', args, ['--no-enable-expert-parallel'], VLLM.flags)).toThrow(/; set it through expertParallelSize$/);
    expect(() => assertNoDuplicateFlags('decode.extraArgs', args, ['--no-trust-remote-code'], VLLM.flags)).toThrow(/; set it through trustRemoteCode$/);
  });
});

describe('SGLang definition', () => {
  test('Backend.sglang() is the registered sglang singleton', () => {
    expect(Backend.sglang().definition).toBe(SGLANG);
    expect(Backend.fromFramework('sglang')).toBe(Backend.sglang());
  });

  test('planner name, data parallelism and /dev/shm', () => {
    expect([SGLANG.plannerBackend, SGLANG.dataParallel, SGLANG.expertParallel, SGLANG.defaultSharedMemory.toGibibytes()])
      .toStrictEqual(['sglang', { mode: 'within-tensor' }, { mode: 'divides-tensor' }, 16]);
  });

  test('DP attention splits the tensor-parallel group', () => {
    expect(resolveLayout('decode', { gpus: 4, dataParallelSize: 4 }, SGLANG)).toStrictEqual(
      { gpusPerNode: 4, nodes: 1, tensorParallelSize: 4, pipelineParallelSize: 1, dataParallelSize: 4 });
  });

  test('the long spellings of generated flags name their props', () => {
    const args = ['--model-path', 'm', '--tp', '4', '--dp-size', '2'];
    expect(() => assertNoDuplicateFlags('decode.extraArgs', args, ['--tensor-parallel-size', '2'], SGLANG.flags)).toThrow(/; set it through tensorParallelSize$/);
    expect(() => assertNoDuplicateFlags('decode.extraArgs', args, ['--data-parallel-size', '2'], SGLANG.flags)).toThrow(/; set it through dataParallelSize$/);
    expect(() => assertNoDuplicateFlags('decode.extraArgs', args, ['--model', 'x'], SGLANG.flags)).toThrow(/; set it through model$/);
  });
});

describe('TensorRT-LLM definition', () => {
  test('Backend.trtllm() is the registered trtllm singleton', () => {
    expect(Backend.trtllm().definition).toBe(TRTLLM);
    expect(Backend.fromFramework('trtllm')).toBe(Backend.trtllm());
  });

  test('planner name, data parallelism and /dev/shm', () => {
    expect([TRTLLM.plannerBackend, TRTLLM.dataParallel, TRTLLM.expertParallel, TRTLLM.defaultSharedMemory.toGibibytes()]).toStrictEqual([
      'trtllm',
      { mode: 'unsupported', fix: 'TensorRT-LLM has attention data parallelism inside the tensor-parallel group: remove dataParallelSize and set engineConfig: { enable_attention_dp: true } (or extraArgs: ["--enable-attention-dp"])' },
      { mode: 'divides-tensor' }, 80,
    ]);
  });

  test('the newer and negated spellings of generated flags name their props', () => {
    const args = ['--model-path', 'm', '--publish-events-and-metrics'];
    expect(() => assertNoDuplicateFlags('prefill.extraArgs', args, ['--model', 'x'], TRTLLM.flags)).toThrow(/; set it through model$/);
    expect(() => assertNoDuplicateFlags('prefill.extraArgs', args, ['--publish-kv-events'], TRTLLM.flags)).toThrow(
      'must not repeat --publish-kv-events, which the library sets (got "--publish-kv-events"); set it through frontend.routerMode');
    for (const spelling of ['--no-publish-kv-events', '--no-publish-events-and-metrics']) {
      expect(() => assertNoDuplicateFlags('prefill.extraArgs', args, [spelling], TRTLLM.flags)).toThrow(
        `must not negate --publish-events-and-metrics, which the library sets (got "${spelling}"); set it through frontend.routerMode`);
    }
  });
});
