/**
 * The registration mechanism of the Pulumi engine (ChartHost), on hand-made charts: objects are
 * registered in the order `cdk8s synth` writes them, and each depends on the resources of exactly
 * the ApiObjects it depends on once cdk8s has resolved construct dependencies; no kind is special.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { beforeAll, describe, expect, test } from 'vitest';
import type * as Host from '../../lib/pulumi/chart-host';
import { installMocks, inputPropertyError, out, Registration, registeredGraph, urnName } from '../support/pulumi';

let recorded: Registration[];
let host: typeof Host;

beforeAll(async () => {
  recorded = installMocks();
  host = await import('../../lib/pulumi/chart-host.js');
});

/** The component the test charts are registered under. */
class TestComponent extends pulumi.ComponentResource {
  public constructor(name: string) {
    super('test:index:Chart', name, {}, {});
  }
}

/** An object of `kind` named `name` (with an empty spec, which the typed classes of workloads require). */
function obj(scope: Construct, name: string, apiVersion: string, kind: string): ApiObject {
  return new ApiObject(scope, name, { apiVersion, kind, metadata: { name }, spec: {} });
}

/** `<Kind> <name>` of the objects of `build`'s chart in the order `cdk8s synth` writes them, from a plain cdk8s app. */
function cdk8sOrder(build: (chart: Chart) => void): string[] {
  const chart = new Chart(new App(), 'plain', { namespace: 'test' });
  build(chart);
  return (chart.toJson() as Array<{ kind: string; metadata: { name: string } }>).map((o) => `${o.kind} ${o.metadata.name}`);
}

/**
 * Builds a chart with `build` in a ChartHost, registers it under a component named `name`, and
 * returns the host and the registered graph (`<Kind> <name>`, names without the `<name>/test/` prefix).
 */
async function registerChart(name: string, build: (chart: Chart) => void, options: {
  createNamespace?: boolean; extra?: (component: string) => Host.ExtraResource[];
} = {}): Promise<{ host: Host.ChartHost; graph: Array<[string, string[]]> }> {
  const h = new host.ChartHost({ namespace: 'test', createNamespace: options.createNamespace });
  build(h.chart);
  const objects = h.synth();
  const parent = new TestComponent(name);
  h.register(parent, name, objects, { extra: options.extra?.(name) });
  return { host: h, graph: await registeredGraph(recorded, { urn: parent.urn, resources: h.resources }, `${name}/test/`) };
}

/** A token Secret made outside the chart, as LlmComponent makes it. */
const tokenSecret = (component: string): Host.ExtraResource[] => [{
  make: (opts) => new k8s.core.v1.Secret(`${component}/test/token`, { metadata: { name: 'token', namespace: 'test' }, stringData: { HF_TOKEN: 'x' } }, opts),
}];

describe('ChartHost order and dependencies', () => {
  test('an ApiObject dependency orders the objects and is the only dependsOn; a Job is not ordered by its kind', async () => {
    // GIVEN: the Deployment declared before the ConfigMap it depends on, and an independent Job
    const build = (chart: Chart) => {
      const app = obj(chart, 'app', 'apps/v1', 'Deployment');
      const job = obj(chart, 'job', 'batch/v1', 'Job');
      app.addDependency(obj(chart, 'config', 'v1', 'ConfigMap'));
      void job;
    };
    // WHEN
    const { graph } = await registerChart('deps', build);
    // THEN
    expect(graph).toStrictEqual([
      ['ConfigMap config', []],
      ['Deployment app', ['ConfigMap config']],
      ['Job job', []],
    ]);
    expect(graph.map(([n]) => n)).toStrictEqual(cdk8sOrder(build));
  });

  test('a construct depending on a construct makes every object under the one depend on every object under the other', async () => {
    // GIVEN: serving (one object of its own, one in a nested construct) depends on storage (two objects)
    const build = (chart: Chart) => {
      const serving = new Construct(chart, 'serving');
      obj(serving, 'svc', 'v1', 'Service');
      obj(new Construct(serving, 'inner'), 'graph', 'nvidia.com/v1beta1', 'DynamoGraphDeployment');
      const storage = new Construct(chart, 'storage');
      obj(storage, 'claim', 'v1', 'PersistentVolumeClaim');
      obj(storage, 'settings', 'v1', 'ConfigMap');
      serving.node.addDependency(storage);
    };
    // WHEN
    const { graph } = await registerChart('nested', build);
    // THEN
    const storage = ['ConfigMap settings', 'PersistentVolumeClaim claim'];
    expect(graph).toStrictEqual([
      ['PersistentVolumeClaim claim', []],
      ['ConfigMap settings', []],
      ['Service svc', storage],
      ['DynamoGraphDeployment graph', storage],
    ]);
    expect(graph.map(([n]) => n)).toStrictEqual(cdk8sOrder(build));
  });

  test('a custom resource of a kind the engine has never seen is ordered by its dependencies only, each dependsOn direct', async () => {
    // GIVEN: a Widget (unknown CRD) declared first, depending on a ConfigMap; a Deployment depending on the Widget
    const build = (chart: Chart) => {
      const widget = obj(chart, 'widget', 'example.com/v1alpha1', 'Widget');
      const consumer = obj(chart, 'consumer', 'apps/v1', 'Deployment');
      widget.addDependency(obj(chart, 'settings', 'v1', 'ConfigMap'));
      consumer.addDependency(widget);
    };
    // WHEN
    const { graph } = await registerChart('crd', build);
    // THEN: the Deployment depends on the Widget only (Pulumi follows the chain to the ConfigMap)
    expect(graph).toStrictEqual([
      ['ConfigMap settings', []],
      ['Widget widget', ['ConfigMap settings']],
      ['Deployment consumer', ['Widget widget']],
    ]);
    const widget = recorded.find((r) => r.name === 'crd/test/widget')!;
    expect(widget.type).toBe('kubernetes:example.com/v1alpha1:Widget');
  });

  test('an object renamed by a JSON patch is matched to its ApiObject by the manifest it renders', async () => {
    // GIVEN
    const build = (chart: Chart) => {
      const config = obj(chart, 'config', 'v1', 'ConfigMap');
      config.addJsonPatch(JsonPatch.replace('/metadata/name', 'renamed'));
      obj(chart, 'app', 'apps/v1', 'Deployment').addDependency(config);
    };
    // WHEN
    const { graph } = await registerChart('patched', build);
    // THEN
    expect(graph).toStrictEqual([
      ['ConfigMap renamed', []],
      ['Deployment app', ['ConfigMap renamed']],
    ]);
  });

  test('the Namespace the component defines comes first and precedes everything; a resource made outside the chart comes next', async () => {
    // GIVEN / WHEN
    const { graph } = await registerChart('ns', (chart) => {
      obj(new Construct(chart, 'group'), 'app', 'apps/v1', 'Deployment').addDependency(obj(chart, 'config', 'v1', 'ConfigMap'));
    }, { createNamespace: true, extra: tokenSecret });
    // THEN
    expect(graph).toStrictEqual([
      ['Namespace test', []],
      ['Secret token', ['Namespace test']],
      ['ConfigMap config', ['Namespace test', 'Secret token']],
      ['Deployment app', ['ConfigMap config', 'Namespace test', 'Secret token']],
    ]);
  });

  test('without a Namespace, a resource made outside the chart is registered first and every object depends on it', async () => {
    // GIVEN / WHEN
    const { graph } = await registerChart('token', (chart) => {
      obj(chart, 'job', 'batch/v1', 'Job');
      obj(chart, 'widget', 'example.com/v1', 'Widget');
    }, { extra: tokenSecret });
    // THEN
    expect(graph).toStrictEqual([
      ['Secret token', []],
      ['Job job', ['Secret token']],
      ['Widget widget', ['Secret token']],
    ]);
  });

  test('resourceOf gives the resource of a construct\'s ApiObject, and fails for one never registered', async () => {
    // GIVEN
    let group!: Construct;
    const { host: h } = await registerChart('lookup', (chart) => {
      group = new Construct(chart, 'group');
      obj(group, 'Resource', 'v1', 'ConfigMap');
    });
    // WHEN / THEN
    expect(urnName(await out(h.resourceOf(group).urn))).toBe('lookup/test/Resource');
    const stray = obj(new Chart(new App(), 'other'), 'stray', 'v1', 'ConfigMap');
    expect(() => h.resourceOf(stray)).toThrow('no resource was registered for other/stray');
  });
});

