import { describe, expect, test } from 'vitest';
import { AggregatedLlm, Cloud, DisaggregatedLlm, DisaggregatedLlmProps, Planner, RdmaFabric, Scraping } from '../lib';
import { Manifest, newChart, only, synthValid } from './support/synth';

const RDMA = Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' } });

function disagg(extra: Partial<DisaggregatedLlmProps>) {
  const chart = newChart();
  const llm = new DisaggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-32B', cloud: RDMA, prefill: { gpus: 2 }, decode: { gpus: 4 }, ...extra });
  return { llm, objs: synthValid(chart) };
}

const kinds = (objs: Manifest[]) => objs.map((o) => `${o.kind}/${o.metadata.name}`).sort();

function alert(objs: Manifest[], name: string): Manifest {
  const rules = (only(objs, 'PrometheusRule').spec.groups as Manifest[]).flatMap((g) => g.rules as Manifest[]);
  return rules.find((r) => r.alert === name)!;
}

describe('observability on a pattern', () => {
  test('without it, no dashboard, monitor or rule', () => {
    const { llm, objs } = disagg({});
    expect(kinds(objs)).toStrictEqual(['DynamoGraphDeployment/qwen']);
    expect([llm.dashboard, llm.podMonitors, llm.alertRules, llm.slo]).toStrictEqual([undefined, undefined, undefined, undefined]);
  });

  test('defaults: a sidecar dashboard, a NIXL PodMonitor beside the platform\'s, and the rule; SLO 500 ms / 50 ms', () => {
    // GIVEN an empty observability block on an RDMA deployment (NIXL telemetry on)
    const { llm, objs } = disagg({ observability: {} });
    // THEN
    expect(kinds(objs)).toStrictEqual(['ConfigMap/qwen-dashboard', 'DynamoGraphDeployment/qwen', 'PodMonitor/qwen-nixl', 'PrometheusRule/qwen-slo']);
    expect(only(objs, 'ConfigMap').metadata.labels).toStrictEqual({ grafana_dashboard: '1' });
    expect([llm.slo?.ttftMs, llm.slo?.itlMs]).toStrictEqual([500, 50]);
    expect(alert(objs, 'DynamoTtftSloBurnFast').expr).toContain('> 0.5');
    expect(llm.dashboard?.rows.map((r) => r.title)).toStrictEqual(['Frontend', 'Workers', 'KV transfer (NIXL)', 'GPU (DCGM)']);
  });

  test('the SLO defaults to the planner\'s targets; explicit SLO values win', () => {
    // GIVEN a planner at 300 ms / 30 ms
    const planner = Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 24 });
    const a = disagg({ planner, observability: {} });
    expect([a.llm.slo?.ttftMs, a.llm.slo?.itlMs]).toStrictEqual([300, 30]);
    expect(alert(a.objs, 'DynamoItlSloBurnFast').expr).toContain('> 0.03');
    expect(a.llm.dashboard?.rows.map((r) => r.title)).toContain('Planner');
    // AND an explicit TTFT overrides only TTFT
    const b = disagg({ planner, observability: { slo: { ttftMs: 250 } } });
    expect([b.llm.slo?.ttftMs, b.llm.slo?.itlMs]).toStrictEqual([250, 30]);
  });

  test('dashboard and alerts can be turned off; monitor labels reach PodMonitors and the rule; own PodMonitors on request', () => {
    const { objs } = disagg({ observability: { dashboard: false, alerts: false, scraping: Scraping.podMonitors(), monitorLabels: { release: 'prometheus' } } });
    expect(kinds(objs)).toStrictEqual(['DynamoGraphDeployment/qwen', 'PodMonitor/qwen-frontend', 'PodMonitor/qwen-nixl', 'PodMonitor/qwen-workers']);
    for (const pm of objs.filter((o) => o.kind === 'PodMonitor')) expect(pm.metadata.labels).toStrictEqual({ release: 'prometheus' });
    const withRule = disagg({ observability: { dashboard: false, monitorLabels: { release: 'prometheus' } } }).objs;
    expect(only(withRule, 'PrometheusRule').metadata.labels).toStrictEqual({ release: 'prometheus' });
  });

  test('an aggregated deployment without RDMA: no NIXL PodMonitor, no KV-transfer row or alerts', () => {
    const chart = newChart();
    const llm = new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-8B', observability: {} });
    const objs = synthValid(chart);
    expect(llm.observedDeployment.nixlTelemetry).toBe(false);
    expect(kinds(objs)).toStrictEqual(['ConfigMap/qwen-dashboard', 'DynamoGraphDeployment/qwen', 'PrometheusRule/qwen-slo']);
    expect(llm.dashboard?.rows.map((r) => r.title)).not.toContain('KV transfer (NIXL)');
    expect(llm.alertRules?.alertNames.filter((n) => n.startsWith('DynamoKvTransfer'))).toStrictEqual([]);
  });

  test('an invalid SLO names the pattern prop', () => {
    expect(() => disagg({ observability: { slo: { ttftMs: 0 } } })).toThrow(/^observability\.slo\.ttftMs must be an integer between 1 and 600000 \(got 0\)/);
    expect(() => disagg({ observability: { slo: { availability: 1 } } })).toThrow(/^observability\.slo\.availability must be a fraction strictly between 0 and 1 \(got 1\)/);
    expect(() => disagg({ observability: { slo: { minKvTransferGBps: 0 } } })).toThrow(/^observability\.slo\.minKvTransferGBps must be a bandwidth in GB\/s between 0 and 400/);
    expect(() => disagg({ observability: { slo: { queueDepthWarning: 0.5 } } })).toThrow(/^observability\.slo\.queueDepthWarning must be an integer >= 1/);
    expect(() => disagg({ observability: { slo: { kvCacheUsageWarning: 90 } } })).toThrow(/^observability\.slo\.kvCacheUsageWarning must be a fraction/);
    expect(() => disagg({ observability: { slo: { latencyPercentile: 0 } } })).toThrow(/^observability\.slo\.latencyPercentile must be a fraction/);
    expect(() => disagg({ observability: { slo: { itlMs: 60_001 } } })).toThrow(/^observability\.slo\.itlMs must be an integer between 1 and 60000/);
  });
});
