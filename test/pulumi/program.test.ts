import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { installMocks, kubeObjects, occurrences, out, plain, Registration, urnName } from '../support/pulumi';
import { KvCacheDtype, KvTransfer, RouterMode } from '../../lib';

const ROOT = path.resolve(__dirname, '../..');
const TOKEN = 'hf_ProgramToken0123456789abcdef';

let recorded: Registration[];
let program: typeof import('../../stacks/pulumi/index.js');
let readStackConfig: typeof import('../../stacks/pulumi/config.js').readStackConfig;

/** Pulumi.dev.yaml.example as the flat string map the engine hands a program. */
function exampleConfig(): Record<string, string> {
  const doc = parse(fs.readFileSync(path.join(ROOT, 'Pulumi.dev.yaml.example'), 'utf8')) as { config: Record<string, unknown> };
  return Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

beforeAll(async () => {
  // The example config plus the token as `pulumi config set --secret hfToken` stores it, then the program.
  recorded = installMocks({ ...exampleConfig(), 'dynamo-constructs:hfToken': TOKEN }, ['dynamo-constructs:hfToken']);
  program = await import('../../stacks/pulumi/index.js');
  ({ readStackConfig } = await import('../../stacks/pulumi/config.js'));
});

describe('the Pulumi program (Pulumi.yaml)', () => {
  test('Pulumi.yaml runs the TypeScript program in stacks/pulumi', () => {
    const project = parse(fs.readFileSync(path.join(ROOT, 'Pulumi.yaml'), 'utf8'));
    expect(project.name).toBe('dynamo-constructs');
    expect(project.runtime).toStrictEqual({ name: 'nodejs', options: { typescript: true, packagemanager: 'npm' } });
    expect(fs.existsSync(path.join(ROOT, project.main, 'index.ts'))).toBe(true);
  });

  test('with the example config, deploys the disaggregated pattern it describes', async () => {
    // WHEN (the program ran at import)
    const card = await out(program.endpointCard);
    // THEN
    expect(await out(program.dgdName)).toBe('llama-70b');
    expect(await out(program.endpoint)).toBe('http://llama-70b-frontend.llm.svc.cluster.local:8000/v1');
    expect(card.servingMode).toBe('disaggregated');
    expect(card.routerMode).toBe('kv');
    expect(card.frontend.replicas).toBe(2);
    expect(card.pools.prefill.summary).toBe('2 × 4 GPU, TP 4, 2 CPU, 8Gi');
    expect(card.pools.decode.summary).toBe('4 × 4 GPU, TP 4, 2 CPU, 8Gi (autoscaled)');
    expect(Object.keys(await out(program.logsCommands))).toStrictEqual(['Frontend', 'VllmPrefillWorker', 'VllmDecodeWorker']);
  });

  test('registers the namespace, the token Secret, the cache, the download Job and the graph; the token only as a secret', async () => {
    // GIVEN
    const component = recorded.find((r) => r.type === 'dynamo-constructs:index:DisaggregatedLlm' && r.name === 'llama-70b');
    expect(component).toBeDefined();
    // WHEN
    const children = recorded.filter((r) => r.name.startsWith('llama-70b/'));
    const objs = kubeObjects(children).map((r) => plain(r.raw) as { kind: string; metadata: { name: string } });
    // THEN: the namespace first, then the token Secret, then the chart's objects
    expect(objs.slice(0, 2).map((o) => o.kind)).toStrictEqual(['Namespace', 'Secret']);
    expect(objs.slice(2).map((o) => o.kind).sort()).toStrictEqual(['DynamoGraphDeployment', 'Job', 'PersistentVolumeClaim', 'PodDisruptionBudget']);
    // ...the namespace depends on nothing, the Secret on the namespace, every other object on both
    const [ns, secret, ...rest] = kubeObjects(children);
    expect(ns.dependencies).toStrictEqual([]);
    expect(secret.dependencies.map(urnName)).toStrictEqual([ns.name]);
    for (const r of rest) expect(r.dependencies.map(urnName)).toStrictEqual(expect.arrayContaining([ns.name, secret.name]));
    expect(children.flatMap((r) => occurrences(r.raw, TOKEN)).every((o) => o.secret)).toBe(true);
    expect(children.flatMap((r) => occurrences(r.raw, TOKEN))).toHaveLength(1);
  });
});

describe('stack config errors', () => {
  const configFor = (project: string, values: Record<string, string>) => {
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(values).map(([k, val]) => [`${project}:${k}`, val])));
    return new pulumi.Config(project);
  };

  test('fails on an unknown backend, naming the key and the choices', () => {
    expect(() => readStackConfig(configFor('err-backend', { model: 'Qwen/Qwen3-0.6B', backend: 'tgi' })))
      .toThrow('config backend must be one of vllm, sglang, trtllm (got "tgi"); run pulumi config set backend vllm');
  });

  test('fails on an unknown mode', () => {
    expect(() => readStackConfig(configFor('err-mode', { model: 'Qwen/Qwen3-0.6B', mode: 'disagg' })))
      .toThrow('config mode must be one of aggregated, disaggregated (got "disagg")');
  });

  test('fails on a misspelt pool setting', () => {
    expect(() => readStackConfig(configFor('err-pool', { model: 'Qwen/Qwen3-0.6B', workers: '{"gpu":2}' })))
      .toThrow('config workers.gpu is not a pool setting (replicas, gpus, nodes, tensorParallelSize, maxModelLen, maxNumSeqs, scalingAdapter, gpuMemoryUtilization, kvCacheDtype, kvBlockSize, maxNumTokens, enableChunkedPrefill, enableBlockReuse, cudaGraphMaxBatchSize) (got 2)');
  });

  test('fails on a new model cache without a size', () => {
    expect(() => readStackConfig(configFor('err-cache', { model: 'Qwen/Qwen3-0.6B', modelCache: '{"storageClass":"efs-sc"}' })))
      .toThrow(/^config modelCache needs storageClass and sizeGi for a new volume, or existingClaim/);
  });

  test('fails on both a token and a Secret name', () => {
    expect(() => readStackConfig(configFor('err-token', { model: 'Qwen/Qwen3-0.6B', hfToken: TOKEN, hfTokenSecretName: 'hf-token-secret' })))
      .toThrow(/^config hfTokenSecretName must not be set together with hfToken/);
  });

  test('fails on an rdma fabric the program does not know, and on a misspelt rdma setting', () => {
    expect(() => readStackConfig(configFor('err-fabric', { model: 'Qwen/Qwen3-0.6B', rdma: '{"fabric":"tcpx"}' })))
      .toThrow('config rdma.fabric must be one of infiniband, roce, efa (got "tcpx"); run pulumi config set rdma.fabric infiniband');
    expect(() => readStackConfig(configFor('err-rdma', { model: 'Qwen/Qwen3-0.6B', rdma: '{"fabric":"efa","devices":4}' })))
      .toThrow('config rdma.devices is not an rdma setting (fabric, resourceName, devicesPerPod) (got 4)');
  });

  test('reads the rdma fabric into a generic cloud profile that wires EFA', () => {
    // GIVEN / WHEN
    const spec = readStackConfig(configFor('ok-rdma', { model: 'Qwen/Qwen3-0.6B', rdma: '{"fabric":"efa","devicesPerPod":4}' }));
    // THEN
    expect(spec.args.cloud?.id).toBe('generic');
    expect(spec.args.kvTransfer).toBeUndefined();
  });

  test('fails without a model', () => {
    expect(() => readStackConfig(configFor('err-model', {}))).toThrow(/err-model:model/);
  });

  test('reads the KV transfer, the bootstrap port and the tuning keys of a pool', () => {
    // GIVEN / WHEN
    const spec = readStackConfig(configFor('ok-tuning', {
      model: 'Qwen/Qwen3-0.6B', mode: 'disaggregated', backend: 'sglang', kvTransfer: 'mooncake', disaggregationBootstrapPort: '23456',
      decode: '{"gpuMemoryUtilization":0.8,"kvCacheDtype":"fp8","kvBlockSize":32}',
    }));
    // THEN
    expect([spec.args.kvTransfer, spec.args.disaggregationBootstrapPort]).toStrictEqual([KvTransfer.mooncake(), 23456]);
    expect(spec.args.decode).toStrictEqual({ gpuMemoryUtilization: 0.8, kvBlockSize: 32, kvCacheDtype: KvCacheDtype.FP8 });
  });

  test('fails on the nixlBackend key of earlier versions, with the kvTransfer command', () => {
    expect(() => readStackConfig(configFor('err-nixl', { model: 'Qwen/Qwen3-0.6B', nixlBackend: 'libfabric' })))
      .toThrow('config nixlBackend is replaced by kvTransfer (got "libfabric"); run pulumi config rm nixlBackend && pulumi config set kvTransfer nixl-libfabric');
  });

  test('reads numbers and booleans that pulumi config set --path stored as strings, and fails on other strings naming the key', () => {
    const spec = readStackConfig(configFor('ok-strings', { model: 'Qwen/Qwen3-0.6B', decode: '{"gpuMemoryUtilization":"0.8","replicas":"2","scalingAdapter":"true"}' }));
    expect(spec.args.decode).toStrictEqual({ gpuMemoryUtilization: 0.8, replicas: 2, scalingAdapter: true });
    expect(() => readStackConfig(configFor('err-number', { model: 'Qwen/Qwen3-0.6B', decode: '{"gpus":"four"}' })))
      .toThrow("config decode.gpus must be a number (got \"four\"); run pulumi config set --path 'decode.gpus' <number>");
  });

  test('reads kv-approximate as the router mode', () => {
    expect(readStackConfig(configFor('ok-approx', { model: 'Qwen/Qwen3-0.6B', routerMode: 'kv-approximate' })).args.frontend?.routerMode).toBe(RouterMode.KV_APPROXIMATE);
  });

  test('fails on a KV transfer the program does not know', () => {
    expect(() => readStackConfig(configFor('err-kv', { model: 'Qwen/Qwen3-0.6B', kvTransfer: 'tcp' })))
      .toThrow('config kvTransfer must be one of nixl, nixl-ucx, nixl-libfabric, mooncake, ucx (got "tcp"); run pulumi config set kvTransfer nixl');
  });

  test('reads an existing claim and a Secret name', () => {
    const spec = readStackConfig(configFor('ok-existing', { model: 'Qwen/Qwen3-0.6B', modelCache: '{"existingClaim":"model-cache"}', hfTokenSecretName: 'hf-token-secret' }));
    expect(spec.mode).toBe('aggregated');
    expect(spec.args.modelCache?.claimName).toBe('model-cache');
    expect(spec.args.hfToken).toMatchObject({ secret: { name: 'hf-token-secret' }, key: 'HF_TOKEN' });
  });
});
