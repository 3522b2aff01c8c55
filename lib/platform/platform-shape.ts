import { guardShape } from '../core/input-shape';

/**
 * A pattern's `platform`: a DynamoPlatform or the object of `DynamoPlatform.fromExisting` (of any
 * copy of the package): it has a `version` with a `version` string and a `namespace`.
 * @internal
 */
export const PLATFORM = guardShape('a Dynamo platform', (v) => {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as { version?: { version?: unknown }; namespace?: unknown };
  return typeof p.version === 'object' && p.version !== null && typeof p.version.version === 'string' && typeof p.namespace === 'string';
}, 'pass a DynamoPlatform, or DynamoPlatform.fromExisting({ version: DynamoVersion.of("1.6.2"), namespace: "dynamo-system" }) for a cluster that has one');
