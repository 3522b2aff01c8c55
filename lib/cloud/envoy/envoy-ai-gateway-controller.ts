import { AccessFeature } from '../../access/access-feature';
import { ENVOY_GATEWAY_ACCESS, EnvoyGatewayController } from './envoy-gateway-controller';
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
export class EnvoyAiGatewayController extends EnvoyGatewayController {
  /** `envoy-ai-gateway`. */
  public readonly id: string = 'envoy-ai-gateway';
  /** `IngressController.envoyAiGateway()`. */
  public readonly displayName: string = 'IngressController.envoyAiGateway()';
  /** What Envoy Gateway enforces, and tokens per minute. */
  public readonly accessFeatures: readonly AccessFeature[] = [...ENVOY_GATEWAY_ACCESS, AccessFeature.TOKENS_PER_MINUTE];
  /** The route goes through Envoy AI Gateway. */
  public readonly aiGateway: boolean = true;

  public constructor(
    /** The controller's options. */
    public readonly options: EnvoyAiGatewayOptions,
  ) {
    super(options);
  }
}
