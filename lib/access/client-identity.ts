/**
 * The request header that carries the client's identity from the gateway's authentication to its
 * rate limits: the API key's client id (Envoy Gateway `forwardClientIDHeader`, which replaces any
 * value the client sent) or the JWT's client claim (`claimToHeaders`, after the gateway has removed
 * any value the client sent). Per-client limits count per value of this header.
 */
export const CLIENT_ID_HEADER = 'x-dynamo-client-id';
