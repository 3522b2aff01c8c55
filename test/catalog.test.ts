import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, AKS_SHAPES, Cloud, DisaggregatedLlm, DynamoValidationError, EKS_SHAPES, GKE_SHAPES, GpuType, MachineShape,
  NixlBackend, RdmaFabric,
} from '../lib';
import { GKE_GPU_ACCELERATORS, gkeAccelerator } from '../lib/cloud/gke/gke-shapes';
import { newChart, validationError } from './support/synth';
import { EKS_OPTIONS } from './support/eks-options';

const EKS = EKS_OPTIONS;
const MODEL = 'Qwen/Qwen3-8B';
const SMALL_MODEL = 'Qwen/Qwen3-0.6B';

/** The catalogs, by the cloud profiles that use them. */
const CATALOGS: ReadonlyArray<readonly [string, readonly MachineShape[]]> = [['eks', EKS_SHAPES], ['gke', GKE_SHAPES], ['aks', AKS_SHAPES]];

describe('catalog rows', () => {
  test('every row of every catalog states its fabric, consistent with its RDMA devices', () => {
    // GIVEN every catalog row WHEN reading its fabric THEN it is an own property, and NIXL can use it exactly when the row has RDMA devices
    for (const [cloud, shapes] of CATALOGS) {
      for (const s of shapes) {
        expect([cloud, s.name, Object.keys(s).includes('fabric'), s.fabric.nixlUsable]).toStrictEqual([cloud, s.name, true, s.rdmaDevices > 0]);
      }
    }
    // AND on EC2 every RDMA shape is EFA and every other shape has none
    expect([...new Set(EKS_SHAPES.map((s) => `${s.rdmaDevices > 0} ${s.fabric.id}`))]).toStrictEqual(['true efa', 'false none']);
  });

  test('EC2 shapes with a known EFA card layout carry networkCards, one EFA device per card', () => {
    // GIVEN the EKS catalog WHEN listing the rows with networkCards
    const withCards = EKS_SHAPES.filter((s) => s.networkCards !== undefined);
    // THEN they are the four types of ai-on-eks' generator and the EKS EFA guide, each EFA with one device per card
    expect(withCards.map((s) => [s.name, s.networkCards, s.rdmaDevices, s.fabric])).toStrictEqual([
      ['p5.48xlarge', 32, 32, RdmaFabric.EFA],
      ['p5e.48xlarge', 32, 32, RdmaFabric.EFA],
      ['p5en.48xlarge', 16, 16, RdmaFabric.EFA],
      ['p6-b200.48xlarge', 8, 8, RdmaFabric.EFA],
    ]);
    // AND no GKE or AKS row has network cards
    expect([...GKE_SHAPES, ...AKS_SHAPES].filter((s) => s.networkCards !== undefined)).toStrictEqual([]);
  });

  test('every GKE row carries its accelerator label; only A3 Mega differs from its GPU type\'s', () => {
    // GIVEN the GKE catalog WHEN reading the labels
    // THEN every row has one
    expect(GKE_SHAPES.filter((s) => !s.acceleratorLabel)).toStrictEqual([]);
    // AND only a3-megagpu-8g carries another label than its GPU type's
    expect(GKE_SHAPES.filter((s) => s.acceleratorLabel !== GKE_GPU_ACCELERATORS.get(s.gpuType)).map((s) => [s.name, s.acceleratorLabel]))
      .toStrictEqual([['a3-megagpu-8g', 'nvidia-h100-mega-80gb']]);
    // AND no EKS or AKS row has one
    expect([...EKS_SHAPES, ...AKS_SHAPES].filter((s) => s.acceleratorLabel !== undefined)).toStrictEqual([]);
  });
});

