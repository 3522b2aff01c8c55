import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { AccessFeature } from '../../access/access-feature';
import type { EndpointAccess } from '../../access/endpoint-access';
import { rejectUnenforcedAccess } from '../../access/unenforced-access';
import { invalid } from '../../core/errors';
import { boundedName } from '../../core/names';
import type { AccessSupport, CloudContext } from '../cloud-profile';
import type { FrontendIngressOptions } from '../frontend-ingress';
import { ALB_ANNOTATION } from './eks-ingress';

/**
 * `access` at the Application Load Balancer of `Cloud.eks()` (AWS Load Balancer Controller) and
 * `Cloud.eksAutoMode()` (its managed controller). Facts: kubernetes-sigs/aws-load-balancer-controller
 * `docs/guide/ingress/annotations.md` ("Authentication", "Token Validation", "inbound-cidrs") and
 * `pkg/ingress` (model_build_actions.go, enhanced_backend_builder.go, model_build_listener.go):
 *
 * - OIDC and Cognito sign-in: `auth-type` + `auth-idp-oidc` / `auth-idp-cognito` (+ `auth-scope`).
 *   The controller reads the OIDC client id and secret from a Secret in the Ingress' namespace, keys
 *   `clientID` and `clientSecret`; the three OIDC endpoints are required (the ALB does not discover
 *   them from the issuer).
 * - JWT: `jwt-validation` (controller >= v2.15.0; an older controller ignores the annotation and
 *   leaves the endpoint open). `iss` and `exp` are always checked; `aud` as an additional claim.
 * - Both are added only to HTTPS listeners (buildActions skips them on HTTP without an error), so
 *   they need `ingress.host` (HTTPS, with the HTTP listener redirecting to it).
 * - `inbound-cidrs`: the controller-managed security group's sources; ignored when
 *   `security-groups` is set. On Auto Mode the library's IngressClassParams carries them
 *   (`spec.inboundCIDRs`, which overrides the annotation).
 * @internal
 */

/** What the ALB of `Cloud.eks()` enforces. @internal */
export const EKS_ALB_ACCESS: readonly AccessFeature[] = [AccessFeature.OIDC, AccessFeature.COGNITO, AccessFeature.JWT, AccessFeature.SOURCE_RANGES];

/**
 * What the ALB of `Cloud.eksAutoMode()` enforces. Not JWT: no Auto Mode document says its managed
 * controller reads `jwt-validation`, and an ignored annotation would leave the endpoint open.
 * @internal
 */
export const AUTO_MODE_ALB_ACCESS: readonly AccessFeature[] = [AccessFeature.OIDC, AccessFeature.COGNITO, AccessFeature.SOURCE_RANGES];

/** What enforces access on the ALB, for messages and the endpoint card: `the ALB of Cloud.eks()`. @internal */
export function albEnforcer(displayName: string): string {
  return `the ALB of ${displayName}`;
}

/**
 * What the ALB of `Cloud.eks()` enforces, with the endpoint card's warnings about the features
 * `access` uses: JWT needs a recent controller and tokens of one shape; the inbound CIDRs give way
 * to an IngressClassParams that sets its own (`spec.inboundCIDRs`, which the controller prefers to
 * the annotation: LBC `docs/guide/ingress/ingress_class.md`). None without access.
 * @internal
 */
export function eksAlbAccessSupport(options: FrontendIngressOptions, access: EndpointAccess | undefined, displayName: string): AccessSupport {
  const support = { enforcer: albEnforcer(displayName), features: EKS_ALB_ACCESS };
  if (access === undefined) return support;
  const warnings: string[] = [];
  if (AccessFeature.JWT.isIn(access.features)) {
    warnings.push('JWT validation needs AWS Load Balancer Controller v2.15.0 or later, and an older controller ignores the jwt-validation annotation and leaves the endpoint open: '
      + 'check the controller\'s image tag (kubectl -n kube-system get deployment aws-load-balancer-controller -o wide)');
    warnings.push('the ALB accepts only RS256-signed tokens whose aud is a single string among access.audiences (a token with an array aud gets 401): '
      + 'have the issuer mint such tokens, or use IngressController.envoyGateway() (set ingress.controller)');
  }
  if (AccessFeature.SOURCE_RANGES.isIn(access.features)) {
    const className = options.className ?? 'alb';
    warnings.push(`the controller ignores the inbound-cidrs annotation from access.allowedSourceRanges when the IngressClassParams of class "${className}" sets spec.inboundCIDRs: `
      + `check that it sets none (kubectl get ingressclass ${className} -o yaml names its IngressClassParams)`);
  }
  return warnings.length > 0 ? { ...support, warnings } : support;
}

