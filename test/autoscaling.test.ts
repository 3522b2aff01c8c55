import { Duration } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, Autoscaling, Backend, Cloud, ComponentType, DgdHorizontalPodAutoscaler, DgdScaledObject, DisaggregatedLlm,
  DisaggregatedLlmProps, DynamoVersion, EksAmi, LoadPredictor, Planner, RdmaFabric, RouterMode, ScalingMetric,
} from '../lib';
import { ObservedDeployment } from '../lib/observability/observed-deployment';
import { component, Manifest, newChart, only, synthValid } from './support/synth';

const PROM = 'http://prometheus-operated.monitoring.svc:9090';
const RDMA = { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' };
const MODEL = 'Qwen/Qwen3-32B';

/** A disaggregated vLLM deployment `qwen` in namespace `llm` on an InfiniBand cluster. */
function disagg(extra: Partial<DisaggregatedLlmProps> = {}) {
  const chart = newChart();
  const llm = new DisaggregatedLlm(chart, 'qwen', {
    model: MODEL,
    cloud: Cloud.generic({ rdma: RDMA }),
    prefill: { gpus: 2 },
    decode: { gpus: 4 },
    ...extra,
  });
  return { chart, llm };
}

function keda(maxReplicas = 6) {
  return Autoscaling.keda({ maxReplicas, metrics: [ScalingMetric.interTokenLatency({ targetMs: 40 })], prometheusServerAddress: PROM });
}

function plannerConfig(dgd: Manifest, name = 'Planner'): Record<string, unknown> {
  const args = component(dgd, name).podTemplate.spec.containers[0].args as string[];
  expect(args[0]).toBe('--config');
  return JSON.parse(args[1]);
}

const OBSERVED: ObservedDeployment = {
  name: 'qwen', namespace: 'llm', dynamoNamespace: 'llm-qwen', servedModelName: MODEL, routerMode: RouterMode.KV, nixlTelemetry: true,
  components: [
    { name: 'Frontend', type: ComponentType.FRONTEND },
    { name: 'VllmPrefillWorker', type: ComponentType.PREFILL },
    { name: 'VllmDecodeWorker', type: ComponentType.DECODE },
  ],
};

describe('KEDA on a pool', () => {
  test('a ScaledObject scales the decode adapter; the manifest leaves the decode replicas to it', () => {
    // GIVEN KEDA on decode with the ITL metric
    const { chart } = disagg({ decode: { gpus: 4, autoscaling: keda() } });
    // WHEN synthesized
    const objs = synthValid(chart);
    // THEN the ScaledObject targets the DGDSA <dgd>-<component> with a Prometheus trigger on p95 ITL
    const so = only(objs, 'ScaledObject');
    expect(so.metadata).toStrictEqual({ name: 'qwen-vllmdecodeworker', namespace: 'llm' });
    expect(so.spec).toStrictEqual({
      scaleTargetRef: { apiVersion: 'nvidia.com/v1alpha1', kind: 'DynamoGraphDeploymentScalingAdapter', name: 'qwen-vllmdecodeworker' },
      minReplicaCount: 1,
      maxReplicaCount: 6,
      pollingInterval: 15,
      cooldownPeriod: 300,
      triggers: [{
        type: 'prometheus',
        name: 'dynamo-itl-p95-seconds',
        metricType: 'Value',
        metadata: {
          serverAddress: PROM,
          query: 'histogram_quantile(0.95, sum by (le) (rate(dynamo_frontend_inter_token_latency_seconds_bucket{dynamo_namespace="llm-qwen"}[5m])))',
          threshold: '0.04',
        },
      }],
    });
    // AND the decode component has the adapter and no replicas; prefill keeps its fixed count
    const dgd = only(objs, 'DynamoGraphDeployment');
    expect(component(dgd, 'VllmDecodeWorker').scalingAdapter).toStrictEqual({});
    expect(component(dgd, 'VllmDecodeWorker')).not.toHaveProperty('replicas');
    expect(component(dgd, 'VllmPrefillWorker').replicas).toBe(1);
    expect(component(dgd, 'VllmPrefillWorker')).not.toHaveProperty('scalingAdapter');
  });

  test('queue depth divides among replicas; KV-cache usage is the pool\'s mean; authentication and timings pass through', () => {
    // GIVEN KEDA on prefill with two metrics and custom timings
    const { chart, llm } = disagg({
      prefill: {
        gpus: 2,
        autoscaling: Autoscaling.keda({
          minReplicas: 2, maxReplicas: 10, prometheusServerAddress: PROM, authenticationRef: 'prom-auth',
          pollingInterval: Duration.seconds(30), cooldownPeriod: Duration.minutes(10),
          metrics: [ScalingMetric.queueDepth({ targetPerReplica: 4 }), ScalingMetric.kvCacheUsage({ target: 0.8 })],
        }),
      },
    });
    const so = only(synthValid(chart), 'ScaledObject');
    // THEN
    expect([so.spec.minReplicaCount, so.spec.maxReplicaCount, so.spec.pollingInterval, so.spec.cooldownPeriod]).toStrictEqual([2, 10, 30, 600]);
    expect(so.spec.triggers.map((t: Manifest) => [t.name, t.metricType, t.metadata.threshold, t.authenticationRef])).toStrictEqual([
      ['dynamo-queued-requests', 'AverageValue', '4', { name: 'prom-auth' }],
      ['dynamo-kv-cache-usage', 'Value', '0.8', { name: 'prom-auth' }],
    ]);
    expect(so.spec.triggers[0].metadata.query).toBe('sum(dynamo_frontend_stage_requests{dynamo_namespace="llm-qwen",stage=~"preprocess|route|dispatch"})');
    expect(so.spec.triggers[1].metadata.query)
      .toBe('avg(dynamo_component_gpu_cache_usage_percent{dynamo_namespace="llm-qwen",pod=~"qwen-([0-9]+-)?vllmprefillworker-.*"})');
    // AND the pattern exposes the autoscaler by pool
    expect(Object.keys(llm.autoscalers)).toStrictEqual(['prefill']);
  });

  test('the cloud sizes the node pool for maxReplicas, not the initial count', () => {
    // GIVEN EKS with KEDA on decode up to 3 workers of one p5.48xlarge each
    const chart = newChart();
    new DisaggregatedLlm(chart, 'llama', {
      model: 'meta-llama/Llama-3.3-70B-Instruct',
      cloud: Cloud.eks({ ami: EksAmi.al2023('v20250821'), nodeRole: 'KarpenterNodeRole-prod', subnetTags: { 'karpenter.sh/discovery': 'prod' }, securityGroupTags: { 'karpenter.sh/discovery': 'prod' } }),
      prefill: { machineType: 'p5.48xlarge', gpus: 8 },
      decode: { machineType: 'p5.48xlarge', gpus: 8, autoscaling: keda(3) },
    });
    const pools = synthValid(chart).filter((o) => o.kind === 'NodePool');
    // THEN decode may launch 3 nodes (24 GPUs), prefill 1
    expect(Object.fromEntries(pools.map((p) => [p.metadata.name, p.spec.limits['nvidia.com/gpu']]))).toStrictEqual({ 'llm-llama-prefill': 8, 'llm-llama-decode': 24 });
  });
});

describe('HPA on a pool', () => {
  test('External metrics selected by dynamo_namespace, latency as Value in milli-units, and the adapter queries exposed', () => {
    // GIVEN an HPA on the aggregated workers
    const chart = newChart();
    const llm = new AggregatedLlm(chart, 'qwen', {
      model: 'Qwen/Qwen3-8B',
      workers: {
        autoscaling: Autoscaling.hpa({
          maxReplicas: 4, scaleDownStabilization: Duration.minutes(10),
          metrics: [ScalingMetric.timeToFirstToken({ targetMs: 500, percentile: 0.9, window: Duration.minutes(2) }), ScalingMetric.queueDepth({ targetPerReplica: 8 })],
        }),
      },
    });
    const hpa = only(synthValid(chart), 'HorizontalPodAutoscaler');
    // THEN
    expect(hpa.spec).toStrictEqual({
      scaleTargetRef: { apiVersion: 'nvidia.com/v1alpha1', kind: 'DynamoGraphDeploymentScalingAdapter', name: 'qwen-vllmdecodeworker' },
      minReplicas: 1,
      maxReplicas: 4,
      metrics: [
        { type: 'External', external: { metric: { name: 'dynamo_ttft_p90_seconds', selector: { matchLabels: { dynamo_namespace: 'llm-qwen' } } }, target: { type: 'Value', value: '500m' } } },
        { type: 'External', external: { metric: { name: 'dynamo_queued_requests', selector: { matchLabels: { dynamo_namespace: 'llm-qwen' } } }, target: { type: 'AverageValue', averageValue: '8' } } },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
    });
    const construct = llm.autoscalers.workers as DgdHorizontalPodAutoscaler;
    expect(construct.externalMetricQueries.dynamo_ttft_p90_seconds)
      .toBe('histogram_quantile(0.9, sum by (le) (rate(dynamo_frontend_time_to_first_token_seconds_bucket{dynamo_namespace="llm-qwen"}[2m])))');
  });

  test('a custom PromQL metric passes through unchecked', () => {
    // GIVEN the escape hatch, per replica
    const chart = newChart();
    new DgdHorizontalPodAutoscaler(chart, 'hpa', {
      deployment: OBSERVED, component: 'VllmDecodeWorker', maxReplicas: 3,
      metrics: [ScalingMetric.promql({ name: 'my_backlog', query: ' sum(my_backlog) ', target: 2.5, perReplica: true })],
    });
    const hpa = only(synthValid(chart), 'HorizontalPodAutoscaler');
    expect(hpa.spec.metrics[0].external.target).toStrictEqual({ type: 'AverageValue', averageValue: '2500m' });
  });
});

describe('the SLA planner', () => {
  test('disaggregated: a planner component with its config; both pools handed to their adapters', () => {
    // GIVEN a planner on a disaggregated deployment
    const { chart, llm } = disagg({ planner: Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 24 }) });
    const dgd = only(synthValid(chart), 'DynamoGraphDeployment');
    // THEN the planner runs the dynamo-planner image of the release with its config
    const planner = component(dgd, 'Planner');
    expect([planner.type, planner.replicas, planner.podTemplate.spec.containers[0].image, planner.podTemplate.spec.containers[0].command])
      .toStrictEqual(['planner', 1, `nvcr.io/nvidia/ai-dynamo/dynamo-planner:${DynamoVersion.LATEST.version}`, ['python3', '-m', 'dynamo.planner']]);
    expect(plannerConfig(dgd)).toStrictEqual({
      environment: 'kubernetes', backend: 'vllm', mode: 'disagg', optimization_target: 'sla', ttft_ms: 300, itl_ms: 30,
      max_gpu_budget: 24, min_endpoint: 1, prefill_engine_num_gpu: 2, decode_engine_num_gpu: 4,
      enable_throughput_scaling: true, enable_load_scaling: false, throughput_adjustment_interval_seconds: 180, load_predictor: 'arima',
    });
    // AND both worker pools have the adapter and no replicas; the pattern exposes the planner
    for (const name of ['VllmPrefillWorker', 'VllmDecodeWorker']) {
      expect(component(dgd, name).scalingAdapter).toStrictEqual({});
      expect(component(dgd, name)).not.toHaveProperty('replicas');
    }
    expect(llm.planner?.name).toBe('Planner');
    expect(llm.observedDeployment.components.map((c) => c.type.v1beta1Type)).toStrictEqual(['frontend', 'prefill', 'decode', 'planner']);
  });

  test('aggregated, with every option: mode agg, decode GPUs = the worker\'s, optional keys set', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'qwen', {
      model: 'Qwen/Qwen3-8B',
      backend: Backend.sglang(),
      workers: { gpus: 2 },
      planner: Planner.sla({
        ttftMs: 800, itlMs: 60, maxGpus: 16, minGpus: 4, minReplicas: 2, adjustmentInterval: Duration.minutes(1), loadScaling: true,
        loadPredictor: LoadPredictor.KALMAN, prometheusEndpoint: PROM, advisory: true, componentName: 'SlaPlanner', image: 'registry.example.com/dynamo-planner:1.4.0',
      }),
    });
    const dgd = only(synthValid(chart), 'DynamoGraphDeployment');
    expect(component(dgd, 'SlaPlanner').podTemplate.spec.containers[0].image).toBe('registry.example.com/dynamo-planner:1.4.0');
    expect(plannerConfig(dgd, 'SlaPlanner')).toStrictEqual({
      environment: 'kubernetes', backend: 'sglang', mode: 'agg', optimization_target: 'sla', ttft_ms: 800, itl_ms: 60,
      max_gpu_budget: 16, min_gpu_budget: 4, min_endpoint: 2, decode_engine_num_gpu: 2,
      enable_throughput_scaling: true, enable_load_scaling: true, throughput_adjustment_interval_seconds: 60, load_predictor: 'kalman',
      metric_pulling_prometheus_endpoint: PROM, advisory: true,
    });
  });

  test('Dynamo 1.0: v1alpha1 planner service on the runtime image, with the v1.0 interval key', () => {
    const { chart } = disagg({ dynamoVersion: DynamoVersion.V1_0_0, planner: Planner.sla({ ttftMs: 500, itlMs: 50, maxGpus: 12 }) });
    const dgd = only(synthValid(chart), 'DynamoGraphDeployment');
    const svc = dgd.spec.services.Planner;
    expect([svc.componentType, svc.extraPodSpec.mainContainer.image]).toStrictEqual(['planner', 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.0.0']);
    const config = JSON.parse(svc.extraPodSpec.mainContainer.args[1]);
    expect([config.throughput_adjustment_interval, config.throughput_adjustment_interval_seconds]).toStrictEqual([180, undefined]);
    expect(dgd.spec.services.VllmDecodeWorker.scalingAdapter).toStrictEqual({ enabled: true });
    expect(dgd.spec.services.VllmDecodeWorker).not.toHaveProperty('replicas');
  });
});

