import { Construct } from 'constructs';
import { PoolWiring } from '../../cloud/cloud-profile';
import type { EnvoyGatewayOptions } from '../../cloud/envoy/envoy-gateway-options';
import { usesGlobalRateLimit } from '../../cloud/envoy/envoy-traffic-policies';
import { ingressName } from '../../cloud/ingress-objects';
import { NIXL_TELEMETRY_ENV } from '../../cloud/rdma-wiring';
import { asUserProp } from '../../core/errors';
import { RouterMode } from '../../core/router-mode';
import { DynamoComponent } from '../../dgd/dynamo-component';
import { DynamoGraphDeployment } from '../../dgd/dynamo-graph-deployment';
import { ObservedDeployment, ObservedGateway } from '../../observability/observed-deployment';
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
    ...withGateway(observeGateway(dgd, props)),
    labels: props.labels,
  };
}

/** The ingress controllers whose Envoy proxies export the counters the gateway panels and alerts read. */
const ENVOY_CONTROLLERS: readonly string[] = ['envoy-gateway', 'envoy-ai-gateway'];

/** The proxy namespace of an Envoy Gateway installed with its defaults. */
const DEFAULT_PROXY_NAMESPACE = 'envoy-gateway-system';

/**
 * The Envoy Gateway in front of the graph, when `ingress.controller` is one: the Gateway is
 * `<dgd>-frontend` in the graph's namespace (as the controllers name it), its proxies run in
 * `proxyNamespace`, and limits are counted by the global rate limit service as the
 * BackendTrafficPolicy counts them ({@link usesGlobalRateLimit}: with a limit, when
 * `globalRateLimit` is set or tokens are limited).
 */
function observeGateway(dgd: DynamoGraphDeployment, props: LlmCommonProps): ObservedGateway | undefined {
  const profile = props.ingress?.controller?.profile;
  if (!profile || !ENVOY_CONTROLLERS.includes(profile.id)) return undefined;
  const options: EnvoyGatewayOptions = (profile as { readonly options?: EnvoyGatewayOptions }).options ?? {};
  const access = props.access;
  return {
    name: ingressName({ dgdName: dgd.name }),
    namespace: dgd.namespace,
    proxyNamespace: options.proxyNamespace ?? DEFAULT_PROXY_NAMESPACE,
    accessChecks: access ? access.features.map((f) => f.id) : [],
    globalRateLimit: usesGlobalRateLimit(access, options),
  };
}

/** `{ gateway }` when there is one, else nothing (so that the observed deployment has no `gateway` key). */
function withGateway(gateway: ObservedGateway | undefined): { gateway?: ObservedGateway } {
  return gateway ? { gateway } : {};
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
