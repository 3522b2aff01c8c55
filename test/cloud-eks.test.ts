import { Duration, Size } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { eksAutoModeAggregated } from '../examples/eks-auto-mode-aggregated';
import { eksLlama70bEfa } from '../examples/eks-llama-70b-efa';
import { eksMixedTier } from '../examples/eks-mixed-tier';
import { addPattern } from '../examples/pattern-example';
import {
  AggregatedLlm, CapacityType, Cloud, DisaggregatedLlm, DisaggregatedLlmProps, EfaInterfaces, EksAmi, EksAutoModeOptions, EksOptions,
  DynamoVersion, GpuType, IngressApi, NetworkInterfaceType, NixlBackend, SecretRef,
} from '../lib';
import { FrontendIngressOptions } from '../lib/cloud/frontend-ingress';
import { EKS_SHAPES } from '../lib/cloud/eks/eks-shapes';
import { component, envOf, main, Manifest, newChart, only, synthValid } from './support/synth';

const AMI = EksAmi.al2023('v20250821');
const EKS: EksOptions = {
  ami: AMI,
  nodeRole: 'KarpenterNodeRole-prod',
  subnetTags: { 'karpenter.sh/discovery': 'prod' },
  securityGroupTags: { 'karpenter.sh/discovery': 'prod' },
};
const MODEL = 'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic';

