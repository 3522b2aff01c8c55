import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { createHash } from 'crypto';
import { ClusterObject } from '../../cloud/cluster-object';
import { durationShape, durationString, wholeSeconds } from '../../core/duration';
import { invalid, requireInteger } from '../../core/errors';
import { checkProps, FieldsOf, numberShape, stringShape } from '../../core/input-shape';
import { boundedName, isDns1123Label, MAX_DNS_LABEL } from '../../core/names';
import type { PlatformRelease } from '../platform-release';
import { checkUniqueObjects, gitOpsName, recordOwner, sharedScope } from './chart-objects';
import type { PlatformDeliveryBinding } from './delivery-binding';
import { checkReleases, manifestObjects } from './release-objects';

/**
 * The Flux APIs the objects use, and the media type of a Helm chart's layer in an OCI artifact.
 * Needs Flux v2.6 or newer (OCIRepository `source.toolkit.fluxcd.io/v1`, https://fluxcd.io/blog/2025/05/flux-v2.6.0/).
 * Sources: fluxcd/helm-controller docs/spec/v2/helmreleases.md ("Chart reference", "Recommended
 * settings": an OCIRepository for a chart selects the layer of `mediaType`
 * `application/vnd.cncf.helm.chart.content.v1.tar+gzip` with `operation: copy`); schemas
 * ../shared/crds/catalog/{helm,source}.toolkit.fluxcd.io.
 */
const FLUX = {
  helmReleaseApi: 'helm.toolkit.fluxcd.io/v2',
  sourceApi: 'source.toolkit.fluxcd.io/v1',
  helmChartLayer: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
} as const;

/** The namespace Flux installs itself into (`flux bootstrap` / `flux install` default) and keeps its sources in. */
const DEFAULT_NAMESPACE = 'flux-system';

/**
 * How {@link PlatformDelivery.flux} delivers the platform's charts: one `HelmRelease`
 * (`helm.toolkit.fluxcd.io/v2`) per release, with a `HelmRepository` per https:// repository and an
 * `OCIRepository` per oci:// chart (`source.toolkit.fluxcd.io/v1`; Flux v2.6 or newer), all in the
 * Flux namespace. Each HelmRelease `dependsOn` the HelmReleases of the releases it depends on.
 * A HelmRelease and an OCIRepository are named after the Helm release name (so two platforms of one
 * chart tell theirs apart by `releaseName`); the platforms of a chart share the HelmRepository of
 * a URL.
 */
export interface FluxDeliveryOptions {
  /**
   * The namespace of the HelmReleases and their sources: the one Flux watches.
   * @default 'flux-system'
   */
  readonly namespace?: string;

  /**
   * How often helm-controller reconciles each HelmRelease: it re-checks that the Helm release
   * matches the desired state and retries a failed install or upgrade. Spec changes and new chart
   * artifacts are acted on at once, outside the interval (helm-controller docs, "Interval"), so the
   * interval only bounds how soon a failure is retried; 10 minutes is the interval of the Flux
   * documentation's own HelmRelease examples.
   * @default Duration.minutes(10)
   */
  readonly interval?: Duration;

  /**
   * How often source-controller re-reads each HelmRepository index and OCI tag. The chart versions
   * are pinned, so polling only costs registry traffic (the NGC index is large).
   * @default Duration.hours(1)
   */
  readonly sourceInterval?: Duration;

  /**
   * How long one Helm action (install, upgrade, rollback) may take, waiting for hooks and for every
   * resource to be ready. Flux's default is 5 minutes (helm-controller docs, "Timeout"); the first
   * install of the Dynamo platform on an empty cluster runs its post-install hooks and pulls the operator and
   * scheduler images onto new nodes, so the default here is longer. Chosen, not measured.
   * @default Duration.minutes(15)
   */
  readonly timeout?: Duration;

  /**
   * How many times a failed install (uninstalled between attempts) or upgrade (rolled back between
   * attempts) is retried before helm-controller stops; -1 retries forever (helm-controller docs,
   * "Install remediation", "Upgrade remediation").
   * @default 3
   */
  readonly retries?: number;
}

/** What an untyped caller may pass to `PlatformDelivery.flux()`. */
const FLUX_FIELDS: FieldsOf<FluxDeliveryOptions> = {
  namespace: stringShape(),
  interval: durationShape('Duration.minutes(10)'),
  sourceInterval: durationShape('Duration.hours(1)'),
  timeout: durationShape('Duration.minutes(15)'),
  retries: numberShape(),
};

/** The options, checked, with the defaults applied and durations in Flux's syntax. @internal */
export interface FluxSettings {
  readonly namespace: string;
  readonly interval: string;
  readonly sourceInterval: string;
  readonly timeout: string;
  readonly retries: number;
}

