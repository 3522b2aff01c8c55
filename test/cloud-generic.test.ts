import { Duration, Size } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, Backend, CapacityType, Cloud, CloudBinding, CloudContext, CloudProfile, DisaggregatedLlm, DisaggregatedLlmProps, DynamoVersion, EnvValue,
  FilestoreTier, FsxDeploymentType, GpuType, IngressApi, ModelCache, ModelStorage, NixlBackend, RdmaFabric, SecretRef,
} from '../lib';
import { component, envOf, main, Manifest, newChart, only, synthValid, validationError } from './support/synth';

const IB = Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/shared_ib', ucxNetDevices: ['mlx5_0:1', 'mlx5_1:1'] } });
const EFA = Cloud.generic({ rdma: { fabric: RdmaFabric.EFA, devicesPerPod: 4 } });

function disagg(props: Partial<DisaggregatedLlmProps>, ns = 'llm'): Manifest[] {
  const chart = newChart(ns);
  new DisaggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-8B', ...props });
  return synthValid(chart);
}

function dgdOf(objs: Manifest[]): Manifest {
  return only(objs, 'DynamoGraphDeployment');
}

describe('Cloud.generic(): scheduling', () => {
  test('every GPU worker tolerates the nvidia.com/gpu taint; the CPU frontend gets nothing', () => {
    // GIVEN / WHEN
    const chart = newChart();
    new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-0.6B' });
    const dgd = dgdOf(synthValid(chart));
    // THEN
    expect(component(dgd, 'VllmDecodeWorker').podTemplate.spec.tolerations).toStrictEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(component(dgd, 'Frontend').podTemplate.spec.tolerations).toBeUndefined();
  });

  test('gpuTolerations replace the default, and a pool adds its own after them without duplicates', () => {
    // GIVEN
    const spot = { key: 'spot', operator: 'Exists', effect: 'NoSchedule' };
    const gpu = { key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' };
    const chart = newChart();
    // WHEN
    new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-0.6B', cloud: Cloud.generic({ gpuTolerations: [gpu] }), workers: { tolerations: [gpu, spot] } });
    // THEN
    expect(component(dgdOf(synthValid(chart)), 'VllmDecodeWorker').podTemplate.spec.tolerations).toStrictEqual([gpu, spot]);
  });

  test('the endpoint card names the cloud and, for disaggregated endpoints, the KV transfer backend', () => {
    // GIVEN / WHEN
    const agg = new AggregatedLlm(newChart(), 'qwen', { model: 'Qwen/Qwen3-0.6B' });
    const dis = new DisaggregatedLlm(newChart(), 'llm', { model: 'Qwen/Qwen3-8B', cloud: IB });
    // THEN
    expect([agg.endpointCard.cloud, agg.endpointCard.kvTransferBackend]).toStrictEqual(['generic', undefined]);
    expect([dis.endpointCard.cloud, dis.endpointCard.kvTransferBackend]).toStrictEqual(['generic', 'NIXL (UCX)']);
    expect(dis.endpointCard.pools.prefill.placement).toBe('InfiniBand × 1, NIXL UCX');
    expect(agg.endpointCard.pools.workers.placement).toBeUndefined();
  });
});

describe('Cloud.generic(): declared RDMA', () => {
  test('InfiniBand: the RDMA resource, UCX settings with UCX_IB_ADDR_TYPE=eth, IPC_LOCK and NIXL telemetry on prefill and decode', () => {
    // GIVEN / WHEN
    const dgd = dgdOf(disagg({ cloud: IB }));
    // THEN
    for (const name of ['VllmPrefillWorker', 'VllmDecodeWorker']) {
      const m = main(dgd, name);
      expect(m.resources.limits).toStrictEqual({ 'nvidia.com/gpu': '1', 'rdma/shared_ib': '1' });
      expect(m.securityContext).toStrictEqual({ capabilities: { add: ['IPC_LOCK'] } });
      expect(envOf(m)).toMatchObject({
        UCX_TLS: 'rc_x,rc,dc_x,dc,cuda_copy,cuda_ipc', UCX_IB_ADDR_TYPE: 'eth', UCX_IB_GPU_DIRECT_RDMA: 'yes', UCX_NET_DEVICES: 'mlx5_0:1,mlx5_1:1',
        NIXL_TELEMETRY_ENABLE: 'y', NIXL_TELEMETRY_EXPORTER: 'prometheus', NIXL_TELEMETRY_PROMETHEUS_PORT: '19090',
      });
      // UCX is NIXL's default: vLLM needs no backends list.
      expect(m.args[m.args.indexOf('--kv-transfer-config') + 1]).toBe('{"kv_connector":"NixlConnector","kv_role":"kv_both"}');
    }
    expect(main(dgd, 'Frontend').env?.some((e: Manifest) => e.name.startsWith('UCX_'))).toBeFalsy();
  });

  test('InfiniBand with mountInfinibandDevices mounts the host /dev/infiniband', () => {
    // GIVEN / WHEN
    const dgd = dgdOf(disagg({ cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, mountInfinibandDevices: true } }) }));
    const spec = component(dgd, 'VllmDecodeWorker').podTemplate.spec;
    // THEN
    expect(spec.volumes).toContainEqual({ name: 'infiniband', hostPath: { path: '/dev/infiniband', type: 'Directory' } });
    expect(main(dgd, 'VllmDecodeWorker').volumeMounts).toContainEqual({ name: 'infiniband', mountPath: '/dev/infiniband' });
    expect(main(dgd, 'VllmDecodeWorker').resources.limits['rdma/ib']).toBe('1');
  });

  test('EFA: LIBFABRIC in every engine, the FI_* settings, the -efa image and prefill/decode kept on different nodes', () => {
    for (const backend of Backend.all()) {
      // GIVEN / WHEN
      const dgd = dgdOf(disagg({ cloud: EFA, backend }));
      const names = dgd.spec.components.filter((c: Manifest) => c.type !== 'frontend').map((c: Manifest) => c.name) as string[];
      for (const name of names) {
        const m = main(dgd, name);
        // THEN
        expect(m.image).toBe(`${backend.runtimeImage(DynamoVersion.LATEST)}-efa`);
        expect(m.resources.limits['vpc.amazonaws.com/efa']).toBe('4');
        expect(envOf(m)).toMatchObject({ FI_PROVIDER: 'efa', FI_EFA_USE_DEVICE_RDMA: '1', FI_EFA_ENABLE_SHM_TRANSFER: '0', DYN_KVBM_NIXL_BACKEND_LIBFABRIC: 'true' });
        expect(m.securityContext).toStrictEqual({ capabilities: { add: ['IPC_LOCK'] } });
        const other = names.find((n) => n !== name);
        expect(component(dgd, name).podTemplate.spec.affinity).toStrictEqual({
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{
              topologyKey: 'kubernetes.io/hostname',
              labelSelector: {
                matchLabels: { 'nvidia.com/dynamo-graph-deployment-name': 'llm' },
                matchExpressions: [{ key: 'nvidia.com/dynamo-component', operator: 'In', values: [other] }],
              },
            }],
          },
        });
      }
      const prefill = main(dgd, names[0]);
      if (backend === Backend.vllm()) expect(prefill.args).toContain('{"kv_connector":"NixlConnector","kv_role":"kv_both","kv_connector_extra_config":{"backends":["LIBFABRIC"]}}');
      if (backend === Backend.sglang()) expect(envOf(prefill).SGLANG_DISAGGREGATION_NIXL_BACKEND).toBe('LIBFABRIC');
      if (backend === Backend.trtllm()) expect(envOf(prefill).TRTLLM_NIXL_KVCACHE_BACKEND).toBe('LIBFABRIC');
    }
  });

  test('EFA opt-ins: privileged and hugepages; an explicit image is kept as given', () => {
    // GIVEN / WHEN
    const dgd = dgdOf(disagg({
      cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.EFA, privileged: true, efaHugePages: true } }),
      image: 'registry.example.com/dynamo/vllm-runtime:1.4.0-efa-custom',
      prefill: { resources: { memory: { request: Size.gibibytes(64) } } as never },
    }));
    const m = main(dgd, 'VllmPrefillWorker');
    // THEN
    expect(m.image).toBe('registry.example.com/dynamo/vllm-runtime:1.4.0-efa-custom');
    expect(m.securityContext).toStrictEqual({ capabilities: { add: ['IPC_LOCK'] }, privileged: true });
    expect(m.resources.limits).toMatchObject({ 'vpc.amazonaws.com/efa': '1', 'hugepages-2Mi': '5120Mi' });
    expect(envOf(m).FI_EFA_USE_HUGE_PAGE).toBe('1');
  });

  test('a pool\'s rdmaDevices overrides the declared devices per pod; the user\'s capabilities are kept', () => {
    // GIVEN / WHEN
    const dgd = dgdOf(disagg({ cloud: EFA, decode: { rdmaDevices: 8, securityContext: { capabilities: { add: ['SYS_PTRACE'] } } } }));
    // THEN
    expect(main(dgd, 'VllmDecodeWorker').resources.limits['vpc.amazonaws.com/efa']).toBe('8');
    expect(main(dgd, 'VllmPrefillWorker').resources.limits['vpc.amazonaws.com/efa']).toBe('4');
    expect(main(dgd, 'VllmDecodeWorker').securityContext).toStrictEqual({ capabilities: { add: ['IPC_LOCK', 'SYS_PTRACE'] } });
  });

  test('a user affinity is merged with the profile\'s: both anti-affinity terms, and the user\'s node affinity', () => {
    // GIVEN
    const nodeAffinity = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'In', values: ['h100'] }] }] } };
    const term = { topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { app: 'x' } } };
    // WHEN
    const dgd = dgdOf(disagg({ cloud: EFA, decode: { affinity: { nodeAffinity, podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } }));
    const affinity = component(dgd, 'VllmDecodeWorker').podTemplate.spec.affinity;
    // THEN
    expect(affinity.nodeAffinity).toStrictEqual(nodeAffinity);
    expect(affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.map((t: Manifest) => t.topologyKey))
      .toStrictEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
  });

  test('a multi-node aggregated worker is wired for RDMA too (NCCL crosses nodes); a single-node one is not', () => {
    // GIVEN / WHEN
    const chart = newChart();
    new AggregatedLlm(chart, 'big', { model: 'Qwen/Qwen3-8B', cloud: IB, backend: Backend.sglang(), workers: { nodes: 2, gpus: 8 } });
    new AggregatedLlm(chart, 'small', { model: 'Qwen/Qwen3-8B', cloud: IB, name: 'small' });
    const dgds = synthValid(chart).filter((o) => o.kind === 'DynamoGraphDeployment');
    // THEN
    expect(main(dgds[0], 'worker').resources.limits['rdma/shared_ib']).toBe('1');
    expect(main(dgds[1], 'VllmDecodeWorker').resources.limits['rdma/shared_ib']).toBeUndefined();
  });

  test('allowTcpKvTransfer accepts TCP on an undeclared fabric and keeps the requested backend', () => {
    // GIVEN / WHEN
    const llm = new DisaggregatedLlm(newChart(), 'llm', { model: 'Qwen/Qwen3-8B', allowTcpKvTransfer: true, nixlBackend: NixlBackend.LIBFABRIC });
    // THEN
    expect(llm.nixlBackend).toBe(NixlBackend.LIBFABRIC);
  });
});

