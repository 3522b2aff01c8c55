import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { invalid, requireInteger } from '../../core/errors';
import { booleanShape, checkProps, FieldsOf, numberShape, stringShape } from '../../core/input-shape';
import { isDns1123Label, isDns1123Subdomain } from '../../core/names';
import type { PlatformRelease } from '../platform-release';
import { checkUniqueObjects, gitOpsName, recordOwner } from './chart-objects';
import type { PlatformDeliveryBinding } from './delivery-binding';
import { checkReleases, manifestObjects } from './release-objects';

/**
 * The Argo CD names the objects use. Sources (argoproj/argo-cd docs): user-guide/sync-waves.md (the
 * `argocd.argoproj.io/sync-wave` annotation; lower waves first when syncing, higher waves first
 * when deleting or pruning), user-guide/sync-options.md (`CreateNamespace=true`,
 * `ServerSideApply=true` for objects too big for the 262144-byte last-applied annotation, such as
 * large CRDs; `SkipDryRunOnMissingResource=true` as an object annotation for a custom resource
 * whose CRD is not in the cluster yet), user-guide/app_deletion.md (the
 * `resources-finalizer.argocd.argoproj.io` finalizer makes deleting an Application delete its
 * resources), user-guide/oci.md (an OCI Helm chart as a native source: `repoURL: oci://…/<chart>`,
 * `path: .`, `targetRevision: <tag>`; Argo CD 3.1 or newer).
 */
const ARGO = {
  api: 'argoproj.io/v1alpha1',
  syncWave: 'argocd.argoproj.io/sync-wave',
  syncOptions: 'argocd.argoproj.io/sync-options',
  skipDryRun: 'SkipDryRunOnMissingResource=true',
  cascadeFinalizer: 'resources-finalizer.argocd.argoproj.io',
  appSyncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
} as const;

/**
 * The API groups built into Kubernetes (`x-kubernetes-group-version-kind` of the Kubernetes 1.30
 * OpenAPI definitions, ../shared/k8s-schemas/v1.30.0/_definitions.json; `''` is the core group).
 * Any other group is served by a CRD (or an aggregated API), which may not exist when a sync starts.
 */
const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  '', 'admission.k8s.io', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'apps',
  'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io', 'coordination.k8s.io',
  'discovery.k8s.io', 'events.k8s.io', 'extensions', 'flowcontrol.apiserver.k8s.io', 'imagepolicy.k8s.io',
  'internal.apiserver.k8s.io', 'networking.k8s.io', 'node.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'resource.k8s.io',
  'scheduling.k8s.io', 'storage.k8s.io', 'storagemigration.k8s.io',
]);

/** The retry backoff of a failed sync: 30 s, doubling, at most 5 min between attempts. Chosen, not measured. */
const RETRY_BACKOFF = { duration: '30s', factor: 2, maxDuration: '5m' } as const;

/**
 * How {@link PlatformDelivery.argoCd} delivers the platform's charts: one Argo CD `Application`
 * (`argoproj.io/v1alpha1`) per release, named after its Helm release name (so two platforms of one
 * chart tell theirs apart by `releaseName`), for an app-of-apps. Each Application carries a sync wave
 * (a release comes after the releases it depends on and after their manifests), the
 * `resources-finalizer.argocd.argoproj.io` finalizer (deleting it deletes the chart's objects) and
 * the sync options `CreateNamespace=true` and `ServerSideApply=true`. A release's manifests (a
 * `NicClusterPolicy`, say) get the wave after their release and `SkipDryRunOnMissingResource=true`.
 *
 * For the waves to wait until each Application is healthy, the parent Application's Argo CD needs
 * the health check of `argoproj.io/Application` that Argo CD 1.8 removed (Argo CD docs,
 * operator-manual/health.md, "Argocd App").
 */
export interface ArgoCdDeliveryOptions {
  /**
   * The namespace of the Applications: Argo CD's own (or one it watches with apps-in-any-namespace).
   * @default 'argocd'
   */
  readonly namespace?: string;

  /**
   * The AppProject of the Applications.
   * @default 'default'
   */
  readonly project?: string;

  /**
   * The API server the charts are installed into, as Argo CD knows it.
   * @default 'https://kubernetes.default.svc' - the cluster Argo CD runs in
   */
  readonly destinationServer?: string;

  /**
   * The sync wave of the releases that depend on no other release; each dependency adds a wave,
   * and the graphs the platform serves get the wave after the platform's last.
   * @default 0
   */
  readonly firstWave?: number;

  /**
   * Whether the Applications sync automatically, with `prune` and `selfHeal`. The parent's waves
   * wait for each Application to be healthy, which a never-synced Application is not, so turn it
   * off only if you sync each Application yourself.
   * @default true
   */
  readonly automated?: boolean;

  /**
   * How many times a failed sync is retried (30 s backoff, doubling, at most 5 min). An automated
   * sync does not retry a failed sync of the same revision by itself (Argo CD docs,
   * user-guide/auto_sync.md), and on an empty cluster a first sync can fail while a webhook comes
   * up; -1 retries forever.
   * @default 5
   */
  readonly retries?: number;
}

/** What an untyped caller may pass to `PlatformDelivery.argoCd()`. */
const ARGO_FIELDS: FieldsOf<ArgoCdDeliveryOptions> = {
  namespace: stringShape(),
  project: stringShape(),
  destinationServer: stringShape(),
  firstWave: numberShape(),
  automated: booleanShape(),
  retries: numberShape(),
};

/** The options, checked, with the defaults applied. @internal */
export interface ArgoCdSettings {
  readonly namespace: string;
  readonly project: string;
  readonly destinationServer: string;
  readonly firstWave: number;
  readonly automated: boolean;
  readonly retries: number;
}