function ofKind(objs: Manifest[], kind: string, name: string): Manifest {
  const found = objs.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

/** Disaggregated Llama 70B on p5.48xlarge, 4 GPUs per worker. */
function disagg(cloud: Cloud, extra: Partial<DisaggregatedLlmProps> = {}) {
  const chart = newChart();
  new DisaggregatedLlm(chart, 'llama', {
    model: MODEL,
    cloud,
    prefill: { machineType: 'p5.48xlarge', gpus: 4 },
    decode: { machineType: 'p5.48xlarge', gpus: 4, replicas: 2 },
    ...extra,
  });
  return synthValid(chart);
}

function aggregated(cloud: Cloud, ingress?: FrontendIngressOptions) {
  const chart = newChart();
  new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-8B', cloud, workers: { machineType: 'g6e.12xlarge', gpus: 4 }, ingress });
  return synthValid(chart);
}

describe('EKS shape catalog', () => {
  test('p5.48xlarge: 8 × H100 80GB, 32 EFA, 30400 GiB NVMe; g6e.xlarge has no EFA', () => {
    const p5 = EKS_SHAPES.find((s) => s.name === 'p5.48xlarge')!;
    expect([p5.gpuType, p5.gpuCount, p5.gpuMemoryMiB, p5.rdmaDevices, p5.fabric.id, p5.localNvmeGiB, p5.family])
      .toStrictEqual([GpuType.H100_80GB, 8, 81920, 32, 'efa', 30400, 'p5']);
    const g6e = EKS_SHAPES.find((s) => s.name === 'g6e.xlarge')!;
    expect([g6e.rdmaDevices, g6e.fabric.id]).toStrictEqual([0, 'none']);
    expect(Object.fromEntries(EKS_SHAPES.filter((s) => s.networkCards !== undefined).map((s) => [s.name, s.networkCards]))).toStrictEqual({ 'p5.48xlarge': 32, 'p5e.48xlarge': 32, 'p5en.48xlarge': 16, 'p6-b200.48xlarge': 8 });
    // Card counts match the EFA device counts (one efa-only per card).
    for (const s of EKS_SHAPES.filter((x) => x.networkCards !== undefined)) expect(s.rdmaDevices).toBe(s.networkCards);
  });
});

describe('Cloud.eks(): node pools', () => {
  test('one NodePool and one EC2NodeClass per pool, named <namespace>-<dgd>-<pool>', () => {
    // GIVEN / WHEN
    const objs = disagg(Cloud.eks(EKS));
    // THEN
    expect(objs.filter((o) => o.kind === 'NodePool' || o.kind === 'EC2NodeClass').map((o) => `${o.kind}/${o.metadata.name}`)).toStrictEqual([
      'EC2NodeClass/llm-llama-prefill', 'NodePool/llm-llama-prefill', 'EC2NodeClass/llm-llama-decode', 'NodePool/llm-llama-decode',
    ]);
    expect(ofKind(objs, 'NodePool', 'llm-llama-decode').spec).toStrictEqual({
      template: {
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'llm-llama-decode' },
          requirements: [
            { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['p5.48xlarge'] },
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
            { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
          ],
          taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
          expireAfter: 'Never',
          terminationGracePeriod: '24h',
        },
      },
      // 2 replicas → 2 whole p5.48xlarge nodes.
      limits: { 'nvidia.com/gpu': 16 },
      disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '5m', budgets: [{ nodes: '1' }] },
    });
    expect(ofKind(objs, 'NodePool', 'llm-llama-decode').metadata.namespace).toBeUndefined();
  });

  test('an EFA pool on p5.48xlarge: RAID0, an efa-only interface per card, the placement group', () => {
    const objs = disagg(Cloud.eks({ ...EKS, placementGroupName: 'p5-cluster' }));
    const spec = ofKind(objs, 'EC2NodeClass', 'llm-llama-prefill').spec;
    expect(spec.networkInterfaces).toHaveLength(33);
    expect(spec.networkInterfaces.slice(0, 3)).toStrictEqual([
      { networkCardIndex: 0, deviceIndex: 0, interfaceType: 'interface' },
      { networkCardIndex: 0, deviceIndex: 1, interfaceType: 'efa-only' },
      { networkCardIndex: 1, deviceIndex: 0, interfaceType: 'efa-only' },
    ]);
    expect(spec.networkInterfaces.filter((i: Manifest) => i.interfaceType === 'efa-only')).toHaveLength(32);
    expect({ ...spec, networkInterfaces: undefined }).toStrictEqual({
      role: 'KarpenterNodeRole-prod',
      amiSelectorTerms: [{ alias: 'al2023@v20250821' }],
      subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'prod' } }],
      securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'prod' } }],
      instanceStorePolicy: 'RAID0',
      blockDeviceMappings: [{ deviceName: '/dev/xvda', rootVolume: true, ebs: { volumeSize: '100Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true, iops: 3000, throughput: 125 } }],
      placementGroupSelector: { name: 'p5-cluster' },
      networkInterfaces: undefined,
    });
  });

  test('a non-EFA pool gets no interfaces or placement group; ids, an instance profile and Bottlerocket volumes', () => {
    const objs = aggregated(Cloud.eks({
      ami: EksAmi.bottlerocket('v1.45.0'), instanceProfile: 'gpu-nodes', subnetIds: ['subnet-0a1b2c3d'], securityGroupIds: ['sg-0a1b2c3d', 'sg-1b2c3d4e'],
      placementGroupId: 'pg-0123abcd', volumeSize: Size.gibibytes(300),
    }));
    const spec = ofKind(objs, 'EC2NodeClass', 'llm-qwen-workers').spec;
    expect(spec).toStrictEqual({
      instanceProfile: 'gpu-nodes',
      amiSelectorTerms: [{ alias: 'bottlerocket@v1.45.0' }],
      subnetSelectorTerms: [{ id: 'subnet-0a1b2c3d' }],
      securityGroupSelectorTerms: [{ id: 'sg-0a1b2c3d' }, { id: 'sg-1b2c3d4e' }],
      instanceStorePolicy: 'RAID0',
      blockDeviceMappings: [
        { deviceName: '/dev/xvda', ebs: { volumeSize: '4Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true } },
        { deviceName: '/dev/xvdb', rootVolume: true, ebs: { volumeSize: '300Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true, iops: 3000, throughput: 125 } },
      ],
    });
  });

  test('shapes without local NVMe: no RAID0, a 500 GiB fast image volume', () => {
    const shape = { ...EKS_SHAPES.find((s) => s.name === 'g6e.12xlarge')!, name: 'g7e.12xlarge', localNvmeGiB: 0 };
    const chart = newChart();
    new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-8B', cloud: Cloud.eks({ ...EKS, extraShapes: [shape] }), workers: { machineType: 'g7e.12xlarge', gpus: 4 } });
    const spec = ofKind(synthValid(chart), 'EC2NodeClass', 'llm-qwen-workers').spec;
    expect(spec.instanceStorePolicy).toBeUndefined();
    expect(spec.blockDeviceMappings).toStrictEqual([{ deviceName: '/dev/xvda', rootVolume: true, ebs: { volumeSize: '500Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true, iops: 16000, throughput: 1000 } }]);
  });

  test('gpuType resolves to every fitting instance type of the catalog', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-8B', cloud: Cloud.eks(EKS), workers: { gpuType: GpuType.L40S, gpus: 4 } });
    const pool = ofKind(synthValid(chart), 'NodePool', 'llm-qwen-workers');
    expect(pool.spec.template.spec.requirements[0].values).toStrictEqual(['g6e.48xlarge', 'g6e.24xlarge', 'g6e.12xlarge']);
    // One node of the largest type.
    expect(pool.spec.limits).toStrictEqual({ 'nvidia.com/gpu': 8 });
  });

  test('H200 over EFA: p5e and p5en have different card layouts, so Karpenter\'s default layout is kept', () => {
    const objs = disagg(Cloud.eks(EKS), { prefill: { gpuType: GpuType.H200_141GB, gpus: 8 }, decode: { gpuType: GpuType.H200_141GB, gpus: 8 } });
    const spec = ofKind(objs, 'EC2NodeClass', 'llm-llama-prefill').spec;
    expect(spec.networkInterfaces).toBeUndefined();
    // 16 EFA per pod: the fewer of the two shapes (p5en.48xlarge).
    expect(main(only(objs, 'DynamoGraphDeployment'), 'VllmPrefillWorker').resources.limits['vpc.amazonaws.com/efa']).toBe('16');
  });

  test('capacity types, reservations, node limits and disruption knobs', () => {
    const chart = newChart();
    new DisaggregatedLlm(chart, 'llama', {
      model: MODEL,
      cloud: Cloud.eks({ ...EKS, capacityReservationIds: ['cr-0123abcd'], poolNodeLimits: { decode: 6 }, consolidateAfter: Duration.minutes(30), expireAfter: Duration.days(30) }),
      prefill: { machineType: 'p5.48xlarge', gpus: 8, capacityTypes: [CapacityType.RESERVED, CapacityType.ON_DEMAND] },
      decode: { machineType: 'p5.48xlarge', gpus: 8, capacityTypes: [CapacityType.SPOT] },
    });
    const objs = synthValid(chart);
    expect(ofKind(objs, 'EC2NodeClass', 'llm-llama-prefill').spec.capacityReservationSelectorTerms).toStrictEqual([{ id: 'cr-0123abcd' }]);
    expect(ofKind(objs, 'EC2NodeClass', 'llm-llama-decode').spec.capacityReservationSelectorTerms).toBeUndefined();
    expect(ofKind(objs, 'NodePool', 'llm-llama-prefill').spec.template.spec.requirements[1].values).toStrictEqual(['reserved', 'on-demand']);
    const decode = ofKind(objs, 'NodePool', 'llm-llama-decode').spec;
    expect([decode.limits, decode.disruption.consolidateAfter, decode.template.spec.expireAfter]).toStrictEqual([{ 'nvidia.com/gpu': 48 }, '30m', '720h']);
  });

  test('a custom EFA interface layout is used as given', () => {
    const layout = [
      { networkCardIndex: 0, deviceIndex: 0, interfaceType: NetworkInterfaceType.INTERFACE },
      ...Array.from({ length: 16 }, (_, c) => ({ networkCardIndex: c, deviceIndex: c === 0 ? 1 : 0, interfaceType: NetworkInterfaceType.EFA_ONLY })),
    ];
    const objs = disagg(Cloud.eks({ ...EKS, efaInterfaces: EfaInterfaces.custom(layout) }));
    expect(ofKind(objs, 'EC2NodeClass', 'llm-llama-decode').spec.networkInterfaces).toHaveLength(17);
    const objs2 = disagg(Cloud.eks({ ...EKS, efaInterfaces: EfaInterfaces.KARPENTER_DEFAULT }));
    expect(ofKind(objs2, 'EC2NodeClass', 'llm-llama-decode').spec.networkInterfaces).toBeUndefined();
  });
});

describe('Cloud.eks(): pod wiring', () => {
  test('disaggregated on p5.48xlarge: 16 EFA for 4 GPUs, FI_* env, LIBFABRIC, IPC_LOCK, -efa image, anti-affinity and zone affinity', () => {
    const objs = disagg(Cloud.eks(EKS));
    const dgd = only(objs, 'DynamoGraphDeployment');
    for (const [name, other] of [['VllmPrefillWorker', 'VllmDecodeWorker'], ['VllmDecodeWorker', 'VllmPrefillWorker']]) {
      const c = main(dgd, name);
      expect(c.image).toBe(`nvcr.io/nvidia/ai-dynamo/vllm-runtime:${DynamoVersion.LATEST.version}-efa`);
      expect(c.resources.limits).toStrictEqual({ 'nvidia.com/gpu': '4', 'vpc.amazonaws.com/efa': '16' });
      expect(c.securityContext).toStrictEqual({ capabilities: { add: ['IPC_LOCK'] } });
      expect(envOf(c)).toMatchObject({ FI_PROVIDER: 'efa', FI_EFA_USE_DEVICE_RDMA: '1', FI_EFA_ENABLE_SHM_TRANSFER: '0', DYN_KVBM_NIXL_BACKEND_LIBFABRIC: 'true' });
      expect(envOf(c)).not.toHaveProperty('FI_EFA_USE_HUGE_PAGE');
      const transfer = JSON.parse(c.args[c.args.indexOf('--kv-transfer-config') + 1]);
      expect(transfer.kv_connector_extra_config).toStrictEqual({ backends: ['LIBFABRIC'] });
      const pod = component(dgd, name).podTemplate.spec;
      expect(pod.nodeSelector).toStrictEqual({ 'karpenter.sh/nodepool': name === 'VllmPrefillWorker' ? 'llm-llama-prefill' : 'llm-llama-decode' });
      expect(pod.tolerations).toStrictEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
      expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toStrictEqual([{
        topologyKey: 'kubernetes.io/hostname',
        labelSelector: { matchLabels: { 'nvidia.com/dynamo-graph-deployment-name': 'llama' }, matchExpressions: [{ key: 'nvidia.com/dynamo-component', operator: 'In', values: [other] }] },
      }]);
      expect(pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('topology.kubernetes.io/zone');
    }
    // The frontend gets its own defaults, none of the pools' GPU or EFA wiring
    expect(main(dgd, 'Frontend').resources).toStrictEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '16Gi' } });
    expect(component(dgd, 'Frontend').podTemplate.spec.nodeSelector).toBeUndefined();
  });

  test('privileged and hugepages knobs', () => {
    const dgd = only(disagg(Cloud.eks({ ...EKS, privileged: true, efaHugePages: true })), 'DynamoGraphDeployment');
    const c = main(dgd, 'VllmDecodeWorker');
    expect(c.securityContext).toStrictEqual({ privileged: true, capabilities: { add: ['IPC_LOCK'] } });
    expect(c.resources.limits['hugepages-2Mi']).toBe('5120Mi');
    expect(envOf(c).FI_EFA_USE_HUGE_PAGE).toBe('1');
  });

  test('aggregated g6e pool: no RDMA, pinned to its node pool, default image', () => {
    const chart = newChart();
    const llm = new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-8B', cloud: Cloud.eks(EKS), workers: { machineType: 'g6e.12xlarge', gpus: 4 } });
    const dgd = only(synthValid(chart), 'DynamoGraphDeployment');
    const c = main(dgd, 'VllmDecodeWorker');
    expect(c.image).toBe(`nvcr.io/nvidia/ai-dynamo/vllm-runtime:${DynamoVersion.LATEST.version}`);
    expect(c.resources.limits).toStrictEqual({ 'nvidia.com/gpu': '4' });
    expect(c.securityContext).toBeUndefined();
    expect(component(dgd, 'VllmDecodeWorker').podTemplate.spec.affinity).toBeUndefined();
    expect(component(dgd, 'VllmDecodeWorker').podTemplate.spec.nodeSelector).toStrictEqual({ 'karpenter.sh/nodepool': 'llm-qwen-workers' });
    expect(llm.cloud.id).toBe('eks');
  });
});

describe('Cloud.eks(): ALB ingress', () => {
  test('HTTP by default: internet-facing, target type ip, health check, 300 s idle timeout', () => {
    const ing = only(aggregated(Cloud.eks(EKS), {}), 'Ingress');
    expect(ing.metadata.annotations).toStrictEqual({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/healthcheck-path': '/health',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80}]',
      'alb.ingress.kubernetes.io/load-balancer-attributes': 'idle_timeout.timeout_seconds=300',
    });
    expect(ing.spec).toStrictEqual({
      ingressClassName: 'alb',
      rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'qwen-frontend', port: { number: 8000 } } } }] } }],
    });
  });

  test('HTTPS for a host with an ACM certificate, internal, custom class and timeout', () => {
    const arn = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f';
    const ing = only(aggregated(Cloud.eks(EKS), { host: 'llm.example.com', certificateArn: arn, internal: true, className: 'alb-internal', timeout: Duration.seconds(900) }), 'Ingress');
    expect(ing.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme': 'internal',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
      'alb.ingress.kubernetes.io/certificate-arn': arn,
      'alb.ingress.kubernetes.io/load-balancer-attributes': 'idle_timeout.timeout_seconds=900',
    });
    expect([ing.spec.ingressClassName, ing.spec.tls]).toStrictEqual(['alb-internal', undefined]);
  });

  test('a host without an ARN lists the host under tls, for ACM discovery', () => {
    const ing = only(aggregated(Cloud.eks(EKS), { host: 'llm.example.com' }), 'Ingress');
    expect(ing.spec.tls).toStrictEqual([{ hosts: ['llm.example.com'] }]);
  });
});

