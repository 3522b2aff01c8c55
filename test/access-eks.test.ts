import { ApiObject } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { AggregatedLlm, Cloud, SecretRef } from '../lib';
import { AccessFeature } from '../lib/access/access-feature';
import { EndpointAccess } from '../lib/access/endpoint-access';
import { OidcAccessProps } from '../lib/access/endpoint-access-props';
import { CloudContext } from '../lib/cloud/cloud-profile';
import { FrontendIngressOptions } from '../lib/cloud/frontend-ingress';
import { EKS_OPTIONS } from './support/eks-options';
import { Manifest, newChart, only, synthValid, validationError } from './support/synth';

/*
 * `access` at the ALB of Cloud.eks() (AWS Load Balancer Controller annotations) and
 * Cloud.eksAutoMode() (annotations, IngressClassParams.spec.inboundCIDRs, and a Role for the
 * managed controller to read the OIDC Secret). Every object is schema-checked by synthValid.
 */

const A = 'alb.ingress.kubernetes.io';
const HOST = 'llm.example.com';

const OIDC: OidcAccessProps = {
  issuer: 'https://id.example.com',
  clientId: 'llm-console',
  clientSecret: SecretRef.fromSecretName('llm-oidc'),
  authorizationEndpoint: 'https://id.example.com/oauth2/authorize',
  tokenEndpoint: 'https://id.example.com/oauth2/token',
  userInfoEndpoint: 'https://id.example.com/oauth2/userinfo',
};
const OIDC_JSON = '{"issuer":"https://id.example.com","authorizationEndpoint":"https://id.example.com/oauth2/authorize",'
  + '"tokenEndpoint":"https://id.example.com/oauth2/token","userInfoEndpoint":"https://id.example.com/oauth2/userinfo","secretName":"llm-oidc"}';
const COGNITO = {
  userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123',
  userPoolClientId: '1example23456789',
  userPoolDomain: 'my-llm',
};
const JWT = { issuer: 'https://login.example.com/', audiences: ['llm-api', 'llm-batch'], jwksUri: 'https://login.example.com/.well-known/jwks.json' };

/** The frontend Service a profile's Ingress points at. */
const TARGET = { serviceName: 'llm-frontend', port: 8000, healthPath: '/health' };

/** The listener annotations of an ALB with a host (HTTPS, HTTP redirected). */
const HTTPS_LISTENERS = {
  [`${A}/target-type`]: 'ip',
  [`${A}/healthcheck-path`]: '/health',
  [`${A}/listen-ports`]: '[{"HTTP":80},{"HTTPS":443}]',
  [`${A}/ssl-redirect`]: '443',
};
/** What Cloud.eks() adds around the listeners (scheme, idle timeout). */
const EKS_BASE = {
  [`${A}/scheme`]: 'internet-facing',
  ...HTTPS_LISTENERS,
  [`${A}/load-balancer-attributes`]: 'idle_timeout.timeout_seconds=300',
};

/** An AggregatedLlm `llm` in namespace `llm` with the cloud, ingress and access given. */
function llm(cloud: Cloud, access: EndpointAccess | undefined, ingress: FrontendIngressOptions = { host: HOST }): Manifest[] {
  const chart = newChart();
  new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-0.6B', cloud, workers: { machineType: 'g6e.xlarge' }, ingress, access });
  return synthValid(chart);
}

/** The endpoint card's warnings that `access` adds, beyond the one every access gets (in-cluster callers bypass it). */
function accessWarnings(cloud: () => Cloud, access: EndpointAccess, ingress: FrontendIngressOptions = { host: HOST }): readonly string[] {
  const card = (a: EndpointAccess | undefined) => new AggregatedLlm(newChart(), 'llm', { model: 'Qwen/Qwen3-0.6B', cloud: cloud(), workers: { machineType: 'g6e.xlarge' }, ingress, access: a }).endpointCard;
  const without = card(undefined).warnings;
  return card(access).warnings.filter((w) => !without.includes(w) && !w.startsWith('access is enforced at the gateway only'));
}

