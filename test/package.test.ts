/**
 * The package as a consumer gets it: `npm run build`, then a plain Pulumi TypeScript program (the
 * tsconfig of `pulumi new typescript`) that imports `dynamo-constructs/pulumi`, type-checked against
 * the published typings and run under Pulumi mocks; a cdk8s-only consumer that never loads Pulumi; and
 * `examples/custom-cloud.ts` (a cloud profile written outside the library) compiled and run as an outside
 * consumer.
 *
 * Cost: the build is skipped when `build/` is current (see support/package-build.ts). The consumer programs live
 * in one consumer project; the two type-checks (moduleResolution node and node16, the custom-cloud example
 * folded into the node16 one) start together in `beforeAll` and run concurrently while the other tests run.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { consumerProject, node } from './support/consumer-project';
import { PULUMI_CONSUMER_PROGRAM, PULUMI_CONSUMER_RESULT, pulumiConsumerRunner } from '../scripts/pulumi-consumer-program';
import { buildPackage } from './support/package-build';
import { assertSchemaValid } from './support/schema';

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const CUSTOM_CLOUD = path.join(ROOT, 'examples', 'custom-cloud.ts');
type Resolution = 'node' | 'node16';


/**
 * `examples/custom-cloud.ts` as an outside consumer writes it: the package's public entry point `'../lib'`
 * becomes `'dynamo-constructs'`. Any other relative import is an error (the example must not reach into the
 * library's sources or other local files).
 */
function asConsumerSource(source: string): string {
  const rewritten = source.replace(/(\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])\.\.\/lib\/?\2/g, '$1$2dynamo-constructs$2');
  const local = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\1/.exec(rewritten);
  if (local) throw new Error(`examples/custom-cloud.ts imports ${local[2]}: an outside consumer can import only '../lib' (the package entry point)`);
  if (!rewritten.includes("'dynamo-constructs'") && !rewritten.includes('"dynamo-constructs"')) {
    throw new Error("examples/custom-cloud.ts does not import '../lib'");
  }
  return rewritten;
}

/** One `tsc -p` of a consumer program: its diagnostics (`--pretty false` lines, continuation lines folded in). */
interface Compile {
  readonly exitCode: number;
  readonly output: string;
  readonly diagnostics: readonly { readonly file: string | undefined; readonly text: string }[];
}

async function typeCheck(dir: string): Promise<Compile> {
  let exitCode = 0;
  let output: string;
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [TSC, '-p', dir, '--pretty', 'false'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    output = stdout + stderr;
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string; message: string };
    exitCode = typeof err.code === 'number' ? err.code : 1;
    output = `${err.stdout ?? ''}${err.stderr ?? ''}` || err.message;
  }
  const diagnostics: { file: string | undefined; text: string }[] = [];
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^(.+?)\(\d+,\d+\): (?:error|warning)/.exec(line);
    if (m) diagnostics.push({ file: path.resolve(dir, m[1]), text: line });
    else if (/^\s/.test(line) && diagnostics.length > 0) diagnostics[diagnostics.length - 1].text += `\n${line}`;
    else diagnostics.push({ file: undefined, text: line });
  }
  return { exitCode, output, diagnostics };
}

/**
 * The diagnostics that concern `file`: its own, and any outside the program's root files (in the published
 * typings, the dependencies or the configuration). A failed compile without any diagnostic concerns every file.
 */
function problemsOf(compile: Compile, file: string, rootFiles: readonly string[]): string[] {
  const mine = compile.diagnostics.filter((d) => d.file === file || d.file === undefined || !rootFiles.includes(d.file)).map((d) => d.text);
  if (compile.exitCode !== 0 && compile.diagnostics.length === 0) return [`tsc exited with ${compile.exitCode}: ${compile.output}`];
  return mine;
}

interface Program {
  readonly dir: string;
  readonly rootFiles: readonly string[];
  readonly compile: Promise<Compile>;
}

let consumer: string;
const programs = new Map<Resolution, Program>();
let customCloudError: Error | undefined;

/** Writes the program of `pulumi new typescript` (plus `extra` files) for one moduleResolution, and starts its type-check. */
function startProgram(resolution: Resolution, extra: Readonly<Record<string, string>>): Program {
  // GIVEN the program and tsconfig of `pulumi new typescript`
  const dir = fs.mkdtempSync(path.join(consumer, `program-${resolution}-`));
  const files: Record<string, string> = { 'index.ts': PULUMI_CONSUMER_PROGRAM, ...extra };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, outDir: 'bin', target: 'es2020', module: resolution === 'node' ? 'commonjs' : 'node16', moduleResolution: resolution,
      experimentalDecorators: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true,
      types: ['node'],
    },
    files: Object.keys(files),
  }));
  const compile = typeCheck(dir);
  compile.catch(() => undefined); // awaited by the tests; never an unhandled rejection
  return { dir, rootFiles: Object.keys(files).map((f) => path.join(dir, f)), compile };
}

