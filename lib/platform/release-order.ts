import { invalid } from '../core/errors';
import { PlatformRelease } from './platform-release';

/**
 * The releases with every release after the ones it depends on, otherwise in the given order.
 * @throws DynamoValidationError for a dependency on an unknown release, a cycle, or two releases
 *   with one id or with one release name.
 * @internal
 */
export function orderReleases(releases: readonly PlatformRelease[], propOf: (id: string) => string = (id) => `charts[${id}]`): PlatformRelease[] {
  const byId = new Map<string, PlatformRelease>();
  const byName = new Map<string, string>();
  for (const r of releases) {
    if (byId.has(r.id)) {
      throw invalid('charts', 'must give each chart an id the platform does not already use', r.id,
        `rename the chart (ids in use: ${[...byId.keys()].join(', ')})`);
    }
    byId.set(r.id, r);
    // One name per platform, even in different namespaces: it names the release's GitOps objects.
    const other = byName.get(r.releaseName);
    if (other !== undefined) {
      throw invalid('charts', `must not install two releases named ${r.releaseName} (the release name also names its GitOps objects, which share one namespace)`, [other, r.id],
        'give one of them another releaseName');
    }
    byName.set(r.releaseName, r.id);
  }
  const ordered: PlatformRelease[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (r: PlatformRelease, path: readonly string[]): void => {
    if (state.get(r.id) === 'done') return;
    if (state.get(r.id) === 'visiting') {
      throw invalid('charts', 'must not depend on each other in a cycle', [...path, r.id].join(' -> '), 'remove one of the dependsOn entries');
    }
    state.set(r.id, 'visiting');
    for (const dep of r.dependsOn) {
      const d = byId.get(dep);
      if (d === undefined) {
        throw invalid(`${propOf(r.id)}.dependsOn`, 'must name releases of the platform', dep, `use one of ${[...byId.keys()].filter((id) => id !== r.id).join(', ')}`);
      }
      visit(d, [...path, r.id]);
    }
    state.set(r.id, 'done');
    ordered.push(r);
  };
  releases.forEach((r) => visit(r, []));
  return ordered;
}
