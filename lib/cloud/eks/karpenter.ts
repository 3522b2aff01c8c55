import { ApiObject, Duration } from 'cdk8s';
import { durationString } from '../../core/duration';
import { invalid, requireInteger } from '../../core/errors';
import { clusterObjectName } from '../../core/operator-names';
import { CapacityType } from '../capacity-type';
import { CloudContext, CloudPoolContext, PoolWiring } from '../cloud-profile';
import { ClusterObject } from '../cluster-object';
import { MachineShape } from '../machine-shape';
import { ResolvedPool, rdmaDevicesPerPod } from '../pool-shapes';
import { RdmaFabric } from '../rdma-fabric';
import { efaWiring, GPU_TOLERATION, kvPeerAffinity, kvPeerAntiAffinity, podAffinity } from '../rdma-wiring';

/**
 * Karpenter `NodePool` (`karpenter.sh/v1`, CRD v1.14.1) and pod wiring shared by `Cloud.eks()` and
 * `Cloud.eksAutoMode()`. Facts: `clouds-gpu-rdma.md` §1.1, §1.3, §1.5, §1.6.
 */

/** The node label (and pod node selector) of a Karpenter node pool. @internal */
export const NODEPOOL_LABEL = 'karpenter.sh/nodepool';
/** EFA does not cross availability zones: KV peers share one. @internal */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
/** Graceful drain bound for disrupted GPU nodes (ai-on-eks; the Auto Mode default). @internal */
export const TERMINATION_GRACE_PERIOD = '24h';
/** Default wait before an empty GPU node is removed (Dynamo's Auto Mode GPU pool, ai-on-eks). @internal */
export const DEFAULT_CONSOLIDATE_AFTER = Duration.minutes(5);

/** The nodeClassRef of a NodePool. @internal */
export interface NodeClassRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

/** Disruption settings of a profile. @internal */
export interface DisruptionSettings {
  /** `consolidateAfter`, e.g. `300s`. */
  readonly consolidateAfter: string;
  /** `expireAfter`, e.g. `Never` or `336h`. */
  readonly expireAfter: string;
}

/**
 * The name of a pool's node pool (and node class): `<namespace>-<dgd>-<pool>`. It is also the value of
 * the `karpenter.sh/nodepool` node label, so it must fit a label value (63 characters).
 * @internal
 */
export function nodePoolName(ctx: CloudContext, pool: CloudPoolContext): string {
  return clusterObjectName(ctx.dynamoNamespace, pool.prop, `${pool.prop} node pool`, NODEPOOL_LABEL);
}

/** A Karpenter duration (`5m`, `336h`, `90s`) from a whole number of seconds. @internal */
export function karpenterDuration(prop: string, d: Duration, fix: string): string {
  const s = d.toSeconds({ integral: false });
  requireInteger(prop, s, 1, fix);
  return durationString(s);
}

/**
 * How many nodes a pool's NodePool may launch: one per pod (`maxReplicas × nodes`, the worst case
 * when no two pods share a node; `maxReplicas` is the autoscaler's or planner's maximum when one
 * scales the pool) unless `poolNodeLimits` raises it.
 * @internal
 */
export function poolNodeLimit(pool: CloudPoolContext, limits: Readonly<Record<string, number>> | undefined): number {
  const needed = pool.maxReplicas * pool.nodes;
  const limit = limits?.[pool.prop];
  if (limit === undefined) return needed;
  requireInteger(`cloud.poolNodeLimits.${pool.prop}`, limit, needed,
    `allow at least one node per pod of the ${pool.prop} pool (max replicas × nodes = ${needed}), or the pods stay Pending`);
  return limit;
}

/** Rejects `poolNodeLimits` keys that name no pool. @internal */
export function checkPoolNodeLimitKeys(ctx: CloudContext, limits: Readonly<Record<string, number>> | undefined): void {
  for (const key of Object.keys(limits ?? {})) {
    if (!ctx.pools.some((p) => p.prop === key)) {
      throw invalid('cloud.poolNodeLimits', 'must name worker pools of the deployment', key, `use one of ${ctx.pools.map((p) => p.prop).join(', ')}`);
    }
  }
}

