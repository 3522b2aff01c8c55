import { EnvValue, validateDataKey } from '../core/env-value';
import { invalid } from '../core/errors';
import { isDns1123Subdomain } from '../core/names';
import { checkArg, stringShape } from '../core/input-shape';
import { ISecretRef, SecretRef, secretRefShape } from '../core/secret-ref';

/** The environment variable Hugging Face libraries read the token from. */
export const HF_TOKEN_ENV = 'HF_TOKEN';

/**
 * The Hugging Face token, always by reference to a Kubernetes Secret. There is deliberately no way
 * to pass the token itself: it would end up in the synthesized YAML.
 *
 * @example
 * HfToken.fromSecret('hf-token-secret')             // key HF_TOKEN
 * HfToken.fromSecret('hf-credentials', 'token')     // another key
 */
export class HfToken {
  /** The token in an existing Secret, under `key`. */
  public static fromSecret(secretName: string, key: string = HF_TOKEN_ENV): HfToken {
    checkArg('hfToken', secretName, stringShape('pass the name of the Secret that holds the token, e.g. HfToken.fromSecret("hf-token-secret")'),
      { fix: 'pass the name of the Secret that holds the token, e.g. HfToken.fromSecret("hf-token-secret")' });
    // A token pasted with a prefix, spaces or a newline (a config file, `Bearer hf_...`) too.
    if (/hf_[A-Za-z0-9]{16,}/.test(secretName)) {
      throw invalid('hfToken', 'must name a Secret, not contain the token', '<redacted>',
        'create the Secret out of band (kubectl create secret generic hf-token-secret --from-literal=HF_TOKEN=...) and pass its name; never put the token in code');
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
    /** The Secret holding the token. */
    public readonly secret: ISecretRef,
    /** The key in the Secret. */
    public readonly key: string,
  ) {}

  /** `HF_TOKEN` from the Secret key (`secretKeyRef`: only that key is exposed to the pod). */
  public envValue(): EnvValue {
    return EnvValue.fromSecret(this.secret, this.key);
  }
}
