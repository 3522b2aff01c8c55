import { ApiObject } from 'cdk8s';
import * as fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  AccessFeature, AggregatedLlm, CLIENT_ID_HEADER, Cloud, CloudBinding, CloudContext, CloudProfile, EndpointAccess, IngressController,
  GpuType, IngressControllerBinding, IngressControllerContext, IngressControllerProfile, SecretRef,
} from '../lib';
import type { AggregatedLlmProps } from '../lib';
import { accessCard } from '../lib/access/access-card';
import { canonicalCidr } from '../lib/access/access-rules';
import { EKS_OPTIONS } from './support/eks-options';
import { newChart, only, synthValid, validationError } from './support/synth';

const MODEL = 'Qwen/Qwen3-0.6B';
const KEYS = SecretRef.fromSecretName('llm-api-keys');
const ISSUER = 'https://login.example.com/';
const JWKS = 'https://login.example.com/.well-known/jwks.json';

/** A gateway of the test's own: an HTTPRoute-less Gateway that enforces API keys and request limits, recording what it was given. */
class RecordingGateway extends IngressControllerProfile {
  public readonly id = 'recording';
  public readonly displayName = 'RecordingGateway';
  public readonly ingressOptions = ['host', 'className'] as const;
  public readonly accessFeatures = [AccessFeature.API_KEYS, AccessFeature.REQUESTS_PER_MINUTE];
  public seen?: IngressControllerContext;
  public bind(ctx: IngressControllerContext): IngressControllerBinding {
    this.seen = ctx;
    const gateway = new ApiObject(ctx.cloud.scope, 'RecordingGateway', {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway',
      metadata: { name: `${ctx.cloud.dgdName}-gw`, namespace: ctx.cloud.namespace },
      spec: { gatewayClassName: ctx.options.className ?? 'recording', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] },
    });
    return { objects: [gateway] };
  }
}

