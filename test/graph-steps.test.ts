/**
 * The steps of the graph builder (lib/patterns/graph/), each on its own: the pod-merge helpers,
 * replica ownership, component images and env, pool planning, and the shared cloud rules.
 */
import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import { Autoscaling, Backend, CapacityType, DynamoVersion, EnvValue, ModelCache, Planner, ScalingMetric, SecretRef } from '../lib';
import { PersistentVolumeAccessMode } from 'cdk8s-plus-28';
import { rejectUnappliedIngressOptions } from '../lib/cloud/frontend-ingress';
import { DEFAULT_CAPACITY_TYPES, validateCapacityTypes } from '../lib/cloud/pool-placement';
import { ComponentInputs, SharedEnv } from '../lib/patterns/graph/component-inputs';
import {
  largerSize, mergeAffinity, mergeMaps, mergeSecurityContext, mergeTolerations, nonEmptyMap, withShellPrelude,
} from '../lib/patterns/graph/pod-merge';
import { planPools, validateGraphInputs } from '../lib/patterns/graph/pool-plan';
import { replicaOwnership } from '../lib/patterns/graph/replica-ownership';
import { Duration } from 'cdk8s';

const LAYOUT = { gpusPerNode: 4, nodes: 1, tensorParallelSize: 4, pipelineParallelSize: 1, dataParallelSize: 1 };

describe('pod merge', () => {
  test('mergeMaps keeps both sides and accepts the same value twice', () => {
    expect(mergeMaps('decode.nodeSelector', { a: '1' }, { a: '1', b: '2' }, 'Cloud.eks()')).toStrictEqual({ a: '1', b: '2' });
    expect(mergeMaps('decode.nodeSelector', undefined, undefined, 'Cloud.eks()')).toStrictEqual({});
  });

  test('mergeMaps rejects a user value that overrides the profile\'s, naming the prop and the source', () => {
    expect(() => mergeMaps('decode.nodeSelector', { a: '1' }, { a: '2' }, 'Cloud.eks()', 'remove the key')).toThrow(
      'decode.nodeSelector must not override a, which Cloud.eks() sets to "1" (got "2"); remove the key');
  });

  test('nonEmptyMap leaves an empty map out', () => {
    expect(nonEmptyMap({})).toBeUndefined();
    expect(nonEmptyMap({ a: '1' })).toStrictEqual({ a: '1' });
  });

  test('mergeTolerations keeps the profile\'s first and each distinct toleration once', () => {
    const gpu: k8s.Toleration = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };
    const spot: k8s.Toleration = { key: 'spot', operator: 'Exists' };
    expect(mergeTolerations([gpu], [spot, { ...gpu }])).toStrictEqual([gpu, spot]);
    expect(mergeTolerations(undefined, [])).toBeUndefined();
  });

  test('mergeAffinity ANDs required node terms and concatenates pod terms', () => {
    const term = (key: string) => ({ matchExpressions: [{ key, operator: 'Exists' }] });
    const podTerm = (key: string): k8s.PodAffinityTerm => ({ topologyKey: key });
    const merged = mergeAffinity(
      { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term('a'), term('b')] } }, podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [podTerm('x')] } },
      { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term('c')] } }, podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [podTerm('y')] } },
    );
    expect(merged?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toStrictEqual([
      { matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'c', operator: 'Exists' }], matchFields: undefined },
      { matchExpressions: [{ key: 'b', operator: 'Exists' }, { key: 'c', operator: 'Exists' }], matchFields: undefined },
    ]);
    expect(merged?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toStrictEqual([podTerm('x'), podTerm('y')]);
    expect(mergeAffinity(undefined, { podAffinity: {} })).toStrictEqual({ podAffinity: {} });
  });

  test('mergeSecurityContext adds the profile\'s capabilities, and privileged unless the user decided', () => {
    expect(mergeSecurityContext({ capabilities: ['IPC_LOCK'], privileged: true }, { capabilities: { add: ['SYS_PTRACE'] }, privileged: false })).toStrictEqual({
      capabilities: { add: ['IPC_LOCK', 'SYS_PTRACE'] }, privileged: false,
    });
    expect(mergeSecurityContext({ privileged: true }, undefined)).toStrictEqual({ capabilities: { add: [] }, privileged: true });
    expect(mergeSecurityContext({}, { runAsUser: 1000 })).toStrictEqual({ runAsUser: 1000 });
  });

  test('withShellPrelude runs the lines, then execs the launcher with its arguments', () => {
    expect(withShellPrelude(['ldconfig'], ['python3', '-m', 'dynamo.vllm'])).toStrictEqual(['/bin/sh', '-c', 'ldconfig\nexec "$@"', '--', 'python3', '-m', 'dynamo.vllm']);
    expect(withShellPrelude([], ['python3'])).toStrictEqual(['python3']);
  });

  test('largerSize', () => {
    expect(largerSize(Size.gibibytes(16), Size.gibibytes(80))?.toGibibytes()).toBe(80);
    expect(largerSize(Size.gibibytes(16), undefined)?.toGibibytes()).toBe(16);
    expect(largerSize(undefined, undefined)).toBeUndefined();
  });
});