/** The ALB's limit on the issuer, the JWKS URL and each claim value (ELB API JwtValidationActionConfig). */
const MAX_JWT_FIELD = 256;

/** The annotations that configure the ALB's authentication: the library owns them all when access has a credential. */
const AUTH_ANNOTATIONS = ['auth-type', 'auth-idp-oidc', 'auth-idp-cognito', 'auth-scope', 'jwt-validation'].map((k) => `${ALB_ANNOTATION}/${k}`);
/** The annotation that would let unauthenticated requests through (`allow`). */
const UNAUTHENTICATED = `${ALB_ANNOTATION}/auth-on-unauthenticated-request`;
/** The annotations that change who reaches the listeners: the library owns them with allowedSourceRanges. */
const SOURCE_ANNOTATIONS = ['inbound-cidrs', 'security-groups', 'security-group-prefix-lists'].map((k) => `${ALB_ANNOTATION}/${k}`);
/** The ALB's IP address type annotation (`ipv4` by default; `dualstack` serves IPv6 clients). */
const IP_ADDRESS_TYPE = `${ALB_ANNOTATION}/ip-address-type`;

/**
 * Checks `access` against the ALB and the ingress options, beyond the feature list: a feature the
 * ALB does not enforce (when called without the pattern), a credential without `ingress.host`
 * (HTTPS), annotations of the user's that would undo or bypass access.
 * @internal
 */
export function checkAlbAccess(access: EndpointAccess, options: FrontendIngressOptions, displayName: string, supported: readonly AccessFeature[]): void {
  rejectUnenforcedAccess(access, supported, albEnforcer(displayName));
  if (access.credential !== undefined && options.host === undefined) {
    throw invalid('ingress.host', `is required with access ${access}: the ALB authenticates only on its HTTPS listener (it forwards HTTP requests unauthenticated)`, undefined,
      'set ingress.host to the name clients use (the ALB serves HTTPS for it with an ACM certificate and redirects HTTP to HTTPS)');
  }
  const user = options.annotations ?? {};
  const fix = `remove it; access (${access}) configures the ALB`;
  if (access.credential !== undefined) {
    for (const key of AUTH_ANNOTATIONS) {
      if (key in user) throw invalid('ingress.annotations', `must not set ${key} with access ${access}, which the library sets from access`, key, fix);
    }
    const on = user[UNAUTHENTICATED];
    if (on !== undefined && on !== 'authenticate' && on !== 'deny') {
      throw invalid('ingress.annotations', `must not set ${UNAUTHENTICATED} to anything but authenticate or deny with access ${access}: it would let unauthenticated requests through`, on,
        'remove it (the ALB then redirects to the sign-in), or set "deny" to answer 401');
    }
  }
  if (access.options.allowedSourceRanges !== undefined) {
    for (const key of SOURCE_ANNOTATIONS) {
      if (!(key in user)) continue;
      const why = key.endsWith('/inbound-cidrs') ? 'which the library sets from access.allowedSourceRanges'
        : `which makes the controller ${key.endsWith('/security-groups') ? 'ignore the inbound CIDRs (the ALB takes your security groups as they are)' : 'allow the prefix lists besides the inbound CIDRs'}`;
      throw invalid('ingress.annotations', `must not set ${key} with access.allowedSourceRanges, ${why}`, key,
        `remove it and let access.allowedSourceRanges decide who reaches the ALB, or remove access.allowedSourceRanges and restrict the sources in your own security groups`);
    }
    const dualstack = (user[IP_ADDRESS_TYPE] ?? 'ipv4').startsWith('dualstack');
    const v6 = access.options.allowedSourceRanges.findIndex((r) => r.includes(':'));
    if (v6 >= 0 && !dualstack) {
      throw invalid(`access.allowedSourceRanges[${v6}]`, `is an IPv6 range, which the IPv4 ALB of ${displayName} never sees (the controller drops it)`,
        access.options.allowedSourceRanges[v6], `remove it, or serve IPv6 clients with ingress.annotations { "${IP_ADDRESS_TYPE}": "dualstack" }`);
    }
  }
}

/**
 * The annotations that make the ALB authenticate: `auth-type` + `auth-idp-oidc` or
 * `auth-idp-cognito` (+ `auth-scope` when not the default `openid`), or `jwt-validation`. Empty
 * without a credential.
 * @internal
 */
