import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, AggregatedLlmProps, Autoscaling, ComponentType, DisaggregatedLlm, DynamoGraphDeployment, DynamoVersion, EnvValue, HfToken, ModelDownloadJob, RdmaFabric, Cloud,
  ScalingMetric, SecretRef,
} from '../lib';
import { isCredentialName } from '../lib/core/credential-env';
import { looksLikeHfToken } from '../lib/core/hf-token-pattern';
import { newChart, synthValid, validationError } from './support/synth';

const MODEL = 'Qwen/Qwen3-0.6B';
const SECRET_VALUE = 'hf_PlainTextValue0123456789';
const IMAGE = `nvcr.io/nvidia/ai-dynamo/vllm-runtime:${DynamoVersion.LATEST.version}`;

describe('which environment variable names mark a credential', () => {
  test.each([
    'HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'hf_token', 'GITHUB_TOKEN', 'TOKEN', 'CLIENT_SECRET', 'DB_PASSWORD', 'MYSQL_PASSWD',
    'OPENAI_API_KEY', 'OPENAI_APIKEY', 'AWS_SECRET_ACCESS_KEY', 'NGC_API_KEY', 'SIGNING_KEY', 'PRIVATE_KEY', 'LICENSE_KEY', 'app.secret',
  ])('%s does', (name) => {
    expect(isCredentialName(name)).toBe(true);
  });

  test.each([
    'HF_HOME', 'TOKENIZERS_PARALLELISM', 'MAX_NUM_BATCHED_TOKENS', 'DYN_ROUTER_MODE', 'NCCL_DEBUG', 'KEYBOARD', 'CACHE_KEYS', 'HF_HUB_OFFLINE',
    'NIXL_TELEMETRY_ENABLE', 'SECRETARY',
    // Dynamo's and the engines' own settings with a credential word inside, and paths to a secret (not the secret)
    'DYN_PREFILL_MAX_NEW_TOKEN_SAMPLES', 'DYN_PREFILL_MAX_KV_READ_TOKEN_SAMPLES', 'DYN_TOKEN_ECHO_DELAY_MS', 'DYN_SGL_DISAGG_CONFIG_KEY',
    'HF_TOKEN_PATH', 'PROMETHEUS_TOKEN_FILE', 'NATS_AUTH_CREDENTIALS_FILE', 'GOOGLE_APPLICATION_CREDENTIALS', 'SGLANG_WORKER_GROUP_ID_KEY', 'SSH_PUBLIC_KEY', 'sort_key',
  ])('%s does not', (name) => {
    expect(isCredentialName(name)).toBe(false);
  });
});

describe('a token pasted where HfToken.fromSecret wants a Secret name', () => {
  test.each([
    ['as is', SECRET_VALUE],
    ['with a trailing newline, as read from a file', `${SECRET_VALUE}\n`],
    ['after "Bearer "', `Bearer ${SECRET_VALUE}`],
    ['in another format (no Secret name either, so refused at the call)', 'sk-Proj_AbC123/xyz'],
  ])('%s is refused at hfToken without showing it', (_how, value) => {
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, hfToken: HfToken.fromSecret(value) }));
    expect(e.prop).toBe('hfToken');
    expect(e.message).toContain('(got "<redacted>")');
    expect(e.message).not.toContain(value.trim());
  });

  test('the token makes a reference that fails where it is used; a name of another shape throws at the call', () => {
    expect(HfToken.fromSecret(SECRET_VALUE)._pastedToken).toBe(true);
    expect(validationError(() => HfToken.fromSecret('sk-Proj_AbC123/xyz')).message).not.toContain('sk-Proj');
  });

  test('which values hold a Hugging Face token: hf_ and at least 16 letters or digits, anywhere', () => {
    expect([SECRET_VALUE, `Bearer ${SECRET_VALUE}`, `HF_TOKEN=${SECRET_VALUE}\n`].map(looksLikeHfToken)).toStrictEqual([true, true, true]);
    expect(['hf-token-secret', 'hf_token', 'HF_TOKEN', 'hf_short123', 'hf_-0123456789abcdefgh'].map(looksLikeHfToken)).toStrictEqual([false, false, false, false, false]);
  });
});

