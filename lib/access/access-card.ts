import { shellQuote } from '../core/shell';
import { AccessFeature } from './access-feature';
import { CLIENT_ID_HEADER } from './client-identity';
import { EndpointAccess } from './endpoint-access';

/** How a protected endpoint is called, for the endpoint card: never a key or token, only where it goes. */
export interface EndpointAccessCard {
  /** What clients present: `API keys`, `JWT`, `OpenID Connect sign-in`, `Amazon Cognito sign-in`, `Identity-Aware Proxy` or `none`. */
  readonly credential: string;
  /** What enforces it, e.g. `IngressController.envoyGateway()` or `the ALB of Cloud.eks()`. */
  readonly enforcedBy: string;
  /**
   * The header a program sends, with a placeholder for the credential, e.g.
   * `Authorization: Bearer <API key>`; absent for browser sign-ins and `EndpointAccess.open`.
   */
  readonly header?: string;
  /** Where a caller's credential comes from, in one sentence. */
  readonly howToCall: string;
  /**
   * What counts as one client for the limits: the API key's client id, a JWT claim, or the source
   * IP; carried to the frontend in `x-dynamo-client-id` where the gateway sets it.
   */
  readonly clientIdentity: string;
  /** The Secret the gateway reads the client keys from (`EndpointAccess.apiKeys`), by name. */
  readonly secretName?: string;
  /** The source CIDR allow list, when set. */
  readonly allowedSourceRanges?: readonly string[];
  /** Requests per minute per client, when limited. */
  readonly requestsPerMinute?: number;
  /** LLM tokens per minute per client, when limited. */
  readonly tokensPerMinute?: number;
  /** The Cloud Armor security policy (GKE), when set. */
  readonly cloudArmorPolicy?: string;
  /** One line, e.g. `API keys (Authorization: Bearer), 600 requests/min and 200000 tokens/min per client, from 203.0.113.0/24`. */
  readonly summary: string;
}

/** The environment variable the card's curl command reads the credential from, per credential. */
const CREDENTIAL_ENV: Readonly<Record<string, string>> = {
  apiKeys: 'DYNAMO_API_KEY',
  jwt: 'DYNAMO_JWT',
  iap: 'IAP_ID_TOKEN',
};

/** The endpoint card's `access`. @internal */
export function accessCard(access: EndpointAccess, enforcedBy: string): EndpointAccessCard {
  const o = access.options;
  const d = describeCredential(access);
  return {
    credential: d.credential,
    enforcedBy,
    ...(d.header !== undefined ? { header: d.header } : {}),
    howToCall: d.howToCall,
    clientIdentity: d.clientIdentity,
    ...(access.apiKeyProps ? { secretName: access.apiKeyProps.secret.name } : {}),
    ...(o.allowedSourceRanges ? { allowedSourceRanges: [...o.allowedSourceRanges] } : {}),
    ...(o.requestsPerMinute !== undefined ? { requestsPerMinute: o.requestsPerMinute } : {}),
    ...(o.tokensPerMinute !== undefined ? { tokensPerMinute: o.tokensPerMinute } : {}),
    ...(o.cloudArmorPolicy !== undefined ? { cloudArmorPolicy: o.cloudArmorPolicy } : {}),
    summary: `${accessHeadline(access)}; enforced by ${enforcedBy}`,
  };
}

/**
 * One line for `access`: the credential and its header scheme, the limits per client, the allow
 * list and the Cloud Armor policy, e.g. `API keys (Authorization: Bearer), 600 requests/min per client`.
 * @internal
 */
export function accessHeadline(access: EndpointAccess): string {
  const o = access.options;
  const d = describeCredential(access);
  const limits = [
    o.requestsPerMinute !== undefined ? `${o.requestsPerMinute} requests/min` : undefined,
    o.tokensPerMinute !== undefined ? `${o.tokensPerMinute} tokens/min` : undefined,
  ].filter((x): x is string => x !== undefined);
  return [
    d.header !== undefined ? `${d.credential} (${d.header.replace(/ <.*$/, '')})` : d.credential,
    limits.length > 0 ? `${limits.join(' and ')} per client` : undefined,
    o.allowedSourceRanges ? `from ${o.allowedSourceRanges.join(', ')}` : undefined,
    o.cloudArmorPolicy ? `Cloud Armor policy ${o.cloudArmorPolicy}` : undefined,
  ].filter((x): x is string => x !== undefined).join(', ');
}

