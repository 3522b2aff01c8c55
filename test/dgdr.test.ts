import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import {
  Backend, DgdApiVersion, DynamoGraphDeploymentRequest, DynamoGraphDeploymentRequestProps, DynamoVersion, EnvValue, GpuSku, GpuType, OptimizationType,
  SearchStrategy, SecretRef,
} from '../lib';
import { generatedWorkerNames } from '../lib/patterns/graph/profiling-graph-override';
import { GENERATED_WORKERS, generatedWorkers } from '../lib/profiling/dgdr-generated-components';
import { longestGeneratedComponent } from '../lib/profiling/dgdr-graph-name';
import { validateManifest } from './support/schema';
import { Manifest, newChart, only, synthValid, validationError } from './support/synth';

/** A request in a fresh chart (namespace `llm`). */
function request(props: DynamoGraphDeploymentRequestProps, id = 'qwen'): DynamoGraphDeploymentRequest {
  return new DynamoGraphDeploymentRequest(newChart(), id, props);
}

/** The synthesized (strictly schema-valid) request. */
function synthRequest(props: DynamoGraphDeploymentRequestProps): Manifest {
  const r = request(props);
  return only(synthValid(r.node.scope as Chart), 'DynamoGraphDeploymentRequest');
}

/** The error of a request with these props: its prop and message. */
function errorOf(props: unknown): { prop: string; message: string } {
  const e = validationError(() => request(props as DynamoGraphDeploymentRequestProps));
  return { prop: e.prop, message: e.message };
}

const MODEL = 'Qwen/Qwen3-0.6B';

describe('DynamoGraphDeploymentRequest', () => {
  test('a model alone gives the v1beta1 request with the release\'s planner image, rapid search and autoApply written out', () => {
    // GIVEN / WHEN
    const obj = synthRequest({ model: MODEL });
    // THEN
    expect(obj).toStrictEqual({
      apiVersion: 'nvidia.com/v1beta1',
      kind: 'DynamoGraphDeploymentRequest',
      metadata: { name: 'qwen', namespace: 'llm', annotations: { 'dynamo-constructs/dynamo-version': DynamoVersion.LATEST.version } },
      spec: { model: MODEL, image: `nvcr.io/nvidia/ai-dynamo/dynamo-planner:${DynamoVersion.LATEST.version}`, searchStrategy: 'rapid', autoApply: true },
    });
  });

  test('every field renders in the DGDR\'s terms and validates strictly against the CRD', () => {
    // GIVEN / WHEN
    const obj = synthRequest({
      model: MODEL,
      backend: Backend.sglang(),
      searchStrategy: SearchStrategy.THOROUGH,
      autoApply: false,
      sla: { ttft: 500, itl: 50, optimizationType: OptimizationType.LATENCY },
      workload: { isl: 4000, osl: 1000, requestRate: 10 },
      hardware: { gpuSku: GpuSku.H100_SXM, vramMb: 81559, totalGpus: 16, numGpusPerNode: 8, interconnect: 'nvlink', rdma: true },
      modelCache: { pvcName: 'model-cache', pvcMountPath: '/opt/models', pvcModelPath: 'hub/models--Qwen--Qwen3-0.6B/snapshots/abc' },
      planner: { optimization_target: 'sla', enable_load_scaling: false },
      mocker: false,
      profilingJob: { nodeSelector: { pool: 'cpu' }, imagePullSecrets: [SecretRef.fromSecretName('registry')] },
      graphOverride: { name: 'qwen-graph', labels: { team: 'llm' }, spec: { components: [{ name: 'Frontend', replicas: 2 }] } },
    });
    // THEN
    expect(obj.spec).toStrictEqual({
      model: MODEL,
      backend: 'sglang',
      image: `nvcr.io/nvidia/ai-dynamo/dynamo-planner:${DynamoVersion.LATEST.version}`,
      searchStrategy: 'thorough',
      autoApply: false,
      modelCache: { pvcName: 'model-cache', pvcModelPath: 'hub/models--Qwen--Qwen3-0.6B/snapshots/abc', pvcMountPath: '/opt/models' },
      hardware: { gpuSku: 'h100_sxm', vramMb: 81559, totalGpus: 16, numGpusPerNode: 8, interconnect: 'nvlink', rdma: true },
      workload: { isl: 4000, osl: 1000, requestRate: 10 },
      sla: { ttft: 500, itl: 50, optimizationType: 'latency' },
      features: { planner: { optimization_target: 'sla', enable_load_scaling: false, backend: 'sglang' }, mocker: { enabled: false } },
      overrides: {
        profilingJob: { template: { spec: { containers: [], nodeSelector: { pool: 'cpu' }, imagePullSecrets: [{ name: 'registry' }] } } },
        dgd: {
          apiVersion: 'nvidia.com/v1beta1', kind: 'DynamoGraphDeployment',
          metadata: { name: 'qwen-graph', labels: { team: 'llm' } }, spec: { components: [{ name: 'Frontend', replicas: 2 }] },
        },
      },
    });
  });

  test('knows the generated graph\'s name, the profiling Job and the commands to follow the request', () => {
    // GIVEN / WHEN
    const r = request({ model: MODEL });
    // THEN
    expect(r.generatedGraphName).toBe('qwen-dgd');
    expect(r.profilingJobName).toBe('profile-qwen');
    expect(r.statusCommand).toBe('kubectl get dgdr qwen -n llm');
    expect(r.graphNameCommand).toBe("kubectl get dgdr qwen -n llm -o 'jsonpath={.status.dgdName}'");
    expect(r.generatedGraphCommand).toBe("kubectl get dgdr qwen -n llm -o 'jsonpath={.status.profilingResults.selectedConfig}'");
    expect(r.profilingLogsCommand).toBe('kubectl logs -n llm job/profile-qwen -c profiler -f');
  });

  test('graphOverride.name names the generated graph; before Dynamo 1.0.2 the name is not known', () => {
    expect(request({ model: MODEL, graphOverride: { name: 'qwen-graph' } }).generatedGraphName).toBe('qwen-graph');
    expect(request({ model: MODEL, dynamoVersion: DynamoVersion.V1_0_0 }).generatedGraphName).toBeUndefined();
  });
});