/**
 * Checks the options of `PlatformDelivery.flux()` (props `delivery.<option>`) and applies the defaults.
 * @internal
 */
export function fluxSettings(options: FluxDeliveryOptions): FluxSettings {
  checkProps('delivery', options, 'FluxDeliveryOptions', FLUX_FIELDS);
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  if (!isDns1123Label(namespace)) {
    throw invalid('delivery.namespace', 'must be a DNS-1123 label', namespace, 'use the namespace Flux runs in, e.g. "flux-system"');
  }
  const seconds = (prop: keyof FluxDeliveryOptions, d: Duration | undefined, fallback: Duration, example: string) =>
    durationString(wholeSeconds(`delivery.${prop}`, d ?? fallback, 60, example));
  const retries = options.retries ?? 3;
  requireInteger('delivery.retries', retries, -1, 'use a count such as 3, or -1 to retry forever');
  return {
    namespace,
    interval: seconds('interval', options.interval, Duration.minutes(10), 'Duration.minutes(10)'),
    sourceInterval: seconds('sourceInterval', options.sourceInterval, Duration.hours(1), 'Duration.hours(1)'),
    timeout: seconds('timeout', options.timeout, Duration.minutes(15), 'Duration.minutes(15)'),
    retries,
  };
}

/** `https://helm.ngc.nvidia.com/nvidia/` → `https://helm.ngc.nvidia.com/nvidia`. */
function normalizedUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * A DNS-1123 label for the HelmRepository of each https:// repository, from its host and path
 * (`https://helm.ngc.nvidia.com/nvidia` → `helm-ngc-nvidia-com-nvidia`), shortened with a hash past
 * 63 characters. URLs whose names would coincide (`…/a-b` and `…/a/b`) all get a hash of their URL,
 * so a name never depends on which other repositories the platform has.
 */