describe('one owner per pool: rejected combinations', () => {
  test('autoscaling together with a planner', () => {
    expect(() => disagg({ planner: Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 24 }), decode: { gpus: 4, autoscaling: keda() } }))
      .toThrow('decode.autoscaling must not be set with a planner, which already scales the decode pool (got "KEDA"); remove decode.autoscaling or the planner: two owners of the same replicas undo each other\'s changes');
  });

  test('fixed replicas together with an autoscaler or the planner', () => {
    expect(() => disagg({ decode: { gpus: 4, replicas: 2, autoscaling: keda() } }))
      .toThrow(/^decode\.replicas must not be set when decode\.autoscaling \(KEDA\) owns the pool's replicas \(got 2\); remove decode\.replicas and set decode\.autoscaling minReplicas/);
    expect(() => disagg({ planner: Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 24 }), prefill: { gpus: 2, replicas: 3 } }))
      .toThrow(/^prefill\.replicas must not be set when the planner owns the pool's replicas \(got 3\); remove prefill\.replicas and set planner\.minReplicas/);
  });

  test('scalingAdapter: false with an autoscaler', () => {
    expect(() => disagg({ decode: { gpus: 4, scalingAdapter: false, autoscaling: keda() } }))
      .toThrow(/^decode\.scalingAdapter must not be false when decode\.autoscaling \(KEDA\) scales the pool/);
  });
});