/** `access` as another copy of the package would hand it over: equal features that are other objects. */
function fromAnotherCopy(access: EndpointAccess): EndpointAccess {
  const copy = (f: AccessFeature): AccessFeature => Object.assign(Object.create(AccessFeature.prototype) as AccessFeature, f);
  return Object.create(access, {
    credential: { value: access.credential ? copy(access.credential) : undefined },
    features: { value: access.features.map(copy) },
  }) as EndpointAccess;
}

const JWT_VERSION_WARNING = 'JWT validation needs AWS Load Balancer Controller v2.15.0 or later, and an older controller ignores the jwt-validation annotation and leaves the endpoint open: '
  + 'check the controller\'s image tag (kubectl -n kube-system get deployment aws-load-balancer-controller -o wide)';
const JWT_TOKEN_WARNING = 'the ALB accepts only RS256-signed tokens whose aud is a single string among access.audiences (a token with an array aud gets 401): '
  + 'have the issuer mint such tokens, or use IngressController.envoyGateway() (set ingress.controller)';

const eks = (): Cloud => Cloud.eks(EKS_OPTIONS);
const autoMode = (): Cloud => Cloud.eksAutoMode();

describe('Cloud.eks(): access at the ALB', () => {
  test('accessSupport: OIDC, Cognito, JWT and source ranges, enforced by the ALB of Cloud.eks()', () => {
    // GIVEN / WHEN
    const support = eks().profile.accessSupport({ host: HOST });
    // THEN
    expect(support).toStrictEqual({ enforcer: 'the ALB of Cloud.eks()', features: [AccessFeature.OIDC, AccessFeature.COGNITO, AccessFeature.JWT, AccessFeature.SOURCE_RANGES] });
  });

  test('EndpointAccess.oidc: auth-type oidc and auth-idp-oidc naming the Secret; no auth-scope for the default openid', () => {
    // GIVEN / WHEN
    const objs = llm(eks(), EndpointAccess.oidc(OIDC));
    // THEN
    expect(only(objs, 'Ingress').metadata.annotations).toStrictEqual({
      ...EKS_BASE,
      [`${A}/auth-type`]: 'oidc',
      [`${A}/auth-idp-oidc`]: OIDC_JSON,
    });
    expect(objs.filter((o) => o.kind === 'Role' || o.kind === 'RoleBinding')).toStrictEqual([]);
  });

  test('EndpointAccess.oidc with scopes: auth-scope space separated', () => {
    // GIVEN / WHEN
    const objs = llm(eks(), EndpointAccess.oidc({ ...OIDC, scopes: ['openid', 'email', 'profile'] }));
    // THEN
    expect(only(objs, 'Ingress').metadata.annotations[`${A}/auth-scope`]).toBe('openid email profile');
  });

  test('EndpointAccess.cognito: auth-type cognito, auth-idp-cognito and auth-scope', () => {
    // GIVEN / WHEN
    const objs = llm(eks(), EndpointAccess.cognito({ ...COGNITO, scopes: ['openid', 'email'] }));
    // THEN
    expect(only(objs, 'Ingress').metadata.annotations).toStrictEqual({
      ...EKS_BASE,
      [`${A}/auth-type`]: 'cognito',
      [`${A}/auth-idp-cognito`]: '{"userPoolARN":"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123","userPoolClientID":"1example23456789","userPoolDomain":"my-llm"}',
      [`${A}/auth-scope`]: 'openid email',
    });
  });

  test('EndpointAccess.jwt with allowedSourceRanges: jwt-validation (aud as a single-string claim) and inbound-cidrs', () => {
    // GIVEN / WHEN
    const objs = llm(eks(), EndpointAccess.jwt({ ...JWT, allowedSourceRanges: ['203.0.113.0/24', '198.51.100.0/22'] }));
    // THEN
    expect(only(objs, 'Ingress').metadata.annotations).toStrictEqual({
      ...EKS_BASE,
      [`${A}/jwt-validation`]: '{"jwksEndpoint":"https://login.example.com/.well-known/jwks.json","issuer":"https://login.example.com/",'
        + '"additionalClaims":[{"name":"aud","format":"single-string","values":["llm-api","llm-batch"]}]}',
      [`${A}/inbound-cidrs`]: '203.0.113.0/24,198.51.100.0/22',
    });
  });

  test('EndpointAccess.open with allowedSourceRanges: inbound-cidrs on an HTTP ALB (no host needed)', () => {
    // GIVEN / WHEN
    const objs = llm(eks(), EndpointAccess.open({ allowedSourceRanges: ['10.0.0.0/8'] }), {});
    // THEN
    const annotations = only(objs, 'Ingress').metadata.annotations;
    expect([annotations[`${A}/listen-ports`], annotations[`${A}/inbound-cidrs`], annotations[`${A}/auth-type`]]).toStrictEqual(['[{"HTTP":80}]', '10.0.0.0/8', undefined]);
  });

  test('an IPv6 range on a dualstack ALB, and auth-on-unauthenticated-request deny, are accepted', () => {
    // GIVEN
    const ingress = { host: HOST, annotations: { [`${A}/ip-address-type`]: 'dualstack', [`${A}/auth-on-unauthenticated-request`]: 'deny' } };
    // WHEN
    const objs = llm(eks(), EndpointAccess.oidc({ ...OIDC, allowedSourceRanges: ['2001:db8::/32'] }), ingress);
    // THEN
    const annotations = only(objs, 'Ingress').metadata.annotations;
    expect([annotations[`${A}/inbound-cidrs`], annotations[`${A}/auth-on-unauthenticated-request`]]).toStrictEqual(['2001:db8::/32', 'deny']);
  });

  test('the endpoint card warns about the controller version and token shape JWT needs, and the class params that override inbound CIDRs', () => {
    // GIVEN / WHEN
    const warnings = accessWarnings(eks, EndpointAccess.jwt({ ...JWT, allowedSourceRanges: ['203.0.113.0/24'] }), { host: HOST, className: 'internet-alb' });
    // THEN
    expect(warnings).toStrictEqual([
      JWT_VERSION_WARNING,
      JWT_TOKEN_WARNING,
      'the controller ignores the inbound-cidrs annotation from access.allowedSourceRanges when the IngressClassParams of class "internet-alb" sets spec.inboundCIDRs: '
        + 'check that it sets none (kubectl get ingressclass internet-alb -o yaml names its IngressClassParams)',
    ]);
  });

  test('the endpoint card has no ALB warning for the features access does not use', () => {
    // GIVEN / WHEN
    const oidc = accessWarnings(eks, EndpointAccess.oidc(OIDC));
    const jwt = accessWarnings(eks, EndpointAccess.jwt(JWT));
    const ranges = accessWarnings(eks, EndpointAccess.open({ allowedSourceRanges: ['10.0.0.0/8'] }), {});
    // THEN
    expect([oidc, jwt, ranges]).toStrictEqual([[], [JWT_VERSION_WARNING, JWT_TOKEN_WARNING], [expect.stringMatching(/IngressClassParams of class "alb" sets spec\.inboundCIDRs/)]]);
  });

  test('access from another copy of the package: features compare by id, so JWT is enforced and warned about', () => {
    // GIVEN
    const access = fromAnotherCopy(EndpointAccess.jwt(JWT));
    const chart = newChart();
    const ctx: CloudContext = { scope: chart, dgdName: 'llm', namespace: 'llm', dynamoNamespace: 'llm-llm', allowTcpKvTransfer: false, pools: [] };
    // WHEN
    eks().profile.addIngress(ctx, { host: HOST }, TARGET, access);
    // THEN
    expect(only(synthValid(chart), 'Ingress').metadata.annotations[`${A}/jwt-validation`]).toContain('"issuer":"https://login.example.com/"');
    expect(eks().profile.accessSupport({ host: HOST }, access).warnings).toStrictEqual([JWT_VERSION_WARNING, JWT_TOKEN_WARNING]);
  });

  test('without access, the Ingress carries no access annotation', () => {
    // GIVEN / WHEN
    const objs = llm(eks(), undefined);
    // THEN
    expect(only(objs, 'Ingress').metadata.annotations).toStrictEqual(EKS_BASE);
  });
});

