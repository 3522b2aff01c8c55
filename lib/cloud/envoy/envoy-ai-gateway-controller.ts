import { AccessFeature } from '../../access/access-feature';
import { FrontendIngressOptions, INGRESS_OPTION_NAMES } from '../frontend-ingress';
import { IngressControllerBinding, IngressControllerContext, IngressControllerProfile } from '../ingress-controller';
import { bindEnvoy } from './envoy-bind';
import { EnvoyAiGatewayOptions } from './envoy-gateway-options';

/**
 * `IngressController.envoyAiGateway()`: the frontend behind Envoy AI Gateway
 * (aigateway.envoyproxy.io) on Envoy Gateway, installed in the cluster, on any cloud; it reads the
 * token usage of each OpenAI response, so `access.tokensPerMinute` limits tokens per client.
 * Facts: AIGW = envoyproxy/ai-gateway @ c217da8 (v1.1.0); EG = envoyproxy/gateway @ d32f282.
 *
 * Emits what `IngressController.envoyGateway()` does (Gateway, policies; see
 * EnvoyGatewayController), with, instead of the HTTPRoute:
 * - an Envoy Gateway `Backend` (gateway.envoyproxy.io/v1alpha1) for `<dgd>-frontend.<ns>.svc.cluster.local:8000`,
 * - an `AIServiceBackend` (schema OpenAI) referencing it,
 * - an `AIGatewayRoute` on the Gateway with one rule for the served model name (`x-ai-eg-model`),
 *   no request timeout, and the total-token cost when `tokensPerMinute` is set;
 * and a ClientTrafficPolicy that raises the listener buffers to 50 MiB (the AI filter buffers the
 * whole request body). Token limits are counted by Envoy Gateway's global rate limit service, and
 * with them the request limits too.
 *
 * Only the OpenAI paths reach Dynamo (`/v1/chat/completions`, `/v1/completions`, `/v1/embeddings`,
 * ...); `/v1/models` is answered by the gateway from the route; other paths (`/health`, `/metrics`)
 * get 404 (internal/extproc/server.go). Clients must send the served model name as `model`.
 * Streamed tokens are counted from the final usage chunk: the gateway sets
 * `stream_options.include_usage` when costs are configured (internal/endpointspec/endpointspec.go).
 *
 * Prerequisites:
 * - Envoy AI Gateway v0.6.0 or later (the v1beta1 API) on Envoy Gateway v1.7.0 or later (AIGW
 *   site/docs/compatibility.md: v0.6.x needs EG v1.7+, v1.0.x EG v1.8.1+).
 * - Envoy Gateway installed with the AI Gateway's values (AIGW manifests/envoy-gateway-values.yaml):
 *   `config.envoyGateway.extensionApis.enableBackend: true` (the `Backend` kind) and the extension
 *   manager hooks pointing at `ai-gateway-controller.envoy-ai-gateway-system.svc.cluster.local:1063`.
 * - A GatewayClass named `eg` (or `ingress.className`) with controllerName
 *   `gateway.envoyproxy.io/gatewayclass-controller`.
 * - `tokensPerMinute` or `globalRateLimit`: a Redis and `config.envoyGateway.rateLimit.backend.type: Redis`
 *   with `redis.url` (AIGW examples/token_ratelimit/envoy-gateway-values-addon.yaml).
 */
export class EnvoyAiGatewayController extends IngressControllerProfile {
  /** `envoy-ai-gateway`. */
  public readonly id: string = 'envoy-ai-gateway';
  /** `IngressController.envoyAiGateway()`. */
  public readonly displayName: string = 'IngressController.envoyAiGateway()';
  /** Every ingress option: `api` (Gateway only), `certificateArn` and `internal` are checked and refused with a fix. */
  public readonly ingressOptions: readonly (keyof FrontendIngressOptions)[] = INGRESS_OPTION_NAMES;
  /** API keys, JWT, OIDC, source ranges, requests and tokens per minute. */
  public readonly accessFeatures: readonly AccessFeature[] = [
    AccessFeature.API_KEYS, AccessFeature.JWT, AccessFeature.OIDC, AccessFeature.SOURCE_RANGES, AccessFeature.REQUESTS_PER_MINUTE,
    AccessFeature.TOKENS_PER_MINUTE,
  ];

  public constructor(
    /** The controller's options. */
    public readonly options: EnvoyAiGatewayOptions,
  ) {
    super();
  }

  /** Adds the Gateway, the AIGatewayRoute, AIServiceBackend and Backend, and the policies. */
  public bind(ctx: IngressControllerContext): IngressControllerBinding {
    return bindEnvoy(ctx, { displayName: this.displayName, options: this.options, accessFeatures: this.accessFeatures, ai: true });
  }
}
