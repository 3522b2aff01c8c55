import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { APPS } from '../examples';
import { PLATFORM_CLOUDS, PLATFORM_DELIVERIES, platformApp } from '../stacks/platform';
import { assertK8sRules } from './support/k8s-rules';
import { assertSchemaValid } from './support/schema';
import { Manifest, synthAppValid } from './support/synth';

const ROOT = path.resolve(__dirname, '..');

/** The apps that install only the platform: GitOps objects for its charts, no graph. */
const PLATFORM_ONLY: ReadonlySet<string> = new Set(['platform']);

/** Runs `fn` with a fresh temporary folder, removed afterwards. */
function inTempDir<T>(prefix: string, fn: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every `.k8s.yaml` file under `dir` (a chart's folder included), relative, sorted. */
function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.k8s.yaml'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The kinds of the objects in the files directly under `dir`, sorted. */
function kindsIn(dir: string): string[] {
  return fs.readdirSync(dir).flatMap((f) => (Yaml.load(path.join(dir, f)) as Manifest[]).map((o) => o.kind)).sort();
}

/** The taint of the AKS ND node pools (`--node-taints sku=gpu:NoSchedule`). */
const SKU_GPU = { key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' };

/** The values a Flux HelmRelease or an Argo CD Application gives the chart `chart`. */
function chartValues(objs: Manifest[], chart: string): { daemonsets?: { tolerations?: unknown } } | undefined {
  for (const o of objs as Array<Manifest & { spec?: Record<string, any> }>) {
    if (o.kind === 'HelmRelease' && o.spec?.chart?.spec?.chart === chart) return o.spec.values;
    if (o.kind === 'Application' && o.spec?.source?.chart === chart) return o.spec.source.helm?.valuesObject;
  }
  return undefined;
}

/** The NicClusterPolicy's tolerations and the GPU Operator chart's `daemonsets.tolerations`, of synthesized objects. */
function nodeAgentTolerations(objs: Manifest[]): { nicClusterPolicy: unknown; gpuOperatorDaemonsets: unknown } {
  const policy = objs.find((o) => o.kind === 'NicClusterPolicy') as { spec: { tolerations: unknown } } | undefined;
  return { nicClusterPolicy: policy?.spec.tolerations, gpuOperatorDaemonsets: chartValues(objs, 'gpu-operator')?.daemonsets?.tolerations };
}

/** Apps that ask Dynamo's profiler for the graph (a DynamoGraphDeploymentRequest) instead of declaring one. */
const PROFILING = new Set(['eks-sla-profiling']);

describe.each(Object.entries(APPS))('example %s', (name, build) => {
  test('every object is strictly schema-valid and the manifests match the reviewed snapshot', () => {
    // GIVEN / WHEN
    const objs = synthAppValid(build());
    // THEN a graph, or for a platform app the platform chart's HelmRelease and no graph, or for a profiling app the
    // request from which Dynamo's profiler generates the graph (and no graph of its own)
    if (PLATFORM_ONLY.has(name)) {
      expect(objs.filter((o) => o.kind === 'HelmRelease').map((o) => o.metadata.name)).toContain('dynamo-platform');
      expect(objs.some((o) => o.kind === 'DynamoGraphDeployment')).toBe(false);
    } else if (PROFILING.has(name)) {
      expect(objs.filter((o) => o.kind === 'DynamoGraphDeploymentRequest')).toHaveLength(1);
      expect(objs.some((o) => o.kind === 'DynamoGraphDeployment')).toBe(false);
    } else {
      expect(objs.some((o) => o.kind === 'DynamoGraphDeployment')).toBe(true);
    }
    expect(objs).toMatchSnapshot();
  });

  test('every object keeps the Kubernetes object rules JSON schema misses (names, labels, pod templates, no literal credential)', () => {
    // GIVEN / WHEN
    const objs = synthAppValid(build());
    // THEN
    expect(() => assertK8sRules(objs)).not.toThrow();
  });

  test('synthesis is deterministic', () => {
    expect(JSON.stringify(synthAppValid(build()))).toBe(JSON.stringify(synthAppValid(build())));
  });

  test('app.synth() writes schema-valid YAML files (a folder per chart for Flux), one copy of every object', () => {
    inTempDir(`${name}-`, (outdir) => {
      // GIVEN / WHEN
      build(outdir).synth();
      // THEN every object is written once (one file per object does not overwrite another)
      const files = yamlFiles(outdir);
      expect(files.length).toBeGreaterThan(0);
      const objs = files.flatMap((f) => Yaml.load(path.join(outdir, f)) as Manifest[]);
      assertSchemaValid(objs);
      expect(objs.length).toBe(synthAppValid(build()).length);
    });
  });
});

describe('the AKS empty-cluster example (Flux)', () => {
  test('tolerates the ND pool\'s sku=gpu taint in the NicClusterPolicy and the GPU Operator\'s DaemonSets', () => {
    // GIVEN / WHEN
    const objs = synthAppValid(APPS['aks-network-operator-ib']());
    // THEN
    const { nicClusterPolicy, gpuOperatorDaemonsets } = nodeAgentTolerations(objs);
    expect(nicClusterPolicy).toContainEqual(SKU_GPU);
    expect(gpuOperatorDaemonsets).toContainEqual(SKU_GPU);
  });

  test('writes each chart into a folder of its own, the graph\'s Namespace with the graph', () => {
    inTempDir('aks-example-', (outdir) => {
      // GIVEN / WHEN
      APPS['aks-network-operator-ib'](outdir).synth();
      // THEN
      expect(fs.readdirSync(outdir).filter((f) => fs.statSync(path.join(outdir, f)).isDirectory()).sort()).toStrictEqual(['graphs', 'platform', 'platform-manifests']);
      expect(kindsIn(path.join(outdir, 'platform-manifests'))).toStrictEqual(['NicClusterPolicy']);
      expect(kindsIn(path.join(outdir, 'platform')).filter((k) => k !== 'Namespace')).toStrictEqual(['HelmRelease', 'HelmRelease', 'HelmRelease', 'HelmRepository', 'HelmRepository']);
      const graphs = kindsIn(path.join(outdir, 'graphs'));
      expect(graphs).toContain('Namespace');
      expect(graphs).toContain('DynamoGraphDeployment');
    });
  });
});

describe('the empty-cluster examples create the graph\'s namespace', () => {
  test.each([['aks-network-operator-ib'], ['eks-from-empty-cluster']])('%s: a Namespace llm, cluster-scoped, no sync wave', (name) => {
    // GIVEN / WHEN
    const objs = synthAppValid(APPS[name]());
    // THEN
    expect(objs.filter((o) => o.kind === 'Namespace' && o.metadata.name === 'llm')).toStrictEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'llm' } }]);
    expect(objs.filter((o) => o.kind === 'DynamoGraphDeployment').map((o) => o.metadata.namespace)).toStrictEqual(['llm']);
  });
});

