import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import {
  Backend, ComponentType, ComponentVolume, DgdApiVersion, DynamoGraphDeployment, DynamoValidationError,
  DynamoVersion, EnvValue, SecretRef,
} from '../lib';
import { newChart, only, synthValid } from './support/synth';

const IMAGE = `nvcr.io/nvidia/ai-dynamo/vllm-runtime:${DynamoVersion.LATEST.version}`;
const OLD_IMAGE = 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.1.0';

describe('DynamoGraphDeployment (v1beta1)', () => {
  test('renders a minimal frontend with a container named main', () => {
    // GIVEN
    const chart = newChart();
    // WHEN
    new DynamoGraphDeployment(chart, 'graph', { components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE }] });
    // THEN
    expect(synthValid(chart)).toStrictEqual([{
      apiVersion: 'nvidia.com/v1beta1',
      kind: 'DynamoGraphDeployment',
      metadata: { name: 'graph', namespace: 'llm', annotations: { 'dynamo-constructs/dynamo-version': DynamoVersion.LATEST.version } },
      spec: {
        components: [{
          name: 'Frontend',
          type: 'frontend',
          replicas: 1,
          podTemplate: { spec: { containers: [{ name: 'main', image: IMAGE }] } },
        }],
      },
    }]);
  });

  test('maps every component option into the pod template', () => {
    // GIVEN
    const chart = newChart();
    // WHEN
    new DynamoGraphDeployment(chart, 'graph', {
      backend: Backend.vllm(),
      env: { LOG_LEVEL: EnvValue.fromValue('info') },
      labels: { team: 'a' },
      annotations: { 'nvidia.com/enable-grove': 'false' },
      components: [{
        name: 'Decode',
        type: ComponentType.DECODE,
        image: IMAGE,
        replicas: 3,
        command: ['python3', '-m', 'dynamo.vllm'],
        args: ['--model', 'Qwen/Qwen3-0.6B'],
        workingDir: '/workspace',
        env: { TOKEN: EnvValue.fromSecret(SecretRef.fromSecretName('s'), 'k'), POD_IP: EnvValue.fromFieldPath('status.podIP') },
        envFromSecrets: [SecretRef.fromSecretName('extra')],
        gpus: 4,
        nodeCount: 2,
        resources: { cpu: { request: Cpu.units(8) }, memory: { request: Size.gibibytes(64), limit: Size.gibibytes(128) } },
        extraResources: { 'rdma/ib': '4' },
        volumes: [
          ComponentVolume.fromPersistentVolumeClaim('model-cache', '/opt/models'),
          ComponentVolume.fromConfigMap('engine', '/config'),
          ComponentVolume.fromHostPath('ib', '/dev/infiniband', '/dev/infiniband', { type: 'Directory' }),
          ComponentVolume.fromEmptyDir('scratch', '/scratch', { memory: true, sizeLimit: Size.gibibytes(1) }),
        ],
        sharedMemorySize: Size.gibibytes(0),
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
        nodeSelector: { 'node.kubernetes.io/instance-type': 'p5.48xlarge' },
        podAnnotations: { a: 'b' },
        podLabels: { c: 'd' },
        imagePullSecrets: [SecretRef.fromSecretName('pull')],
        securityContext: { capabilities: { add: ['IPC_LOCK'] } },
        scalingAdapter: true,
        compilationCache: { claimName: 'compile-cache', mountPath: '/cache' },
      }],
    });
    // THEN
    const dgd = only(synthValid(chart), 'DynamoGraphDeployment');
    expect(dgd.metadata.labels).toStrictEqual({ team: 'a' });
    expect(dgd.metadata.annotations['nvidia.com/enable-grove']).toBe('false');
    expect(dgd.spec.backendFramework).toBe('vllm');
    expect(dgd.spec.env).toStrictEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
    const c = dgd.spec.components[0];
    expect(c).toMatchObject({ name: 'Decode', type: 'decode', replicas: 3, multinode: { nodeCount: 2 }, sharedMemorySize: '0',
      scalingAdapter: {}, compilationCache: { pvcName: 'compile-cache', mountPath: '/cache' } });
    expect(c.podTemplate.metadata).toStrictEqual({ annotations: { a: 'b' }, labels: { c: 'd' } });
    const spec = c.podTemplate.spec;
    expect(spec.tolerations).toStrictEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(spec.nodeSelector).toStrictEqual({ 'node.kubernetes.io/instance-type': 'p5.48xlarge' });
    expect(spec.imagePullSecrets).toStrictEqual([{ name: 'pull' }]);
    expect(spec.volumes).toStrictEqual([
      { name: 'model-cache', persistentVolumeClaim: { claimName: 'model-cache' } },
      { name: 'engine', configMap: { name: 'engine' } },
      { name: 'ib', hostPath: { path: '/dev/infiniband', type: 'Directory' } },
      { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
    ]);
    const main = spec.containers[0];
    expect(main.resources).toStrictEqual({
      requests: { 'cpu': '8', 'memory': '64Gi', 'nvidia.com/gpu': '4', 'rdma/ib': '4' },
      limits: { 'memory': '128Gi', 'nvidia.com/gpu': '4', 'rdma/ib': '4' },
    });
    expect(main.env).toStrictEqual([
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    ]);
    expect(main.envFrom).toStrictEqual([{ secretRef: { name: 'extra' } }]);
    expect(main.volumeMounts).toStrictEqual([
      { name: 'model-cache', mountPath: '/opt/models' },
      { name: 'engine', mountPath: '/config', readOnly: true },
      { name: 'ib', mountPath: '/dev/infiniband' },
      { name: 'scratch', mountPath: '/scratch' },
    ]);
    expect(main.securityContext).toStrictEqual({ capabilities: { add: ['IPC_LOCK'] } });
  });

  test('with a scaling adapter and no replicas, the manifest leaves replicas to the adapter', () => {
    // GIVEN a decode component handed to its adapter without an initial count, and one with a count
    const chart = newChart();
    new DynamoGraphDeployment(chart, 'graph', {
      components: [
        { name: 'Decode', type: ComponentType.DECODE, image: IMAGE, scalingAdapter: true },
        { name: 'Prefill', type: ComponentType.PREFILL, image: IMAGE, scalingAdapter: true, replicas: 2 },
      ],
    });
    // THEN the first renders no replicas (re-applying never resets the scaler), the second its initial count
    const [decode, prefill] = only(synthValid(chart), 'DynamoGraphDeployment').spec.components;
    expect([decode.scalingAdapter, 'replicas' in decode, prefill.replicas]).toStrictEqual([{}, false, 2]);
  });

  test('the name defaults to the construct id and the namespace to the chart', () => {
    // GIVEN
    const chart = newChart('serving');
    // WHEN
    const dgd = new DynamoGraphDeployment(chart, 'my-graph', { components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE }] });
    // THEN
    expect(dgd.name).toBe('my-graph');
    expect(dgd.namespace).toBe('serving');
    expect(dgd.dynamoNamespace).toBe('serving-my-graph');
    expect(dgd.serviceName('Frontend')).toBe('my-graph-frontend');
    expect(only(synthValid(chart), 'DynamoGraphDeployment').metadata.namespace).toBe('serving');
  });

  test('without any namespace, derived names assume "default"', () => {
    const dgd = new DynamoGraphDeployment(newChart(null), 'g', { components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE }] });
    expect(dgd.dynamoNamespace).toBe('default-g');
  });

  test('components added after construction are rendered (lazy)', () => {
    // GIVEN
    const chart = newChart();
    const dgd = new DynamoGraphDeployment(chart, 'g');
    // WHEN
    const fe = dgd.addComponent({ name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE });
    fe.addEnv('DYN_LOG', EnvValue.fromValue('debug'));
    fe.addArgs('--http-port', '8000');
    // THEN
    const c = only(synthValid(chart), 'DynamoGraphDeployment').spec.components[0];
    expect(c.podTemplate.spec.containers[0].env).toStrictEqual([{ name: 'DYN_LOG', value: 'debug' }]);
    expect(c.podTemplate.spec.containers[0].args).toStrictEqual(['--http-port', '8000']);
  });

  test('the escape hatch patches the main container through a generation-independent pointer', () => {
    // GIVEN
    const chart = newChart();
    const dgd = new DynamoGraphDeployment(chart, 'g', { components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE }] });
    // WHEN
    ApiObject.of(dgd).addJsonPatch(JsonPatch.add(`${dgd.mainContainerJsonPointer('Frontend')}/imagePullPolicy`, 'Always'));
    // THEN
    expect(dgd.componentJsonPointer('Frontend')).toBe('/spec/components/0');
    expect(only(synthValid(chart), 'DynamoGraphDeployment').spec.components[0].podTemplate.spec.containers[0].imagePullPolicy).toBe('Always');
  });
});

