import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, Backend, Cloud, DisaggregatedLlm, DynamoValidationError, DynamoVersion, GpuType, KvCacheDtype, ModelArchitecture, WeightDtype,
} from '../lib';
import { EKS_OPTIONS } from './support/eks-options';
import { newChart, synthValid, validationError } from './support/synth';

const EKS = Cloud.eks(EKS_OPTIONS);
const LLAMA_70B = 'meta-llama/Llama-3.3-70B-Instruct';
const GIB = 1024 ** 3;

/** An aggregated graph on EKS p5.48xlarge (8 × H100 80GB, 81,920 MiB each). */
const onH100 = (workers: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  new AggregatedLlm(newChart(), 'llm', { model: LLAMA_70B, cloud: EKS, workers: { machineType: 'p5.48xlarge', ...workers }, ...extra });

describe('GPU fit: the weights', () => {
  test('Llama-3.3-70B in BF16 on one 80 GB GPU is refused on the pool\'s gpus, with needed vs available and the smallest TP that fits', () => {
    // GIVEN one H100 per worker
    // WHEN
    const e = validationError(() => onH100({ gpus: 1 }));
    // THEN
    expect(e.prop).toBe('workers.gpus');
    expect(e.message).toBe('workers.gpus must give the weights of meta-llama/Llama-3.3-70B-Instruct room: they need 131.4 GiB per GPU at tensor '
      + 'parallel size 1 (131.4 GiB in bf16), more than the 73.6 GiB vLLM may use on one NVIDIA H100 80GB (0.92 × 80.0 GiB) (got 1); '
      + 'use tensor parallel size 2 or more (workers.gpus: 2) with workers.maxModelLen at most 38608, or serve the FP8 checkpoint '
      + 'nvidia/Llama-3.3-70B-Instruct-FP8 (67.7 GiB) with workers.maxModelLen at most 12880');
  });

  test('names tensorParallelSize when the user wrote it', () => {
    // GIVEN 8 GPUs split TP 1 × DP 8 (vLLM data parallelism: each rank holds the whole model)
    const e = validationError(() => onH100({ gpus: 8, tensorParallelSize: 1, dataParallelSize: 8 }));
    // THEN
    expect(e.prop).toBe('workers.tensorParallelSize');
    expect(e.message).toContain('(got 1); use tensor parallel size 2 or more');
  });

  test('a model too large for one node suggests nodes', () => {
    // GIVEN DeepSeek-R1 (FP8, ~625 GiB) on 8 × H100
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: 'deepseek-ai/DeepSeek-R1', cloud: EKS, workers: { machineType: 'p5.48xlarge', gpus: 8 } }));
    // THEN
    expect(e.prop).toBe('workers.gpus');
    expect(e.message).toContain('they need 78.3 GiB per GPU at tensor parallel size 8 (626.7 GiB in fp8)');
    expect(e.message).toContain('use tensor parallel size 16 or more (workers.nodes: 2 with workers.gpus: 8)');
  });

  test('the engine\'s memory fraction counts: a lower gpuMemoryUtilization can refuse what the default fits', () => {
    expect(() => onH100({ gpus: 2, maxModelLen: 8192 })).not.toThrow();
    const e = validationError(() => onH100({ gpus: 2, maxModelLen: 8192, gpuMemoryUtilization: 0.8 }));
    expect(e.prop).toBe('workers.gpus');
    expect(e.message).toContain('more than the 64.0 GiB vLLM may use on one NVIDIA H100 80GB (0.8 × 80.0 GiB)');
  });
});

