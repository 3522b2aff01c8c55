/**
 * Metadata, scheduling, security context, resources, mounts and model ids: each rule the API
 * server (or the operator) enforces is checked where the user's prop enters, in the patterns
 * (user prop paths) and in the graph (L2) for its own users, and every error names the prop.
 */
import { Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, AggregatedLlmProps, Backend, CompilationCache, ComponentType, ComponentVolume, DgdApiVersion, DisaggregatedLlm, DynamoGraphDeployment,
  DynamoComponentOptions, DynamoPlatform, ModelCache, Planner, PlatformDelivery,
} from '../lib';
import { validateAnnotations, validateLabels } from '../lib/core/metadata';
import { quantityNumber, validateExtendedResources, validateMountPaths, validateTolerations } from '../lib/core/pod-rules';
import { component, Manifest, newChart, only, synthValid, validationError } from './support/synth';

const IMAGE = 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.6.2';
const cache = (o: { mountPath?: string; claimName?: string } = {}) => ModelCache.newVolume({ storageClass: 'rwx', size: Size.gibibytes(10), ...o });

/** The error of building an aggregated pattern with `props`. */
function aggError(props: Partial<AggregatedLlmProps>) {
  return validationError(() => new AggregatedLlm(newChart(), 'llm', { model: 'Qwen/Qwen3-0.6B', ...props }));
}

/** [what, props, prop named, message] */
type Case = [string, Partial<AggregatedLlmProps>, string, RegExp];

describe('metadata of the pattern, always checked', () => {
  const cases: Case[] = [
    ['a label key with a space', { labels: { 'my team': 'a' } }, 'labels', /^labels must have Kubernetes label keys .* \(got "my team"\); use a key such as "release"/],
    ['a label value of 64 characters', { labels: { team: 'x'.repeat(64) } }, 'labels.team', /^labels\.team must be a Kubernetes label value/],
    ['a prefixed label key with a bad value', { labels: { 'example.com/team': 'a b' } }, 'labels["example.com/team"]', /^labels\["example\.com\/team"\] must be a Kubernetes label value .*\(got "a b"\)/],
    ['an annotation key with two slashes', { annotations: { 'a/b/c': 'x' } }, 'annotations', /^annotations must have Kubernetes annotation keys .*\(got "a\/b\/c"\)/],
    ['annotations over 256 KiB', { annotations: { big: 'x'.repeat(256 * 1024) } }, 'annotations',
      /^annotations must total at most 262144 bytes \(256 KiB, keys and values\), the API server's limit \(got "262147 bytes"\)/],
    ['a frontend pod label value with a space', { frontend: { podLabels: { app: 'my app' } } }, 'frontend.podLabels.app', /^frontend\.podLabels\.app must be a Kubernetes label value/],
    ['a worker pod annotation key', { workers: { podAnnotations: { '-x': 'y' } } }, 'workers.podAnnotations', /^workers\.podAnnotations must have Kubernetes annotation keys/],
    ['a node selector value', { workers: { nodeSelector: { 'node.kubernetes.io/instance-type': 'p5 48xlarge' } } }, 'workers.nodeSelector["node.kubernetes.io/instance-type"]',
      /must be a Kubernetes label value .*; use the node label value, such as "p5\.48xlarge"$/],
    ['a frontend node selector key', { frontend: { nodeSelector: { 'pool name': 'cpu' } } }, 'frontend.nodeSelector', /^frontend\.nodeSelector must have Kubernetes label keys/],
    ['an ingress annotation key', { ingress: { annotations: { 'nginx.ingress.kubernetes.io/': '1' } } }, 'ingress.annotations', /^ingress\.annotations must have Kubernetes annotation keys/],
  ];
  test.each(cases)('%s', (_what, props, prop, message) => {
    const e = aggError(props);
    expect(e.prop).toBe(prop);
    expect(e.message).toMatch(message);
  });

  test('labels are checked without observability, and good metadata synthesizes', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', {
      model: 'Qwen/Qwen3-0.6B',
      labels: { 'app.kubernetes.io/part-of': 'llm', 'team': '' },
      annotations: { 'example.com/owner': 'ml-platform' },
      frontend: { podLabels: { tier: 'front' }, nodeSelector: { 'kubernetes.io/arch': 'amd64' } },
    });
    expect(() => synthValid(chart)).not.toThrow();
  });

  test('the rules themselves: values that are not strings, an empty map', () => {
    expect(validationError(() => validateLabels('labels', { a: 1 })).message).toMatch(/^labels\.a must be a Kubernetes label value .*\(got 1\)/);
    expect(validationError(() => validateAnnotations('annotations', { a: true })).message).toBe('annotations.a must be a string (got true); quote it, e.g. "true"');
    expect(() => validateLabels('labels', {})).not.toThrow();
  });
});

