/** Every runnable app, by the folder it synthesizes into (`dist/<name>/`). */
import { App } from 'cdk8s';
import { quickstart, quickstartApp } from '../stacks/quickstart';
import { existingChartApp, existingChartAssistant } from './existing-chart';
import { PatternExample } from './pattern-example';
import { sglangDisaggregatedMultinode, sglangDisaggregatedMultinodeApp } from './sglang-disaggregated-multinode';
import { trtllmAggregated, trtllmAggregatedApp } from './trtllm-aggregated';
import { v1alpha1App, v1alpha1Dynamo11 } from './v1alpha1-dynamo-1-1';
import { vllmDisaggregated, vllmDisaggregatedApp } from './vllm-disaggregated';

export const APPS: Record<string, (outdir?: string) => App> = {
  'quickstart': quickstartApp,
  'vllm-disaggregated': vllmDisaggregatedApp,
  'sglang-disaggregated-multinode': sglangDisaggregatedMultinodeApp,
  'trtllm-aggregated': trtllmAggregatedApp,
  'existing-chart': existingChartApp,
  'v1alpha1-dynamo-1-1': v1alpha1App,
};

/** The pattern of every app, by app name: the configurations the Pulumi parity tests replay. */
export const PATTERN_EXAMPLES: Record<string, PatternExample> = {
  'quickstart': quickstart,
  'vllm-disaggregated': vllmDisaggregated,
  'sglang-disaggregated-multinode': sglangDisaggregatedMultinode,
  'trtllm-aggregated': trtllmAggregated,
  'existing-chart': existingChartAssistant,
  'v1alpha1-dynamo-1-1': v1alpha1Dynamo11,
};
