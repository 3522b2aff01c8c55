import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { APPS } from '../examples';
import { assertK8sRules } from './support/k8s-rules';
import { assertSchemaValid } from './support/schema';
import { Manifest, synthAppValid } from './support/synth';

const ROOT = path.resolve(__dirname, '..');

describe.each(Object.entries(APPS))('example %s', (name, build) => {
  test('every object is strictly schema-valid and the manifests match the reviewed snapshot', () => {
    // GIVEN / WHEN
    const objs = synthAppValid(build());
    // THEN
    expect(objs.some((o) => o.kind === 'DynamoGraphDeployment')).toBe(true);
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
