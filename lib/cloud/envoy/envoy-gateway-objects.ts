import { ApiObject } from 'cdk8s';
import { invalid } from '../../core/errors';
import type { IngressControllerContext } from '../ingress-controller';
import { IngressApi, unappliedIngressOption } from '../frontend-ingress';
import { ingressName } from '../ingress-objects';

/**
 * What both Envoy controllers share: the checks of the ingress options, the policy helper, and the
 * route timeout (the `Gateway` and the plain `HTTPRoute` are `addFrontendGateway`'s, ingress-objects.ts).
 *
 * Timeouts (EG = envoyproxy/gateway @ d32f282, v1.9.0): a route gets Envoy's 15 s route timeout
 * unless `timeouts.request` is set (EG internal/xds/translator/route.go getEffectiveRequestTimeout),
 * and the AI Gateway sets 60 s when its rule has none (ai-gateway api/v1beta1/ai_gateway_route_helper.go
 * GetTimeoutsOrDefault); either cuts a long generation. The routes therefore set
 * `timeouts.request: "0s"` (no cap on a whole generation: Envoy route timeout 0 = disabled), and
 * the ClientTrafficPolicy sets the listener's `timeout.http.streamIdleTimeout` to `ingress.timeout`
 * (envoy-traffic-policies.ts): with a listener stream idle timeout configured, EG leaves the
 * route's idle timeout unset so the listener's applies (route.go idleTimeout, since EG v1.7.0;
 * before v1.7.0 a "0s" request timeout also disabled the route idle timeout, so nothing cuts a
 * stream there: the controllers document EG v1.7.0 for the idle timeout, and the AI Gateway needs
 * it anyway). The ClientTrafficPolicy field exists since EG v1.5.0 (commit 9d2b27d023); the
 * BackendTrafficPolicy `streamIdleTimeout` alternative needs EG v1.8.0 (commit cc23457a01).
 */

/** The route timeouts: no cap on a whole request (the idle timeout applies). @internal */
export const ENVOY_ROUTE_TIMEOUTS = { request: '0s' } as const;

/** The GatewayClass of Envoy Gateway's quickstart (examples/kubernetes/quickstart.yaml). @internal */
export const DEFAULT_ENVOY_GATEWAY_CLASS = 'eg';

/** The `controllerName` of Envoy Gateway's GatewayClasses (EG api/v1alpha1 `GatewayControllerName`). @internal */
export const ENVOY_GATEWAY_CONTROLLER_NAME = 'gateway.envoyproxy.io/gatewayclass-controller';

/**
 * GatewayClasses of other implementations, by name: another controller would serve the route and
 * ignore Envoy Gateway's policies, leaving the endpoint without its access checks.
 */
const NON_ENVOY_CLASSES: Readonly<Record<string, string>> = {
  'nginx': 'NGINX Gateway Fabric',
  'istio': 'Istio',
  'approuting-istio': 'the AKS app routing add-on (Istio)',
  'alb': 'the AWS Load Balancer Controller',
  'cilium': 'Cilium',
  'kong': 'Kong',
  'traefik': 'Traefik',
};

/** The implementation a GatewayClass name belongs to when it is clearly not Envoy Gateway's, else undefined. */
function nonEnvoyImplementation(className: string): string | undefined {
  if (className.startsWith('gke-l7-')) return 'the GKE Gateway controller';
  return Object.hasOwn(NON_ENVOY_CLASSES, className) ? NON_ENVOY_CLASSES[className] : undefined;
}

/** The Gateway API group. @internal */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** A policy `targetRefs` entry for the frontend's Gateway. */
function gatewayTargetRefs(name: string): { group: string; kind: string; name: string }[] {
  return [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name }];
}

/**
 * An Envoy Gateway policy (`SecurityPolicy`, `ClientTrafficPolicy`, `BackendTrafficPolicy`) named
 * `<dgd>-frontend` that targets the frontend's Gateway and depends on it. @internal
 */
export function addEnvoyGatewayPolicy(ctx: IngressControllerContext, gateway: ApiObject, kind: string, spec: Record<string, unknown>): ApiObject {
  const c = ctx.cloud;
  const name = ingressName(c);
  const policy = new ApiObject(c.scope, kind, {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind,
    metadata: { name, namespace: c.namespace, labels: c.labels },
    spec: { targetRefs: gatewayTargetRefs(name), ...spec },
  });
  policy.node.addDependency(gateway);
  return policy;
}

/**
 * Refuses the ingress options an Envoy controller checks but cannot apply, with the fix for each
 * (the pattern has done the checks every ingress shares; `addFrontendGateway` refuses `ingress.host`
 * without `ingress.tlsSecret`). @internal
 */
export function checkEnvoyIngress(ctx: IngressControllerContext, displayName: string): void {
  const o = ctx.options;
  if (o.api === IngressApi.INGRESS) {
    throw invalid('ingress.api', `must be IngressApi.GATEWAY with ${displayName}, which serves the frontend through a Gateway API Gateway`, o.api.id,
      'remove ingress.api (the controller always uses a Gateway), or remove ingress.controller to use the cloud\'s Ingress');
  }
  if (o.certificateArn !== undefined) {
    throw unappliedIngressOption(o, 'certificateArn', displayName,
      'Envoy terminates TLS itself with a kubernetes.io/tls Secret: set ingress.tlsSecret (cert-manager can issue it) and remove ingress.certificateArn');
  }
  const other = o.className !== undefined ? nonEnvoyImplementation(o.className) : undefined;
  if (other !== undefined) {
    throw invalid('ingress.className', `must name a GatewayClass of Envoy Gateway with ${displayName}: this one is ${other}'s, which would serve the route `
      + 'and ignore Envoy Gateway\'s policies (access unenforced, the endpoint open)', o.className,
      `remove ingress.className to use "${DEFAULT_ENVOY_GATEWAY_CLASS}", or name a GatewayClass whose controllerName is ${ENVOY_GATEWAY_CONTROLLER_NAME}`);
  }
  if (o.internal === true) {
    throw unappliedIngressOption(o, 'internal', displayName,
      'Envoy Gateway creates the proxy\'s LoadBalancer Service itself: make it internal with an EnvoyProxy resource whose '
      + 'spec.provider.kubernetes.envoyService.annotations carry your cloud\'s internal load balancer annotation, referenced by the '
      + 'GatewayClass (spec.parametersRef), and remove ingress.internal');
  }
}
