import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { invalid } from '../../core/errors';
import { boundedName, MAX_DNS_LABEL } from '../../core/names';
import type { PlatformRelease } from '../platform-release';

/**
 * The id of the construct, directly under a chart, that holds the delivery objects the platforms of
 * the chart share (a Flux `HelmRepository` of one URL, a labelled `Namespace`).
 */
const SHARED_ID = 'PlatformDeliveryShared';

/** Who made each delivery object, for messages: `release "gpu-operator" of chart/platform`. */
const OWNERS = new WeakMap<ApiObject, string[]>();

/** The charts whose objects are already checked for repeats. */
const CHECKED = new WeakSet<Chart>();

/**
 * The name of a release's GitOps objects (a Flux `HelmRelease` and `OCIRepository`, an Argo CD
 * `Application`): its Helm release name, which is unique in a cluster namespace, so two platforms of
 * one chart (a cluster-wide one and a namespace-restricted one) name theirs apart. At most 63
 * characters, although a checked release name is at most 53.
 * @internal
 */
export function gitOpsName(release: PlatformRelease): string {
  return boundedName(release.releaseName, '', MAX_DNS_LABEL, release.releaseName);
}

/**
 * The construct under `scope`'s chart that holds the objects its platforms share.
 * @internal
 */
export function sharedScope(scope: Construct): Construct {
  const chart = Chart.of(scope);
  return chart.node.tryFindChild(SHARED_ID) ?? new Construct(chart, SHARED_ID);
}

/**
 * Notes that `release`, bound under `scope`, made (or shares) `obj`, for the message of a repeat.
 * @internal
 */
export function recordOwner(obj: ApiObject, release: PlatformRelease, scope: Construct): void {
  const owner = `release "${release.id}" of ${scope.node.path || 'the app'}`;
  const owners = OWNERS.get(obj) ?? [];
  if (!owners.includes(owner)) OWNERS.set(obj, [...owners, owner]);
}

/**
 * Adds to the chart of each scope (once per chart) the validation that no two of its objects share
 * API group, kind, namespace and name: two platforms of one chart whose releases have one release
 * name would otherwise make two HelmReleases or Applications of one name, and the last one applied
 * would win.
 * @internal
 */
export function checkUniqueObjects(...scopes: Construct[]): void {
  for (const scope of scopes) {
    const chart = Chart.of(scope);
    if (CHECKED.has(chart)) continue;
    CHECKED.add(chart);
    chart.node.addValidation({ validate: () => repeatedObjects(chart) });
  }
}

/** `HelmRelease flux-system/dynamo-platform`. */
function shownObject(o: ApiObject): string {
  const ns = o.metadata.namespace;
  return `${o.kind} ${ns !== undefined && ns !== '' ? `${ns}/` : ''}${o.name} (${o.apiVersion})`;
}

function ownerOf(o: ApiObject): string {
  return OWNERS.get(o)?.join(' and ') ?? `the object at ${o.node.path}`;
}

/** The messages of the objects of `chart` that repeat an earlier one. */
function repeatedObjects(chart: Chart): string[] {
  const seen = new Map<string, ApiObject>();
  const errors: string[] = [];
  for (const c of chart.node.findAll() as IConstruct[]) {
    if (!(c instanceof ApiObject) || Chart.of(c) !== chart) continue;
    const group = c.apiVersion.includes('/') ? c.apiVersion.slice(0, c.apiVersion.indexOf('/')) : '';
    const key = `${group} ${c.kind} ${c.metadata.namespace ?? ''} ${c.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, c);
      continue;
    }
    errors.push(invalid('releaseName', `must differ between releases whose GitOps objects share a chart (they are named after it): ${shownObject(c)} is made by ${ownerOf(first)} and again by ${ownerOf(c)}`,
      c.name, 'give one of the releases another releaseName: the DynamoPlatform\'s releaseName for the dynamo-platform chart, <add-on>.releaseName (gpuOperator.releaseName, ...) or charts[i].releaseName for the others').message);
  }
  return errors;
}
