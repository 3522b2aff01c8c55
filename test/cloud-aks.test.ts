import { Duration, Testing } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, AggregatedLlmProps, AksGpuDriver, AksImageFamily, AksOptions, AksRdmaResource, CapacityType, Cloud, DisaggregatedLlm,
  DisaggregatedLlmProps, GpuType, IngressApi, NixlBackend, RdmaFabric, SecretRef, WorkerPoolOptions,
} from '../lib';
import { aksQwen3Ib, aksQwen3IbApp } from '../examples/aks-qwen3-32b-fp8-ib';
import { AKS_SHAPES } from '../lib/cloud/aks/aks-shapes';
import { CloudContext } from '../lib/cloud/cloud-profile';
import { resolvePool } from '../lib/cloud/pool-shapes';
import { component, envOf, main, Manifest, newChart, only, synthAppValid, synthValid } from './support/synth';

const ND = 'Standard_ND96isr_H100_v5';
const NC = 'Standard_NC24ads_A100_v4';

function aggregated(cloud: AksOptions, workers: WorkerPoolOptions, extra: Partial<AggregatedLlmProps> = {}): Manifest[] {
  const chart = newChart();
  new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-8B', cloud: Cloud.aks(cloud), workers, ...extra });
  return synthValid(chart);
}

function disaggregated(cloud: AksOptions, prefill: WorkerPoolOptions, decode: WorkerPoolOptions, extra: Partial<DisaggregatedLlmProps> = {}): Manifest[] {
  const chart = newChart();
  new DisaggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-32B-FP8', cloud: Cloud.aks(cloud), prefill, decode, ...extra });
  return synthValid(chart);
}

const ibPools = { prefill: 'ndh100', decode: 'ndh100' };

function podSpec(objs: Manifest[], name: string): Manifest {
  return component(only(objs, 'DynamoGraphDeployment'), name).podTemplate.spec;
}

describe('catalog', () => {
  test('ND sizes are InfiniBand with one HCA per GPU; NC sizes have no RDMA', () => {
    // GIVEN the catalog WHEN reading it THEN
    expect(AKS_SHAPES.map((s) => [s.name, s.gpuType, s.gpuCount, s.fabric, s.rdmaDevices])).toStrictEqual([
      ['Standard_ND96isr_H100_v5', GpuType.H100_80GB, 8, RdmaFabric.INFINIBAND, 8],
      ['Standard_ND96isr_H200_v5', GpuType.H200_141GB, 8, RdmaFabric.INFINIBAND, 8],
      ['Standard_ND96amsr_A100_v4', GpuType.A100_80GB, 8, RdmaFabric.INFINIBAND, 8],
      ['Standard_ND96asr_v4', GpuType.A100_40GB, 8, RdmaFabric.INFINIBAND, 8],
      ['Standard_NC24ads_A100_v4', GpuType.A100_80GB, 1, RdmaFabric.NONE, 0],
      ['Standard_NC48ads_A100_v4', GpuType.A100_80GB, 2, RdmaFabric.NONE, 0],
      ['Standard_NC96ads_A100_v4', GpuType.A100_80GB, 4, RdmaFabric.NONE, 0],
      ['Standard_NC40ads_H100_v5', GpuType.H100_NVL_94GB, 1, RdmaFabric.NONE, 0],
      ['Standard_NC80adis_H100_v5', GpuType.H100_NVL_94GB, 2, RdmaFabric.NONE, 0],
    ]);
    expect(Cloud.aks().toString()).toBe('Cloud.aks()');
    expect(Cloud.aks().id).toBe('aks');
  });

  test('extraShapes adds a size pools can name', () => {
    // GIVEN a hypothetical size the catalog lacks WHEN a pool names it
    const extra = { name: 'Standard_Example_L40S', gpuType: GpuType.L40S, gpuCount: 1, gpuMemoryMiB: 48 * 1024, fabric: RdmaFabric.NONE, rdmaDevices: 0 };
    const objs = aggregated({ extraShapes: [extra] }, { machineType: 'Standard_Example_L40S' });
    // THEN its NodePool asks for it
    expect(only(objs, 'NodePool').spec.template.spec.requirements[0].values).toStrictEqual(['Standard_Example_L40S']);
  });
});

