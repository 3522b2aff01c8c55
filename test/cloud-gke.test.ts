import { Duration, Size } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, AggregatedLlmProps, Backend, CapacityType, Cloud, DisaggregatedLlm, DisaggregatedLlmProps, GkeOptions, GpuType,
  IngressApi, ModelCache, ModelStorage, NixlBackend, RdmaFabric, RouterMode, SecretRef,
} from '../lib';
import { WorkerRole } from '../lib/backends/backend-definition';
import { CloudContext } from '../lib/cloud/cloud-profile';
import { resolvePool } from '../lib/cloud/pool-shapes';
import { GKE_SHAPES } from '../lib/cloud/gke/gke-shapes';
import { WorkerPoolOptions } from '../lib/patterns/llm-props';
import { WhenUnsatisfiable } from '../lib/cloud/gke/gke-profile';
import { gkeDeepseekR1RoceApp } from '../examples/gke-deepseek-r1-roce';
import { component, main, Manifest, newChart, only, synthAppValid, synthValid } from './support/synth';

const ROCE_ENV = {
  UCX_TLS: 'rc_x,rc,dc_x,dc,cuda_copy,cuda_ipc',
  UCX_IB_GPU_DIRECT_RDMA: 'yes',
  UCX_RC_TIMEOUT: '600s',
  UCX_KEEPALIVE_INTERVAL: '300s',
  UCX_IB_ROCE_REACHABILITY_MODE: 'all',
  UCX_IB_GID_INDEX: '3',
  NCCL_SOCKET_IFNAME: 'eth0',
  NCCL_CROSS_NIC: '0',
  NCCL_PLUGIN_PATH: '/usr/local/gib/lib64',
  NIXL_TELEMETRY_ENABLE: 'y',
  NIXL_TELEMETRY_EXPORTER: 'prometheus',
  NIXL_TELEMETRY_PROMETHEUS_PORT: '19090',
};

const PRELUDE = 'export LD_LIBRARY_PATH=/usr/local/nvidia/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}\n'
  + 'export PATH=$PATH:/usr/local/nvidia/bin\n/sbin/ldconfig\nexec "$@"';

function disagg(props: Partial<DisaggregatedLlmProps> & { cloud?: Cloud } = {}) {
  const chart = newChart();
  const llm = new DisaggregatedLlm(chart, 'r1', {
    model: 'deepseek-ai/DeepSeek-R1',
    backend: Backend.sglang(),
    cloud: Cloud.gke(),
    prefill: { machineType: 'a3-ultragpu-8g', gpus: 8 },
    decode: { machineType: 'a3-ultragpu-8g', gpus: 8 },
    ...props,
  });
  return { chart, llm };
}

function agg(props: Partial<AggregatedLlmProps> & { cloud?: Cloud } = {}) {
  const chart = newChart();
  const llm = new AggregatedLlm(chart, 'qwen', {
    model: 'Qwen/Qwen3-8B',
    backend: Backend.vllm(),
    cloud: Cloud.gke(),
    workers: { machineType: 'g2-standard-24', gpus: 2 },
    ...props,
  });
  return { chart, llm };
}

/** The profile's wiring summaries, bound directly (the patterns do not expose them). */
function summaries(cloud: Cloud, pools: { prop: string; role: WorkerRole; options: WorkerPoolOptions; gpusPerNode: number }[], allowTcpKvTransfer = false): Record<string, string | undefined> {
  const chart = newChart();
  const ctx: CloudContext = {
    scope: chart, dgdName: 'r1', namespace: 'llm', dynamoNamespace: 'llm-r1',
    allowTcpKvTransfer,
    pools: pools.map((p) => {
      const pool = { ...p, componentName: p.prop, nodes: 1, maxReplicas: p.options.replicas ?? 1, kvTransfer: p.role !== 'aggregated', capacityTypes: p.options.capacityTypes ?? [CapacityType.ON_DEMAND] };
      // The shapes the pattern resolves before bind.
      return { ...pool, shapes: resolvePool(cloud.profile, allowTcpKvTransfer, pool).shapes };
    }),
  };
  const binding = cloud.profile.bind(ctx);
  return Object.fromEntries(Object.entries(binding.pools).map(([k, w]) => [k, w.summary]));
}

