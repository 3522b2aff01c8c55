import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, Backend, Cloud, DisaggregatedLlm, DynamoPlatform, DynamoVersion, Planner, RdmaFabric,
} from '../lib';
import { EKS_OPTIONS } from './support/eks-options';
import { component, Manifest, newChart, only, synthValid, validationError } from './support/synth';

// A pattern on a platform that exists already: DynamoPlatform.fromExisting(...). The managed
// platform's checks (add-ons, sync waves) are in platform.test.ts.

const MODEL = 'Qwen/Qwen3-0.6B';
const PROM = 'http://prometheus-operated.monitoring.svc:9090';
const existing = (options: Partial<Parameters<typeof DynamoPlatform.fromExisting>[0]> = {}) =>
  DynamoPlatform.fromExisting({ version: DynamoVersion.V1_5_1, ...options });
const dgdOf = (objs: Manifest[]) => only(objs, 'DynamoGraphDeployment');
const plannerConfig = (dgd: Manifest) => JSON.parse(component(dgd, 'Planner').podTemplate.spec.containers[0].args[1]) as Record<string, unknown>;

describe('the Dynamo release of a graph on a platform', () => {
  test('is the platform\'s when the graph names none', () => {
    // GIVEN a platform at 1.5.1
    const chart = newChart();
    // WHEN
    new AggregatedLlm(chart, 'qwen', { model: MODEL, platform: existing() });
    // THEN the images are the platform's release
    const dgd = dgdOf(synthValid(chart));
    expect(component(dgd, 'Frontend').podTemplate.spec.containers[0].image).toBe('nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.5.1');
  });

  test('may repeat the platform\'s release', () => {
    // GIVEN / WHEN
    const chart = newChart();
    new AggregatedLlm(chart, 'qwen', { model: MODEL, platform: existing(), dynamoVersion: DynamoVersion.of('1.5.1') });
    // THEN
    expect(synthValid(chart).length).toBeGreaterThan(0);
  });

  test('of another release is an error naming dynamoVersion, both releases and the fix', () => {
    // GIVEN / WHEN
    const e = validationError(() => new AggregatedLlm(newChart(), 'qwen', { model: MODEL, platform: existing(), dynamoVersion: DynamoVersion.V1_6_2 }));
    // THEN
    expect(e.prop).toBe('dynamoVersion');
    expect(e.message).toBe('dynamoVersion must be the platform\'s Dynamo release (1.5.1): an operator rejects fields of a newer release and does not render an older one\'s images (got "1.6.2"); '
      + 'remove dynamoVersion (the graph takes the platform\'s), or upgrade the platform to 1.6.2 first (one minor release at a time)');
    expect(e.constructPath).toBe('test/qwen');
  });
});

describe('objects of another copy of the package on a platform', () => {
  /** An object whose class has the name of a library class but is not it, as another copy's is. */
  const foreign = (name: string, fields: Record<string, unknown>) => {
    const cls = { [name]: class {} }[name];
    return Object.assign(new cls(), fields) as never;
  };

  test('a DynamoVersion of another copy is a named error, not a skipped release check', () => {
    // GIVEN / WHEN
    const e = validationError(() => new AggregatedLlm(newChart(), 'qwen', { model: MODEL, platform: existing(), dynamoVersion: foreign('DynamoVersion', { version: '1.6.2' }) }));
    // THEN
    expect(e.prop).toBe('dynamoVersion');
    expect(e.message).toMatch(/^dynamoVersion must be a DynamoVersion of the copy of dynamo-constructs that builds the pattern .*; two copies of dynamo-constructs are installed/);
  });

  test('a platform of another copy gives the graph its release as this copy\'s DynamoVersion', () => {
    // GIVEN a platform whose version is another copy's DynamoVersion
    const platform = { version: foreign('DynamoVersion', { version: '1.5.1' }), namespace: 'dynamo-system' };
    // WHEN
    const llm = new AggregatedLlm(newChart(), 'qwen', { model: MODEL, platform });
    // THEN
    expect([llm.dgd.dynamoVersion instanceof DynamoVersion, llm.dgd.dynamoVersion.version]).toStrictEqual([true, '1.5.1']);
  });

  test('a platform of another copy at a release this copy does not support is a named error', () => {
    const e = validationError(() => new AggregatedLlm(newChart(), 'qwen', { model: MODEL, platform: { version: foreign('DynamoVersion', { version: '0.4.0' }), namespace: 'dynamo-system' } }));
    expect([e.prop, e.message]).toStrictEqual(['platform.version', 'platform.version must be a Dynamo release this library supports (got "0.4.0"); make the platform with a release of DynamoVersion.KNOWN_RELEASES, e.g. DynamoVersion.LATEST (1.6.2)']);
  });

  test('a Planner of another copy is a named error, not a skipped Prometheus injection', () => {
    // GIVEN / WHEN
    const e = validationError(() => new AggregatedLlm(newChart(), 'qwen', { model: MODEL, platform: existing({ prometheusEndpoint: PROM }), planner: foreign('Planner', {}) }));
    // THEN
    expect(e.prop).toBe('planner');
    expect(e.message).toMatch(/^planner must be a Planner of the copy of dynamo-constructs that builds the pattern/);
  });
});