describe('the profiler image and the runtime version', () => {
  test.each([
    [DynamoVersion.V1_0_2, 'nvcr.io/nvidia/ai-dynamo/dynamo-frontend:1.0.2'],
    [DynamoVersion.V1_1_0, 'nvcr.io/nvidia/ai-dynamo/dynamo-planner:1.1.0'],
    [DynamoVersion.V1_6_2, 'nvcr.io/nvidia/ai-dynamo/dynamo-planner:1.6.2'],
  ])('Dynamo %s profiles with %s', (dynamoVersion, image) => {
    expect(synthRequest({ model: MODEL, dynamoVersion }).spec.image).toBe(image);
  });

  test('a tag that is not a semantic version needs runtimeVersionOverride from Dynamo 1.4 (admission rule for spec.image)', () => {
    // GIVEN a custom build
    const image = 'registry.example.com/dynamo-planner:main-abc123';
    // THEN without the override, the request is refused naming image; with it, both are written
    expect(errorOf({ model: MODEL, image })).toStrictEqual({
      prop: 'image',
      message: `image must have a semantic-version tag unless runtimeVersionOverride is set (Dynamo >= 1.4.0 admission rule for spec.image) (got "${image}"); `
        + `tag the image with its Dynamo version (e.g. ":${DynamoVersion.LATEST.version}") or set runtimeVersionOverride: "${DynamoVersion.LATEST.version}"`,
    });
    const spec = synthRequest({ model: MODEL, image, runtimeVersionOverride: '1.6.2' }).spec;
    expect([spec.image, spec.runtimeVersionOverride]).toStrictEqual([image, '1.6.2']);
    // ...and an operator before 1.4 takes the tag as it is
    expect(synthRequest({ model: MODEL, image, dynamoVersion: DynamoVersion.V1_3_1 }).spec.image).toBe(image);
  });

  test('runtimeVersionOverride is refused for an operator that does not know the field, and must be MAJOR.MINOR.PATCH', () => {
    expect(errorOf({ model: MODEL, dynamoVersion: DynamoVersion.V1_3_1, runtimeVersionOverride: '1.3.1' })).toStrictEqual({
      prop: 'runtimeVersionOverride',
      message: 'runtimeVersionOverride needs Dynamo 1.4.0 or newer: the operator of 1.3.1 rejects the request with "unknown field spec.runtimeVersionOverride" (Dynamo #14074) '
        + '(got "1.3.1"); remove runtimeVersionOverride (this release derives nothing from the tag), or raise dynamoVersion to the operator\'s release',
    });
    expect(errorOf({ model: MODEL, runtimeVersionOverride: 'v1.6' }).prop).toBe('runtimeVersionOverride');
  });

  test('an unlisted release needs an explicit image; an image is a reference without spaces', () => {
    expect(errorOf({ model: MODEL, dynamoVersion: DynamoVersion.of('1.9.0') }).prop).toBe('dynamoVersion');
    expect(synthRequest({ model: MODEL, dynamoVersion: DynamoVersion.of('1.9.0'), image: 'nvcr.io/nvidia/ai-dynamo/dynamo-planner:1.9.0' }).spec.image)
      .toBe('nvcr.io/nvidia/ai-dynamo/dynamo-planner:1.9.0');
    expect(errorOf({ model: MODEL, image: 'dynamo planner' }).prop).toBe('image');
  });
});

