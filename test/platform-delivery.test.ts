import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { describe, expect, test } from 'vitest';
import type { PlatformDeliveryBinding } from '../lib/platform/delivery/delivery-binding';
import { DynamoPlatform, DynamoPlatformProps } from '../lib';
import { PlatformDelivery } from '../lib/platform/platform-delivery';
import type { PlatformManifest, PlatformRelease } from '../lib/platform/platform-release';
import { Manifest, newChart, synthValid, validationError } from './support/synth';

/*
 * A fixture platform (test data, not chart facts): two charts from one https:// repository, one
 * from another, an OCI chart, a release with a NicClusterPolicy manifest, and a dependency chain
 * gpu-operator → network-operator (+ manifest) → dynamo-platform ← lws.
 */
const NGC = 'https://helm.ngc.nvidia.com/nvidia';

const NIC_CLUSTER_POLICY: PlatformManifest = {
  apiVersion: 'mellanox.com/v1alpha1',
  kind: 'NicClusterPolicy',
  metadata: { name: 'nic-cluster-policy', labels: { team: 'gpu' } },
  spec: { rdmaSharedDevicePlugin: { image: 'k8s-rdma-shared-dev-plugin', repository: 'nvcr.io/nvidia/mellanox', version: 'test' } },
};

function release(id: string, over: Partial<PlatformRelease> = {}): PlatformRelease {
  return {
    id, displayName: id, releaseName: id, namespace: `${id}-ns`,
    source: { repository: NGC, chart: id, version: '1.0.0' },
    values: {}, dependsOn: [], manifests: [], deviceResources: [],
    ...over,
  };
}

function fixture(): PlatformRelease[] {
  return [
    release('gpu-operator', { namespace: 'gpu-operator', source: { repository: NGC, chart: 'gpu-operator', version: 'v26.3.0' }, values: { driver: { enabled: false } } }),
    release('network-operator', { namespace: 'nvidia-network-operator', source: { repository: `${NGC}/`, chart: 'network-operator', version: '26.4.1' },
      dependsOn: ['gpu-operator'], manifests: [NIC_CLUSTER_POLICY] }),
    release('lws', { namespace: 'lws-system', source: { repository: 'oci://registry.k8s.io/lws/charts', chart: 'lws', version: '0.8.0' } }),
    release('dynamo-platform', { namespace: 'dynamo-system', source: { repository: `${NGC}/ai-dynamo`, chart: 'dynamo-platform', version: '1.4.0' },
      dependsOn: ['gpu-operator', 'network-operator', 'lws'], values: { global: { grove: { install: true } } } }),
  ];
}

function bound(delivery: PlatformDelivery, releases = fixture()): { objs: Manifest[]; binding: PlatformDeliveryBinding } {
  const chart = newChart();
  const binding = delivery.bind(chart, releases);
  return { objs: synthValid(chart), binding };
}

