import { readFileSync } from 'fs';
import { join } from 'path';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  AggregatedLlm, Autoscaling, Cloud, DgdHorizontalPodAutoscaler, DgdScaledObject, DisaggregatedLlm, LlmAlertRules, LlmDashboard, Planner, RdmaFabric, RouterMode,
  ScalingMetric, Scraping,
} from '../lib';
import { dashboardExpressions } from '../lib/observability/llm-dashboard';
import { findMetric, METRICS } from '../lib/observability/metric-catalog';
import { Manifest, newChart, synthValid } from './support/synth';

const PROM = 'http://prometheus-operated.monitoring.svc:9090';
const REFERENCE = join(__dirname, '..', '..', 'shared', 'reference');

/** Every metric the signals below can take, once each. */
const ALL_SIGNALS = () => [
  ScalingMetric.timeToFirstToken({ targetMs: 500 }),
  ScalingMetric.interTokenLatency({ targetMs: 40, percentile: 0.99 }),
  ScalingMetric.queueDepth({ targetPerReplica: 4 }),
  ScalingMetric.kvCacheUsage({ target: 0.8 }),
];

interface Expression {
  readonly where: string;
  readonly expr: string;
}

/**
 * The library's PromQL, from the two widest deployments: disaggregated with the KV router, NIXL
 * telemetry, the planner, KEDA and an HPA; aggregated with the KV router.
 */
function everyExpression(): { expressions: Expression[]; recorded: Set<string> } {
  const chart = newChart();
  const disagg = new DisaggregatedLlm(chart, 'ds', {
    model: 'deepseek-ai/DeepSeek-R1-Distill-Llama-70B',
    cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' } }),
    frontend: { routerMode: RouterMode.KV },
    prefill: { gpus: 4 },
    decode: { gpus: 4 },
    planner: Planner.sla({ ttftMs: 400, itlMs: 40, maxGpus: 32 }),
    observability: { scraping: Scraping.podMonitors() },
  });
  const agg = new AggregatedLlm(chart, 'qwen', {
    model: 'Qwen/Qwen3-8B',
    frontend: { routerMode: RouterMode.KV },
    workers: { autoscaling: Autoscaling.keda({ maxReplicas: 4, metrics: ALL_SIGNALS(), prometheusServerAddress: PROM }) },
    observability: {},
  });
  const hpa = new DgdHorizontalPodAutoscaler(chart, 'hpa', { deployment: disagg.observedDeployment, component: 'VllmDecodeWorker', maxReplicas: 4, metrics: ALL_SIGNALS() });
  // An Envoy Gateway in front, once with every check counted locally and once globally.
  const gateways = [false, true].map((globalRateLimit, i) => {
    const deployment = {
      ...agg.observedDeployment,
      name: `gw${i}`,
      dynamoNamespace: `default-gw${i}`,
      gateway: { name: `gw${i}-frontend`, namespace: 'default', proxyNamespace: 'envoy-gateway-system', globalRateLimit,
        accessChecks: ['apiKeys', 'jwt', 'allowedSourceRanges', 'requestsPerMinute', 'tokensPerMinute'] },
    };
    return { dashboard: new LlmDashboard(chart, `gw${i}-dashboard`, { deployment }), rules: new LlmAlertRules(chart, `gw${i}-rules`, { deployment }) };
  });
  expect(gateways[1].rules.alertNames).toContain('DynamoGatewayRateLimited');
  const objs = synthValid(chart);
  expect(disagg.observedDeployment.nixlTelemetry).toBe(true);

  const expressions: Expression[] = [];
  const recorded = new Set<string>();
  for (const llm of [disagg, agg]) {
    for (const expr of dashboardExpressions(llm.dashboard!.json)) expressions.push({ where: `${llm.node.id} dashboard`, expr });
  }
  for (const g of gateways) {
    for (const expr of dashboardExpressions(g.dashboard.json)) expressions.push({ where: `${g.dashboard.node.id}`, expr });
  }
  for (const rule of objs.filter((o) => o.kind === 'PrometheusRule')) {
    for (const group of rule.spec.groups as Manifest[]) {
      for (const r of group.rules as Manifest[]) {
        if (r.record) recorded.add(r.record);
        expressions.push({ where: `${rule.metadata.name} ${r.record ?? r.alert}`, expr: r.expr });
      }
    }
  }
  const so = objs.find((o) => o.kind === 'ScaledObject')!;
  for (const t of so.spec.triggers as Manifest[]) expressions.push({ where: `ScaledObject ${t.name}`, expr: t.metadata.query });
  for (const [name, expr] of Object.entries(hpa.externalMetricQueries)) expressions.push({ where: `HPA ${name}`, expr });
  expect((agg.autoscalers.workers as DgdScaledObject).queries).toBeDefined();
  return { expressions, recorded };
}

/** The parts of @prometheus-io/lezer-promql (an ES module) the checks use. */
interface PromqlNode {
  readonly name: string;
  readonly type: { readonly isError: boolean };
  readonly from: number;
  readonly to: number;
  readonly node: { readonly parent: { readonly name: string } | null };
}
interface PromqlParser {
  parse(input: string): { iterate(spec: { enter: (n: PromqlNode) => void }): void };
}
let parser: PromqlParser;
beforeAll(async () => {
  parser = (await import('@prometheus-io/lezer-promql')).parser as unknown as PromqlParser;
});

