import { DynamoValidationError, invalid } from '../core/errors';
import { AccessFeature } from './access-feature';
import type { EndpointAccess } from './endpoint-access';
import type { EndpointAccessOptions } from './endpoint-access-props';

/**
 * The error for the first feature of `access` that `enforced` lacks, naming its prop, the value,
 * what `enforcer` is and the implementations that enforce it; undefined when every feature is
 * enforced. Features compare by id, so an `access` from another copy of the package is judged
 * by what it asks, not by object identity.
 * @internal
 */
export function unenforcedAccessError(access: EndpointAccess, enforced: readonly AccessFeature[], enforcer: string): DynamoValidationError | undefined {
  const missing = access.features.find((f) => !f.isIn(enforced));
  if (missing === undefined) return undefined;
  const shown = missing.id === access.credential?.id ? String(access) : access.options[missing.id as keyof EndpointAccessOptions];
  return invalid(missing.prop, `asks for ${missing.displayName}, which ${enforcer} does not enforce`, shown, `it is enforced by ${missing.enforcedBy}`);
}
