import { EnvValue } from './env-value';
import { invalid } from './errors';
import { propPath } from './input-shape';

/**
 * The words that mark an environment variable as a credential, as `_`-separated parts of its name
 * (case-insensitive): `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`, `DB_PASSWORD`, `CLIENT_SECRET`,
 * `OPENAI_API_KEY`, `AWS_SECRET_ACCESS_KEY`. Whole parts, so that `TOKENIZERS_PARALLELISM` or
 * `MAX_NUM_BATCHED_TOKENS` (engine settings) are not mistaken for one.
 */
const CREDENTIAL_PARTS: ReadonlySet<string> = new Set(['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS']);

/**
 * Whether an environment variable's name marks a credential: a part named in
 * {@link CREDENTIAL_PARTS}, `API_KEY` anywhere, or a name ending in `_KEY`.
 * @internal
 */
export function isCredentialName(name: string): boolean {
  const upper = name.toUpperCase();
  const parts = upper.split(/[_.-]/);
  return parts.some((p) => CREDENTIAL_PARTS.has(p)) || upper.includes('API_KEY') || upper.endsWith('_KEY');
}

/**
 * Refuses a literal value for an environment variable whose name marks a credential: the value
 * would sit in plain text in the manifests, the Git repository that holds them and every
 * `kubectl get -o yaml`. A reference (`EnvValue.fromSecret`) is fine.
 * @internal
 */
export function refuseLiteralCredential(envProp: string, name: string, value: EnvValue): void {
  if (value.valueFrom !== undefined || !isCredentialName(name)) return;
  const prop = propPath(envProp, name);
  const fix = name.toUpperCase() === 'HF_TOKEN'
    ? 'keep the token in a Secret and set the pattern\'s hfToken: HfToken.fromSecret("hf-token") (key HF_TOKEN), or EnvValue.fromSecret(SecretRef.fromSecretName("hf-token"), "HF_TOKEN")'
    : `keep it in a Secret and reference it: EnvValue.fromSecret(SecretRef.fromSecretName("<secret>"), "${name}"); if it is not a secret, pass it with EnvValue.fromConfigMap`;
  throw invalid(prop, 'must not be a literal value: its name marks a credential, which must never be written in plain text', '<redacted>', fix);
}