function computeClasses(objs: Manifest[]): Record<string, Manifest> {
  return Object.fromEntries(objs.filter((o) => o.kind === 'ComputeClass').map((o) => [o.metadata.name, o]));
}

function envMap(container: Manifest): Record<string, unknown> {
  return Object.fromEntries((container.env as Manifest[]).map((e) => [e.name, e.value ?? e.valueFrom]));
}

describe('GKE shape catalog', () => {
  test('the RoCE shapes carry 8 RDMA NICs; TCPX / TCPXO shapes none and are not NIXL-usable', () => {
    // GIVEN the catalog
    const byName = Object.fromEntries(GKE_SHAPES.map((s) => [s.name, s]));
    // THEN
    expect([byName['a3-ultragpu-8g'].fabric, byName['a3-ultragpu-8g'].rdmaDevices, byName['a3-ultragpu-8g'].gpuMemoryMiB]).toStrictEqual([RdmaFabric.ROCE, 8, 141 * 1024]);
    expect([byName['a4-highgpu-8g'].fabric, byName['a4-highgpu-8g'].rdmaDevices]).toStrictEqual([RdmaFabric.ROCE, 8]);
    expect([byName['a3-highgpu-8g'].fabric.nixlUsable, byName['a3-megagpu-8g'].fabric.nixlUsable]).toStrictEqual([false, false]);
    expect(GKE_SHAPES.filter((s) => s.gpuType === GpuType.L4).map((s) => [s.name, s.gpuCount])).toStrictEqual([
      ['g2-standard-4', 1], ['g2-standard-8', 1], ['g2-standard-12', 1], ['g2-standard-16', 1], ['g2-standard-32', 1],
      ['g2-standard-24', 2], ['g2-standard-48', 4], ['g2-standard-96', 8],
    ]);
  });
});

