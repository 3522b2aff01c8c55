/**
 * One thing an `access` setting asks the gateway to enforce, and which implementations can: the
 * pattern compares the features of `access` with those the chosen ingress enforces, and refuses the
 * rest with an error that names the prop and the implementations that can (docs/access.md).
 */
export class AccessFeature {
  /** Client API keys from a Secret (`EndpointAccess.apiKeys`). */
  public static readonly API_KEYS = new AccessFeature('apiKeys', 'access', 'client API keys (EndpointAccess.apiKeys)',
    'IngressController.envoyGateway() or IngressController.envoyAiGateway() (set ingress.controller; Envoy Gateway checks the keys in the Secret)');
  /** JSON Web Tokens checked against an issuer's keys (`EndpointAccess.jwt`). */
  public static readonly JWT = new AccessFeature('jwt', 'access', 'JWT validation (EndpointAccess.jwt)',
    'IngressController.envoyGateway() or IngressController.envoyAiGateway() (set ingress.controller), the ALB of Cloud.eks() (with ingress.host; AWS Load Balancer Controller v2.15.0 or later), or the Istio service-mesh add-on Gateway of Cloud.aks() (ingress.className: "istio")');
  /** A browser sign-in with an OpenID Connect provider (`EndpointAccess.oidc`). */
  public static readonly OIDC = new AccessFeature('oidc', 'access', 'OpenID Connect sign-in (EndpointAccess.oidc)',
    'the ALB of Cloud.eks() or Cloud.eksAutoMode() (with ingress.host, HTTPS), or IngressController.envoyGateway() or IngressController.envoyAiGateway() (set ingress.controller, with ingress.host)');
  /** A browser sign-in with an Amazon Cognito user pool (`EndpointAccess.cognito`). */
  public static readonly COGNITO = new AccessFeature('cognito', 'access', 'Amazon Cognito sign-in (EndpointAccess.cognito)',
    'the ALB of Cloud.eks() or Cloud.eksAutoMode() (with ingress.host, HTTPS)');
  /** Google Identity-Aware Proxy (`EndpointAccess.iap`). */
  public static readonly IAP = new AccessFeature('iap', 'access', 'Identity-Aware Proxy (EndpointAccess.iap)',
    'the GKE Gateway of Cloud.gke() (with ingress.host, HTTPS)');
  /** A CIDR allow list (`allowedSourceRanges`). */
  public static readonly SOURCE_RANGES = new AccessFeature('allowedSourceRanges', 'access.allowedSourceRanges', 'a source CIDR allow list',
    'IngressController.envoyGateway() or IngressController.envoyAiGateway(), the ALB of Cloud.eks() or Cloud.eksAutoMode(), the Gateways (approuting-istio, istio) or the app routing NGINX Ingress of Cloud.aks(); on Cloud.gke() put the ranges in a Cloud Armor policy (access.cloudArmorPolicy)');
  /** A Google Cloud Armor security policy (`cloudArmorPolicy`). */
  public static readonly CLOUD_ARMOR = new AccessFeature('cloudArmorPolicy', 'access.cloudArmorPolicy', 'a Cloud Armor security policy',
    'the external GKE Gateway of Cloud.gke() (its default class gke-l7-global-external-managed)');
  /** A limit of requests per minute per client (`requestsPerMinute`). */
  public static readonly REQUESTS_PER_MINUTE = new AccessFeature('requestsPerMinute', 'access.requestsPerMinute', 'a per-client request limit',
    'IngressController.envoyGateway() or IngressController.envoyAiGateway() (set ingress.controller), or the app routing NGINX Ingress of Cloud.aks() (per client IP); on Cloud.gke() use the rate-based rules of a Cloud Armor policy (access.cloudArmorPolicy)');
  /** A limit of LLM tokens per minute per client (`tokensPerMinute`). */
  public static readonly TOKENS_PER_MINUTE = new AccessFeature('tokensPerMinute', 'access.tokensPerMinute', 'a per-client LLM token limit',
    'IngressController.envoyAiGateway() (set ingress.controller; Envoy AI Gateway counts the tokens of each OpenAI response)');

  /** Every feature, in the order the errors check them. */
  public static all(): readonly AccessFeature[] {
    return [AccessFeature.API_KEYS, AccessFeature.JWT, AccessFeature.OIDC, AccessFeature.COGNITO, AccessFeature.IAP,
      AccessFeature.SOURCE_RANGES, AccessFeature.CLOUD_ARMOR, AccessFeature.REQUESTS_PER_MINUTE, AccessFeature.TOKENS_PER_MINUTE];
  }

  private constructor(
    /** A stable id: `apiKeys`, `jwt`, `oidc`, `cognito`, `iap`, `allowedSourceRanges`, `cloudArmorPolicy`, `requestsPerMinute`, `tokensPerMinute`. */
    public readonly id: string,
    /** The prop an error names: `access` for the credential, `access.<option>` for the others. */
    public readonly prop: string,
    /** What it is, for messages: `client API keys (EndpointAccess.apiKeys)`. */
    public readonly displayName: string,
    /** The implementations that enforce it, for the fix of an error. */
    public readonly enforcedBy: string,
  ) {}

  /** The id. */
  public toString(): string {
    return this.id;
  }

  /** Whether `features` holds this feature (by id: a feature of another copy of the package counts). */
  public isIn(features: readonly AccessFeature[]): boolean {
    return features.some((f) => f.id === this.id);
  }
}
