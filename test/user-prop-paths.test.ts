import { describe, expect, test } from 'vitest';
import { Autoscaling, Cloud, DisaggregatedLlm, AggregatedLlm, RdmaFabric, ScalingMetric } from '../lib';
import { newChart, validationError } from './support/synth';

const MODEL = 'Qwen/Qwen3-0.6B';
const cloud = Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/shared_ib' } });
const disagg = (over: Record<string, unknown>) => () => new DisaggregatedLlm(newChart(), 'llm', { model: MODEL, cloud, prefill: {}, decode: {}, ...over });

describe('errors raised by the graph name the prop the pattern user wrote', () => {
  test.each([
    ['a component name the CRD refuses', disagg({ decode: { componentName: 'bad_name' } }), 'decode.componentName'],
    ['a component name too long for the operator-derived Service', disagg({ decode: { componentName: 'a'.repeat(60) } }), 'decode.componentName'],
    ['a frontend component name with a space', disagg({ frontend: { componentName: 'my frontend' } }), 'frontend.componentName'],
    ['two pools whose names differ only in case', disagg({ prefill: { componentName: 'Worker' }, decode: { componentName: 'worker' } }), 'decode.componentName'],
    ['an extra resource the gpus prop owns', () => new AggregatedLlm(newChart(), 'llm', { model: MODEL, workers: { extraResources: { 'nvidia.com/gpu': '2' } } }),
      'workers.extraResources'],
    ['an autoscaler Prometheus address that is no URL', disagg({
      decode: { autoscaling: Autoscaling.keda({ maxReplicas: 4, metrics: [ScalingMetric.queueDepth({ targetPerReplica: 4 })], prometheusServerAddress: 'ftp://prom' }) },
    }), 'decode.autoscaling.prometheusServerAddress'],
  ])('%s', (_label, build, prop) => {
    // GIVEN / WHEN
    const e = validationError(build);
    // THEN the prop and the start of the message are the user's path
    expect(e.prop).toBe(prop);
    expect(e.message.startsWith(`${prop} `)).toBe(true);
    expect(e.message).not.toMatch(/components\[/);
  });
});
