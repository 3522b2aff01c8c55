import { App, Chart, Size } from 'cdk8s';
import { PersistentVolumeAccessMode } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import {
  Backend, Cloud, DynamoPlatform, DynamoVersion, EnvValue, GpuType, HfToken, ModelCache, PlatformDelivery, ProfiledLlm, ProfiledLlmProps,
  SearchStrategy, SecretRef,
} from '../lib';
import { GpuSku } from '../lib/profiling/gpu-sku';
import { EKS_OPTIONS } from './support/eks-options';
import { Manifest, newChart, only, synthValid, validationError } from './support/synth';

const MODEL = 'Qwen/Qwen3-32B';
const SHA = '0123456789abcdef0123456789abcdef01234567';
const TOKEN = HfToken.fromSecret('hf-token-secret');

/** The pattern in a fresh chart (namespace `llm`), the objects it synthesizes (strictly valid), and its request. */
function profiled(props: Partial<ProfiledLlmProps> = {}, id = 'qwen') {
  const chart = newChart();
  const llm = new ProfiledLlm(chart, id, { model: MODEL, totalGpus: 8, hfToken: TOKEN, ...props });
  const objs = synthValid(chart);
  return { llm, objs, request: only(objs, 'DynamoGraphDeploymentRequest') };
}

/** The error of the pattern with these props. */
function errorOf(props: unknown): { prop: string; message: string } {
  const e = validationError(() => new ProfiledLlm(newChart(), 'qwen', props as ProfiledLlmProps));
  return { prop: e.prop, message: e.message };
}

/** A v1beta1 override component by name. */
const overrideComponent = (request: Manifest, name: string) => (request.spec.overrides.dgd.spec.components as Manifest[]).find((c) => c.name === name);

describe('ProfiledLlm', () => {
  test('on EKS: the NodePool for the budget, the request after it, the SKU and GPU memory from the machine shapes', () => {
    // GIVEN / WHEN
    const { llm, objs, request } = profiled({ cloud: Cloud.eks(EKS_OPTIONS), workers: { gpuType: GpuType.H100_80GB }, sla: { ttft: 500, itl: 30 } });
    // THEN the cloud's objects come first, the request last
    expect(objs.map((o) => o.kind)).toStrictEqual(['EC2NodeClass', 'NodePool', 'DynamoGraphDeploymentRequest']);
    expect(request.spec.hardware).toStrictEqual({ gpuSku: 'h100_sxm', vramMb: 81920, totalGpus: 8 });
    expect(request.spec.sla).toStrictEqual({ ttft: 500, itl: 30 });
    // ...and every generated worker lands on the NodePool, tolerating its taint; the frontend does not
    const decode = overrideComponent(request, 'VllmDecodeWorker')!;
    expect(decode.podTemplate.spec.nodeSelector).toStrictEqual({ 'karpenter.sh/nodepool': 'llm-qwen-dgd-workers' });
    expect(decode.podTemplate.spec.tolerations).toStrictEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(overrideComponent(request, 'Frontend')).toBeUndefined();
    expect(llm.cloudObjects.pools.workers.map((o) => o.kind)).toStrictEqual(['EC2NodeClass', 'NodePool']);
  });

  test('knows the generated graph\'s name and endpoint, and how to follow the request', () => {
    // GIVEN / WHEN
    const { llm } = profiled({ graphName: 'qwen-graph' });
    // THEN
    expect(llm.generatedGraphName).toBe('qwen-graph');
    expect(llm.endpoint).toBe('http://qwen-graph-frontend.llm.svc.cluster.local:8000/v1');
    expect(llm.portForwardCommand).toBe('kubectl port-forward -n llm svc/qwen-graph-frontend 8000:8000');
    expect(llm.graphNameCommand).toBe("kubectl get dgdr qwen -n llm -o 'jsonpath={.status.dgdName}'");
    expect(llm.profilingLogsCommand).toBe('kubectl logs -n llm job/profile-qwen -c profiler -f');
    // ...which an operator before 1.0.2 does not let it know
    const old = profiled({ dynamoVersion: DynamoVersion.V1_0_0, modelRevision: SHA }).llm;
    expect([old.generatedGraphName, old.endpoint, old.curlCommand]).toStrictEqual([undefined, undefined, undefined]);
  });

  test('defaults to vLLM and the release\'s planner image; the platform\'s release wins', () => {
    // GIVEN / WHEN
    const { request } = profiled({ platform: DynamoPlatform.fromExisting({ version: DynamoVersion.V1_5_1 }) });
    // THEN
    expect([request.spec.backend, request.spec.image]).toStrictEqual(['vllm', 'nvcr.io/nvidia/ai-dynamo/dynamo-planner:1.5.1']);
  });
});