describe('GPU fit: one sequence of maxModelLen', () => {
  test('vLLM with maxModelLen unset must fit the model\'s whole context (vLLM refuses to start otherwise)', () => {
    // GIVEN Llama-3.3-70B at TP 2: 7.9 GiB of KV cache per GPU (vLLM's 0.92 of 80 GiB less 65.7 GiB of weights), 20 GiB for one 131,072-token sequence
    const e = validationError(() => onH100({ gpus: 2 }));
    // THEN
    expect(e.prop).toBe('workers.maxModelLen');
    expect(e.message).toBe('workers.maxModelLen must fit one sequence in the KV cache: 131072 tokens of meta-llama/Llama-3.3-70B-Instruct need '
      + '20.0 GiB per GPU, but 7.9 GiB per GPU is left on one NVIDIA H100 80GB (0.92 × 80.0 GiB less 65.7 GiB of weights) '
      + '(got "unset, so vLLM takes the model\'s 131072"); set workers.maxModelLen to at most 38608 (the estimate keeps 2 GiB per GPU '
      + 'for activations), or give each worker more GPUs (workers.tensorParallelSize), a higher workers.gpuMemoryUtilization, or '
      + 'workers.kvCacheDtype: KvCacheDtype.FP8');
  });

  test('the suggested length is accepted, and an explicit longer one is refused', () => {
    expect(() => onH100({ gpus: 2, maxModelLen: 38608 })).not.toThrow();
    const e = validationError(() => onH100({ gpus: 2, maxModelLen: 65536 }));
    expect(e.prop).toBe('workers.maxModelLen');
    expect(e.message).toContain('(got 65536)');
  });

  test('an FP8 KV cache halves the bytes per token: twice the length fits', () => {
    expect(() => onH100({ gpus: 2, maxModelLen: 56000 })).toThrow(DynamoValidationError);
    expect(() => onH100({ gpus: 2, maxModelLen: 56000, kvCacheDtype: KvCacheDtype.FP8 })).not.toThrow();
  });

  test('engines that start anyway (SGLang) are not refused for an unset maxModelLen; the card warns', () => {
    // GIVEN SGLang at TP 2, maxModelLen unset
    const llm = onH100({ gpus: 2 }, { backend: Backend.sglang() });
    // THEN
    expect(llm.endpointCard.warnings).toContain('workers: the model\'s context (131,072 tokens) does not fit one worker\'s KV cache; '
      + 'requests longer than about 4,000 tokens fail: set workers.maxModelLen');
    // and an explicit maxModelLen beyond the cache is refused on every engine
    expect(validationError(() => onH100({ gpus: 2, maxModelLen: 131072 }, { backend: Backend.sglang() })).prop).toBe('workers.maxModelLen');
  });
});

