/**
 * The topology of a pattern: the model read from what the pattern built, the Mermaid text, the SVG
 * (well-formed, accessible, every line inside its box by the width estimate, no arrow sharing a line
 * with another or running through a box, at most 900 px wide,
 * the same bytes every time) and the committed pictures under docs/images.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import ts from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  AggregatedLlm, Autoscaling, Backend, BundledChart, CapacityType, Cloud, CloudBinding, CloudContext, CloudProfile, ComponentType, DisaggregatedLlm,
  DynamoPlatform, DynamoVersion, EksAmi, FRONTEND_PORT, GpuType, KvTransfer, Planner, PlatformDelivery, PlatformRelease, PoolWiring, RdmaFabric,
  ScalingMetric, Topology,
} from '../lib';
import { ENGINE_CONTEXT_KEY } from '../lib/core/engine';
import type { PlatformDeliveryBinding } from '../lib/platform/delivery/delivery-binding';
import { LaidBox, layoutTopology, FONT, PAD, SVG_WIDTH, TopologyLayout } from '../lib/topology/svg-layout';
import { textWidth } from '../lib/topology/text-metrics';
import { TopologyEdge, TopologyNode } from '../lib/topology/topology-model';
import { examplePictures, exampleTopologies, pictureNames, PICTURES_DIR, writePictures } from '../scripts/pictures';

const ROOT = path.resolve(__dirname, '..');

/** Every example's topologies, built once for the whole file. */
let examples: Record<string, Topology[]>;
beforeAll(() => {
  examples = exampleTopologies();
});
const one = (app: string): Topology => {
  expect(examples[app], app).toHaveLength(1);
  return examples[app][0];
};

/** The nodes as `id kind | title | details` lines, and the edges as `from -kind-> to: label`. */
const nodeLines = (t: Topology) => t.nodes.map((n) => `${n.id} ${n.kind}${n.parent ? ` in ${n.parent}` : ''} | ${n.title} | ${n.details.join(' / ')}`);
const edgeLines = (t: Topology) => t.edges.map((e) => `${e.from} -${e.kind}-> ${e.to}${e.label ? `: ${e.label}` : ''}`);