describe('fields gated by the Dynamo release', () => {
  test('a v1.0 request validates against the v1.0-era CRD, which has no interconnect (the harness picks the era by the annotation)', () => {
    // GIVEN a 1.0.2 request, valid as the library writes it
    const r = request({ model: MODEL, dynamoVersion: DynamoVersion.V1_0_2, hardware: { gpuSku: GpuSku.H100_SXM, totalGpus: 8 } });
    const chart = r.node.scope as Chart;
    expect(synthValid(chart)).toHaveLength(1);
    // WHEN a field of later releases is patched in
    ApiObject.of(r).addJsonPatch(JsonPatch.add('/spec/hardware/interconnect', 'nvlink'));
    // THEN the v1.0-era schema refuses it
    const patched = only(Testing.synth(chart) as Manifest[], 'DynamoGraphDeploymentRequest');
    expect(validateManifest(patched).map((v) => v.path)).toStrictEqual(['$.spec.hardware.interconnect']);
  });

  test.each([
    ['sla.optimizationType', DynamoVersion.V1_0_2, { sla: { optimizationType: OptimizationType.THROUGHPUT } }],
    ['hardware.interconnect', DynamoVersion.V1_1_1, { hardware: { interconnect: 'nvlink' } }],
    ['hardware.rdma', DynamoVersion.V1_1_1, { hardware: { rdma: false } }],
    ['hardware.gpuSku', DynamoVersion.V1_1_1, { hardware: { gpuSku: GpuSku.A30 } }],
    ['hardware.gpuSku', DynamoVersion.V1_2_1, { hardware: { gpuSku: GpuSku.GB10 } }],
    ['graphOverride.name', DynamoVersion.V1_0_0, { graphOverride: { name: 'graph' } }],
    ['graphOverride.apiVersion', DynamoVersion.V1_3_1, { graphOverride: { apiVersion: DgdApiVersion.V1BETA1, spec: { components: [] } } }],
    ['modelCache.pvcModelPath', DynamoVersion.V1_1_1, { modelCache: { pvcName: 'model-cache' } }],
  ])('%s is refused on Dynamo %s', (prop, dynamoVersion, extra) => {
    expect(errorOf({ model: MODEL, dynamoVersion, ...extra }).prop).toBe(prop);
  });

  test('before Dynamo 1.5 the graph override defaults to v1alpha1, the generation of the graph the profiler generates there', () => {
    const spec = synthRequest({ model: MODEL, dynamoVersion: DynamoVersion.V1_4_2, graphOverride: { spec: { services: { Frontend: { replicas: 2 } } } } }).spec;
    expect(spec.overrides.dgd).toStrictEqual({ apiVersion: 'nvidia.com/v1alpha1', kind: 'DynamoGraphDeployment', spec: { services: { Frontend: { replicas: 2 } } } });
  });
});