describe('EndpointAccess validates its props', () => {
  test.each([
    ['10.0.0.1/8', 'access.allowedSourceRanges[0] must be written as its network address', 'use "10.0.0.0/8"'],
    ['10.0.0.0/33', 'access.allowedSourceRanges[0] must be an IPv4 or IPv6 CIDR range', 'e.g. "203.0.113.0/24"'],
    ['203.0.113.7', 'access.allowedSourceRanges[0] must be an IPv4 or IPv6 CIDR range', 'write one address as 203.0.113.7/32'],
    ['2001:db8::1/32', 'access.allowedSourceRanges[0] must be written as its network address', 'use "2001:db8::/32"'],
    ['2001:DB8::/32', 'access.allowedSourceRanges[0] must be written in canonical form', 'use "2001:db8::/32"'],
    ['2001:0db8:0:0::/64', 'access.allowedSourceRanges[0] must be written in canonical form', 'use "2001:db8::/64"'],
    ['10.0.0.0/08', 'access.allowedSourceRanges[0] must be an IPv4 or IPv6 CIDR range', 'e.g.'],
    ['', 'access.allowedSourceRanges[0] must be an IPv4 or IPv6 CIDR range', 'e.g.'],
  ])('a range %j is refused with the canonical form when there is one', (range, message, fix) => {
    // WHEN a range is not a canonical CIDR
    const e = validationError(() => EndpointAccess.open({ allowedSourceRanges: [range] }));
    // THEN the error names the entry, shows it and gives the fix
    expect(e.prop).toBe('access.allowedSourceRanges[0]');
    expect(e.message.startsWith(message)).toBe(true);
    expect(e.message).toContain(`(got ${JSON.stringify(range)})`);
    expect(e.message).toContain(fix);
  });

  test('an empty or repeated allow list is refused', () => {
    expect(validationError(() => EndpointAccess.open({ allowedSourceRanges: [] })).message)
      .toBe('access.allowedSourceRanges must list at least one CIDR range (got "[]"); list the client ranges allowed, e.g. ["203.0.113.0/24"], or leave the prop out to allow any source');
    expect(validationError(() => EndpointAccess.open({ allowedSourceRanges: ['10.0.0.0/8', '10.0.0.0/8'] })).prop).toBe('access.allowedSourceRanges[1]');
  });

  test.each([0, -1, 1.5, 4294967296, Number.NaN])('a limit of %s is refused', (n) => {
    expect(validationError(() => EndpointAccess.apiKeys({ secret: KEYS, requestsPerMinute: n })).prop).toBe('access.requestsPerMinute');
    expect(validationError(() => EndpointAccess.apiKeys({ secret: KEYS, tokensPerMinute: n })).prop).toBe('access.tokensPerMinute');
  });

  test('jwt: audiences, an https JWKS URL, an issuer and a claim name', () => {
    expect(validationError(() => EndpointAccess.jwt({ issuer: ISSUER, audiences: [], jwksUri: JWKS })).message)
      .toBe('access.audiences must list from 1 to 8 values (got 0); e.g. ["llm-api"]');
    expect(validationError(() => EndpointAccess.jwt({ issuer: ISSUER, audiences: Array.from({ length: 9 }, (_, i) => `a${i}`), jwksUri: JWKS })).prop).toBe('access.audiences');
    expect(validationError(() => EndpointAccess.jwt({ issuer: ISSUER, audiences: ['llm'], jwksUri: 'http://login.example.com/jwks' })).message)
      .toBe('access.jwksUri must be an https:// URL (got "http://login.example.com/jwks"); use e.g. "https://login.example.com/.well-known/jwks.json"');
    expect(validationError(() => EndpointAccess.jwt({ issuer: 'login example', audiences: ['llm'], jwksUri: JWKS })).prop).toBe('access.issuer');
    expect(validationError(() => EndpointAccess.jwt({ issuer: ISSUER, audiences: ['llm', 'llm'], jwksUri: JWKS })).message).toContain('must not repeat a value');
    expect(validationError(() => EndpointAccess.jwt({ issuer: ISSUER, audiences: ['llm'], jwksUri: JWKS, clientIdClaim: 'a b' })).prop).toBe('access.clientIdClaim');
  });

  test('oidc, cognito and iap check their ids, URLs and secrets', () => {
    const secret = SecretRef.fromSecretName('llm-oidc');
    expect(validationError(() => EndpointAccess.oidc({ issuer: 'accounts.example.com', clientId: 'llm', clientSecret: secret })).prop).toBe('access.issuer');
    expect(validationError(() => EndpointAccess.oidc({ issuer: ISSUER, clientId: 'llm', clientSecret: secret, tokenEndpoint: 'ftp://x' })).prop).toBe('access.tokenEndpoint');
    expect(validationError(() => EndpointAccess.cognito({ userPoolArn: 'arn:aws:cognito-idp:us-east-1:123:userpool/x', userPoolClientId: 'abc', userPoolDomain: 'llm' })).prop)
      .toBe('access.userPoolArn');
    expect(validationError(() => EndpointAccess.cognito({
      userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123', userPoolClientId: 'abc', userPoolDomain: 'https://llm.auth.example.com',
    })).prop).toBe('access.userPoolDomain');
    expect(validationError(() => EndpointAccess.iap({ clientId: '123-abc.apps.googleusercontent.com' })).message)
      .toBe('access.clientId must be set with the other: an OAuth client is an id and its secret (got "123-abc.apps.googleusercontent.com"); '
        + 'set both access.clientId and access.oauth2ClientSecret, or neither to use the Google-managed OAuth client');
  });

  test('open access must restrict something', () => {
    expect(validationError(() => EndpointAccess.open({})).message)
      .toBe('access must restrict something: EndpointAccess.open needs allowedSourceRanges, requestsPerMinute, tokensPerMinute or cloudArmorPolicy (got "{}"); '
        + 'set one of them, use a credential (EndpointAccess.apiKeys, EndpointAccess.jwt), or remove access');
  });

  test('a URL with a user or password is refused without showing them', () => {
    const e = validationError(() => EndpointAccess.jwt({ issuer: ISSUER, audiences: ['llm'], jwksUri: 'https://svc:S3cr3tPass@login.example.com/jwks' }));
    expect(e.prop).toBe('access.jwksUri');
    expect(e.message).not.toContain('S3cr3tPass');
    expect(e.message).not.toContain('svc:');
    expect(e.message).toContain('(got "https://<redacted>:<redacted>@login.example.com/jwks")');
  });

  test.each(['https://u:s3cretPw@bad host/jwks', 'user:s3cretPw@login.example.com/jwks', 'https://u:s3cretPw@'])('an unparseable URL with credentials (%s) hides them too', (uri) => {
    const e = validationError(() => EndpointAccess.jwt({ issuer: ISSUER, audiences: ['llm'], jwksUri: uri }));
    expect(e.prop).toBe('access.jwksUri');
    expect(e.message).not.toContain('s3cretPw');
    expect(e.message).toContain('<redacted>@');
  });

  test.each([
    ['http://login.example.com/jwks?access_token=s3cretTok', 'must be an https:// URL', 'http://login.example.com/jwks?<redacted>'],
    ['http://login.example.com/jwks?a=1#access_token=s3cretTok', 'must be an https:// URL', 'http://login.example.com/jwks?<redacted>#<redacted>'],
    ['https://svc:pw@login.example.com/jwks?key=s3cretTok', 'must not carry a user or password', 'https://<redacted>:<redacted>@login.example.com/jwks?<redacted>'],
  ])('a refused URL (%s) shows its query redacted', (uri, requirement, shown) => {
    // WHEN a URL refused for another reason carries a token in its query or fragment
    const e = validationError(() => EndpointAccess.jwt({ issuer: ISSUER, audiences: ['llm'], jwksUri: uri }));
    // THEN the error shows the URL without it
    expect(e.message.startsWith(`access.jwksUri ${requirement}`)).toBe(true);
    expect(e.message).toContain(`(got ${JSON.stringify(shown)})`);
    expect(e.message).not.toContain('s3cretTok');
  });

  test.each(['token', 'access_token', 'Key', 'api_key', 'APIKEY', 'secret', 'password', 'sig', 'signature', 'client_secret', 'X-Amz-Signature'])(
    'an https URL with the credential parameter %s is refused without showing its value', (name) => {
      // WHEN the JWKS URL carries a credential in its query
      const e = validationError(() => EndpointAccess.jwt({ issuer: ISSUER, audiences: ['llm'], jwksUri: `https://login.example.com/jwks?v=2&${name}=s3cretTok` }));
      // THEN it is refused, naming the parameter, never the value
      expect([e.prop, e.message]).toStrictEqual(['access.jwksUri',
        `access.jwksUri must not carry a credential in its query (parameter "${name}": the gateway and the manifests would hold it in plain text) `
        + '(got "https://login.example.com/jwks?<redacted>"); remove the parameter (the gateway fetches the URL without credentials): '
        + 'use e.g. "https://login.example.com/.well-known/jwks.json"']);
    });

  test('an https URL with other query parameters is accepted', () => {
    // GIVEN parameters that name no credential (keyset is not key)
    const jwt = EndpointAccess.jwt({ issuer: ISSUER, audiences: ['llm'], jwksUri: 'https://login.example.com/jwks?keyset=2&tenant=a' });
    // THEN the URL is kept as written
    expect(jwt.jwtProps?.jwksUri).toBe('https://login.example.com/jwks?keyset=2&tenant=a');
    // AND the OIDC endpoints are checked alike
    expect(validationError(() => EndpointAccess.oidc({ issuer: 'https://accounts.example.com', clientId: 'llm', clientSecret: SecretRef.fromSecretName('llm-oidc'),
      tokenEndpoint: 'https://accounts.example.com/token?client_secret=s3cretTok' })).prop).toBe('access.tokenEndpoint');
  });

  test('a Secret in another namespace is named with the fix, the name shown', () => {
    const e = validationError(() => EndpointAccess.apiKeys({ secret: { name: 'other/llm-keys' } }));
    expect(e.message).toBe('access.secret.name must be the name of a Secret in the deployment\'s namespace, without a namespace (got "other/llm-keys"); '
      + 'copy the Secret into the deployment\'s namespace and pass "llm-keys"');
  });

  test('the checked props are frozen copies: the caller changing its objects later changes nothing', () => {
    const audiences = ['llm'];
    const secret = { name: 'llm-oidc' };
    const jwt = EndpointAccess.jwt({ issuer: ISSUER, audiences, jwksUri: JWKS });
    const oidc = EndpointAccess.oidc({ issuer: ISSUER, clientId: 'llm', clientSecret: secret });
    audiences.push('not checked');
    secret.name = 'Not A Name';
    expect(jwt.jwtProps?.audiences).toStrictEqual(['llm']);
    expect(oidc.oidcProps?.clientSecret.name).toBe('llm-oidc');
    expect(Object.isFrozen(jwt.jwtProps)).toBe(true);
    expect(Object.isFrozen(jwt.jwtProps?.audiences)).toBe(true);
  });

  test('a Cloud Armor policy is a name, not a URL', () => {
    expect(validationError(() => EndpointAccess.iap({ cloudArmorPolicy: 'projects/p/global/securityPolicies/x' })).prop).toBe('access.cloudArmorPolicy');
  });

  test('a key passed where the Secret goes is never shown', () => {
    // WHEN an untyped caller passes the key itself
    const e = validationError(() => EndpointAccess.apiKeys({ secret: 'sk-live-abcdef0123456789' as never }));
    // THEN the error redacts it
    expect(e.message).not.toContain('sk-live');
    expect(e.message).toContain('(got "<redacted>")');
  });

  test('features list the credential, then the options set, in a fixed order', () => {
    const access = EndpointAccess.jwt({ issuer: ISSUER, audiences: ['llm'], jwksUri: JWKS, tokensPerMinute: 10, allowedSourceRanges: ['10.0.0.0/8'] });
    expect(access.features.map(String)).toStrictEqual(['jwt', 'allowedSourceRanges', 'tokensPerMinute']);
    expect(String(access)).toBe('EndpointAccess.jwt');
    expect(String(EndpointAccess.open({ requestsPerMinute: 5 }))).toBe('EndpointAccess.open');
  });

  test('the props are copied: changing the caller\'s array later changes nothing', () => {
    const ranges = ['10.0.0.0/8'];
    const access = EndpointAccess.open({ allowedSourceRanges: ranges });
    ranges.push('not a range');
    expect(access.options.allowedSourceRanges).toStrictEqual(['10.0.0.0/8']);
  });
});

