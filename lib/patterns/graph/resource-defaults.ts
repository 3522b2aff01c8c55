import { Size } from 'cdk8s';
import { ContainerResources, Cpu } from 'cdk8s-plus-28';

/**
 * The frontend's default resources: a request every node schedules, and the recipes' memory as the
 * limit. Dynamo's deploy examples set none; its production recipes request 4 CPU (the qwen3-32b
 * cloud-provider recipes, `recipes/qwen3-32b/vllm/cloud-providers/deploy-*.yaml`) and 16Gi
 * (`recipes/kimi-k3/vllm/disagg-gb200-agentic`, `recipes/qwen3.6-35b/deploy/dynamo-fd*.yaml`,
 * `recipes/gpt-oss-120b/vllm/*-agentic`), which would never schedule on the 4-vCPU / 16-GiB nodes
 * of a small cluster (g5.xlarge, g2-standard-4, kind); a production frontend sets those through
 * `frontend.resources` (the README's advice). No CPU limit: a CFS quota throttles the HTTP server
 * and tokenizer under bursts.
 */
export const FRONTEND_RESOURCES: ContainerResources = {
  cpu: { request: Cpu.units(1) },
  memory: { request: Size.gibibytes(2), limit: Size.gibibytes(16) },
};

/** The ephemeral-storage request of a worker, as in Dynamo's examples (`ephemeral-storage: 2Gi`). */
export const WORKER_EPHEMERAL_STORAGE = Size.gibibytes(2);