describe('tolerations', () => {
  const t = (x: Partial<k8s.Toleration>) => x as k8s.Toleration;
  test.each([
    ['an unknown operator', t({ key: 'k', operator: 'In' }), 'workers.tolerations[0].operator', /must be "Equal" or "Exists" \(got "In"\)/],
    ['Exists with a value', t({ key: 'k', operator: 'Exists', value: 'v' }), 'workers.tolerations[0].value', /must be empty when operator is "Exists" \(got "v"\)/],
    ['no key with Equal', t({ value: 'v' }), 'workers.tolerations[0].operator', /must be "Exists" when key is empty \(a toleration of every taint\) \(got "Equal"\)/],
    ['an unknown effect', t({ key: 'k', effect: 'NoRun' }), 'workers.tolerations[0].effect', /must be one of NoSchedule, PreferNoSchedule, NoExecute/],
    ['tolerationSeconds without NoExecute', t({ key: 'k', effect: 'NoSchedule', tolerationSeconds: 30 }), 'workers.tolerations[0].tolerationSeconds',
      /applies only with effect "NoExecute" \(got 30\)/],
    ['fractional tolerationSeconds', t({ key: 'k', effect: 'NoExecute', tolerationSeconds: 1.5 }), 'workers.tolerations[0].tolerationSeconds', /must be a whole number/],
    ['a key with a space', t({ key: 'my taint', operator: 'Exists' }), 'workers.tolerations[0].key', /must be a taint key/],
    ['an Equal value that is not a label value', t({ key: 'k', value: 'a b' }), 'workers.tolerations[0].value', /must be a taint value/],
  ])('%s', (_what, toleration, prop, message) => {
    const e = aggError({ workers: { tolerations: [toleration] } });
    expect(e.prop).toBe(prop);
    expect(e.message).toMatch(message);
  });

  test('valid tolerations pass, the frontend\'s are checked too', () => {
    expect(() => validateTolerations('x', [
      { operator: 'Exists' }, { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }, { key: 'a', value: 'b' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }, { key: 'k', effect: '' },
      // an empty operator is Equal, as the API server reads it
      { key: 'k', operator: '', value: 'v' },
    ])).not.toThrow();
    expect(aggError({ frontend: { tolerations: [t({ key: 'k', operator: 'Exists', value: 'v' })] } }).prop).toBe('frontend.tolerations[0].value');
  });
});

describe('tolerations of an untyped caller (JavaScript, a config file)', () => {
  test.each([
    ['a key that is a number', [{ key: 1 }], 'decode.tolerations[0].key',
      'decode.tolerations[0].key must be a string (got 1); use the taint key as a string, e.g. "nvidia.com/gpu"'],
    ['an operator that is a boolean', [{ key: 'k', operator: true }], 'decode.tolerations[0].operator',
      'decode.tolerations[0].operator must be a string (got true); use "Equal" or "Exists", e.g. "Exists"'],
    ['a value that is a number', [{ key: 'k', value: 1 }], 'decode.tolerations[0].value',
      'decode.tolerations[0].value must be a string (got 1); use the taint value as a string (quote a number), e.g. "gpu"'],
    ['an effect that is a list', [{ key: 'k', effect: ['NoSchedule'] }], 'decode.tolerations[0].effect',
      'decode.tolerations[0].effect must be a string (got ["NoSchedule"]); use "NoSchedule", "PreferNoSchedule" or "NoExecute", e.g. "NoSchedule"'],
    ['tolerationSeconds as a string', [{ key: 'k', effect: 'NoExecute', tolerationSeconds: '300' }], 'decode.tolerations[0].tolerationSeconds',
      'decode.tolerations[0].tolerationSeconds must be a whole number of seconds (got "300"); use a number, e.g. 300'],
    ['a null key', [{ key: null, operator: 'Exists' }], 'decode.tolerations[0].key',
      'decode.tolerations[0].key must be a string (got null); use the taint key as a string, e.g. "nvidia.com/gpu"'],
    ['a misspelt field, in the second toleration', [{ operator: 'Exists' }, { key: 'k', efect: 'NoSchedule' }], 'decode.tolerations[1].efect',
      'decode.tolerations[1].efect is not a field of a Toleration (got "NoSchedule"); the fields are key, operator, value, effect, tolerationSeconds'],
    ['a toleration that is a string', ['nvidia.com/gpu'], 'decode.tolerations[0]',
      'decode.tolerations[0] must be a Toleration object (got "nvidia.com/gpu"); pass an object such as { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }'],
  ])('%s is a named error, not a TypeError', (_what, tolerations, prop, message) => {
    // GIVEN tolerations a TypeScript caller cannot write
    const given = tolerations as unknown as k8s.Toleration[];
    // WHEN / THEN
    const e = validationError(() => validateTolerations('decode.tolerations', given));
    expect(e.prop).toBe(prop);
    expect(e.message).toBe(message);
  });

  test('the pattern and the platform report them on their props', () => {
    // GIVEN a key that is a number, on a pool and on the platform
    const key = [{ key: 1, operator: 'Exists' }] as unknown as k8s.Toleration[];
    // WHEN / THEN
    expect(aggError({ workers: { tolerations: key } }).message).toBe('workers.tolerations[0].key must be a string (got 1); use the taint key as a string, e.g. "nvidia.com/gpu"');
    expect(validationError(() => new DynamoPlatform(newChart(), 'dynamo', { delivery: PlatformDelivery.flux(), tolerations: key })).message)
      .toBe('tolerations[0].key must be a string (got 1); use the taint key as a string, e.g. "nvidia.com/gpu"');
  });
});

