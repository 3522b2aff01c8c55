import { describe, expect, test } from 'vitest';
import { Backend, ComponentType, DgdApiVersion, DynamoGraphDeployment, DynamoVersion } from '../../lib';
import { dgdUpdatePolicy, immutableFieldPaths } from '../../lib/pulumi/update-policy';
import { kubeObjects, mockedEngine, Registration, registrations } from '../support/pulumi';
import { newChart } from '../support/synth';

const mocked = mockedEngine();

const IMAGE = 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.6.2';
const PROVIDER_PATHS = [
  'metadata.annotations["nvidia.com/workload-provider"]',
  'metadata.annotations["nvidia.com/enable-grove"]',
  'metadata.annotations["nvidia.com/enable-disaggregatedset"]',
];

/** A graph of one frontend and one scaled worker for a release and API generation. */
const graph = (dynamoVersion: DynamoVersion, apiVersion?: DgdApiVersion) => new DynamoGraphDeployment(newChart(), 'g', {
  dynamoVersion,
  apiVersion,
  backend: Backend.vllm(),
  components: [
    { name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE },
    { name: 'Worker', type: ComponentType.WORKER, image: IMAGE, gpus: 1, scalingAdapter: true },
  ],
});

const TOPOLOGY = ['spec.backendFramework', 'spec.components[*].name'];

describe('immutableFieldPaths', () => {
  test('Dynamo >= 1.5, v1beta1: the framework, the component names, every component\'s type and the provider annotations', () => {
    expect(immutableFieldPaths(graph(DynamoVersion.V1_5_0))).toStrictEqual([...TOPOLOGY, 'spec.components[*].type', ...PROVIDER_PATHS]);
    expect(immutableFieldPaths(graph(DynamoVersion.LATEST))).toStrictEqual([...TOPOLOGY, 'spec.components[*].type', ...PROVIDER_PATHS]);
  });

  test('Dynamo >= 1.5, v1alpha1: every service\'s componentType and subComponentType, which convert to type', () => {
    expect(immutableFieldPaths(graph(DynamoVersion.V1_6_2, DgdApiVersion.V1ALPHA1))).toStrictEqual([
      'spec.backendFramework', 'spec.services.*.componentType', 'spec.services.*.subComponentType', ...PROVIDER_PATHS,
    ]);
  });

  test.each([DynamoVersion.V1_4_2, DynamoVersion.V1_4_0, DynamoVersion.V1_1_0])('Dynamo %s: the framework and the component names only', (version) => {
    expect(immutableFieldPaths(graph(version))).toStrictEqual(version.supports('v1beta1Api') ? TOPOLOGY : ['spec.backendFramework', 'spec.services.*.componentType']);
  });
});

describe('dgdUpdatePolicy', () => {
  test('by default asks for no replacement, whatever the release', () => {
    // GIVEN / WHEN
    const policy = dgdUpdatePolicy(graph(DynamoVersion.LATEST));
    // THEN
    expect(policy).toStrictEqual({
      deleteBeforeReplace: false,
      aliases: [{ type: 'kubernetes:nvidia.com/v1alpha1:DynamoGraphDeployment' }],
      ignoreChanges: ['spec.components[1].replicas'],
    });
  });

  test('with replaceOnImmutableChange on 1.5+, replaces on the immutable paths, deleting first; keeps aliases and ignored replicas', () => {
    expect(dgdUpdatePolicy(graph(DynamoVersion.V1_5_1), { replaceOnImmutableChange: true })).toStrictEqual({
      deleteBeforeReplace: true,
      aliases: [{ type: 'kubernetes:nvidia.com/v1alpha1:DynamoGraphDeployment' }],
      ignoreChanges: ['spec.components[1].replicas'],
      replaceOnChanges: [...TOPOLOGY, 'spec.components[*].type', ...PROVIDER_PATHS],
    });
  });

  test('with replaceOnImmutableChange before 1.5, replaces on the framework and the component names only', () => {
    const g = graph(DynamoVersion.V1_4_2);
    expect(dgdUpdatePolicy(g, { replaceOnImmutableChange: true })).toStrictEqual({ ...dgdUpdatePolicy(g), deleteBeforeReplace: true, replaceOnChanges: TOPOLOGY });
  });
});

describe('replaceOnImmutableChange (Pulumi components)', () => {
  const dgdOf = async (c: Parameters<typeof registrations>[1]): Promise<Registration> => {
    const found = kubeObjects(await registrations(mocked.recorded, c)).filter((r) => r.type.endsWith(':DynamoGraphDeployment'));
    expect(found.length).toBe(1);
    return found[0];
  };

  test('off by default: the graph is updated in place', async () => {
    // GIVEN / WHEN
    const dgd = await dgdOf(new mocked.engine.AggregatedLlm('imm-default', { model: 'Qwen/Qwen3-0.6B' }));
    // THEN
    expect([dgd.replaceOnChanges, dgd.deleteBeforeReplace]).toStrictEqual([[], false]);
  });

  test('on an LLM pattern: the DGD is replaced, delete first, when a component type or provider annotation changes', async () => {
    // GIVEN / WHEN
    const dgd = await dgdOf(new mocked.engine.DisaggregatedLlm('imm-disagg', {
      model: 'Qwen/Qwen3-0.6B', allowTcpKvTransfer: true, decode: { scalingAdapter: true }, replaceOnImmutableChange: true,
    }));
    // THEN
    expect(dgd.replaceOnChanges).toStrictEqual([...TOPOLOGY, 'spec.components[*].type', ...PROVIDER_PATHS]);
    expect(dgd.deleteBeforeReplace).toBe(true);
    expect(dgd.ignoreChanges).toStrictEqual(['spec.components[2].replicas']);
    expect(dgd.aliasTypes).toStrictEqual(['kubernetes:nvidia.com/v1alpha1:DynamoGraphDeployment']);
  });

  test('only the DGD gets it: the other objects keep their own options', async () => {
    // GIVEN a pattern that also registers a namespace
    const regs = kubeObjects(await registrations(mocked.recorded, new mocked.engine.AggregatedLlm('imm-ns', {
      model: 'Qwen/Qwen3-0.6B', namespace: 'imm', createNamespace: true, replaceOnImmutableChange: true,
    })));
    // THEN
    const ns = regs.find((r) => r.type === 'kubernetes:core/v1:Namespace')!;
    expect([ns.replaceOnChanges, ns.deleteBeforeReplace]).toStrictEqual([[], false]);
  });

  test('on the L2 DynamoGraphDeployment, v1alpha1: the service type paths', async () => {
    const dgd = await dgdOf(new mocked.engine.DynamoGraphDeployment('imm-l2', {
      dynamoVersion: DynamoVersion.V1_5_0,
      apiVersion: DgdApiVersion.V1ALPHA1,
      components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.5.0' }],
      replaceOnImmutableChange: true,
    }));
    expect(dgd.replaceOnChanges).toStrictEqual(['spec.backendFramework', 'spec.services.*.componentType', 'spec.services.*.subComponentType', ...PROVIDER_PATHS]);
    expect(dgd.deleteBeforeReplace).toBe(true);
  });

  test('on Dynamo 1.4: only the framework and the component names', async () => {
    const dgd = await dgdOf(new mocked.engine.AggregatedLlm('imm-14', { model: 'Qwen/Qwen3-0.6B', dynamoVersion: DynamoVersion.V1_4_2, replaceOnImmutableChange: true }));
    expect([dgd.replaceOnChanges, dgd.deleteBeforeReplace]).toStrictEqual([TOPOLOGY, true]);
  });
});
