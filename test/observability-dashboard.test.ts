import { Duration } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { ComponentType } from '../lib/core/component-type';
import { RouterMode } from '../lib/core/router-mode';
import { DashboardDelivery } from '../lib/observability/dashboard-delivery';
import { GpuMetrics } from '../lib/observability/gpu-metrics';
import { dashboardExpressions, LlmDashboard, LlmDashboardProps } from '../lib/observability/llm-dashboard';
import { findMetric } from '../lib/observability/metric-catalog';
import { ObservedDeployment } from '../lib/observability/observed-deployment';
import { Manifest, newChart, only, synthValid } from './support/synth';

// Fixtures, by hand: a disaggregated vLLM deployment (KV router, NIXL telemetry, planner) and an aggregated one.
const FRONTEND = { name: 'Frontend', type: ComponentType.FRONTEND };
const PREFILL = { name: 'VllmPrefillWorker', type: ComponentType.PREFILL };
const DECODE = { name: 'VllmDecodeWorker', type: ComponentType.DECODE };
const WORKER = { name: 'VllmWorker', type: ComponentType.WORKER };
const PLANNER = { name: 'Planner', type: ComponentType.PLANNER };

function disagg(overrides: Partial<ObservedDeployment> = {}): ObservedDeployment {
  return {
    name: 'qwen',
    namespace: 'llm',
    dynamoNamespace: 'llm-qwen',
    servedModelName: 'Qwen/Qwen3-0.6B',
    routerMode: RouterMode.KV,
    components: [FRONTEND, PREFILL, DECODE, PLANNER],
    nixlTelemetry: true,
    labels: { team: 'ml' },
    ...overrides,
  };
}

function agg(overrides: Partial<ObservedDeployment> = {}): ObservedDeployment {
  return disagg({ routerMode: RouterMode.ROUND_ROBIN, components: [FRONTEND, WORKER], nixlTelemetry: false, ...overrides });
}

function dashboard(props: Partial<LlmDashboardProps> = {}): { dash: LlmDashboard; objs: Manifest[] } {
  const chart = newChart();
  const dash = new LlmDashboard(chart, 'dash', { deployment: disagg(), ...props });
  return { dash, objs: synthValid(chart) };
}

type Panel = Record<string, any>;
const allPanels = (d: LlmDashboard): Panel[] => d.json.panels as Panel[];
const panels = (d: LlmDashboard): Panel[] => allPanels(d).filter((p) => p.type !== 'row');
const panel = (d: LlmDashboard, title: string): Panel => {
  const found = panels(d).filter((p) => p.title === title);
  if (found.length !== 1) throw new Error(`expected one panel "${title}", found ${found.length}`);
  return found[0];
};
const rowTitles = (d: LlmDashboard): string[] => d.rows.map((r) => r.title);
const exprs = (p: Panel): string[] => (p.targets as Panel[]).map((t) => t.expr);

