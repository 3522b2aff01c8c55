import { Chart, Testing } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, AksGpuDriver, Autoscaling, BundledChart, Cloud, DisaggregatedLlm, DynamoPlatform, DynamoPlatformProps, DynamoVersion,
  PlatformDelivery, Planner, RdmaFabric, ScalingMetric, SecretRef,
} from '../lib';
import { EKS_OPTIONS } from './support/eks-options';
import { Manifest, newChart, synthAppValid, synthValid, validationError } from './support/synth';

// GIVEN/WHEN/THEN for the DynamoPlatform construct and for patterns on it. The add-ons' own values
// are in platform-addons.test.ts, the GitOps objects in platform-delivery.test.ts.

const FLUX = PlatformDelivery.flux();
const ARGO = PlatformDelivery.argoCd();
const MODEL = 'Qwen/Qwen3-0.6B';
/** kube-prometheus-stack with Grafana's admin Secret. */
const KPS = { grafanaAdminSecret: SecretRef.fromSecretName('grafana-admin') };
const platformIn = (chart: Chart, props: DynamoPlatformProps = {}) => new DynamoPlatform(chart, 'platform', { delivery: FLUX, ...props });
const helmRelease = (objs: Manifest[], name: string) => objs.find((o) => o.kind === 'HelmRelease' && o.metadata.name === name)!;

