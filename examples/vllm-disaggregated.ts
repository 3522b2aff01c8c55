/**
 * Llama 3.3 70B (FP8) on vLLM, disaggregated: 2 prefill workers (TP 4) and 4 decode workers (TP 4),
 * KV routing over 2 frontends, and a shared ReadWriteMany model cache pre-filled by a Job at a
 * pinned revision (the model and commit Dynamo's `recipes/llama-3-70b` pin).
 */
import { App, Chart, Size } from 'cdk8s';
import { Backend, DisaggregatedLlm, HfToken, ModelCache, RouterMode } from '../lib';

export function vllmDisaggregatedApp(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'vllm-disaggregated', { namespace: 'llm' });
  new DisaggregatedLlm(chart, 'llama-70b', {
    model: 'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic',
    modelRevision: 'ddb4128556dfcff99e0c41aee159ea6c3e655dcd',
    backend: Backend.vllm(),
    prefill: { replicas: 2, gpus: 4, tensorParallelSize: 4, maxModelLen: 32768 },
    decode: { replicas: 4, gpus: 4, maxNumSeqs: 256, maxModelLen: 32768 },
    frontend: { replicas: 2, routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    modelCache: ModelCache.newVolume({ storageClass: 'efs-sc', size: Size.gibibytes(200) }),
  });
  return app;
}

if (require.main === module) vllmDisaggregatedApp().synth();
