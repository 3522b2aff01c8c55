import { Chart } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { AggregatedLlm, AggregatedLlmProps, Backend, Cloud, CloudContext, EndpointAccess, IngressApi, SecretRef } from '../lib';
import { AccessFeature } from '../lib/access/access-feature';
import { Manifest, newChart, only, synthValid, validationError } from './support/synth';

const TLS = { host: 'llm.example.com', tlsSecret: SecretRef.fromSecretName('llm-tls') };
const TARGET = { serviceName: 'qwen-frontend', port: 8000, healthPath: '/health' };
const JWT = { issuer: 'https://login.example.com/', audiences: ['llm'], jwksUri: 'https://login.example.com/.well-known/jwks.json' };

/** An aggregated deployment on `cloud`, in a new chart. */
function build(cloud: Cloud, extra: Partial<AggregatedLlmProps>): AggregatedLlm {
  const workers = cloud.id === 'gke' ? { machineType: 'g2-standard-24', gpus: 2 } : cloud.id === 'aks' ? { machineType: 'Standard_NC24ads_A100_v4' } : {};
  return new AggregatedLlm(newChart(), 'qwen', { model: 'Qwen/Qwen3-8B', backend: Backend.vllm(), cloud, workers, ...extra });
}

/** An aggregated deployment on `cloud`, synthesized and validated strictly. */
function deploy(cloud: Cloud, extra: Partial<AggregatedLlmProps>): Manifest[] {
  return synthValid(Chart.of(build(cloud, extra)));
}

/** The endpoint card's warnings that `access` adds, beyond the one every access gets (in-cluster callers bypass it). */
function accessWarnings(cloud: () => Cloud, extra: Partial<AggregatedLlmProps>): readonly string[] {
  const without = build(cloud(), { ...extra, access: undefined }).endpointCard.warnings;
  return build(cloud(), extra).endpointCard.warnings.filter((w) => !without.includes(w) && !w.startsWith('access is enforced at the gateway only'));
}

const gke = (extra: Partial<AggregatedLlmProps>) => deploy(Cloud.gke(), extra);
const aks = (extra: Partial<AggregatedLlmProps>) => deploy(Cloud.aks(), extra);

/** The message of the DynamoValidationError `f` throws. */
function message(f: () => unknown): string {
  return validationError(f).message;
}