describe('security context', () => {
  test.each([
    ['privileged with allowPrivilegeEscalation false', { privileged: true, allowPrivilegeEscalation: false },
      /^workers\.securityContext\.allowPrivilegeEscalation must not be false when privileged is true \(the API server rejects the pair/],
    ['CAP_SYS_ADMIN with allowPrivilegeEscalation false', { allowPrivilegeEscalation: false, capabilities: { add: ['IPC_LOCK', 'CAP_SYS_ADMIN'] } },
      /must not be false when capabilities\.add has CAP_SYS_ADMIN \(the API server rejects the pair/],
  ])('%s', (_what, securityContext, message) => {
    const e = aggError({ workers: { securityContext } });
    expect(e.prop).toBe('workers.securityContext.allowPrivilegeEscalation');
    expect(e.message).toMatch(message);
  });

  test('either alone is fine, and SYS_ADMIN (the spelling the API server does not compare) with it', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: 'm/x', workers: { securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['IPC_LOCK', 'SYS_ADMIN'] } } } });
    expect(() => synthValid(chart)).not.toThrow();
  });
});

describe('resources', () => {
  test('a cpu request above its limit is refused at the frontend', () => {
    const e = aggError({ frontend: { resources: { cpu: { request: Cpu.units(2), limit: Cpu.millis(1500) } } } });
    expect(e.message).toBe('frontend.resources.cpu must not request more than its limit (the API server rejects it) (got {"request":"2","limit":"1500m"}); '
      + 'lower the request to at most 1500m or raise the limit');
  });

  test.each([
    ['memory', { memory: { request: Size.gibibytes(2), limit: Size.mebibytes(1024) } }, 'workers.resources.memory'],
    ['ephemeral storage', { ephemeralStorage: { request: Size.gibibytes(20), limit: Size.gibibytes(10) } }, 'workers.resources.ephemeralStorage'],
  ])('a %s request above its limit is refused at the pool', (_what, resources, prop) => {
    expect(aggError({ workers: { resources } }).prop).toBe(prop);
  });

  test('equal requests and limits, and a request alone, pass', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', {
      model: 'm/x',
      frontend: { resources: { cpu: { request: Cpu.millis(1000), limit: Cpu.units(1) }, memory: { request: Size.gibibytes(1), limit: Size.mebibytes(1024) } } },
      workers: { resources: { ephemeralStorage: { request: Size.gibibytes(2) } } },
    });
    expect(() => synthValid(chart)).not.toThrow();
  });

  test('quantities compare in common units', () => {
    expect(quantityNumber('500m')).toBe(0.5);
    expect(quantityNumber('1Gi')).toBe(2 ** 30);
    expect(quantityNumber('1G')).toBe(1e9);
    expect(quantityNumber('1e3')).toBe(1000);
    expect(quantityNumber('many')).toBeUndefined();
  });
});