describe('DynamoPlatform: the dynamo-platform chart', () => {
  test('by default installs the chart of the latest release into dynamo-system, with Grove and KAI bundled', () => {
    // GIVEN
    const chart = newChart(null);
    // WHEN
    const platform = platformIn(chart);
    // THEN
    const release = helmRelease(synthValid(chart), 'dynamo-platform');
    expect(release.spec.chart.spec).toMatchObject({ chart: 'dynamo-platform', version: '1.6.2' });
    expect(release.spec.targetNamespace).toBe('dynamo-system');
    expect(release.spec.values).toStrictEqual({
      'global': { 'grove': { install: true, enabled: false }, 'kai-scheduler': { install: true, enabled: false } },
      'kai-scheduler': { scheduler: { args: { 'default-staleness-grace-period': '-1s' } } },
    });
    expect([platform.version.version, platform.namespace, platform.prometheusEndpoint, platform.deviceResources]).toStrictEqual(['1.6.2', 'dynamo-system', undefined, []]);
    expect(platform.releases.map((r) => r.id)).toStrictEqual(['dynamo-platform']);
  });

  test('sets the typed values at their chart paths', () => {
    // GIVEN
    const chart = newChart(null);
    // WHEN
    platformIn(chart, {
      version: DynamoVersion.V1_5_1,
      grove: BundledChart.EXTERNAL,
      kaiScheduler: BundledChart.OFF,
      prometheusEndpoint: 'http://prometheus-operated.monitoring.svc:9090',
      operatorImage: 'mirror.example.com/nvidia/kubernetes-operator:1.5.1',
      namespaceRestriction: { targetNamespace: 'team-a' },
      tolerations: [{ key: 'spot', operator: 'Exists', effect: 'NoSchedule' }],
      imagePullSecrets: [SecretRef.fromSecretName('mirror-pull')],
    });
    // THEN
    expect(helmRelease(synthValid(chart), 'dynamo-platform').spec.values).toStrictEqual({
      'global': { 'grove': { install: false, enabled: true }, 'kai-scheduler': { install: false, enabled: false } },
      'dynamo-operator': {
        upgradeCRD: false,
        namespaceRestriction: { enabled: true, targetNamespace: 'team-a' },
        controllerManager: {
          tolerations: [{ key: 'spot', operator: 'Exists', effect: 'NoSchedule' }],
          manager: { image: { repository: 'mirror.example.com/nvidia/kubernetes-operator', tag: '1.5.1' } },
        },
        imagePullSecrets: [{ name: 'mirror-pull' }],
        dynamo: { metrics: { prometheusEndpoint: 'http://prometheus-operated.monitoring.svc:9090' } },
      },
    });
  });

  test('the KAI flag of the 1.6 install docs is not set for older releases', () => {
    // GIVEN / WHEN
    const platform = platformIn(newChart(null), { version: DynamoVersion.V1_5_1 });
    // THEN
    expect(platform.platformRelease.values['kai-scheduler']).toBeUndefined();
  });

  test('values are merged over the typed ones as Helm merges them', () => {
    // GIVEN / WHEN
    const platform = platformIn(newChart(null), {
      values: { 'global': { grove: { install: false } }, 'kai-scheduler': null, 'dynamo-operator': { webhook: { failurePolicy: 'Ignore' } } },
    });
    // THEN
    expect(platform.platformRelease.values).toStrictEqual({
      'global': { 'grove': { install: false, enabled: false }, 'kai-scheduler': { install: true, enabled: false } },
      'dynamo-operator': { webhook: { failurePolicy: 'Ignore' } },
    });
  });

  test('kube-prometheus-stack becomes the Prometheus of the platform, and the chart creates its PodMonitors', () => {
    // GIVEN / WHEN
    const platform = platformIn(newChart(null), { kubePrometheusStack: KPS });
    // THEN
    const prom = 'http://prometheus-kube-prometheus-prometheus.monitoring.svc.cluster.local:9090';
    expect(platform.prometheusEndpoint).toBe(prom);
    expect(platform.platformRelease.values['dynamo-operator']).toStrictEqual({ dynamo: { metrics: { prometheusEndpoint: prom, podMonitors: { enabled: true } } } });
    expect(platform.platformRelease.dependsOn).toStrictEqual(['kube-prometheus-stack']);
  });

  test('releases come after the ones they depend on', () => {
    // GIVEN / WHEN
    const platform = platformIn(newChart(null), { gpuOperator: {}, networkOperator: {}, kubePrometheusStack: KPS, leaderWorkerSet: {}, volcano: {}, keda: {} });
    // THEN the operator starts after the APIs it detects (LeaderWorkerSet and Volcano), and LWS after Volcano
    const order = platform.releases.map((r) => r.id);
    for (const r of platform.releases) for (const d of r.dependsOn) expect(order.indexOf(d)).toBeLessThan(order.indexOf(r.id));
    expect(order[order.length - 1]).toBe('dynamo-platform');
    expect(platform.platformRelease.dependsOn).toStrictEqual(['kube-prometheus-stack', 'volcano', 'lws']);
    expect(platform.releases.find((r) => r.id === 'lws')!.dependsOn).toStrictEqual(['volcano']);
  });

  test('an explicit prometheusEndpoint wins over kube-prometheus-stack\'s, for the planner and the adapter alike', () => {
    // GIVEN a Thanos endpoint and kube-prometheus-stack / WHEN
    const platform = platformIn(newChart(null), { prometheusEndpoint: 'http://thanos-query.monitoring.svc:9090', kubePrometheusStack: KPS, prometheusAdapter: {} });
    // THEN both read Thanos
    expect(platform.prometheusEndpoint).toBe('http://thanos-query.monitoring.svc:9090');
    expect(platform.releases.find((r) => r.id === 'prometheus-adapter')!.values.prometheus).toStrictEqual({ url: 'http://thanos-query.monitoring.svc', port: 9090, path: '' });
  });

  test('device resources: the add-ons\', the extra charts\' and those of plugins installed outside the platform', () => {
    // GIVEN the EFA plugin, an SR-IOV plugin chart and a plugin the cluster has
    const platform = platformIn(newChart(null), {
      cloud: Cloud.eks(EKS_OPTIONS),
      efaDevicePlugin: {},
      charts: [{ id: 'sriov-dp', repository: 'https://example.com/charts', chart: 'sriov-network-device-plugin', version: '3.9.0', namespace: 'kube-system', deviceResources: ['rdma/ib'] }],
      deviceResources: ['nvidia.com/hostdev', 'rdma/ib'],
    });
    // THEN all of them, sorted, once each
    expect(platform.deviceResources).toStrictEqual(['nvidia.com/hostdev', 'rdma/ib', 'vpc.amazonaws.com/efa']);
  });

  test('an extra chart is installed after the releases it names', () => {
    // GIVEN / WHEN
    const platform = platformIn(newChart(null), {
      charts: [{ id: 'cert-manager', repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.19.1', namespace: 'cert-manager' }],
      kubePrometheusStack: KPS,
    });
    // THEN
    expect(platform.releases.map((r) => r.id)).toStrictEqual(['kube-prometheus-stack', 'cert-manager', 'dynamo-platform']);
  });
});

describe('DynamoPlatform: delivery', () => {
  test('Argo CD: one Application per release, the platform chart in the last wave', () => {
    // GIVEN
    const chart = newChart(null);
    // WHEN
    new DynamoPlatform(chart, 'platform', { delivery: ARGO, kubePrometheusStack: KPS });
    // THEN each Application is named after its Helm release name (kube-prometheus-stack's is "prometheus")
    const apps = synthValid(chart).filter((o) => o.kind === 'Application');
    expect(apps.map((a) => [a.metadata.name, a.metadata.annotations['argocd.argoproj.io/sync-wave']])).toStrictEqual([
      ['prometheus', '0'], ['dynamo-platform', '1'],
    ]);
  });

  test('Flux: the NicClusterPolicy goes in a chart of its own, applied after the platform\'s', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'platform');
    // WHEN
    new DynamoPlatform(chart, 'platform', { delivery: FLUX, networkOperator: {} });
    // THEN
    synthAppValid(app);
    expect(app.charts.map((c) => [c.node.id, Testing.synth(c).map((o) => o.kind).filter((k) => k === 'NicClusterPolicy').length])).toStrictEqual([
      ['platform', 0], ['platform-platform-manifests', 1],
    ]);
  });

  test('Flux: manifestsChart names the chart of the NicClusterPolicy', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'platform');
    const manifests = new Chart(app, 'cluster-policies');
    // WHEN
    new DynamoPlatform(chart, 'platform', { delivery: FLUX, networkOperator: {}, manifestsChart: manifests });
    // THEN
    expect(Testing.synth(manifests).map((o) => o.kind)).toStrictEqual(['NicClusterPolicy']);
    expect(app.charts.map((c) => c.node.id)).toStrictEqual(['platform', 'cluster-policies']);
  });

  test('Argo CD: the NicClusterPolicy stays beside the Applications, a wave after its chart', () => {
    // GIVEN
    const chart = newChart(null);
    // WHEN
    new DynamoPlatform(chart, 'platform', { delivery: ARGO, networkOperator: {} });
    // THEN
    const policy = synthValid(chart).find((o) => o.kind === 'NicClusterPolicy')!;
    expect(policy.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('1');
  });
});