describe('DynamoGraphDeployment (v1alpha1)', () => {
  test('Dynamo 1.1 renders the services map with the v1alpha1 field names', () => {
    // GIVEN
    const chart = newChart();
    // WHEN
    new DynamoGraphDeployment(chart, 'graph', {
      dynamoVersion: DynamoVersion.V1_1_0,
      backend: Backend.sglang(),
      env: { A: EnvValue.fromValue('1') },
      components: [
        { name: 'Frontend', type: ComponentType.FRONTEND, image: OLD_IMAGE },
        {
          name: 'prefill',
          type: ComponentType.PREFILL,
          image: OLD_IMAGE,
          replicas: 2,
          gpus: 4,
          nodeCount: 2,
          args: ['--tp', '8'],
          env: { B: EnvValue.fromValue('2') },
          envFromSecrets: [SecretRef.fromSecretName('hf-token-secret')],
          resources: { ephemeralStorage: { request: Size.gibibytes(2) } },
          extraResources: { 'rdma/ib': '4' },
          volumes: [ComponentVolume.fromPersistentVolumeClaim('model-cache', '/opt/models'), ComponentVolume.fromConfigMap('cfg', '/config')],
          sharedMemorySize: Size.gibibytes(80),
          podAnnotations: { a: 'b' },
          scalingAdapter: true,
          compilationCache: { claimName: 'cc' },
        },
      ],
    });
    // THEN
    const dgd = only(synthValid(chart), 'DynamoGraphDeployment');
    expect(dgd.apiVersion).toBe('nvidia.com/v1alpha1');
    expect(dgd.spec.envs).toStrictEqual([{ name: 'A', value: '1' }]);
    expect(dgd.spec.pvcs).toStrictEqual([{ name: 'model-cache', create: false }, { name: 'cc', create: false }]);
    expect(dgd.spec.services.Frontend).toStrictEqual({
      componentType: 'frontend',
      replicas: 1,
      extraPodSpec: { mainContainer: { image: OLD_IMAGE } },
    });
    expect(dgd.spec.services.prefill).toStrictEqual({
      componentType: 'worker',
      subComponentType: 'prefill',
      replicas: 2,
      multinode: { nodeCount: 2 },
      resources: { requests: { gpu: '4', custom: { 'ephemeral-storage': '2Gi', 'rdma/ib': '4' } }, limits: { gpu: '4', custom: { 'rdma/ib': '4' } } },
      envs: [{ name: 'B', value: '2' }],
      envFromSecret: 'hf-token-secret',
      volumeMounts: [{ name: 'model-cache', mountPoint: '/opt/models' }, { name: 'cc', useAsCompilationCache: true }],
      sharedMemory: { size: '80Gi' },
      scalingAdapter: { enabled: true },
      extraPodMetadata: { annotations: { a: 'b' } },
      extraPodSpec: {
        mainContainer: { image: OLD_IMAGE, args: ['--tp', '8'], volumeMounts: [{ name: 'cfg', mountPath: '/config', readOnly: true }] },
        volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
      },
    });
  });

  test('a disabled /dev/shm renders sharedMemory.disabled', () => {
    const chart = newChart();
    new DynamoGraphDeployment(chart, 'g', {
      apiVersion: DgdApiVersion.V1ALPHA1,
      components: [{ name: 'W', type: ComponentType.WORKER, image: IMAGE, sharedMemorySize: Size.mebibytes(0) }],
    });
    expect(only(synthValid(chart), 'DynamoGraphDeployment').spec.services.W.sharedMemory).toStrictEqual({ disabled: true });
  });

  test('several envFrom secrets go to the main container', () => {
    const chart = newChart();
    new DynamoGraphDeployment(chart, 'g', {
      apiVersion: DgdApiVersion.V1ALPHA1,
      components: [{ name: 'W', type: ComponentType.WORKER, image: IMAGE, envFromSecrets: [SecretRef.fromSecretName('a'), SecretRef.fromSecretName('b')] }],
    });
    const svc = only(synthValid(chart), 'DynamoGraphDeployment').spec.services.W;
    expect(svc.envFromSecret).toBeUndefined();
    expect(svc.extraPodSpec.mainContainer.envFrom).toStrictEqual([{ secretRef: { name: 'a' } }, { secretRef: { name: 'b' } }]);
  });

  test('v1alpha1 is still available on Dynamo 1.4', () => {
    // GIVEN
    const chart = newChart();
    // WHEN
    const dgd = new DynamoGraphDeployment(chart, 'g', {
      apiVersion: DgdApiVersion.V1ALPHA1,
      components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE }],
    });
    // THEN
    expect(only(synthValid(chart), 'DynamoGraphDeployment').apiVersion).toBe('nvidia.com/v1alpha1');
    expect(dgd.mainContainerJsonPointer('Frontend')).toBe('/spec/services/Frontend/extraPodSpec/mainContainer');
  });

  test('restartId renders spec.restart on Dynamo before 1.3, whose v1alpha1 CRD accepts it on create', () => {
    // GIVEN
    const chart = newChart();
    // WHEN
    new DynamoGraphDeployment(chart, 'g', {
      dynamoVersion: DynamoVersion.V1_1_0,
      apiVersion: DgdApiVersion.V1ALPHA1,
      restartId: 'r1',
      components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: OLD_IMAGE }],
    });
    // THEN
    const obj = only(synthValid(chart), 'DynamoGraphDeployment');
    expect(obj.spec.restart).toStrictEqual({ id: 'r1' });
  });
});

