import { ApiObject } from 'cdk8s';
import { CLIENT_ID_HEADER } from '../../access/client-identity';
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
 * - `headers.earlyRequestHeaders.remove: [x-dynamo-client-id]` with API keys or JWT: the header
 *   carries the client identity to the rate limits, and JWT `claimToHeaders` appends to a value
 *   the client sent (Envoy jwt_authn authenticator.cc addJWTClaimToHeader), so a client could
 *   otherwise pick its own bucket. Early header mutation runs before every HTTP filter.
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
 * the source IP `Distinct` (one rule for IPv4, one for IPv6). Requests are counted per Envoy
 * replica (`local`, EG >= v1.4.0 for `Distinct`) unless `globalRateLimit` is set or tokens are
 * limited; tokens are always global: request cost 0, response cost the AI Gateway's
 * `io.envoy.ai_gateway/llm_total_token` metadata (AIGW site/docs/capabilities/traffic/usage-based-ratelimiting.md),
 * charged when the response ends. The deprecated `type` is emitted with the matching block, which
 * EG before v1.7.0 requires and later versions still accept.
 */

/** The dynamic metadata the AI Gateway writes the token cost to (AIGatewayRoute `llmRequestCosts`). @internal */
export const AI_GATEWAY_METADATA_NAMESPACE = 'io.envoy.ai_gateway';
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
    headers: identifiesClient(ctx.access) ? { earlyRequestHeaders: { remove: [CLIENT_ID_HEADER] } } : undefined,
    clientIPDetection: hops !== undefined ? { xForwardedFor: { numTrustedHops: hops } } : undefined,
    timeout: { http: { streamIdleTimeout: `${ctx.timeoutSeconds}s` } },
    connection: extras.bufferWholeBody ? { bufferLimit: '50Mi' } : undefined,
    http2: extras.bufferWholeBody ? { initialStreamWindowSize: '16Mi', initialConnectionWindowSize: '24Mi' } : undefined,
  });
}

/** The client selectors of one per-client rule each: the client id header, or the source IP (IPv4 and IPv6). */
function perClientSelectors(ctx: IngressControllerContext): Record<string, unknown>[][] {
  if (identifiesClient(ctx.access)) return [[{ headers: [{ name: CLIENT_ID_HEADER, type: 'Distinct' }] }]];
  return ['0.0.0.0/0', '::/0'].map((value) => [{ sourceCIDR: { type: 'Distinct', value } }]);
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
  const global = options.globalRateLimit === true || tokensPerMinute !== undefined;
  return global ? { type: 'Global', global: { rules } } : { type: 'Local', local: { rules } };
}

/** The BackendTrafficPolicy with the per-client limits, or undefined without limits. @internal */
export function addEnvoyBackendTrafficPolicy(ctx: IngressControllerContext, gateway: ApiObject, options: EnvoyGatewayOptions): ApiObject | undefined {
  const rateLimit = rateLimitSpec(ctx, options);
  if (rateLimit === undefined) return undefined;
  return addEnvoyGatewayPolicy(ctx, gateway, 'BackendTrafficPolicy', { rateLimit });
}
