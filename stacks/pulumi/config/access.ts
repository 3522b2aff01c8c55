/**
 * The stack config of `access`: who may call the endpoint through `ingress`, as
 * `EndpointAccess.<kind>({...})` takes it: `{ kind: apiKeys | jwt | oidc | cognito | iap | open,
 * ...its settings }`. A credential is only ever named (the Secret that holds it): a value where a
 * Secret name belongs that is not one, or that looks like a key, is refused without being shown,
 * and so is any text under a key `access` does not have.
 */
import {
  ApiKeyAccessProps, CognitoAccessProps, EndpointAccess, EndpointAccessOptions, IapAccessProps, ISecretRef, JwtAccessProps, OidcAccessProps,
} from '../../../lib';
import { invalid } from '../../../lib/core/errors';
import { looksLikeHfToken } from '../../../lib/core/hf-token-pattern';
import { propPath } from '../../../lib/core/input-shape';
import { isDns1123Subdomain } from '../../../lib/core/names';
import { configError, fromLibrary, LibraryFix, rmCommand, setCommand } from './errors';
import { secretRef } from './pods';
import { Fields, isWord, list, num, object, Read, redacted, refuseUnknownKey, text, variant } from './values';

/** The kinds of `access`, each `EndpointAccess.<kind>`. */
const KINDS = ['apiKeys', 'jwt', 'oidc', 'cognito', 'iap', 'open'] as const;

/**
 * Whether a value given for a Secret's name looks like a credential instead: a Hugging Face token,
 * an OpenAI-style `sk-...` key, or a run of 32 or more letters and digits (a hex or base64 key,
 * `openssl rand -hex 32`), which may all be valid Kubernetes names.
 */
function looksLikeKey(value: string): boolean {
  return looksLikeHfToken(value) || /^sk-[\w-]{16,}$/i.test(value) || /[A-Za-z0-9]{32,}/.test(value);
}

/** How each Secret of `access` is made, for the fix of a refused name. */
const SECRET_EXAMPLES: Readonly<Record<string, { readonly name: string; readonly create: string }>> = {
  secret: { name: 'llm-api-keys', create: 'kubectl create secret generic llm-api-keys -n <namespace> --from-literal=<client-id>=<api-key>' },
  clientSecret: { name: 'llm-oidc', create: 'kubectl create secret generic llm-oidc -n <namespace> --from-literal=client-secret=<secret> (keys clientID and clientSecret for the ALB)' },
  oauth2ClientSecret: { name: 'llm-iap-oauth', create: 'kubectl create secret generic llm-iap-oauth -n <namespace> --from-literal=key=<secret>' },
};

/**
 * A Secret that holds a credential, by name: a value that looks like the credential itself, that is
 * not a Kubernetes name (`Bearer x9`), or that is not text (a list, an object, a number), is refused
 * and never shown (only its type is), with the command that keeps the credential in a Secret.
 */
function credentialSecret(setting: keyof typeof SECRET_EXAMPLES): Read<ISecretRef> {
  const { name, create } = SECRET_EXAMPLES[setting];
  return (v, at) => {
    if (typeof v !== 'string') {
      throw invalid(`config ${at}`, 'must be the name of the Kubernetes Secret that holds the credential (one name, as text)', redacted(v),
        `keep the credential in a Secret (${create}) and run ${rmCommand(at)} && ${setCommand(at, name)}`);
    }
    const why = looksLikeKey(v)
      ? 'a Secret name with 32 or more letters and digits without a dash is taken for a key: rename the Secret with dashes'
      : !isDns1123Subdomain(v) ? 'a Secret name is lowercase letters, digits, "-" and "." (at most 253 characters), and a value that is not one is not shown' : undefined;
    if (why !== undefined) {
      throw invalid(`config ${at}`, 'must be the name of the Kubernetes Secret that holds the credential, not the credential', '<redacted>',
        `keep it in a Secret (${create}) and run ${setCommand(at, name)}; ${why}`);
    }
    return secretRef(v, at);
  };
}

const OPTIONS: Fields<EndpointAccessOptions> = {
  allowedSourceRanges: list(text, '203.0.113.0/24'),
  requestsPerMinute: num,
  tokensPerMinute: num,
  cloudArmorPolicy: text,
};

/** An object of `typeName` settings whose unknown keys are refused without showing a text value. */
function settings<T>(typeName: string, fields: Fields<T>, required: ReadonlyArray<keyof T & string> = [],
  examples: Readonly<Partial<Record<string, string>>> = {}): Read<T> {
  const read = object<T>(typeName, fields, required, examples);
  const known = Object.keys(fields);
  return (v, at) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) if (!known.includes(k)) refuseUnknownKey(at, k, x, typeName, known, true);
    }
    return read(v, at);
  };
}

/** The IAP OAuth client's two settings, each with the value that sets it. */
const IAP_CLIENT: Readonly<Record<string, string>> = { clientId: '123456789-abc.apps.googleusercontent.com', oauth2ClientSecret: 'llm-iap-oauth' };

/**
 * The fix of an IAP OAuth client given half (`access.clientId` without `access.oauth2ClientSecret`,
 * or the other way): set the other, or remove the one given (the Google-managed OAuth client).
 */
const iapClientFix: LibraryFix = (prop, message) => {
  const given = /^(.*)\.(clientId|oauth2ClientSecret)$/.exec(prop);
  if (given === null || !/ must be set with the other\b/.test(message)) return undefined;
  const other = given[2] === 'clientId' ? 'oauth2ClientSecret' : 'clientId';
  return `set the other with ${setCommand(propPath(given[1], other), IAP_CLIENT[other])}, or remove it with ${rmCommand(prop)}`;
};