describe('GpuType.custom()', () => {
  test('options are required, from an untyped caller', () => {
    expect(() => GpuType.custom(undefined as never)).toThrow(/^gpuType must be given its options \(got undefined\)/);
  });

  test('names a GPU the catalog lacks; the same options give the same instance', () => {
    // GIVEN / WHEN
    const gpu = GpuType.custom({ id: 'rtx-pro-6000', displayName: 'NVIDIA RTX PRO 6000', memoryGb: 96 });
    // THEN
    expect([gpu.id, gpu.displayName, gpu.memoryGb, `${gpu}`]).toStrictEqual(['rtx-pro-6000', 'NVIDIA RTX PRO 6000', 96, 'NVIDIA RTX PRO 6000']);
    expect(GpuType.custom({ id: 'rtx-pro-6000', displayName: 'NVIDIA RTX PRO 6000', memoryGb: 96 })).toBe(gpu);
    // AND the built-in list stays as it is
    expect(GpuType.all().map((g) => g.id)).toStrictEqual(['h100-80gb', 'h100-nvl-94gb', 'h200-141gb', 'b200', 'a100-80gb', 'a100-40gb', 'l40s', 'a10g', 'l4']);
  });

  test.each([
    ['RTX Pro', 'gpuType.id', 'gpuType.id must be a lowercase slug of letters, digits and single hyphens (got "RTX Pro"); use for example "rtx-pro-6000"'],
    ['rtx--pro', 'gpuType.id', 'gpuType.id must be a lowercase slug of letters, digits and single hyphens (got "rtx--pro"); use for example "rtx-pro-6000"'],
    ['', 'gpuType.id', 'gpuType.id must be a lowercase slug of letters, digits and single hyphens (got ""); use for example "rtx-pro-6000"'],
    ['h100-80gb', 'gpuType.id', 'gpuType.id must not be the id of a built-in GPU type (got "h100-80gb"); use GpuType.H100_80GB'],
    ['l4', 'gpuType.id', 'gpuType.id must not be the id of a built-in GPU type (got "l4"); use GpuType.L4'],
  ])('rejects the id %j', (id, prop, message) => {
    // GIVEN / WHEN
    const e = validationError(() => GpuType.custom({ id, displayName: 'Some GPU', memoryGb: 48 }));
    // THEN
    expect([e.prop, e.message]).toStrictEqual([prop, message]);
  });

  test('rejects an empty display name', () => {
    // GIVEN / WHEN
    const e = validationError(() => GpuType.custom({ id: 'no-name', displayName: ' ', memoryGb: 48 }));
    // THEN
    expect([e.prop, e.message]).toStrictEqual(['gpuType.displayName', 'gpuType.displayName must name the GPU (got " "); use the marketing name, e.g. "NVIDIA RTX PRO 6000"']);
  });

  test.each([[0, '0'], [-24, '-24'], [Number.NaN, 'NaN'], [Number.POSITIVE_INFINITY, 'Infinity']])('rejects memoryGb %s', (memoryGb, shown) => {
    // GIVEN / WHEN
    const e = validationError(() => GpuType.custom({ id: 'bad-memory', displayName: 'Bad GPU', memoryGb }));
    // THEN
    expect([e.prop, e.message]).toStrictEqual(['gpuType.memoryGb', `gpuType.memoryGb must be a positive number (got ${shown}); give the memory per GPU in GB, e.g. 96`]);
  });

  test('rejects a second GPU type under an id already taken', () => {
    // GIVEN a custom GPU type
    GpuType.custom({ id: 'taken-gpu', displayName: 'Taken GPU', memoryGb: 32 });
    // WHEN another one takes its id
    const e = validationError(() => GpuType.custom({ id: 'taken-gpu', displayName: 'Taken GPU', memoryGb: 64 }));
    // THEN
    expect([e.prop, e.message]).toStrictEqual(['gpuType.id',
      'gpuType.id must not name two GPU types; it is already Taken GPU with 32 GB (got "taken-gpu"); reuse the first GpuType.custom(...) or pick another id']);
  });

  test('a pool asking for a custom GPU on Cloud.eks() resolves to the extra shape that carries it', () => {
    // GIVEN a machine the catalog lacks, with a GPU the catalog lacks
    const gpu = GpuType.custom({ id: 'rtx-pro-6000', displayName: 'NVIDIA RTX PRO 6000', memoryGb: 96 });
    const extra: MachineShape = {
      name: 'g7e.12xlarge', gpuType: gpu, gpuCount: 2, gpuMemoryMiB: 96 * 1024, fabric: RdmaFabric.NONE, rdmaDevices: 0,
      vcpus: 48, memoryMiB: 524_288, localNvmeGiB: 0, arch: 'amd64', family: 'g7e',
    };
    // WHEN a pool asks for the GPU type
    const llm = new AggregatedLlm(newChart(), 'qwen', { model: MODEL, cloud: Cloud.eks({ ...EKS, extraShapes: [extra] }), workers: { gpuType: gpu, gpus: 2 } });
    // THEN it lands on the extra shape
    expect(llm.endpointCard.pools.workers.placement).toBe('g7e.12xlarge (2 × NVIDIA RTX PRO 6000)');
  });

  test('on Cloud.gke() an extra shape with a custom GPU carries its accelerator label', () => {
    // GIVEN a GCE machine type the catalog lacks, with a GPU the catalog lacks and its GKE label
    const gpu = GpuType.custom({ id: 'rtx-pro-6000', displayName: 'NVIDIA RTX PRO 6000', memoryGb: 96 });
    const extra: MachineShape = {
      name: 'g4-standard-48', gpuType: gpu, gpuCount: 1, gpuMemoryMiB: 96 * 1024, fabric: RdmaFabric.NONE, rdmaDevices: 0,
      acceleratorLabel: 'nvidia-rtx-pro-6000', family: 'g4',
    };
    // WHEN a pool asks for the GPU type
    const llm = new AggregatedLlm(newChart(), 'qwen', { model: MODEL, cloud: Cloud.gke({ extraShapes: [extra] }), workers: { gpuType: gpu, gpus: 1 } });
    // THEN it lands on the extra shape, labelled with its own label; without one a custom GPU has none, a built-in one its GPU type's
    expect(llm.endpointCard.pools.workers.placement).toBe('g4-standard-48 (1 × NVIDIA RTX PRO 6000), ComputeClass llm-qwen-workers, no RDMA');
    expect([gkeAccelerator(extra), gkeAccelerator({ ...extra, acceleratorLabel: undefined }), gkeAccelerator({ ...extra, gpuType: GpuType.L4, acceleratorLabel: undefined })])
      .toStrictEqual(['nvidia-rtx-pro-6000', undefined, 'nvidia-l4']);
  });
});

