import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { installMocks, kubeObjects, occurrences, out, plain, Registration, registrations, urnName } from '../support/pulumi';

const ROOT = path.resolve(__dirname, '../..');
const TOKEN = 'hf_ProgramToken0123456789abcdef';

let recorded: Registration[];
let program: typeof import('../../stacks/pulumi/index.js');
let readStackConfig: typeof import('../../stacks/pulumi/config.js').readStackConfig;
let deploy: typeof import('../../stacks/pulumi/deploy.js').deploy;

/** A stack config file as the flat string map the engine hands a program, its keys moved to `project`. */
function stackConfig(file: string, project = 'dynamo-constructs'): Record<string, string> {
  const doc = parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as { config: Record<string, unknown> };
  return Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [
    k.replace(/^dynamo-constructs:/, `${project}:`), typeof v === 'string' ? v : JSON.stringify(v),
  ]));
}

beforeAll(async () => {
  // The example config plus the token as `pulumi config set --secret hfToken` stores it, then the program.
  recorded = installMocks({ ...stackConfig('Pulumi.dev.yaml.example'), 'dynamo-constructs:hfToken': TOKEN }, ['dynamo-constructs:hfToken']);
  program = await import('../../stacks/pulumi/index.js');
  ({ readStackConfig } = await import('../../stacks/pulumi/config.js'));
  ({ deploy } = await import('../../stacks/pulumi/deploy.js'));
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
    expect(card.displayName).toBe('llama-3.3-70b');
    expect(card.frontend.replicas).toBe(2);
    expect(card.pools.prefill.summary).toBe('2 × 4 GPU, TP 4, 2 CPU, 8Gi');
    expect(card.pools.decode.summary).toBe('1 × 4 GPU, TP 4, 16 CPU, 128Gi (autoscaled)');
    expect(Object.keys(await out(program.logsCommands))).toStrictEqual(['Frontend', 'VllmPrefillWorker', 'VllmDecodeWorker']);
  });

  test('registers the namespace, the token Secret, then the chart\'s objects; the token only as a secret', async () => {
    // GIVEN
    const component = recorded.find((r) => r.type === 'dynamo-constructs:index:DisaggregatedLlm' && r.name === 'llama-70b');
    expect(component).toBeDefined();
    // WHEN
    const children = recorded.filter((r) => r.name.startsWith('llama-70b/'));
    const objs = kubeObjects(children).map((r) => plain(r.raw) as { kind: string; metadata: { name: string } });
    // THEN: the namespace first, then the token Secret, then the chart's objects
    expect(objs.slice(0, 2).map((o) => o.kind)).toStrictEqual(['Namespace', 'Secret']);
    expect(objs.slice(2).map((o) => o.kind).sort()).toStrictEqual([
      'ConfigMap', 'DynamoGraphDeployment', 'Ingress', 'Job', 'PersistentVolumeClaim', 'PodDisruptionBudget', 'PodMonitor', 'PrometheusRule', 'ScaledObject',
    ]);
    // ...the namespace depends on nothing, the Secret on the namespace, every other object on both
    const [ns, secret, ...rest] = kubeObjects(children);
    expect(ns.dependencies).toStrictEqual([]);
    expect(secret.dependencies.map(urnName)).toStrictEqual([ns.name]);
    for (const r of rest) expect(r.dependencies.map(urnName)).toStrictEqual(expect.arrayContaining([ns.name, secret.name]));
    expect(children.flatMap((r) => occurrences(r.raw, TOKEN)).every((o) => o.secret)).toBe(true);
    expect(children.flatMap((r) => occurrences(r.raw, TOKEN))).toHaveLength(1);
  });
});

/** What each example stack file deploys: the component type and the kinds of its Kubernetes objects. */
const EXAMPLES: Record<string, { component: string; kinds: string[] }> = {
  'Pulumi.dev.yaml.example': {
    component: 'DisaggregatedLlm',
    kinds: ['ConfigMap', 'DynamoGraphDeployment', 'Ingress', 'Job', 'Namespace', 'PersistentVolumeClaim', 'PodDisruptionBudget', 'PodMonitor',
      'PrometheusRule', 'ScaledObject', 'Secret'],
  },
  'Pulumi.eks.yaml.example': {
    component: 'DisaggregatedLlm',
    kinds: ['DynamoGraphDeployment', 'EC2NodeClass', 'EC2NodeClass', 'Ingress', 'Job', 'Namespace', 'NodePool', 'NodePool', 'PersistentVolumeClaim',
      'PodDisruptionBudget', 'Secret', 'StorageClass'],
  },
  'Pulumi.eks-auto-mode.yaml.example': {
    component: 'AggregatedLlm',
    kinds: ['DynamoGraphDeployment', 'Ingress', 'IngressClass', 'IngressClassParams', 'Job', 'Namespace', 'NodeClass', 'NodePool', 'PersistentVolumeClaim',
      'Secret', 'StorageClass'],
  },
  'Pulumi.gke.yaml.example': {
    component: 'DisaggregatedLlm',
    kinds: ['ComputeClass', 'ComputeClass', 'DynamoGraphDeployment', 'GCPBackendPolicy', 'Gateway', 'HTTPRoute', 'HealthCheckPolicy', 'Job', 'Namespace',
      'PersistentVolumeClaim', 'Secret', 'StorageClass'],
  },
  'Pulumi.aks.yaml.example': {
    component: 'DisaggregatedLlm',
    kinds: ['DynamoGraphDeployment', 'Gateway', 'HTTPRoute', 'Job', 'Namespace', 'PersistentVolumeClaim', 'Secret', 'StorageClass'],
  },
};

describe('the example stack files', () => {
  test('every Pulumi.*.yaml.example at the repository root is run below', () => {
    const files = fs.readdirSync(ROOT).filter((f) => /^Pulumi\..+\.yaml\.example$/.test(f)).sort();
    expect(files).toStrictEqual(Object.keys(EXAMPLES).sort());
  });

  test.each(Object.entries(EXAMPLES))('%s runs under mocks and deploys what it describes', async (file, expected) => {
    // GIVEN the file's config in a namespace of its own, with the token set as a secret
    const project = `example-${file.split('.')[1]}`;
    pulumi.runtime.setAllConfig({ ...stackConfig(file, project), [`${project}:hfToken`]: TOKEN }, [`${project}:hfToken`]);
    // WHEN
    const spec = readStackConfig(new pulumi.Config(project));
    const llm = deploy({ ...spec, name: project });
    // THEN
    const regs = await registrations(recorded, llm);
    expect(regs[0].type).toBe(`dynamo-constructs:index:${expected.component}`);
    expect(kubeObjects(regs).map((r) => (plain(r.raw) as { kind: string }).kind).sort()).toStrictEqual(expected.kinds);
  });
});