describe('Cloud.gke() ComputeClass', () => {
  test('one ComputeClass per pool, cluster-scoped, named <namespace>-<dgd>-<prop>, on-demand by default', () => {
    // GIVEN / WHEN
    const { chart } = agg({ labels: { team: 'ml' } });
    // THEN
    const cc = only(synthValid(chart), 'ComputeClass');
    expect(cc).toStrictEqual({
      apiVersion: 'cloud.google.com/v1',
      kind: 'ComputeClass',
      metadata: { name: 'llm-qwen-workers', labels: { team: 'ml' } },
      spec: {
        priorities: [{ machineType: 'g2-standard-24', gpu: { type: 'nvidia-l4', count: 2 }, spot: false }],
        whenUnsatisfiable: 'DoNotScaleUp',
        nodePoolAutoCreation: { enabled: true },
      },
    });
  });

  test('capacity types become the fallback order: spot, on-demand, reserved (specific reservations)', () => {
    // GIVEN
    const { chart } = agg({
      cloud: Cloud.gke({ reservations: ['l4-res'], reservationProject: 'shared-proj', whenUnsatisfiable: WhenUnsatisfiable.SCALE_UP_ANYWAY }),
      workers: { machineType: 'g2-standard-24', gpus: 2, capacityTypes: [CapacityType.SPOT, CapacityType.ON_DEMAND, CapacityType.RESERVED] },
    });
    // WHEN
    const cc = only(synthValid(chart), 'ComputeClass');
    // THEN
    const gpu = { type: 'nvidia-l4', count: 2 };
    expect(cc.spec.priorities).toStrictEqual([
      { machineType: 'g2-standard-24', gpu, spot: true },
      { machineType: 'g2-standard-24', gpu, spot: false },
      { machineType: 'g2-standard-24', gpu, spot: false, reservations: { affinity: 'Specific', specific: [{ name: 'l4-res', project: 'shared-proj' }] } },
    ]);
    expect(cc.spec.whenUnsatisfiable).toBe('ScaleUpAnyway');
  });

  test('a GPU type lists the smallest machines that fit, in catalog order, each with its own accelerator label', () => {
    // GIVEN H100 pools, which run on A3 Mega (nvidia-h100-mega-80gb) or A3 High (nvidia-h100-80gb)
    const { chart } = agg({ workers: { gpuType: GpuType.H100_80GB, gpus: 8 } });
    // WHEN
    const cc = only(synthValid(chart), 'ComputeClass');
    // THEN
    expect(cc.spec.priorities).toStrictEqual([
      { machineType: 'a3-megagpu-8g', gpu: { type: 'nvidia-h100-mega-80gb', count: 8 }, spot: false },
      { machineType: 'a3-highgpu-8g', gpu: { type: 'nvidia-h100-80gb', count: 8 }, spot: false },
    ]);
  });

  test('a one-GPU L4 pool falls back across the one-GPU G2 machines only', () => {
    // GIVEN / WHEN
    const { chart } = agg({ workers: { gpuType: GpuType.L4, gpus: 1 } });
    // THEN
    expect(only(synthValid(chart), 'ComputeClass').spec.priorities.map((p: Manifest) => p.machineType))
      .toStrictEqual(['g2-standard-4', 'g2-standard-8', 'g2-standard-12', 'g2-standard-16', 'g2-standard-32']);
  });

  test('RDMA pools get acceleratorNetworkProfile auto and the compact placement policy; turning the profile off drops it', () => {
    // GIVEN
    const { chart } = disagg({ cloud: Cloud.gke({ placementPolicy: 'a3u-compact' }) });
    const off = disagg({ cloud: Cloud.gke({ acceleratorNetworkProfile: false }) });
    // WHEN
    const ccs = computeClasses(synthValid(chart));
    // THEN
    expect(ccs['llm-r1-prefill'].spec.priorities).toStrictEqual([{
      machineType: 'a3-ultragpu-8g', gpu: { type: 'nvidia-h200-141gb', count: 8 }, spot: false,
      acceleratorNetworkProfile: 'auto', placement: { policyName: 'a3u-compact' },
    }]);
    expect(computeClasses(synthValid(off.chart))['llm-r1-decode'].spec.priorities)
      .toStrictEqual([{ machineType: 'a3-ultragpu-8g', gpu: { type: 'nvidia-h200-141gb', count: 8 }, spot: false }]);
  });
});

