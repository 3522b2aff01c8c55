/**
 * Every upstream manifest the harness has a fixture for: the fixture id (`<backend>/<case>`, the file
 * `fixtures/<backend>-<case>.json`) and its path in ai-dynamo/dynamo at UPSTREAM_COMMIT.
 */
export const FIXTURE_PATHS: Readonly<Record<string, string>> = {
  'vllm/agg': 'examples/backends/vllm/deploy/agg.yaml',
  'vllm/agg_router': 'examples/backends/vllm/deploy/agg_router.yaml',
  'vllm/disagg': 'examples/backends/vllm/deploy/disagg.yaml',
  'vllm/disagg_router': 'examples/backends/vllm/deploy/disagg_router.yaml',
  'vllm/disagg-multinode': 'examples/backends/vllm/deploy/disagg-multinode.yaml',
  'vllm/agg_router_kv_approx': 'examples/backends/vllm/deploy/agg_router_kv_approx.yaml',
  'vllm/disagg_planner': 'examples/backends/vllm/deploy/disagg_planner.yaml',
  'vllm/llama-3-70b-disagg-single-node': 'recipes/llama-3-70b/vllm/disagg-single-node/deploy.yaml',
  'vllm/llama-3-70b-agg': 'recipes/llama-3-70b/vllm/agg/deploy.yaml',
  'vllm/nemotron-3-super-fp8-agg': 'recipes/nemotron-3-super-fp8/vllm/agg/deploy.yaml',
  'vllm/deepseek-r1-disagg-hopper-16gpu': 'recipes/deepseek-r1/vllm/disagg/deploy_hopper_16gpu.yaml',
  'vllm/gpt-oss-120b-disagg-h200-agentic': 'recipes/gpt-oss-120b/vllm/disagg-h200-agentic/deploy.yaml',
  'sglang/agg': 'examples/backends/sglang/deploy/agg.yaml',
  'sglang/agg_router': 'examples/backends/sglang/deploy/agg_router.yaml',
  'sglang/disagg': 'examples/backends/sglang/deploy/disagg.yaml',
  'sglang/disagg-multinode': 'examples/backends/sglang/deploy/disagg-multinode.yaml',
  'sglang/disagg_planner': 'examples/backends/sglang/deploy/disagg_planner.yaml',
  'sglang/deepseek-r1-disagg-8gpu': 'recipes/deepseek-r1/sglang/disagg-8gpu/deploy.yaml',
  'sglang/deepseek-r1-disagg-16gpu': 'recipes/deepseek-r1/sglang/disagg-16gpu/deploy.yaml',
  'sglang/nemotron-3-super-fp8-disagg': 'recipes/nemotron-3-super-fp8/sglang/disagg/deploy.yaml',
  'sglang/glm-5-nvfp4-disagg-efa': 'recipes/glm-5-nvfp4/sglang/disagg/efa/deploy.yaml',
  'trtllm/agg': 'examples/backends/trtllm/deploy/agg.yaml',
  'trtllm/agg_router': 'examples/backends/trtllm/deploy/agg_router.yaml',
  'trtllm/disagg': 'examples/backends/trtllm/deploy/disagg.yaml',
  'trtllm/disagg_router': 'examples/backends/trtllm/deploy/disagg_router.yaml',
  'trtllm/disagg-multinode': 'examples/backends/trtllm/deploy/disagg-multinode.yaml',
  'trtllm/disagg_planner': 'examples/backends/trtllm/deploy/disagg_planner.yaml',
  'trtllm/agg-with-config': 'examples/backends/trtllm/deploy/agg-with-config.yaml',
  'trtllm/nemotron-3-super-fp8-disagg': 'recipes/nemotron-3-super-fp8/trtllm/disagg/deploy.yaml',
  'trtllm/gpt-oss-120b-agg': 'recipes/gpt-oss-120b/trtllm/agg/deploy.yaml',
  'trtllm/gpt-oss-120b-disagg': 'recipes/gpt-oss-120b/trtllm/disagg/deploy.yaml',
  'trtllm/kimi-k2.5-agg-round-robin': 'recipes/kimi-k2.5/trtllm/agg-round-robin/deploy.yaml',
};

/** The fixture file name of an id: `vllm/agg` -> `vllm-agg.json`. */
export function fixtureFile(id: string): string {
  return `${id.replace('/', '-')}.json`;
}
