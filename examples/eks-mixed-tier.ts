/**
 * Mixed GPU tiers on Amazon EKS (self-managed Karpenter): compute-bound prefill on H100
 * (p5.48xlarge) and memory-bound decode on A100 80GB (p4de.24xlarge), disaggregated over EFA.
 * Each pool gets its own NodePool and EC2NodeClass; the NIXL backend (LIBFABRIC) is the same on both
 * sides, which it must be. Decode may use spot capacity (cheaper, and a reclaimed decode worker only
 * loses its in-flight requests), prefill stays on-demand. Llama-3.1-8B keeps the example small: TP 2
 * prefill workers and TP 4 decode workers.
 *
 * The node role and discovery tags are example values.
 */
import { App } from 'cdk8s';
import { Backend, CapacityType, Cloud, EksAmi, HfToken, RouterMode } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

export const eksMixedTier: PatternExample = {
  pattern: 'disaggregated',
  id: 'llama-8b-mixed',
  namespace: 'llm',
  props: {
    model: 'meta-llama/Llama-3.1-8B-Instruct',
    backend: Backend.vllm(),
    cloud: Cloud.eks({
      ami: EksAmi.al2023('v20250821'),
      nodeRole: 'KarpenterNodeRole-inference',
      subnetTags: { 'karpenter.sh/discovery': 'inference' },
      securityGroupTags: { 'karpenter.sh/discovery': 'inference' },
    }),
    prefill: { machineType: 'p5.48xlarge', replicas: 2, gpus: 2, tensorParallelSize: 2 },
    decode: { machineType: 'p4de.24xlarge', replicas: 2, gpus: 4, capacityTypes: [CapacityType.SPOT, CapacityType.ON_DEMAND] },
    frontend: { routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
  },
};

export function eksMixedTierApp(outdir?: string): App {
  return patternApp('eks-mixed-tier', eksMixedTier, outdir);
}

if (require.main === module) eksMixedTierApp().synth();
