import { ApiObject } from 'cdk8s';
import { CLIENT_ID_HEADER } from '../../access/client-identity';
import type { EndpointAccess } from '../../access/endpoint-access';
import type { IngressControllerContext } from '../ingress-controller';
import type { EnvoyGatewayOptions } from './envoy-gateway-options';
import { addEnvoyGatewayPolicy } from './envoy-gateway-objects';
import { identifiesClient } from './envoy-security-policy';

/**
 * The Envoy Gateway `ClientTrafficPolicy` and `BackendTrafficPolicy` (gateway.envoyproxy.io/v1alpha1)
 * of the frontend's Gateway. Facts: EG = envoyproxy/gateway @ d32f282; AIGW = envoyproxy/ai-gateway @ c217da8.
 *
 * ClientTrafficPolicy (always; it can only target a Gateway):
 * - `timeout.http.streamIdleTimeout` = `ingress.timeout` (the routes have no request timeout:
 *   envoy-gateway-objects.ts explains the combination; EG >= v1.5.0 for the field).
 * - `headers.earlyRequestHeaders.remove: [x-dynamo-client-id]`, whatever the credential: the header
 *   carries the client identity to the rate limits and to Dynamo, and JWT `claimToHeaders` appends
 *   to a value the client sent (Envoy jwt_authn authenticator.cc addJWTClaimToHeader), so a client
 *   could otherwise pick its own bucket; without a credential that sets it (open, OIDC) Dynamo
 *   never sees a client-sent one. Early header mutation runs before every HTTP filter.
 * - `clientIPDetection.xForwardedFor.numTrustedHops` from `trustedProxyHops`.
 * - AI Gateway only: `connection.bufferLimit: 50Mi` and the HTTP/2 windows `16Mi`/`24Mi`: its
 *   ext_proc filter buffers the whole request body, and EG's 32 KiB default fails large prompts
 *   (`413`) (AIGW examples/basic/basic.yaml, site/docs/getting-started/basic-usage.md). A plain
 *   HTTPRoute streams the body (none of the filters used here buffers it), so Envoy Gateway keeps
 *   the default.
 *
 * BackendTrafficPolicy (with `requestsPerMinute` or `tokensPerMinute`), targeting the Gateway (each
 * route still counts on its own: EG ratelimit_types.go `shared`): one rule per client selector —
 * {@link CLIENT_ID_HEADER} `Distinct` when the credential names the client (API keys, JWT), else
 * the source IP `Distinct` (one rule for IPv4, one for IPv6). With a credential that names the
 * client, requests WITHOUT the header (a JWT lacking the client id claim: `claimToHeaders` then adds
 * nothing) are counted per source IP too, else Envoy would skip the `Distinct` rule for them
 * (see {@link perClientSelectors}). Requests are counted per Envoy
 * replica (`local`, EG >= v1.4.0 for `Distinct`) unless `globalRateLimit` is set or tokens are
 * limited; tokens are always global: request cost 0, response cost the AI Gateway's
 * `io.envoy.ai_gateway/llm_total_token` metadata (AIGW site/docs/capabilities/traffic/usage-based-ratelimiting.md),
 * charged when the response ends. The deprecated `type` is emitted with the matching block, which
 * EG before v1.7.0 requires and later versions still accept.
 */

/** The dynamic metadata the AI Gateway writes the token cost to (AIGatewayRoute `llmRequestCosts`). */
const AI_GATEWAY_METADATA_NAMESPACE = 'io.envoy.ai_gateway';
/** The metadata key of the total tokens of a response. @internal */
export const TOTAL_TOKEN_METADATA_KEY = 'llm_total_token';

/** What the ClientTrafficPolicy adds for the AI Gateway. @internal */
export interface ClientTrafficExtras {
  /** Raise the listener buffers for a filter that buffers the whole request body. */
  readonly bufferWholeBody: boolean;
}

/** The ClientTrafficPolicy of the frontend's Gateway. @internal */
export function addEnvoyClientTrafficPolicy(ctx: IngressControllerContext, gateway: ApiObject, options: EnvoyGatewayOptions,
  extras: ClientTrafficExtras): ApiObject {
  const hops = options.trustedProxyHops;
  return addEnvoyGatewayPolicy(ctx, gateway, 'ClientTrafficPolicy', {
    headers: { earlyRequestHeaders: { remove: [CLIENT_ID_HEADER] } },
    clientIPDetection: hops !== undefined ? { xForwardedFor: { numTrustedHops: hops } } : undefined,
    timeout: { http: { streamIdleTimeout: `${ctx.timeoutSeconds}s` } },
    connection: extras.bufferWholeBody ? { bufferLimit: '50Mi' } : undefined,
    http2: extras.bufferWholeBody ? { initialStreamWindowSize: '16Mi', initialConnectionWindowSize: '24Mi' } : undefined,
  });
}

/** Every IPv4 and every IPv6 address: one rule each, as a CIDR is of one family. */
const EVERY_ADDRESS = ['0.0.0.0/0', '::/0'] as const;

/**
 * A header match that holds when {@link CLIENT_ID_HEADER} is absent: `.*` matches every value, so
 * its inverse matches only a request without the header.
 */
const WITHOUT_CLIENT_ID = { name: CLIENT_ID_HEADER, type: 'RegularExpression', value: '.*', invert: true } as const;

