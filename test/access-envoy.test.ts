import { Duration } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, CLIENT_ID_HEADER, CloudContext, EndpointAccess, FrontendIngressOptions, IngressApi, IngressController,
  IngressControllerBinding, SecretRef,
} from '../lib';
import { Manifest, newChart, only, synthValid, validationError } from './support/synth';

// The frontend objects are named after the DGD (`qwen`), in the chart's namespace (`llm`).
const NAME = 'qwen-frontend';
const GATEWAY_REF = [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: NAME }];
const META = { name: NAME, namespace: 'llm' };
const KEYS = SecretRef.fromSecretName('llm-api-keys');
const JWT = { issuer: 'https://login.example.com/', audiences: ['llm'], jwksUri: 'https://login.example.com/.well-known/jwks.json' };
const OIDC = { issuer: 'https://accounts.example.com', clientId: 'llm-console', clientSecret: SecretRef.fromSecretName('llm-oidc') };
const HTTPS = { host: 'llm.example.com', tlsSecret: SecretRef.fromSecretName('llm-tls') };
const BY_CLIENT_ID = [{ headers: [{ name: 'x-dynamo-client-id', type: 'Distinct' }] }];
// Per source IP, with the header-absent match that keeps each rule's Global descriptors apart (EG drops a rule whose CIDR descriptors equal another's).
const BY_IPV4 = [{ headers: [{ name: 'x-dynamo-client-id', type: 'RegularExpression', value: '.*', invert: true }], sourceCIDR: { type: 'Distinct', value: '0.0.0.0/0' } }];
const BY_IPV6 = [{ headers: [{ name: 'x-dynamo-client-id', type: 'RegularExpression', value: '.*', invert: true }], sourceCIDR: { type: 'Distinct', value: '::/0' } }];
// requests without the client id header (a JWT without the claim), counted per source IP
const NO_CLIENT_ID = { name: 'x-dynamo-client-id', type: 'RegularExpression', value: '.*', invert: true };
const NO_ID_BY_IPV4 = [{ headers: [NO_CLIENT_ID], sourceCIDR: { type: 'Distinct', value: '0.0.0.0/0' } }];
const NO_ID_BY_IPV6 = [{ headers: [NO_CLIENT_ID], sourceCIDR: { type: 'Distinct', value: '::/0' } }];
const STRIP_CLIENT_ID = { earlyRequestHeaders: { remove: ['x-dynamo-client-id'] } };
const TOKEN_COST = {
  request: { from: 'Number', number: 0 },
  response: { from: 'Metadata', metadata: { namespace: 'io.envoy.ai_gateway', key: 'llm_total_token' } },
};

interface Case {
  readonly controller?: IngressController;
  readonly ingress?: Omit<FrontendIngressOptions, 'controller'>;
  readonly access?: EndpointAccess;
}

/** An AggregatedLlm behind `controller` (default Envoy Gateway), not yet synthesized. */
function build(c: Case = {}) {
  const chart = newChart();
  new AggregatedLlm(chart, 'qwen', {
    model: 'Qwen/Qwen3-0.6B',
    ingress: { ...c.ingress, controller: c.controller ?? IngressController.envoyGateway() },
    access: c.access,
  });
  return chart;
}

/** The Envoy / Gateway API objects of the synthesized chart, every one schema-validated. */
function envoyObjects(c: Case = {}): Manifest[] {
  return synthValid(build(c)).filter((o) => o.kind !== 'DynamoGraphDeployment');
}

/** The same for the AI Gateway (its `Backend` is checked against test/support/unlisted-schemas.ts). */
function aiObjects(c: Case = {}): Manifest[] {
  return envoyObjects({ controller: IngressController.envoyAiGateway(), ...c });
}

function kinds(objs: Manifest[]): string[] {
  return objs.map((o) => o.kind);
}

/** The rules of one limit per client id, and per source IP for requests without one (IPv4, IPv6). */
function perClientId(rule: Record<string, unknown>): Record<string, unknown>[] {
  return [BY_CLIENT_ID, NO_ID_BY_IPV4, NO_ID_BY_IPV6].map((clientSelectors) => ({ clientSelectors, ...rule }));
}

