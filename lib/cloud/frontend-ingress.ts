import { Duration } from 'cdk8s';
import { DynamoValidationError, invalid } from '../core/errors';
import { ISecretRef } from '../core/secret-ref';

/** Which Kubernetes API exposes the frontend. */
export class IngressApi {
  /** An `Ingress` (networking.k8s.io/v1). */
  public static readonly INGRESS = new IngressApi('ingress');
  /** A Gateway API `Gateway` + `HTTPRoute` (gateway.networking.k8s.io/v1). */
  public static readonly GATEWAY = new IngressApi('gateway');

  private constructor(
    /** `ingress` or `gateway`. */
    public readonly id: 'ingress' | 'gateway',
  ) {}

  /** `ingress` or `gateway`. */
  public toString(): string {
    return this.id;
  }
}

/**
 * Exposes the frontend (`<dgd>-frontend:8000`) outside the cluster through the cloud's load balancer.
 * Without `host`, it serves HTTP on the load balancer's address; with `host`, HTTPS for that host.
 */
export interface FrontendIngressOptions {
  /**
   * The host name clients use, e.g. `llm.example.com`. With a host, the listener is HTTPS.
   * @default - no host: HTTP on the load balancer's address
   */
  readonly host?: string;
  /**
   * The TLS certificate as a `kubernetes.io/tls` Secret in the namespace (Gateway API, app routing,
   * generic Ingress). Required with `host` except on EKS, where the ALB uses ACM.
   * @default - none
   */
  readonly tlsSecret?: ISecretRef;
  /**
   * ACM certificate ARN for the ALB listener (EKS only).
   * @default - the AWS Load Balancer Controller discovers an ACM certificate for `host`
   */
  readonly certificateArn?: string;
  /**
   * An internal load balancer (reachable from the VPC / VNet only).
   * @default false - internet-facing
   */
  readonly internal?: boolean;
  /**
   * How long the load balancer keeps an idle connection (ALB idle timeout, GKE backend timeout).
   * Token streams of long generations are idle between chunks, and the clouds' defaults (60 s on
   * ALB, 30 s on GKE) cut them, so it must be at least 60 seconds.
   * @default Duration.seconds(300)
   */
  readonly timeout?: Duration;
  /**
   * The API that exposes the frontend.
   * @default - the cloud's: `IngressApi.INGRESS` on EKS and generic clusters, `IngressApi.GATEWAY` on GKE and AKS
   */
  readonly api?: IngressApi;
  /**
   * The IngressClass or GatewayClass.
   * @default - the cloud's: `alb` (EKS), a generated Auto Mode class (EKS Auto Mode),
   *   `gke-l7-global-external-managed` or `gke-l7-rilb` (GKE), `approuting-istio` or
   *   `webapprouting.kubernetes.azure.com` (AKS), the cluster's default class (generic)
   */
  readonly className?: string;
  /**
   * Extra annotations on the Ingress or Gateway, for controller settings the library does not model
   * (e.g. `nginx.ingress.kubernetes.io/proxy-read-timeout` on a generic NGINX Ingress). An annotation
   * the library sets from a prop is rejected with the prop to use.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** Every option of {@link FrontendIngressOptions}, for a profile that applies (or checks) them all. */
export const INGRESS_OPTION_NAMES: readonly (keyof FrontendIngressOptions)[] = [
  'host', 'tlsSecret', 'certificateArn', 'internal', 'timeout', 'api', 'className', 'annotations',
];

/** The default idle timeout of the frontend's load balancer. @internal */
export const DEFAULT_INGRESS_TIMEOUT = Duration.seconds(300);

/** Validates what every cloud checks and returns the timeout in seconds. @internal */
export function validateIngress(options: FrontendIngressOptions): number {
  if (options.host !== undefined && !/^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]([-a-z0-9]*[a-z0-9])?$/.test(options.host)) {
    throw invalid('ingress.host', 'must be a lowercase DNS name', options.host, 'use a name such as "llm.example.com" (no scheme, port or path)');
  }
  if (options.tlsSecret && options.host === undefined) {
    throw invalid('ingress.tlsSecret', 'needs ingress.host (a certificate is for a host name)', options.tlsSecret.name, 'set ingress.host or remove ingress.tlsSecret');
  }
  const seconds = (options.timeout ?? DEFAULT_INGRESS_TIMEOUT).toSeconds();
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > 4000) {
    throw invalid('ingress.timeout', 'must be a whole number of seconds between 60 and 4000', `${seconds}s`,
      'token streams idle between chunks; use Duration.seconds(300) or more for long generations');
  }
  if (options.className !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(options.className)) {
    throw invalid('ingress.className', 'must be a DNS subdomain', options.className, 'name an IngressClass or GatewayClass that exists in the cluster');
  }
  return seconds;
}

/** The ingress options some clouds cannot apply. @internal */
export type PortableIngressOption = 'certificateArn' | 'internal' | 'timeout';

/**
 * Rejects the ingress options a cloud (or one of its ingress APIs) does not apply, in one form on
 * every cloud ({@link unappliedIngressOption}). `fixes` names the
 * options that are not applied, each with the fix to show.
 * @internal
 */
export function rejectUnappliedIngressOptions(options: FrontendIngressOptions, where: string,
  fixes: Readonly<Partial<Record<PortableIngressOption, string>>>): void {
  for (const key of ['certificateArn', 'internal', 'timeout'] as const) {
    const fix = fixes[key];
    const value = options[key];
    if (fix === undefined || value === undefined || value === false) continue;
    throw unappliedIngressOption(options, key, where, fix);
  }
}

/** The error for an ingress option `where` does not apply: `ingress.<option> is not applied by <where> (got <value>); <fix>`. @internal */
export function unappliedIngressOption(options: FrontendIngressOptions, key: keyof FrontendIngressOptions, where: string, fix: string): DynamoValidationError {
  const shown = key === 'timeout' ? `${options.timeout!.toSeconds()}s` : options[key];
  return invalid(`ingress.${key}`, `is not applied by ${where}`, shown, fix);
}
