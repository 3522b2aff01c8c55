/** The stack config of `ingress`: the frontend exposed through the cloud's load balancer, or a gateway installed in the cluster. */
import { EnvoyGatewayOptions, IngressApi, IngressController } from '../../../lib';
import type { LlmIngressOptions } from '../../../lib';
import { fromLibrary } from './errors';
import { secretRef } from './pods';
import { bool, choice, constantsOf, duration, map, num, object, Read, text, variant } from './values';

/** The settings both Envoy controllers take. */
const envoyOptions = (typeName: string): Read<EnvoyGatewayOptions> => object<EnvoyGatewayOptions>(typeName, {
  globalRateLimit: bool,
  trustedProxyHops: num,
  proxyNamespace: text,
});

/**
 * `ingress.controller`: a gateway installed in the cluster that serves the frontend instead of the
 * cloud's load balancer: `envoyGateway` or `envoyAiGateway` by name, or `{ kind: envoyAiGateway,
 * globalRateLimit: true, trustedProxyHops: 1, proxyNamespace: envoy-gateway-system }` with its settings.
 * A kind that is not one of them is shown only when it is a word: a key pasted there is not shown.
 */
export const controller: Read<IngressController> = variant('ingress controller', {
  envoyGateway: (v, at) => {
    const o = envoyOptions('EnvoyGatewayOptions')(v, at);
    return fromLibrary({ 'ingress.controller': at }, () => IngressController.envoyGateway(o));
  },
  envoyAiGateway: (v, at) => {
    const o = envoyOptions('EnvoyAiGatewayOptions')(v, at);
    return fromLibrary({ 'ingress.controller': at }, () => IngressController.envoyAiGateway(o));
  },
}, 'kind', true);

/** `ingress`: every `LlmIngressOptions` setting (`tlsSecret` by Secret name, `timeout` as `300s`, `api: ingress | gateway`, `controller` by kind). */
export const ingress: Read<LlmIngressOptions> = object<LlmIngressOptions>('LlmIngressOptions', {
  host: text,
  tlsSecret: secretRef,
  certificateArn: text,
  internal: bool,
  timeout: duration,
  api: choice(constantsOf(IngressApi)),
  className: text,
  annotations: map(text, 'nginx.ingress.kubernetes.io/proxy-read-timeout', '600'),
  controller,
});
