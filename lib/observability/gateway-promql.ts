import { AccessFeature } from '../access/access-feature';
import { metric } from './metric-catalog';
import { ObservedDeployment, ObservedGateway } from './observed-deployment';
import { matchers } from './promql';

/**
 * PromQL of the Envoy Gateway in front of a deployment, shared by the dashboard's Gateway row and
 * the gateway alerts. The gateway's PodMonitor (`<dgd>-gateway`) labels every series of the
 * Gateway's Envoy pods with the deployment's `dynamo_namespace`, so each query selects that label,
 * as the Dynamo queries do.
 * @internal
 */

/**
 * The HTTP connection managers of the Gateway's listeners: Envoy Gateway names them `http-<port>`
 * or `https-<port>` (internal/xds/translator/listener.go `hcmStatPrefix`). Its own listener that
 * serves `/stats/prometheus` is `eg-stats-http` (`eg-ready-http`, with the readiness probes, in
 * older releases; internal/xds/bootstrap/bootstrap.yaml.tpl): without this matcher every scrape and
 * probe would count as a 2xx response.
 */
const GATEWAY_LISTENER_PREFIX = 'https?-[0-9]+';

/** One counter of requests the gateway refused, and what refused them, for legends and prose. @internal */
export interface GatewayRefusal {
  readonly metric: string;
  readonly reason: string;
}

/** The gateway in front of a deployment, or an internal error where a caller forgot the `when`. */
function gatewayOf(d: ObservedDeployment): ObservedGateway {
  if (!d.gateway) throw new Error('internal: gateway query without a gateway');
  return d.gateway;
}

const has = (g: ObservedGateway, feature: AccessFeature): boolean => g.accessChecks.includes(feature.id);

/** `metric{dynamo_namespace="<ns>-<dgd>", ...}`: a series of this deployment's gateway. @internal */
export function gatewaySeries(d: ObservedDeployment, name: string,
  extra: ReadonlyArray<readonly [string, '=' | '!=' | '=~' | '!~', string]> = []): string {
  gatewayOf(d);
  return `${metric(name)}${matchers([['dynamo_namespace', '=', d.dynamoNamespace], ...extra])}`;
}

/** Responses of the Gateway's listeners, by `envoy_response_code_class`. @internal */
export function gatewayResponses(d: ObservedDeployment): string {
  return gatewaySeries(d, 'envoy_http_downstream_rq_xx', [['envoy_http_conn_manager_prefix', '=~', GATEWAY_LISTENER_PREFIX]]);
}

/** The counters of requests refused for their credential (401), by the credential configured. @internal */
export function authRefusals(d: ObservedDeployment): GatewayRefusal[] {
  const g = gatewayOf(d);
  return [
    ...(has(g, AccessFeature.API_KEYS) ? [{ metric: 'envoy_http_api_key_auth_unauthorized', reason: 'API key missing or unknown' }] : []),
    ...(has(g, AccessFeature.JWT) ? [{ metric: 'envoy_http_jwt_authn_denied', reason: 'JWT missing or invalid' }] : []),
  ];
}

/** The counter of requests refused by the source allow list (403), when there is one. @internal */
export function sourceRangeRefusals(d: ObservedDeployment): GatewayRefusal[] {
  return has(gatewayOf(d), AccessFeature.SOURCE_RANGES)
    ? [{ metric: 'envoy_http_rbac_denied', reason: 'source outside allowedSourceRanges' }]
    : [];
}

/**
 * The counter of requests refused by a rate limit (429), when there is one: the local limit's on
 * each Envoy, or the global rate limit filter's per route cluster.
 * @internal
 */
export function rateLimitRefusals(d: ObservedDeployment): GatewayRefusal[] {
  const g = gatewayOf(d);
  if (!has(g, AccessFeature.REQUESTS_PER_MINUTE) && !has(g, AccessFeature.TOKENS_PER_MINUTE)) return [];
  return g.globalRateLimit
    ? [{ metric: 'envoy_cluster_ratelimit_over_limit', reason: 'over the global rate limit' }]
    : [{ metric: 'envoy_http_local_rate_limit_enforced', reason: 'over the local rate limit' }];
}

/** Whether the gateway has credential checks whose refusals are counted. @internal */
export const checksCredentials = (d: ObservedDeployment): boolean => d.gateway !== undefined && authRefusals(d).length > 0;
/** Whether the gateway checks a source allow list. @internal */
export const checksSourceRanges = (d: ObservedDeployment): boolean => d.gateway !== undefined && sourceRangeRefusals(d).length > 0;
/** Whether the gateway limits request or token rates. @internal */
export const limitsRates = (d: ObservedDeployment): boolean => d.gateway !== undefined && rateLimitRefusals(d).length > 0;

/**
 * Refusals per second over a window, summed across the gateway's Envoy pods and, with more than one
 * counter, across counters (each `or vector(0)`, so that one without series does not blank the sum).
 * @internal
 */
export function refusalRate(d: ObservedDeployment, refusals: readonly GatewayRefusal[], window: string): string {
  const terms = refusals.map((r) => `sum(rate(${gatewaySeries(d, r.metric)}[${window}]))`);
  if (terms.length === 0) throw new Error('internal: refusal rate without a counter');
  return terms.length === 1 ? terms[0] : terms.map((t) => `(${t} or vector(0))`).join(' + ');
}

/** Responses per second of the Gateway's listeners over a window. @internal */
export function responseRate(d: ObservedDeployment, window: string): string {
  return `sum(rate(${gatewayResponses(d)}[${window}]))`;
}
