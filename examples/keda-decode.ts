/**
 * Qwen3 32B (FP8) on vLLM, disaggregated, with KEDA scaling the decode pool between 2 and 8 workers
 * on p95 inter-token latency and KV-cache usage (Dynamo's recommended autoscaler, through the decode
 * pool's DynamoGraphDeploymentScalingAdapter). Prefill stays at 2 workers. The library's own
 * PodMonitors scrape every component (for clusters where the platform's are off), and the dashboard
 * goes to a Grafana Operator instance.
 *
 * Prerequisites: KEDA (`helm install keda kedacore/keda -n keda --create-namespace`), the Prometheus
 * Operator, and a Grafana Operator instance labelled `dashboards: grafana`.
 */
import { App, Duration } from 'cdk8s';
import { Autoscaling, Cloud, DashboardDelivery, HfToken, RdmaFabric, ScalingMetric, Scraping } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

const PROMETHEUS = 'http://prometheus-operated.monitoring.svc:9090';

export const kedaDecode: PatternExample = {
  pattern: 'disaggregated',
  id: 'qwen3-32b-keda',
  namespace: 'llm',
  props: {
    model: 'Qwen/Qwen3-32B-FP8',
    cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' } }),
    prefill: { replicas: 2, gpus: 2 },
    decode: {
      gpus: 2,
      maxNumSeqs: 128,
      autoscaling: Autoscaling.keda({
        minReplicas: 2,
        maxReplicas: 8,
        metrics: [ScalingMetric.interTokenLatency({ targetMs: 30 }), ScalingMetric.kvCacheUsage({ target: 0.85 })],
        prometheusServerAddress: PROMETHEUS,
        // Decode workers take minutes to load the model: scale down slowly.
        cooldownPeriod: Duration.minutes(10),
      }),
    },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    observability: {
      slo: { ttftMs: 800, itlMs: 30 },
      scraping: Scraping.podMonitors(),
      dashboardDelivery: DashboardDelivery.grafanaOperator({ instanceSelector: { dashboards: 'grafana' }, folder: 'Dynamo' }),
    },
  },
};

export function kedaDecodeApp(outdir?: string): App {
  return patternApp('keda-decode', kedaDecode, outdir);
}

if (require.main === module) kedaDecodeApp().synth();
