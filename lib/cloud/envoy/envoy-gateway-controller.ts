import { AccessFeature } from '../../access/access-feature';
import { FrontendIngressOptions, INGRESS_OPTION_NAMES } from '../frontend-ingress';
import { IngressControllerBinding, IngressControllerContext, IngressControllerProfile } from '../ingress-controller';
import { bindEnvoy } from './envoy-bind';
import { EnvoyGatewayOptions } from './envoy-gateway-options';

/** What Envoy Gateway enforces: API keys, JWT, OIDC, source ranges, requests per minute. @internal */
export const ENVOY_GATEWAY_ACCESS: readonly AccessFeature[] = [
  AccessFeature.API_KEYS, AccessFeature.JWT, AccessFeature.OIDC, AccessFeature.SOURCE_RANGES, AccessFeature.REQUESTS_PER_MINUTE,
];

/**
 * `IngressController.envoyGateway()`: the frontend behind Envoy Gateway (gateway.envoyproxy.io),
 * installed in the cluster, on any cloud. Facts: EG = envoyproxy/gateway @ d32f282 (v1.9.0).
 *
 * Emits, all named `<dgd>-frontend` in the deployment's namespace:
 * - a `Gateway` of class `ingress.className` (default `eg`, the GatewayClass of EG's quickstart,
 *   examples/kubernetes/quickstart.yaml) with `ingress.annotations`: HTTP on 80, or HTTPS on 443 for
 *   `ingress.host` with `ingress.tlsSecret`;
 * - an `HTTPRoute` to `<dgd>-frontend:8000`, every path, `timeouts.request: "0s"`;
 * - a `ClientTrafficPolicy` on the Gateway: the stream idle timeout (`ingress.timeout`), client IP
 *   detection (`trustedProxyHops`), and the removal of a client-sent `x-dynamo-client-id`;
 * - with `access`: a `SecurityPolicy` (API keys, JWT, OIDC, source ranges) and a
 *   `BackendTrafficPolicy` (requests per minute per client).
 *
 * Prerequisites:
 * - Envoy Gateway v1.5.0 or later (`apiKeyAuth.forwardClientIDHeader`/`sanitize`: commit 4d0ef029fe;
 *   ClientTrafficPolicy `timeout.http.streamIdleTimeout`: commit 9d2b27d023), v1.7.0 or later for
 *   that idle timeout to apply to routes without a request timeout (internal/xds/translator/route.go
 *   idleTimeout); local limits per client (`Distinct`) need v1.4.0 (commit 20371d1bc7).
 * - A GatewayClass named `eg` (or `ingress.className`) whose controllerName is
 *   `gateway.envoyproxy.io/gatewayclass-controller`.
 * - `globalRateLimit`: a Redis and EG's `config.envoyGateway.rateLimit.backend.type: Redis` with
 *   `redis.url` (site/content/en/latest/tasks/traffic/global-rate-limit.md); without it EG marks the
 *   BackendTrafficPolicy not accepted.
 * - API keys: an Opaque Secret, one entry per client (key = client id, value = the bare API key,
 *   unique across clients: a duplicate value rejects the policy; internal/gatewayapi/securitypolicy.go).
 *   OIDC: a Secret with key `client-secret`, and `ingress.host`.
 * Not applied: `ingress.certificateArn` (Envoy terminates TLS with `ingress.tlsSecret`) and
 * `ingress.internal` (an EnvoyProxy resource with the cloud's internal load balancer annotation on
 * `spec.provider.kubernetes.envoyService.annotations` does it).
 */
export class EnvoyGatewayController extends IngressControllerProfile {
  /** `envoy-gateway`. */
  public readonly id: string = 'envoy-gateway';
  /** `IngressController.envoyGateway()`. */
  public readonly displayName: string = 'IngressController.envoyGateway()';
  /** Every ingress option: `api` (Gateway only), `certificateArn` and `internal` are checked and refused with a fix. */
  public readonly ingressOptions: readonly (keyof FrontendIngressOptions)[] = INGRESS_OPTION_NAMES;
  /** API keys, JWT, OIDC, source ranges, requests per minute. */
  public readonly accessFeatures: readonly AccessFeature[] = ENVOY_GATEWAY_ACCESS;

  /** Whether the route goes through Envoy AI Gateway (an AIGatewayRoute) instead of a plain HTTPRoute. */
  public readonly aiGateway: boolean = false;

  public constructor(
    /** The controller's options. */
    public readonly options: EnvoyGatewayOptions,
  ) {
    super();
  }

  /** Adds the Gateway, the route (HTTPRoute, or AIGatewayRoute with its backends) and the policies. */
  public bind(ctx: IngressControllerContext): IngressControllerBinding {
    return bindEnvoy(ctx, this);
  }
}
