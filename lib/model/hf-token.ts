import { EnvValue, validateDataKey } from '../core/env-value';
import { DynamoValidationError, invalid, invalidForEngine } from '../core/errors';
import { isDns1123Subdomain } from '../core/names';
import { checkArg, stringShape } from '../core/input-shape';
import { ISecretRef, SecretRef, secretRefShape } from '../core/secret-ref';

/** The environment variable Hugging Face libraries read the token from. */
export const HF_TOKEN_ENV = 'HF_TOKEN';

/**
 * The error for a token passed where a Secret name belongs, with each engine's fix: the Secret made
 * out of band in cdk8s; in Pulumi the token itself from secret config, which the components keep in
 * a Secret of their own.
 */
function pastedTokenError(): DynamoValidationError {
  return invalidForEngine('hfToken', 'must name a Secret, not contain the token', '<redacted>', {
    cdk8s: 'create the Secret out of band (kubectl create secret generic hf-token-secret --from-literal=HF_TOKEN=...) and pass its name; never put the token in code',
    pulumi: 'pass the token itself from secret config, hfToken: config.requireSecret(\'hfToken\') (set with `pulumi config set --secret hfToken <token>`), '
      + 'and the component keeps it in a Secret; HfToken.fromSecret is for the name of a Secret that exists',
  });
}

/** Whether `value` is a Pulumi Output (`config.requireSecret('hfToken')`), recognised without loading Pulumi. */
function isPulumiOutput(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { __pulumiOutput?: unknown }).__pulumiOutput === true;
}

/**
 * The Hugging Face token, always by reference to a Kubernetes Secret. There is deliberately no way
 * to pass the token itself: it would end up in the synthesized YAML.
 *
 * @example
 * HfToken.fromSecret('hf-token-secret')             // key HF_TOKEN
 * HfToken.fromSecret('hf-credentials', 'token')     // another key
 */
export class HfToken {
  /**
   * The token in an existing Secret, under `key`.
   *
   * Given the token itself (`hf_...`), it returns a reference that fails wherever it is used, with
   * the fix of the engine that builds the pattern: `kubectl create secret` in a cdk8s app,
   * `hfToken: config.requireSecret('hfToken')` in a Pulumi program. The token is not kept.
   */
  public static fromSecret(secretName: string, key: string = HF_TOKEN_ENV): HfToken {
    if (isPulumiOutput(secretName)) {
      throw invalid('hfToken', 'must name a Secret, not be the token', 'a pulumi.Output',
        'pass the Output itself to the component, hfToken: config.requireSecret(\'hfToken\'), not wrapped in HfToken.fromSecret: the component keeps it in a Secret');
    }
    checkArg('hfToken', secretName, stringShape('pass the name of the Secret that holds the token, e.g. HfToken.fromSecret("hf-token-secret")'),
      { fix: 'pass the name of the Secret that holds the token, e.g. HfToken.fromSecret("hf-token-secret")' });
    // A token pasted with a prefix, spaces or a newline (a config file, `Bearer hf_...`) too.
    if (/hf_[A-Za-z0-9]{16,}/.test(secretName)) {
      validateDataKey('hfToken.key', key, 'Secret', `use the key the token is stored under, usually "${HF_TOKEN_ENV}"`);
      return new HfToken(undefined, key);
    }
    if (!isDns1123Subdomain(secretName)) {
      // Never echo it: what is not a Secret name may be a token of another format.
      throw invalid('hfToken', 'must be the name of a Secret (lowercase letters, digits, "-" and ".", at most 253 characters)', '<redacted>',
        'pass the metadata.name of the Secret that holds the token, e.g. HfToken.fromSecret("hf-token-secret")');
    }
    return HfToken.fromSecretRef(SecretRef.fromSecretName(secretName), key);
  }

  /** The token in a Secret you hold a reference to (e.g. a cdk8s-plus `Secret`). */
  public static fromSecretRef(secret: ISecretRef, key: string = HF_TOKEN_ENV): HfToken {
    checkArg('hfToken.secret', secret, secretRefShape(), { fix: 'use SecretRef.fromSecretName("hf-token-secret") or a cdk8s-plus Secret, or HfToken.fromSecret("hf-token-secret")' });
    validateDataKey('hfToken.key', key, 'Secret', `use the key the token is stored under, usually "${HF_TOKEN_ENV}"`);
    return new HfToken(secret, key);
  }

  private constructor(
    /** The Secret holding the token; undefined when `fromSecret` was given the token itself. */
    private readonly secretRef: ISecretRef | undefined,
    /** The key in the Secret. */
    public readonly key: string,
  ) {}

  /**
   * The Secret holding the token.
   * @throws DynamoValidationError when `fromSecret` was given the token itself rather than a Secret name
   */
  public get secret(): ISecretRef {
    if (this.secretRef === undefined) throw pastedTokenError();
    return this.secretRef;
  }

  /**
   * Whether `fromSecret` was given the token itself: the patterns refuse the reference where they
   * know their engine, with {@link _pastedTokenError}.
   * @internal
   */
  public get _pastedToken(): boolean {
    return this.secretRef === undefined;
  }

  /** The error of a reference made from a pasted token, its fix for each engine. @internal */
  public _pastedTokenError(): DynamoValidationError {
    return pastedTokenError();
  }

  /** `HF_TOKEN` from the Secret key (`secretKeyRef`: only that key is exposed to the pod). */
  public envValue(): EnvValue {
    return EnvValue.fromSecret(this.secret, this.key);
  }
}