function named(objs: Manifest[], kind: string, name: string): Manifest {
  const found = objs.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind}/${name}, found ${found.length}`);
  return found[0];
}

function kinds(objs: Manifest[]): string[] {
  return objs.map((o) => `${o.kind}/${o.metadata.name}`);
}

describe('PlatformDelivery.flux()', () => {
  test('a HelmRepository per repository, an OCIRepository per OCI chart, a HelmRelease per release, the manifest as it is', () => {
    // GIVEN / WHEN
    const { objs } = bound(PlatformDelivery.flux());
    // THEN every object is strict-valid (synthValid) and they are, in order (a source before the first HelmRelease that uses it):
    expect(kinds(objs)).toStrictEqual([
      'HelmRepository/helm-ngc-nvidia-com-nvidia', 'HelmRelease/gpu-operator', 'HelmRelease/network-operator', 'NicClusterPolicy/nic-cluster-policy',
      'OCIRepository/lws', 'HelmRelease/lws', 'HelmRepository/helm-ngc-nvidia-com-nvidia-ai-dynamo', 'HelmRelease/dynamo-platform',
    ]);
    expect(objs.filter((o) => o.kind !== 'NicClusterPolicy').every((o) => o.metadata.namespace === 'flux-system')).toBe(true);
    // AND the cluster-scoped NicClusterPolicy has no namespace (not the chart's "llm"), no annotations
    expect(named(objs, 'NicClusterPolicy', 'nic-cluster-policy').metadata).toStrictEqual({ name: 'nic-cluster-policy', labels: { team: 'gpu' } });
  });

  test('a HelmRelease of an https:// chart: chart.spec with the pinned version, namespaces, CRDs, remediation, values', () => {
    // GIVEN / WHEN
    const { objs } = bound(PlatformDelivery.flux());
    // THEN
    expect(named(objs, 'HelmRelease', 'gpu-operator').spec).toStrictEqual({
      interval: '10m',
      timeout: '15m',
      releaseName: 'gpu-operator',
      targetNamespace: 'gpu-operator',
      storageNamespace: 'gpu-operator',
      chart: { spec: { chart: 'gpu-operator', version: 'v26.3.0', interval: '1h', sourceRef: { kind: 'HelmRepository', name: 'helm-ngc-nvidia-com-nvidia', namespace: 'flux-system' } } },
      install: { createNamespace: true, crds: 'CreateReplace', remediation: { retries: 3 } },
      upgrade: { crds: 'CreateReplace', remediation: { retries: 3 } },
      values: { driver: { enabled: false } },
    });
    expect(named(objs, 'HelmRepository', 'helm-ngc-nvidia-com-nvidia').spec).toStrictEqual({ interval: '1h', url: NGC });
  });

  test('an OCI chart: an OCIRepository at the pinned tag selecting the Helm chart layer, and chartRef', () => {
    // GIVEN / WHEN
    const { objs } = bound(PlatformDelivery.flux());
    // THEN
    expect(named(objs, 'OCIRepository', 'lws').spec).toStrictEqual({
      interval: '1h',
      url: 'oci://registry.k8s.io/lws/charts/lws',
      ref: { tag: '0.8.0' },
      layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' },
    });
    const hr = named(objs, 'HelmRelease', 'lws').spec;
    expect(hr.chartRef).toStrictEqual({ kind: 'OCIRepository', name: 'lws', namespace: 'flux-system' });
    expect(hr.chart).toBeUndefined();
    expect(hr.values).toBeUndefined();
  });

  test('dependsOn lists the HelmReleases of the releases it depends on, in the Flux namespace', () => {
    // GIVEN / WHEN
    const { objs } = bound(PlatformDelivery.flux({ namespace: 'gitops' }));
    // THEN
    expect(named(objs, 'HelmRelease', 'dynamo-platform').spec.dependsOn).toStrictEqual([
      { name: 'gpu-operator', namespace: 'gitops' }, { name: 'network-operator', namespace: 'gitops' }, { name: 'lws', namespace: 'gitops' },
    ]);
    expect(named(objs, 'HelmRelease', 'gpu-operator').spec.dependsOn).toBeUndefined();
  });

  test('objects: each release its source, HelmRelease and manifests; no graph annotations', () => {
    // GIVEN / WHEN
    const { binding } = bound(PlatformDelivery.flux());
    // THEN
    const ids = Object.fromEntries(Object.entries(binding.objects).map(([k, v]) => [k, v.map((o) => `${o.kind}/${o.name}`)]));
    expect(ids).toStrictEqual({
      'gpu-operator': ['HelmRepository/helm-ngc-nvidia-com-nvidia', 'HelmRelease/gpu-operator'],
      'network-operator': ['HelmRepository/helm-ngc-nvidia-com-nvidia', 'HelmRelease/network-operator', 'NicClusterPolicy/nic-cluster-policy'],
      'lws': ['OCIRepository/lws', 'HelmRelease/lws'],
      'dynamo-platform': ['HelmRepository/helm-ngc-nvidia-com-nvidia-ai-dynamo', 'HelmRelease/dynamo-platform'],
    });
    expect(binding.graphAnnotations('nvidia.com/v1beta1', 'DynamoGraphDeployment')).toStrictEqual({});
  });

  test('the options set the namespace, intervals, timeout and retries', () => {
    // GIVEN / WHEN
    const { objs } = bound(PlatformDelivery.flux({
      namespace: 'gitops', interval: Duration.minutes(5), sourceInterval: Duration.hours(2), timeout: Duration.seconds(1800), retries: -1,
    }));
    // THEN
    const hr = named(objs, 'HelmRelease', 'gpu-operator');
    expect(hr.metadata.namespace).toBe('gitops');
    expect([hr.spec.interval, hr.spec.timeout, hr.spec.chart.spec.interval]).toStrictEqual(['5m', '30m', '2h']);
    expect([hr.spec.install.remediation, hr.spec.upgrade.remediation]).toStrictEqual([{ retries: -1 }, { retries: -1 }]);
    expect(named(objs, 'OCIRepository', 'lws').spec.interval).toBe('2h');
  });

  test('repository names: trailing slashes are one repository; names that would coincide get a hash of their URL; long ones are cut', () => {
    // GIVEN repositories whose derived names collide (a-b vs a/b), and a very long one
    const long = `https://charts.example.com/${'x'.repeat(80)}`;
    const rs = [
      release('one', { source: { repository: 'https://charts.example.com/a-b', chart: 'one', version: '1.0.0' } }),
      release('two', { source: { repository: 'https://charts.example.com/a/b/', chart: 'two', version: '1.0.0' } }),
      release('three', { source: { repository: long, chart: 'three', version: '1.0.0' } }),
    ];
    // WHEN bound in both orders
    const names = (list: PlatformRelease[]): Array<[string, string]> =>
      bound(PlatformDelivery.flux(), list).objs.filter((o) => o.kind === 'HelmRepository').map((o) => [o.spec.url, o.metadata.name]);
    const forward = new Map(names(rs));
    const backward = new Map(names([...rs].reverse()));
    // THEN the colliding two are told apart by a hash, the same whatever the order
    expect(forward.get('https://charts.example.com/a-b')).toMatch(/^charts-example-com-a-b-[0-9a-f]{8}$/);
    expect(forward.get('https://charts.example.com/a/b')).toMatch(/^charts-example-com-a-b-[0-9a-f]{8}$/);
    expect(forward.get('https://charts.example.com/a-b')).not.toBe(forward.get('https://charts.example.com/a/b'));
    expect(backward).toStrictEqual(forward);
    // AND the long one fits a DNS-1123 label
    expect(forward.get(long)!.length).toBeLessThanOrEqual(63);
  });

  test('manifests go under manifestScope when given (Flux applies them separately)', () => {
    // GIVEN a second chart for the manifests
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    const manifests = new Chart(app, 'platform-manifests');
    const delivery = PlatformDelivery.flux();
    // WHEN
    delivery.bind(platform, fixture(), manifests);
    // THEN
    expect(delivery.manifestsApplySeparately).toBe(true);
    expect(kinds(synthValid(manifests))).toStrictEqual(['NicClusterPolicy/nic-cluster-policy']);
    expect(synthValid(platform).some((o) => o.kind === 'NicClusterPolicy')).toBe(false);
  });
});