describe('the profiler\'s rules, checked before the request is applied', () => {
  test.each([
    ['sla.e2eLatency', { sla: { ttft: 500, itl: 50, e2eLatency: 20000 } }, 'sla.e2eLatency must not be set with sla.ttft and sla.itl: the profiler takes either ttft and itl or e2eLatency (got 20000); remove sla.e2eLatency, or sla.ttft and sla.itl'],
    ['sla.e2eLatency', { sla: { itl: 50, e2eLatency: 20000 } }, 'sla.e2eLatency must not be set with sla.itl: the profiler takes either ttft and itl or e2eLatency (got 20000); remove sla.e2eLatency, or sla.itl'],
    ['sla.ttft', { sla: { ttft: 0, itl: 50 } }, 'sla.ttft must be a number greater than 0 (got 0); give the target in milliseconds, e.g. 500'],
    ['workload.requestRate', { workload: { concurrency: 32, requestRate: 10 } }, 'workload.requestRate must not be set with workload.concurrency: the profiler takes one or the other (got 10); remove workload.requestRate or workload.concurrency'],
    ['workload.isl', { workload: { isl: 4000.5 } }, 'workload.isl must be an integer between 1 and 2147483647 (got 4000.5); give the input length in tokens, e.g. 4000'],
    ['searchStrategy', { searchStrategy: SearchStrategy.THOROUGH }, 'searchStrategy must be SearchStrategy.RAPID when the profiler picks the backend (backend auto): thorough benchmarks one real engine (got "thorough"); set backend, e.g. Backend.vllm(), or use SearchStrategy.RAPID'],
  ])('%s', (prop, extra, message) => {
    expect(errorOf({ model: MODEL, ...extra })).toStrictEqual({ prop, message });
  });

  test('the planner takes the request\'s backend: added when left out, refused when another', () => {
    expect(synthRequest({ model: MODEL, backend: Backend.trtllm(), planner: {} }).spec.features).toStrictEqual({ planner: { backend: 'trtllm' } });
    expect(errorOf({ model: MODEL, backend: Backend.trtllm(), planner: { backend: 'vllm' } }).prop).toBe('planner.backend');
  });

  test('the mocker needs a planner that sweeps before deployment', () => {
    expect(errorOf({ model: MODEL, mocker: true, planner: { pre_deployment_sweeping_mode: 'none' } }).prop).toBe('planner.pre_deployment_sweeping_mode');
    expect(synthRequest({ model: MODEL, mocker: true }).spec.features).toStrictEqual({ mocker: { enabled: true } });
  });

  test.each([
    ['planner.load_predictor', { planner: { load_predictor: () => 'arima' } }],
    ['planner.a[0]', { planner: { a: [null] } }],
    ['planner.ttft', { planner: { ttft: Number.NaN } }],
    ['graphOverride.spec.x', { graphOverride: { spec: { x: new Date(0) } } }],
  ])('JSON passed through is plain JSON: %s', (prop, extra) => {
    expect(errorOf({ model: MODEL, ...extra }).prop).toBe(prop);
  });
});

