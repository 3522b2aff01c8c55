import { AccessFeature } from '../../access/access-feature';
import type { EndpointAccess } from '../../access/endpoint-access';
import { rejectUnenforcedAccess } from '../../access/unenforced-access';
import { invalid } from '../../core/errors';
import type { AccessSupport } from '../cloud-profile';
import type { FrontendIngressOptions } from '../frontend-ingress';

/**
 * Access control on the GKE Gateway (`Cloud.gke()`): Identity-Aware Proxy and a Cloud Armor
 * security policy, both set on the frontend's `GCPBackendPolicy` (`spec.default.iap`,
 * `spec.default.securityPolicy`). The load balancer checks Cloud Armor first, then IAP.
 *
 * IAP callers: people sign in with Google in a browser; programs send
 * `Authorization: Bearer <Google-signed ID token>` whose audience is the IAP OAuth client, or
 * `Proxy-Authorization: Bearer <token>` when their own `Authorization` header carries something
 * else (an OpenAI SDK's API key). Callers need the `IAP-secured Web App User` role
 * (`roles/iap.httpsResourceAccessor`). The Google-managed OAuth client (no `clientId`) serves
 * browser sign-ins of the organization's users only: programs then need a service account JWT or
 * an OAuth client listed in IAP's `programmatic_clients`.
 *
 * Per-GatewayClass support: Cloud Armor backend policies attach to external load balancers only
 * (Compute API: "Only external backend services that use load balancers can reference a security
 * policy"), so `gke-l7-rilb` (`ingress.internal`) refuses `cloudArmorPolicy`; GKE's GatewayClass
 * capabilities table is reported to mark Cloud Armor unsupported on
 * `gke-l7-regional-external-managed`, which refuses it too. IAP is accepted on every class: the
 * IAP settings exist on global and regional backend services alike (IAP on `gke-l7-rilb` and the
 * regional external class is not verified against GKE's table).
 */

/** What enforces access on the default (global external) class, for messages. */
const GKE_GATEWAY_ENFORCER = 'the GKE Gateway of Cloud.gke()';

/** The GatewayClasses whose load balancer cannot reference a Cloud Armor backend policy, with why. */
const NO_CLOUD_ARMOR: Readonly<Record<string, string>> = {
  'gke-l7-rilb': 'an internal load balancer, and Cloud Armor backend policies attach to external load balancers only',
  'gke-l7-regional-external-managed': 'a regional external load balancer, which GKE Gateway does not give Cloud Armor policies',
};

/** The GatewayClass of the frontend's Gateway: `ingress.className`, else the internal or the global external class. @internal */
export function gkeGatewayClassName(options: FrontendIngressOptions): string {
  return options.className ?? (options.internal ? 'gke-l7-rilb' : 'gke-l7-global-external-managed');
}

/**
 * What the GKE Gateway enforces for these ingress options; with `access`, the endpoint card's
 * warning about IAP with the Google-managed OAuth client (no `clientId`), which programs cannot use.
 * @internal
 */
export function gkeAccessSupport(options: FrontendIngressOptions, access?: EndpointAccess): AccessSupport {
  const className = gkeGatewayClassName(options);
  const support = NO_CLOUD_ARMOR[className] !== undefined
    ? { enforcer: `the GKE Gateway (${className}) of Cloud.gke()`, features: [AccessFeature.IAP] }
    : { enforcer: GKE_GATEWAY_ENFORCER, features: [AccessFeature.IAP, AccessFeature.CLOUD_ARMOR] };
  if (access === undefined || !AccessFeature.IAP.isIn(access.features) || access.iapProps?.clientId !== undefined) return support;
  return {
    ...support,
    warnings: ['Identity-Aware Proxy uses the Google-managed OAuth client (no access.clientId), which programs cannot sign in with: '
      + 'list an OAuth client in IAP\'s programmatic_clients setting or have programs send a service-account-signed JWT, or set access.clientId and access.oauth2ClientSecret'],
  };
}

/**
 * The `GCPBackendPolicy.spec.default` fields that enforce `access`: `iap` and `securityPolicy`
 * (none without access). IAP needs `ingress.host`: it signs users in, and takes their tokens, on an
 * HTTPS listener only.
 * @internal
 */
export function gkeBackendPolicyAccess(options: FrontendIngressOptions, access: EndpointAccess | undefined): Record<string, unknown> {
  if (access === undefined) return {};
  // The pattern refuses it first (gkeAccessSupport); kept for direct callers, whose access would go unenforced.
  rejectUnenforcedAccess(access, [AccessFeature.IAP, AccessFeature.CLOUD_ARMOR], GKE_GATEWAY_ENFORCER);
  const fields: Record<string, unknown> = {};
  const iap = access.iapProps;
  if (iap !== undefined) {
    if (options.host === undefined) {
      throw invalid('ingress.host', `is required with access ${access} on Cloud.gke(): Identity-Aware Proxy signs users in and accepts their tokens over HTTPS only`, undefined,
        'set ingress.host and ingress.tlsSecret (a kubernetes.io/tls Secret, e.g. issued by cert-manager) so the Gateway serves HTTPS');
    }
    fields.iap = {
      enabled: true,
      ...(iap.clientId !== undefined ? { clientID: iap.clientId } : {}),
      ...(iap.oauth2ClientSecret !== undefined ? { oauth2ClientSecret: { name: iap.oauth2ClientSecret.name } } : {}),
    };
  }
  const policy = access.options.cloudArmorPolicy;
  if (policy !== undefined) {
    const why = NO_CLOUD_ARMOR[gkeGatewayClassName(options)];
    if (why !== undefined) {
      // The pattern refuses it first (gkeAccessSupport); kept for direct callers of addIngress.
      throw invalid('access.cloudArmorPolicy', `is not enforced by the GatewayClass ${gkeGatewayClassName(options)}: it is ${why}`, policy,
        'use the global external class (remove ingress.internal and ingress.className), or remove access.cloudArmorPolicy');
    }
    fields.securityPolicy = policy;
  }
  return fields;
}