describe('the planner of a graph on a platform', () => {
  const planner = (endpoint?: string) => Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 8, ...(endpoint ? { prometheusEndpoint: endpoint } : {}) });

  test('reads the platform\'s Prometheus', () => {
    // GIVEN
    const chart = newChart();
    // WHEN
    new AggregatedLlm(chart, 'qwen', { model: MODEL, platform: existing({ prometheusEndpoint: PROM }), planner: planner() });
    // THEN
    expect(plannerConfig(dgdOf(synthValid(chart))).metric_pulling_prometheus_endpoint).toBe(PROM);
  });

  test('keeps its own Prometheus', () => {
    // GIVEN
    const chart = newChart();
    // WHEN
    new AggregatedLlm(chart, 'qwen', { model: MODEL, platform: existing({ prometheusEndpoint: PROM }), planner: planner('http://thanos.monitoring.svc:9090') });
    // THEN
    expect(plannerConfig(dgdOf(synthValid(chart))).metric_pulling_prometheus_endpoint).toBe('http://thanos.monitoring.svc:9090');
  });

  test('without a Prometheus on the platform or the planner is an error naming planner.prometheusEndpoint', () => {
    // GIVEN / WHEN
    const e = validationError(() => new AggregatedLlm(newChart(), 'qwen', { model: MODEL, platform: existing(), planner: planner() }));
    // THEN
    expect(e.prop).toBe('planner.prometheusEndpoint');
    expect(e.message).toBe('planner.prometheusEndpoint is required: the planner reads frontend metrics from Prometheus, and the existing Dynamo 1.5.1 platform in namespace dynamo-system names none (got undefined); '
      + 'set prometheusEndpoint (or kubePrometheusStack) on DynamoPlatform.fromExisting(...), or planner.prometheusEndpoint');
  });
});

