/**
 * Qwen3 8B on Amazon EKS Auto Mode, aggregated: 2 vLLM workers on one L40S each (g6e, on-demand or
 * spot), KV routing, an EFS model cache, and an internal Auto Mode ALB (IngressClass +
 * IngressClassParams, 10-minute idle timeout for long streams). No custom NodeClass: the pools use
 * Auto Mode's built-in `default` NodeClass. The file system id is an example value.
 */
import { App, Duration, Size } from 'cdk8s';
import { Backend, CapacityType, Cloud, GpuType, ModelCache, ModelStorage, RouterMode } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

export const eksAutoModeAggregated: PatternExample = {
  pattern: 'aggregated',
  id: 'qwen3-8b',
  namespace: 'llm',
  props: {
    model: 'Qwen/Qwen3-8B',
    backend: Backend.vllm(),
    cloud: Cloud.eksAutoMode(),
    workers: {
      gpuType: GpuType.L40S,
      capacityTypes: [CapacityType.ON_DEMAND, CapacityType.SPOT],
      replicas: 2,
      gpus: 1,
      maxModelLen: 32768,
    },
    frontend: { routerMode: RouterMode.KV },
    modelCache: ModelCache.newVolume({ storage: ModelStorage.efs({ fileSystemId: 'fs-0123456789abcdef0' }), size: Size.gibibytes(100) }),
    ingress: { internal: true, timeout: Duration.minutes(10) },
  },
};

export function eksAutoModeAggregatedApp(outdir?: string): App {
  return patternApp('eks-auto-mode-aggregated', eksAutoModeAggregated, outdir);
}

if (require.main === module) eksAutoModeAggregatedApp().synth();