describe('capacity on the endpoint card', () => {
  test('Llama-3.3-70B with TP 4 on 4 × H100 80GB', () => {
    // GIVEN / WHEN
    const card = onH100({ gpus: 4 }).endpointCard;
    // THEN weights 141.1e9 B / 4 = 32.9 GiB; KV per GPU 0.92 × 80 − 32.85 − 2 (reserve) = 38.75 GiB; 81,920 B per token per GPU
    expect(card.modelArchitecture).toBe(LLAMA_70B);
    expect(card.pools.workers.capacity).toStrictEqual({
      modelArchitecture: LLAMA_70B,
      gpuType: 'NVIDIA H100 80GB',
      gpuMemoryGiB: 80,
      memoryFraction: 0.92,
      weightGiBPerGpu: 32.9,
      kvCacheGiBPerWorker: 155,
      kvCacheTokensPerWorker: 507840,
      sequenceLength: 131072,
      maxConcurrentSequences: 3,
      summary: 'weights 32.9 GiB/GPU, KV cache 155.0 GiB = 507,840 tokens, 3 × 131,072-token sequences',
    });
  });

  test('sequences count at maxModelLen, and maxNumSeqs beyond the cache is allowed and shown', () => {
    const card = onH100({ gpus: 4, maxModelLen: 8192, maxNumSeqs: 256 }).endpointCard;
    expect(card.pools.workers.capacity?.maxConcurrentSequences).toBe(61);
    expect(card.warnings).toContain('workers: maxNumSeqs 256 × 8,192 tokens needs more KV cache than one worker has (it holds 61 such '
      + 'sequences at once); the engine queues or preempts the rest');
  });

  test('an unknown architecture is not checked, and the card says so (no number shown)', () => {
    const llm = new AggregatedLlm(newChart(), 'llm', { model: 'my-org/private-70b', cloud: EKS, workers: { machineType: 'p5.48xlarge', gpus: 1 } });
    expect(llm.endpointCard.pools.workers.capacity).toBeUndefined();
    expect(llm.endpointCard.modelArchitecture).toBeUndefined();
    expect(llm.endpointCard.warnings).toContain('the architecture of my-org/private-70b is not in the catalog, so GPU fit and KV-cache '
      + 'capacity are not checked: set modelArchitecture: ModelArchitecture.custom({...}) from its config.json');
  });

  test('modelArchitecture describes a model the catalog lacks (a local path)', () => {
    // GIVEN the Llama-70B numbers under a local path
    const arch = ModelArchitecture.custom({
      name: 'my-llama', parameters: 70.6e9, numHiddenLayers: 80, numKeyValueHeads: 8, headDim: 128, maxPositionEmbeddings: 131072,
    });
    // WHEN / THEN
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', {
      model: '/models/my-llama', modelArchitecture: arch, cloud: EKS, workers: { machineType: 'p5.48xlarge', gpus: 1 },
    }));
    expect(e.prop).toBe('workers.gpus');
    const card = new AggregatedLlm(newChart(), 'llm', {
      model: '/models/my-llama', modelArchitecture: arch, cloud: EKS, workers: { machineType: 'p5.48xlarge', gpus: 4, maxModelLen: 32768 },
    }).endpointCard;
    expect(card.modelArchitecture).toBe('my-llama');
    expect(card.pools.workers.capacity?.kvCacheTokensPerWorker).toBeGreaterThan(480000);
  });

  test('a pool whose GPU is unknown (generic cloud, no gpuType) is not checked, and the card says so', () => {
    const card = new AggregatedLlm(newChart(), 'llm', { model: LLAMA_70B, workers: { gpus: 1 } }).endpointCard;
    expect(card.pools.workers.capacity).toBeUndefined();
    expect(card.warnings).toContain('workers: the GPU is unknown, so its fit and capacity are not checked: set workers.gpuType');
  });

  test('on Cloud.generic(), gpuType gives the GPU (selected by nvidia.com/gpu.product) and its memory', () => {
    // GIVEN a generic cluster and a pool that names its GPU
    const llm = new AggregatedLlm(newChart(), 'llm', { model: LLAMA_70B, workers: { gpuType: GpuType.H100_80GB, gpus: 4 } });
    // THEN it is sized like the H100 shapes of a cloud catalog, and placed by the GPU Operator's label
    expect(llm.endpointCard.pools.workers.capacity?.summary).toBe('weights 32.9 GiB/GPU, KV cache 155.0 GiB = 507,840 tokens, 3 × 131,072-token sequences');
    expect(llm.endpointCard.pools.workers.placement).toBe('NVIDIA H100 80GB (nvidia.com/gpu.product)');
    // and one GPU is refused as on any cloud
    expect(validationError(() => new AggregatedLlm(newChart(), 'llm', { model: LLAMA_70B, workers: { gpuType: GpuType.H100_80GB } })).prop).toBe('workers.gpus');
  });

  test('an engine spelling of unknown size is not checked, and the card says so', () => {
    const card = onH100({ gpus: 4, kvCacheDtype: KvCacheDtype.of('fp4_custom') }, { backend: Backend.sglang() }).endpointCard;
    expect(card.pools.workers.capacity).toBeUndefined();
    expect(card.warnings).toContain('workers: the size of kvCacheDtype fp4_custom is unknown, so its fit and capacity are not checked');
  });

  test('multi-head latent attention: the latent cache is whole on every rank; SGLang DP attention multiplies the sequences', () => {
    // GIVEN DeepSeek-R1 on 8 × H200 with SGLang, TP 8, without and with DP attention (dp 8)
    const r1 = (dataParallelSize: number) => new AggregatedLlm(newChart(), 'llm', {
      model: 'deepseek-ai/DeepSeek-R1', backend: Backend.sglang(), cloud: EKS,
      workers: { machineType: 'p5e.48xlarge', gpus: 8, dataParallelSize, gpuMemoryUtilization: 0.85, maxModelLen: 32768 },
    }).endpointCard.pools.workers.capacity;
    const tp = r1(1);
    const dp = r1(8);
    // THEN per GPU: 0.85 × 141 GiB − 78.3 GiB of weights = 41.5 GiB, 70,272 B per token (not divided by TP)
    expect(tp?.weightGiBPerGpu).toBe(78.3);
    expect(tp?.kvCacheTokensPerWorker).toBe(Math.floor((0.85 * 141 * GIB - ModelArchitecture.lookup('deepseek-ai/DeepSeek-R1')!.weightBytes() / 8) / 70272 / 16) * 16);
    // with DP attention each of the 8 ranks holds its own sequences (the dense weights are replicated, so fewer tokens per rank)
    expect(dp?.weightGiBPerGpu).toBeGreaterThan(78.3);
    expect(dp!.kvCacheTokensPerWorker).toBeGreaterThan(5 * tp!.kvCacheTokensPerWorker);
  });

  test('TensorRT-LLM: the fraction is of the memory left after the weights', () => {
    const card = new AggregatedLlm(newChart(), 'llm', {
      model: 'Qwen/Qwen3-32B-FP8', backend: Backend.trtllm(), cloud: EKS, workers: { machineType: 'p5.48xlarge', gpus: 1, maxModelLen: 32768 },
    }).endpointCard.pools.workers.capacity;
    const weights = ModelArchitecture.lookup('Qwen/Qwen3-32B-FP8')!.weightBytes();
    expect(card?.memoryFraction).toBe(0.9);
    expect(card?.kvCacheGiBPerWorker).toBe(Math.round((80 * GIB - weights - 2 * GIB) * 0.9 / GIB * 10) / 10);
  });

  test('a disaggregated graph gets a prefill:decode ratio from the two pools\' capacity, as information', () => {
    // GIVEN prefill TP 2 and decode TP 4 on H100 with the FP8 checkpoint
    const llm = new DisaggregatedLlm(newChart(), 'llm', {
      model: 'nvidia/Llama-3.3-70B-Instruct-FP8', cloud: EKS,
      prefill: { machineType: 'p5.48xlarge', gpus: 2, maxModelLen: 16384 }, decode: { machineType: 'p5.48xlarge', gpus: 4, maxModelLen: 16384 },
    });
    // THEN
    const card = llm.endpointCard;
    const p = card.pools.prefill.capacity!.kvCacheTokensPerWorker;
    const d = card.pools.decode.capacity!.kvCacheTokensPerWorker;
    expect(d / p).toBeGreaterThan(2);
    expect(card.prefillDecodeRatio).toMatchObject({ prefill: Math.round(d / p), decode: 1 });
    expect(card.prefillDecodeRatio?.basis).toContain('information only');
    synthValid(llm.node.scope as never);
  });
});

