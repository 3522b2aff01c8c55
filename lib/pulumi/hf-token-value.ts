import * as pulumi from '@pulumi/pulumi';
import { invalid } from '../core/errors';
import { inputPropertyError } from './input-errors';

/**
 * The value of the token Secret a component defines for `hfToken` given by value: the token as a
 * Pulumi secret, checked when it resolves. A config value that is missing, empty or not a string
 * (`config.getSecret` of an unset key, a number from structured config) would otherwise become an
 * empty or `"undefined"` Secret, and every download would fail with 401 on the GPU nodes.
 * Resolving to anything else fails the deployment with a `pulumi.InputPropertyError` naming
 * `hfToken`; the value itself is never shown.
 * @internal
 */
export function tokenSecretValue(token: pulumi.Input<string>): pulumi.Output<string> {
  // One Output that can fail (the secret's apply stays secret), so a test can handle each of its promises.
  return pulumi.secret(token).apply(resolvedToken);
}

function resolvedToken(value: unknown): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  const got = typeof value === 'string' ? 'an empty string' : value === undefined || value === null ? String(value) : `a ${typeof value}`;
  throw inputPropertyError(invalid('hfToken', 'must resolve to a non-empty string', got,
    'check the config key, e.g. `pulumi config set --secret hfToken <token>` and config.requireSecret("hfToken"), or leave hfToken out for public models'));
}