describe('ChartHost failures', () => {
  test('two objects rendering the same identity', () => {
    // GIVEN
    const h = new host.ChartHost({ namespace: 'test' });
    obj(h.chart, 'same', 'v1', 'ConfigMap');
    obj(new Construct(h.chart, 'copy'), 'same', 'v1', 'ConfigMap');
    // WHEN / THEN
    expect(() => h.synth()).toThrow('pulumi/same and pulumi/copy/same both render v1 ConfigMap test/same; give each object its own name');
  });

  test('a dependency cycle fails as in cdk8s synth, before anything is registered', () => {
    // GIVEN
    const h = new host.ChartHost({ namespace: 'test' });
    const a = obj(h.chart, 'a', 'v1', 'ConfigMap');
    const b = obj(h.chart, 'b', 'v1', 'ConfigMap');
    a.addDependency(b);
    b.addDependency(a);
    // WHEN / THEN
    expect(() => h.synth()).toThrow(/^Dependency cycle detected: /);
  });

  test('an invalid namespace is reported as an InputPropertyError of namespace', () => {
    expect(inputPropertyError(() => new host.ChartHost({ namespace: 'Team_ML' }))).toStrictEqual({
      propertyPath: 'namespace',
      reason: expect.stringMatching(/^namespace must be /),
    });
  });

  test('createNamespace with a built-in namespace is reported as an InputPropertyError of createNamespace', () => {
    expect(inputPropertyError(() => new host.ChartHost({ namespace: 'kube-system', createNamespace: true }))).toStrictEqual({
      propertyPath: 'createNamespace',
      reason: 'createNamespace must not be set for the built-in namespace kube-system, which Pulumi would delete on destroy (got true); remove createNamespace, or set namespace to a namespace of your own',
    });
  });

  test('a construct validation that fails is reported as an InputPropertiesError listing it, with no property path', () => {
    // GIVEN
    const h = new host.ChartHost({ namespace: 'test' });
    new Construct(h.chart, 'checked').node.addValidation({ validate: () => ['is not right'] });
    // WHEN
    let error: unknown;
    try {
      h.synth();
    } catch (e) {
      error = e;
    }
    // THEN
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    const e = error as pulumi.InputPropertiesError;
    expect({ message: e.message, errors: e.errors }).toStrictEqual({
      message: 'Validation failed with the following errors:\n  [pulumi/checked] is not right',
      errors: [],
    });
  });

  test('nothing is registered for a chart that fails', async () => {
    // GIVEN
    const before = recorded.length;
    const h = new host.ChartHost({ namespace: 'test' });
    new Construct(h.chart, 'checked').node.addValidation({ validate: () => ['is not right'] });
    // WHEN / THEN
    expect(() => h.synth()).toThrow();
    expect(recorded.length).toBe(before);
    expect(h.resources).toStrictEqual([]);
  });
});