describe('replica ownership: one owner per pool', () => {
  const keda = () => Autoscaling.keda({ prometheusServerAddress: 'http://prometheus:9090', metrics: [ScalingMetric.queueDepth({ targetPerReplica: 4 })], minReplicas: 1, maxReplicas: 6 });
  const planner = () => Planner.sla({ ttftMs: 500, itlMs: 50, maxGpus: 32 });

  test('fixed replicas', () => {
    expect(replicaOwnership('decode', { replicas: 3 }, undefined, LAYOUT)).toStrictEqual({ maxReplicas: 3 });
    expect(replicaOwnership('decode', {}, undefined, LAYOUT)).toStrictEqual({ maxReplicas: 1 });
  });

  test('an autoscaler owns the replicas up to its maximum', () => {
    expect(replicaOwnership('decode', { autoscaling: keda() }, undefined, LAYOUT)).toStrictEqual({ owner: 'autoscaling', maxReplicas: 6 });
  });

  test('the planner owns them up to its GPU budget over the worker\'s GPUs', () => {
    expect(replicaOwnership('decode', {}, planner(), LAYOUT)).toStrictEqual({ owner: 'planner', maxReplicas: 8 });
  });

  test.each([
    ['an autoscaler with a planner', { autoscaling: keda() }, true, /^decode\.autoscaling must not be set with a planner/],
    ['replicas with an autoscaler', { autoscaling: keda(), replicas: 2 }, false, /^decode\.replicas must not be set when decode\.autoscaling \(KEDA\) owns the pool's replicas/],
    ['replicas with the planner', { replicas: 2 }, true, /^decode\.replicas must not be set when the planner owns the pool's replicas .*set planner\.minReplicas/],
    ['no adapter with the planner', { scalingAdapter: false }, true, /^decode\.scalingAdapter must not be false when the planner scales the pool/],
  ])('rejects %s', (_name, options, withPlanner, message) => {
    expect(() => replicaOwnership('decode', options, withPlanner ? planner() : undefined, LAYOUT)).toThrow(message);
  });
});

describe('component inputs', () => {
  const shared = new Map<string, SharedEnv>([['HF_TOKEN', { value: EnvValue.fromValue('x'), source: 'hfToken' }]]);
  const inputs = (image?: string, version = DynamoVersion.LATEST) => new ComponentInputs(Backend.vllm(), version, image, 'Cloud.eks()', shared);

  test('the image: the component\'s, the pattern\'s, or the runtime image with the profile\'s suffix', () => {
    expect(inputs().image(undefined, '-efa').image).toBe(`${Backend.vllm().runtimeImage(DynamoVersion.LATEST)}-efa`);
    expect(inputs('registry/vllm:mine').image(undefined).image).toBe('registry/vllm:mine');
    expect(inputs('registry/vllm:mine').image('registry/other:1').image).toBe('registry/other:1');
  });

  test('a tag that does not state the release gets the runtime version override on Dynamo >= 1.4', () => {
    expect(inputs().image(undefined).runtimeVersionOverride).toBeUndefined();
    expect(inputs('registry/vllm:mine').image(undefined).runtimeVersionOverride).toBe(DynamoVersion.LATEST.version);
  });

  test('env layers shared, generated, cloud and user variables', () => {
    const env = inputs().env('decode', { VLLM: '1' }, { MINE: EnvValue.fromValue('2') }, { FI_PROVIDER: 'efa' });
    expect(Object.keys(env)).toStrictEqual(['HF_TOKEN', 'VLLM', 'FI_PROVIDER', 'MINE']);
  });

  test.each([
    ['a shared variable', 'HF_TOKEN', 'decode.env must not set HF_TOKEN, which is set from hfToken (got "HF_TOKEN"); remove HF_TOKEN from decode.env and configure it through hfToken'],
    ['a cloud variable', 'FI_PROVIDER', /^decode\.env must not set FI_PROVIDER, which is set from the cloud profile's RDMA wiring \(Cloud\.eks\(\)\)/],
    ['a backend variable', 'VLLM', /^decode\.env must not set VLLM, which is set from the vLLM wiring/],
  ])('a user variable that repeats %s is an error naming its source', (_name, key, message) => {
    expect(() => inputs().env('decode', { VLLM: '1' }, { [key]: EnvValue.fromSecret(SecretRef.fromSecretName('s'), 'k') }, { FI_PROVIDER: 'efa' })).toThrow(message);
  });
});

describe('pool planning', () => {
  const props = { model: 'Qwen/Qwen3-0.6B' };

  test('layout, component name, owner and KV transfer per pool', () => {
    const plans = planPools(props, [
      { prop: 'prefill', role: 'prefill', options: { gpus: 2 } },
      { prop: 'decode', role: 'decode', options: { replicas: 3, componentName: 'Decode' } },
    ], Backend.vllm().definition, 'llm');
    expect(plans.map((p) => [p.prop, p.componentName, p.layout.tensorParallelSize, p.ownership.maxReplicas, p.kvTransfer])).toStrictEqual([
      ['prefill', 'VllmPrefillWorker', 2, 1, true],
      ['decode', 'Decode', 1, 3, true],
    ]);
  });

  test('a ReadWriteOnce cache mounted by several pods', () => {
    const cache = ModelCache.fromExistingClaim('c', { accessMode: PersistentVolumeAccessMode.READ_WRITE_ONCE });
    expect(() => planPools({ ...props, modelCache: cache }, [{ prop: 'workers', role: 'aggregated', options: {} }], Backend.vllm().definition, 'llm')).toThrow(
      /^modelCache\.accessMode must be ReadWriteMany when several pods mount the cache \(2 here: frontend and workers\)/);
  });

  test.each([
    ['replicas', { replicas: -1 }, /^workers\.replicas must be an integer >= 0/],
    ['maxModelLen', { maxModelLen: 0 }, /^workers\.maxModelLen must be an integer >= 1/],
    ['maxNumSeqs', { maxNumSeqs: 1.5 }, /^workers\.maxNumSeqs must be an integer >= 1/],
  ])('rejects %s', (_name, options, message) => {
    expect(() => planPools(props, [{ prop: 'workers', role: 'aggregated', options }], Backend.vllm().definition, 'llm')).toThrow(message);
  });

  test.each([
    ['a model with a space', { model: 'a b' }, /^model must be a Hugging Face model id or a path/],
    ['a model that is not a string (untyped caller)', { model: 42 as unknown as string }, /^model must be a Hugging Face model id or a path, without spaces \(got 42\)/],
    ['no frontend', { model: 'm', frontend: { replicas: 0 } }, /^frontend\.replicas must be an integer >= 1/],
  ])('graph inputs: %s', (_name, p, message) => {
    expect(() => validateGraphInputs(p, 'llm')).toThrow(message);
  });
});

describe('the shared cloud rules', () => {
  test('capacity types default to on-demand', () => {
    expect(validateCapacityTypes('decode', undefined, [CapacityType.SPOT], 'Cloud.x()')).toBe(DEFAULT_CAPACITY_TYPES);
    expect(DEFAULT_CAPACITY_TYPES).toStrictEqual([CapacityType.ON_DEMAND]);
  });

  test('an unsupported capacity type names what the cloud can provision', () => {
    expect(() => validateCapacityTypes('decode', [CapacityType.RESERVED], [CapacityType.ON_DEMAND, CapacityType.SPOT], 'Cloud.x()')).toThrow(
      'decode.capacityTypes must list capacity types Cloud.x() can provision (on-demand, spot) (got "reserved"); use CapacityType.ON_DEMAND or CapacityType.SPOT');
  });

  test('ingress options a cloud does not apply: one message form, the value, the cloud\'s fix', () => {
    expect(() => rejectUnappliedIngressOptions({ timeout: Duration.seconds(600) }, 'Cloud.x()', { timeout: 'set it on the controller' })).toThrow(
      'ingress.timeout is not applied by Cloud.x() (got "600s"); set it on the controller');
    expect(() => rejectUnappliedIngressOptions({ internal: false, certificateArn: 'arn' }, 'Cloud.x()', { internal: 'no' })).not.toThrow();
  });
});