/** The requirement keys a NodePool uses. @internal */
export interface RequirementKeys {
  readonly instanceType: string;
  readonly capacityType: string;
  readonly arch: string;
}

/** Karpenter's keys (self-managed and Auto Mode alike: both accept the well-known labels). @internal */
export const WELL_KNOWN_KEYS: RequirementKeys = {
  instanceType: 'node.kubernetes.io/instance-type',
  capacityType: 'karpenter.sh/capacity-type',
  arch: 'kubernetes.io/arch',
};

/** Options of {@link addGpuNodePool}. @internal */
export interface GpuNodePoolOptions {
  readonly name: string;
  readonly nodeClassRef: NodeClassRef;
  /** The node class object the pool launches with, when the profile creates one (the NodePool depends on it). */
  readonly nodeClass?: ApiObject;
  readonly shapes: readonly MachineShape[];
  readonly capacityTypes: readonly CapacityType[];
  readonly maxNodes: number;
  readonly disruption: DisruptionSettings;
  readonly labels?: Record<string, string>;
}

/**
 * A GPU `NodePool`: the pool's instance types, capacity types and architecture; the `nvidia.com/gpu`
 * NoSchedule taint; a GPU limit of `maxNodes` whole nodes of the largest shape; and a disruption
 * policy that never consolidates a node that serves (`WhenEmpty`), replaces one node at a time, and
 * does not expire nodes under running engines unless asked.
 * @internal
 */
export function addGpuNodePool(ctx: CloudContext, pool: CloudPoolContext, o: GpuNodePoolOptions): ClusterObject {
  const arches = [...new Set(o.shapes.map((s) => s.arch ?? 'amd64'))];
  const gpus = o.maxNodes * Math.max(...o.shapes.map((s) => s.gpuCount));
  const nodePool = new ClusterObject(ctx.scope, `NodePool-${pool.prop}`, {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: o.name, labels: o.labels },
    spec: {
      template: {
        spec: {
          nodeClassRef: { ...o.nodeClassRef },
          requirements: [
            { key: WELL_KNOWN_KEYS.instanceType, operator: 'In', values: o.shapes.map((s) => s.name) },
            { key: WELL_KNOWN_KEYS.capacityType, operator: 'In', values: o.capacityTypes.map((c) => c.value) },
            { key: WELL_KNOWN_KEYS.arch, operator: 'In', values: arches },
          ],
          taints: [{ key: GPU_TOLERATION.key!, effect: 'NoSchedule' }],
          expireAfter: o.disruption.expireAfter,
          terminationGracePeriod: TERMINATION_GRACE_PERIOD,
        },
      },
      limits: { 'nvidia.com/gpu': gpus },
      disruption: {
        consolidationPolicy: 'WhenEmpty',
        consolidateAfter: o.disruption.consolidateAfter,
        budgets: [{ nodes: '1' }],
      },
    },
  });
  if (o.nodeClass) nodePool.node.addDependency(o.nodeClass);
  return nodePool;
}

/** A pool's shapes for summaries: `p5.48xlarge (8 × NVIDIA H100 80GB)` or `g6e.48xlarge | g6e.12xlarge (NVIDIA L40S)`. @internal */
export function shapesSummary(shapes: readonly MachineShape[]): string {
  if (shapes.length === 1) return `${shapes[0].name} (${shapes[0].gpuCount} × ${shapes[0].gpuType.displayName})`;
  return `${shapes.map((s) => s.name).join(' | ')} (${shapes[0].gpuType.displayName})`;
}

/** EFA settings of a profile. @internal */
export interface EfaPodSettings {
  readonly privileged: boolean;
  readonly hugePages: boolean;
  /** Appended to the summary, e.g. `, no NIC layout (Auto Mode)`. */
  readonly note?: string;
}