describe('a token given where HfToken wants the key in the Secret', () => {
  test.each([
    ['HfToken.fromSecret', () => HfToken.fromSecret('hf-token-secret', SECRET_VALUE)],
    ['HfToken.fromSecret, after "Bearer "', () => HfToken.fromSecret('hf-token-secret', `Bearer ${SECRET_VALUE}`)],
    ['HfToken.fromSecretRef', () => HfToken.fromSecretRef(SecretRef.fromSecretName('hf-token'), SECRET_VALUE)],
  ])('%s: the pattern refuses it at hfToken.key without showing it; no manifest is written', (_how, make) => {
    // GIVEN the reference (made without an error: it fails where it is used, where the engine is known)
    const token = make();
    // WHEN a pattern receives it
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, hfToken: token }));
    // THEN
    expect(e.prop).toBe('hfToken.key');
    expect(e.message.startsWith('hfToken.key must be the key the token is stored under in the Secret, not the token (got "<redacted>"); ')).toBe(true);
    expect(e.message).not.toContain(SECRET_VALUE);
  });

  test('the reference keeps no token and fails wherever it is used: the download Job, .key, .secret, .envValue()', () => {
    const token = HfToken.fromSecret('hf-token-secret', SECRET_VALUE);
    expect(JSON.stringify(token)).not.toContain(SECRET_VALUE);
    const uses = [
      () => new ModelDownloadJob(newChart(), 'dl', { model: MODEL, claimName: 'cache', hfToken: token }),
      () => token.key, () => token.secret, () => token.envValue(),
    ];
    for (const use of uses) {
      const e = validationError(use);
      expect(e.prop).toBe('hfToken.key');
      expect(e.message).not.toContain(SECRET_VALUE);
    }
  });

  test('EnvValue.fromSecret and fromConfigMap refuse a token as the key at the call, without showing it', () => {
    const secret = validationError(() => EnvValue.fromSecret(SecretRef.fromSecretName('hf-token'), SECRET_VALUE));
    expect(secret.message).toBe('key must be the key the value is stored under in the Secret, not a token (got "<redacted>"); name the key inside the Secret, e.g. "HF_TOKEN"');
    const configMap = validationError(() => EnvValue.fromConfigMap('settings', `Bearer ${SECRET_VALUE}`));
    expect(configMap.message).toBe('key must be the key the value is stored under in the ConfigMap, not a token (got "<redacted>"); name the key inside the ConfigMap');
  });
});

describe('a value that is not a Secret name is never shown: it may be a credential', () => {
  const untyped = (v: unknown) => v as never;
  const keda = (authenticationRef: string) => Autoscaling.keda({
    maxReplicas: 2, metrics: [ScalingMetric.queueDepth({ targetPerReplica: 1 })], prometheusServerAddress: 'http://prometheus:9090', authenticationRef,
  });
  test.each([
    ['SecretRef.fromSecretName', 'secretName', (v: string) => SecretRef.fromSecretName(v)],
    ['HfToken.fromSecretRef(SecretRef.fromSecretName(...))', 'secretName', (v: string) => HfToken.fromSecretRef(SecretRef.fromSecretName(v))],
    ['EnvValue.fromSecret, a reference', 'secret.name', (v: string) => EnvValue.fromSecret(untyped({ name: v }), 'HF_TOKEN')],
    ['EnvValue.fromSecret, a string', 'secret', (v: string) => EnvValue.fromSecret(untyped(v), 'HF_TOKEN')],
    ['imagePullSecrets, a reference', 'imagePullSecrets[0].name', (v: string) => new AggregatedLlm(newChart(), 'llm', { model: MODEL, imagePullSecrets: [untyped({ name: v })] })],
    ['imagePullSecrets, a string', 'imagePullSecrets[0]', (v: string) => new AggregatedLlm(newChart(), 'llm', { model: MODEL, imagePullSecrets: [untyped(v)] })],
    ['ingress.tlsSecret', 'ingress.tlsSecret.name', (v: string) => new AggregatedLlm(newChart(), 'llm', { model: MODEL, ingress: { host: 'llm.example.com', tlsSecret: untyped({ name: v }) } })],
    ['a KEDA authenticationRef', 'workers.autoscaling.authenticationRef', (v: string) => new AggregatedLlm(newChart(), 'llm', { model: MODEL, workers: { autoscaling: keda(v) } })],
  ])('%s', (_where, prop, use) => {
    for (const value of [SECRET_VALUE, 'sk-Proj_AbC123/xyz', `Bearer ${SECRET_VALUE}`]) {
      const e = validationError(() => use(value));
      expect(e.prop).toBe(prop);
      expect(e.message).toContain('(got "<redacted>")');
      expect(e.message).not.toContain(value);
    }
  });

  test('a Secret name given as a string where a reference belongs is shown, with the call that makes one', () => {
    const e = validationError(() => EnvValue.fromSecret('regcred' as never, 'HF_TOKEN'));
    expect(e.message).toBe('secret must be a Secret reference (an object with the Secret\'s name) (got "regcred"); use SecretRef.fromSecretName("regcred"), not the string');
  });
});

