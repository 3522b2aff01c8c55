import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, Backend, Cloud, DgdApiVersion, DisaggregatedLlm, DynamoVersion, GpuType, ModelCache, ModelDownloadJob, Planner,
} from '../lib';
import { MachineShape } from '../lib/cloud/machine-shape';
import { RdmaFabric } from '../lib/cloud/rdma-fabric';
import { defaultWorkerResources, reservedCpuMillis, reservedMemoryMiB } from '../lib/patterns/graph/worker-resources';
import { goDurationSeconds } from '../lib/pulumi/go-duration';
import { component, main, Manifest, newChart, only, synthValid, validationError } from './support/synth';
import { assertSafeDefaults } from './support/safe-defaults';
import { EKS_OPTIONS } from './support/eks-options';

const EKS = EKS_OPTIONS;
const SHA = '0123456789abcdef0123456789abcdef01234567';
const dgdOf = (objs: Manifest[]) => only(objs, 'DynamoGraphDeployment');
const resourcesOf = (dgd: Manifest, name: string) => main(dgd, name).resources;

function aggregated(props: Partial<ConstructorParameters<typeof AggregatedLlm>[2]> = {}): Manifest[] {
  const chart = newChart();
  new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-8B', ...props });
  const objs = synthValid(chart);
  assertSafeDefaults(objs);
  return objs;
}

describe('frontend resources', () => {
  test('default to requests of 1 CPU and 2Gi (any node schedules them) with a 16Gi memory limit and no CPU limit', () => {
    expect(resourcesOf(dgdOf(aggregated()), 'Frontend')).toStrictEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '16Gi' } });
  });

  test('each resource the user sets replaces its default; the others stay', () => {
    // GIVEN a CPU request and an ephemeral-storage limit
    const objs = aggregated({ frontend: { resources: { cpu: { request: Cpu.millis(500) }, ephemeralStorage: { limit: Size.gibibytes(1) } } } });
    // THEN the memory default stays
    expect(resourcesOf(dgdOf(objs), 'Frontend')).toStrictEqual({
      requests: { 'cpu': '500m', 'memory': '2Gi' },
      limits: { 'memory': '16Gi', 'ephemeral-storage': '1Gi' },
    });
    // AND a memory limit alone replaces the memory default (Kubernetes requests the limit)
    const limitOnly = aggregated({ frontend: { resources: { memory: { limit: Size.gibibytes(8) } } } });
    expect(resourcesOf(dgdOf(limitOnly), 'Frontend')).toStrictEqual({ requests: { cpu: '1' }, limits: { memory: '8Gi' } });
  });

  test('are rendered into the v1alpha1 service resources', () => {
    const objs = aggregated({ dynamoVersion: DynamoVersion.V1_1_0 });
    expect(dgdOf(objs).spec.services.Frontend.resources).toStrictEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '16Gi' } });
  });
});

describe('a replicated frontend', () => {
  const SELECTOR = { 'nvidia.com/dynamo-graph-deployment-name': 'qwen', 'nvidia.com/dynamo-component': 'Frontend' };

  test('of one replica gets no budget and no spread', () => {
    const objs = aggregated();
    expect(objs.filter((o) => o.kind === 'PodDisruptionBudget')).toStrictEqual([]);
    expect(component(dgdOf(objs), 'Frontend').podTemplate.spec.affinity).toBeUndefined();
  });

  test('of 3 replicas gets a PodDisruptionBudget keeping 2 up, and spreads over nodes', () => {
    // GIVEN / WHEN
    const objs = aggregated({ namespace: 'serving', labels: { team: 'ml' }, frontend: { replicas: 3 } });
    // THEN
    expect(only(objs, 'PodDisruptionBudget')).toStrictEqual({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'qwen-frontend', namespace: 'serving', labels: { team: 'ml' } },
      spec: { minAvailable: 2, selector: { matchLabels: SELECTOR }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    });
    expect(component(dgdOf(objs), 'Frontend').podTemplate.spec.affinity).toStrictEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: SELECTOR } } },
        ],
      },
    });
  });

  test('keeps the user\'s affinity and adds the spread to it', () => {
    // GIVEN the user's node affinity and zone anti-affinity, and a renamed frontend
    const userTerm = { weight: 50, podAffinityTerm: { topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { app: 'x' } } } };
    const nodeAffinity = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['cpu'] }] }] } };
    const objs = aggregated({
      frontend: { replicas: 2, componentName: 'Api', affinity: { nodeAffinity, podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [userTerm] } } },
    });
    // THEN
    const affinity = component(dgdOf(objs), 'Api').podTemplate.spec.affinity;
    expect(affinity.nodeAffinity).toStrictEqual(nodeAffinity);
    expect(affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toStrictEqual([
      { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { ...SELECTOR, 'nvidia.com/dynamo-component': 'Api' } } } },
      userTerm,
    ]);
    expect(only(objs, 'PodDisruptionBudget').metadata.name).toBe('qwen-api');
  });

  test('is covered in a v1alpha1 graph too (extraPodSpec affinity)', () => {
    const objs = aggregated({ apiVersion: DgdApiVersion.V1ALPHA1, frontend: { replicas: 2 } });
    expect(only(objs, 'PodDisruptionBudget').spec.minAvailable).toBe(1);
    expect(dgdOf(objs).spec.services.Frontend.extraPodSpec.affinity.podAntiAffinity).toBeDefined();
  });
});