describe('engine defaults', () => {
  test('vLLM\'s default fraction is 0.92 from Dynamo 1.3 (vLLM 0.23; 0.21 raised it), 0.9 before (1.2 runs vLLM 0.20.1)', () => {
    const fraction = (dynamoVersion: DynamoVersion) => onH100({ gpus: 4 }, { dynamoVersion }).endpointCard.pools.workers.capacity?.memoryFraction;
    expect(fraction(DynamoVersion.LATEST)).toBe(0.92);
    expect(fraction(DynamoVersion.of('1.3.0'))).toBe(0.92);
    expect(fraction(DynamoVersion.of('1.2.1'))).toBe(0.9);
    expect(fraction(DynamoVersion.V1_1_0)).toBe(0.9);
  });

  test('SGLang\'s default fraction is what its server args reserve on the GPU: (memory − reserved) / memory', () => {
    // GIVEN 80 GiB at TP 2: 512 + 1.5 × 8192 + 1024 × 2 / 8 + 2 × 256 + 8 × 58 (prefill graphs) = 14,032 MiB reserved
    const tp2 = onH100({ gpus: 2, maxModelLen: 1024 }, { backend: Backend.sglang() }).endpointCard.pools.workers.capacity;
    expect(tp2?.memoryFraction).toBe(0.829);
    // 141 GiB (H200) at TP 8: 512 + 12,288 + 1,024 + 2 × 512 + 464 = 15,312 MiB
    const h200 = new AggregatedLlm(newChart(), 'llm', {
      model: LLAMA_70B, backend: Backend.sglang(), cloud: EKS, workers: { machineType: 'p5e.48xlarge', gpus: 8, maxModelLen: 4096 },
    }).endpointCard.pools.workers.capacity;
    expect(h200?.memoryFraction).toBe(Math.round((144384 - 15312) / 144384 * 1000) / 1000);
  });

  test('a model whose every layer has a sliding window: sequences stop growing at the window', () => {
    // GIVEN a Mistral-7B-v0.1-like model, every layer windowed at 4,096 tokens
    const arch = ModelArchitecture.custom({
      name: 'all-windowed', parameters: 7.24e9, numHiddenLayers: 32, numKeyValueHeads: 8, headDim: 128, maxPositionEmbeddings: 32768,
      slidingWindow: 4096, slidingWindowLayers: 32,
    });
    expect(arch.kvCacheBytesPerToken()).toBe(0);
    expect(arch.kvCacheBytesPerSequence(32768)).toBe(arch.kvCacheBytesPerSequence(4096));
    // WHEN sized on one H100 THEN any length fits and the tokens count the window's bytes
    const cap = new AggregatedLlm(newChart(), 'llm', { model: 'x/all-windowed', modelArchitecture: arch, cloud: EKS, workers: { machineType: 'p5.48xlarge' } })
      .endpointCard.pools.workers.capacity;
    expect(cap?.kvCacheTokensPerWorker).toBeGreaterThan(0);
    expect(cap?.maxConcurrentSequences).toBeGreaterThan(0);
  });
});

