import type { ApiObjectProps } from 'cdk8s';
import { invalid } from '../core/errors';
import { jsonObjectShape, shown, stringShape } from '../core/input-shape';

const METADATA = jsonObjectShape('ObjectMeta');
const STRING = stringShape();

/**
 * Checks the manifest a cloud profile passes to `ClusterObject` (a cdk8s `ApiObjectProps`): an
 * object with `apiVersion` and `kind` strings and, when set, a plain `metadata` object. Other keys
 * (`spec`, ...) are the manifest's own, so they are not checked here.
 * @returns the props, for the `super` call.
 * @internal
 */
export function checkApiObjectProps(props: unknown): ApiObjectProps {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    throw invalid('props', 'must be an ApiObjectProps object', shown(props), 'pass the manifest, e.g. { apiVersion: "karpenter.sh/v1", kind: "NodePool", metadata: { name }, spec }');
  }
  const p = props as Record<string, unknown>;
  for (const key of ['apiVersion', 'kind']) {
    if (p[key] === undefined || p[key] === null) throw invalid(key, 'is required', p[key], `set ${key} (a string) in the manifest`);
    STRING.check(key, p[key]);
  }
  if (p.metadata !== undefined) METADATA.check('metadata', p.metadata);
  return props as ApiObjectProps;
}
