import { ApiObject } from 'cdk8s';
import { invalid } from '../../core/errors';
import type { IngressControllerContext } from '../ingress-controller';
import { IngressApi, unappliedIngressOption } from '../frontend-ingress';
import { ingressAnnotations, ingressName } from '../ingress-objects';

/**
 * The Gateway API objects both Envoy controllers share: the checks of the ingress options, the
 * `Gateway`, the plain `HTTPRoute` of `IngressController.envoyGateway()`, and the route timeout.
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
 * stream there). The ClientTrafficPolicy field exists since EG v1.5.0 (commit 9d2b27d023); the
 * BackendTrafficPolicy `streamIdleTimeout` alternative needs EG v1.8.0 (commit cc23457a01).
 */

/** The route timeouts: no cap on a whole request (the idle timeout applies). @internal */
export const ENVOY_ROUTE_TIMEOUTS = { request: '0s' } as const;

/** The GatewayClass of Envoy Gateway's quickstart (examples/kubernetes/quickstart.yaml). @internal */
export const DEFAULT_ENVOY_GATEWAY_CLASS = 'eg';

/** The Gateway API group. @internal */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** A policy `targetRefs` entry for the frontend's Gateway. @internal */
export function gatewayTargetRefs(name: string): { group: string; kind: string; name: string }[] {
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
 * (the pattern has done the checks every ingress shares). @internal
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
  if (o.internal === true) {
    throw unappliedIngressOption(o, 'internal', displayName,
      'Envoy Gateway creates the proxy\'s LoadBalancer Service itself: make it internal with an EnvoyProxy resource whose '
      + 'spec.provider.kubernetes.envoyService.annotations carry your cloud\'s internal load balancer annotation, referenced by the '
      + 'GatewayClass (spec.parametersRef), and remove ingress.internal');
  }
  if (o.host !== undefined && o.tlsSecret === undefined) {
    throw invalid('ingress.tlsSecret', 'is required with ingress.host on a Gateway (the HTTPS listener needs a certificate)', undefined,
      'reference a kubernetes.io/tls Secret with SecretRef.fromSecretName("llm-tls") (cert-manager can issue it), or remove ingress.host for HTTP');
  }
}

/** The frontend's Gateway listener: HTTPS on 443 for `ingress.host`, else HTTP on 80. */
function listenerOf(ctx: IngressControllerContext): Record<string, unknown> & { name: string } {
  const o = ctx.options;
  const allowedRoutes = { namespaces: { from: 'Same' } };
  if (o.host === undefined) return { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes };
  return {
    name: 'https', protocol: 'HTTPS', port: 443, hostname: o.host,
    tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: o.tlsSecret!.name }] },
    allowedRoutes,
  };
}

/** The frontend's Gateway (class `ingress.className`, default `eg`), named `<dgd>-frontend`. @internal */
export function addEnvoyGateway(ctx: IngressControllerContext): ApiObject {
  const c = ctx.cloud;
  return new ApiObject(c.scope, 'Gateway', {
    apiVersion: `${GATEWAY_API_GROUP}/v1`,
    kind: 'Gateway',
    metadata: { name: ingressName(c), namespace: c.namespace, labels: c.labels, annotations: ingressAnnotations(ctx.options, {}) },
    spec: { gatewayClassName: ctx.options.className ?? DEFAULT_ENVOY_GATEWAY_CLASS, listeners: [listenerOf(ctx)] },
  });
}

/** The listener's name on the frontend's Gateway (`https` with a host, else `http`). @internal */
export function envoyListenerName(ctx: IngressControllerContext): string {
  return ctx.options.host === undefined ? 'http' : 'https';
}

/** An HTTPRoute from the Gateway to the frontend Service, every path, without a request timeout. @internal */
export function addEnvoyHttpRoute(ctx: IngressControllerContext, gateway: ApiObject): ApiObject {
  const c = ctx.cloud;
  const name = ingressName(c);
  const route = new ApiObject(c.scope, 'HttpRoute', {
    apiVersion: `${GATEWAY_API_GROUP}/v1`,
    kind: 'HTTPRoute',
    metadata: { name, namespace: c.namespace, labels: c.labels },
    spec: {
      parentRefs: [{ name, sectionName: envoyListenerName(ctx) }],
      hostnames: ctx.options.host !== undefined ? [ctx.options.host] : undefined,
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [{ name: ctx.target.serviceName, port: ctx.target.port }],
        timeouts: { ...ENVOY_ROUTE_TIMEOUTS },
      }],
    },
  });
  route.node.addDependency(gateway);
  return route;
}