describe('property: random layouts of catalog models on catalog GPUs', () => {
  const MODELS = ModelArchitecture.catalog();
  const SHAPES = ['p5.48xlarge', 'p5e.48xlarge', 'p6-b200.48xlarge', 'p4de.24xlarge', 'g6e.48xlarge', 'g5.48xlarge'];
  test('synthesize with a capacity, or fail naming gpus / tensorParallelSize / maxModelLen; the suggested fix is accepted', () => {
    fc.assert(fc.property(
      fc.constantFrom(...MODELS), fc.constantFrom(...SHAPES), fc.constantFrom(1, 2, 4, 8), fc.constantFrom(...Backend.all()),
      fc.option(fc.constantFrom(2048, 8192, 32768, 131072), { nil: undefined }), fc.boolean(),
      (arch, machineType, gpus, backend, maxModelLen, fp8Kv) => {
        const build = (o: Record<string, unknown>) => new AggregatedLlm(newChart(), 'llm', {
          model: arch.name, backend, cloud: EKS,
          workers: { machineType, gpus, maxModelLen, ...(fp8Kv ? { kvCacheDtype: KvCacheDtype.FP8 } : {}), ...o },
        });
        try {
          const cap = build({}).endpointCard.pools.workers.capacity;
          expect(cap).toBeDefined();
          expect(cap!.weightGiBPerGpu).toBeGreaterThan(0);
          // more GPUs never make weights that fit stop fitting
          if (gpus < 8) build({ gpus: gpus * 2 });
        } catch (e) {
          if (!DynamoValidationError.isDynamoValidationError(e)) throw e;
          expect(['workers.gpus', 'workers.maxModelLen']).toContain(e.prop);
          const length = /set workers\.maxModelLen to at most (\d+)/.exec(e.message);
          if (length) build({ maxModelLen: Number(length[1]) });
        }
      },
    ), { numRuns: 120, seed: 16 });
  });
});

describe('WeightDtype and weight bytes', () => {
  test('block-scaled formats count their scales', () => {
    expect(WeightDtype.MXFP4.bytesPerParameter).toBe(0.53125);
    expect(WeightDtype.NVFP4.bytesPerParameter).toBe(0.5625);
    expect(WeightDtype.of('int4_awq', 0.5).bytesPerParameter).toBe(0.5);
    expect(WeightDtype.of('fp8', 1)).toBe(WeightDtype.FP8);
  });

  test('GpuType memory is the fallback when the pool has no machine shape', () => {
    expect(GpuType.H100_80GB.memoryGb).toBe(80);
  });
});