beforeAll(async () => {
  await buildPackage(ROOT);
  consumer = consumerProject(ROOT);
  // The custom-cloud example is type-checked in the node16 program (one tsc run, strict, moduleResolution node16).
  let extra: Record<string, string> = {};
  try {
    extra = { 'custom-cloud.ts': asConsumerSource(fs.readFileSync(CUSTOM_CLOUD, 'utf8')) };
  } catch (e) {
    customCloudError = e as Error;
  }
  programs.set('node', startProgram('node', {}));
  programs.set('node16', startProgram('node16', extra));
}, 180_000);

afterAll(async () => {
  await Promise.allSettled([...programs.values()].map((p) => p.compile));
  if (consumer) fs.rmSync(consumer, { recursive: true, force: true });
});

describe('the published package', () => {
  test('a cdk8s-only consumer never loads the Pulumi SDK', async () => {
    const loaded = await node(consumer, `require('dynamo-constructs');
      console.log(Object.keys(require.cache).filter((k) => k.includes('@pulumi')).length)`);
    expect(loaded).toBe('0');
  });

  test('no published typing names the Grafana SDK, so it stays a plain dependency and never a peer', () => {
    // GIVEN the typings the build publishes
    const typings = fs.readdirSync(path.join(ROOT, 'build'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts'));
    // THEN the dashboards' SDK is an implementation detail: none of its types reach a consumer
    expect(typings.length).toBeGreaterThan(100);
    expect(typings.filter((f) => fs.readFileSync(path.join(ROOT, 'build', f), 'utf8').includes('grafana-foundation-sdk'))).toEqual([]);
  });

  test('dynamo-constructs/pulumi resolves to the Pulumi components', async () => {
    const exported = await node(consumer, `const m = require('dynamo-constructs/pulumi');
      console.log(['AggregatedLlm', 'DisaggregatedLlm', 'DynamoGraphDeployment', 'DynamoPlatform'].map((k) => typeof m[k]).join(','))`);
    expect(exported).toBe('function,function,function,function');
  });

  test.each(['node', 'node16'] as const)('a plain Pulumi TypeScript program (moduleResolution %s) type-checks against the typings and runs', async (resolution) => {
    // GIVEN the program and tsconfig of `pulumi new typescript` (written in beforeAll)
    const program = programs.get(resolution)!;
    // WHEN
    const compile = await program.compile;
    expect(problemsOf(compile, path.join(program.dir, 'index.ts'), program.rootFiles)).toEqual([]);
    const result = await node(program.dir, pulumiConsumerRunner('consumer', './bin/index.js'));
    // THEN
    // (the platform's component, its labelled Namespace, three Releases and the NicClusterPolicy, then the graph)
    expect(JSON.parse(result)).toStrictEqual(PULUMI_CONSUMER_RESULT);
  });

  test('examples/custom-cloud.ts compiles against the published typings (node16, strict) and synthesizes a DynamoGraphDeployment', async () => {
    // GIVEN the example copied into the consumer project, importing 'dynamo-constructs' instead of '../lib'
    if (customCloudError) throw customCloudError;
    const program = programs.get('node16')!;
    const file = path.join(program.dir, 'custom-cloud.ts');
    // WHEN it is type-checked and run: customCloudApp(outdir).synth()
    const compile = await program.compile;
    expect(problemsOf(compile, file, program.rootFiles)).toEqual([]);
    const outdir = fs.mkdtempSync(path.join(consumer, 'custom-cloud-dist-'));
    await node(program.dir, `require('./bin/custom-cloud.js').customCloudApp(process.argv[1]).synth()`, outdir);
    // THEN the YAML it writes holds a DynamoGraphDeployment, and every object is strictly schema-valid
    const files = fs.readdirSync(outdir).filter((f) => f.endsWith('.k8s.yaml'));
    expect(files.length).toBeGreaterThan(0);
    const objs = files.flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf8')).map((d) => d.toJS() as Record<string, unknown>)).filter((o) => o !== null);
    expect(objs.map((o) => o.kind)).toContain('DynamoGraphDeployment');
    assertSchemaValid(objs);
  });
});