describe('RdmaFabric.custom()', () => {
  test('options are required and nixlBackend must be a NixlBackend, from an untyped caller', () => {
    expect(() => RdmaFabric.custom(null as never)).toThrow(/^fabric must be given its options \(got null\)/);
    expect(() => RdmaFabric.custom({ id: 'spectrum-y', displayName: 'SY', nixlBackend: 'UCX' as never })).toThrow(
      'fabric.nixlBackend must be a NixlBackend (got "UCX"); use NixlBackend.UCX or NixlBackend.LIBFABRIC, or leave it out for a fabric NIXL cannot use');
  });

  test('names a fabric the built-in list lacks, with or without a NIXL backend; the same options give the same instance', () => {
    // GIVEN / WHEN
    const spectrum = RdmaFabric.custom({ id: 'spectrum-x', displayName: 'Spectrum-X RoCE', nixlBackend: NixlBackend.UCX });
    const ncclOnly = RdmaFabric.custom({ id: 'nccl-only', displayName: 'NCCL-only fabric' });
    // THEN
    expect([spectrum.id, spectrum.displayName, spectrum.nixlBackend, spectrum.nixlUsable, `${spectrum}`])
      .toStrictEqual(['spectrum-x', 'Spectrum-X RoCE', NixlBackend.UCX, true, 'Spectrum-X RoCE']);
    expect([ncclOnly.nixlBackend, ncclOnly.nixlUsable]).toStrictEqual([undefined, false]);
    expect(RdmaFabric.custom({ id: 'spectrum-x', displayName: 'Spectrum-X RoCE', nixlBackend: NixlBackend.UCX })).toBe(spectrum);
  });

  test.each([
    ['Spectrum X', 'fabric.id must be a lowercase slug of letters, digits and single hyphens (got "Spectrum X"); use for example "spectrum-x"'],
    ['-roce', 'fabric.id must be a lowercase slug of letters, digits and single hyphens (got "-roce"); use for example "spectrum-x"'],
    ['efa', 'fabric.id must not be the id of a built-in fabric (got "efa"); use RdmaFabric.EFA'],
    ['gpudirect-tcpxo', 'fabric.id must not be the id of a built-in fabric (got "gpudirect-tcpxo"); use RdmaFabric.GPUDIRECT_TCPXO'],
  ])('rejects the id %j', (id, message) => {
    // GIVEN / WHEN
    const e = validationError(() => RdmaFabric.custom({ id, displayName: 'Some fabric', nixlBackend: NixlBackend.UCX }));
    // THEN
    expect([e.prop, e.message]).toStrictEqual(['fabric.id', message]);
  });

  test('rejects an empty display name', () => {
    // GIVEN / WHEN
    const e = validationError(() => RdmaFabric.custom({ id: 'no-name', displayName: '' }));
    // THEN
    expect([e.prop, e.message]).toStrictEqual(['fabric.displayName', 'fabric.displayName must name the fabric (got ""); use a human-readable name, e.g. "Spectrum-X RoCE"']);
  });

  test('rejects a second fabric under an id already taken', () => {
    // GIVEN a custom fabric with UCX
    RdmaFabric.custom({ id: 'taken-fabric', displayName: 'Taken', nixlBackend: NixlBackend.UCX });
    // WHEN another one takes its id without a NIXL backend
    const e = validationError(() => RdmaFabric.custom({ id: 'taken-fabric', displayName: 'Taken' }));
    // THEN
    expect([e.prop, e.message]).toStrictEqual(['fabric.id',
      'fabric.id must not name two fabrics; it is already Taken with NIXL UCX (got "taken-fabric"); reuse the first RdmaFabric.custom(...) or pick another id']);
  });

  test('Cloud.generic() moves the KV cache over a custom fabric with its NIXL backend', () => {
    // GIVEN a cluster whose fabric the built-in list lacks
    const fabric = RdmaFabric.custom({ id: 'spectrum-x', displayName: 'Spectrum-X RoCE', nixlBackend: NixlBackend.UCX });
    // WHEN a disaggregated deployment runs on it
    const llm = new DisaggregatedLlm(newChart(), 'qwen', {
      model: MODEL, cloud: Cloud.generic({ rdma: { fabric, resourceName: 'nvidia.com/spectrum' } }), prefill: { gpus: 1 }, decode: { gpus: 1 },
    });
    // THEN the KV cache goes through UCX over that fabric
    const card = llm.endpointCard;
    expect([card.kvTransferBackend, card.pools.prefill.placement]).toStrictEqual(['NIXL (UCX)', 'Spectrum-X RoCE × 1, NIXL UCX']);
  });
});

