import { invalid } from '../core/errors';
import { FieldsOf, Shape, arrayShape, stringShape } from '../core/input-shape';
import { secretRefShape } from '../core/secret-ref';
import { NUMBER, STRING } from '../core/value-shapes';
import {
  ApiKeyAccessProps, CognitoAccessProps, EndpointAccessOptions, IapAccessProps, JwtAccessProps, OidcAccessProps,
} from './endpoint-access-props';

/**
 * The shapes of the `EndpointAccess` factories' props, as an untyped caller must pass them
 * (test/props-shape.test.ts keeps each table equal to its interface).
 * @internal
 */

/**
 * A Secret reference for a credential prop (the client keys, an OAuth client secret): a string is
 * never shown, not even one that could be a Secret name, since `sk-live-...` is a valid name too.
 */
function credentialSecretShape(): Shape {
  const ref = secretRefShape();
  return {
    expected: ref.expected,
    check: (prop, value) => {
      if (typeof value === 'string') {
        throw invalid(prop, 'must be a Secret reference (an object with the Secret\'s name), never the credential itself', '<redacted>',
          'keep the credential in a Secret and pass SecretRef.fromSecretName("<secret-name>") (a string is not shown: it may be a key)');
      }
      ref.check(prop, value);
    },
  };
}

const CIDRS = arrayShape(stringShape(), '["203.0.113.0/24"]');
const STRINGS = arrayShape(stringShape(), '["openid"]');

/** @internal */
export const ENDPOINT_ACCESS_FIELDS: FieldsOf<EndpointAccessOptions> = {
  allowedSourceRanges: CIDRS,
  requestsPerMinute: NUMBER,
  tokensPerMinute: NUMBER,
  cloudArmorPolicy: STRING,
};

/** @internal */
export const API_KEY_ACCESS_FIELDS: FieldsOf<ApiKeyAccessProps> = { ...ENDPOINT_ACCESS_FIELDS, secret: credentialSecretShape() };

/** @internal */
export const JWT_ACCESS_FIELDS: FieldsOf<JwtAccessProps> = {
  ...ENDPOINT_ACCESS_FIELDS, issuer: STRING, audiences: arrayShape(stringShape(), '["llm-api"]'), jwksUri: STRING, clientIdClaim: STRING,
};

/** @internal */
export const OIDC_ACCESS_FIELDS: FieldsOf<OidcAccessProps> = {
  ...ENDPOINT_ACCESS_FIELDS,
  issuer: STRING,
  clientId: STRING,
  clientSecret: credentialSecretShape(),
  authorizationEndpoint: STRING,
  tokenEndpoint: STRING,
  userInfoEndpoint: STRING,
  scopes: STRINGS,
};

/** @internal */
export const COGNITO_ACCESS_FIELDS: FieldsOf<CognitoAccessProps> = {
  ...ENDPOINT_ACCESS_FIELDS, userPoolArn: STRING, userPoolClientId: STRING, userPoolDomain: STRING, scopes: STRINGS,
};

/** @internal */
export const IAP_ACCESS_FIELDS: FieldsOf<IapAccessProps> = { ...ENDPOINT_ACCESS_FIELDS, clientId: STRING, oauth2ClientSecret: credentialSecretShape() };
