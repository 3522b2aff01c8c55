/**
 * Dynamo's Llama-3.3-70B disaggregated recipe (`recipes/llama-3-70b/vllm/disagg-single-node`: 2
 * prefill workers at TP 2 and one decode worker at TP 4 on one 8-GPU H100 node, vLLM with
 * `--block-size 128`, prefix caching off) spread into a DisaggregatedLlm and adapted: on AKS with
 * InfiniBand, the revision the recipe's download Job pins, a model cache, KV-aware routing, and a
 * shorter context on decode. Everything else (the engine flags, GPUs, parallelism, the workers'
 * preference for one node) is the recipe's.
 *
 * The node pool name is an example value: the ND H100 v5 pool of your cluster, created with
 * InfiniBand support and the NVIDIA Network Operator.
 */
import { App } from 'cdk8s';
import { Cloud, HfToken, LlmRecipes, ModelCache, RouterMode } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

const recipe = LlmRecipes.llama33_70bVllmDisaggregated();

export const recipeLlama70b: PatternExample = {
  pattern: 'disaggregated',
  id: 'llama-70b-recipe',
  namespace: 'llm',
  props: {
    ...recipe,
    modelRevision: 'ddb4128556dfcff99e0c41aee159ea6c3e655dcd',
    cloud: Cloud.aks({ nodePools: { prefill: 'ndh100', decode: 'ndh100' } }),
    decode: { ...recipe.decode, maxModelLen: 65536 },
    frontend: { routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    modelCache: ModelCache.fromExistingClaim('model-cache', { downloadJob: true }),
  },
};

export function recipeLlama70bApp(outdir?: string): App {
  return patternApp('recipe-llama-70b', recipeLlama70b, outdir);
}

if (require.main === module) recipeLlama70bApp().synth();
