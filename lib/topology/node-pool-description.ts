import { AGENT_POOL_LABEL } from '../cloud/aks/aks-profile';
import { WELL_KNOWN_KEYS } from '../cloud/eks/karpenter';
import { MachineShape } from '../cloud/machine-shape';
import { BoxText, field, Json, ofKind, text } from './manifest-fields';
import { TopologyPoolInput } from './topology-input';

/** Where a worker pool's pods run, as one box of the picture. @internal */
export interface NodePoolDescription extends BoxText {
  /** The same key for pools that share their nodes (one AKS node pool for prefill and decode). */
  readonly key: string;
  /**
   * The node pool, compute class or existing node pool.
   * @default - none: the profile names no object (bare machines)
   */
  readonly name?: string;
  /** The capacity types the pool's node pool or compute class requires; empty when no object says. */
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

/** `karpenter.sh/capacity-type`, the requirement key of a Karpenter NodePool (EKS, Auto Mode, AKS NAP). */
const CAPACITY_TYPE_KEY = WELL_KNOWN_KEYS.capacityType;

/** The values a NodePool's `karpenter.sh/capacity-type` requirement allows (operator `In`). */
function nodePoolCapacityTypes(nodePool: Json): string[] {
  const requirements = field(nodePool, 'spec', 'template', 'spec', 'requirements');
  if (!Array.isArray(requirements)) return [];
  return requirements.flatMap((r: unknown) => {
    const values = field(r, 'values');
    if (text(r, 'key') !== CAPACITY_TYPE_KEY || text(r, 'operator') !== 'In' || !Array.isArray(values)) return [];
    return values.filter((v): v is string => typeof v === 'string');
  });
}

/**
 * The capacity types of a GKE ComputeClass's priorities, in order: a priority with `reservations`
 * is reserved, `spot: true` spot, `spot: false` on-demand; a priority that says neither is left out.
 */
function computeClassCapacityTypes(computeClass: Json): string[] {
  const priorities = field(computeClass, 'spec', 'priorities');
  if (!Array.isArray(priorities)) return [];
  return priorities.flatMap((p: unknown) => {
    const spot = field(p, 'spot');
    if (field(p, 'reservations') !== undefined) return ['reserved'];
    return spot === true ? ['spot'] : spot === false ? ['on-demand'] : [];
  });
}

/**
 * The capacity types the pool's nodes are bought with, as the objects the profile created say:
 * a Karpenter NodePool's `karpenter.sh/capacity-type` requirement, a GKE ComputeClass's priorities.
 * Empty when no object says (an existing node pool, a custom profile's other objects): the pool's
 * `capacityTypes` prop is not shown, as a profile may not apply it.
 */
function capacityTypesOf(pool: TopologyPoolInput): string[] {
  const found = [
    ...ofKind(pool.objects, 'NodePool').flatMap(nodePoolCapacityTypes),
    ...ofKind(pool.objects, 'ComputeClass').flatMap(computeClassCapacityTypes),
  ];
  return [...new Set(found)];
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
 * the capacity types its objects require. Undefined when the profile neither creates nor selects
 * nodes (a generic cluster).
 * @internal
 */
export function describeNodePool(pool: TopologyPoolInput): NodePoolDescription | undefined {
  const source = nodeSource(pool);
  if (!source) return undefined;
  const shapes = pool.placement?.shapes ?? [];
  const capacityTypes = capacityTypesOf(pool);
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
