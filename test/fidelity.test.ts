import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Size } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { Backend, DgdApiVersion, DisaggregatedLlm, DynamoVersion, HfToken, ModelCache } from '../lib';
import { canonicalize, Flat } from './fidelity/canonical';
import { CASES, FidelityCase } from './fidelity/cases';
import { CompareContext, Delta, diff, formatDelta, valueAt } from './fidelity/compare';
import { DIFFERENCES, difference } from './fidelity/differences';
import { extractGraph } from './fidelity/extract';
import { Fixture, UPSTREAM_COMMIT } from './fidelity/facts';
import { FIXTURE_PATHS, fixtureFile } from './fidelity/fixture-index';
import { parseScript } from './fidelity/shell';
import { newChart, synthValid } from './support/synth';

const FIXTURES_DIR = join(__dirname, 'fidelity', 'fixtures');

function loadFixture(id: string): Fixture {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, fixtureFile(id)), 'utf8')) as Fixture;
}

/**
 * Differences found that are not yet resolved, neither fixed in the library nor a deliberate
 * difference in the table: each carries an assessment until it is. A case's remaining deltas must
 * be exactly those its gaps cover, so a fixed gap or a new delta fails the case.
 */
interface KnownGap {
  readonly id: string;
  readonly cases: readonly string[];
  readonly assessment: string;
  covers(d: Delta, c: CompareContext): boolean;
}

const KNOWN_GAPS: readonly KnownGap[] = [
  // Empty: every difference found is resolved, in the library or as a deliberate difference (differences.ts).
];

/** What one case compares: the deltas, and which difference or gap covers each. */
function compareCase(k: FidelityCase): { context: CompareContext; uncovered: Delta[]; covered: [string, Delta][] } {
  const fixture = loadFixture(k.fixture);
  const chart = newChart();
  k.express(chart);
  const libraryFacts = extractGraph(synthValid(chart));
  const upstream: Flat = canonicalize(fixture);
  const library: Flat = canonicalize(libraryFacts);
  const context: CompareContext = { upstream, library, upstreamFacts: fixture, libraryFacts };
  const rules = [
    ...k.differences.map((id) => ({ id, covers: difference(id).covers })),
    ...KNOWN_GAPS.filter((g) => g.cases.includes(k.fixture)).map((g) => ({ id: `gap:${g.id}`, covers: g.covers })),
  ];
  const uncovered: Delta[] = [];
  const covered: [string, Delta][] = [];
  for (const d of diff(upstream, library)) {
    const rule = rules.find((r) => r.covers(d, context));
    if (rule) covered.push([rule.id, d]);
    else uncovered.push(d);
  }
  return { context, uncovered, covered };
}

describe('fidelity to Dynamo\'s upstream manifests', () => {
  test.each(CASES.map((k) => [k.fixture, k] as const))('%s', (_, k) => {
    // GIVEN the upstream facts and the library calls that express them
    // WHEN both are normalized and compared
    const { uncovered, covered } = compareCase(k);
    if (process.env.FIDELITY_REPORT) {
      console.log([`== ${k.fixture}`, ...covered.map(([id, d]) => `  [${id}] ${formatDelta(d)}`), ...uncovered.map((d) => `  [UNCOVERED] ${formatDelta(d)}`)].join('\n'));
    }
    const used = new Set(covered.map(([id]) => id));
    // THEN every delta is a listed difference or known gap, and every listed one still applies
    expect({
      uncovered: uncovered.map(formatDelta),
      unusedDifferences: k.differences.filter((id) => !used.has(id)),
      unmatchedGaps: KNOWN_GAPS.filter((g) => g.cases.includes(k.fixture) && !used.has(`gap:${g.id}`)).map((g) => g.id),
    }).toStrictEqual({ uncovered: [], unusedDifferences: [], unmatchedGaps: [] });
  });
});

