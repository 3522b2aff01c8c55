/** Every runnable app, by the folder it synthesizes into (`dist/<name>/`). */
import { App } from 'cdk8s';
import { quickstartApp } from '../stacks/quickstart';
import { existingChartApp } from './existing-chart';
import { sglangDisaggregatedMultinodeApp } from './sglang-disaggregated-multinode';
import { trtllmAggregatedApp } from './trtllm-aggregated';
import { v1alpha1App } from './v1alpha1-dynamo-1-1';
import { vllmDisaggregatedApp } from './vllm-disaggregated';

export const APPS: Record<string, (outdir?: string) => App> = {
  'quickstart': quickstartApp,
  'vllm-disaggregated': vllmDisaggregatedApp,
  'sglang-disaggregated-multinode': sglangDisaggregatedMultinodeApp,
  'trtllm-aggregated': trtllmAggregatedApp,
  'existing-chart': existingChartApp,
  'v1alpha1-dynamo-1-1': v1alpha1App,
};