/**
 * A tiny XML well-formedness check: every tag closes in order, attributes are quoted, and text holds
 * no raw `<` and no `&` outside an entity. Returns the problems found.
 */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(xml)) !== null) {
    const [, closing, name, , selfClosing, text, stray] = m;
    if (stray) problems.push(`a raw "<" or a malformed tag at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
    else if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(text)) problems.push(`a raw "&" in text: ${text.slice(0, 40)}`);
    } else if (closing) {
      if (stack.pop() !== name) problems.push(`</${name}> closes nothing open`);
    } else if (!selfClosing) stack.push(name);
    if (m[0].startsWith('<') && /&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(m[3] ?? '')) problems.push(`a raw "&" in an attribute of <${name}>`);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  return problems;
}

/** Every line of text that does not fit its box (or label background), by the width estimate. */
function overflows(layout: TopologyLayout): string[] {
  const out: string[] = [];
  for (const b of layout.boxes) {
    const inner = b.w - 2 * PAD.x;
    for (const l of b.titleLines) if (textWidth(l, FONT.title) > inner) out.push(`${b.node.id}: ${l}`);
    for (const l of b.detailLines) if (textWidth(l, FONT.detail) > inner) out.push(`${b.node.id}: ${l}`);
  }
  const f = layout.frame;
  if (f) {
    for (const l of f.titleLines) if (textWidth(l, FONT.title) > f.textWidth) out.push(`frame: ${l}`);
    for (const l of f.detailLines) if (textWidth(l, FONT.detail) > f.textWidth) out.push(`frame: ${l}`);
  }
  for (const e of layout.edges) {
    const l = e.label;
    if (!l) continue;
    for (const line of l.lines) if (textWidth(line, FONT.label) > l.w - 8) out.push(`label ${e.edge.from}->${e.edge.to}: ${line}`);
    if (e.edge.kind === 'kvTransfer') {
      const [[x1], [x2]] = e.points;
      if (l.w > x2 - x1) out.push(`label ${e.edge.from}->${e.edge.to} is wider than the gap`);
    }
  }
  return out;
}

/** Pairs of boxes that overlap, and boxes outside the picture. */
function collisions(layout: TopologyLayout): string[] {
  const out: string[] = [];
  const bs = layout.boxes;
  bs.forEach((a, i) => {
    if (a.x < 0 || a.y < 0 || a.x + a.w > layout.width || a.y + a.h > layout.height) out.push(`${a.node.id} outside`);
    for (const b of bs.slice(i + 1)) {
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) out.push(`${a.node.id} overlaps ${b.node.id}`);
    }
  });
  return out;
}

type Point = readonly [number, number];
type Segment = readonly [Point, Point];
const segmentsOf = (points: readonly Point[]): Segment[] =>
  points.slice(1).map((q, i): Segment => [points[i], q]).filter(([a, b]) => a[0] !== b[0] || a[1] !== b[1]);

/** How long two segments run along one line together, px (0 when they only cross or touch). */
function sharedLength([p, q]: Segment, [r, s]: Segment): number {
  const [dx, dy] = [q[0] - p[0], q[1] - p[1]];
  const len = Math.hypot(dx, dy);
  const off = (v: Point) => Math.abs(dx * (v[1] - p[1]) - dy * (v[0] - p[0])) / len;
  if (off(r) > 0.5 || off(s) > 0.5) return 0;
  const at = (v: Point) => ((v[0] - p[0]) * dx + (v[1] - p[1]) * dy) / (len * len);
  return Math.max(0, Math.min(1, Math.max(at(r), at(s))) - Math.max(0, Math.min(at(r), at(s)))) * len;
}

/** Whether a segment runs through the inside of a box (its border excluded), by clipping it to the box. */
function runsThrough([p, q]: Segment, b: LaidBox): boolean {
  const d = [q[0] - p[0], q[1] - p[1]];
  const lo = [b.x + 1, b.y + 1];
  const hi = [b.x + b.w - 1, b.y + b.h - 1];
  let [t0, t1] = [0, 1];
  for (const k of [0, 1]) {
    if (d[k] === 0) {
      if (p[k] <= lo[k] || p[k] >= hi[k]) return false;
      continue;
    }
    const [a, c] = [(lo[k] - p[k]) / d[k], (hi[k] - p[k]) / d[k]].sort((x, y) => x - y);
    [t0, t1] = [Math.max(t0, a), Math.min(t1, c)];
  }
  return (t1 - t0) * Math.hypot(d[0], d[1]) > 0.5;
}

/** Arrows that share a piece of line with another, and arrows that run through a box other than their ends. */
function edgeProblems(layout: TopologyLayout): string[] {
  const out = new Set<string>();
  const name = (e: TopologyEdge) => `${e.from}->${e.to}`;
  layout.edges.forEach((e, i) => {
    for (const seg of segmentsOf(e.points)) {
      for (const b of layout.boxes) {
        if (b.node.id !== e.edge.from && b.node.id !== e.edge.to && runsThrough(seg, b)) out.add(`${name(e.edge)} runs through ${b.node.id}`);
      }
      for (const o of layout.edges.slice(i + 1)) {
        if (segmentsOf(o.points).some((t) => sharedLength(seg, t) > 0.5)) out.add(`${name(e.edge)} shares a line with ${name(o.edge)}`);
      }
    }
  });
  return [...out];
}

const chart = () => new Chart(new App(), 'c', { namespace: 'llm' });
const eks = (options: { efaHugePages?: boolean } = {}) => Cloud.eks({ ami: EksAmi.al2023('v20250821'), nodeRole: 'r', subnetTags: { a: 'b' }, securityGroupTags: { a: 'b' }, ...options });

/** A profile written outside the library: each pool gets the wiring and the objects `make` returns. */
class TestProfile extends CloudProfile {
  public readonly id = 'test';
  public readonly displayName = 'TestProfile';
  public readonly capacityTypes = [CapacityType.ON_DEMAND, CapacityType.SPOT];
  public constructor(private readonly wiring: PoolWiring, private readonly objects: (scope: Construct, prop: string) => ApiObject[] = () => []) {
    super();
  }
  public bind(ctx: CloudContext): CloudBinding {
    return {
      pools: Object.fromEntries(ctx.pools.map((p) => [p.prop, this.wiring])),
      poolObjects: Object.fromEntries(ctx.pools.map((p) => [p.prop, this.objects(ctx.scope, p.prop)])),
    };
  }
}

describe('the topology model', () => {
  test('of the disaggregated EKS example: ALB, frontend, prefill and decode on p5 Karpenter NodePools, NIXL LIBFABRIC over EFA, the EFS cache', () => {
    // GIVEN / WHEN the topology of examples/eks-llama-70b-efa.ts
    const t = one('eks-llama-70b-efa');
    // THEN
    expect(t.id).toBe('llama-70b-efa');
    expect(t.title).toBe('llama-70b-efa: RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic, disaggregated vLLM on Dynamo 1.6.2');
    expect(nodeLines(t)).toStrictEqual([
      'clients clients | Clients | OpenAI API · /v1 / model RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic',
      'ingress ingress | AWS Application Load Balancer | Ingress · class alb / internet-facing · HTTPS llm.example.com / idle timeout 300 s',
      'dgd deployment | DynamoGraphDeployment llama-70b-efa | namespace llm · Dynamo 1.6.2 · vLLM',
      'frontend frontend in dgd | Frontend | 2 replicas · router kv / OpenAI HTTP :8000',
      'pool_prefill workers in dgd | Prefill workers | VllmPrefillWorker · vLLM / 2 workers × 4 GPU / TP 4 / AWS EFA × 16 / KV cache 716,736 tokens per worker',
      'pool_decode workers in dgd | Decode workers | VllmDecodeWorker · vLLM / 2 workers × 4 GPU / TP 4 / AWS EFA × 16 / KV cache 716,736 tokens per worker',
      'nodes_prefill nodePool | Karpenter NodePool | llm-llama-70b-efa-prefill / p5.48xlarge / 8 × H100 80GB per node / on-demand',
      'nodes_decode nodePool | Karpenter NodePool | llm-llama-70b-efa-decode / p5.48xlarge / 8 × H100 80GB per node / on-demand',
      'model_cache modelCache | Model cache (PVC) | llama-70b-efa-model-cache / 200Gi · ReadWriteMany · efs.csi.aws.com / download Job · revision ddb4128',
    ]);
    expect(edgeLines(t)).toStrictEqual([
      'clients -request-> ingress',
      'ingress -request-> frontend',
      'frontend -request-> pool_prefill',
      'frontend -request-> pool_decode',
      'pool_prefill -kvTransfer-> pool_decode: KV cache · NIXL LIBFABRIC · over AWS EFA',
      'pool_prefill -placement-> nodes_prefill',
      'pool_decode -placement-> nodes_decode',
      'model_cache -weights-> dgd: model weights',
    ]);
    expect(t.node('pool_prefill')?.pool).toStrictEqual({
      prop: 'prefill', role: 'prefill', componentName: 'VllmPrefillWorker', backend: 'vLLM', replicas: 2,
      gpusPerNode: 4, nodesPerWorker: 1, tensorParallelSize: 4, pipelineParallelSize: 1, dataParallelSize: 1,
      rdmaFabric: 'AWS EFA', rdmaDevices: 16, machineTypes: ['p5.48xlarge'], nodePool: 'llm-llama-70b-efa-prefill', capacityTypes: ['on-demand'],
      capacity: t.node('pool_prefill')?.pool?.capacity,
    });
    // (the card's capacity for the pool: the FP8 70B at TP 4 on H100)
    expect(t.node('pool_prefill')?.pool?.capacity?.summary).toBe('weights 16.9 GiB/GPU, KV cache 218.7 GiB = 716,736 tokens, 21 × 32,768-token sequences');
  });

  test('of the aggregated EKS Auto Mode example: the internal Auto Mode ALB, one pool on a NodePool of eight g6e shapes, on-demand and spot', () => {
    // GIVEN / WHEN
    const t = one('eks-auto-mode-aggregated');
    // THEN
    expect(nodeLines(t)).toStrictEqual([
      'clients clients | Clients | OpenAI API · /v1 / model Qwen/Qwen3-8B',
      'ingress ingress | AWS Application Load Balancer | Ingress · class llm-qwen3-8b-alb (EKS Auto Mode) / internal · HTTP / idle timeout 600 s',
      'dgd deployment | DynamoGraphDeployment qwen3-8b | namespace llm · Dynamo 1.6.2 · vLLM',
      'frontend frontend in dgd | Frontend | 1 replica · router kv / OpenAI HTTP :8000',
      'pool_workers workers in dgd | Workers | VllmDecodeWorker · vLLM / 2 workers × 1 GPU / TP 1 / KV cache 173,808 tokens per worker',
      'nodes_workers nodePool | Auto Mode NodePool | llm-qwen3-8b-workers / g6e.48xlarge + 7 more / 1–8 × L40S per node / on-demand, spot',
      'model_cache modelCache | Model cache (PVC) | qwen3-8b-model-cache / 100Gi · ReadWriteMany · efs.csi.aws.com / download Job · unpinned revision',
    ]);
    expect(edgeLines(t)).toStrictEqual([
      'clients -request-> ingress',
      'ingress -request-> frontend',
      'frontend -request-> pool_workers',
      'pool_workers -placement-> nodes_workers',
      'model_cache -weights-> dgd: model weights',
    ]);
    // No KV transfer and no RDMA in an aggregated pool.
    expect(t.node('pool_workers')?.pool?.rdmaFabric).toBeUndefined();
    expect(t.node('pool_workers')?.pool?.machineTypes).toHaveLength(8);
  });

  test('GKE, AKS and generic: the Gateway and ComputeClass, one shared AKS node pool, no node box without one', () => {
    // GIVEN / WHEN
    const gke = one('gke-deepseek-r1-roce');
    const aks = one('aks-qwen3-32b-fp8-ib');
    const generic = one('vllm-disaggregated');
    // THEN
    expect(gke.node('ingress')?.details).toStrictEqual(['Gateway · class gke-l7-global-external-managed', 'HTTPS deepseek.example.com', 'backend timeout 300 s']);
    expect(gke.node('nodes_decode')?.title).toBe('GKE ComputeClass');
    expect(gke.node('pool_decode')?.details).toStrictEqual(['decode · SGLang', '1 worker × 8 GPU', 'TP 8 · DP 8 · EP 8', 'RoCE v2 × 8', 'KV cache 1,461,504 tokens per worker']);
    expect(gke.edges.find((e) => e.kind === 'kvTransfer')?.label).toBe('KV cache · NIXL UCX · over RoCE v2');
    expect(aks.node('ingress')?.title).toBe('AKS app routing Gateway');
    expect(edgeLines(aks).filter((e) => e.includes('placement'))).toStrictEqual(['pool_prefill -placement-> nodes_prefill', 'pool_decode -placement-> nodes_prefill']);
    expect(aks.node('nodes_prefill')?.details).toStrictEqual(['ndh100', 'Standard_ND96isr_H100_v5', '8 × H100 80GB per node']);
    expect(generic.nodes.filter((n) => n.kind === 'nodePool' || n.kind === 'ingress')).toStrictEqual([]);
    expect(generic.node('clients')?.title).toBe('Clients in the cluster');
  });

  test('the planner, KEDA and observability: who scales each pool and within what range', () => {
    // GIVEN / WHEN
    const planned = one('disaggregated-slo-planner');
    const keda = one('keda-decode');
    // THEN the planner owns both pools from 1 worker, within its GPU budget
    expect(planned.node('planner')?.details).toStrictEqual(['TTFT 300 ms · ITL 25 ms', 'GPU budget 32']);
    expect(planned.node('pool_decode')?.details.slice(1, 3)).toStrictEqual(['1+ workers × 4 GPU', 'scaled by planner']);
    expect(edgeLines(planned).filter((e) => e.startsWith('planner'))).toStrictEqual(['planner -scaling-> pool_prefill: scales', 'planner -scaling-> pool_decode: scales']);
    expect(planned.node('observability')?.details).toStrictEqual(['1 PodMonitor', 'Grafana dashboard ConfigMap', 'PrometheusRule · 14 alerts']);
    // THEN KEDA scales decode 2-8, prefill keeps its replicas
    expect(keda.node('pool_decode')?.pool).toMatchObject({ scaledBy: 'KEDA', minReplicas: 2, maxReplicas: 8 });
    expect(keda.node('pool_decode')?.pool?.replicas).toBeUndefined();
    expect(keda.node('pool_prefill')?.pool?.replicas).toBe(2);
    expect(keda.node('autoscaler_decode')?.details).toStrictEqual(['2 Prometheus triggers', 'cooldown 600 s']);
    expect(edgeLines(keda)).toContain('autoscaler_decode -scaling-> pool_decode: scales');
  });

  test('RDMA devices are the quantities of the resources the wiring names as the fabric\'s devices, not hugepages or other resources', () => {
    // GIVEN EKS p5 pools with EFA hugepages, and a profile that requests an RDMA resource, hugepages and another numeric resource
    const hugePages = new DisaggregatedLlm(chart(), 'efa', {
      model: 'Qwen/Qwen3-8B', cloud: eks({ efaHugePages: true }),
      prefill: { machineType: 'p5.48xlarge', gpus: 8 }, decode: { machineType: 'p5.48xlarge', gpus: 8 },
    });
    const extraResources = { 'rdma/hca': '2', 'hugepages-1Gi': '2Gi', 'example.com/fpga': '3' };
    const named = new DisaggregatedLlm(chart(), 'named', {
      model: 'Qwen/Qwen3-8B', cloud: Cloud.custom(new TestProfile({ fabric: RdmaFabric.INFINIBAND, extraResources, rdmaResources: ['rdma/hca'] })),
    });
    const unnamed = new DisaggregatedLlm(chart(), 'unnamed', {
      model: 'Qwen/Qwen3-8B', cloud: Cloud.custom(new TestProfile({ fabric: RdmaFabric.INFINIBAND, extraResources })),
    });
    // WHEN / THEN the EFA devices alone are counted; a profile's devices only when it names them
    expect(hugePages.topology.node('pool_prefill')?.details).toContain('AWS EFA × 32');
    expect(named.topology.node('pool_decode')?.details).toContain('InfiniBand × 2');
    expect(unnamed.topology.node('pool_decode')?.details.at(-1)).toBe('InfiniBand');
    expect(unnamed.topology.node('pool_decode')?.pool?.rdmaDevices).toBeUndefined();
  });

  test('capacity types come from the objects the profile created, not from the pattern\'s default', () => {
    // GIVEN a profile that creates a Karpenter NodePool requiring spot, and one that creates another kind of object
    const nodePool = (scope: Construct, prop: string) => [new ApiObject(scope, `np-${prop}`, {
      apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: `gpu-${prop}` },
      spec: { template: { spec: { requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] }] } } },
    })];
    const machineSet = (scope: Construct, prop: string) => [new ApiObject(scope, `ms-${prop}`, { apiVersion: 'example.com/v1', kind: 'MachineSet', metadata: { name: `ms-${prop}` } })];
    const spot = new AggregatedLlm(chart(), 'spot', { model: 'Qwen/Qwen3-8B', cloud: Cloud.custom(new TestProfile({}, nodePool)) });
    const other = new AggregatedLlm(chart(), 'other', { model: 'Qwen/Qwen3-8B', cloud: Cloud.custom(new TestProfile({}, machineSet)) });
    // WHEN / THEN
    expect(spot.topology.node('nodes_workers')?.details).toStrictEqual(['gpu-workers', 'spot']);
    expect(spot.topology.node('pool_workers')?.pool?.capacityTypes).toStrictEqual(['spot']);
    expect(other.topology.node('nodes_workers')?.details).toStrictEqual(['ms-workers']);
    expect(other.topology.node('pool_workers')?.pool?.capacityTypes).toStrictEqual([]);
  });

  test('the frontend box names the port the frontend listens on', () => {
    // GIVEN the smallest pattern
    const c = chart();
    const llm = new AggregatedLlm(c, 'qwen', { model: 'Qwen/Qwen3-0.6B' });
    const args = JSON.stringify(c.toJson().find((o) => o.kind === 'DynamoGraphDeployment'));
    // WHEN / THEN the line and the frontend's --http-port agree
    expect(llm.topology.node('frontend')?.details.at(-1)).toBe(`OpenAI HTTP :${FRONTEND_PORT}`);
    expect(args).toContain(`"--http-port","${FRONTEND_PORT}"`);
  });

  test('reads the objects on each read (a JSON patch shows), not changes made through dgd', () => {
    // GIVEN a pattern with an ingress
    const llm = new AggregatedLlm(chart(), 'q', { model: 'Qwen/Qwen3-8B', cloud: eks(), workers: { gpuType: GpuType.L40S }, ingress: { host: 'llm.example.com' } });
    const before = llm.topology.mermaid;
    // WHEN the escape hatches change the graph
    llm.dgd.component('VllmDecodeWorker').addArgs('--tensor-parallel-size', '2');
    llm.dgd.component('VllmDecodeWorker').addExtraResource('rdma/ib', '1');
    llm.dgd.addComponent({ name: 'ExtraWorker', type: ComponentType.WORKER, image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.6.2' });
    // THEN the topology does not follow (as the getter's doc says)
    expect(llm.topology.mermaid).toBe(before);
    // WHEN a JSON patch changes the Ingress host
    const ingress = llm.node.findAll().find((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Ingress')!;
    ingress.addJsonPatch(JsonPatch.replace('/spec/rules/0/host', 'chat.example.com'));
    // THEN it does
    expect(llm.topology.node('ingress')?.details).toContain('internet-facing · HTTPS chat.example.com');
  });

  test('Topology.of finds every pattern of an app, in construct tree order', () => {
    // GIVEN two charts with a pattern each
    const app = new App();
    new AggregatedLlm(new Chart(app, 'a', { namespace: 'llm' }), 'first', { model: 'Qwen/Qwen3-0.6B' });
    new AggregatedLlm(new Chart(app, 'b', { namespace: 'llm' }), 'second', { model: 'Qwen/Qwen3-0.6B' });
    // WHEN / THEN
    expect(Topology.of(app).map((t) => t.id)).toStrictEqual(['first', 'second']);
  });
});

/** A delivery written outside the library: no objects, no annotations; the picture shows its id. */
class FleetDelivery extends PlatformDelivery {
  public readonly id = 'fleet';
  public bind(_scope: Construct, _releases: readonly PlatformRelease[]): PlatformDeliveryBinding {
    return { objects: {}, graphAnnotations: () => ({}) };
  }
}

describe('the Dynamo platform', () => {
  const platformLines = (t: Topology) => [...nodeLines(t), ...edgeLines(t)].filter((l) => l.startsWith('platform'));

  test('a DynamoPlatform: its release and namespace, Grove and KAI, each add-on in install order, the delivery; an arrow into the graph', () => {
    // GIVEN / WHEN the topology of examples/eks-from-empty-cluster.ts (Argo CD, EFA device plugin, GPU Operator, kube-prometheus-stack)
    const t = one('eks-from-empty-cluster');
    // THEN
    expect(platformLines(t)).toStrictEqual([
      'platform platform | Dynamo platform 1.6.2 | namespace dynamo-system / Grove bundled · KAI scheduler bundled / + kube-prometheus-stack'
        + ' / + NVIDIA GPU Operator / + AWS EFA Kubernetes device plugin / Helm releases via Argo CD',
      'platform -operates-> dgd: operator reconciles',
    ]);
    expect(t.nodes.at(-1)?.id).toBe('platform');
    expect(one('aks-network-operator-ib').node('platform')?.details).toStrictEqual([
      'namespace dynamo-system', 'Grove bundled · KAI scheduler bundled', '+ NVIDIA Network Operator', '+ NVIDIA GPU Operator', 'Helm releases via Flux',
    ]);
  });

  test('Grove and KAI as the platform gets them, the one namespace a restricted operator watches, a custom delivery by its id', () => {
    // GIVEN a platform without Grove, with an external KAI scheduler, KEDA, restricted to llm, delivered by a custom delivery
    const app = new App();
    const platform = new DynamoPlatform(new Chart(app, 'platform'), 'dynamo', {
      delivery: new FleetDelivery(), grove: BundledChart.OFF, kaiScheduler: BundledChart.EXTERNAL, keda: {},
      namespaceRestriction: { targetNamespace: 'llm' },
    });
    // WHEN
    const llm = new AggregatedLlm(new Chart(app, 'graphs', { namespace: 'llm' }), 'qwen', { model: 'Qwen/Qwen3-0.6B', platform });
    // THEN
    expect(llm.topology.node('platform')?.details).toStrictEqual([
      'namespace dynamo-system', 'Grove off · KAI scheduler external', '+ KEDA', 'Helm releases via fleet', 'operator watches only llm',
    ]);
  });

  test('in a Pulumi program, the releases are Pulumi\'s Helm releases', () => {
    // GIVEN an app that says it runs in Pulumi (as the Pulumi components' host does), a platform without add-ons
    const app = new App();
    app.node.setContext(ENGINE_CONTEXT_KEY, 'pulumi');
    const platform = new DynamoPlatform(new Chart(app, 'platform'), 'dynamo');
    // WHEN
    const llm = new AggregatedLlm(new Chart(app, 'graphs', { namespace: 'llm' }), 'qwen', { model: 'Qwen/Qwen3-0.6B', platform });
    // THEN
    expect(llm.topology.node('platform')?.details).toStrictEqual(['namespace dynamo-system', 'Grove bundled · KAI scheduler bundled', 'Helm releases via Pulumi']);
  });

  test('DynamoPlatform.fromExisting: what was declared, nothing more', () => {
    // GIVEN / WHEN the topology of examples/existing-platform.ts, and a platform declared with its release alone
    const t = one('existing-platform');
    const bare = new AggregatedLlm(chart(), 'qwen', { model: 'Qwen/Qwen3-0.6B', platform: DynamoPlatform.fromExisting({ version: DynamoVersion.V1_6_2, namespace: 'dynamo' }) });
    // THEN
    expect(platformLines(t)).toStrictEqual([
      'platform platform | Dynamo platform 1.6.2 | existing platform in dynamo-system / device resources rdma/shared_ib',
      'platform -operates-> dgd: operator reconciles',
    ]);
    expect(platformLines(bare.topology)).toStrictEqual([
      'platform platform | Dynamo platform 1.6.2 | existing platform in dynamo',
      'platform -operates-> dgd: operator reconciles',
    ]);
  });

  test('a pattern without platform: no platform box and no arrow, everything else as with one', () => {
    // GIVEN the same pattern with and without a platform
    const props = { model: 'Qwen/Qwen3-8B', observability: {}, workers: { autoscaling: Autoscaling.keda({ maxReplicas: 4, prometheusServerAddress: 'http://prometheus.monitoring.svc:9090', metrics: [ScalingMetric.timeToFirstToken({ targetMs: 500 })] }) } };
    const without = new AggregatedLlm(chart(), 'qwen', props).topology;
    const withPlatform = new AggregatedLlm(chart(), 'qwen', { ...props, platform: DynamoPlatform.fromExisting({ version: DynamoVersion.V1_6_2 }) }).topology;
    // WHEN / THEN
    expect(without.nodes.filter((n) => n.kind === 'platform')).toStrictEqual([]);
    expect(without.edges.filter((e) => e.kind === 'operates')).toStrictEqual([]);
    expect(without.mermaid).not.toContain('platform');
    expect(withPlatform.nodes.filter((n) => n.id !== 'platform')).toStrictEqual(without.nodes);
    expect(withPlatform.edges.filter((e) => e.kind !== 'operates')).toStrictEqual(without.edges);
  });

  test('the SVG: the platform box at the foot of the column beside the graph, its arrow into the frame', () => {
    // GIVEN the empty-cluster example, and a pattern whose autoscaler is in the column too
    const keda = new AggregatedLlm(chart(), 'keda', {
      model: 'Qwen/Qwen3-8B', observability: {}, platform: DynamoPlatform.fromExisting({ version: DynamoVersion.V1_6_2, deviceResources: ['rdma/shared_ib'] }),
      workers: { autoscaling: Autoscaling.keda({ maxReplicas: 4, prometheusServerAddress: 'http://prometheus.monitoring.svc:9090', metrics: [ScalingMetric.timeToFirstToken({ targetMs: 500 })] }) },
    }).topology;
    for (const t of [one('eks-from-empty-cluster'), keda]) {
      // WHEN
      const layout = layoutTopology(t.nodes, t.edges);
      const frame = layout.frame!;
      const platform = layout.boxes.find((b) => b.node.id === 'platform')!;
      const column = layout.boxes.filter((b) => b.x === platform.x);
      const arrow = layout.edges.find((e) => e.edge.kind === 'operates')!;
      // THEN it is the lowest box of the column right of the frame, inside the frame's height, and its arrow ends on the frame's edge
      expect([...overflows(layout), ...collisions(layout), ...edgeProblems(layout)], t.id).toStrictEqual([]);
      expect(platform.x).toBeGreaterThan(frame.x + frame.w);
      expect(Math.max(...column.map((b) => b.y))).toBe(platform.y);
      expect(platform.y + platform.h).toBeLessThanOrEqual(frame.y + frame.h);
      expect(arrow.points).toStrictEqual([[platform.x, Math.round(platform.y + platform.h / 2)], [frame.x + frame.w, Math.round(platform.y + platform.h / 2)]]);
    }
    // THEN the SVG names the arrow for screen readers
    expect(keda.svg).toContain('Dynamo platform 1.6.2 → DynamoGraphDeployment keda (operator reconciles)');
  });

  test('the Mermaid text: a subroutine box, a dotted arrow into the graph', () => {
    const mermaid = one('existing-platform').mermaid;
    expect(mermaid).toContain('  platform[["<b>Dynamo platform 1.6.2</b><br/>existing platform in dynamo-system<br/>device resources rdma/shared_ib"]]\n');
    expect(mermaid).toContain('  platform -.->|"operator reconciles"| dgd\n');
    expect(mermaid).toContain('  classDef platform fill:#f1f8e9,stroke:#76b900,color:#1a1a1a\n  class platform platform\n');
  });
});

describe('the Mermaid text', () => {
  test('of the smallest aggregated pattern, exactly', () => {
    // GIVEN
    const llm = new AggregatedLlm(new Chart(new App(), 'c', { namespace: 'llm' }), 'qwen', { model: 'Qwen/Qwen3-0.6B' });
    // WHEN / THEN
    expect(llm.topology.mermaid).toBe([
      '%% qwen: Qwen/Qwen3-0.6B, aggregated vLLM on Dynamo 1.6.2',
      'flowchart TB',
      '  clients(["<b>Clients in the cluster</b><br/>OpenAI API · /v1<br/>model Qwen/Qwen3-0.6B"])',
      '  subgraph dgd["DynamoGraphDeployment qwen · namespace llm · Dynamo 1.6.2 · vLLM"]',
      '    frontend["<b>Frontend</b><br/>1 replica · router round-robin<br/>OpenAI HTTP :8000"]',
      '    pool_workers["<b>Workers</b><br/>VllmDecodeWorker · vLLM<br/>1 worker × 1 GPU<br/>TP 1"]',
      '  end',
      '  clients --> frontend',
      '  frontend --> pool_workers',
      '  classDef clients fill:#f5f5f5,stroke:#757575,color:#1a1a1a',
      '  class clients clients',
      '  classDef deployment fill:#fafafa,stroke:#90a4ae,color:#1a1a1a',
      '  class dgd deployment',
      '  classDef frontend fill:#e8eaf6,stroke:#3949ab,color:#1a1a1a',
      '  class frontend frontend',
      '  classDef workers fill:#e0f2f1,stroke:#00897b,color:#1a1a1a',
      '  class pool_workers workers',
      '',
    ].join('\n'));
  });

  test('the KV transfer is a thick labelled arrow, the model cache a dashed one into the graph', () => {
    const mermaid = one('eks-llama-70b-efa').mermaid;
    expect(mermaid).toContain('  pool_prefill ==>|"KV cache · NIXL LIBFABRIC · over AWS EFA"| pool_decode\n');
    expect(mermaid).toContain('  model_cache -.->|"model weights"| dgd\n');
  });
});

describe('the SVG picture', () => {
  test('the well-formedness check finds what it checks', () => {
    expect(xmlProblems('<svg><g><rect/></g></svg>')).toStrictEqual([]);
    expect(xmlProblems('<svg><g></svg>')).not.toStrictEqual([]);
    expect(xmlProblems('<svg><text>a & b</text></svg>')).not.toStrictEqual([]);
    expect(xmlProblems('<svg><text>a < b</text></svg>')).not.toStrictEqual([]);
    expect(xmlProblems('<svg width=3></svg>')).not.toStrictEqual([]);
    expect(xmlProblems('<svg aria-label="a & b"></svg>')).not.toStrictEqual([]);
  });

  test.each(['eks-llama-70b-efa', 'eks-auto-mode-aggregated', 'gke-deepseek-r1-roce', 'aks-qwen3-32b-fp8-ib', 'keda-decode', 'disaggregated-slo-planner', 'eks-from-empty-cluster', 'existing-platform'])(
    '%s is well-formed, accessible, at most 900 px wide, with text of 11 px or more at 830 px', (app) => {
      // GIVEN / WHEN
      const t = one(app);
      const svg = t.svg;
      // THEN
      expect(xmlProblems(svg)).toStrictEqual([]);
      const root = /^<svg ([^>]*)>/.exec(svg)?.[1] ?? '';
      const width = Number(/ width="(\d+)"/.exec(` ${root}`)?.[1]);
      expect(width).toBe(SVG_WIDTH);
      expect(width).toBeLessThanOrEqual(900);
      expect(root).toContain(`viewBox="0 0 ${width} `);
      expect(root).toContain('role="img"');
      expect(root).toContain(`aria-label="${t.title}"`);
      expect(svg).toContain(`<title>${t.title}</title>`);
      const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
      expect(Math.min(...sizes) * (830 / width)).toBeGreaterThanOrEqual(11);
    });

  test('every line fits its box, no box overlaps another, no arrow shares a line or runs through a box, in every example', () => {
    // GIVEN every example's layout
    const problems = Object.entries(examples).flatMap(([app, ts]) => ts.flatMap((t) => {
      const layout = layoutTopology(t.nodes, t.edges);
      return [...overflows(layout), ...collisions(layout), ...edgeProblems(layout)].map((p) => `${app}: ${p}`);
    }));
    // THEN
    expect(problems).toStrictEqual([]);
  });

  test('the planner of one pool, an HPA on the left pool and Mooncake fit and name what they are', () => {
    // GIVEN the layouts the examples do not have
    const chart = () => new Chart(new App(), 'c', { namespace: 'llm' });
    const planned = new AggregatedLlm(chart(), 'agg', { model: 'Qwen/Qwen3-8B', workers: { gpus: 2 }, planner: Planner.sla({ ttftMs: 200, itlMs: 20, maxGpus: 8 }) });
    const hpa = new DisaggregatedLlm(chart(), 'hpa', {
      model: 'Qwen/Qwen3-8B', allowTcpKvTransfer: true, decode: { replicas: 3 },
      prefill: { autoscaling: Autoscaling.hpa({ maxReplicas: 4, metrics: [ScalingMetric.timeToFirstToken({ targetMs: 500 })] }) },
    });
    const mooncake = new DisaggregatedLlm(chart(), 'mooncake', {
      model: 'Qwen/Qwen3-8B', backend: Backend.sglang(), kvTransfer: KvTransfer.mooncake(),
      cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.ROCE, resourceName: 'rdma/roce' } }),
    });
    // WHEN / THEN each fits, without overlap
    for (const t of [planned.topology, hpa.topology, mooncake.topology]) {
      const layout = layoutTopology(t.nodes, t.edges);
      expect([...overflows(layout), ...collisions(layout), ...edgeProblems(layout)], t.id).toStrictEqual([]);
    }
    // THEN the facts are named
    expect(planned.topology.node('pool_workers')?.details).toStrictEqual(['VllmDecodeWorker · vLLM', '1+ workers × 2 GPU', 'scaled by planner', 'TP 2']);
    expect(hpa.topology.node('autoscaler_prefill')?.details).toStrictEqual(['1 External metric', 'scale-down window 300 s']);
    expect(hpa.topology.node('pool_prefill')?.pool).toMatchObject({ scaledBy: 'HPA', minReplicas: 1, maxReplicas: 4 });
    expect(hpa.topology.edges.find((e) => e.kind === 'kvTransfer')?.label).toBe('KV cache · NIXL UCX · over TCP');
    expect(mooncake.topology.edges.find((e) => e.kind === 'kvTransfer')?.label).toBe('KV cache · Mooncake · over RoCE v2');
  });

  test('the arrow check finds an arrow through a box and two arrows on one line', () => {
    // GIVEN three boxes in a column, an arrow from the top one through the middle one, and one along part of it
    const laid = (id: string, y: number): LaidBox => ({
      node: { id, kind: 'workers', title: id, details: [] }, x: 0, y, w: 100, h: 40, titleLines: [id], detailLines: [],
    });
    const boxes = [laid('a', 0), laid('b', 100), laid('c', 200)];
    const edge = (from: string, to: string): TopologyEdge => ({ from, to, kind: 'request' });
    const layout: TopologyLayout = {
      width: 100, height: 240, boxes,
      edges: [
        { edge: edge('a', 'c'), points: [[50, 40], [50, 200]] },
        { edge: edge('b', 'c'), points: [[50, 140], [50, 200]] },
        { edge: edge('a', 'b'), points: [[20, 40], [20, 100]] },
      ],
    };
    // WHEN / THEN
    expect(edgeProblems(layout)).toStrictEqual(['a->c runs through b', 'a->c shares a line with b->c']);
  });

  test('two autoscaled pools: each arrow its own line, the rightmost pool\'s straight in, the other under the pools', () => {
    // GIVEN prefill scaled by an HPA and decode by KEDA, beside observability
    const llm = new DisaggregatedLlm(chart(), 'busy', {
      model: 'Qwen/Qwen3-8B', cloud: eks(), observability: {},
      prefill: { gpuType: GpuType.H100_80GB, gpus: 4, autoscaling: Autoscaling.hpa({ maxReplicas: 4, metrics: [ScalingMetric.timeToFirstToken({ targetMs: 500 })] }) },
      decode: {
        gpuType: GpuType.H100_80GB, gpus: 4,
        autoscaling: Autoscaling.keda({ maxReplicas: 6, prometheusServerAddress: 'http://prometheus.monitoring.svc:9090', metrics: [ScalingMetric.interTokenLatency({ targetMs: 40 })] }),
      },
    });
    const t = llm.topology;
    // ... and the same with an observability box tall enough to push both autoscalers below the pools
    const tall = t.nodes.map((n): TopologyNode => (n.id === 'observability' ? { ...n, details: [...n.details, ...Array.from({ length: 14 }, (_, i) => `line ${i}`)] } : n));
    // WHEN
    const layouts = [layoutTopology(t.nodes, t.edges), layoutTopology(tall, t.edges)];
    // THEN nothing overlaps
    for (const layout of layouts) expect([...overflows(layout), ...collisions(layout), ...edgeProblems(layout)]).toStrictEqual([]);
    // THEN the side column lists decode's autoscaler first; it points straight in, or both go under the pools on their own lanes
    const arrows = layouts.map((layout) => ['autoscaler_decode', 'autoscaler_prefill'].map((id) => layout.edges.find((e) => e.edge.from === id)!.points.length));
    expect(arrows).toStrictEqual([[2, 5], [5, 5]]);
    for (const layout of layouts) {
      const [decode, prefill] = ['autoscaler_decode', 'autoscaler_prefill'].map((id) => layout.boxes.find((b) => b.node.id === id)!);
      expect(decode.y).toBeLessThan(prefill.y);
    }
  });

  test('a line too long for any box wraps without losing a character', () => {
    // GIVEN a served model name of 120 characters without a space
    const name = `org/${'very-long-model-name-'.repeat(5)}${'x'.repeat(16)}`;
    const llm = new AggregatedLlm(new Chart(new App(), 'c', { namespace: 'llm' }), 'long', { model: 'Qwen/Qwen3-0.6B', servedModelName: name });
    // WHEN
    const layout = layoutTopology(llm.topology.nodes, llm.topology.edges);
    const clients = layout.boxes.find((b) => b.node.id === 'clients')!;
    // THEN it is cut into lines that fit and join back to the text
    expect(overflows(layout)).toStrictEqual([]);
    expect(clients.detailLines.length).toBeGreaterThan(2);
    expect(clients.detailLines.slice(1).join('').replace(/ /g, '')).toBe(`model${name}`);
  });

  test('escapes names with XML and Mermaid special characters', () => {
    // GIVEN a served model name with every special character a name may hold
    const odd = `q&a<"x">'#|{}[]\``;
    const llm = new AggregatedLlm(new Chart(new App(), 'c', { namespace: 'llm' }), 'odd', { model: 'Qwen/Qwen3-0.6B', servedModelName: odd });
    // WHEN
    const { svg, mermaid } = llm.topology;
    // THEN the SVG stays well-formed and shows the name as text
    expect(xmlProblems(svg)).toStrictEqual([]);
    expect(svg).toContain('model q&amp;a&lt;&quot;x&quot;&gt;&apos;#|{}[]`');
    // THEN Mermaid gets entity codes, nothing it would read as syntax
    expect(mermaid).toContain('<br/>model q#amp;a#lt;#quot;x#quot;#gt;\'#35;#124;#123;#125;#91;#93;#96;"])');
  });

  test('is the same bytes every time', () => {
    // GIVEN two builds of the same example
    const again = exampleTopologies()['eks-llama-70b-efa'][0];
    // THEN
    expect(again.svg).toBe(one('eks-llama-70b-efa').svg);
    expect(again.mermaid).toBe(one('eks-llama-70b-efa').mermaid);
  });
});