describe('review fixes: the suggested fixes pass when applied, the card rounds one way', () => {
  test('the suggested tensor parallel size and FP8 checkpoint, applied as written, are accepted (with the maxModelLen vLLM then needs)', () => {
    // GIVEN Llama-3.3-70B in BF16 on one H100 (vLLM, maxModelLen unset)
    const e = validationError(() => onH100({ gpus: 1 }));
    // WHEN each suggestion is applied as the message writes it
    const tp = /use tensor parallel size 2 or more \(workers\.gpus: (\d+)\) with workers\.maxModelLen at most (\d+)/.exec(e.message);
    const fp8 = /serve the FP8 checkpoint (\S+) \(67\.7 GiB\) with workers\.maxModelLen at most (\d+)/.exec(e.message);
    // THEN both are accepted
    expect(tp).not.toBeNull();
    expect(fp8).not.toBeNull();
    expect(() => onH100({ gpus: Number(tp![1]), maxModelLen: Number(tp![2]) })).not.toThrow();
    expect(() => new AggregatedLlm(newChart(), 'llm', { model: fp8![1], cloud: EKS, workers: { machineType: 'p5.48xlarge', gpus: 1, maxModelLen: Number(fp8![2]) } }))
      .not.toThrow();
  });

  test('the FP8 checkpoint is not suggested where it does not fit the pool either', () => {
    // GIVEN Llama-3.3-70B in BF16 on one L40S (44.7 GiB as the clouds report it, 41.1 GiB usable): the FP8 checkpoint's 67.7 GiB does not fit it either
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: LLAMA_70B, workers: { gpuType: GpuType.L40S, gpus: 1 } }));
    // THEN only the tensor parallel size is suggested
    expect(e.message).not.toContain('FP8 checkpoint');
    expect(e.message).toContain('; use tensor parallel size 4 or more (workers.gpus: 4) with workers.maxModelLen at most 82208');
  });

  test('SGLang: the suggested size is checked at the default fraction of that size (more ranks reserve more)', () => {
    // GIVEN weights of 132.72 GiB: at TP 2, 66.36 GiB per GPU, more than SGLang's 0.829 × 80 GiB (66.3) at TP 2, less than its 0.83 at TP 1
    const arch = ModelArchitecture.custom({ name: 'edge-132b', parameters: 66.36 * GIB, numHiddenLayers: 80, numKeyValueHeads: 8, headDim: 128, maxPositionEmbeddings: 8192 });
    const build = (gpus: number) => new AggregatedLlm(newChart(), 'llm', { model: 'x/edge', modelArchitecture: arch, backend: Backend.sglang(), workers: { gpuType: GpuType.H100_80GB, gpus } });
    // WHEN one GPU is refused
    const e = validationError(() => build(1));
    // THEN the suggestion is TP 4, which is accepted, not TP 2, which is not
    expect(e.message).toContain('; use tensor parallel size 4 or more (workers.gpus: 4)');
    expect(validationError(() => build(2)).prop).toBe('workers.gpus');
    expect(build(4).endpointCard.pools.workers.capacity?.memoryFraction).toBe(0.819);
  });

  test('the summary states the weights per GPU as weightGiBPerGpu rounds them', () => {
    // GIVEN weights of exactly the double 1.45 GiB (toFixed gives 1.4, Math.round of ×10 gives 1.5)
    const arch = ModelArchitecture.custom({ name: 'w145', parameters: 1.45 * 2 ** 29, numHiddenLayers: 8, numKeyValueHeads: 8, headDim: 128, maxPositionEmbeddings: 8192 });
    // WHEN
    const cap = new AggregatedLlm(newChart(), 'llm', { model: 'x/w145', modelArchitecture: arch, workers: { gpuType: GpuType.H100_80GB } }).endpointCard.pools.workers.capacity;
    // THEN
    expect(cap?.weightGiBPerGpu).toBe(1.5);
    expect(cap?.summary.startsWith('weights 1.5 GiB/GPU, ')).toBe(true);
  });

  test('an untyped kvCacheDtype is named with the value given', () => {
    // GIVEN / WHEN a string where a KvCacheDtype belongs
    const e = validationError(() => ModelArchitecture.lookup(LLAMA_70B)!.kvCacheBytesPerToken('fp8' as unknown as KvCacheDtype));
    // THEN
    expect(e.message).toBe('kvCacheDtype must be a KvCacheDtype (got "fp8"); use KvCacheDtype.FP8, or omit it for BF16');
  });

  test('every refused weights fit of a catalog model on a catalog shape names a tensor parallel size that, applied as written, is accepted', () => {
    // GIVEN every catalog model on 1 or 2 GPUs of five shapes, each engine, maxModelLen unset, 8,192 or 32,768
    const SHAPES = ['p5.48xlarge', 'p5e.48xlarge', 'p4de.24xlarge', 'g6e.48xlarge', 'g5.48xlarge'];
    let applied = 0;
    for (const arch of ModelArchitecture.catalog()) {
      for (const machineType of SHAPES) {
        for (const gpus of [1, 2]) {
          for (const backend of Backend.all()) {
            for (const maxModelLen of [undefined, 8192, 32768]) {
              const build = (o: Record<string, unknown>) => new AggregatedLlm(newChart(), 'llm', {
                model: arch.name, backend, cloud: EKS, workers: { machineType, gpus, maxModelLen, ...o },
              });
              // WHEN the weights are refused
              let message: string | undefined;
              try {
                build({});
              } catch (e) {
                if (!DynamoValidationError.isDynamoValidationError(e)) throw e;
                if (e.prop === 'workers.gpus') message = e.message;
              }
              const fix = message && /use tensor parallel size \d+ or more \(workers\.gpus: (\d+)\)(?: with workers\.maxModelLen at most (\d+))?/.exec(message);
              if (!fix) continue;
              // THEN the suggestion, applied, is accepted
              expect(() => build({ gpus: Number(fix[1]), ...(fix[2] ? { maxModelLen: Number(fix[2]) } : {}) }), `${arch.name} ${machineType} ${gpus} ${backend} ${maxModelLen}`)
                .not.toThrow();
              applied++;
            }
          }
        }
      }
    }
    expect(applied).toBeGreaterThan(300);
  });
});