/**
 * The client selectors of one per-client rule each: the client id header, or the source IP (IPv4
 * and IPv6). With a credential that names the client, also one rule per IP family for requests
 * without the header, counted per source IP: Envoy skips a rule whose `Distinct` header is absent
 * (its request_headers action appends no descriptor entry, and an action without an entry drops
 * the whole descriptor: Envoy rate limit filter, "Composing Actions"), so a JWT without the client
 * id claim would otherwise be unlimited. How EG (envoyproxy/gateway @ d32f282) builds it, for Local
 * and Global alike:
 * - every clientSelector of a rule, and every header and the sourceCIDR in one, merge into one rule
 *   (internal/gatewayapi/backendtrafficpolicy.go buildRateLimitRule, l.1969-2071): the conditions
 *   are ANDed (api/v1alpha1/ratelimit_types.go RateLimitSelectCondition "All the individual
 *   conditions must hold True"); a `RegularExpression` header with `invert` becomes a regex
 *   StringMatch with Invert (l.1987-1996);
 * - that rule is one Envoy RateLimit whose actions are its header then CIDR matches
 *   (internal/xds/translator/local_ratelimit.go buildRouteLocalRateLimits l.202-255; ratelimit.go
 *   buildRouteRateLimits l.226-320, and buildRateLimitServiceDescriptors l.823-965 chains the rate
 *   limit service descriptors header -> masked_remote_address -> remote_address);
 * - the inverted header match is a `header_value_match` with `expect_match: false`
 *   (local_ratelimit.go buildHeaderMatchLocalRateLimitActions l.283-313; ratelimit.go
 *   buildHeaderMatchRateLimitActions l.384-409): it appends its entry when the header does not
 *   match, and a HeaderMatcher does not match a missing header (Envoy route_components.proto
 *   HeaderMatcher `treat_missing_header_as_empty`, default false), while `.*` matches any present
 *   value; `sourceCIDR` `Distinct` adds the masked and the remote address entries
 *   (local_ratelimit.go buildCIDRMatchLocalRateLimitActions l.358-382; ratelimit.go l.548-559).
 * API keys always set the header on an authenticated request (Envoy api_key_auth replaces it), so
 * there these rules only guard; with JWT they count the tokens without the claim.
 */
function perClientSelectors(ctx: IngressControllerContext): Record<string, unknown>[][] {
  // Every per-IP rule carries the header-absent match too, even without a credential (the
  // ClientTrafficPolicy strips a client-sent header, so it always holds): in Global, EG names a
  // rule's CIDR descriptors without its rule number (masked_remote_address / remote_address) and
  // drops a second rule whose descriptors equal a first's (internal/xds/translator/ratelimit.go
  // addRateLimitDescriptor, descriptorsEqual compares keys and values only), so a token rule with
  // the request rule's selectors would count tokens against the request limit; the header match's
  // descriptor is numbered per rule (`rule-<n>-match-0`) and keeps them apart.
  const perIp = EVERY_ADDRESS.map((value) => [{ headers: [{ ...WITHOUT_CLIENT_ID }], sourceCIDR: { type: 'Distinct', value } }]);
  if (!identifiesClient(ctx.access)) return perIp;
  return [[{ headers: [{ name: CLIENT_ID_HEADER, type: 'Distinct' }] }], ...perIp];
}

/**
 * Whether the BackendTrafficPolicy for `access` counts in Envoy Gateway's global rate limit
 * service: only with a limit, and then when `globalRateLimit` is set or tokens are limited.
 * @internal
 */
export function usesGlobalRateLimit(access: EndpointAccess | undefined, options: EnvoyGatewayOptions): boolean {
  const { requestsPerMinute, tokensPerMinute } = access?.options ?? {};
  if (requestsPerMinute === undefined && tokensPerMinute === undefined) return false;
  return options.globalRateLimit === true || tokensPerMinute !== undefined;
}

/** The `rateLimit` of the BackendTrafficPolicy, or undefined without limits. */
function rateLimitSpec(ctx: IngressControllerContext, options: EnvoyGatewayOptions): Record<string, unknown> | undefined {
  const { requestsPerMinute, tokensPerMinute } = ctx.access?.options ?? {};
  if (requestsPerMinute === undefined && tokensPerMinute === undefined) return undefined;
  const selectors = perClientSelectors(ctx);
  const rules = [
    ...(requestsPerMinute === undefined ? [] : selectors.map((clientSelectors) => ({ clientSelectors, limit: { requests: requestsPerMinute, unit: 'Minute' } }))),
    ...(tokensPerMinute === undefined ? [] : selectors.map((clientSelectors) => ({
      clientSelectors,
      limit: { requests: tokensPerMinute, unit: 'Minute' },
      cost: {
        request: { from: 'Number', number: 0 },
        response: { from: 'Metadata', metadata: { namespace: AI_GATEWAY_METADATA_NAMESPACE, key: TOTAL_TOKEN_METADATA_KEY } },
      },
    }))),
  ];
  return usesGlobalRateLimit(ctx.access, options) ? { type: 'Global', global: { rules } } : { type: 'Local', local: { rules } };
}

/** The BackendTrafficPolicy with the per-client limits, or undefined without limits. @internal */
export function addEnvoyBackendTrafficPolicy(ctx: IngressControllerContext, gateway: ApiObject, options: EnvoyGatewayOptions): ApiObject | undefined {
  const rateLimit = rateLimitSpec(ctx, options);
  if (rateLimit === undefined) return undefined;
  return addEnvoyGatewayPolicy(ctx, gateway, 'BackendTrafficPolicy', { rateLimit });
}