describe('the public topology types', () => {
  test('every optional prop of an interface under lib/topology has an @default', () => {
    // GIVEN the interfaces of lib/topology, read syntactically
    const dir = path.join(ROOT, 'lib', 'topology');
    const missing = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).flatMap((f) => {
      const source = ts.createSourceFile(f, fs.readFileSync(path.join(dir, f), 'utf8'), ts.ScriptTarget.Latest, true);
      return source.statements.filter(ts.isInterfaceDeclaration).flatMap((i) => i.members
        .filter((m) => ts.isPropertySignature(m) && m.questionToken !== undefined && !ts.getJSDocTags(m).some((t) => t.tagName.text === 'default'))
        .map((m) => `${f}: ${i.name.text}.${m.name?.getText(source)}`));
    });
    // THEN
    expect(missing).toStrictEqual([]);
  });
});

describe('docs/images', () => {
  test('two patterns of one id in one app get two file names, as synth:all names them', () => {
    // GIVEN an app with a pattern `llm` in each of two charts
    const app = new App();
    new AggregatedLlm(new Chart(app, 'a', { namespace: 'a' }), 'llm', { model: 'Qwen/Qwen3-0.6B' });
    new AggregatedLlm(new Chart(app, 'b', { namespace: 'b' }), 'llm', { model: 'Qwen/Qwen3-0.6B' });
    // WHEN / THEN
    expect(pictureNames('two', Topology.of(app))).toStrictEqual(['two-llm', 'two-llm-2']);
  });

  test('docs:pictures removes the pictures it no longer generates, and nothing else', () => {
    // GIVEN a folder with a stale picture, a current one and another file
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pictures-'));
    try {
      for (const f of ['gone.svg', 'gone.mmd', 'kept.svg', 'notes.md']) fs.writeFileSync(path.join(dir, f), 'old');
      // WHEN
      const result = writePictures(dir, { 'kept.svg': '<svg/>', 'kept.mmd': 'flowchart TB' });
      // THEN
      expect(result).toStrictEqual({ written: ['kept.svg', 'kept.mmd'], removed: ['gone.mmd', 'gone.svg'] });
      expect(fs.readdirSync(dir).sort()).toStrictEqual(['kept.mmd', 'kept.svg', 'notes.md']);
      expect(fs.readFileSync(path.join(dir, 'kept.svg'), 'utf8')).toBe('<svg/>');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('hold the current picture of every example', () => {
    // GIVEN the pictures generated from the examples, and the committed ones
    const current = examplePictures(examples);
    const dir = path.join(ROOT, PICTURES_DIR);
    const committed = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.(svg|mmd)$/.test(f)).sort() : [];
    // THEN the same files, with the same content
    const fix = 'run `npm run docs:pictures` and commit docs/images';
    expect(committed, `docs/images lists other pictures than the examples: ${fix}`).toStrictEqual(Object.keys(current).sort());
    for (const [file, content] of Object.entries(current)) {
      expect(fs.readFileSync(path.join(dir, file), 'utf8') === content, `docs/images/${file} is out of date: ${fix}`).toBe(true);
    }
  });
});