describe('review fixes: engine flags in extraArgs that sizing does not read', () => {
  test('a vLLM --max-model-len in extraArgs is not taken for an unset maxModelLen: the pool is not checked, and the card says so', () => {
    // GIVEN Llama-3.3-70B at TP 2 on H100, the length passed as upstream manifests pass it (vLLM serves 8,192 tokens there)
    const llm = onH100({ gpus: 2, extraArgs: ['--max-model-len', '8192'] });
    // THEN no refusal for the model's 131,072 tokens, no capacity guessed, and a warning naming the prop to use
    expect(llm.endpointCard.pools.workers.capacity).toBeUndefined();
    expect(llm.endpointCard.warnings).toContain('workers: --max-model-len in extraArgs or command is not read by sizing, so its fit and capacity are not checked: '
      + 'set workers.maxModelLen instead');
  });

  test('flags that change the weights per GPU (vLLM expert parallelism, online quantization, CPU offload) skip the check instead of refusing', () => {
    // GIVEN DeepSeek-R1 at TP 1 × DP 8 on H200 with --enable-expert-parallel (93.8 GiB per GPU when the experts spread), and a BF16 70B quantized online
    const r1 = new AggregatedLlm(newChart(), 'llm', {
      model: 'deepseek-ai/DeepSeek-R1', cloud: EKS,
      workers: { machineType: 'p5e.48xlarge', gpus: 8, tensorParallelSize: 1, dataParallelSize: 8, maxModelLen: 8192, extraArgs: ['--enable-expert-parallel'] },
    });
    // THEN neither is refused; each says what to set, or that it is not modelled
    expect(r1.endpointCard.warnings).toContain('workers: --enable-expert-parallel in extraArgs or command is not read by sizing, so its fit and capacity are not '
      + 'checked: set workers.expertParallelSize instead');
    for (const extraArgs of [['--quantization', 'fp8'], ['--cpu-offload-gb=80'], ['--gpu-memory-utilization', '0.95']]) {
      expect(() => onH100({ gpus: 1, maxModelLen: 8192, extraArgs })).not.toThrow();
    }
    expect(onH100({ gpus: 1, maxModelLen: 8192, extraArgs: ['--quantization', 'fp8'] }).endpointCard.warnings)
      .toContain('workers: --quantization in extraArgs or command is not read by sizing, so its fit and capacity are not checked');
  });

  test('SGLang spellings count too (--context-length, --mem-fraction-static, --dp with --enable-dp-attention)', () => {
    const sg = (extraArgs: string[]) => onH100({ gpus: 2, extraArgs }, { backend: Backend.sglang() });
    expect(() => sg(['--context-length', '4096', '--mem-fraction-static', '0.95'])).not.toThrow();
    expect(sg(['--context-length', '4096']).endpointCard.warnings.some((w) => w.includes('set workers.maxModelLen instead'))).toBe(true);
    expect(sg(['--dp', '1']).endpointCard.warnings.some((w) => w.includes('--dp in extraArgs or command is not read by sizing') && w.includes('set workers.dataParallelSize instead')))
      .toBe(true);
  });

  test('flags sizing does not depend on leave the check in place', () => {
    expect(validationError(() => onH100({ gpus: 1, extraArgs: ['--no-enable-prefix-caching', '--async-scheduling'] })).prop).toBe('workers.gpus');
  });
});

describe('review fixes: --quantization naming the checkpoint\'s own type', () => {
  test('a --quantization that names the checkpoint\'s own weight type keeps the check (gpt-oss mxfp4); another type skips it', () => {
    const gptOss = (extraArgs: string[]) => new AggregatedLlm(newChart(), 'llm', {
      model: 'openai/gpt-oss-120b', cloud: EKS, workers: { machineType: 'p5e.48xlarge', gpus: 1, maxModelLen: 32768, extraArgs },
    }).endpointCard.pools.workers.capacity;
    expect(gptOss(['--quantization', 'mxfp4'])?.weightGiBPerGpu).toBe(60.7);
    expect(gptOss(['--quantization=mxfp4'])?.weightGiBPerGpu).toBe(60.7);
    expect(gptOss(['--quantization', 'fp8'])).toBeUndefined();
  });
});

describe('review fixes: a command that launches the engine itself', () => {
  test('flags inside a pool\'s command (a shell launch line) count like extraArgs', () => {
    // GIVEN Llama-3.3-70B at TP 2 on H100, launched by a shell line that sets the length itself
    const llm = onH100({ gpus: 2, command: ['/bin/sh', '-c', 'exec python3 -m dynamo.vllm --max-model-len 8192 "$@"', '--'] });
    // THEN no refusal for the model's 131,072 tokens, and the card says why nothing is checked
    expect(llm.endpointCard.pools.workers.capacity).toBeUndefined();
    expect(llm.endpointCard.warnings.some((w) => w.startsWith('workers: --max-model-len in extraArgs or command is not read by sizing'))).toBe(true);
    // and a launcher without such flags keeps the check
    expect(validationError(() => onH100({ gpus: 2, command: ['/bin/sh', '-c', 'ulimit -l unlimited && exec python3 -m dynamo.vllm "$@"', '--'] })).prop)
      .toBe('workers.maxModelLen');
  });
});

describe('a refused graph', () => {
  test('leaves nothing in the chart when the caller catches the error and synthesizes anyway', () => {
    // GIVEN a chart with a valid graph, and a second graph whose weights do not fit (refused after its node pools are built)
    const chart = newChart();
    new AggregatedLlm(chart, 'fits', { model: LLAMA_70B, cloud: EKS, workers: { machineType: 'p5.48xlarge', gpus: 4 } });
    expect(() => onH100Into(chart)).toThrow(DynamoValidationError);
    // WHEN the chart is synthesized anyway
    const objs = synthValid(chart);
    // THEN only the first graph's objects are written: no NodePool or DGD of the refused one
    expect(objs.filter((o) => String(o.metadata?.name ?? '').includes('refused'))).toStrictEqual([]);
    expect(chart.node.tryFindChild('refused')).toBeUndefined();
  });
});

function onH100Into(chart: ReturnType<typeof newChart>): AggregatedLlm {
  return new AggregatedLlm(chart, 'refused', { model: LLAMA_70B, cloud: EKS, workers: { machineType: 'p5.48xlarge', gpus: 1 } });
}

