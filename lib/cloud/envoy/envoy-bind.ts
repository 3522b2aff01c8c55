import { ApiObject } from 'cdk8s';
import type { IngressControllerBinding, IngressControllerContext } from '../ingress-controller';
import { addAiGatewayRoute } from './envoy-ai-objects';
import type { EnvoyGatewayOptions } from './envoy-gateway-options';
import { addEnvoyGateway, addEnvoyHttpRoute, checkEnvoyIngress } from './envoy-gateway-objects';
import { addEnvoySecurityPolicy, checkEnvoyAccess } from './envoy-security-policy';
import { addEnvoyBackendTrafficPolicy, addEnvoyClientTrafficPolicy } from './envoy-traffic-policies';

/** Which Envoy controller binds. @internal */
export interface EnvoyBindSpec {
  /** `IngressController.envoyGateway()` or `IngressController.envoyAiGateway()`, for messages. */
  readonly displayName: string;
  readonly options: EnvoyGatewayOptions;
  /** Route through Envoy AI Gateway (AIGatewayRoute) instead of a plain HTTPRoute. */
  readonly ai: boolean;
}

/**
 * The objects of both Envoy controllers, after their checks: the Gateway, the route(s), then the
 * policies (SecurityPolicy, ClientTrafficPolicy, BackendTrafficPolicy), all named `<dgd>-frontend`.
 * @internal
 */
export function bindEnvoy(ctx: IngressControllerContext, spec: EnvoyBindSpec): IngressControllerBinding {
  checkEnvoyIngress(ctx, spec.displayName);
  checkEnvoyAccess(ctx, spec.displayName);
  const gateway = addEnvoyGateway(ctx);
  const routes = spec.ai ? addAiGatewayRoute(ctx, gateway) : [addEnvoyHttpRoute(ctx, gateway)];
  const policies = [
    addEnvoySecurityPolicy(ctx, gateway),
    addEnvoyClientTrafficPolicy(ctx, gateway, spec.options, { bufferWholeBody: spec.ai }),
    addEnvoyBackendTrafficPolicy(ctx, gateway, spec.options),
  ].filter((o): o is ApiObject => o !== undefined);
  return { objects: [gateway, ...routes, ...policies] };
}