describe('canonicalCidr', () => {
  test('IPv4 and IPv6 network addresses, compressed as RFC 5952 writes them', () => {
    expect(canonicalCidr('203.0.113.77/24')).toBe('203.0.113.0/24');
    expect(canonicalCidr('0.0.0.0/0')).toBe('0.0.0.0/0');
    expect(canonicalCidr('::/0')).toBe('::/0');
    expect(canonicalCidr('2001:0db8:0000:0000:0000:0000:0000:0001/128')).toBe('2001:db8::1/128');
    expect(canonicalCidr('fe80::1:0:0:1/64')).toBe('fe80::/64');
    expect(canonicalCidr('::ffff:192.0.2.1/128')).toBe('::ffff:c000:201/128');
    expect(canonicalCidr('10.0.0.0')).toBeUndefined();
  });

  test('property: the canonical form of any IPv4 range is accepted and is its own canonical form', () => {
    fc.assert(fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (ip, bits) => {
      const c = canonicalCidr(`${ip}/${bits}`)!;
      expect(canonicalCidr(c)).toBe(c);
      expect(EndpointAccess.open({ allowedSourceRanges: [c] }).options.allowedSourceRanges).toStrictEqual([c]);
    }), { numRuns: 200 });
  });

  test('property: the canonical form of any IPv6 range is its own canonical form', () => {
    fc.assert(fc.property(fc.ipV6(), fc.integer({ min: 0, max: 128 }), (ip, bits) => {
      const c = canonicalCidr(`${ip}/${bits}`);
      expect(c).toBeDefined();
      expect(canonicalCidr(c!)).toBe(c);
    }), { numRuns: 200 });
  });
});