describe('DynamoPlatform: namespaces of privileged charts', () => {
  const PRIVILEGED = { 'pod-security.kubernetes.io/enforce': 'privileged' };

  test('Flux: a labelled Namespace for the GPU and Network Operators, without a namespace of its own', () => {
    // GIVEN
    const chart = newChart('platform-ns');
    // WHEN
    platformIn(chart, { gpuOperator: {}, networkOperator: {}, manifestsChart: new Chart(chart.node.root, 'policies') });
    // THEN
    const namespaces = synthValid(chart).filter((o) => o.kind === 'Namespace');
    expect(namespaces.map((n) => n.metadata)).toStrictEqual([
      { name: 'nvidia-network-operator', labels: PRIVILEGED },
      { name: 'gpu-operator', labels: PRIVILEGED },
    ]);
  });

  test('Argo CD: the Application labels the namespace it creates', () => {
    // GIVEN
    const chart = newChart(null);
    // WHEN
    new DynamoPlatform(chart, 'platform', { delivery: ARGO, gpuOperator: {} });
    // THEN
    const app = synthValid(chart).find((o) => o.kind === 'Application' && o.metadata.name === 'gpu-operator')!;
    expect(app.spec.syncPolicy.managedNamespaceMetadata).toStrictEqual({ labels: PRIVILEGED });
  });
});