describe('PlatformDelivery.argoCd()', () => {
  test('an Application per release with a sync wave after its dependencies and their manifests', () => {
    // GIVEN / WHEN
    const { objs } = bound(PlatformDelivery.argoCd());
    // THEN every object is strict-valid; the waves follow the dependency chain
    const wave = (o: Manifest) => o.metadata.annotations['argocd.argoproj.io/sync-wave'];
    expect(objs.map((o) => [`${o.kind}/${o.metadata.name}`, wave(o)])).toStrictEqual([
      ['Application/gpu-operator', '0'],
      ['Application/network-operator', '1'],
      ['NicClusterPolicy/nic-cluster-policy', '2'],
      ['Application/lws', '0'],
      ['Application/dynamo-platform', '3'],
    ]);
    // AND the manifest skips the dry run (its CRD comes with the chart), keeps no namespace
    expect(named(objs, 'NicClusterPolicy', 'nic-cluster-policy').metadata).toStrictEqual({
      name: 'nic-cluster-policy', labels: { team: 'gpu' },
      annotations: { 'argocd.argoproj.io/sync-wave': '2', 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' },
    });
  });

  test('an https:// chart: repoURL + chart + targetRevision, Helm release name and values, cascade finalizer, sync policy', () => {
    // GIVEN / WHEN
    const { objs } = bound(PlatformDelivery.argoCd());
    // THEN
    const app = named(objs, 'Application', 'gpu-operator');
    expect(app.metadata).toStrictEqual({
      name: 'gpu-operator', namespace: 'argocd',
      annotations: { 'argocd.argoproj.io/sync-wave': '0' }, finalizers: ['resources-finalizer.argocd.argoproj.io'],
    });
    expect(app.spec).toStrictEqual({
      project: 'default',
      source: { repoURL: NGC, chart: 'gpu-operator', targetRevision: 'v26.3.0', helm: { releaseName: 'gpu-operator', valuesObject: { driver: { enabled: false } } } },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'gpu-operator' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
        retry: { limit: 5, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } },
      },
    });
  });

  test('an OCI chart: the native oci:// source with path "."', () => {
    // GIVEN / WHEN
    const { objs } = bound(PlatformDelivery.argoCd());
    // THEN
    expect(named(objs, 'Application', 'lws').spec.source).toStrictEqual({
      repoURL: 'oci://registry.k8s.io/lws/charts/lws', path: '.', targetRevision: '0.8.0', helm: { releaseName: 'lws' },
    });
  });

  test('graph annotations: the wave after the platform; custom resources also skip the dry run', () => {
    // GIVEN / WHEN
    const { binding } = bound(PlatformDelivery.argoCd());
    // THEN
    const wave = { 'argocd.argoproj.io/sync-wave': '4' };
    const skip = { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' };
    expect(binding.graphAnnotations('nvidia.com/v1beta1', 'DynamoGraphDeployment')).toStrictEqual({ ...wave, ...skip });
    expect(binding.graphAnnotations('monitoring.coreos.com/v1', 'PodMonitor')).toStrictEqual({ ...wave, ...skip });
    expect(binding.graphAnnotations('gateway.networking.k8s.io/v1', 'HTTPRoute')).toStrictEqual({ ...wave, ...skip });
    expect(binding.graphAnnotations('v1', 'Service')).toStrictEqual(wave);
    expect(binding.graphAnnotations('apps/v1', 'Deployment')).toStrictEqual(wave);
    expect(binding.graphAnnotations('networking.k8s.io/v1', 'Ingress')).toStrictEqual(wave);
  });

  test('the options set the namespace, project, destination, first wave, sync policy and retries', () => {
    // GIVEN / WHEN
    const { objs, binding } = bound(PlatformDelivery.argoCd({
      namespace: 'gitops', project: 'platform', destinationServer: 'https://10.0.0.1:6443', firstWave: -10, automated: false, retries: -1,
    }));
    // THEN
    const app = named(objs, 'Application', 'dynamo-platform');
    expect(app.metadata.namespace).toBe('gitops');
    expect(app.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-7');
    expect(app.spec.project).toBe('platform');
    expect(app.spec.destination).toStrictEqual({ server: 'https://10.0.0.1:6443', namespace: 'dynamo-system' });
    expect(app.spec.syncPolicy.automated).toBeUndefined();
    expect(app.spec.syncPolicy.retry.limit).toBe(-1);
    expect(binding.graphAnnotations('v1', 'Service')).toStrictEqual({ 'argocd.argoproj.io/sync-wave': '-6' });
  });

  test('without releases, graphs get the first wave; the delivery applies manifests with the releases', () => {
    // GIVEN / WHEN
    const delivery = PlatformDelivery.argoCd({ firstWave: 3 });
    const { objs, binding } = bound(delivery, []);
    // THEN
    expect(objs).toStrictEqual([]);
    expect(binding.graphAnnotations('v1', 'ConfigMap')).toStrictEqual({ 'argocd.argoproj.io/sync-wave': '3' });
    expect(delivery.manifestsApplySeparately).toBe(false);
  });
});

describe('PlatformDelivery: output and extension', () => {
  test.each([['flux', () => PlatformDelivery.flux()], ['argo-cd', () => PlatformDelivery.argoCd()]])('%s: the same releases give byte-identical YAML', (_, make) => {
    // GIVEN two independent apps
    const yaml = () => {
      const app = Testing.app();
      make().bind(new Chart(app, 'platform', { namespace: 'llm' }), fixture());
      return app.synthYaml();
    };
    // WHEN / THEN
    const first = yaml();
    expect(first.length).toBeGreaterThan(1000);
    expect(yaml()).toBe(first);
  });

  test('ids, messages and the brand', () => {
    // GIVEN a custom delivery
    class NoDelivery extends PlatformDelivery {
      public readonly id = 'none';
      public bind(scope: Construct, releases: readonly PlatformRelease[]): PlatformDeliveryBinding {
        const objects = Object.fromEntries(releases.map((r) => [r.id, [new ApiObject(scope, r.id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: r.id }, data: { chart: r.source.chart } })]]));
        return { objects, graphAnnotations: () => ({}) };
      }
    }
    const custom = new NoDelivery();
    // WHEN / THEN
    expect([PlatformDelivery.flux().id, PlatformDelivery.argoCd().id, custom.id]).toStrictEqual(['flux', 'argo-cd', 'none']);
    expect([String(PlatformDelivery.flux()), String(PlatformDelivery.argoCd()), String(custom)])
      .toStrictEqual(['PlatformDelivery.flux()', 'PlatformDelivery.argoCd()', 'PlatformDelivery(none)']);
    expect([PlatformDelivery.flux(), custom].every((d) => PlatformDelivery.isPlatformDelivery(d))).toBe(true);
    expect([{ id: 'flux', bind: () => ({}) }, null, 'flux'].some((d) => PlatformDelivery.isPlatformDelivery(d))).toBe(false);
    expect(custom.manifestsApplySeparately).toBe(false);
    expect(kinds(bound(custom).objs)).toStrictEqual(['ConfigMap/gpu-operator', 'ConfigMap/network-operator', 'ConfigMap/lws', 'ConfigMap/dynamo-platform']);
  });
});

