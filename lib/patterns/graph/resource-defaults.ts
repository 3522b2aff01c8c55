import { Size } from 'cdk8s';
import { ContainerResources, Cpu } from 'cdk8s-plus-28';

/**
 * The frontend's default resources. Requests from Dynamo's production recipes: the qwen3-32b
 * cloud-provider recipes (`recipes/qwen3-32b/vllm/cloud-providers/deploy-{aws-p5.48xlarge,gke-roce,
 * aks-ib,nebius-ib,nscale-ib}.yaml` and `kustomize/base/deploy.yaml`) request 4 CPU; every recipe
 * that sizes the frontend's memory requests 16Gi (`recipes/kimi-k3/vllm/disagg-gb200-agentic`,
 * `recipes/qwen3.6-35b/deploy/dynamo-fd*.yaml`, `recipes/gpt-oss-120b/vllm/*-agentic`), and the
 * kimi-k3 and qwen3.6 recipes cap it at 32Gi. No CPU limit: a CFS quota throttles the HTTP server
 * and tokenizer under bursts, and the request alone guarantees the CPU share.
 */
export const FRONTEND_RESOURCES: ContainerResources = {
  cpu: { request: Cpu.units(4) },
  memory: { request: Size.gibibytes(16), limit: Size.gibibytes(32) },
};

/** The ephemeral-storage request of a worker, as in Dynamo's examples (`ephemeral-storage: 2Gi`). */
export const WORKER_EPHEMERAL_STORAGE = Size.gibibytes(2);
