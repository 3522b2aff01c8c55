/**
 * Adding an AggregatedLlm to a chart you already have: the pattern lands in the chart's namespace
 * next to your own objects, references a pull secret and an HF token Secret you manage, and its
 * workers get your scheduling.
 */
import { App, Chart } from 'cdk8s';
import { ConfigMap, Namespace } from 'cdk8s-plus-28';
import { Backend, EnvValue, HfToken, SecretRef } from '../lib';
import { addPattern, PatternExample } from './pattern-example';

/** The pattern added to the existing chart (in its namespace, `team-ml`). */
export const existingChartAssistant: PatternExample = {
  pattern: 'aggregated',
  id: 'assistant',
  namespace: 'team-ml',
  props: {
    model: 'Qwen/Qwen3-8B',
    backend: Backend.vllm(),
    workers: {
      replicas: 2,
      gpus: 1,
      maxModelLen: 32768,
      env: { VLLM_LOGGING_LEVEL: EnvValue.fromValue('INFO') },
      nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-L40S' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    },
    hfToken: HfToken.fromSecret('hf-credentials', 'token'),
    imagePullSecrets: [SecretRef.fromSecretName('ngc-pull-secret')],
    labels: { 'team': 'ml-platform', 'cost-center': 'inference' },
  },
};

export function existingChartApp(outdir?: string): App {
  const app = new App({ outdir });
  // An existing chart that already manages a namespace and application config.
  const chart = new Chart(app, 'team-ml', { namespace: existingChartAssistant.namespace });
  new Namespace(chart, 'ns', { metadata: { name: 'team-ml' } });
  new ConfigMap(chart, 'settings', { metadata: { name: 'team-ml-settings' }, data: { owner: 'ml-platform' } });

  addPattern(chart, existingChartAssistant);
  return app;
}

if (require.main === module) existingChartApp().synth();