function helmRepositoryNames(urls: readonly string[]): Map<string, string> {
  const base = (url: string) => url.replace(/^https:\/\//, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'repository';
  const byBase = new Map<string, string[]>();
  for (const url of urls) byBase.set(base(url), [...(byBase.get(base(url)) ?? []), url]);
  const names = new Map<string, string>();
  for (const [b, group] of byBase) {
    for (const url of group) {
      const hash = createHash('sha256').update(url).digest('hex').slice(0, 8);
      names.set(url, group.length === 1 ? boundedName(b, '', 63, url) : boundedName(b, hash, 63, url));
    }
  }
  return names;
}

/** The construct id of the HelmRepository of `url` in Flux namespace `namespace`. */
function helmRepositoryId(namespace: string, url: string): string {
  return `helmrepository-${namespace}-${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;
}

/**
 * The HelmRepository objects, one per distinct https:// repository, by normalized URL. They are
 * created under the chart, not the platform, so that the platforms of one chart share the object
 * of a URL (in one Flux namespace) instead of repeating it. A name that another platform's
 * repository of another URL already took gets the hash of its URL.
 */
function helmRepositories(scope: Construct, s: FluxSettings, releases: readonly PlatformRelease[]): Map<string, ApiObject> {
  const shared = sharedScope(scope);
  const urls = [...new Set(releases.map((r) => r.source.repository).filter((u) => u.startsWith('https://')).map(normalizedUrl))];
  const names = helmRepositoryNames(urls);
  const out = new Map<string, ApiObject>();
  for (const url of urls) {
    const id = helmRepositoryId(s.namespace, url);
    const existing = shared.node.tryFindChild(id);
    if (existing instanceof ApiObject) {
      const interval = (existing.toJson() as { spec?: { interval?: string } }).spec?.interval;
      if (interval !== s.sourceInterval) {
        throw invalid('delivery.sourceInterval', `must be the same for the platforms of one chart, which share the HelmRepository of ${url} (another platform set ${interval})`,
          s.sourceInterval, `give every PlatformDelivery.flux() of the chart one sourceInterval`);
      }
      out.set(url, existing);
      continue;
    }
    const taken = shared.node.children.some((c) => c instanceof ApiObject && c.kind === 'HelmRepository'
      && c.metadata.namespace === s.namespace && c.name === names.get(url));
    const name = taken
      ? boundedName(names.get(url)!, createHash('sha256').update(url).digest('hex').slice(0, 8), MAX_DNS_LABEL, url)
      : names.get(url)!;
    out.set(url, new ApiObject(shared, id, {
      apiVersion: FLUX.sourceApi,
      kind: 'HelmRepository',
      metadata: { name, namespace: s.namespace },
      spec: { interval: s.sourceInterval, url },
    }));
  }
  return out;
}

/** The OCIRepository of a release whose chart is in an OCI registry: the chart's artifact at the pinned tag. */
function ociRepository(scope: Construct, s: FluxSettings, release: PlatformRelease): ApiObject {
  return new ApiObject(scope, `ocirepository-${release.id}`, {
    apiVersion: FLUX.sourceApi,
    kind: 'OCIRepository',
    metadata: { name: gitOpsName(release), namespace: s.namespace },
    spec: {
      interval: s.sourceInterval,
      url: `${normalizedUrl(release.source.repository)}/${release.source.chart}`,
      ref: { tag: release.source.version },
      layerSelector: { mediaType: FLUX.helmChartLayer, operation: 'copy' },
    },
  });
}

/** The HelmRelease of one release, its chart taken from `source`. */
function helmRelease(scope: Construct, s: FluxSettings, release: PlatformRelease, source: ApiObject, dependsOn: readonly string[]): ApiObject {
  const sourceRef = { kind: source.kind, name: source.name, namespace: s.namespace };
  const chart = source.kind === 'OCIRepository'
    ? { chartRef: sourceRef }
    : { chart: { spec: { chart: release.source.chart, version: release.source.version, sourceRef, interval: s.sourceInterval } } };
  return new ApiObject(scope, `helmrelease-${release.id}`, {
    apiVersion: FLUX.helmReleaseApi,
    kind: 'HelmRelease',
    metadata: { name: gitOpsName(release), namespace: s.namespace },
    spec: {
      interval: s.interval,
      timeout: s.timeout,
      releaseName: release.releaseName,
      targetNamespace: release.namespace,
      // Helm keeps the release's storage Secrets next to it, as `helm install -n` and Pulumi's Release do.
      storageNamespace: release.namespace,
      ...chart,
      install: { createNamespace: true, crds: 'CreateReplace', remediation: { retries: s.retries } },
      upgrade: { crds: 'CreateReplace', remediation: { retries: s.retries } },
      ...(dependsOn.length > 0 ? { dependsOn: dependsOn.map((name) => ({ name, namespace: s.namespace })) } : {}),
      ...(Object.keys(release.values).length > 0 ? { values: release.values } : {}),
    },
  });
}

/**
 * The Namespace of a release whose namespace needs labels, e.g. Pod Security admission's
 * `privileged`: one object per namespace in the chart, which the releases of every platform of
 * the chart in that namespace share.
 */
function namespaceObject(scope: Construct, release: PlatformRelease): ApiObject | undefined {
  const labels = release.namespaceLabels;
  if (labels === undefined || Object.keys(labels).length === 0) return undefined;
  const shared = sharedScope(scope);
  const existing = shared.node.tryFindChild(`namespace-${release.namespace}`);
  if (existing instanceof ApiObject) {
    for (const [k, v] of Object.entries(labels)) existing.metadata.addLabel(k, v);
    return existing;
  }
  return new ClusterObject(shared, `namespace-${release.namespace}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: release.namespace, labels: { ...labels } } });
}

/**
 * Creates the Flux objects of the releases under `scope` (the objects of their `manifests` under
 * `manifestScope`) and returns them by release id.
 * @internal
 */
export function bindFlux(s: FluxSettings, scope: Construct, releases: readonly PlatformRelease[], manifestScope: Construct): PlatformDeliveryBinding {
  checkReleases(releases);
  checkUniqueObjects(scope, manifestScope);
  const repositories = helmRepositories(scope, s, releases);
  const names = new Map(releases.map((r) => [r.id, gitOpsName(r)]));
  const objects: Record<string, readonly ApiObject[]> = {};
  for (const release of releases) {
    const repository = repositories.get(normalizedUrl(release.source.repository));
    // A HelmRepository that several releases share is listed under each of them.
    const source = repository ?? ociRepository(scope, s, release);
    // A HelmRelease creates its namespace without labels: one that needs labels is an object of its own
    // (a Kustomization applies Namespaces before the other objects).
    const namespace = namespaceObject(scope, release);
    const hr = helmRelease(scope, s, release, source, release.dependsOn.map((id) => names.get(id)!));
    // The chart lists its source and Namespace first, though they are the chart's (shared by its platforms).
    hr.addDependency(source, ...(namespace ? [namespace] : []));
    const own = [...(namespace ? [namespace] : []), source, hr];
    own.forEach((o) => recordOwner(o, release, scope));
    objects[release.id] = [...own, ...manifestObjects(manifestScope, release, {})];
  }
  return { objects, graphAnnotations: () => ({}) };
}