describe('RDMA devices of a graph on an existing platform', () => {
  const efaGraph = (platform: ReturnType<typeof existing>) => () => new DisaggregatedLlm(newChart(), 'llama', {
    model: 'meta-llama/Llama-3.3-70B-Instruct', cloud: Cloud.eks(EKS_OPTIONS), platform,
    prefill: { machineType: 'p5.48xlarge', gpus: 4 }, decode: { machineType: 'p5.48xlarge', gpus: 4 },
  });

  test('an EFA pool on EKS needs the EFA device plugin declared', () => {
    // GIVEN no deviceResources declared / WHEN
    const e = validationError(efaGraph(existing()));
    // THEN
    expect(e.prop).toBe('platform');
    expect(e.message).toBe('platform must provide a device plugin for vpc.amazonaws.com/efa, which pool prefill requests: without it the pods stay Pending (got "no deviceResources declared"); '
      + 'install the device plugin and list "vpc.amazonaws.com/efa" in deviceResources of DynamoPlatform.fromExisting(...)');
  });

  test('passes with the device plugin\'s resource declared', () => {
    // GIVEN / WHEN / THEN
    expect(() => efaGraph(existing({ deviceResources: ['vpc.amazonaws.com/efa'] }))()).not.toThrow();
  });

  test('a declared list without the resource names what it has', () => {
    // GIVEN / WHEN
    const e = validationError(efaGraph(existing({ deviceResources: ['rdma/shared_ib'] })));
    // THEN
    expect(e.message).toContain('(got ["rdma/shared_ib"])');
  });

  test('EKS Auto Mode advertises EFA itself', () => {
    // GIVEN / WHEN / THEN
    expect(() => new DisaggregatedLlm(newChart(), 'llama', {
      model: 'meta-llama/Llama-3.3-70B-Instruct', cloud: Cloud.eksAutoMode(), platform: existing(),
      prefill: { machineType: 'p5.48xlarge', gpus: 4 }, decode: { machineType: 'p5.48xlarge', gpus: 4 },
    })).not.toThrow();
  });

  test('GKE advertises its RDMA networks itself', () => {
    // GIVEN / WHEN / THEN
    expect(() => new DisaggregatedLlm(newChart(), 'r1', {
      model: 'deepseek-ai/DeepSeek-R1', backend: Backend.sglang(), cloud: Cloud.gke(), platform: existing(),
      prefill: { machineType: 'a3-ultragpu-8g', gpus: 8 }, decode: { machineType: 'a3-ultragpu-8g', gpus: 8 },
    })).not.toThrow();
  });

  test('an InfiniBand pool on a generic cluster needs its device plugin\'s resource', () => {
    // GIVEN
    const graph = (deviceResources?: string[]) => () => new DisaggregatedLlm(newChart(), 'llama', {
      model: MODEL, platform: existing({ deviceResources }),
      cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' } }),
    });
    // WHEN / THEN
    expect(validationError(graph()).message).toContain('platform must provide a device plugin for rdma/ib, which pool prefill requests');
    expect(graph(['rdma/ib'])).not.toThrow();
  });
});

describe('DynamoPlatform.fromExisting', () => {
  test('defaults the namespace and sorts and dedupes the device resources', () => {
    // GIVEN / WHEN
    const p = existing({ deviceResources: ['rdma/ib', 'vpc.amazonaws.com/efa', 'rdma/ib'] });
    // THEN
    expect([p.namespace, p.deviceResources, p.prometheusEndpoint]).toStrictEqual(['dynamo-system', ['rdma/ib', 'vpc.amazonaws.com/efa'], undefined]);
  });

  test.each([
    [{ version: '1.6.2' }, 'platform.version must be a DynamoVersion'],
    [{}, 'platform.version is required'],
    [{ version: DynamoVersion.LATEST, namespace: 'Dynamo' }, 'platform.namespace'],
    [{ version: DynamoVersion.LATEST, prometheusEndpoint: 'prometheus:9090' }, 'platform.prometheusEndpoint must be an http(s) URL'],
    [{ version: DynamoVersion.LATEST, deviceResources: ['efa'] }, 'platform.deviceResources[0] must be an extended resource name'],
    [{ version: DynamoVersion.LATEST, devices: [] }, 'platform.devices'],
  ])('refuses %j with a named error', (options, message) => {
    // GIVEN / WHEN
    const e = validationError(() => DynamoPlatform.fromExisting(options as never));
    // THEN
    expect(e.message.startsWith(message)).toBe(true);
  });

  test('a pattern given something else as platform names the prop', () => {
    // GIVEN / WHEN
    const e = validationError(() => new AggregatedLlm(newChart(), 'qwen', { model: MODEL, platform: '1.6.2' as never }));
    // THEN
    expect(e.prop).toBe('platform');
    expect(e.message).toMatch(/^platform must be a Dynamo platform \(got "1\.6\.2"\); pass a DynamoPlatform, or DynamoPlatform\.fromExisting/);
  });

  test('adds no annotation to the graph\'s objects', () => {
    // GIVEN
    const chart = newChart();
    // WHEN
    new AggregatedLlm(chart, 'qwen', { model: MODEL, platform: existing() });
    // THEN
    expect(synthValid(chart).filter((o) => Object.keys(o.metadata.annotations ?? {}).some((k) => k.startsWith('argocd.argoproj.io/')))).toStrictEqual([]);
  });
});
