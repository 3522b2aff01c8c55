import type { IngressControllerContext } from '../ingress-controller';
import { DEFAULT_ENVOY_GATEWAY_CLASS, ENVOY_GATEWAY_CONTROLLER_NAME } from './envoy-gateway-objects';
import type { EnvoyGatewayOptions } from './envoy-gateway-options';
import { usesGlobalRateLimit } from './envoy-traffic-policies';

/**
 * What the endpoint card warns about an Envoy controller's enforcement of `access`
 * (`IngressControllerBinding.warnings`), one sentence each with its fix:
 * - an `ingress.className` other than `eg` (the known classes of other implementations are refused,
 *   envoy-gateway-objects.ts): the library cannot see which controller owns it;
 * - a Global BackendTrafficPolicy needs Envoy Gateway's rate limit backend: without it EG refuses
 *   the policy ("enable Ratelimit in the EnvoyGateway config to configure global rateLimit",
 *   EG internal/gatewayapi/backendtrafficpolicy.go buildGlobalRateLimit) with Accepted=False;
 * - API keys and JWTs over plain HTTP (no `ingress.host`, so no HTTPS listener);
 * - the client IP of `allowedSourceRanges` and of the per-IP limits is Envoy's TCP peer unless
 *   `trustedProxyHops` is set (EG internal/xds/translator/listener.go: `use_remote_address`,
 *   `xff_num_trusted_hops: 0`). Per-IP limits: with open access or OIDC, and with JWT for tokens
 *   without the client id claim; with API keys every request that passes has a client id.
 * Not a warning: Envoy Gateway 1.5 and 1.6 disable the route idle timeout with `timeouts.request:
 * "0s"`, so `ingress.timeout` applies from Envoy Gateway 1.7 (the controllers' prerequisites say so;
 * envoy-gateway-objects.ts).
 * @internal
 */
export function envoyAccessWarnings(ctx: IngressControllerContext, options: EnvoyGatewayOptions): string[] {
  const access = ctx.access;
  if (access === undefined) return [];
  const warnings: string[] = [];
  const className = ctx.options.className;
  if (className !== undefined && className !== DEFAULT_ENVOY_GATEWAY_CLASS) {
    warnings.push(`the GatewayClass ${className} (ingress.className) must have controllerName ${ENVOY_GATEWAY_CONTROLLER_NAME}: `
      + 'if another implementation owns it, that one serves the route and ignores Envoy Gateway\'s policies, and the endpoint is open');
  }
  const global = usesGlobalRateLimit(access, options);
  if (global) {
    warnings.push('the limits are counted by Envoy Gateway\'s global rate limit service: install Envoy Gateway with a rate limit backend '
      + '(Helm config.envoyGateway.rateLimit.backend.type: Redis and backend.redis.url), else it rejects the BackendTrafficPolicy '
      + '(Accepted=False) and nothing is limited');
  }
  // Token limits are always global: a local count means request limits alone.
  if (access.options.requestsPerMinute !== undefined && !global) {
    warnings.push('each Envoy replica counts access.requestsPerMinute on its own (N replicas let N times the limit through): '
      + 'size the limit for the replicas, or set globalRateLimit on the controller (Envoy Gateway with a rate limit backend) for one shared count');
  }
  const bearer = access.apiKeyProps !== undefined ? 'API keys' : access.jwtProps !== undefined ? 'JWTs' : undefined;
  if (bearer !== undefined && ctx.options.host === undefined) {
    warnings.push(`${bearer} travel in plain HTTP without ingress.host: set ingress.host and ingress.tlsSecret so that Envoy serves HTTPS`);
  }
  const perIp = perIpFeatures(ctx);
  if (perIp.length > 0 && options.trustedProxyHops === undefined) {
    warnings.push(`the client IP of ${perIp.join(' and ')} is Envoy's TCP peer: behind an L7 proxy, a CDN or a load balancer that `
      + 'rewrites the source address (SNAT) every client shares one address; set trustedProxyHops on the controller when a proxy '
      + 'appends X-Forwarded-For, or keep client IPs on the load balancer');
  }
  return warnings;
}

/** What of `access` depends on the client IP, as the warning names it. */
function perIpFeatures(ctx: IngressControllerContext): string[] {
  const access = ctx.access!;
  const { allowedSourceRanges, requestsPerMinute, tokensPerMinute } = access.options;
  const features = allowedSourceRanges !== undefined ? ['access.allowedSourceRanges'] : [];
  if ((requestsPerMinute !== undefined || tokensPerMinute !== undefined) && access.apiKeyProps === undefined) {
    features.push(access.jwtProps !== undefined ? 'the limits of tokens without the client id claim' : 'the per-IP limits');
  }
  return features;
}