describe('access on the patterns', () => {
  test('access without ingress is refused: the gateway enforces it', () => {
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, access: EndpointAccess.apiKeys({ secret: KEYS }) }));
    expect(e.prop).toBe('access');
    expect(e.message).toContain('needs ingress: access is enforced by the gateway in front of the frontend (got "EndpointAccess.apiKeys")');
    expect(e.message).toContain('in-cluster callers reach llm-frontend directly');
  });

  test('a feature the ingress cannot enforce names the prop, the enforcer and who can', () => {
    // WHEN API keys are asked of Cloud.generic()'s unknown ingress controller
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, ingress: {}, access: EndpointAccess.apiKeys({ secret: KEYS }) }));
    // THEN the error names access and points to Envoy Gateway
    expect(e.prop).toBe('access');
    expect(e.message).toContain('access asks for client API keys (EndpointAccess.apiKeys), which ');
    expect(e.message).toContain('(got "EndpointAccess.apiKeys"); it is enforced by IngressController.envoyGateway() or IngressController.envoyAiGateway()');
  });

  test('an option feature is named by its own prop and value', () => {
    const controller = IngressController.custom(new RecordingGateway());
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', {
      model: MODEL, ingress: { controller }, access: EndpointAccess.apiKeys({ secret: KEYS, tokensPerMinute: 1000 }),
    }));
    expect(e.prop).toBe('access.tokensPerMinute');
    expect(e.message).toBe('access.tokensPerMinute asks for a per-client LLM token limit, which RecordingGateway does not enforce (got 1000); '
      + 'it is enforced by IngressController.envoyAiGateway() (set ingress.controller; Envoy AI Gateway counts the tokens of each OpenAI response)');
  });

  test('a custom profile without accessSupport refuses every feature', () => {
    class Bare extends CloudProfile {
      public readonly id = 'bare';
      public readonly displayName = 'Bare';
      public readonly ingressOptions = ['host'] as const;
      public bind(ctx: CloudContext): CloudBinding { return { pools: Object.fromEntries(ctx.pools.map((p) => [p.prop, {}])) }; }
      public addIngress(): readonly ApiObject[] { return []; }
    }
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', {
      model: MODEL, cloud: Cloud.custom(new Bare()), ingress: {}, access: EndpointAccess.open({ allowedSourceRanges: ['10.0.0.0/8'] }),
    }));
    expect(e.message.startsWith('access.allowedSourceRanges asks for a source CIDR allow list, which the ingress of Bare does not enforce (got ["10.0.0.0/8"])')).toBe(true);
  });

  test('a custom controller gets the context, and its unapplied options are refused', () => {
    // GIVEN a gateway of one's own
    const profile = new RecordingGateway();
    const chart = newChart();
    // WHEN a pattern uses it with API keys and a request limit
    const llm = new AggregatedLlm(chart, 'llm', {
      model: MODEL, servedModelName: 'qwen', ingress: { controller: IngressController.custom(profile), className: 'mine' },
      access: EndpointAccess.apiKeys({ secret: KEYS, requestsPerMinute: 60 }),
    });
    const objs = synthValid(chart);
    // THEN bind saw the deployment, the target, the model and the access
    expect(profile.seen?.target).toStrictEqual({ serviceName: 'llm-frontend', port: 8000, healthPath: '/health' });
    expect(profile.seen?.servedModelName).toBe('qwen');
    expect(profile.seen?.timeoutSeconds).toBe(300);
    expect(String(profile.seen?.access)).toBe('EndpointAccess.apiKeys');
    expect(only(objs, 'Gateway').spec.gatewayClassName).toBe('mine');
    expect(llm.cloudObjects.ingress.map((o) => o.kind)).toStrictEqual(['Gateway']);
    // AND an option it does not apply is refused
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, ingress: { controller: IngressController.custom(new RecordingGateway()), internal: true } }));
    expect(e.message.startsWith('ingress.internal is not applied by RecordingGateway (got true)')).toBe(true);
  });

  test('the card and curlCommand say how to call, never with a key', () => {
    // GIVEN API keys with limits and an allow list, on a host
    const chart = newChart();
    const llm = new AggregatedLlm(chart, 'llm', {
      model: MODEL, ingress: { controller: IngressController.custom(new RecordingGateway()), host: 'llm.example.com' },
      access: EndpointAccess.apiKeys({ secret: KEYS, requestsPerMinute: 600 }),
    });
    // THEN the card names the header and the Secret, not a value
    expect(llm.endpointCard.access).toStrictEqual({
      credential: 'API keys',
      enforcedBy: 'RecordingGateway',
      header: 'Authorization: Bearer <API key>',
      howToCall: 'send a client\'s key from Secret llm-api-keys (the value of its entry; the entry\'s key is the client id), as OpenAI SDKs send api_key',
      clientIdentity: 'the API key\'s client id (its entry in Secret llm-api-keys; the gateway sets no x-dynamo-client-id: one a client sends reaches the frontend unchecked)',
      secretName: 'llm-api-keys',
      requestsPerMinute: 600,
      summary: 'API keys (Authorization: Bearer), 600 requests/min per client; enforced by RecordingGateway',
    });
    // AND a warning says how to close the in-cluster path without cutting the gateway or Prometheus off
    expect(llm.endpointCard.warnings.at(-1)).toBe('access is enforced at the gateway only: pods in the cluster reach llm-frontend:8000 directly, '
      + 'without credentials or limits; restrict ingress to the frontend pods (llm-frontend, port 8000) with a NetworkPolicy that admits the gateway '
      + '(its pods, or the load balancer\'s addresses for the ALB / GKE Gateway) and Prometheus');
    // AND curl calls the host with the key from the environment
    expect(llm.curlCommand).toBe('curl -sS "https://llm.example.com/v1/chat/completions" -H "Authorization: Bearer $DYNAMO_API_KEY" '
      + '-H \'Content-Type: application/json\' -d \'{"model":"Qwen/Qwen3-0.6B","messages":[{"role":"user","content":"Hello! Who are you?"}],"max_tokens":64}\'');
  });

  test('an enforcer that sets no client id and keeps no limits says so in clientIdentity', () => {
    // GIVEN a JWT and API keys without limits, enforced by a gateway that forwards no client id
    const jwt = accessCard(EndpointAccess.jwt({ issuer: ISSUER, audiences: ['llm'], jwksUri: JWKS }), 'the ALB of Cloud.eks()');
    const keys = accessCard(EndpointAccess.apiKeys({ secret: KEYS }), 'RecordingGateway');
    // THEN the card says the credential admits only, and a client-sent id is not checked
    expect(jwt.clientIdentity).toBe('the JWT\'s sub claim (no per-client limits here; the gateway sets no x-dynamo-client-id: one a client sends reaches the frontend unchecked)');
    expect(keys.clientIdentity).toBe('the API key\'s client id (its entry in Secret llm-api-keys; no per-client limits here; '
      + 'the gateway sets no x-dynamo-client-id: one a client sends reaches the frontend unchecked)');
    // AND a gateway that forwards it says where
    expect(accessCard(EndpointAccess.jwt({ issuer: ISSUER, audiences: ['llm'], jwksUri: JWKS, clientIdClaim: 'azp' }), 'IngressController.envoyGateway()', CLIENT_ID_HEADER).clientIdentity)
      .toBe('the JWT\'s azp claim, forwarded to the frontend as x-dynamo-client-id (a token without it counts per source IP)');
    expect(jwt.summary).toBe('JWT (Authorization: Bearer); enforced by the ALB of Cloud.eks()');
  });

  test('without a host, curl reads the gateway address; without access, the in-cluster command is unchanged', () => {
    const open = new AggregatedLlm(newChart(), 'llm', {
      model: MODEL, ingress: { controller: IngressController.custom(new RecordingGateway()) }, access: EndpointAccess.apiKeys({ secret: KEYS }),
    });
    expect(open.curlCommand.startsWith('curl -sS "http://$GATEWAY_ADDRESS/v1/chat/completions" -H "Authorization: Bearer $DYNAMO_API_KEY"')).toBe(true);
    const plain = new AggregatedLlm(newChart(), 'llm', { model: MODEL });
    expect(plain.curlCommand.startsWith('curl -sS http://llm-frontend.llm.svc.cluster.local:8000/v1/chat/completions')).toBe(true);
    expect(plain.endpointCard.access).toBeUndefined();
  });

  test('an untyped caller passing a string as access gets the factories', () => {
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, ingress: {}, access: 'api-keys' as never }));
    expect(e.prop).toBe('access');
    expect(e.message).toContain('use EndpointAccess.apiKeys({ secret })');
    expect(validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, ingress: { controller: 'envoy' as never } })).prop).toBe('ingress.controller');
  });

  test('an EndpointAccess of another copy of the package is judged by what it asks, not by object identity', () => {
    // GIVEN what a second copy makes: its own AccessFeature objects, the same global brand
    const real = EndpointAccess.apiKeys({ secret: KEYS, requestsPerMinute: 60 });
    const feature = (f: AccessFeature) => ({ ...f, isIn: (fs: readonly AccessFeature[]) => fs.some((x) => x.id === f.id), toString: () => f.id });
    const copy = Object.defineProperties({
      credential: feature(AccessFeature.API_KEYS), options: real.options, apiKeyProps: real.apiKeyProps,
      features: [feature(AccessFeature.API_KEYS), feature(AccessFeature.REQUESTS_PER_MINUTE)], toString: () => 'EndpointAccess.apiKeys',
    }, { [Symbol.for('dynamo-constructs.EndpointAccess')]: { value: true } }) as unknown as EndpointAccess;
    // WHEN Envoy Gateway enforces it
    const llm = new AggregatedLlm(newChart(), 'llm', { model: MODEL, ingress: { controller: IngressController.envoyGateway() }, access: copy });
    // THEN it is accepted and the card knows the credential
    expect(llm.endpointCard.access?.credential).toBe('API keys');
    expect(llm.endpointCard.access?.clientIdentity).toContain(`forwarded to the frontend as ${CLIENT_ID_HEADER}`);
  });
});