describe('Cloud.gke() pod wiring', () => {
  test('an aggregated L4 pool: compute-class selector, GPU and class tolerations, the driver prelude, no RDMA', () => {
    // GIVEN / WHEN
    const { chart, llm } = agg();
    // THEN
    const dgd = only(synthValid(chart), 'DynamoGraphDeployment');
    const spec = component(dgd, 'VllmDecodeWorker').podTemplate.spec;
    expect(spec.nodeSelector).toStrictEqual({ 'cloud.google.com/compute-class': 'llm-qwen-workers' });
    expect(spec.tolerations).toStrictEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'cloud.google.com/compute-class', operator: 'Equal', value: 'llm-qwen-workers', effect: 'NoSchedule' },
    ]);
    expect(spec.affinity).toBeUndefined();
    const c = main(dgd, 'VllmDecodeWorker');
    expect(c.command).toStrictEqual(['/bin/sh', '-c', PRELUDE, '--', 'python3', '-m', 'dynamo.vllm']);
    expect(c.resources.limits).toStrictEqual({ 'nvidia.com/gpu': '2' });
    expect(c.securityContext).toBeUndefined();
    expect(llm.workers.name).toBe('VllmDecodeWorker');
    expect(summaries(Cloud.gke(), [{ prop: 'workers', role: 'aggregated', options: { machineType: 'g2-standard-24' }, gpusPerNode: 2 }]))
      .toStrictEqual({ workers: 'g2-standard-24 (2 × NVIDIA L4), ComputeClass llm-r1-workers, no RDMA' });
  });

  test('the prelude can be turned off; spot pools tolerate the GKE spot taint', () => {
    // GIVEN / WHEN
    const { chart } = agg({ cloud: Cloud.gke({ driverPrelude: false }), workers: { machineType: 'g2-standard-24', gpus: 2, capacityTypes: [CapacityType.SPOT] } });
    // THEN
    const dgd = only(synthValid(chart), 'DynamoGraphDeployment');
    expect(main(dgd, 'VllmDecodeWorker').command).toStrictEqual(['python3', '-m', 'dynamo.vllm']);
    expect(component(dgd, 'VllmDecodeWorker').podTemplate.spec.tolerations).toContainEqual(
      { key: 'cloud.google.com/gke-spot', operator: 'Equal', value: 'true', effect: 'NoSchedule' });
  });

  test('arm64 shapes (added with extraShapes) tolerate the arm64 taint', () => {
    // GIVEN an A4X-like arm64 RoCE shape
    const cloud = Cloud.gke({
      extraShapes: [{ name: 'a4x-like-4g', gpuType: GpuType.B200, gpuCount: 4, gpuMemoryMiB: 184320, fabric: RdmaFabric.ROCE, rdmaDevices: 4, arch: 'arm64' }],
    });
    // WHEN
    const { chart } = agg({ cloud, workers: { machineType: 'a4x-like-4g', gpus: 4 } });
    // THEN
    const dgd = only(synthValid(chart), 'DynamoGraphDeployment');
    expect(component(dgd, 'VllmDecodeWorker').podTemplate.spec.tolerations).toContainEqual(
      { key: 'kubernetes.io/arch', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' });
    expect(only(synthValid(chart), 'ComputeClass').spec.priorities[0].gpu).toStrictEqual({ type: 'nvidia-b200', count: 4 });
  });

  test('disaggregated on a3-ultragpu-8g: the full RoCE wiring and NIXL UCX', () => {
    // GIVEN / WHEN
    const { chart, llm } = disagg();
    // THEN
    const objs = synthValid(chart);
    const dgd = only(objs, 'DynamoGraphDeployment');
    const pod = component(dgd, 'prefill').podTemplate;
    expect(pod.metadata.annotations).toStrictEqual({
      'networking.gke.io/default-interface': 'eth0',
      'networking.gke.io/interfaces': '[{"interfaceName":"eth0","network":"default"},{"interfaceName":"eth1","network":"rdma-0"},'
        + '{"interfaceName":"eth2","network":"rdma-1"},{"interfaceName":"eth3","network":"rdma-2"},{"interfaceName":"eth4","network":"rdma-3"},'
        + '{"interfaceName":"eth5","network":"rdma-4"},{"interfaceName":"eth6","network":"rdma-5"},{"interfaceName":"eth7","network":"rdma-6"},'
        + '{"interfaceName":"eth8","network":"rdma-7"}]',
    });
    const c = main(dgd, 'prefill');
    const nics: Record<string, string> = {};
    for (let i = 0; i < 8; i++) {
      nics[`networking.gke.io.networks/rdma-${i}`] = '1';
      nics[`networking.gke.io.networks/rdma-${i}.IP`] = '1';
    }
    expect(c.resources.limits).toStrictEqual({ ...nics, 'nvidia.com/gpu': '8' });
    expect(envMap(c)).toStrictEqual(ROCE_ENV);
    // gIB's libraries go first on the library path, ahead of the driver's.
    expect(c.command[2]).toBe(PRELUDE.replace('exec "$@"', 'export LD_LIBRARY_PATH=/usr/local/gib/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}\nexec "$@"'));
    expect(c.securityContext).toStrictEqual({ capabilities: { add: ['IPC_LOCK'] } });
    expect(c.volumeMounts).toStrictEqual([{ name: 'gib', mountPath: '/usr/local/gib' }, { name: 'nvidia-install-dir-host', mountPath: '/usr/local/nvidia' }]);
    expect(pod.spec.volumes).toStrictEqual([
      { name: 'gib', hostPath: { path: '/home/kubernetes/bin/gib' } },
      { name: 'nvidia-install-dir-host', hostPath: { path: '/home/kubernetes/bin/nvidia' } },
    ]);
    expect(pod.spec.affinity).toStrictEqual({
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{
          topologyKey: 'cloud.google.com/gce-topology-block',
          labelSelector: {
            matchLabels: { 'nvidia.com/dynamo-graph-deployment-name': 'r1' },
            matchExpressions: [{ key: 'nvidia.com/dynamo-component', operator: 'In', values: ['prefill', 'decode'] }],
          },
        }],
      },
    });
    expect(llm.nixlBackend).toBe(NixlBackend.UCX);
    expect(summaries(Cloud.gke(), [{ prop: 'decode', role: 'decode', options: { machineType: 'a3-ultragpu-8g' }, gpusPerNode: 8 }]))
      .toStrictEqual({ decode: 'a3-ultragpu-8g (8 × NVIDIA H200 141GB), ComputeClass llm-r1-decode, RoCE v2 × 8, NIXL UCX' });
    // No networks are created by default: the pods reference the cluster's rdma-N networks.
    expect(objs.filter((o) => o.kind === 'Network' || o.kind === 'GKENetworkParamSet')).toStrictEqual([]);
  });

  test('a pod taking half the GPUs takes half the RDMA NICs; rdmaDevices overrides it', () => {
    // GIVEN / WHEN
    // (a model whose weights fit four GPUs: DeepSeek-R1's do not)
    const { chart } = disagg({ model: 'Qwen/Qwen3-32B', prefill: { machineType: 'a4-highgpu-8g', gpus: 4 }, decode: { machineType: 'a4-highgpu-8g', gpus: 4, rdmaDevices: 2 } });
    // THEN
    const dgd = only(synthValid(chart), 'DynamoGraphDeployment');
    const nicsOf = (name: string) => Object.keys(main(dgd, name).resources.limits).filter((k) => k.startsWith('networking.gke.io.networks/'));
    expect(nicsOf('prefill')).toStrictEqual([0, 1, 2, 3].flatMap((i) => [`networking.gke.io.networks/rdma-${i}`, `networking.gke.io.networks/rdma-${i}.IP`]));
    expect(nicsOf('decode')).toStrictEqual([0, 1].flatMap((i) => [`networking.gke.io.networks/rdma-${i}`, `networking.gke.io.networks/rdma-${i}.IP`]));
    expect(JSON.parse(component(dgd, 'decode').podTemplate.metadata.annotations['networking.gke.io/interfaces'])).toStrictEqual([
      { interfaceName: 'eth0', network: 'default' }, { interfaceName: 'eth1', network: 'rdma-0' }, { interfaceName: 'eth2', network: 'rdma-1' },
    ]);
  });

  test('rdmaNetwork creates one GKENetworkParamSet + Network per subnet, named rdma-N', () => {
    // GIVEN
    const subnets = Array.from({ length: 8 }, (_, i) => `a3u-rdma-sub-${i}`);
    // WHEN
    const { chart } = disagg({ cloud: Cloud.gke({ rdmaNetwork: { vpc: 'a3u-rdma-net', subnets } }) });
    // THEN
    const objs = synthValid(chart);
    const params = objs.filter((o) => o.kind === 'GKENetworkParamSet');
    const networks = objs.filter((o) => o.kind === 'Network');
    expect(params.map((o) => o.metadata.name)).toStrictEqual(subnets.map((_, i) => `rdma-${i}`));
    expect(params[3]).toStrictEqual({
      apiVersion: 'networking.gke.io/v1', kind: 'GKENetworkParamSet', metadata: { name: 'rdma-3' },
      spec: { vpc: 'a3u-rdma-net', vpcSubnet: 'a3u-rdma-sub-3', deviceMode: 'RDMA' },
    });
    expect(networks[3]).toStrictEqual({
      apiVersion: 'networking.gke.io/v1', kind: 'Network', metadata: { name: 'rdma-3' },
      spec: { type: 'Device', provider: 'GKE', parametersRef: { group: 'networking.gke.io', kind: 'GKENetworkParamSet', name: 'rdma-3' } },
    });
  });

  test('TCPX / TCPXO shapes serve KV transfer over TCP only with allowTcpKvTransfer, without RoCE wiring', () => {
    // GIVEN / WHEN
    const { chart, llm } = disagg({
      // (a model whose weights fit eight H100s: DeepSeek-R1's do not)
      model: 'Qwen/Qwen3-32B',
      allowTcpKvTransfer: true,
      prefill: { machineType: 'a3-highgpu-8g', gpus: 8 },
      decode: { machineType: 'a3-megagpu-8g', gpus: 8 },
    });
    // THEN
    const dgd = only(synthValid(chart), 'DynamoGraphDeployment');
    expect(component(dgd, 'prefill').podTemplate.metadata?.annotations).toBeUndefined();
    expect(main(dgd, 'decode').resources.limits).toStrictEqual({ 'nvidia.com/gpu': '8' });
    expect(llm.nixlBackend).toBe(NixlBackend.UCX);
    expect(summaries(Cloud.gke(), [{ prop: 'decode', role: 'decode', options: { machineType: 'a3-megagpu-8g' }, gpusPerNode: 8 }], true))
      .toStrictEqual({ decode: 'a3-megagpu-8g (8 × NVIDIA H100 80GB), ComputeClass llm-r1-decode, no RDMA' });
  });
});

