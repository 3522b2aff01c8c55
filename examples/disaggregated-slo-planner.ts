/**
 * Llama 3.3 70B (FP8) on vLLM, disaggregated, run to SLOs: Dynamo's SLA planner sizes prefill and
 * decode to hold p95 TTFT under 300 ms and ITL under 25 ms within 32 GPUs, and the deployment ships
 * its Grafana dashboard (kube-prometheus-stack sidecar, "Dynamo" folder), a NIXL PodMonitor (the
 * platform's PodMonitors scrape the rest) and a PrometheusRule with SLO burn alerts and the KV-transfer
 * health alerts. InfiniBand through the Network Operator's shared RDMA device plugin.
 *
 * Prerequisites: kube-prometheus-stack installed as release `prometheus` (its default selectors pick
 * `release: prometheus`), the Dynamo platform with `dynamo-operator.dynamo.metrics.prometheusEndpoint`
 * set (the planner reads Prometheus through it), and the DCGM exporter of the GPU Operator.
 */
import { App } from 'cdk8s';
import { Cloud, DashboardDelivery, HfToken, Planner, RdmaFabric, RouterMode } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

export const disaggregatedSloPlanner: PatternExample = {
  pattern: 'disaggregated',
  id: 'llama-70b-slo',
  namespace: 'llm',
  props: {
    model: 'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic',
    modelRevision: 'ddb4128556dfcff99e0c41aee159ea6c3e655dcd',
    cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/shared_ib' } }),
    // The planner owns both pools' replicas: it starts them at 1 and grows them within the budget.
    prefill: { gpus: 2, maxModelLen: 16384 },
    decode: { gpus: 4, maxNumSeqs: 256, maxModelLen: 16384 },
    frontend: { replicas: 2, routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    planner: Planner.sla({ ttftMs: 300, itlMs: 25, maxGpus: 32 }),
    observability: {
      // TTFT/ITL targets come from the planner; the error budget is 0.1 %.
      slo: { availability: 0.999 },
      dashboardDelivery: DashboardDelivery.configMap({ namespace: 'monitoring', folder: 'Dynamo' }),
      monitorLabels: { release: 'prometheus' },
      alertLabels: { team: 'llm-serving' },
      runbookUrl: 'https://runbooks.example.com/dynamo',
    },
  },
};

export function disaggregatedSloPlannerApp(outdir?: string): App {
  return patternApp('disaggregated-slo-planner', disaggregatedSloPlanner, outdir);
}

if (require.main === module) disaggregatedSloPlannerApp().synth();