describe('names, hardware, model cache and the profiling Job', () => {
  test.each([
    ['name', { name: 'a'.repeat(56) }, `name must be at most 55 characters: the operator's profiling Job profile-<name> labels its pods with its name (at most 63) (got "${'a'.repeat(56)}"); shorten it by 1 character`],
    ['name', { name: 'Qwen' }, undefined],
    ['namespace', { namespace: 'LLM' }, undefined],
    ['model', { model: 'Qwen Qwen3' }, undefined],
    ['hardware.vramMb', { hardware: { vramMb: 0 } }, undefined],
    ['hardware.totalGpus', { hardware: { totalGpus: 1.5 } }, undefined],
    ['hardware.numGpusPerNode', { hardware: { numGpusPerNode: 0 } }, undefined],
    ['hardware.interconnect', { hardware: { interconnect: 'nv link' } }, undefined],
    ['modelCache.pvcName', { modelCache: { pvcName: 'model.cache' } }, undefined],
    ['modelCache.pvcMountPath', { modelCache: { pvcName: 'model-cache', pvcMountPath: 'opt/models' } }, undefined],
    ['modelCache.pvcModelPath', { modelCache: { pvcName: 'model-cache', pvcModelPath: 'hub/../etc' } }, undefined],
    ['profilingJob.tolerations[0].operator', { profilingJob: { tolerations: [{ key: 'gpu', operator: 'Is' }] } }, undefined],
    ['profilingJob.nodeSelector', { profilingJob: { nodeSelector: { 'bad key!': 'x' } } }, undefined],
    ['labels', { labels: { 'bad key!': 'x' } }, undefined],
  ])('%s', (prop, extra, message) => {
    const e = errorOf({ model: MODEL, ...extra });
    expect(e.prop).toBe(prop);
    if (message !== undefined) expect(e.message).toBe(message);
  });

  test('the profiler container gets env and resources by name; a literal credential is refused', () => {
    // GIVEN / WHEN
    const spec = synthRequest({
      model: MODEL,
      profilingJob: { env: { HUGGING_FACE_HUB_TOKEN: EnvValue.fromSecret(SecretRef.fromSecretName('hf-credentials'), 'token') } },
    }).spec;
    // THEN
    expect(spec.overrides.profilingJob.template.spec.containers).toStrictEqual([
      { name: 'profiler', env: [{ name: 'HUGGING_FACE_HUB_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-credentials', key: 'token' } } }] },
    ]);
    expect(errorOf({ model: MODEL, profilingJob: { env: { HF_TOKEN: EnvValue.fromValue('hf_abcdefghijklmnopqrstuvwxyz0123456789') } } }).prop)
      .toBe('profilingJob.env.HF_TOKEN');
  });
});

describe('untyped callers get named errors', () => {
  test.each([
    ['props', null],
    ['model', {}],
    ['slaa', { model: MODEL, slaa: {} }],
    ['hardware.gpuSku', { model: MODEL, hardware: { gpuSku: 'h100_sxm' } }],
    ['searchStrategy', { model: MODEL, searchStrategy: 'fast' }],
    ['planner', { model: MODEL, planner: 'sla' }],
    ['sla.ttft', { model: MODEL, sla: { ttft: '500' } }],
    ['modelCache.pvcName', { model: MODEL, modelCache: {} }],
    ['graphOverride.apiVersion', { model: MODEL, graphOverride: { apiVersion: 'nvidia.com/v1beta1' } }],
  ])('%s', (prop, props) => {
    expect(errorOf(props).prop).toBe(prop);
  });

  test('a SKU given as a string gets the call that makes it', () => {
    expect(errorOf({ model: MODEL, hardware: { gpuSku: 'h100_sxm' } }).message).toContain('use GpuSku.of("h100_sxm")');
  });
});

