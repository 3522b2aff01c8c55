import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { invalid } from '../core/errors';
import { boundedName } from '../core/names';
import { CloudContext, IngressTarget } from './cloud-profile';
import { FrontendIngressOptions } from './frontend-ingress';

/**
 * The name of the frontend's Ingress, Gateway and HTTPRoute: `<dgd>-frontend`, shortened to a DNS
 * label (controllers name and label their own objects after a Gateway).
 * @internal
 */
export function ingressName(ctx: Pick<CloudContext, 'dgdName'>): string {
  return boundedName(ctx.dgdName, 'frontend');
}

/** Merges the user's annotations with the generated ones, rejecting collisions. @internal */
export function ingressAnnotations(options: FrontendIngressOptions, generated: Record<string, string>): Record<string, string> | undefined {
  const merged: Record<string, string> = { ...generated };
  for (const [k, v] of Object.entries(options.annotations ?? {})) {
    if (k in generated) {
      throw invalid('ingress.annotations', `must not set ${k}, which the library sets from the ingress props`, k,
        'use ingress.host, ingress.internal, ingress.timeout or ingress.certificateArn instead');
    }
    merged[k] = v;
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** Options of {@link addFrontendIngress}. @internal */
export interface FrontendIngressObjectOptions {
  readonly className?: string;
  readonly annotations?: Record<string, string>;
  /** Add `spec.tls` for the host (with the Secret when given; ALB discovers ACM certificates by host). */
  readonly tls: boolean;
  readonly tlsSecretName?: string;
}

/** An `Ingress` for the frontend: one rule, path `/` (Prefix), to `<dgd>-frontend:8000`. @internal */
export function addFrontendIngress(ctx: CloudContext, options: FrontendIngressOptions, target: IngressTarget, o: FrontendIngressObjectOptions): k8s.KubeIngress {
  const backend = { service: { name: target.serviceName, port: { number: target.port } } };
  return new k8s.KubeIngress(ctx.scope, 'Ingress', {
    metadata: { name: ingressName(ctx), namespace: ctx.namespace, labels: ctx.labels, annotations: o.annotations },
    spec: {
      ingressClassName: o.className,
      tls: o.tls && options.host ? [{ hosts: [options.host], secretName: o.tlsSecretName }] : undefined,
      rules: [{ host: options.host, http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }],
    },
  });
}

/** The `Gateway` of {@link addFrontendGateway}. @internal */
export interface FrontendGatewayClassOptions {
  readonly gatewayClassName: string;
  readonly annotations?: Record<string, string>;
}

/** Options of {@link addFrontendGateway}. @internal */
export interface FrontendGatewayObjectOptions extends FrontendGatewayClassOptions {
  /**
   * The HTTPRoute rule's `timeouts` (Gateway API `request`, `backendRequest`).
   * @default - none: the implementation's default request timeout
   */
  readonly routeTimeouts?: Readonly<Record<string, string>>;
}

/** The listener of the frontend's Gateway: `https` (443) for `ingress.host`, else `http` (80). */
function gatewayListenerName(options: FrontendIngressOptions): 'http' | 'https' {
  return options.host === undefined ? 'http' : 'https';
}

/**
 * A Gateway API `Gateway` for the frontend: one HTTP listener, or HTTPS for `host` with `tlsSecret`
 * (refused without it).
 * @internal
 */
export function addGatewayObject(ctx: CloudContext, options: FrontendIngressOptions, o: FrontendGatewayClassOptions): ApiObject {
  const https = options.host !== undefined;
  if (https && !options.tlsSecret) {
    throw invalid('ingress.tlsSecret', 'is required with ingress.host on a Gateway (the HTTPS listener needs a certificate)', undefined,
      'reference a kubernetes.io/tls Secret with SecretRef.fromSecretName("llm-tls") (cert-manager can issue it), or remove ingress.host for HTTP');
  }
  const listener = https
    ? {
      name: gatewayListenerName(options), protocol: 'HTTPS', port: 443, hostname: options.host,
      tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: options.tlsSecret!.name }] },
      allowedRoutes: { namespaces: { from: 'Same' } },
    }
    : { name: gatewayListenerName(options), protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Same' } } };
  return new ApiObject(ctx.scope, 'Gateway', {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: ingressName(ctx), namespace: ctx.namespace, labels: ctx.labels, annotations: o.annotations },
    spec: { gatewayClassName: o.gatewayClassName, listeners: [listener] },
  });
}

/**
 * An `HTTPRoute` from the frontend's Gateway (its listener) to `<dgd>-frontend:8000`, every path,
 * which depends on the Gateway.
 */
function addGatewayHttpRoute(ctx: CloudContext, options: FrontendIngressOptions, target: IngressTarget, gateway: ApiObject,
  routeTimeouts?: Readonly<Record<string, string>>): ApiObject {
  const name = ingressName(ctx);
  const route = new ApiObject(ctx.scope, 'HttpRoute', {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: ctx.namespace, labels: ctx.labels },
    spec: {
      parentRefs: [{ name, sectionName: gatewayListenerName(options) }],
      hostnames: options.host !== undefined ? [options.host] : undefined,
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [{ name: target.serviceName, port: target.port }],
        timeouts: routeTimeouts !== undefined ? { ...routeTimeouts } : undefined,
      }],
    },
  });
  route.node.addDependency(gateway);
  return route;
}

/**
 * A Gateway API `Gateway` (one HTTP listener, or HTTPS for `host` with `tlsSecret`) and an `HTTPRoute`
 * from it to `<dgd>-frontend:8000` (which depends on the Gateway). Returns both.
 * @internal
 */
export function addFrontendGateway(ctx: CloudContext, options: FrontendIngressOptions, target: IngressTarget, o: FrontendGatewayObjectOptions): ApiObject[] {
  const gateway = addGatewayObject(ctx, options, o);
  return [gateway, addGatewayHttpRoute(ctx, options, target, gateway, o.routeTimeouts)];
}