describe('extended resources', () => {
  test.each([
    ['a name without a domain', { efa: '1' }, 'workers.extraResources', /must name extended resources with their domain \(vendor\.com\/name\).*\(got "efa"\)/],
    ['the kubernetes.io domain', { 'example.kubernetes.io/thing': '1' }, 'workers.extraResources', /must not use the kubernetes\.io domain/],
    ['a requests. prefix', { 'requests.example.com/x': '1' }, 'workers.extraResources', /no "requests\." prefix/],
    ['a bad name', { 'example.com/bad name': '1' }, 'workers.extraResources', /must have extended resource names/],
    ['a fractional count', { 'vpc.amazonaws.com/efa': '500m' }, 'workers.extraResources["vpc.amazonaws.com/efa"]', /must be a whole number \(extended resources are counted in units\)/],
    ['a malformed quantity', { 'rdma/ib': 'many' }, 'workers.extraResources["rdma/ib"]', /must be a Kubernetes quantity \(got "many"\)/],
    ['GPUs', { 'nvidia.com/gpu': '2' }, 'workers.extraResources', /must not set nvidia\.com\/gpu .*use the gpus option/],
    ['cpu', { cpu: '2' }, 'workers.extraResources', /must not set cpu .*use the resources option/],
  ])('%s', (_what, extraResources, prop, message) => {
    const e = aggError({ workers: { extraResources } });
    expect(e.prop).toBe(prop);
    expect(e.message).toMatch(message);
  });

  test('device plugin names and hugepages pass', () => {
    expect(() => validateExtendedResources('x', { 'rdma/ib': '8', 'vpc.amazonaws.com/efa': '1k', 'hugepages-2Mi': '512Mi' })).not.toThrow();
    expect(validationError(() => validateExtendedResources('x', { 'hugepages-2Mi': 'lots' })).message).toMatch(/use a size such as "2Gi"/);
  });
});

describe('mount paths', () => {
  test.each([
    ['the model cache at /dev/shm', { modelCache: cache({ mountPath: '/dev/shm' }) }, 'modelCache.mountPath',
      /^modelCache\.mountPath must not mount at \/dev\/shm, where the shared memory volume \(\/dev\/shm\) mounts \(got "\/dev\/shm"\)/],
    ['the model cache at the engine config directory', { modelCache: cache({ mountPath: '/opt/dynamo/engine-config/' }) }, 'modelCache.mountPath',
      /must not mount at \/opt\/dynamo\/engine-config, where the engine config files mount/],
    ['the compilation cache at the model cache', { modelCache: cache({ mountPath: '/cache' }), compilationCache: CompilationCache.fromExistingClaim('cc', { mountPath: '/cache' }) },
      'compilationCache.mountPath', /^compilationCache\.mountPath must not mount at \/cache, where modelCache\.mountPath mounts/],
    ['the model cache at the vLLM compilation cache default', { modelCache: cache({ mountPath: '/root/.cache/vllm' }), compilationCache: CompilationCache.fromExistingClaim('cc') },
      'compilationCache.mountPath', /^compilationCache\.mountPath must not mount at \/root\/\.cache\/vllm, where modelCache\.mountPath mounts/],
  ])('%s', (_what, props, prop, message) => {
    const e = aggError({ ...props, workers: { replicas: 1 } });
    expect(e.prop).toBe(prop);
    expect(e.message).toMatch(message);
  });

  test('the same paths apart pass', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: 'm/x', modelCache: cache({ mountPath: '/models' }), compilationCache: CompilationCache.fromExistingClaim('cc', { mountPath: '/cc' }) });
    expect(() => synthValid(chart)).not.toThrow();
    expect(() => validateMountPaths([{ prop: 'a', path: '/x/' }, { prop: 'b', path: '/x/y' }])).not.toThrow();
  });
});

describe('claims the operator names volumes after', () => {
  test('a compilation cache claim that is not a DNS label', () => {
    const e = aggError({ compilationCache: CompilationCache.fromExistingClaim('cache.team-a') });
    expect(e.prop).toBe('compilationCache.claimName');
    expect(e.message).toMatch(/must be a DNS label .*: the operator names the pod volume after the claim \(got "cache\.team-a"\)/);
  });

  test('a model cache claim with dots: v1beta1 names the volume itself, v1alpha1 is refused', () => {
    // GIVEN v1beta1
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: 'm/x', modelCache: ModelCache.fromExistingClaim('models.team-a') });
    const dgd = only(synthValid(chart), 'DynamoGraphDeployment');
    expect(component(dgd, 'Frontend').podTemplate.spec.volumes).toStrictEqual([{ name: 'models-team-a', persistentVolumeClaim: { claimName: 'models.team-a' } }]);
    // THEN v1alpha1
    expect(aggError({ apiVersion: DgdApiVersion.V1ALPHA1, modelCache: ModelCache.fromExistingClaim('models.team-a') }).prop).toBe('modelCache.claimName');
  });
});