describe('no key, token or client secret reaches a manifest', () => {
  const SECRET = 'llm-credentials';
  const ref = SecretRef.fromSecretName(SECRET);
  const TLS = { host: 'llm.example.com', tlsSecret: SecretRef.fromSecretName('llm-tls') };
  const OIDC = { issuer: 'https://accounts.example.com', clientId: 'llm-console', clientSecret: ref,
    authorizationEndpoint: 'https://accounts.example.com/authorize', tokenEndpoint: 'https://accounts.example.com/token', userInfoEndpoint: 'https://accounts.example.com/userinfo' };
  const cases: ReadonlyArray<readonly [string, () => AggregatedLlmProps]> = [
    ['Envoy AI Gateway, API keys', () => ({ model: MODEL, ingress: { ...TLS, controller: IngressController.envoyAiGateway() },
      access: EndpointAccess.apiKeys({ secret: ref, requestsPerMinute: 60, tokensPerMinute: 1000 }) })],
    ['Envoy Gateway, OIDC', () => ({ model: MODEL, ingress: { ...TLS, controller: IngressController.envoyGateway() }, access: EndpointAccess.oidc(OIDC) })],
    ['the ALB of Cloud.eks(), OIDC', () => ({ model: MODEL, cloud: Cloud.eks(EKS_OPTIONS), workers: { machineType: 'g6e.2xlarge' },
      ingress: { host: 'llm.example.com' }, access: EndpointAccess.oidc(OIDC) })],
    ['the ALB of Cloud.eksAutoMode(), OIDC', () => ({ model: MODEL, cloud: Cloud.eksAutoMode(), workers: { machineType: 'g6e.2xlarge' },
      ingress: { host: 'llm.example.com' }, access: EndpointAccess.oidc(OIDC) })],
    ['the GKE Gateway, IAP with its own OAuth client', () => ({ model: MODEL, cloud: Cloud.gke(), workers: { gpuType: GpuType.L4 }, ingress: TLS,
      access: EndpointAccess.iap({ clientId: '123-abc.apps.googleusercontent.com', oauth2ClientSecret: ref }) })],
  ];
  /** Where a Secret's name may stand: the references the implementations read the credential from. */
  const REFERENCE_PATHS = [
    /\.spec\.apiKeyAuth\.credentialRefs\[0\]\.name$/, /\.spec\.oidc\.clientSecret\.name$/, /\.spec\.default\.iap\.oauth2ClientSecret\.name$/,
    /\.rules\[0\]\.resourceNames\[0\]$/, /\.metadata\.annotations\["alb\.ingress\.kubernetes\.io\/auth-idp-oidc"\]$/,
  ];

  test.each(cases)('%s: no Secret is written, and the Secret is named only where the gateway reads it', (_name, props) => {
    // GIVEN / WHEN
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', props());
    const objs = synthValid(chart);
    // THEN no Secret object, no Secret data anywhere
    expect(objs.filter((o) => o.kind === 'Secret')).toStrictEqual([]);
    expect(JSON.stringify(objs)).not.toMatch(/"(stringData|data)":\{"(client-secret|clientSecret|key)"/);
    // AND each occurrence of the Secret's name is a reference field
    const places: string[] = [];
    const walk = (v: unknown, at: string): void => {
      if (typeof v === 'string') { if (v.includes(SECRET)) places.push(at); return; }
      if (Array.isArray(v)) { v.forEach((x, i) => walk(x, `${at}[${i}]`)); return; }
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, /^[A-Za-z_]\w*$/.test(k) ? `${at}.${k}` : `${at}[${JSON.stringify(k)}]`);
    };
    objs.forEach((o, i) => walk(o, `$[${i}]`));
    expect(places.length).toBeGreaterThan(0);
    expect(places.filter((p) => !REFERENCE_PATHS.some((r) => r.test(p)))).toStrictEqual([]);
  });
});

