import { Construct } from 'constructs';
import { PoolWiring } from '../../cloud/cloud-profile';
import { NIXL_TELEMETRY_ENV } from '../../cloud/rdma-wiring';
import { asUserProp } from '../../core/errors';
import { RouterMode } from '../../core/router-mode';
import { DynamoComponent } from '../../dgd/dynamo-component';
import { DynamoGraphDeployment } from '../../dgd/dynamo-graph-deployment';
import { ObservedDeployment } from '../../observability/observed-deployment';
import { LlmCommonProps } from '../llm-props';
import { PoolPlan } from './pool-plan';

/** What dashboards, monitors, alerts and autoscalers see of a graph. @internal */
export function observe(dgd: DynamoGraphDeployment, props: LlmCommonProps, routerMode: RouterMode, wiring: Readonly<Record<string, PoolWiring>>): ObservedDeployment {
  return {
    name: dgd.name,
    namespace: dgd.namespace,
    dynamoNamespace: dgd.dynamoNamespace,
    servedModelName: props.servedModelName ?? props.model,
    routerMode,
    components: dgd.componentList.map((c) => ({ name: c.name, type: c.type })),
    // The cloud profiles export NIXL telemetry on the pools they wire for RDMA.
    nixlTelemetry: Object.values(wiring).some((w) => w.env?.NIXL_TELEMETRY_ENABLE === NIXL_TELEMETRY_ENV.NIXL_TELEMETRY_ENABLE),
    labels: props.labels,
  };
}

/**
 * Each autoscaled pool's KEDA ScaledObject or HPA, by pool prop. They scale the adapter the operator
 * creates for the graph, so they depend on it.
 * @internal
 */
export function addAutoscalers(scope: Construct, dgd: DynamoGraphDeployment, plans: readonly PoolPlan[], observed: ObservedDeployment,
  workers: Readonly<Record<string, DynamoComponent>>): Record<string, Construct> {
  const autoscalers: Record<string, Construct> = {};
  for (const p of plans) {
    if (!p.options.autoscaling) continue;
    const autoscaling = p.options.autoscaling;
    const scaler = asUserProp({ autoscaling: `${p.prop}.autoscaling` }, () => autoscaling._attach(scope, `Autoscaler-${p.prop}`, observed, workers[p.prop].name));
    scaler.node.addDependency(dgd);
    autoscalers[p.prop] = scaler;
  }
  return autoscalers;
}
