import { ApiObject } from 'cdk8s';
import type { AccessFeature } from '../../access/access-feature';
import { CLIENT_ID_HEADER } from '../../access/client-identity';
import { rejectUnenforcedAccess } from '../../access/unenforced-access';
import type { IngressControllerBinding, IngressControllerContext } from '../ingress-controller';
import { addFrontendGateway, addGatewayObject, ingressAnnotations } from '../ingress-objects';
import { addAiGatewayRoute } from './envoy-ai-objects';
import type { EnvoyGatewayOptions } from './envoy-gateway-options';
import { checkEnvoyIngress, DEFAULT_ENVOY_GATEWAY_CLASS, ENVOY_ROUTE_TIMEOUTS } from './envoy-gateway-objects';
import { addEnvoySecurityPolicy, checkEnvoyAccess, identifiesClient } from './envoy-security-policy';
import { addEnvoyBackendTrafficPolicy, addEnvoyClientTrafficPolicy } from './envoy-traffic-policies';
import { envoyAccessWarnings } from './envoy-warnings';

/** Which Envoy controller binds: the controller's own members. @internal */
export interface EnvoyBindSpec {
  /** `IngressController.envoyGateway()` or `IngressController.envoyAiGateway()`, for messages. */
  readonly displayName: string;
  readonly options: EnvoyGatewayOptions;
  /** What the controller enforces (its `accessFeatures`): a direct caller's `access` asking for more is refused. */
  readonly accessFeatures: readonly AccessFeature[];
  /** Route through Envoy AI Gateway (AIGatewayRoute) instead of a plain HTTPRoute. */
  readonly aiGateway: boolean;
}

/**
 * The objects of both Envoy controllers, after their checks, all named `<dgd>-frontend`: the
 * Gateway (class `ingress.className`, default `eg`), the policies (SecurityPolicy,
 * ClientTrafficPolicy, BackendTrafficPolicy) on it, then the route(s), which depend on every
 * policy: kubectl and Pulumi apply in that order, so the route never serves before its protection
 * (the header removal and idle timeout of the ClientTrafficPolicy included).
 * @internal
 */
export function bindEnvoy(ctx: IngressControllerContext, spec: EnvoyBindSpec): IngressControllerBinding {
  // The pattern refuses it first; kept for direct callers of bind, whose access would go unenforced.
  rejectUnenforcedAccess(ctx.access, spec.accessFeatures, spec.displayName);
  checkEnvoyIngress(ctx, spec.displayName);
  checkEnvoyAccess(ctx, spec.displayName);
  const c = ctx.cloud;
  const gatewayOptions = { gatewayClassName: ctx.options.className ?? DEFAULT_ENVOY_GATEWAY_CLASS, annotations: ingressAnnotations(ctx.options, {}) };
  let gateway: ApiObject;
  let route: ApiObject;
  let backends: readonly ApiObject[] = [];
  if (spec.aiGateway) {
    gateway = addGatewayObject(c, ctx.options, gatewayOptions);
    ({ backends, route } = addAiGatewayRoute(ctx, gateway));
  } else {
    [gateway, route] = addFrontendGateway(c, ctx.options, ctx.target, { ...gatewayOptions, routeTimeouts: ENVOY_ROUTE_TIMEOUTS });
  }
  const policies = [
    addEnvoySecurityPolicy(ctx, gateway),
    addEnvoyClientTrafficPolicy(ctx, gateway, spec.options, { bufferWholeBody: spec.aiGateway }),
    addEnvoyBackendTrafficPolicy(ctx, gateway, spec.options),
  ].filter((o): o is ApiObject => o !== undefined);
  route.node.addDependency(...policies);
  const warnings = envoyAccessWarnings(ctx, spec.options);
  return {
    objects: [gateway, ...backends, ...policies, route],
    clientIdHeader: identifiesClient(ctx.access) ? CLIENT_ID_HEADER : undefined,
    warnings: warnings.length > 0 ? warnings : undefined,
  };
}