describe('LlmDashboard rows', () => {
  test('a disaggregated deployment with the KV router, NIXL telemetry, a planner and DCGM gets every row', () => {
    // GIVEN / WHEN
    const { dash } = dashboard();
    // THEN
    expect(rowTitles(dash)).toStrictEqual(['Frontend', 'Routing (KV router)', 'Workers', 'KV transfer (NIXL)', 'Planner', 'GPU (DCGM)']);
    expect(dash.rows[0].panels).toStrictEqual([
      'Requests/s by outcome', 'Request success ratio', 'Active vs queued requests',
      'Time to first token p50/p90/p99', 'Inter-token latency p50/p90/p99', 'Request duration p50/p90/p99',
      'Tokens/s (input, output, cached)', 'Average sequence length', 'Cached share of input tokens',
    ]);
    expect(dash.rows[1].panels).toStrictEqual(['KV hit rate', 'Router overhead p50/p99', 'KV events applied/s']);
    expect(dash.rows[3].panels).toStrictEqual(['KV transfer bytes/s', 'KV transfer effective bandwidth', 'Failed KV transfers/s']);
    expect(dash.rows[4].panels).toContain('Planner prefill replicas');
    expect(dash.rows[5].panels).toStrictEqual(['GPU utilisation', 'GPU framebuffer memory used', 'GPU memory copy utilisation']);
    expect(exprs(panel(dash, 'GPU utilisation'))[0]).toBe('DCGM_FI_DEV_GPU_UTIL{namespace="llm",pod=~"qwen-([0-9]+-)?vllmprefillworker-.*"}');
    // The summary matches the model: one row header per row, then its panels.
    expect(allPanels(dash).map((p) => p.title)).toStrictEqual(dash.rows.flatMap((r) => [r.title, ...r.panels]));
  });

  test('the routing row needs the KV router', () => {
    // GIVEN / WHEN
    const { dash } = dashboard({ deployment: disagg({ routerMode: RouterMode.ROUND_ROBIN }) });
    // THEN
    expect(rowTitles(dash)).not.toContain('Routing (KV router)');
    expect(dashboardExpressions(dash.json).join('\n')).not.toMatch(/router/);
  });

  test('the KV transfer row needs a disaggregated deployment with NIXL telemetry', () => {
    // GIVEN / WHEN
    const off = dashboard({ deployment: disagg({ nixlTelemetry: false }) }).dash;
    const aggregated = dashboard({ deployment: agg({ nixlTelemetry: true }) }).dash;
    // THEN
    expect(rowTitles(off)).not.toContain('KV transfer (NIXL)');
    expect(rowTitles(aggregated)).not.toContain('KV transfer (NIXL)');
    expect(dashboardExpressions(off.json).join('\n')).not.toMatch(/agent_|nixl_/);
  });

  test('the planner row needs a planner; prefill replicas only when disaggregated', () => {
    // GIVEN / WHEN
    const none = dashboard({ deployment: disagg({ components: [FRONTEND, PREFILL, DECODE] }) }).dash;
    const aggregated = dashboard({ deployment: agg({ components: [FRONTEND, WORKER, PLANNER] }) }).dash;
    // THEN
    expect(rowTitles(none)).not.toContain('Planner');
    expect(aggregated.rows.find((r) => r.title === 'Planner')?.panels).toStrictEqual([
      'Planner decode replicas', 'Planner TTFT: observed vs target', 'Planner ITL: observed vs target',
      'Planner request rate: observed vs predicted', 'Planner sequence length: observed vs predicted',
    ]);
  });

  test('an aggregated deployment without extras has the frontend, workers and GPU rows', () => {
    // GIVEN / WHEN
    const { dash } = dashboard({ deployment: agg() });
    // THEN
    expect(rowTitles(dash)).toStrictEqual(['Frontend', 'Workers', 'GPU (DCGM)']);
    expect(exprs(panel(dash, 'Worker requests/s'))).toStrictEqual([
      'sum(rate(dynamo_component_requests_total{dynamo_namespace="llm-qwen",pod=~"qwen-([0-9]+-)?vllmworker-.*"}[$__rate_interval]))',
    ]);
  });

  test('GpuMetrics.NONE drops the GPU row', () => {
    // GIVEN / WHEN
    const { dash } = dashboard({ gpuMetrics: GpuMetrics.NONE });
    // THEN
    expect(rowTitles(dash)).not.toContain('GPU (DCGM)');
    expect(dashboardExpressions(dash.json).join('\n')).not.toMatch(/DCGM_/);
    expect(GpuMetrics.NONE.enabled).toBe(false);
  });

  test('the GPU panels select the workload pod by the configured DCGM labels', () => {
    // GIVEN / WHEN
    const { dash } = dashboard({ gpuMetrics: GpuMetrics.dcgm({ podLabel: 'exported_pod', namespaceLabel: 'exported_namespace' }) });
    // THEN
    const util = panel(dash, 'GPU utilisation');
    expect(util.targets).toStrictEqual([
      { expr: 'DCGM_FI_DEV_GPU_UTIL{exported_namespace="llm",exported_pod=~"qwen-([0-9]+-)?vllmprefillworker-.*"}', legendFormat: 'VllmPrefillWorker {{exported_pod}} GPU {{gpu}}' },
      { expr: 'DCGM_FI_DEV_GPU_UTIL{exported_namespace="llm",exported_pod=~"qwen-([0-9]+-)?vllmdecodeworker-.*"}', legendFormat: 'VllmDecodeWorker {{exported_pod}} GPU {{gpu}}' },
    ]);
    expect(panel(dash, 'GPU framebuffer memory used').fieldConfig.defaults.unit).toBe('decmbytes');
  });

  test('worker panels split prefill and decode by pod pattern, one series per role', () => {
    // GIVEN / WHEN
    const { dash } = dashboard();
    // THEN
    const p = panel(dash, 'Worker request duration p50/p95');
    expect((p.targets as Panel[]).map((t) => t.legendFormat)).toStrictEqual(['VllmPrefillWorker p50', 'VllmPrefillWorker p95', 'VllmDecodeWorker p50', 'VllmDecodeWorker p95']);
    expect(exprs(p)[1]).toBe('histogram_quantile(0.95, sum by (le) (rate(dynamo_component_request_duration_seconds_bucket{dynamo_namespace="llm-qwen",pod=~"qwen-([0-9]+-)?vllmprefillworker-.*"}[$__rate_interval])))');
  });

  test('KV transfer panels read both NIXL generations and compute bandwidth from transfer time', () => {
    // GIVEN / WHEN
    const { dash } = dashboard();
    // THEN
    const sel = '{namespace="llm",pod=~"qwen-([0-9]+-)?vllmdecodeworker-.*"}[$__rate_interval]';
    expect(exprs(panel(dash, 'KV transfer bytes/s'))[1]).toBe(
      `(sum by (pod) (rate(agent_tx_bytes_total${sel})) + sum by (pod) (rate(agent_rx_bytes_total${sel}))) or sum by (pod) (rate(nixl_bytes_transferred${sel}))`);
    expect(exprs(panel(dash, 'KV transfer effective bandwidth'))[1]).toBe(
      `(sum by (pod) (rate(agent_tx_bytes_total${sel})) + sum by (pod) (rate(agent_rx_bytes_total${sel}))) / (sum by (pod) (rate(agent_xfer_time_total${sel})) / 1e6 > 0)`);
    expect(exprs(panel(dash, 'Failed KV transfers/s'))[0]).toMatch(/^sum by \(pod\) \(rate\(agent_errors_total\{.*\}\[\$__rate_interval\]\)\) or sum by \(pod\) \(rate\(nixl_num_failed_transfers\{/);
  });
});

describe('LlmDashboard thresholds', () => {
  test('SLO props become thresholds on the matching panels', () => {
    // GIVEN / WHEN
    const { dash } = dashboard({ slo: { ttftMs: 300, itlMs: 20, availability: 0.999, kvCacheUsageWarning: 0.8, queueDepthWarning: 25, minKvTransferGBps: 10 } });
    // THEN
    const steps = (title: string): unknown => panel(dash, title).fieldConfig.defaults.thresholds.steps;
    expect(steps('Time to first token p50/p90/p99')).toStrictEqual([{ value: null, color: 'green' }, { value: 0.3, color: 'red' }]);
    expect(steps('Inter-token latency p50/p90/p99')).toStrictEqual([{ value: null, color: 'green' }, { value: 0.02, color: 'red' }]);
    expect(steps('Request success ratio')).toStrictEqual([{ value: null, color: 'red' }, { value: 0.999, color: 'green' }]);
    expect(steps('KV cache usage')).toStrictEqual([{ value: null, color: 'green' }, { value: 0.8, color: 'orange' }]);
    expect(steps('Active vs queued requests')).toStrictEqual([{ value: null, color: 'green' }, { value: 25, color: 'orange' }]);
    expect(steps('KV transfer effective bandwidth')).toStrictEqual([{ value: null, color: 'red' }, { value: 10e9, color: 'green' }]);
    expect(panel(dash, 'Time to first token p50/p90/p99').fieldConfig.defaults.custom.thresholdsStyle).toStrictEqual({ mode: 'line' });
    expect(panel(dash, 'KV cache usage').fieldConfig.defaults.custom.thresholdsStyle).toStrictEqual({ mode: 'line+area' });
  });

  test('the SLO defaults apply without props', () => {
    // GIVEN / WHEN
    const { dash } = dashboard();
    // THEN
    expect(panel(dash, 'Time to first token p50/p90/p99').fieldConfig.defaults.thresholds.steps[1]).toStrictEqual({ value: 0.5, color: 'red' });
    expect(panel(dash, 'Inter-token latency p50/p90/p99').fieldConfig.defaults.thresholds.steps[1]).toStrictEqual({ value: 0.05, color: 'red' });
    expect(panel(dash, 'Request duration p50/p90/p99').fieldConfig.defaults.thresholds).toBeUndefined();
  });
});

describe('LlmDashboard model', () => {
  test('has the SDK shape, the datasource variable and uses it on every panel', () => {
    // GIVEN / WHEN
    const { dash } = dashboard();
    const j = dash.json as Record<string, any>;
    // THEN
    expect(j.schemaVersion).toBe(42);
    expect(j.uid).toBe('dynamo-llm-qwen');
    expect(j.title).toBe('Dynamo llm/qwen');
    expect(dash.title).toBe('Dynamo llm/qwen');
    expect(j.tags).toStrictEqual(['dynamo', 'llm-qwen']);
    expect(j.refresh).toBe('30s');
    expect(j.time).toStrictEqual({ from: 'now-1h', to: 'now' });
    expect(j.templating.list).toHaveLength(1);
    expect(j.templating.list[0]).toMatchObject({ type: 'datasource', name: 'datasource', query: 'prometheus' });
    for (const p of panels(dash)) {
      expect(p.datasource, p.title).toStrictEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(p.id, p.title).toBeUndefined();
      expect(['timeseries', 'stat']).toContain(p.type);
    }
    for (const r of allPanels(dash).filter((p) => p.type === 'row')) expect(r).toMatchObject({ collapsed: false, panels: [] });
  });

  test('every timeseries has its legend on, every panel a unit and at least one query with a legend', () => {
    // GIVEN / WHEN
    const { dash } = dashboard();
    // THEN
    expect(panels(dash).length).toBe(30);
    for (const p of panels(dash)) {
      expect(p.fieldConfig?.defaults?.unit, p.title).toMatch(/^(s|ms|reqps|short|percentunit|bytes|Bps|decmbytes|percent)$/);
      expect(p.targets.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets) expect(t.legendFormat, p.title).not.toBe('');
      if (p.type === 'timeseries') expect(p.options.legend.showLegend, p.title).toBe(true);
    }
    expect(panels(dash).filter((p) => p.type === 'stat').map((p) => p.title)).toStrictEqual(['Request success ratio']);
  });

  test('panel and row titles are unique', () => {
    // GIVEN / WHEN
    const { dash } = dashboard();
    // THEN
    const titles = allPanels(dash).map((p) => p.title as string);
    expect(new Set(titles).size).toBe(titles.length);
  });

  test('the grid: full-width row headers, panels within 24 columns below them, no overlaps', () => {
    for (const deployment of [disagg(), agg()]) {
      // GIVEN / WHEN
      const { dash } = dashboard({ deployment });
      const all = allPanels(dash);
      // THEN
      const boxes = all.map((p) => p.gridPos as { x: number; y: number; w: number; h: number });
      for (const [i, p] of all.entries()) {
        const g = boxes[i];
        expect(g.x + g.w, p.title).toBeLessThanOrEqual(24);
        expect(g.x, p.title).toBeGreaterThanOrEqual(0);
        if (p.type === 'row') expect(g).toStrictEqual({ x: 0, y: g.y, w: 24, h: 1 });
        else expect(g.h).toBe(8);
        for (let k = 0; k < i; k++) {
          const o = boxes[k];
          const overlap = g.x < o.x + o.w && o.x < g.x + g.w && g.y < o.y + o.h && o.y < g.y + g.h;
          expect(overlap, `${p.title} overlaps ${all[k].title}`).toBe(false);
          expect(o.y, 'panels are in reading order').toBeLessThanOrEqual(g.y);
        }
      }
      expect(boxes[0]).toStrictEqual({ x: 0, y: 0, w: 24, h: 1 });
      expect(boxes[1]).toStrictEqual({ x: 0, y: 1, w: 8, h: 8 });
      expect(boxes[3]).toStrictEqual({ x: 16, y: 1, w: 8, h: 8 });
      expect(boxes[4]).toStrictEqual({ x: 0, y: 9, w: 8, h: 8 });
    }
  });

  test('expressions use only catalogue metrics, the deployment selector and $__rate_interval', () => {
    // GIVEN / WHEN
    const { dash } = dashboard();
    const all = dashboardExpressions(dash.json);
    // THEN
    expect(all.length).toBe(panels(dash).reduce((n, p) => n + p.targets.length, 0));
    for (const e of all) {
      expect(e.match(/\$[A-Za-z_{]+\w*/g) ?? [], e).toSatisfy((vars: string[]) => vars.every((v) => v === '$__rate_interval'));
      expect(e, 'every series is selected for this deployment').toMatch(/dynamo_namespace="llm-qwen"|namespace="llm",pod=~"qwen-/);
      const names = [...e.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)\{/g)].map((m) => m[1]);
      expect(names.length, e).toBeGreaterThan(0);
      for (const n of names) expect(findMetric(n), n).toBeDefined();
    }
  });

  test('is deterministic', () => {
    // GIVEN / WHEN
    const a = dashboard().objs;
    const b = dashboard().objs;
    // THEN
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  test('takes a custom title and uid', () => {
    // GIVEN / WHEN
    const { dash } = dashboard({ title: 'Qwen prod', uid: 'qwen_prod-1' });
    // THEN
    expect(dash.uid).toBe('qwen_prod-1');
    expect((dash.json as Record<string, any>).uid).toBe('qwen_prod-1');
    expect((dash.json as Record<string, any>).title).toBe('Qwen prod');
  });

  test('shortens a long default uid to at most 40 characters with a hash', () => {
    // GIVEN
    const ns = 'inference-production-eu-west';
    const name = 'llama-3-3-70b-instruct-disaggregated';
    // WHEN
    const { dash, objs } = dashboard({ deployment: disagg({ name, namespace: ns, dynamoNamespace: `${ns}-${name}` }) });
    // THEN
    expect(dash.uid).toMatch(/^dynamo-inference-production-eu-[0-9a-f]{8}$/);
    expect(dash.uid.length).toBeLessThanOrEqual(40);
    expect(dashboard({ deployment: disagg({ name, namespace: ns, dynamoNamespace: `${ns}-${name}` }) }).dash.uid).toBe(dash.uid);
    expect(only(objs, 'ConfigMap').metadata.name).toBe(`${name}-dashboard`);
  });

  test('shortens the object name of a long DGD name', () => {
    // GIVEN
    const name = `a${'b'.repeat(61)}c`;
    // WHEN
    const { objs } = dashboard({ deployment: disagg({ name }) });
    // THEN
    const cmName = only(objs, 'ConfigMap').metadata.name as string;
    expect(cmName).toMatch(/^ab+-[0-9a-f]{8}-dashboard$/);
    expect(cmName.length).toBe(63);
  });
});

describe('dashboard delivery', () => {
  test('by default, a ConfigMap for the kube-prometheus-stack sidecar in the deployment namespace', () => {
    // GIVEN / WHEN
    const { dash, objs } = dashboard();
    // THEN
    const cm = only(objs, 'ConfigMap');
    expect(objs).toHaveLength(1);
    expect(dash.object.kind).toBe('ConfigMap');
    expect(cm.metadata).toStrictEqual({ name: 'qwen-dashboard', namespace: 'llm', labels: { team: 'ml', grafana_dashboard: '1' } });
    expect(Object.keys(cm.data)).toStrictEqual(['dynamo-llm-qwen.json']);
    expect(JSON.parse(cm.data['dynamo-llm-qwen.json'])).toStrictEqual(dash.json);
  });

  test('the sidecar label, value, folder annotation and namespace are configurable', () => {
    // GIVEN / WHEN
    const { dash, objs } = dashboard({
      delivery: DashboardDelivery.configMap({ namespace: 'monitoring', label: 'example.com/dashboard', labelValue: 'yes', folder: 'Dynamo', folderAnnotation: 'k8s-sidecar-target-directory' }),
    });
    // THEN
    const cm = only(objs, 'ConfigMap');
    expect(cm.metadata).toStrictEqual({
      name: 'qwen-dashboard',
      namespace: 'monitoring',
      labels: { 'team': 'ml', 'example.com/dashboard': 'yes' },
      annotations: { 'k8s-sidecar-target-directory': 'Dynamo' },
    });
    expect(JSON.parse(cm.data['dynamo-llm-qwen.json'])).toStrictEqual(dash.json);
  });

  test('the folder goes to the default grafana_folder annotation', () => {
    // GIVEN / WHEN
    const { objs } = dashboard({ delivery: DashboardDelivery.configMap({ folder: 'LLM serving' }) });
    // THEN
    expect(only(objs, 'ConfigMap').metadata.annotations).toStrictEqual({ grafana_folder: 'LLM serving' });
  });

  test('a Grafana Operator GrafanaDashboard, schema-valid, with selector, folder and resync period', () => {
    // GIVEN / WHEN
    const { dash, objs } = dashboard({
      delivery: DashboardDelivery.grafanaOperator({
        instanceSelector: { dashboards: 'grafana', 'app.kubernetes.io/instance': 'grafana' },
        folder: 'Dynamo',
        namespace: 'grafana',
        resyncPeriod: Duration.minutes(10),
        allowCrossNamespaceImport: true,
      }),
    });
    // THEN
    const gd = only(objs, 'GrafanaDashboard');
    expect(objs).toHaveLength(1);
    expect(gd.apiVersion).toBe('grafana.integreatly.org/v1beta1');
    expect(dash.object.kind).toBe('GrafanaDashboard');
    expect(gd.metadata).toStrictEqual({ name: 'qwen-dashboard', namespace: 'grafana', labels: { team: 'ml' } });
    expect(gd.spec).toStrictEqual({
      instanceSelector: { matchLabels: { 'app.kubernetes.io/instance': 'grafana', 'dashboards': 'grafana' } },
      folder: 'Dynamo',
      resyncPeriod: '10m',
      allowCrossNamespaceImport: true,
      json: gd.spec.json,
    });
    expect(JSON.parse(gd.spec.json)).toStrictEqual(dash.json);
  });

  test('a GrafanaDashboard with only a selector, in the deployment namespace', () => {
    // GIVEN / WHEN
    const { objs } = dashboard({ delivery: DashboardDelivery.grafanaOperator({ instanceSelector: { dashboards: 'grafana' } }) });
    // THEN
    const gd = only(objs, 'GrafanaDashboard');
    expect(gd.metadata.namespace).toBe('llm');
    expect(Object.keys(gd.spec)).toStrictEqual(['instanceSelector', 'json']);
  });

  test.each([
    [Duration.hours(1), '1h'],
    [Duration.seconds(90), '90s'],
    [Duration.minutes(5), '5m'],
  ])('renders resyncPeriod %s as a Go duration', (period, expected) => {
    // GIVEN / WHEN
    const { objs } = dashboard({ delivery: DashboardDelivery.grafanaOperator({ instanceSelector: { a: 'b' }, resyncPeriod: period }) });
    // THEN
    expect(only(objs, 'GrafanaDashboard').spec.resyncPeriod).toBe(expected);
  });

  test('rejects a dashboard that does not fit in a ConfigMap', () => {
    // GIVEN
    const chart = newChart();
    // WHEN / THEN
    expect(() => DashboardDelivery.configMap()._emit(chart, 'big', 'big', 'llm', 'uid', 'x'.repeat(1024 * 1024)))
      .toThrow(/^delivery must fit the dashboard in a ConfigMap .*\(got "1048584 bytes"\); use DashboardDelivery.grafanaOperator\(\)/);
    expect(() => DashboardDelivery.grafanaOperator({ instanceSelector: { a: 'b' } })._emit(chart, 'big2', 'big', 'llm', 'uid', 'x'.repeat(1024 * 1024))).not.toThrow();
  });
});

describe('validation', () => {
  test.each([
    [() => DashboardDelivery.grafanaOperator({ instanceSelector: {} }), /^delivery.instanceSelector must select at least one label \(got \{\}\)/],
    [() => DashboardDelivery.grafanaOperator({ instanceSelector: { 'bad key!': 'x' } }), /^delivery.instanceSelector must be a Kubernetes label or annotation key .*\(got "bad key!"\)/],
    [() => DashboardDelivery.grafanaOperator({ instanceSelector: { a: 'not ok' } }), /^delivery.instanceSelector.a must be a Kubernetes label value \(got "not ok"\)/],
    [() => DashboardDelivery.grafanaOperator({ instanceSelector: { a: 'b' }, resyncPeriod: Duration.millis(1500) }), /^delivery.resyncPeriod must be whole seconds, at least 1 s \(got "1.5s"\)/],
    [() => DashboardDelivery.grafanaOperator({ instanceSelector: { a: 'b' }, folder: ' ' }), /^delivery.folder must be a non-empty Grafana folder title/],
    [() => DashboardDelivery.grafanaOperator({ instanceSelector: { a: 'b' }, namespace: 'Grafana' }), /^delivery.namespace must be a DNS label/],
    [() => DashboardDelivery.configMap({ label: 'grafana dashboard' }), /^delivery.label must be a Kubernetes label or annotation key .*\(got "grafana dashboard"\)/],
    [() => DashboardDelivery.configMap({ label: `${'a'.repeat(64)}` }), /^delivery.label must be a Kubernetes label or annotation key/],
    [() => DashboardDelivery.configMap({ labelValue: 'yes please' }), /^delivery.labelValue must be a Kubernetes label value .*\(got "yes please"\)/],
    [() => DashboardDelivery.configMap({ folderAnnotation: '/folder' }), /^delivery.folderAnnotation must be a Kubernetes label or annotation key .*\(got "\/folder"\)/],
    [() => DashboardDelivery.configMap({ folder: '' }), /^delivery.folder must be a non-empty Grafana folder title \(got ""\)/],
    [() => DashboardDelivery.configMap({ namespace: 'monitoring_ns' }), /^delivery.namespace must be a DNS label .*\(got "monitoring_ns"\)/],
    [() => GpuMetrics.dcgm({ podLabel: 'exported-pod' }), /^gpuMetrics.podLabel must be a Prometheus label name .*\(got "exported-pod"\); use the label/],
    [() => GpuMetrics.dcgm({ podLabel: '0pod' }), /^gpuMetrics.podLabel must be a Prometheus label name/],
    [() => GpuMetrics.dcgm({ namespaceLabel: '__namespace' }), /^gpuMetrics.namespaceLabel must be a Prometheus label name .*\(got "__namespace"\)/],
    [() => GpuMetrics.dcgm({ podLabel: 'namespace' }), /^gpuMetrics.podLabel must differ from gpuMetrics.namespaceLabel \(got "namespace"\)/],
  ])('rejects bad delivery and GPU options (%#)', (make, error) => {
    // GIVEN / WHEN / THEN
    expect(make).toThrow(error);
  });

  test.each<[Partial<LlmDashboardProps>, RegExp]>([
    [{ uid: 'a'.repeat(41) }, /^uid must be 1-40 letters, digits, "-" or "_" \(Grafana's limit\) \(got "a{41}"\)/],
    [{ uid: 'qwen/prod' }, /^uid must be 1-40 letters.*\(got "qwen\/prod"\)/],
    [{ uid: '' }, /^uid must be 1-40 letters.*\(got ""\)/],
    [{ title: '  ' }, /^title must not be empty \(got " {2}"\)/],
    [{ slo: { ttftMs: 0 } }, /^slo.ttftMs must be an integer/],
    [{ deployment: disagg({ components: [PREFILL, DECODE] }) }, /^deployment.components must include a FRONTEND component \(got \["VllmPrefillWorker","VllmDecodeWorker"\]\)/],
    [{ deployment: disagg({ components: [FRONTEND, PLANNER] }) }, /^deployment.components must include at least one worker component/],
    [{ deployment: disagg({ name: 'Qwen' }) }, /^deployment.name must be a DNS label .*\(got "Qwen"\)/],
    [{ deployment: disagg({ namespace: 'LLM' }) }, /^deployment.namespace must be a DNS label .*\(got "LLM"\)/],
  ])('rejects bad dashboard props (%#)', (props, error) => {
    // GIVEN / WHEN / THEN
    expect(() => new LlmDashboard(newChart(), 'dash', { deployment: disagg(), ...props })).toThrow(error);
  });
});
