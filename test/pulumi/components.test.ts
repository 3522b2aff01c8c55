import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm as AggregatedLlmConstruct, Backend, ComponentType, DisaggregatedLlm as DisaggregatedLlmConstruct, DynamoValidationError, EnvValue,
  DynamoVersion, HfToken, ModelCache, RouterMode,
} from '../../lib';
import type * as Engine from '../../lib/pulumi';
import { tokenSecretValue } from '../../lib/pulumi/hf-token-value';
import {
  dependencyRule, inputPropertyError, kubeObjects, mockedEngine, occurrences, out, plain, Registration, registeredGraph, registrations,
  SECRET_SIG, SECRET_SIG_KEY, synthOrder,
} from '../support/pulumi';
import { newChart } from '../support/synth';

const mocked = mockedEngine();

const TOKEN = 'hf_TestTokenValue0123456789abcdef';
/** What `fn` throws (fails when it throws nothing). */
const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, nothing was thrown');
};
const v = (r: Registration) => plain(r.raw) as Record<string, any>;
const byKind = (regs: Registration[], kind: string) => {
  const found = kubeObjects(regs).filter((r) => v(r).kind === kind);
  expect(found.length, `one ${kind}`).toBe(1);
  return found[0];
};

describe('DisaggregatedLlm (Pulumi)', () => {
  test('registers the component under its type token and every object as its own child', async () => {
    // GIVEN / WHEN
    const c = new mocked.engine.DisaggregatedLlm('reg-llama', {
      allowTcpKvTransfer: true,
      model: 'Qwen/Qwen3-8B',
      namespace: 'llm',
      modelCache: ModelCache.newVolume({ storageClass: 'efs-sc', size: Size.gibibytes(50) }),
      hfToken: HfToken.fromSecret('hf-token-secret'),
    });
    const regs = await registrations(mocked.recorded, c);
    // THEN
    const component = regs.find((r) => !r.custom)!;
    expect(component.type).toBe('dynamo-constructs:index:DisaggregatedLlm');
    const componentUrn = await out(c.urn);
    const children = kubeObjects(regs);
    expect(children.map((r) => [r.type, r.name])).toStrictEqual([
      ['kubernetes:core/v1:PersistentVolumeClaim', 'reg-llama/llm/reg-llama-model-cache'],
      ['kubernetes:batch/v1:Job', `reg-llama/llm/${v(children[1]).metadata.name}`],
      ['kubernetes:nvidia.com/v1beta1:DynamoGraphDeployment', 'reg-llama/llm/reg-llama'],
    ]);
    expect(v(children[1]).metadata.name).toMatch(/^reg-llama-model-download-[0-9a-f]{8}$/);
    for (const child of children) expect(child.parent).toBe(componentUrn);
  });

  test('each object depends on exactly its ApiObject\'s dependencies; the namespace precedes everything, the token Secret every chart object', async () => {
    // GIVEN / WHEN
    const c = new mocked.engine.DisaggregatedLlm('order-llama', {
      allowTcpKvTransfer: true,
      model: 'Qwen/Qwen3-8B',
      namespace: 'llm-order',
      createNamespace: true,
      modelCache: ModelCache.newVolume({ storageClass: 'efs-sc', size: Size.gibibytes(50) }),
      hfToken: TOKEN,
    });
    const graph = await registeredGraph(mocked.recorded, c, 'order-llama/llm-order/');
    // THEN every resource depends on the resources of its ApiObject's dependencies (construct dependencies resolved by cdk8s)
    const ns = 'Namespace llm-order';
    const secret = 'Secret order-llama-hf-token';
    expect(Object.fromEntries(graph)).toStrictEqual(dependencyRule(c.pattern, 'order-llama', 'order-llama/llm-order/', [secret]));
    // ...the Namespace first, then the Secret, which depends on it alone
    expect(graph.slice(0, 2)).toStrictEqual([[ns, []], [secret, [ns]]]);
    // ...every other object depends on both
    expect(graph.length).toBe(5);
    for (const [, deps] of graph.slice(2)) expect(deps).toStrictEqual(expect.arrayContaining([ns, secret]));
    // ...and the chart's objects are registered in the order cdk8s synth writes them
    expect(graph.map(([key]) => key).filter((key) => key !== secret)).toStrictEqual(synthOrder(c.pattern, 'order-llama', 'order-llama/llm-order/'));
  });

  test('waits for the model download for 2h by default (the Job may run 24h), or as long as modelDownloadTimeout says, and the Job stops then', async () => {
    // GIVEN
    const cache = ModelCache.newVolume({ storageClass: 'efs-sc', size: Size.gibibytes(50) });
    // WHEN
    const dflt = await registrations(mocked.recorded, new mocked.engine.AggregatedLlm('timeout-a', { model: 'Qwen/Qwen3-8B', modelCache: cache }));
    const custom = await registrations(mocked.recorded, new mocked.engine.AggregatedLlm('timeout-b', { model: 'Qwen/Qwen3-8B', modelCache: cache, modelDownloadTimeout: '45m' }));
    // THEN
    expect(byKind(dflt, 'Job').customTimeouts).toStrictEqual({ create: '2h', update: '2h' });
    expect(byKind(custom, 'Job').customTimeouts).toStrictEqual({ create: '45m', update: '45m' });
    // AND the Job itself stops when Pulumi stops waiting, when told a timeout
    expect(v(byKind(dflt, 'Job')).spec.activeDeadlineSeconds).toBe(86400);
    expect(v(byKind(custom, 'Job')).spec.activeDeadlineSeconds).toBe(2700);
    expect(byKind(custom, 'DynamoGraphDeployment').customTimeouts).toStrictEqual({ create: '', update: '' });
  });

  test('modelCache.downloadTimeout sets both the wait and the deadline; with modelDownloadTimeout too, an InputPropertyError', async () => {
    // GIVEN
    const cache = ModelCache.newVolume({ storageClass: 'efs-sc', size: Size.gibibytes(50), downloadTimeout: Duration.hours(5) });
    // WHEN
    const regs = await registrations(mocked.recorded, new mocked.engine.AggregatedLlm('timeout-c', { model: 'Qwen/Qwen3-8B', modelCache: cache }));
    // THEN
    expect(byKind(regs, 'Job').customTimeouts).toStrictEqual({ create: '18000s', update: '18000s' });
    expect(v(byKind(regs, 'Job')).spec.activeDeadlineSeconds).toBe(18000);
    expect(inputPropertyError(() => new mocked.engine.AggregatedLlm('timeout-d', { model: 'Qwen/Qwen3-8B', modelCache: cache, modelDownloadTimeout: '1h' })).propertyPath)
      .toBe('modelDownloadTimeout');
  });

  test('reports a model download timeout that is not a duration as an InputPropertyError of modelDownloadTimeout', () => {
    expect(inputPropertyError(() => new mocked.engine.AggregatedLlm('timeout-bad', { model: 'Qwen/Qwen3-8B', modelDownloadTimeout: '2 hours' }))).toStrictEqual({
      propertyPath: 'modelDownloadTimeout',
      reason: 'modelDownloadTimeout must be a duration such as "90m" or "2h30m" (got "2 hours"); use a number followed by h, m or s',
    });
  });

  test.each([
    ['provider', (p: k8s.Provider): pulumi.ComponentResourceOptions => ({ provider: p })],
    ['providers', (p: k8s.Provider): pulumi.ComponentResourceOptions => ({ providers: { kubernetes: p } })],
  ])('sends every child to the Kubernetes provider given as %s', async (label, opts) => {
    // GIVEN
    const provider = new k8s.Provider(`gpu-cluster-${label}`, { namespace: 'ignored' });
    const providerUrn = await out(provider.urn);
    // WHEN
    const c = new mocked.engine.AggregatedLlm(`prov-${label}`, { model: 'Qwen/Qwen3-0.6B', namespace: 'llm', createNamespace: true }, opts(provider));
    const regs = await registrations(mocked.recorded, c);
    // THEN
    const children = kubeObjects(regs);
    expect(children.length).toBe(2);
    for (const child of children) expect(child.provider.startsWith(`${providerUrn}::`)).toBe(true);
  });

  test('resolves the outputs to the endpoint, commands and card of the cdk8s construct', async () => {
    // GIVEN / WHEN
    const c = new mocked.engine.DisaggregatedLlm('out-llama', {
      allowTcpKvTransfer: true,
      model: 'meta-llama/Llama-3.3-70B-Instruct',
      servedModelName: 'llama-70b',
      namespace: 'llm',
      prefill: { replicas: 2, gpus: 4 },
      decode: { replicas: 6, gpus: 4, scalingAdapter: true },
      frontend: { replicas: 2, routerMode: RouterMode.KV },
    });
    await registrations(mocked.recorded, c);
    // THEN
    expect(await out(c.dgdName)).toBe('out-llama');
    expect(await out(c.dynamoNamespace)).toBe('llm-out-llama');
    expect(await out(c.frontendService)).toBe('out-llama-frontend');
    expect(await out(c.endpoint)).toBe('http://out-llama-frontend.llm.svc.cluster.local:8000/v1');
    expect(await out(c.curlCommand)).toBe(
      'curl -sS http://out-llama-frontend.llm.svc.cluster.local:8000/v1/chat/completions -H \'Content-Type: application/json\' '
      + '-d \'{"model":"llama-70b","messages":[{"role":"user","content":"Hello! Who are you?"}],"max_tokens":64}\'');
    expect(await out(c.portForwardCommand)).toBe('kubectl port-forward -n llm svc/out-llama-frontend 8000:8000');
    expect(await out(c.logsCommands)).toStrictEqual({
      Frontend: 'kubectl logs -n llm -l nvidia.com/dynamo-graph-deployment-name=out-llama,nvidia.com/dynamo-component=Frontend -c main --prefix --tail=100 -f',
      VllmPrefillWorker: 'kubectl logs -n llm -l nvidia.com/dynamo-graph-deployment-name=out-llama,nvidia.com/dynamo-component=VllmPrefillWorker -c main --prefix --tail=100 -f',
      VllmDecodeWorker: 'kubectl logs -n llm -l nvidia.com/dynamo-graph-deployment-name=out-llama,nvidia.com/dynamo-component=VllmDecodeWorker -c main --prefix --tail=100 -f --max-log-requests=6',
    });
    const card = await out(c.endpointCard);
    expect(card).toStrictEqual(c.pattern.endpointCard);
    // The topology is the cdk8s construct's for the same props, known without waiting for outputs.
    const construct = new DisaggregatedLlmConstruct(newChart(), 'out-llama', {
      allowTcpKvTransfer: true, model: 'meta-llama/Llama-3.3-70B-Instruct', servedModelName: 'llama-70b', namespace: 'llm',
      prefill: { replicas: 2, gpus: 4 }, decode: { replicas: 6, gpus: 4, scalingAdapter: true }, frontend: { replicas: 2, routerMode: RouterMode.KV },
    });
    expect(c.topology.mermaid).toBe(construct.topology.mermaid);
    expect(c.topology.svg).toBe(construct.topology.svg);
    expect(c.topology.edges.find((e) => e.kind === 'kvTransfer')?.label).toBe('KV cache · NIXL UCX · over TCP');
    expect({
      displayName: card.displayName, dynamoNamespace: card.dynamoNamespace, dynamoVersion: card.dynamoVersion,
      backendFramework: card.backendFramework, servingMode: card.servingMode, routerMode: card.routerMode,
      frontend: card.frontend.summary, prefill: card.pools.prefill.summary, decode: card.pools.decode.summary,
    }).toStrictEqual({
      displayName: 'llama-70b', dynamoNamespace: 'llm-out-llama', dynamoVersion: '1.6.2',
      backendFramework: 'vllm', servingMode: 'disaggregated', routerMode: 'kv',
      frontend: '2 × 1 CPU, 2Gi', prefill: '2 × 4 GPU, TP 4, 2 CPU, 8Gi', decode: '6 × 4 GPU, TP 4, 2 CPU, 8Gi (autoscaled)',
    });
  });

  test('reports the construct\'s validation error as an InputPropertyError of the prop it names, before registering anything', () => {
    // GIVEN
    const before = mocked.recorded.length;
    const props = { allowTcpKvTransfer: true, model: 'Qwen/Qwen3-8B', decode: { gpus: 2, tensorParallelSize: 4 } };
    const constructError = thrown(() => new DisaggregatedLlmConstruct(newChart('llm'), 'bad-llama', props));
    // WHEN
    const error = inputPropertyError(() => new mocked.engine.DisaggregatedLlm('bad-llama', props));
    // THEN
    expect(DynamoValidationError.isDynamoValidationError(constructError)).toBe(true);
    expect(error).toStrictEqual({ propertyPath: 'decode.tensorParallelSize', reason: (constructError as Error).message });
    expect(error.reason).toMatch(/^decode\.tensorParallelSize must match the GPUs/);
    expect(mocked.recorded.length).toBe(before);
  });

  test('keeps the DynamoValidationError as the cause of the InputPropertyError', () => {
    // GIVEN / WHEN
    const error = thrown(() => new mocked.engine.DisaggregatedLlm('cause-llama', { allowTcpKvTransfer: true, model: 'Qwen/Qwen3-8B', decode: { gpus: 2, tensorParallelSize: 4 } }));
    // THEN
    const cause = (error as Error).cause;
    expect(DynamoValidationError.isDynamoValidationError(cause)).toBe(true);
    expect((cause as DynamoValidationError).prop).toBe('decode.tensorParallelSize');
  });

  test('reports an invalid name as an InputPropertyError of name', () => {
    // GIVEN
    const constructError = thrown(() => new AggregatedLlmConstruct(newChart('llm'), 'Not_A_DNS_Label', { model: 'Qwen/Qwen3-8B' }));
    // WHEN / THEN
    expect(inputPropertyError(() => new mocked.engine.AggregatedLlm('Not_A_DNS_Label', { model: 'Qwen/Qwen3-8B' })))
      .toStrictEqual({ propertyPath: 'name', reason: (constructError as Error).message });
  });

  test('reports a built-in namespace with createNamespace, and an invalid namespace, as InputPropertyErrors of those args', () => {
    expect(inputPropertyError(() => new mocked.engine.AggregatedLlm('ns-a', { model: 'Qwen/Qwen3-0.6B', namespace: 'kube-system', createNamespace: true }))).toStrictEqual({
      propertyPath: 'createNamespace',
      reason: 'createNamespace must not be set for the built-in namespace kube-system, which Pulumi would delete on destroy (got true); remove createNamespace, or set namespace to a namespace of your own',
    });
    expect(inputPropertyError(() => new mocked.engine.AggregatedLlm('ns-b', { model: 'Qwen/Qwen3-0.6B', namespace: 'Team_ML' }))).toStrictEqual({
      propertyPath: 'namespace',
      reason: 'namespace must be a DNS label (lowercase letters, digits and \'-\', at most 63 characters) (got "Team_ML"); use an existing Kubernetes namespace name such as "dynamo"',
    });
  });

  test('reports a validation error raised by customize as an InputPropertyError of customize; other errors pass through', () => {
    // GIVEN
    const twice = (llm: Engine.AggregatedLlm['pattern']) => {
      llm.dgd.addEnv('A', EnvValue.fromValue('1'));
      llm.dgd.addEnv('A', EnvValue.fromValue('2'));
    };
    const broken = (): void => {
      throw new TypeError('not a validation error');
    };
    // WHEN / THEN
    expect(inputPropertyError(() => new mocked.engine.AggregatedLlm('cust-a', { model: 'Qwen/Qwen3-0.6B', customize: twice }))).toStrictEqual({
      propertyPath: 'customize',
      reason: 'env already sets A; set each variable once',
    });
    expect(thrown(() => new mocked.engine.AggregatedLlm('cust-b', { model: 'Qwen/Qwen3-0.6B', customize: broken }))).toStrictEqual(new TypeError('not a validation error'));
  });
});

