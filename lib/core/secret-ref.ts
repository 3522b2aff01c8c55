import { invalid } from './errors';
import { shown, Shape, stringShape } from './input-shape';
import { validateObjectName } from './names';

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
    validateObjectName('secretName', name);
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
        const fix = typeof value === 'string' ? `use SecretRef.fromSecretName(${JSON.stringify(value)}), not the string` : 'use SecretRef.fromSecretName("my-secret") or a cdk8s-plus Secret';
        throw invalid(prop, 'must be a Secret reference (an object with the Secret\'s name)', shown(value), fix);
      }
      validateObjectName(`${prop}.name`, name);
    },
  };
}
