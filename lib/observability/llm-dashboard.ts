import * as common from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardBuilder, DatasourceVariableBuilder, RowBuilder, ThresholdsConfigBuilder, ThresholdsMode,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { invalid } from '../core/errors';
import { boundedName, validateDgdName, validateNamespace } from '../core/names';
import { DashboardDelivery } from './dashboard-delivery';
import { DASHBOARD_ROWS, PanelContext, PanelSpec, PanelThresholds } from './dashboard-panels';
import { GpuMetrics } from './gpu-metrics';
import { ObservedDeployment } from './observed-deployment';
import { validateObservedGateway } from './monitoring-support';
import { frontendComponent, workerComponents } from './promql';
import { resolveSlo, SloOptions } from './slo';
import { checkLlmDashboardProps } from './observability-props-shape';

/** Props of {@link LlmDashboard}. */
export interface LlmDashboardProps {
  /** The deployment to observe; the dashboard is filtered to its Dynamo namespace and pods. */
  readonly deployment: ObservedDeployment;
  /**
   * The service-level objectives, drawn as thresholds (TTFT, ITL, availability, KV cache, queue, KV-transfer bandwidth).
   * @default - the SloOptions defaults
   */
  readonly slo?: SloOptions;
  /**
   * How the dashboard reaches Grafana.
   * @default DashboardDelivery.configMap()
   */
  readonly delivery?: DashboardDelivery;
  /**
   * Where GPU metrics come from; `GpuMetrics.NONE` drops the GPU row.
   * @default GpuMetrics.dcgm()
   */
  readonly gpuMetrics?: GpuMetrics;
  /**
   * The dashboard title.
   * @default `Dynamo <namespace>/<name>`
   */
  readonly title?: string;
  /**
   * The dashboard uid (at most 40 letters, digits, `-` or `_`; Grafana's limit). Keep it stable: links
   * and bookmarks use it.
   * @default - `dynamo-<dynamo namespace>`, shortened with a hash when longer than 40 characters
   */
  readonly uid?: string;
}

/** A row of the dashboard as built, for docs and tests. */
export interface DashboardRowSummary {
  /** The row title. */
  readonly title: string;
  /** The panel titles, left to right, top to bottom. */
  readonly panels: string[];
}

/** The datasource every panel queries: the dashboard's `datasource` variable. */
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
/** Grafana's longest uid. */
const MAX_UID = 40;
const UID = /^[A-Za-z0-9_-]+$/;
const GRID_COLUMNS = 24;
const PANEL_HEIGHT = 8;
const DEFAULT_PANEL_WIDTH = 8;

/**
 * A Grafana dashboard for one Dynamo deployment, built with the Grafana Foundation SDK and shipped as a
 * sidecar ConfigMap or a Grafana Operator `GrafanaDashboard`. Rows: Frontend (always), Gateway (with
 * `deployment.gateway`: responses by class, and requests refused by the credential check, the
 * source allow list and the rate limits configured), Routing (KV router only), Workers (always,
 * per worker component), KV transfer (disaggregated with NIXL telemetry), Planner (with a planner
 * component), GPU (unless `GpuMetrics.NONE`). Every panel queries the `datasource` variable.
 */
export class LlmDashboard extends Construct {
  /** The dashboard uid. */
  public readonly uid: string;
  /** The dashboard title. */
  public readonly title: string;
  /** The dashboard model, as shipped to Grafana. */
  public readonly json: Record<string, unknown>;
  /** The rows and their panels. */
  public readonly rows: DashboardRowSummary[];
  /** The ConfigMap or GrafanaDashboard carrying the dashboard. */
  public readonly object: ApiObject;

