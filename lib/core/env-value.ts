import { looksLikeHfToken } from './hf-token-pattern';
import { invalid } from './errors';
import { booleanShape, checkArg, checkProps, FieldsOf, stringShape } from './input-shape';
import { validateObjectName } from './names';
import { ISecretRef, secretRefShape } from './secret-ref';

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
    checkArg('value', value, stringShape('pass the value as a string, e.g. EnvValue.fromValue("1"); environment variables are strings'),
      { fix: 'pass the value as a string, e.g. EnvValue.fromValue("1")' });
    return new EnvValue(value, undefined);
  }

  /** The value of `key` in an existing Secret (`valueFrom.secretKeyRef`). */
  public static fromSecret(secret: ISecretRef, key: string, options: EnvValueFromKeyOptions = {}): EnvValue {
    checkArg('secret', secret, secretRefShape(), { fix: 'use SecretRef.fromSecretName("my-secret") or a cdk8s-plus Secret' });
    validateDataKey('key', key, 'Secret', 'name the key inside the Secret, e.g. "HF_TOKEN"');
    checkProps('options', options, 'EnvValueFromKeyOptions', KEY_OPTIONS_FIELDS);
    return new EnvValue(undefined, { secretKeyRef: { name: secret.name, key, ...(options.optional ? { optional: true } : {}) } });
  }

  /** The value of `key` in an existing ConfigMap (`valueFrom.configMapKeyRef`). */
  public static fromConfigMap(configMapName: string, key: string, options: EnvValueFromKeyOptions = {}): EnvValue {
    checkArg('configMapName', configMapName, stringShape(), { fix: 'pass the ConfigMap\'s metadata.name' });
    validateObjectName('configMapName', configMapName);
    validateDataKey('key', key, 'ConfigMap', 'name the key inside the ConfigMap');
    checkProps('options', options, 'EnvValueFromKeyOptions', KEY_OPTIONS_FIELDS);
    return new EnvValue(undefined, { configMapKeyRef: { name: configMapName, key, ...(options.optional ? { optional: true } : {}) } });
  }

  /** A pod field through the downward API, e.g. `status.podIP`. */
  public static fromFieldPath(fieldPath: string): EnvValue {
    checkArg('fieldPath', fieldPath, stringShape(), { fix: 'pass a pod field such as "status.podIP" or "metadata.name"' });
    // The roots of the pod fields the downward API exposes (k8s-schemas v1.30 `EnvVarSource.fieldRef`).
    if (!/^(metadata|spec|status)\.\S+$/.test(fieldPath)) {
      throw invalid('fieldPath', 'must be a pod field path under metadata, spec or status', fieldPath,
        'use e.g. "status.podIP", "metadata.name", "metadata.namespace" or "spec.nodeName"');
    }
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

const KEY_OPTIONS_FIELDS: FieldsOf<EnvValueFromKeyOptions> = { optional: booleanShape() };

/**
 * A Secret or ConfigMap data key: non-empty alphanumerics, `-`, `_` and `.` (k8s-schemas v1.30,
 * `Secret.data` and `ConfigMap.data`), as the API server checks `secretKeyRef.key`.
 * @internal
 */
export function validateDataKey(prop: string, key: unknown, kind: 'Secret' | 'ConfigMap', fix: string): asserts key is string {
  if (typeof key !== 'string' || !key) throw invalid(prop, `must be a non-empty ${kind} key`, key, fix);
  // The key is written in the manifests: a token given in its place would be too (never shown).
  if (looksLikeHfToken(key)) throw invalid(prop, `must be the key the value is stored under in the ${kind}, not a token`, '<redacted>', fix);
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
    throw invalid(prop, `must be a ${kind} key (letters, digits, "-", "_" and ".")`, key, fix);
  }
}
