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
    validateObjectName('secretName', name);
    return { name };
  }

  private constructor() {}
}
