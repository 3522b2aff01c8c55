/**
 * The names module: Kubernetes name limits, the one helper that shortens names only the library
 * uses, and the names the operator and the clouds derive (refused when too long). Every cloud
 * synthesizes valid manifests at the longest names it accepts and refuses one character more
 * with a named error.
 */
import { Size } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, AggregatedLlmProps, Backend, Cloud, ComponentType, DisaggregatedLlm, DynamoGraphDeployment, DynamoVersion, ModelCache, ModelStorage,
  ObservabilityOptions, Scraping,
} from '../lib';
import {
  boundedName, dnsLabelFrom, isDns1035Label, isDns1123Label, isDns1123Subdomain, isLabelValue, isQualifiedName,
} from '../lib/core/names';
import { clusterObjectName, fitsGrove, validateDynamoNamespace, validateOperatorNames } from '../lib/core/operator-names';
import { ENGINE_CONFIG_DIR } from '../lib/patterns/graph/worker-step';
import { component, Manifest, newChart, only, synthValid, validationError } from './support/synth';
import { EKS_OPTIONS } from './support/eks-options';

const IMAGE = 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.6.2';
const EKS = EKS_OPTIONS;

/** Every metadata.name of the manifests, and every pod volume name in DGD pod templates. */
function allNames(objs: Manifest[]): string[] {
  const names = objs.map((o) => o.metadata.name as string);
  for (const o of objs.filter((x) => x.kind === 'DynamoGraphDeployment')) {
    for (const c of o.spec.components ?? []) names.push(...((c.podTemplate?.spec?.volumes ?? []) as Manifest[]).map((v) => v.name as string));
  }
  return names;
}

