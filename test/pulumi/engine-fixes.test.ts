import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { AggregatedLlm, Backend, ComponentType, DynamoGraphDeployment, EnvValue, HfToken, SecretRef } from '../../lib';
import { ENGINE_CONTEXT_KEY } from '../../lib/core/engine';
import { invalidForEngine } from '../../lib/core/errors';
import { readStackConfig } from '../../stacks/pulumi/config';
import { inputPropertyError, mockedEngine } from '../support/pulumi';
import { validationError } from '../support/synth';

// A credential pasted where a reference belongs is refused in both engines; the fix is the engine's:
// a Secret made out of band (`kubectl create secret`) in cdk8s, secret config (`config.requireSecret`)
// in Pulumi. The engine is a context key of the construct tree (set by the Pulumi chart host), or,
// for an error raised before the component's chart exists, the Pulumi component's own error report.
// Where neither says it (user code that uses the reference before any construct exists), both fixes.

const TOKEN = 'hf_EngineToken0123456789abcdefgh';
const MODEL = 'Qwen/Qwen3-0.6B';
const IMAGE = 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.4.0';
const KUBECTL_FIX = 'create the Secret out of band (kubectl create secret generic hf-token-secret --from-literal=HF_TOKEN=...) and pass its name; never put the token in code';
const PULUMI_TOKEN_FIX = "pass the token itself from secret config, hfToken: config.requireSecret('hfToken') (set with `pulumi config set --secret hfToken <token>`): "
  + 'the component keeps it in a Secret and sets HF_TOKEN from it; HfToken.fromSecret is for the name of a Secret that exists';
const PASTED = 'hfToken must name a Secret, not contain the token (got "<redacted>"); ';
const KUBECTL_KEY_FIX = 'create the Secret out of band (kubectl create secret generic hf-token-secret --from-literal=HF_TOKEN=...) and pass its name and key, '
  + 'HfToken.fromSecret("hf-token-secret", "HF_TOKEN"); never put the token in code';
const PULUMI_KEY_FIX = "pass the token itself from secret config, hfToken: config.requireSecret('hfToken') (set with `pulumi config set --secret hfToken <token>`): "
  + 'the component keeps it in a Secret and sets HF_TOKEN from it; the key of HfToken.fromSecret is the key of a Secret that exists, e.g. "HF_TOKEN"';
const PASTED_KEY = 'hfToken.key must be the key the token is stored under in the Secret, not the token (got "<redacted>"); ';
const KUBECTL_HF_ENV_FIX = 'keep the token in a Secret and set the pattern\'s hfToken: HfToken.fromSecret("hf-token") (key HF_TOKEN), '
  + 'or EnvValue.fromSecret(SecretRef.fromSecretName("hf-token"), "HF_TOKEN")';
const PULUMI_HF_ENV_FIX = "give AggregatedLlm or DisaggregatedLlm the token from secret config, hfToken: config.requireSecret('hfToken') "
  + '(set with `pulumi config set --secret hfToken <token>`): the component keeps it in a Secret and sets HF_TOKEN from it; for a DynamoGraphDeployment, '
  + "define a k8s.core.v1.Secret with stringData: { HF_TOKEN: config.requireSecret('hfToken') } and reference it with EnvValue.fromSecret";

const mocked = mockedEngine();

/** A chart in an App whose tree says which engine builds it (as the Pulumi chart host's does). */
function chartOf(engine?: string): Chart {
  const app = new App();
  if (engine !== undefined) app.node.setContext(ENGINE_CONTEXT_KEY, engine);
  return new Chart(app, 'c');
}

