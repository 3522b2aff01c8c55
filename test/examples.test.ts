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

describe.each(Object.entries(APPS))('example %s', (name, build) => {
  test('every object is strictly schema-valid and the manifests match the reviewed snapshot', () => {
    // GIVEN / WHEN
    const objs = synthAppValid(build());
    // THEN a graph, or for a platform app the platform chart's HelmRelease and no graph
    if (PLATFORM_ONLY.has(name)) {
      expect(objs.filter((o) => o.kind === 'HelmRelease').map((o) => o.metadata.name)).toContain('dynamo-platform');
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

  test('app.synth() writes schema-valid YAML files', () => {
    // GIVEN
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
    // WHEN
    build(outdir).synth();
    // THEN
    const files = fs.readdirSync(outdir).filter((f) => f.endsWith('.k8s.yaml'));
    expect(files.length).toBeGreaterThan(0);
    const objs = files.flatMap((f) => Yaml.load(path.join(outdir, f)) as Manifest[]);
    assertSchemaValid(objs);
    expect(objs.length).toBe(synthAppValid(build()).length);
  });
});

describe('the cdk8s app in cdk8s.yaml', () => {
  test('runs the quickstart and writes a DynamoGraphDeployment to the output directory', () => {
    // GIVEN
    const config = fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8');
    const app = /^app:\s*(.+)$/m.exec(config)![1].trim().split(/\s+/);
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-app-'));
    // WHEN
    execFileSync(app[0], app.slice(1), { cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: outdir }, stdio: 'pipe' });
    // THEN
    const objs = Yaml.load(path.join(outdir, 'quickstart.k8s.yaml')) as Manifest[];
    assertSchemaValid(objs);
    expect(objs.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)).toStrictEqual(['nvidia.com/v1beta1 DynamoGraphDeployment qwen3']);
  });
});

describe('the platform app (stacks/platform.ts)', () => {
  const idsOf = (objs: Manifest[], kind: string) => objs.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();

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
  ])('installs the add-ons of %s', (cloud, releases) => {
    // GIVEN / WHEN
    const objs = synthAppValid(platformApp(undefined, { DYNAMO_CLOUD: cloud, DYNAMO_DELIVERY: 'argo-cd' }));
    // THEN
    expect(idsOf(objs, 'Application')).toStrictEqual(releases);
  });

  test('with Flux on AKS puts the NicClusterPolicy in its own file, for a Kustomization after the platform\'s', () => {
    // GIVEN
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-aks-'));
    // WHEN
    platformApp(outdir, { DYNAMO_CLOUD: 'aks', DYNAMO_DELIVERY: 'flux' }).synth();
    // THEN
    const kinds = (file: string) => (Yaml.load(path.join(outdir, file)) as Manifest[]).map((o) => o.kind);
    expect(fs.readdirSync(outdir).sort()).toStrictEqual(['platform-manifests.k8s.yaml', 'platform.k8s.yaml']);
    expect(kinds('platform-manifests.k8s.yaml')).toStrictEqual(['NicClusterPolicy']);
    expect(kinds('platform.k8s.yaml')).not.toContain('NicClusterPolicy');
  });

  test('defaults to a generic cloud and Flux when the variables are unset or empty', () => {
    // GIVEN / WHEN
    const objs = synthAppValid(platformApp(undefined, { DYNAMO_CLOUD: '', DYNAMO_DELIVERY: undefined }));
    // THEN
    expect(idsOf(objs, 'HelmRelease')).toStrictEqual(['dynamo-platform', 'gpu-operator', 'kube-prometheus-stack']);
  });

  test.each([
    ['DYNAMO_CLOUD', { DYNAMO_CLOUD: 'azure' }, 'DYNAMO_CLOUD must be one of generic, eks, eks-auto-mode, gke, aks (got "azure"); set e.g. DYNAMO_CLOUD=generic'],
    ['DYNAMO_DELIVERY', { DYNAMO_DELIVERY: 'argocd' }, 'DYNAMO_DELIVERY must be one of flux, argo-cd (got "argocd"); set e.g. DYNAMO_DELIVERY=flux'],
  ])('refuses an unknown %s, naming the allowed values', (_name, env, message) => {
    // GIVEN / WHEN / THEN
    expect(() => platformApp(undefined, env)).toThrow(message);
  });
});
