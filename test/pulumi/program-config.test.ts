import * as pulumi from '@pulumi/pulumi';
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import {
  AksGpuDriver, AksImageFamily, AksRdmaResource, Backend, BundledChart, CapacityType, Cloud, DashboardDelivery, DgdApiVersion, DynamoVersion, EnvValue, GpuMetrics, GpuType, IngressApi, LoadPredictor, NixlBackend, RdmaFabric,
  RouterMode, Scraping, SecretRef, WhenUnsatisfiable,
} from '../../lib';
import type { EksOptions } from '../../lib';
import { readStackConfig } from '../../stacks/pulumi/config';
import { stackConfigReader } from '../support/stack-config';

// The program's config reading, area by area, and every error path. Reading needs no mocks: only the
// config map, set per test under a project namespace of its own.

const MODEL = { model: 'Qwen/Qwen3-0.6B' };
const DISAGG = { ...MODEL, mode: 'disaggregated' };
const TOKEN = 'hf_ConfigToken0123456789abcdef';

/** Reads values as the stack config (objects as Pulumi stores them: JSON). */
const read = stackConfigReader('cfg');

/** The options the cloud profile was made with (private to the profile: what the config reading passed). */
function profileOptions(cloud: Cloud | undefined): unknown {
  return (cloud?.profile as unknown as { options: unknown }).options;
}