describe('planner resources', () => {
  const disagg = (planner: Planner) => {
    const chart = newChart();
    new DisaggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-8B', allowTcpKvTransfer: true, planner });
    const objs = synthValid(chart);
    assertSafeDefaults(objs);
    return dgdOf(objs);
  };

  test('default to requests of 512m CPU and 1Gi with a 4Gi memory limit', () => {
    expect(resourcesOf(disagg(Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 8 })), 'Planner'))
      .toStrictEqual({ requests: { cpu: '512m', memory: '1Gi' }, limits: { memory: '4Gi' } });
  });

  test('take the user\'s resources, per resource', () => {
    const planner = Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 8, resources: { memory: { request: Size.gibibytes(4), limit: Size.gibibytes(4) } } });
    expect(resourcesOf(disagg(planner), 'Planner')).toStrictEqual({ requests: { cpu: '512m', memory: '4Gi' }, limits: { memory: '4Gi' } });
  });

  test('reject a request above its limit', () => {
    expect(validationError(() => Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 8, resources: { cpu: { request: Cpu.units(2), limit: Cpu.units(1) } } })).prop)
      .toMatch(/^planner\.resources/);
  });
});

describe('worker resources', () => {
  test('default to the minimum (2 CPU, 8Gi) and 2Gi of ephemeral storage on a cloud without a catalog', () => {
    expect(resourcesOf(dgdOf(aggregated()), 'VllmDecodeWorker')).toStrictEqual({
      requests: { 'cpu': '2', 'memory': '8Gi', 'ephemeral-storage': '2Gi', 'nvidia.com/gpu': '1' },
      limits: { 'nvidia.com/gpu': '1' },
    });
  });

  test('default to the pod\'s share of its machine, less the system reserve (4 of the 8 GPUs of a p5.48xlarge)', () => {
    // GIVEN p5.48xlarge: 192 vCPUs, 2 TiB
    const objs = aggregated({ cloud: Cloud.eks(EKS), workers: { machineType: 'p5.48xlarge', gpus: 4 } });
    // THEN CPU: 192 - 0.55 (kubelet) - 1.92 (1%) - 9.6 (DaemonSets, 5%) = 179.9, / 2 = 89.96;
    // memory: 2048 GiB - 47.7 (kubelet tiers) - 0.1 (eviction) - 41 (kernel, 2%) - 102.4 (DaemonSets, 5%) = 1856.8, / 2 = 928.4 GiB
    expect(resourcesOf(dgdOf(objs), 'VllmDecodeWorker').requests).toMatchObject({ 'cpu': '89', 'memory': '928Gi', 'ephemeral-storage': '2Gi' });
  });

  test('take the smallest share over a GPU type\'s machines, and the minimum for what the catalog does not record', () => {
    // GIVEN H100 on EKS: p5.48xlarge (8 GPUs) and p5.4xlarge (1 GPU, 16 vCPUs, 256 GiB)
    const eks = aggregated({ cloud: Cloud.eks(EKS), workers: { gpuType: GpuType.H100_80GB, gpus: 1 } });
    expect(resourcesOf(dgdOf(eks), 'VllmDecodeWorker').requests).toMatchObject({ cpu: '14', memory: '226Gi' });
    // AND an AKS machine whose memory the catalog does not record (Standard_ND96isr_H100_v5: 96 vCPUs)
    const aks = aggregated({ cloud: Cloud.aks(), workers: { machineType: 'Standard_ND96isr_H100_v5', gpus: 8 } });
    expect(resourcesOf(dgdOf(aks), 'VllmDecodeWorker').requests).toMatchObject({ cpu: '89', memory: '8Gi' });
  });

  test('give each pod of a multi-node worker the share of its own node', () => {
    const chart = newChart();
    new DisaggregatedLlm(chart, 'llm', {
      model: 'deepseek-ai/DeepSeek-R1', backend: Backend.sglang(), cloud: Cloud.eks(EKS),
      prefill: { machineType: 'p5.48xlarge', nodes: 2, gpus: 8, tensorParallelSize: 16 },
      decode: { machineType: 'p5.48xlarge', nodes: 2, gpus: 8, tensorParallelSize: 16 },
    });
    const dgd = dgdOf(synthValid(chart));
    expect(main(dgd, 'prefill').resources.requests).toMatchObject({ cpu: '179', memory: '1856Gi' });
  });

  test('each resource the user sets replaces its default; the others stay', () => {
    const objs = aggregated({ cloud: Cloud.eks(EKS), workers: { machineType: 'p5.48xlarge', gpus: 4, resources: { memory: { request: Size.gibibytes(100) } } } });
    expect(resourcesOf(dgdOf(objs), 'VllmDecodeWorker').requests).toMatchObject({ 'cpu': '89', 'memory': '100Gi', 'ephemeral-storage': '2Gi' });
  });
});

