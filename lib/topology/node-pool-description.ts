import { AGENT_POOL_LABEL } from '../cloud/aks/aks-profile';
import { MachineShape } from '../cloud/machine-shape';
import { BoxText, ofKind, text } from './manifest-fields';
import { TopologyPoolInput } from './topology-input';

/** Where a worker pool's pods run, as one box of the picture. @internal */
export interface NodePoolDescription extends BoxText {
  /** The same key for pools that share their nodes (one AKS node pool for prefill and decode). */
  readonly key: string;
  /** The node pool, compute class or existing node pool, when the profile names one. */
  readonly name?: string;
  /** The capacity types of the nodes, when known. */
  readonly capacityTypes: readonly string[];
}

/** The Karpenter NodePool titles, by the API group of the node class it references. */
const NODE_POOL_TITLES: Readonly<Record<string, string>> = {
  'karpenter.k8s.aws': 'Karpenter NodePool',
  'eks.amazonaws.com': 'Auto Mode NodePool',
  'karpenter.azure.com': 'AKS NAP NodePool',
};

/** `H100 80GB` for `NVIDIA H100 80GB`: the vendor is the same on every shape. */
function gpuName(shape: MachineShape): string {
  return shape.gpuType.displayName.replace(/^NVIDIA /, '');
}

/** `p5.48xlarge`, `a | b`, or `g6e.48xlarge + 7 more`. */
function machineLine(shapes: readonly MachineShape[]): string | undefined {
  if (shapes.length === 0) return undefined;
  if (shapes.length <= 2) return shapes.map((s) => s.name).join(' | ');
  return `${shapes[0].name} + ${shapes.length - 1} more`;
}

/** `8 × H100 80GB per node`, `1–8 × L40S per node`, or the GPU types when they differ. */
function gpuLine(shapes: readonly MachineShape[]): string | undefined {
  if (shapes.length === 0) return undefined;
  const types = [...new Set(shapes.map(gpuName))];
  if (types.length > 1) return `${types.join(' | ')} GPUs`;
  const counts = shapes.map((s) => s.gpuCount);
  const min = Math.min(...counts);
  const max = Math.max(...counts);
  return `${min === max ? min : `${min}–${max}`} × ${types[0]} per node`;
}

/** The title and name of the nodes: an object the profile created, an existing AKS node pool, or bare machines. */
function nodeSource(pool: TopologyPoolInput): { title: string; name?: string } | undefined {
  const nodePool = ofKind(pool.objects, 'NodePool')[0];
  if (nodePool) {
    const group = text(nodePool, 'spec', 'template', 'spec', 'nodeClassRef', 'group') ?? '';
    return { title: NODE_POOL_TITLES[group] ?? 'NodePool', name: text(nodePool, 'metadata', 'name') };
  }
  const computeClass = ofKind(pool.objects, 'ComputeClass')[0];
  if (computeClass) return { title: 'GKE ComputeClass', name: text(computeClass, 'metadata', 'name') };
  const first = pool.objects[0];
  if (first) return { title: first.kind, name: first.name };
  const agentPool = pool.wiring.nodeSelector?.[AGENT_POOL_LABEL];
  if (agentPool !== undefined) return { title: 'AKS node pool', name: agentPool };
  return (pool.placement?.shapes.length ?? 0) > 0 ? { title: 'GPU nodes' } : undefined;
}

/**
 * The nodes a worker pool runs on: the node pool or compute class the cloud profile created (its
 * name), the existing node pool it pins, the machine shapes the pool may use and their GPUs, and
 * the capacity types (those the profile provisions, or those the pool set). Undefined when the
 * profile neither creates nor selects nodes (a generic cluster).
 * @internal
 */
export function describeNodePool(pool: TopologyPoolInput): NodePoolDescription | undefined {
  const source = nodeSource(pool);
  if (!source) return undefined;
  const shapes = pool.placement?.shapes ?? [];
  const provisioned = pool.objects.length > 0;
  const capacity = provisioned ? pool.placement?.capacityTypes : pool.placement?.options.capacityTypes;
  const capacityTypes = (capacity ?? []).map((c) => c.value);
  const machines = machineLine(shapes);
  const gpus = gpuLine(shapes);
  const details = [source.name, machines, gpus, capacityTypes.length > 0 ? capacityTypes.join(', ') : undefined].filter((d): d is string => d !== undefined);
  return {
    key: `${source.title}/${source.name ?? machines ?? pool.prop}`,
    title: source.title,
    details,
    ...(source.name !== undefined ? { name: source.name } : {}),
    capacityTypes,
  };
}
