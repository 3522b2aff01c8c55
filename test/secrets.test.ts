import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, ComponentType, DisaggregatedLlm, DynamoGraphDeployment, DynamoVersion, EnvValue, HfToken, RdmaFabric, Cloud, SecretRef,
} from '../lib';
import { isCredentialName } from '../lib/core/credential-env';
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
    ['in another format (no Secret name either)', 'sk-Proj_AbC123/xyz'],
  ])('%s is refused at hfToken without showing it, when the pattern receives it', (_how, value) => {
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, hfToken: HfToken.fromSecret(value) }));
    expect(e.prop).toBe('hfToken');
    expect(e.message).toContain('(got "<redacted>")');
    expect(e.message).not.toContain(value.trim());
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
