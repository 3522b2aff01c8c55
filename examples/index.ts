/** Every runnable app, by the folder it synthesizes into (`dist/<name>/`). */
import { App } from 'cdk8s';
import { platformApp } from '../stacks/platform';
import { quickstart, quickstartApp } from '../stacks/quickstart';
import { aksNetworkOperatorIbApp } from './aks-network-operator-ib';
import { aksQwen3Ib, aksQwen3IbApp } from './aks-qwen3-32b-fp8-ib';
import { eksAlbJwt, eksAlbJwtApp } from './eks-alb-jwt';
import { eksAutoModeAggregated, eksAutoModeAggregatedApp } from './eks-auto-mode-aggregated';
import { eksEnvoyGatewayJwt, eksEnvoyGatewayJwtApp } from './eks-envoy-gateway-jwt';
import { eksFromEmptyClusterApp } from './eks-from-empty-cluster';
import { eksLlama70bEfa, eksLlama70bEfaApp } from './eks-llama-70b-efa';
import { eksMixedTier, eksMixedTierApp } from './eks-mixed-tier';
import { eksSlaProfilingApp } from './eks-sla-profiling';
import { disaggregatedSloPlanner, disaggregatedSloPlannerApp } from './disaggregated-slo-planner';
import { existingChartApp, existingChartAssistant } from './existing-chart';
import { existingPlatformApp, existingPlatformQwen } from './existing-platform';
import { gkeDeepseekR1Roce, gkeDeepseekR1RoceApp } from './gke-deepseek-r1-roce';
import { gkeEnvoyAiGatewayKeys, gkeEnvoyAiGatewayKeysApp } from './gke-envoy-ai-gateway-keys';
import { kedaDecode, kedaDecodeApp } from './keda-decode';
import { customCloudApp, customCloudProps } from './custom-cloud';
import { PatternExample } from './pattern-example';
import { recipeLlama70b, recipeLlama70bApp } from './recipe-llama-70b';
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
  'eks-llama-70b-efa': eksLlama70bEfaApp,
  'eks-auto-mode-aggregated': eksAutoModeAggregatedApp,
  'eks-mixed-tier': eksMixedTierApp,
  'eks-sla-profiling': eksSlaProfilingApp,
  'gke-deepseek-r1-roce': gkeDeepseekR1RoceApp,
  'aks-qwen3-32b-fp8-ib': aksQwen3IbApp,
  'disaggregated-slo-planner': disaggregatedSloPlannerApp,
  'custom-cloud': customCloudApp,
  'keda-decode': kedaDecodeApp,
  // The default cloud and delivery (generic, Flux), whatever DYNAMO_CLOUD and DYNAMO_DELIVERY say.
  'platform': (outdir) => platformApp(outdir, {}),
  'eks-from-empty-cluster': eksFromEmptyClusterApp,
  'aks-network-operator-ib': aksNetworkOperatorIbApp,
  'existing-platform': existingPlatformApp,
  'recipe-llama-70b': recipeLlama70bApp,
  'gke-envoy-ai-gateway-keys': gkeEnvoyAiGatewayKeysApp,
  'eks-envoy-gateway-jwt': eksEnvoyGatewayJwtApp,
  'eks-alb-jwt': eksAlbJwtApp,
};

/** The pattern of every app, by app name: the configurations the Pulumi parity tests replay. */
export const PATTERN_EXAMPLES: Record<string, PatternExample> = {
  'quickstart': quickstart,
  'vllm-disaggregated': vllmDisaggregated,
  'sglang-disaggregated-multinode': sglangDisaggregatedMultinode,
  'trtllm-aggregated': trtllmAggregated,
  'existing-chart': existingChartAssistant,
  'v1alpha1-dynamo-1-1': v1alpha1Dynamo11,
  'eks-llama-70b-efa': eksLlama70bEfa,
  'eks-auto-mode-aggregated': eksAutoModeAggregated,
  'eks-mixed-tier': eksMixedTier,
  'gke-deepseek-r1-roce': gkeDeepseekR1Roce,
  'aks-qwen3-32b-fp8-ib': aksQwen3Ib,
  'disaggregated-slo-planner': disaggregatedSloPlanner,
  'keda-decode': kedaDecode,
  'custom-cloud': { pattern: 'disaggregated', id: 'llama', namespace: 'llm', props: customCloudProps() },
  'existing-platform': existingPlatformQwen,
  'recipe-llama-70b': recipeLlama70b,
  'gke-envoy-ai-gateway-keys': gkeEnvoyAiGatewayKeys,
  'eks-envoy-gateway-jwt': eksEnvoyGatewayJwt,
  'eks-alb-jwt': eksAlbJwt,
};
