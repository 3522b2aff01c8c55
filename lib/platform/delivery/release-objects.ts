import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterObject } from '../../cloud/cluster-object';
import { invalid } from '../../core/errors';
import { propPath } from '../../core/input-shape';
import { isDns1123Label, isDns1123Subdomain } from '../../core/names';
import { validateReleaseName } from '../addons/chart-options';
import type { PlatformManifest, PlatformRelease } from '../platform-release';
import { recordOwner } from './chart-objects';

/** `releases["gpu-operator"]`: the prop path of a release in messages. */
function releaseProp(release: PlatformRelease): string {
  return propPath('releases', release.id);
}

/** The checks on one release's names, source and manifests that both deliveries rely on. */
function checkRelease(release: PlatformRelease): void {
  const prop = releaseProp(release);
  const fixOf = (what: string) => `give the release ${what}`;
  if (!isDns1123Label(release.namespace)) {
    throw invalid(`${prop}.namespace`, 'must be a DNS-1123 label (at most 63 lowercase letters, digits and "-")', release.namespace, fixOf('a namespace such as "gpu-operator"'));
  }
  // The platform checks the names its props set where they were written; this guards custom releases.
  validateReleaseName(`${prop}.releaseName`, release.releaseName);
  const { repository, chart, version } = release.source;
  if (!/^(https|oci):\/\/[^/\s]+/.test(repository)) {
    throw invalid(`${prop}.source.repository`, 'must be an https:// Helm repository or an oci:// registry path', repository,
      'use e.g. "https://helm.ngc.nvidia.com/nvidia" or "oci://registry.k8s.io/lws/charts"');
  }
  if (!/^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(chart)) {
    throw invalid(`${prop}.source.chart`, 'must be a chart name (letters, digits, "-", "_", ".")', chart, 'use the chart name the repository lists, e.g. "gpu-operator"');
  }
  if (!/^[A-Za-z0-9][-A-Za-z0-9_.+]*$/.test(version)) {
    throw invalid(`${prop}.source.version`, 'must be one exact chart version, not a range', version, 'pin the version the repository lists, e.g. "v26.3.0"');
  }
  release.manifests.forEach((m, i) => checkManifest(`${prop}.manifests[${i}]`, m));
}

function checkManifest(prop: string, m: PlatformManifest): void {
  if (!isDns1123Subdomain(m.metadata.name)) {
    throw invalid(`${prop}.metadata.name`, 'must be a DNS-1123 subdomain', m.metadata.name, 'name the object with lowercase letters, digits, "-" and "."');
  }
  if (m.metadata.namespace !== undefined && !isDns1123Label(m.metadata.namespace)) {
    throw invalid(`${prop}.metadata.namespace`, 'must be a DNS-1123 label', m.metadata.namespace, 'leave it out for a cluster-scoped kind');
  }
}

/** `NicClusterPolicy mellanox.com/v1alpha1 [ns/]name`: what makes two manifests the same object. */
function manifestKey(m: PlatformManifest): string {
  const group = m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '';
  return `${m.kind}.${group} ${m.metadata.namespace ?? ''}/${m.metadata.name}`;
}

/**
 * Checks what a delivery relies on: unique release ids that are DNS-1123 labels (they key the
 * objects and `dependsOn`), every `dependsOn` id a release listed earlier (the releases come in
 * dependency order, so this also rules out cycles), valid and unique release names (they name the
 * GitOps objects, all in one namespace), a pinned chart from an https:// or oci:// repository, and
 * manifests that name distinct objects.
 * @internal
 */
export function checkReleases(releases: readonly PlatformRelease[]): void {
  const seen = new Set<string>();
  const releaseNames = new Map<string, string>();
  const manifests = new Map<string, string>();
  for (const release of releases) {
    const prop = releaseProp(release);
    if (!isDns1123Label(release.id)) {
      throw invalid(`${prop}.id`, 'must be a DNS-1123 label', release.id, 'use an id such as "gpu-operator"');
    }
    if (seen.has(release.id)) throw invalid(`${prop}.id`, 'must be unique in the platform', release.id, 'give each release its own id');
    for (const dep of release.dependsOn) {
      if (dep === release.id) throw invalid(`${prop}.dependsOn`, 'must not name the release itself', dep, `remove "${dep}" from its dependsOn`);
      if (!seen.has(dep)) {
        const known = releases.some((r) => r.id === dep);
        throw invalid(`${prop}.dependsOn`, known ? 'must name releases listed before it (dependencies first)' : 'must name releases of the platform', dep,
          known ? `list "${dep}" before "${release.id}", and check that the two do not depend on each other` : `the releases are ${releases.map((r) => r.id).join(', ')}`);
      }
    }
    checkRelease(release);
    const sameName = releaseNames.get(release.releaseName);
    if (sameName !== undefined) {
      throw invalid(`${prop}.releaseName`, `must differ from the release name of release "${sameName}": it names the release's GitOps objects, which share one namespace`,
        release.releaseName, 'give one of the two releases another releaseName');
    }
    releaseNames.set(release.releaseName, release.id);
    for (const m of release.manifests) {
      const key = manifestKey(m);
      const owner = manifests.get(key);
      if (owner !== undefined) throw invalid(`${prop}.manifests`, `must not repeat an object of release "${owner}"`, key, 'declare each object once');
      manifests.set(key, release.id);
    }
    seen.add(release.id);
  }
}

/**
 * Creates the objects of a release's `manifests` under `scope`, with `annotations` added to their
 * own: a namespaced one in its namespace, a cluster-scoped one (no namespace given) without the
 * chart's namespace.
 * @internal
 */
export function manifestObjects(scope: Construct, release: PlatformRelease, annotations: Readonly<Record<string, string>>): ApiObject[] {
  return release.manifests.map((m) => {
    const id = `${release.id}-${m.kind}-${m.metadata.namespace ?? ''}-${m.metadata.name}`.toLowerCase();
    const hasAnnotations = Object.keys(annotations).length > 0;
    const metadata = {
      name: m.metadata.name,
      ...(m.metadata.namespace !== undefined ? { namespace: m.metadata.namespace } : {}),
      ...(m.metadata.labels !== undefined ? { labels: { ...m.metadata.labels } } : {}),
      ...(hasAnnotations ? { annotations: { ...annotations } } : {}),
    };
    const props = { apiVersion: m.apiVersion, kind: m.kind, metadata, spec: m.spec };
    const obj = m.metadata.namespace === undefined ? new ClusterObject(scope, id, props) : new ApiObject(scope, id, props);
    recordOwner(obj, release, scope);
    return obj;
  });
}