describe('the worker share', () => {
  const shape = (vcpus: number | undefined, memoryMiB: number | undefined, gpuCount = 1): MachineShape => ({
    name: 'x', gpuType: GpuType.L4, gpuCount, gpuMemoryMiB: 24576, fabric: RdmaFabric.NONE, rdmaDevices: 0, vcpus, memoryMiB,
  });

  test('reserves the kubelet\'s, the DaemonSets\' and the kernel\'s share of the node', () => {
    // 4 vCPUs: 60 + 10 + 5 + 5 (kubelet) + 40 (1%) + 1000 (DaemonSets)
    expect(reservedCpuMillis(4)).toBeCloseTo(1120);
    // 16 GiB: 1024 + 819.2 + 819.2 (kubelet) + 100 (eviction) + 327.68 (kernel) + 4096 (DaemonSets)
    expect(reservedMemoryMiB(16384)).toBeCloseTo(7186.08);
  });

  test('fits the smallest catalog machines (4 vCPUs, 16 GiB) at the documented minimum', () => {
    expect(defaultWorkerResources([shape(4, 16384)], 1)).toMatchObject({ cpu: { request: Cpu.units(2) }, memory: { request: Size.gibibytes(8) } });
  });

  test('rounds down below one CPU or one GiB, with a floor of 100m and 256Mi', () => {
    const r = defaultWorkerResources([shape(2, 6144, 2)], 1);
    expect([r.cpu?.request?.amount, r.memory?.request?.asString()]).toStrictEqual(['400m', '256Mi']);
  });

  test('falls back to the minimum for a pod without GPUs or without shapes', () => {
    for (const r of [defaultWorkerResources([shape(192, 2097152, 8)], 0), defaultWorkerResources([], 4), defaultWorkerResources([shape(undefined, undefined)], 1)]) {
      expect([r.cpu?.request?.amount, r.memory?.request?.asString(), r.ephemeralStorage?.request?.asString()]).toStrictEqual(['2', '8Gi', '2Gi']);
    }
  });
});

