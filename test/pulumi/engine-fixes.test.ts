import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { AggregatedLlm, Backend, ComponentType, DynamoValidationError, EnvValue, HfToken } from '../../lib';
import { ENGINE_CONTEXT_KEY } from '../../lib/core/engine';
import { inputPropertyError, mockedEngine } from '../support/pulumi';

// A credential pasted where a reference belongs is refused in both engines; the fix is the engine's:
// a Secret made out of band (`kubectl create secret`) in cdk8s, secret config (`config.requireSecret`)
// in Pulumi. The engine is a context key of the construct tree (set by the Pulumi chart host), or,
// for an error raised before the component's chart exists, the Pulumi component's own error report.

const TOKEN = 'hf_EngineToken0123456789abcdefgh';
const MODEL = 'Qwen/Qwen3-0.6B';
const KUBECTL_FIX = 'create the Secret out of band (kubectl create secret generic hf-token-secret --from-literal=HF_TOKEN=...) and pass its name; never put the token in code';
const PULUMI_TOKEN_FIX = "pass the token itself from secret config, hfToken: config.requireSecret('hfToken') (set with `pulumi config set --secret hfToken <token>`), "
  + 'and the component keeps it in a Secret; HfToken.fromSecret is for the name of a Secret that exists';
const PULUMI_HF_ENV_FIX = "give AggregatedLlm or DisaggregatedLlm the token from secret config, hfToken: config.requireSecret('hfToken') "
  + '(set with `pulumi config set --secret hfToken <token>`): the component keeps it in a Secret and sets HF_TOKEN from it; for a DynamoGraphDeployment, '
  + "define a k8s.core.v1.Secret with stringData: { HF_TOKEN: config.requireSecret('hfToken') } and reference it with EnvValue.fromSecret";

const mocked = mockedEngine();

/** The DynamoValidationError `fn` throws. */
function validationError(fn: () => unknown): DynamoValidationError {
  try {
    fn();
  } catch (e) {
    if (DynamoValidationError.isDynamoValidationError(e)) return e;
    throw e;
  }
  throw new Error('nothing was thrown');
}

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

  test('the reference made from a pasted token fails wherever it is used, with the cdk8s fix outside any construct', () => {
    const token = HfToken.fromSecret(`Bearer ${TOKEN}\n`);
    expect(() => token.envValue()).toThrow(KUBECTL_FIX);
    expect(() => token.secret).toThrow(KUBECTL_FIX);
    expect(token.key).toBe('HF_TOKEN');
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
