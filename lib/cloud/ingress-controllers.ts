import { invalid } from '../core/errors';
import { checkArg, FieldsOf, objectShape, shown } from '../core/input-shape';
import { validateNamespace } from '../core/names';
import { BOOLEAN, NUMBER, STRING } from '../core/value-shapes';
import { EnvoyAiGatewayController } from './envoy/envoy-ai-gateway-controller';
import { EnvoyGatewayController } from './envoy/envoy-gateway-controller';
import { EnvoyAiGatewayOptions, EnvoyGatewayOptions } from './envoy/envoy-gateway-options';
import { IngressControllerProfile } from './ingress-controller';

/** The brand that marks an {@link IngressController}, shared by every copy of the package. */
const INGRESS_CONTROLLER_BRAND = Symbol.for('dynamo-constructs.IngressController');

/** The shape of the Envoy controllers' options, as an untyped caller must pass them. @internal */
export const ENVOY_GATEWAY_FIELDS: FieldsOf<EnvoyGatewayOptions> = { globalRateLimit: BOOLEAN, trustedProxyHops: NUMBER, proxyNamespace: STRING };

/** @internal */
export const ENVOY_AI_GATEWAY_FIELDS: FieldsOf<EnvoyAiGatewayOptions> = ENVOY_GATEWAY_FIELDS;

/**
 * A gateway installed in the cluster that serves the frontend instead of the cloud's own load
 * balancer, on any cloud: set it as `ingress.controller`. It is how `access` gets what a cloud's
 * load balancer cannot enforce (API keys, per-client limits, token limits).
 *
 * @example
 * new AggregatedLlm(chart, 'qwen', {
 *   model: 'Qwen/Qwen3-0.6B',
 *   cloud: Cloud.gke(),
 *   workers: { gpuType: GpuType.L4 },
 *   ingress: { controller: IngressController.envoyGateway() },
 *   access: EndpointAccess.apiKeys({ secret: SecretRef.fromSecretName('llm-api-keys'), requestsPerMinute: 600 }),
 * });
 */
export class IngressController {
  /**
   * Envoy Gateway (gateway.envoyproxy.io): a Gateway of class `eg` (its quickstart's; set
   * `ingress.className` for another) and an HTTPRoute, always with a `ClientTrafficPolicy` (the
   * removal of a client-sent `x-dynamo-client-id`, the stream idle timeout, client IP detection;
   * 50Mi buffers for the AI Gateway), and with `access` as a `SecurityPolicy` (API keys, JWT, OIDC,
   * source ranges) and a `BackendTrafficPolicy` (requests per minute per client).
   */
  public static envoyGateway(options: EnvoyGatewayOptions = {}): IngressController {
    checkEnvoyOptions(options, 'EnvoyGatewayOptions');
    return new IngressController(new EnvoyGatewayController(options));
  }

  /**
   * Envoy AI Gateway (aigateway.envoyproxy.io) on Envoy Gateway: what `envoyGateway()` does, with
   * an `AIGatewayRoute` and `AIServiceBackend` instead of the HTTPRoute, so the gateway reads each
   * OpenAI response's token usage and `access.tokensPerMinute` limits tokens per client.
   */
  public static envoyAiGateway(options: EnvoyAiGatewayOptions = {}): IngressController {
    checkEnvoyOptions(options, 'EnvoyAiGatewayOptions');
    return new IngressController(new EnvoyAiGatewayController(options));
  }

  /** Another gateway implementation, as a profile of your own. */
  public static custom(profile: IngressControllerProfile): IngressController {
    const p = profile as unknown as Record<string, unknown> | null;
    if (typeof p !== 'object' || p === null || typeof p.bind !== 'function' || typeof p.id !== 'string' || typeof p.displayName !== 'string'
      || !Array.isArray(p.ingressOptions) || !Array.isArray(p.accessFeatures)) {
      throw invalid('ingress.controller', 'must be given an IngressControllerProfile (id, displayName, ingressOptions, accessFeatures and bind)', shown(profile),
        'pass an instance of a class that extends IngressControllerProfile: IngressController.custom(new MyGateway())');
    }
    return new IngressController(profile);
  }

  /** Whether `x` is an IngressController from any copy of this package. */
  public static isIngressController(x: unknown): x is IngressController {
    return typeof x === 'object' && x !== null && INGRESS_CONTROLLER_BRAND in x;
  }

  private constructor(
    /** The implementation. */
    public readonly profile: IngressControllerProfile,
  ) {
    Object.defineProperty(this, INGRESS_CONTROLLER_BRAND, { value: true });
  }

  /** How it was made: `IngressController.envoyGateway()`. */
  public toString(): string {
    return this.profile.displayName;
  }
}

function checkEnvoyOptions(options: EnvoyGatewayOptions, typeName: string): void {
  checkArg('ingress.controller', options, objectShape(typeName, ENVOY_GATEWAY_FIELDS));
  const hops = options.trustedProxyHops;
  if (hops !== undefined && (!Number.isInteger(hops) || hops < 1 || hops > 32)) {
    throw invalid('ingress.controller.trustedProxyHops', 'must be a whole number from 1 to 32', hops,
      'count the proxies in front of Envoy that append to X-Forwarded-For (1 for one CDN or L7 load balancer), or leave it out');
  }
  if (options.proxyNamespace !== undefined) validateNamespace('ingress.controller.proxyNamespace', options.proxyNamespace);
}