interface CredentialDescription {
  readonly credential: string;
  readonly header?: string;
  readonly howToCall: string;
  readonly clientIdentity: string;
}

function describeCredential(access: EndpointAccess): CredentialDescription {
  const byIp = 'the source IP';
  switch (access.credential) {
    case AccessFeature.API_KEYS:
      return {
        credential: 'API keys',
        header: 'Authorization: Bearer <API key>',
        howToCall: `send a client's key from Secret ${access.apiKeyProps!.secret.name} (the value of its entry; the entry's key is the client id), as OpenAI SDKs send api_key`,
        clientIdentity: `the API key's client id (its entry in Secret ${access.apiKeyProps!.secret.name}), forwarded as ${CLIENT_ID_HEADER}`,
      };
    case AccessFeature.JWT:
      return {
        credential: 'JWT',
        header: 'Authorization: Bearer <JWT>',
        howToCall: `send a token issued by ${access.jwtProps!.issuer} for audience ${access.jwtProps!.audiences.join(' or ')} (OpenAI SDKs: api_key=<JWT>)`,
        clientIdentity: `the JWT's ${access.jwtProps!.clientIdClaim ?? 'sub'} claim, where the gateway forwards it as ${CLIENT_ID_HEADER}`,
      };
    case AccessFeature.IAP:
      return {
        credential: 'Identity-Aware Proxy',
        header: 'Authorization: Bearer <Google-signed ID token>',
        howToCall: 'people sign in with Google in a browser; programs send a Google-signed ID token whose audience is the IAP OAuth client (grant roles/iap.httpsResourceAccessor)',
        clientIdentity: byIp,
      };
    case AccessFeature.OIDC:
      return {
        credential: 'OpenID Connect sign-in',
        howToCall: `people sign in with ${access.oidcProps!.issuer} in a browser (a session cookie follows); programs cannot follow the redirect`,
        clientIdentity: byIp,
      };
    case AccessFeature.COGNITO:
      return {
        credential: 'Amazon Cognito sign-in',
        howToCall: `people sign in with the Cognito user pool ${access.cognitoProps!.userPoolDomain} in a browser; programs cannot follow the redirect`,
        clientIdentity: byIp,
      };
    default:
      return { credential: 'none', howToCall: 'no credential: any client within the allow list may call', clientIdentity: byIp };
  }
}

/**
 * A chat completion through the protected gateway: the external base URL (`https://<host>/v1`, or
 * the load balancer's address from `$GATEWAY_ADDRESS`) and the credential's header read from an
 * environment variable (never a value). Undefined for browser sign-ins, which a program cannot do.
 * @internal
 */
export function protectedCurlCommand(access: EndpointAccess, host: string | undefined, servedModelName: string): string | undefined {
  const credential = access.credential?.id;
  if (credential === AccessFeature.OIDC.id || credential === AccessFeature.COGNITO.id) return undefined;
  const base = host !== undefined ? `https://${host}/v1` : 'http://$GATEWAY_ADDRESS/v1';
  const env = credential !== undefined ? CREDENTIAL_ENV[credential] : undefined;
  const body = JSON.stringify({ model: servedModelName, messages: [{ role: 'user', content: 'Hello! Who are you?' }], max_tokens: 64 });
  const words = [
    'curl', '-sS', `"${base}/chat/completions"`,
    ...(env !== undefined ? ['-H', `"Authorization: Bearer $${env}"`] : []),
    '-H', shellQuote('Content-Type: application/json'), '-d', shellQuote(body),
  ];
  return words.join(' ');
}
