/**
 * Llama 3.3 70B (FP8) on Amazon EKS with self-managed Karpenter, disaggregated over EFA: 2 prefill and
 * 2 decode workers (TP 4 each) on p5.48xlarge, KV-cache transfer by NIXL over libfabric (16 of the
 * node's 32 EFA devices per worker, prefill and decode on different nodes in one AZ, a cluster
 * placement group), KV routing, an EFS model cache and an internet-facing ALB with HTTPS.
 *
 * The node role, discovery tags, placement group, file system, host and certificate are example values:
 * replace them with your cluster's. The security group selected must allow all traffic to and from
 * itself (EFA), and the EFA device plugin must run on the cluster.
 */
import { App, Size } from 'cdk8s';
import { Backend, Cloud, EksAmi, HfToken, ModelCache, ModelStorage, RouterMode } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

export const eksLlama70bEfa: PatternExample = {
  pattern: 'disaggregated',
  id: 'llama-70b-efa',
  namespace: 'llm',
  props: {
    model: 'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic',
    modelRevision: 'ddb4128556dfcff99e0c41aee159ea6c3e655dcd',
    backend: Backend.vllm(),
    cloud: Cloud.eks({
      ami: EksAmi.al2023('v20250821'),
      nodeRole: 'KarpenterNodeRole-inference',
      subnetTags: { 'karpenter.sh/discovery': 'inference' },
      securityGroupTags: { 'karpenter.sh/discovery': 'inference' },
      placementGroupName: 'inference-p5-cluster',
    }),
    prefill: { machineType: 'p5.48xlarge', replicas: 2, gpus: 4, tensorParallelSize: 4, maxModelLen: 32768 },
    decode: { machineType: 'p5.48xlarge', replicas: 2, gpus: 4, maxNumSeqs: 256, maxModelLen: 32768 },
    frontend: { replicas: 2, routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    modelCache: ModelCache.newVolume({ storage: ModelStorage.efs({ fileSystemId: 'fs-0123456789abcdef0' }), size: Size.gibibytes(200) }),
    ingress: {
      host: 'llm.example.com',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
    },
  },
};

export function eksLlama70bEfaApp(outdir?: string): App {
  return patternApp('eks-llama-70b-efa', eksLlama70bEfa, outdir);
}

if (require.main === module) eksLlama70bEfaApp().synth();
