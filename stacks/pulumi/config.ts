/**
 * Reads the stack configuration of the Pulumi program into the components' args. The keys are the
 * args' prop names (`decode.gpus`, `cloud.nodeRole`, `observability.slo.ttftMs`), so an error the
 * component raises later names the config key too; a value that needs a library class is given by
 * name (see config/values.ts). Every error names the config key, the value, what is allowed and the
 * `pulumi config` command that fixes it. Pulumi.dev.yaml.example shows every key.
 */
import * as pulumi from '@pulumi/pulumi';
import { Backend, DgdApiVersion, HfToken, KvTransfer, NixlBackend, WorkerPoolOptions } from '../../lib';
import { HF_TOKEN_FIXES } from '../../lib/core/credential-env';
import { looksLikeHfToken } from '../../lib/core/hf-token-pattern';
import { invalid } from '../../lib/core/errors';
import { isDns1123Subdomain } from '../../lib/core/names';
import type { DisaggregatedLlmArgs } from '../../lib/pulumi';
import { access } from './config/access';
import { modelArchitecture } from './config/architecture';
import { cloud } from './config/cloud';
import { configError, fromLibrary } from './config/errors';
import { ingress } from './config/ingress';
import { compilationCache, modelCache } from './config/model';
import { observability } from './config/observability';
import { frontend, imagePullSecrets, pool } from './config/pods';
import { platform, PlatformConfig } from './config/platform';
import { planner } from './config/scaling';
import { checkSecretKeys } from './config/secrets';
import { refuseMovedKeys, refuseOtherModeKeys } from './config/stack-keys';
import { bool, choice, constantsOf, Fields, map, num, object, text } from './config/values';
import { dynamoVersion } from './config/version';

/**
 * The args of either component the program reads (`workers` for the aggregated one). `platform` is
 * not among them: the program makes it from the `platform` key (see {@link StackSpec.platform}).
 */
export type ProgramArgs = Omit<DisaggregatedLlmArgs, 'customize' | 'platform'> & { readonly workers?: WorkerPoolOptions };

/** Which pattern the stack deploys, its name, and its args. */
export interface StackSpec {
  readonly mode: 'aggregated' | 'disaggregated';
  /** The component name, and the DynamoGraphDeployment's: the `name` key, else `llm`. */
  readonly name: string;
  /** Args of either pattern (`prefill`, `decode`, `kvTransfer`, `allowTcpKvTransfer` and `disaggregationBootstrapPort` are only set in disaggregated mode, `workers` in aggregated). */
  readonly args: ProgramArgs;
  /**
   * The `platform` key: the Dynamo platform the program installs (`install`, the args of the Pulumi
   * `DynamoPlatform`, on the stack's `cloud`) or the one the cluster has (`existing`), which the
   * pattern is given as its `platform`.
   * @default - none: the cluster's platform is not checked
   */
  readonly platform?: PlatformConfig;
}

/** `kvTransfer`: how the KV cache moves from prefill to decode. */
const kvTransfer = choice<KvTransfer>({
  'nixl': KvTransfer.nixl(),
  'nixl-ucx': KvTransfer.nixl(NixlBackend.UCX),
  'nixl-libfabric': KvTransfer.nixl(NixlBackend.LIBFABRIC),
  'mooncake': KvTransfer.mooncake(),
  'ucx': KvTransfer.ucxTransceiver(),
});

/**
 * A reader for every arg the components take, but `customize` (a function: use the components in
 * code for it), `hfToken` (the secret key `hfToken`, or `hfTokenSecretName`) and the deprecated
 * `nixlBackend` (`kvTransfer`).
 */
const ARGS: Fields<Omit<ProgramArgs, 'customize' | 'hfToken' | 'nixlBackend'>> = {
  name: text,
  model: text,
  servedModelName: text,
  modelRevision: text,
  modelArchitecture,
  backend: choice(Object.fromEntries(Backend.all().map((b) => [b.framework, b]))),
  dynamoVersion,
  apiVersion: choice(constantsOf(DgdApiVersion)),
  namespace: text,
  createNamespace: bool,
  frontend,
  workers: pool,
  prefill: pool,
  decode: pool,
  planner,
  observability,
  cloud,
  ingress,
  access,
  imagePullSecrets,
  modelCache,
  compilationCache,
  image: text,
  trustRemoteCode: bool,
  labels: map(text, 'team', 'llm'),
  annotations: map(text),
  kvTransfer,
  allowTcpKvTransfer: bool,
  disaggregationBootstrapPort: num,
  modelDownloadTimeout: text,
  replaceOnImmutableChange: bool,
};