describe('Cloud.gke() ingress', () => {
  test('a Gateway (global external) + HTTPRoute, a GCPBackendPolicy raising the timeout and a HealthCheckPolicy on /health', () => {
    // GIVEN / WHEN
    const { chart } = agg({ ingress: { host: 'llm.example.com', tlsSecret: SecretRef.fromSecretName('llm-tls'), timeout: Duration.seconds(600) } });
    // THEN
    const objs = synthValid(chart);
    expect(only(objs, 'Gateway').spec.gatewayClassName).toBe('gke-l7-global-external-managed');
    expect(only(objs, 'HTTPRoute').spec.rules[0].backendRefs).toStrictEqual([{ name: 'qwen-frontend', port: 8000 }]);
    const targetRef = { group: '', kind: 'Service', name: 'qwen-frontend' };
    expect(only(objs, 'GCPBackendPolicy')).toStrictEqual({
      apiVersion: 'networking.gke.io/v1', kind: 'GCPBackendPolicy', metadata: { name: 'qwen-frontend', namespace: 'llm' },
      spec: { default: { timeoutSec: 600 }, targetRef },
    });
    expect(only(objs, 'HealthCheckPolicy')).toStrictEqual({
      apiVersion: 'networking.gke.io/v1', kind: 'HealthCheckPolicy', metadata: { name: 'qwen-frontend', namespace: 'llm' },
      spec: { default: { config: { type: 'HTTP', httpHealthCheck: { requestPath: '/health' } } }, targetRef },
    });
  });

  test('internal uses gke-l7-rilb; className overrides it; the default timeout is 300 s', () => {
    // GIVEN / WHEN
    const internal = agg({ ingress: { internal: true } });
    const custom = agg({ ingress: { className: 'gke-l7-regional-external-managed' } });
    // THEN
    const objs = synthValid(internal.chart);
    expect(only(objs, 'Gateway').spec.gatewayClassName).toBe('gke-l7-rilb');
    expect(only(objs, 'GCPBackendPolicy').spec.default.timeoutSec).toBe(300);
    expect(only(synthValid(custom.chart), 'Gateway').spec.gatewayClassName).toBe('gke-l7-regional-external-managed');
  });
});