describe('hfToken (Pulumi)', () => {
  test.each([
    ['a secret output', () => pulumi.secret(TOKEN)],
    ['a plain output', () => pulumi.output(TOKEN)],
    ['a plain string', () => TOKEN],
  ])('given as %s, defines a Secret whose value is only ever sent as a Pulumi secret', async (label, token) => {
    // GIVEN / WHEN
    const name = `tok-${label.replace(/ /g, '-')}`;
    const c = new mocked.engine.DisaggregatedLlm(name, {
      allowTcpKvTransfer: true,
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      namespace: 'llm',
      hfToken: token(),
      modelCache: ModelCache.newVolume({ storageClass: 'efs-sc', size: Size.gibibytes(50) }),
    });
    const regs = await registrations(mocked.recorded, c);
    // THEN the Secret holds the token, wrapped as a secret
    const secret = byKind(regs, 'Secret');
    expect(secret.type).toBe('kubernetes:core/v1:Secret');
    expect(secret.name).toBe(`${name}/llm/${name}-hf-token`);
    expect((secret.raw.stringData as Record<string, unknown>)[SECRET_SIG_KEY]).toBe(SECRET_SIG);
    expect(v(secret).stringData).toStrictEqual({ HF_TOKEN: TOKEN });
    // ...no registration carries it in clear
    const found = regs.flatMap((r) => occurrences(r.raw, TOKEN).map((o) => ({ ...o, name: r.name })));
    expect(found).toStrictEqual([{ path: '.stringData.value.HF_TOKEN', secret: true, name: secret.name }]);
    // ...and the workers and the download Job reference it
    const refs = (o: unknown) => JSON.stringify(o).match(/"secretKeyRef":\{[^}]*\}/g);
    const ref = `"secretKeyRef":{"key":"HF_TOKEN","name":"${name}-hf-token"}`;
    expect(refs(v(byKind(regs, 'DynamoGraphDeployment')))).toStrictEqual([ref, ref, ref]);
    expect(refs(v(byKind(regs, 'Job')))).toStrictEqual([ref]);
    expect(c.hfTokenSecret).toBeDefined();
    // ...after the Secret exists: every chart object depends on it
    const secretUrn = await out(c.hfTokenSecret!.urn);
    expect(secret.dependencies).toStrictEqual([]);
    const others = kubeObjects(regs).filter((r) => r !== secret);
    expect(others.map((r) => v(r).kind).sort()).toStrictEqual(['DynamoGraphDeployment', 'Job', 'PersistentVolumeClaim']);
    for (const r of others) expect(r.dependencies).toContain(secretUrn);
  });

  test('given as a reference from another copy of the package (same shape, other class), defines no Secret', async () => {
    const ref = HfToken.fromSecret('hf-token-secret');
    const c = new mocked.engine.AggregatedLlm('tok-copy', { model: 'Qwen/Qwen3-0.6B', hfToken: { secret: ref.secret, key: ref.key } as HfToken });
    const regs = await registrations(mocked.recorded, c);
    expect(kubeObjects(regs).map((r) => v(r).kind)).toStrictEqual(['DynamoGraphDeployment']);
    expect(JSON.stringify(v(regs[1]))).toContain('"secretKeyRef":{"key":"HF_TOKEN","name":"hf-token-secret"}');
  });

  test('given as an HfToken reference, defines no Secret', async () => {
    const c = new mocked.engine.AggregatedLlm('tok-ref', { model: 'Qwen/Qwen3-0.6B', hfToken: HfToken.fromSecret('hf-token-secret') });
    const regs = await registrations(mocked.recorded, c);
    expect(kubeObjects(regs).map((r) => v(r).kind)).toStrictEqual(['DynamoGraphDeployment']);
    expect(c.hfTokenSecret).toBeUndefined();
  });

  test('reports an empty token as an InputPropertyError of hfToken', () => {
    expect(inputPropertyError(() => new mocked.engine.AggregatedLlm('tok-empty', { model: 'Qwen/Qwen3-0.6B', hfToken: '' }))).toStrictEqual({
      propertyPath: 'hfToken',
      reason: 'hfToken must not be empty (got ""); pass config.requireSecret("hfToken"), or leave hfToken out for public models',
    });
  });
});

