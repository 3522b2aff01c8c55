/**
 * Pulumi components for NVIDIA Dynamo: AggregatedLlm, DisaggregatedLlm, DynamoGraphDeployment and DynamoPlatform,
 * built from the cdk8s constructs of `dynamo-constructs`.
 * @module dynamo-constructs/pulumi
 */
// dynamo-constructs/pulumi: the Pulumi engine. Loads @pulumi/pulumi and @pulumi/kubernetes; the
// package root does not. Only the public names are exported: the chart host, resource-kind table,
// update policy and error helpers are internal.
export type { KubernetesPlacementArgs } from './chart-host';
export { DEFAULT_MODEL_DOWNLOAD_TIMEOUT, LlmComponent } from './llm-component';
export type { EngineArgs, LlmEngineArgs } from './llm-component';
export { AggregatedLlm } from './aggregated-llm';
export type { AggregatedLlmArgs } from './aggregated-llm';
export { DisaggregatedLlm } from './disaggregated-llm';
export type { DisaggregatedLlmArgs } from './disaggregated-llm';
export { DynamoGraphDeployment } from './dynamo-graph-deployment';
export type { DynamoGraphDeploymentArgs } from './dynamo-graph-deployment';
export { ProfiledLlm } from './profiled-llm';
export type { ProfiledLlmArgs } from './profiled-llm';
export { DEFAULT_HELM_TIMEOUT, DynamoPlatform } from './dynamo-platform';
export type { DynamoPlatformArgs } from './dynamo-platform';