  public constructor(scope: Construct, id: string, props: LlmDashboardProps) {
    super(scope, id);
    checkLlmDashboardProps(this, props);
    const d = props.deployment;
    const slo = resolveSlo('slo', props.slo);
    const gpu = props.gpuMetrics ?? GpuMetrics.dcgm();
    const delivery = props.delivery ?? DashboardDelivery.configMap();
    validateDgdName('deployment.name', d.name);
    validateNamespace('deployment.namespace', d.namespace);
    if (d.gateway) validateObservedGateway('deployment.gateway', d.gateway);
    if (!frontendComponent(d)) {
      throw invalid('deployment.components', 'must include a FRONTEND component', d.components.map((c) => c.name),
        'describe the deployment\'s frontend ({ name: "Frontend", type: ComponentType.FRONTEND }); the dashboard reads its metrics');
    }
    if (workerComponents(d).length === 0) {
      throw invalid('deployment.components', 'must include at least one worker component (WORKER, PREFILL or DECODE)', d.components.map((c) => c.name),
        'describe the deployment\'s worker pools; the worker, KV cache and GPU panels select their pods');
    }

    this.title = props.title ?? `Dynamo ${d.namespace}/${d.name}`;
    if (this.title.trim().length === 0) throw invalid('title', 'must not be empty', this.title, 'leave it unset for "Dynamo <namespace>/<name>"');
    this.uid = props.uid ?? defaultUid(d.dynamoNamespace);
    if (this.uid.length > MAX_UID || !UID.test(this.uid)) {
      throw invalid('uid', `must be 1-${MAX_UID} letters, digits, "-" or "_" (Grafana's limit)`, this.uid, 'leave it unset for a uid derived from the Dynamo namespace');
    }

    const ctx: PanelContext = { deployment: d, slo, gpu: gpu._dcgm };
    const builder = new DashboardBuilder(this.title)
      .uid(this.uid)
      .description(`Dynamo deployment ${d.namespace}/${d.name} (Dynamo namespace ${d.dynamoNamespace}, model ${d.servedModelName}). Generated by dynamo-constructs.`)
      .tags(['dynamo', d.dynamoNamespace])
      .refresh('30s')
      .time({ from: 'now-1h', to: 'now' })
      .withVariable(new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'));

    const rows: DashboardRowSummary[] = [];
    const titles = new Set<string>();
    let y = 0;
    for (const row of DASHBOARD_ROWS) {
      if (!row.when(ctx)) continue;
      const panels = row.panels.filter((p) => p.when?.(ctx) ?? true);
      unique(titles, row.title);
      builder.withRow(new RowBuilder(row.title).gridPos({ x: 0, y, w: GRID_COLUMNS, h: 1 }));
      y += 1;
      let x = 0;
      for (const spec of panels) {
        const w = spec.width ?? DEFAULT_PANEL_WIDTH;
        if (x + w > GRID_COLUMNS) {
          x = 0;
          y += PANEL_HEIGHT;
        }
        unique(titles, spec.title);
        builder.withPanel(buildPanel(spec, ctx, { x, y, w, h: PANEL_HEIGHT }));
        x += w;
      }
      if (x > 0) y += PANEL_HEIGHT;
      rows.push({ title: row.title, panels: panels.map((p) => p.title) });
    }
    this.rows = rows;

    // Round-trip through JSON so that `json` is exactly what Grafana receives (no undefined fields).
    const text = JSON.stringify(builder.build(), null, 2);
    this.json = JSON.parse(text) as Record<string, unknown>;
    this.object = delivery._emit(this, 'Resource', objectName(d.name), d.namespace, this.uid, text, { ...d.labels });
  }
}

/**
 * Every PromQL expression of a dashboard model (`LlmDashboard.json`), in panel order: for checks
 * that they parse and only use catalogue metrics.
 */
export function dashboardExpressions(dashboard: Record<string, unknown>): string[] {
  const panels = (dashboard.panels ?? []) as Array<{ panels?: unknown[]; targets?: Array<{ expr?: unknown }> }>;
  const all = panels.flatMap((p) => [p, ...((p.panels ?? []) as typeof panels)]);
  return all.flatMap((p) => (p.targets ?? []).map((t) => t.expr).filter((e): e is string => typeof e === 'string'));
}

function buildPanel(spec: PanelSpec, ctx: PanelContext, gridPos: { x: number; y: number; w: number; h: number }): timeseries.PanelBuilder | stat.PanelBuilder {
  const targets = spec.targets(ctx);
  if (targets.length === 0) throw new Error(`internal: panel "${spec.title}" has no query`);
  const queries = targets.map((t) => new DataqueryBuilder().expr(t.expr).legendFormat(t.legend));
  const thresholds = spec.thresholds?.(ctx);
  if (spec.visualization === 'stat') {
    const p = new stat.PanelBuilder()
      .title(spec.title).description(spec.description).datasource(DATASOURCE).gridPos(gridPos).unit(spec.unit)
      .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
      .targets(queries);
    if (thresholds) p.thresholds(thresholdsConfig(thresholds)).colorMode(common.BigValueColorMode.Background);
    return p;
  }
  const p = new timeseries.PanelBuilder()
    .title(spec.title).description(spec.description).datasource(DATASOURCE).gridPos(gridPos).unit(spec.unit)
    .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom).calcs([]))
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending))
    .targets(queries);
  if (thresholds) {
    p.thresholds(thresholdsConfig(thresholds))
      .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(
        thresholds.style === 'area' ? common.GraphThresholdsStyleMode.LineAndArea : common.GraphThresholdsStyleMode.Line));
  }
  return p;
}

/** Records a row or panel title; a repeated title is a bug in the panel catalogue. */
function unique(titles: Set<string>, title: string): void {
  if (titles.has(title)) throw new Error(`internal: dashboard title "${title}" is used twice (lib/observability/dashboard-panels.ts)`);
  titles.add(title);
}

function thresholdsConfig(t: PanelThresholds): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute)
    .steps([{ value: null, color: t.base }, ...t.steps.map((s) => ({ value: s.value, color: s.color }))]);
}

/** `dynamo-<dynamo namespace>`, or a prefix of it and a hash when over 40 characters. */
function defaultUid(dynamoNamespace: string): string {
  return boundedName(`dynamo-${dynamoNamespace}`.replace(/[^A-Za-z0-9_-]/g, '-'), '', MAX_UID, dynamoNamespace);
}

/** `<dgd>-dashboard`, shortened with a hash to fit a DNS label. */
function objectName(dgd: string): string {
  return boundedName(dgd, 'dashboard');
}