describe('node auto-provisioning', () => {
  test('an aggregated NC A100 pool gets its own NodePool and AKSNodeClass', () => {
    // GIVEN an aggregated pool on Standard_NC24ads_A100_v4 through NAP
    const chart = newChart();
    new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-8B', cloud: Cloud.aks(), workers: { machineType: NC, replicas: 2 }, labels: { team: 'ml' } });
    // WHEN synthesized
    const objs = synthValid(chart);
    // THEN the NodePool and AKSNodeClass are cluster-scoped, named per deployment and pool
    expect(only(objs, 'AKSNodeClass')).toStrictEqual({
      apiVersion: 'karpenter.azure.com/v1beta1',
      kind: 'AKSNodeClass',
      metadata: { name: 'llm-qwen-workers', labels: { team: 'ml' } },
      spec: { imageFamily: 'Ubuntu', osDiskSizeGB: 256, gpu: { mode: 'Driver' } },
    });
    expect(only(objs, 'NodePool')).toStrictEqual({
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'llm-qwen-workers', labels: { team: 'ml' } },
      spec: {
        template: {
          spec: {
            nodeClassRef: { group: 'karpenter.azure.com', kind: 'AKSNodeClass', name: 'llm-qwen-workers' },
            requirements: [
              { key: 'node.kubernetes.io/instance-type', operator: 'In', values: [NC] },
              { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
            ],
            taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
            expireAfter: 'Never',
          },
        },
        disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '10m', budgets: [{ nodes: '1' }] },
        // 2 replicas × 1 node × 1 GPU, twice for a rolling update.
        limits: { 'nvidia.com/gpu': 4 },
      },
    });
    // AND the workers are pinned to the NodePool and tolerate both GPU taints, without RDMA wiring
    const spec = podSpec(objs, 'VllmDecodeWorker');
    expect(spec.nodeSelector).toStrictEqual({ 'karpenter.sh/nodepool': 'llm-qwen-workers' });
    expect(spec.tolerations).toStrictEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
    ]);
    expect(spec.volumes).toBeUndefined();
    expect(spec.containers[0].env).toBeUndefined();
    expect(spec.containers[0].resources.limits).toStrictEqual({ 'nvidia.com/gpu': '1' });
    // AND the frontend gets no cloud wiring
    expect(podSpec(objs, 'Frontend').nodeSelector).toBeUndefined();
    expect(podSpec(objs, 'Frontend').tolerations).toBeUndefined();
  });

  test('a GPU type lets NAP pick among the sizes that fit', () => {
    // GIVEN an aggregated pool asking for 2 × A100 80GB
    const objs = aggregated({}, { gpuType: GpuType.A100_80GB, gpus: 2, tensorParallelSize: 2 });
    // THEN the NodePool lists every A100 80GB size with at least 2 GPUs, and the limit fits the largest
    const np = only(objs, 'NodePool');
    expect(np.spec.template.spec.requirements[0].values).toStrictEqual(['Standard_ND96amsr_A100_v4', 'Standard_NC48ads_A100_v4', 'Standard_NC96ads_A100_v4']);
    expect(np.spec.limits).toStrictEqual({ 'nvidia.com/gpu': 16 });
  });

  test('spot capacity is requested and AKS\'s spot taint tolerated', () => {
    // GIVEN a pool that accepts spot, then on-demand
    const objs = aggregated({}, { machineType: NC, capacityTypes: [CapacityType.SPOT, CapacityType.ON_DEMAND] });
    // THEN the NodePool allows both (once each) and the pods tolerate the spot taint
    expect(only(objs, 'NodePool').spec.template.spec.requirements[1]).toStrictEqual({ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] });
    expect(podSpec(objs, 'VllmDecodeWorker').tolerations).toContainEqual({ key: 'kubernetes.azure.com/scalesetpriority', operator: 'Equal', value: 'spot', effect: 'NoSchedule' });
  });

  test('node class options: image family, GPU driver, OS disk and GPU limit', () => {
    // GIVEN every NAP option
    const objs = aggregated({ imageFamily: AksImageFamily.AZURE_LINUX, gpuDriver: AksGpuDriver.NONE, osDiskSizeGB: 512, maxGpusPerPool: 3 }, { machineType: NC });
    // THEN they reach the AKSNodeClass and NodePool
    expect(only(objs, 'AKSNodeClass').spec).toStrictEqual({ imageFamily: 'AzureLinux', osDiskSizeGB: 512, gpu: { mode: 'None' } });
    expect(only(objs, 'NodePool').spec.limits).toStrictEqual({ 'nvidia.com/gpu': 3 });
    expect([AksImageFamily.UBUNTU_2204, AksImageFamily.UBUNTU_2404].map(String)).toStrictEqual(['Ubuntu2204', 'Ubuntu2404']);
  });

  test('an aggregated pool on an ND size needs no InfiniBand, so NAP may provision it', () => {
    // GIVEN an aggregated TP 8 pool on ND H100 v5 without a node pool
    const objs = aggregated({}, { machineType: ND, gpus: 8, tensorParallelSize: 8 });
    // THEN it gets a NodePool and no RDMA wiring
    expect(only(objs, 'NodePool').spec.template.spec.requirements[0].values).toStrictEqual([ND]);
    expect(podSpec(objs, 'VllmDecodeWorker').containers[0].env).toBeUndefined();
  });

  test('disaggregated on NC sizes over TCP: one NodePool per pool, no RDMA, NIXL default', () => {
    // GIVEN prefill and decode on NC sizes with allowTcpKvTransfer
    const chart = newChart();
    const llm = new DisaggregatedLlm(chart, 'qwen', {
      model: 'Qwen/Qwen3-8B', cloud: Cloud.aks(), allowTcpKvTransfer: true,
      prefill: { machineType: NC }, decode: { machineType: 'Standard_NC48ads_A100_v4', gpus: 2 },
    });
    const objs = synthValid(chart);
    // THEN
    expect(objs.filter((o) => o.kind === 'NodePool').map((o) => o.metadata.name)).toStrictEqual(['llm-qwen-prefill', 'llm-qwen-decode']);
    expect(objs.filter((o) => o.kind === 'AKSNodeClass').map((o) => o.metadata.name)).toStrictEqual(['llm-qwen-prefill', 'llm-qwen-decode']);
    expect(podSpec(objs, 'VllmPrefillWorker').nodeSelector).toStrictEqual({ 'karpenter.sh/nodepool': 'llm-qwen-prefill' });
    expect(podSpec(objs, 'VllmDecodeWorker').nodeSelector).toStrictEqual({ 'karpenter.sh/nodepool': 'llm-qwen-decode' });
    expect(podSpec(objs, 'VllmDecodeWorker').containers[0].env).toBeUndefined();
    expect(llm.nixlBackend).toBe(NixlBackend.UCX);
  });
});

