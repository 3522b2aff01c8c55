/**
 * The options of the Envoy Gateway ingress controllers (`IngressController.envoyGateway()`,
 * `IngressController.envoyAiGateway()`). Facts: docs/access.md.
 */
export interface EnvoyGatewayOptions {
  /**
   * Count `access.requestsPerMinute` in Envoy Gateway's global rate limit service, so that every
   * Envoy replica shares one count per client. It needs Envoy Gateway configured with a rate limit
   * backend (`config.envoyGateway.rateLimit.backend.type: Redis` and its `redis.url` in the Helm
   * values); without one, Envoy Gateway refuses the policy. Token limits (`tokensPerMinute`) are
   * always global, and with them the request limits too.
   * @default false - each Envoy replica counts requests on its own (Envoy Gateway 1.4 or later),
   *   unless `access.tokensPerMinute` is set
   */
  readonly globalRateLimit?: boolean;
  /**
   * How many proxies in front of Envoy (a CDN, an L7 load balancer) append to `X-Forwarded-For`:
   * the client IP for `allowedSourceRanges` and per-IP limits is then read from that header, that
   * many entries from the right (`ClientTrafficPolicy` `clientIPDetection.xForwardedFor.numTrustedHops`).
   * @default - none: the client IP is the TCP peer of Envoy (its LoadBalancer Service keeps client
   *   IPs with `externalTrafficPolicy: Local`)
   */
  readonly trustedProxyHops?: number;
  /**
   * The namespace Envoy Gateway runs the Envoy proxies in (its own namespace, unless its
   * `provider.kubernetes.deploy.type` is `GatewayNamespace`): where the observability PodMonitor
   * looks for them.
   * @default 'envoy-gateway-system'
   */
  readonly proxyNamespace?: string;
}

/** The options of `IngressController.envoyAiGateway()`. */
export interface EnvoyAiGatewayOptions extends EnvoyGatewayOptions {}