describe('model ids', () => {
  test.each([
    ['https://huggingface.co/Qwen/Qwen3-0.6B', 'use "Qwen/Qwen3-0.6B"'],
    ['https://huggingface.co/Qwen/Qwen3-0.6B/tree/main', 'use "Qwen/Qwen3-0.6B"'],
    ['hf://meta-llama/Llama-3.3-70B-Instruct', 'use "meta-llama/Llama-3.3-70B-Instruct"'],
    ['huggingface.co/Qwen/Qwen3-8B', 'use "Qwen/Qwen3-8B"'],
    ['http://hf.co/gpt2', 'use "gpt2"'],
  ])('a URL %s is refused with the id', (model, fix) => {
    const e = aggError({ model });
    expect(e.prop).toBe('model');
    expect(e.message).toBe(`model must be a Hugging Face model id (org/name) or a path, not a URL (got ${JSON.stringify(model)}); ${fix}`);
  });

  test('a URL elsewhere is refused with the way to serve it', () => {
    expect(aggError({ model: 'https://example.com/models/llama' }).message).toMatch(/not a URL .*; download the model into the image or a model cache and give its path/);
  });

  test('ids and paths pass', () => {
    for (const model of ['Qwen/Qwen3-0.6B', '/opt/models/llama', 'gpt2']) expect(() => new AggregatedLlm(newChart(), 'llm', { model })).not.toThrow();
  });

  test('servedModelName is the name clients send, not a Hugging Face id', () => {
    const e = aggError({ servedModelName: 'my model' });
    expect(e.message).toBe('servedModelName must be the name clients send as "model" in requests: 1-512 printable characters without spaces (got "my model"); '
      + 'use a name such as "llama-3.3-70b", or leave it unset to serve the model under its id');
    expect(e.message).not.toMatch(/Hugging Face/);
    expect(aggError({ servedModelName: 'a\u0007b' }).prop).toBe('servedModelName');
    expect(() => new AggregatedLlm(newChart(), 'llm', { model: 'm/x', servedModelName: 'llama-3.3:70b@prod' })).not.toThrow();
  });
});

describe('the names the operator derives, at the pattern', () => {
  test('a multi-node pool whose name Grove cannot fit names the pool\'s componentName', () => {
    const e = validationError(() => new DisaggregatedLlm(newChart(), 'llama-70b', {
      model: 'm/x', allowTcpKvTransfer: true, prefill: { nodes: 2, gpus: 8, componentName: 'LongPrefillWorker' }, decode: {},
    }));
    expect(e.prop).toBe('prefill.componentName');
    expect(e.message).toMatch(/gives Grove resource names of 46 characters combined/);
  });

  test('the frontend\'s and the planner\'s component names are checked too', () => {
    // GIVEN a 56-character name: <name>-f fits, <name>-planner (64 characters) does not
    const planner = (componentName?: string) => Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 8, componentName });
    const named = aggError({ name: 'a'.repeat(56), workers: { componentName: 'w' }, frontend: { componentName: 'f' }, planner: planner('Planner') });
    expect(named.prop).toBe('planner.componentName');
    // ...and with the planner's default name, the name the user wrote, with its value
    const byDefault = aggError({ name: 'a'.repeat(56), workers: { componentName: 'w' }, frontend: { componentName: 'f' }, planner: planner() });
    expect(byDefault.prop).toBe('name');
    expect(byDefault.message).toContain(`(got "${'a'.repeat(56)}")`);
    expect(aggError({ frontend: { componentName: 'Bad_Name' } }).prop).toBe('frontend.componentName');
  });

  test('a graph that opts out of Grove keeps the example names', () => {
    const chart = newChart();
    new DisaggregatedLlm(chart, 'llama', {
      model: 'm/x', backend: Backend.trtllm(), allowTcpKvTransfer: true, annotations: { 'nvidia.com/enable-grove': 'false' },
      modelCache: cache(), prefill: { nodes: 2, gpus: 4 }, decode: { nodes: 2, gpus: 4 },
    });
    const dgd = only(synthValid(chart), 'DynamoGraphDeployment');
    expect(dgd.spec.components.map((c: Manifest) => c.name)).toStrictEqual(['Frontend', 'TRTLLMPrefillWorker', 'TRTLLMDecodeWorker']);
  });
});