describe('PlatformDelivery: errors', () => {
  test.each<[string, () => unknown, string, string]>([
    ['flux options not an object', () => PlatformDelivery.flux('flux' as never), 'delivery', 'must be a FluxDeliveryOptions object'],
    ['flux unknown option', () => PlatformDelivery.flux({ intervall: Duration.minutes(1) } as never), 'delivery.intervall', 'did you mean delivery.interval?'],
    ['flux namespace', () => PlatformDelivery.flux({ namespace: 'Flux_System' }), 'delivery.namespace', '(got "Flux_System")'],
    ['flux interval as a string', () => PlatformDelivery.flux({ interval: '10m' as never }), 'delivery.interval', 'must be a Duration'],
    ['flux interval too short', () => PlatformDelivery.flux({ interval: Duration.seconds(30) }), 'delivery.interval', 'at least 60'],
    ['flux source interval', () => PlatformDelivery.flux({ sourceInterval: Duration.seconds(10) }), 'delivery.sourceInterval', 'at least 60'],
    ['flux timeout not whole seconds', () => PlatformDelivery.flux({ timeout: Duration.millis(90500) }), 'delivery.timeout', 'must be whole seconds'],
    ['flux retries fractional', () => PlatformDelivery.flux({ retries: 1.5 }), 'delivery.retries', 'must be an integer >= -1'],
    ['flux retries below -1', () => PlatformDelivery.flux({ retries: -2 }), 'delivery.retries', '(got -2)'],
    ['flux retries as a string', () => PlatformDelivery.flux({ retries: '3' as never }), 'delivery.retries', 'must be a number'],
    ['argo options null', () => PlatformDelivery.argoCd(null as never), 'delivery', 'must be an ArgoCdDeliveryOptions object'],
    ['argo unknown option', () => PlatformDelivery.argoCd({ firstwave: 1 } as never), 'delivery.firstwave', 'did you mean delivery.firstWave?'],
    ['argo namespace', () => PlatformDelivery.argoCd({ namespace: 'argo cd' }), 'delivery.namespace', '(got "argo cd")'],
    ['argo project', () => PlatformDelivery.argoCd({ project: 'My Project' }), 'delivery.project', 'AppProject name'],
    ['argo destination without scheme', () => PlatformDelivery.argoCd({ destinationServer: 'kubernetes.default.svc' }), 'delivery.destinationServer', 'https://'],
    ['argo first wave fractional', () => PlatformDelivery.argoCd({ firstWave: 0.5 }), 'delivery.firstWave', 'must be an integer'],
    ['argo first wave out of range', () => PlatformDelivery.argoCd({ firstWave: 2_000_000 }), 'delivery.firstWave', 'between -1000000 and 1000000'],
    ['argo automated as a string', () => PlatformDelivery.argoCd({ automated: 'true' as never }), 'delivery.automated', 'must be true or false'],
    ['argo retries', () => PlatformDelivery.argoCd({ retries: -5 }), 'delivery.retries', '(got -5)'],
  ])('%s', (_, f, prop, text) => {
    // WHEN
    const e = validationError(f);
    // THEN
    expect(e.prop).toBe(prop);
    expect(e.message).toContain(text);
  });

  const longName = 'r'.repeat(54);
  const renamed = (id: string, releaseName: string, over: Partial<PlatformRelease> = {}) => release(id, { releaseName, ...over });
  test.each<[string, PlatformRelease[], string, string]>([
    ['id not a label', [release('GPU')], 'releases.GPU.id', 'must be a DNS-1123 label'],
    ['duplicate id', [release('a'), release('a')], 'releases.a.id', 'must be unique'],
    ['unknown dependency', [release('a', { dependsOn: ['b'] })], 'releases.a.dependsOn', 'the releases are a'],
    ['dependency listed later', [release('a', { dependsOn: ['b'] }), release('b')], 'releases.a.dependsOn', 'list "b" before "a"'],
    ['self dependency', [release('a', { dependsOn: ['a'] })], 'releases.a.dependsOn', 'must not name the release itself'],
    ['namespace', [release('a', { namespace: 'Dynamo' })], 'releases.a.namespace', '(got "Dynamo")'],
    ['release name too long', [release('a', { releaseName: longName })], 'releases.a.releaseName', 'at most 53'],
    ['release name with a dot', [renamed('a', 'a.b')], 'releases.a.releaseName', 'DNS-1035 label'],
    ['release name starting with a digit', [renamed('a', '1a')], 'releases.a.releaseName', 'starting with a letter'],
    ['release name repeated', [renamed('a', 'x'), renamed('b', 'x', { namespace: 'other' })], 'releases.b.releaseName', 'must differ from the release name of release "a"'],
    ['http repository', [release('a', { source: { repository: 'http://charts.example.com', chart: 'a', version: '1.0.0' } })], 'releases.a.source.repository', 'https:// Helm repository or an oci://'],
    ['chart name', [release('a', { source: { repository: NGC, chart: 'nvidia/a', version: '1.0.0' } })], 'releases.a.source.chart', '(got "nvidia/a")'],
    ['version range', [release('a', { source: { repository: NGC, chart: 'a', version: '>=1.0.0' } })], 'releases.a.source.version', 'not a range'],
    ['manifest name', [release('a', { manifests: [{ ...NIC_CLUSTER_POLICY, metadata: { name: 'Policy' } }] })], 'releases.a.manifests[0].metadata.name', 'DNS-1123 subdomain'],
    ['manifest namespace', [release('a', { manifests: [{ ...NIC_CLUSTER_POLICY, metadata: { name: 'p', namespace: 'A_B' } }] })], 'releases.a.manifests[0].metadata.namespace', 'DNS-1123 label'],
    ['manifest repeated', [release('a', { manifests: [NIC_CLUSTER_POLICY] }), release('b', { manifests: [NIC_CLUSTER_POLICY] })], 'releases.b.manifests', 'must not repeat an object of release "a"'],
  ])('release: %s (both deliveries)', (_, releases, prop, text) => {
    for (const delivery of [PlatformDelivery.flux(), PlatformDelivery.argoCd()]) {
      // WHEN
      const e = validationError(() => delivery.bind(newChart(), releases));
      // THEN
      expect(e.prop).toBe(prop);
      expect(e.message).toContain(text);
    }
  });
});