describe('validation', () => {
  test('scale to zero is rejected with the reason (Dynamo #10753)', () => {
    const zero = /minReplicas must be at least 1: scale to zero is not supported \(got 0\); keep at least one worker; with none the frontend drops the model from \/v1\/models, answers 404 and nothing scales it back up \(Dynamo issue #10753\)/;
    expect(() => disagg({ decode: { gpus: 4, autoscaling: Autoscaling.keda({ minReplicas: 0, maxReplicas: 2, metrics: [], prometheusServerAddress: PROM }) } })).toThrow(zero);
    expect(() => disagg({ decode: { gpus: 4, autoscaling: Autoscaling.hpa({ minReplicas: 0, maxReplicas: 2, metrics: [] }) } })).toThrow(zero);
    expect(() => Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 8, minReplicas: 0 })).toThrow(/^planner\.minReplicas must be at least 1/);
  });

  test('range, metrics, addresses and durations', () => {
    expect(() => disagg({ decode: { gpus: 4, autoscaling: Autoscaling.hpa({ minReplicas: 3, maxReplicas: 2, metrics: [] }) } }))
      .toThrow('decode.autoscaling.maxReplicas must be an integer between 3 and 1000 (got 2); set the most workers, at least minReplicas (3)');
    expect(() => disagg({ decode: { gpus: 4, autoscaling: Autoscaling.hpa({ maxReplicas: 1.5, metrics: [] }) } })).toThrow(/^decode\.autoscaling\.maxReplicas must be an integer/);
    expect(() => disagg({ decode: { gpus: 4, autoscaling: Autoscaling.hpa({ maxReplicas: 2, metrics: [] }) } }))
      .toThrow(/^decode\.autoscaling\.metrics must hold at least one scaling metric \(got \[\]\)/);
    expect(() => disagg({ decode: { gpus: 4, autoscaling: Autoscaling.keda({ maxReplicas: 2, metrics: [ScalingMetric.queueDepth({ targetPerReplica: 1 })], prometheusServerAddress: 'prometheus:9090' }) } }))
      .toThrow(/^decode\.autoscaling\.prometheusServerAddress must be an http\(s\) URL \(got "prometheus:9090"\)/);
    expect(() => disagg({ decode: { gpus: 4, autoscaling: Autoscaling.keda({ maxReplicas: 2, metrics: [ScalingMetric.queueDepth({ targetPerReplica: 1 })], prometheusServerAddress: PROM, pollingInterval: Duration.millis(500) }) } }))
      .toThrow(/^decode\.autoscaling\.pollingInterval must be whole seconds, at least 1/);
    expect(() => disagg({ decode: { gpus: 4, autoscaling: Autoscaling.keda({ maxReplicas: 2, metrics: [ScalingMetric.queueDepth({ targetPerReplica: 1 })], prometheusServerAddress: PROM, authenticationRef: 'Prom_Auth' }) } }))
      .toThrow(/^decode\.autoscaling\.authenticationRef must be a Kubernetes object name/);
    expect(() => disagg({ decode: { gpus: 4, autoscaling: Autoscaling.hpa({ maxReplicas: 2, metrics: [ScalingMetric.queueDepth({ targetPerReplica: 1 })], scaleDownStabilization: Duration.hours(2) }) } }))
      .toThrow(/^decode\.autoscaling\.scaleDownStabilization must be whole seconds between 0 and 3600/);
    const twice = [ScalingMetric.queueDepth({ targetPerReplica: 1 }), ScalingMetric.queueDepth({ targetPerReplica: 2 })];
    expect(() => disagg({ decode: { gpus: 4, autoscaling: Autoscaling.hpa({ maxReplicas: 2, metrics: twice }) } }))
      .toThrow('decode.autoscaling.metrics must not repeat a metric (got "dynamo_queued_requests"); list each scaling metric once');
  });

  test('scaling metric options', () => {
    expect(() => ScalingMetric.timeToFirstToken({ targetMs: 0 })).toThrow(/^timeToFirstToken\.targetMs must be an integer between 1 and 600000 \(got 0\)/);
    expect(() => ScalingMetric.interTokenLatency({ targetMs: 40, percentile: 1 })).toThrow(/^interTokenLatency\.percentile must be a fraction strictly between 0 and 1 \(got 1\)/);
    expect(() => ScalingMetric.timeToFirstToken({ targetMs: 500, window: Duration.seconds(10) })).toThrow(/^timeToFirstToken\.window must be whole seconds, at least 30 s \(got "10s"\)/);
    expect(() => ScalingMetric.queueDepth({ targetPerReplica: 0 })).toThrow(/^queueDepth\.targetPerReplica must be an integer >= 1/);
    expect(() => ScalingMetric.kvCacheUsage({ target: 1.2 })).toThrow(/^kvCacheUsage\.target must be a fraction strictly between 0 and 1 \(got 1\.2\)/);
    expect(() => ScalingMetric.promql({ name: 'my-backlog', query: 'x', target: 1 })).toThrow(/^promql\.name must be letters, digits and underscores/);
    expect(() => ScalingMetric.promql({ name: 'b', query: ' ', target: 1 })).toThrow(/^promql\.query must be a PromQL query/);
    expect(() => ScalingMetric.promql({ name: 'b', query: 'x', target: 0 })).toThrow(/^promql\.target must be a positive number/);
  });

  test('planner options and budget', () => {
    expect(() => Planner.sla({ ttftMs: 0, itlMs: 30, maxGpus: 8 })).toThrow(/^planner\.ttftMs must be an integer/);
    expect(() => Planner.sla({ ttftMs: 300, itlMs: 0.5, maxGpus: 8 })).toThrow(/^planner\.itlMs must be an integer/);
    expect(() => Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 0 })).toThrow(/^planner\.maxGpus must be an integer >= 1/);
    expect(() => Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 8, minGpus: 9 })).toThrow(/^planner\.minGpus must be an integer between 1 and 8 \(got 9\)/);
    expect(() => Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 8, adjustmentInterval: Duration.seconds(5) })).toThrow(/^planner\.adjustmentInterval must be whole seconds, at least 10/);
    expect(() => Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 8, prometheusEndpoint: 'prometheus' })).toThrow(/^planner\.prometheusEndpoint must be an http\(s\) URL/);
    expect(() => Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 8, image: 'has space' })).toThrow(/^planner\.image must be a container image reference/);
    // 2 GPUs of prefill + 4 of decode, twice each = 12 > 10
    expect(() => disagg({ planner: Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 10, minReplicas: 2 }) }))
      .toThrow('planner.maxGpus must hold minReplicas (2) workers of every pool: 12 GPUs here (got 10); raise maxGpus to at least 12, or lower minReplicas');
  });

  test('standalone autoscalers must name a worker component', () => {
    const chart = newChart();
    expect(() => new DgdScaledObject(chart, 'so', { deployment: OBSERVED, component: 'Frontend', maxReplicas: 2, metrics: [ScalingMetric.queueDepth({ targetPerReplica: 1 })], prometheusServerAddress: PROM }))
      .toThrow('autoscaling.component must name a worker component of the deployment (got "Frontend"); use one of VllmPrefillWorker, VllmDecodeWorker');
  });
});