/** The message of the error reading `values` throws. */
function error(values: Record<string, unknown>): string {
  try {
    read(values);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('reading the config did not fail');
}

describe('reading the stack config, area by area', () => {
  test('the top-level props, by name or as the library spells them', () => {
    const spec = read({
      ...MODEL, name: 'qwen', servedModelName: 'qwen-small', modelRevision: 'c1899de289a04d12100db370d81485cdf75e47ca', backend: 'sglang',
      dynamoVersion: '1.5.1', apiVersion: 'v1alpha1', namespace: 'llm', createNamespace: 'true', image: 'registry.example.com/dynamo:1.5.1',
      trustRemoteCode: 'false', labels: { team: 'llm', tier: 1 }, annotations: { 'example.com/owner': 'platform' }, imagePullSecrets: ['regcred'],
      modelDownloadTimeout: '90m', replaceOnImmutableChange: 'true',
    });
    expect(spec.name).toBe('qwen');
    expect(spec.args).toStrictEqual({
      ...MODEL, name: 'qwen', servedModelName: 'qwen-small', modelRevision: 'c1899de289a04d12100db370d81485cdf75e47ca', backend: Backend.sglang(),
      dynamoVersion: DynamoVersion.of('1.5.1'), apiVersion: DgdApiVersion.V1ALPHA1, namespace: 'llm', createNamespace: true,
      image: 'registry.example.com/dynamo:1.5.1', trustRemoteCode: false, labels: { team: 'llm', tier: '1' }, annotations: { 'example.com/owner': 'platform' },
      imagePullSecrets: [{ name: 'regcred' }], modelDownloadTimeout: '90m', replaceOnImmutableChange: true, hfToken: undefined,
    });
  });

  test('the frontend', () => {
    const spec = read({
      ...MODEL,
      frontend: {
        replicas: 2, routerMode: 'kv-approximate', resources: { cpu: { request: '500m', limit: 2 }, memory: { request: '2Gi' } },
        extraArgs: ['--migration-limit', '3'], env: { DYN_LOG: 'debug' }, image: 'frontend:1', componentName: 'Router',
        tolerations: [{ key: 'dedicated', operator: 'Exists' }], nodeSelector: { pool: 'cpu' }, affinity: { nodeAffinity: {} },
        podAnnotations: { a: 'b' }, podLabels: { c: 'd' },
      },
    });
    expect(spec.args.frontend).toStrictEqual({
      replicas: 2, routerMode: RouterMode.KV_APPROXIMATE, resources: { cpu: { request: Cpu.millis(500), limit: Cpu.units(2) }, memory: { request: Size.gibibytes(2) } },
      extraArgs: ['--migration-limit', '3'], env: { DYN_LOG: EnvValue.fromValue('debug') }, image: 'frontend:1', componentName: 'Router',
      tolerations: [{ key: 'dedicated', operator: 'Exists' }], nodeSelector: { pool: 'cpu' }, affinity: { nodeAffinity: {} },
      podAnnotations: { a: 'b' }, podLabels: { c: 'd' },
    });
  });

  test('a worker pool: placement by name, sizes, parallelism, engine tuning and the container', () => {
    const spec = read({
      ...MODEL,
      workers: {
        machineType: 'p5.48xlarge', gpuType: 'h100-80gb', capacityTypes: ['spot', 'on-demand'], rdmaDevices: 16, replicas: '2', gpus: 8, nodes: 1,
        tensorParallelSize: 4, pipelineParallelSize: 1, dataParallelSize: 2, expertParallelSize: 8, maxModelLen: 32768, maxNumSeqs: 128,
        gpuMemoryUtilization: '0.85', kvCacheDtype: 'fp8', kvBlockSize: 32, maxNumTokens: 8192, enableChunkedPrefill: 'true', enableBlockReuse: false,
        cudaGraphBatchSizes: [1, 2, 4], cudaGraphMaxBatchSize: 64, engineConfig: { kv_cache_config: { free_gpu_memory_fraction: 0.8 } },
        sharedMemorySize: '16Gi', extraResources: { 'vpc.amazonaws.com/efa': '16' }, extraArgs: ['--enforce-eager'], command: ['python3', '-m', 'dynamo.vllm'],
        workingDir: '/workspace', securityContext: { runAsUser: 1000 }, scalingAdapter: true, componentName: 'Worker',
      },
    });
    expect(spec.args.workers).toMatchObject({
      machineType: 'p5.48xlarge', gpuType: GpuType.H100_80GB, capacityTypes: [CapacityType.SPOT, CapacityType.ON_DEMAND], rdmaDevices: 16, replicas: 2,
      dataParallelSize: 2, gpuMemoryUtilization: 0.85, enableChunkedPrefill: true, enableBlockReuse: false, cudaGraphBatchSizes: [1, 2, 4],
      engineConfig: { kv_cache_config: { free_gpu_memory_fraction: 0.8 } }, sharedMemorySize: Size.gibibytes(16), extraResources: { 'vpc.amazonaws.com/efa': '16' },
      command: ['python3', '-m', 'dynamo.vllm'], workingDir: '/workspace', securityContext: { runAsUser: 1000 }, scalingAdapter: true, componentName: 'Worker',
    });
    expect(String(spec.args.workers?.kvCacheDtype)).toBe('fp8');
  });

  test('a GPU type the catalog lacks, as {id, displayName, memoryGb}', () => {
    // An id of this file's own: custom values are registered process-wide, and other test files share the worker.
    const spec = read({ ...MODEL, workers: { gpuType: { id: 'program-config-gpu', displayName: 'NVIDIA RTX PRO 6000', memoryGb: 96 } } });
    expect(spec.args.workers?.gpuType).toBe(GpuType.custom({ id: 'program-config-gpu', displayName: 'NVIDIA RTX PRO 6000', memoryGb: 96 }));
  });

  test('modelArchitecture: a catalog id, or the numbers of a config.json', () => {
    // GIVEN / WHEN / THEN a catalog id gives the catalog's row
    expect(read({ ...MODEL, modelArchitecture: 'meta-llama/Llama-3.3-70B-Instruct' }).args.modelArchitecture?.kvCacheBytesPerToken()).toBe(327680);
    // the numbers of a model the catalog lacks, with a weight type by name
    const custom = read({ ...MODEL, modelArchitecture: {
      name: 'my-org/my-8b', parameters: 8030261248, numHiddenLayers: 32, numKeyValueHeads: 8, headDim: 128, maxPositionEmbeddings: 131072, weightDtype: 'fp8',
    } }).args.modelArchitecture;
    expect(custom?.weightBytes()).toBe(8030261248);
    expect(custom?.kvCacheBytesPerToken()).toBe(131072);
    // an unknown id lists the catalog; a wrong number names the config key
    expect(error({ ...MODEL, modelArchitecture: 'my-org/unknown' })).toMatch(/^config modelArchitecture must be one of .*meta-llama\/Llama-3\.3-70B-Instruct/);
    expect(error({ ...MODEL, modelArchitecture: { name: 'x', parameters: 8e9, numHiddenLayers: 0, numKeyValueHeads: 8, headDim: 128, maxPositionEmbeddings: 8192 } }))
      .toMatch(/^config modelArchitecture\.numHiddenLayers must be a positive whole number \(got 0\)/);
  });

  test('env values: a literal, a Secret key, a ConfigMap key and a pod field', () => {
    const env = read({
      ...MODEL,
      workers: {
        env: {
          LOG: 'info', LIMIT: 3, API_KEY: { secret: 'openai', key: 'key', optional: true }, MODE: { configMap: 'settings', key: 'mode' },
          NODE: { fieldPath: 'spec.nodeName' },
        },
      },
    }).args.workers?.env;
    expect(env).toStrictEqual({
      LOG: EnvValue.fromValue('info'), LIMIT: EnvValue.fromValue('3'), API_KEY: EnvValue.fromSecret(SecretRef.fromSecretName('openai'), 'key', { optional: true }),
      MODE: EnvValue.fromConfigMap('settings', 'mode'), NODE: EnvValue.fromFieldPath('spec.nodeName'),
    });
  });

  test('autoscaling per pool: KEDA with every metric kind, or an HPA', () => {
    const spec = read({
      ...DISAGG,
      prefill: {
        autoscaling: {
          kind: 'hpa', maxReplicas: 4, scaleDownStabilization: '10m',
          metrics: [{ kind: 'timeToFirstToken', targetMs: 500, percentile: 0.9, window: '2m' }, { kind: 'queueDepth', targetPerReplica: 4 }],
        },
      },
      decode: {
        autoscaling: {
          kind: 'keda', minReplicas: 2, maxReplicas: 8, prometheusServerAddress: 'http://prometheus:9090', pollingInterval: '15s', cooldownPeriod: '10m',
          authenticationRef: 'prom-auth',
          metrics: [
            { kind: 'interTokenLatency', targetMs: 30 }, { kind: 'kvCacheUsage', target: 0.85 },
            { kind: 'promql', name: 'backlog', query: 'sum(x)', target: 10, perReplica: true },
          ],
        },
      },
    });
    const { prefill, decode } = spec.args;
    expect([prefill?.autoscaling?.kind, prefill?.autoscaling?.minReplicas, prefill?.autoscaling?.maxReplicas]).toStrictEqual(['HPA', 1, 4]);
    expect([decode?.autoscaling?.kind, decode?.autoscaling?.minReplicas, decode?.autoscaling?.maxReplicas]).toStrictEqual(['KEDA', 2, 8]);
    const metrics = (a: unknown) => (a as { options: { metrics: Array<{ description: string }> } }).options.metrics.map((m) => m.description);
    expect(metrics(prefill?.autoscaling)).toStrictEqual(['p90 TTFT', 'queue depth']);
    expect(metrics(decode?.autoscaling)).toStrictEqual(['p95 ITL', 'KV-cache usage', 'backlog']);
  });

  test('the SLA planner', () => {
    const planner = read({
      ...DISAGG,
      planner: {
        ttftMs: 300, itlMs: 25, maxGpus: 32, minGpus: 8, minReplicas: 1, adjustmentInterval: '3m', loadScaling: true, loadPredictor: 'prophet',
        prometheusEndpoint: 'http://prometheus:9090', advisory: true, image: 'planner:1', resources: { memory: { limit: '8Gi' } }, componentName: 'Sla',
      },
    }).args.planner;
    expect([planner?.ttftMs, planner?.itlMs, planner?.maxGpus, planner?.componentName]).toStrictEqual([300, 25, 32, 'Sla']);
    expect((planner as unknown as { options: { loadPredictor: LoadPredictor; adjustmentInterval: Duration } }).options)
      .toMatchObject({ loadPredictor: LoadPredictor.PROPHET, adjustmentInterval: Duration.minutes(3) });
  });

  test('observability, each kind of dashboard delivery, GPU metrics and scraping', () => {
    const spec = read({
      ...MODEL,
      observability: {
        slo: { ttftMs: 800, itlMs: 30, latencyPercentile: 0.99, availability: 0.999, kvCacheUsageWarning: 0.8, queueDepthWarning: 20, minKvTransferGBps: 2 },
        dashboard: true, alerts: 'false', monitorLabels: { release: 'prometheus' }, alertLabels: { team: 'llm' }, runbookUrl: 'https://runbooks.example.com',
        dashboardDelivery: { kind: 'grafanaOperator', instanceSelector: { dashboards: 'grafana' }, folder: 'Dynamo', resyncPeriod: '10m' },
        gpuMetrics: { kind: 'dcgm', podLabel: 'exported_pod', namespaceLabel: 'exported_namespace' },
        scraping: { kind: 'podMonitors', interval: '30s' },
      },
    });
    expect(spec.args.observability).toStrictEqual({
      slo: { ttftMs: 800, itlMs: 30, latencyPercentile: 0.99, availability: 0.999, kvCacheUsageWarning: 0.8, queueDepthWarning: 20, minKvTransferGBps: 2 },
      dashboard: true, alerts: false, monitorLabels: { release: 'prometheus' }, alertLabels: { team: 'llm' }, runbookUrl: 'https://runbooks.example.com',
      dashboardDelivery: DashboardDelivery.grafanaOperator({ instanceSelector: { dashboards: 'grafana' }, folder: 'Dynamo', resyncPeriod: Duration.minutes(10) }),
      gpuMetrics: GpuMetrics.dcgm({ podLabel: 'exported_pod', namespaceLabel: 'exported_namespace' }),
      scraping: Scraping.podMonitors({ interval: Duration.seconds(30) }),
    });
    const short = read({ ...MODEL, observability: { dashboardDelivery: 'configMap', gpuMetrics: 'none', scraping: 'platform' } }).args.observability;
    expect(short).toStrictEqual({ dashboardDelivery: DashboardDelivery.configMap(), gpuMetrics: GpuMetrics.NONE, scraping: Scraping.platform() });
  });

  test('the ingress', () => {
    const spec = read({
      ...MODEL,
      ingress: {
        host: 'llm.example.com', tlsSecret: 'llm-tls', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x', internal: true, timeout: '5m',
        api: 'gateway', className: 'gke-l7-rilb', annotations: { a: 'b' },
      },
    });
    expect(spec.args.ingress).toStrictEqual({
      host: 'llm.example.com', tlsSecret: { name: 'llm-tls' }, certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x', internal: true,
      timeout: Duration.minutes(5), api: IngressApi.GATEWAY, className: 'gke-l7-rilb', annotations: { a: 'b' },
    });
  });

  test.each([
    ['efs', { kind: 'efs', fileSystemId: 'fs-0123456789abcdef0', directoryPerms: '775' }, 'efs'],
    ['fsxLustre', { kind: 'fsxLustre', subnetId: 'subnet-0123456789abcdef0', securityGroupIds: ['sg-0123456789abcdef0'], deploymentType: 'scratch-2' }, 'fsx-lustre'],
    ['filestore', { kind: 'filestore', tier: 'enterprise', network: 'vpc-1' }, 'filestore'],
    ['azureFiles', { kind: 'azureFiles', premium: false }, 'azure-files'],
    ['azureBlobNfs', 'azureBlobNfs', 'azure-blob-nfs'],
  ])('a model cache on %s storage the library creates a StorageClass for', (_kind, storage, id) => {
    const cache = read({ ...MODEL, modelCache: { size: '1200Gi', storage, claimName: 'weights', downloadTimeout: '4h', mountPath: '/models' } }).args.modelCache;
    expect([cache?.newVolume?.storage?.id, cache?.newVolume?.size.asString(), cache?.claimName, cache?.download.timeoutSeconds, cache?.mountPath])
      .toStrictEqual([id, '1200Gi', 'weights', 14400, '/models']);
  });

  test('a model cache on an existing class or claim, and a compilation cache', () => {
    const onClass = read({ ...MODEL, modelCache: { size: '200Gi', storageClass: 'efs-sc', accessMode: 'ReadWriteOnce', downloadJob: false } }).args.modelCache;
    expect([onClass?.newVolume?.storageClass, onClass?.accessMode, onClass?.downloadJob]).toStrictEqual(['efs-sc', 'ReadWriteOnce', false]);
    const spec = read({
      ...MODEL, modelCache: { existingClaim: 'model-cache', downloadJob: true, downloadResources: { memory: { limit: '32Gi' } } },
      compilationCache: { existingClaim: 'compile-cache', mountPath: '/cache' },
    });
    expect([spec.args.modelCache?.claimName, spec.args.modelCache?.newVolume, spec.args.modelCache?.download.resources])
      .toStrictEqual(['model-cache', undefined, { memory: { limit: Size.gibibytes(32) } }]);
    expect([spec.args.compilationCache?.claimName, spec.args.compilationCache?.mountPath]).toStrictEqual(['compile-cache', '/cache']);
  });

  test('the token: the secret key hfToken, or a Secret by name and key', async () => {
    const token = read({ ...MODEL, hfToken: TOKEN }, ['hfToken']).args.hfToken as pulumi.Output<string>;
    expect(pulumi.Output.isInstance(token)).toBe(true);
    expect(await pulumi.isSecret(token)).toBe(true);
    expect(read({ ...MODEL, hfTokenSecretName: 'hf-credentials', hfTokenSecretKey: 'token' }).args.hfToken)
      .toMatchObject({ secret: { name: 'hf-credentials' }, key: 'token' });
  });

  test('the KV transfer, the bootstrap port and TCP transfer in disaggregated mode', () => {
    const spec = read({ ...DISAGG, backend: 'sglang', kvTransfer: 'mooncake', disaggregationBootstrapPort: '23456', allowTcpKvTransfer: 'true' });
    expect([String(spec.args.kvTransfer?.kind), spec.args.disaggregationBootstrapPort, spec.args.allowTcpKvTransfer]).toStrictEqual(['mooncake', 23456, true]);
  });
});

describe('reading each cloud profile', () => {
  test('generic: the declared RDMA fabric, a built-in one or a custom one', () => {
    const generic = read({
      ...MODEL, cloud: { provider: 'generic', rdma: { fabric: 'efa', devicesPerPod: 4, privileged: true }, gpuTolerations: [{ key: 'gpu', operator: 'Exists' }] },
    }).args.cloud;
    expect(generic?.id).toBe('generic');
    expect(profileOptions(generic)).toStrictEqual({ rdma: { fabric: RdmaFabric.EFA, devicesPerPod: 4, privileged: true }, gpuTolerations: [{ key: 'gpu', operator: 'Exists' }] });
    const custom = read({ ...MODEL, cloud: { provider: 'generic', rdma: { fabric: { id: 'program-config-fabric', displayName: 'Spectrum-X RoCE', nixlBackend: 'ucx' } } } }).args.cloud;
    expect(profileOptions(custom)).toStrictEqual({
      rdma: { fabric: RdmaFabric.custom({ id: 'program-config-fabric', displayName: 'Spectrum-X RoCE', nixlBackend: NixlBackend.UCX }) },
    });
  });

  test('eks, with every kind of option and an instance type the catalog lacks', () => {
    const cloud = read({
      ...MODEL,
      cloud: {
        provider: 'eks', ami: 'bottlerocket@v1.45.0', instanceProfile: 'KarpenterNodeInstanceProfile', subnetIds: ['subnet-0123456789abcdef0'],
        securityGroupIds: ['sg-0123456789abcdef0'], capacityReservationTags: { purpose: 'llm' }, placementGroupId: 'pg-0123456789abcdef0',
        efaInterfaces: [{ networkCardIndex: 0, deviceIndex: 0, interfaceType: 'interface' }, { networkCardIndex: 1, deviceIndex: 0, interfaceType: 'efa-only' }],
        privileged: false, efaHugePages: true, associatePublicIPAddress: false, volumeSize: '1000Gi', poolNodeLimits: { workers: 4 }, consolidateAfter: '10m',
        expireAfter: '30d',
        extraShapes: [{ name: 'g6.12xlarge', gpuType: 'l4', gpuCount: 4, gpuMemoryMiB: 22888, fabric: 'none', rdmaDevices: '0', vcpus: 48, arch: 'amd64' }],
      },
    }).args.cloud;
    expect(cloud?.id).toBe('eks');
    const o = profileOptions(cloud) as EksOptions;
    expect([o.ami.alias, o.efaInterfaces?.id, o.volumeSize?.asString(), o.consolidateAfter?.toSeconds(), o.expireAfter?.toSeconds(), o.poolNodeLimits])
      .toStrictEqual(['bottlerocket@v1.45.0', 'custom', '1000Gi', 600, 2_592_000, { workers: 4 }]);
    expect(cloud?.shapes.find((s) => s.name === 'g6.12xlarge')).toStrictEqual({
      name: 'g6.12xlarge', gpuType: GpuType.L4, gpuCount: 4, gpuMemoryMiB: 22888, fabric: RdmaFabric.NONE, rdmaDevices: 0, vcpus: 48, arch: 'amd64',
    });
  });

  test.each([
    ['eks-auto-mode', { provider: 'eks-auto-mode', nodeRole: 'AutoNodeRole', subnetIds: ['subnet-0123456789abcdef0'], securityGroupIds: ['sg-0123456789abcdef0'],
      ephemeralStorageSize: '200Gi', expireAfter: '14d' },
    { nodeRole: 'AutoNodeRole', subnetIds: ['subnet-0123456789abcdef0'], securityGroupIds: ['sg-0123456789abcdef0'], ephemeralStorageSize: Size.gibibytes(200),
      expireAfter: Duration.days(14) }],
    ['gke', { provider: 'gke', whenUnsatisfiable: 'scale-up-anyway', reservations: ['r1'], reservationProject: 'my-project', rdmaNetwork: { vpc: 'rdma-net', subnets: ['s0'] } },
      { whenUnsatisfiable: WhenUnsatisfiable.SCALE_UP_ANYWAY, reservations: ['r1'], reservationProject: 'my-project', rdmaNetwork: { vpc: 'rdma-net', subnets: ['s0'] } }],
    ['aks', { provider: 'aks', nodePools: { workers: 'nc24' }, imageFamily: 'azure-linux', gpuDriver: 'none', rdmaResource: { resourceName: 'rdma/my_ib', shared: true } },
      { nodePools: { workers: 'nc24' }, imageFamily: AksImageFamily.AZURE_LINUX, gpuDriver: AksGpuDriver.NONE, rdmaResource: AksRdmaResource.custom('rdma/my_ib', true) }],
    ['gke', 'gke', {}],
    ['aks', { provider: 'AKS', osDiskSizeGB: '512' }, { osDiskSizeGB: 512 }],
  ])('%s, its options or its name alone', (id, cloud, options) => {
    const made = read({ ...MODEL, cloud }).args.cloud;
    expect(made?.id).toBe(id);
    expect(profileOptions(made)).toStrictEqual(options);
  });

  test.each([['ib'], ['rdma/ib'], ['IB']])('an AKS RDMA resource by constant name or resource name: %s', (name) => {
    expect(profileOptions(read({ ...MODEL, cloud: { provider: 'aks', rdmaResource: name } }).args.cloud)).toStrictEqual({ rdmaResource: AksRdmaResource.IB });
  });
});

describe('reading the platform', () => {
  test('install: every DynamoPlatform arg, the add-ons as objects of their settings', () => {
    // GIVEN / WHEN
    const spec = read({
      ...MODEL,
      platform: {
        install: {
          version: '1.5.1', namespace: 'dynamo', releaseName: 'dynamo', grove: 'external', kaiScheduler: 'OFF',
          prometheusEndpoint: 'http://prometheus:9090', operatorImage: 'mirror.example.com/nvidia/kubernetes-operator',
          namespaceRestriction: { targetNamespace: 'llm' }, tolerations: [{ key: 'spot', operator: 'Exists' }], imagePullSecrets: ['regcred'],
          values: { 'dynamo-operator': { replicaCount: 2 } }, timeout: '20m',
          gpuOperator: { version: 'v26.3.0', namespace: 'gpu', releaseName: 'gpu', values: { a: 1 }, driver: 'false', rdma: false, useHostMofed: false, gdrcopy: true },
          networkOperator: {
            fabric: 'roce', ofedDriver: true, ofedDriverVersion: 'doca3', rdmaSharedDevicePlugin: { resourceName: 'shared_roce', rdmaHcaMax: '31', vendors: ['15b3'], linkTypes: ['ether'] },
            sriovDevicePlugin: { resourcePrefix: 'rdma', resourceName: 'roce', vendors: ['15b3'], linkTypes: ['ether'] },
          },
          efaDevicePlugin: { version: 'v0.5.30' },
          kubePrometheusStack: { grafana: false, retention: '15d' },
          keda: { metricsServer: 'false' },
          prometheusAdapter: { prometheusUrl: 'http://prometheus:9090', metrics: [{ kind: 'queueDepth', targetPerReplica: 4 }] },
          leaderWorkerSet: { disaggregatedSet: true },
          charts: [{ id: 'cert-manager', repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.19.1', namespace: 'cert-manager', releaseName: 'cm', values: { crds: { enabled: true } }, dependsOn: [] }],
        },
      },
    });
    // THEN
    const { prometheusAdapter, ...install } = spec.platform!.install!;
    expect(install).toStrictEqual({
      version: DynamoVersion.of('1.5.1'), namespace: 'dynamo', releaseName: 'dynamo', grove: BundledChart.EXTERNAL, kaiScheduler: BundledChart.OFF,
      prometheusEndpoint: 'http://prometheus:9090', operatorImage: 'mirror.example.com/nvidia/kubernetes-operator',
      namespaceRestriction: { targetNamespace: 'llm' }, tolerations: [{ key: 'spot', operator: 'Exists' }], imagePullSecrets: [SecretRef.fromSecretName('regcred')],
      values: { 'dynamo-operator': { replicaCount: 2 } }, timeout: '20m',
      gpuOperator: { version: 'v26.3.0', namespace: 'gpu', releaseName: 'gpu', values: { a: 1 }, driver: false, rdma: false, useHostMofed: false, gdrcopy: true },
      networkOperator: {
        fabric: RdmaFabric.ROCE, ofedDriver: true, ofedDriverVersion: 'doca3', rdmaSharedDevicePlugin: { resourceName: 'shared_roce', rdmaHcaMax: 31, vendors: ['15b3'], linkTypes: ['ether'] },
        sriovDevicePlugin: { resourcePrefix: 'rdma', resourceName: 'roce', vendors: ['15b3'], linkTypes: ['ether'] },
      },
      efaDevicePlugin: { version: 'v0.5.30' },
      kubePrometheusStack: { grafana: false, retention: Duration.days(15) },
      keda: { metricsServer: false },
      leaderWorkerSet: { disaggregatedSet: true },
      charts: [{ id: 'cert-manager', repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.19.1', namespace: 'cert-manager', releaseName: 'cm', values: { crds: { enabled: true } }, dependsOn: [] }],
    });
    expect(prometheusAdapter?.prometheusUrl).toBe('http://prometheus:9090');
    expect(prometheusAdapter?.metrics?.map((m) => m.description)).toStrictEqual(['queue depth']);
    // ...and the pattern's args do not carry it: the program makes the platform
    expect(spec.args).not.toHaveProperty('platform');
  });

  test.each([[true], ['true']])('install: an add-on set to %j is on with its defaults', (on) => {
    // GIVEN two add-ons set the way `pulumi config set --path 'platform.install.keda' true` stores them (a boolean or its text)
    const values = { ...MODEL, platform: { install: { keda: on, efaDevicePlugin: on } } };
    // WHEN
    const spec = read(values);
    // THEN each is on with its defaults ({}), and nothing else is set
    expect(spec.platform).toStrictEqual({ install: { keda: {}, efaDevicePlugin: {} } });
  });

  test('install: kube-prometheus-stack\'s Grafana admin Secret by name', () => {
    // GIVEN the Secret's name, as `pulumi config set --path 'platform.install.kubePrometheusStack.grafanaAdminSecret' grafana-admin` stores it / WHEN
    const spec = read({ ...MODEL, platform: { install: { kubePrometheusStack: { grafanaAdminSecret: 'grafana-admin' } } } });
    // THEN a reference to the Secret
    expect(spec.platform).toStrictEqual({ install: { kubePrometheusStack: { grafanaAdminSecret: SecretRef.fromSecretName('grafana-admin') } } });
  });

  test('existing: what DynamoPlatform.fromExisting takes', () => {
    // GIVEN
    const values = { ...MODEL, platform: { existing: { version: '1.6.2', namespace: 'dynamo', prometheusEndpoint: 'http://prometheus:9090', deviceResources: ['rdma/ib'] } } };
    // WHEN
    const spec = read(values);
    // THEN the release as a DynamoVersion, the rest as given, and no platform to install
    expect(spec.platform).toStrictEqual({
      existing: { version: DynamoVersion.of('1.6.2'), namespace: 'dynamo', prometheusEndpoint: 'http://prometheus:9090', deviceResources: ['rdma/ib'] },
    });
  });

  test('none: the stack has no platform', () => {
    // GIVEN a stack without the platform key / WHEN
    const spec = read(MODEL);
    // THEN neither form, and the pattern's args carry none
    expect(spec.platform).toBeUndefined();
    expect(spec.args).not.toHaveProperty('platform');
  });

  test.each([
    ['install and existing together', { install: {}, existing: { version: '1.6.2' } },
      'config platform must set install or existing, not both: the program installs a platform or runs on the cluster\'s (got "install and existing"); '
      + "run pulumi config rm --path 'platform.existing' (install the platform) or pulumi config rm --path 'platform.install' (use the cluster's)"],
    ['neither install nor existing', {},
      'config platform must set install (the program installs the platform) or existing (the cluster has one) (got "{}"); '
      + "run pulumi config set --path 'platform.install.kubePrometheusStack.grafanaAdminSecret' grafana-admin, or pulumi config set --path 'platform.existing.version' 1.6.2"],
    ['a misspelt form: the fix sets its first setting', { instal: { keda: true } },
      'config platform.instal is not a setting of the platform setting (got "{keda}"); did you mean platform.install? '
      + "run pulumi config rm --path 'platform.instal' && pulumi config set --path 'platform.install.keda' true, and the same for its other settings, "
      + 'or write the settings under platform.install in the stack file (Pulumi.<stack>.yaml)'],
    ['a misspelt form of nested settings: the first leaf', { existng: { version: '1.6.2', namespace: 'dynamo' } },
      'config platform.existng is not a setting of the platform setting (got "{version, namespace}"); did you mean platform.existing? '
      + "run pulumi config rm --path 'platform.existng' && pulumi config set --path 'platform.existing.version' 1.6.2, and the same for its other settings, "
      + 'or write the settings under platform.existing in the stack file (Pulumi.<stack>.yaml)'],
    ['the platform set to true', true,
      'config platform must be an object with install (the program installs the platform) or existing (the cluster has one) (got "true"); '
      + "run pulumi config rm platform && pulumi config set --path 'platform.install.kubePrometheusStack.grafanaAdminSecret' grafana-admin (or pulumi config set --path 'platform.existing.version' 1.6.2), "
      + 'or write the settings under it in the stack file (Pulumi.<stack>.yaml)'],
    ['install set to true', { install: true },
      'config platform.install must be an object of DynamoPlatformArgs settings (an add-on is on when its key is set: keda: true) (got true); '
      + "run pulumi config rm --path 'platform.install' && pulumi config set --path 'platform.install.kubePrometheusStack.grafanaAdminSecret' grafana-admin, or write the settings under it in the stack file (Pulumi.<stack>.yaml)"],
    ['existing set to a release string', { existing: '1.6.2' },
      'config platform.existing must be an object of ExistingDynamoPlatformOptions settings (got "1.6.2"); '
      + "run pulumi config rm --path 'platform.existing' && pulumi config set --path 'platform.existing.version' 1.6.2, or write the settings under it in the stack file (Pulumi.<stack>.yaml)"],
    ['a misspelt add-on', { install: { efaDevicePlugn: true } },
      'config platform.install.efaDevicePlugn is not a setting of DynamoPlatformArgs (got true); did you mean platform.install.efaDevicePlugin? '
      + "run pulumi config rm --path 'platform.install.efaDevicePlugn' && pulumi config set --path 'platform.install.efaDevicePlugin' true"],
    ['an add-on turned off with false', { install: { keda: false } },
      'config platform.install.keda must be true or an object of the add-on\'s settings: an add-on is off when its key is not set (got false); '
      + "run pulumi config rm --path 'platform.install.keda'"],
    ['a misspelt add-on setting', { install: { gpuOperator: { drivers: false } } },
      'config platform.install.gpuOperator.drivers is not a setting of GpuOperatorOptions (got false); did you mean platform.install.gpuOperator.driver? '
      + "run pulumi config rm --path 'platform.install.gpuOperator.drivers' && pulumi config set --path 'platform.install.gpuOperator.driver' false"],
    ['a bundled chart mode the library does not know', { install: { grove: 'bundled' } },
      "config platform.install.grove must be one of install, external, off (got \"bundled\"); run pulumi config set --path 'platform.install.grove' install"],
    ['chart values that are not an object', { install: { values: 'replicaCount=2' } },
      'config platform.install.values must be an object of chart values (got "replicaCount=2"); write it as a YAML object in the stack file, '
      + "or set one value with pulumi config set --path 'platform.install.values.<key>' <value>"],
    ['a release that is not a version', { install: { version: 'latest' } },
      'config platform.install.version must be a release version MAJOR.MINOR.PATCH (got "latest"); use for example DynamoVersion.of(\'1.6.2\'); '
      + "change it with pulumi config set --path 'platform.install.version' 1.6.2"],
    ['an extra chart without its repository', { install: { charts: [{ id: 'cert-manager', chart: 'cert-manager', version: 'v1.19.1', namespace: 'cert-manager' }] } },
      "config platform.install.charts[0].repository is required by HelmChartOptions (got undefined); run pulumi config set --path 'platform.install.charts[0].repository' https://charts.jetstack.io"],
    ['an existing platform without its release', { existing: { namespace: 'dynamo-system' } },
      "config platform.existing.version is required by ExistingDynamoPlatformOptions (got undefined); run pulumi config set --path 'platform.existing.version' 1.6.2"],
    ['an existing platform\'s resources as one string', { existing: { version: '1.6.2', deviceResources: 'rdma/ib' } },
      "config platform.existing.deviceResources must be a list (got \"rdma/ib\"); run pulumi config rm --path 'platform.existing.deviceResources' && pulumi config set --path 'platform.existing.deviceResources[0]' vpc.amazonaws.com/efa"],
  ])('%s is refused naming the key and the fix', (_mistake, platform, message) => {
    // GIVEN the platform key in a wrong shape / WHEN the config is read / THEN the error names the key and the command that fixes it
    expect(error({ ...MODEL, platform })).toBe(message);
  });
});

describe('stack config errors name the key, the value, what is allowed and the command that fixes it', () => {
  test.each([
    ['an unknown key, with the key it resembles', { ...MODEL, modelRevison: 'abc' },
      'config modelRevison is not a setting of the stack config (got "abc"); did you mean modelRevision? run pulumi config rm modelRevison && pulumi config set modelRevision abc'],
    ['a misspelt pool setting', { ...MODEL, workers: { gpu: 2 } },
      "config workers.gpu is not a setting of WorkerPoolOptions (got 2); did you mean workers.gpus? run pulumi config rm --path 'workers.gpu' && pulumi config set --path 'workers.gpus' 2"],
    ['a capacity type the library does not know', { ...MODEL, workers: { capacityTypes: ['spto'] } },
      "config workers.capacityTypes[0] must be one of on-demand, spot, reserved (got \"spto\"); run pulumi config set --path 'workers.capacityTypes[0]' spot"],
    ['one capacity type where a list belongs', { ...MODEL, workers: { capacityTypes: 'spot' } },
      "config workers.capacityTypes must be a list (got \"spot\"); run pulumi config rm --path 'workers.capacityTypes' && pulumi config set --path 'workers.capacityTypes[0]' spot"],
    ['a GPU type by a prefix of its id', { ...MODEL, workers: { gpuType: 'h100' } },
      "config workers.gpuType must be one of h100-80gb, h100-nvl-94gb, h200-141gb, b200, a100-80gb, a100-40gb, l40s, a10g, l4 (got \"h100\"); run pulumi config set --path 'workers.gpuType' h100-80gb"],
    ['a size in decimal units', { ...MODEL, workers: { sharedMemorySize: '16GB' } },
      "config workers.sharedMemorySize must be a size: a whole number and Ki, Mi, Gi, Ti or Pi (got \"16GB\"); run pulumi config set --path 'workers.sharedMemorySize' 200Gi"],
    ['a duration in words', { ...MODEL, ingress: { timeout: 'ten minutes' } },
      "config ingress.timeout must be a duration such as 30s, 5m, 1h30m or 14d (got \"ten minutes\"); run pulumi config set --path 'ingress.timeout' 5m"],
    ['a number in words', { ...MODEL, workers: { gpus: 'four' } },
      "config workers.gpus must be a number (got \"four\"); run pulumi config set --path 'workers.gpus' <number>"],
    ['a boolean in words', { ...MODEL, createNamespace: 'yes' }, 'config createNamespace must be true or false (got "yes"); run pulumi config set createNamespace true'],
    ['a scalar where an object of settings belongs', { ...MODEL, frontend: '2' },
      'config frontend must be an object of FrontendOptions settings (replicas, routerMode, resources, extraArgs, env, image, componentName, tolerations, nodeSelector, '
      + "affinity, podAnnotations, podLabels) (got \"2\"); run pulumi config rm frontend && pulumi config set --path 'frontend.replicas' <value>"],
    ['an autoscaler without its kind', { ...MODEL, workers: { autoscaling: { maxReplicas: 3 } } },
      "config workers.autoscaling.kind must say which autoscaler: one of keda, hpa (got undefined); run pulumi config set --path 'workers.autoscaling.kind' keda"],
    ['a KEDA autoscaler without its required settings', { ...MODEL, workers: { autoscaling: 'keda' } },
      "config workers.autoscaling.maxReplicas is required by KedaAutoscalingOptions (got undefined); run pulumi config set --path 'workers.autoscaling.maxReplicas' <value>"],
    ['a cloud provider the library does not know', { ...MODEL, cloud: { provider: 'azure' } },
      "config cloud.provider must be one of generic, eks, eks-auto-mode, gke, aks (got \"azure\"); run pulumi config set --path 'cloud.provider' generic"],
    ['an eks profile without its AMI', { ...MODEL, cloud: { provider: 'eks', nodeRole: 'r' } },
      "config cloud.ami is required by the eks cloud profile (got undefined); run pulumi config set --path 'cloud.ami' <value>"],
    ['an AMI alias that is not pinned', { ...MODEL, cloud: { provider: 'eks', ami: 'al2023' } },
      "config cloud.ami must be a pinned AMI alias: al2023@<version> or bottlerocket@<version> (got \"al2023\"); run pulumi config set --path 'cloud.ami' al2023@v20250821"],
    ['an eks option Auto Mode cannot honour, with the reason', { ...MODEL, cloud: { provider: 'eks-auto-mode', ami: 'al2023@v20250821' } },
      "config cloud.ami is not a setting of the eks-auto-mode cloud profile: Auto Mode picks and patches the AMI itself (got \"al2023@v20250821\"); run pulumi config rm --path 'cloud.ami'"],
    ['a KV transfer the program does not know', { ...DISAGG, kvTransfer: 'tcp' },
      'config kvTransfer must be one of nixl, nixl-ucx, nixl-libfabric, mooncake, ucx (got "tcp"); run pulumi config set kvTransfer ucx'],
    ['an unknown backend', { ...MODEL, backend: 'tgi' }, 'config backend must be one of vllm, sglang, trtllm (got "tgi"); run pulumi config set backend vllm'],
    ['an unknown mode', { ...MODEL, mode: 'disagg' }, 'config mode must be one of aggregated, disaggregated (got "disagg"); run pulumi config set mode disaggregated'],
    ['no model', {}, 'config model is required by the stack config (got undefined); run pulumi config set model Qwen/Qwen3-0.6B'],
    ['a structured value that is not JSON', { ...MODEL, labels: '{team: llm' },
      'config labels must be a YAML object or list that Pulumi can store as JSON (got "{team: llm"); run pulumi config set labels <value>'],
    ['a list where a kind of a setting belongs: the key itself, emptied before the kind is set', { ...MODEL, workers: { autoscaling: ['keda'] } },
      'config workers.autoscaling must be the autoscaler by name (one of keda, hpa) or an object of its settings with kind (got ["keda"]); '
      + "run pulumi config rm --path 'workers.autoscaling' && pulumi config set --path 'workers.autoscaling.kind' keda"],
    // the value is read inside the library call: its error is the config's, named once
    ['a list where the KV cache dtype belongs', { ...MODEL, workers: { kvCacheDtype: ['fp8'] } },
      "config workers.kvCacheDtype must be a string (got [\"fp8\"]); run pulumi config set --path 'workers.kvCacheDtype' <text>"],
    ['a list where the Dynamo version belongs', { ...MODEL, dynamoVersion: ['1.0.0'] },
      'config dynamoVersion must be a string (got ["1.0.0"]); run pulumi config set dynamoVersion <text>'],
  ])('%s', (_mistake, values, message) => {
    expect(error(values)).toBe(message);
  });

  test.each([
    ['an AMI version that is not pinned', { ...MODEL, cloud: { provider: 'eks', ami: 'al2023@latest', nodeRole: 'r' } }, 'config cloud.ami must pin a al2023 AMI version (got "latest")',
      "change it with pulumi config set --path 'cloud.ami' al2023@v20250821"],
    ['a metric percentile out of range', { ...MODEL, workers: { autoscaling: { kind: 'hpa', maxReplicas: 3, metrics: [{ kind: 'interTokenLatency', targetMs: 30, percentile: 1.5 }] } } },
      'config workers.autoscaling.metrics[0].percentile must be a fraction strictly between 0 and 1 (got 1.5)',
      "use e.g. 0.95 for p95; change it with pulumi config set --path 'workers.autoscaling.metrics[0].percentile' 0.95"],
    ['a planner target that is not whole milliseconds', { ...MODEL, planner: { ttftMs: 0.5, itlMs: 20, maxGpus: 8 } },
      'config planner.ttftMs must be an integer between 1 and 600000 (got 0.5)', "e.g. 500; change it with pulumi config set --path 'planner.ttftMs' 500"],
    ['an EFS id that is not one', { ...MODEL, modelCache: { size: '200Gi', storage: { kind: 'efs', fileSystemId: 'fs-x' } } },
      'config modelCache.storage.fileSystemId must be an EFS file system id (got "fs-x")',
      // the library's example id is made up: not offered as the value to set
      "e.g. \"fs-0123456789abcdef0\"; change it with pulumi config set --path 'modelCache.storage.fileSystemId' <value>"],
    ['a Secret name that is not one, in an env reference', { ...MODEL, workers: { env: { A: { secret: 'S!', key: 'k' } } } },
      'config workers.env.A.secret must be a Kubernetes object name', "change it with pulumi config set --path 'workers.env.A.secret' <value>"],
    ['a Dynamo version that is not a release', { ...MODEL, dynamoVersion: '1.6' }, 'config dynamoVersion must be a release version MAJOR.MINOR.PATCH (got "1.6")',
      `change it with pulumi config set dynamoVersion ${DynamoVersion.LATEST.version}`],
    ['a model cache of no size: the Size example of the library as a quantity', { ...MODEL, modelCache: { size: '0Gi', storageClass: 'efs-sc' } },
      'config modelCache.size must be greater than zero (got "0Gi")', "e.g. Size.gibibytes(200); change it with pulumi config set --path 'modelCache.size' 200Gi"],
  ])('a rule of the library: %s, on the config key', (_mistake, values, start, end) => {
    const message = error(values);
    expect(message.startsWith(start)).toBe(true);
    expect(message.endsWith(end)).toBe(true);
  });

  test.each([
    ['nixlBackend', { ...DISAGG, nixlBackend: 'libfabric' }, 'config nixlBackend is replaced by kvTransfer (got "libfabric"); run pulumi config rm nixlBackend && pulumi config set kvTransfer nixl-libfabric'],
    ['routerMode', { ...MODEL, routerMode: 'kv' }, "config routerMode is replaced by frontend.routerMode (got \"kv\"); run pulumi config rm routerMode && pulumi config set --path 'frontend.routerMode' kv"],
    ['frontendReplicas', { ...MODEL, frontendReplicas: '2' },
      "config frontendReplicas is replaced by frontend.replicas (got \"2\"); run pulumi config rm frontendReplicas && pulumi config set --path 'frontend.replicas' 2"],
    ['rdma', { ...MODEL, rdma: { fabric: 'efa' } }, 'config rdma is replaced by cloud.rdma (with cloud.provider generic) (got "{fabric}"); run pulumi config rm rdma && '
      + "pulumi config set --path 'cloud.provider' generic && pulumi config set --path 'cloud.rdma.fabric' <fabric>"],
    ['modelCache.sizeGi', { ...MODEL, modelCache: { storageClass: 'efs-sc', sizeGi: 200 } }, 'config modelCache.sizeGi is replaced by modelCache.size, a size such as 200Gi (got 200); '
      + "run pulumi config rm --path 'modelCache.sizeGi' && pulumi config set --path 'modelCache.size' 200Gi"],
  ])('the key %s of earlier versions, with the commands that move it', (_key, values, message) => {
    expect(error(values)).toBe(message);
  });

  test('a key of the other mode, which the program would ignore', () => {
    expect(error({ ...MODEL, prefill: { gpus: 2 } }))
      .toBe('config prefill is read in mode disaggregated only (the stack\'s mode is aggregated) (got "{gpus}"); run pulumi config set mode disaggregated, or pulumi config rm prefill');
    expect(error({ ...DISAGG, workers: { gpus: 2 } }))
      .toBe('config workers is read in mode aggregated only (the stack\'s mode is disaggregated) (got "{gpus}"); run pulumi config set mode aggregated, or pulumi config rm workers');
  });

  test('a credential written in an env is refused without showing it, with the config that keeps it secret', () => {
    const hf = error({ ...MODEL, workers: { env: { HF_TOKEN: TOKEN } } });
    expect(hf).toBe('config workers.env.HF_TOKEN must not be a literal value: its name marks a credential, which must never be written in plain text (got "<redacted>"); '
      + "run pulumi config rm --path 'workers.env.HF_TOKEN' && pulumi config set --secret hfToken <token>: the component keeps the token in a Secret and sets HF_TOKEN from it");
    const other = error({ ...MODEL, frontend: { env: { DB_PASSWORD: 'hunter2' } } });
    expect(other).toBe('config frontend.env.DB_PASSWORD must not be a literal value: its name marks a credential, which must never be written in plain text (got "<redacted>"); '
      + "keep it in a Secret and reference it: pulumi config rm --path 'frontend.env.DB_PASSWORD' && pulumi config set --path 'frontend.env.DB_PASSWORD.secret' <secret-name> "
      + "&& pulumi config set --path 'frontend.env.DB_PASSWORD.key' DB_PASSWORD");
    expect(error({ ...MODEL, workers: { env: { A: { secret: 's', configMap: 'c', key: 'k' } } } }))
      .toBe('config workers.env.A.secret must be set, or configMap or fieldPath (exactly one of them) (got ["secret","configMap"]); run pulumi config set --path \'workers.env.A.secret\' <secret-name>');
  });

  test('a credential under a key the program does not know is never shown', () => {
    const message = error({ ...MODEL, hftoken: TOKEN });
    expect(message.startsWith('config hftoken is not a setting of the stack config (got "<redacted>"); the settings are name, model,')).toBe(true);
    expect(message).not.toContain(TOKEN);
    expect(error({ ...MODEL, workers: { gpuz: TOKEN } })).toBe('config workers.gpuz is not a setting of WorkerPoolOptions (got "<redacted>"); '
      + "did you mean workers.gpus? run pulumi config rm --path 'workers.gpuz' && pulumi config set --path 'workers.gpus' <value>");
  });

  test('the token: never pasted as a Secret name, never with a Secret name too, a key only with a Secret name', () => {
    const pasted = error({ ...MODEL, hfTokenSecretName: TOKEN });
    expect(pasted).toBe('config hfTokenSecretName must name a Secret, not contain the token (got "<redacted>"); '
      + 'run pulumi config rm hfTokenSecretName && pulumi config set --secret hfToken <token>: the component keeps the token in a Secret and sets HF_TOKEN from it');
    expect(() => read({ ...MODEL, hfToken: TOKEN, hfTokenSecretName: 'hf-token-secret' }, ['hfToken'])).toThrow(/^config hfTokenSecretName must not be set together with hfToken/);
    expect(error({ ...MODEL, hfTokenSecretKey: 'token' }))
      .toBe('config hfTokenSecretName is required with hfTokenSecretKey (the Secret that holds the key) (got undefined); run pulumi config set hfTokenSecretName hf-token-secret');
  });
});

describe('secret config values: only hfToken is read as a secret', () => {
  const VALUE = 's3cr3t-Value-0123';
  const NOT_IN_MANIFESTS = 'must not be a secret: the program writes it into the Kubernetes manifests in plain text (only hfToken is kept secret) (got "<redacted>"); ';

  /** The message of the error reading `values` throws, with `secretKeys` set as `pulumi config set --secret` marks them. */
  function secretError(values: Record<string, unknown>, secretKeys: string[]): string {
    try {
      read(values, secretKeys);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('reading the config did not fail');
  }

  test('a pool whose env holds a secret is refused, with the Secret reference that keeps it secret', () => {
    // GIVEN pulumi config set --secret --path 'workers.env.WANDB_KEY' ..., which marks the whole key workers secret
    const message = secretError({ ...MODEL, workers: { gpus: 1, env: { WANDB_KEY: VALUE } } }, ['workers']);
    // THEN
    expect(message).toBe(`config workers ${NOT_IN_MANIFESTS}keep the secret value in a Kubernetes Secret and reference it from the env var, `
      + "{secret: <secret-name>, key: <key>}: pulumi config rm --path 'workers.env.<NAME>' && pulumi config set --path 'workers.env.<NAME>.secret' <secret-name> "
      + "&& pulumi config set --path 'workers.env.<NAME>.key' <key>; set the other workers settings without --secret");
  });

  test('any other secret key is refused before its value is read, so no error shows it', () => {
    // GIVEN a secret labels value that is not even JSON (whose error would show the value's start)
    const message = secretError({ ...MODEL, labels: `{team: ${VALUE}` }, ['labels']);
    // THEN
    expect(message).toBe(`config labels ${NOT_IN_MANIFESTS}run pulumi config rm labels and set it again without --secret; a credential the pods need belongs `
      + 'in a Kubernetes Secret referenced from an env var ({secret: <secret-name>, key: <key>} under frontend.env, workers.env, prefill.env or decode.env)');
    expect(message).not.toContain(VALUE);
  });

  test('secret keys of other namespaces are not the program\'s', () => {
    // GIVEN a provider's secret beside the stack's keys
    pulumi.runtime.setAllConfig({ 'cfg-other:model': 'Qwen/Qwen3-0.6B', 'aws:secretKey': VALUE }, ['aws:secretKey']);
    // THEN
    expect(readStackConfig(new pulumi.Config('cfg-other')).args.model).toBe('Qwen/Qwen3-0.6B');
  });

  test('the token: set with --secret, and not empty (the component would only fail when its Secret registers)', () => {
    const plain = secretError({ ...MODEL, hfToken: TOKEN }, []);
    expect(plain).toBe('config hfToken must be a secret: the stack config file would hold the token in plain text (got "<redacted>"); '
      + 'run pulumi config set --secret hfToken <token>');
    expect(secretError({ ...MODEL, hfToken: ' ' }, ['hfToken'])).toBe('config hfToken must not be empty: every download of the model would fail with 401 (got " "); '
      + 'run pulumi config set --secret hfToken <token>, or pulumi config rm hfToken for a public model');
  });
});
