import { ApiObject } from 'cdk8s';
import type { AccessFeature } from '../access/access-feature';
import type { EndpointAccess } from '../access/endpoint-access';
import type { CloudContext, IngressTarget } from './cloud-profile';
import type { FrontendIngressOptions } from './frontend-ingress';

/** What a pattern hands an ingress controller. */
export interface IngressControllerContext {
  /** Where the objects are added (the pattern), its DynamoGraphDeployment's names and labels. */
  readonly cloud: CloudContext;
  /** The ingress options, with the checks every ingress shares done (host, TLS secret, timeout, class name). */
  readonly options: FrontendIngressOptions;
  /** The idle timeout in seconds (`ingress.timeout`, default 300). */
  readonly timeoutSeconds: number;
  /** Where the frontend listens. */
  readonly target: IngressTarget;
  /** The name clients send as `model` (the served model name). */
  readonly servedModelName: string;
  /**
   * Who may call, when `access` is set; the pattern has already refused any feature missing from
   * `accessFeatures`.
   * @default - none: open to whoever reaches the gateway
   */
  readonly access?: EndpointAccess;
}

/** What an ingress controller added. */
export interface IngressControllerBinding {
  /** The objects added to `ctx.cloud.scope` (Gateway, routes, policies), in dependency order. */
  readonly objects: readonly ApiObject[];
  /**
   * The request header in which the gateway forwards the authenticated client's id to the
   * frontend, after removing any value the client sent (`x-dynamo-client-id`); the endpoint card
   * says so.
   * @default - none: the gateway forwards no client identity
   */
  readonly clientIdHeader?: string;
  /**
   * What the endpoint card should warn about the enforcement, one sentence each with its fix (a
   * limit that needs a rate limit service, a credential sent over plain HTTP, ...).
   * @default - none
   */
  readonly warnings?: readonly string[];
}

/**
 * A gateway installed in the cluster that serves the frontend instead of the cloud's own load
 * balancer, usable on any cloud, chosen with `ingress.controller`. The built-in ones
 * (`IngressController.envoyGateway()`, `IngressController.envoyAiGateway()`) extend it; write your
 * own for another implementation and pass it with `IngressController.custom(profile)`.
 */
export abstract class IngressControllerProfile {
  /** A stable id, e.g. `envoy-gateway`. */
  public abstract readonly id: string;
  /** How users wrote it, for messages: `IngressController.envoyGateway()`. */
  public abstract readonly displayName: string;
  /**
   * The ingress options `bind` applies; the pattern refuses any other option that is set.
   * @default - none
   */
  public readonly ingressOptions: readonly (keyof FrontendIngressOptions)[] = [];
  /**
   * The access features `bind` enforces; the pattern refuses `access` with any other.
   * @default - none
   */
  public readonly accessFeatures: readonly AccessFeature[] = [];
  /** Adds the objects that serve (and protect) the frontend to `ctx.cloud.scope`. */
  public abstract bind(ctx: IngressControllerContext): IngressControllerBinding;
}
