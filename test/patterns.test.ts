import { ApiObject, JsonPatch, Size } from 'cdk8s';
import { Cpu, PersistentVolumeAccessMode } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, Backend, CompilationCache, DisaggregatedLlm, DynamoVersion, EnvValue, HfToken, ModelCache, RouterMode, SecretRef,
} from '../lib';
import { component, componentOf, envOf, flag, main, mainOf, Manifest, newChart, only, synthValid } from './support/synth';

function dgdOf(objs: Manifest[]): Manifest {
  return only(objs, 'DynamoGraphDeployment');
}

describe('AggregatedLlm', () => {
  test('the quickstart shape: frontend with KV routing, one vLLM worker publishing KV events', () => {
    // GIVEN
    const chart = newChart('dynamo');
    // WHEN
    const llm = new AggregatedLlm(chart, 'qwen3', {
      model: 'Qwen/Qwen3-0.6B',
      frontend: { routerMode: RouterMode.KV },
      hfToken: HfToken.fromSecret('hf-token-secret'),
    });
    // THEN
    const objs = synthValid(chart);
    expect(objs.map((o) => o.kind)).toStrictEqual(['DynamoGraphDeployment']);
    const dgd = dgdOf(objs);
    expect(dgd.spec.components.map((c: Manifest) => [c.name, c.type, c.replicas])).toStrictEqual([['Frontend', 'frontend', 1], ['VllmDecodeWorker', 'worker', 1]]);
    expect(main(dgd, 'Frontend')).toStrictEqual({
      name: 'main',
      image: `nvcr.io/nvidia/ai-dynamo/vllm-runtime:${DynamoVersion.LATEST.version}`,
      command: ['python3', '-m', 'dynamo.frontend'],
      args: ['--http-port', '8000', '--router-mode', 'kv'],
      env: [{ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token-secret', key: 'HF_TOKEN' } } }],
      resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '16Gi' } },
    });
    expect(component(dgd, 'Frontend').podTemplate.metadata).toStrictEqual({ annotations: { 'dynamo-constructs/backend-framework': 'vllm' } });
    const worker = main(dgd, 'VllmDecodeWorker');
    expect(worker.args).toStrictEqual([
      '--model', 'Qwen/Qwen3-0.6B', '--tensor-parallel-size', '1',
      '--kv-events-config', '{"publisher":"zmq","topic":"kv-events","endpoint":"tcp://*:20080","enable_kv_cache_events":true}',
    ]);
    expect(worker.workingDir).toBe('/workspace/examples/backends/vllm');
    expect(worker.resources).toStrictEqual({
      requests: { 'cpu': '2', 'memory': '8Gi', 'ephemeral-storage': '2Gi', 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' },
    });
    expect(llm.frontendServiceName).toBe('qwen3-frontend');
    expect(llm.endpoint).toBe('http://qwen3-frontend.dynamo.svc.cluster.local:8000/v1');
    expect(llm.servedModelName).toBe('Qwen/Qwen3-0.6B');
    expect(llm.dgd.dynamoNamespace).toBe('dynamo-qwen3');
  });

  test('round-robin routing (the default) publishes no KV events', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-0.6B' });
    const dgd = dgdOf(synthValid(chart));
    expect(flag(main(dgd, 'Frontend').args, '--router-mode')).toBe('round-robin');
    expect(main(dgd, 'VllmDecodeWorker').args).not.toContain('--kv-events-config');
  });

  test('changing the backend changes the frontend pod template, so the frontend restarts', () => {
    const annotation = (backend: Backend) => {
      const chart = newChart();
      new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-0.6B', backend });
      return component(dgdOf(synthValid(chart)), 'Frontend').podTemplate.metadata.annotations['dynamo-constructs/backend-framework'];
    };
    expect(Backend.all().map(annotation)).toStrictEqual(Backend.all().map((b) => b.framework));
  });

  test('a new model cache adds an RWX claim and a download Job, and HF_HOME on every component', () => {
    // GIVEN
    const chart = newChart();
    // WHEN
    const llm = new AggregatedLlm(chart, 'llm', {
      model: 'Qwen/Qwen3-8B',
      modelRevision: '0123456789abcdef0123456789abcdef01234567',
      hfToken: HfToken.fromSecret('hf'),
      modelCache: ModelCache.newVolume({ storageClass: 'efs-sc', size: Size.gibibytes(100) }),
    });
    // THEN
    const objs = synthValid(chart);
    expect(objs.map((o) => o.kind)).toStrictEqual(['PersistentVolumeClaim', 'Job', 'DynamoGraphDeployment']);
    expect(only(objs, 'PersistentVolumeClaim')).toStrictEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'llm-model-cache', namespace: 'llm' },
      spec: { accessModes: ['ReadWriteMany'], storageClassName: 'efs-sc', resources: { requests: { storage: '100Gi' } } },
    });
    const job = only(objs, 'Job');
    expect(job.metadata.name).toMatch(/^llm-model-download-[0-9a-f]{8}$/);
    expect(llm.downloadJob?.jobName).toBe(job.metadata.name);
    const dl = job.spec.template.spec.containers[0];
    expect(envOf(dl)).toMatchObject({ MODEL_NAME: 'Qwen/Qwen3-8B', MODEL_REVISION: '0123456789abcdef0123456789abcdef01234567', HF_HOME: '/model-store',
      HF_TOKEN: { secretKeyRef: { name: 'hf', key: 'HF_TOKEN' } } });
    expect(job.spec.template.spec.volumes).toStrictEqual([{ name: 'model-cache', persistentVolumeClaim: { claimName: 'llm-model-cache' } }]);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    const dgd = dgdOf(objs);
    for (const name of ['Frontend', 'VllmDecodeWorker']) {
      expect(envOf(main(dgd, name)).HF_HOME).toBe('/opt/models');
      expect(main(dgd, name).volumeMounts).toStrictEqual([{ name: 'llm-model-cache', mountPath: '/opt/models' }]);
    }
    expect(flag(main(dgd, 'VllmDecodeWorker').args, '--revision')).toBe('0123456789abcdef0123456789abcdef01234567');
    expect(llm.modelCacheClaimName).toBe('llm-model-cache');
  });

  test('a new revision gives the download Job a new name (Jobs are immutable)', () => {
    const jobName = (revision: string) => {
      const chart = newChart();
      new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-8B', modelRevision: revision, modelCache: ModelCache.newVolume({ storageClass: 'sc', size: Size.gibibytes(10) }) });
      return only(synthValid(chart), 'Job').metadata.name;
    };
    expect(jobName('a'.repeat(40))).not.toBe(jobName('b'.repeat(40)));
    expect(jobName('a'.repeat(40))).toBe(jobName('a'.repeat(40)));
  });

  test('an existing claim adds no claim and no Job unless asked', () => {
    const kinds = (cache: ModelCache) => {
      const chart = newChart();
      new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-8B', modelCache: cache });
      return synthValid(chart).map((o) => o.kind);
    };
    expect(kinds(ModelCache.fromExistingClaim('shared-cache'))).toStrictEqual(['DynamoGraphDeployment']);
    expect(kinds(ModelCache.fromExistingClaim('shared-cache', { downloadJob: true }))).toStrictEqual(['Job', 'DynamoGraphDeployment']);
    expect(kinds(ModelCache.newVolume({ storageClass: 'sc', size: Size.gibibytes(10), downloadJob: false }))).toStrictEqual(['PersistentVolumeClaim', 'DynamoGraphDeployment']);
  });

  test('a model cache with a custom claim name and mount path', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-8B', modelCache: ModelCache.newVolume({ storageClass: 'sc', size: Size.gibibytes(10), claimName: 'weights', mountPath: '/models' }) });
    const objs = synthValid(chart);
    expect(only(objs, 'PersistentVolumeClaim').metadata.name).toBe('weights');
    expect(envOf(main(dgdOf(objs), 'VllmDecodeWorker')).HF_HOME).toBe('/models');
  });

  test('a single-pod deployment may use a ReadWriteOnce cache', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', {
      model: 'Qwen/Qwen3-8B',
      workers: { replicas: 0 },
      modelCache: ModelCache.newVolume({ storageClass: 'gp3', size: Size.gibibytes(10), accessMode: PersistentVolumeAccessMode.READ_WRITE_ONCE }),
    });
    expect(only(synthValid(chart), 'PersistentVolumeClaim').spec.accessModes).toStrictEqual(['ReadWriteOnce']);
  });

  test('the compilation cache is attached to the workers', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-8B', compilationCache: CompilationCache.fromExistingClaim('compile', { mountPath: '/root/.cache/vllm' }) });
    expect(component(dgdOf(synthValid(chart)), 'VllmDecodeWorker').compilationCache).toStrictEqual({ pvcName: 'compile', mountPath: '/root/.cache/vllm' });
  });

  test('a custom image with a non-semver tag gets runtimeVersionOverride on Dynamo 1.4', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-8B', dynamoVersion: DynamoVersion.V1_4_0, image: 'registry.example.com/dynamo/vllm:nightly', frontend: { image: 'nvcr.io/nvidia/ai-dynamo/dynamo-frontend:1.4.0' } });
    const dgd = dgdOf(synthValid(chart));
    expect(component(dgd, 'Frontend').runtimeVersionOverride).toBeUndefined();
    expect(main(dgd, 'Frontend').image).toBe('nvcr.io/nvidia/ai-dynamo/dynamo-frontend:1.4.0');
    expect(component(dgd, 'VllmDecodeWorker').runtimeVersionOverride).toBe('1.4.0');
    expect(main(dgd, 'VllmDecodeWorker').image).toBe('registry.example.com/dynamo/vllm:nightly');
  });

  test('a semver tag of another release also gets runtimeVersionOverride', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-8B', dynamoVersion: DynamoVersion.V1_4_0, workers: { image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.3.1-efa' } });
    expect(component(dgdOf(synthValid(chart)), 'VllmDecodeWorker').runtimeVersionOverride).toBe('1.4.0');
  });

  test('pool overrides: name, command, working dir, env, resources, scheduling, extra args', () => {
    // GIVEN
    const chart = newChart();
    // WHEN
    const llm = new AggregatedLlm(chart, 'llm', {
      model: 'Qwen/Qwen3-8B',
      labels: { team: 'ml' },
      annotations: { owner: 'ml' },
      imagePullSecrets: [SecretRef.fromSecretName('ngc')],
      workers: {
        componentName: 'Worker',
        replicas: 3,
        command: ['/bin/sh', '-c', 'exec python3 -m dynamo.vllm "$@"', '--'],
        workingDir: '/srv',
        env: { VLLM_LOGGING_LEVEL: EnvValue.fromValue('DEBUG') },
        resources: { cpu: { request: Cpu.units(16) }, memory: { request: Size.gibibytes(128) } },
        extraResources: { 'vpc.amazonaws.com/efa': '16' },
        extraArgs: ['--gpu-memory-utilization', '0.9'],
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
        nodeSelector: { pool: 'gpu' },
        podLabels: { tier: 'gpu' },
        securityContext: { capabilities: { add: ['IPC_LOCK'] } },
        scalingAdapter: true,
      },
      frontend: { replicas: 2, extraArgs: ['--migration-limit', '3'], nodeSelector: { pool: 'cpu' } },
    });
    // THEN
    const dgd = dgdOf(synthValid(chart));
    expect(dgd.metadata.labels).toStrictEqual({ team: 'ml' });
    expect(dgd.metadata.annotations.owner).toBe('ml');
    const w = component(dgd, 'Worker');
    expect(w.replicas).toBe(3);
    expect(w.scalingAdapter).toStrictEqual({});
    expect(w.podTemplate.metadata.labels).toStrictEqual({ team: 'ml', tier: 'gpu' });
    expect(w.podTemplate.spec.nodeSelector).toStrictEqual({ pool: 'gpu' });
    expect(w.podTemplate.spec.imagePullSecrets).toStrictEqual([{ name: 'ngc' }]);
    const m = main(dgd, 'Worker');
    expect(m.command).toStrictEqual(['/bin/sh', '-c', 'exec python3 -m dynamo.vllm "$@"', '--']);
    expect(m.args.slice(-2)).toStrictEqual(['--gpu-memory-utilization', '0.9']);
    expect(m.workingDir).toBe('/srv');
    expect(envOf(m)).toStrictEqual({ VLLM_LOGGING_LEVEL: 'DEBUG' });
    // (the ephemeral-storage default stays: the user set cpu and memory only)
    expect(m.resources).toStrictEqual({
      requests: { 'cpu': '16', 'memory': '128Gi', 'ephemeral-storage': '2Gi', 'nvidia.com/gpu': '1', 'vpc.amazonaws.com/efa': '16' },
      limits: { 'nvidia.com/gpu': '1', 'vpc.amazonaws.com/efa': '16' },
    });
    expect(component(dgd, 'Frontend').replicas).toBe(2);
    expect(main(dgd, 'Frontend').args).toStrictEqual(['--http-port', '8000', '--router-mode', 'round-robin', '--migration-limit', '3']);
    expect(component(dgd, 'Frontend').podTemplate.spec.nodeSelector).toStrictEqual({ pool: 'cpu' });
    expect(llm.workers.name).toBe('Worker');
  });

  test('ApiObject.of(pattern) reaches the DynamoGraphDeployment', () => {
    const chart = newChart();
    const llm = new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-8B' });
    ApiObject.of(llm).addJsonPatch(JsonPatch.add('/spec/priorityClassName', 'inference-high'));
    expect(dgdOf(synthValid(chart)).spec.priorityClassName).toBe('inference-high');
  });

  test('the name prop overrides the construct id and prefixes every object', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'Llm', { name: 'chat', model: 'Qwen/Qwen3-8B', modelCache: ModelCache.newVolume({ storageClass: 'sc', size: Size.gibibytes(1) }) });
    const objs = synthValid(chart);
    expect(objs.map((o) => o.metadata.name.split('-')[0])).toStrictEqual(['chat', 'chat', 'chat']);
  });

  test('an explicit namespace overrides the chart namespace on every object', () => {
    const chart = newChart('team');
    const llm = new AggregatedLlm(chart, 'llm', { namespace: 'serving', model: 'Qwen/Qwen3-8B', modelCache: ModelCache.newVolume({ storageClass: 'sc', size: Size.gibibytes(1) }) });
    expect(synthValid(chart).map((o) => o.metadata.namespace)).toStrictEqual(['serving', 'serving', 'serving']);
    expect(llm.endpoint).toBe('http://llm-frontend.serving.svc.cluster.local:8000/v1');
  });
});