describe('DynamoGraphDeployment validation', () => {
  const fe = { name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE };

  test.each([
    ['an uppercase name', { name: 'Graph' }, 'name', /name must be a DNS label .* \(got "Graph"\)/],
    ['a name starting with a digit', { name: '1graph' }, 'name', /name must be a DNS label/],
    ['an invalid namespace', { namespace: 'Bad_NS' }, 'namespace', /namespace must be a DNS label/],
    ['v1beta1 on Dynamo 1.1', { dynamoVersion: DynamoVersion.V1_1_0, apiVersion: DgdApiVersion.V1BETA1 }, 'apiVersion',
      /apiVersion needs Dynamo 1.2.0 or newer \(dynamoVersion is 1.1.0\) \(got "nvidia.com\/v1beta1"\); use DgdApiVersion.V1ALPHA1/],
    ['restartId with v1beta1', { restartId: 'x' }, 'restartId', /restartId must not be set with the v1beta1 API, which rejects spec.restart on create \(Dynamo #14093\)/],
    ['restartId with v1alpha1 on Dynamo 1.3', { restartId: 'x', apiVersion: DgdApiVersion.V1ALPHA1, dynamoVersion: DynamoVersion.of('1.3.0') }, 'restartId',
      /restartId must not be set with Dynamo 1.3.0 or newer, whose CRD rejects spec.restart on create \(Dynamo #10955\) \(got "x"\); remove restartId/],
  ])('fails on %s', (_what, props, prop, message) => {
    // GIVEN / WHEN
    const create = () => new DynamoGraphDeployment(newChart(), 'g', { components: [fe], ...props });
    // THEN
    expect(create).toThrow(message);
    expect(create).toThrow(expect.objectContaining({ prop }));
  });

  test.each([
    ['negative replicas', { replicas: -1 }, 'components[W].replicas', /components\[W\].replicas must be an integer >= 0 \(got -1\)/],
    ['fractional gpus', { gpus: 1.5 }, 'components[W].gpus', /must be an integer >= 0 \(got 1.5\)/],
    ['zero nodeCount', { nodeCount: 0 }, 'components[W].nodeCount', /must be an integer >= 1 \(got 0\)/],
    ['an empty image', { image: '' }, 'components[W].image', /must be a container image reference/],
    ['a non-semver tag on Dynamo >= 1.4', { image: 'myrepo/vllm:latest' }, 'components[W].image',
      new RegExp(`must have a semantic-version tag unless runtimeVersionOverride is set .* \\(got "myrepo/vllm:latest"\\); tag the image .* or set runtimeVersionOverride: "${DynamoVersion.LATEST.version.replace(/\./g, '\\.')}"`)],
    ['a malformed runtimeVersionOverride', { image: 'myrepo/vllm:latest', runtimeVersionOverride: 'v1.4' }, 'components[W].runtimeVersionOverride', /must be MAJOR.MINOR.PATCH/],
    ['gpus in extraResources', { extraResources: { 'nvidia.com/gpu': '1' } }, 'components[W].extraResources', /use the gpus option/],
    ['memory in extraResources', { extraResources: { memory: '1Gi' } }, 'components[W].extraResources', /use the resources option/],
    ['a malformed quantity', { extraResources: { 'rdma/ib': 'many' } }, 'components[W].extraResources["rdma/ib"]', /must be a Kubernetes quantity/],
    ['an invalid env name', { env: { '1X': EnvValue.fromValue('a') } }, 'components[W].env', /must be a valid environment variable name/],
    ['two volumes at one path', { volumes: [ComponentVolume.fromConfigMap('a', '/x'), ComponentVolume.fromConfigMap('b', '/x')] }, 'components[W].volumes[b]', /^components\[W\]\.volumes\[b\] must not mount at \/x, where components\[W\]\.volumes\[a\] mounts/],
    ['the same volume twice', { volumes: [ComponentVolume.fromConfigMap('a', '/x'), ComponentVolume.fromConfigMap('a', '/y')] }, 'components[W].volumes', /must have unique volume names/],
    ['a relative compilation cache path', { compilationCache: { claimName: 'c', mountPath: 'cache' } }, 'components[W].compilationCache.mountPath', /must be an absolute path/],
  ])('fails on %s', (_what, options, prop, message) => {
    const create = () => new DynamoGraphDeployment(newChart(), 'g', { components: [{ name: 'W', type: ComponentType.WORKER, image: IMAGE, ...options }] });
    expect(create).toThrow(message);
    expect(create).toThrow(expect.objectContaining({ prop }));
  });

  test('a non-semver tag is fine before Dynamo 1.4, and with runtimeVersionOverride on 1.4', () => {
    const chart = newChart();
    new DynamoGraphDeployment(chart, 'old', { dynamoVersion: DynamoVersion.V1_3_1, components: [{ ...fe, image: 'myrepo/vllm:latest' }] });
    new DynamoGraphDeployment(chart, 'new', { components: [{ ...fe, image: 'myrepo/vllm:latest', runtimeVersionOverride: '1.4.0' }] });
    const dgds = synthValid(chart);
    expect(dgds[1].spec.components[0].runtimeVersionOverride).toBe('1.4.0');
  });

  test('fails on runtimeVersionOverride before Dynamo 1.4', () => {
    expect(() => new DynamoGraphDeployment(newChart(), 'g', { dynamoVersion: DynamoVersion.V1_3_1, components: [{ ...fe, runtimeVersionOverride: '1.3.1' }] }))
      .toThrow(/runtimeVersionOverride needs Dynamo 1.4.0 or newer \(got "1.3.1"\)/);
  });

  test('fails on a multi-node frontend', () => {
    expect(() => new DynamoGraphDeployment(newChart(), 'g', { components: [{ ...fe, nodeCount: 2 }] }))
      .toThrow(/components\[Frontend\].nodeCount may be more than 1 only for worker, prefill and decode components/);
  });

  test('fails on component names that differ only in case', () => {
    const dgd = new DynamoGraphDeployment(newChart(), 'g', { components: [fe] });
    expect(() => dgd.addComponent({ ...fe, name: 'frontend' })).toThrow(/components must have unique names \(compared case-insensitively\) \(got "frontend"\)/);
  });

  test('fails on an invalid component name', () => {
    expect(() => new DynamoGraphDeployment(newChart(), 'g', { components: [{ ...fe, name: 'front_end' }] }))
      .toThrow(/components\[front_end\].name must be 1-63 letters, digits or '-'/);
  });

  test('fails when <dgd>-<component> exceeds 63 characters', () => {
    const long = 'a'.repeat(40);
    expect(() => new DynamoGraphDeployment(newChart(), long, { components: [{ ...fe, name: 'VeryLongComponentNameForAWorker' }] }))
      .toThrow(/gives the operator-derived name ".*-verylongcomponentnameforaworker" of 72 characters, over the 63 a DNS label allows/);
  });

  test('fails on the 26th component', () => {
    const dgd = new DynamoGraphDeployment(newChart(), 'g');
    for (let i = 0; i < 25; i++) dgd.addComponent({ name: `W${i}`, type: ComponentType.WORKER, image: IMAGE });
    expect(() => dgd.addComponent({ name: 'W25', type: ComponentType.WORKER, image: IMAGE })).toThrow(/components must have at most 25 entries \(got 26\)/);
  });

  test('fails on conflicting mutations', () => {
    const dgd = new DynamoGraphDeployment(newChart(), 'g');
    const c = dgd.addComponent({ ...fe, env: { A: EnvValue.fromValue('1') }, extraResources: { 'rdma/ib': '1' }, podAnnotations: { k: 'v' } });
    expect(() => c.addEnv('A', EnvValue.fromValue('2'))).toThrow(/already sets A/);
    expect(() => c.addExtraResource('rdma/ib', '2')).toThrow(/already sets rdma\/ib/);
    expect(() => c.addPodAnnotation('k', 'w')).toThrow(/already sets k to "v"/);
    expect(() => c.addPodLabel('x', 'y')).not.toThrow();
    expect(() => dgd.addEnv('G', EnvValue.fromValue('1'))).not.toThrow();
    expect(() => dgd.addEnv('G', EnvValue.fromValue('1'))).toThrow(/env already sets G/);
    expect(() => dgd.component('Nope')).toThrow(/component must name a component of g \(Frontend\)/);
  });

  test('fails at synth on an empty graph, and writes nothing', () => {
    // GIVEN
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgd-'));
    const app = new App({ outdir });
    const chart = new Chart(app, 'c');
    new DynamoGraphDeployment(chart, 'g');
    // WHEN / THEN
    expect(() => app.synth()).toThrow(/c\/g: a DynamoGraphDeployment needs at least one component/);
    expect(fs.readdirSync(outdir)).toStrictEqual([]);
  });

  test('errors are DynamoValidationErrors', () => {
    expect(() => new DynamoGraphDeployment(newChart(), 'Bad')).toThrow(DynamoValidationError);
  });

  test('volume factories validate their inputs', () => {
    expect(() => ComponentVolume.fromHostPath('ib', 'dev/infiniband', '/dev/infiniband')).toThrow(/hostPath must be an absolute path/);
    expect(() => ComponentVolume.fromConfigMap('cfg', 'config')).toThrow(/mountPath must be an absolute path/);
    expect(() => ComponentVolume.fromPersistentVolumeClaim('Bad_Claim', '/x')).toThrow(/claimName must be a Kubernetes object name/);
    expect(() => EnvValue.fromSecret(SecretRef.fromSecretName('s'), '')).toThrow(/key must be a non-empty Secret key/);
    expect(() => SecretRef.fromSecretName('Not A Name')).toThrow(/secretName must be a Kubernetes object name/);
  });
});