describe('hfToken values that are no token (Pulumi)', () => {
  test.each([
    ['an output of an empty string', () => pulumi.secret(''), 'an empty string'],
    ['an output of undefined (config.getSecret of an unset key)', () => pulumi.output(undefined as unknown as string), 'undefined'],
    ['an output of a number', () => pulumi.output(42 as unknown as string), 'a number'],
  ])('given %s, the Secret value fails with an InputPropertyError of hfToken that never shows a value', async (_label, token, got) => {
    // GIVEN / WHEN the value the component puts in the Secret resolves
    const value = tokenSecretValue(token());
    // The failure reaches every promise of the Output; a program fails on the first unhandled one, a test handles them all.
    // (Output.promise(), isKnown and isSecret are Pulumi's own accessors: the public `apply` never calls back on a failure.)
    const inner = value as unknown as { promise(): Promise<unknown>; isKnown: Promise<boolean>; isSecret: Promise<boolean> };
    for (const p of [inner.isKnown, inner.isSecret]) p.catch(() => undefined);
    const resolved = inner.promise();
    const failure = await resolved.then(() => undefined, (e: unknown) => e);
    // THEN it fails with the named error
    expect(failure).toBeInstanceOf(pulumi.InputPropertyError);
    expect((failure as pulumi.InputPropertyError).propertyPath).toBe('hfToken');
    expect((failure as pulumi.InputPropertyError).reason).toBe(`hfToken must resolve to a non-empty string (got "${got}"); `
      + 'check the config key, e.g. `pulumi config set --secret hfToken <token>` and config.requireSecret("hfToken"), or leave hfToken out for public models');
  });

  test('given a token, the Secret value is the token, as a secret', async () => {
    const value = tokenSecretValue(pulumi.output(TOKEN));
    expect(await out(value)).toBe(TOKEN);
    expect(await pulumi.isSecret(value)).toBe(true);
  });

  test.each([
    ['a number', 42, '"a number"'],
    ['a blank string', '   ', '"   "'],
    ['null', null, 'null'],
  ])('given %s by value, fails at once with an InputPropertyError of hfToken', (_label, token, got) => {
    const e = inputPropertyError(() => new mocked.engine.AggregatedLlm('tok-now', { model: 'Qwen/Qwen3-0.6B', hfToken: token as unknown as string }));
    expect(e.propertyPath).toBe('hfToken');
    expect(e.reason).toContain(`(got ${got})`);
  });
});

