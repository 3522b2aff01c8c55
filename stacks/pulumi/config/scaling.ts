/**
 * The stack config of scaling: a pool's `autoscaling` (KEDA or an HPA, with its metrics) and the
 * SLA `planner`.
 */
import {
  Autoscaling, HpaAutoscalingOptions, KedaAutoscalingOptions, KvCacheUsageScalingOptions, LatencyScalingOptions, LoadPredictor, Planner,
  PromqlScalingOptions, QueueDepthScalingOptions, ScalingMetric, SlaPlannerOptions,
} from '../../../lib';
import { fromLibrary } from './errors';
import { resources } from './resources';
import { bool, choice, constantsOf, duration, list, num, object, Read, text, variant } from './values';

/** A latency metric: `{ kind: interTokenLatency, targetMs: 40, percentile: 0.95, window: 5m }`. */
function latency(factory: 'timeToFirstToken' | 'interTokenLatency'): Read<ScalingMetric> {
  const read = object<LatencyScalingOptions>('LatencyScalingOptions', { targetMs: num, percentile: num, window: duration }, ['targetMs']);
  return (v, at) => {
    const options = read(v, at);
    return fromLibrary({ [factory]: at }, () => ScalingMetric[factory](options));
  };
}

/** `metrics[i]`: `{ kind: <ScalingMetric factory>, ...its options }`. */
export const metric: Read<ScalingMetric> = variant('scaling metric', {
  timeToFirstToken: latency('timeToFirstToken'),
  interTokenLatency: latency('interTokenLatency'),
  queueDepth: (v, at) => {
    const options = object<QueueDepthScalingOptions>('QueueDepthScalingOptions', { targetPerReplica: num }, ['targetPerReplica'])(v, at);
    return fromLibrary({ queueDepth: at }, () => ScalingMetric.queueDepth(options));
  },
  kvCacheUsage: (v, at) => {
    const options = object<KvCacheUsageScalingOptions>('KvCacheUsageScalingOptions', { target: num }, ['target'])(v, at);
    return fromLibrary({ kvCacheUsage: at }, () => ScalingMetric.kvCacheUsage(options));
  },
  promql: (v, at) => {
    const options = object<PromqlScalingOptions>('PromqlScalingOptions', { name: text, query: text, target: num, perReplica: bool }, ['name', 'query', 'target'])(v, at);
    return fromLibrary({ promql: at }, () => ScalingMetric.promql(options));
  },
});

const POOL_SCALING = { minReplicas: num, maxReplicas: num, metrics: list(metric, 'interTokenLatency') };

/**
 * A pool's `autoscaling`: `{ kind: keda, maxReplicas, metrics, prometheusServerAddress, ... }` or
 * `{ kind: hpa, maxReplicas, metrics, scaleDownStabilization }`. Its values are checked where the
 * pool uses it, naming `<pool>.autoscaling.<setting>`.
 */
export const autoscaling: Read<Autoscaling> = variant('autoscaler', {
  keda: (v, at) => Autoscaling.keda(object<KedaAutoscalingOptions>('KedaAutoscalingOptions', {
    ...POOL_SCALING, prometheusServerAddress: text, pollingInterval: duration, cooldownPeriod: duration, authenticationRef: text,
  }, ['maxReplicas', 'metrics', 'prometheusServerAddress'])(v, at)),
  hpa: (v, at) => Autoscaling.hpa(object<HpaAutoscalingOptions>('HpaAutoscalingOptions', {
    ...POOL_SCALING, scaleDownStabilization: duration,
  }, ['maxReplicas', 'metrics'])(v, at)),
});

/** `planner`: the SLA planner's settings (`Planner.sla`). */
export const planner: Read<Planner> = (v, at) => {
  const options = object<SlaPlannerOptions>('SlaPlannerOptions', {
    ttftMs: num,
    itlMs: num,
    maxGpus: num,
    minGpus: num,
    minReplicas: num,
    adjustmentInterval: duration,
    loadScaling: bool,
    loadPredictor: choice(constantsOf(LoadPredictor)),
    prometheusEndpoint: text,
    advisory: bool,
    image: text,
    resources,
    componentName: text,
  }, ['ttftMs', 'itlMs', 'maxGpus'])(v, at);
  return fromLibrary({ planner: at }, () => Planner.sla(options));
};