/** What `controller` binds for `access`, called directly (the pattern's checks are tested above). */
function bindDirect(controller: IngressController, access: EndpointAccess, ingress: Omit<FrontendIngressOptions, 'controller'> = {}): IngressControllerBinding {
  const cloud: CloudContext = { scope: newChart(), dgdName: 'qwen', namespace: 'llm', dynamoNamespace: 'llm-qwen', allowTcpKvTransfer: false, pools: [] };
  return controller.profile.bind({
    cloud, options: ingress, timeoutSeconds: 300, target: { serviceName: 'qwen-frontend', port: 8000, healthPath: '/health' },
    servedModelName: 'Qwen/Qwen3-0.6B', access,
  });
}

describe('IngressController.envoyGateway()', () => {
  test('is named for messages', () => {
    // GIVEN / WHEN the controller
    const profile = IngressController.envoyGateway().profile;
    // THEN
    expect([profile.id, profile.displayName, String(IngressController.envoyGateway())])
      .toStrictEqual(['envoy-gateway', 'IngressController.envoyGateway()', 'IngressController.envoyGateway()']);
  });

  test('without access: a Gateway of class eg, an HTTPRoute without a request timeout, the idle timeout and no client-sent client id', () => {
    // GIVEN / WHEN
    const objs = envoyObjects();
    // THEN
    expect(kinds(objs)).toStrictEqual(['Gateway', 'ClientTrafficPolicy', 'HTTPRoute']);
    expect(only(objs, 'Gateway')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: META,
      spec: { gatewayClassName: 'eg', listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Same' } } }] },
    });
    expect(only(objs, 'HTTPRoute')).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: META,
      spec: {
        parentRefs: [{ name: NAME, sectionName: 'http' }],
        rules: [{
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [{ name: 'qwen-frontend', port: 8000 }],
          timeouts: { request: '0s' },
        }],
      },
    });
    expect(only(objs, 'ClientTrafficPolicy')).toStrictEqual({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'ClientTrafficPolicy', metadata: META,
      spec: { targetRefs: GATEWAY_REF, headers: STRIP_CLIENT_ID, timeout: { http: { streamIdleTimeout: '300s' } } },
    });
  });

  test('applies host, TLS Secret, class, annotations and timeout', () => {
    // GIVEN
    const ingress = { ...HTTPS, className: 'envoy', annotations: { team: 'ml' }, timeout: Duration.minutes(10), api: IngressApi.GATEWAY };
    // WHEN
    const objs = envoyObjects({ ingress });
    // THEN
    const gateway = only(objs, 'Gateway');
    expect(gateway.metadata.annotations).toStrictEqual({ team: 'ml' });
    expect(gateway.spec).toStrictEqual({
      gatewayClassName: 'envoy',
      listeners: [{
        name: 'https', protocol: 'HTTPS', port: 443, hostname: 'llm.example.com',
        tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'llm-tls' }] },
        allowedRoutes: { namespaces: { from: 'Same' } },
      }],
    });
    const route = only(objs, 'HTTPRoute');
    expect([route.spec.parentRefs, route.spec.hostnames]).toStrictEqual([[{ name: NAME, sectionName: 'https' }], ['llm.example.com']]);
    expect(only(objs, 'ClientTrafficPolicy').spec.timeout).toStrictEqual({ http: { streamIdleTimeout: '600s' } });
  });

  test('API keys: apiKeyAuth on Authorization, the client id forwarded, the key removed, requests limited per client id on each replica', () => {
    // GIVEN
    const access = EndpointAccess.apiKeys({ secret: KEYS, requestsPerMinute: 600 });
    // WHEN
    const objs = envoyObjects({ access });
    // THEN the policies come before the route they protect
    expect(kinds(objs)).toStrictEqual(['Gateway', 'SecurityPolicy', 'ClientTrafficPolicy', 'BackendTrafficPolicy', 'HTTPRoute']);
    expect(only(objs, 'SecurityPolicy')).toStrictEqual({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'SecurityPolicy', metadata: META,
      spec: {
        targetRefs: GATEWAY_REF,
        apiKeyAuth: {
          credentialRefs: [{ name: 'llm-api-keys' }],
          extractFrom: [{ headers: ['Authorization'] }],
          forwardClientIDHeader: CLIENT_ID_HEADER,
          sanitize: true,
        },
      },
    });
    expect(only(objs, 'ClientTrafficPolicy').spec.headers).toStrictEqual(STRIP_CLIENT_ID);
    expect(only(objs, 'BackendTrafficPolicy')).toStrictEqual({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'BackendTrafficPolicy', metadata: META,
      spec: {
        targetRefs: GATEWAY_REF,
        rateLimit: { type: 'Local', local: { rules: perClientId({ limit: { requests: 600, unit: 'Minute' } }) } },
      },
    });
  });

  test('API keys: the Secret is only referenced by name, never emitted', () => {
    // GIVEN API keys in a Secret the user created
    const access = EndpointAccess.apiKeys({ secret: KEYS });
    // WHEN
    const objs = synthValid(build({ access }));
    // THEN no Secret is emitted and the name appears only in the SecurityPolicy's credentialRefs
    expect(objs.filter((o) => o.kind === 'Secret')).toStrictEqual([]);
    const mentions = objs.filter((o) => JSON.stringify(o).includes('llm-api-keys')).map((o) => o.kind);
    expect(mentions).toStrictEqual(['SecurityPolicy']);
    expect(only(objs, 'SecurityPolicy').spec.apiKeyAuth.credentialRefs).toStrictEqual([{ name: 'llm-api-keys' }]);
  });

  test('JWT with source ranges and global request limits: the claim as client id, an allow list, counted in the rate limit service', () => {
    // GIVEN
    const access = EndpointAccess.jwt({ ...JWT, clientIdClaim: 'client_id', allowedSourceRanges: ['203.0.113.0/24', '2001:db8::/32'], requestsPerMinute: 60 });
    // WHEN
    const objs = envoyObjects({ controller: IngressController.envoyGateway({ globalRateLimit: true }), access });
    // THEN
    expect(only(objs, 'SecurityPolicy').spec).toStrictEqual({
      targetRefs: GATEWAY_REF,
      jwt: {
        providers: [{
          name: 'jwt',
          issuer: 'https://login.example.com/',
          audiences: ['llm'],
          remoteJWKS: { uri: 'https://login.example.com/.well-known/jwks.json' },
          claimToHeaders: [{ header: 'x-dynamo-client-id', claim: 'client_id' }],
        }],
      },
      authorization: {
        defaultAction: 'Deny',
        rules: [{ name: 'allowed-source-ranges', action: 'Allow', principal: { clientCIDRs: ['203.0.113.0/24', '2001:db8::/32'] } }],
      },
    });
    // the client-sent header is removed before the JWT filter appends the claim
    expect(only(objs, 'ClientTrafficPolicy').spec.headers).toStrictEqual(STRIP_CLIENT_ID);
    // a token without the claim has no client id: counted per source IP instead of not at all
    expect(only(objs, 'BackendTrafficPolicy').spec.rateLimit).toStrictEqual({
      type: 'Global', global: { rules: perClientId({ limit: { requests: 60, unit: 'Minute' } }) },
    });
  });

  test('JWT: the client id claim defaults to sub', () => {
    // GIVEN / WHEN
    const objs = envoyObjects({ access: EndpointAccess.jwt(JWT) });
    // THEN
    expect(only(objs, 'SecurityPolicy').spec.jwt.providers[0].claimToHeaders).toStrictEqual([{ header: 'x-dynamo-client-id', claim: 'sub' }]);
    expect(kinds(objs)).not.toContain('BackendTrafficPolicy');
  });

  test('OIDC on HTTPS: the provider, client and secret by name; a client-sent client id removed', () => {
    // GIVEN
    const access = EndpointAccess.oidc({ ...OIDC, tokenEndpoint: 'https://accounts.example.com/oauth2/token', scopes: ['openid', 'email'] });
    // WHEN
    const objs = envoyObjects({ ingress: HTTPS, access });
    // THEN
    expect(only(objs, 'SecurityPolicy').spec).toStrictEqual({
      targetRefs: GATEWAY_REF,
      oidc: {
        provider: { issuer: 'https://accounts.example.com', tokenEndpoint: 'https://accounts.example.com/oauth2/token' },
        clientID: 'llm-console',
        clientSecret: { name: 'llm-oidc' },
        scopes: ['openid', 'email'],
      },
    });
    expect(only(objs, 'ClientTrafficPolicy').spec.headers).toStrictEqual(STRIP_CLIENT_ID);
  });

  test('open with a request limit: per source IP (IPv4 and IPv6), from X-Forwarded-For behind trusted proxies', () => {
    // GIVEN
    const access = EndpointAccess.open({ requestsPerMinute: 120 });
    // WHEN
    const objs = envoyObjects({ controller: IngressController.envoyGateway({ trustedProxyHops: 2 }), access });
    // THEN
    expect(kinds(objs)).toStrictEqual(['Gateway', 'ClientTrafficPolicy', 'BackendTrafficPolicy', 'HTTPRoute']);
    expect(only(objs, 'ClientTrafficPolicy').spec).toStrictEqual({
      targetRefs: GATEWAY_REF,
      headers: STRIP_CLIENT_ID,
      clientIPDetection: { xForwardedFor: { numTrustedHops: 2 } },
      timeout: { http: { streamIdleTimeout: '300s' } },
    });
    expect(only(objs, 'BackendTrafficPolicy').spec.rateLimit).toStrictEqual({
      type: 'Local',
      local: { rules: [
        { clientSelectors: BY_IPV4, limit: { requests: 120, unit: 'Minute' } },
        { clientSelectors: BY_IPV6, limit: { requests: 120, unit: 'Minute' } },
      ] },
    });
  });

  test('open with source ranges only: an authorization policy, no limits', () => {
    // GIVEN / WHEN
    const objs = envoyObjects({ access: EndpointAccess.open({ allowedSourceRanges: ['10.0.0.0/8'] }) });
    // THEN
    expect(only(objs, 'SecurityPolicy').spec).toStrictEqual({
      targetRefs: GATEWAY_REF,
      authorization: { defaultAction: 'Deny', rules: [{ name: 'allowed-source-ranges', action: 'Allow', principal: { clientCIDRs: ['10.0.0.0/8'] } }] },
    });
    expect(kinds(objs)).not.toContain('BackendTrafficPolicy');
  });

  test('ingress.internal false is accepted', () => {
    // GIVEN / WHEN / THEN
    expect(kinds(envoyObjects({ ingress: { internal: false } }))).toContain('Gateway');
  });

  test.each<[string, Case, RegExp]>([
    ['an Ingress', { ingress: { api: IngressApi.INGRESS } },
      /^ingress\.api must be IngressApi\.GATEWAY with IngressController\.envoyGateway\(\), which serves the frontend through a Gateway API Gateway \(got "ingress"\); remove ingress\.api/],
    ['an ACM certificate', { ingress: { ...HTTPS, certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' } },
      /^ingress\.certificateArn is not applied by IngressController\.envoyGateway\(\) \(got "arn:.*"\); Envoy terminates TLS itself with a kubernetes\.io\/tls Secret: set ingress\.tlsSecret/],
    ['an internal load balancer', { ingress: { internal: true } },
      /^ingress\.internal is not applied by IngressController\.envoyGateway\(\) \(got true\); .*an EnvoyProxy resource whose spec\.provider\.kubernetes\.envoyService\.annotations carry your cloud's internal load balancer annotation/],
    ['a host without a certificate', { ingress: { host: 'llm.example.com' } },
      /^ingress\.tlsSecret is required with ingress\.host on a Gateway \(the HTTPS listener needs a certificate\) \(got undefined\); reference a kubernetes\.io\/tls Secret/],
    ['OIDC without a host', { access: EndpointAccess.oidc(OIDC) },
      /^ingress\.host is required by EndpointAccess\.oidc on IngressController\.envoyGateway\(\) \(the sign-in redirect must come back over HTTPS\) \(got undefined\); set ingress\.host and ingress\.tlsSecret/],
    ['a token limit', { access: EndpointAccess.apiKeys({ secret: KEYS, tokensPerMinute: 1000 }) },
      /^access\.tokensPerMinute asks for a per-client LLM token limit, which IngressController\.envoyGateway\(\) does not enforce \(got 1000\); it is enforced by IngressController\.envoyAiGateway\(\)/],
    ['a Cognito sign-in', { access: EndpointAccess.cognito({ userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123', userPoolClientId: 'abc', userPoolDomain: 'my-llm' }) },
      /^access asks for Amazon Cognito sign-in \(EndpointAccess\.cognito\), which IngressController\.envoyGateway\(\) does not enforce/],
  ])('refuses %s', (_, c, message) => {
    // GIVEN / WHEN
    const e = validationError(() => build(c));
    // THEN
    expect(e.message).toMatch(message);
  });
});

describe('IngressController.envoyAiGateway()', () => {
  test('is named for messages', () => {
    // GIVEN / WHEN the controller
    const profile = IngressController.envoyAiGateway().profile;
    // THEN
    expect([profile.id, profile.displayName]).toStrictEqual(['envoy-ai-gateway', 'IngressController.envoyAiGateway()']);
  });

  test('without access: a Backend, an AIServiceBackend and an AIGatewayRoute for the served model, larger buffers, no HTTPRoute', () => {
    // GIVEN / WHEN
    const objs = aiObjects();
    // THEN
    expect(kinds(objs)).toStrictEqual(['Gateway', 'Backend', 'AIServiceBackend', 'ClientTrafficPolicy', 'AIGatewayRoute']);
    expect(only(objs, 'Backend')).toStrictEqual({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'Backend', metadata: META,
      spec: { endpoints: [{ fqdn: { hostname: 'qwen-frontend.llm.svc.cluster.local', port: 8000 } }] },
    });
    expect(only(objs, 'AIServiceBackend')).toStrictEqual({
      apiVersion: 'aigateway.envoyproxy.io/v1beta1', kind: 'AIServiceBackend', metadata: META,
      spec: { schema: { name: 'OpenAI' }, backendRef: { group: 'gateway.envoyproxy.io', kind: 'Backend', name: NAME } },
    });
    expect(only(objs, 'AIGatewayRoute')).toStrictEqual({
      apiVersion: 'aigateway.envoyproxy.io/v1beta1', kind: 'AIGatewayRoute', metadata: META,
      spec: {
        parentRefs: GATEWAY_REF,
        rules: [{
          matches: [{ headers: [{ type: 'Exact', name: 'x-ai-eg-model', value: 'Qwen/Qwen3-0.6B' }] }],
          backendRefs: [{ name: NAME }],
          timeouts: { request: '0s' },
        }],
      },
    });
    expect(only(objs, 'ClientTrafficPolicy').spec).toStrictEqual({
      targetRefs: GATEWAY_REF,
      headers: STRIP_CLIENT_ID,
      timeout: { http: { streamIdleTimeout: '300s' } },
      connection: { bufferLimit: '50Mi' },
      http2: { initialStreamWindowSize: '16Mi', initialConnectionWindowSize: '24Mi' },
    });
  });

  test('API keys with request and token limits: token costs on the route, both limits global per client id', () => {
    // GIVEN
    const access = EndpointAccess.apiKeys({ secret: KEYS, requestsPerMinute: 600, tokensPerMinute: 200000 });
    // WHEN
    const objs = aiObjects({ access });
    // THEN
    expect(kinds(objs)).toStrictEqual(['Gateway', 'Backend', 'AIServiceBackend', 'SecurityPolicy', 'ClientTrafficPolicy', 'BackendTrafficPolicy', 'AIGatewayRoute']);
    expect(only(objs, 'AIGatewayRoute').spec.llmRequestCosts).toStrictEqual([{ metadataKey: 'llm_total_token', type: 'TotalToken' }]);
    expect(only(objs, 'SecurityPolicy').spec.apiKeyAuth.forwardClientIDHeader).toBe('x-dynamo-client-id');
    expect(only(objs, 'ClientTrafficPolicy').spec.headers).toStrictEqual(STRIP_CLIENT_ID);
    expect(only(objs, 'BackendTrafficPolicy')).toStrictEqual({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'BackendTrafficPolicy', metadata: META,
      spec: {
        targetRefs: GATEWAY_REF,
        rateLimit: {
          type: 'Global',
          global: { rules: [
            ...perClientId({ limit: { requests: 600, unit: 'Minute' } }),
            ...perClientId({ limit: { requests: 200000, unit: 'Minute' }, cost: TOKEN_COST }),
          ] },
        },
      },
    });
  });

  test('open with a token limit: per source IP, IPv4 and IPv6', () => {
    // GIVEN / WHEN
    const objs = aiObjects({ access: EndpointAccess.open({ tokensPerMinute: 5000 }) });
    // THEN
    expect(kinds(objs)).not.toContain('SecurityPolicy');
    expect(only(objs, 'BackendTrafficPolicy').spec.rateLimit).toStrictEqual({
      type: 'Global',
      global: { rules: [
        { clientSelectors: BY_IPV4, limit: { requests: 5000, unit: 'Minute' }, cost: TOKEN_COST },
        { clientSelectors: BY_IPV6, limit: { requests: 5000, unit: 'Minute' }, cost: TOKEN_COST },
      ] },
    });
  });

  test('requests only: counted on each replica, no token costs', () => {
    // GIVEN / WHEN
    const objs = aiObjects({ access: EndpointAccess.jwt({ ...JWT, requestsPerMinute: 30 }) });
    // THEN
    expect(only(objs, 'AIGatewayRoute').spec.llmRequestCosts).toBeUndefined();
    expect(only(objs, 'BackendTrafficPolicy').spec.rateLimit).toStrictEqual({
      type: 'Local', local: { rules: perClientId({ limit: { requests: 30, unit: 'Minute' } }) },
    });
  });

  test('OIDC on HTTPS is enforced too', () => {
    // GIVEN / WHEN
    const objs = aiObjects({ ingress: HTTPS, access: EndpointAccess.oidc(OIDC) });
    // THEN
    expect(only(objs, 'SecurityPolicy').spec.oidc).toStrictEqual({
      provider: { issuer: 'https://accounts.example.com' }, clientID: 'llm-console', clientSecret: { name: 'llm-oidc' },
    });
  });

  test.each<[string, Case, RegExp]>([
    ['an Ingress', { ingress: { api: IngressApi.INGRESS } }, /^ingress\.api must be IngressApi\.GATEWAY with IngressController\.envoyAiGateway\(\)/],
    ['an internal load balancer', { ingress: { internal: true } }, /^ingress\.internal is not applied by IngressController\.envoyAiGateway\(\)/],
    ['OIDC without a host', { access: EndpointAccess.oidc(OIDC) }, /^ingress\.host is required by EndpointAccess\.oidc on IngressController\.envoyAiGateway\(\)/],
    ['an IAP sign-in', { access: EndpointAccess.iap() }, /^access asks for Identity-Aware Proxy \(EndpointAccess\.iap\), which IngressController\.envoyAiGateway\(\) does not enforce/],
  ])('refuses %s', (_, c, message) => {
    // GIVEN / WHEN
    const e = validationError(() => build({ controller: IngressController.envoyAiGateway(), ...c }));
    // THEN
    expect(e.message).toMatch(message);
  });
});

describe('what the Envoy controllers tell the endpoint card', () => {
  const GLOBAL_WARNING = 'the limits are counted by Envoy Gateway\'s global rate limit service: install Envoy Gateway with a rate limit backend '
    + '(Helm config.envoyGateway.rateLimit.backend.type: Redis and backend.redis.url), else it rejects the BackendTrafficPolicy '
    + '(Accepted=False) and nothing is limited';
  const PER_REPLICA_WARNING = 'each Envoy replica counts access.requestsPerMinute on its own (N replicas let N times the limit through): '
    + 'size the limit for the replicas, or set globalRateLimit on the controller (Envoy Gateway with a rate limit backend) for one shared count';
  const clientIpWarning = (what: string): string => `the client IP of ${what} is Envoy's TCP peer: behind an L7 proxy, a CDN or a load `
    + 'balancer that rewrites the source address (SNAT) every client shares one address; set trustedProxyHops on the controller when '
    + 'a proxy appends X-Forwarded-For, or keep client IPs on the load balancer';

  test.each<[string, EndpointAccess, string | undefined]>([
    ['API keys', EndpointAccess.apiKeys({ secret: KEYS }), 'x-dynamo-client-id'],
    ['JWT', EndpointAccess.jwt(JWT), 'x-dynamo-client-id'],
    ['OIDC', EndpointAccess.oidc(OIDC), undefined],
    ['open access', EndpointAccess.open({ requestsPerMinute: 60 }), undefined],
  ])('%s: the client id header only when the gateway sets it', (_, access, header) => {
    // GIVEN / WHEN
    const binding = bindDirect(IngressController.envoyGateway({ trustedProxyHops: 1 }), access, HTTPS);
    // THEN
    expect(binding.clientIdHeader).toBe(header);
  });

  test('API keys on HTTPS with local request limits: only that each replica counts on its own', () => {
    // GIVEN / WHEN
    const binding = bindDirect(IngressController.envoyGateway(), EndpointAccess.apiKeys({ secret: KEYS, requestsPerMinute: 60 }), HTTPS);
    const shared = bindDirect(IngressController.envoyGateway({ globalRateLimit: true }), EndpointAccess.apiKeys({ secret: KEYS, requestsPerMinute: 60 }), HTTPS);
    // THEN per-client limits of API keys never fall back to the client IP; a global count is not per replica
    expect(binding.warnings).toStrictEqual([PER_REPLICA_WARNING]);
    expect(shared.warnings).toStrictEqual([GLOBAL_WARNING]);
  });

  test('open access with request and token limits: every Global rule is told apart by its own header match', () => {
    // GIVEN both limits per source IP (EG names CIDR descriptors without the rule number and drops equal ones)
    const objs = aiObjects({ access: EndpointAccess.open({ requestsPerMinute: 60, tokensPerMinute: 5000 }) });
    // THEN each rule carries the header-absent match, whose descriptor EG numbers per rule
    const rules = only(objs, 'BackendTrafficPolicy').spec.rateLimit.global.rules as { clientSelectors: { headers?: unknown[] }[] }[];
    expect(rules).toHaveLength(4);
    expect(rules.every((r) => r.clientSelectors.every((c) => (c.headers ?? []).length > 0))).toBe(true);
  });

  test('API keys over HTTP with token limits: the rate limit backend and plain HTTP', () => {
    // GIVEN / WHEN
    const binding = bindDirect(IngressController.envoyAiGateway(), EndpointAccess.apiKeys({ secret: KEYS, tokensPerMinute: 1000 }));
    // THEN
    expect(binding.warnings).toStrictEqual([
      GLOBAL_WARNING,
      'API keys travel in plain HTTP without ingress.host: set ingress.host and ingress.tlsSecret so that Envoy serves HTTPS',
    ]);
  });

  test('JWT over HTTP with source ranges and global request limits: every warning, the client IP of both', () => {
    // GIVEN
    const access = EndpointAccess.jwt({ ...JWT, allowedSourceRanges: ['10.0.0.0/8'], requestsPerMinute: 60 });
    // WHEN
    const binding = bindDirect(IngressController.envoyGateway({ globalRateLimit: true }), access);
    // THEN
    expect(binding.warnings).toStrictEqual([
      GLOBAL_WARNING,
      'JWTs travel in plain HTTP without ingress.host: set ingress.host and ingress.tlsSecret so that Envoy serves HTTPS',
      clientIpWarning('access.allowedSourceRanges and the limits of tokens without the client id claim'),
    ]);
  });

  test('open access with local limits: the client IP of the per-IP limits, unless trustedProxyHops is set', () => {
    // GIVEN
    const access = EndpointAccess.open({ requestsPerMinute: 60 });
    // WHEN
    const direct = bindDirect(IngressController.envoyGateway(), access);
    const proxied = bindDirect(IngressController.envoyGateway({ trustedProxyHops: 1 }), access);
    // THEN
    expect([direct.warnings, proxied.warnings]).toStrictEqual([[PER_REPLICA_WARNING, clientIpWarning('the per-IP limits')], [PER_REPLICA_WARNING]]);
  });

  test('bind called without the pattern refuses what the controller does not enforce', () => {
    // GIVEN token limits on Envoy Gateway (they need the AI Gateway) and IAP, called directly
    const tokens = validationError(() => bindDirect(IngressController.envoyGateway(), EndpointAccess.apiKeys({ secret: KEYS, tokensPerMinute: 1000 }), HTTPS));
    const iap = validationError(() => bindDirect(IngressController.envoyAiGateway(), EndpointAccess.iap(), HTTPS));
    // THEN each is refused, naming the prop, the controller and what enforces it
    expect([tokens.prop, tokens.message]).toStrictEqual(['access.tokensPerMinute',
      'access.tokensPerMinute asks for a per-client LLM token limit, which IngressController.envoyGateway() does not enforce (got 1000); '
      + 'it is enforced by IngressController.envoyAiGateway() (set ingress.controller; Envoy AI Gateway counts the tokens of each OpenAI response)']);
    expect([iap.prop, iap.message]).toStrictEqual(['access', expect.stringMatching(
      /^access asks for .*\(EndpointAccess\.iap\), which IngressController\.envoyAiGateway\(\) does not enforce \(got "EndpointAccess\.iap"\); it is enforced by the GKE Gateway/)]);
  });

  test('the endpoint card carries the warnings and the client id header', () => {
    // GIVEN
    const chart = newChart();
    const access = EndpointAccess.apiKeys({ secret: KEYS, tokensPerMinute: 1000 });
    // WHEN
    const llm = new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-0.6B', ingress: { ...HTTPS, controller: IngressController.envoyAiGateway() }, access });
    // THEN
    expect(llm.endpointCard.warnings).toContain(GLOBAL_WARNING);
    expect(llm.endpointCard.access?.clientIdentity).toContain('x-dynamo-client-id');
  });
});

describe('ingress.className with an Envoy controller', () => {
  test.each(['nginx', 'istio', 'approuting-istio', 'gke-l7-global-external-managed', 'gke-l7-rilb', 'alb', 'cilium', 'kong', 'traefik'])(
    'the GatewayClass %s of another implementation is refused', (className) => {
      // GIVEN a class another controller owns WHEN binding Envoy Gateway to it
      const e = validationError(() => build({ ingress: { className }, access: EndpointAccess.apiKeys({ secret: KEYS }) }));
      // THEN the error names ingress.className, the class, and both fixes
      expect(e.prop).toBe('ingress.className');
      expect(e.message).toMatch(new RegExp(`^ingress\\.className must name a GatewayClass of Envoy Gateway with IngressController\\.envoyGateway\\(\\): this one is .+'s, `
        + `which would serve the route and ignore Envoy Gateway's policies \\(access unenforced, the endpoint open\\) \\(got "${className}"\\); `
        + 'remove ingress\\.className to use "eg", or name a GatewayClass whose controllerName is gateway\\.envoyproxy\\.io/gatewayclass-controller$'));
    });

  test('the AI Gateway refuses them too, even without access', () => {
    // GIVEN / WHEN / THEN
    expect(validationError(() => build({ controller: IngressController.envoyAiGateway(), ingress: { className: 'istio' } })).message)
      .toContain('this one is Istio\'s');
  });

  test('another explicit class gets a warning that its controllerName must be Envoy Gateway\'s; eg and the default do not', () => {
    // GIVEN API keys over HTTPS (no other warning) on a class of the user's, on eg, and on the default
    const access = EndpointAccess.apiKeys({ secret: KEYS });
    const named = bindDirect(IngressController.envoyGateway(), access, { ...HTTPS, className: 'envoy-internal' });
    const eg = bindDirect(IngressController.envoyGateway(), access, { ...HTTPS, className: 'eg' });
    const byDefault = bindDirect(IngressController.envoyGateway(), access, HTTPS);
    // THEN only the named class warns
    expect(named.warnings).toStrictEqual(['the GatewayClass envoy-internal (ingress.className) must have controllerName gateway.envoyproxy.io/gatewayclass-controller: '
      + 'if another implementation owns it, that one serves the route and ignores Envoy Gateway\'s policies, and the endpoint is open']);
    expect([eg.warnings, byDefault.warnings]).toStrictEqual([undefined, undefined]);
  });
});
