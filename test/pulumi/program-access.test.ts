import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { EndpointAccess, IngressController, SecretRef } from '../../lib';
import { deploy } from '../../stacks/pulumi/deploy';
import { stackConfigReader } from '../support/stack-config';

// The program's `access` and `ingress.controller` keys: what each reads into, and every error path.
// Reading needs no mocks: only the config map, set per test under a project namespace of its own; nor
// does a value the pattern refuses, which fails before the component registers anything.

const MODEL = { model: 'Qwen/Qwen3-0.6B' };
const ISSUER = 'https://login.example.com/';
const JWKS = 'https://login.example.com/.well-known/jwks.json';
/** What a user might paste where a Secret's name belongs: an API key (`openssl rand -hex 32`). */
const HEX_KEY = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const SK_KEY = 'sk-proj-AbCdEfGh0123456789xyz';
const GOOGLE_SECRET = 'GOCSPX-AbCdEfGhIjKlMnOpQrStUvWxYz012345';

/** Reads values as the stack config (objects as Pulumi stores them: JSON). */
const read = stackConfigReader('acc');

/** The message of the error reading `values` throws. */
function error(values: Record<string, unknown>, secretKeys: string[] = []): string {
  try {
    read(values, secretKeys);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('reading the config did not fail');
}

describe('ingress.controller: the gateway that serves the frontend, by kind', () => {
  test('by name alone, or with its settings (as pulumi config set --path stores them: strings)', () => {
    // GIVEN / WHEN
    const byName = read({ ...MODEL, ingress: { controller: 'envoyAiGateway' } }).args.ingress;
    const withSettings = read({
      ...MODEL, ingress: { host: 'llm.example.com', controller: { kind: 'envoyGateway', globalRateLimit: 'true', trustedProxyHops: '2', proxyNamespace: 'eg-proxies' } },
    }).args.ingress;
    // THEN
    expect(byName).toStrictEqual({ controller: IngressController.envoyAiGateway() });
    expect(withSettings).toStrictEqual({
      host: 'llm.example.com', controller: IngressController.envoyGateway({ globalRateLimit: true, trustedProxyHops: 2, proxyNamespace: 'eg-proxies' }),
    });
  });

  test.each([
    ['a controller the program does not know', { controller: 'envoy' },
      "config ingress.controller must be one of envoyGateway, envoyAiGateway (got \"envoy\"); run pulumi config set --path 'ingress.controller' envoyGateway"],
    ['settings without the kind', { controller: { globalRateLimit: true } },
      "config ingress.controller.kind must say which ingress controller: one of envoyGateway, envoyAiGateway (got undefined); run pulumi config set --path 'ingress.controller.kind' envoyGateway"],
    ['a misspelt setting', { controller: { kind: 'envoyAiGateway', trustedProxyHop: 1 } },
      'config ingress.controller.trustedProxyHop is not a setting of EnvoyAiGatewayOptions (got 1); did you mean ingress.controller.trustedProxyHops? '
      + "run pulumi config rm --path 'ingress.controller.trustedProxyHop' && pulumi config set --path 'ingress.controller.trustedProxyHops' 1"],
    ['a value the library refuses, on the config key', { controller: { kind: 'envoyGateway', trustedProxyHops: 0 } },
      'config ingress.controller.trustedProxyHops must be a whole number from 1 to 32 (got 0); count the proxies in front of Envoy that append to X-Forwarded-For '
      + "(1 for one CDN or L7 load balancer), or leave it out; change it with pulumi config set --path 'ingress.controller.trustedProxyHops' <value>"],
  ])('%s is refused naming the key and the fix', (_mistake, ingress, message) => {
    expect(error({ ...MODEL, ingress })).toBe(message);
  });
});

describe('access: who may call the endpoint, as EndpointAccess.<kind> takes it', () => {
  test.each([
    ['apiKeys, the Secret by name, limits as strings', { kind: 'apiKeys', secret: 'llm-api-keys', requestsPerMinute: '600', tokensPerMinute: 200000, allowedSourceRanges: ['203.0.113.0/24'] },
      EndpointAccess.apiKeys({ secret: SecretRef.fromSecretName('llm-api-keys'), requestsPerMinute: 600, tokensPerMinute: 200000, allowedSourceRanges: ['203.0.113.0/24'] })],
    ['jwt', { kind: 'jwt', issuer: ISSUER, audiences: ['llm-api'], jwksUri: JWKS, clientIdClaim: 'azp', requestsPerMinute: 300 },
      EndpointAccess.jwt({ issuer: ISSUER, audiences: ['llm-api'], jwksUri: JWKS, clientIdClaim: 'azp', requestsPerMinute: 300 })],
    ['oidc, the client secret by Secret name', {
      kind: 'oidc', issuer: 'https://accounts.example.com', clientId: 'llm-console', clientSecret: 'llm-oidc', authorizationEndpoint: 'https://accounts.example.com/authorize',
      tokenEndpoint: 'https://accounts.example.com/token', userInfoEndpoint: 'https://accounts.example.com/userinfo', scopes: ['openid', 'email'],
    }, EndpointAccess.oidc({
      issuer: 'https://accounts.example.com', clientId: 'llm-console', clientSecret: SecretRef.fromSecretName('llm-oidc'), authorizationEndpoint: 'https://accounts.example.com/authorize',
      tokenEndpoint: 'https://accounts.example.com/token', userInfoEndpoint: 'https://accounts.example.com/userinfo', scopes: ['openid', 'email'],
    })],
    ['cognito', { kind: 'cognito', userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123', userPoolClientId: 'abc123', userPoolDomain: 'my-llm' },
      EndpointAccess.cognito({ userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123', userPoolClientId: 'abc123', userPoolDomain: 'my-llm' })],
    ['iap by name alone: the Google-managed OAuth client', 'iap', EndpointAccess.iap()],
    ['iap with its own OAuth client and a Cloud Armor policy', {
      kind: 'iap', clientId: '123456789-abc.apps.googleusercontent.com', oauth2ClientSecret: 'llm-iap-oauth', cloudArmorPolicy: 'llm-allow-list',
    }, EndpointAccess.iap({ clientId: '123456789-abc.apps.googleusercontent.com', oauth2ClientSecret: SecretRef.fromSecretName('llm-iap-oauth'), cloudArmorPolicy: 'llm-allow-list' })],
    ['open, with a source allow list', { kind: 'open', allowedSourceRanges: ['10.0.0.0/8', '2001:db8::/32'] }, EndpointAccess.open({ allowedSourceRanges: ['10.0.0.0/8', '2001:db8::/32'] })],
  ])('%s', (_kind, access, expected) => {
    // GIVEN / WHEN
    const got = read({ ...MODEL, access }).args.access;
    // THEN
    expect(got).toStrictEqual(expected);
  });

  test.each([
    ['settings without the kind', { secret: 'llm-api-keys' },
      "config access.kind must say which access kind: one of apiKeys, jwt, oidc, cognito, iap, open (got undefined); run pulumi config set --path 'access.kind' apiKeys"],
    ['a kind the program does not know, a word: shown', 'apikey',
      'config access must be one of apiKeys, jwt, oidc, cognito, iap, open (got "apikey"); run pulumi config set access apiKeys'],
    ['an API key pasted as access: never shown', SK_KEY,
      'config access must be one of apiKeys, jwt, oidc, cognito, iap, open (the access kind); a credential belongs in a Kubernetes Secret, named by access.secret (got "<redacted>"); '
      + "run pulumi config rm access && pulumi config set --path 'access.kind' apiKeys && pulumi config set --path 'access.secret' llm-api-keys"],
    ['an API key pasted as the kind: never shown', { kind: HEX_KEY },
      'config access.kind must be one of apiKeys, jwt, oidc, cognito, iap, open (the access kind); a credential belongs in a Kubernetes Secret, named by access.secret (got "<redacted>"); '
      + "run pulumi config rm --path 'access.kind' && pulumi config set --path 'access.kind' apiKeys && pulumi config set --path 'access.secret' llm-api-keys"],
    ['apiKeys without the Secret', { kind: 'apiKeys', requestsPerMinute: 600 },
      "config access.secret is required by ApiKeyAccessProps (got undefined); run pulumi config set --path 'access.secret' llm-api-keys"],
    ['jwt without an audience: the fix sets a list entry', { kind: 'jwt', issuer: ISSUER, jwksUri: JWKS },
      "config access.audiences[0] is required by JwtAccessProps (the aud values accepted, at least one) (got undefined); run pulumi config set --path 'access.audiences[0]' llm-api"],
    ['one audience where a list belongs', { kind: 'jwt', issuer: ISSUER, jwksUri: JWKS, audiences: 'llm-api' },
      "config access.audiences must be a list (got \"llm-api\"); run pulumi config rm --path 'access.audiences' && pulumi config set --path 'access.audiences[0]' llm-api"],
    ['a setting of another kind', { kind: 'jwt', issuer: ISSUER, jwksUri: JWKS, audiences: ['llm'], secret: 'llm-api-keys' },
      'config access.secret is not a setting of JwtAccessProps (got "<redacted>"); the settings are issuer, audiences, jwksUri, clientIdClaim, allowedSourceRanges, '
      + "requestsPerMinute, tokensPerMinute, cloudArmorPolicy; run pulumi config rm --path 'access.secret'"],
    ['a limit in words', { kind: 'open', requestsPerMinute: 'many' },
      "config access.requestsPerMinute must be a number (got \"many\"); run pulumi config set --path 'access.requestsPerMinute' <number>"],
    ['open with nothing to restrict', 'open',
      'config access must restrict something: kind open needs allowedSourceRanges, requestsPerMinute, tokensPerMinute or cloudArmorPolicy (got "{}"); '
      + "run pulumi config set --path 'access.allowedSourceRanges[0]' 203.0.113.0/24, set a credential (kind apiKeys or jwt), or run pulumi config rm access"],
  ])('%s is refused naming the key and the fix', (_mistake, access, message) => {
    expect(error({ ...MODEL, access })).toBe(message);
  });

  test.each([
    ['a JWKS URL that is not HTTPS', { kind: 'jwt', issuer: ISSUER, audiences: ['llm'], jwksUri: 'http://login.example.com/jwks' },
      'config access.jwksUri must be an https:// URL (got "http://login.example.com/jwks"); use e.g. "https://login.example.com/.well-known/jwks.json"; '
      + "change it with pulumi config set --path 'access.jwksUri' https://login.example.com/.well-known/jwks.json"],
    ['a source range with host bits', { kind: 'open', allowedSourceRanges: ['10.0.0.1/8'] },
      'config access.allowedSourceRanges[0] must be written as its network address (the bits after the prefix length are zero) (got "10.0.0.1/8"); '
      + "use \"10.0.0.0/8\" (load balancers refuse a range with host bits set); change it with pulumi config set --path 'access.allowedSourceRanges[0]' 10.0.0.0/8"],
    ['an IAP client id without its secret', { kind: 'iap', clientId: '123456789-abc.apps.googleusercontent.com' },
      'config access.clientId must be set with the other: an OAuth client is an id and its secret (got "123456789-abc.apps.googleusercontent.com"); '
      + "set both access.clientId and access.oauth2ClientSecret, or neither to use the Google-managed OAuth client; "
      + "set the other with pulumi config set --path 'access.oauth2ClientSecret' llm-iap-oauth, or remove it with pulumi config rm --path 'access.clientId'"],
    ['an IAP OAuth client secret without its client id', { kind: 'iap', oauth2ClientSecret: 'llm-iap-oauth' },
      'config access.oauth2ClientSecret must be set with the other: an OAuth client is an id and its secret (got "llm-iap-oauth"); '
      + 'set both access.clientId and access.oauth2ClientSecret, or neither to use the Google-managed OAuth client; '
      + "set the other with pulumi config set --path 'access.clientId' 123456789-abc.apps.googleusercontent.com, or remove it with pulumi config rm --path 'access.oauth2ClientSecret'"],
  ])('a rule of the library: %s, on the config key', (_mistake, access, message) => {
    expect(error({ ...MODEL, access })).toBe(message);
  });
});

describe('access and ingress the pattern refuses: the commands that fix them', () => {
  const GKE = { cloud: { provider: 'gke' }, workers: { gpuType: 'l4' } };
  const EKS = {
    cloud: { provider: 'eks', ami: 'al2023@v20250821', nodeRole: 'KarpenterNodeRole-my-cluster', subnetIds: ['subnet-0abc1234'], securityGroupIds: ['sg-0abc1234'] },
    workers: { gpuType: 'l4' },
  };
  const HTTPS = { host: 'llm.example.com', tlsSecret: 'llm-tls' };
  const ARMOR = { kind: 'open', cloudArmorPolicy: 'llm-allow' };
  /** The refusal of Cloud Armor by GKE's `className`, up to the fix. */
  const armorRefused = (className: string) => 'config access.cloudArmorPolicy asks for a Cloud Armor security policy, which the GKE Gateway '
    + `(${className}) of Cloud.gke() does not enforce (got "llm-allow"); it is enforced by the external GKE Gateway of Cloud.gke() (its default class gke-l7-global-external-managed); `;
  const ENVOY_TLS = 'Envoy terminates TLS itself with a kubernetes.io/tls Secret: set ingress.tlsSecret (cert-manager can issue it) and remove ingress.certificateArn; ';
  const ACM = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';

  /** The message of the error deploying `values` throws. */
  function deployError(values: Record<string, unknown>): string {
    const spec = read({ ...MODEL, ...values });
    try {
      deploy({ ...spec, name: 'refused' });
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('deploying the config did not fail');
  }

  test.each([
    ['Cloud Armor on the internal class: removed, or the external class', { ...GKE, ingress: { internal: true }, access: ARMOR },
      `${armorRefused('gke-l7-rilb')}remove it with pulumi config rm --path 'access.cloudArmorPolicy', or use the global external class with pulumi config rm --path 'ingress.internal'`],
    ['Cloud Armor on the internal class by name too: both removed for the external class', { ...GKE, ingress: { internal: true, className: 'gke-l7-rilb' }, access: ARMOR },
      `${armorRefused('gke-l7-rilb')}remove it with pulumi config rm --path 'access.cloudArmorPolicy', `
      + "or use the global external class with pulumi config rm --path 'ingress.className' && pulumi config rm --path 'ingress.internal'"],
    ['Cloud Armor on the regional external class', { ...GKE, ingress: { className: 'gke-l7-regional-external-managed' }, access: ARMOR },
      `${armorRefused('gke-l7-regional-external-managed')}remove it with pulumi config rm --path 'access.cloudArmorPolicy', `
      + "or use the global external class with pulumi config rm --path 'ingress.className'"],
    ['Cloud Armor on the ALB: no gateway of the program enforces it, removed', { ...EKS, ingress: { host: 'llm.example.com' }, access: ARMOR },
      'config access.cloudArmorPolicy asks for a Cloud Armor security policy, which the ALB of Cloud.eks() does not enforce (got "llm-allow"); it is enforced by '
      + "the external GKE Gateway of Cloud.gke() (its default class gke-l7-global-external-managed); remove it with pulumi config rm --path 'access.cloudArmorPolicy'"],
    ['a source allow list on the GKE Gateway: the gateway that enforces it, or removed', { ...GKE, ingress: {}, access: { kind: 'open', allowedSourceRanges: ['10.0.0.0/8'] } },
      'config access.allowedSourceRanges asks for a source CIDR allow list, which the GKE Gateway of Cloud.gke() does not enforce (got ["10.0.0.0/8"]); it is enforced by '
      + 'IngressController.envoyGateway() or IngressController.envoyAiGateway(), the ALB of Cloud.eks() or Cloud.eksAutoMode(), the Gateways (approuting-istio, istio) '
      + 'or the app routing NGINX Ingress of Cloud.aks(); on Cloud.gke() put the ranges in a Cloud Armor policy (access.cloudArmorPolicy); '
      + "change it with pulumi config set --path 'ingress.controller' envoyGateway, or remove it with pulumi config rm --path 'access.allowedSourceRanges'"],
    ['an ACM certificate with Envoy: removed, and the TLS Secret set', { ...EKS, ingress: { host: 'llm.example.com', certificateArn: ACM, controller: 'envoyGateway' } },
      `config ingress.certificateArn is not applied by IngressController.envoyGateway() (got "${ACM}"); ${ENVOY_TLS}`
      + "remove it with pulumi config rm --path 'ingress.certificateArn' && pulumi config set --path 'ingress.tlsSecret' llm-tls"],
    ['an ACM certificate with Envoy and no host: the host too', { ...EKS, ingress: { certificateArn: ACM, controller: 'envoyGateway' } },
      `config ingress.certificateArn is not applied by IngressController.envoyGateway() (got "${ACM}"); ${ENVOY_TLS}`
      + "remove it with pulumi config rm --path 'ingress.certificateArn' && pulumi config set --path 'ingress.host' llm.example.com && pulumi config set --path 'ingress.tlsSecret' llm-tls"],
    ['an ACM certificate with Envoy beside its TLS Secret: only removed', { ...EKS, ingress: { ...HTTPS, certificateArn: ACM, controller: 'envoyAiGateway' } },
      `config ingress.certificateArn is not applied by IngressController.envoyAiGateway() (got "${ACM}"); ${ENVOY_TLS}`
      + "remove it with pulumi config rm --path 'ingress.certificateArn'"],
    ['an internal load balancer with Envoy: removed', { ...EKS, ingress: { internal: true, controller: 'envoyGateway' } },
      'config ingress.internal is not applied by IngressController.envoyGateway() (got true); Envoy Gateway creates the proxy\'s LoadBalancer Service itself: '
      + 'make it internal with an EnvoyProxy resource whose spec.provider.kubernetes.envoyService.annotations carry your cloud\'s internal load balancer annotation, '
      + "referenced by the GatewayClass (spec.parametersRef), and remove ingress.internal; remove it with pulumi config rm --path 'ingress.internal'"],
  ])('%s', (_mistake, values, message) => {
    expect(deployError(values)).toBe(message);
  });
});

describe('access names Secrets only: a credential is refused and never shown', () => {
  /** Why a value that looks like a key is refused, for a Secret named like one. */
  const TAKEN_FOR_A_KEY = '; a Secret name with 32 or more letters and digits without a dash is taken for a key: rename the Secret with dashes';
  /** Why a value that is not a Kubernetes name is refused. */
  const NOT_A_SECRET_NAME = '; a Secret name is lowercase letters, digits, "-" and "." (at most 253 characters), and a value that is not one is not shown';
  const OIDC_CLIENT = { kind: 'oidc', issuer: 'https://accounts.example.com', clientId: 'llm-console' };

  test.each([
    ['an API key where the Secret of the keys belongs', HEX_KEY, { kind: 'apiKeys', secret: HEX_KEY },
      'config access.secret must be the name of the Kubernetes Secret that holds the credential, not the credential (got "<redacted>"); '
      + 'keep it in a Secret (kubectl create secret generic llm-api-keys -n <namespace> --from-literal=<client-id>=<api-key>) '
      + `and run pulumi config set --path 'access.secret' llm-api-keys${TAKEN_FOR_A_KEY}`],
    ['an sk- key', SK_KEY, { kind: 'apiKeys', secret: SK_KEY },
      'config access.secret must be the name of the Kubernetes Secret that holds the credential, not the credential (got "<redacted>"); '
      + 'keep it in a Secret (kubectl create secret generic llm-api-keys -n <namespace> --from-literal=<client-id>=<api-key>) '
      + `and run pulumi config set --path 'access.secret' llm-api-keys${TAKEN_FOR_A_KEY}`],
    ['an OIDC client secret', GOOGLE_SECRET, { kind: 'oidc', issuer: 'https://accounts.example.com', clientId: 'llm-console', clientSecret: GOOGLE_SECRET },
      'config access.clientSecret must be the name of the Kubernetes Secret that holds the credential, not the credential (got "<redacted>"); '
      + 'keep it in a Secret (kubectl create secret generic llm-oidc -n <namespace> --from-literal=client-secret=<secret> (keys clientID and clientSecret for the ALB)) '
      + `and run pulumi config set --path 'access.clientSecret' llm-oidc${TAKEN_FOR_A_KEY}`],
    ['an IAP OAuth client secret', GOOGLE_SECRET, { kind: 'iap', clientId: '123-abc.apps.googleusercontent.com', oauth2ClientSecret: GOOGLE_SECRET },
      'config access.oauth2ClientSecret must be the name of the Kubernetes Secret that holds the credential, not the credential (got "<redacted>"); '
      + "keep it in a Secret (kubectl create secret generic llm-iap-oauth -n <namespace> --from-literal=key=<secret>) and run pulumi config set --path 'access.oauth2ClientSecret' llm-iap-oauth"
      + TAKEN_FOR_A_KEY],
    ['a value that is no Kubernetes name', 'Bearer x9', { kind: 'apiKeys', secret: 'Bearer x9' },
      'config access.secret must be the name of the Kubernetes Secret that holds the credential, not the credential (got "<redacted>"); '
      + 'keep it in a Secret (kubectl create secret generic llm-api-keys -n <namespace> --from-literal=<client-id>=<api-key>) '
      + `and run pulumi config set --path 'access.secret' llm-api-keys${NOT_A_SECRET_NAME}`],
    ['an OIDC client secret with no letter or digit run long enough to look like a key, but not a name', 'Pa55_word!', { ...OIDC_CLIENT, clientSecret: 'Pa55_word!' },
      'config access.clientSecret must be the name of the Kubernetes Secret that holds the credential, not the credential (got "<redacted>"); '
      + 'keep it in a Secret (kubectl create secret generic llm-oidc -n <namespace> --from-literal=client-secret=<secret> (keys clientID and clientSecret for the ALB)) '
      + `and run pulumi config set --path 'access.clientSecret' llm-oidc${NOT_A_SECRET_NAME}`],
    ['an IAP OAuth client secret in capitals', 'GOCSPX-Short', { kind: 'iap', clientId: '123-abc.apps.googleusercontent.com', oauth2ClientSecret: 'GOCSPX-Short' },
      'config access.oauth2ClientSecret must be the name of the Kubernetes Secret that holds the credential, not the credential (got "<redacted>"); '
      + "keep it in a Secret (kubectl create secret generic llm-iap-oauth -n <namespace> --from-literal=key=<secret>) and run pulumi config set --path 'access.oauth2ClientSecret' llm-iap-oauth"
      + NOT_A_SECRET_NAME],
    ['a key under a setting access does not have', 'hunter2', { kind: 'apiKeys', secret: 'llm-api-keys', apiKey: 'hunter2' },
      'config access.apiKey is not a setting of ApiKeyAccessProps (got "<redacted>"); the settings are secret, allowedSourceRanges, requestsPerMinute, tokensPerMinute, '
      + "cloudArmorPolicy; run pulumi config rm --path 'access.apiKey'"],
  ])('%s', (_mistake, pasted, access, message) => {
    // GIVEN a credential where a name belongs / WHEN the config is read
    const m = error({ ...MODEL, access });
    // THEN the error names the key and the Secret that keeps it, and the value is nowhere in it
    expect(m).toBe(message);
    expect(m).not.toContain(pasted);
  });

  test('a Secret name with dashes between long runs of letters is a name, not a key', () => {
    // GIVEN / WHEN
    const got = read({ ...MODEL, access: { kind: 'apiKeys', secret: 'llm-api-keys-production-cluster-eu-west-2025' } }).args.access;
    // THEN
    expect(got).toStrictEqual(EndpointAccess.apiKeys({ secret: SecretRef.fromSecretName('llm-api-keys-production-cluster-eu-west-2025') }));
  });

  test('access set with --secret is refused before its value is read, with the Secret name that replaces it', () => {
    // GIVEN pulumi config set --secret --path 'access.secret' <key>, which marks the whole key access secret
    const message = error({ ...MODEL, access: { kind: 'apiKeys', secret: HEX_KEY } }, ['access']);
    // THEN
    expect(message).toBe('config access must not be a secret: the program writes it into the Kubernetes manifests in plain text (only hfToken is kept secret) (got "<redacted>"); '
      + 'run pulumi config rm access and set it again without --secret: access names the Kubernetes Secret that holds the credential (access.secret, access.clientSecret, '
      + "access.oauth2ClientSecret), never the credential (kubectl create secret generic llm-api-keys -n <namespace> --from-literal=<client-id>=<api-key> "
      + "&& pulumi config set --path 'access.secret' llm-api-keys)");
    expect(message).not.toContain(HEX_KEY);
  });
});

describe('a key pasted as a list, an object or text where a name or a kind belongs: shown by its type only', () => {
  /** What the fix of each refused credential Secret says. */
  const FIX = {
    secret: "keep the credential in a Secret (kubectl create secret generic llm-api-keys -n <namespace> --from-literal=<client-id>=<api-key>) and run "
      + "pulumi config rm --path 'access.secret' && pulumi config set --path 'access.secret' llm-api-keys",
    clientSecret: 'keep the credential in a Secret (kubectl create secret generic llm-oidc -n <namespace> --from-literal=client-secret=<secret> (keys clientID and clientSecret for the ALB)) '
      + "and run pulumi config rm --path 'access.clientSecret' && pulumi config set --path 'access.clientSecret' llm-oidc",
    oauth2ClientSecret: 'keep the credential in a Secret (kubectl create secret generic llm-iap-oauth -n <namespace> --from-literal=key=<secret>) '
      + "and run pulumi config rm --path 'access.oauth2ClientSecret' && pulumi config set --path 'access.oauth2ClientSecret' llm-iap-oauth",
  };
  const NOT_A_NAME = 'must be the name of the Kubernetes Secret that holds the credential (one name, as text)';
  const OIDC = { kind: 'oidc', issuer: 'https://accounts.example.com', clientId: 'llm-console' };
  const IAP = { kind: 'iap', clientId: '123-abc.apps.googleusercontent.com' };
  /** The refusal of a kind of `access` that is not one, at `where` (`access` or `access.kind`). */
  const notAKind = (where: string, got: string): string => `config ${where} must be one of apiKeys, jwt, oidc, cognito, iap, open (the access kind); `
    + `a credential belongs in a Kubernetes Secret, named by access.secret (got "${got}"); run ${where === 'access' ? 'pulumi config rm access' : `pulumi config rm --path '${where}'`} `
    + "&& pulumi config set --path 'access.kind' apiKeys && pulumi config set --path 'access.secret' llm-api-keys";

  test.each([
    ['access.secret as a list', SK_KEY, { kind: 'apiKeys', secret: [SK_KEY] }, `config access.secret ${NOT_A_NAME} (got "<redacted list>"); ${FIX.secret}`],
    ['access.secret as an object', HEX_KEY, { kind: 'apiKeys', secret: { name: HEX_KEY } }, `config access.secret ${NOT_A_NAME} (got "<redacted object>"); ${FIX.secret}`],
    ['access.secret as a number', '31415926535', { kind: 'apiKeys', secret: 31415926535 }, `config access.secret ${NOT_A_NAME} (got "<redacted number>"); ${FIX.secret}`],
    ['access.clientSecret as a list', GOOGLE_SECRET, { ...OIDC, clientSecret: [GOOGLE_SECRET] }, `config access.clientSecret ${NOT_A_NAME} (got "<redacted list>"); ${FIX.clientSecret}`],
    ['access.clientSecret as an object', GOOGLE_SECRET, { ...OIDC, clientSecret: { value: GOOGLE_SECRET } },
      `config access.clientSecret ${NOT_A_NAME} (got "<redacted object>"); ${FIX.clientSecret}`],
    ['access.oauth2ClientSecret as a list', GOOGLE_SECRET, { ...IAP, oauth2ClientSecret: [GOOGLE_SECRET] },
      `config access.oauth2ClientSecret ${NOT_A_NAME} (got "<redacted list>"); ${FIX.oauth2ClientSecret}`],
    ['access.oauth2ClientSecret as an object', GOOGLE_SECRET, { ...IAP, oauth2ClientSecret: { value: GOOGLE_SECRET } },
      `config access.oauth2ClientSecret ${NOT_A_NAME} (got "<redacted object>"); ${FIX.oauth2ClientSecret}`],
    ['access as a list', SK_KEY, [SK_KEY], notAKind('access', '<redacted list>')],
    ['access.kind as a list', SK_KEY, { kind: [SK_KEY] }, notAKind('access.kind', '<redacted list>')],
    ['access.kind as an object', SK_KEY, { kind: { key: SK_KEY } }, notAKind('access.kind', '<redacted object>')],
    ['access.kind as text', SK_KEY, { kind: SK_KEY }, notAKind('access.kind', '<redacted>')],
  ])('%s', (_mistake, pasted, access, message) => {
    // GIVEN a key where a Secret's name or the kind belongs / WHEN the config is read
    const m = error({ ...MODEL, access });
    // THEN the error names the key and the commands that fix it, and no part of the value is in it
    expect(m).toBe(message);
    expect(m).not.toContain(pasted.slice(0, 12));
  });

  test.each([
    ['ingress.controller as text', SK_KEY, SK_KEY,
      "config ingress.controller must be one of envoyGateway, envoyAiGateway (got \"<redacted>\"); run pulumi config set --path 'ingress.controller' envoyGateway"],
    ['ingress.controller as a list', SK_KEY, [SK_KEY],
      'config ingress.controller must be the ingress controller by name (one of envoyGateway, envoyAiGateway) or an object of its settings with kind (got "<redacted list>"); '
      + "run pulumi config rm --path 'ingress.controller' && pulumi config set --path 'ingress.controller.kind' envoyGateway"],
    ['ingress.controller.kind as an object', HEX_KEY, { kind: { key: HEX_KEY } },
      "config ingress.controller.kind must be one of envoyGateway, envoyAiGateway (got \"<redacted object>\"); run pulumi config set --path 'ingress.controller.kind' envoyGateway"],
    ['ingress.controller.kind as text', HEX_KEY, { kind: HEX_KEY },
      "config ingress.controller.kind must be one of envoyGateway, envoyAiGateway (got \"<redacted>\"); run pulumi config set --path 'ingress.controller.kind' envoyGateway"],
    ['ingress.controller.kind as a list', SK_KEY, { kind: [SK_KEY] },
      "config ingress.controller.kind must be one of envoyGateway, envoyAiGateway (got \"<redacted list>\"); run pulumi config set --path 'ingress.controller.kind' envoyGateway"],
  ])('%s', (_mistake, pasted, controller, message) => {
    // GIVEN a key where the controller's kind belongs / WHEN the config is read
    const m = error({ ...MODEL, ingress: { controller } });
    // THEN
    expect(m).toBe(message);
    expect(m).not.toContain(pasted.slice(0, 12));
  });

  test.each([
    ['ingress.tlsSecret as a list', { ingress: { tlsSecret: [SK_KEY] } }, 'ingress.tlsSecret', '<redacted list>'],
    ['imagePullSecrets[0] as a list', { imagePullSecrets: [[SK_KEY]] }, 'imagePullSecrets[0]', '<redacted list>'],
    ['the Grafana admin Secret as an object', { platform: { install: { kubePrometheusStack: { grafanaAdminSecret: { password: SK_KEY } } } } },
      'platform.install.kubePrometheusStack.grafanaAdminSecret', '<redacted object>'],
  ])('any Secret by name: %s', (_mistake, values, key, got) => {
    // GIVEN a key where a Secret's name belongs / WHEN the config is read
    const m = error({ ...MODEL, ...values });
    // THEN the key is named once, with the commands that replace the value by a name
    expect(m).toBe(`config ${key} must be the name of a Kubernetes Secret (one name, as text) (got "${got}"); `
      + `run pulumi config rm --path '${key}' && pulumi config set --path '${key}' <secret-name>`);
    expect(m).not.toContain(SK_KEY.slice(0, 12));
  });

  test('a Secret name the library refuses: the key named once, with its command', () => {
    // GIVEN / WHEN
    const m = error({ ...MODEL, ingress: { tlsSecret: 'Bearer x9' } });
    // THEN
    expect(m).toBe('config ingress.tlsSecret must be a Kubernetes object name (lowercase letters, digits, "-" and ".", at most 253 characters) (got "<redacted>"); '
      + "pass the metadata.name of the existing Secret (a value that is not a name is not shown: it may be a credential); change it with pulumi config set --path 'ingress.tlsSecret' <value>");
  });
});

describe('Pulumi.dev.yaml.example shows the keys commented out, as they read', () => {
  /** The commented-out YAML block that starts at the line `start` of the file, uncommented (its lines up to the first that is not `#` and deeper). */
  function commentedBlock(text: string, start: string): unknown {
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.trimEnd() === start);
    expect(i).toBeGreaterThanOrEqual(0);
    const indent = start.indexOf('#');
    const block = [lines[i]];
    for (const l of lines.slice(i + 1)) {
      if (!l.startsWith(`${' '.repeat(indent)}#   `)) break;
      block.push(l);
    }
    return parse(block.map((l) => l.slice(0, indent) + l.slice(indent + 2)).join('\n'));
  }

  test('ingress with a controller (in place of the NGINX one) and access', () => {
    // GIVEN
    const text = fs.readFileSync(path.resolve(__dirname, '../../Pulumi.dev.yaml.example'), 'utf8');
    const { 'dynamo-constructs:ingress': ingress } = commentedBlock(text, '  # dynamo-constructs:ingress:') as Record<string, unknown>;
    const { 'dynamo-constructs:access': access } = commentedBlock(text, '  # dynamo-constructs:access:') as Record<string, unknown>;
    // WHEN
    const spec = read({ ...MODEL, ingress, access });
    // THEN the whole ingress: the controller's, with none of the NGINX ingress's className and annotations
    expect(spec.args.ingress).toStrictEqual({
      host: 'llm.example.com', tlsSecret: SecretRef.fromSecretName('llm-tls'),
      controller: IngressController.envoyAiGateway({ globalRateLimit: true, trustedProxyHops: 1, proxyNamespace: 'envoy-gateway-system' }),
    });
    expect(spec.args.access).toStrictEqual(EndpointAccess.apiKeys({
      secret: SecretRef.fromSecretName('llm-api-keys'), allowedSourceRanges: ['203.0.113.0/24'], requestsPerMinute: 600, tokensPerMinute: 200000,
    }));
  });
});

describe('values that may hold a key, in the places the first fixes missed', () => {
  test('a misspelt key under access: any value, not only text, is redacted', () => {
    const e = (() => { try { read({ ...MODEL, ingress: { controller: 'envoyGateway' }, access: { kind: 'apiKeys', secret: 'llm-api-keys', keys: ['sk-proj-AbCdEf0123456789'] } }); } catch (x) { return x as Error; } return undefined; })();
    expect(e?.message).toContain('config access.keys is not a setting of');
    expect(e?.message).not.toContain('sk-proj');
  });

  test('imagePullSecrets given as one text value that is not a word is not shown', () => {
    const e = (() => { try { read({ ...MODEL, imagePullSecrets: 'sk-proj-AbCdEf0123456789' }); } catch (x) { return x as Error; } return undefined; })();
    expect(e?.message).toContain('config imagePullSecrets must be a list');
    expect(e?.message).not.toContain('sk-proj');
  });
});
