/**
 * The quickstart that `npx cdk8s synth` runs: Qwen/Qwen3-0.6B on one GPU, aggregated vLLM,
 * KV-aware routing, the Hugging Face token read from the existing Secret `hf-token-secret`.
 */
import { App, Chart } from 'cdk8s';
import { AggregatedLlm, Backend, HfToken, RouterMode } from '../lib';

/** Builds the quickstart app; `outdir` defaults to `dist` (or `CDK8S_OUTDIR`). */
export function quickstartApp(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'quickstart', { namespace: 'dynamo' });
  new AggregatedLlm(chart, 'qwen3', {
    model: 'Qwen/Qwen3-0.6B',
    backend: Backend.vllm(),
    workers: { replicas: 1, gpus: 1 },
    frontend: { routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
  });
  return app;
}

if (require.main === module) quickstartApp().synth();