describe('update safety', () => {
  const dgdOf = async (c: Engine.LlmComponent<any, any> | Engine.DynamoGraphDeployment) => byKind(await registrations(mocked.recorded, c), 'DynamoGraphDeployment');

  test('the graph is never replaced: no replace triggers, delete-before-replace off, the other API generation aliased', async () => {
    // GIVEN / WHEN
    const beta = await dgdOf(new mocked.engine.AggregatedLlm('safe-beta', { model: 'Qwen/Qwen3-0.6B' }));
    const alpha = await dgdOf(new mocked.engine.AggregatedLlm('safe-alpha', { model: 'Qwen/Qwen3-0.6B', dynamoVersion: DynamoVersion.V1_1_0 }));
    // THEN
    expect(beta.replaceOnChanges).toStrictEqual([]);
    expect(beta.deleteBeforeReplace).toBe(false);
    expect(beta.aliasTypes).toStrictEqual(['kubernetes:nvidia.com/v1alpha1:DynamoGraphDeployment']);
    expect(alpha.type).toBe('kubernetes:nvidia.com/v1alpha1:DynamoGraphDeployment');
    expect(alpha.aliasTypes).toStrictEqual(['kubernetes:nvidia.com/v1beta1:DynamoGraphDeployment']);
  });

  test('the graph keeps its resource name and type when props change, so a change is an update', async () => {
    // GIVEN
    const base = { model: 'Qwen/Qwen3-8B', namespace: 'llm' };
    const registerDgd = async (c: Engine.DisaggregatedLlm) => {
      const from = mocked.recorded.length;
      await Promise.all(c.resources.map((r) => out(r.urn)));
      return byKind(mocked.recorded.slice(from), 'DynamoGraphDeployment');
    };
    // WHEN: the same component, before and after a change of replicas and backend
    const before = await registerDgd(new mocked.engine.DisaggregatedLlm('stable', { allowTcpKvTransfer: true, ...base, decode: { replicas: 1 } }));
    const after = await registerDgd(new mocked.engine.DisaggregatedLlm('stable', { allowTcpKvTransfer: true, ...base, decode: { replicas: 3 }, backend: Backend.sglang() }));
    // THEN
    expect([after.type, after.name]).toStrictEqual([before.type, before.name]);
    expect(v(after).metadata.name).toBe(v(before).metadata.name);
    expect(v(after).spec).not.toStrictEqual(v(before).spec);
  });

  test('replicas are ignored for pools owned by a scaling adapter, and only for them', async () => {
    // GIVEN / WHEN
    const beta = await dgdOf(new mocked.engine.DisaggregatedLlm('scaled-beta', {
      allowTcpKvTransfer: true,
      model: 'Qwen/Qwen3-8B', prefill: { scalingAdapter: true }, decode: { replicas: 2 },
    }));
    const alpha = await dgdOf(new mocked.engine.DisaggregatedLlm('scaled-alpha', {
      allowTcpKvTransfer: true,
      model: 'Qwen/Qwen3-8B', dynamoVersion: DynamoVersion.V1_1_0, decode: { scalingAdapter: true },
    }));
    const fixed = await dgdOf(new mocked.engine.DisaggregatedLlm('scaled-none', { allowTcpKvTransfer: true, model: 'Qwen/Qwen3-8B' }));
    // THEN
    expect(beta.ignoreChanges).toStrictEqual(['spec.components[1].replicas']);
    expect(v(beta).spec.components[1].name).toBe('VllmPrefillWorker');
    expect(alpha.ignoreChanges).toStrictEqual(['spec.services.VllmDecodeWorker.replicas']);
    expect(fixed.ignoreChanges).toStrictEqual([]);
  });

  test('with a planner in the graph, every worker pool\'s replicas are ignored', async () => {
    // GIVEN / WHEN
    const c = new mocked.engine.DisaggregatedLlm('planned', {
      allowTcpKvTransfer: true,
      model: 'Qwen/Qwen3-8B',
      customize: (llm) => {
        llm.dgd.addComponent({ name: 'Planner', type: ComponentType.PLANNER, image: 'nvcr.io/nvidia/ai-dynamo/dynamo-planner:1.4.0' });
      },
    });
    // THEN
    expect((await dgdOf(c)).ignoreChanges).toStrictEqual(['spec.components[1].replicas', 'spec.components[2].replicas']);
  });
});