describe('Cloud.eksAutoMode()', () => {
  test('works with {}: NodePools on the built-in default NodeClass, no NodeClass object', () => {
    const objs = aggregated(Cloud.eksAutoMode());
    expect(objs.filter((o) => o.kind === 'NodeClass' || o.kind === 'EC2NodeClass')).toStrictEqual([]);
    const pool = ofKind(objs, 'NodePool', 'llm-qwen-workers').spec;
    expect(pool.template.spec.nodeClassRef).toStrictEqual({ group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' });
    expect([pool.template.spec.expireAfter, pool.disruption.consolidationPolicy]).toStrictEqual(['336h', 'WhenEmpty']);
  });

  test('a custom NodeClass for role, subnets, security groups and ephemeral storage', () => {
    const objs = aggregated(Cloud.eksAutoMode({
      nodeRole: 'AutoNodeRole', subnetTags: { 'kubernetes.io/role/internal-elb': '1' }, securityGroupIds: ['sg-0a1b2c3d'],
      ephemeralStorageSize: Size.gibibytes(500), ephemeralStorageIops: 16000, ephemeralStorageThroughput: 1000,
    }));
    expect(only(objs, 'NodeClass')).toStrictEqual({
      apiVersion: 'eks.amazonaws.com/v1',
      kind: 'NodeClass',
      metadata: { name: 'llm-qwen-gpu' },
      spec: {
        role: 'AutoNodeRole',
        subnetSelectorTerms: [{ tags: { 'kubernetes.io/role/internal-elb': '1' } }],
        securityGroupSelectorTerms: [{ id: 'sg-0a1b2c3d' }],
        ephemeralStorage: { size: '500Gi', iops: 16000, throughput: 1000 },
      },
    });
    expect(ofKind(objs, 'NodePool', 'llm-qwen-workers').spec.template.spec.nodeClassRef.name).toBe('llm-qwen-gpu');
  });

  test('EFA through the device plugin: same pod wiring, no NIC layout', () => {
    const objs = disagg(Cloud.eksAutoMode());
    const dgd = only(objs, 'DynamoGraphDeployment');
    const c = main(dgd, 'VllmPrefillWorker');
    expect([c.image, c.resources.limits['vpc.amazonaws.com/efa'], c.securityContext]).toStrictEqual([`nvcr.io/nvidia/ai-dynamo/vllm-runtime:${DynamoVersion.LATEST.version}-efa`, '16', { capabilities: { add: ['IPC_LOCK'] } }]);
    expect(component(dgd, 'VllmPrefillWorker').podTemplate.spec.nodeSelector).toStrictEqual({ 'karpenter.sh/nodepool': 'llm-llama-prefill' });
  });

  test('ALB: IngressClassParams + IngressClass (eks.amazonaws.com/alb) + Ingress without class annotations', () => {
    const arn = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d';
    const objs = aggregated(Cloud.eksAutoMode(), { host: 'llm.example.com', certificateArn: arn, internal: true });
    expect(only(objs, 'IngressClassParams')).toStrictEqual({
      apiVersion: 'eks.amazonaws.com/v1', kind: 'IngressClassParams', metadata: { name: 'llm-qwen-alb' },
      spec: { scheme: 'internal', certificateARNs: [arn], loadBalancerAttributes: [{ key: 'idle_timeout.timeout_seconds', value: '300' }] },
    });
    expect(only(objs, 'IngressClass').spec).toStrictEqual({ controller: 'eks.amazonaws.com/alb', parameters: { apiGroup: 'eks.amazonaws.com', kind: 'IngressClassParams', name: 'llm-qwen-alb' } });
    const ing = only(objs, 'Ingress');
    expect(ing.spec.ingressClassName).toBe('llm-qwen-alb');
    expect(ing.metadata.annotations).toStrictEqual({
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/healthcheck-path': '/health',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
    });
  });

  test('an existing class: only the Ingress', () => {
    const objs = aggregated(Cloud.eksAutoMode(), { className: 'alb' });
    expect(objs.filter((o) => o.kind.startsWith('IngressClass'))).toStrictEqual([]);
    expect(only(objs, 'Ingress').spec.ingressClassName).toBe('alb');
  });
});

describe('rejections', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['gpus beyond the machine', () => disagg(Cloud.eks(EKS), { prefill: { machineType: 'g6e.12xlarge', gpus: 8 } }), /prefill\.gpus must fit the machine: g6e\.12xlarge/],
    ['gpuType without a large enough machine', () => disagg(Cloud.eks(EKS), { prefill: { gpuType: GpuType.A10G, gpus: 16 } }), /prefill\.gpus must fit on one NVIDIA A10G machine of Cloud\.eks\(\), which has at most 8 GPUs/],
    ['unknown machine type', () => disagg(Cloud.eks(EKS), { prefill: { machineType: 'p9.huge', gpus: 4 } }), /prefill\.machineType must be a GPU machine shape of Cloud\.eks\(\) \(got "p9\.huge"\)/],
    ['no machine type or GPU type', () => disagg(Cloud.eks(EKS), { prefill: { gpus: 4 } }), /prefill\.machineType or prefill\.gpuType is required with Cloud\.eks\(\)/],
    ['NIXL without RDMA (g6e.xlarge)', () => disagg(Cloud.eks(EKS), { prefill: { machineType: 'g6e.xlarge', gpus: 1 }, decode: { machineType: 'g6e.xlarge', gpus: 1 } }),
      /prefill\.machineType must give the prefill pool an RDMA fabric NIXL can use.*allowTcpKvTransfer/],
    ['one side on EFA, the other on TCP', () => disagg(Cloud.eks(EKS), { allowTcpKvTransfer: true, decode: { machineType: 'g6e.xlarge', gpus: 1 } }),
      /decode\.machineType must give the decode pool EFA like the prefill pool/],
    ['explicit UCX on EFA', () => disagg(Cloud.eks(EKS), { nixlBackend: NixlBackend.UCX }), /nixlBackend must be LIBFABRIC, which the pools' RDMA fabric needs \(got "UCX"\)/],
    ['rdmaDevices beyond the shape', () => disagg(Cloud.eks(EKS), { prefill: { machineType: 'p5.48xlarge', gpus: 4, rdmaDevices: 33 } }), /prefill\.rdmaDevices must be an integer between 1 and 32/],
    ['AMI latest', () => EksAmi.al2023('latest'), /cloud\.ami must pin a al2023 AMI version \(got "latest"\)/],
    ['bottlerocket bad version', () => EksAmi.bottlerocket('1.2'), /cloud\.ami must pin a bottlerocket AMI version/],
    ['missing AMI', () => Cloud.eks({ ...EKS, ami: undefined as unknown as EksAmi }), /cloud\.ami is required/],
    ['no node role', () => Cloud.eks({ ...EKS, nodeRole: undefined }), /cloud\.nodeRole or cloud\.instanceProfile \(exactly one\)/],
    ['role and instance profile', () => Cloud.eks({ ...EKS, instanceProfile: 'x' }), /cloud\.nodeRole or cloud\.instanceProfile \(exactly one\)/],
    ['role ARN', () => Cloud.eks({ ...EKS, nodeRole: 'arn:aws:iam::123456789012:role/x' }), /cloud\.nodeRole must be an IAM name/],
    ['no subnets', () => Cloud.eks({ ...EKS, subnetTags: undefined }), /cloud\.subnetTags or cloud\.subnetIds \(exactly one\)/],
    ['subnet tags and ids', () => Cloud.eks({ ...EKS, subnetIds: ['subnet-0a1b'] }), /cloud\.subnetTags or cloud\.subnetIds \(exactly one\)/],
    ['bad subnet id', () => Cloud.eks({ ...EKS, subnetTags: undefined, subnetIds: ['sub-1'] }), /cloud\.subnetIds must list 1 to 30 ids of the form subnet-<hex>/],
    ['bad security group id', () => Cloud.eks({ ...EKS, securityGroupTags: undefined, securityGroupIds: ['sg_1'] }), /cloud\.securityGroupIds must list 1 to 30 ids of the form sg-<hex>/],
    ['empty tag value', () => Cloud.eks({ ...EKS, securityGroupTags: { a: '' } }), /cloud\.securityGroupTags must have 1 to 20 tags/],
    ['bad capacity reservation id', () => Cloud.eks({ ...EKS, capacityReservationIds: ['odcr-1'] }), /cloud\.capacityReservationIds must list 1 to 30 ids of the form cr-<hex>/],
    ['reservation ids and tags', () => Cloud.eks({ ...EKS, capacityReservationIds: ['cr-1'], capacityReservationTags: { a: 'b' } }), /mutually exclusive/],
    ['reserved without reservations', () => disagg(Cloud.eks(EKS), { decode: { machineType: 'p5.48xlarge', gpus: 4, capacityTypes: [CapacityType.RESERVED] } }),
      /decode\.capacityTypes includes CapacityType\.RESERVED, which needs the reservations/],
    ['repeated capacity type', () => disagg(Cloud.eks(EKS), { decode: { machineType: 'p5.48xlarge', gpus: 4, capacityTypes: [CapacityType.SPOT, CapacityType.SPOT] } }),
      /decode\.capacityTypes must not repeat a capacity type \(got \["spot","spot"\]\)/],
    ['placement group name and id', () => Cloud.eks({ ...EKS, placementGroupName: 'a', placementGroupId: 'pg-1' }), /cloud\.placementGroupName and cloud\.placementGroupId are mutually exclusive/],
    ['bad placement group id', () => Cloud.eks({ ...EKS, placementGroupId: 'placement-1' }), /cloud\.placementGroupId must be a placement group id/],
    ['public IP with multiple EFA', () => disagg(Cloud.eks({ ...EKS, associatePublicIPAddress: true })), /cloud\.associatePublicIPAddress must not be true for the prefill pool/],
    ['small volume', () => Cloud.eks({ ...EKS, volumeSize: Size.gibibytes(10) }), /cloud\.volumeSize must be an integer between 20 and 16384/],
    ['node limit below the pods', () => disagg(Cloud.eks({ ...EKS, poolNodeLimits: { decode: 1 } })), /cloud\.poolNodeLimits\.decode must be an integer >= 2/],
    ['node limit for no pool', () => disagg(Cloud.eks({ ...EKS, poolNodeLimits: { workers: 3 } })), /cloud\.poolNodeLimits must name worker pools of the deployment \(got "workers"\)/],
    ['fractional consolidateAfter', () => Cloud.eks({ ...EKS, consolidateAfter: Duration.millis(1500) }), /cloud\.consolidateAfter must be an integer >= 1/],
    ['long node pool name', () => disagg(Cloud.eks(EKS), {
      name: 'a'.repeat(52), prefill: { machineType: 'p5.48xlarge', gpus: 4, componentName: 'p' }, decode: { machineType: 'p5.48xlarge', gpus: 4, componentName: 'd' },
    }), /^name must keep the prefill node pool name "llm-a{52}-prefill" \(<namespace>-<name>-prefill\) within 63 characters, the limit of the karpenter\.sh\/nodepool label \(got 64\); shorten the name or the namespace by 1 characters/],
    // CEL rules of EC2NodeClass.networkInterfaces.
    ['layout without the primary interface', () => Cloud.eks({ ...EKS, efaInterfaces: EfaInterfaces.custom([{ networkCardIndex: 0, deviceIndex: 1, interfaceType: NetworkInterfaceType.EFA_ONLY }]) }),
      /cloud\.efaInterfaces must include the primary interface/],
    ['layout with a repeated pair', () => Cloud.eks({ ...EKS, efaInterfaces: EfaInterfaces.custom([
      { networkCardIndex: 0, deviceIndex: 0, interfaceType: NetworkInterfaceType.INTERFACE }, { networkCardIndex: 1, deviceIndex: 0, interfaceType: NetworkInterfaceType.EFA_ONLY },
      { networkCardIndex: 1, deviceIndex: 0, interfaceType: NetworkInterfaceType.INTERFACE }]) }), /cloud\.efaInterfaces must not repeat a \(networkCardIndex, deviceIndex\) pair \(got "1\/0"\)/],
    ['layout with two efa-only on a card', () => Cloud.eks({ ...EKS, efaInterfaces: EfaInterfaces.custom([
      { networkCardIndex: 0, deviceIndex: 0, interfaceType: NetworkInterfaceType.INTERFACE }, { networkCardIndex: 1, deviceIndex: 0, interfaceType: NetworkInterfaceType.EFA_ONLY },
      { networkCardIndex: 1, deviceIndex: 1, interfaceType: NetworkInterfaceType.EFA_ONLY }]) }), /cloud\.efaInterfaces must have at most one efa-only interface per network card \(got 1\)/],
    ['layout with a negative index', () => Cloud.eks({ ...EKS, efaInterfaces: EfaInterfaces.custom([{ networkCardIndex: -1, deviceIndex: 0, interfaceType: NetworkInterfaceType.INTERFACE }]) }),
      /cloud\.efaInterfaces\[0\]\.networkCardIndex must be an integer >= 0/],
    ['layout with too few EFA for the pods', () => disagg(Cloud.eks({ ...EKS, efaInterfaces: EfaInterfaces.custom([
      { networkCardIndex: 0, deviceIndex: 0, interfaceType: NetworkInterfaceType.INTERFACE }, { networkCardIndex: 0, deviceIndex: 1, interfaceType: NetworkInterfaceType.EFA_ONLY }]) })),
    /cloud\.efaInterfaces must give the prefill pool between 16 \(EFA per pod\) and 32/],
    // Ingress.
    ['gateway on EKS', () => aggregated(Cloud.eks(EKS), { api: IngressApi.GATEWAY }), /ingress\.api must be IngressApi\.INGRESS on Cloud\.eks\(\)/],
    ['tls secret on EKS', () => aggregated(Cloud.eks(EKS), { host: 'llm.example.com', tlsSecret: SecretRef.fromSecretName('tls') }), /ingress\.tlsSecret is not used by the ALB on Cloud\.eks\(\)/],
    ['bad certificate ARN', () => aggregated(Cloud.eks(EKS), { host: 'llm.example.com', certificateArn: 'cert-1' }), /ingress\.certificateArn must be an ACM certificate ARN/],
    ['certificate without host', () => aggregated(Cloud.eks(EKS), { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }), /ingress\.certificateArn needs ingress\.host/],
    ['generated annotation overridden', () => aggregated(Cloud.eks(EKS), { annotations: { 'alb.ingress.kubernetes.io/scheme': 'internal' } }), /ingress\.annotations must not set alb\.ingress\.kubernetes\.io\/scheme/],
    ['short timeout', () => aggregated(Cloud.eks(EKS), { timeout: Duration.seconds(30) }), /ingress\.timeout must be a whole number of seconds between 60 and 4000/],
    // Auto Mode.
    ['Auto Mode: placement group', () => Cloud.eksAutoMode({ placementGroupName: 'pg' } as EksAutoModeOptions), /cloud\.placementGroupName is not supported by Cloud\.eksAutoMode\(\): the Auto Mode NodeClass has no placement group selector/],
    ['Auto Mode: NIC layout', () => Cloud.eksAutoMode({ efaInterfaces: EfaInterfaces.EFA_ONLY } as EksAutoModeOptions), /cloud\.efaInterfaces is not supported by Cloud\.eksAutoMode\(\)/],
    ['Auto Mode: AMI choice', () => Cloud.eksAutoMode({ ami: AMI } as EksAutoModeOptions), /cloud\.ami is not supported by Cloud\.eksAutoMode\(\): Auto Mode picks and patches the AMI/],
    ['Auto Mode: hugepages', () => Cloud.eksAutoMode({ efaHugePages: true } as EksAutoModeOptions), /cloud\.efaHugePages is not supported by Cloud\.eksAutoMode\(\): hugepages need host configuration/],
    ['Auto Mode: RAID0 / volume', () => Cloud.eksAutoMode({ volumeSize: Size.gibibytes(500) } as EksAutoModeOptions), /cloud\.volumeSize is not supported by Cloud\.eksAutoMode\(\)/],
    ['Auto Mode: NodeClass without role', () => Cloud.eksAutoMode({ subnetIds: ['subnet-0a1b'] }), /cloud\.nodeRole is required for a custom Auto Mode NodeClass/],
    ['Auto Mode: NodeClass without security groups', () => Cloud.eksAutoMode({ nodeRole: 'r', subnetIds: ['subnet-0a1b'] }), /cloud\.securityGroupTags or cloud\.securityGroupIds \(exactly one\)/],
    ['Auto Mode: ephemeral IOPS', () => Cloud.eksAutoMode({ nodeRole: 'r', subnetIds: ['subnet-0a1b'], securityGroupIds: ['sg-1'], ephemeralStorageIops: 100 }),
      /cloud\.ephemeralStorageIops must be an integer between 3000 and 16000/],
    ['Auto Mode: reserved capacity', () => disagg(Cloud.eksAutoMode(), { decode: { machineType: 'p5.48xlarge', gpus: 4, capacityTypes: [CapacityType.RESERVED] } }),
      /decode\.capacityTypes must list capacity types Cloud\.eksAutoMode\(\) can provision \(on-demand, spot\) \(got "reserved"\)/],
    ['Auto Mode: NIXL without RDMA', () => disagg(Cloud.eksAutoMode(), { prefill: { machineType: 'g6e.xlarge', gpus: 1 }, decode: { machineType: 'g6e.xlarge', gpus: 1 } }),
      /prefill\.machineType must give the prefill pool an RDMA fabric NIXL can use/],
    ['Auto Mode: group.name annotation', () => aggregated(Cloud.eksAutoMode(), { annotations: { 'alb.ingress.kubernetes.io/group.name': 'g' } }),
      /ingress\.annotations must not set alb\.ingress\.kubernetes\.io\/group\.name, which EKS Auto Mode does not support/],
    ['Auto Mode: internal with an existing class', () => aggregated(Cloud.eksAutoMode(), { className: 'alb', internal: true }),
      /ingress\.internal is not applied by Cloud\.eksAutoMode\(\) with the existing class "alb" \(its IngressClassParams decide it\)/],
    ['Auto Mode: gateway', () => aggregated(Cloud.eksAutoMode(), { api: IngressApi.GATEWAY }), /ingress\.api must be IngressApi\.INGRESS on Cloud\.eksAutoMode\(\)/],
  ];
  test.each(cases)('%s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });
});

describe('examples', () => {
  test('eks-llama-70b-efa: p5.48xlarge pools over EFA as the reference wires them', () => {
    const chart = newChart(eksLlama70bEfa.namespace);
    addPattern(chart, eksLlama70bEfa);
    const objs = synthValid(chart);
    expect(objs.map((o) => o.kind).sort()).toStrictEqual([
      'DynamoGraphDeployment', 'EC2NodeClass', 'EC2NodeClass', 'Ingress', 'Job', 'NodePool', 'NodePool', 'PersistentVolumeClaim', 'PodDisruptionBudget',
      'StorageClass',
    ]);
    const dgd = only(objs, 'DynamoGraphDeployment');
    for (const name of ['VllmPrefillWorker', 'VllmDecodeWorker']) {
      const c = main(dgd, name);
      // 16 of the 32 EFA for 4 of the 8 GPUs; FI_PROVIDER=efa; LIBFABRIC; IPC_LOCK; the -efa image.
      expect(c.resources.limits['vpc.amazonaws.com/efa']).toBe('16');
      expect(envOf(c).FI_PROVIDER).toBe('efa');
      expect(c.args.join(' ')).toContain('"backends":["LIBFABRIC"]');
      expect(c.securityContext.capabilities.add).toStrictEqual(['IPC_LOCK']);
      expect(c.image.endsWith('-efa')).toBe(true);
    }
    const nodeClass = ofKind(objs, 'EC2NodeClass', 'llm-llama-70b-efa-decode').spec;
    expect([nodeClass.placementGroupSelector, nodeClass.networkInterfaces.length, nodeClass.instanceStorePolicy]).toStrictEqual([{ name: 'inference-p5-cluster' }, 33, 'RAID0']);
    expect(only(objs, 'StorageClass').provisioner).toBe('efs.csi.aws.com');
  });

  test('eks-auto-mode-aggregated: a g6e pool on the default NodeClass, Auto Mode ALB, no RDMA', () => {
    const chart = newChart(eksAutoModeAggregated.namespace);
    addPattern(chart, eksAutoModeAggregated);
    const objs = synthValid(chart);
    expect(objs.map((o) => o.kind).sort()).toStrictEqual([
      'DynamoGraphDeployment', 'Ingress', 'IngressClass', 'IngressClassParams', 'Job', 'NodePool', 'PersistentVolumeClaim', 'StorageClass',
    ]);
    const pool = only(objs, 'NodePool').spec;
    expect(pool.template.spec.requirements[1].values).toStrictEqual(['on-demand', 'spot']);
    expect(main(only(objs, 'DynamoGraphDeployment'), 'VllmDecodeWorker').resources.limits).toStrictEqual({ 'nvidia.com/gpu': '1' });
    expect(only(objs, 'IngressClassParams').spec.loadBalancerAttributes).toStrictEqual([{ key: 'idle_timeout.timeout_seconds', value: '600' }]);
  });
});

describe('mixed GPU tiers', () => {
  test('eks-mixed-tier: H100 prefill and A100 decode get their own NodePools, capacity and EFA share, one NIXL backend', () => {
    // GIVEN / WHEN
    const chart = newChart('llm');
    const llm = addPattern(chart, eksMixedTier);
    const objs = synthValid(chart);
    const dgd = only(objs, 'DynamoGraphDeployment');
    const requirement = (pool: Manifest, key: string) => pool.spec.template.spec.requirements.find((r: Manifest) => r.key === key).values;
    const prefillPool = ofKind(objs, 'NodePool', 'llm-llama-8b-mixed-prefill');
    const decodePool = ofKind(objs, 'NodePool', 'llm-llama-8b-mixed-decode');
    // THEN
    expect(requirement(prefillPool, 'node.kubernetes.io/instance-type')).toStrictEqual(['p5.48xlarge']);
    expect(requirement(decodePool, 'node.kubernetes.io/instance-type')).toStrictEqual(['p4de.24xlarge']);
    expect(requirement(prefillPool, 'karpenter.sh/capacity-type')).toStrictEqual(['on-demand']);
    expect(requirement(decodePool, 'karpenter.sh/capacity-type')).toStrictEqual(['spot', 'on-demand']);
    // 2 of p5's 8 GPUs take 8 of its 32 EFA; 4 of p4de's 8 GPUs take 2 of its 4.
    expect(main(dgd, 'VllmPrefillWorker').resources.limits['vpc.amazonaws.com/efa']).toBe('8');
    expect(main(dgd, 'VllmDecodeWorker').resources.limits['vpc.amazonaws.com/efa']).toBe('2');
    expect(component(dgd, 'VllmDecodeWorker').podTemplate.spec.nodeSelector).toStrictEqual({ 'karpenter.sh/nodepool': 'llm-llama-8b-mixed-decode' });
    expect(llm.endpointCard.kvTransferBackend).toBe('NIXL (LIBFABRIC)');
    expect(llm.endpointCard.pools.decode.placement).toBe('p4de.24xlarge (8 × NVIDIA A100 80GB), EFA × 2, NIXL LIBFABRIC');
  });
});
