/**
 * `npm run bench`: synthesis cost, measured, never asserted.
 *
 * 1. `npx cdk8s synth` of the quickstart against the same CLI on a bare cdk8s-plus app (one
 *    Deployment) run the same way (`node --import tsx`): the ratio is the library's overhead.
 * 2. In-process synthesis of the quickstart, and of 1 vs 100 DisaggregatedLlm in one app.
 * 3. The Pulumi engine under `pulumi.runtime.setMocks`: from `new DisaggregatedLlm(...)` until every
 *    child is registered, for 1 and 20 components (no engine, no provider: the library's own cost).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart, Size } from 'cdk8s';
import { APPS } from '../examples';
import { Backend, Cloud, DisaggregatedLlm, HfToken, ModelCache, RdmaFabric, RouterMode } from '../lib';
import { quickstartApp } from '../stacks/quickstart';

const ROOT = path.resolve(__dirname, '..');
const CLI_RUNS = Number(process.env.BENCH_CLI_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function cliSynth(cwd: string): number[] {
  const cli = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cli-'));
  execFileSync(cli, ['synth', '--output', outdir], { cwd, stdio: 'pipe' }); // warm-up (tsx cache, disk cache)
  return Array.from({ length: CLI_RUNS }, () => timeMs(() => execFileSync(cli, ['synth', '--output', outdir], { cwd, stdio: 'pipe' })));
}

function bareApp(): string {
  const dir = path.join(ROOT, 'node_modules', '.cache', 'dynamo-constructs-bench', 'bare');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'language: typescript\napp: node --import tsx main.ts\noutput: dist\n');
  fs.writeFileSync(path.join(dir, 'main.ts'), [
    "import { App, Chart } from 'cdk8s';",
    "import * as kplus from 'cdk8s-plus-28';",
    'const app = new App();',
    "const chart = new Chart(app, 'bare', { namespace: 'dynamo' });",
    "new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27', portNumber: 80 }] });",
    'app.synth();',
    '',
  ].join('\n'));
  return dir;
}

const BENCH_PROPS = {
  model: 'meta-llama/Llama-3.3-70B-Instruct',
  backend: Backend.vllm(),
  prefill: { replicas: 2, gpus: 4 },
  decode: { replicas: 4, gpus: 4, maxNumSeqs: 256 },
  frontend: { replicas: 2, routerMode: RouterMode.KV },
  hfToken: HfToken.fromSecret('hf-token-secret'),
  modelCache: ModelCache.newVolume({ storageClass: 'efs-sc', size: Size.gibibytes(200) }),
  cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' } }),
};

function disaggregatedApp(count: number, outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'many', { namespace: 'llm' });
  for (let i = 0; i < count; i++) new DisaggregatedLlm(chart, `llm-${i}`, BENCH_PROPS);
  return app;
}

let pulumiRun = 0;
/** Milliseconds from constructing `count` Pulumi components until all their children are registered. */
async function pulumiEngine(engine: typeof import('../lib/pulumi/index.js'), count: number): Promise<number> {
  const start = process.hrtime.bigint();
  const components = Array.from({ length: count }, () => new engine.DisaggregatedLlm(`bench-${pulumiRun++}`, { ...BENCH_PROPS, namespace: 'llm' }));
  const urns = components.flatMap((c) => [c.urn, ...c.resources.map((r) => r.urn)]);
  await Promise.all(urns.map((u) => new Promise((resolve) => u.apply(resolve))));
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function pulumiRows(): Promise<[string, number][]> {
  await pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs }, 'bench', 'bench', false);
  const engine = await import('../lib/pulumi/index.js');
  await pulumiEngine(engine, 1); // warm-up
  const timed = async (count: number, runs: number) => {
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) xs.push(await pulumiEngine(engine, count));
    return median(xs);
  };
  return [
    ['Pulumi engine under mocks, 1 DisaggregatedLlm (median ms)', await timed(1, 20)],
    ['Pulumi engine under mocks, 20 DisaggregatedLlm (median ms)', await timed(20, 5)],
  ];
}

function inProcess(label: string, build: (outdir: string) => App, runs: number): [string, number] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  build(outdir).synth(); // warm-up
  return [label, median(Array.from({ length: runs }, () => timeMs(() => build(outdir).synth())))];
}

const rows: [string, number][] = [];
const quick = median(cliSynth(ROOT));
const bare = median(cliSynth(bareApp()));
rows.push(['npx cdk8s synth, quickstart (median ms)', quick]);
rows.push(['npx cdk8s synth, bare cdk8s-plus app (median ms)', bare]);
rows.push(inProcess('in-process synth, quickstart (median ms)', (o) => quickstartApp(o), 20));
const one = inProcess('in-process synth, 1 DisaggregatedLlm (median ms)', (o) => disaggregatedApp(1, o), 20);
const hundred = inProcess('in-process synth, 100 DisaggregatedLlm (median ms)', (o) => disaggregatedApp(100, o), 5);
rows.push(one, hundred);
// One app per cloud profile: node pools, RDMA wiring and ingress on top of the graph.
// And the whole stack from an empty cluster: the platform's GitOps objects beside the graph; a recipe;
// a profiling request instead of a graph; access at the edge (Envoy AI Gateway, Envoy Gateway, the ALB).
for (const name of ['eks-llama-70b-efa', 'eks-auto-mode-aggregated', 'gke-deepseek-r1-roce', 'aks-qwen3-32b-fp8-ib', 'disaggregated-slo-planner', 'keda-decode',
  'eks-from-empty-cluster', 'aks-network-operator-ib', 'platform', 'recipe-llama-70b', 'eks-sla-profiling',
  'gke-envoy-ai-gateway-keys', 'eks-envoy-gateway-jwt', 'eks-alb-jwt']) {
  rows.push(inProcess(`in-process synth, ${name} (median ms)`, (o) => APPS[name](o), 20));
}

void pulumiRows().then((pulumiResults) => {
  rows.push(...pulumiResults);
  report();
});

function report(): void {
  const width = Math.max(...rows.map(([l]) => l.length));
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, ${CLI_RUNS} CLI runs`);
  for (const [label, ms] of rows) console.log(`${label.padEnd(width)}  ${ms.toFixed(1)}`);
  console.log(`${'CLI ratio quickstart / bare'.padEnd(width)}  ${(quick / bare).toFixed(2)}x`);
  console.log(`${'per pattern at 100 (ms)'.padEnd(width)}  ${(hundred[1] / 100).toFixed(2)}`);
}
