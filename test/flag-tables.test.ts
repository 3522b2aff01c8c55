import * as path from 'path';
import * as ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { DynamoVersion, KvCacheDtype, KvTransfer, NixlBackend } from '../lib';
import { FRONTEND_FLAGS, FlagTable, flagsIn } from '../lib/backends/flags';
import { BACKENDS } from '../lib/backends/registry';

/**
 * Every flag a launcher generates names what controls it, and the error a repeated flag raises says
 * "set it through <that>". These tests keep each such name a prop the user can actually set: the
 * names are checked against the props of the pattern interfaces, read from the source with the
 * TypeScript checker (inherited members included).
 */

const ROOT = path.resolve(__dirname, '..');

/** Property names of exported interfaces, by interface name. */
function interfaceProps(file: string, names: readonly string[]): Record<string, Set<string>> {
  const program = ts.createProgram([path.join(ROOT, file)], { strict: true, noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path.join(ROOT, file))!;
  const out: Record<string, Set<string>> = {};
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    if (!names.includes(symbol.name)) continue;
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    out[symbol.name] = new Set(checker.getPropertiesOfType(type).map((p) => p.name));
  }
  return out;
}

const DISAGG = interfaceProps('lib/patterns/disaggregated-llm.ts', ['DisaggregatedLlmProps']);
const POOL = interfaceProps('lib/patterns/llm-props.ts', ['WorkerPoolOptions', 'FrontendOptions']);
const PATTERN_PROPS = DISAGG.DisaggregatedLlmProps;
const POOL_PROPS = POOL.WorkerPoolOptions;
const NESTED: Record<string, Set<string>> = { frontend: POOL.FrontendOptions };

/** Descriptions that are not props: they tell the user to remove the flag or who owns it. */
const SENTENCE = /^(remove |no prop|the pattern)/;

/** Whether `name` is a prop: a pool prop, a pattern prop, or `<pattern prop>.<nested prop>`. */
function isProp(name: string): boolean {
  const [head, rest] = name.split(/\.(.*)/s);
  if (rest !== undefined) return NESTED[head]?.has(rest) === true;
  return POOL_PROPS.has(name) || PATTERN_PROPS.has(name);
}

const TABLES: [string, FlagTable][] = [
  ['frontend', FRONTEND_FLAGS],
  ...BACKENDS.map((b): [string, FlagTable] => [b.displayName, b.flags]),
];

describe('flag tables name props that exist', () => {
  test('the interfaces were read', () => {
    expect([POOL_PROPS.has('tensorParallelSize'), PATTERN_PROPS.has('kvTransfer'), PATTERN_PROPS.has('model'), NESTED.frontend.has('routerMode')])
      .toStrictEqual([true, true, true, true]);
  });

  test.each(TABLES)('%s: every controlling prop is a prop, or a sentence saying what to do', (_, table) => {
    const bad = Object.entries({ ...table.props, ...table.owned }).filter(([, owner]) => !SENTENCE.test(owner) && !isProp(owner));
    expect(bad).toStrictEqual([]);
  });

  test.each(TABLES)('%s: every alias group has a controlling entry', (_, table) => {
    const orphaned = table.aliases.filter((group) => !group.some((f) => table.props[f] !== undefined));
    expect(orphaned).toStrictEqual([]);
  });
});

describe('every generated flag is in its table', () => {
  const layout = { gpusPerNode: 4, nodes: 2, tensorParallelSize: 8, pipelineParallelSize: 2, dataParallelSize: 2, expertParallelSize: 8 };
  const roles = ['aggregated', 'prefill', 'decode'] as const;
  test.each(BACKENDS.map((b) => [b.displayName, b] as const))('%s, with every prop that adds a flag set', (_, def) => {
    const missing = new Set<string>();
    for (const role of roles) {
      const launch = def.launch({
        pool: role === 'aggregated' ? 'workers' : role,
        role,
        model: 'org/model',
        servedModelName: 'served',
        modelRevision: 'main',
        layout: { ...layout, dataParallelSize: def.dataParallel.mode === 'unsupported' ? 1 : 2, expertParallelSize: def.expertParallel.mode === 'divides-tensor' ? 4 : 16 },
        maxModelLength: 8192,
        maxNumSeqs: 64,
        trustRemoteCode: true,
        kvEvents: true,
        kvTransfer: KvTransfer.nixl(NixlBackend.LIBFABRIC),
        deploymentName: 'llm',
        componentName: role,
        tuning: Object.fromEntries(Object.entries(TUNING).filter(([k]) => def.unsupported[k as keyof typeof TUNING] === undefined)),
        bootstrapPort: def.unsupported.disaggregationBootstrapPort === undefined ? 23456 : undefined,
        dynamoVersion: DynamoVersion.LATEST,
        engineConfigPath: '/opt/dynamo/engine-config/x.yaml',
      });
      const canonical = new Set(def.flags.aliases.flat());
      for (const flag of flagsIn(launch.args)) {
        if (def.flags.props[flag] === undefined && !canonical.has(flag)) missing.add(flag);
      }
    }
    expect([...missing]).toStrictEqual([]);
  });
});

const TUNING = {
  gpuMemoryUtilization: 0.8,
  kvCacheDtype: KvCacheDtype.FP8,
  kvBlockSize: 32,
  maxNumTokens: 4096,
  enableChunkedPrefill: true,
  enableBlockReuse: false,
  cudaGraphMaxBatchSize: 16,
  engineConfig: { enable_attention_dp: false },
};
