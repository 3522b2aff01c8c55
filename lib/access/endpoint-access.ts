import { invalid } from '../core/errors';
import { checkArg, objectShape } from '../core/input-shape';
import { validateSecretName } from '../core/secret-ref';
import { AccessFeature } from './access-feature';
import { validateAccessOptions, validateHttpsUrl, validateToken, validateTokenList } from './access-rules';
import {
  API_KEY_ACCESS_FIELDS, COGNITO_ACCESS_FIELDS, ENDPOINT_ACCESS_FIELDS, IAP_ACCESS_FIELDS, JWT_ACCESS_FIELDS, OIDC_ACCESS_FIELDS,
} from './access-shapes';
import {
  ApiKeyAccessProps, CognitoAccessProps, EndpointAccessOptions, IapAccessProps, JwtAccessProps, OidcAccessProps,
} from './endpoint-access-props';

/**
 * Who may call the endpoint, checked at the gateway in front of the frontend (Dynamo has no
 * authentication of its own): a credential (API keys, JWT, an OIDC, Cognito or IAP sign-in) or
 * none, plus a source allow list and per-client usage limits. Set it as the patterns' `access`,
 * next to `ingress`; the ingress (the cloud's load balancer, or `ingress.controller`) enforces it,
 * and what it cannot enforce is a synth-time error naming the implementations that can.
 * Credentials are only ever referenced from Secrets.
 *
 * @example
 * new AggregatedLlm(chart, 'qwen', {
 *   model: 'Qwen/Qwen3-0.6B',
 *   ingress: { controller: IngressController.envoyAiGateway() },
 *   access: EndpointAccess.apiKeys({ secret: SecretRef.fromSecretName('llm-api-keys'), requestsPerMinute: 600, tokensPerMinute: 200000 }),
 * });
 */
export class EndpointAccess {
  /**
   * Client API keys kept in a Secret (one entry per client: key = client id, value = API key).
   * Clients send `Authorization: Bearer <API key>`, as OpenAI SDKs do; limits count per client id.
   */
  public static apiKeys(props: ApiKeyAccessProps): EndpointAccess {
    checkArg('access', props, objectShape('ApiKeyAccessProps', API_KEY_ACCESS_FIELDS, ['secret']), { fix: 'pass { secret: SecretRef.fromSecretName("llm-api-keys") }' });
    validateSecretName('access.secret.name', props.secret.name);
    return new EndpointAccess(AccessFeature.API_KEYS, props, { apiKeyProps: props });
  }

  /**
   * JSON Web Tokens from an identity provider: the signature is checked against `jwksUri`, and
   * `iss`, `aud` and expiry against the props. Clients send `Authorization: Bearer <JWT>`; limits
   * count per `clientIdClaim` (`sub`).
   */
  public static jwt(props: JwtAccessProps): EndpointAccess {
    checkArg('access', props, objectShape('JwtAccessProps', JWT_ACCESS_FIELDS, ['issuer', 'audiences', 'jwksUri']),
      { fix: 'pass { issuer, audiences, jwksUri }' });
    validateToken('access.issuer', props.issuer, 'https://login.example.com/');
    validateTokenList('access.audiences', props.audiences, 8, 'llm-api');
    validateHttpsUrl('access.jwksUri', props.jwksUri, 'https://login.example.com/.well-known/jwks.json');
    if (props.clientIdClaim !== undefined) validateClaim('access.clientIdClaim', props.clientIdClaim);
    return new EndpointAccess(AccessFeature.JWT, props, { jwtProps: props });
  }

  /**
   * A browser sign-in with an OpenID Connect provider, done by the load balancer (the ALB, or
   * Envoy Gateway): for people using a chat UI, not for API clients, which cannot follow the
   * redirect.
   */
  public static oidc(props: OidcAccessProps): EndpointAccess {
    checkArg('access', props, objectShape('OidcAccessProps', OIDC_ACCESS_FIELDS, ['issuer', 'clientId', 'clientSecret']),
      { fix: 'pass { issuer, clientId, clientSecret: SecretRef.fromSecretName("llm-oidc") }' });
    validateHttpsUrl('access.issuer', props.issuer, 'https://accounts.example.com');
    validateToken('access.clientId', props.clientId, 'llm-console');
    validateSecretName('access.clientSecret.name', props.clientSecret.name);
    for (const key of ['authorizationEndpoint', 'tokenEndpoint', 'userInfoEndpoint'] as const) {
      const v = props[key];
      if (v !== undefined) validateHttpsUrl(`access.${key}`, v, `https://accounts.example.com/oauth2/${key === 'userInfoEndpoint' ? 'userinfo' : key === 'tokenEndpoint' ? 'token' : 'authorize'}`);
    }
    if (props.scopes !== undefined) validateTokenList('access.scopes', props.scopes, 16, 'openid');
    return new EndpointAccess(AccessFeature.OIDC, props, { oidcProps: props });
  }