describe('the graph (L2) checks its own props', () => {
  const worker = (o: Partial<DynamoComponentOptions> = {}): DynamoComponentOptions => ({ name: 'W', type: ComponentType.WORKER, image: IMAGE, ...o });
  const graphError = (o: Partial<DynamoComponentOptions>, props: Record<string, unknown> = {}) =>
    validationError(() => new DynamoGraphDeployment(newChart(), 'g', { ...props, components: [worker(o)] }));

  test.each([
    ['a pod label value', { podLabels: { a: 'b c' } }, 'components[W].podLabels.a'],
    ['a pod annotation key', { podAnnotations: { 'a b': 'c' } }, 'components[W].podAnnotations'],
    ['a node selector value', { nodeSelector: { a: '-' } }, 'components[W].nodeSelector.a'],
    ['a toleration', { tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] }, 'components[W].tolerations[0].value'],
    ['a security context', { securityContext: { privileged: true, allowPrivilegeEscalation: false } }, 'components[W].securityContext.allowPrivilegeEscalation'],
    ['a memory request above its limit', { resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } }, 'components[W].resources.memory'],
    ['an extended resource without a domain', { extraResources: { efa: '1' } }, 'components[W].extraResources'],
    ['a compilation cache claim with dots', { compilationCache: { claimName: 'a.b', mountPath: '/cc' } }, 'components[W].compilationCache.claimName'],
    ['a compilation cache at /dev/shm', { compilationCache: { claimName: 'cc', mountPath: '/dev/shm' } }, 'components[W].compilationCache.mountPath'],
    ['a volume at /dev/shm', { volumes: [ComponentVolume.fromEmptyDir('scratch', '/dev/shm')] }, 'components[W].volumes[scratch]'],
    ['a volume named shared-memory', { volumes: [ComponentVolume.fromEmptyDir('shared-memory', '/shm')] }, 'components[W].volumes'],
  ])('%s', (_what, o, prop) => {
    expect(graphError(o as Partial<DynamoComponentOptions>).prop).toBe(prop);
  });

  test('/dev/shm is free when shared memory is disabled', () => {
    const chart = newChart();
    new DynamoGraphDeployment(chart, 'g', { components: [worker({ sharedMemorySize: Size.gibibytes(0), volumes: [ComponentVolume.fromEmptyDir('shm', '/dev/shm', { memory: true })] })] });
    expect(() => synthValid(chart)).not.toThrow();
  });

  test('graph labels and annotations', () => {
    expect(graphError({}, { labels: { 'a b': 'c' } }).prop).toBe('labels');
    expect(graphError({}, { annotations: { 'x/': 'c' } }).prop).toBe('annotations');
  });

  test('mutators check what they add', () => {
    const dgd = new DynamoGraphDeployment(newChart(), 'g', { components: [worker()] });
    const c = dgd.component('W');
    expect(validationError(() => c.addToleration({ key: 'k', operator: 'Bad' })).prop).toBe('components[W].tolerations[0].operator');
    expect(validationError(() => c.addPodLabel('k', 'a b')).prop).toBe('components[W].podLabels.k');
    expect(validationError(() => c.addPodAnnotation('k', 'x'.repeat(300 * 1024))).prop).toBe('components[W].podAnnotations');
    expect(validationError(() => c.addExtraResource('example.com/x', '0.5')).prop).toBe('components[W].extraResources["example.com/x"]');
  });

  test('v1alpha1: a claim must be a DNS label, the operator names the volume after it', () => {
    const e = validationError(() => new DynamoGraphDeployment(newChart(), 'g', {
      apiVersion: DgdApiVersion.V1ALPHA1, components: [worker({ volumes: [ComponentVolume.fromPersistentVolumeClaim('models.team-a', '/m')] })],
    }));
    expect(e.message).toMatch(/^components\[W\]\.volumes must be a DNS label .*: the operator names the pod volume after the claim \(got "models.team-a"\); .*, or DgdApiVersion.V1BETA1$/);
  });

  test('a pod volume name must be a DNS label', () => {
    expect(validationError(() => ComponentVolume.fromEmptyDir('a.b', '/x')).message).toMatch(/^name must be a pod volume name/);
  });
});