describe('Cloud.gke(): IAP and Cloud Armor on the GCPBackendPolicy', () => {
  test('EndpointAccess.iap() with the Google-managed client enables IAP next to the timeout', () => {
    // GIVEN / WHEN
    const objs = gke({ ingress: TLS, access: EndpointAccess.iap() });
    // THEN
    expect(only(objs, 'GCPBackendPolicy').spec).toStrictEqual({
      default: { timeoutSec: 300, iap: { enabled: true } },
      targetRef: { group: '', kind: 'Service', name: 'qwen-frontend' },
    });
  });

  test('a custom OAuth client is referenced by id and Secret name; a Cloud Armor policy by name', () => {
    // GIVEN / WHEN
    const objs = gke({
      ingress: TLS,
      access: EndpointAccess.iap({ clientId: '123-abc.apps.googleusercontent.com', oauth2ClientSecret: SecretRef.fromSecretName('iap-oauth'), cloudArmorPolicy: 'llm-armor' }),
    });
    // THEN
    expect(only(objs, 'GCPBackendPolicy').spec.default).toStrictEqual({
      timeoutSec: 300,
      iap: { enabled: true, clientID: '123-abc.apps.googleusercontent.com', oauth2ClientSecret: { name: 'iap-oauth' } },
      securityPolicy: 'llm-armor',
    });
  });

  test('EndpointAccess.open with a Cloud Armor policy alone works over HTTP', () => {
    // GIVEN / WHEN
    const objs = gke({ ingress: {}, access: EndpointAccess.open({ cloudArmorPolicy: 'llm-armor' }) });
    // THEN
    expect(only(objs, 'GCPBackendPolicy').spec.default).toStrictEqual({ timeoutSec: 300, securityPolicy: 'llm-armor' });
  });

  test('without access the GCPBackendPolicy is unchanged', () => {
    // GIVEN / WHEN
    const objs = gke({ ingress: {} });
    // THEN
    expect(only(objs, 'GCPBackendPolicy').spec.default).toStrictEqual({ timeoutSec: 300 });
  });

  test('IAP is accepted on the internal class; Cloud Armor is refused on it and on the regional external class', () => {
    // GIVEN / WHEN
    const internal = gke({ ingress: { ...TLS, internal: true }, access: EndpointAccess.iap() });
    // THEN
    expect(only(internal, 'GCPBackendPolicy').spec.default.iap).toStrictEqual({ enabled: true });
    expect(message(() => gke({ ingress: { internal: true }, access: EndpointAccess.open({ cloudArmorPolicy: 'llm-armor' }) }))).toBe(
      'access.cloudArmorPolicy asks for a Cloud Armor security policy, which the GKE Gateway (gke-l7-rilb) of Cloud.gke() does not enforce (got "llm-armor"); '
      + 'it is enforced by the external GKE Gateway of Cloud.gke() (its default class gke-l7-global-external-managed)');
    expect(message(() => gke({ ingress: { className: 'gke-l7-regional-external-managed' }, access: EndpointAccess.open({ cloudArmorPolicy: 'llm-armor' }) })))
      .toContain('which the GKE Gateway (gke-l7-regional-external-managed) of Cloud.gke() does not enforce');
  });

  test('IAP needs ingress.host (HTTPS), and the error names ingress.host', () => {
    // GIVEN / WHEN
    const e = validationError(() => gke({ ingress: {}, access: EndpointAccess.iap() }));
    // THEN
    expect([e.prop, e.message]).toStrictEqual(['ingress.host',
      'ingress.host is required with access EndpointAccess.iap on Cloud.gke(): Identity-Aware Proxy signs users in and accepts their tokens over HTTPS only (got undefined); '
      + 'set ingress.host and ingress.tlsSecret (a kubernetes.io/tls Secret, e.g. issued by cert-manager) so the Gateway serves HTTPS']);
  });

  test.each([
    ['IAP', EndpointAccess.iap(), TLS],
    ['Cloud Armor', EndpointAccess.open({ cloudArmorPolicy: 'llm-armor' }), {}],
  ])('with %s, the HTTPRoute is applied after the GCPBackendPolicy', (_name, access, ingress) => {
    // GIVEN / WHEN
    const objs = gke({ ingress, access });
    // THEN
    const at = (kind: string) => objs.findIndex((o) => o.kind === kind);
    expect(at('GCPBackendPolicy')).toBeGreaterThanOrEqual(0);
    expect(at('GCPBackendPolicy')).toBeLessThan(at('HTTPRoute'));
  });

  test('the endpoint card warns that programs cannot use the Google-managed OAuth client, only without clientId', () => {
    // GIVEN / WHEN
    const managed = accessWarnings(Cloud.gke, { ingress: TLS, access: EndpointAccess.iap() });
    const custom = accessWarnings(Cloud.gke, {
      ingress: TLS,
      access: EndpointAccess.iap({ clientId: '123-abc.apps.googleusercontent.com', oauth2ClientSecret: SecretRef.fromSecretName('iap-oauth') }),
    });
    const armor = accessWarnings(Cloud.gke, { ingress: {}, access: EndpointAccess.open({ cloudArmorPolicy: 'llm-armor' }) });
    // THEN
    expect(managed).toStrictEqual([
      'Identity-Aware Proxy uses the Google-managed OAuth client (no access.clientId), which programs cannot sign in with: '
      + 'list an OAuth client in IAP\'s programmatic_clients setting or have programs send a service-account-signed JWT, or set access.clientId and access.oauth2ClientSecret',
    ]);
    expect([custom, armor]).toStrictEqual([[], []]);
    // AND accessSupport without access has no warnings
    expect(Cloud.gke().profile.accessSupport(TLS).warnings).toBeUndefined();
  });

  test('what the GKE Gateway cannot enforce is refused, naming the prop and an implementation that can', () => {
    // GIVEN access the GKE Gateway does not enforce WHEN deploying THEN the pattern refuses it
    const apiKeys = message(() => gke({ ingress: TLS, access: EndpointAccess.apiKeys({ secret: SecretRef.fromSecretName('llm-keys') }) }));
    expect(apiKeys).toMatch(/^access asks for client API keys \(EndpointAccess\.apiKeys\), which the GKE Gateway of Cloud\.gke\(\) does not enforce/);
    expect(apiKeys).toContain('IngressController.envoyGateway()');
    const ranges = message(() => gke({ ingress: {}, access: EndpointAccess.open({ allowedSourceRanges: ['203.0.113.0/24'] }) }));
    expect(ranges).toMatch(/^access\.allowedSourceRanges asks for a source CIDR allow list, which the GKE Gateway of Cloud\.gke\(\) does not enforce/);
    expect(ranges).toContain('Cloud Armor policy (access.cloudArmorPolicy)');
    expect(message(() => gke({ ingress: {}, access: EndpointAccess.jwt(JWT) }))).toMatch(/^access asks for JWT validation/);
    expect(message(() => gke({ ingress: {}, access: EndpointAccess.open({ requestsPerMinute: 600 }) }))).toMatch(/^access\.requestsPerMinute asks for a per-client request limit/);
  });

  test('addIngress called without the pattern refuses a feature the GKE Gateway does not enforce', () => {
    // GIVEN the profile called directly, with JWT
    const ctx: CloudContext = { scope: newChart(), dgdName: 'qwen', namespace: 'llm', dynamoNamespace: 'llm-qwen', allowTcpKvTransfer: false, pools: [] };
    // WHEN / THEN it refuses rather than emit an unprotected Gateway
    const e = validationError(() => Cloud.gke().profile.addIngress(ctx, TLS, TARGET, EndpointAccess.jwt(JWT)));
    expect([e.prop, e.message]).toStrictEqual(['access', expect.stringMatching(/^access asks for JWT validation \(EndpointAccess\.jwt\), which the GKE Gateway of Cloud\.gke\(\) does not enforce/)]);
  });

  test('accessSupport lists IAP and Cloud Armor on the default class', () => {
    // GIVEN / WHEN
    const support = Cloud.gke().profile.accessSupport({});
    // THEN
    expect([support.enforcer, support.features.map(String)]).toStrictEqual(['the GKE Gateway of Cloud.gke()', ['iap', 'cloudArmorPolicy']]);
  });
});

