import { ApiObject } from 'cdk8s';
import type { IngressControllerContext } from '../ingress-controller';
import { ingressName } from '../ingress-objects';
import { ENVOY_ROUTE_TIMEOUTS, GATEWAY_API_GROUP } from './envoy-gateway-objects';
import { TOTAL_TOKEN_METADATA_KEY } from './envoy-traffic-policies';

/**
 * The Envoy AI Gateway objects that route to the frontend: an `AIGatewayRoute` and an
 * `AIServiceBackend` (aigateway.envoyproxy.io/v1beta1) and the Envoy Gateway `Backend`
 * (gateway.envoyproxy.io/v1alpha1) they point to. Facts: AIGW = envoyproxy/ai-gateway @ c217da8.
 *
 * - One rule matching `x-ai-eg-model` (the body's `model`, set by the AI filter) = the served model
 *   name: `/v1/models` is answered by the gateway and lists only models declared this way
 *   (internal/extproc/models_processor.go). At most 15 rules fit from AIGW v0.7.0 on.
 * - `timeouts.request: "0s"`: without it the AI Gateway sets 60 s, which caps a whole generation
 *   (api/v1beta1/ai_gateway_route_helper.go); the idle timeout is the ClientTrafficPolicy's.
 * - `llmRequestCosts` TotalToken under `llm_total_token` with `tokensPerMinute`, the cost the
 *   BackendTrafficPolicy charges (api/v1beta1/ai_gateway_route.go LLMRequestCosts).
 * - The AIServiceBackend must reference an Envoy Gateway `Backend`, not a Service (schema CEL;
 *   ai-gateway issue 902); schema `OpenAI` prefixes `/v1` (internal/controller/gateway.go), the
 *   frontend's paths. The Backend names the Service by its cluster DNS name (`cluster.local`).
 * The AI Gateway generates an HTTPRoute with the AIGatewayRoute's name; the policies target the
 * Gateway instead (envoy-security-policy.ts).
 */

/** The objects of {@link addAiGatewayRoute}. @internal */
export interface AiGatewayRouteObjects {
  /** The Backend and the AIServiceBackend, in dependency order. */
  readonly backends: readonly ApiObject[];
  /** The AIGatewayRoute (depends on the Gateway and the AIServiceBackend). */
  readonly route: ApiObject;
}

/** The Backend, AIServiceBackend and AIGatewayRoute. @internal */
export function addAiGatewayRoute(ctx: IngressControllerContext, gateway: ApiObject): AiGatewayRouteObjects {
  const c = ctx.cloud;
  const name = ingressName(c);
  const meta = (): Record<string, unknown> => ({ name, namespace: c.namespace, labels: c.labels });
  const backend = new ApiObject(c.scope, 'Backend', {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind: 'Backend',
    metadata: meta(),
    spec: { endpoints: [{ fqdn: { hostname: `${ctx.target.serviceName}.${c.namespace}.svc.cluster.local`, port: ctx.target.port } }] },
  });
  const service = new ApiObject(c.scope, 'AIServiceBackend', {
    apiVersion: 'aigateway.envoyproxy.io/v1beta1',
    kind: 'AIServiceBackend',
    metadata: meta(),
    spec: { schema: { name: 'OpenAI' }, backendRef: { group: 'gateway.envoyproxy.io', kind: 'Backend', name } },
  });
  service.node.addDependency(backend);
  const tokens = ctx.access?.options.tokensPerMinute !== undefined;
  const route = new ApiObject(c.scope, 'AIGatewayRoute', {
    apiVersion: 'aigateway.envoyproxy.io/v1beta1',
    kind: 'AIGatewayRoute',
    metadata: meta(),
    spec: {
      parentRefs: [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name }],
      rules: [{
        matches: [{ headers: [{ type: 'Exact', name: 'x-ai-eg-model', value: ctx.servedModelName }] }],
        backendRefs: [{ name }],
        timeouts: { ...ENVOY_ROUTE_TIMEOUTS },
      }],
      llmRequestCosts: tokens ? [{ metadataKey: TOTAL_TOKEN_METADATA_KEY, type: 'TotalToken' }] : undefined,
    },
  });
  route.node.addDependency(gateway, service);
  return { backends: [backend, service], route };
}