describe('cdk8s: the fix makes the Secret out of band', () => {
  test('a token given to HfToken.fromSecret is refused where the pattern receives it, with the kubectl fix, never shown', () => {
    const e = validationError(() => new AggregatedLlm(chartOf(), 'llm', { model: MODEL, hfToken: HfToken.fromSecret(TOKEN) }));
    expect(e.prop).toBe('hfToken');
    expect(e.message).toBe(`hfToken must name a Secret, not contain the token (got "<redacted>"); ${KUBECTL_FIX}`);
    expect(e.constructPath).toBe('c/llm');
  });

  test('a token given as the Secret key is refused at hfToken.key, with the kubectl fix, never shown', () => {
    const e = validationError(() => new AggregatedLlm(chartOf(), 'llm', { model: MODEL, hfToken: HfToken.fromSecret('hf-token-secret', TOKEN) }));
    expect(e.prop).toBe('hfToken.key');
    expect(e.message).toBe(`${PASTED_KEY}${KUBECTL_KEY_FIX}`);
    const ref = validationError(() => new AggregatedLlm(chartOf(), 'llm', { model: MODEL, hfToken: HfToken.fromSecretRef(SecretRef.fromSecretName('hf-token'), TOKEN) }));
    expect(ref.message).toBe(`${PASTED_KEY}${KUBECTL_KEY_FIX}`);
  });
});

describe('no construct tree yet: both fixes in one text', () => {
  test('the reference made from a pasted token fails wherever it is used, with both fixes outside any construct', () => {
    const token = HfToken.fromSecret(`Bearer ${TOKEN}\n`);
    const both = `${PASTED}in a cdk8s app: ${KUBECTL_FIX}; in a Pulumi program: ${PULUMI_TOKEN_FIX}`;
    expect(validationError(() => token.envValue()).message).toBe(both);
    expect(validationError(() => token.secret).message).toBe(both);
    expect(token.key).toBe('HF_TOKEN');
  });

  test('a token given as the key: .key, .secret and .envValue() fail with both fixes', () => {
    const token = HfToken.fromSecret('hf-token-secret', TOKEN);
    const both = `${PASTED_KEY}in a cdk8s app: ${KUBECTL_KEY_FIX}; in a Pulumi program: ${PULUMI_KEY_FIX}`;
    expect(validationError(() => token.key).message).toBe(both);
    expect(validationError(() => token.secret).message).toBe(both);
    expect(validationError(() => token.envValue()).message).toBe(both);
  });

  test('the engine, once known, swaps the two for its own fix, and another engine swaps it again', () => {
    // GIVEN an error raised where no construct says the engine
    const e = invalidForEngine('p', 'must be x', '<redacted>', { cdk8s: 'fix A', pulumi: 'fix B' });
    expect(e.message).toBe('p must be x (got "<redacted>"); in a cdk8s app: fix A; in a Pulumi program: fix B');
    // WHEN / THEN each engine in turn
    expect(e._forEngine('pulumi').message).toBe('p must be x (got "<redacted>"); fix B');
    expect(e._forEngine('cdk8s').message).toBe('p must be x (got "<redacted>"); fix A');
    expect(e._forEngine('pulumi').message).toBe('p must be x (got "<redacted>"); fix B');
  });

  test('a literal credential added to a graph component after construction (the component knows no tree)', () => {
    const dgd = new DynamoGraphDeployment(chartOf(), 'g', { components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE }] });
    const e = validationError(() => dgd.component('Frontend').addEnv('HF_TOKEN', EnvValue.fromValue(TOKEN)));
    expect(e.message.endsWith(`in a cdk8s app: ${KUBECTL_HF_ENV_FIX}; in a Pulumi program: ${PULUMI_HF_ENV_FIX}`)).toBe(true);
  });

  test('a literal HF_TOKEN in an env gets the hfToken: HfToken.fromSecret fix', () => {
    const e = validationError(() => new AggregatedLlm(chartOf(), 'llm', { model: MODEL, workers: { env: { HF_TOKEN: EnvValue.fromValue(TOKEN) } } }));
    expect(e.message.endsWith('set the pattern\'s hfToken: HfToken.fromSecret("hf-token") (key HF_TOKEN), or EnvValue.fromSecret(SecretRef.fromSecretName("hf-token"), "HF_TOKEN")'))
      .toBe(true);
  });
});

