/**
 * A cluster still on Dynamo 1.1: the same pattern renders the `nvidia.com/v1alpha1` API
 * (`spec.services`, `extraPodSpec.mainContainer`, `pvcs`/`volumeMounts`, `sharedMemory`). A small
 * model on single-GPU workers without RDMA: a functional test of disaggregation, so KV transfer over
 * TCP is accepted explicitly (`allowTcpKvTransfer`).
 */
import { App } from 'cdk8s';
import { Backend, DynamoVersion, HfToken, ModelCache, RouterMode } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

export const v1alpha1Dynamo11: PatternExample = {
  pattern: 'disaggregated',
  id: 'qwen3',
  namespace: 'llm',
  props: {
    model: 'Qwen/Qwen3-0.6B',
    dynamoVersion: DynamoVersion.V1_1_0,
    backend: Backend.vllm(),
    prefill: { replicas: 1, gpus: 1 },
    decode: { replicas: 2, gpus: 1 },
    frontend: { routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    allowTcpKvTransfer: true,
    modelCache: ModelCache.fromExistingClaim('model-cache'),
  },
};

export function v1alpha1App(outdir?: string): App {
  return patternApp('v1alpha1-dynamo-1-1', v1alpha1Dynamo11, outdir);
}

if (require.main === module) v1alpha1App().synth();