describe('Cloud.eksAutoMode(): access at the ALB', () => {
  test('accessSupport: OIDC, Cognito and source ranges (not JWT), enforced by the ALB of Cloud.eksAutoMode()', () => {
    // GIVEN / WHEN
    const support = autoMode().profile.accessSupport({});
    // THEN
    expect(support).toStrictEqual({ enforcer: 'the ALB of Cloud.eksAutoMode()', features: [AccessFeature.OIDC, AccessFeature.COGNITO, AccessFeature.SOURCE_RANGES] });
  });

  test('EndpointAccess.oidc: the annotations, and a Role that may get the Secret bound to eks:managed', () => {
    // GIVEN / WHEN
    const objs = llm(autoMode(), EndpointAccess.oidc(OIDC));
    // THEN
    expect(only(objs, 'Ingress').metadata.annotations).toStrictEqual({
      ...HTTPS_LISTENERS,
      [`${A}/auth-type`]: 'oidc',
      [`${A}/auth-idp-oidc`]: OIDC_JSON,
    });
    expect(only(objs, 'Role')).toStrictEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role',
      metadata: { name: 'llm-alb-oidc-secret', namespace: 'llm' },
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['llm-oidc'], verbs: ['get'] }],
    });
    expect(only(objs, 'RoleBinding')).toStrictEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
      metadata: { name: 'llm-alb-oidc-secret', namespace: 'llm' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'llm-alb-oidc-secret' },
      subjects: [{ kind: 'Group', name: 'eks:managed', apiGroup: 'rbac.authorization.k8s.io' }],
    });
    expect(only(objs, 'IngressClassParams').spec.inboundCIDRs).toBeUndefined();
  });

  test('EndpointAccess.oidc on an existing class: the Role still, no class objects', () => {
    // GIVEN / WHEN
    const objs = llm(autoMode(), EndpointAccess.oidc(OIDC), { host: HOST, className: 'shared-alb' });
    // THEN
    expect(objs.map((o) => o.kind).filter((k) => ['Role', 'RoleBinding', 'IngressClass', 'IngressClassParams'].includes(k)).sort()).toStrictEqual(['Role', 'RoleBinding']);
    expect(only(objs, 'Ingress').spec.ingressClassName).toBe('shared-alb');
  });

  test.each([
    ['the library\'s class', { host: HOST }],
    ['an existing class', { host: HOST, className: 'shared-alb' }],
  ])('EndpointAccess.oidc on %s: the Ingress depends on the Role and RoleBinding, and is applied after them', (_name, ingress) => {
    // GIVEN / WHEN
    const chart = newChart();
    const deployment = new AggregatedLlm(chart, 'llm', { model: 'Qwen/Qwen3-0.6B', cloud: autoMode(), workers: { machineType: 'g6e.xlarge' }, ingress, access: EndpointAccess.oidc(OIDC) });
    const objs = synthValid(chart);
    // THEN the dependency is on the construct (Pulumi's dependsOn follows it)
    const ingressObject = deployment.cloudObjects.ingress.find((o) => o.kind === 'Ingress')!;
    expect(ingressObject.node.dependencies.map((d) => (d as ApiObject).kind).filter((k) => k.startsWith('Role')).sort()).toStrictEqual(['Role', 'RoleBinding']);
    // AND in the manifest order
    const at = (kind: string) => objs.findIndex((o) => o.kind === kind);
    expect(Math.min(at('Role'), at('RoleBinding'))).toBeGreaterThanOrEqual(0);
    expect(Math.max(at('Role'), at('RoleBinding'))).toBeLessThan(at('Ingress'));
  });

  test('the endpoint card has no ALB warning on Auto Mode (its own class params carry the inbound CIDRs)', () => {
    // GIVEN / WHEN / THEN
    expect(accessWarnings(autoMode, EndpointAccess.cognito({ ...COGNITO, allowedSourceRanges: ['203.0.113.0/24'] }))).toStrictEqual([]);
  });

  test('a long deployment name: the Role name is shortened to a DNS label', () => {
    // GIVEN a profile called directly (the patterns keep <dgd>-<component> within 63, so their Role names fit)
    const chart = newChart();
    const dgdName = `llm-${'x'.repeat(58)}`;
    const ctx: CloudContext = { scope: chart, dgdName, namespace: 'llm', dynamoNamespace: `llm-${dgdName}`, allowTcpKvTransfer: false, pools: [] };
    // WHEN
    autoMode().profile.addIngress(ctx, { host: HOST, className: 'shared-alb' }, TARGET, EndpointAccess.oidc(OIDC));
    const objs = synthValid(chart);
    // THEN
    const role = only(objs, 'Role').metadata.name as string;
    expect([role.length, role.endsWith('-alb-oidc-secret'), only(objs, 'RoleBinding').roleRef.name === role]).toStrictEqual([63, true, true]);
  });

  test('EndpointAccess.cognito with allowedSourceRanges: annotations, inboundCIDRs on the IngressClassParams, no Role', () => {
    // GIVEN / WHEN
    const objs = llm(autoMode(), EndpointAccess.cognito({ ...COGNITO, allowedSourceRanges: ['203.0.113.0/24'] }));
    // THEN
    expect(only(objs, 'Ingress').metadata.annotations).toStrictEqual({
      ...HTTPS_LISTENERS,
      [`${A}/auth-type`]: 'cognito',
      [`${A}/auth-idp-cognito`]: '{"userPoolARN":"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123","userPoolClientID":"1example23456789","userPoolDomain":"my-llm"}',
    });
    expect(only(objs, 'IngressClassParams').spec).toStrictEqual({
      scheme: 'internet-facing',
      inboundCIDRs: ['203.0.113.0/24'],
      loadBalancerAttributes: [{ key: 'idle_timeout.timeout_seconds', value: '300' }],
    });
    expect(objs.filter((o) => o.kind === 'Role')).toStrictEqual([]);
  });
});