describe('a literal value for a credential in a pattern env', () => {
  test.each([
    ['workers', { workers: { env: { HF_TOKEN: EnvValue.fromValue(SECRET_VALUE) } } }, 'workers.env.HF_TOKEN'],
    ['workers, with hfToken set too', { hfToken: HfToken.fromSecret('hf-token'), workers: { env: { HF_TOKEN: EnvValue.fromValue(SECRET_VALUE) } } }, 'workers.env.HF_TOKEN'],
    ['frontend', { frontend: { env: { OPENAI_API_KEY: EnvValue.fromValue(SECRET_VALUE) } } }, 'frontend.env.OPENAI_API_KEY'],
  ])('is refused in the %s env, naming the prop and never the value', (_where, props, prop) => {
    // GIVEN / WHEN
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, ...props }));
    // THEN
    expect(e.prop).toBe(prop);
    expect(e.message).toContain('must not be a literal value: its name marks a credential');
    expect(e.message).toContain('(got "<redacted>")');
    expect(e.message).not.toContain(SECRET_VALUE);
  });

  test('the HF_TOKEN fix names hfToken and the Secret reference; another name, EnvValue.fromSecret', () => {
    const hf = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, workers: { env: { HF_TOKEN: EnvValue.fromValue(SECRET_VALUE) } } }));
    expect(hf.message).toContain('hfToken: HfToken.fromSecret("hf-token")');
    const other = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, workers: { env: { DB_PASSWORD: EnvValue.fromValue('x') } } }));
    expect(other.message).toContain('EnvValue.fromSecret(SecretRef.fromSecretName("<secret>"), "DB_PASSWORD")');
  });

  test('is refused in the prefill and decode env of a disaggregated graph', () => {
    const base = { model: MODEL, cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/shared_ib' } }) };
    const prefill = validationError(() => new DisaggregatedLlm(newChart(), 'llm', {
      ...base, prefill: { env: { CLIENT_SECRET: EnvValue.fromValue('s') } }, decode: {},
    }));
    expect(prefill.prop).toBe('prefill.env.CLIENT_SECRET');
    const decode = validationError(() => new DisaggregatedLlm(newChart(), 'llm', {
      ...base, prefill: {}, decode: { env: { NGC_API_KEY: EnvValue.fromValue('s') } },
    }));
    expect(decode.prop).toBe('decode.env.NGC_API_KEY');
  });

  test('a Secret reference, and literals under other names, are accepted; no literal credential reaches the manifests', () => {
    // GIVEN
    const chart = newChart();
    // WHEN
    new AggregatedLlm(chart, 'llm', {
      model: MODEL,
      workers: { env: { HF_TOKEN: EnvValue.fromSecret(SecretRef.fromSecretName('hf-token'), 'HF_TOKEN'), TOKENIZERS_PARALLELISM: EnvValue.fromValue('false') } },
    });
    // THEN
    const worker = JSON.stringify(synthValid(chart));
    expect(worker).toContain('"name":"HF_TOKEN","valueFrom":{"secretKeyRef":{"key":"HF_TOKEN","name":"hf-token"}}');
    expect(worker).toContain('"name":"TOKENIZERS_PARALLELISM","value":"false"');
  });
});

