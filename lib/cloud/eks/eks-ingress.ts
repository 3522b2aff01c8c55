import { ApiObject } from 'cdk8s';
import { invalid } from '../../core/errors';
import { CloudContext, IngressTarget } from '../cloud-profile';
import { FrontendIngressOptions, IngressApi, validateIngress } from '../frontend-ingress';
import { addFrontendIngress, ingressAnnotations } from '../ingress-objects';

/**
 * The frontend behind an Application Load Balancer, shared by `Cloud.eks()` (the self-managed AWS
 * Load Balancer Controller, class `alb`) and `Cloud.eksAutoMode()` (the Auto Mode controller,
 * `eks.amazonaws.com/alb`). Facts: `clouds-gpu-rdma.md` §1.6-1.7.
 */

/** The ALB annotation prefix. @internal */
export const ALB_ANNOTATION = 'alb.ingress.kubernetes.io';

/** What the ALB's listeners and load balancer look like, after validation. @internal */
export interface AlbSettings {
  /** `internet-facing` or `internal`. */
  readonly scheme: string;
  /** The idle timeout in seconds. */
  readonly idleTimeoutSeconds: number;
  /** Serve HTTPS (a host is given) with an HTTP → HTTPS redirect. */
  readonly https: boolean;
  readonly certificateArn?: string;
}

/** Validates the options for an ALB and returns its settings. @internal */
export function albSettings(options: FrontendIngressOptions, displayName: string): AlbSettings {
  const seconds = validateIngress(options);
  if (options.api === IngressApi.GATEWAY) {
    throw invalid('ingress.api', `must be IngressApi.INGRESS on ${displayName}, which serves the frontend through an ALB Ingress`, options.api.id,
      'remove ingress.api (the Gateway API needs the AWS Load Balancer Controller\'s gateway.k8s.aws CRDs, which the library does not generate)');
  }
  if (options.tlsSecret) {
    throw invalid('ingress.tlsSecret', `is not used by the ALB on ${displayName}, which terminates TLS with ACM certificates`, options.tlsSecret.name,
      'remove it and set ingress.certificateArn, or let the controller discover the ACM certificate for ingress.host');
  }
  if (options.certificateArn !== undefined) {
    if (!/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(options.certificateArn)) {
      throw invalid('ingress.certificateArn', 'must be an ACM certificate ARN', options.certificateArn,
        'use e.g. "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-..." from `aws acm list-certificates`');
    }
    if (options.host === undefined) {
      throw invalid('ingress.certificateArn', 'needs ingress.host (the HTTPS listener serves the certificate for that host)', options.certificateArn,
        'set ingress.host, or remove ingress.certificateArn for HTTP');
    }
  }
  return {
    scheme: options.internal ? 'internal' : 'internet-facing',
    idleTimeoutSeconds: seconds,
    https: options.host !== undefined,
    certificateArn: options.certificateArn,
  };
}

/** The listener annotations of the Ingress: HTTP 80, or HTTP 80 redirected to HTTPS 443. @internal */
export function albListenerAnnotations(s: AlbSettings, target: IngressTarget): Record<string, string> {
  return {
    [`${ALB_ANNOTATION}/target-type`]: 'ip',
    [`${ALB_ANNOTATION}/healthcheck-path`]: target.healthPath,
    [`${ALB_ANNOTATION}/listen-ports`]: s.https ? '[{"HTTP":80},{"HTTPS":443}]' : '[{"HTTP":80}]',
    ...(s.https ? { [`${ALB_ANNOTATION}/ssl-redirect`]: '443' } : {}),
  };
}

/**
 * The Ingress for the AWS Load Balancer Controller: every setting as an annotation (scheme,
 * target type `ip`, health check, listeners, certificate, idle timeout), plus `accessAnnotations`
 * (authentication, inbound CIDRs: alb-access.ts), which the user's annotations may not override.
 * @internal
 */
export function addAlbIngress(ctx: CloudContext, options: FrontendIngressOptions, target: IngressTarget, displayName: string,
  accessAnnotations: Record<string, string> = {}): ApiObject {
  const s = albSettings(options, displayName);
  const generated: Record<string, string> = {
    [`${ALB_ANNOTATION}/scheme`]: s.scheme,
    ...albListenerAnnotations(s, target),
    ...(s.certificateArn ? { [`${ALB_ANNOTATION}/certificate-arn`]: s.certificateArn } : {}),
    [`${ALB_ANNOTATION}/load-balancer-attributes`]: `idle_timeout.timeout_seconds=${s.idleTimeoutSeconds}`,
    ...accessAnnotations,
  };
  return addFrontendIngress(ctx, options, target, {
    className: options.className ?? 'alb',
    annotations: ingressAnnotations(options, generated),
    // Without an ARN, the controller discovers the ACM certificate from the TLS hosts.
    tls: s.https && s.certificateArn === undefined,
  });
}