describe('PlatformDelivery: GitOps objects are named after the Helm release names', () => {
  /** gpu-operator ← dynamo-platform, an OCI chart, each with a release name other than its id. */
  const releases = (): PlatformRelease[] => [
    release('gpu-operator', { releaseName: 'gpu', namespace: 'gpu-operator', namespaceLabels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }),
    release('lws', { releaseName: 'lws-dev', source: { repository: 'oci://registry.k8s.io/lws/charts', chart: 'lws', version: '0.8.0' } }),
    release('dynamo-platform', { releaseName: 'dynamo-dev', dependsOn: ['gpu-operator', 'lws'] }),
  ];

  test('Flux: the HelmRelease and OCIRepository take the release name, and dependsOn names the HelmReleases by it', () => {
    // GIVEN / WHEN
    const { objs, binding } = bound(PlatformDelivery.flux(), releases());
    // THEN
    expect(kinds(objs)).toStrictEqual([
      'HelmRepository/helm-ngc-nvidia-com-nvidia', 'Namespace/gpu-operator', 'HelmRelease/gpu', 'OCIRepository/lws-dev', 'HelmRelease/lws-dev', 'HelmRelease/dynamo-dev',
    ]);
    expect(named(objs, 'HelmRelease', 'lws-dev').spec.chartRef).toStrictEqual({ kind: 'OCIRepository', name: 'lws-dev', namespace: 'flux-system' });
    expect(named(objs, 'HelmRelease', 'dynamo-dev').spec.dependsOn).toStrictEqual([
      { name: 'gpu', namespace: 'flux-system' }, { name: 'lws-dev', namespace: 'flux-system' },
    ]);
    // AND the objects are still listed by release id
    expect(Object.keys(binding.objects)).toStrictEqual(['gpu-operator', 'lws', 'dynamo-platform']);
  });

  test('Argo CD: the Application takes the release name', () => {
    // GIVEN / WHEN
    const { objs } = bound(PlatformDelivery.argoCd(), releases());
    // THEN
    expect(kinds(objs)).toStrictEqual(['Application/gpu', 'Application/lws-dev', 'Application/dynamo-dev']);
    expect(named(objs, 'Application', 'dynamo-dev').spec.source.helm.releaseName).toBe('dynamo-dev');
  });

  test('Flux: two platforms of one chart share the HelmRepository of a URL and a labelled Namespace', () => {
    // GIVEN two platforms in one chart whose releases have different names, one repository and one labelled namespace
    const chart = newChart();
    const delivery = PlatformDelivery.flux();
    const one = delivery.bind(new Construct(chart, 'one'), [release('gpu-operator', { namespace: 'gpu-operator', namespaceLabels: { a: '1' } })]);
    // WHEN
    const two = delivery.bind(new Construct(chart, 'two'), [release('gpu-operator', { releaseName: 'gpu-two', namespace: 'gpu-operator', namespaceLabels: { b: '2' } })]);
    // THEN each object once, the Namespace with both platforms' labels
    const objs = synthValid(chart);
    expect(kinds(objs)).toStrictEqual(['HelmRepository/helm-ngc-nvidia-com-nvidia', 'Namespace/gpu-operator', 'HelmRelease/gpu-operator', 'HelmRelease/gpu-two']);
    expect(named(objs, 'Namespace', 'gpu-operator').metadata.labels).toStrictEqual({ a: '1', b: '2' });
    expect(one.objects['gpu-operator'][1]).toBe(two.objects['gpu-operator'][1]);
    expect(chart.node.validate()).toStrictEqual([]);
  });

  test('Flux: a HelmRepository name another platform\'s repository of another URL took gets the hash of its URL', () => {
    // GIVEN two platforms whose repositories would both be named charts-example-com-a-b
    const chart = newChart();
    const delivery = PlatformDelivery.flux();
    delivery.bind(new Construct(chart, 'one'), [release('one', { source: { repository: 'https://charts.example.com/a-b', chart: 'one', version: '1.0.0' } })]);
    // WHEN
    delivery.bind(new Construct(chart, 'two'), [release('two', { source: { repository: 'https://charts.example.com/a/b', chart: 'two', version: '1.0.0' } })]);
    // THEN
    const repos = synthValid(chart).filter((o) => o.kind === 'HelmRepository').map((o) => [o.spec.url, o.metadata.name]);
    expect(repos[0]).toStrictEqual(['https://charts.example.com/a-b', 'charts-example-com-a-b']);
    expect(repos[1][1]).toMatch(/^charts-example-com-a-b-[0-9a-f]{8}$/);
    expect(chart.node.validate()).toStrictEqual([]);
  });

  test('Flux: platforms that share a HelmRepository must poll it at one interval', () => {
    // GIVEN
    const chart = newChart();
    PlatformDelivery.flux().bind(new Construct(chart, 'one'), [release('a')]);
    // WHEN
    const e = validationError(() => PlatformDelivery.flux({ sourceInterval: Duration.hours(2) }).bind(new Construct(chart, 'two'), [release('b')]));
    // THEN
    expect(e.prop).toBe('delivery.sourceInterval');
    expect(e.message).toBe(`delivery.sourceInterval must be the same for the platforms of one chart, which share the HelmRepository of ${NGC} (another platform set 1h) (got "2h"); `
      + 'give every PlatformDelivery.flux() of the chart one sourceInterval');
  });

  test.each([['flux', PlatformDelivery.flux(), 'HelmRelease flux-system/gpu-operator (helm.toolkit.fluxcd.io/v2)'],
    ['argo-cd', PlatformDelivery.argoCd(), 'Application argocd/gpu-operator (argoproj.io/v1alpha1)']])(
    '%s: two releases of one name in one chart fail validation, naming both releases and the fix', (_, delivery, object) => {
      // GIVEN two platforms of one chart whose gpu-operator releases have one name
      const chart = newChart();
      delivery.bind(new Construct(chart, 'one'), [release('gpu-operator')]);
      delivery.bind(new Construct(chart, 'two'), [release('gpu-operator')]);
      // WHEN
      const errors = chart.node.validate();
      // THEN
      expect(errors).toStrictEqual([
        `releaseName must differ between releases whose GitOps objects share a chart (they are named after it): ${object} is made by release "gpu-operator" of test/one `
        + 'and again by release "gpu-operator" of test/two (got "gpu-operator"); give one of the releases another releaseName: the DynamoPlatform\'s releaseName for the '
        + 'dynamo-platform chart, <add-on>.releaseName (gpuOperator.releaseName, ...) or charts[i].releaseName for the others',
      ]);
    });

  test('the validation also names an object that is no release\'s by its path', () => {
    // GIVEN a release's Application and an object of the same name made by other code
    const chart = newChart();
    PlatformDelivery.argoCd().bind(chart, [release('lws')]);
    new ApiObject(chart, 'mine', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'lws', namespace: 'argocd' } });
    // WHEN / THEN
    expect(chart.node.validate()).toHaveLength(1);
    expect(chart.node.validate()[0]).toContain('is made by release "lws" of test and again by the object at test/mine');
  });
});