  /** A browser sign-in with an Amazon Cognito user pool, done by the ALB (Cloud.eks(), Cloud.eksAutoMode()). */
  public static cognito(props: CognitoAccessProps): EndpointAccess {
    checkArg('access', props, objectShape('CognitoAccessProps', COGNITO_ACCESS_FIELDS, ['userPoolArn', 'userPoolClientId', 'userPoolDomain']),
      { fix: 'pass { userPoolArn, userPoolClientId, userPoolDomain }' });
    if (!/^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[a-z0-9-]+_[A-Za-z0-9]+$/.test(props.userPoolArn)) {
      throw invalid('access.userPoolArn', 'must be a Cognito user pool ARN', props.userPoolArn,
        'use e.g. "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123" (`aws cognito-idp describe-user-pool`)');
    }
    if (!/^[\w+]{1,128}$/.test(props.userPoolClientId)) {
      throw invalid('access.userPoolClientId', 'must be a Cognito app client id (letters, digits, "_" and "+")', props.userPoolClientId,
        'copy the app client id of the user pool (`aws cognito-idp list-user-pool-clients`)');
    }
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(props.userPoolDomain)) {
      throw invalid('access.userPoolDomain', 'must be the user pool\'s domain prefix or custom domain', props.userPoolDomain,
        'use the prefix (e.g. "my-llm") or the custom domain, without https://');
    }
    if (props.scopes !== undefined) validateTokenList('access.scopes', props.scopes, 16, 'openid');
    return new EndpointAccess(AccessFeature.COGNITO, props, { cognitoProps: props });
  }

  /**
   * Google Identity-Aware Proxy in front of the GKE Gateway (Cloud.gke()): people sign in with
   * Google; programs send `Authorization: Bearer <Google-signed ID token>`.
   */
  public static iap(props: IapAccessProps = {}): EndpointAccess {
    checkArg('access', props, objectShape('IapAccessProps', IAP_ACCESS_FIELDS));
    if (props.clientId !== undefined) validateToken('access.clientId', props.clientId, '123456789-abc.apps.googleusercontent.com');
    if (props.oauth2ClientSecret !== undefined) validateSecretName('access.oauth2ClientSecret.name', props.oauth2ClientSecret.name);
    if ((props.clientId === undefined) !== (props.oauth2ClientSecret === undefined)) {
      throw invalid(props.clientId === undefined ? 'access.oauth2ClientSecret' : 'access.clientId', 'must be set with the other: an OAuth client is an id and its secret',
        props.clientId === undefined ? props.oauth2ClientSecret?.name : props.clientId,
        'set both access.clientId and access.oauth2ClientSecret, or neither to use the Google-managed OAuth client');
    }
    return new EndpointAccess(AccessFeature.IAP, props, { iapProps: props });
  }

  /**
   * No credential: any client within `allowedSourceRanges` may call, within the limits (per source
   * IP). At least one option must be set: an endpoint open to all needs no `access`.
   */
  public static open(options: EndpointAccessOptions): EndpointAccess {
    checkArg('access', options, objectShape('EndpointAccessOptions', ENDPOINT_ACCESS_FIELDS), { fix: 'pass { allowedSourceRanges: ["203.0.113.0/24"] }' });
    if (Object.values(options).every((v) => v === undefined)) {
      throw invalid('access', 'must restrict something: EndpointAccess.open needs allowedSourceRanges, requestsPerMinute, tokensPerMinute or cloudArmorPolicy', '{}',
        'set one of them, use a credential (EndpointAccess.apiKeys, EndpointAccess.jwt), or remove access');
    }
    return new EndpointAccess(undefined, options, {});
  }

  /** Whether `x` is an EndpointAccess from any copy of this package. */
  public static isEndpointAccess(x: unknown): x is EndpointAccess {
    return typeof x === 'object' && x !== null && ENDPOINT_ACCESS_BRAND in x;
  }

  /** The credential clients present, or undefined for `EndpointAccess.open`. */
  public readonly credential?: AccessFeature;
  /** The source allow list, limits and Cloud Armor policy. */
  public readonly options: EndpointAccessOptions;
  /** With `EndpointAccess.apiKeys`, its props. */
  public readonly apiKeyProps?: ApiKeyAccessProps;
  /** With `EndpointAccess.jwt`, its props. */
  public readonly jwtProps?: JwtAccessProps;
  /** With `EndpointAccess.oidc`, its props. */
  public readonly oidcProps?: OidcAccessProps;
  /** With `EndpointAccess.cognito`, its props. */
  public readonly cognitoProps?: CognitoAccessProps;
  /** With `EndpointAccess.iap`, its props. */
  public readonly iapProps?: IapAccessProps;

  private constructor(credential: AccessFeature | undefined, options: EndpointAccessOptions, given: CredentialProps) {
    validateAccessOptions(options);
    this.credential = credential;
    // Frozen copies: what was checked is what is emitted, whatever the caller does with its objects later.
    // The options only: a factory's props carry the credential's props beside them.
    const { allowedSourceRanges, requestsPerMinute, tokensPerMinute, cloudArmorPolicy } = options;
    this.options = frozenCopy({ allowedSourceRanges, requestsPerMinute, tokensPerMinute, cloudArmorPolicy });
    this.apiKeyProps = given.apiKeyProps && frozenCopy({ ...given.apiKeyProps, secret: { name: given.apiKeyProps.secret.name } });
    this.jwtProps = given.jwtProps && frozenCopy(given.jwtProps);
    this.oidcProps = given.oidcProps && frozenCopy({ ...given.oidcProps, clientSecret: { name: given.oidcProps.clientSecret.name } });
    this.cognitoProps = given.cognitoProps && frozenCopy(given.cognitoProps);
    this.iapProps = given.iapProps && frozenCopy({
      ...given.iapProps,
      ...(given.iapProps.oauth2ClientSecret ? { oauth2ClientSecret: { name: given.iapProps.oauth2ClientSecret.name } } : {}),
    });
    Object.defineProperty(this, ENDPOINT_ACCESS_BRAND, { value: true });
  }

  /** What the gateway must enforce: the credential first, then the options set, in {@link AccessFeature.all} order. */
  public get features(): readonly AccessFeature[] {
    // An option's feature id is its key in the options.
    return AccessFeature.all().filter((f) => f === this.credential || this.options[f.id as keyof EndpointAccessOptions] !== undefined);
  }

  /** How it was made: `EndpointAccess.apiKeys`, `EndpointAccess.open`, ... */
  public toString(): string {
    return `EndpointAccess.${this.credential?.id ?? 'open'}`;
  }
}

/** The brand that marks an {@link EndpointAccess}, shared by every copy of the package. */
const ENDPOINT_ACCESS_BRAND = Symbol.for('dynamo-constructs.EndpointAccess');

interface CredentialProps {
  readonly apiKeyProps?: ApiKeyAccessProps;
  readonly jwtProps?: JwtAccessProps;
  readonly oidcProps?: OidcAccessProps;
  readonly cognitoProps?: CognitoAccessProps;
  readonly iapProps?: IapAccessProps;
}

/** A frozen copy of checked props: arrays copied and frozen, nested objects (Secret references) frozen. */
function frozenCopy<T extends object>(props: T): T {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined) continue;
    copy[k] = Array.isArray(v) ? Object.freeze([...v]) : typeof v === 'object' && v !== null ? Object.freeze({ ...v }) : v;
  }
  return Object.freeze(copy) as T;
}

/** A JWT claim name: letters, digits, `_`, `-`, `.` (a nested claim as `a.b`). */
function validateClaim(prop: string, claim: string): void {
  if (!/^[A-Za-z_][\w.-]{0,127}$/.test(claim)) {
    throw invalid(prop, 'must be a JWT claim name', claim, 'use e.g. "sub", "client_id" or "azp"');
  }
}