describe('the model cache (mounted on every component of the generated graph with HF_HOME; the doubled path without pvcModelPath)', () => {
  const cache = () => ModelCache.newVolume({ storageClass: 'efs-sc', size: Size.gibibytes(200) });

  test('a pinned commit names the snapshot in the claim; the graph mounts the claim on every component with HF_HOME on it', () => {
    // GIVEN / WHEN
    const { llm, objs, request } = profiled({ modelCache: cache(), modelRevision: SHA });
    // THEN the claim and its download Job come before the request
    expect(objs.map((o) => o.kind)).toStrictEqual(['PersistentVolumeClaim', 'Job', 'DynamoGraphDeploymentRequest']);
    expect(llm.modelCacheClaimName).toBe('qwen-model-cache');
    expect(request.spec.modelCache).toStrictEqual({ pvcName: 'qwen-model-cache', pvcMountPath: '/opt/models', pvcModelPath: `hub/models--Qwen--Qwen3-32B/snapshots/${SHA}` });
    for (const name of ['Frontend', 'VllmDecodeWorker', 'VllmPrefillWorker']) {
      const spec = overrideComponent(request, name)!.podTemplate.spec;
      expect(spec.volumes).toStrictEqual([{ name: 'qwen-model-cache', persistentVolumeClaim: { claimName: 'qwen-model-cache' } }]);
      expect(spec.containers).toStrictEqual([{
        name: 'main', volumeMounts: [{ name: 'qwen-model-cache', mountPath: '/opt/models' }], env: [{ name: 'HF_HOME', value: '/opt/models' }],
      }]);
    }
  });

  test('an unpinned revision leaves pvcModelPath to the profiler from Dynamo 1.2, and is refused before', () => {
    expect(profiled({ modelCache: cache() }).request.spec.modelCache).toStrictEqual({ pvcName: 'qwen-model-cache', pvcMountPath: '/opt/models' });
    expect(errorOf({ model: MODEL, totalGpus: 8, hfToken: TOKEN, modelCache: cache(), modelRevision: 'main', dynamoVersion: DynamoVersion.V1_1_1 }).prop)
      .toBe('modelRevision');
  });

  test('before Dynamo 1.4 the override is v1alpha1, as the profiler writes the mount itself (no env list, which would replace the generated one)', () => {
    // GIVEN / WHEN
    const { request } = profiled({ modelCache: ModelCache.fromExistingClaim('model-cache'), modelRevision: SHA, dynamoVersion: DynamoVersion.V1_3_1 });
    // THEN
    expect(request.spec.overrides.dgd.apiVersion).toBe('nvidia.com/v1alpha1');
    expect(request.spec.overrides.dgd.spec.pvcs).toStrictEqual([{ name: 'model-cache', create: false }]);
    expect(request.spec.overrides.dgd.spec.services.Frontend).toStrictEqual({ volumeMounts: [{ name: 'model-cache', mountPoint: '/opt/models' }] });
  });

  test.each([
    ['modelCache.accessMode', { modelCache: ModelCache.fromExistingClaim('model-cache', { accessMode: PersistentVolumeAccessMode.READ_WRITE_ONCE }) }],
    ['modelCache.claimName', { modelCache: ModelCache.fromExistingClaim('model.cache') }],
  ])('%s', (prop, extra) => {
    expect(errorOf({ model: MODEL, totalGpus: 8, hfToken: TOKEN, ...extra }).prop).toBe(prop);
  });
});