export function albAuthAnnotations(access: EndpointAccess): Record<string, string> {
  const a = ALB_ANNOTATION;
  if (access.oidcProps !== undefined) {
    const p = access.oidcProps;
    const endpoints = {
      authorizationEndpoint: p.authorizationEndpoint,
      tokenEndpoint: p.tokenEndpoint,
      userInfoEndpoint: p.userInfoEndpoint,
    };
    for (const [key, value] of Object.entries(endpoints)) {
      if (value !== undefined) continue;
      throw invalid(`access.${key}`, 'is required on the ALB, which does not discover the endpoints from the issuer', undefined,
        `copy authorizationEndpoint, tokenEndpoint and userInfoEndpoint from ${p.issuer.replace(/\/$/, '')}/.well-known/openid-configuration; the ALB reads the client id and secret from the Secret ${p.clientSecret.name} (keys clientID and clientSecret)`);
    }
    return {
      [`${a}/auth-type`]: 'oidc',
      [`${a}/auth-idp-oidc`]: JSON.stringify({ issuer: p.issuer, ...endpoints, secretName: p.clientSecret.name }),
      ...scopeAnnotation(p.scopes),
    };
  }
  if (access.cognitoProps !== undefined) {
    const p = access.cognitoProps;
    return {
      [`${a}/auth-type`]: 'cognito',
      [`${a}/auth-idp-cognito`]: JSON.stringify({ userPoolARN: p.userPoolArn, userPoolClientID: p.userPoolClientId, userPoolDomain: p.userPoolDomain }),
      ...scopeAnnotation(p.scopes),
    };
  }
  if (access.jwtProps !== undefined) return { [`${a}/jwt-validation`]: jwtValidation(access) };
  return {};
}

/**
 * The `jwt-validation` value. `aud` is checked as a `single-string` claim with the audiences as its
 * values: the ELB API's `format` says what the token carries, and none accepts both a string and an
 * array; RFC 7519 §4.1.3 lets a token with one audience carry it as a string, which is what
 * issuers send for a token minted for one API. A token whose `aud` is an array is refused by
 * the ALB (401), never let through.
 */
function jwtValidation(access: EndpointAccess): string {
  const p = access.jwtProps!;
  for (const [prop, value] of [['access.issuer', p.issuer], ['access.jwksUri', p.jwksUri]] as const) {
    if (value.length > MAX_JWT_FIELD) {
      throw invalid(prop, `must be at most ${MAX_JWT_FIELD} characters on the ALB`, value, 'use the shorter form the issuer publishes, or IngressController.envoyGateway() (set ingress.controller)');
    }
  }
  p.audiences.forEach((aud, i) => {
    if (aud.length > MAX_JWT_FIELD) {
      throw invalid(`access.audiences[${i}]`, `must be at most ${MAX_JWT_FIELD} characters on the ALB`, aud, 'use a shorter audience, or IngressController.envoyGateway() (set ingress.controller)');
    }
  });
  return JSON.stringify({
    jwksEndpoint: p.jwksUri,
    issuer: p.issuer,
    additionalClaims: [{ name: 'aud', format: 'single-string', values: [...p.audiences] }],
  });
}

/** `auth-scope` (space separated), left out for the ALB's default `openid`. */
function scopeAnnotation(scopes: readonly string[] | undefined): Record<string, string> {
  if (scopes === undefined || (scopes.length === 1 && scopes[0] === 'openid')) return {};
  return { [`${ALB_ANNOTATION}/auth-scope`]: scopes.join(' ') };
}

/** The `inbound-cidrs` annotation (comma separated) for `access.allowedSourceRanges`; empty without. @internal */
export function albInboundCidrsAnnotation(access: EndpointAccess | undefined): Record<string, string> {
  const ranges = access?.options.allowedSourceRanges;
  return ranges === undefined ? {} : { [`${ALB_ANNOTATION}/inbound-cidrs`]: ranges.join(',') };
}

/**
 * EKS Auto Mode only: a Role that may `get` the OIDC client Secret, bound to the group `eks:managed`
 * of the managed controllers (whose access policy does not grant it; without it the controller
 * fails with `secrets "<name>" is forbidden`). Sources:
 * https://docs.aws.amazon.com/eks/latest/userguide/auto-managed-rbac.html and
 * https://docs.aws.amazon.com/eks/latest/userguide/auto-managed-rbac-example.html.
 * @internal
 */
export function addManagedSecretReader(ctx: CloudContext, secretName: string): ApiObject[] {
  const name = boundedName(ctx.dgdName, 'alb-oidc-secret');
  const role = new k8s.KubeRole(ctx.scope, 'AlbOidcSecretRole', {
    metadata: { name, namespace: ctx.namespace, labels: ctx.labels },
    rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [secretName], verbs: ['get'] }],
  });
  const binding = new k8s.KubeRoleBinding(ctx.scope, 'AlbOidcSecretRoleBinding', {
    metadata: { name, namespace: ctx.namespace, labels: ctx.labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'Group', name: 'eks:managed', apiGroup: 'rbac.authorization.k8s.io' }],
  });
  binding.node.addDependency(role);
  return [role, binding];
}
