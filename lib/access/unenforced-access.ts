import { invalid } from '../core/errors';
import { AccessFeature } from './access-feature';
import type { EndpointAccess } from './endpoint-access';
import type { EndpointAccessOptions } from './endpoint-access-props';

/**
 * Refuses the first feature of `access` that `enforced` lacks, naming its prop, the value, what
 * `enforcer` is and the implementations that enforce it; nothing without `access` or when every
 * feature is enforced. The pattern calls it before any ingress is added, and each implementation
 * again for callers that bind it directly (whose access would otherwise go unenforced). Features
 * compare by id, so an `access` from another copy of the package is judged by what it asks, not
 * by object identity.
 * @internal
 */
export function rejectUnenforcedAccess(access: EndpointAccess | undefined, enforced: readonly AccessFeature[], enforcer: string): void {
  const missing = access?.features.find((f) => !f.isIn(enforced));
  if (access === undefined || missing === undefined) return;
  const shown = missing.id === access.credential?.id ? String(access) : access.options[missing.id as keyof EndpointAccessOptions];
  throw invalid(missing.prop, `asks for ${missing.displayName}, which ${enforcer} does not enforce`, shown, `it is enforced by ${missing.enforcedBy}`);
}
