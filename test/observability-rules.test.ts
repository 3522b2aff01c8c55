import { Duration } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { ComponentType } from '../lib/core/component-type';
import { RouterMode } from '../lib/core/router-mode';
import { DynamoPodMonitors } from '../lib/observability/dynamo-pod-monitors';
import { LlmAlertRules, LlmAlertRulesProps } from '../lib/observability/llm-alert-rules';
import { ObservedDeployment } from '../lib/observability/observed-deployment';
import { Scraping } from '../lib/observability/scraping';
import { Manifest, newChart, only, synthValid } from './support/synth';

const DISAGG: ObservedDeployment = {
  name: 'qwen',
  namespace: 'llm',
  dynamoNamespace: 'llm-qwen',
  servedModelName: 'Qwen/Qwen3-0.6B',
  routerMode: RouterMode.KV,
  components: [
    { name: 'Frontend', type: ComponentType.FRONTEND },
    { name: 'VllmPrefillWorker', type: ComponentType.PREFILL },
    { name: 'VllmDecodeWorker', type: ComponentType.DECODE },
  ],
  nixlTelemetry: true,
};
const DISAGG_PLANNER: ObservedDeployment = { ...DISAGG, components: [...DISAGG.components, { name: 'Planner', type: ComponentType.PLANNER }] };
const DISAGG_NO_NIXL: ObservedDeployment = { ...DISAGG, nixlTelemetry: false };
const AGG: ObservedDeployment = {
  name: 'small',
  namespace: 'serving',
  dynamoNamespace: 'serving-small',
  servedModelName: 'Qwen/Qwen3-0.6B',
  routerMode: RouterMode.ROUND_ROBIN,
  components: [
    { name: 'Frontend', type: ComponentType.FRONTEND },
    { name: 'VllmWorker', type: ComponentType.WORKER },
  ],
  nixlTelemetry: false,
  labels: { 'app.kubernetes.io/part-of': 'small' },
};

const RELABELINGS = [
  { sourceLabels: ['__meta_kubernetes_pod_label_nvidia_com_dynamo_namespace'], targetLabel: 'dynamo_namespace', action: 'replace' },
  { sourceLabels: ['__meta_kubernetes_pod_label_nvidia_com_dynamo_component_type'], targetLabel: 'dynamo_component_type', action: 'replace' },
];

function podMonitors(d: ObservedDeployment, scraping?: Scraping, monitorLabels?: Record<string, string>): { objs: Manifest[]; construct: DynamoPodMonitors } {
  const chart = newChart();
  const construct = new DynamoPodMonitors(chart, 'pm', { deployment: d, scraping, monitorLabels });
  return { objs: synthValid(chart), construct };
}

function byName(objs: Manifest[], name: string): Manifest {
  const found = objs.find((o) => o.metadata.name === name);
  if (!found) throw new Error(`no object ${name} in ${objs.map((o) => o.metadata.name).join(', ')}`);
  return found;
}