describe('fidelity harness bookkeeping', () => {
  test('docs/versions.md lists exactly the deliberate differences, so users see every one', () => {
    const page = readFileSync(join(__dirname, '..', 'docs', 'versions.md'), 'utf8');
    const start = page.indexOf("## Fidelity to Dynamo's manifests");
    expect(start).toBeGreaterThanOrEqual(0);
    const end = page.indexOf('\n## ', start + 1);
    const section = page.slice(start, end < 0 ? undefined : end);
    const listed = [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]).sort();
    expect(listed).toStrictEqual(DIFFERENCES.map((d) => d.id).sort());
  });

  test('every fixture names its upstream source (repo, mirror, path, commit) and has exactly one case', () => {
    const files = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json')).sort();
    expect(files).toStrictEqual(Object.keys(FIXTURE_PATHS).map(fixtureFile).sort());
    for (const [id, path] of Object.entries(FIXTURE_PATHS)) {
      const f = loadFixture(id);
      expect(f.id).toBe(id);
      expect(f.source).toStrictEqual({ repo: 'ai-dynamo/dynamo', mirror: 'wxsms/dynamo', path, commit: UPSTREAM_COMMIT });
      expect(CASES.filter((k) => k.fixture === id)).toHaveLength(1);
    }
  });

  test('every difference has a unique id, the fields it covers, a reason and a source, and some case uses it', () => {
    expect(new Set(DIFFERENCES.map((d) => d.id)).size).toBe(DIFFERENCES.length);
    for (const d of DIFFERENCES) {
      expect([d.id, d.fields.length > 0, d.reason.length > 0, d.source.length > 0]).toStrictEqual([d.id, true, true, true]);
      expect(CASES.some((k) => k.differences.includes(d.id)), `${d.id} is used by no case`).toBe(true);
    }
    for (const k of CASES) for (const id of k.differences) expect(() => difference(id)).not.toThrow();
  });

  test('every known gap names existing cases and an assessment', () => {
    for (const g of KNOWN_GAPS) {
      expect(g.assessment.length).toBeGreaterThan(0);
      for (const id of g.cases) expect(Object.keys(FIXTURE_PATHS)).toContain(id);
    }
  });
});

