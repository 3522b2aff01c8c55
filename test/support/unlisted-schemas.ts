/**
 * Schemas for the few kinds the library emits that ../shared/crds does not carry, written from the
 * upstream type definitions (field names and types only) so that such an object is still checked
 * strictly rather than skipped. Each names its source; keep it to the fields the library may emit
 * plus their documented alternatives.
 */

/** A strict object: the listed properties only. */
function obj(properties: Record<string, unknown>, required: string[] = []): Record<string, unknown> {
  return { type: 'object', properties, required, additionalProperties: false };
}

const PORT = { type: 'integer', minimum: 0, maximum: 65535 };

/**
 * Envoy Gateway `Backend` (gateway.envoyproxy.io/v1alpha1): envoyproxy/gateway
 * `api/v1alpha1/backend_types.go` @ d32f28294245e454d20f81d323d626a90e660c1e (v1.9.0): `spec.endpoints[]`
 * each one of `fqdn {hostname, port}`, `ip {address, port}`, `unix {path}` (+ `zone`, `hostname`);
 * `spec.type`, `appProtocols`, `fallback` (not `tls`, which the library never sets: an object with it
 * fails here). The AIServiceBackend CRD in ../shared requires its backendRef to be one
 * (`kind: Backend`, `group: gateway.envoyproxy.io`).
 */
const ENVOY_BACKEND = obj({
  apiVersion: { const: 'gateway.envoyproxy.io/v1alpha1' },
  kind: { const: 'Backend' },
  metadata: { type: 'object' },
  spec: obj({
    type: { enum: ['Endpoints', 'DynamicResolver'] },
    endpoints: {
      type: 'array',
      minItems: 1,
      maxItems: 64,
      items: {
        ...obj({
          fqdn: obj({ hostname: { type: 'string', minLength: 1, maxLength: 253 }, port: PORT }, ['hostname', 'port']),
          ip: obj({ address: { type: 'string', minLength: 3, maxLength: 45 }, port: PORT }, ['address', 'port']),
          unix: obj({ path: { type: 'string' } }, ['path']),
          zone: { type: 'string' },
          hostname: { type: 'string' },
        }),
        oneOf: [{ required: ['fqdn'] }, { required: ['ip'] }, { required: ['unix'] }],
      },
    },
    appProtocols: { type: 'array', items: { enum: ['gateway.envoyproxy.io/h2c', 'gateway.envoyproxy.io/ws', 'gateway.envoyproxy.io/wss'] } },
    fallback: { type: 'boolean' },
  }),
}, ['apiVersion', 'kind', 'metadata', 'spec']);

/** The unlisted schemas by `group/version/kind`, with where each comes from. */
export const UNLISTED_SCHEMAS: Readonly<Record<string, { readonly schema: Record<string, unknown>; readonly source: string }>> = {
  'gateway.envoyproxy.io/v1alpha1/Backend': { schema: ENVOY_BACKEND, source: 'envoyproxy/gateway api/v1alpha1/backend_types.go @ d32f282' },
};
