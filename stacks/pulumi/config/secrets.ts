/**
 * Secret values of the stack config. Only `hfToken` is read as a secret: the component keeps it in a
 * Kubernetes Secret and in the state as a secret. The program writes every other value into the
 * manifests in plain text, so any other key set with `pulumi config set --secret` is refused, and
 * no error ever shows the value of a secret key.
 */
import * as pulumi from '@pulumi/pulumi';
import { invalid } from '../../../lib/core/errors';
import { rmCommand } from './errors';

/** The keys whose pods take env values: a credential they need is referenced from a Kubernetes Secret. */
const ENV_OWNERS = ['frontend', 'workers', 'prefill', 'decode'];

/**
 * Whether Pulumi marks the config key `<namespace>:<key>` secret. Pulumi sets a structured key
 * secret as a whole when any value in it is (`pulumi config set --secret --path 'workers.env.KEY'`
 * marks `workers`).
 */
export function isSecretKey(fullKey: string): boolean {
  // The runtime's own check reads the list (PULUMI_CONFIG_SECRET_KEYS) where the language host and
  // `pulumi.runtime.setAllConfig` put it: the run's store, not always `process.env`. It is public in
  // the runtime module but marked @internal, so not in the typings.
  const runtime = pulumi.runtime as unknown as { readonly isConfigSecret?: (key: string) => boolean };
  if (typeof runtime.isConfigSecret !== 'function') {
    throw new Error('@pulumi/pulumi does not export runtime.isConfigSecret, which the program uses to keep secret config values out of the manifests');
  }
  return runtime.isConfigSecret(fullKey);
}

/** Refuses a secret key other than `hfToken`, without its value, with the config that keeps a credential secret. */
function refuseSecret(key: string): never {
  const requirement = 'must not be a secret: the program writes it into the Kubernetes manifests in plain text (only hfToken is kept secret)';
  if (key === 'access') {
    throw invalid('config access', requirement, '<redacted>', 'run pulumi config rm access and set it again without --secret: access names the Kubernetes Secret '
      + 'that holds the credential (access.secret, access.clientSecret, access.oauth2ClientSecret), never the credential '
      + "(kubectl create secret generic llm-api-keys -n <namespace> --from-literal=<client-id>=<api-key> && pulumi config set --path 'access.secret' llm-api-keys)");
  }
  const fix = ENV_OWNERS.includes(key)
    ? `keep the secret value in a Kubernetes Secret and reference it from the env var, {secret: <secret-name>, key: <key>}: pulumi config rm --path '${key}.env.<NAME>' `
      + `&& pulumi config set --path '${key}.env.<NAME>.secret' <secret-name> && pulumi config set --path '${key}.env.<NAME>.key' <key>; set the other ${key} settings without --secret`
    : `run ${rmCommand(key)} and set it again without --secret; a credential the pods need belongs in a Kubernetes Secret referenced from an env var `
      + "({secret: <secret-name>, key: <key>} under frontend.env, workers.env, prefill.env or decode.env)";
  throw invalid(`config ${key}`, requirement, '<redacted>', fix);
}

/**
 * Checks the `hfToken` key as the component would only when its Secret is registered (the token is
 * an Output there): set with `--secret`, and not empty.
 */
function checkToken(value: string, secret: boolean): void {
  if (!secret) {
    throw invalid('config hfToken', 'must be a secret: the stack config file would hold the token in plain text', '<redacted>',
      'run pulumi config set --secret hfToken <token>');
  }
  if (value.trim() === '') {
    throw invalid('config hfToken', 'must not be empty: every download of the model would fail with 401', value,
      'run pulumi config set --secret hfToken <token>, or pulumi config rm hfToken for a public model');
  }
}

/**
 * Refuses every key of `namespace` in `config` (the engine's map, `<namespace>:<key>` to the value)
 * that is a secret but `hfToken`, and a `hfToken` that is not a secret or is empty.
 */
export function checkSecretKeys(namespace: string, config: Readonly<Record<string, string>>): void {
  const prefix = `${namespace}:`;
  for (const [fullKey, value] of Object.entries(config)) {
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    if (key === 'hfToken') checkToken(value, isSecretKey(fullKey));
    else if (isSecretKey(fullKey)) refuseSecret(key);
  }
}