describe('Scraping and DynamoPodMonitors', () => {
  test('by default (platform scraping) emits only the NIXL PodMonitor of a deployment exporting NIXL telemetry', () => {
    // GIVEN a disaggregated deployment with NIXL telemetry and a planner
    // WHEN
    const { objs, construct } = podMonitors(DISAGG_PLANNER);
    // THEN
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toStrictEqual(['PodMonitor/qwen-nixl']);
    expect(construct.podMonitorNames).toStrictEqual(['qwen-nixl']);
    expect(construct.podMonitors).toHaveLength(1);
    const spec = objs[0].spec;
    expect(objs[0].metadata.namespace).toBe('llm');
    expect(spec.namespaceSelector).toStrictEqual({ matchNames: ['llm'] });
    expect(spec.selector).toStrictEqual({
      matchLabels: { 'nvidia.com/dynamo-graph-deployment-name': 'qwen' },
      matchExpressions: [{ key: 'nvidia.com/dynamo-component-type', operator: 'In', values: ['worker', 'prefill', 'decode'] }],
    });
    expect(spec.podMetricsEndpoints).toStrictEqual([{ port: 'nixl', path: '/metrics', interval: '5s', relabelings: RELABELINGS }]);
  });

  test('platform scraping emits nothing without NIXL telemetry, or when the platform scrapes NIXL too', () => {
    // GIVEN / WHEN / THEN
    expect(podMonitors(DISAGG_NO_NIXL).objs).toStrictEqual([]);
    expect(podMonitors(AGG, Scraping.platform()).construct.podMonitors).toStrictEqual([]);
    expect(podMonitors(DISAGG, Scraping.platform({ nixlTelemetry: true })).objs).toStrictEqual([]);
  });

  test('Scraping.podMonitors emits frontend, workers, NIXL and planner monitors with the ports of the platform', () => {
    // GIVEN
    const scraping = Scraping.podMonitors({ interval: Duration.seconds(15) });
    // WHEN
    const { objs, construct } = podMonitors(DISAGG_PLANNER, scraping, { release: 'prometheus' });
    // THEN
    expect(construct.podMonitorNames).toStrictEqual(['qwen-frontend', 'qwen-workers', 'qwen-nixl', 'qwen-planner']);
    const endpoint = (name: string): Manifest => {
      const o = byName(objs, name);
      expect(o.metadata.labels).toStrictEqual({ release: 'prometheus' });
      expect(o.spec.podMetricsEndpoints).toHaveLength(1);
      return o.spec.podMetricsEndpoints[0];
    };
    expect(endpoint('qwen-frontend')).toStrictEqual({ port: 'http', path: '/metrics', interval: '15s', honorLabels: true, relabelings: RELABELINGS });
    expect(endpoint('qwen-workers')).toStrictEqual({ port: 'system', path: '/metrics', interval: '15s', relabelings: RELABELINGS });
    expect(endpoint('qwen-nixl').port).toBe('nixl');
    expect(endpoint('qwen-planner')).toStrictEqual({ port: 'metrics', path: '/metrics', interval: '15s', relabelings: RELABELINGS });
    const types = (name: string): string[] => byName(objs, name).spec.selector.matchExpressions[0].values;
    expect(types('qwen-frontend')).toStrictEqual(['frontend']);
    expect(types('qwen-workers')).toStrictEqual(['worker', 'prefill', 'decode']);
    expect(types('qwen-planner')).toStrictEqual(['planner']);
  });

  test('Scraping.podMonitors on an aggregated deployment: no NIXL or planner monitor, 5 s by default, deployment labels kept', () => {
    // GIVEN / WHEN
    const { objs } = podMonitors(AGG, Scraping.podMonitors(), { release: 'kps' });
    // THEN
    expect(objs.map((o) => o.metadata.name)).toStrictEqual(['small-frontend', 'small-workers']);
    for (const o of objs) {
      expect(o.metadata.namespace).toBe('serving');
      expect(o.metadata.labels).toStrictEqual({ 'app.kubernetes.io/part-of': 'small', 'release': 'kps' });
      expect(o.spec.namespaceSelector.matchNames).toStrictEqual(['serving']);
      expect(o.spec.selector.matchLabels).toStrictEqual({ 'nvidia.com/dynamo-graph-deployment-name': 'small' });
      expect(o.spec.podMetricsEndpoints[0].interval).toBe('5s');
    }
  });

  test('Scraping.platform is the default and does not scrape components', () => {
    expect(Scraping.platform().scrapesComponents).toBe(false);
    expect(Scraping.platform().platformScrapesNixl).toBe(false);
    expect(Scraping.platform({ nixlTelemetry: true }).platformScrapesNixl).toBe(true);
    expect(Scraping.podMonitors().scrapesComponents).toBe(true);
  });

  test('names stay within 63 characters for a long DGD name', () => {
    // GIVEN a 62-character DGD name
    const name = `a${'b'.repeat(61)}`;
    // WHEN
    const { construct } = podMonitors({ ...DISAGG_PLANNER, name, dynamoNamespace: `llm-${name}` }, Scraping.podMonitors());
    // THEN
    expect(construct.podMonitorNames).toHaveLength(4);
    for (const n of construct.podMonitorNames) expect(n.length).toBeLessThanOrEqual(63);
    expect(construct.podMonitorNames[0]).toMatch(/^ab+-[0-9a-f]{8}-frontend$/);
  });

  test('rejects a bad interval', () => {
    expect(() => Scraping.podMonitors({ interval: Duration.millis(500) })).toThrow(/scraping.interval must be a whole number of seconds between 1 and 60 \(got "0.5s"\)/);
    expect(() => Scraping.podMonitors({ interval: Duration.minutes(2) })).toThrow(/scraping.interval .*\(got "120s"\)/);
  });

  test('rejects bad monitor labels and deployment names', () => {
    const make = (props: { d?: ObservedDeployment; labels?: Record<string, string> }) => () =>
      new DynamoPodMonitors(newChart(), 'pm', { deployment: props.d ?? DISAGG, monitorLabels: props.labels });
    expect(make({ labels: { 'bad key': 'x' } })).toThrow(/monitorLabels must have Kubernetes label keys .*\(got "bad key"\)/);
    expect(make({ labels: { 'Example.com/team': 'x' } })).toThrow(/monitorLabels must have Kubernetes label keys/);
    expect(make({ labels: { release: 'has space' } })).toThrow(/monitorLabels.release must be a Kubernetes label value .*\(got "has space"\)/);
    expect(make({ labels: { release: 'x'.repeat(64) } })).toThrow(/monitorLabels.release must be a Kubernetes label value/);
    expect(make({ d: { ...DISAGG, name: 'Qwen' } })).toThrow(/deployment.name must be a DNS label/);
    expect(make({ d: { ...DISAGG, namespace: 'LLM' } })).toThrow(/deployment.namespace must be a DNS label/);
    expect(make({ d: { ...DISAGG, labels: { team: '-x' } } })).toThrow(/deployment.labels.team must be a Kubernetes label value/);
  });
});

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function rules(props: LlmAlertRulesProps): { obj: Manifest; construct: LlmAlertRules; records: Rule[]; alerts: Rule[] } {
  const chart = newChart();
  const construct = new LlmAlertRules(chart, 'rules', props);
  const obj = only(synthValid(chart), 'PrometheusRule');
  const [records, alerts] = obj.spec.groups.map((g: Manifest) => g.rules as Rule[]);
  return { obj, construct, records, alerts };
}

