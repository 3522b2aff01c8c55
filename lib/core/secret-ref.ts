import { invalid } from './errors';
import { shown, Shape, stringShape } from './input-shape';
import { isDns1123Label, isDns1123Subdomain, MAX_DNS_SUBDOMAIN } from './names';

/**
 * Throws unless `name` is a Kubernetes object name, never showing a name that is not one: what is
 * not the name of a Secret (or of another object that grants a credential, a KEDA
 * TriggerAuthentication) may be the credential itself (`hf_...`, `sk-...`, `Bearer ...`).
 * @internal
 */
export function validateSecretName(prop: string, name: string, kind = 'Secret'): void {
  if (isDns1123Subdomain(name)) return;
  const [namespace, local, ...rest] = name.split('/');
  if (rest.length === 0 && local !== undefined && isDns1123Label(namespace) && isDns1123Subdomain(local)) {
    // `<namespace>/<name>`: two object names are no credential, so they are shown.
    throw invalid(prop, `must be the name of a ${kind} in the deployment's namespace, without a namespace`, name,
      `copy the ${kind} into the deployment's namespace and pass "${local}"`);
  }
  throw invalid(prop, `must be a Kubernetes object name (lowercase letters, digits, "-" and ".", at most ${MAX_DNS_SUBDOMAIN} characters)`, '<redacted>',
    `pass the metadata.name of the existing ${kind} (a value that is not a name is not shown: it may be a credential)`);
}

/**
 * A reference to a Kubernetes Secret by name. Owned secrets (a cdk8s-plus `Secret`, or anything
 * with a `name`) satisfy it; use {@link SecretRef.fromSecretName} for secrets that exist already.
 */
export interface ISecretRef {
  /** The Secret's `metadata.name`. */
  readonly name: string;
}

/** Factories for {@link ISecretRef}. */
export class SecretRef {
  /** References a Secret that exists in the target namespace. */
  public static fromSecretName(name: string): ISecretRef {
    stringShape('pass the Secret\'s metadata.name, e.g. SecretRef.fromSecretName("hf-token")').check('secretName', name);
    validateSecretName('secretName', name);
    return { name };
  }

  private constructor() {}
}

/**
 * An {@link ISecretRef} from an untyped caller: an object (a `SecretRef.fromSecretName(...)`, a
 * cdk8s-plus `Secret`) whose `name` is a Kubernetes object name. A string gets the call that makes one.
 * @internal
 */
export function secretRefShape(): Shape {
  const expected = 'a Secret reference';
  return {
    expected,
    check: (prop, value) => {
      const name: unknown = typeof value === 'object' && value !== null ? (value as { name?: unknown }).name : undefined;
      if (typeof name !== 'string') {
        // A string that is not a Secret name is not shown either (validateSecretName).
        const named = typeof value === 'string' && isDns1123Subdomain(value);
        const fix = typeof value === 'string' ? `use SecretRef.fromSecretName(${named ? JSON.stringify(value) : '"<secret-name>"'}), not the string`
          : 'use SecretRef.fromSecretName("my-secret") or a cdk8s-plus Secret';
        throw invalid(prop, 'must be a Secret reference (an object with the Secret\'s name)', typeof value === 'string' && !named ? '<redacted>' : shown(value), fix);
      }
      validateSecretName(`${prop}.name`, name);
    },
  };
}
