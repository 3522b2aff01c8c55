import { Construct } from 'constructs';
import { DynamoPodMonitors } from '../../observability/dynamo-pod-monitors';
import { LlmAlertRules } from '../../observability/llm-alert-rules';
import { LlmDashboard } from '../../observability/llm-dashboard';
import { ObservedDeployment } from '../../observability/observed-deployment';
import { resolveSlo, SloOptions } from '../../observability/slo';
import { LlmCommonProps } from '../llm-props';

/** What `observability` adds to a pattern. @internal */
export interface ObservabilityResources {
  /** The objectives, with the planner's targets as defaults. */
  readonly slo: SloOptions;
  readonly dashboard?: LlmDashboard;
  readonly podMonitors: DynamoPodMonitors;
  readonly alertRules?: LlmAlertRules;
}

/**
 * The dashboard, the PodMonitors and the alert rules of `props.observability`, keyed to the
 * deployment; undefined without it.
 * @internal
 */
export function addObservability(scope: Construct, props: LlmCommonProps, d: ObservedDeployment): ObservabilityResources | undefined {
  const o = props.observability;
  if (!o) return undefined;
  const slo = resolveSlo('observability.slo', o.slo, props.planner ? { ttftMs: props.planner.ttftMs, itlMs: props.planner.itlMs } : {});
  const dashboard = (o.dashboard ?? true)
    ? new LlmDashboard(scope, 'Dashboard', { deployment: d, slo, delivery: o.dashboardDelivery, gpuMetrics: o.gpuMetrics })
    : undefined;
  const podMonitors = new DynamoPodMonitors(scope, 'PodMonitors', { deployment: d, scraping: o.scraping, monitorLabels: o.monitorLabels });
  const alertRules = (o.alerts ?? true)
    ? new LlmAlertRules(scope, 'AlertRules', { deployment: d, slo, ruleLabels: o.monitorLabels, alertLabels: o.alertLabels, runbookUrl: o.runbookUrl })
    : undefined;
  return { slo, dashboard, podMonitors, alertRules };
}