describe('customize', () => {
  test('changes to the construct, JSON patches included, reach the registered objects', async () => {
    // GIVEN / WHEN
    const c = new mocked.engine.AggregatedLlm('custom', {
      model: 'Qwen/Qwen3-0.6B',
      customize: (llm) => {
        llm.workers.addPodLabel('team', 'ml');
        ApiObject.of(llm.dgd).addJsonPatch(JsonPatch.add('/metadata/labels', { tier: 'gold' }));
      },
    });
    const dgd = v(byKind(await registrations(mocked.recorded, c), 'DynamoGraphDeployment'));
    // THEN
    expect(dgd.metadata.labels).toStrictEqual({ tier: 'gold' });
    expect(dgd.spec.components[1].podTemplate.metadata.labels).toStrictEqual({ team: 'ml' });
  });
});

describe('DynamoGraphDeployment (Pulumi L2)', () => {
  test('registers the graph of the cdk8s construct under its type token, with the same update policy', async () => {
    // GIVEN / WHEN
    const c = new mocked.engine.DynamoGraphDeployment('l2-graph', {
      namespace: 'llm',
      backend: Backend.vllm(),
      components: [
        { name: 'Frontend', type: ComponentType.FRONTEND, image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.4.0' },
        { name: 'Worker', type: ComponentType.WORKER, image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.4.0', gpus: 1, scalingAdapter: true },
      ],
    });
    const regs = await registrations(mocked.recorded, c);
    // THEN
    expect(regs.map((r) => r.type)).toStrictEqual(['dynamo-constructs:index:DynamoGraphDeployment', 'kubernetes:nvidia.com/v1beta1:DynamoGraphDeployment']);
    const dgd = byKind(regs, 'DynamoGraphDeployment');
    expect(dgd.name).toBe('l2-graph/llm/l2-graph');
    expect(dgd.ignoreChanges).toStrictEqual(['spec.components[1].replicas']);
    expect(dgd.aliasTypes).toStrictEqual(['kubernetes:nvidia.com/v1alpha1:DynamoGraphDeployment']);
    expect(await out(c.dgdName)).toBe('l2-graph');
    expect(await out(c.dynamoNamespace)).toBe('llm-l2-graph');
    expect(Object.keys(await out(c.logsCommands))).toStrictEqual(['Frontend', 'Worker']);
  });

  test('quotes component names that are not identifiers in the ignored replicas path (v1alpha1)', async () => {
    const c = new mocked.engine.DynamoGraphDeployment('l2-alpha', {
      dynamoVersion: DynamoVersion.V1_1_0,
      components: [{ name: 'decode-worker', type: ComponentType.DECODE, image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.1.0', scalingAdapter: true }],
    });
    expect(byKind(await registrations(mocked.recorded, c), 'DynamoGraphDeployment').ignoreChanges).toStrictEqual(['spec.services["decode-worker"].replicas']);
  });

  test('reports a graph without components as an InputPropertiesError listing the validation failure, registering nothing', () => {
    // GIVEN
    const before = mocked.recorded.length;
    // WHEN
    const error = thrown(() => new mocked.engine.DynamoGraphDeployment('l2-empty', {}));
    // THEN
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    const e = error as pulumi.InputPropertiesError;
    expect(e.errors).toStrictEqual([]);
    expect(e.message).toMatch(/^Validation failed with the following errors:\n {2}\[pulumi\/l2-empty\] .*a DynamoGraphDeployment needs at least one component/);
    expect(mocked.recorded.length).toBe(before);
  });

  test('reports an invalid component as an InputPropertyError of the component\'s prop', () => {
    expect(inputPropertyError(() => new mocked.engine.DynamoGraphDeployment('l2-bad', {
      components: [{ name: 'bad name', type: ComponentType.FRONTEND, image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.4.0' }],
    }))).toStrictEqual({
      propertyPath: 'components[bad name].name',
      reason: 'components[bad name].name must be 1-63 letters, digits or \'-\', starting and ending with a letter or digit (got "bad name"); choose a component name such as "Frontend" or "VllmDecodeWorker"',
    });
  });

  test('reports placement and customize errors as InputPropertyErrors of namespace, createNamespace and customize', () => {
    // GIVEN
    const components = [{ name: 'Frontend', type: ComponentType.FRONTEND, image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.4.0' }];
    // WHEN / THEN
    expect(inputPropertyError(() => new mocked.engine.DynamoGraphDeployment('l2-ns', { namespace: 'Team_ML', components })).propertyPath).toBe('namespace');
    expect(inputPropertyError(() => new mocked.engine.DynamoGraphDeployment('l2-default', { namespace: 'default', createNamespace: true, components }))).toStrictEqual({
      propertyPath: 'createNamespace',
      reason: 'createNamespace must not be set for the built-in namespace default, which Pulumi would delete on destroy (got true); remove createNamespace, or set namespace to a namespace of your own',
    });
    expect(inputPropertyError(() => new mocked.engine.DynamoGraphDeployment('l2-cust', { components, customize: (dgd) => dgd.component('Worker') })).propertyPath)
      .toBe('customize');
  });

  test('with createNamespace, the graph depends on the namespace, which is registered first', async () => {
    // GIVEN / WHEN
    const c = new mocked.engine.DynamoGraphDeployment('l2-ns-ok', {
      namespace: 'graphs',
      createNamespace: true,
      components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.4.0' }],
    });
    // THEN
    expect(await registeredGraph(mocked.recorded, c, 'l2-ns-ok/graphs/')).toStrictEqual([
      ['Namespace graphs', []],
      ['DynamoGraphDeployment l2-ns-ok', ['Namespace graphs']],
    ]);
  });
});

describe('the test harness', () => {
  test('fails when a component\'s registrations were not mocked.recorded (mocks missing)', async () => {
    // GIVEN: a component whose children the recorder never saw
    const c = new mocked.engine.AggregatedLlm('harness', { model: 'Qwen/Qwen3-0.6B' });
    // WHEN / THEN
    await expect(registrations([], c)).rejects.toThrow(/call installMocks\(\)/);
  });
});
