import { invalid } from './errors';
import { ISecretRef } from './secret-ref';

/** The JSON of a Kubernetes `EnvVarSource`, as rendered. @internal */
export interface EnvVarSourceJson {
  readonly secretKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean };
  readonly configMapKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean };
  readonly fieldRef?: { readonly fieldPath: string };
}

/** Options for {@link EnvValue.fromSecret} and {@link EnvValue.fromConfigMap}. */
export interface EnvValueFromKeyOptions {
  /**
   * Whether the pod may start when the key is missing.
   * @default false - a missing key stops the container from starting, which surfaces the mistake
   */
  readonly optional?: boolean;
}

/**
 * The value of an environment variable: a literal, or a reference to a Secret key, a ConfigMap key
 * or a pod field. Secrets are only ever referenced, never inlined.
 */
export class EnvValue {
  /** A literal value. Do not use it for tokens or passwords: use {@link EnvValue.fromSecret}. */
  public static fromValue(value: string): EnvValue {
    return new EnvValue(value, undefined);
  }

  /** The value of `key` in an existing Secret (`valueFrom.secretKeyRef`). */
  public static fromSecret(secret: ISecretRef, key: string, options: EnvValueFromKeyOptions = {}): EnvValue {
    if (!key) throw invalid('key', 'must be a non-empty Secret key', key, 'name the key inside the Secret, e.g. "HF_TOKEN"');
    return new EnvValue(undefined, { secretKeyRef: { name: secret.name, key, ...(options.optional ? { optional: true } : {}) } });
  }

  /** The value of `key` in an existing ConfigMap (`valueFrom.configMapKeyRef`). */
  public static fromConfigMap(configMapName: string, key: string, options: EnvValueFromKeyOptions = {}): EnvValue {
    if (!key) throw invalid('key', 'must be a non-empty ConfigMap key', key, 'name the key inside the ConfigMap');
    return new EnvValue(undefined, { configMapKeyRef: { name: configMapName, key, ...(options.optional ? { optional: true } : {}) } });
  }

  /** A pod field through the downward API, e.g. `status.podIP`. */
  public static fromFieldPath(fieldPath: string): EnvValue {
    return new EnvValue(undefined, { fieldRef: { fieldPath } });
  }

  private constructor(
    /** The literal value, if this is one. */
    public readonly value: string | undefined,
    /** @internal */
    public readonly valueFrom: EnvVarSourceJson | undefined,
  ) {}

  /** Renders a Kubernetes `EnvVar`. @internal */
  public _toEnvVar(name: string): { name: string; value?: string; valueFrom?: EnvVarSourceJson } {
    return this.valueFrom ? { name, valueFrom: this.valueFrom } : { name, value: this.value };
  }
}
