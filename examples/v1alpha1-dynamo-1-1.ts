/**
 * A cluster still on Dynamo 1.1: the same pattern renders the `nvidia.com/v1alpha1` API
 * (`spec.services`, `extraPodSpec.mainContainer`, `pvcs`/`volumeMounts`, `sharedMemory`).
 */
import { App, Chart } from 'cdk8s';
import { Backend, DisaggregatedLlm, DynamoVersion, HfToken, ModelCache, RouterMode } from '../lib';

export function v1alpha1App(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'v1alpha1-dynamo-1-1', { namespace: 'llm' });
  new DisaggregatedLlm(chart, 'qwen3', {
    model: 'Qwen/Qwen3-0.6B',
    dynamoVersion: DynamoVersion.V1_1_0,
    backend: Backend.vllm(),
    prefill: { replicas: 1, gpus: 1 },
    decode: { replicas: 2, gpus: 1 },
    frontend: { routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    modelCache: ModelCache.fromExistingClaim('model-cache'),
  });
  return app;
}

if (require.main === module) v1alpha1App().synth();