describe('DynamoPlatform: mistakes', () => {
  test.each<[string, DynamoPlatformProps, string, string]>([
    ['an operator image of another release', { operatorImage: 'nvcr.io/nvidia/ai-dynamo/kubernetes-operator:1.4.2' }, 'operatorImage',
      'operatorImage must carry the platform\'s release as its tag (1.6.2), or no tag (got "nvcr.io/nvidia/ai-dynamo/kubernetes-operator:1.4.2"); leave the tag out'],
    ['an operator image by digest', { operatorImage: 'nvcr.io/nvidia/ai-dynamo/kubernetes-operator@sha256:abc' }, 'operatorImage', 'operatorImage must not be a digest'],
    ['an unlisted release', { version: DynamoVersion.of('1.6.9') }, 'version', 'version must be a released Dynamo version'],
    ['a bad namespace', { namespace: 'Dynamo' }, 'namespace', 'namespace '],
    ['a bad Prometheus URL', { prometheusEndpoint: 'prometheus:9090' }, 'prometheusEndpoint', 'prometheusEndpoint must be an http(s) URL'],
    ['a bad release name', { releaseName: 'Dynamo_Platform' }, 'releaseName', 'releaseName must be a Helm release name'],
    ['a bad toleration', { tolerations: [{ operator: 'Equal', value: 'x' }] }, 'tolerations[0].operator', 'tolerations[0].operator'],
    ['a bad device resource', { deviceResources: ['efa'] }, 'deviceResources[0]',
      'deviceResources[0] must be an extended resource name such as vpc.amazonaws.com/efa or rdma/shared_ib (got "efa"); list the resource names the device plugin advertises'],
    ['device resources as a string', { deviceResources: 'rdma/ib' } as never, 'deviceResources', 'deviceResources must be'],
    ['Grove installed by a namespace-restricted platform', { namespaceRestriction: {}, grove: BundledChart.INSTALL }, 'grove',
      'grove must not be BundledChart.INSTALL on a namespace-restricted platform: Grove is cluster-scoped, and the release of the cluster-wide platform owns it (Helm refuses to install objects another release owns) (got "BundledChart.INSTALL"); '
      + 'leave grove out (BundledChart.EXTERNAL, the cluster-wide platform\'s Grove), or set BundledChart.OFF'],
    ['KAI installed by a namespace-restricted platform', { namespaceRestriction: {}, kaiScheduler: BundledChart.INSTALL }, 'kaiScheduler',
      'kaiScheduler must not be BundledChart.INSTALL on a namespace-restricted platform: the KAI scheduler is cluster-scoped'],
    ['the operator\'s driver on nodes with the AKS driver', { cloud: Cloud.aks(), gpuOperator: {}, networkOperator: {} }, 'gpuOperator.rdma',
      'gpuOperator.rdma must be false on the platform\'s cloud (aks), whose GPU nodes come with the NVIDIA driver'],
    ['the EFA device plugin on GKE', { cloud: Cloud.gke(), efaDevicePlugin: {} }, 'efaDevicePlugin', 'efaDevicePlugin only applies on EC2 instances'],
    ['an unknown prop', { kubePrometheus: {} } as never, 'kubePrometheus', 'kubePrometheus is not a prop of DynamoPlatformProps'],
    ['a delivery by name', { delivery: 'flux' } as never, 'delivery', 'delivery must be a PlatformDelivery (got "flux"); use PlatformDelivery.flux() or PlatformDelivery.argoCd()'],
    ['Grove as a boolean', { grove: true } as never, 'grove', 'grove must be a BundledChart'],
    ['an extra chart with the id of an add-on', { kubePrometheusStack: KPS, charts: [{ id: 'kube-prometheus-stack', repository: 'https://x.example.com', chart: 'kps', version: '1.0.0', namespace: 'mon' }] },
      'charts', 'charts must give each chart an id the platform does not already use'],
    ['an extra chart depending on an unknown release', { charts: [{ id: 'x', repository: 'https://x.example.com', chart: 'x', version: '1.0.0', namespace: 'x', dependsOn: ['cert-manager'] }] },
      'charts[0].dependsOn', 'charts[0].dependsOn must name releases of the platform (got "cert-manager"); use one of dynamo-platform'],
  ])('%s is an error naming %s', (_, props, prop, message) => {
    // GIVEN / WHEN
    const e = validationError(() => platformIn(newChart(null), props));
    // THEN
    expect(e.prop).toBe(prop);
    expect(e.message.startsWith(message)).toBe(true);
    expect(e.constructPath).toBe('test/platform');
  });

  test('without a delivery in a cdk8s app is an error naming delivery and both deliveries', () => {
    // GIVEN / WHEN
    const e = validationError(() => new DynamoPlatform(newChart(null), 'platform'));
    // THEN
    expect(e.prop).toBe('delivery');
    expect(e.message).toContain('set delivery: PlatformDelivery.flux() or PlatformDelivery.argoCd()');
  });

  test('two cluster-wide platforms in one chart fail at synth', () => {
    // GIVEN
    const chart = newChart(null);
    platformIn(chart);
    new DynamoPlatform(chart, 'second', { delivery: FLUX, releaseName: 'second', namespace: 'dynamo-second' });
    // WHEN / THEN
    expect(() => Testing.synth(chart)).toThrow(/namespaceRestriction must be set on all but one DynamoPlatform of a chart/);
  });

  test('a namespace-restricted second platform is allowed, and uses the cluster-wide platform\'s Grove and KAI', () => {
    // GIVEN
    const chart = newChart(null);
    platformIn(chart);
    const team = new DynamoPlatform(chart, 'team', { delivery: FLUX, releaseName: 'team', namespace: 'team-a', namespaceRestriction: {} });
    // WHEN / THEN
    expect(synthValid(chart).filter((o) => o.kind === 'HelmRelease')).toHaveLength(2);
    expect(team.platformRelease.values.global).toStrictEqual({ 'grove': { install: false, enabled: true }, 'kai-scheduler': { install: false, enabled: true } });
    // AND OFF stays possible
    const off = new DynamoPlatform(newChart(null), 'team', { delivery: FLUX, namespaceRestriction: {}, grove: BundledChart.OFF, kaiScheduler: BundledChart.OFF });
    expect(off.platformRelease.values.global).toStrictEqual({ 'grove': { install: false, enabled: false }, 'kai-scheduler': { install: false, enabled: false } });
  });
});