describe('the generated graph\'s name: the profiler refuses, after profiling, a graph and component name over 45 characters (Dynamo >= 1.1)', () => {
  test('a written name whose <name>-dgd with VllmPrefillWorker is over 45 is refused naming name and the characters to cut', () => {
    // GIVEN a 25-character name with vLLM: 29 + 17 = 46
    const name = 'q'.repeat(25);
    // WHEN / THEN
    expect(errorOf({ model: MODEL, name, backend: Backend.vllm() })).toStrictEqual({
      prop: 'name',
      message: `name gives the generated graph "${name}-dgd" (29 characters), which with its longest component for vllm, "VllmPrefillWorker" (17), makes 46: `
        + 'over the 45 of pod names, which Dynamo\'s profiler (>= 1.1.0) refuses only after profiling has run '
        + `(got "${name}"); shorten name by 1 character (to at most 24)`,
    });
    // ...and 24 characters fit
    expect(synthRequest({ model: MODEL, name: 'q'.repeat(24), backend: Backend.vllm() }).metadata.name).toBe('q'.repeat(24));
  });

  test('a name defaulted to the construct id says so in the fix', () => {
    // GIVEN / WHEN the construct id is the name
    const e = validationError(() => request({ model: MODEL, backend: Backend.vllm() }, 'q'.repeat(26)));
    // THEN
    expect([e.prop, e.message.slice(e.message.indexOf('; '))])
      .toStrictEqual(['name', '; set name (it defaults to the construct id) to at most 24 characters, or shorten the id by 2 characters']);
  });

  test('graphOverride.name, when it names the graph, is the prop refused; the request\'s name is then free up to 55', () => {
    expect(errorOf({ model: MODEL, backend: Backend.vllm(), graphOverride: { name: 'g'.repeat(29) } }).prop).toBe('graphOverride.name');
    expect(synthRequest({ model: MODEL, name: 'q'.repeat(55), backend: Backend.vllm(), graphOverride: { name: 'g'.repeat(28) } }).spec.overrides.dgd.metadata)
      .toStrictEqual({ name: 'g'.repeat(28) });
  });

  test.each([
    ['vllm', Backend.vllm(), DynamoVersion.V1_6_2, false, 24],
    ['sglang', Backend.sglang(), DynamoVersion.V1_6_2, false, 33],
    ['trtllm (TRTLLMPrefillWorker)', Backend.trtllm(), DynamoVersion.V1_1_0, false, 22],
    ['trtllm (TRTLLMWorker)', Backend.trtllm(), DynamoVersion.V1_2_0, false, 29],
    ['auto (every backend)', undefined, DynamoVersion.V1_1_0, false, 22],
    ['auto (every backend)', undefined, DynamoVersion.V1_6_2, false, 24],
    ['vllm with the mocker (Frontend)', Backend.vllm(), DynamoVersion.V1_6_2, true, 33],
  ])('%s on Dynamo %s, mocker %s: the request name may have %i characters', (_, backend, dynamoVersion, mocker, most) => {
    // GIVEN the longest name that fits, and one more character
    const props = { model: MODEL, backend, dynamoVersion, mocker: mocker || undefined };
    // THEN
    expect(request({ ...props, name: 'q'.repeat(most) }).generatedGraphName).toBe(`${'q'.repeat(most)}-dgd`);
    expect(errorOf({ ...props, name: 'q'.repeat(most + 1) }).prop).toBe('name');
  });

  test('Dynamo 1.0.2 names the graph <name>-dgd but does not check its length', () => {
    expect(request({ model: MODEL, dynamoVersion: DynamoVersion.V1_0_2, name: 'q'.repeat(40) }).generatedGraphName).toBe(`${'q'.repeat(40)}-dgd`);
  });
});

