/**
 * The quickstart that `npx cdk8s synth` runs: Qwen/Qwen3-0.6B on one GPU, aggregated vLLM,
 * KV-aware routing, the Hugging Face token read from the existing Secret `hf-token-secret`.
 */
import { App } from 'cdk8s';
import { Backend, HfToken, RouterMode } from '../lib';
import { PatternExample, patternApp } from '../examples/pattern-example';

export const quickstart: PatternExample = {
  pattern: 'aggregated',
  id: 'qwen3',
  namespace: 'dynamo',
  props: {
    model: 'Qwen/Qwen3-0.6B',
    backend: Backend.vllm(),
    workers: { replicas: 1, gpus: 1 },
    frontend: { routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
  },
};

/** Builds the quickstart app; `outdir` defaults to `dist` (or `CDK8S_OUTDIR`). */
export function quickstartApp(outdir?: string): App {
  return patternApp('quickstart', quickstart, outdir);
}

if (require.main === module) quickstartApp().synth();
