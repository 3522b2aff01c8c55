/**
 * The data of a deployment's topology picture: typed nodes (clients, ingress, the graph and its
 * components, node pools, the pieces around them) and the edges between them.
 */

import { PoolCapacity } from '../sizing/pool-capacity';

/**
 * What a {@link TopologyNode} stands for:
 * - `clients`: who sends OpenAI API requests (through the ingress, or from inside the cluster);
 * - `ingress`: the load balancer or gateway in front of the frontend;
 * - `deployment`: the DynamoGraphDeployment, the group of its components;
 * - `frontend`: the OpenAI-compatible HTTP frontend and its router;
 * - `workers`: one worker pool (aggregated workers, prefill or decode);
 * - `planner`: Dynamo's SLA planner component;
 * - `nodePool`: the GPU nodes a pool runs on (a node pool or compute class the cloud profile
 *   created, an existing node pool, or the machines it selects);
 * - `autoscaler`: a KEDA ScaledObject or HorizontalPodAutoscaler that scales one pool;
 * - `observability`: the PodMonitors, dashboard and alert rules;
 * - `modelCache`: the model cache claim and its download Job;
 * - `platform`: the Dynamo platform whose operator runs the graph (the pattern's `platform`): its
 *   release and namespace, and what the library installs with it (Grove and the KAI scheduler, the
 *   add-ons, the delivery) or, for `DynamoPlatform.fromExisting`, the device resources declared.
 */
export type TopologyNodeKind =
  | 'clients' | 'ingress' | 'deployment' | 'frontend' | 'workers' | 'planner' | 'nodePool' | 'autoscaler' | 'observability' | 'modelCache'
  | 'platform';

/**
 * What a {@link TopologyEdge} stands for:
 * - `request`: requests flow (clients → ingress → frontend → workers);
 * - `kvTransfer`: the KV cache moving from prefill to decode;
 * - `placement`: a pool runs on a node pool;
 * - `scaling`: a planner or autoscaler sets a pool's replicas;
 * - `weights`: the model cache serves the weights to the graph's components;
 * - `metrics`: monitoring scrapes the graph's components;
 * - `operates`: the platform's operator reconciles the DynamoGraphDeployment into its pods.
 */
export type TopologyEdgeKind = 'request' | 'kvTransfer' | 'placement' | 'scaling' | 'weights' | 'metrics' | 'operates';

/** Who sets a worker pool's replicas when the manifest does not. */
export type TopologyScaler = 'HPA' | 'KEDA' | 'planner';

/** The facts of one worker pool, as the pattern built it; a fact the pattern does not know is absent. */
export interface TopologyWorkerPool {
  /** The pattern prop of the pool: `workers`, `prefill` or `decode`. */
  readonly prop: string;
  /** What the pool does: `aggregated`, `prefill` or `decode`. */
  readonly role: 'aggregated' | 'prefill' | 'decode';
  /** The component name in the DynamoGraphDeployment, e.g. `VllmPrefillWorker`. */
  readonly componentName: string;
  /** The backend, e.g. `vLLM`, `SGLang`, `TensorRT-LLM`. */
  readonly backend: string;
  /**
   * The replicas the manifest sets.
   * @default - none: a scaler owns the replicas (`scaledBy`)
   */
  readonly replicas?: number;
  /**
   * The scaler that owns the replicas.
   * @default - none: the pool has the fixed replica count `replicas`
   */
  readonly scaledBy?: TopologyScaler;
  /**
   * The fewest replicas the scaler keeps.
   * @default - none: no scaler owns the replicas, or its minimum is not in what the pattern built
   */
  readonly minReplicas?: number;
  /**
   * The most replicas the autoscaler (KEDA, HPA) may set.
   * @default - none: no autoscaler owns the replicas, or the planner does, which scales within its GPU budget
   */
  readonly maxReplicas?: number;
  /** GPUs per node of one worker. */
  readonly gpusPerNode: number;
  /** Nodes per worker (more than 1 for a multi-node worker). */
  readonly nodesPerWorker: number;
  /** Tensor parallel size. */
  readonly tensorParallelSize: number;
  /** Pipeline parallel size. */
  readonly pipelineParallelSize: number;
  /** Data parallel size. */
  readonly dataParallelSize: number;
  /**
   * Expert parallel size.
   * @default - none: the pool does not set expert parallelism
   */
  readonly expertParallelSize?: number;
  /**
   * The RDMA fabric the cloud profile wired the pool for, e.g. `AWS EFA`.
   * @default - none: the pool is not wired for RDMA (plain TCP between nodes)
   */
  readonly rdmaFabric?: string;
  /**
   * RDMA devices per pod (EFA interfaces, RDMA NICs or HCA resources): the quantities of the
   * extended resources the wiring names as the fabric's devices (`PoolWiring.rdmaResources`).
   * @default - none: no RDMA, or the wiring does not name its device resources
   */
  readonly rdmaDevices?: number;
  /** The machine shapes the pool may use, e.g. `p5.48xlarge`; empty on a cloud without a catalog. */
  readonly machineTypes: readonly string[];
  /**
   * The node pool, compute class or existing node pool the pool runs on.
   * @default - none: the cloud profile neither creates nor names the pool's nodes
   */
  readonly nodePool?: string;
  /**
   * The capacity types the pool's nodes are bought with (e.g. `on-demand`, `spot`), as the node pool
   * or compute class the profile created requires them (a Karpenter NodePool's
   * `karpenter.sh/capacity-type`, a GKE ComputeClass's spot and reservation priorities); empty when
   * no object says (an existing node pool, a profile that creates none).
   */
  readonly capacityTypes: readonly string[];
  /**
   * What one worker holds, estimated at synth time (the endpoint card's `capacity`); absent when
   * the model's architecture or the pool's GPU is unknown.
   * @default - not estimated
   */
  readonly capacity?: PoolCapacity;
}

/** One box of the topology picture. */
export interface TopologyNode {
  /**
   * A stable id, unique in the topology and valid as a Mermaid node id: `clients`, `ingress`,
   * `dgd`, `frontend`, `pool_<prop>`, `nodes_<n>`, `planner`, `autoscaler_<prop>`, `observability`,
   * `model_cache`, `platform`.
   */
  readonly id: string;
  /** What the node stands for. */
  readonly kind: TopologyNodeKind;
  /** The title line, e.g. `Prefill workers`. */
  readonly title: string;
  /** The detail lines under the title, e.g. `2 workers × 4 GPU`, `TP 4`. */
  readonly details: readonly string[];
  /**
   * The id of the group node this node is drawn in (the DynamoGraphDeployment for its components).
   * @default - top level
   */
  readonly parent?: string;
  /**
   * The facts of a worker pool, for `workers` nodes.
   * @default - none (not a worker pool)
   */
  readonly pool?: TopologyWorkerPool;
}

/** One arrow of the topology picture. */
export interface TopologyEdge {
  /** The id of the node it starts at. */
  readonly from: string;
  /** The id of the node it points to. */
  readonly to: string;
  /** What it stands for. */
  readonly kind: TopologyEdgeKind;
  /**
   * The label, e.g. `KV cache · NIXL LIBFABRIC · over AWS EFA`; parts are separated by ` · `.
   * @default - no label
   */
  readonly label?: string;
}