describe('the model download Job', () => {
  const job = (props: Partial<ConstructorParameters<typeof ModelDownloadJob>[2]> = {}) => {
    const chart = newChart();
    const j = new ModelDownloadJob(chart, 'dl', { model: 'Qwen/Qwen3-0.6B', revision: SHA, claimName: 'cache', ...props });
    const obj = only(synthValid(chart), 'Job');
    return { j, obj };
  };

  test('is deleted 7 days after it finishes, stops after 24 hours, and requests 2 CPU and 64Gi with a 64Gi limit', () => {
    const { obj } = job();
    expect(obj.spec).toMatchObject({ ttlSecondsAfterFinished: 604800, activeDeadlineSeconds: 86400, backoffLimit: 3 });
    expect(obj.spec.template.spec.containers[0].resources).toStrictEqual({ requests: { cpu: '2', memory: '64Gi' }, limits: { memory: '64Gi' } });
    assertSafeDefaults([obj]);
  });

  test('takes its deadline and time to live from its props', () => {
    expect(job({ activeDeadline: Duration.hours(6), ttlAfterFinished: Duration.seconds(0) }).obj.spec)
      .toMatchObject({ activeDeadlineSeconds: 21600, ttlSecondsAfterFinished: 0 });
  });

  test('rejects a deadline that is not whole seconds or under a second, and a time to live in fractions of a second', () => {
    expect(validationError(() => job({ activeDeadline: Duration.millis(1500) })).message)
      .toBe('activeDeadline must be whole seconds, at least 1 (got "1.5s"); use e.g. Duration.hours(24)');
    expect(validationError(() => job({ activeDeadline: Duration.seconds(0) })).prop).toBe('activeDeadline');
    expect(validationError(() => job({ ttlAfterFinished: Duration.millis(500) })).message)
      .toBe('ttlAfterFinished must be whole seconds, at least 0 (got "0.5s"); use e.g. Duration.days(7)');
  });

  test('gets a new name when its pod template changes, and keeps it otherwise', () => {
    const a = job().j.jobName;
    expect(job().j.jobName).toBe(a);
    expect(job({ activeDeadline: Duration.hours(5) }).j.jobName).toBe(a);
    expect(job({ labels: { team: 'ml' } }).j.jobName).not.toBe(a);
    expect(job({ image: 'mirror/python:3.12-slim' }).j.jobName).not.toBe(a);
  });

  test('can be given another deadline after it is built (the Pulumi engine\'s modelDownloadTimeout)', () => {
    const chart = newChart();
    const j = new ModelDownloadJob(chart, 'dl', { model: 'Qwen/Qwen3-0.6B', claimName: 'cache' });
    j._setActiveDeadline(goDurationSeconds('45m'));
    expect(only(synthValid(chart), 'Job').spec.activeDeadlineSeconds).toBe(2700);
  });

  test('in a pattern, follows the safe defaults', () => {
    const objs = aggregated({ modelCache: ModelCache.newVolume({ storageClass: 'efs-sc', size: Size.gibibytes(50) }) });
    expect(only(objs, 'Job').spec).toMatchObject({ ttlSecondsAfterFinished: 604800, activeDeadlineSeconds: 86400 });
  });
});

describe('Go durations (Pulumi timeouts)', () => {
  test('are read in every unit', () => {
    expect(['2h', '90m', '2h30m', '1.5h', '45s', '500ms', '1h0m0.5s'].map(goDurationSeconds)).toStrictEqual([7200, 5400, 9000, 5400, 45, 0.5, 3600.5]);
  });
});

describe('the endpoint card', () => {
  const card = (modelRevision?: string) => {
    const chart = newChart();
    const c = new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-8B', modelRevision }).endpointCard;
    // Only the revision's warnings (the GPU of a generic cloud without gpuType is unknown: sizing warns too).
    return { ...c, warnings: c.warnings.filter((w) => w.startsWith('modelRevision')) };
  };

  test('shows an unpinned model revision and warns about it', () => {
    expect(card()).toMatchObject({
      modelRevision: 'unpinned (default branch at download time)',
      modelRevisionPinned: false,
      warnings: ['modelRevision is not set: every download takes the repository\'s default branch at that time, so pods started after the repository changes serve other weights; pin a commit sha with modelRevision'],
    });
  });

  test('shows a pinned commit without warnings, and warns about a branch', () => {
    expect(card(SHA)).toMatchObject({ modelRevision: SHA, modelRevisionPinned: true, warnings: [] });
    expect(card('main')).toMatchObject({
      modelRevision: 'main',
      modelRevisionPinned: false,
      warnings: ['modelRevision "main" is a branch or tag, not a commit sha: it moves when the repository changes; pin a commit sha'],
    });
  });
});