describe('Cloud.gke() rejections', () => {
  test('KV transfer on TCPX / TCPXO shapes without allowTcpKvTransfer', () => {
    expect(() => disagg({ prefill: { machineType: 'a3-highgpu-8g', gpus: 8 } })).toThrow(/^prefill\.machineType must give the prefill pool an RDMA fabric NIXL can use.*GPUDirect-TCPX.*allowTcpKvTransfer: true$/);
    expect(() => disagg({ decode: { machineType: 'a3-megagpu-8g', gpus: 8 } })).toThrow(/^decode\.machineType must give the decode pool an RDMA fabric.*GPUDirect-TCPXO/);
  });

  test('a pool larger than its machine, an unknown machine type, no machine at all', () => {
    expect(() => agg({ workers: { machineType: 'g2-standard-24', gpus: 4 } })).toThrow(/^workers\.gpus must fit the machine: g2-standard-24 .* has 2 GPUs per node \(got 4\)/);
    expect(() => agg({ workers: { gpuType: GpuType.L4, gpus: 16 } })).toThrow(/^workers\.gpus must fit on one NVIDIA L4 machine of Cloud\.gke\(\), which has at most 8 GPUs/);
    expect(() => agg({ workers: { machineType: 'p5.48xlarge', gpus: 8 } })).toThrow(/^workers\.machineType must be a GPU machine shape of Cloud\.gke\(\) \(got "p5\.48xlarge"\)/);
    expect(() => agg({ workers: { gpus: 1 } })).toThrow(/^workers\.machineType or workers\.gpuType is required with Cloud\.gke\(\)/);
    expect(() => agg({ workers: { gpuType: GpuType.A10G, gpus: 1 } })).toThrow(/^workers\.gpuType must be a GPU type Cloud\.gke\(\) offers/);
  });

  test('CapacityType.RESERVED without reservations; empty or repeated capacity types', () => {
    expect(() => agg({ workers: { machineType: 'g2-standard-4', capacityTypes: [CapacityType.RESERVED] } }))
      .toThrow(/^workers\.capacityTypes lists CapacityType\.RESERVED, which needs the reservations to consume \(got \["reserved"\]\); name them with Cloud\.gke/);
    expect(() => agg({ workers: { machineType: 'g2-standard-4', capacityTypes: [] } })).toThrow(/^workers\.capacityTypes must list at least one capacity type/);
    expect(() => agg({ workers: { machineType: 'g2-standard-4', capacityTypes: [CapacityType.SPOT, CapacityType.SPOT] } }))
      .toThrow(/^workers\.capacityTypes must not repeat a capacity type/);
  });

  test('IngressApi.INGRESS, certificateArn, a Gateway host without a certificate', () => {
    expect(() => agg({ ingress: { api: IngressApi.INGRESS } })).toThrow(/^ingress\.api must be IngressApi\.GATEWAY on Cloud\.gke\(\) \(got "ingress"\); a GKE Ingress takes its backend timeout and health check from a BackendConfig/);
    expect(() => agg({ ingress: { certificateArn: 'arn:aws:acm:us-east-1:1:certificate/x' } })).toThrow(/^ingress\.certificateArn is not applied by Cloud\.gke\(\) \(it is for the AWS Load Balancer Controller of Cloud\.eks\(\)\)/);
    expect(() => agg({ ingress: { host: 'llm.example.com' } })).toThrow(/^ingress\.tlsSecret is required with ingress\.host on a Gateway/);
  });

  test.each<[string, GkeOptions, RegExp]>([
    ['reservation name', { reservations: ['projects/p/reservations/r'] }, /^cloud\.reservations must list reservation names \(got "projects\/p\/reservations\/r"\)/],
    ['empty reservations', { reservations: [] }, /^cloud\.reservations must name at least one reservation/],
    ['reservation project', { reservations: ['r1'], reservationProject: 'Bad_Project' }, /^cloud\.reservationProject must be a project id/],
    ['project without reservations', { reservationProject: 'my-project' }, /^cloud\.reservationProject needs cloud\.reservations/],
    ['placement policy', { placementPolicy: 'Compact Policy' }, /^cloud\.placementPolicy must be a resource policy name/],
    ['rdma vpc', { rdmaNetwork: { vpc: 'RDMA', subnets: ['s0'] } }, /^cloud\.rdmaNetwork\.vpc must be a VPC name/],
    ['no rdma subnets', { rdmaNetwork: { vpc: 'rdma-net', subnets: [] } }, /^cloud\.rdmaNetwork\.subnets must list one subnet per RDMA NIC/],
    ['repeated rdma subnet', { rdmaNetwork: { vpc: 'rdma-net', subnets: ['s0', 's0'] } }, /^cloud\.rdmaNetwork\.subnets must not repeat a subnet/],
    ['extra shape GPU', { extraShapes: [{ name: 'x-1g', gpuType: GpuType.A10G, gpuCount: 1, gpuMemoryMiB: 24576, fabric: RdmaFabric.NONE, rdmaDevices: 0 }] },
      /^cloud\.extraShapes\[0\]\.gpuType must be a GPU type GKE labels \(got "NVIDIA A10G"\)/],
    ['extra shape repeats the catalog', { extraShapes: [{ name: 'g2-standard-4', gpuType: GpuType.L4, gpuCount: 1, gpuMemoryMiB: 24576, fabric: RdmaFabric.NONE, rdmaDevices: 0 }] },
      /^cloud\.extraShapes\[0\]\.name must not repeat a shape of the catalog/],
  ])('bad option: %s', (_name, options, error) => {
    expect(() => Cloud.gke(options)).toThrow(error);
  });

  test('fewer RDMA subnets than the NICs a pod takes; an extra RDMA shape that is not RoCE', () => {
    expect(() => disagg({ cloud: Cloud.gke({ rdmaNetwork: { vpc: 'rdma-net', subnets: ['s0', 's1'] } }) }))
      .toThrow(/^prefill\.rdmaDevices must not exceed the 2 RDMA subnets of cloud\.rdmaNetwork \(got 8\)/);
    const cloud = Cloud.gke({ extraShapes: [{ name: 'ib-8g', gpuType: GpuType.H100_80GB, gpuCount: 8, gpuMemoryMiB: 81920, fabric: RdmaFabric.INFINIBAND, rdmaDevices: 8 }] });
    expect(() => disagg({ cloud, prefill: { machineType: 'ib-8g', gpus: 8 } })).toThrow(/^prefill\.machineType must have the RoCE fabric GKE wires for RDMA/);
  });

  test('model cache storage of another cloud', () => {
    expect(() => agg({ modelCache: ModelCache.newVolume({ storage: ModelStorage.azureFiles(), size: Size.gibibytes(200) }) }))
      .toThrow(/^modelCache\.storage must be storage of the deployment's cloud/);
  });
});

describe('example gke-deepseek-r1-roce', () => {
  test('synthesizes valid objects with the A3 Ultra RoCE wiring, Filestore cache and a Gateway', () => {
    // GIVEN / WHEN
    const objs = synthAppValid(gkeDeepseekR1RoceApp());
    // THEN
    expect(objs.map((o) => o.kind)).toStrictEqual([
      // What the graph needs comes first: the compute classes, the cache class, claim and download Job.
      'ComputeClass', 'ComputeClass', 'StorageClass', 'PersistentVolumeClaim', 'Job', 'DynamoGraphDeployment',
      'Gateway', 'HTTPRoute', 'GCPBackendPolicy', 'HealthCheckPolicy',
    ]);
    expect(only(objs, 'StorageClass').provisioner).toBe('filestore.csi.storage.gke.io');
    const dgd = only(objs, 'DynamoGraphDeployment');
    for (const name of ['prefill', 'decode']) {
      const c = main(dgd, name);
      expect(c.args.slice(c.args.indexOf('--tp'), c.args.indexOf('--tp') + 2)).toStrictEqual(['--tp', '8']);
      expect(Object.keys(c.resources.limits).filter((k) => k.endsWith('.IP'))).toHaveLength(8);
      expect(envMap(c)).toMatchObject(ROCE_ENV);
      expect(component(dgd, name).podTemplate.spec.nodeSelector).toStrictEqual({ 'cloud.google.com/compute-class': `llm-deepseek-r1-${name}` });
    }
    expect(only(objs, 'Gateway').spec.listeners[0]).toMatchObject({ protocol: 'HTTPS', hostname: 'deepseek.example.com' });
    expect(main(dgd, 'Frontend').args).toStrictEqual(['--http-port', '8000', '--router-mode', RouterMode.KV.mode]);
  });
});
