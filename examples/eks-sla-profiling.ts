/**
 * Llama 3.3 70B (FP8) on Amazon EKS, sized by Dynamo's profiler: a DynamoGraphDeploymentRequest asks
 * the operator to profile the model for a 500 ms TTFT and 30 ms ITL at 4000/500 tokens within 8 H100
 * GPUs, then to deploy the graph that meets them. The app also creates the Karpenter NodePool for the
 * budget (one p5.48xlarge), the EFS-backed model cache and the Job that fills it at a pinned revision;
 * the request waits for both, and the generated graph mounts the cache and lands on the NodePool
 * through `overrides.dgd`. The file system id is an example value; the Secret `hf-token-secret` (key
 * `HF_TOKEN`) must exist in the namespace.
 */
import { App, Chart, Size } from 'cdk8s';
import { Backend, Cloud, EksAmi, GpuType, HfToken, ModelCache, ModelStorage, ProfiledLlm, ProfiledLlmProps } from '../lib';

/** The example's props, replayed by the Pulumi parity test. */
export function eksSlaProfilingProps(): ProfiledLlmProps {
  return {
    model: 'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic',
    modelRevision: 'ddb4128556dfcff99e0c41aee159ea6c3e655dcd',
    backend: Backend.vllm(),
    cloud: Cloud.eks({
      ami: EksAmi.al2023('v20250821'),
      nodeRole: 'KarpenterNodeRole-prod',
      subnetTags: { 'karpenter.sh/discovery': 'prod' },
      securityGroupTags: { 'karpenter.sh/discovery': 'prod' },
    }),
    workers: { gpuType: GpuType.H100_80GB },
    // One p5.48xlarge: with the GPUs per node known, the request needs no GPU discovery (the NodePool
    // starts empty) and the NodePool's limit is the budget.
    hardware: { numGpusPerNode: 8 },
    totalGpus: 8,
    sla: { ttft: 500, itl: 30 },
    workload: { isl: 4000, osl: 500 },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    modelCache: ModelCache.newVolume({ storage: ModelStorage.efs({ fileSystemId: 'fs-0123456789abcdef0' }), size: Size.gibibytes(200) }),
  };
}

export function eksSlaProfilingApp(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'eks-sla-profiling', { namespace: 'llm' });
  new ProfiledLlm(chart, 'llama-70b', eksSlaProfilingProps());
  return app;
}

if (require.main === module) eksSlaProfilingApp().synth();
