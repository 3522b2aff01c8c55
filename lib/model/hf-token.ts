import { HF_TOKEN_FIXES } from '../core/credential-env';
import { looksLikeHfToken } from '../core/hf-token-pattern';
import { EnvValue, validateDataKey } from '../core/env-value';
import { DynamoValidationError, invalid, invalidForEngine } from '../core/errors';
import { isDns1123Subdomain } from '../core/names';
import { checkArg, stringShape } from '../core/input-shape';
import { ISecretRef, SecretRef, secretRefShape } from '../core/secret-ref';

/** The environment variable Hugging Face libraries read the token from. */
export const HF_TOKEN_ENV = 'HF_TOKEN';

/** The argument of `fromSecret` or `fromSecretRef` that was the token itself: the Secret name, or the key. */
type PastedArg = 'hfToken' | 'hfToken.key';

/**
 * The error for a token passed where a Secret name or key belongs, with each engine's fix: the
 * Secret made out of band in cdk8s; in Pulumi the token itself from secret config, which the
 * components keep in a Secret of their own.
 */
function pastedTokenError(at: PastedArg): DynamoValidationError {
  if (at === 'hfToken') {
    return invalidForEngine('hfToken', 'must name a Secret, not contain the token', '<redacted>', {
      cdk8s: `create the Secret out of band (${HF_TOKEN_FIXES.kubectl}) and pass its name; never put the token in code`,
      pulumi: `pass the token itself from secret config, ${HF_TOKEN_FIXES.pulumiArg}; HfToken.fromSecret is for the name of a Secret that exists`,
    });
  }
  return invalidForEngine('hfToken.key', 'must be the key the token is stored under in the Secret, not the token', '<redacted>', {
    cdk8s: `create the Secret out of band (${HF_TOKEN_FIXES.kubectl}) and pass its name and key, HfToken.fromSecret("hf-token-secret", "HF_TOKEN"); never put the token in code`,
    pulumi: `pass the token itself from secret config, ${HF_TOKEN_FIXES.pulumiArg}; the key of HfToken.fromSecret is the key of a Secret that exists, e.g. "HF_TOKEN"`,
  });
}

/** Whether the key argument is the token itself (a string that holds one). */
function isPastedKey(key: unknown): boolean {
  return typeof key === 'string' && looksLikeHfToken(key);
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
   * Given the token itself (`hf_...`) as the name or the key, it returns a reference that fails
   * wherever it is used (a pattern, the download Job, `.secret`, `.key`, `.envValue()`), with the fix
   * of the engine that builds the pattern: `kubectl create secret` in a cdk8s app,
   * `hfToken: config.requireSecret('hfToken')` in a Pulumi program (both where no construct says
   * which). The token is not kept. Any other name that is not a Secret name throws at the call,
   * without showing it.
   */
  public static fromSecret(secretName: string, key: string = HF_TOKEN_ENV): HfToken {
    if (isPulumiOutput(secretName)) {
      throw invalid('hfToken', 'must name a Secret, not be the token', 'a pulumi.Output',
        'pass the Output itself to the component, hfToken: config.requireSecret(\'hfToken\'), not wrapped in HfToken.fromSecret: the component keeps it in a Secret');
    }
    checkArg('hfToken', secretName, stringShape('pass the name of the Secret that holds the token, e.g. HfToken.fromSecret("hf-token-secret")'),
      { fix: 'pass the name of the Secret that holds the token, e.g. HfToken.fromSecret("hf-token-secret")' });
    // A token pasted with a prefix, spaces or a newline (a config file, `Bearer hf_...`) too.
    if (looksLikeHfToken(secretName)) return HfToken.withKey(undefined, key);
    if (!isDns1123Subdomain(secretName)) {
      // Never echo it: what is not a Secret name may be a token of another format.
      throw invalid('hfToken', 'must be the name of a Secret (lowercase letters, digits, "-" and ".", at most 253 characters)', '<redacted>',
        'pass the metadata.name of the Secret that holds the token, e.g. HfToken.fromSecret("hf-token-secret")');
    }
    return HfToken.fromSecretRef(SecretRef.fromSecretName(secretName), key);
  }

  /**
   * The token in a Secret you hold a reference to (e.g. a cdk8s-plus `Secret`). Given the token
   * itself as the key, it returns a reference that fails wherever it is used, as {@link fromSecret} does.
   */
  public static fromSecretRef(secret: ISecretRef, key: string = HF_TOKEN_ENV): HfToken {
    checkArg('hfToken.secret', secret, secretRefShape(), { fix: 'use SecretRef.fromSecretName("hf-token-secret") or a cdk8s-plus Secret, or HfToken.fromSecret("hf-token-secret")' });
    return HfToken.withKey(secret, key);
  }

  /**
   * The reference to `key` in `secret` (undefined: the token itself was given as the Secret name). A
   * token given as the key makes a reference that fails where it is used; any other key must be a
   * valid Secret key.
   */
  private static withKey(secret: ISecretRef | undefined, key: string): HfToken {
    const pastedName = secret === undefined ? 'hfToken' : undefined;
    if (isPastedKey(key)) return new HfToken(undefined, undefined, pastedName ?? 'hfToken.key');
    validateDataKey('hfToken.key', key, 'Secret', `use the key the token is stored under, usually "${HF_TOKEN_ENV}"`);
    return new HfToken(secret, key, pastedName);
  }

  private constructor(
    /** The Secret holding the token; undefined when the token itself was given (as the name or the key). */
    private readonly secretRef: ISecretRef | undefined,
    /** The key in the Secret; undefined when the token itself was given as the key. */
    private readonly secretKey: string | undefined,
    /** The argument that was the token itself; undefined for a usable reference. */
    private readonly pastedAt?: PastedArg,
  ) {}

  /**
   * The key in the Secret.
   * @throws DynamoValidationError when the token itself was given as the key
   */
  public get key(): string {
    if (this.secretKey === undefined) throw pastedTokenError('hfToken.key');
    return this.secretKey;
  }

  /**
   * The Secret holding the token.
   * @throws DynamoValidationError when the token itself was given rather than a Secret name or key
   */
  public get secret(): ISecretRef {
    if (this.secretRef === undefined) throw this._pastedTokenError();
    return this.secretRef;
  }

  /**
   * Whether the token itself was given as the Secret name or key: the patterns refuse the reference
   * where they know their engine, with {@link _pastedTokenError}.
   * @internal
   */
  public get _pastedToken(): boolean {
    return this.pastedAt !== undefined;
  }

  /** The error of a reference made from a pasted token, its fix for each engine. @internal */
  public _pastedTokenError(): DynamoValidationError {
    return pastedTokenError(this.pastedAt ?? 'hfToken');
  }

  /** `HF_TOKEN` from the Secret key (`secretKeyRef`: only that key is exposed to the pod). */
  public envValue(): EnvValue {
    return EnvValue.fromSecret(this.secret, this.key);
  }
}