describe('Kubernetes name syntax', () => {
  test('DNS labels: at most 63 characters; a DNS-1035 label starts with a letter', () => {
    expect(isDns1123Label('a'.repeat(63))).toBe(true);
    expect(isDns1123Label('a'.repeat(64))).toBe(false);
    expect(isDns1123Label('1abc')).toBe(true);
    expect(isDns1035Label('1abc')).toBe(false);
    expect(isDns1123Label('a.b')).toBe(false);
    expect(isDns1123Label('a-')).toBe(false);
  });

  test('DNS subdomains: labels joined by dots, at most 253 characters', () => {
    expect(isDns1123Subdomain(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`)).toBe(true);
    expect(isDns1123Subdomain('a'.repeat(254))).toBe(false);
    expect(isDns1123Subdomain('a..b')).toBe(false);
    expect(isDns1123Subdomain('a.-b')).toBe(false);
  });

  test.each([
    ['team', true], ['example.com/team', true], ['app.kubernetes.io/name', true], [`x/${'a'.repeat(63)}`, true],
    [`x/${'a'.repeat(64)}`, false], ['Example.com/team', false], ['a/b/c', false], ['/name', false], ['bad key', false], ['-a', false], ['', false],
    [`${'a'.repeat(254)}/n`, false],
  ])('qualified name (label and annotation key) %j: %s', (key, ok) => {
    expect(isQualifiedName(key)).toBe(ok);
  });

  test.each([
    ['', true], ['prometheus', true], ['a_b.c-d', true], ['x'.repeat(63), true], ['x'.repeat(64), false], ['-x', false], ['a b', false], [42, false],
  ])('label value %j: %s', (value, ok) => {
    expect(isLabelValue(value)).toBe(ok);
  });
});

describe('boundedName: names only the library refers to', () => {
  test('a name that fits is unchanged', () => {
    expect(boundedName('llama', 'model-cache')).toBe('llama-model-cache');
    expect(boundedName('a'.repeat(51), 'model-cache')).toBe(`${'a'.repeat(51)}-model-cache`);
  });

  test('a longer name keeps its suffix, is cut to the limit with a hash of the base, and is stable', () => {
    // GIVEN a base that makes `<base>-model-cache` 64 characters
    const base = 'a'.repeat(52);
    // WHEN
    const name = boundedName(base, 'model-cache');
    // THEN
    expect(name).toMatch(/^a+-[0-9a-f]{8}-model-cache$/);
    expect(name).toHaveLength(63);
    expect(isDns1123Label(name)).toBe(true);
    expect(boundedName(base, 'model-cache')).toBe(name);
    expect(boundedName(`${'a'.repeat(51)}b`, 'model-cache')).not.toBe(name);
  });

  test('a cut never leaves a trailing "-" before the hash; an empty suffix gives <base>-<hash>', () => {
    const base = `${'a'.repeat(49)}-${'b'.repeat(30)}`;
    expect(boundedName(base, 'slo')).toMatch(/^a{49}-[0-9a-f]{8}-slo$/);
    expect(boundedName('x'.repeat(50), '', 40)).toMatch(/^x{31}-[0-9a-f]{8}$/);
  });

  test('dnsLabelFrom: a claim or ConfigMap name that is not a DNS label becomes one', () => {
    expect(dnsLabelFrom('model-cache')).toBe('model-cache');
    expect(dnsLabelFrom('models.team-a')).toMatch(/^models-team-a$/);
    const long = dnsLabelFrom(`${'c'.repeat(70)}.x`);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(isDns1123Label(long)).toBe(true);
  });
});

describe('names the operator derives', () => {
  const graph = (dgdName: string, version = DynamoVersion.LATEST, annotations?: Record<string, string>) => ({ dgdName, dynamoVersion: version, annotations });

  test('the Dynamo namespace <namespace>-<name> is a pod label value', () => {
    expect(() => validateDynamoNamespace('name', 'n'.repeat(30), 'd'.repeat(32))).not.toThrow();
    expect(validationError(() => validateDynamoNamespace('name', 'n'.repeat(30), 'd'.repeat(33))).message).toBe(
      `name gives, in namespace "${'n'.repeat(30)}", the Dynamo namespace "${'n'.repeat(30)}-${'d'.repeat(33)}" of 64 characters, over the 63 of the `
      + `nvidia.com/dynamo-namespace pod label the operator sets (got "${'d'.repeat(33)}"); shorten the name or the namespace by 1 characters`);
  });

  test('cluster-scoped node objects are node label values', () => {
    expect(clusterObjectName('n'.repeat(55), 'workers', 'workers NodePool', 'karpenter.sh/nodepool')).toHaveLength(63);
    expect(validationError(() => clusterObjectName('n'.repeat(56), 'workers', 'workers NodePool', 'karpenter.sh/nodepool')).prop).toBe('name');
  });

  test('a worker pod carries nvidia.com/selector=<dgd>-<component>-<8-character hash>', () => {
    const c = { prop: 'decode.componentName', name: 'd', nodeCount: 1, worker: true };
    expect(() => validateOperatorNames(graph('a'.repeat(52)), c)).not.toThrow();
    expect(validationError(() => validateOperatorNames(graph('a'.repeat(53)), c)).message).toMatch(
      /^decode\.componentName gives the worker pods the operator's label nvidia\.com\/selector=<name>-<component>-<8-character hash> of 64 characters, over 63 \(got "d"\); shorten the name "a{53}" or decode\.componentName so that <name>-<component> fits in 54 characters$/);
    // a frontend has no worker hash
    expect(() => validateOperatorNames(graph('a'.repeat(53)), { ...c, worker: false })).not.toThrow();
  });

  test('Grove: a multi-node component needs its scaling group and cliques within 45 characters with the PodCliqueSet', () => {
    // GIVEN the operator cuts the graph name to 8 characters at least (Dynamo >= 1.2)
    const c = (name: string) => ({ prop: 'prefill.componentName', name, nodeCount: 2, worker: true });
    expect(fitsGrove(graph('llama'), 'VllmDecodeWorker', 2)).toBe(true);
    expect(fitsGrove(graph('llama-70b'), 'VllmPrefillWorker', 2)).toBe(false);
    expect(fitsGrove(graph('llama'), 'VllmPrefillWorker', 2)).toBe(true);
    // THEN a long component name is refused with the longest that fits
    expect(validationError(() => validateOperatorNames(graph('llama-70b'), c('VllmPrefillWorker'))).message).toBe(
      'prefill.componentName gives Grove resource names of 46 characters combined (PodCliqueSet (8) + scaling group "vllmprefillworker" + clique "vllmprefillworker-wkr"), '
      + 'over the 45 the operator\'s admission webhook allows (got "VllmPrefillWorker"); use a component name of at most 16 characters (e.g. "prefill" or "decode"), '
      + 'or opt the graph out of Grove with the annotation nvidia.com/enable-grove: "false"');
    // AND before Dynamo 1.2 the whole graph name counts
    expect(fitsGrove(graph('a'.repeat(30), DynamoVersion.V1_1_0), 'prefill', 2)).toBe(false);
    expect(fitsGrove(graph('a'.repeat(27), DynamoVersion.V1_1_0), 'prefill', 2)).toBe(true);
    expect(fitsGrove(graph('a'.repeat(39), DynamoVersion.V1_1_0), 'decode', 1)).toBe(true);
    expect(fitsGrove(graph('a'.repeat(40), DynamoVersion.V1_1_0), 'decode', 1)).toBe(false);
  });

  test('a graph that opts out of Grove is not held to it, but LeaderWorkerSet StatefulSets must fit 52 characters', () => {
    const c = { prop: 'decode.componentName', name: 'VllmDecodeWorker', nodeCount: 2, worker: true };
    for (const annotations of [{ 'nvidia.com/enable-grove': 'False' }, { 'nvidia.com/workload-provider': 'component' }] as Record<string, string>[]) {
      expect(fitsGrove(graph('llama-70b', DynamoVersion.LATEST, annotations), 'TRTLLMPrefillWorker', 2)).toBe(true);
      expect(() => validateOperatorNames(graph('a'.repeat(21), DynamoVersion.LATEST, annotations), c)).not.toThrow();
      expect(validationError(() => validateOperatorNames(graph('a'.repeat(22), DynamoVersion.LATEST, annotations), c)).message).toMatch(
        /^decode\.componentName gives LeaderWorkerSet StatefulSets named <name>-<component>-<hash>-0-<group> of 53 characters, over the 52 a StatefulSet allows .* so that <name>-<component> fits in 38 characters$/);
    }
    expect(fitsGrove(graph('llama-70b', DynamoVersion.LATEST, { 'nvidia.com/workload-provider': 'grove' }), 'VllmPrefillWorker', 2)).toBe(false);
  });
});

describe('the generated names of a pattern', () => {
  test('the engine config directory the names module reserves is the one the workers mount', () => {
    expect(ENGINE_CONFIG_DIR).toBe('/opt/dynamo/engine-config');
  });

  test('a multi-node pool whose example name Grove cannot fit is named after its role', () => {
    // GIVEN vLLM prefill over 2 nodes (VllmPrefillWorker leaves Grove 7 characters) and TensorRT-LLM pools
    const chart = newChart();
    new DisaggregatedLlm(chart, 'llama-70b', {
      model: 'm/x',
      allowTcpKvTransfer: true,
      prefill: { nodes: 2, gpus: 8 },
      decode: { nodes: 2, gpus: 8 },
    });
    const dgd = only(synthValid(chart), 'DynamoGraphDeployment');
    // THEN prefill is "prefill"; VllmDecodeWorker fits and is kept
    expect(dgd.spec.components.map((c: Manifest) => c.name)).toStrictEqual(['Frontend', 'prefill', 'VllmDecodeWorker']);
  });

  test('a single-node pool keeps the example name', () => {
    const chart = newChart();
    new DisaggregatedLlm(chart, 'llama-70b', { model: 'm/x', allowTcpKvTransfer: true, prefill: {}, decode: {} });
    const dgd = only(synthValid(chart), 'DynamoGraphDeployment');
    expect(dgd.spec.components.map((c: Manifest) => c.name)).toStrictEqual(['Frontend', 'VllmPrefillWorker', 'VllmDecodeWorker']);
  });

  test('the longest name with a short component name: the claim is shortened, every name fits', () => {
    // GIVEN a 52-character name (the longest a worker selector allows with a 1-character component)
    const chart = newChart();
    const name = `llm-${'x'.repeat(48)}`;
    const observability: ObservabilityOptions = { scraping: Scraping.podMonitors() };
    new AggregatedLlm(chart, 'llm', {
      name,
      model: 'Qwen/Qwen3-0.6B',
      workers: { componentName: 'w' },
      modelCache: ModelCache.newVolume({ storageClass: 'rwx', size: Size.gibibytes(10) }),
      ingress: {},
      observability,
    });
    // WHEN
    const objs = synthValid(chart);
    // THEN every object and pod volume name is a DNS label, and the claim is `<prefix>-<hash>-model-cache`
    for (const n of allNames(objs)) expect(n.length).toBeLessThanOrEqual(63);
    const claim = only(objs, 'PersistentVolumeClaim').metadata.name as string;
    expect(claim).toMatch(/^llm-x+-[0-9a-f]{8}-model-cache$/);
    expect(only(objs, 'Ingress').metadata.name).toBe(`${name}-frontend`);
    const volumes = component(only(objs, 'DynamoGraphDeployment'), 'w').podTemplate.spec.volumes as Manifest[];
    expect(volumes.map((v) => v.name)).toStrictEqual([claim]);
  });

  test('the engine config ConfigMap <name>-engine-config keeps its name; its pod volume is shortened to a DNS label', () => {
    // GIVEN TensorRT-LLM with an engine config file and a 52-character name
    const chart = newChart();
    const name = `trt-${'x'.repeat(48)}`;
    new AggregatedLlm(chart, 'llm', { name, model: 'm/x', backend: Backend.trtllm(), trustRemoteCode: true, workers: { componentName: 'w' } });
    // WHEN
    const objs = synthValid(chart);
    // THEN
    expect(only(objs, 'ConfigMap').metadata.name).toBe(`${name}-engine-config`);
    const volumes = component(only(objs, 'DynamoGraphDeployment'), 'w').podTemplate.spec.volumes as Manifest[];
    expect(volumes).toStrictEqual([{ name: expect.stringMatching(/^trt-x+-e-[0-9a-f]{8}$/), configMap: { name: `${name}-engine-config` } }]);
    expect((volumes[0].name as string).length).toBe(63);
  });

  test('one character more is refused at the component name, with the budget', () => {
    expect(validationError(() => new AggregatedLlm(newChart(), 'llm', { name: `llm-${'x'.repeat(49)}`, model: 'm/x', workers: { componentName: 'w' } })).prop)
      .toBe('workers.componentName');
    // the default worker name leaves 37 characters for the name
    expect(() => synthValid(((c) => { new AggregatedLlm(c, 'llm', { name: 'a'.repeat(37), model: 'm/x' }); return c; })(newChart()))).not.toThrow();
    // ...and with the default component name, the name the user wrote is blamed
    expect(validationError(() => new AggregatedLlm(newChart(), 'llm', { name: 'a'.repeat(38), model: 'm/x' })).message).toMatch(
      /^name gives the worker pods the operator's label nvidia\.com\/selector=.* of 64 characters/);
  });

  test('a name that leaves no room for <name>-frontend is refused at name (the frontend name is the default) or frontend.componentName (set)', () => {
    expect(validationError(() => new AggregatedLlm(newChart(), 'llm', { name: 'a'.repeat(55), model: 'm/x', workers: { componentName: 'w' } })).message).toMatch(
      /^name gives the operator-derived name "a{55}-frontend" of 64 characters, over the 63 a DNS label allows/);
    expect(validationError(() => new AggregatedLlm(newChart(), 'llm', {
      name: 'a'.repeat(55), model: 'm/x', frontend: { componentName: 'Frontend' }, workers: { componentName: 'w' },
    })).prop).toBe('frontend.componentName');
  });
});

describe('long names on every cloud', () => {
  /** The longest name for `<namespace>-<name>-workers` on a chart in namespace "ml": 52 characters. */
  const NAME = `q-${'x'.repeat(50)}`;
  const props = (cloud: Cloud, machineType: string | undefined, gpus = 1): AggregatedLlmProps => ({
    name: NAME, model: 'Qwen/Qwen3-8B', cloud, workers: { machineType, gpus, componentName: 'w' },
  });
  const clouds: [string, () => Cloud, string | undefined, number][] = [
    ['eks', () => Cloud.eks(EKS), 'g6e.12xlarge', 4],
    ['eksAutoMode', () => Cloud.eksAutoMode(), 'g6e.12xlarge', 4],
    ['gke', () => Cloud.gke(), 'g2-standard-24', 2],
    ['aks', () => Cloud.aks(), 'Standard_NC24ads_A100_v4', 1],
    ['generic', () => Cloud.generic(), undefined, 1],
  ];

  test.each(clouds)('%s: the longest accepted names synthesize valid manifests, every name within its limit', (_cloud, cloud, machineType, gpus) => {
    // GIVEN a 52-character name in namespace "ml": the node pool <namespace>-<name>-workers is 63 characters
    const chart = newChart('ml');
    new AggregatedLlm(chart, 'llm', { ...props(cloud(), machineType, gpus), ingress: {} });
    // WHEN
    const objs = synthValid(chart);
    // THEN
    for (const n of allNames(objs)) expect(n.length, n).toBeLessThanOrEqual(63);
  });

  test.each(clouds.filter(([c]) => c !== 'generic'))('%s: one character more in the namespace is refused at name', (_cloud, cloud, machineType, gpus) => {
    // GIVEN namespace "mlx": <namespace>-<name>-workers is 64 characters
    const e = validationError(() => new AggregatedLlm(newChart('mlx'), 'llm', props(cloud(), machineType, gpus)));
    // THEN
    expect(e.prop).toBe('name');
    expect(e.message).toMatch(new RegExp(`^name must keep the workers .* name "mlx-${NAME}-workers" \\(<namespace>-<name>-workers\\) within 63 characters, .* \\(got 64\\); shorten the name or the namespace by 1 characters$`));
  });

  test('generic: the same names are fine (no node objects)', () => {
    const chart = newChart('mlx');
    new AggregatedLlm(chart, 'llm', props(Cloud.generic(), undefined));
    expect(() => synthValid(chart)).not.toThrow();
  });

  test('the issue\'s GKE case: a long namespace and name are refused before the ComputeClass label overflows', () => {
    // GIVEN the names of the report
    const chart = newChart('a-very-long-namespace-name-xx');
    const e = validationError(() => new AggregatedLlm(chart, 'llm', {
      name: 'a-very-long-deployment-name-for-llama', model: 'Qwen/Qwen3-8B', cloud: Cloud.gke(), workers: { machineType: 'a3-highgpu-8g', gpus: 8 },
    }));
    // THEN the Dynamo namespace (a pod label the operator sets) is the first name over 63
    expect(e.prop).toBe('name');
    expect(e.message).toMatch(/^name gives, in namespace "a-very-long-namespace-name-xx", the Dynamo namespace ".*" of 67 characters, over the 63 of the nvidia\.com\/dynamo-namespace pod label/);
  });

  test('EKS Auto Mode: the custom NodeClass <namespace>-<name>-gpu is a label value too', () => {
    const cloud = Cloud.eksAutoMode({ nodeRole: 'AutoNodeRole', subnetTags: { a: 'b' }, securityGroupIds: ['sg-0a1b2c3d'] });
    const chart = newChart('ml');
    new AggregatedLlm(chart, 'llm', props(cloud, 'g6e.12xlarge', 4));
    expect(synthValid(chart).find((o) => o.kind === 'NodeClass')!.metadata.name).toBe(`ml-${NAME}-gpu`);
  });

  test('a StorageClass <namespace>-<name>-model-cache may be longer than a label (an object name)', () => {
    const chart = newChart('ml');
    new AggregatedLlm(chart, 'llm', {
      ...props(Cloud.eks(EKS), 'g6e.12xlarge', 4),
      modelCache: ModelCache.newVolume({ storage: ModelStorage.efs({ fileSystemId: 'fs-0123456789abcdef0' }), size: Size.gibibytes(100) }),
    });
    const objs = synthValid(chart);
    expect(only(objs, 'StorageClass').metadata.name).toBe(`ml-${NAME}-model-cache`);
  });
});

describe('the graph (L2) checks the names the operator derives', () => {
  const fe = { name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE };

  test('the Dynamo namespace', () => {
    expect(validationError(() => new DynamoGraphDeployment(newChart('n'.repeat(40)), 'g', { name: 'd'.repeat(23), components: [fe] })).prop).toBe('name');
  });

  test('Grove names of a multi-node component, unless the graph opts out', () => {
    const worker = { name: 'TRTLLMPrefillWorker', type: ComponentType.PREFILL, image: IMAGE, nodeCount: 2, gpus: 8 };
    const e = validationError(() => new DynamoGraphDeployment(newChart(), 'g', { name: 'trtllm', components: [fe, worker] }));
    expect(e.prop).toBe('components[TRTLLMPrefillWorker].name');
    const chart = newChart();
    new DynamoGraphDeployment(chart, 'g', { name: 'trtllm', annotations: { 'nvidia.com/enable-grove': 'false' }, components: [fe, worker] });
    expect(() => synthValid(chart)).not.toThrow();
  });

  test('the worker selector label', () => {
    const worker = { name: 'W', type: ComponentType.WORKER, image: IMAGE };
    expect(validationError(() => new DynamoGraphDeployment(newChart(), 'g', { name: 'a'.repeat(53), components: [worker] })).message)
      .toMatch(/^components\[W\]\.name gives the worker pods the operator's label nvidia\.com\/selector/);
  });
});
