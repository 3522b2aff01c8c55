import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { Backend } from '../../backends/backend';
import { Cloud } from '../../cloud/cloud';
import { MachineShape } from '../../cloud/machine-shape';
import { CloudObjects } from '../cloud-objects';
import { LlmCommonProps, WorkerPoolOptions } from '../llm-props';
import type { ProfiledWorkerOptions } from '../profiled-llm-props';
import { bindCloud, GraphLocation } from './cloud-step';
import { mergeAffinity, mergeMaps, mergeTolerations, nonEmptyMap } from './pod-merge';
import { PoolPlan } from './pool-plan';
import { validateAnnotations, validateLabels } from '../../core/metadata';
import { validateTolerations } from '../../core/pod-rules';


/** The pool prop of the profiled workers, in error props (`workers.gpuType`). @internal */
export const PROFILED_POOL = 'workers';

/** The pod scheduling of the generated graph's GPU workers: the cloud profile's, with the user's merged in. @internal */
export interface WorkerScheduling {
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: k8s.Toleration[];
  readonly affinity?: k8s.Affinity;
  readonly podLabels?: Record<string, string>;
  readonly podAnnotations?: Record<string, string>;
}

/** The profiled graph placed on its cloud. @internal */
export interface ProfilingPlacement {
  readonly cloud: Cloud;
  /** What the workers' pods get. */
  readonly scheduling: WorkerScheduling;
  /** The machine shapes the workers may land on (empty for a profile without a catalog). */
  readonly shapes: readonly MachineShape[];
  /** The node pools and node classes the profile created. */
  readonly objects: CloudObjects;
}

/**
 * Places the graph the profiler will generate with the cloud machinery the other patterns use
 * ({@link bindCloud}): one aggregated pool of `gpusPerNode` GPUs per pod, sized for the whole budget
 * (`totalGpus / gpusPerNode` workers), without KV transfer. The profile's node pools (Karpenter
 * NodePools, GKE ComputeClasses, AKS node pools) are created for it, and the scheduling it gives the
 * pool (node selector, tolerations, affinity, pod annotations) is what the generated workers get
 * through `overrides.dgd`. The rest of a profile's wiring (RDMA devices, env, privileges) applies to
 * KV-transfer and multi-node pools only, which the library does not know here: it is not used.
 * @internal
 */
export function placeProfiledWorkers(scope: Construct, props: { readonly model: string; readonly cloud?: Cloud; readonly labels?: Record<string, string>;
  readonly modelCache?: LlmCommonProps['modelCache']; readonly workers?: ProfiledWorkerOptions; readonly totalGpus: number },
where: GraphLocation, gpusPerNode: number, backend: Backend): ProfilingPlacement {
  const options: WorkerPoolOptions = props.workers ?? {};
  validateLabels(`${PROFILED_POOL}.podLabels`, options.podLabels);
  validateAnnotations(`${PROFILED_POOL}.podAnnotations`, options.podAnnotations);
  validateLabels(`${PROFILED_POOL}.nodeSelector`, options.nodeSelector, 'node selector');
  validateTolerations(`${PROFILED_POOL}.tolerations`, options.tolerations);
  const plan: PoolPlan = {
    prop: PROFILED_POOL,
    role: 'aggregated',
    options,
    layout: { gpusPerNode, nodes: 1, tensorParallelSize: gpusPerNode, pipelineParallelSize: 1, dataParallelSize: 1 },
    componentName: backend.definition.componentNames.aggregated,
    ownership: { maxReplicas: Math.max(1, Math.ceil(props.totalGpus / gpusPerNode)) },
    kvTransfer: false,
  };
  const common: LlmCommonProps = { model: props.model, cloud: props.cloud, labels: props.labels, modelCache: props.modelCache };
  const placed = bindCloud(scope, common, where, [plan], { allowTcpKvTransfer: true }, backend.definition);
  const wiring = placed.wiring[PROFILED_POOL] ?? {};
  const source = String(placed.cloud);
  const scheduling: WorkerScheduling = {
    nodeSelector: nonEmptyMap(mergeMaps(`${PROFILED_POOL}.nodeSelector`, wiring.nodeSelector, options.nodeSelector, source)),
    tolerations: mergeTolerations(wiring.tolerations, options.tolerations),
    affinity: mergeAffinity(wiring.affinity, options.affinity),
    podLabels: options.podLabels,
    podAnnotations: nonEmptyMap(mergeMaps(`${PROFILED_POOL}.podAnnotations`, wiring.podAnnotations, options.podAnnotations, source)),
  };
  return {
    cloud: placed.cloud,
    scheduling,
    shapes: placed.context.pools[0]?.shapes ?? [],
    objects: { ...placed.objects, ingress: [] },
  };
}
