/**
 * Llama 3.3 70B (FP8) on vLLM, disaggregated: 2 prefill workers (TP 4) and 4 decode workers (TP 4),
 * KV routing over 2 frontends, and a shared ReadWriteMany model cache pre-filled by a Job at a
 * pinned revision (the model and commit Dynamo's `recipes/llama-3-70b` pin).
 */
import { App, Size } from 'cdk8s';
import { Backend, HfToken, ModelCache, RouterMode } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

export const vllmDisaggregated: PatternExample = {
  pattern: 'disaggregated',
  id: 'llama-70b',
  namespace: 'llm',
  props: {
    model: 'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic',
    modelRevision: 'ddb4128556dfcff99e0c41aee159ea6c3e655dcd',
    backend: Backend.vllm(),
    prefill: { replicas: 2, gpus: 4, tensorParallelSize: 4, maxModelLen: 32768 },
    decode: { replicas: 4, gpus: 4, maxNumSeqs: 256, maxModelLen: 32768 },
    frontend: { replicas: 2, routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    modelCache: ModelCache.newVolume({ storageClass: 'efs-sc', size: Size.gibibytes(200) }),
  },
};

export function vllmDisaggregatedApp(outdir?: string): App {
  return patternApp('vllm-disaggregated', vllmDisaggregated, outdir);
}

if (require.main === module) vllmDisaggregatedApp().synth();