/** The keys of the program itself: the pattern, the Hugging Face token and the platform. */
interface ProgramKeys {
  readonly mode?: 'aggregated' | 'disaggregated';
  readonly hfTokenSecretName?: string;
  readonly hfTokenSecretKey?: string;
  readonly platform?: PlatformConfig;
}
const STACK = object<Omit<ProgramArgs, 'customize' | 'hfToken' | 'nixlBackend'> & ProgramKeys>('the stack config', {
  ...ARGS,
  mode: choice({ aggregated: 'aggregated', disaggregated: 'disaggregated' } as const),
  hfTokenSecretName: text,
  hfTokenSecretKey: text,
  platform,
}, ['model'], { model: 'Qwen/Qwen3-0.6B' });

/**
 * The keys of the config namespace (`<project>:<key>`) with their values: structured values as
 * `pulumi config set --path` and YAML objects store them (JSON), others as the strings they are.
 * `hfToken` is left out: it is read as a secret. A secret key but `hfToken` is refused first, before
 * any error could show its value (see config/secrets.ts).
 */
function configValues(namespace: string): Record<string, unknown> {
  const prefix = `${namespace}:`;
  const values: Record<string, unknown> = {};
  const all = pulumi.runtime.allConfig();
  checkSecretKeys(namespace, all);
  for (const [fullKey, value] of Object.entries(all)) {
    if (!fullKey.startsWith(prefix) || fullKey === `${prefix}hfToken`) continue;
    const key = fullKey.slice(prefix.length);
    if (!/^\s*[[{]/.test(value)) {
      values[key] = value;
      continue;
    }
    try {
      values[key] = JSON.parse(value);
    } catch {
      throw configError(key, 'must be a YAML object or list that Pulumi can store as JSON', value.slice(0, 40), '<value>');
    }
  }
  return values;
}

/** The token: the secret key `hfToken` (the component defines the Secret), or the Secret named by `hfTokenSecretName`. */
function hfToken(config: pulumi.Config, keys: ProgramKeys): pulumi.Output<string> | HfToken | undefined {
  const token = config.getSecret('hfToken');
  const { hfTokenSecretName: name, hfTokenSecretKey: key } = keys;
  // The token where the Secret's name or key belongs: refused first, never shown.
  if (name !== undefined && looksLikeHfToken(name)) {
    throw invalid('config hfTokenSecretName', 'must name a Secret, not contain the token', '<redacted>',
      `run pulumi config rm hfTokenSecretName${key === undefined ? '' : ' && pulumi config rm hfTokenSecretKey'} && ${HF_TOKEN_FIXES.pulumiConfig}`);
  }
  if (key !== undefined && looksLikeHfToken(key)) {
    throw invalid('config hfTokenSecretKey', 'must be the key the token is stored under in the Secret, not the token', '<redacted>',
      `run pulumi config rm hfTokenSecretKey${name === undefined ? '' : ' && pulumi config rm hfTokenSecretName'} && ${HF_TOKEN_FIXES.pulumiConfig}`
      + (name === undefined ? '' : '; or, for the Secret hfTokenSecretName names, run pulumi config set hfTokenSecretKey HF_TOKEN (the key the token is stored under)'));
  }
  if (token !== undefined && name !== undefined) {
    throw invalid('config hfTokenSecretName', 'must not be set together with hfToken', isDns1123Subdomain(name) ? name : '<redacted>',
      'keep one: pulumi config rm hfToken (use the existing Secret) or pulumi config rm hfTokenSecretName');
  }
  if (key !== undefined && name === undefined) {
    throw configError('hfTokenSecretName', 'is required with hfTokenSecretKey (the Secret that holds the key)', undefined, 'hf-token-secret');
  }
  if (name === undefined) return token;
  return fromLibrary({ 'hfToken.key': 'hfTokenSecretKey', 'hfToken': 'hfTokenSecretName' }, () => HfToken.fromSecret(name, key));
}

/** Reads the stack config (project namespace `dynamo-constructs`). */
export function readStackConfig(config: pulumi.Config = new pulumi.Config()): StackSpec {
  const values = configValues(config.name);
  refuseMovedKeys(values);
  const { mode = 'aggregated', hfTokenSecretName, hfTokenSecretKey, platform: platformConfig, ...args } = STACK(values, '');
  refuseOtherModeKeys(mode, values);
  return {
    mode,
    name: args.name ?? 'llm',
    args: { ...args, hfToken: hfToken(config, { hfTokenSecretName, hfTokenSecretKey }) },
    ...(platformConfig !== undefined ? { platform: platformConfig } : {}),
  };
}