describe('after the last read', () => {
  test('vLLM data parallelism shards the routed experts over tensor × data, with or without expert parallelism', () => {
    // GIVEN Qwen3-235B-A22B-FP8 on 8 × H200, TP 1 × DP 8, without and with expertParallelSize
    const qwen = (expertParallelSize?: number) => new AggregatedLlm(newChart(), 'llm', {
      model: 'Qwen/Qwen3-235B-A22B-FP8', cloud: EKS,
      workers: { machineType: 'p5en.48xlarge', gpus: 8, dataParallelSize: 8, maxModelLen: 8192, ...(expertParallelSize ? { expertParallelSize } : {}) },
    }).endpointCard.pools.workers.capacity;
    // THEN both fit, with the same weights per GPU (vLLM's fused MoE flattens TP across the DP ranks)
    expect(qwen()?.weightGiBPerGpu).toBe(qwen(8)?.weightGiBPerGpu);
    expect(qwen()?.weightGiBPerGpu).toBeLessThan(40);
  });

  test('the FP8 checkpoint is suggested only for the model it quantizes, not for a fine-tune of the same architecture', () => {
    const refuse = (model: string) => validationError(() => new AggregatedLlm(newChart(), 'llm', { model, cloud: EKS, workers: { machineType: 'p5.48xlarge', gpus: 1 } }));
    expect(refuse('meta-llama/Llama-3.3-70B-Instruct').message).toContain('serve the FP8 checkpoint nvidia/Llama-3.3-70B-Instruct-FP8');
    expect(refuse('meta-llama/Llama-3.1-70B-Instruct').message).toContain('serve the FP8 checkpoint nvidia/Llama-3.1-70B-Instruct-FP8');
    expect(refuse('deepseek-ai/DeepSeek-R1-Distill-Llama-70B').message).not.toContain('FP8 checkpoint');
    expect(refuse('meta-llama/Llama-3.1-70B').message).not.toContain('FP8 checkpoint');
  });

  test('SGLang\'s maxNumSeqs is shared by its DP-attention ranks: no queueing warning while the total fits', () => {
    // GIVEN DeepSeek-R1 on 8 × H200, SGLang TP 8 DP 8, 32k sequences, 64 running requests in all
    const card = new AggregatedLlm(newChart(), 'llm', {
      model: 'deepseek-ai/DeepSeek-R1', backend: Backend.sglang(), cloud: EKS,
      workers: { machineType: 'p5e.48xlarge', gpus: 8, dataParallelSize: 8, gpuMemoryUtilization: 0.85, maxModelLen: 32768, maxNumSeqs: 64 },
    }).endpointCard;
    // THEN the cache holds more than 64 such sequences, so nothing queues
    expect(card.pools.workers.capacity!.maxConcurrentSequences).toBeGreaterThan(64);
    expect(card.warnings.filter((w) => w.includes('maxNumSeqs'))).toStrictEqual([]);
  });

  test('the length refusal does not suggest what the pool already has', () => {
    const e = validationError(() => onH100({ gpus: 2, maxModelLen: 160000, kvCacheDtype: KvCacheDtype.FP8, gpuMemoryUtilization: 0.96 }));
    expect(e.prop).toBe('workers.maxModelLen');
    expect(e.message).toMatch(/, or give each worker more GPUs \(workers\.tensorParallelSize\)$/);
  });

  test('a sequence that fits only without the reserve: vLLM may refuse to start, TensorRT-LLM fails such requests', () => {
    // GIVEN Llama-3.3-70B BF16 at TP 2, a length between the two bounds (38,608 with the reserve, 51,200 without)
    const vllm = onH100({ gpus: 2, maxModelLen: 45000 }).endpointCard.warnings;
    expect(vllm.some((w) => w.includes('the engine may refuse to start'))).toBe(true);
    const trt = new AggregatedLlm(newChart(), 'llm', {
      model: 'Qwen/Qwen3-32B', backend: Backend.trtllm(), cloud: EKS, workers: { machineType: 'p5.48xlarge', gpus: 1, maxModelLen: 36000 },
    }).endpointCard.warnings;
    expect(trt.some((w) => w.includes('the engine may refuse to start'))).toBe(false);
  });

  test('speculative decoding: the pool is sized, and the card says the draft is not counted', () => {
    const card = onH100({ gpus: 4, maxModelLen: 8192, extraArgs: ['--speculative-config', '{"method":"eagle3","num_speculative_tokens":3}'] }).endpointCard;
    expect(card.pools.workers.capacity).toBeDefined();
    expect(card.warnings).toContain('workers: speculative decoding\'s draft model or head is not counted: its weights and KV cache take from the capacity shown');
  });
});
