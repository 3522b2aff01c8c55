// dynamo-constructs/pulumi: the Pulumi engine. Loads @pulumi/pulumi and @pulumi/kubernetes; the
// package root does not.
export * from './chart-host';
export * from './llm-component';
export * from './aggregated-llm';
export * from './disaggregated-llm';
export * from './dynamo-graph-deployment';
