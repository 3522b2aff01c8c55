import { shellQuote } from '../core/shell';
import { AccessFeature } from './access-feature';
import { EndpointAccess } from './endpoint-access';

/** How a protected endpoint is called, for the endpoint card: never a key or token, only where it goes. */
export interface EndpointAccessCard {
  /** What clients present: `API keys`, `JWT`, `OpenID Connect sign-in`, `Amazon Cognito sign-in`, `Identity-Aware Proxy` or `none`. */
  readonly credential: string;
  /** What enforces it, e.g. `IngressController.envoyGateway()` or `the ALB of Cloud.eks()`. */
  readonly enforcedBy: string;
  /**
   * The header a program sends, with a placeholder for the credential, e.g.
   * `Authorization: Bearer <API key>`.
   * @default - none: a browser sign-in (OIDC, Cognito) or `EndpointAccess.open`
   */
  readonly header?: string;
  /** Where a caller's credential comes from, in one sentence. */
  readonly howToCall: string;
  /**
   * What counts as one client for the limits (the API key's client id, a JWT claim, or the source
   * IP), and whether the gateway forwards it to the frontend in `x-dynamo-client-id`.
   */
  readonly clientIdentity: string;
  /**
   * The Secret the gateway reads the client keys from, by name.
   * @default - none: not `EndpointAccess.apiKeys`
   */
  readonly secretName?: string;
  /**
   * The source CIDR allow list.
   * @default - none: any source
   */
  readonly allowedSourceRanges?: readonly string[];
  /**
   * Requests per minute per client.
   * @default - none: no limit
   */
  readonly requestsPerMinute?: number;
  /**
   * LLM tokens per minute per client.
   * @default - none: no limit
   */
  readonly tokensPerMinute?: number;
  /**
   * The Cloud Armor security policy (GKE).
   * @default - none
   */
  readonly cloudArmorPolicy?: string;
  /**
   * One line, e.g. `API keys (Authorization: Bearer), 600 requests/min and 200000 tokens/min per
   * client, from 203.0.113.0/24; enforced by IngressController.envoyGateway()`.
   */
  readonly summary: string;
}

/** The environment variable the card's curl command reads the credential from, per credential. */
const CREDENTIAL_ENV: Readonly<Record<string, string>> = {
  apiKeys: 'DYNAMO_API_KEY',
  jwt: 'DYNAMO_JWT',
  iap: 'IAP_ID_TOKEN',
};

/**
 * The endpoint card's `access`; `clientIdHeader` is the header in which the enforcing gateway
 * forwards the client's id, when it does.
 * @internal
 */
export function accessCard(access: EndpointAccess, enforcedBy: string, clientIdHeader?: string): EndpointAccessCard {
  const o = access.options;
  const d = describeCredential(access, clientIdHeader);
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
  const d = describeCredential(access, undefined);
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

function describeCredential(access: EndpointAccess, clientIdHeader: string | undefined): CredentialDescription {
  const byIp = 'the source IP';
  const o = access.options;
  // Limits of `access` are refused unless the enforcer applies them; without any, the credential only admits.
  const limited = o.requestsPerMinute !== undefined || o.tokensPerMinute !== undefined;
  const unforwarded = `${limited ? '' : 'no per-client limits here; '}the gateway sets no x-dynamo-client-id: one a client sends reaches the frontend unchecked`;
  const forwarded = clientIdHeader !== undefined ? `, forwarded to the frontend as ${clientIdHeader}` : ` (${unforwarded})`;
  // By id, not identity: an EndpointAccess from another copy of the package has other AccessFeature objects.
  switch (access.credential?.id) {
    case AccessFeature.API_KEYS.id: {
      const secret = access.apiKeyProps!.secret.name;
      return {
        credential: 'API keys',
        header: 'Authorization: Bearer <API key>',
        howToCall: `send a client's key from Secret ${secret} (the value of its entry; the entry's key is the client id), as OpenAI SDKs send api_key`,
        clientIdentity: clientIdHeader !== undefined ? `the API key's client id (its entry in Secret ${secret})${forwarded}`
          : `the API key's client id (its entry in Secret ${secret}; ${unforwarded})`,
      };
    }
    case AccessFeature.JWT.id: {
      const jwt = access.jwtProps!;
      return {
        credential: 'JWT',
        header: 'Authorization: Bearer <JWT>',
        howToCall: `send a token issued by ${jwt.issuer} for audience ${jwt.audiences.join(' or ')} (OpenAI SDKs: api_key=<JWT>)`,
        clientIdentity: `the JWT's ${jwt.clientIdClaim ?? 'sub'} claim${forwarded}${clientIdHeader !== undefined ? ' (a token without it counts per source IP)' : ''}`,
      };
    }
    case AccessFeature.IAP.id:
      return {
        credential: 'Identity-Aware Proxy',
        header: 'Authorization: Bearer <Google-signed ID token>',
        howToCall: access.iapProps?.clientId !== undefined
          ? `people sign in with Google in a browser; programs send a Google-signed ID token whose audience is the OAuth client ${access.iapProps.clientId} (grant roles/iap.httpsResourceAccessor)`
          : 'people sign in with Google in a browser; programs send a service-account-signed JWT, or an ID token of an OAuth client listed in IAP\'s programmatic_clients (the Google-managed client cannot be used by programs; grant roles/iap.httpsResourceAccessor)',
        clientIdentity: byIp,
      };
    case AccessFeature.OIDC.id:
      return {
        credential: 'OpenID Connect sign-in',
        howToCall: `people sign in with ${access.oidcProps!.issuer} in a browser (a session cookie follows); programs cannot follow the redirect`,
        clientIdentity: byIp,
      };
    case AccessFeature.COGNITO.id:
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
