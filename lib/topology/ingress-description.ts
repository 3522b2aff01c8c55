import { ApiObject } from 'cdk8s';
import { AKS_GATEWAY_CLASS, AKS_INGRESS_CLASS } from '../cloud/aks/aks-profile';
import { ALB_ANNOTATION } from '../cloud/eks/eks-ingress';
import { BoxText, field, Json, ofKind, text } from './manifest-fields';

/** `idle timeout 300 s` from the ALB's `idle_timeout.timeout_seconds=300` load balancer attribute. */
function idleTimeout(attributes: string | undefined): string | undefined {
  const seconds = /idle_timeout\.timeout_seconds=(\d+)/.exec(attributes ?? '')?.[1];
  return seconds ? `idle timeout ${seconds} s` : undefined;
}

/** An Ingress: an ALB (EKS, Auto Mode), AKS app routing's NGINX, or another controller's. */
function describeIngressObject(ingress: Json, objects: readonly ApiObject[]): BoxText {
  const className = text(ingress, 'spec', 'ingressClassName');
  const annotations = (field(ingress, 'metadata', 'annotations') ?? {}) as Record<string, string>;
  const alb = Object.keys(annotations).some((k) => k.startsWith(`${ALB_ANNOTATION}/`));
  const ingressClass = ofKind(objects, 'IngressClass').find((c) => text(c, 'metadata', 'name') === className);
  const params = ofKind(objects, 'IngressClassParams')[0];
  const autoMode = text(ingressClass, 'spec', 'controller') === 'eks.amazonaws.com/alb';
  const host = text(ingress, 'spec', 'rules', '0', 'host');
  const https = field(ingress, 'spec', 'tls') !== undefined || (annotations[`${ALB_ANNOTATION}/listen-ports`] ?? '').includes('HTTPS');
  const scheme = annotations[`${ALB_ANNOTATION}/scheme`] ?? text(params, 'spec', 'scheme');
  const attributes = field(params, 'spec', 'loadBalancerAttributes');
  const paramsTimeout = Array.isArray(attributes) ? text(attributes.find((a) => field(a, 'key') === 'idle_timeout.timeout_seconds'), 'value') : undefined;
  const title = alb ? 'AWS Application Load Balancer' : className === AKS_INGRESS_CLASS ? 'AKS app routing (NGINX)' : 'Ingress';
  const listener = [scheme, `${https ? 'HTTPS' : 'HTTP'}${host ? ` ${host}` : ''}`].filter((s) => s !== undefined).join(' · ');
  const timeout = idleTimeout(annotations[`${ALB_ANNOTATION}/load-balancer-attributes`]) ?? (paramsTimeout ? `idle timeout ${paramsTimeout} s` : undefined);
  return {
    title,
    details: [
      `Ingress · class ${className ?? '(cluster default)'}${autoMode ? ' (EKS Auto Mode)' : ''}`,
      listener,
      ...(timeout ? [timeout] : []),
    ],
  };
}

/** A Gateway API Gateway: GKE's, AKS app routing's, or another implementation's. */
function describeGateway(gateway: Json, objects: readonly ApiObject[]): BoxText {
  const className = text(gateway, 'spec', 'gatewayClassName') ?? '';
  const listener = field(gateway, 'spec', 'listeners', '0');
  const protocol = text(listener, 'protocol');
  const host = text(listener, 'hostname');
  const timeout = text(ofKind(objects, 'GCPBackendPolicy')[0], 'spec', 'default', 'timeoutSec');
  const title = className.startsWith('gke-') ? 'GKE Gateway' : className === AKS_GATEWAY_CLASS ? 'AKS app routing Gateway'
    : ofKind(objects, 'AIGatewayRoute').length > 0 ? 'Envoy AI Gateway'
      : objects.some((o) => o.apiVersion.startsWith('gateway.envoyproxy.io/')) || className === 'eg' ? 'Envoy Gateway' : 'Gateway';
  return {
    title,
    details: [
      `Gateway · class ${className}`,
      ...(protocol ? [`${protocol}${host ? ` ${host}` : ''}`] : []),
      ...(timeout ? [`backend timeout ${timeout} s`] : []),
    ],
  };
}

/**
 * What exposes the frontend, read from the ingress objects the cloud profile created: the load
 * balancer or gateway, its class, scheme, listener and timeout. Undefined without ingress objects.
 * @internal
 */
export function describeIngress(objects: readonly ApiObject[]): BoxText | undefined {
  const ingress = ofKind(objects, 'Ingress')[0];
  if (ingress) return describeIngressObject(ingress, objects);
  const gateway = ofKind(objects, 'Gateway')[0];
  if (gateway) return describeGateway(gateway, objects);
  const first = objects[0];
  return first ? { title: first.kind, details: [first.name] } : undefined;
}