describe('Cloud.aks(): the app routing Gateway (approuting-istio)', () => {
  test('allowedSourceRanges go to the generated Service through a per-Gateway ConfigMap', () => {
    // GIVEN / WHEN
    const objs = aks({ ingress: {}, access: EndpointAccess.open({ allowedSourceRanges: ['203.0.113.0/24', '2001:db8::/32'] }) });
    // THEN
    expect(only(objs, 'ConfigMap')).toStrictEqual({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'qwen-frontend', namespace: 'llm' },
      data: { service: 'spec:\n  loadBalancerSourceRanges:\n  - "203.0.113.0/24"\n  - "2001:db8::/32"\n' },
    });
    const gateway = only(objs, 'Gateway');
    expect(gateway.spec.gatewayClassName).toBe('approuting-istio');
    expect(gateway.spec.infrastructure).toStrictEqual({ parametersRef: { group: '', kind: 'ConfigMap', name: 'qwen-frontend' } });
    // AND the ConfigMap is applied before the Gateway that references it
    expect(objs.findIndex((o) => o.kind === 'ConfigMap')).toBeLessThan(objs.findIndex((o) => o.kind === 'Gateway'));
    expect(objs.filter((o) => o.apiVersion === 'security.istio.io/v1')).toStrictEqual([]);
  });

  test('without access the Gateway has no infrastructure and no ConfigMap is made', () => {
    // GIVEN / WHEN
    const objs = aks({ ingress: {} });
    // THEN
    expect(only(objs, 'Gateway').spec.infrastructure).toBeUndefined();
    expect(objs.filter((o) => o.kind === 'ConfigMap')).toStrictEqual([]);
  });

  test('JWT and request limits are refused, naming the Istio add-on or a gateway that can', () => {
    // GIVEN / WHEN / THEN
    const jwt = message(() => aks({ ingress: {}, access: EndpointAccess.jwt(JWT) }));
    expect(jwt).toMatch(/^access asks for JWT validation \(EndpointAccess\.jwt\), which the app routing Gateway \(approuting-istio\) of Cloud\.aks\(\) does not enforce \(got "EndpointAccess\.jwt"\)/);
    expect(jwt).toContain('IngressController.envoyGateway()');
    expect(message(() => aks({ ingress: {}, access: EndpointAccess.open({ requestsPerMinute: 600 }) })))
      .toMatch(/^access\.requestsPerMinute asks for a per-client request limit, which the app routing Gateway \(approuting-istio\) of Cloud\.aks\(\) does not enforce \(got 600\)/);
    expect(message(() => aks({ ingress: {}, access: EndpointAccess.iap() }))).toContain('it is enforced by the GKE Gateway of Cloud.gke()');
  });
});