describe('Cloud.generic(): rejections', () => {
  test('a disaggregated deployment without a declared fabric (TCP fallback is never silent)', () => {
    expect(() => disagg({})).toThrow(
      "cloud must declare the RDMA fabric for disaggregated serving on Cloud.generic(): without it KV transfer falls back to TCP and the first token takes ~98 s instead of ~0.3 s at an 8k-token prompt (got \"Cloud.generic()\"); declare it, e.g. Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' } }), or accept the cost with allowTcpKvTransfer: true");
  });

  test('a NIXL backend other than the fabric\'s', () => {
    expect(() => disagg({ cloud: EFA, nixlBackend: NixlBackend.UCX }))
      .toThrow('nixlBackend must be LIBFABRIC, which the pools\' RDMA fabric needs (got "UCX"); remove nixlBackend (the cloud profile selects LIBFABRIC); the other backend would run KV transfer at TCP speed');
  });

  test.each([
    ['a fabric NIXL cannot use', { fabric: RdmaFabric.GPUDIRECT_TCPXO }, /^cloud\.rdma\.fabric must be a fabric NIXL can use \(got "GPUDirect-TCPXO \(NCCL only\)"\)/],
    ['a resource without a domain', { fabric: RdmaFabric.INFINIBAND, resourceName: 'ib' }, /^cloud\.rdma\.resourceName must be an extended resource name/],
    ['zero devices', { fabric: RdmaFabric.INFINIBAND, devicesPerPod: 0 }, /^cloud\.rdma\.devicesPerPod must be an integer >= 1 \(got 0\)/],
    ['a malformed UCX device', { fabric: RdmaFabric.INFINIBAND, ucxNetDevices: ['mlx5_0'] }, /^cloud\.rdma\.ucxNetDevices must list UCX devices as <device>:<port> \(got "mlx5_0"\)/],
    ['UCX devices on EFA', { fabric: RdmaFabric.EFA, ucxNetDevices: ['mlx5_0:1'] }, /^cloud\.rdma\.ucxNetDevices is for UCX/],
    ['privileged off EFA', { fabric: RdmaFabric.INFINIBAND, privileged: true }, /^cloud\.rdma\.privileged applies to EFA only/],
    ['hugepages off EFA', { fabric: RdmaFabric.ROCE, efaHugePages: true }, /^cloud\.rdma\.efaHugePages applies to EFA only/],
  ])('rdma with %s', (_, rdma, message) => {
    expect(() => Cloud.generic({ rdma })).toThrow(message);
  });

  test.each([
    ['machineType', { machineType: 'p5.48xlarge' }, /^prefill\.machineType needs a cloud profile that provisions nodes .* on Cloud\.generic\(\) name the GPU with prefill\.gpuType instead \(e\.g\. GpuType\.H100_80GB\), or select GPU nodes with prefill\.nodeSelector$/],
    ['capacityTypes', { capacityTypes: [CapacityType.SPOT] }, /^prefill\.capacityTypes needs a cloud profile that provisions nodes \(Cloud\.generic\(\) does not\) \(got \["spot"\]\)/],
  ])('a pool %s on Cloud.generic()', (_, prefill, message) => {
    expect(() => disagg({ cloud: IB, prefill })).toThrow(message);
  });

  test('user settings that collide with the wiring: env, extended resources', () => {
    expect(() => disagg({ cloud: IB, decode: { env: { UCX_TLS: EnvValue.fromValue('tcp') } } }))
      .toThrow('decode.env must not set UCX_TLS, which is set from the cloud profile\'s RDMA wiring (Cloud.generic()) (got "UCX_TLS"); remove UCX_TLS from decode.env and configure it through the cloud profile\'s RDMA wiring (Cloud.generic())');
    expect(() => disagg({ cloud: EFA, decode: { extraResources: { 'vpc.amazonaws.com/efa': '32' } } }))
      .toThrow('decode.extraResources must not override vpc.amazonaws.com/efa, which Cloud.generic() sets to "4" (got "32"); the cloud profile sets it from the fabric; size RDMA devices with rdmaDevices');
    expect(() => disagg({ cloud: EFA, decode: { rdmaDevices: 0 } })).toThrow(/^decode\.rdmaDevices must be an integer >= 1 \(got 0\)/);
  });
});

