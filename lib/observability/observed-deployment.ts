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
   * Labels on every generated object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}