describe('the token: the operator reads the Secret hf-token-secret', () => {
  test('another Secret or key is refused, with the reason', () => {
    expect(errorOf({ model: MODEL, totalGpus: 8, hfToken: HfToken.fromSecret('hf-credentials') })).toStrictEqual({
      prop: 'hfToken',
      message: 'hfToken must name the Secret hf-token-secret, key HF_TOKEN: the operator\'s profiling Job and the graph it generates read the token from there '
        + '(got "hf-credentials"); store the token as HF_TOKEN in a Secret named hf-token-secret in the namespace and pass HfToken.fromSecret("hf-token-secret")',
    });
    expect(errorOf({ model: MODEL, totalGpus: 8, hfToken: HfToken.fromSecret('hf-token-secret', 'token') }).prop).toBe('hfToken.key');
    expect(errorOf({ model: MODEL, totalGpus: 8, hfToken: HfToken.fromSecret('hf_abcdefghijklmnopqrstuvwxyz0123456789') }).prop).toBe('hfToken');
  });

  test('without one (a public model) the profiler and the generated graph reference it optionally', () => {
    // GIVEN / WHEN
    const { request } = profiled({ hfToken: undefined });
    // THEN
    expect(request.spec.overrides.profilingJob.template.spec.containers).toStrictEqual([{
      name: 'profiler', env: [{ name: 'HUGGING_FACE_HUB_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token-secret', key: 'HF_TOKEN', optional: true } } }],
    }]);
    expect(overrideComponent(request, 'Frontend')!.podTemplate.spec.containers).toStrictEqual([
      { name: 'main', envFrom: [{ secretRef: { name: 'hf-token-secret', optional: true } }] },
    ]);
  });

  test('before Dynamo 1.4 a token is required: the generated v1alpha1 graph reads the Secret, not optionally, and the override cannot remove it', () => {
    expect(errorOf({ model: MODEL, totalGpus: 8, dynamoVersion: DynamoVersion.V1_3_1 })).toStrictEqual({
      prop: 'hfToken',
      message: 'hfToken is required with Dynamo < 1.4.0 (dynamoVersion is 1.3.1): the graph the profiler generates reads the Secret hf-token-secret, which must exist even for a public model '
        + '(got undefined); create the Secret hf-token-secret (key HF_TOKEN; any value for a public model) and pass HfToken.fromSecret("hf-token-secret")',
    });
  });

  test('Dynamo 1.4 (v1alpha1 graph, v1beta1 override merged structurally) references the token optionally, and mounts the cache with HF_HOME', () => {
    // GIVEN / WHEN a public model on 1.4.0
    const { request } = profiled({ hfToken: undefined, dynamoVersion: DynamoVersion.V1_4_0, modelCache: ModelCache.fromExistingClaim('model-cache'), modelRevision: SHA });
    // THEN the override is v1beta1
    expect(request.spec.overrides.dgd.apiVersion).toBe('nvidia.com/v1beta1');
    expect(overrideComponent(request, 'Frontend')!.podTemplate.spec.containers).toStrictEqual([{
      name: 'main', volumeMounts: [{ name: 'model-cache', mountPath: '/opt/models' }], env: [{ name: 'HF_HOME', value: '/opt/models' }],
      envFrom: [{ secretRef: { name: 'hf-token-secret', optional: true } }],
    }]);
  });

  test('the user\'s profiler env wins over the optional token; pull secrets reach the profiler and the graph', () => {
    // GIVEN / WHEN
    const { request } = profiled({
      hfToken: undefined,
      imagePullSecrets: [SecretRef.fromSecretName('registry')],
      profilingJob: { env: { HUGGING_FACE_HUB_TOKEN: EnvValue.fromSecret(SecretRef.fromSecretName('hf-token-secret'), 'HF_TOKEN') } },
    });
    // THEN
    const job = request.spec.overrides.profilingJob.template.spec;
    expect(job.containers[0].env).toStrictEqual([{ name: 'HUGGING_FACE_HUB_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token-secret', key: 'HF_TOKEN' } } }]);
    expect(job.imagePullSecrets).toStrictEqual([{ name: 'registry' }]);
    expect(overrideComponent(request, 'VllmDecodeWorker')!.podTemplate.spec.imagePullSecrets).toStrictEqual([{ name: 'registry' }]);
  });
});

