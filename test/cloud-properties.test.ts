import * as fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, AKS_SHAPES, Backend, CapacityType, Cloud, DisaggregatedLlm, EKS_SHAPES, EksAmi, FrontendIngressOptions, GKE_SHAPES, MachineShape,
  RdmaFabric, WorkerPoolOptions,
} from '../lib';
import { component, Manifest, newChart, only, synthValid } from './support/synth';

/** A cloud profile under test: how to build it for a case, its catalog, and the node selector that pins a pool. */
interface CloudCase {
  readonly id: string;
  readonly shapes: readonly MachineShape[];
  readonly capacity: readonly CapacityType[];
  /** The profile for a case; `ibPool` is set when a pool on an InfiniBand shape needs RDMA (AKS existing node pools). */
  cloud(ibPool: string | undefined): Cloud;
  readonly pinKeys: readonly string[];
}

const EKS_IDS = {
  nodeRole: 'KarpenterNodeRole-prod',
  subnetTags: { 'karpenter.sh/discovery': 'prod' },
  securityGroupTags: { 'karpenter.sh/discovery': 'prod' },
};

const CLOUDS: readonly CloudCase[] = [
  {
    id: 'eks', shapes: EKS_SHAPES, capacity: [CapacityType.ON_DEMAND, CapacityType.SPOT],
    cloud: () => Cloud.eks({ ami: EksAmi.al2023('v20250821'), ...EKS_IDS }), pinKeys: ['karpenter.sh/nodepool'],
  },
  { id: 'eks-auto-mode', shapes: EKS_SHAPES, capacity: [CapacityType.ON_DEMAND, CapacityType.SPOT], cloud: () => Cloud.eksAutoMode(), pinKeys: ['karpenter.sh/nodepool'] },
  { id: 'gke', shapes: GKE_SHAPES, capacity: [CapacityType.ON_DEMAND, CapacityType.SPOT], cloud: () => Cloud.gke(), pinKeys: ['cloud.google.com/compute-class'] },
  {
    id: 'aks', shapes: AKS_SHAPES, capacity: [CapacityType.ON_DEMAND, CapacityType.SPOT],
    cloud: (ibPool) => Cloud.aks(ibPool ? { nodePools: { prefill: ibPool, decode: ibPool } } : {}),
    pinKeys: ['karpenter.sh/nodepool', 'kubernetes.azure.com/agentpool'],
  },
];

/** A random deployment on one cloud: one machine shape for every pool, GPUs that fit it. */
const cloudCase = (c: CloudCase) => fc.record({
  shape: fc.constantFrom(...c.shapes),
  backend: fc.constantFrom(...Backend.all()),
  disaggregated: fc.boolean(),
  gpuPower: fc.integer({ min: 0, max: 3 }),
  prefillReplicas: fc.integer({ min: 0, max: 3 }),
  decodeReplicas: fc.integer({ min: 0, max: 3 }),
  capacityTypes: fc.subarray([...c.capacity], { minLength: 1 }),
  byGpuType: fc.boolean(),
  ingress: fc.boolean(),
});

type Case = ReturnType<typeof cloudCase> extends fc.Arbitrary<infer T> ? T : never;

function props(c: CloudCase, p: Case) {
  const gpus = Math.min(2 ** p.gpuPower, p.shape.gpuCount);
  const pool = (replicas: number): WorkerPoolOptions => ({
    ...(p.byGpuType ? { gpuType: p.shape.gpuType } : { machineType: p.shape.name }),
    gpus, replicas, capacityTypes: p.capacityTypes,
  });
  // On AKS an InfiniBand pool needs an existing node pool; a GPU type resolves to InfiniBand machines when any fit.
  const ib = (s: MachineShape) => s.fabric === RdmaFabric.INFINIBAND && (p.byGpuType ? s.gpuType === p.shape.gpuType && s.gpuCount >= gpus : s === p.shape);
  const needsIbPool = c.id === 'aks' && p.disaggregated && c.shapes.some(ib);
  const common = {
    model: 'Qwen/Qwen3-0.6B', // fits every drawn pool: this property is about placement (test/sizing.test.ts draws large models)
    backend: p.backend,
    cloud: c.cloud(needsIbPool ? 'ndpool' : undefined),
    ingress: p.ingress ? ({} as FrontendIngressOptions) : undefined,
  };
  return { common, pool, gpus };
}

describe.each(CLOUDS)('property: random pools on $id', (c) => {
  test('synthesize schema-valid manifests, pin every GPU pool to its nodes, and use the fabric\'s NIXL backend', () => {
    fc.assert(fc.property(cloudCase(c), (p) => {
      // GIVEN
      const chart = newChart();
      const { common, pool } = props(c, p);
      // A GPU type may resolve to machines without RDMA; KV transfer over TCP is then accepted explicitly.
      const tcp = !p.shape.fabric.nixlUsable || p.byGpuType;
      // WHEN
      let nixl: string | undefined;
      try {
        if (p.disaggregated) {
          const llm = new DisaggregatedLlm(chart, 'llm', { ...common, prefill: pool(p.prefillReplicas), decode: pool(p.decodeReplicas), allowTcpKvTransfer: tcp });
          nixl = llm.nixlBackend!.name;
        } else {
          new AggregatedLlm(chart, 'llm', { ...common, workers: pool(p.decodeReplicas) });
        }
      } catch (e) {
        // The only rejection left for valid-looking input: a GPU type whose shapes mix fabrics needs a machine type.
        expect(String(e)).toMatch(/matches machines with different RDMA fabrics/);
        return;
      }
      // THEN
      const objs = synthValid(chart);
      const dgd = only(objs, 'DynamoGraphDeployment');
      for (const comp of dgd.spec.components as Manifest[]) {
        if (comp.type === 'frontend') continue;
        const selector = component(dgd, comp.name).podTemplate.spec.nodeSelector ?? {};
        expect(Object.keys(selector).some((k) => c.pinKeys.includes(k))).toBe(true);
      }
      if (p.disaggregated && p.shape.fabric.nixlUsable && !p.byGpuType) expect(nixl).toBe(p.shape.fabric.nixlBackend!.name);
    }), { numRuns: 40, seed: 20261121 });
  });
});