describe('the cdk8s app in cdk8s.yaml', () => {
  test('runs the quickstart and writes a DynamoGraphDeployment to the output directory', () => {
    // GIVEN
    const config = fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8');
    const app = /^app:\s*(.+)$/m.exec(config)![1].trim().split(/\s+/);
    inTempDir('cdk8s-app-', (outdir) => {
      // WHEN
      execFileSync(app[0], app.slice(1), { cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: outdir }, stdio: 'pipe' });
      // THEN
      const objs = Yaml.load(path.join(outdir, 'quickstart.k8s.yaml')) as Manifest[];
      assertSchemaValid(objs);
      expect(objs.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)).toStrictEqual(['nvidia.com/v1beta1 DynamoGraphDeployment qwen3']);
    });
  });
});

describe('the platform app (stacks/platform.ts)', () => {
  const idsOf = (objs: Manifest[], kind: string) => objs.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();
  /** The charts the HelmReleases or Applications install, sorted. */
  const chartsOf = (objs: Manifest[]) => (objs as Array<Manifest & { spec?: Record<string, any> }>)
    .map((o) => (o.kind === 'HelmRelease' ? o.spec?.chart?.spec?.chart : o.kind === 'Application' ? o.spec?.source?.chart : undefined))
    .filter((c): c is string => c !== undefined).sort();

  describe.each(PLATFORM_CLOUDS.flatMap((cloud) => PLATFORM_DELIVERIES.map((delivery) => [cloud, delivery] as const)))('for DYNAMO_CLOUD=%s DYNAMO_DELIVERY=%s', (cloud, delivery) => {
    test('writes schema-valid objects that install the Dynamo platform chart', () => {
      // GIVEN / WHEN
      const objs = synthAppValid(platformApp(undefined, { DYNAMO_CLOUD: cloud, DYNAMO_DELIVERY: delivery }));
      // THEN
      expect(idsOf(objs, delivery === 'flux' ? 'HelmRelease' : 'Application')).toContain('dynamo-platform');
      expect(() => assertK8sRules(objs)).not.toThrow();
    });
  });

  test.each([
    ['generic', ['dynamo-platform', 'gpu-operator', 'kube-prometheus-stack']],
    ['eks', ['aws-efa-k8s-device-plugin', 'dynamo-platform', 'gpu-operator', 'kube-prometheus-stack']],
    ['eks-auto-mode', ['dynamo-platform', 'kube-prometheus-stack']],
    ['gke', ['dynamo-platform', 'kube-prometheus-stack']],
    ['aks', ['dynamo-platform', 'gpu-operator', 'kube-prometheus-stack', 'network-operator']],
  ])('installs the charts of %s', (cloud, releases) => {
    // GIVEN / WHEN
    const objs = synthAppValid(platformApp(undefined, { DYNAMO_CLOUD: cloud, DYNAMO_DELIVERY: 'argo-cd' }));
    // THEN
    expect(objs.filter((o) => o.kind === 'Application').length).toBe(releases.length);
    expect(chartsOf(objs)).toStrictEqual(releases);
  });

  test('with Flux on AKS puts the NicClusterPolicy in a folder of its own, for a Kustomization after the platform\'s', () => {
    inTempDir('platform-aks-', (outdir) => {
      // GIVEN / WHEN
      platformApp(outdir, { DYNAMO_CLOUD: 'aks', DYNAMO_DELIVERY: 'flux' }).synth();
      // THEN a folder per chart: the Kustomizations' paths
      expect(fs.readdirSync(outdir).sort()).toStrictEqual(['platform', 'platform-manifests']);
      expect(kindsIn(path.join(outdir, 'platform-manifests'))).toStrictEqual(['NicClusterPolicy']);
      expect(kindsIn(path.join(outdir, 'platform'))).not.toContain('NicClusterPolicy');
      expect(kindsIn(path.join(outdir, 'platform'))).toContain('HelmRelease');
    });
  });

  test('with Argo CD writes one file of Applications, for an app-of-apps', () => {
    inTempDir('platform-argo-', (outdir) => {
      // GIVEN / WHEN
      platformApp(outdir, { DYNAMO_CLOUD: 'aks', DYNAMO_DELIVERY: 'argo-cd' }).synth();
      // THEN
      expect(fs.readdirSync(outdir)).toStrictEqual(['platform.k8s.yaml']);
    });
  });

  test.each(PLATFORM_DELIVERIES)('on AKS tolerates the ND pools\' sku=gpu taint in the NicClusterPolicy and the GPU Operator\'s DaemonSets (%s)', (delivery) => {
    // GIVEN / WHEN
    const objs = synthAppValid(platformApp(undefined, { DYNAMO_CLOUD: 'aks', DYNAMO_DELIVERY: delivery }));
    // THEN the policy's tolerations include the taint, and so do the GPU Operator's DaemonSets
    // (the chart's values, in its HelmRelease or its Application)
    const { nicClusterPolicy, gpuOperatorDaemonsets } = nodeAgentTolerations(objs);
    expect(nicClusterPolicy).toContainEqual(SKU_GPU);
    expect(gpuOperatorDaemonsets).toContainEqual(SKU_GPU);
  });

  test('defaults to a generic cloud and Flux when the variables are unset or empty', () => {
    // GIVEN / WHEN
    const objs = synthAppValid(platformApp(undefined, { DYNAMO_CLOUD: '', DYNAMO_DELIVERY: undefined }));
    // THEN
    expect(objs.filter((o) => o.kind === 'HelmRelease').length).toBe(3);
    expect(chartsOf(objs)).toStrictEqual(['dynamo-platform', 'gpu-operator', 'kube-prometheus-stack']);
  });

  test.each([
    ['DYNAMO_CLOUD', { DYNAMO_CLOUD: 'azure' }, 'DYNAMO_CLOUD must be one of generic, eks, eks-auto-mode, gke, aks (got "azure"); set e.g. DYNAMO_CLOUD=generic'],
    ['DYNAMO_DELIVERY', { DYNAMO_DELIVERY: 'argocd' }, 'DYNAMO_DELIVERY must be one of flux, argo-cd (got "argocd"); set e.g. DYNAMO_DELIVERY=flux'],
  ])('refuses an unknown %s, naming the allowed values', (_name, env, message) => {
    // GIVEN / WHEN / THEN
    expect(() => platformApp(undefined, env)).toThrow(message);
  });
});

describe('example sources', () => {
  test('import the library only through its entry point, as a host project does (the host check copies them)', () => {
    // GIVEN every example and the stacks the host check compiles
    const dir = path.join(__dirname, '..');
    const files = [...fs.readdirSync(path.join(dir, 'examples')).map((f) => path.join('examples', f)), 'stacks/quickstart.ts', 'stacks/platform.ts']
      .filter((f) => f.endsWith('.ts'));
    // WHEN / THEN no import reaches into lib/ past its index
    const deep = files.flatMap((f) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/from '(\.\.\/lib\/[^']+)'/g)].map((m) => `${f}: ${m[1]}`));
    expect(deep).toStrictEqual([]);
  });
});