describe('DynamoPlatform: two platforms in one chart', () => {
  test.each([['flux', PlatformDelivery.flux()], ['argo-cd', PlatformDelivery.argoCd()]])(
    '%s: a cluster-wide and a namespace-restricted platform with their own releaseName synthesize each object once', (_, delivery) => {
      // GIVEN
      const app = Testing.app();
      const chart = new Chart(app, 'platforms');
      new DynamoPlatform(chart, 'cluster', { delivery, gpuOperator: {} });
      // WHEN
      new DynamoPlatform(chart, 'dev', { delivery, namespace: 'team-a', releaseName: 'dynamo-dev', namespaceRestriction: {} });
      // THEN
      const objs = synthValid(chart);
      const keys = objs.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      expect(new Set(keys).size).toBe(keys.length);
      const own = delivery.id === 'flux' ? 'HelmRelease' : 'Application';
      expect(objs.filter((o) => o.kind === own).map((o) => o.metadata.name)).toStrictEqual(['gpu-operator', 'dynamo-platform', 'dynamo-dev']);
      expect(() => app.synth()).not.toThrow();
    });

  test('the same releaseName twice fails at synth, naming both platforms', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'platforms');
    new DynamoPlatform(chart, 'cluster', { delivery: PlatformDelivery.argoCd() });
    new DynamoPlatform(chart, 'dev', { delivery: PlatformDelivery.argoCd(), namespace: 'team-a', namespaceRestriction: {} });
    // WHEN / THEN
    expect(() => app.synth()).toThrow(/Application argocd\/dynamo-platform \(argoproj\.io\/v1alpha1\) is made by release "dynamo-platform" of platforms\/cluster and again by release "dynamo-platform" of platforms\/dev/);
  });
});

