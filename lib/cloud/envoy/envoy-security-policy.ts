import { ApiObject } from 'cdk8s';
import { CLIENT_ID_HEADER } from '../../access/client-identity';
import type { EndpointAccess } from '../../access/endpoint-access';
import { invalid } from '../../core/errors';
import type { IngressControllerContext } from '../ingress-controller';
import { addEnvoyGatewayPolicy } from './envoy-gateway-objects';

/**
 * The Envoy Gateway `SecurityPolicy` (gateway.envoyproxy.io/v1alpha1) that enforces the credential
 * and the source allow list of `access`. Facts: EG = envoyproxy/gateway @ d32f282.
 *
 * - API keys: `apiKeyAuth` reads `Authorization` (Envoy's api_key_auth filter strips a literal
 *   `Bearer ` prefix, so OpenAI SDKs work; Envoy source/extensions/filters/http/api_key_auth/api_key_auth.cc),
 *   forwards the client id in {@link CLIENT_ID_HEADER} (Envoy replaces any value the client sent)
 *   and removes the key before Dynamo (`sanitize`). `forwardClientIDHeader` and `sanitize` need EG
 *   v1.5.0 (commit 4d0ef029fe); `apiKeyAuth` v1.3.0.
 * - JWT: one remote-JWKS provider; the client claim is copied to {@link CLIENT_ID_HEADER}
 *   (`claimToHeaders` appends to a client-sent value, so the ClientTrafficPolicy removes that
 *   header first: envoy-traffic-policies.ts). A token without the claim gets no header; the
 *   limits then count it per source IP (envoy-traffic-policies.ts perClientSelectors).
 * - OIDC: Envoy's oauth2 filter, a browser sign-in; the redirect comes back to
 *   `https://<host>/oauth2/callback`, so it needs `ingress.host` (EG site/content/en/latest/tasks/security/oidc.md).
 *   The client secret is an Opaque Secret with key `client-secret`.
 * - Source ranges: `authorization` with `defaultAction: Deny` and one `Allow` rule on
 *   `principal.clientCIDRs` (first match wins; EG api/v1alpha1/authorization_types.go). The client
 *   IP is Envoy's TCP peer unless `trustedProxyHops` is set.
 *
 * It targets the Gateway, which serves only this deployment: every route on it is protected,
 * including one a user adds (e.g. for `/health` next to an AIGatewayRoute), and it does not depend
 * on the name of the HTTPRoute the AI Gateway generates. A SecurityPolicy on a route would
 * replace it for that route (EG policy attachment: the more specific policy wins).
 */

/** Whether `access` identifies the client in {@link CLIENT_ID_HEADER} (API keys' client id, the JWT's claim). @internal */
export function identifiesClient(access: EndpointAccess | undefined): boolean {
  return access?.apiKeyProps !== undefined || access?.jwtProps !== undefined;
}

/** Refuses what `access` needs from the ingress options: OIDC needs `ingress.host` (an HTTPS redirect). @internal */
export function checkEnvoyAccess(ctx: IngressControllerContext, displayName: string): void {
  if (ctx.access?.oidcProps !== undefined && ctx.options.host === undefined) {
    throw invalid('ingress.host', `is required by EndpointAccess.oidc on ${displayName} (the sign-in redirect must come back over HTTPS)`, undefined,
      'set ingress.host and ingress.tlsSecret, or use EndpointAccess.jwt or EndpointAccess.apiKeys for API clients');
  }
}

/** The SecurityPolicy spec fields for the credential of `access` (none for EndpointAccess.open). */
function credentialSpec(access: EndpointAccess): Record<string, unknown> {
  const keys = access.apiKeyProps;
  if (keys !== undefined) {
    return {
      apiKeyAuth: {
        credentialRefs: [{ name: keys.secret.name }],
        extractFrom: [{ headers: ['Authorization'] }],
        forwardClientIDHeader: CLIENT_ID_HEADER,
        sanitize: true,
      },
    };
  }
  const jwt = access.jwtProps;
  if (jwt !== undefined) {
    return {
      jwt: {
        providers: [{
          name: 'jwt',
          issuer: jwt.issuer,
          audiences: [...jwt.audiences],
          remoteJWKS: { uri: jwt.jwksUri },
          claimToHeaders: [{ header: CLIENT_ID_HEADER, claim: jwt.clientIdClaim ?? 'sub' }],
        }],
      },
    };
  }
  const oidc = access.oidcProps;
  if (oidc !== undefined) {
    return {
      oidc: {
        provider: { issuer: oidc.issuer, authorizationEndpoint: oidc.authorizationEndpoint, tokenEndpoint: oidc.tokenEndpoint },
        clientID: oidc.clientId,
        clientSecret: { name: oidc.clientSecret.name },
        scopes: oidc.scopes !== undefined ? [...oidc.scopes] : undefined,
      },
    };
  }
  return {};
}

/**
 * The SecurityPolicy for `ctx.access`, or undefined when it has neither a credential nor source
 * ranges (only limits). @internal
 */
export function addEnvoySecurityPolicy(ctx: IngressControllerContext, gateway: ApiObject): ApiObject | undefined {
  const access = ctx.access;
  if (access === undefined) return undefined;
  const ranges = access.options.allowedSourceRanges;
  const spec: Record<string, unknown> = { ...credentialSpec(access) };
  if (ranges !== undefined) {
    spec.authorization = {
      defaultAction: 'Deny',
      rules: [{ name: 'allowed-source-ranges', action: 'Allow', principal: { clientCIDRs: [...ranges] } }],
    };
  }
  if (Object.keys(spec).length === 0) return undefined;
  return addEnvoyGatewayPolicy(ctx, gateway, 'SecurityPolicy', spec);
}