describe('a pattern on a DynamoPlatform', () => {
  test('takes the platform\'s release and Prometheus', () => {
    // GIVEN
    const chart = newChart();
    const platform = platformIn(chart, { version: DynamoVersion.V1_5_1, kubePrometheusStack: KPS });
    // WHEN
    const llm = new AggregatedLlm(chart, 'qwen', { model: MODEL, platform, planner: Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 8 }) });
    // THEN
    expect(llm.dgd.dynamoVersion.version).toBe('1.5.1');
    const planner = synthValid(chart).find((o) => o.kind === 'DynamoGraphDeployment')!.spec.components.find((c: Manifest) => c.name === 'Planner');
    expect(JSON.parse(planner.podTemplate.spec.containers[0].args[1]).metric_pulling_prometheus_endpoint).toBe(platform.prometheusEndpoint);
  });

  test('with Argo CD, every object of the graph is a wave after the platform', () => {
    // GIVEN
    const chart = newChart();
    const platform = new DynamoPlatform(chart, 'platform', { delivery: ARGO, kubePrometheusStack: KPS });
    // WHEN
    new AggregatedLlm(chart, 'qwen', { model: MODEL, platform, observability: {} });
    // THEN every object but the platform's Applications is in wave 2, custom resources skip the dry run
    const graph = synthValid(chart).filter((o) => o.kind !== 'Application');
    expect(new Set(graph.map((o) => o.metadata.annotations?.['argocd.argoproj.io/sync-wave']))).toStrictEqual(new Set(['2']));
    const dgd = graph.find((o) => o.kind === 'DynamoGraphDeployment')!;
    expect(dgd.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
    expect(graph.find((o) => o.kind === 'ConfigMap')?.metadata.annotations['argocd.argoproj.io/sync-options']).toBeUndefined();
  });

  test('with Flux, the graph\'s objects get no annotation', () => {
    // GIVEN
    const chart = newChart();
    // WHEN
    new AggregatedLlm(chart, 'qwen', { model: MODEL, platform: platformIn(chart) });
    // THEN
    const annotated = synthValid(chart).filter((o) => Object.keys(o.metadata.annotations ?? {}).some((k) => k.startsWith('argocd.argoproj.io')));
    expect(annotated).toStrictEqual([]);
  });

  test('an EFA pool on EKS needs the EFA device plugin', () => {
    // GIVEN
    const graph = (platformProps: DynamoPlatformProps) => () => {
      const chart = newChart();
      new DisaggregatedLlm(chart, 'llama', {
        model: 'meta-llama/Llama-3.3-70B-Instruct', cloud: Cloud.eks(EKS_OPTIONS), platform: platformIn(chart, { cloud: Cloud.eks(EKS_OPTIONS), ...platformProps }),
        prefill: { machineType: 'p5.48xlarge', gpus: 4 }, decode: { machineType: 'p5.48xlarge', gpus: 4 },
      });
      return synthValid(chart);
    };
    // WHEN / THEN
    const e = validationError(graph({}));
    expect(e.prop).toBe('platform');
    expect(e.message).toBe('platform must provide a device plugin for vpc.amazonaws.com/efa, which pool prefill requests: without it the pods stay Pending (got []); '
      + 'set efaDevicePlugin: {} on the DynamoPlatform, or add the device plugin\'s chart to charts with deviceResources: ["vpc.amazonaws.com/efa"], '
      + 'or list it in the DynamoPlatform\'s deviceResources when the plugin is installed outside the platform');
    expect(graph({ efaDevicePlugin: {} })).not.toThrow();
    // the plugin as an extra chart, or installed outside the platform
    expect(graph({ charts: [{ id: 'efa', repository: 'https://aws.github.io/eks-charts', chart: 'aws-efa-k8s-device-plugin', version: 'v0.5.30', namespace: 'kube-system', deviceResources: ['vpc.amazonaws.com/efa'] }] })).not.toThrow();
    expect(graph({ deviceResources: ['vpc.amazonaws.com/efa'] })).not.toThrow();
  });

  test('an EFA pool finds the EFA device plugin of a platform without a cloud, on EKS or self-managed EC2 nodes', () => {
    // GIVEN a platform that names no cloud, with the EFA device plugin
    const graph = (cloud: Cloud, machineType?: string) => () => {
      const chart = newChart();
      new DisaggregatedLlm(chart, 'llama', {
        model: 'meta-llama/Llama-3.3-70B-Instruct', cloud, platform: platformIn(chart, { efaDevicePlugin: {} }),
        prefill: { machineType, gpus: 4 }, decode: { machineType, gpus: 4 },
      });
      return synthValid(chart);
    };
    // WHEN / THEN a graph on EKS, and one on a generic cloud with the EFA fabric, pass
    expect(graph(Cloud.eks(EKS_OPTIONS), 'p5.48xlarge')).not.toThrow();
    expect(graph(Cloud.generic({ rdma: { fabric: RdmaFabric.EFA } }))).not.toThrow();
    // AND without the plugin the generic graph is told to add it
    expect(validationError(() => {
      const chart = newChart();
      new DisaggregatedLlm(chart, 'llama', { model: MODEL, cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.EFA } }), platform: platformIn(chart) });
    }).message).toContain('set efaDevicePlugin: {} on the DynamoPlatform');
  });

  test('an InfiniBand pool needs the Network Operator\'s device plugin for its resource', () => {
    // GIVEN a pool requesting rdma/shared_ib (the shared RDMA device plugin's default resource)
    const graph = (platformProps: DynamoPlatformProps) => () => {
      const chart = newChart();
      new DisaggregatedLlm(chart, 'llama', {
        model: MODEL, platform: platformIn(chart, platformProps),
        cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/shared_ib' } }),
      });
    };
    // WHEN / THEN
    expect(validationError(graph({})).message).toContain('set networkOperator with a device plugin whose resource is rdma/shared_ib (rdmaSharedDevicePlugin or sriovDevicePlugin) on the DynamoPlatform, '
      + 'or add the device plugin\'s chart to charts with deviceResources: ["rdma/shared_ib"]');
    expect(graph({ networkOperator: {} })).not.toThrow();
    // a device plugin of its own in charts
    expect(graph({ charts: [{ id: 'rdma-dp', repository: 'https://example.com/charts', chart: 'k8s-rdma-shared-dev-plugin', version: '1.5.3', namespace: 'kube-system', deviceResources: ['rdma/shared_ib'] }] })).not.toThrow();
  });

  test('of another cloud than the platform\'s is an error naming cloud', () => {
    // GIVEN
    const chart = newChart();
    const platform = platformIn(chart, { cloud: Cloud.aks() });
    // WHEN
    const e = validationError(() => new AggregatedLlm(chart, 'qwen', { model: MODEL, platform, cloud: Cloud.generic() }));
    // THEN
    expect(e.prop).toBe('cloud');
    expect(e.message).toBe('cloud must be the cloud the DynamoPlatform at test/platform was made for (aks) (got "generic"); use the platform\'s cloud, or give the platform cloud: Cloud.generic()');
  });

  test('outside the namespace of a restricted operator is an error naming namespace', () => {
    // GIVEN
    const chart = newChart();
    const platform = platformIn(chart, { namespaceRestriction: { targetNamespace: 'team-a' } });
    // WHEN
    const e = validationError(() => new AggregatedLlm(chart, 'qwen', { model: MODEL, platform, namespace: 'team-b' }));
    // THEN
    expect(e.prop).toBe('namespace');
    expect(e.message).toContain('namespace must be team-a');
  });

  test('AKS nodes get one NVIDIA driver: the AKS driver or the GPU Operator\'s', () => {
    // GIVEN
    const graph = (driver: AksGpuDriver, platformProps: DynamoPlatformProps) => () => {
      const chart = newChart();
      const cloud = Cloud.aks({ gpuDriver: driver });
      new AggregatedLlm(chart, 'qwen', { model: MODEL, cloud, platform: platformIn(chart, { cloud, ...platformProps }), workers: { machineType: 'Standard_NC24ads_A100_v4', gpus: 1 } });
    };
    // WHEN / THEN the AKS driver and the operator's driver (on for GPUDirect RDMA with the Network Operator): the platform refuses it
    const two = validationError(graph(AksGpuDriver.AKS_MANAGED, { gpuOperator: {}, networkOperator: {} }));
    expect(two.prop).toBe('gpuOperator.rdma');
    expect(two.constructPath).toBe('test/platform');
    // nodes without the AKS driver and no operator driver
    const none = validationError(graph(AksGpuDriver.NONE, {}));
    expect(none.prop).toBe('platform');
    expect(none.message).toBe('platform must install the NVIDIA driver: the nodes of Cloud.aks() come without one (got "no GPU Operator driver"); '
      + 'set gpuOperator: { driver: true } on the DynamoPlatform, or create the nodes with the cloud\'s driver');
    // either one alone serves: the operator's driver is on by default on nodes without the AKS driver
    expect(graph(AksGpuDriver.NONE, { gpuOperator: {} })).not.toThrow();
    expect(graph(AksGpuDriver.NONE, { gpuOperator: {}, networkOperator: {} })).not.toThrow();
    expect(graph(AksGpuDriver.AKS_MANAGED, { gpuOperator: {} })).not.toThrow();
    expect(graph(AksGpuDriver.AKS_MANAGED, {})).not.toThrow();
  });

  test('a graph on nodes with the AKS driver, on a platform that names no cloud and installs the operator\'s driver, is refused', () => {
    // GIVEN a platform without a cloud (the GPU Operator installs the driver) / WHEN a graph on AKS uses it
    const chart = newChart();
    const platform = platformIn(chart, { gpuOperator: {} });
    const e = validationError(() => new AggregatedLlm(chart, 'qwen', { model: MODEL, cloud: Cloud.aks(), platform, workers: { machineType: 'Standard_NC24ads_A100_v4', gpus: 1 } }));
    // THEN
    expect(e.prop).toBe('platform');
    expect(e.message).toBe('platform must not install the NVIDIA driver on nodes of Cloud.aks(), which come with one: two drivers on a node fail to load (got "gpuOperator.driver: true"); '
      + 'set gpuOperator: { driver: false, rdma: false } on the DynamoPlatform, or create the nodes without the AKS driver: Cloud.aks({ gpuDriver: AksGpuDriver.NONE })');
  });

  test('a graph on nodes without the AKS driver, on a platform whose cloud has it, is told to give the platform its cloud', () => {
    // GIVEN a platform on Cloud.aks() (its GPU Operator leaves the driver to AKS) / WHEN a graph on nodes without the AKS driver uses it
    const chart = newChart();
    const platform = platformIn(chart, { cloud: Cloud.aks(), gpuOperator: {} });
    const e = validationError(() => new AggregatedLlm(chart, 'qwen', {
      model: MODEL, cloud: Cloud.aks({ gpuDriver: AksGpuDriver.NONE }), platform, workers: { machineType: 'Standard_NC24ads_A100_v4', gpus: 1 },
    }));
    // THEN
    expect(e.message).toContain('set gpuOperator: { driver: true } on the DynamoPlatform and give it the graph\'s cloud, whose nodes come without the driver, or create the nodes with the cloud\'s driver');
  });

  test('a multi-node pool needs Grove, or LeaderWorkerSet with Volcano', () => {
    // GIVEN
    const graph = (platformProps: DynamoPlatformProps) => () => {
      const chart = newChart();
      new AggregatedLlm(chart, 'llama', { model: MODEL, platform: platformIn(chart, platformProps), workers: { nodes: 2, gpus: 8, tensorParallelSize: 16 } });
    };
    // WHEN / THEN neither
    const e = validationError(graph({ grove: BundledChart.OFF }));
    expect(e.prop).toBe('workers.nodes');
    expect(e.message).toBe('workers.nodes needs Grove, or LeaderWorkerSet with Volcano, on the platform for a worker over 2 nodes, and the DynamoPlatform at test/platform has neither (got 2); '
      + 'set grove: BundledChart.INSTALL (or leaderWorkerSet: {} and volcano: {}) on the DynamoPlatform, or run the worker on one node');
    // LeaderWorkerSet without Volcano, which the operator does not use
    const lws = validationError(graph({ grove: BundledChart.OFF, leaderWorkerSet: {} }));
    expect(lws.message).toBe('workers.nodes needs Volcano beside LeaderWorkerSet for a worker over 2 nodes: the Dynamo operator uses LeaderWorkerSet only when Volcano\'s API is there too, and the DynamoPlatform at test/platform has no Volcano (got 2); '
      + 'set volcano: {} on the DynamoPlatform (LeaderWorkerSet then gang-schedules through it), or grove: BundledChart.INSTALL, or run the worker on one node');
    // Volcano as an extra chart is not known: not checked
    expect(graph({ grove: BundledChart.OFF, leaderWorkerSet: {}, charts: [{ id: 'volcano', repository: 'https://volcano-sh.github.io/helm-charts', chart: 'volcano', version: '1.15.0', namespace: 'volcano-system' }] })).not.toThrow();
    expect(graph({ grove: BundledChart.OFF, leaderWorkerSet: {}, volcano: {} })).not.toThrow();
    expect(graph({})).not.toThrow();
  });

  test('KEDA autoscaling needs KEDA on the platform', () => {
    // GIVEN
    const keda = Autoscaling.keda({ maxReplicas: 4, metrics: [ScalingMetric.queueDepth({ targetPerReplica: 4 })], prometheusServerAddress: 'http://prometheus-operated.monitoring.svc:9090' });
    const graph = (platformProps: DynamoPlatformProps) => () => {
      const chart = newChart();
      new AggregatedLlm(chart, 'qwen', { model: MODEL, platform: platformIn(chart, platformProps), workers: { autoscaling: keda } });
    };
    // WHEN / THEN
    const e = validationError(graph({}));
    expect(e.prop).toBe('workers.autoscaling');
    expect(e.message).toContain('set keda: {} on the DynamoPlatform');
    expect(graph({ keda: {} })).not.toThrow();
    // KEDA without its metrics server runs no ScaledObject
    const off = validationError(graph({ keda: { metricsServer: false } }));
    expect(off.prop).toBe('workers.autoscaling');
    expect(off.message).toBe('workers.autoscaling needs KEDA\'s metrics server, which serves the external metrics ScaledObjects scale on, and the DynamoPlatform at test/platform installs KEDA with keda.metricsServer: false (got "Autoscaling.keda(...)"); '
      + 'remove keda.metricsServer: false on the DynamoPlatform (and prometheusAdapter, which would hold the same external.metrics.k8s.io API), or use Autoscaling.hpa(...) with prometheusAdapter');
    expect(validationError(graph({ keda: { values: { metricsServer: { enabled: false } } } })).message).toContain('needs KEDA\'s metrics server');
  });

  test('HPA autoscaling needs an adapter rule for each metric', () => {
    // GIVEN
    const hpa = (metric: ScalingMetric) => Autoscaling.hpa({ maxReplicas: 4, metrics: [metric] });
    const graph = (metric: ScalingMetric, platformProps: DynamoPlatformProps) => () => {
      const chart = newChart();
      new AggregatedLlm(chart, 'qwen', { model: MODEL, platform: platformIn(chart, { kubePrometheusStack: KPS, ...platformProps }), workers: { autoscaling: hpa(metric) } });
    };
    const ttft = ScalingMetric.timeToFirstToken({ targetMs: 400 });
    // WHEN / THEN the default rules serve p95 TTFT
    expect(graph(ttft, { prometheusAdapter: {} })).not.toThrow();
    // a p99 TTFT needs a rule of its own
    const p99 = ScalingMetric.timeToFirstToken({ targetMs: 400, percentile: 0.99 });
    const e = validationError(graph(p99, { prometheusAdapter: {} }));
    expect(e.prop).toBe('workers.autoscaling.metrics');
    expect(e.message).toContain('no prometheus-adapter rule of the DynamoPlatform at test/platform serves the External metric dynamo_ttft_p99_seconds');
    expect(graph(p99, { prometheusAdapter: { metrics: [p99] } })).not.toThrow();
    // no adapter at all
    expect(validationError(graph(ttft, {})).prop).toBe('workers.autoscaling.metrics');
  });
});