describe('after a review: what the operator and the profiler accept', () => {
  test('ttft or itl alone is written alone: the profiler fills the other with its default (2000 ms, 30 ms)', () => {
    expect(synthRequest({ model: MODEL, sla: { ttft: 500 } }).spec.sla).toStrictEqual({ ttft: 500 });
    expect(synthRequest({ model: MODEL, sla: { itl: 20 } }).spec.sla).toStrictEqual({ itl: 20 });
  });

  test('Dynamo 1.4 takes a v1beta1 graph override (merged structurally in its own generation), refused before', () => {
    // GIVEN / WHEN
    const spec = synthRequest({
      model: MODEL, dynamoVersion: DynamoVersion.V1_4_0,
      graphOverride: { apiVersion: DgdApiVersion.V1BETA1, spec: { components: [{ name: 'Frontend', replicas: 2 }] } },
    }).spec;
    // THEN
    expect(spec.overrides.dgd.apiVersion).toBe('nvidia.com/v1beta1');
    expect(errorOf({ model: MODEL, dynamoVersion: DynamoVersion.V1_3_1, graphOverride: { apiVersion: DgdApiVersion.V1BETA1 } }).message)
      .toMatch(/^graphOverride\.apiVersion must be v1alpha1 before Dynamo 1\.4\.0 \(dynamoVersion is 1\.3\.1\)/);
  });

  test('the override\'s labels and annotations are kept by every release (PR #7109, in 1.0.0)', () => {
    const dgd = synthRequest({ model: MODEL, dynamoVersion: DynamoVersion.V1_0_2, graphOverride: { labels: { team: 'llm' }, annotations: { a: 'b' } } }).spec.overrides.dgd;
    expect(dgd.metadata).toStrictEqual({ labels: { team: 'llm' }, annotations: { a: 'b' } });
  });

  test.each([
    ['a tag and a digest', 'registry.example.com/dynamo-planner:1.6.2@sha256:' + 'a'.repeat(64)],
    ['a V prefix', 'registry.example.com/dynamo-planner:V1.6.2'],
    ['a pre-release and build', 'registry.example.com/dynamo-planner:v1.6.2-rc.1+build.7'],
  ])('an image with %s needs no runtimeVersionOverride (the operator parses the tag)', (_, image) => {
    expect(synthRequest({ model: MODEL, image }).spec).toMatchObject({ image });
    expect(synthRequest({ model: MODEL, image }).spec.runtimeVersionOverride).toBeUndefined();
  });

  test.each([
    ['a digest alone', 'registry.example.com/dynamo-planner@sha256:' + 'a'.repeat(64)],
    ['a leading zero', 'registry.example.com/dynamo-planner:1.06.2'],
    ['a pre-release with a leading zero', 'registry.example.com/dynamo-planner:1.6.2-rc.01'],
    ['an empty build identifier', 'registry.example.com/dynamo-planner:1.6.2+a..b'],
  ])('an image with %s needs runtimeVersionOverride, as the operator rejects its tag', (_, image) => {
    expect(errorOf({ model: MODEL, image }).prop).toBe('image');
    expect(synthRequest({ model: MODEL, image, runtimeVersionOverride: '1.6.2' }).spec.runtimeVersionOverride).toBe('1.6.2');
  });

  test('an absolute pvcModelPath under the mount path is taken as it is from Dynamo 1.5 (PR #12493)', () => {
    // GIVEN the default mount path, and another one written with a trailing slash
    const path = '/opt/model-cache/hub/models--Qwen--Qwen3-0.6B/snapshots/abc';
    // THEN
    expect(synthRequest({ model: MODEL, modelCache: { pvcName: 'model-cache', pvcModelPath: path } }).spec.modelCache)
      .toStrictEqual({ pvcName: 'model-cache', pvcModelPath: path });
    expect(synthRequest({ model: MODEL, modelCache: { pvcName: 'model-cache', pvcMountPath: '/models/', pvcModelPath: '/models/llama' } }).spec.modelCache.pvcModelPath)
      .toBe('/models/llama');
  });

  test('an absolute pvcModelPath outside the mount path is refused: the profiler would read it inside the claim', () => {
    expect(errorOf({ model: MODEL, modelCache: { pvcName: 'model-cache', pvcModelPath: '/data/llama' } })).toStrictEqual({
      prop: 'modelCache.pvcModelPath',
      message: 'modelCache.pvcModelPath must be relative to the claim\'s root, or an absolute path under the mount path /opt/model-cache: '
        + 'the profiler reads any other absolute path inside the claim, as "data/llama" (got "/data/llama"); give "data/llama" if that is the directory in the claim, '
        + 'or the path under /opt/model-cache, e.g. "/opt/model-cache/hub/models--Qwen--Qwen3-0.6B/snapshots/<commit sha>"',
    });
  });

  test('before Dynamo 1.5 an absolute pvcModelPath is refused with the relative path to give', () => {
    const e = errorOf({ model: MODEL, dynamoVersion: DynamoVersion.V1_4_2, modelCache: { pvcName: 'model-cache', pvcModelPath: '/opt/model-cache/llama' } });
    expect(e.prop).toBe('modelCache.pvcModelPath');
    expect(e.message).toMatch(/reads "\/opt\/model-cache\/opt\/model-cache\/llama" .*; give it relative to the claim: "llama"$/);
  });

  test('the mount path itself as pvcModelPath: the fix is to leave it out, except where the release requires it, then the model\'s snapshot directory', () => {
    // GIVEN the claim's root written as the mount path
    const modelCache = { pvcName: 'model-cache', pvcModelPath: '/opt/model-cache' };
    // WHEN Dynamo 1.4.2, which reads the claim as a Hugging Face cache without pvcModelPath
    expect(errorOf({ model: MODEL, dynamoVersion: DynamoVersion.V1_4_2, modelCache }).message).toMatch(/; leave pvcModelPath out for the claim's root$/);
    // WHEN Dynamo 1.1.1, which requires pvcModelPath
    const e = errorOf({ model: MODEL, dynamoVersion: DynamoVersion.V1_1_1, modelCache });
    // THEN the fix names the model's directory in the cache, not leaving pvcModelPath out
    expect(e).toStrictEqual({ prop: 'modelCache.pvcModelPath', message: expect.stringMatching(
      /; give the model's directory relative to the claim, e\.g\. "hub\/models--Qwen--Qwen3-0\.6B\/snapshots\/<commit sha>" \(Dynamo 1\.1\.1 requires pvcModelPath\)$/) });
    // ...which that release takes
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const fixed = `hub/models--Qwen--Qwen3-0.6B/snapshots/${sha}`;
    expect(synthRequest({ model: MODEL, dynamoVersion: DynamoVersion.V1_1_1, modelCache: { pvcName: 'model-cache', pvcModelPath: fixed } }).spec.modelCache.pvcModelPath)
      .toBe(fixed);
  });
});

describe('GpuSku', () => {
  test.each([
    [GpuType.H100_80GB, 'h100_sxm'],
    [GpuType.H100_NVL_94GB, 'h100_pcie'],
    [GpuType.H200_141GB, 'h200_sxm'],
    [GpuType.B200, 'b200_sxm'],
    [GpuType.L40S, 'l40s'],
    [GpuType.L4, 'l4'],
    [GpuType.A100_80GB, undefined],
    [GpuType.A100_40GB, undefined],
    [GpuType.A10G, undefined],
  ])('the operator infers %s as %s', (gpuType, sku) => {
    expect(GpuSku.fromGpuType(gpuType)?.id).toBe(sku);
  });

  test('of() takes the CRD\'s identifiers and points a near miss to one', () => {
    expect(GpuSku.of('b200_sxm')).toBe(GpuSku.B200_SXM);
    expect(validationError(() => GpuSku.of('H100-SXM')).message).toContain('use GpuSku.of("h100_sxm")');
    expect(validationError(() => GpuSku.of(42 as unknown as string)).prop).toBe('hardware.gpuSku');
    expect(validationError(() => GpuSku.fromGpuType('h100' as unknown as GpuType)).prop).toBe('gpuType');
  });

  test('lists the 17 SKUs of the CRD, each with the first release that accepts it', () => {
    expect(GpuSku.all().map((s) => s.id)).toStrictEqual(['gb200_sxm', 'gb10', 'b200_sxm', 'h200_sxm', 'h100_sxm', 'h100_pcie', 'a100_sxm', 'a100_pcie', 'a30',
      'l40s', 'l40', 'l4', 'v100_sxm', 'v100_pcie', 't4', 'mi200', 'mi300']);
    expect([GpuSku.H100_PCIE.supportedBy(DynamoVersion.V1_1_1), GpuSku.H100_PCIE.supportedBy(DynamoVersion.V1_2_0)]).toStrictEqual([false, true]);
  });
});

describe('the generated components: one table for the graph-name check and the graph override', () => {
  test.each([
    ['vllm', DynamoVersion.V1_1_1, 'VllmPrefillWorker'],
    ['sglang', DynamoVersion.V1_1_1, 'Frontend'],
    ['trtllm', DynamoVersion.V1_1_1, 'TRTLLMPrefillWorker'],
    ['trtllm', DynamoVersion.V1_4_2, 'TRTLLMWorker'],
  ] as const)('%s on %s: the name check takes %s, and the override addresses every name the release generates', (framework, version, longest) => {
    // GIVEN the backend
    const backend = framework === 'vllm' ? Backend.vllm() : framework === 'sglang' ? Backend.sglang() : Backend.trtllm();
    // THEN the longest component comes from the table
    expect(longestGeneratedComponent(version, backend, false)).toBe(longest);
    // ...and the override addresses every row of the table, generated ones included
    const addressed = generatedWorkerNames(backend);
    expect(addressed).toStrictEqual(expect.arrayContaining([...GENERATED_WORKERS[framework].map((w) => w.name), ...generatedWorkers(version, framework, false)]));
  });

  test('SGLang: the profilers that check names generate decode and prefill, the SGLang* spellings of AIConfigurator\'s own builder are not among them', () => {
    expect(generatedWorkers(DynamoVersion.V1_6_2, 'sglang', false)).toStrictEqual(['decode', 'prefill']);
    expect(generatedWorkerNames(Backend.sglang())).toStrictEqual(['decode', 'prefill', 'SglangDecodeWorker', 'SglangPrefillWorker', 'worker']);
  });
});