function alert(alerts: Rule[], name: string): Rule {
  const found = alerts.filter((a) => a.alert === name);
  if (found.length !== 1) throw new Error(`expected one ${name}, found ${found.length}`);
  return found[0];
}

const CORE_ALERTS = [
  'DynamoTtftSloBurnFast', 'DynamoTtftSloBurnSlow', 'DynamoItlSloBurnFast', 'DynamoItlSloBurnSlow',
  'DynamoErrorBudgetBurnFast', 'DynamoErrorBudgetBurnSlow', 'DynamoQueueGrowing', 'DynamoKvCacheNearFull',
  'DynamoNoWorkersServing', 'DynamoModelRejections',
];

describe('LlmAlertRules', () => {
  test('one PrometheusRule <dgd>-slo with a records group and an alerts group', () => {
    // GIVEN / WHEN
    const { obj, construct, records } = rules({ deployment: DISAGG });
    // THEN
    expect(obj.metadata).toStrictEqual({ name: 'qwen-slo', namespace: 'llm' });
    expect(obj.spec.groups.map((g: Manifest) => g.name)).toStrictEqual(['qwen.slo.records', 'qwen.slo.alerts']);
    expect(construct.object.metadata.name).toBe('qwen-slo');
    expect(records.map((r) => r.record)).toStrictEqual(construct.recordNames);
    // 2 histograms × 2 quantiles × 4 windows, 4 error ratios, the queue depth
    expect(construct.recordNames).toHaveLength(21);
  });

  test('records TTFT and ITL quantiles at the SLO percentile and p50, and error ratios, per Dynamo namespace', () => {
    // GIVEN / WHEN
    const { records, construct } = rules({ deployment: DISAGG, slo: { latencyPercentile: 0.99 } });
    const expr = (name: string) => records.find((r) => r.record === name)!.expr;
    // THEN
    for (const w of ['5m', '30m', '1h', '6h']) {
      for (const p of ['p99', 'p50']) {
        expect(construct.recordNames).toContain(`dynamo_namespace:dynamo_frontend_time_to_first_token_seconds:${p}_rate${w}`);
        expect(construct.recordNames).toContain(`dynamo_namespace:dynamo_frontend_inter_token_latency_seconds:${p}_rate${w}`);
      }
      expect(construct.recordNames).toContain(`dynamo_namespace:dynamo_frontend_requests:error_ratio_rate${w}`);
    }
    expect(expr('dynamo_namespace:dynamo_frontend_time_to_first_token_seconds:p99_rate5m')).toBe(
      'histogram_quantile(0.99, sum by (le, dynamo_namespace) (rate(dynamo_frontend_time_to_first_token_seconds_bucket{dynamo_namespace="llm-qwen"}[5m])))');
    expect(expr('dynamo_namespace:dynamo_frontend_requests:error_ratio_rate1h')).toBe(
      '(sum by (dynamo_namespace) (rate(dynamo_frontend_requests_total{dynamo_namespace="llm-qwen",status="error"}[1h])) '
      + 'or sum by (dynamo_namespace) (rate(dynamo_frontend_requests_total{dynamo_namespace="llm-qwen"}[1h])) * 0) '
      + '/ sum by (dynamo_namespace) (rate(dynamo_frontend_requests_total{dynamo_namespace="llm-qwen"}[1h]))');
    expect(expr('dynamo_namespace:dynamo_frontend_stage_requests:sum')).toBe(
      'sum by (dynamo_namespace) (dynamo_frontend_stage_requests{dynamo_namespace="llm-qwen",stage=~"preprocess|route|dispatch"})');
  });

  test('a fractional percentile gets a valid record name; p50 as the SLO percentile is recorded once', () => {
    expect(rules({ deployment: AGG, slo: { latencyPercentile: 0.999 } }).construct.recordNames)
      .toContain('dynamo_namespace:dynamo_frontend_time_to_first_token_seconds:p99_9_rate6h');
    expect(rules({ deployment: AGG, slo: { latencyPercentile: 0.5 } }).construct.recordNames).toHaveLength(13);
  });

  test('latency thresholds come from the SLO: ttftMs 300 at p99 gives > 0.3 on the p99 records', () => {
    // GIVEN / WHEN
    const { alerts } = rules({ deployment: DISAGG, slo: { ttftMs: 300, itlMs: 25, latencyPercentile: 0.99 } });
    // THEN
    const rec = (m: string, w: string) => `dynamo_namespace:dynamo_frontend_${m}:p99_rate${w}{dynamo_namespace="llm-qwen"}`;
    expect(alert(alerts, 'DynamoTtftSloBurnFast')).toMatchObject({
      expr: `${rec('time_to_first_token_seconds', '5m')} > 0.3 and ${rec('time_to_first_token_seconds', '1h')} > 0.3`,
      for: '2m', labels: { severity: 'critical' },
    });
    expect(alert(alerts, 'DynamoTtftSloBurnSlow')).toMatchObject({
      expr: `${rec('time_to_first_token_seconds', '30m')} > 0.3 and ${rec('time_to_first_token_seconds', '6h')} > 0.3`,
      for: '15m', labels: { severity: 'warning' },
    });
    expect(alert(alerts, 'DynamoItlSloBurnFast').expr).toBe(`${rec('inter_token_latency_seconds', '5m')} > 0.025 and ${rec('inter_token_latency_seconds', '1h')} > 0.025`);
    expect(alert(alerts, 'DynamoItlSloBurnSlow').expr).toBe(`${rec('inter_token_latency_seconds', '30m')} > 0.025 and ${rec('inter_token_latency_seconds', '6h')} > 0.025`);
    expect(alert(alerts, 'DynamoTtftSloBurnFast').annotations!.summary).toContain('p99 time to first token');
    expect(alert(alerts, 'DynamoTtftSloBurnFast').annotations!.description).toContain('need not be a bucket boundary');
  });

  test('error budget burn: availability 0.999 gives 14.4 * 0.001 over 1h and 5m, 6 * 0.001 over 6h and 30m', () => {
    // GIVEN / WHEN
    const { alerts } = rules({ deployment: DISAGG, slo: { availability: 0.999 } });
    // THEN
    const ratio = (w: string) => `dynamo_namespace:dynamo_frontend_requests:error_ratio_rate${w}{dynamo_namespace="llm-qwen"}`;
    expect(alert(alerts, 'DynamoErrorBudgetBurnFast')).toMatchObject({
      expr: `${ratio('1h')} > (14.4 * 0.001) and ${ratio('5m')} > (14.4 * 0.001)`, labels: { severity: 'critical' },
    });
    expect(alert(alerts, 'DynamoErrorBudgetBurnSlow')).toMatchObject({
      expr: `${ratio('6h')} > (6 * 0.001) and ${ratio('30m')} > (6 * 0.001)`, labels: { severity: 'warning' },
    });
    expect(alert(alerts, 'DynamoErrorBudgetBurnFast').annotations!.description).toContain('0.1 % error budget of the 99.9 % availability SLO');
  });

  test('queue, KV cache and KV transfer thresholds come from the SLO', () => {
    // GIVEN / WHEN
    const { alerts } = rules({ deployment: DISAGG, slo: { queueDepthWarning: 25, kvCacheUsageWarning: 0.85, minKvTransferGBps: 8 } });
    // THEN
    const queue = 'dynamo_namespace:dynamo_frontend_stage_requests:sum{dynamo_namespace="llm-qwen"}';
    expect(alert(alerts, 'DynamoQueueGrowing')).toMatchObject({ expr: `${queue} > 25 and deriv(${queue}[10m]) > 0`, for: '10m' });
    expect(alert(alerts, 'DynamoKvCacheNearFull')).toMatchObject({
      expr: 'max by (dynamo_namespace, dynamo_component, pod) (dynamo_component_gpu_cache_usage_percent{dynamo_namespace="llm-qwen"}) > 0.85',
      for: '10m',
    });
    const slow = alert(alerts, 'DynamoKvTransferSlow');
    expect(slow.expr).toContain('/ (sum by (pod) (rate(agent_xfer_time_total{namespace="llm",pod=~"qwen-.*"}[5m])) / 1e6) < (8 * 1e9) and ');
    expect(slow.expr).toMatch(/> 0$/);
    expect(slow.for).toBe('15m');
    for (const needle of ['LIBFABRIC', 'vpc.amazonaws.com/efa', 'rdma/ib', 'IPC_LOCK', 'UCX_TLS', 'UCX_IB_ADDR_TYPE', 'Backend UCX was instantiated', 'falling back to TCP']) {
      expect(slow.annotations!.description).toContain(needle);
    }
  });

  test('default SLO: 500 ms TTFT and 50 ms ITL at p95, 1 % budget, queue 10, KV cache 0.9, 4 GB/s', () => {
    const { alerts } = rules({ deployment: DISAGG });
    expect(alert(alerts, 'DynamoTtftSloBurnFast').expr).toMatch(/:p95_rate5m\{dynamo_namespace="llm-qwen"\} > 0\.5 and /);
    expect(alert(alerts, 'DynamoItlSloBurnFast').expr).toMatch(/ > 0\.05$/);
    expect(alert(alerts, 'DynamoErrorBudgetBurnFast').expr).toMatch(/> \(14\.4 \* 0\.01\)$/);
    expect(alert(alerts, 'DynamoQueueGrowing').expr).toContain(' > 10 and ');
    expect(alert(alerts, 'DynamoKvCacheNearFull').expr).toMatch(/ > 0\.9$/);
    expect(alert(alerts, 'DynamoKvTransferSlow').expr).toContain('< (4 * 1e9)');
  });

  test('a disaggregated deployment with NIXL telemetry gets every alert', () => {
    // GIVEN / WHEN
    const { construct, alerts } = rules({ deployment: DISAGG });
    // THEN
    expect(construct.alertNames).toStrictEqual([...CORE_ALERTS, 'DynamoKvTransferFailures', 'DynamoKvTransferSlow', 'DynamoNixlTelemetryMissing', 'DynamoTtftRedFlag']);
    expect(alert(alerts, 'DynamoKvTransferFailures')).toMatchObject({
      expr: 'sum by (pod) (increase(nixl_num_failed_transfers{namespace="llm",pod=~"qwen-.*"}[10m])) > 0 '
        + 'or sum by (pod) (increase(agent_errors_total{namespace="llm",pod=~"qwen-.*"}[10m])) > 0',
      labels: { severity: 'critical' },
    });
    expect(alert(alerts, 'DynamoNixlTelemetryMissing')).toMatchObject({
      expr: 'absent(agent_tx_bytes_total{namespace="llm",pod=~"qwen-.*"}) and absent(nixl_bytes_transferred{namespace="llm",pod=~"qwen-.*"}) '
        + 'and on () count((up{namespace="llm",pod=~"qwen-([0-9]+-)?vllmprefillworker-.*"} == 1) '
        + 'or (up{namespace="llm",pod=~"qwen-([0-9]+-)?vllmdecodeworker-.*"} == 1)) > 0',
      labels: { severity: 'warning' },
    });
    expect(alert(alerts, 'DynamoTtftRedFlag')).toMatchObject({
      expr: 'dynamo_namespace:dynamo_frontend_time_to_first_token_seconds:p50_rate5m{dynamo_namespace="llm-qwen"} > 10',
      for: '10m', labels: { severity: 'critical' },
    });
  });

  test('no workers serving: one rule per worker component, selecting its pods by name', () => {
    // GIVEN / WHEN
    const { alerts } = rules({ deployment: DISAGG });
    // THEN
    const noWorkers = alerts.filter((a) => a.alert === 'DynamoNoWorkersServing');
    expect(noWorkers.map((a) => [a.labels!.dgd_component, a.expr, a.for])).toStrictEqual([
      ['VllmPrefillWorker', '(sum(up{namespace="llm",pod=~"qwen-([0-9]+-)?vllmprefillworker-.*"}) or vector(0)) < 1', '5m'],
      ['VllmDecodeWorker', '(sum(up{namespace="llm",pod=~"qwen-([0-9]+-)?vllmdecodeworker-.*"}) or vector(0)) < 1', '5m'],
    ]);
    expect(noWorkers[0].annotations!.description).toContain('#10753');
    expect(alert(alerts, 'DynamoModelRejections')).toMatchObject({
      expr: 'sum by (dynamo_namespace) (rate(dynamo_frontend_model_rejection_total{dynamo_namespace="llm-qwen"}[5m])) > 0',
      for: '5m', labels: { severity: 'critical' },
    });
  });

  test('without NIXL telemetry a disaggregated deployment keeps only the TTFT red flag of the KV-transfer alerts', () => {
    const { construct } = rules({ deployment: DISAGG_NO_NIXL });
    expect(construct.alertNames).toStrictEqual([...CORE_ALERTS, 'DynamoTtftRedFlag']);
  });

  test('an aggregated deployment gets no KV-transfer alerts, even with NIXL telemetry', () => {
    expect(rules({ deployment: AGG }).construct.alertNames).toStrictEqual(CORE_ALERTS);
    expect(rules({ deployment: { ...AGG, nixlTelemetry: true } }).construct.alertNames).toStrictEqual(CORE_ALERTS);
  });

  test('every alert has a severity, the Dynamo namespace, a summary and a description', () => {
    const { alerts } = rules({ deployment: DISAGG });
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect(a.alert).toMatch(/^Dynamo[A-Z][A-Za-z]+$/);
      expect(['critical', 'warning']).toContain(a.labels!.severity);
      expect(a.labels!.dynamo_namespace).toBe('llm-qwen');
      expect(a.annotations!.summary.length).toBeGreaterThan(10);
      expect(a.annotations!.description).toMatch(/Likely causes?: .* Check /);
      expect(a.annotations!.runbook_url).toBeUndefined();
    }
  });

  test('runbook URLs, alert labels, rule labels and deployment labels', () => {
    // GIVEN / WHEN
    const { obj, alerts } = rules({
      deployment: AGG,
      runbookUrl: 'https://runbooks.example.com/dynamo',
      alertLabels: { team: 'llm' },
      ruleLabels: { release: 'prometheus' },
    });
    // THEN
    expect(obj.metadata.labels).toStrictEqual({ 'app.kubernetes.io/part-of': 'small', 'release': 'prometheus' });
    expect(obj.metadata.namespace).toBe('serving');
    expect(alert(alerts, 'DynamoQueueGrowing').annotations!.runbook_url).toBe('https://runbooks.example.com/dynamo#dynamoqueuegrowing');
    expect(alert(alerts, 'DynamoQueueGrowing').labels).toStrictEqual({ team: 'llm', severity: 'warning', dynamo_namespace: 'serving-small' });
    for (const a of alerts) {
      expect(a.labels!.team).toBe('llm');
      expect(a.annotations!.runbook_url).toBe(`https://runbooks.example.com/dynamo#${a.alert!.toLowerCase()}`);
    }
  });

  test('the rule name stays within 63 characters', () => {
    const name = `a${'b'.repeat(61)}`;
    const { obj } = rules({ deployment: { ...AGG, name, dynamoNamespace: `serving-${name}` } });
    expect(obj.metadata.name).toMatch(/^ab+-[0-9a-f]{8}-slo$/);
    expect(obj.metadata.name.length).toBeLessThanOrEqual(63);
  });

  test('rejects bad labels, runbook URLs, SLOs and deployment names', () => {
    const make = (props: Partial<LlmAlertRulesProps>) => () => new LlmAlertRules(newChart(), 'r', { deployment: DISAGG, ...props });
    expect(make({ ruleLabels: { 'bad/key/x': 'v' } })).toThrow(/ruleLabels must have Kubernetes label keys .*\(got "bad\/key\/x"\)/);
    expect(make({ ruleLabels: { release: 'a b' } })).toThrow(/ruleLabels.release must be a Kubernetes label value/);
    expect(make({ alertLabels: { 'team-name': 'x' } })).toThrow(/alertLabels must have Prometheus label names .*\(got "team-name"\)/);
    expect(make({ alertLabels: { __tenant: 'x' } })).toThrow(/alertLabels must have Prometheus label names/);
    expect(make({ alertLabels: { '9team': 'x' } })).toThrow(/alertLabels must have Prometheus label names/);
    expect(make({ alertLabels: { severity: 'page' } })).toThrow(/alertLabels must not set "severity" or "dynamo_namespace" or "dgd_component".*\(got "severity"\)/);
    expect(make({ alertLabels: { dynamo_namespace: 'x' } })).toThrow(/alertLabels must not set/);
    expect(make({ alertLabels: { team: '' } })).toThrow(/alertLabels.team must be a non-empty string/);
    expect(make({ runbookUrl: 'runbooks.example.com' })).toThrow(/runbookUrl must be an http\(s\) URL without a "#fragment" \(got "runbooks.example.com"\)/);
    expect(make({ runbookUrl: 'ftp://runbooks.example.com/x' })).toThrow(/runbookUrl must be an http\(s\) URL/);
    expect(make({ runbookUrl: 'https://runbooks.example.com/x#top' })).toThrow(/runbookUrl must be an http\(s\) URL without a "#fragment"/);
    expect(make({ slo: { ttftMs: 0 } })).toThrow(/slo.ttftMs must be an integer/);
    expect(make({ slo: { availability: 1 } })).toThrow(/slo.availability must be a fraction/);
    expect(make({ deployment: { ...DISAGG, name: 'bad_name' } })).toThrow(/deployment.name must be a DNS label/);
  });
});