describe('frontend ingress on Cloud.generic()', () => {
  test('an Ingress to <dgd>-frontend:8000 in the cluster\'s default class, HTTP without a host', () => {
    // GIVEN / WHEN
    const chart = newChart();
    new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-0.6B', ingress: {} });
    // THEN
    expect(only(synthValid(chart), 'Ingress')).toStrictEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'qwen-frontend', namespace: 'llm' },
      spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'qwen-frontend', port: { number: 8000 } } } }] } }] },
    });
  });

  test('with a host: TLS from the Secret, the class and the user\'s annotations', () => {
    // GIVEN / WHEN
    const chart = newChart();
    new AggregatedLlm(chart, 'qwen', {
      model: 'Qwen/Qwen3-0.6B',
      ingress: {
        host: 'llm.example.com', tlsSecret: SecretRef.fromSecretName('llm-tls'), className: 'nginx',
        annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '300' },
      },
    });
    const ingress = only(synthValid(chart), 'Ingress');
    // THEN
    expect(ingress.metadata.annotations).toStrictEqual({ 'nginx.ingress.kubernetes.io/proxy-read-timeout': '300' });
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toStrictEqual([{ hosts: ['llm.example.com'], secretName: 'llm-tls' }]);
    expect(ingress.spec.rules[0].host).toBe('llm.example.com');
  });

  test('IngressApi.GATEWAY: a Gateway with an HTTPS listener for the host and an HTTPRoute to the frontend', () => {
    // GIVEN / WHEN
    const chart = newChart();
    new AggregatedLlm(chart, 'qwen', {
      model: 'Qwen/Qwen3-0.6B',
      ingress: { api: IngressApi.GATEWAY, className: 'istio', host: 'llm.example.com', tlsSecret: SecretRef.fromSecretName('llm-tls') },
    });
    const objs = synthValid(chart);
    // THEN
    expect(only(objs, 'Gateway').spec).toStrictEqual({
      gatewayClassName: 'istio',
      listeners: [{
        name: 'https', protocol: 'HTTPS', port: 443, hostname: 'llm.example.com',
        tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'llm-tls' }] },
        allowedRoutes: { namespaces: { from: 'Same' } },
      }],
    });
    expect(only(objs, 'HTTPRoute').spec).toStrictEqual({
      parentRefs: [{ name: 'qwen-frontend', sectionName: 'https' }],
      hostnames: ['llm.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'qwen-frontend', port: 8000 }] }],
    });
  });

  test.each([
    ['a host that is not a DNS name', { host: 'https://llm.example.com' }, /^ingress\.host must be a lowercase DNS name \(got "https:\/\/llm\.example\.com"\)/],
    ['a TLS Secret without a host', { tlsSecret: SecretRef.fromSecretName('t') }, /^ingress\.tlsSecret needs ingress\.host/],
    ['a host without a TLS Secret', { host: 'llm.example.com' }, /^ingress\.tlsSecret is required with ingress\.host/],
    ['a timeout under a minute', { timeout: Duration.seconds(30) }, /^ingress\.timeout must be a whole number of seconds between 60 and 4000 \(got "30s"\)/],
    ['a timeout it cannot apply', { timeout: Duration.seconds(600) }, /^ingress\.timeout is not applied by Cloud\.generic\(\), whose ingress controller the library does not know \(got "600s"\); set your controller's timeout through ingress\.annotations/],
    ['internal on a Gateway', { api: IngressApi.GATEWAY, className: 'istio', internal: true }, /^ingress\.internal is not applied by Cloud\.generic\(\)/],
    ['an ACM certificate', { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' }, /^ingress\.certificateArn is not applied by Cloud\.generic\(\).*; it is for the AWS Load Balancer Controller \(Cloud\.eks\(\)\)/],
    ['internal', { internal: true }, /^ingress\.internal is not applied by Cloud\.generic\(\)/],
    ['a Gateway without a class', { api: IngressApi.GATEWAY }, /^ingress\.className is required with IngressApi\.GATEWAY on Cloud\.generic\(\)/],
    ['a Gateway host without a certificate', { api: IngressApi.GATEWAY, className: 'istio', host: 'a.example.com' }, /^ingress\.tlsSecret is required with ingress\.host on a Gateway/],
    ['a bad class name', { className: 'Nginx_Class' }, /^ingress\.className must be a DNS subdomain/],
  ])('rejects %s', (_, ingress, message) => {
    expect(() => new AggregatedLlm(newChart(), 'qwen', { model: 'Qwen/Qwen3-0.6B', ingress })).toThrow(message);
  });
});

describe('model storage', () => {
  const cache = (storage: ModelStorage, size = Size.gibibytes(1200)) => ModelCache.newVolume({ storage, size });

  test('ModelStorage.efs creates a cluster-scoped StorageClass named after the deployment, used by the claim', () => {
    // GIVEN / WHEN
    const chart = newChart();
    new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-0.6B', modelCache: cache(ModelStorage.efs({ fileSystemId: 'fs-0123456789abcdef0' }), Size.gibibytes(200)) });
    const objs = synthValid(chart);
    // THEN
    expect(only(objs, 'StorageClass')).toStrictEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'llm-qwen-model-cache' },
      provisioner: 'efs.csi.aws.com',
      parameters: { provisioningMode: 'efs-ap', fileSystemId: 'fs-0123456789abcdef0', directoryPerms: '777' },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
    expect(only(objs, 'PersistentVolumeClaim').spec.storageClassName).toBe('llm-qwen-model-cache');
  });

  test.each([
    ['FSx for Lustre', ModelStorage.fsxLustre({ subnetId: 'subnet-0123456789abcdef0', securityGroupIds: ['sg-0123456789abcdef0'] }), 'fsx.csi.aws.com',
      { subnetId: 'subnet-0123456789abcdef0', securityGroupIds: 'sg-0123456789abcdef0', deploymentType: 'PERSISTENT_2', perUnitStorageThroughput: '250' }],
    ['FSx scratch', ModelStorage.fsxLustre({ subnetId: 'subnet-0123456789abcdef0', securityGroupIds: ['sg-0123456789abcdef0'], deploymentType: FsxDeploymentType.SCRATCH_2 }), 'fsx.csi.aws.com',
      { subnetId: 'subnet-0123456789abcdef0', securityGroupIds: 'sg-0123456789abcdef0', deploymentType: 'SCRATCH_2' }],
    ['Filestore', ModelStorage.filestore({ tier: FilestoreTier.ENTERPRISE, network: 'gpu-vpc' }), 'filestore.csi.storage.gke.io', { tier: 'enterprise', network: 'gpu-vpc' }],
    ['Azure Files', ModelStorage.azureFiles(), 'file.csi.azure.com', { skuName: 'Premium_LRS' }],
    ['Azure Blob NFS', ModelStorage.azureBlobNfs(), 'blob.csi.azure.com', { protocol: 'nfs', skuName: 'Premium_LRS' }],
  ])('%s: the provisioner and parameters', (_, storage, provisioner, parameters) => {
    // GIVEN / WHEN
    const chart = newChart();
    new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-0.6B', modelCache: cache(storage, Size.gibibytes(2400)) });
    const sc = only(synthValid(chart), 'StorageClass');
    // THEN
    expect([sc.provisioner, sc.parameters]).toStrictEqual([provisioner, parameters]);
  });

  test('an existing StorageClass by name creates nothing', () => {
    // GIVEN / WHEN
    const chart = newChart();
    new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-0.6B', modelCache: cache(ModelStorage.fromStorageClassName('sc.azurelustre.csi.azure.com')) });
    const objs = synthValid(chart);
    // THEN
    expect(objs.filter((o) => o.kind === 'StorageClass')).toStrictEqual([]);
    expect(only(objs, 'PersistentVolumeClaim').spec.storageClassName).toBe('sc.azurelustre.csi.azure.com');
  });

  test.each([
    ['a malformed EFS id', () => ModelStorage.efs({ fileSystemId: 'efs-1' }), /^modelCache\.storage\.fileSystemId must be an EFS file system id/],
    ['non-octal permissions', () => ModelStorage.efs({ fileSystemId: 'fs-0123456789abcdef0', directoryPerms: 'rwx' }), /^modelCache\.storage\.directoryPerms must be octal permissions/],
    ['a malformed subnet', () => ModelStorage.fsxLustre({ subnetId: 'subnet', securityGroupIds: ['sg-0123456789abcdef0'] }), /^modelCache\.storage\.subnetId must be a subnet id/],
    ['no security groups', () => ModelStorage.fsxLustre({ subnetId: 'subnet-0123456789abcdef0', securityGroupIds: [] }), /^modelCache\.storage\.securityGroupIds must list security group ids/],
    ['an unknown FSx throughput', () => ModelStorage.fsxLustre({ subnetId: 'subnet-0123456789abcdef0', securityGroupIds: ['sg-0123456789abcdef0'], perUnitStorageThroughput: 300 }), /^modelCache\.storage\.perUnitStorageThroughput must be one of 125, 250, 500, 1000 for PERSISTENT_2 \(got 300\)/],
    ['a throughput on scratch', () => ModelStorage.fsxLustre({ subnetId: 'subnet-0123456789abcdef0', securityGroupIds: ['sg-0123456789abcdef0'], deploymentType: FsxDeploymentType.SCRATCH_2, perUnitStorageThroughput: 250 }), /^modelCache\.storage\.perUnitStorageThroughput is not used by SCRATCH_2/],
    ['a bad class name', () => ModelStorage.fromStorageClassName('Bad_Name'), /^modelCache\.storageClass must be a Kubernetes object name/],
  ])('rejects %s', (_, create, message) => {
    expect(create).toThrow(message);
  });

  test('sizes the backend cannot provision, storage of another cloud, and both storage and storageClass', () => {
    const fsx = ModelStorage.fsxLustre({ subnetId: 'subnet-0123456789abcdef0', securityGroupIds: ['sg-0123456789abcdef0'] });
    expect(() => new AggregatedLlm(newChart(), 'q', { model: 'Qwen/Qwen3-0.6B', modelCache: cache(fsx, Size.gibibytes(1000)) }))
      .toThrow('modelCache.size must be at least 1200Gi for FSx for Lustre (got "1000Gi"); use Size.gibibytes(1200) or more');
    expect(() => new AggregatedLlm(newChart(), 'q', { model: 'Qwen/Qwen3-0.6B', modelCache: cache(fsx, Size.gibibytes(1300)) }))
      .toThrow(/^modelCache\.size must be an integer >= 1 \(got 1\.0833333333333333\); FSx for Lustre grows in steps of 1200Gi; use Size\.gibibytes\(2400\)$/);
    expect(() => new AggregatedLlm(newChart(), 'q', { model: 'Qwen/Qwen3-0.6B', modelCache: cache(ModelStorage.filestore(), Size.gibibytes(100)) }))
      .toThrow(/^modelCache\.size must be at least 1024Gi for Filestore/);
    expect(() => new AggregatedLlm(newChart(), 'q', { model: 'Qwen/Qwen3-0.6B', cloud: Cloud.eksAutoMode(), modelCache: cache(ModelStorage.filestore(), Size.gibibytes(2048)) }))
      .toThrow(/^modelCache\.storage must be storage of the deployment's cloud \(.*\) \(got "Filestore"\)/);
    expect(() => ModelCache.newVolume({ storage: ModelStorage.azureFiles(), storageClass: 'x', size: Size.gibibytes(100) }))
      .toThrow(/^modelCache\.storageClass must not be set together with modelCache\.storage/);
    expect(() => ModelCache.newVolume({ size: Size.gibibytes(100) })).toThrow(/^modelCache\.storageClass must name a StorageClass \(or give modelCache\.storage\)/);
  });

  test('cluster-scoped objects carry no namespace even in a namespaced chart', () => {
    // GIVEN / WHEN
    const chart = newChart('prod');
    new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-0.6B', modelCache: cache(ModelStorage.azureFiles(), Size.gibibytes(100)) });
    const objs = synthValid(chart);
    // THEN
    expect(only(objs, 'StorageClass').metadata).toStrictEqual({ name: 'prod-qwen-model-cache' });
    expect(only(objs, 'PersistentVolumeClaim').metadata.namespace).toBe('prod');
  });
});

/** The required node term of a pool placed by GPU type on Cloud.generic(). */
function gpuProductTerm(...values: string[]): Manifest {
  return { key: 'nvidia.com/gpu.product', operator: 'In', values };
}

describe('Cloud.generic(): gpuType selects nodes by nvidia.com/gpu.product', () => {
  test('each built-in GPU type lists the product names GPU Feature Discovery gives it', () => {
    // GIVEN / WHEN / THEN (nvidia-smi product names, spaces replaced by "-")
    expect(Object.fromEntries(GpuType.all().map((g) => [g.id, g.productNames]))).toStrictEqual({
      'h100-80gb': ['NVIDIA-H100-80GB-HBM3'],
      'h100-nvl-94gb': ['NVIDIA-H100-NVL'],
      'h200-141gb': ['NVIDIA-H200'],
      'b200': ['NVIDIA-B200'],
      'a100-80gb': ['NVIDIA-A100-SXM4-80GB', 'NVIDIA-A100-80GB-PCIe'],
      'a100-40gb': ['NVIDIA-A100-SXM4-40GB', 'NVIDIA-A100-PCIE-40GB'],
      'l40s': ['NVIDIA-L40S'],
      'a10g': ['NVIDIA-A10G'],
      'l4': ['NVIDIA-L4'],
    });
    expect(Object.isFrozen(GpuType.H100_80GB.productNames)).toBe(true);
  });

  test('an aggregated pool gets a required node affinity on the GPU\'s product names, and the card says how it was placed', () => {
    // GIVEN
    const chart = newChart();
    // WHEN
    const llm = new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-8B', workers: { gpuType: GpuType.A100_80GB } });
    const dgd = dgdOf(synthValid(chart));
    // THEN
    expect(component(dgd, 'VllmDecodeWorker').podTemplate.spec.affinity).toStrictEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [gpuProductTerm('NVIDIA-A100-SXM4-80GB', 'NVIDIA-A100-80GB-PCIe')] }] } },
    });
    expect(component(dgd, 'VllmDecodeWorker').podTemplate.spec.tolerations).toStrictEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(component(dgd, 'Frontend').podTemplate.spec.affinity).toBeUndefined();
    expect(llm.endpointCard.pools.workers.placement).toBe('NVIDIA A100 80GB (nvidia.com/gpu.product)');
  });

  test('the user\'s affinity and nodeSelector are kept: node terms ANDed, pod terms added, the selector beside the affinity', () => {
    // GIVEN a required node term and a pod anti-affinity of the user's, and a node selector
    const zone = { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['us-east-1a'] };
    const spread = { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'other' } } };
    const chart = newChart();
    // WHEN
    new AggregatedLlm(chart, 'qwen', {
      model: 'Qwen/Qwen3-8B',
      workers: {
        gpuType: GpuType.H100_80GB,
        nodeSelector: { 'example.com/pool': 'inference' },
        affinity: {
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [zone] }] } },
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [spread] },
        },
      },
    });
    const spec = component(dgdOf(synthValid(chart)), 'VllmDecodeWorker').podTemplate.spec;
    // THEN
    expect(spec.affinity).toStrictEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [gpuProductTerm('NVIDIA-H100-80GB-HBM3'), zone] }] } },
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [spread] },
    });
    expect(spec.nodeSelector).toStrictEqual({ 'example.com/pool': 'inference' });
  });

  test('disaggregated over InfiniBand: both KV pools get the GPU\'s node term, and the card shows GPU then fabric', () => {
    // GIVEN / WHEN
    const chart = newChart();
    const llm = new DisaggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-8B', cloud: IB, prefill: { gpuType: GpuType.H200_141GB }, decode: { gpuType: GpuType.H200_141GB } });
    const dgd = dgdOf(synthValid(chart));
    // THEN
    for (const name of ['VllmPrefillWorker', 'VllmDecodeWorker']) {
      expect(component(dgd, name).podTemplate.spec.affinity).toStrictEqual({
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [gpuProductTerm('NVIDIA-H200')] }] } },
      });
    }
    expect(llm.endpointCard.pools.prefill.placement).toBe('NVIDIA H200 141GB (nvidia.com/gpu.product), InfiniBand × 1, NIXL UCX');
  });

  test('disaggregated over EFA: the node term beside the anti-affinity that keeps prefill and decode apart', () => {
    // GIVEN / WHEN a GPU type on decode only
    const chart = newChart();
    const llm = new DisaggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-8B', cloud: EFA, decode: { gpuType: GpuType.B200 } });
    const dgd = dgdOf(synthValid(chart));
    // THEN
    const decode = component(dgd, 'VllmDecodeWorker').podTemplate.spec.affinity;
    expect(decode.nodeAffinity).toStrictEqual({ requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [gpuProductTerm('NVIDIA-B200')] }] } });
    expect(decode.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions)
      .toStrictEqual([{ key: 'nvidia.com/dynamo-component', operator: 'In', values: ['VllmPrefillWorker'] }]);
    expect(component(dgd, 'VllmPrefillWorker').podTemplate.spec.affinity.nodeAffinity).toBeUndefined();
    expect([llm.endpointCard.pools.prefill.placement, llm.endpointCard.pools.decode.placement])
      .toStrictEqual(['AWS EFA × 4, NIXL LIBFABRIC', 'NVIDIA B200 (nvidia.com/gpu.product), AWS EFA × 4, NIXL LIBFABRIC']);
  });

  test('a custom GPU type with productNames is selected by them', () => {
    // GIVEN
    const gpu = GpuType.custom({ id: 'generic-test-rtx-pro', displayName: 'NVIDIA RTX PRO 6000', memoryGb: 96, productNames: ['NVIDIA-RTX-PRO-6000-Blackwell-Server-Edition'] });
    const chart = newChart();
    // WHEN
    new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-8B', workers: { gpuType: gpu } });
    // THEN
    expect(component(dgdOf(synthValid(chart)), 'VllmDecodeWorker').podTemplate.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toStrictEqual([{ matchExpressions: [gpuProductTerm('NVIDIA-RTX-PRO-6000-Blackwell-Server-Edition')] }]);
  });
});