describe('the engine is read from the construct tree', () => {
  test.each([
    ['a tree the Pulumi chart host marks', 'pulumi', PULUMI_TOKEN_FIX],
    ['a tree with another value', 'terraform', KUBECTL_FIX],
  ])('%s', (_tree, engine, fix) => {
    const e = validationError(() => new AggregatedLlm(chartOf(engine), 'llm', { model: MODEL, hfToken: HfToken.fromSecret(TOKEN) }));
    expect(e.message).toBe(`hfToken must name a Secret, not contain the token (got "<redacted>"); ${fix}`);
  });

  test.each([
    ['a cdk8s tree', undefined, KUBECTL_HF_ENV_FIX],
    ['a Pulumi tree', 'pulumi', PULUMI_HF_ENV_FIX],
  ])('a literal credential in a graph\'s env, component env or addEnv takes the fix of %s', (_tree, engine, fix) => {
    const graphEnv = validationError(() => new DynamoGraphDeployment(chartOf(engine), 'g', {
      env: { HF_TOKEN: EnvValue.fromValue(TOKEN) }, components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE }],
    }));
    expect(graphEnv.message.endsWith(`(got "<redacted>"); ${fix}`)).toBe(true);
    const componentEnv = validationError(() => new DynamoGraphDeployment(chartOf(engine), 'g', {
      components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE, env: { HF_TOKEN: EnvValue.fromValue(TOKEN) } }],
    }));
    expect(componentEnv.message.endsWith(`(got "<redacted>"); ${fix}`)).toBe(true);
    const dgd = new DynamoGraphDeployment(chartOf(engine), 'g', { components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE }] });
    expect(validationError(() => dgd.addEnv('HF_TOKEN', EnvValue.fromValue(TOKEN))).message.endsWith(`(got "<redacted>"); ${fix}`)).toBe(true);
  });

  test('an env credential raised inside the pattern takes the Pulumi fix on a Pulumi tree', () => {
    const e = validationError(() => new AggregatedLlm(chartOf('pulumi'), 'llm', { model: MODEL, workers: { env: { HF_TOKEN: EnvValue.fromValue(TOKEN) } } }));
    expect(e.message).toBe('workers.env.HF_TOKEN must not be a literal value: its name marks a credential, which must never be written in plain text (got "<redacted>"); '
      + PULUMI_HF_ENV_FIX);
  });
});

describe('Pulumi: the fix keeps the token in secret config', () => {
  test('a token given to HfToken.fromSecret, with config.requireSecret and never kubectl', () => {
    const e = inputPropertyError(() => new mocked.engine.AggregatedLlm('pasted', { model: MODEL, hfToken: HfToken.fromSecret(TOKEN) }));
    expect(e).toStrictEqual({ propertyPath: 'hfToken', reason: `hfToken must name a Secret, not contain the token (got "<redacted>"); ${PULUMI_TOKEN_FIX}` });
  });

  test('a token given as the key of HfToken.fromSecret, with config.requireSecret and never kubectl', () => {
    const e = inputPropertyError(() => new mocked.engine.AggregatedLlm('pasted-key', { model: MODEL, hfToken: HfToken.fromSecret('hf-token', TOKEN) }));
    expect(e).toStrictEqual({ propertyPath: 'hfToken.key', reason: `${PASTED_KEY}${PULUMI_KEY_FIX}` });
  });

  test('the token as an Output wrapped in HfToken.fromSecret: the Output itself is the arg', () => {
    const e = validationError(() => HfToken.fromSecret(pulumi.secret(TOKEN) as unknown as string));
    expect(e.message).toBe('hfToken must name a Secret, not be the token (got "a pulumi.Output"); pass the Output itself to the component, '
      + "hfToken: config.requireSecret('hfToken'), not wrapped in HfToken.fromSecret: the component keeps it in a Secret");
  });

  test('a literal HF_TOKEN in a pool\'s env', () => {
    const e = inputPropertyError(() => new mocked.engine.AggregatedLlm('env-hf', { model: MODEL, workers: { env: { HF_TOKEN: EnvValue.fromValue(TOKEN) } } }));
    expect(e.propertyPath).toBe('workers.env.HF_TOKEN');
    expect(e.reason.endsWith(PULUMI_HF_ENV_FIX)).toBe(true);
    expect(e.reason).not.toContain(TOKEN);
  });

  test('another credential in the frontend env: a Secret of the program from secret config', () => {
    const e = inputPropertyError(() => new mocked.engine.AggregatedLlm('env-db', { model: MODEL, frontend: { env: { DB_PASSWORD: EnvValue.fromValue('hunter2') } } }));
    expect(e.reason).toBe('frontend.env.DB_PASSWORD must not be a literal value: its name marks a credential, which must never be written in plain text (got "<redacted>"); '
      + 'keep it in secret config (`pulumi config set --secret dbPassword <value>`), define a k8s.core.v1.Secret with stringData: { DB_PASSWORD: config.requireSecret(\'dbPassword\') } '
      + 'and reference it: EnvValue.fromSecret(SecretRef.fromSecretName(<the Secret\'s name>), "DB_PASSWORD"); if it is not a secret, pass it with EnvValue.fromConfigMap');
  });

  test('a credential as a plain string, refused by the args check before the chart exists', () => {
    const args = { model: MODEL, workers: { env: { OPENAI_API_KEY: 'sk-plain' } } } as unknown as ConstructorParameters<typeof mocked.engine.AggregatedLlm>[1];
    const e = inputPropertyError(() => new mocked.engine.AggregatedLlm('untyped', args));
    expect(e.propertyPath).toBe('workers.env.OPENAI_API_KEY');
    expect(e.reason).toContain("stringData: { OPENAI_API_KEY: config.requireSecret('openaiApiKey') }");
    expect(e.reason).not.toContain('sk-plain');
  });

  test('a credential added in customize, on the L2 graph component', () => {
    const e = inputPropertyError(() => new mocked.engine.DynamoGraphDeployment('l2-env', {
      backend: Backend.vllm(),
      components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.4.0' }],
      customize: (dgd) => dgd.addEnv('GITHUB_TOKEN', EnvValue.fromValue('ghp_x')),
    }));
    expect(e.propertyPath).toBe('customize');
    expect(e.reason).toContain("pulumi config set --secret githubToken <value>");
  });
});