/** Grafana's variables replaced by what Grafana substitutes, so that the expression is plain PromQL. */
function plain(expr: string): string {
  return expr.replace(/\$__rate_interval/g, '5m').replace(/\$__interval/g, '1m').replace(/\$\{?datasource\}?/g, 'prometheus');
}

/** The parse errors and the metric names of a PromQL expression. */
function analyse(expr: string): { errors: number; metrics: string[] } {
  const tree = parser.parse(plain(expr));
  let errors = 0;
  const metrics: string[] = [];
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) errors++;
      if (n.name === 'Identifier' && n.node.parent?.name === 'VectorSelector') metrics.push(plain(expr).slice(n.from, n.to));
    },
  });
  return { errors, metrics };
}

/** Expands `a_{b,c}_d` (nested too) into `a_b_d`, `a_c_d`. */
function expandBraces(s: string): string[] {
  const open = s.indexOf('{');
  if (open === -1) return [s];
  let depth = 0;
  let close = -1;
  const parts: string[] = [];
  let start = open + 1;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) { close = i; break; } else if (s[i] === ',' && depth === 1) { parts.push(s.slice(start, i)); start = i + 1; }
  }
  if (close === -1) return [s];
  parts.push(s.slice(start, close));
  return parts.flatMap((p) => expandBraces(`${s.slice(0, open)}${p.trim()}${s.slice(close + 1)}`));
}

/** Every metric-like token the shared reference names in backticks, braces expanded, `_*` and `…` removed. */
function referenceTokens(): Set<string> {
  const text = ['dynamo-on-kubernetes.md', 'clouds-gpu-rdma.md'].map((f) => readFileSync(join(REFERENCE, f), 'utf8')).join('\n');
  const tokens = new Set<string>();
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    for (const t of expandBraces(m[1].trim())) tokens.add(t.replace(/^…/, '').replace(/_\*$/, ''));
  }
  return tokens;
}

/** The family prefixes under which the reference lists short names (§4.3: "Frontend … Gauges: `active_requests`"). */
const FAMILY_PREFIXES = ['dynamo_frontend_', 'dynamo_component_', 'dynamo_component_router_', 'dynamo_planner_'];

describe('PromQL of dashboards, rules and autoscalers', () => {
  const { expressions, recorded } = everyExpression();

  test('there is a broad set of expressions to check', () => {
    // GIVEN the widest deployments, THEN dozens of expressions come from each source
    expect(expressions.length).toBeGreaterThan(100);
    expect(new Set(expressions.map((e) => e.where.split(' ')[0])).size).toBeGreaterThanOrEqual(5);
  });

  test('every expression parses: balanced, known functions and operators', () => {
    const bad = expressions.filter((e) => analyse(e.expr).errors > 0).map((e) => `${e.where}: ${e.expr}`);
    expect(bad).toStrictEqual([]);
  });

  test('every metric an expression reads is in the catalogue, or a series the rules record', () => {
    const unknown = expressions.flatMap((e) => analyse(e.expr).metrics
      .filter((m) => !findMetric(m) && !recorded.has(m))
      .map((m) => `${e.where}: ${m}`));
    expect(unknown).toStrictEqual([]);
  });

  test('the parser check itself catches a misspelt metric, an unknown function and an unbalanced expression', () => {
    expect(analyse('sum(rate(dynamo_frontend_requests_totl[5m]))').metrics.filter((m) => !findMetric(m))).toStrictEqual(['dynamo_frontend_requests_totl']);
    expect(analyse('histogram_quantil(0.9, x)').errors).toBeGreaterThan(0);
    expect(analyse('sum(rate(x[5m])').errors).toBeGreaterThan(0);
  });
});

describe('the metric catalogue', () => {
  const tokens = referenceTokens();

  test('every metric without an upstream source of its own is named in the shared reference', () => {
    const missing = METRICS.filter((m) => !m.source)
      .filter((m) => !tokens.has(m.name) && !FAMILY_PREFIXES.some((p) => m.name.startsWith(p) && tokens.has(m.name.slice(p.length))))
      .map((m) => m.name);
    expect(missing).toStrictEqual([]);
  });

  test('the reference check itself rejects a name the reference does not list', () => {
    const listed = (name: string) => tokens.has(name) || FAMILY_PREFIXES.some((p) => name.startsWith(p) && tokens.has(name.slice(p.length)));
    expect([listed('dynamo_frontend_time_to_first_token_seconds'), listed('dynamo_frontend_active_requests'), listed('dynamo_frontend_time_to_first_token_secs')])
      .toStrictEqual([true, true, false]);
    expect(expandBraces('dynamo_planner_{a,predicted_{input,output}_tokens}')).toStrictEqual(['dynamo_planner_a', 'dynamo_planner_predicted_input_tokens', 'dynamo_planner_predicted_output_tokens']);
  });

  test('names are unique and histograms are base names', () => {
    expect(new Set(METRICS.map((m) => m.name)).size).toBe(METRICS.length);
    expect(METRICS.filter((m) => m.type === 'histogram' && /_(bucket|sum|count)$/.test(m.name))).toStrictEqual([]);
    // Envoy renders its counters without `_total`.
    expect(METRICS.filter((m) => m.type === 'counter' && !m.name.endsWith('_total') && m.family !== 'nixl' && m.family !== 'envoy'
      && m.name !== 'dynamo_component_kv_cache_events_applied')).toStrictEqual([]);
  });
});