describe('existing node pools and InfiniBand', () => {
  test('disaggregated on ND96isr_H100_v5 node pools: full InfiniBand wiring, no NAP objects', () => {
    // GIVEN prefill TP 2 and decode TP 4 on one existing ND node pool
    const chart = newChart();
    const llm = new DisaggregatedLlm(chart, 'qwen', {
      model: 'Qwen/Qwen3-32B-FP8', cloud: Cloud.aks({ nodePools: ibPools }),
      prefill: { machineType: ND, gpus: 2 }, decode: { machineType: ND, gpus: 4, capacityTypes: [CapacityType.SPOT] },
    });
    // WHEN synthesized
    const objs = synthValid(chart);
    // THEN no NodePool or AKSNodeClass is created
    expect(objs.map((o) => o.kind)).toStrictEqual(['DynamoGraphDeployment']);
    const dgd = only(objs, 'DynamoGraphDeployment');
    for (const name of ['VllmPrefillWorker', 'VllmDecodeWorker']) {
      const spec = component(dgd, name).podTemplate.spec;
      const c = main(dgd, name);
      // AND the pods select the node pool
      expect(spec.nodeSelector).toStrictEqual({ 'kubernetes.azure.com/agentpool': 'ndh100' });
      // AND request one shared InfiniBand device
      expect(c.resources.limits['rdma/shared_ib']).toBe('1');
      expect(c.resources.requests['rdma/shared_ib']).toBe('1');
      // AND get the UCX-over-InfiniBand env of Dynamo's aks-ib recipe, NCCL on eth0, NIXL telemetry
      expect(envOf(c)).toStrictEqual({
        UCX_TLS: 'rc_x,rc,dc_x,dc,cuda_copy,cuda_ipc',
        UCX_IB_GPU_DIRECT_RDMA: 'yes',
        UCX_RC_TIMEOUT: '600s',
        UCX_KEEPALIVE_INTERVAL: '300s',
        UCX_IB_ADDR_TYPE: 'eth',
        UCX_NET_DEVICES: 'mlx5_0:1,mlx5_1:1,mlx5_2:1,mlx5_3:1',
        NIXL_TELEMETRY_ENABLE: 'y',
        NIXL_TELEMETRY_EXPORTER: 'prometheus',
        NIXL_TELEMETRY_PROMETHEUS_PORT: '19090',
        NCCL_SOCKET_IFNAME: 'eth0',
      });
      // AND mount /dev/infiniband and add IPC_LOCK (AKS's memlock limit is 64 KiB)
      expect(spec.volumes).toStrictEqual([{ name: 'infiniband', hostPath: { path: '/dev/infiniband', type: 'Directory' } }]);
      expect(c.volumeMounts).toStrictEqual([{ name: 'infiniband', mountPath: '/dev/infiniband' }]);
      expect(c.securityContext).toStrictEqual({ capabilities: { add: ['IPC_LOCK'] } });
    }
    // AND spot tolerations only where the pool accepts spot
    expect(component(dgd, 'VllmPrefillWorker').podTemplate.spec.tolerations).toHaveLength(2);
    expect(component(dgd, 'VllmDecodeWorker').podTemplate.spec.tolerations).toContainEqual({ key: 'kubernetes.azure.com/scalesetpriority', operator: 'Equal', value: 'spot', effect: 'NoSchedule' });
    // AND NIXL uses UCX, NIXL's default, so vLLM is not told a backend
    expect(llm.nixlBackend).toBe(NixlBackend.UCX);
    expect(main(dgd, 'VllmPrefillWorker').args).toContain('{"kv_connector":"NixlConnector","kv_role":"kv_both"}');
  });

  test('rdma/ib: one HCA per GPU, UCX picks the devices, the plugin mounts them', () => {
    // GIVEN the SR-IOV device plugin's resource
    const objs = disaggregated({ nodePools: ibPools, rdmaResource: AksRdmaResource.IB }, { machineType: ND, gpus: 2 }, { machineType: ND, gpus: 4 });
    // THEN devices follow the GPUs, without UCX_NET_DEVICES or a hostPath
    expect(main(only(objs, 'DynamoGraphDeployment'), 'VllmPrefillWorker').resources.limits['rdma/ib']).toBe('2');
    const decode = main(only(objs, 'DynamoGraphDeployment'), 'VllmDecodeWorker');
    expect(decode.resources.limits['rdma/ib']).toBe('4');
    expect(envOf(decode).UCX_NET_DEVICES).toBeUndefined();
    expect(podSpec(objs, 'VllmDecodeWorker').volumes).toBeUndefined();
  });

  test('rdma/ib with rdmaDevices: 1, as llm-d requests', () => {
    const objs = disaggregated({ nodePools: ibPools, rdmaResource: AksRdmaResource.IB }, { machineType: ND, gpus: 2, rdmaDevices: 1 }, { machineType: ND, gpus: 4, rdmaDevices: 1 });
    expect(main(only(objs, 'DynamoGraphDeployment'), 'VllmDecodeWorker').resources.limits['rdma/ib']).toBe('1');
  });

  test('the standalone shared device plugin, custom UCX devices, no hostPath', () => {
    // GIVEN rdma/hca_shared_devices_a with explicit devices and no mount
    const objs = disaggregated({ nodePools: ibPools, rdmaResource: AksRdmaResource.HCA_SHARED_DEVICES_A, ucxNetDevices: ['mlx5_ib0:1'], mountInfinibandDevices: false },
      { machineType: ND, gpus: 2 }, { machineType: ND, gpus: 4 });
    // THEN
    const c = main(only(objs, 'DynamoGraphDeployment'), 'VllmDecodeWorker');
    expect(c.resources.limits['rdma/hca_shared_devices_a']).toBe('1');
    expect(envOf(c).UCX_NET_DEVICES).toBe('mlx5_ib0:1');
    expect(c.volumeMounts).toBeUndefined();
  });

  test('a custom device plugin resource', () => {
    const objs = disaggregated({ nodePools: ibPools, rdmaResource: AksRdmaResource.custom('example.com/ib', false) }, { machineType: ND, gpus: 8 }, { machineType: ND, gpus: 8 });
    expect(main(only(objs, 'DynamoGraphDeployment'), 'VllmDecodeWorker').resources.limits['example.com/ib']).toBe('8');
  });

  test('a multi-node aggregated worker on an ND node pool is wired for InfiniBand too', () => {
    // GIVEN a TP 16 worker across 2 ND nodes of an existing pool
    const chart = newChart();
    new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-8B', cloud: Cloud.aks({ nodePools: { workers: 'ndh100' } }), workers: { machineType: ND, gpus: 8, nodes: 2, tensorParallelSize: 16 } });
    // THEN the pods get the InfiniBand resource and UCX env, on the node pool
    const c = main(only(synthValid(chart), 'DynamoGraphDeployment'), 'VllmDecodeWorker');
    expect(c.resources.limits['rdma/shared_ib']).toBe('1');
    expect(envOf(c).UCX_IB_ADDR_TYPE).toBe('eth');
    expect(only(synthValid(chart), 'DynamoGraphDeployment').spec.components[1].podTemplate.spec.nodeSelector).toStrictEqual({ 'kubernetes.azure.com/agentpool': 'ndh100' });
  });

  test('an existing node pool for a pool without RDMA only selects it', () => {
    // GIVEN an aggregated NC pool on an existing spot node pool
    const objs = aggregated({ nodePools: { workers: 'ncspot' } }, { machineType: NC, capacityTypes: [CapacityType.SPOT] });
    // THEN no NAP objects, the agent pool selector and the spot toleration
    expect(objs.map((o) => o.kind)).toStrictEqual(['DynamoGraphDeployment']);
    const spec = podSpec(objs, 'VllmDecodeWorker');
    expect(spec.nodeSelector).toStrictEqual({ 'kubernetes.azure.com/agentpool': 'ncspot' });
    expect(spec.tolerations).toHaveLength(3);
  });

  test('the wiring summary names the size, where nodes come from and the fabric', () => {
    // GIVEN a bind outside a pattern
    const cloud = Cloud.aks({ nodePools: ibPools });
    const pools = [
      { prop: 'prefill', role: 'prefill', componentName: 'VllmPrefillWorker', options: { machineType: ND }, capacityTypes: [CapacityType.ON_DEMAND], maxReplicas: 1, gpusPerNode: 2, nodes: 1, kvTransfer: true },
      { prop: 'decode', role: 'decode', componentName: 'VllmDecodeWorker', options: { machineType: ND }, capacityTypes: [CapacityType.ON_DEMAND], maxReplicas: 1, gpusPerNode: 4, nodes: 1, kvTransfer: true },
    ] as const;
    const ctx: CloudContext = {
      scope: newChart(), dgdName: 'qwen', namespace: 'llm', dynamoNamespace: 'llm-qwen', allowTcpKvTransfer: false,
      // With the shapes the pattern resolves before bind.
      pools: pools.map((p) => ({ ...p, shapes: resolvePool(cloud.profile, false, p).shapes })),
    };
    // WHEN
    const binding = cloud.profile.bind(ctx);
    // THEN
    expect(binding.pools.decode.summary).toBe('Standard_ND96isr_H100_v5 (8 × NVIDIA H100 80GB, InfiniBand), node pool ndh100, InfiniBand rdma/shared_ib × 1, NIXL UCX');
    expect(binding.pools.decode.fabric).toBe(RdmaFabric.INFINIBAND);
  });
});