describe('Cloud.aks(): the Istio add-on Gateway (className istio)', () => {
  test('JWT: a RequestAuthentication and an AuthorizationPolicy requiring a token, both on the Gateway; ranges on the Service', () => {
    // GIVEN / WHEN
    const objs = aks({ ingress: { className: 'istio' }, access: EndpointAccess.jwt({ ...JWT, allowedSourceRanges: ['203.0.113.0/24'] }) });
    // THEN
    const targetRefs = [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'qwen-frontend' }];
    const metadata = { name: 'qwen-frontend', namespace: 'llm' };
    expect(only(objs, 'RequestAuthentication')).toStrictEqual({
      apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata,
      spec: { targetRefs, jwtRules: [{ issuer: 'https://login.example.com/', audiences: ['llm'], jwksUri: 'https://login.example.com/.well-known/jwks.json' }] },
    });
    expect(only(objs, 'AuthorizationPolicy')).toStrictEqual({
      apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata,
      spec: { targetRefs, action: 'ALLOW', rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] },
    });
    expect(only(objs, 'ConfigMap').data).toStrictEqual({ service: 'spec:\n  loadBalancerSourceRanges:\n  - "203.0.113.0/24"\n' });
    const gateway = only(objs, 'Gateway');
    expect(gateway.spec.gatewayClassName).toBe('istio');
    expect(gateway.spec.infrastructure.parametersRef.name).toBe('qwen-frontend');
    // AND the policies are applied before the Gateway
    const at = (kind: string) => objs.findIndex((o) => o.kind === kind);
    expect(Math.max(at('RequestAuthentication'), at('AuthorizationPolicy'), at('ConfigMap'))).toBeLessThan(at('Gateway'));
  });

  test('JWT alone adds no ConfigMap and leaves the Gateway infrastructure unset', () => {
    // GIVEN / WHEN
    const objs = aks({ ingress: { className: 'istio' }, access: EndpointAccess.jwt(JWT) });
    // THEN
    expect(objs.filter((o) => o.kind === 'ConfigMap')).toStrictEqual([]);
    expect(only(objs, 'Gateway').spec.infrastructure).toBeUndefined();
  });

  test('the endpoint card warns that JWTs travel over plain HTTP without ingress.host, and not with it', () => {
    // GIVEN / WHEN
    const http = accessWarnings(Cloud.aks, { ingress: { className: 'istio' }, access: EndpointAccess.jwt(JWT) });
    const https = accessWarnings(Cloud.aks, { ingress: { ...TLS, className: 'istio' }, access: EndpointAccess.jwt(JWT) });
    const ranges = accessWarnings(Cloud.aks, { ingress: { className: 'istio' }, access: EndpointAccess.open({ allowedSourceRanges: ['203.0.113.0/24'] }) });
    // THEN
    expect(http).toStrictEqual(['without ingress.host the Istio add-on Gateway listens on plain HTTP, so tokens travel unencrypted: set ingress.host and ingress.tlsSecret']);
    expect([https, ranges]).toStrictEqual([[], []]);
  });

  test('API keys and token limits are refused', () => {
    // GIVEN / WHEN / THEN
    expect(message(() => aks({ ingress: { className: 'istio' }, access: EndpointAccess.apiKeys({ secret: SecretRef.fromSecretName('llm-keys') }) })))
      .toMatch(/^access asks for client API keys \(EndpointAccess\.apiKeys\), which the Istio add-on Gateway of Cloud\.aks\(\) does not enforce/);
    expect(message(() => aks({ ingress: { className: 'istio' }, access: EndpointAccess.jwt({ ...JWT, tokensPerMinute: 1000 }) })))
      .toMatch(/^access\.tokensPerMinute asks for a per-client LLM token limit, which the Istio add-on Gateway of Cloud\.aks\(\) does not enforce \(got 1000\); it is enforced by IngressController\.envoyAiGateway\(\)/);
  });

  test('addIngress called without the pattern refuses a feature the Gateway does not enforce', () => {
    // GIVEN the profile called directly
    const ctx = (): CloudContext => ({ scope: newChart(), dgdName: 'qwen', namespace: 'llm', dynamoNamespace: 'llm-qwen', allowTcpKvTransfer: false, pools: [] });
    // WHEN / THEN JWT on the app routing Gateway and API keys on the Istio add-on are refused, naming the enforcer
    const jwt = validationError(() => Cloud.aks().profile.addIngress(ctx(), {}, TARGET, EndpointAccess.jwt(JWT)));
    expect([jwt.prop, jwt.message]).toStrictEqual(['access',
      expect.stringMatching(/^access asks for JWT validation \(EndpointAccess\.jwt\), which the app routing Gateway \(approuting-istio\) of Cloud\.aks\(\) does not enforce/)]);
    const keys = validationError(() => Cloud.aks().profile.addIngress(ctx(), { className: 'istio' }, TARGET, EndpointAccess.apiKeys({ secret: SecretRef.fromSecretName('llm-keys') })));
    expect(keys.message).toMatch(/^access asks for client API keys \(EndpointAccess\.apiKeys\), which the Istio add-on Gateway of Cloud\.aks\(\) does not enforce/);
    // AND what it enforces still binds
    expect(Cloud.aks().profile.addIngress(ctx(), { className: 'istio' }, TARGET, EndpointAccess.jwt(JWT)).map((o) => o.kind))
      .toStrictEqual(['Gateway', 'HTTPRoute', 'RequestAuthentication', 'AuthorizationPolicy']);
  });

  test('another GatewayClass enforces nothing', () => {
    // GIVEN / WHEN / THEN
    expect(message(() => aks({ ingress: { className: 'azure-alb-external' }, access: EndpointAccess.open({ allowedSourceRanges: ['203.0.113.0/24'] }) })))
      .toMatch(/^access\.allowedSourceRanges asks for a source CIDR allow list, which the Gateway API implementation of GatewayClass azure-alb-external on Cloud\.aks\(\) \(one the library does not know\) does not enforce/);
  });
});

