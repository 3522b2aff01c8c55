import type { ISecretRef } from '../core/secret-ref';

/**
 * What every kind of {@link EndpointAccess} may add to its credential: a source allow list, usage
 * limits per client, and a Cloud Armor policy on GKE. Each is enforced by the gateway in front of
 * the frontend; one the chosen ingress cannot enforce is a synth-time error naming the
 * implementations that can (docs/access.md).
 */
export interface EndpointAccessOptions {
  /**
   * The client CIDR ranges allowed to call the endpoint (IPv4 or IPv6, network addresses such as
   * `203.0.113.0/24`); every other source is refused at the gateway.
   * @default - any source
   */
  readonly allowedSourceRanges?: string[];
  /**
   * The most requests one client may send per minute; beyond it the gateway answers 429. A client
   * is the API key's client id, the JWT's `clientIdClaim`, or the source IP without credentials.
   * @default - no limit
   */
  readonly requestsPerMinute?: number;
  /**
   * The most LLM tokens (prompt + completion, as the OpenAI response's `usage` counts them) one
   * client may use per minute; once spent, the gateway answers 429 until the window moves on. Only
   * Envoy AI Gateway counts tokens (`ingress.controller: IngressController.envoyAiGateway()`).
   * @default - no limit
   */
  readonly tokensPerMinute?: number;
  /**
   * GKE only: the name of an existing Cloud Armor security policy the load balancer enforces in
   * front of the frontend (IP allow lists, rate-based rules, WAF rules), set on the
   * `GCPBackendPolicy`.
   * @default - none
   */
  readonly cloudArmorPolicy?: string;
}

/** Client API keys, kept in a Secret the library only references. */
export interface ApiKeyAccessProps extends EndpointAccessOptions {
  /**
   * An Opaque Secret in the deployment's namespace with one entry per client: the key is the
   * client id, the value its API key (`kubectl create secret generic llm-api-keys
   * --from-literal=team-a="$(openssl rand -hex 32)"`). Clients send `Authorization: Bearer <key>`.
   */
  readonly secret: ISecretRef;
}

/** JSON Web Tokens from an identity provider, checked against its published keys. */
export interface JwtAccessProps extends EndpointAccessOptions {
  /** The `iss` the tokens carry, e.g. `https://login.example.com/`. */
  readonly issuer: string;
  /** The `aud` values accepted (at least one, at most 8): a token minted for another service is refused. */
  readonly audiences: string[];
  /** The HTTPS URL of the issuer's JSON Web Key Set, e.g. `https://login.example.com/.well-known/jwks.json`. */
  readonly jwksUri: string;
  /**
   * The claim that names the client, for per-client limits.
   * @default 'sub'
   */
  readonly clientIdClaim?: string;
}

/** A browser sign-in with an OpenID Connect provider, done by the load balancer. */
export interface OidcAccessProps extends EndpointAccessOptions {
  /** The provider's issuer URL (HTTPS), e.g. `https://accounts.example.com`. */
  readonly issuer: string;
  /** The OAuth client id registered with the provider. */
  readonly clientId: string;
  /**
   * The Secret with the client secret: key `client-secret` for Envoy Gateway; keys `clientID` and
   * `clientSecret` for the ALB (the AWS Load Balancer Controller reads both from it).
   */
  readonly clientSecret: ISecretRef;
  /**
   * The provider's authorization endpoint (HTTPS).
   * @default - discovered from the issuer (Envoy Gateway); required on the ALB
   */
  readonly authorizationEndpoint?: string;
  /**
   * The provider's token endpoint (HTTPS).
   * @default - discovered from the issuer (Envoy Gateway); required on the ALB
   */
  readonly tokenEndpoint?: string;
  /**
   * The provider's user info endpoint (HTTPS).
   * @default - none (Envoy Gateway); required on the ALB
   */
  readonly userInfoEndpoint?: string;
  /**
   * The scopes requested.
   * @default ['openid']
   */
  readonly scopes?: string[];
}

/** A browser sign-in with an Amazon Cognito user pool, done by the ALB. */
export interface CognitoAccessProps extends EndpointAccessOptions {
  /** The user pool ARN, `arn:aws:cognito-idp:<region>:<account>:userpool/<pool id>`. */
  readonly userPoolArn: string;
  /** The user pool app client id. */
  readonly userPoolClientId: string;
  /** The user pool's domain prefix (e.g. `my-llm`) or custom domain. */
  readonly userPoolDomain: string;
  /**
   * The scopes requested.
   * @default ['openid']
   */
  readonly scopes?: string[];
}

/** Google Identity-Aware Proxy in front of the GKE Gateway. */
export interface IapAccessProps extends EndpointAccessOptions {
  /**
   * The OAuth client id IAP signs users in with.
   * @default - the Google-managed OAuth client
   */
  readonly clientId?: string;
  /**
   * The Secret with that client's secret (key `key`); required with `clientId`.
   * @default - none (the Google-managed OAuth client)
   */
  readonly oauth2ClientSecret?: ISecretRef;
}
