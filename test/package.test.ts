/**
 * The package as a consumer gets it: `npm run build`, then a plain Pulumi TypeScript program (the
 * tsconfig of `pulumi new typescript`) that imports `dynamo-constructs/pulumi`, type-checked against
 * the published typings and run under Pulumi mocks; and a cdk8s-only consumer that never loads Pulumi.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const DEPS = ['@pulumi/pulumi', '@pulumi/kubernetes', '@types/node', 'cdk8s', 'cdk8s-plus-28', 'constructs'];
let consumer: string;

/** A project directory whose node_modules holds this package (as a link) and its peers. */
function consumerProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamo-consumer-'));
  for (const dep of ['dynamo-constructs', ...DEPS]) {
    const link = path.join(dir, 'node_modules', dep);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(dep === 'dynamo-constructs' ? ROOT : path.join(ROOT, 'node_modules', dep), link, 'dir');
  }
  return dir;
}

const node = (cwd: string, script: string) => execFileSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8' }).trim();

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT });
  consumer = consumerProject();
}, 120_000);

afterAll(() => fs.rmSync(consumer, { recursive: true, force: true }));

describe('the published package', () => {
  test('a cdk8s-only consumer never loads the Pulumi SDK', () => {
    const loaded = node(consumer, `require('dynamo-constructs');
      console.log(Object.keys(require.cache).filter((k) => k.includes('@pulumi')).length)`);
    expect(loaded).toBe('0');
  });

  test('dynamo-constructs/pulumi resolves to the Pulumi components', () => {
    const exported = node(consumer, `const m = require('dynamo-constructs/pulumi');
      console.log(['AggregatedLlm', 'DisaggregatedLlm', 'DynamoGraphDeployment'].map((k) => typeof m[k]).join(','))`);
    expect(exported).toBe('function,function,function');
  });

  test.each(['node', 'node16'])('a plain Pulumi TypeScript program (moduleResolution %s) type-checks against the typings and runs', (resolution) => {
    // GIVEN the program and tsconfig of `pulumi new typescript`
    const dir = fs.mkdtempSync(path.join(consumer, `program-${resolution}-`));
    fs.writeFileSync(path.join(dir, 'index.ts'), [
      "import * as pulumi from '@pulumi/pulumi';",
      "import { Backend, Cloud, RdmaFabric, RouterMode } from 'dynamo-constructs';",
      "import { DisaggregatedLlm } from 'dynamo-constructs/pulumi';",
      'const config = new pulumi.Config();',
      "const llm = new DisaggregatedLlm('llama', {",
      "  model: 'meta-llama/Llama-3.3-70B-Instruct',",
      "  namespace: 'llm',",
      '  backend: Backend.vllm(),',
      "  cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' } }),",
      '  frontend: { routerMode: RouterMode.KV },',
      '  decode: { replicas: 2, gpus: 4, scalingAdapter: true },',
      '  prefill: { gpus: 4 },',
      "  hfToken: config.requireSecret('hfToken'),",
      '});',
      'export const endpoint = llm.endpoint;',
      'export const card = llm.endpointCard;',
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true, outDir: 'bin', target: 'es2020', module: resolution === 'node' ? 'commonjs' : 'node16', moduleResolution: resolution,
        experimentalDecorators: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true,
        types: ['node'],
      },
      files: ['index.ts'],
    }));
    // WHEN
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
    const result = node(dir, `
      const pulumi = require('@pulumi/pulumi');
      const types = [];
      pulumi.runtime.setAllConfig({ 'consumer:hfToken': 'hf_ConsumerToken0123456789' }, ['consumer:hfToken']);
      pulumi.runtime.setMocks({ newResource: (a) => { types.push(a.type); return { id: a.name, state: a.inputs }; }, call: (a) => a.inputs }, 'consumer', 'dev', false);
      const program = require('./bin/index.js');
      program.endpoint.apply((e) => setTimeout(() => console.log(JSON.stringify({ endpoint: e, types })), 100));`);
    // THEN
    expect(JSON.parse(result)).toStrictEqual({
      endpoint: 'http://llama-frontend.llm.svc.cluster.local:8000/v1',
      types: ['dynamo-constructs:index:DisaggregatedLlm', 'kubernetes:core/v1:Secret', 'kubernetes:nvidia.com/v1beta1:DynamoGraphDeployment'],
    });
  });
});