describe('a pattern on EKS Auto Mode', () => {
  test('refuses a platform that installs a second EFA device plugin', () => {
    // GIVEN a platform without a cloud that installs the EFA device plugin
    const chart = newChart();
    const platform = platformIn(chart, { efaDevicePlugin: {} });
    // WHEN a graph on Auto Mode, whose nodes run their own EFA plugin, uses it
    const e = validationError(() => new DisaggregatedLlm(chart, 'llama', {
      model: 'meta-llama/Llama-3.3-70B-Instruct', cloud: Cloud.eksAutoMode(), platform,
      prefill: { machineType: 'p5.48xlarge', gpus: 4 }, decode: { machineType: 'p5.48xlarge', gpus: 4 },
    }));
    // THEN
    expect(e.prop).toBe('platform');
    expect(e.message).toBe('platform must not install a device plugin for vpc.amazonaws.com/efa on Cloud.eksAutoMode(), which runs its own: two plugins advertise the same devices '
      + '(got "vpc.amazonaws.com/efa"); remove the add-on that installs it from the DynamoPlatform (efaDevicePlugin), or give the platform cloud: Cloud.eksAutoMode()');
  });
});

describe('DynamoPlatform on AKS', () => {
  test('the GPU node agents tolerate the sku=gpu taint of AKS GPU pools, the controllers do not', () => {
    // GIVEN
    const chart = newChart(null);
    // WHEN
    const platform = new DynamoPlatform(chart, 'platform', {
      delivery: ARGO, cloud: Cloud.aks({ gpuDriver: AksGpuDriver.NONE }), gpuOperator: {}, networkOperator: {},
    });
    // THEN
    const sku = { key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' };
    const gpu = platform.releases.find((r) => r.id === 'gpu-operator')!.values as Manifest;
    expect(gpu.daemonsets.tolerations).toContainEqual(sku);
    expect(gpu.operator).toBeUndefined();
    const policy = synthValid(chart).find((o) => o.kind === 'NicClusterPolicy')!;
    expect(policy.spec.tolerations).toContainEqual(sku);
    const network = platform.releases.find((r) => r.id === 'network-operator')!.values as Manifest;
    expect(network['node-feature-discovery'].worker.tolerations).toContainEqual(sku);
    expect(network.operator).toBeUndefined();
  });
});
