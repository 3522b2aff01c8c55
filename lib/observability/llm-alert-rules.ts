import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { invalid } from '../core/errors';
import { ALERTS, AlertSpec, RuleContext, recordingRules } from './alert-catalog';
import { monitoringObjectName, validateKubernetesLabels, validateObservedNames, validatePrometheusLabels } from './monitoring-support';
import { ObservedComponent, ObservedDeployment } from './observed-deployment';
import { workerComponents } from './promql';
import { resolveSlo, SloOptions } from './slo';
import { checkLlmAlertRulesProps } from './observability-props-shape';

/** Props of {@link LlmAlertRules}. */
export interface LlmAlertRulesProps {
  /** The deployment to alert on. */
  readonly deployment: ObservedDeployment;
  /**
   * The service-level objectives the thresholds come from.
   * @default - TTFT 500 ms and ITL 50 ms at p95, 99 % availability, KV cache 90 %, queue 10, KV transfer 4 GB/s
   */
  readonly slo?: SloOptions;
  /**
   * Labels Prometheus selects rules by (its `ruleSelector`), e.g. `{ release: 'prometheus' }` for
   * kube-prometheus-stack's default.
   * @default - none
   */
  readonly ruleLabels?: Record<string, string>;
  /**
   * Labels added to every alert, for Alertmanager routing, e.g. `{ team: 'llm' }`. `severity`,
   * `dynamo_namespace` and `dgd_component` are set by the library and rejected here.
   * @default - none
   */
  readonly alertLabels?: Record<string, string>;
  /**
   * Base URL of a runbook; each alert gets the annotation `runbook_url` = `<base>#<alertname in lowercase>`.
   * @default - no runbook_url annotation
   */
  readonly runbookUrl?: string;
}

/** Labels the library sets on alerts; `alertLabels` may not override them. */
const OWNED_ALERT_LABELS = ['severity', 'dynamo_namespace', 'dgd_component'] as const;

/**
 * A `PrometheusRule` named `<dgd>-slo` with the deployment's recording rules and SLO and health alerts.
 *
 * Recording rules (`dynamo_namespace:<metric>:<operation>`): TTFT and ITL at the SLO percentile and
 * p50 over 5m, 30m, 1h and 6h; the error ratio over the same windows; the frontend queue depth.
 *
 * Alerts, each labelled `severity` and `dynamo_namespace`, with a summary and a runbook-style description:
 * - `DynamoTtftSloBurnFast` / `DynamoItlSloBurnFast` (critical): the percentile above target over 5m and 1h;
 *   `…SloBurnSlow` (warning): over 30m and 6h. Quantile windows rather than a bucket-ratio burn rate,
 *   because the target need not be a histogram bucket boundary and a missing bucket silently yields no data.
 * - `DynamoErrorBudgetBurnFast` (critical, 14.4× the budget over 1h and 5m) and `…Slow` (warning, 6× over 6h and 30m).
 * - `DynamoQueueGrowing`, `DynamoKvCacheNearFull` (warning); `DynamoNoWorkersServing` per worker
 *   component and `DynamoModelRejections` (critical).
 * - Disaggregated: `DynamoTtftRedFlag` (median TTFT over 10 s, KV over TCP); with NIXL telemetry also
 *   `DynamoKvTransferFailures`, `DynamoKvTransferSlow` (transfers at TCP speed) and `DynamoNixlTelemetryMissing`.
 */
export class LlmAlertRules extends Construct {
  /** The PrometheusRule. */
  public readonly object: ApiObject;
  /** The alert names, each once. */
  public readonly alertNames: readonly string[];
  /** The recording rule names. */
  public readonly recordNames: readonly string[];

  public constructor(scope: Construct, id: string, props: LlmAlertRulesProps) {
    super(scope, id);
    checkLlmAlertRulesProps(this, props);
    const d = props.deployment;
    validateObservedNames('deployment', d);
    const slo = resolveSlo('slo', props.slo);
    if (props.ruleLabels) validateKubernetesLabels('ruleLabels', props.ruleLabels);
    if (props.alertLabels) validatePrometheusLabels('alertLabels', props.alertLabels, OWNED_ALERT_LABELS);
    if (props.runbookUrl !== undefined) validateRunbookUrl(props.runbookUrl);

    const ctx: RuleContext = { d, slo };
    const records = recordingRules(ctx);
    const alerts = ALERTS
      .filter((a) => a.when?.(ctx) ?? true)
      .flatMap((a) => (a.perWorker ? workerComponents(d).map((c) => alertRule(ctx, a, props, c)) : [alertRule(ctx, a, props)]));

    const metadataLabels = { ...d.labels, ...props.ruleLabels };
    this.object = new ApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: {
        name: monitoringObjectName(d.name, 'slo'),
        namespace: d.namespace,
        ...(Object.keys(metadataLabels).length > 0 ? { labels: metadataLabels } : {}),
      },
      spec: {
        groups: [
          { name: `${d.name}.slo.records`, rules: records },
          { name: `${d.name}.slo.alerts`, rules: alerts },
        ],
      },
    });
    this.recordNames = records.map((r) => r.record);
    this.alertNames = [...new Set(alerts.map((a) => a.alert))];
  }
}

/** An alerting rule as the PrometheusRule spells it. */
interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

function alertRule(ctx: RuleContext, spec: AlertSpec, props: LlmAlertRulesProps, component?: ObservedComponent): AlertRule {
  const annotations: Record<string, string> = {
    summary: spec.summary(ctx, component),
    description: spec.description(ctx, component),
  };
  if (props.runbookUrl !== undefined) annotations.runbook_url = `${props.runbookUrl}#${spec.alert.toLowerCase()}`;
  return {
    alert: spec.alert,
    expr: spec.expr(ctx, component),
    ...(spec.for ? { for: spec.for } : {}),
    labels: {
      ...props.alertLabels,
      severity: spec.severity,
      dynamo_namespace: ctx.d.dynamoNamespace,
      ...(component ? { dgd_component: component.name } : {}),
    },
    annotations,
  };
}

function validateRunbookUrl(url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || url.includes('#') || /\s/.test(url)) {
    throw invalid('runbookUrl', 'must be an http(s) URL without a "#fragment"', url,
      'pass the runbook page, e.g. "https://runbooks.example.com/dynamo"; the library appends #<alert name> per alert');
  }
}
