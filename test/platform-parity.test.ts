import { ApiObject, App } from 'cdk8s';
import { beforeAll, describe, expect, test } from 'vitest';
import { DynamoPlatform, DynamoPlatformProps, PlatformDelivery, SecretRef } from '../lib';
import type { PlatformRelease } from '../lib/platform/platform-release';
import type * as PlatformModule from '../lib/pulumi/dynamo-platform';
import { installMocks, plain, Registration, registrations } from './support/pulumi';
import { Manifest, newChart, synthAppValid } from './support/synth';

/*
 * One props type, two engines. For the same props, each release of the platform is:
 *
 * | PlatformRelease      | cdk8s + PlatformDelivery.flux()                                  | cdk8s + PlatformDelivery.argoCd()                           | Pulumi DynamoPlatform                          |
 * |----------------------|------------------------------------------------------------------|-------------------------------------------------------------|------------------------------------------------|
 * | (the release)        | HelmRelease `<releaseName>` + its HelmRepository or OCIRepository | Application `<releaseName>`                                | kubernetes.helm.v3.Release `<component>/<id>`  |
 * | releaseName          | spec.releaseName                                                 | spec.source.helm.releaseName                                | name                                           |
 * | namespace            | spec.targetNamespace (install.createNamespace)                   | spec.destination.namespace (CreateNamespace=true)           | namespace (createNamespace)                    |
 * | https:// chart       | spec.chart.spec.{chart, version}; HelmRepository spec.url        | spec.source.{chart, targetRevision, repoURL}                | chart, version, repositoryOpts.repo            |
 * | oci:// chart         | spec.chartRef → OCIRepository spec.url `<repo>/<chart>`, ref.tag | spec.source.repoURL `<repo>/<chart>`, targetRevision        | chart `<repo>/<chart>`, version                |
 * | namespaceLabels      | a Namespace object with the labels                               | spec.syncPolicy.managedNamespaceMetadata.labels             | a Namespace resource with the labels, which the Release depends on |
 * | values               | spec.values (left out when empty)                                | spec.source.helm.valuesObject (left out when empty)         | values                                         |
 * | dependsOn            | spec.dependsOn[].name (HelmRelease names = releaseNames)         | a later sync wave than each dependency and its manifests    | dependsOn: the dependencies' Releases and their manifests' resources |
 * | manifests            | the objects, in the manifests chart                              | the objects, the wave after their release                   | a resource per object, depending on its Release |
 */

const state = {} as { recorded: Registration[]; platform: typeof PlatformModule };
beforeAll(async () => {
  state.recorded = installMocks();
  state.platform = await import('../lib/pulumi/dynamo-platform.js');
});