describe('the Envoy controllers end to end', () => {
  test('observability watches the Envoy proxies of the deployment\'s own Gateway', () => {
    // GIVEN Envoy AI Gateway with API keys and a token limit, and observability on
    const chart = newChart();
    const llm = new AggregatedLlm(chart, 'llm', {
      model: MODEL,
      ingress: { controller: IngressController.envoyAiGateway({ proxyNamespace: 'edge' }) },
      access: EndpointAccess.apiKeys({ secret: KEYS, tokensPerMinute: 100000 }),
      observability: {},
    });
    const objs = synthValid(chart);
    // THEN the deployment is observed with its gateway, and a PodMonitor selects that Gateway's Envoy pods
    expect(llm.observedDeployment.gateway).toStrictEqual({
      name: 'llm-frontend', namespace: 'llm', proxyNamespace: 'edge', accessChecks: ['apiKeys', 'tokensPerMinute'], globalRateLimit: true,
    });
    const monitor = objs.find((o) => o.kind === 'PodMonitor' && o.metadata.name === 'llm-gateway')!;
    expect(monitor.spec.namespaceSelector).toStrictEqual({ matchNames: ['edge'] });
    expect(monitor.spec.selector.matchLabels['gateway.envoyproxy.io/owning-gateway-name']).toBe('llm-frontend');
    // AND the topology names the gateway and what it enforces
    const ingressBox = llm.topology.nodes.find((n) => n.id === 'ingress')!;
    expect(ingressBox.title).toBe('Envoy AI Gateway');
    expect(ingressBox.details.at(-1)).toBe('access: API keys (Authorization: Bearer), 100000 tokens/min per client');
  });
});