/**
 * A pool's pod wiring: pinned to its node pool, tolerating the GPU taint; on EFA, the devices, the
 * libfabric env, IPC_LOCK, the `-efa` image, KV peers on other nodes (`fi_read EAGAIN` otherwise)
 * and in one zone (EFA does not cross AZs).
 * @internal
 */
export function karpenterPoolWiring(ctx: CloudContext, r: ResolvedPool, nodePool: string, efa: EfaPodSettings): PoolWiring {
  const base: PoolWiring = { tolerations: [GPU_TOLERATION], nodeSelector: { [NODEPOOL_LABEL]: nodePool } };
  if (!r.rdma) return { ...base, summary: shapesSummary(r.shapes) };
  const devices = rdmaDevicesPerPod(r);
  return {
    ...base,
    ...efaWiring({ devices, hugePages: efa.hugePages, privileged: efa.privileged }),
    fabric: RdmaFabric.EFA,
    affinity: podAffinity([kvPeerAffinity(ctx, r.pool, ZONE_LABEL)], [kvPeerAntiAffinity(ctx, r.pool)]),
    summary: `${shapesSummary(r.shapes)}, EFA × ${devices}, NIXL LIBFABRIC${efa.note ?? ''}`,
  };
}

/** EC2 machines have EFA or no RDMA: a shape added with another fabric would be wired as EFA. @internal */
export function checkEfaFabric(extraShapes: readonly MachineShape[] | undefined): void {
  for (const [i, s] of (extraShapes ?? []).entries()) {
    if (s.fabric !== RdmaFabric.EFA && s.fabric !== RdmaFabric.NONE) {
      throw invalid(`cloud.extraShapes[${i}].fabric`, 'must be EFA or none on AWS', s.fabric.displayName, 'use RdmaFabric.EFA for instance types with EFA devices, RdmaFabric.NONE otherwise');
    }
  }
}

/** Validates selector tags (Karpenter: non-empty keys and values, at most 20). @internal */
export function validateSelectorTags(prop: string, tags: Readonly<Record<string, string>>): void {
  const entries = Object.entries(tags);
  if (entries.length === 0 || entries.length > 20 || entries.some(([k, v]) => k === '' || v === '')) {
    throw invalid(prop, 'must have 1 to 20 tags with non-empty keys and values', tags, "use e.g. { 'karpenter.sh/discovery': 'my-cluster' } ('*' matches any value)");
  }
}

/** Validates a list of AWS resource ids such as `subnet-0123…`. @internal */
export function validateAwsIds(prop: string, ids: readonly string[], prefix: string): void {
  const re = new RegExp(`^${prefix}-[0-9a-z]+$`);
  if (ids.length === 0 || ids.length > 30 || ids.some((id) => !re.test(id))) {
    throw invalid(prop, `must list 1 to 30 ids of the form ${prefix}-<hex>`, ids, `use e.g. ["${prefix}-0123456789abcdef0"]`);
  }
}

/** Selector terms from tags or ids (exactly one of them). @internal */
export function selectorTerms(prop: string, what: string, tags: Readonly<Record<string, string>> | undefined, ids: readonly string[] | undefined,
  prefix: string, example: string): Array<Record<string, unknown>> {
  if ((tags === undefined) === (ids === undefined)) {
    throw invalid(`${prop}Tags`, `or ${prop}Ids (exactly one) must select the ${what}`, tags ?? ids,
      `set ${prop}Tags (e.g. ${example}) or ${prop}Ids`);
  }
  if (tags) {
    validateSelectorTags(`${prop}Tags`, tags);
    return [{ tags: { ...tags } }];
  }
  validateAwsIds(`${prop}Ids`, ids!, prefix);
  return ids!.map((id) => ({ id }));
}

/** Validates an IAM role or instance profile name (not an ARN). @internal */
export function validateIamName(prop: string, name: string, max: number): void {
  if (!new RegExp(`^[\\w+=,.@-]{1,${max}}$`).test(name)) {
    throw invalid(prop, `must be an IAM name (up to ${max} of letters, digits and +=,.@_-), not an ARN`, name,
      'use the name only, e.g. "KarpenterNodeRole-my-cluster"');
  }
}