describe('Cloud.aks(): the app routing NGINX Ingress', () => {
  test('allowedSourceRanges and requestsPerMinute become ingress-nginx annotations', () => {
    // GIVEN / WHEN
    const objs = aks({
      ingress: { api: IngressApi.INGRESS, annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' } },
      access: EndpointAccess.open({ allowedSourceRanges: ['203.0.113.0/24', '198.51.100.0/24'], requestsPerMinute: 600 }),
    });
    // THEN
    expect(only(objs, 'Ingress').metadata.annotations).toStrictEqual({
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '300',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '300',
      'nginx.ingress.kubernetes.io/allowlist-source-range': '203.0.113.0/24,198.51.100.0/24',
      'nginx.ingress.kubernetes.io/limit-rpm': '600',
      'nginx.ingress.kubernetes.io/proxy-body-size': '8m',
    });
  });

  test('the endpoint card warns that NGINX limits count per client IP and replica and answer 503, only with requestsPerMinute', () => {
    // GIVEN / WHEN
    const limited = accessWarnings(Cloud.aks, { ingress: { api: IngressApi.INGRESS }, access: EndpointAccess.open({ requestsPerMinute: 600 }) });
    const ranges = accessWarnings(Cloud.aks, { ingress: { api: IngressApi.INGRESS }, access: EndpointAccess.open({ allowedSourceRanges: ['203.0.113.0/24'] }) });
    // THEN
    expect(limited).toStrictEqual([
      'NGINX counts access.requestsPerMinute per client IP and per NGINX replica (N replicas let N times the limit through) and answers excess requests with 503, not 429, '
      + 'which app routing does not let you change: size the limit for the replicas and have clients retry on 503, or use IngressController.envoyGateway() (set ingress.controller)',
    ]);
    expect(ranges).toStrictEqual([]);
    expect(Cloud.aks().profile.accessSupport({ api: IngressApi.INGRESS })).toStrictEqual({
      enforcer: 'the app routing NGINX Ingress of Cloud.aks()', features: [AccessFeature.SOURCE_RANGES, AccessFeature.REQUESTS_PER_MINUTE],
    });
  });

  test('the user may not set the allow list or limit annotations next to access', () => {
    // GIVEN / WHEN / THEN
    const access = EndpointAccess.open({ requestsPerMinute: 600 });
    expect(message(() => aks({ ingress: { api: IngressApi.INGRESS, annotations: { 'nginx.ingress.kubernetes.io/whitelist-source-range': '10.0.0.0/8' } }, access }))).toBe(
      'ingress.annotations must not set nginx.ingress.kubernetes.io/whitelist-source-range with access (the library sets the allow list and the request limit from it) '
      + '(got "nginx.ingress.kubernetes.io/whitelist-source-range"); set access.allowedSourceRanges or access.requestsPerMinute instead, and remove the annotation');
  });

  test('token limits and JWT are refused, naming the NGINX Ingress plainly', () => {
    // GIVEN / WHEN / THEN
    const tokens = message(() => aks({ ingress: { api: IngressApi.INGRESS }, access: EndpointAccess.open({ tokensPerMinute: 1000 }) }));
    expect(tokens).toMatch(/^access\.tokensPerMinute asks for a per-client LLM token limit, which the app routing NGINX Ingress of Cloud\.aks\(\) does not enforce \(got 1000\); /);
    expect(tokens).toContain('IngressController.envoyAiGateway()');
    expect(message(() => aks({ ingress: { api: IngressApi.INGRESS }, access: EndpointAccess.jwt(JWT) }))).toMatch(/^access asks for JWT validation .* the app routing NGINX Ingress of Cloud\.aks\(\)/);
  });
});

describe('Cloud.generic()', () => {
  test('enforces nothing, and says its ingress controller is unknown', () => {
    // GIVEN / WHEN / THEN
    expect(message(() => deploy(Cloud.generic(), { ingress: {}, access: EndpointAccess.open({ allowedSourceRanges: ['203.0.113.0/24'] }) }))).toMatch(
      /^access\.allowedSourceRanges asks for a source CIDR allow list, which the ingress controller of Cloud\.generic\(\) \(one the library does not know\) does not enforce \(got \["203\.0\.113\.0\/24"\]\); it is enforced by/);
    expect(Cloud.generic().profile.accessSupport({}).features).toStrictEqual([]);
  });
});