describe('fidelity normalizer', () => {
  const graph = (components: Record<string, unknown>[], extra: Record<string, unknown>[] = []) => [
    { apiVersion: 'nvidia.com/v1beta1', kind: 'DynamoGraphDeployment', metadata: { name: 'g' }, spec: { components } },
    ...extra,
  ];
  const worker = (type: string, command: string[], args: string[], env: Record<string, string> = {}) => ({
    name: type, type, podTemplate: { spec: { containers: [{ name: 'main', command, args, env: Object.entries(env).map(([name, value]) => ({ name, value })) }] } },
  });
  const flat = (objs: Record<string, unknown>[]) => canonicalize(extractGraph(objs));

  test('a shell script is split with quotes, continuations and variables from the env; "$@" is the arguments after $0', () => {
    expect(parseScript('python3 -m dynamo.vllm \\\n  --model "${M}" --x \'{"a": 1}\' && exec "$@"', { M: 'q/w' }, ['a b', 'c']))
      .toStrictEqual([['python3', '-m', 'dynamo.vllm', '--model', 'q/w', '--x', '{"a": 1}'], ['exec', 'a b', 'c']]);
  });

  test('SGLang spellings, --flag=value and numbers in one notation compare equal', () => {
    const a = flat(graph([worker('worker', ['python3', '-m', 'dynamo.sglang'], ['--tp-size', '2', '--dp=2', '--mem-fraction-static', '0.80'])]));
    const b = flat(graph([worker('worker', ['python3', '-m', 'dynamo.sglang'], ['--tp', '2', '--dp-size', '2', '--mem-fraction-static', '0.8'])]));
    expect(diff(a, b)).toStrictEqual([]);
    expect(valueAt(a, ['aggregated', 'flags', '--tp-size'])).toBe('2');
  });

  test('a /bin/sh -c launcher reads like a plain one; the variables it expands are not compared as env', () => {
    const shell = flat(graph([worker('worker', ['/bin/sh', '-c'], ['python3 -m dynamo.vllm --model $MODEL -tp 1'], { MODEL: 'm' })]));
    const plain = flat(graph([worker('worker', ['python3', '-m', 'dynamo.vllm'], ['--model', 'm'])]));
    expect(diff(shell, plain)).toStrictEqual([]);
  });

  test('a vLLM events config that publishes nothing equals none (dynamo.vllm starts no publisher)', () => {
    const off = flat(graph([worker('worker', ['python3', '-m', 'dynamo.vllm'], ['--model', 'm', '--kv-events-config', '{"enable_kv_cache_events": false}'])]));
    const none = flat(graph([worker('worker', ['python3', '-m', 'dynamo.vllm'], ['--model', 'm'])]));
    const on = flat(graph([worker('worker', ['python3', '-m', 'dynamo.vllm'], ['--model', 'm', '--kv-events-config', '{"enable_kv_cache_events": true}'])]));
    expect([diff(off, none).length, diff(on, none).length > 0]).toStrictEqual([0, true]);
  });

  test('JSON-valued flags compare key by key', () => {
    const a = flat(graph([worker('prefill', ['python3', '-m', 'dynamo.vllm'], ['--kv-transfer-config', '{"kv_connector":"NixlConnector","kv_role":"kv_both"}'])]));
    const b = flat(graph([worker('prefill', ['python3', '-m', 'dynamo.vllm'], ['--kv-transfer-config', '{"kv_role": "kv_both", "kv_connector": "NixlConnector", "engine_id": "e"}'])]));
    expect(diff(a, b).map(formatDelta)).toStrictEqual(['prefill.flags.--kv-transfer-config.engine_id: upstream (absent), library "e"']);
  });

  test('TensorRT-LLM: flags merge into the engine config (the file wins) and defaults drop out', () => {
    const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'a.yaml': 'tensor_parallel_size: 2\nbackend: pytorch\nmax_batch_size: 8\n' } };
    const w = worker('worker', ['python3', '-m', 'dynamo.trtllm'], ['--model-path', 'm', '--tensor-parallel-size', '4', '--max-batch-size', '16', '--extra-engine-args', '/cfg/a.yaml']);
    (w.podTemplate.spec as Record<string, unknown>).volumes = [{ name: 'v', configMap: { name: 'c' } }];
    (w.podTemplate.spec.containers[0] as Record<string, unknown>).volumeMounts = [{ name: 'v', mountPath: '/cfg' }];
    const f = flat(graph([w], [config]));
    expect([...f.keys()].filter((k) => k.startsWith('aggregated.engine') || k.startsWith('aggregated.flags'))).toStrictEqual([
      'aggregated.engineConfigSource', 'aggregated.engine.tensor_parallel_size', 'aggregated.engine.max_batch_size', 'aggregated.flags.--model',
    ]);
    expect([valueAt(f, ['aggregated', 'engine', 'tensor_parallel_size']), valueAt(f, ['aggregated', 'engine', 'max_batch_size'])]).toStrictEqual(['2', '8']);
  });

  test('the same deployment reads the same in both API generations (the recipes are v1alpha1)', () => {
    const facts = (apiVersion: DgdApiVersion) => {
      const chart = newChart();
      new DisaggregatedLlm(chart, 'g', {
        model: 'm', apiVersion, dynamoVersion: DynamoVersion.V1_3_0, backend: Backend.trtllm(), hfToken: HfToken.fromSecret('hf'),
        modelCache: ModelCache.fromExistingClaim('cache'), allowTcpKvTransfer: true, trustRemoteCode: true,
        prefill: { gpus: 2, nodes: 2, sharedMemorySize: Size.gibibytes(32) }, decode: { replicas: 2, gpuMemoryUtilization: 0.8 },
      });
      return extractGraph(synthValid(chart));
    };
    const alphaFacts = facts(DgdApiVersion.V1ALPHA1);
    const betaFacts = facts(DgdApiVersion.V1BETA1);
    expect([alphaFacts.apiVersion, betaFacts.apiVersion]).toStrictEqual(['nvidia.com/v1alpha1', 'nvidia.com/v1beta1']);
    const beta = canonicalize(betaFacts);
    expect(diff(canonicalize(alphaFacts), beta).map(formatDelta)).toStrictEqual([]);
    expect([valueAt(beta, ['prefill', 'nodeCount']), valueAt(beta, ['prefill', 'sharedMemory']), valueAt(beta, ['decode', 'engine', 'kv_cache_config', 'free_gpu_memory_fraction'])])
      .toStrictEqual([2, '32Gi', '0.8']);
  });

  test('the frontend\'s effective router mode comes from the flag, else DYN_ROUTER_MODE, else round-robin', () => {
    const mode = (args: string[], env: Record<string, string> = {}) =>
      valueAt(flat(graph([worker('frontend', args.length ? ['python3', '-m', 'dynamo.frontend'] : [], args, env)])), ['frontend', 'routerMode']);
    expect([mode(['--router-mode', 'kv']), mode([], { DYN_ROUTER_MODE: 'kv' }), mode([])]).toStrictEqual(['kv', 'kv', 'round-robin']);
  });
});
