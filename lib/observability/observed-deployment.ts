import { ComponentType } from '../core/component-type';
import { RouterMode } from '../core/router-mode';

/** One component of an observed deployment. */
export interface ObservedComponent {
  /** The component name in the DynamoGraphDeployment, e.g. `VllmDecodeWorker`. */
  readonly name: string;
  /** Its role. */
  readonly type: ComponentType;
}

/**
 * The Envoy Gateway proxies in front of a deployment (`ingress.controller`), whose counters the
 * dashboard and alerts read: requests refused by authentication, by the source allow list and by
 * the rate limits.
 */
export interface ObservedGateway {
  /** The Gateway's name (`gateway.envoyproxy.io/owning-gateway-name` on its Envoy pods). */
  readonly name: string;
  /** The Gateway's namespace (`gateway.envoyproxy.io/owning-gateway-namespace`). */
  readonly namespace: string;
  /** The namespace Envoy Gateway runs the proxies in (its own, by default `envoy-gateway-system`). */
  readonly proxyNamespace: string;
  /** The access checks configured, by `AccessFeature` id (`apiKeys`, `jwt`, `allowedSourceRanges`, `requestsPerMinute`, `tokensPerMinute`, ...). */
  readonly accessChecks: readonly string[];
  /**
   * Whether rate limits are counted by the global rate limit service (Envoy Gateway's
   * `globalRateLimit`, or any token limit: tokens are always counted globally), else by each Envoy,
   * locally. It decides which counter the rate-limit panel and alert read.
   */
  readonly globalRateLimit: boolean;
}

/**
 * What the dashboards, monitors, alerts and autoscalers need to know about a deployment. The
 * patterns fill it in (`llm.observedDeployment`); to observe a DynamoGraphDeployment built with the
 * L2 constructs, describe it here.
 */
export interface ObservedDeployment {
  /** The DynamoGraphDeployment name. */
  readonly name: string;
  /** Its Kubernetes namespace. */
  readonly namespace: string;
  /** Its Dynamo namespace, `<namespace>-<name>`: the `dynamo_namespace` label of its metrics. */
  readonly dynamoNamespace: string;
  /** The model name clients send (the `model` label). */
  readonly servedModelName: string;
  /** The frontend's router mode; the routing panels need KV routing (`RouterMode.KV` or `KV_APPROXIMATE`). */
  readonly routerMode: RouterMode;
  /** The components: one frontend, the worker pools, and the planner if any. */
  readonly components: readonly ObservedComponent[];
  /**
   * Whether workers export NIXL telemetry on port 19090 (`NIXL_TELEMETRY_ENABLE=y`); the KV-transfer
   * panels and alerts need it. The cloud profiles turn it on for pools wired for RDMA.
   */
  readonly nixlTelemetry: boolean;
  /**
   * The Envoy Gateway in front of the deployment, when `ingress.controller` is one.
   * @default - none: no gateway panels, monitors or alerts
   */
  readonly gateway?: ObservedGateway;
  /**
   * Labels on every generated object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}