/** Runs an `EndpointAccess` factory, its errors on the config keys (`access.secret.name` is the key `access.secret`). */
function build(at: string, make: () => EndpointAccess): EndpointAccess {
  return fromLibrary({
    'access': at,
    'access.secret.name': propPath(at, 'secret'),
    'access.clientSecret.name': propPath(at, 'clientSecret'),
    'access.oauth2ClientSecret.name': propPath(at, 'oauth2ClientSecret'),
  }, make, iapClientFix);
}

const apiKeys = settings<ApiKeyAccessProps>('ApiKeyAccessProps', { secret: credentialSecret('secret'), ...OPTIONS }, ['secret'], { secret: 'llm-api-keys' });

const jwtSettings = settings<JwtAccessProps>('JwtAccessProps', {
  issuer: text, audiences: list(text, 'llm-api'), jwksUri: text, clientIdClaim: text, ...OPTIONS,
}, ['issuer', 'jwksUri'], { issuer: 'https://login.example.com/', jwksUri: 'https://login.example.com/.well-known/jwks.json' });

/** `kind: jwt`: at least one audience, set as a list entry (`access.audiences[0]`). */
const jwt: Read<JwtAccessProps> = (v, at) => {
  const props = jwtSettings(v, at);
  if (props.audiences === undefined) throw configError(`${at}.audiences[0]`, 'is required by JwtAccessProps (the aud values accepted, at least one)', undefined, 'llm-api');
  return props;
};

const oidc = settings<OidcAccessProps>('OidcAccessProps', {
  issuer: text, clientId: text, clientSecret: credentialSecret('clientSecret'), authorizationEndpoint: text, tokenEndpoint: text, userInfoEndpoint: text,
  scopes: list(text, 'openid'), ...OPTIONS,
}, ['issuer', 'clientId', 'clientSecret'], { issuer: 'https://accounts.example.com', clientId: 'llm-console', clientSecret: 'llm-oidc' });

const cognito = settings<CognitoAccessProps>('CognitoAccessProps', {
  userPoolArn: text, userPoolClientId: text, userPoolDomain: text, scopes: list(text, 'openid'), ...OPTIONS,
}, ['userPoolArn', 'userPoolClientId', 'userPoolDomain'], { userPoolDomain: 'my-llm' });

const iap = settings<IapAccessProps>('IapAccessProps', { clientId: text, oauth2ClientSecret: credentialSecret('oauth2ClientSecret'), ...OPTIONS });

const openSettings = settings<EndpointAccessOptions>('EndpointAccessOptions', OPTIONS);

/** `kind: open`: at least one restriction, refused with the config that sets one (an endpoint open to all needs no `access`). */
const open: Read<EndpointAccessOptions> = (v, at) => {
  const options = openSettings(v, at);
  if (Object.keys(options).length === 0) {
    throw invalid(`config ${at}`, 'must restrict something: kind open needs allowedSourceRanges, requestsPerMinute, tokensPerMinute or cloudArmorPolicy', '{}',
      `run ${setCommand(`${at}.allowedSourceRanges[0]`, '203.0.113.0/24')}, set a credential (kind apiKeys or jwt), or run ${rmCommand(at)}`);
  }
  return options;
};

/** Each kind: its settings read first (their errors are the config's), then the factory (its errors renamed to the keys). */
const byKind: Read<EndpointAccess> = variant('access kind', {
  apiKeys: (v, at) => { const p = apiKeys(v, at); return build(at, () => EndpointAccess.apiKeys(p)); },
  jwt: (v, at) => { const p = jwt(v, at); return build(at, () => EndpointAccess.jwt(p)); },
  oidc: (v, at) => { const p = oidc(v, at); return build(at, () => EndpointAccess.oidc(p)); },
  cognito: (v, at) => { const p = cognito(v, at); return build(at, () => EndpointAccess.cognito(p)); },
  iap: (v, at) => { const p = iap(v, at); return build(at, () => EndpointAccess.iap(p)); },
  open: (v, at) => { const p = open(v, at); return build(at, () => EndpointAccess.open(p)); },
}, 'kind', true);

/**
 * `access`: `{ kind: apiKeys, secret: llm-api-keys, requestsPerMinute: 600 }`, or the kind alone
 * when it needs no settings (`access: iap`). A kind that is not one of the list is shown only when
 * it is a word: `access: sk-...`, `access: [sk-...]` or `access.kind: [sk-...]` is a key pasted where
 * the setting belongs, shown by its type only.
 */
export const access: Read<EndpointAccess> = (v, at) => {
  const alone = typeof v !== 'object' || v === null || Array.isArray(v);
  const kind = alone ? v : (v as Record<string, unknown>).kind;
  const known = typeof kind === 'string' && KINDS.some((k) => k.toLowerCase() === kind.trim().toLowerCase());
  if (kind !== undefined && kind !== null && !known && !isWord(kind)) {
    const where = alone ? at : `${at}.kind`;
    throw invalid(`config ${where}`, `must be one of ${KINDS.join(', ')} (the access kind); a credential belongs in a Kubernetes Secret, named by ${at}.secret`,
      redacted(kind), `run ${rmCommand(where)} && ${setCommand(`${at}.kind`, 'apiKeys')} && ${setCommand(`${at}.secret`, 'llm-api-keys')}`);
  }
  return byKind(v, at);
};
