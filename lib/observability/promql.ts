import { ComponentType } from '../core/component-type';
import { metric } from './metric-catalog';
import { ObservedComponent, ObservedDeployment } from './observed-deployment';

/**
 * PromQL building blocks shared by the dashboards, rules and autoscalers, so that every query
 * selects a deployment the same way.
 * @internal
 */

/** A label matcher list `{a="x",b=~"y"}` from pairs; values are escaped. @internal */
export function matchers(pairs: ReadonlyArray<readonly [string, '=' | '!=' | '=~' | '!~', string]>): string {
  return `{${pairs.map(([k, op, v]) => `${k}${op}${JSON.stringify(v)}`).join(',')}}`;
}

/** `metric{dynamo_namespace="<ns>-<dgd>", ...}`: a Dynamo series of this deployment. @internal */
export function dynamoSeries(d: ObservedDeployment, name: string, extra: ReadonlyArray<readonly [string, '=' | '!=' | '=~' | '!~', string]> = []): string {
  return `${metric(name)}${matchers([['dynamo_namespace', '=', d.dynamoNamespace], ...extra])}`;
}

/**
 * The pod-name pattern of a component's pods: the operator names them `<dgd>-<component>-…`, and
 * `<dgd>-<index>-<component>-…` under Grove. Lowercased as the operator does.
 * @internal
 */
export function podPattern(d: ObservedDeployment, component?: ObservedComponent): string {
  const dgd = escapeRegex(d.name);
  return component ? `${dgd}-([0-9]+-)?${escapeRegex(component.name.toLowerCase())}-.*` : `${dgd}-.*`;
}

/** `metric{namespace="<ns>", pod=~"<pods>"}`: a series labelled with the Kubernetes pod (DCGM, kube, up). @internal */
export function podSeries(d: ObservedDeployment, name: string, component?: ObservedComponent, labels: { namespace: string; pod: string } = { namespace: 'namespace', pod: 'pod' }): string {
  return `${metric(name)}${matchers([[labels.namespace, '=', d.namespace], [labels.pod, '=~', podPattern(d, component)]])}`;
}

/** The quantile of a histogram over a window, summed across pods. @internal */
export function histogramQuantile(q: number, series: string, window: string, by: string[] = []): string {
  const byLabels = ['le', ...by].join(', ');
  return `histogram_quantile(${q}, sum by (${byLabels}) (rate(${bucketOf(series)}[${window}])))`;
}

/** `name_bucket{...}` from `name{...}`. @internal */
export function bucketOf(series: string): string {
  return suffixed(series, '_bucket');
}

/** `name_sum{...}` / `name_count{...}` from `name{...}`. @internal */
export function suffixed(series: string, suffix: '_bucket' | '_sum' | '_count'): string {
  const brace = series.indexOf('{');
  return brace === -1 ? `${series}${suffix}` : `${series.slice(0, brace)}${suffix}${series.slice(brace)}`;
}

/** The worker components of a deployment (aggregated, prefill, decode). @internal */
export function workerComponents(d: ObservedDeployment): ObservedComponent[] {
  return d.components.filter((c) => c.type.isWorker);
}

/** The frontend component. @internal */
export function frontendComponent(d: ObservedDeployment): ObservedComponent | undefined {
  return d.components.find((c) => c.type === ComponentType.FRONTEND);
}

/** The planner component, if any. @internal */
export function plannerComponent(d: ObservedDeployment): ObservedComponent | undefined {
  return d.components.find((c) => c.type === ComponentType.PLANNER);
}

/** Whether the deployment has separate prefill and decode pools. @internal */
export function isDisaggregated(d: ObservedDeployment): boolean {
  return d.components.some((c) => c.type === ComponentType.PREFILL || c.type === ComponentType.DECODE);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