/** Every add-on, both kinds of chart source, a release with a manifest, and dependencies between them. */
const PROPS: DynamoPlatformProps = {
  gpuOperator: {},
  networkOperator: {},
  kubePrometheusStack: { grafanaAdminSecret: SecretRef.fromSecretName('grafana-admin') },
  keda: { metricsServer: false },
  prometheusAdapter: {},
  leaderWorkerSet: {},
  charts: [{ id: 'cert-manager', repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.19.1', namespace: 'cert-manager', values: { crds: { enabled: true } } }],
};

/** A Pulumi Release as the fields the mapping compares. */
interface PulumiRelease {
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  readonly version: string;
  readonly repo?: string;
  readonly values: Record<string, unknown>;
  /** The ids of the Releases it depends on. */
  readonly releases: string[];
  /** `<id>/<object>` of the manifests' resources it depends on. */
  readonly manifests: string[];
  /** The labels of the Namespace resource it depends on, if any. */
  readonly namespaceLabels?: Record<string, string>;
  readonly createNamespace: boolean;
}

/** The platform in Pulumi: its Releases by id and the manifests' resources (`<id>/<name>` → inputs and dependencies). */
async function pulumiSide(name: string): Promise<{ releases: Record<string, PulumiRelease>; manifests: Record<string, { object: Manifest; after: string[] }> }> {
  const c = new state.platform.DynamoPlatform(name, PROPS);
  const regs = await registrations(state.recorded, c);
  // Resource names: `<component>/<id>` for a Release, `<component>/<namespace>` for a Namespace,
  // `<component>/<id>/[<namespace>/]<name>` for a manifest's resource.
  const custom = regs.filter((x) => x.custom);
  // urn:pulumi:<stack>::<project>::<parent type>$<type>::<name>
  const regOf = (urn: string) => custom.find((x) => urn.endsWith(`$${x.type}::${x.name}`))!;
  const idOf = (resourceName: string) => resourceName.slice(name.length + 1);
  expect(custom).toHaveLength(c.resources.length);
  const releases: Record<string, PulumiRelease> = {};
  const manifests: Record<string, { object: Manifest; after: string[] }> = {};
  for (const r of custom) {
    const raw = plain(r.raw) as Record<string, any>;
    const deps = r.dependencies.map(regOf);
    const ofType = (type: string) => deps.filter((d) => d.type === type);
    if (r.type === 'kubernetes:helm.sh/v3:Release') {
      const [namespace, ...more] = ofType('kubernetes:core/v1:Namespace');
      expect(more).toStrictEqual([]);
      releases[idOf(r.name)] = {
        name: raw.name, namespace: raw.namespace, chart: raw.chart, version: raw.version, repo: raw.repositoryOpts?.repo,
        values: raw.values, createNamespace: raw.createNamespace,
        releases: ofType('kubernetes:helm.sh/v3:Release').map((d) => idOf(d.name)).sort(),
        manifests: deps.filter((d) => !['kubernetes:helm.sh/v3:Release', 'kubernetes:core/v1:Namespace'].includes(d.type)).map((d) => idOf(d.name)).sort(),
        ...(namespace ? { namespaceLabels: (plain(namespace.raw) as Manifest).metadata.labels } : {}),
      };
    } else if (r.type !== 'kubernetes:core/v1:Namespace') {
      manifests[idOf(r.name)] = { object: raw, after: deps.map((d) => idOf(d.name)) };
    }
  }
  return { releases, manifests };
}

/** The platform in cdk8s with a delivery: the construct, and every object of the app (strictly validated). */
function cdk8sSide(delivery: PlatformDelivery): { platform: DynamoPlatform; objs: Manifest[]; byRelease: Record<string, Manifest[]> } {
  const chart = newChart(null);
  const platform = new DynamoPlatform(chart, 'platform', { ...PROPS, delivery });
  const objs = synthAppValid(chart.node.root as App);
  const byRelease = Object.fromEntries(Object.entries(platform.objects).map(([id, list]) => [id, list.map((o: ApiObject) => o.toJson() as Manifest)]));
  return { platform, objs, byRelease };
}

const manifestKey = (id: string, m: Manifest) => [id, m.metadata.namespace, m.metadata.name].filter((x) => x !== undefined).join('/');

/** `{ namespaceLabels }` of a Flux Namespace object, or nothing. */
const labelsOf = (namespace: Manifest | undefined) => (namespace ? { namespaceLabels: namespace.metadata.labels } : {});

describe('the same props in both engines', () => {
  test('the props give the same releases in both engines, and they cover every kind of source, dependencies and manifests', async () => {
    // GIVEN / WHEN
    const flux = cdk8sSide(PlatformDelivery.flux());
    const pulumi = await pulumiSide('parity-releases');
    // THEN one Release per release, the same ids
    expect(Object.keys(pulumi.releases).sort()).toStrictEqual(flux.platform.releases.map((r) => r.id).sort());
    expect(Object.keys(flux.byRelease)).toStrictEqual(flux.platform.releases.map((r) => r.id));
    // AND the fixture exercises what the mapping distinguishes
    const releases: readonly PlatformRelease[] = flux.platform.releases;
    expect(releases.some((r) => r.source.repository.startsWith('oci://'))).toBe(true);
    expect(releases.some((r) => r.source.repository.startsWith('https://'))).toBe(true);
    expect(releases.some((r) => r.manifests.length > 0)).toBe(true);
    expect(releases.filter((r) => r.dependsOn.length > 0).length).toBeGreaterThanOrEqual(3);
    expect(releases.filter((r) => r.namespaceLabels !== undefined).map((r) => r.id)).toStrictEqual(['network-operator', 'gpu-operator']);
    expect(releases.length).toBe(8);
  });

  test('Flux: each HelmRelease and its source is the Release: chart, version, repository, name, namespace, values, dependsOn', async () => {
    // GIVEN
    const { platform, objs, byRelease } = cdk8sSide(PlatformDelivery.flux());
    // WHEN
    const { releases, manifests } = await pulumiSide('parity-flux');
    // THEN for every release
    for (const release of platform.releases) {
      const p = releases[release.id];
      const hr = byRelease[release.id].find((o) => o.kind === 'HelmRelease')!;
      const sourceRef = hr.spec.chartRef ?? hr.spec.chart.spec.sourceRef;
      const source = objs.find((o) => o.kind === sourceRef.kind && o.metadata.name === sourceRef.name && o.metadata.namespace === sourceRef.namespace)!;
      const flux = {
        name: hr.spec.releaseName,
        namespace: hr.spec.targetNamespace,
        createNamespace: hr.spec.install.createNamespace,
        ...(source.kind === 'OCIRepository'
          ? { chart: source.spec.url, version: source.spec.ref.tag }
          : { chart: hr.spec.chart.spec.chart, version: hr.spec.chart.spec.version, repo: source.spec.url }),
        values: hr.spec.values ?? {},
        // HelmReleases are named after the release names; the Releases' dependencies are read by id
        releases: (hr.spec.dependsOn ?? []).map((d: { name: string }) => platform.releases.find((r) => r.releaseName === d.name)!.id).sort(),
        ...labelsOf(byRelease[release.id].find((o) => o.kind === 'Namespace')),
      };
      const { manifests: _, ...pulumiRelease } = p;
      expect(pulumiRelease, release.id).toStrictEqual({ repo: undefined, ...flux });
      // ...and both are the release
      expect([p.name, p.namespace, p.version, p.values]).toStrictEqual([release.releaseName, release.namespace, release.source.version, release.values]);
    }
    // AND each manifest is the same object, applied after its release
    const fluxManifests = Object.fromEntries(platform.releases.flatMap((r) => byRelease[r.id]
      .filter((o) => !['HelmRelease', 'HelmRepository', 'OCIRepository', 'Namespace'].includes(o.kind)).map((o) => [manifestKey(r.id, o), o])));
    expect(Object.keys(manifests).sort()).toStrictEqual(Object.keys(fluxManifests).sort());
    for (const [key, m] of Object.entries(manifests)) {
      expect(m.object).toStrictEqual(fluxManifests[key]);
      expect(m.after).toStrictEqual([key.split('/')[0]]);
    }
  });

  test('Argo CD: each Application is the Release, and the sync waves order the releases as the Releases\' dependsOn does', async () => {
    // GIVEN
    const { platform, byRelease } = cdk8sSide(PlatformDelivery.argoCd());
    // WHEN
    const { releases, manifests } = await pulumiSide('parity-argo');
    // THEN for every release
    const wave = (o: Manifest) => Number(o.metadata.annotations['argocd.argoproj.io/sync-wave']);
    const waveOf: Record<string, number> = {};
    for (const release of platform.releases) {
      const p = releases[release.id];
      const [app] = byRelease[release.id];
      expect(app.kind).toBe('Application');
      const { source } = app.spec;
      const oci = source.repoURL.startsWith('oci://');
      expect({
        name: source.helm.releaseName,
        namespace: app.spec.destination.namespace,
        createNamespace: app.spec.syncPolicy.syncOptions.includes('CreateNamespace=true'),
        chart: oci ? source.repoURL : source.chart,
        version: source.targetRevision,
        repo: oci ? undefined : source.repoURL,
        values: source.helm.valuesObject ?? {},
        ...(app.spec.syncPolicy.managedNamespaceMetadata ? { namespaceLabels: app.spec.syncPolicy.managedNamespaceMetadata.labels } : {}),
      }, release.id).toStrictEqual({
        name: p.name, namespace: p.namespace, createNamespace: p.createNamespace, chart: p.chart, version: p.version, repo: p.repo, values: p.values,
        ...(p.namespaceLabels ? { namespaceLabels: p.namespaceLabels } : {}),
      });
      waveOf[release.id] = wave(app);
      for (const m of byRelease[release.id].slice(1)) waveOf[manifestKey(release.id, m)] = wave(m);
    }
    // ...and a release's wave is the first (0) when its Release depends on nothing, else the wave after the
    // last of what its Release depends on (the dependencies' Releases and their manifests' resources)
    for (const [id, p] of Object.entries(releases)) {
      const before = [...p.releases, ...p.manifests];
      expect(waveOf[id], id).toBe(before.length === 0 ? 0 : Math.max(...before.map((b) => waveOf[b])) + 1);
    }
    // AND each manifest is the same object (less the Argo CD annotations), after its Release
    for (const [key, m] of Object.entries(manifests)) {
      const [id] = key.split('/');
      const argo = byRelease[id].slice(1).find((o) => manifestKey(id, o) === key)!;
      const { annotations: _, ...metadata } = argo.metadata;
      expect(m.object).toStrictEqual({ ...argo, metadata });
      expect(waveOf[key]).toBeGreaterThan(waveOf[id]);
      expect(m.after).toStrictEqual([id]);
    }
  });
});