describe('Cloud.generic(): gpuType rejections', () => {
  test('a custom GPU type without productNames names the pool\'s gpuType and the fix', () => {
    // GIVEN
    const gpu = GpuType.custom({ id: 'generic-test-no-labels', displayName: 'NVIDIA Unlabelled', memoryGb: 48 });
    // WHEN
    const e = validationError(() => new AggregatedLlm(newChart(), 'qwen', { model: 'Qwen/Qwen3-8B', workers: { gpuType: gpu } }));
    // THEN
    expect([e.prop, e.message]).toStrictEqual(['workers.gpuType',
      'workers.gpuType must list its nvidia.com/gpu.product values for Cloud.generic() to select its nodes (got "NVIDIA Unlabelled"); '
      + "make it with GpuType.custom({ ..., productNames: ['<value>'] }), the values of `kubectl get nodes -L nvidia.com/gpu.product` "
      + '(the nvidia-smi product name with spaces replaced by "-"), or leave workers.gpuType out and select the nodes with workers.nodeSelector']);
  });

  test('machineType stays refused, with gpuType as the fix', () => {
    const e = validationError(() => new AggregatedLlm(newChart(), 'qwen', { model: 'Qwen/Qwen3-8B', workers: { machineType: 'p5.48xlarge', gpuType: GpuType.H100_80GB } }));
    expect([e.prop, e.message]).toStrictEqual(['workers.machineType',
      'workers.machineType needs a cloud profile that provisions nodes (Cloud.eks(), Cloud.gke(), Cloud.aks()) (got "p5.48xlarge"); '
      + 'on Cloud.generic() name the GPU with workers.gpuType instead (e.g. GpuType.H100_80GB), or select GPU nodes with workers.nodeSelector']);
  });

  test('an untyped caller\'s GPU type as a string is a named error', () => {
    const e = validationError(() => new AggregatedLlm(newChart(), 'qwen', { model: 'Qwen/Qwen3-8B', workers: { gpuType: 'h100' as never } }));
    expect([e.prop, e.message]).toStrictEqual(['workers.gpuType',
      'workers.gpuType must be a GpuType (got "h100"); use a GpuType constant such as GpuType.H100_80GB, or GpuType.custom({...}) for a GPU the catalog lacks']);
  });

  test.each([
    ['a value with a space', ['NVIDIA H100'], 'gpuType.productNames[0]', /^gpuType\.productNames\[0\] must be a label value: at most 63 letters, .* \(got "NVIDIA H100"\); give the nvidia\.com\/gpu\.product value GPU Feature Discovery sets/],
    ['a value over 63 characters', ['NVIDIA-X', `NVIDIA-${'X'.repeat(57)}`], 'gpuType.productNames[1]', /^gpuType\.productNames\[1\] must be a label value/],
    ['an empty value', [''], 'gpuType.productNames[0]', /^gpuType\.productNames\[0\] must be a label value/],
    ['an empty list', [], 'gpuType.productNames', /^gpuType\.productNames must list at least one nvidia\.com\/gpu\.product value \(got \[\]\); list the values, e\.g\. \["NVIDIA-RTX-PRO-6000-Blackwell-Server-Edition"\], or leave productNames out$/],
    ['a repeated value', ['NVIDIA-L4', 'NVIDIA-L4'], 'gpuType.productNames[1]', /^gpuType\.productNames\[1\] must not repeat a product name \(got "NVIDIA-L4"\)/],
    ['a string instead of a list (untyped)', 'NVIDIA-L4', 'gpuType.productNames', /^gpuType\.productNames must be an array of strings \(got "NVIDIA-L4"\); pass an array, e\.g\. \["NVIDIA-RTX-PRO-6000-Blackwell-Server-Edition"\]$/],
    ['a number in the list (untyped)', [4], 'gpuType.productNames[0]', /^gpuType\.productNames\[0\] must be a string \(got 4\)/],
  ])('GpuType.custom rejects productNames with %s', (_, productNames, prop, message) => {
    // GIVEN / WHEN
    const e = validationError(() => GpuType.custom({ id: 'generic-test-bad-labels', displayName: 'NVIDIA X', memoryGb: 48, productNames: productNames as never }));
    // THEN
    expect(e.prop).toBe(prop);
    expect(e.message).toMatch(message);
  });

  test('one custom id with other productNames is a second GPU type, refused', () => {
    // GIVEN
    const first = GpuType.custom({ id: 'generic-test-twice', displayName: 'NVIDIA Twice', memoryGb: 48, productNames: ['NVIDIA-Twice'] });
    // WHEN / THEN the same options give the same instance, other names an error
    expect(GpuType.custom({ id: 'generic-test-twice', displayName: 'NVIDIA Twice', memoryGb: 48, productNames: ['NVIDIA-Twice'] })).toBe(first);
    expect(() => GpuType.custom({ id: 'generic-test-twice', displayName: 'NVIDIA Twice', memoryGb: 48, productNames: ['NVIDIA-Twice-PCIe'] }))
      .toThrow(/^gpuType\.id must not name two GPU types; it is already NVIDIA Twice with 48 GB \(got "generic-test-twice"\)/);
    expect(() => GpuType.custom({ id: 'generic-test-twice', displayName: 'NVIDIA Twice', memoryGb: 48 })).toThrow(/^gpuType\.id must not name two GPU types/);
  });
});

