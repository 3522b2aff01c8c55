/**
 * Runs the compiled doc blocks of test/doc-blocks.test.ts, one after the other in this one Node process, and
 * writes what each did. It is compiled inside the consumer program with the blocks (support/doc-blocks.ts) and
 * started as `node --enable-source-maps runner.js <manifest.json> <results.json>`, so it sees the package and
 * its peers as a consumer does.
 *
 * - cdk8s blocks: `CDK8S_OUTDIR` is a fresh directory per block; the block is required (a complete program calls
 *   `app.synth()`) and the objects of the YAML files written there are counted. A JSDoc `@example` fragment
 *   exports its fixture's `app` as `docTestApp`: `app.synthYaml()` must not throw; its charts' objects are
 *   counted.
 * - Pulumi blocks: the config the block reads is set (`pulumi.runtime.setAllConfig`, with its secret keys),
 *   then `pulumi.runtime.setMocks` (the manifest's project, stack `dev`, an update, not a preview); the block is
 *   required, every exported Output and Promise awaited, the outstanding registrations drained; an error Pulumi
 *   logged counts as a failure. The Kubernetes resources registered are counted.
 * Errors thrown, rejected or logged while a block runs are that block's.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { App } from 'cdk8s';

/** One block to run (written by support/doc-blocks.ts). */
export interface RunnerBlock {
  readonly name: string;
  /** The compiled block. */
  readonly js: string;
  readonly engine: 'cdk8s' | 'pulumi';
  /** A JSDoc `@example` in its fixture (exports `docTestApp` for cdk8s). */
  readonly fragment: boolean;
  /** Pulumi config, keys `<project>:<key>`. */
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
}

/** What one block did. */
export interface RunnerResult {
  readonly name: string;
  readonly errors: readonly string[];
  /** Kubernetes objects synthesized (cdk8s) or registered (Pulumi). */
  readonly objects: number;
  /** How long it ran. */
  readonly ms: number;
}

/** The manifest: the Pulumi project of the mocks (config keys are `<project>:<key>`) and the blocks in order. */
export interface RunnerManifest {
  readonly project: string;
  readonly blocks: readonly RunnerBlock[];
}

let errors: string[] = [];

function describeError(e: unknown): string {
  if (!(e instanceof Error)) return `threw ${String(e)}`;
  // The frames of the block itself (source-mapped to its .ts file), which the test maps to the doc's lines.
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l) && l.includes(`${path.sep}blocks${path.sep}`)).map((l) => l.trim());
  return `${e.name}: ${e.message}${frames.length > 0 ? `\n  ${frames.join('\n  ')}` : ''}`;
}

/** The objects of the YAML files cdk8s wrote: documents between `---` lines (cdk8s's `Yaml.load` spawns a process per file). */
function countYamlObjects(dir: string): number {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split(/^---$/m))
    .filter((doc) => doc.trim() !== '').length;
}

function runCdk8s(block: RunnerBlock): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamo-doc-block-'));
  try {
    process.env.CDK8S_OUTDIR = outdir;
    const mod = require(block.js) as { docTestApp?: App };
    if (!block.fragment) return countYamlObjects(outdir);
    const app = mod.docTestApp;
    if (app === undefined) throw new Error('the @example fixture did not export docTestApp');
    app.synthYaml();
    return app.charts.reduce((n, chart) => n + chart.toJson().length, 0);
  } finally {
    delete process.env.CDK8S_OUTDIR;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

async function runPulumi(block: RunnerBlock, project: string): Promise<number> {
  const pulumi = await import('@pulumi/pulumi');
  // Internal, not in the typings: waits until every registration and log call has been answered.
  const settings = require('@pulumi/pulumi/runtime/settings') as { waitForRPCs(): Promise<void> };
  const types: string[] = [];
  const logged: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    logged.push(args.map(String).join(' '));
    consoleError(...args);
  };
  try {
    pulumi.runtime.setAllConfig({ ...block.config }, [...block.secretKeys]);
    await pulumi.runtime.setMocks({
      newResource: (a) => {
        types.push(a.type);
        return { id: `${a.name}_id`, state: a.inputs };
      },
      call: (a) => a.inputs,
    }, project, 'dev', false);
    const mod = require(block.js) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (pulumi.Output.isInstance(value)) await (value as unknown as { promise(): Promise<unknown> }).promise();
      else if (value instanceof Promise) await value;
    }
    await settings.waitForRPCs();
    if (pulumi.log.hasErrors()) errors.push(`Pulumi logged errors:\n  ${logged.join('\n  ')}`);
  } finally {
    console.error = consoleError;
  }
  return types.filter((t) => t.startsWith('kubernetes:')).length;
}

async function main(): Promise<void> {
  const [manifest, resultsFile] = process.argv.slice(2);
  const { project, blocks } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as RunnerManifest;
  process.on('unhandledRejection', (e) => errors.push(`unhandled rejection: ${describeError(e)}`));
  process.on('uncaughtException', (e) => errors.push(`uncaught exception: ${describeError(e)}`));
  const results: RunnerResult[] = [];
  for (const block of blocks) {
    errors = [];
    const start = performance.now();
    let objects = 0;
    try {
      objects = block.engine === 'pulumi' ? await runPulumi(block, project) : runCdk8s(block);
    } catch (e) {
      errors.push(describeError(e));
    }
    // Anything the block left pending (a timer, a rejected promise) reports before the next block starts.
    await new Promise((resolve) => setImmediate(resolve));
    results.push({ name: block.name, errors: [...new Set(errors)], objects, ms: Math.round(performance.now() - start) });
  }
  fs.writeFileSync(resultsFile, JSON.stringify(results));
  process.exit(0);
}

void main();