describe('a literal env value that is a Hugging Face token, whatever its name', () => {
  test('is refused in a pattern env and in the graph env, without showing it', () => {
    const pattern = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, workers: { env: { HUGGINGFACE_HUB_TOKEN_VALUE: EnvValue.fromValue(SECRET_VALUE) } } }));
    expect(pattern.prop).toBe('workers.env.HUGGINGFACE_HUB_TOKEN_VALUE');
    expect(pattern.message.startsWith('workers.env.HUGGINGFACE_HUB_TOKEN_VALUE must not be a literal value: it holds a Hugging Face token, '
      + 'which must never be written in plain text (got "<redacted>"); keep it in a Secret and reference it')).toBe(true);
    const graph = validationError(() => new DynamoGraphDeployment(newChart(), 'g', {
      env: { MY_VAR: EnvValue.fromValue(`Bearer ${SECRET_VALUE}`) }, components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE }],
    }));
    expect(graph.prop).toBe('env.MY_VAR');
    expect(graph.message).not.toContain(SECRET_VALUE);
  });

  test('as a plain string from an untyped caller, is not echoed in the EnvValue.fromValue fix', () => {
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, workers: { env: { MY_VAR: SECRET_VALUE as never } } }));
    expect(e.prop).toBe('workers.env.MY_VAR');
    expect(e.message).toContain('(got "<redacted>")');
    expect(e.message).not.toContain(SECRET_VALUE);
  });
});

describe('a Hugging Face token in command-line arguments', () => {
  test.each<[string, Partial<AggregatedLlmProps>, string]>([
    ['workers', { workers: { extraArgs: ['--hf-token', SECRET_VALUE] } }, 'workers.extraArgs[1]'],
    ['frontend', { frontend: { extraArgs: ['--header', `Authorization: Bearer ${SECRET_VALUE}`] } }, 'frontend.extraArgs[1]'],
  ])('is refused in %s extraArgs, naming the argument and never showing it', (_where, props, prop) => {
    // GIVEN / WHEN a token passed as an engine flag
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, ...props }));
    // THEN
    expect(e.prop).toBe(prop);
    expect(e.message.startsWith(`${prop} must not hold a Hugging Face token, which must never be written in plain text (got "<redacted>"); keep the token in a Secret`)).toBe(true);
    expect(e.message).not.toContain(SECRET_VALUE);
  });

  test("is refused by a graph component's addArgs (L2), while an argument that only names a token file passes", () => {
    const dgd = new DynamoGraphDeployment(newChart(), 'g', { components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE }] });
    const e = validationError(() => dgd.component('Frontend').addArgs('--hf-token', SECRET_VALUE));
    expect(e.prop).toBe('args[1]');
    expect(e.message).not.toContain(SECRET_VALUE);
    expect(() => dgd.component('Frontend').addArgs('--hf-token-file', '/secrets/hf_token')).not.toThrow();
  });
});

describe('a literal value for a credential in the graph (L2)', () => {
  test('is refused in the graph-level env and by the graph\'s addEnv (also reachable from a pattern\'s dgd)', () => {
    const inProps = validationError(() => new DynamoGraphDeployment(newChart(), 'g', {
      env: { HF_TOKEN: EnvValue.fromValue(SECRET_VALUE) }, components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE }],
    }));
    expect(inProps.prop).toBe('env.HF_TOKEN');
    expect(inProps.message).not.toContain(SECRET_VALUE);
    const llm = new AggregatedLlm(newChart(), 'llm', { model: MODEL });
    expect(validationError(() => llm.dgd.addEnv('OPENAI_API_KEY', EnvValue.fromValue('sk-123'))).prop).toBe('env.OPENAI_API_KEY');
  });

  test('is refused in a component env and by addEnv', () => {
    const inProps = validationError(() => new DynamoGraphDeployment(newChart(), 'g', {
      components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE, env: { API_TOKEN: EnvValue.fromValue('t') } }],
    }));
    expect(inProps.prop).toBe('components[Frontend].env.API_TOKEN');
    const dgd = new DynamoGraphDeployment(newChart(), 'g2', { components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: IMAGE }] });
    const added = validationError(() => dgd.component('Frontend').addEnv('HF_TOKEN', EnvValue.fromValue('t')));
    expect(added.prop).toBe('components[Frontend].env.HF_TOKEN');
  });
});