/** Sync waves are int32 in Argo CD; keep them well inside. */
const MAX_WAVE = 1_000_000;

/**
 * Checks the options of `PlatformDelivery.argoCd()` (props `delivery.<option>`) and applies the defaults.
 * @internal
 */
export function argoCdSettings(options: ArgoCdDeliveryOptions): ArgoCdSettings {
  checkProps('delivery', options, 'ArgoCdDeliveryOptions', ARGO_FIELDS);
  const s: ArgoCdSettings = {
    namespace: options.namespace ?? 'argocd',
    project: options.project ?? 'default',
    destinationServer: options.destinationServer ?? 'https://kubernetes.default.svc',
    firstWave: options.firstWave ?? 0,
    automated: options.automated ?? true,
    retries: options.retries ?? 5,
  };
  if (!isDns1123Label(s.namespace)) throw invalid('delivery.namespace', 'must be a DNS-1123 label', s.namespace, 'use the namespace Argo CD runs in, e.g. "argocd"');
  if (!isDns1123Subdomain(s.project)) throw invalid('delivery.project', 'must be an AppProject name (a DNS-1123 subdomain)', s.project, 'use e.g. "default"');
  if (!/^https:\/\/[^/\s]+/.test(s.destinationServer)) {
    throw invalid('delivery.destinationServer', 'must be the https:// URL of an API server Argo CD knows', s.destinationServer, 'use e.g. "https://kubernetes.default.svc"');
  }
  requireInteger('delivery.firstWave', s.firstWave, -MAX_WAVE, 'use a whole wave number such as 0', MAX_WAVE);
  requireInteger('delivery.retries', s.retries, -1, 'use a count such as 5, or -1 to retry forever');
  return s;
}

/**
 * The wave of each release: `firstWave` without dependencies, else the wave after each dependency
 * and after that dependency's manifests (which sync the wave after it).
 */
function wavesOf(releases: readonly PlatformRelease[], firstWave: number): Map<string, number> {
  const waves = new Map<string, number>();
  const doneAfter = (r: PlatformRelease) => waves.get(r.id)! + (r.manifests.length > 0 ? 1 : 0);
  for (const release of releases) {
    const deps = releases.filter((r) => release.dependsOn.includes(r.id));
    waves.set(release.id, deps.length === 0 ? firstWave : Math.max(...deps.map(doneAfter)) + 1);
  }
  return waves;
}

/** An Application's source: a Helm repository chart, or an OCI Helm chart as Argo CD's native OCI source. */
function sourceOf(release: PlatformRelease): Record<string, unknown> {
  const { repository, chart, version } = release.source;
  const helm = {
    releaseName: release.releaseName,
    ...(Object.keys(release.values).length > 0 ? { valuesObject: release.values } : {}),
  };
  return repository.startsWith('oci://')
    ? { repoURL: `${repository.replace(/\/+$/, '')}/${chart}`, path: '.', targetRevision: version, helm }
    : { repoURL: repository, chart, targetRevision: version, helm };
}

function application(scope: Construct, s: ArgoCdSettings, release: PlatformRelease, wave: number): ApiObject {
  return new ApiObject(scope, `application-${release.id}`, {
    apiVersion: ARGO.api,
    kind: 'Application',
    metadata: {
      name: gitOpsName(release),
      namespace: s.namespace,
      annotations: { [ARGO.syncWave]: String(wave) },
      finalizers: [ARGO.cascadeFinalizer],
    },
    spec: {
      project: s.project,
      source: sourceOf(release),
      destination: { server: s.destinationServer, namespace: release.namespace },
      syncPolicy: {
        ...(s.automated ? { automated: { prune: true, selfHeal: true } } : {}),
        syncOptions: [...ARGO.appSyncOptions],
        // The labels the created namespace needs (Pod Security admission for privileged charts).
        ...(release.namespaceLabels !== undefined && Object.keys(release.namespaceLabels).length > 0
          ? { managedNamespaceMetadata: { labels: { ...release.namespaceLabels } } } : {}),
        retry: { limit: s.retries, backoff: { ...RETRY_BACKOFF } },
      },
    },
  });
}

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → `` (core). */
function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/**
 * Creates the Argo CD objects of the releases under `scope` (the objects of their `manifests`
 * under `manifestScope`) and returns them by release id, with the annotations that order a graph
 * after the platform.
 * @internal
 */
export function bindArgoCd(s: ArgoCdSettings, scope: Construct, releases: readonly PlatformRelease[], manifestScope: Construct): PlatformDeliveryBinding {
  checkReleases(releases);
  checkUniqueObjects(scope, manifestScope);
  const waves = wavesOf(releases, s.firstWave);
  const objects: Record<string, readonly ApiObject[]> = {};
  let lastWave = s.firstWave - 1;
  for (const release of releases) {
    const wave = waves.get(release.id)!;
    const manifestWave = wave + 1;
    const app = application(scope, s, release, wave);
    recordOwner(app, release, scope);
    const manifests = manifestObjects(manifestScope, release, { [ARGO.syncWave]: String(manifestWave), [ARGO.syncOptions]: ARGO.skipDryRun });
    objects[release.id] = [app, ...manifests];
    lastWave = Math.max(lastWave, manifests.length > 0 ? manifestWave : wave);
  }
  const graphWave = String(lastWave + 1);
  return {
    objects,
    graphAnnotations: (apiVersion) => {
      const custom = !BUILT_IN_GROUPS.has(groupOf(apiVersion));
      return { [ARGO.syncWave]: graphWave, ...(custom ? { [ARGO.syncOptions]: ARGO.skipDryRun } : {}) };
    },
  };
}
