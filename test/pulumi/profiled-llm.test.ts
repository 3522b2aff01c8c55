import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { Duration, Size, Yaml } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { eksSlaProfilingApp, eksSlaProfilingProps } from '../../examples/eks-sla-profiling';
import { DynamoValidationError, HfToken, ModelCache } from '../../lib';
import { assertSchemaValid } from '../support/schema';
import {
  byObjectKey, dependencyRule, inputPropertyError, KubeObj, kubeObjects, mockedEngine, occurrences, out, plain, Registration, registeredGraph, registrations,
} from '../support/pulumi';

const mocked = mockedEngine();

const TOKEN = 'hf_ProfiledToken0123456789abcdef';
const v = (r: Registration) => plain(r.raw) as Record<string, any>;

/** What `cdk8s synth` writes for the example app, read back from its YAML files. */
function exampleSynth(): KubeObj[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'profiled-parity-'));
  try {
    eksSlaProfilingApp(outdir).synth();
    return fs.readdirSync(outdir).filter((f) => f.endsWith('.k8s.yaml')).flatMap((f) => Yaml.load(path.join(outdir, f)) as KubeObj[]);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('ProfiledLlm (Pulumi)', () => {
  test('registers exactly the objects cdk8s synth writes for the same props, each a child, in the same order and dependencies', async () => {
    // GIVEN the example's objects from cdk8s
    const synthesized = exampleSynth();
    // WHEN the component is built from the same props
    const c = new mocked.engine.ProfiledLlm('llama-70b', { ...eksSlaProfilingProps(), namespace: 'llm' });
    const regs = await registrations(mocked.recorded, c);
    // THEN the same objects, one resource each, under the component
    const registered = kubeObjects(regs).map((r) => plain(r.raw) as KubeObj);
    expect(byObjectKey(registered)).toStrictEqual(byObjectKey(synthesized));
    expect(registered.length).toBe(synthesized.length);
    assertSchemaValid(registered as never);
    expect(regs.find((r) => !r.custom)!.type).toBe('dynamo-constructs:index:ProfiledLlm');
    const componentUrn = await out(c.urn);
    for (const child of kubeObjects(regs)) expect(child.parent).toBe(componentUrn);
    // ...in cdk8s's order, each depending on exactly its ApiObject's dependencies
    const graph = await registeredGraph(mocked.recorded, c, 'llama-70b/');
    expect(graph.map(([k]) => k.split(' ')[0])).toStrictEqual(synthesized.map((o) => o.kind));
    expect(Object.fromEntries(graph)).toStrictEqual(dependencyRule(c.pattern, 'llama-70b', 'llama-70b/'));
  });

  test('a change of the request\'s spec replaces it (the operator forbids updates once profiling started), except autoApply and runtimeVersionOverride', async () => {
    // GIVEN / WHEN
    const c = new mocked.engine.ProfiledLlm('policy-qwen', { model: 'Qwen/Qwen3-0.6B', totalGpus: 1, namespace: 'llm', hfToken: HfToken.fromSecret('hf-token-secret') });
    const request = kubeObjects(await registrations(mocked.recorded, c)).find((r) => v(r).kind === 'DynamoGraphDeploymentRequest')!;
    // THEN
    expect(request.type).toBe('kubernetes:nvidia.com/v1beta1:DynamoGraphDeploymentRequest');
    expect(request.deleteBeforeReplace).toBe(true);
    expect(request.replaceOnChanges).toStrictEqual(['spec.model', 'spec.backend', 'spec.image', 'spec.searchStrategy', 'spec.modelCache', 'spec.hardware',
      'spec.workload', 'spec.sla', 'spec.features', 'spec.overrides']);
  });

  test('exposes the request, the generated graph\'s name and endpoint, and the commands', async () => {
    // GIVEN / WHEN
    const c = new mocked.engine.ProfiledLlm('outputs-qwen', { model: 'Qwen/Qwen3-0.6B', totalGpus: 1, namespace: 'llm', graphName: 'qwen-graph', hfToken: HfToken.fromSecret('hf-token-secret') });
    // THEN
    expect(await out(c.requestName)).toBe('outputs-qwen');
    expect(await out(c.generatedGraphName)).toBe('qwen-graph');
    expect(await out(c.endpoint)).toBe('http://qwen-graph-frontend.llm.svc.cluster.local:8000/v1');
    expect(await out(c.graphNameCommand)).toBe("kubectl get dgdr outputs-qwen -n llm -o 'jsonpath={.status.dgdName}'");
    expect(await out(c.generatedGraphCommand)).toBe("kubectl get dgdr outputs-qwen -n llm -o 'jsonpath={.status.profilingResults.selectedConfig}'");
  });

  test('a token by value becomes the Secret the operator reads, hf-token-secret, kept secret; every object depends on it', async () => {
    // GIVEN / WHEN
    const c = new mocked.engine.ProfiledLlm('token-qwen', {
      model: 'Qwen/Qwen3-0.6B', totalGpus: 1, namespace: 'llm', hfToken: pulumi.secret(TOKEN),
      modelCache: ModelCache.newVolume({ storageClass: 'efs-sc', size: Size.gibibytes(20) }),
    });
    const regs = await registrations(mocked.recorded, c);
    // THEN
    const secret = kubeObjects(regs).find((r) => v(r).kind === 'Secret')!;
    expect(v(secret).metadata).toStrictEqual({ name: 'hf-token-secret', namespace: 'llm' });
    expect(occurrences(regs.map((r) => r.raw), TOKEN).every((o) => o.secret)).toBe(true);
    expect(c.hfTokenSecret).toBeDefined();
    const graph = await registeredGraph(mocked.recorded, c, 'token-qwen/');
    for (const [key, deps] of graph.filter(([k]) => !k.startsWith('Secret'))) expect(deps, key).toContain('Secret llm/hf-token-secret');
  });

  test.each([
    ['sla.e2eLatency', { sla: { itl: 30, e2eLatency: 9000 } }],
    ['totalGpus', { totalGpus: 0 }],
    ['totalGpus', { totalGpus: undefined }],
    ['hfToken', { hfToken: '' }],
    ['modelDownloadTimeout', { modelDownloadTimeout: '2 hours' }],
    ['replaceOnImmutableChange', { replaceOnImmutableChange: true }],
    ['customize', { customize: () => { throw new DynamoValidationError('x', 'x is wrong'); } }],
  ])('an invalid %s is an InputPropertyError naming it, and registers nothing', (propertyPath, extra) => {
    // GIVEN
    const before = mocked.recorded.length;
    const args = { model: 'Qwen/Qwen3-0.6B', totalGpus: 1, namespace: 'llm', hfToken: HfToken.fromSecret('hf-token-secret'), ...extra };
    // WHEN / THEN
    expect(inputPropertyError(() => new mocked.engine.ProfiledLlm(`bad-${propertyPath.replace(/\W/g, '-').toLowerCase()}-${Object.keys(extra).length}`, args as never)).propertyPath).toBe(propertyPath);
    expect(mocked.recorded.length).toBe(before);
  });

  test('shares the download timeout rules of the other components: the Job\'s wait and deadline, and not with modelCache.downloadTimeout', async () => {
    // GIVEN a model cache, with and without its own download timeout
    const base = { model: 'Qwen/Qwen3-0.6B', totalGpus: 1, namespace: 'llm', hfToken: HfToken.fromSecret('hf-token-secret') };
    const cache = ModelCache.newVolume({ storageClass: 'efs-sc', size: Size.gibibytes(20) });
    // WHEN modelDownloadTimeout is given
    const regs = await registrations(mocked.recorded, new mocked.engine.ProfiledLlm('timeout-qwen', { ...base, modelCache: cache, modelDownloadTimeout: '45m' }));
    // THEN Pulumi waits that long and the Job stops then
    const job = kubeObjects(regs).find((r) => v(r).kind === 'Job')!;
    expect(job.customTimeouts).toStrictEqual({ create: '45m', update: '45m' });
    expect(v(job).spec.activeDeadlineSeconds).toBe(2700);
    // ...and together with modelCache.downloadTimeout it is refused
    const timed = ModelCache.newVolume({ storageClass: 'efs-sc', size: Size.gibibytes(20), downloadTimeout: Duration.hours(5) });
    expect(inputPropertyError(() => new mocked.engine.ProfiledLlm('timeout-both', { ...base, modelCache: timed, modelDownloadTimeout: '1h' })).propertyPath)
      .toBe('modelDownloadTimeout');
  });

  test('an hfToken of another type: the fix names the Secret the operator reads, hf-token-secret', () => {
    // GIVEN / WHEN a token that is neither a string, an Output nor a reference
    const e = inputPropertyError(() => new mocked.engine.ProfiledLlm('bad-token-type', { model: 'Qwen/Qwen3-0.6B', totalGpus: 1, namespace: 'llm', hfToken: 42 as never }));
    // THEN
    expect(e.propertyPath).toBe('hfToken');
    expect(e.reason).toContain('HfToken.fromSecret("hf-token-secret") for the Secret that exists');
  });

  test('a customize that is not a function gets a fix a ProfiledLlm has (the request\'s ApiObject; it has no dgd)', () => {
    // GIVEN / WHEN
    const e = inputPropertyError(() => new mocked.engine.ProfiledLlm('bad-customize-shape', {
      model: 'Qwen/Qwen3-0.6B', totalGpus: 1, namespace: 'llm', hfToken: HfToken.fromSecret('hf-token-secret'), customize: 'label it' as never,
    }));
    // THEN
    expect(e.propertyPath).toBe('customize');
    expect(e.reason).toContain("ApiObject.of(llm).metadata.addLabel('team', 'llm')");
    expect(e.reason).not.toContain('dgd');
  });
});
