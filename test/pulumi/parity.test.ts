import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { Yaml } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { PATTERN_EXAMPLES } from '../../examples';
import { PatternExample, patternApp } from '../../examples/pattern-example';
import { HfToken } from '../../lib';
import type * as Engine from '../../lib/pulumi';
import { assertSchemaValid } from '../support/schema';
import {
  byObjectKey as byKey, dependencyRule, mockedEngine, KubeObj as Obj, kubeObjects, objectKey as key, plain, registeredGraph, registrations,
} from '../support/pulumi';

const mocked = mockedEngine();


/** What `cdk8s synth` writes for the example's pattern, read back from the YAML files. */
function cdk8sSynth(name: string, example: PatternExample): Obj[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `parity-${name}-`));
  patternApp(name, example, outdir).synth();
  return fs.readdirSync(outdir).filter((f) => f.endsWith('.k8s.yaml')).flatMap((f) => Yaml.load(path.join(outdir, f)) as Obj[]);
}

/** The Pulumi component for the same props, in the example's namespace. */
function component(example: PatternExample, hfToken?: pulumi.Input<string>, pulumiName = example.id): Engine.LlmComponent<any, any> {
  const placement = { name: example.props.name ?? example.id, namespace: example.namespace, ...(hfToken === undefined ? {} : { hfToken }) };
  return example.pattern === 'aggregated'
    ? new mocked.engine.AggregatedLlm(pulumiName, { ...example.props, ...placement })
    : new mocked.engine.DisaggregatedLlm(pulumiName, { ...example.props, ...placement });
}

test('every example has its own id, so their Pulumi components never share a resource name', () => {
  const ids = Object.values(PATTERN_EXAMPLES).map((e) => `${e.pattern}/${e.id}`);
  expect(new Set(ids).size).toBe(ids.length);
});

describe.each(Object.entries(PATTERN_EXAMPLES))('example %s', (name, example) => {
  test('the Pulumi component registers exactly the objects cdk8s synth writes, one resource each', async () => {
    // GIVEN
    const synthesized = cdk8sSynth(name, example);
    // WHEN
    const regs = kubeObjects(await registrations(mocked.recorded, component(example)));
    // THEN
    const registered = regs.map((r) => plain(r.raw) as Obj);
    expect(byKey(registered)).toStrictEqual(byKey(synthesized));
    expect(registered.length).toBe(synthesized.length);
    // Namespaced objects are named `<component>/<namespace>/<name>`, cluster-scoped ones `<component>/<name>`.
    expect(regs.map((r) => r.name).sort()).toStrictEqual(synthesized.map((o) => [example.id, o.metadata.namespace, o.metadata.name].filter((x) => x !== undefined).join('/')).sort());
    assertSchemaValid(registered as never);
  });

  test('the Pulumi component registers them in the order cdk8s synth writes them, each depending on exactly its ApiObject\'s dependencies', async () => {
    // GIVEN
    const synthesized = cdk8sSynth(`${name}-order`, example);
    // WHEN
    const c = component(example, undefined, `${example.id}-order`);
    const prefix = `${example.id}-order`;
    const graph = await registeredGraph(mocked.recorded, c, `${prefix}/`);
    // THEN
    expect(graph.map(([k]) => k)).toStrictEqual(synthesized.map((o) => `${o.kind} ${[o.metadata.namespace, o.metadata.name].filter((x) => x !== undefined).join('/')}`));
    expect(Object.fromEntries(graph)).toStrictEqual(dependencyRule(c.pattern, prefix, `${prefix}/`));
  });
});

describe('a token passed by value', () => {
  test('gives the objects cdk8s synth writes for a reference to the Secret, plus that Secret', async () => {
    // GIVEN
    const example = PATTERN_EXAMPLES['vllm-disaggregated'];
    const secretName = `${example.id}-hf-token`;
    const synthesized = cdk8sSynth('by-ref', { ...example, props: { ...example.props, hfToken: HfToken.fromSecret(secretName) } } as PatternExample);
    // WHEN
    const registered = kubeObjects(await registrations(mocked.recorded, component(example, pulumi.secret('hf_ParityToken0123456789'), 'by-value'))).map((r) => plain(r.raw) as Obj);
    // THEN
    const secret = registered.find((o) => o.kind === 'Secret')!;
    expect(key(secret)).toBe(`v1 Secret ${example.namespace}/${secretName}`);
    expect(byKey(registered.filter((o) => o !== secret))).toStrictEqual(byKey(synthesized));
  });
});