describe('access errors at the ALB', () => {
  const missingEndpoint = (key: 'authorizationEndpoint' | 'tokenEndpoint' | 'userInfoEndpoint') => {
    const props: OidcAccessProps = { ...OIDC, [key]: undefined };
    return EndpointAccess.oidc(props);
  };
  const cases: [string, () => unknown, string, RegExp][] = [
    ['oidc without authorizationEndpoint', () => llm(eks(), missingEndpoint('authorizationEndpoint')), 'access.authorizationEndpoint',
      /^access\.authorizationEndpoint is required on the ALB, which does not discover the endpoints from the issuer \(got undefined\); copy authorizationEndpoint, tokenEndpoint and userInfoEndpoint from https:\/\/id\.example\.com\/\.well-known\/openid-configuration; the ALB reads the client id and secret from the Secret llm-oidc \(keys clientID and clientSecret\)$/],
    ['oidc without tokenEndpoint', () => llm(eks(), missingEndpoint('tokenEndpoint')), 'access.tokenEndpoint', /^access\.tokenEndpoint is required on the ALB/],
    ['oidc without userInfoEndpoint (Auto Mode)', () => llm(autoMode(), missingEndpoint('userInfoEndpoint')), 'access.userInfoEndpoint', /^access\.userInfoEndpoint is required on the ALB/],
    ['oidc without host', () => llm(eks(), EndpointAccess.oidc(OIDC), {}), 'ingress.host',
      /^ingress\.host is required with access EndpointAccess\.oidc: the ALB authenticates only on its HTTPS listener \(it forwards HTTP requests unauthenticated\) \(got undefined\); set ingress\.host/],
    ['cognito without host (Auto Mode)', () => llm(autoMode(), EndpointAccess.cognito(COGNITO), {}), 'ingress.host', /^ingress\.host is required with access EndpointAccess\.cognito: the ALB authenticates only on its HTTPS listener/],
    ['jwt without host', () => llm(eks(), EndpointAccess.jwt(JWT), {}), 'ingress.host', /^ingress\.host is required with access EndpointAccess\.jwt: the ALB authenticates only on its HTTPS listener/],
    ['security-groups with allowedSourceRanges', () => llm(eks(), EndpointAccess.open({ allowedSourceRanges: ['10.0.0.0/8'] }), { annotations: { [`${A}/security-groups`]: 'sg-0a1b' } }), 'ingress.annotations',
      /^ingress\.annotations must not set alb\.ingress\.kubernetes\.io\/security-groups with access\.allowedSourceRanges, which makes the controller ignore the inbound CIDRs .*; remove it and let access\.allowedSourceRanges decide/],
    ['prefix lists with allowedSourceRanges', () => llm(eks(), EndpointAccess.open({ allowedSourceRanges: ['10.0.0.0/8'] }), { annotations: { [`${A}/security-group-prefix-lists`]: 'pl-0a1b' } }), 'ingress.annotations',
      /^ingress\.annotations must not set alb\.ingress\.kubernetes\.io\/security-group-prefix-lists with access\.allowedSourceRanges, which makes the controller allow the prefix lists besides the inbound CIDRs/],
    ['inbound-cidrs with allowedSourceRanges (Auto Mode)', () => llm(autoMode(), EndpointAccess.open({ allowedSourceRanges: ['10.0.0.0/8'] }), { annotations: { [`${A}/inbound-cidrs`]: '0.0.0.0/0' } }), 'ingress.annotations',
      /^ingress\.annotations must not set alb\.ingress\.kubernetes\.io\/inbound-cidrs with access\.allowedSourceRanges, which the library sets from access\.allowedSourceRanges/],
    ['auth-type with a credential', () => llm(eks(), EndpointAccess.jwt(JWT), { host: HOST, annotations: { [`${A}/auth-type`]: 'oidc' } }), 'ingress.annotations',
      /^ingress\.annotations must not set alb\.ingress\.kubernetes\.io\/auth-type with access EndpointAccess\.jwt, which the library sets from access \(got "alb\.ingress\.kubernetes\.io\/auth-type"\); remove it/],
    ['auth-on-unauthenticated-request allow', () => llm(eks(), EndpointAccess.oidc(OIDC), { host: HOST, annotations: { [`${A}/auth-on-unauthenticated-request`]: 'allow' } }), 'ingress.annotations',
      /^ingress\.annotations must not set alb\.ingress\.kubernetes\.io\/auth-on-unauthenticated-request to anything but authenticate or deny .*\(got "allow"\)/],
    ['an IPv6 range on the IPv4 ALB', () => llm(eks(), EndpointAccess.open({ allowedSourceRanges: ['10.0.0.0/8', '2001:db8::/32'] }), {}), 'access.allowedSourceRanges[1]',
      /^access\.allowedSourceRanges\[1\] is an IPv6 range, which the IPv4 ALB of Cloud\.eks\(\) never sees .*; remove it, or serve IPv6 clients with ingress\.annotations/],
    ['jwt issuer over 256 characters', () => llm(eks(), EndpointAccess.jwt({ ...JWT, issuer: `https://login.example.com/${'a'.repeat(240)}` })), 'access.issuer',
      /^access\.issuer must be at most 256 characters on the ALB/],
    ['jwt JWKS URL over 256 characters', () => llm(eks(), EndpointAccess.jwt({ ...JWT, jwksUri: `https://login.example.com/${'a'.repeat(240)}` })), 'access.jwksUri',
      /^access\.jwksUri must be at most 256 characters on the ALB/],
    ['jwt audience over 256 characters', () => llm(eks(), EndpointAccess.jwt({ ...JWT, audiences: ['llm', 'a'.repeat(257)] })), 'access.audiences[1]',
      /^access\.audiences\[1\] must be at most 256 characters on the ALB/],
    ['allowedSourceRanges with an existing class (Auto Mode)', () => llm(autoMode(), EndpointAccess.open({ allowedSourceRanges: ['10.0.0.0/8'] }), { className: 'shared-alb' }), 'access.allowedSourceRanges',
      /^access\.allowedSourceRanges is set on the IngressClassParams of the class the library creates, not on the existing class "shared-alb" \(got \["10\.0\.0\.0\/8"\]\); set spec\.inboundCIDRs on the IngressClassParams of "shared-alb", or remove ingress\.className/],
  ];
  test.each(cases)('%s', (_name, fn, prop, message) => {
    // GIVEN / WHEN
    const e = validationError(fn);
    // THEN
    expect([e.prop, e.message]).toStrictEqual([prop, expect.stringMatching(message)]);
  });

  test('addIngress called without the pattern refuses a feature the ALB does not enforce', () => {
    // GIVEN
    const profile = autoMode().profile;
    const ctx: CloudContext = { scope: newChart(), dgdName: 'llm', namespace: 'llm', dynamoNamespace: 'llm-llm', allowTcpKvTransfer: false, pools: [] };
    // WHEN
    const e = validationError(() => profile.addIngress(ctx, { host: HOST }, TARGET, EndpointAccess.jwt(JWT)));
    // THEN
    expect([e.prop, e.message]).toStrictEqual(['access', expect.stringMatching(/^access asks for JWT validation \(EndpointAccess\.jwt\), which the ALB of Cloud\.eksAutoMode\(\) does not enforce/)]);
  });
});