describe('rejections', () => {
  test('an InfiniBand KV-transfer pool without an existing node pool', () => {
    expect(() => disaggregated({}, { machineType: ND, gpus: 2 }, { machineType: ND, gpus: 4 })).toThrow(
      /^cloud\.nodePools\.prefill must name an existing node pool: the prefill pool needs InfiniBand for KV transfer on Standard_ND96isr_H100_v5, and node auto-provisioning gives no same-fabric guarantee for ND VMs \(got undefined\); register the Microsoft\.ContainerService\/AKSInfinibandSupport feature, create the pool with `az aks nodepool add --name ndpool --node-vm-size Standard_ND96isr_H100_v5 .*Cloud\.aks\(\{ nodePools: \{ prefill: 'ndpool' \} \}\)$/);
    // AND with only prefill mapped, decode is named
    expect(() => disaggregated({ nodePools: { prefill: 'ndh100' } }, { machineType: ND, gpus: 2 }, { machineType: ND, gpus: 4 })).toThrow(/^cloud\.nodePools\.decode must name an existing node pool/);
  });

  test('a multi-node worker on an InfiniBand size without an existing node pool', () => {
    expect(() => aggregated({}, { machineType: ND, gpus: 8, nodes: 2, tensorParallelSize: 16 })).toThrow(
      /^cloud\.nodePools\.workers must name an existing node pool: the workers pool needs InfiniBand for its multi-node worker on Standard_ND96isr_H100_v5/);
  });

  test('prefill and decode on different InfiniBand node pools', () => {
    expect(() => disaggregated({ nodePools: { prefill: 'ndone', decode: 'ndtwo' } }, { machineType: ND, gpus: 2 }, { machineType: ND, gpus: 4 })).toThrow(
      'cloud.nodePools must put the KV-transfer pools on one node pool: InfiniBand only connects the VMs of one scale set (got {"prefill":"ndone","decode":"ndtwo"}); map prefill and decode to the same ND node pool');
  });

  test('a shape too small for the pool', () => {
    expect(() => aggregated({}, { machineType: 'Standard_NC96ads_A100_v4', gpus: 8, tensorParallelSize: 8 })).toThrow(/^workers\.gpus must fit the machine: Standard_NC96ads_A100_v4 \(4 × NVIDIA A100 80GB, no RDMA\) has 4 GPUs per node \(got 8\)/);
    expect(() => aggregated({}, { gpuType: GpuType.H100_NVL_94GB, gpus: 4, tensorParallelSize: 4 })).toThrow(/^workers\.gpus must fit on one NVIDIA H100 NVL 94GB machine of Cloud\.aks\(\), which has at most 2 GPUs/);
  });

  test('an unknown size, or none', () => {
    expect(() => aggregated({}, { machineType: 'Standard_ND40rs_v2' })).toThrow(/^workers\.machineType must be a GPU machine shape of Cloud\.aks\(\) \(got "Standard_ND40rs_v2"\); use one of Standard_ND96isr_H100_v5, /);
    expect(() => aggregated({}, {})).toThrow(/^workers\.machineType or workers\.gpuType is required with Cloud\.aks\(\)/);
  });

  test('NC sizes for disaggregated serving without allowTcpKvTransfer', () => {
    expect(() => disaggregated({}, { machineType: NC }, { machineType: NC })).toThrow(
      /^prefill\.machineType must give the prefill pool an RDMA fabric NIXL can use for KV transfer; .* \(got "Standard_NC24ads_A100_v4"\); pick an RDMA machine \(Standard_ND96isr_H100_v5, Standard_ND96isr_H200_v5, Standard_ND96amsr_A100_v4, Standard_ND96asr_v4\)/);
  });

  test('unknown keys in nodePools', () => {
    expect(() => disaggregated({ nodePools: { ...ibPools, frontend: 'system' } }, { machineType: ND, gpus: 2 }, { machineType: ND, gpus: 4 })).toThrow(
      'cloud.nodePools must map this deployment\'s worker pools (prefill, decode) (got "frontend"); remove "frontend" or rename it to a worker pool prop');
  });

  test('bad node pool names', () => {
    for (const name of ['ND-H100', '1pool', 'averyverylongname', '']) {
      expect(() => Cloud.aks({ nodePools: { prefill: name } })).toThrow(/^cloud\.nodePools\.prefill must be an AKS node pool name \(1-12 lowercase letters and digits, starting with a letter\)/);
    }
  });

  test('bad option values', () => {
    expect(() => Cloud.aks({ osDiskSizeGB: 20 })).toThrow('cloud.osDiskSizeGB must be an integer between 30 and 2048 (got 20); use a size in GB the AKSNodeClass accepts, e.g. 256');
    expect(() => Cloud.aks({ osDiskSizeGB: 4096 })).toThrow(/^cloud\.osDiskSizeGB must be an integer between 30 and 2048 \(got 4096\)/);
    expect(() => Cloud.aks({ maxGpusPerPool: 0 })).toThrow(/^cloud\.maxGpusPerPool must be an integer >= 1 \(got 0\)/);
    expect(() => Cloud.aks({ ucxNetDevices: [] })).toThrow(/^cloud\.ucxNetDevices must list at least one device \(got \[\]\)/);
    expect(() => Cloud.aks({ ucxNetDevices: ['mlx5_0'] })).toThrow('cloud.ucxNetDevices must list UCX devices as <device>:<port> (got "mlx5_0"); use e.g. "mlx5_0:1" (see `ibv_devinfo` or `ucx_info -d`)');
    expect(() => AksRdmaResource.custom('shared_ib', true)).toThrow(/^cloud\.rdmaResource must be an extended resource name with a domain prefix \(got "shared_ib"\)/);
    const efa = { name: 'Standard_Fake', gpuType: GpuType.H100_80GB, gpuCount: 8, gpuMemoryMiB: 81920, fabric: RdmaFabric.EFA, rdmaDevices: 8 };
    expect(() => Cloud.aks({ extraShapes: [efa] })).toThrow('cloud.extraShapes[0].fabric must be InfiniBand or none on Azure (got "AWS EFA"); use RdmaFabric.INFINIBAND for ND sizes, RdmaFabric.NONE otherwise');
    expect(() => Cloud.aks({ extraShapes: [{ ...efa, name: ND, fabric: RdmaFabric.INFINIBAND }] })).toThrow(/^cloud\.extraShapes\[0\]\.name must not repeat a shape of the catalog/);
  });

  test('a GPU limit below one node', () => {
    expect(() => aggregated({ maxGpusPerPool: 4 }, { machineType: ND, gpus: 4, tensorParallelSize: 4 })).toThrow('cloud.maxGpusPerPool must allow one workers node (8 GPUs) (got 4); raise it to at least 8');
  });

  test('capacity types NAP does not know', () => {
    expect(() => aggregated({}, { machineType: NC, capacityTypes: [CapacityType.RESERVED] })).toThrow(
      'workers.capacityTypes must list capacity types Cloud.aks() can provision (on-demand, spot) (got "reserved"); use CapacityType.ON_DEMAND or CapacityType.SPOT');
    expect(() => aggregated({}, { machineType: NC, capacityTypes: [] })).toThrow(/^workers\.capacityTypes must list at least one capacity type \(got \[\]\)/);
  });

  test('a NodePool name longer than a label value', () => {
    // GIVEN a Dynamo namespace of 60 characters, and a short component name so the operator's names fit
    const chart = newChart('inference-team');
    const name = `qwen3-${'x'.repeat(39)}`;
    // WHEN / THEN the NodePool <namespace>-<name>-workers (68 characters) is refused
    expect(() => new AggregatedLlm(chart, name, { model: 'Qwen/Qwen3-8B', cloud: Cloud.aks(), workers: { machineType: NC, componentName: 'w' } })).toThrow(
      /^name must keep the workers NodePool and AKSNodeClass name "inference-team-qwen3-x+-workers" \(<namespace>-<name>-workers\) within 63 characters, the limit of the karpenter\.sh\/nodepool label \(got 68\)/);
  });
});

describe('ingress', () => {
  const ingress = (i: NonNullable<AggregatedLlmProps['ingress']>) => aggregated({}, { machineType: NC }, { ingress: i });

  test('by default: an app routing Gateway (approuting-istio) and an HTTPRoute', () => {
    // GIVEN an ingress with a host and a certificate
    const objs = ingress({ host: 'llm.example.com', tlsSecret: SecretRef.fromSecretName('llm-tls') });
    // THEN
    expect(only(objs, 'Gateway').spec).toStrictEqual({
      gatewayClassName: 'approuting-istio',
      listeners: [{
        name: 'https', protocol: 'HTTPS', port: 443, hostname: 'llm.example.com',
        tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'llm-tls' }] },
        allowedRoutes: { namespaces: { from: 'Same' } },
      }],
    });
    expect(only(objs, 'HTTPRoute').spec.rules[0].backendRefs).toStrictEqual([{ name: 'qwen-frontend', port: 8000 }]);
    expect(objs.some((o) => o.kind === 'Ingress')).toBe(false);
  });

  test('a GatewayClass of choice (e.g. Application Gateway for Containers)', () => {
    const objs = ingress({ className: 'azure-alb-external', annotations: { 'alb.networking.azure.io/alb-name': 'alb' } });
    expect(only(objs, 'Gateway').spec.gatewayClassName).toBe('azure-alb-external');
    expect(only(objs, 'Gateway').metadata.annotations).toStrictEqual({ 'alb.networking.azure.io/alb-name': 'alb' });
  });

  test('IngressApi.INGRESS: the app routing NGINX class with its proxy timeouts', () => {
    // GIVEN the Ingress API with a 600 s timeout
    const objs = ingress({ api: IngressApi.INGRESS, host: 'llm.example.com', tlsSecret: SecretRef.fromSecretName('llm-tls'), timeout: Duration.seconds(600) });
    // THEN
    const ing = only(objs, 'Ingress');
    expect(ing.metadata.annotations).toStrictEqual({ 'nginx.ingress.kubernetes.io/proxy-read-timeout': '600', 'nginx.ingress.kubernetes.io/proxy-send-timeout': '600' });
    expect(ing.spec.ingressClassName).toBe('webapprouting.kubernetes.azure.com');
    expect(ing.spec.tls).toStrictEqual([{ hosts: ['llm.example.com'], secretName: 'llm-tls' }]);
    expect(objs.some((o) => o.kind === 'Gateway')).toBe(false);
  });

  test('the Ingress timeout annotations cannot be overridden by hand', () => {
    expect(() => ingress({ api: IngressApi.INGRESS, annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '30' } })).toThrow(
      /^ingress\.annotations must not set nginx\.ingress\.kubernetes\.io\/proxy-read-timeout/);
  });

  test('rejections', () => {
    expect(() => ingress({ certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' })).toThrow(/^ingress\.certificateArn is not applied by Cloud\.aks\(\) \(it is for the AWS Load Balancer Controller of Cloud\.eks\(\)\)/);
    expect(() => ingress({ internal: true })).toThrow(/^ingress\.internal is not applied by the app routing Gateway of Cloud\.aks\(\) \(got true\); .*azure-load-balancer-internal/);
    expect(() => ingress({ timeout: Duration.seconds(600) })).toThrow('ingress.timeout is not applied by the app routing Gateway of Cloud.aks() (got "600s"); remove it; configure timeouts with your Gateway API implementation\'s policy objects');
    expect(() => ingress({ host: 'llm.example.com' })).toThrow(/^ingress\.tlsSecret is required with ingress\.host on a Gateway/);
    expect(() => ingress({ api: IngressApi.INGRESS, host: 'llm.example.com' })).toThrow(/^ingress\.tlsSecret is required with ingress\.host \(the app routing NGINX serves HTTPS for a host with a Secret\)/);
    expect(() => ingress({ api: IngressApi.INGRESS, internal: true })).toThrow(/^ingress\.internal is not applied by the app routing NGINX Ingress of Cloud\.aks\(\) \(its controller decides it\) \(got true\); create an NginxIngressController/);
    expect(() => ingress({ api: IngressApi.INGRESS, timeout: Duration.seconds(30) })).toThrow(/^ingress\.timeout must be a whole number of seconds between 60 and 4000/);
  });
});

describe('example', () => {
  test('aks-qwen3-32b-fp8-ib: disaggregated Qwen3-32B-FP8 over InfiniBand on an ND H100 v5 node pool', () => {
    // GIVEN the example app WHEN synthesized
    const objs = synthAppValid(aksQwen3IbApp(Testing.app().outdir));
    // THEN: the DGD, the Azure Files cache and its download Job, the app routing Gateway; no NAP objects
    expect(objs.map((o) => o.kind).sort()).toStrictEqual(['DynamoGraphDeployment', 'Gateway', 'HTTPRoute', 'Job', 'PersistentVolumeClaim', 'StorageClass']);
    expect(only(objs, 'StorageClass').provisioner).toBe('file.csi.azure.com');
    expect(only(objs, 'Gateway').spec.gatewayClassName).toBe('approuting-istio');
    const dgd = only(objs, 'DynamoGraphDeployment');
    // AND the workers carry the aks-ib recipe's wiring: rdma/shared_ib, UCX devices, /dev/infiniband, NCCL on eth0
    for (const [name, tp] of [['VllmPrefillWorker', '2'], ['VllmDecodeWorker', '4']]) {
      const c = main(dgd, name);
      expect(c.args[c.args.indexOf('--tensor-parallel-size') + 1]).toBe(tp);
      expect(c.resources.limits).toStrictEqual({ 'nvidia.com/gpu': tp, 'rdma/shared_ib': '1' });
      const env = envOf(c);
      expect([env.UCX_NET_DEVICES, env.UCX_IB_GPU_DIRECT_RDMA, env.UCX_IB_ADDR_TYPE, env.NCCL_SOCKET_IFNAME]).toStrictEqual(['mlx5_0:1,mlx5_1:1,mlx5_2:1,mlx5_3:1', 'yes', 'eth', 'eth0']);
      expect(c.volumeMounts).toContainEqual({ name: 'infiniband', mountPath: '/dev/infiniband' });
      expect(component(dgd, name).podTemplate.spec.nodeSelector).toStrictEqual({ 'kubernetes.azure.com/agentpool': 'ndh100' });
      expect(component(dgd, name).sharedMemorySize).toBe('40Gi');
    }
    expect(aksQwen3Ib.props.model).toBe('Qwen/Qwen3-32B-FP8');
  });
});