describe('release names: checked where they are written', () => {
  test.each<[string, DynamoPlatformProps, string]>([
    ['the platform\'s', { releaseName: 'dynamo.platform' }, 'releaseName'],
    ['an add-on\'s', { gpuOperator: { releaseName: 'gpu.operator' } }, 'gpuOperator.releaseName'],
    ['an extra chart\'s', { charts: [{ id: 'cm', repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.19.1', namespace: 'cert-manager', releaseName: 'cert.manager' }] }, 'charts[0].releaseName'],
    ['one starting with a digit', { kubePrometheusStack: { releaseName: '1prometheus' } }, 'kubePrometheusStack.releaseName'],
  ])('%s: a dot is refused under the prop the user wrote', (_, props, prop) => {
    // WHEN
    const e = validationError(() => new DynamoPlatform(newChart(null), 'platform', { delivery: PlatformDelivery.argoCd(), ...props }));
    // THEN
    expect(e.prop).toBe(prop);
    expect(e.message).toContain(`${prop} must be a Helm release name that is also a DNS-1035 label (lowercase letters, digits and '-', starting with a letter, no dots, at most 53 characters)`);
  });

  test('the platform\'s releaseName keeps the operator\'s webhook Service name within 63 characters', () => {
    // GIVEN release names at and past the limit: "<release>-dynamo-operator-webhook-service"
    const platform = (releaseName: string, values?: Record<string, unknown>) =>
      new DynamoPlatform(newChart(null), 'platform', { delivery: PlatformDelivery.argoCd(), releaseName, ...(values ? { values } : {}) });
    // WHEN / THEN 31 characters fit, 32 do not
    expect(() => platform('d'.repeat(31))).not.toThrow();
    const e = validationError(() => platform('d'.repeat(32)));
    expect(e.prop).toBe('releaseName');
    expect(e.message).toBe(`releaseName must be at most 31 characters (or 47 when it contains "dynamo-operator"): the dynamo-platform chart names the operator's webhook Service `
      + `"<release>-dynamo-operator-webhook-service", which must fit a 63-character DNS label (it would be 64 characters) (got "${'d'.repeat(32)}"); use a shorter release name, e.g. "dynamo-platform"`);
    // AND a name that contains the chart's name is the full name itself: 47 characters fit, 48 do not
    expect(() => platform(`dynamo-operator-${'x'.repeat(31)}`)).not.toThrow();
    expect(validationError(() => platform(`dynamo-operator-${'x'.repeat(32)}`)).message).toContain('releaseName must be at most 47 characters: ');
    // AND a fullnameOverride names the objects instead
    expect(() => platform('d'.repeat(40), { 'dynamo-operator': { fullnameOverride: 'dynamo' } })).not.toThrow();
  });
});