/** Where a pool of each GPU type lands on each catalog cloud: its placement, or the prop its error names. */
describe('GPU type resolution', () => {
  const FIXTURE = join(__dirname, 'fixtures', 'gpu-type-resolution.json');

  /** The catalog cloud profiles; AKS maps the KV-transfer pools to one node pool, which InfiniBand needs. */
  const CLOUDS: ReadonlyArray<readonly [string, (kvTransfer: boolean) => Cloud]> = [
    ['eks', () => Cloud.eks(EKS)],
    ['eks-auto-mode', () => Cloud.eksAutoMode()],
    ['gke', () => Cloud.gke()],
    ['aks', (kvTransfer) => Cloud.aks(kvTransfer ? { nodePools: { prefill: 'ndpool', decode: 'ndpool' } } : {})],
  ];

  /** The placement of each pool, or the prop of the validation error. */
  function resolve(build: () => AggregatedLlm | DisaggregatedLlm): Record<string, string | null> {
    try {
      const pools = build().endpointCard.pools;
      return Object.fromEntries(Object.entries(pools).map(([prop, p]) => [prop, p.placement ?? null]));
    } catch (e) {
      if (DynamoValidationError.isDynamoValidationError(e)) return { error: e.prop };
      throw e;
    }
  }

  function resolutions(): Record<string, Record<string, string | null>> {
    const out: Record<string, Record<string, string | null>> = {};
    for (const [cloudId, cloud] of CLOUDS) {
      for (const gpuType of GpuType.all()) {
        for (const gpus of [1, 2, 4, 8]) {
          const key = `${cloudId} ${gpuType.id} ${gpus}`;
          // A model that fits every GPU: this is about placement, not sizing.
          out[`${key} aggregated`] = resolve(() => new AggregatedLlm(newChart(), 'llm', { model: SMALL_MODEL, cloud: cloud(false), workers: { gpuType, gpus } }));
          out[`${key} kv-transfer`] = resolve(() => new DisaggregatedLlm(newChart(), 'llm', {
            model: SMALL_MODEL, cloud: cloud(true), prefill: { gpuType, gpus }, decode: { gpuType, gpus }, allowTcpKvTransfer: true,
          }));
        }
      }
    }
    return out;
  }

  test('existing gpuType pools keep their shapes (UPDATE_FIXTURES=1 rewrites the fixture)', () => {
    // GIVEN every catalog cloud × GPU type × GPUs per node × aggregated / KV-transfer pool
    // WHEN resolving each pool
    const actual = resolutions();
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(FIXTURE, `${JSON.stringify(actual, undefined, 2)}\n`);
    // THEN the placements are the checked-in ones: a new catalog row must not move an existing pool silently
    expect(existsSync(FIXTURE), `missing ${FIXTURE}; run UPDATE_FIXTURES=1 npx vitest run test/catalog.test.ts`).toBe(true);
    expect(actual).toStrictEqual(JSON.parse(readFileSync(FIXTURE, 'utf8')));
  });
});