describe('CloudProfile.selectsGpuType', () => {
  /** A profile without shapes that wires every pool the same way and records what it was given. */
  class ShapelessProfile extends CloudProfile {
    public readonly id: string = 'shapeless';
    public readonly displayName: string = 'ShapelessProfile';
    public readonly contexts: CloudContext[] = [];
    public bind(ctx: CloudContext): CloudBinding {
      this.contexts.push(ctx);
      return { pools: Object.fromEntries(ctx.pools.map((p) => [p.prop, { nodeSelector: { 'example.com/gpu': p.options.gpuType?.id ?? 'any' } }])) };
    }
  }

  test('a custom profile refuses gpuType by default, with the member that opts in', () => {
    const e = validationError(() => new AggregatedLlm(newChart(), 'qwen', { model: 'Qwen/Qwen3-8B', cloud: Cloud.custom(new ShapelessProfile()), workers: { gpuType: GpuType.L4 } }));
    expect([e.prop, e.message]).toStrictEqual(['workers.gpuType',
      'workers.gpuType needs a cloud profile that provisions nodes or selects them by GPU type (Cloud.eks(), Cloud.gke(), Cloud.aks(), Cloud.generic()) (got "NVIDIA L4"); '
      + 'on ShapelessProfile select GPU nodes with workers.nodeSelector instead, or set selectsGpuType in the profile and place the pool in its bind']);
  });

  test('a profile that opts in gets the pool\'s gpuType in bind, with no shapes, and places it itself', () => {
    // GIVEN
    class ByGpuType extends ShapelessProfile {
      public readonly selectsGpuType = true;
    }
    const profile = new ByGpuType();
    const chart = newChart();
    // WHEN
    new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-8B', cloud: Cloud.custom(profile), workers: { gpuType: GpuType.L4, maxModelLen: 16384 } });
    // THEN
    expect(profile.contexts[0].pools.map((p) => [p.options.gpuType, p.shapes])).toStrictEqual([[GpuType.L4, []]]);
    expect(component(dgdOf(synthValid(chart)), 'VllmDecodeWorker').podTemplate.spec.nodeSelector).toStrictEqual({ 'example.com/gpu': 'l4' });
  });
});
