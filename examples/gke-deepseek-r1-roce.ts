/**
 * DeepSeek-R1 (671B, FP8) on GKE A3 Ultra, disaggregated over RoCE: one SGLang prefill worker and
 * one decode worker, each a whole `a3-ultragpu-8g` node (8 × H200 141GB, TP 8). The FP8 weights
 * (~700 GB) fit the node's 1128 GB of GPU memory with ~400 GB left for the KV cache. The tuning follows
 * Dynamo's DeepSeek-R1 SGLang recipe (`recipes/deepseek-r1/sglang/disagg-8gpu`): expert parallelism
 * over the 8 GPUs, DP attention on decode (`--dp-size 8 --enable-dp-attention`), 75% of the GPU memory
 * for weights and the KV pool (`--mem-fraction-static 0.75`) and a long watchdog for the first
 * compilation; the KV cache moves over NIXL (UCX on RoCE) rather than the recipe's Mooncake.
 *
 * `Cloud.gke()` gives each pool a ComputeClass (a3-ultragpu-8g, on-demand, RDMA NICs through
 * automated accelerator networking), wires the 8 RDMA NICs (`rdma-0` … `rdma-7`) into the workers
 * for NIXL's UCX backend, and keeps prefill and decode in one RDMA topology block. The cluster needs
 * multi-networking, Dataplane V2 and networks named `rdma-0` … `rdma-7` (the Cluster Toolkit A3 Ultra
 * blueprint creates them). The weights live on a zonal Filestore share (1 TiB, the tier's minimum),
 * filled once by a download Job; the frontend is exposed through a global external Gateway over
 * HTTPS with a cert-manager (or hand-made) `kubernetes.io/tls` Secret. The host and Secret names are
 * example values.
 */
import { App, Size } from 'cdk8s';
import { Backend, Cloud, HfToken, ModelCache, ModelStorage, RouterMode, SecretRef } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

export const gkeDeepseekR1Roce: PatternExample = {
  pattern: 'disaggregated',
  id: 'deepseek-r1',
  namespace: 'llm',
  props: {
    model: 'deepseek-ai/DeepSeek-R1',
    backend: Backend.sglang(),
    cloud: Cloud.gke(),
    prefill: {
      machineType: 'a3-ultragpu-8g', gpus: 8, tensorParallelSize: 8, expertParallelSize: 8,
      gpuMemoryUtilization: 0.75, extraArgs: ['--watchdog-timeout', '3600'],
    },
    decode: {
      machineType: 'a3-ultragpu-8g', gpus: 8, tensorParallelSize: 8, dataParallelSize: 8, expertParallelSize: 8,
      gpuMemoryUtilization: 0.75, extraArgs: ['--watchdog-timeout', '3600'],
    },
    frontend: { routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    modelCache: ModelCache.newVolume({ storage: ModelStorage.filestore(), size: Size.gibibytes(1024) }),
    ingress: { host: 'deepseek.example.com', tlsSecret: SecretRef.fromSecretName('deepseek-tls') },
  },
};

export function gkeDeepseekR1RoceApp(outdir?: string): App {
  return patternApp('gke-deepseek-r1-roce', gkeDeepseekR1Roce, outdir);
}

if (require.main === module) gkeDeepseekR1RoceApp().synth();
