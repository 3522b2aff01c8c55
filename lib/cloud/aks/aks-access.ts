import { ApiObject, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { AccessFeature } from '../../access/access-feature';
import type { EndpointAccess } from '../../access/endpoint-access';
import { invalid } from '../../core/errors';
import type { AccessSupport, CloudContext } from '../cloud-profile';
import { FrontendIngressOptions, IngressApi } from '../frontend-ingress';
import { ingressName } from '../ingress-objects';

/**
 * Access control on the ingress of `Cloud.aks()`, per implementation:
 *
 * - The app routing Gateway (`approuting-istio`, the default): a source allow list only. It manages
 *   Gateway infrastructure without Istio's security CRDs (AKS: "Istio CRD support: Not
 *   supported"), so no JWT. The ranges go to `spec.loadBalancerSourceRanges` of the Gateway's
 *   Service through a per-Gateway ConfigMap (`spec.infrastructure.parametersRef`, data key
 *   `service`; the field is on the AKS customization allow list), which the Azure load balancer's
 *   NSG and the nodes enforce on the client address. Pods that call the load balancer's address
 *   need the pod CIDR in the list (AKS 1.25+).
 * - The Istio service-mesh add-on's Gateway (`ingress.className: 'istio'`): the same allow list,
 *   and JWT validation with Istio's `RequestAuthentication` plus an `AuthorizationPolicy` that
 *   allows only requests with a valid token (missing token: 403, invalid: 401). Both target the
 *   Gateway (`targetRefs`, Istio 1.22 or later). Source ranges use the Service rather than
 *   `ipBlocks`: the generated Service has `externalTrafficPolicy: Cluster`, so the gateway sees
 *   node addresses.
 * - The app routing NGINX Ingress (`ingress.api: IngressApi.INGRESS`): ingress-nginx annotations
 *   `allowlist-source-range` and `limit-rpm`. Limits count per client IP and per NGINX replica
 *   (the effective limit grows with the replicas), allow bursts of 5 × the limit, and answer 503:
 *   app routing does not let the ingress-nginx ConfigMap (`limit-req-status-code`) change. Whether
 *   app routing's NGINX load balancer keeps client addresses (`externalTrafficPolicy: Local`) is
 *   not verified: if it does not, the allow list and limits see node addresses.
 */

/** The app routing Gateway API implementation (the default), for messages. */
const AKS_APP_ROUTING_GATEWAY_ENFORCER = 'the app routing Gateway (approuting-istio) of Cloud.aks()';
/** The Istio service-mesh add-on's Gateway API implementation. */
const AKS_ISTIO_ADDON_ENFORCER = 'the Istio add-on Gateway of Cloud.aks()';
/** The app routing NGINX Ingress (what its limits mean is a warning: {@link aksAccessSupport}). */
const AKS_NGINX_ENFORCER = 'the app routing NGINX Ingress of Cloud.aks()';

/** The GatewayClass of the Istio service-mesh add-on (Gateway API). */
const AKS_ISTIO_ADDON_CLASS = 'istio';

/** The ingress-nginx annotations of the allow list and the request limit. */
const NGINX_ALLOWLIST = 'nginx.ingress.kubernetes.io/allowlist-source-range';
const NGINX_LIMIT_RPM = 'nginx.ingress.kubernetes.io/limit-rpm';
/** Annotations the user may not set next to `access`: ours and ingress-nginx's alias of the allow list. */
const NGINX_ACCESS_ANNOTATIONS = [NGINX_ALLOWLIST, 'nginx.ingress.kubernetes.io/whitelist-source-range', NGINX_LIMIT_RPM];

/**
 * What the ingress of Cloud.aks() enforces for these options; with `access`, the endpoint card's
 * warnings about the features it uses: NGINX's request limit (per client IP and replica, 503), and
 * JWTs sent over plain HTTP to the Istio add-on Gateway without `ingress.host`.
 * @internal
 */
export function aksAccessSupport(options: FrontendIngressOptions, gatewayClass: string, access?: EndpointAccess): AccessSupport {
  const support = aksEnforcement(options, gatewayClass);
  if (access === undefined) return support;
  const warnings: string[] = [];
  if (support.enforcer === AKS_NGINX_ENFORCER && AccessFeature.REQUESTS_PER_MINUTE.isIn(access.features)) {
    warnings.push('NGINX counts access.requestsPerMinute per client IP and per NGINX replica (N replicas let N times the limit through) and answers excess requests with 503, not 429, '
      + 'which app routing does not let you change: size the limit for the replicas and have clients retry on 503, or use IngressController.envoyGateway() (set ingress.controller)');
  }
  if (support.enforcer === AKS_ISTIO_ADDON_ENFORCER && AccessFeature.JWT.isIn(access.features) && options.host === undefined) {
    warnings.push('without ingress.host the Istio add-on Gateway listens on plain HTTP, so tokens travel unencrypted: set ingress.host and ingress.tlsSecret');
  }
  return warnings.length > 0 ? { ...support, warnings } : support;
}

/** The enforcer and features of the ingress the options select. */
function aksEnforcement(options: FrontendIngressOptions, gatewayClass: string): AccessSupport {
  if ((options.api ?? IngressApi.GATEWAY) === IngressApi.INGRESS) {
    return { enforcer: AKS_NGINX_ENFORCER, features: [AccessFeature.SOURCE_RANGES, AccessFeature.REQUESTS_PER_MINUTE] };
  }
  const className = options.className ?? gatewayClass;
  if (className === gatewayClass) return { enforcer: AKS_APP_ROUTING_GATEWAY_ENFORCER, features: [AccessFeature.SOURCE_RANGES] };
  if (className === AKS_ISTIO_ADDON_CLASS) return { enforcer: AKS_ISTIO_ADDON_ENFORCER, features: [AccessFeature.JWT, AccessFeature.SOURCE_RANGES] };
  return { enforcer: `the Gateway API implementation of GatewayClass ${className} on Cloud.aks() (one the library does not know)`, features: [] };
}

/** The ingress-nginx annotations that enforce `access` (none without it). @internal */
export function aksNginxAccessAnnotations(options: FrontendIngressOptions, access: EndpointAccess | undefined): Record<string, string> {
  if (access === undefined) return {};
  const ranges = access.options.allowedSourceRanges;
  const rpm = access.options.requestsPerMinute;
  const clash = NGINX_ACCESS_ANNOTATIONS.find((k) => options.annotations?.[k] !== undefined);
  if (clash !== undefined) {
    throw invalid('ingress.annotations', `must not set ${clash} with access (the library sets the allow list and the request limit from it)`, clash,
      'set access.allowedSourceRanges or access.requestsPerMinute instead, and remove the annotation');
  }
  return {
    ...(ranges !== undefined ? { [NGINX_ALLOWLIST]: ranges.join(',') } : {}),
    ...(rpm !== undefined ? { [NGINX_LIMIT_RPM]: String(rpm) } : {}),
  };
}

/**
 * Adds the objects that enforce `access` on an Istio-based Gateway (app routing or the mesh
 * add-on): the per-Gateway ConfigMap with the source ranges (and the Gateway's
 * `infrastructure.parametersRef` to it), and for JWT the RequestAuthentication and
 * AuthorizationPolicy. Returns them (none without access).
 * @internal
 */
export function addIstioGatewayAccess(ctx: CloudContext, gateway: ApiObject, access: EndpointAccess | undefined): ApiObject[] {
  if (access === undefined) return [];
  const objects: ApiObject[] = [];
  const ranges = access.options.allowedSourceRanges;
  if (ranges !== undefined) {
    const options = new k8s.KubeConfigMap(ctx.scope, 'GatewayOptions', {
      metadata: { name: ingressName(ctx), namespace: ctx.namespace, labels: ctx.labels },
      // A patch of the Service Istio generates for the Gateway (YAML; JSON strings keep IPv6 safe).
      data: { service: ['spec:', '  loadBalancerSourceRanges:', ...ranges.map((r) => `  - ${JSON.stringify(r)}`), ''].join('\n') },
    });
    gateway.addJsonPatch(JsonPatch.add('/spec/infrastructure', { parametersRef: { group: '', kind: 'ConfigMap', name: ingressName(ctx) } }));
    // Istio rejects a Gateway whose parameters are missing: the ConfigMap goes first.
    gateway.node.addDependency(options);
    objects.push(options);
  }
  const jwt = access.jwtProps;
  if (jwt !== undefined) objects.push(...addIstioJwt(ctx, gateway, jwt.issuer, jwt.audiences, jwt.jwksUri));
  return objects;
}

/** RequestAuthentication (checks tokens that are sent) + AuthorizationPolicy (refuses requests without one), on the Gateway. */
function addIstioJwt(ctx: CloudContext, gateway: ApiObject, issuer: string, audiences: readonly string[], jwksUri: string): ApiObject[] {
  const name = ingressName(ctx);
  const metadata = { name, namespace: ctx.namespace, labels: ctx.labels };
  const targetRefs = [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name }];
  const authn = new ApiObject(ctx.scope, 'RequestAuthentication', {
    apiVersion: 'security.istio.io/v1',
    kind: 'RequestAuthentication',
    metadata,
    spec: { targetRefs, jwtRules: [{ issuer, audiences: [...audiences], jwksUri }] },
  });
  const authz = new ApiObject(ctx.scope, 'AuthorizationPolicy', {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata,
    // Any request principal: a token RequestAuthentication accepted (`<iss>/<sub>`).
    spec: { targetRefs, action: 'ALLOW', rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] },
  });
  // The Gateway is served only once both policies are in place.
  gateway.node.addDependency(authn, authz);
  return [authn, authz];
}