describe('DisaggregatedLlm', () => {
  test('the issue sketch: prefill TP 4 ×2, decode TP 4 ×4, KV routing, model cache', () => {
    // GIVEN
    const chart = newChart();
    // WHEN
    const llm = new DisaggregatedLlm(chart, 'llama', {
      allowTcpKvTransfer: true,
      model: 'meta-llama/Llama-3.3-70B-Instruct',
      backend: Backend.vllm(),
      prefill: { replicas: 2, gpus: 4, tensorParallelSize: 4 },
      decode: { replicas: 4, gpus: 4, nodes: 1, maxNumSeqs: 256 },
      frontend: { replicas: 2, routerMode: RouterMode.KV },
      hfToken: HfToken.fromSecret('hf-token-secret'),
      modelCache: ModelCache.newVolume({ storageClass: 'efs-sc', size: Size.gibibytes(200) }),
    });
    // THEN
    const dgd = dgdOf(synthValid(chart));
    expect(dgd.spec.components.map((c: Manifest) => [c.name, c.type, c.replicas])).toStrictEqual([
      ['Frontend', 'frontend', 2], ['VllmPrefillWorker', 'prefill', 2], ['VllmDecodeWorker', 'decode', 4],
    ]);
    expect(main(dgd, 'VllmPrefillWorker').args).toStrictEqual([
      '--model', 'meta-llama/Llama-3.3-70B-Instruct', '--tensor-parallel-size', '4',
      '--disaggregation-mode', 'prefill', '--kv-transfer-config', '{"kv_connector":"NixlConnector","kv_role":"kv_both"}',
      '--kv-events-config', '{"publisher":"zmq","topic":"kv-events","endpoint":"tcp://*:20080","enable_kv_cache_events":true}',
    ]);
    expect(main(dgd, 'VllmDecodeWorker').args).toStrictEqual([
      '--model', 'meta-llama/Llama-3.3-70B-Instruct', '--tensor-parallel-size', '4', '--max-num-seqs', '256',
      '--disaggregation-mode', 'decode', '--kv-transfer-config', '{"kv_connector":"NixlConnector","kv_role":"kv_both"}',
    ]);
    expect(llm.prefill.name).toBe('VllmPrefillWorker');
    expect(llm.decode.name).toBe('VllmDecodeWorker');
    expect(llm.nixlBackend?.name).toBe('UCX');
  });

  test('prefill and decode may run different images and shapes', () => {
    const chart = newChart();
    new DisaggregatedLlm(chart, 'llm', {
      allowTcpKvTransfer: true,
      model: 'Qwen/Qwen3-32B',
      prefill: { gpus: 8, nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' } },
      decode: { gpus: 4, nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' }, image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.4.0' },
    });
    const dgd = dgdOf(synthValid(chart));
    expect(componentOf(dgd, 'VllmPrefillWorker').podTemplate.spec.nodeSelector['nvidia.com/gpu.product']).toBe('NVIDIA-H100-80GB-HBM3');
    expect(flag(mainOf(dgd, 'VllmPrefillWorker').args, '--tensor-parallel-size')).toBe('8');
    expect(flag(mainOf(dgd, 'VllmDecodeWorker').args, '--tensor-parallel-size')).toBe('4');
  });

  test('engine config changes roll the TensorRT-LLM workers through a pod annotation', () => {
    const hash = (trust: boolean) => {
      const chart = newChart();
      new DisaggregatedLlm(chart, 'llm', { allowTcpKvTransfer: true, model: 'Qwen/Qwen3-8B', backend: Backend.trtllm(), trustRemoteCode: trust });
      return component(dgdOf(synthValid(chart)), 'TRTLLMPrefillWorker').podTemplate.metadata.annotations['dynamo-constructs/engine-config-hash'];
    };
    expect(hash(false)).toMatch(/^[0-9a-f]{16}$/);
    expect(hash(false)).not.toBe(hash(true));
  });

  test('Dynamo 1.1 renders v1alpha1 with prefill and decode as worker sub-components', () => {
    const chart = newChart();
    new DisaggregatedLlm(chart, 'llm', { allowTcpKvTransfer: true, model: 'Qwen/Qwen3-8B', dynamoVersion: DynamoVersion.V1_1_0, modelCache: ModelCache.fromExistingClaim('cache') });
    const dgd = dgdOf(synthValid(chart));
    expect(dgd.apiVersion).toBe('nvidia.com/v1alpha1');
    expect(Object.keys(dgd.spec.services)).toStrictEqual(['Frontend', 'VllmDecodeWorker', 'VllmPrefillWorker']); // cdk8s sorts keys
    expect(dgd.spec.services.VllmPrefillWorker).toMatchObject({ componentType: 'worker', subComponentType: 'prefill', sharedMemory: { size: '16Gi' } });
    expect(dgd.spec.pvcs).toStrictEqual([{ name: 'cache', create: false }]);
    expect(dgd.spec.services.VllmDecodeWorker.volumeMounts).toStrictEqual([{ name: 'cache', mountPoint: '/opt/models' }]);
  });
});
