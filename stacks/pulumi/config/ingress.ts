/** The stack config of `ingress`: the frontend exposed through the cloud's load balancer. */
import { FrontendIngressOptions, IngressApi } from '../../../lib';
import { secretRef } from './pods';
import { bool, choice, constantsOf, duration, map, object, Read, text } from './values';

/** `ingress`: every `FrontendIngressOptions` setting (`tlsSecret` by Secret name, `timeout` as `300s`, `api: ingress | gateway`). */
export const ingress: Read<FrontendIngressOptions> = object<FrontendIngressOptions>('FrontendIngressOptions', {
  host: text,
  tlsSecret: secretRef,
  certificateArn: text,
  internal: bool,
  timeout: duration,
  api: choice(constantsOf(IngressApi)),
  className: text,
  annotations: map(text, 'nginx.ingress.kubernetes.io/proxy-read-timeout', '600'),
});
