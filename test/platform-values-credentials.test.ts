import { describe, expect, test } from 'vitest';
import { DynamoPlatform, DynamoPlatformProps, PlatformDelivery } from '../lib';
import { checkHelmValues, isLiteralCredential } from '../lib/platform/merge-values';
import { newChart, validationError } from './support/synth';

// GIVEN/WHEN/THEN for the `values` escape hatches of DynamoPlatform: a credential must only ever be
// referenced (a Secret's name), never written into the HelmRelease, Application or Pulumi Release.

/** A value that must never appear in a message (test data, not a real credential). */
const LITERAL = 'hunter2-not-a-real-password';
const FIX = 'keep it in a Secret and reference the Secret instead: the chart\'s value that names an existing Secret (for the Dynamo operator\'s registry, '
  + 'dynamo-operator.dynamo.dockerRegistry.existingSecretName; many charts call it existingSecret), or imagePullSecrets for registry credentials';
const message = (prop: string) => `${prop} must not be a literal credential: Helm values are written as they are into the HelmRelease or Application (and the Git repository `
  + `that holds it) or into the Pulumi Release's inputs, and a credential must only ever be referenced (got "a literal credential"); ${FIX}`;

describe('which Helm values keys hold a literal credential', () => {
  test.each([
    'password', 'adminPassword', 'token', 'bearerToken', 'secret', 'clientSecret', 'client_secret', 'apiKey', 'api_key', 'privateKey', 'secretAccessKey',
    'webhookSecret', 'HF_TOKEN',
  ])('%s does', (key) => {
    expect(isLiteralCredential(key, LITERAL)).toBe(true);
  });

  test.each([
    // the name of a Secret, of a key in it, or of a file holding the credential
    'existingSecret', 'existingSecretName', 'secretName', 'tlsSecretName', 'tlsSecret', 'imagePullSecret', 'caSecret', 'passwordSecret', 'envFromSecret',
    'secretRef', 'passwordKey', 'userKey', 'tokenFile', 'username', 'key', 'server', 'existingSecretPassword',
  ])('%s does not', (key) => {
    expect(isLiteralCredential(key, LITERAL)).toBe(false);
  });

  test('an empty string sets nothing; a Hugging Face token is one whatever the key', () => {
    expect(isLiteralCredential('password', '')).toBe(false);
    expect(isLiteralCredential('extraArgs', 'hf_abcdefghijklmnop0123')).toBe(true);
    expect(isLiteralCredential(undefined, 'hf_abcdefghijklmnop0123')).toBe(true);
  });
});

describe('checkHelmValues refuses a literal credential, naming the path and never the value', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['a password', { a: { password: LITERAL } }, 'v.a.password'],
    ['a camelCase key', { grafana: { adminPassword: LITERAL } }, 'v.grafana.adminPassword'],
    ['a key with a dash on the way', { 'dynamo-operator': { dynamo: { dockerRegistry: { password: LITERAL } } } }, 'v["dynamo-operator"].dynamo.dockerRegistry.password'],
    ['an item of a list under a credential key', { auth: { token: [LITERAL] } }, 'v.auth.token[0]'],
    ['an environment variable named as a credential', { env: [{ name: 'DB_PASSWORD', value: LITERAL }] }, 'v.env[0].value'],
    ['a Hugging Face token under any key', { args: ['--hf-token', 'hf_abcdefghijklmnop0123'] }, 'v.args[1]'],
  ])('%s', (_, values, prop) => {
    // WHEN
    const e = validationError(() => checkHelmValues('v', values));
    // THEN
    expect(e.prop).toBe(prop);
    expect(e.message).toBe(message(prop));
    expect(e.message).not.toContain(LITERAL);
  });

  test('Secret references, empty strings and nulls pass', () => {
    expect(() => checkHelmValues('v', {
      'dynamo-operator': { dynamo: { dockerRegistry: { useKubernetesSecret: true, existingSecretName: 'ngc-registry', password: '' } } },
      'grafana': { admin: { existingSecret: 'grafana-admin', passwordKey: 'admin-password' }, adminPassword: null },
      'imagePullSecrets': [{ name: 'ngc-registry' }],
      'env': [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }, { name: 'LOG_LEVEL', value: 'debug' }],
      'tolerations': [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    })).not.toThrow();
  });
});

describe('DynamoPlatform: a literal credential in values', () => {
  test.each<[string, DynamoPlatformProps, string]>([
    ['the platform chart\'s registry password', { values: { 'dynamo-operator': { dynamo: { dockerRegistry: { password: LITERAL } } } } },
      'values["dynamo-operator"].dynamo.dockerRegistry.password'],
    ['Grafana\'s admin password', { kubePrometheusStack: { values: { grafana: { adminPassword: LITERAL } } } }, 'kubePrometheusStack.values.grafana.adminPassword'],
    ['an extra chart\'s token', { charts: [{ id: 'cm', repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.19.1', namespace: 'cert-manager', values: { token: LITERAL } }] },
      'charts[0].values.token'],
  ])('%s is refused under the prop the user wrote', (_, props, prop) => {
    // WHEN
    const e = validationError(() => new DynamoPlatform(newChart(null), 'platform', { delivery: PlatformDelivery.flux(), ...props }));
    // THEN
    expect(e.prop).toBe(prop);
    expect(e.message).toContain(`${prop} must not be a literal credential`);
    expect(e.message).not.toContain(LITERAL);
  });
});
