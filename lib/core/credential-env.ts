import { EngineFixes } from './engine';
import type { EnvValue } from './env-value';
import { invalidForEngine } from './errors';
import { looksLikeHfToken } from './hf-token-pattern';
import { propPath } from './input-shape';

/**
 * The fix texts for a Hugging Face token, each written once: the kubectl command that makes the
 * Secret in a cdk8s app, the component arg that keeps the token in a Secret in Pulumi code, and the
 * stack config command of the Pulumi program.
 * @internal
 */
export const HF_TOKEN_FIXES = {
  /** cdk8s: the Secret is made out of band, and the app references it by name. */
  kubectl: 'kubectl create secret generic hf-token-secret --from-literal=HF_TOKEN=...',
  /** Pulumi code: the token from secret config, which the component keeps in a Secret of its own. */
  pulumiArg: 'hfToken: config.requireSecret(\'hfToken\') (set with `pulumi config set --secret hfToken <token>`): '
    + 'the component keeps it in a Secret and sets HF_TOKEN from it',
  /** The Pulumi program's stack config: the secret key `hfToken`. */
  pulumiConfig: 'pulumi config set --secret hfToken <token>: the component keeps the token in a Secret and sets HF_TOKEN from it',
} as const;

/**
 * The last word of a name that holds a credential itself (case-insensitive, `_`-separated):
 * `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`, `DB_PASSWORD`, `CLIENT_SECRET`, `OPENAI_APIKEY`.
 */
const CREDENTIAL_WORDS: ReadonlySet<string> = new Set(['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'APIKEY']);
/** The words before a final `KEY` that make it a credential: `OPENAI_API_KEY`, `AWS_SECRET_ACCESS_KEY`, `SIGNING_KEY`. */
const KEY_KINDS: ReadonlySet<string> = new Set(['API', 'ACCESS', 'SECRET', 'PRIVATE', 'SIGNING', 'ENCRYPTION', 'AUTH', 'LICENSE']);

/**
 * Whether an environment variable's name marks a credential: its last word is one of
 * {@link CREDENTIAL_WORDS}, or it ends in `<kind>_KEY` with a kind of {@link KEY_KINDS}.
 *
 * The wider patterns (`*TOKEN*`, `*_KEY`) are narrowed to the last word because Dynamo and
 * the engines name plain settings with those words inside: `DYN_PREFILL_MAX_NEW_TOKEN_SAMPLES`,
 * `DYN_TOKEN_ECHO_DELAY_MS`, `HF_TOKEN_PATH` and `PROMETHEUS_TOKEN_FILE` (a path to the secret,
 * not the secret), `DYN_SGL_DISAGG_CONFIG_KEY`, `TOKENIZERS_PARALLELISM`, `MAX_NUM_BATCHED_TOKENS`.
 * @internal
 */
export function isCredentialName(name: string): boolean {
  const words = name.toUpperCase().split(/[_.-]/).filter((w) => w !== '');
  const last = words[words.length - 1] ?? '';
  if (CREDENTIAL_WORDS.has(last)) return true;
  return last === 'KEY' && words.length >= 2 && KEY_KINDS.has(words[words.length - 2]);
}

/**
 * How to keep the credential `name` out of the manifests, in each engine: in a Secret the pod
 * references. For `HF_TOKEN`, the patterns' `hfToken` (a Secret reference in cdk8s; in Pulumi the
 * token from secret config, which the component keeps in a Secret of its own).
 * @internal
 */
export function credentialEnvFixes(name: string): EngineFixes {
  if (name.toUpperCase() === 'HF_TOKEN') {
    return {
      cdk8s: 'keep the token in a Secret and set the pattern\'s hfToken: HfToken.fromSecret("hf-token") (key HF_TOKEN), or EnvValue.fromSecret(SecretRef.fromSecretName("hf-token"), "HF_TOKEN")',
      pulumi: `give AggregatedLlm or DisaggregatedLlm the token from secret config, ${HF_TOKEN_FIXES.pulumiArg}; for a DynamoGraphDeployment, `
        + 'define a k8s.core.v1.Secret with stringData: { HF_TOKEN: config.requireSecret(\'hfToken\') } and reference it with EnvValue.fromSecret',
    };
  }
  const configKey = name.toLowerCase().replace(/[_.-]+(.)/g, (_m, c: string) => c.toUpperCase());
  return {
    cdk8s: `keep it in a Secret and reference it: EnvValue.fromSecret(SecretRef.fromSecretName("<secret>"), "${name}"); if it is not a secret, pass it with EnvValue.fromConfigMap`,
    pulumi: `keep it in secret config (\`pulumi config set --secret ${configKey} <value>\`), define a k8s.core.v1.Secret with stringData: { ${name}: config.requireSecret('${configKey}') } `
      + `and reference it: EnvValue.fromSecret(SecretRef.fromSecretName(<the Secret's name>), "${name}"); if it is not a secret, pass it with EnvValue.fromConfigMap`,
  };
}

/**
 * Why a literal env value must not be written in plain text: its name marks a credential, or it holds
 * a Hugging Face token whatever the name; undefined when it may be written.
 * @internal
 */
export function literalCredentialReason(name: string, value: string): string | undefined {
  if (isCredentialName(name)) return 'its name marks a credential';
  return looksLikeHfToken(value) ? 'it holds a Hugging Face token' : undefined;
}

/**
 * Refuses a literal value for an environment variable whose name marks a credential, or whose value
 * is a Hugging Face token whatever the name: the value would sit in plain text in the manifests,
 * the Git repository that holds them and every `kubectl get -o yaml`. A reference
 * (`EnvValue.fromSecret`) is fine. The fix is the engine's ({@link credentialEnvFixes}).
 * @internal
 */
export function refuseLiteralCredential(envProp: string, name: string, value: EnvValue): void {
  if (value.valueFrom !== undefined) return;
  const reason = literalCredentialReason(name, value.value ?? '');
  if (reason === undefined) return;
  throw invalidForEngine(propPath(envProp, name), `must not be a literal value: ${reason}, which must never be written in plain text`, '<redacted>',
    credentialEnvFixes(name));
}

/**
 * Refuses a command-line argument that holds a Hugging Face token (`--hf-token hf_...`): it would sit in
 * plain text in the manifests like a literal env value. The engines read the token from `HF_TOKEN`,
 * which `hfToken` sets from a Secret. `prop` is the list's prop path (`decode.extraArgs`).
 * @internal
 */
export function refuseTokenInArgs(prop: string, args: readonly string[]): void {
  const i = args.findIndex((a) => looksLikeHfToken(a));
  if (i < 0) return;
  throw invalidForEngine(`${prop}[${i}]`, 'must not hold a Hugging Face token, which must never be written in plain text', '<redacted>',
    credentialEnvFixes('HF_TOKEN'));
}
