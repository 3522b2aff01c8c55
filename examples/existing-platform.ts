/**
 * A graph on a cluster whose Dynamo platform was installed without this library (by `helm`, another
 * team's GitOps repository): `DynamoPlatform.fromExisting(...)` declares what it is, and the graph is
 * checked against it. Qwen3-8B on vLLM, disaggregated over InfiniBand, with Dynamo's SLA planner.
 *
 * - The graph takes the platform's Dynamo release, 1.6.2 (a `dynamoVersion` of another release is
 *   a synth error: an older operator rejects newer fields).
 * - The planner reads the platform's Prometheus (the chart's
 *   `dynamo-operator.dynamo.metrics.prometheusEndpoint`), so the planner names none itself.
 * - The RDMA pools request `rdma/shared_ib`, which the declared `deviceResources` list (the Network
 *   Operator's RDMA shared device plugin runs on the cluster); an undeclared one fails at synth.
 *
 * The release, namespace, Prometheus URL and resource are example values: read yours with
 * `helm list -n dynamo-system` and `kubectl describe node` (Allocatable).
 */
import { App } from 'cdk8s';
import { Backend, Cloud, DynamoPlatform, DynamoVersion, HfToken, Planner, RdmaFabric, RouterMode } from '../lib';
import { PatternExample, patternApp } from './pattern-example';

/** The cluster's platform, as `helm list` and the node's Allocatable show it. */
const platform = DynamoPlatform.fromExisting({
  version: DynamoVersion.V1_6_2,
  namespace: 'dynamo-system',
  prometheusEndpoint: 'http://prometheus-kube-prometheus-prometheus.monitoring.svc.cluster.local:9090',
  deviceResources: ['rdma/shared_ib'],
});

export const existingPlatformQwen: PatternExample = {
  pattern: 'disaggregated',
  id: 'qwen3-8b-planned',
  namespace: 'llm',
  props: {
    model: 'Qwen/Qwen3-8B',
    backend: Backend.vllm(),
    platform,
    cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/shared_ib' } }),
    // The planner owns both pools' replicas, within 16 GPUs.
    prefill: { gpus: 1, maxModelLen: 16384 },
    decode: { gpus: 2, maxNumSeqs: 128, maxModelLen: 16384 },
    frontend: { routerMode: RouterMode.KV },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    planner: Planner.sla({ ttftMs: 400, itlMs: 30, maxGpus: 16 }),
  },
};

export function existingPlatformApp(outdir?: string): App {
  return patternApp('existing-platform', existingPlatformQwen, outdir);
}

if (require.main === module) existingPlatformApp().synth();