describe('access the ALB cannot enforce is refused by the pattern', () => {
  const keys = SecretRef.fromSecretName('llm-keys');
  const cases: [string, () => Cloud, () => EndpointAccess, string, RegExp][] = [
    ['API keys on Cloud.eks()', eks, () => EndpointAccess.apiKeys({ secret: keys }), 'access',
      /^access asks for client API keys \(EndpointAccess\.apiKeys\), which the ALB of Cloud\.eks\(\) does not enforce .*IngressController\.envoyGateway\(\)/],
    ['requestsPerMinute on Cloud.eks()', eks, () => EndpointAccess.jwt({ ...JWT, requestsPerMinute: 600 }), 'access.requestsPerMinute',
      /^access\.requestsPerMinute asks for a per-client request limit, which the ALB of Cloud\.eks\(\) does not enforce \(got 600\); .*IngressController\.envoyGateway\(\)/],
    ['tokensPerMinute on Cloud.eksAutoMode()', autoMode, () => EndpointAccess.oidc({ ...OIDC, tokensPerMinute: 100000 }), 'access.tokensPerMinute',
      /^access\.tokensPerMinute asks for a per-client LLM token limit, which the ALB of Cloud\.eksAutoMode\(\) does not enforce .*IngressController\.envoyAiGateway\(\)/],
    ['IAP on Cloud.eks()', eks, () => EndpointAccess.iap(), 'access', /^access asks for Identity-Aware Proxy \(EndpointAccess\.iap\), which the ALB of Cloud\.eks\(\) does not enforce .*Cloud\.gke\(\)/],
    ['cloudArmorPolicy on Cloud.eks()', eks, () => EndpointAccess.open({ cloudArmorPolicy: 'llm-armor' }), 'access.cloudArmorPolicy',
      /^access\.cloudArmorPolicy asks for a Cloud Armor security policy, which the ALB of Cloud\.eks\(\) does not enforce/],
    ['JWT on Cloud.eksAutoMode()', autoMode, () => EndpointAccess.jwt(JWT), 'access',
      /^access asks for JWT validation \(EndpointAccess\.jwt\), which the ALB of Cloud\.eksAutoMode\(\) does not enforce .*IngressController\.envoyGateway\(\)/],
  ];
  test.each(cases)('%s', (_name, cloud, access, prop, message) => {
    // GIVEN / WHEN
    const e = validationError(() => llm(cloud(), access()));
    // THEN
    expect([e.prop, e.message]).toStrictEqual([prop, expect.stringMatching(message)]);
  });
});