describe('the Pulumi program: the token where its stack config names a Secret', () => {
  let projects = 0;
  /** The message reading `values` as the stack config throws. */
  function configError(values: Record<string, string>): string {
    const project = `tokencfg${++projects}`;
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(values).map(([k, v]) => [`${project}:${k}`, v])), []);
    try {
      readStackConfig(new pulumi.Config(project));
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('reading the config did not fail');
  }

  test('the token as hfTokenSecretKey is refused without showing it, with the secret config that replaces it', () => {
    expect(configError({ model: MODEL, hfTokenSecretName: 'hf-token-secret', hfTokenSecretKey: TOKEN }))
      .toBe('config hfTokenSecretKey must be the key the token is stored under in the Secret, not the token (got "<redacted>"); '
        + 'run pulumi config rm hfTokenSecretKey && pulumi config rm hfTokenSecretName && pulumi config set --secret hfToken <token>: '
        + 'the component keeps the token in a Secret and sets HF_TOKEN from it; '
        + 'or, for the Secret hfTokenSecretName names, run pulumi config set hfTokenSecretKey HF_TOKEN (the key the token is stored under)');
    // Without a Secret name too: refused as the token first, never shown by the "required with" error.
    expect(configError({ model: MODEL, hfTokenSecretKey: `Bearer ${TOKEN}` }))
      .toBe('config hfTokenSecretKey must be the key the token is stored under in the Secret, not the token (got "<redacted>"); '
        + 'run pulumi config rm hfTokenSecretKey && pulumi config set --secret hfToken <token>: the component keeps the token in a Secret and sets HF_TOKEN from it');
  });

  test('a literal env value that is a token, under a name that does not mark a credential, is refused without showing it', () => {
    const message = configError({ model: MODEL, workers: JSON.stringify({ env: { HUGGINGFACE_HUB_TOKEN_VALUE: TOKEN } }) });
    expect(message.startsWith('config workers.env.HUGGINGFACE_HUB_TOKEN_VALUE must not be a literal value: it holds a Hugging Face token, '
      + 'which must never be written in plain text (got "<redacted>"); keep it in a Secret and reference it')).toBe(true);
    expect(message).not.toContain(TOKEN);
  });
});