describe('checks before the request is applied', () => {
  test('a budget that cannot hold the weights is refused naming totalGpus', () => {
    expect(errorOf({ model: 'meta-llama/Llama-3.3-70B-Instruct', totalGpus: 1, hfToken: TOKEN, workers: { gpuType: GpuType.H100_80GB } })).toStrictEqual({
      prop: 'totalGpus',
      message: expect.stringMatching(/^totalGpus must hold the model's weights: .* needs 1[0-9.]+ GiB, and 1 GPU of 80\.0 GiB holds 80\.0 GiB \(got 1\); raise totalGpus to at least 2 /),
    });
  });

  test('the budget check takes the GPU memory the other patterns size with: the catalogs\' figure for the GPU type, not its nominal GB', () => {
    // GIVEN three L4s (22,888 MiB each as the clouds report them, 67.1 GiB together; nominally 24 GiB) for 67.7 GiB of FP8 weights
    const e = errorOf({ model: 'nvidia/Llama-3.3-70B-Instruct-FP8', totalGpus: 3, hfToken: TOKEN, workers: { gpuType: GpuType.L4 } });
    // THEN the budget is refused, with the reported memory
    expect(e).toStrictEqual({ prop: 'totalGpus', message: expect.stringContaining('needs 67.7 GiB, and 3 GPUs of 22.4 GiB hold 67.1 GiB (got 3); raise totalGpus to at least 4 ') });
    // ...and four fit
    expect(profiled({ model: 'nvidia/Llama-3.3-70B-Instruct-FP8', totalGpus: 4, workers: { gpuType: GpuType.L4 } }).request.spec.hardware.totalGpus).toBe(4);
  });

  test('workers as documented: left out, any GPU node of a generic cluster; a provisioning cloud requires its machineType or gpuType', () => {
    // GIVEN / WHEN no workers on the generic cloud
    const { objs, request } = profiled();
    // THEN no node pools, and the GPUs left to discovery
    expect([objs.map((o) => o.kind), request.spec.hardware]).toStrictEqual([['DynamoGraphDeploymentRequest'], { totalGpus: 8 }]);
    // ...and each provisioning cloud refuses it, naming workers.machineType
    for (const cloud of [Cloud.eks(EKS_OPTIONS), Cloud.gke(), Cloud.aks()]) {
      expect(errorOf({ model: MODEL, totalGpus: 8, hfToken: TOKEN, cloud }).message).toMatch(/^workers\.machineType or workers\.gpuType is required with Cloud\.(eks|gke|aks)\(\)/);
    }
  });

  test('a refused pattern leaves none of its objects in the chart: no node pools without a request', () => {
    // GIVEN a budget of one H100 for a 70B model on EKS, whose node pools are placed before the budget is checked
    const chart = newChart();
    // WHEN the refusal is caught and the chart synthesized anyway
    const e = validationError(() => new ProfiledLlm(chart, 'llama', {
      model: 'meta-llama/Llama-3.3-70B-Instruct', totalGpus: 1, hfToken: TOKEN, cloud: Cloud.eks(EKS_OPTIONS), workers: { gpuType: GpuType.H100_80GB },
    }));
    // THEN the error names the budget, and the chart holds nothing of the pattern
    expect(e.prop).toBe('totalGpus');
    expect(synthValid(chart)).toStrictEqual([]);
    expect(chart.node.tryFindChild('llama')).toBeUndefined();
  });

  test('a restricted operator watches one namespace and discovers no GPUs', () => {
    // GIVEN a platform restricted to namespace llm
    const app = new App();
    const platform = new DynamoPlatform(new Chart(app, 'platform'), 'platform', { delivery: PlatformDelivery.flux(), namespaceRestriction: { targetNamespace: 'llm' } });
    let charts = 0;
    const build = (namespace: string, props: Partial<ProfiledLlmProps>) => () => new ProfiledLlm(new Chart(app, `graph-${charts++}`, { namespace }), 'qwen',
      { model: MODEL, totalGpus: 8, hfToken: TOKEN, platform, ...props });
    // THEN another namespace is refused, and so are the GPU fields left to discovery
    expect(validationError(build('other', {})).prop).toBe('namespace');
    expect(validationError(build('llm', {})).prop).toBe('hardware.gpuSku');
    expect(validationError(build('llm', { hardware: { gpuSku: GpuSku.H100_SXM } })).prop).toBe('hardware.vramMb');
    expect(() => build('llm', { hardware: { gpuSku: GpuSku.H100_SXM, vramMb: 81559, numGpusPerNode: 8 } })()).not.toThrow();
  });

  test.each([
    ['dynamoVersion', { platform: DynamoPlatform.fromExisting({ version: DynamoVersion.V1_5_1 }), dynamoVersion: DynamoVersion.V1_6_2 }],
    ['totalGpus', { totalGpus: 0 }],
    ['graphName', { graphName: 'Qwen' }],
    ['workers.machineType', { workers: { machineType: 'p5.48xlarge' } }],
    ['workers.gpuType', { cloud: Cloud.eks(EKS_OPTIONS), workers: { gpuType: GpuType.A10G, machineType: 'p5.48xlarge' } }],
    ['sla.e2eLatency', { sla: { ttft: 500, e2eLatency: 9000 } }],
    ['hardware.gpuSku', { dynamoVersion: DynamoVersion.V1_1_1, hardware: { gpuSku: GpuSku.L4 }, modelRevision: SHA }],
    ['searchStrategy', { searchStrategy: 'exhaustive' }],
    ['workers.rdmaDevices', { workers: { rdmaDevices: 4 } }],
    ['totalGpus', { totalGpus: undefined }],
  ])('%s', (prop, extra) => {
    expect(errorOf({ model: MODEL, totalGpus: 8, hfToken: TOKEN, ...extra }).prop).toBe(prop);
  });

  test('graphName on a release that does not name the graph after the request: the fix names graphName, the prop written', () => {
    // GIVEN / WHEN Dynamo 1.0.1, whose operator names the graph <backend>-<agg|disagg>
    const e = errorOf({ model: MODEL, totalGpus: 8, hfToken: TOKEN, dynamoVersion: DynamoVersion.of('1.0.1'), modelRevision: SHA, graphName: 'qwen-graph' });
    // THEN
    expect(e).toStrictEqual({
      prop: 'graphName',
      message: 'graphName needs Dynamo 1.0.2 or newer (dynamoVersion is 1.0.1): older operators name the graph <backend>-<agg|disagg> (got "qwen-graph"); remove graphName',
    });
  });

  test('a derived SKU the release does not list is left to discovery; an explicit one wins where the GPU type infers none', () => {
    expect(profiled({ dynamoVersion: DynamoVersion.V1_1_1, workers: { gpuType: GpuType.L4 } }).request.spec.hardware).toStrictEqual({ totalGpus: 8 });
    // GIVEN an A100 80GB, whose product names infer both SXM and PCIe
    expect(profiled({ workers: { gpuType: GpuType.A100_80GB }, hardware: { gpuSku: GpuSku.A100_PCIE } }).request.spec.hardware)
      .toStrictEqual({ gpuSku: 'a100_pcie', totalGpus: 8 });
  });

  test('a hardware.gpuSku the workers\' GPU contradicts is refused, naming it', () => {
    // GIVEN L4 as the SKU, H100 nodes for the workers
    expect(errorOf({ model: MODEL, totalGpus: 8, hfToken: TOKEN, workers: { gpuType: GpuType.H100_80GB }, hardware: { gpuSku: GpuSku.L4 } })).toStrictEqual({
      prop: 'hardware.gpuSku',
      message: 'hardware.gpuSku must be the SKU of the workers\' GPU: workers.gpuType is NVIDIA H100 80GB, which the operator infers as h100_sxm (got "l4"); '
        + 'remove hardware.gpuSku (the library derives it from the workers\' GPU), or place the workers on l4 GPUs',
    });
    // ...and so is one the machine type contradicts
    expect(errorOf({ model: MODEL, totalGpus: 8, hfToken: TOKEN, cloud: Cloud.eks(EKS_OPTIONS), workers: { machineType: 'p5.48xlarge' }, hardware: { gpuSku: GpuSku.L4 } }).message)
      .toContain('workers.machineType (p5.48xlarge) is NVIDIA H100 80GB');
  });

  test('a machineType gives the pool plan its GPUs per node: the NodePool is limited to the budget, not 8 times it', () => {
    // GIVEN / WHEN p5.48xlarge (8 GPUs) and no hardware.numGpusPerNode
    const { objs, request } = profiled({ totalGpus: 16, cloud: Cloud.eks(EKS_OPTIONS), workers: { machineType: 'p5.48xlarge' } });
    // THEN
    expect(only(objs, 'NodePool').spec.limits).toStrictEqual({ 'nvidia.com/gpu': 16 });
    expect(request.spec.hardware).toStrictEqual({ gpuSku: 'h100_sxm', vramMb: 81920, numGpusPerNode: 8, totalGpus: 16 });
  });

  test('with a planner, the profiler\'s Planner component gets the pull secrets too', () => {
    // GIVEN / WHEN
    const { request } = profiled({ planner: { optimization_target: 'sla' }, imagePullSecrets: [SecretRef.fromSecretName('registry')] });
    // THEN
    expect(overrideComponent(request, 'Planner')).toStrictEqual({ name: 'Planner', podTemplate: { spec: { imagePullSecrets: [{ name: 'registry' }] } } });
    // ...in the v1alpha1 service shape before Dynamo 1.4
    const old = profiled({ dynamoVersion: DynamoVersion.V1_3_1, planner: {}, imagePullSecrets: [SecretRef.fromSecretName('registry')] }).request;
    expect(old.spec.overrides.dgd.spec.services.Planner).toStrictEqual({ extraPodSpec: { imagePullSecrets: [{ name: 'registry' }] } });
    // ...and none without a planner
    expect(overrideComponent(profiled({ imagePullSecrets: [SecretRef.fromSecretName('registry')] }).request, 'Planner')).toBeUndefined();
  });

  test('the generated graph\'s name with the longest vLLM component must fit the profiler\'s 45 characters: graphName, or name (the construct id)', () => {
    // GIVEN graphName of 29 characters: 29 + 17 (VllmPrefillWorker) = 46
    expect(errorOf({ model: MODEL, totalGpus: 8, hfToken: TOKEN, graphName: 'g'.repeat(29) })).toStrictEqual({
      prop: 'graphName',
      message: `graphName gives the generated graph "${'g'.repeat(29)}" (29 characters), which with its longest component for vllm, "VllmPrefillWorker" (17), makes 46: `
        + 'over the 45 of pod names, which Dynamo\'s profiler (>= 1.1.0) refuses only after profiling has run '
        + `(got "${'g'.repeat(29)}"); shorten graphName by 1 character (to at most 28)`,
    });
    // ...and a construct id of 25 characters, the name defaulted to it
    const e = validationError(() => new ProfiledLlm(newChart(), 'q'.repeat(25), { model: MODEL, totalGpus: 8, hfToken: TOKEN }));
    expect([e.prop, e.message.slice(e.message.indexOf('; '))])
      .toStrictEqual(['name', '; set name (it defaults to the construct id) to at most 24 characters, or shorten the id by 1 character']);
    // ...which SGLang's shorter components leave room for
    expect(profiled({ backend: Backend.sglang() }, 'q'.repeat(25)).llm.generatedGraphName).toBe(`${'q'.repeat(25)}-dgd`);
  });

  test('the backend is the pattern\'s; thorough search is allowed since it is never auto', () => {
    expect(profiled({ backend: Backend.sglang(), searchStrategy: SearchStrategy.THOROUGH }).request.spec.backend).toBe('sglang');
  });
});
