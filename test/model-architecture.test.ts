import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DynamoValidationError, KvCacheDtype, ModelArchitecture, ModelArchitectureProps, WeightDtype } from '../lib';

/**
 * The fields of a published Hugging Face `config.json` that decide a model's memory, as
 * test/fixtures/model-configs/*.json keep them (with `_model`, the id they were published under,
 * and `_source`, the repository, path and commit they were read from).
 */
interface HfConfig {
  readonly _model: string;
  readonly _source: string;
  readonly model_type: string;
  readonly num_hidden_layers: number;
  readonly num_attention_heads: number;
  readonly num_key_value_heads: number;
  readonly head_dim?: number;
  readonly hidden_size: number;
  readonly max_position_embeddings: number;
  readonly q_lora_rank?: number;
  readonly kv_lora_rank?: number;
  readonly qk_nope_head_dim?: number;
  readonly qk_rope_head_dim?: number;
  readonly v_head_dim?: number;
  readonly sliding_window?: number | null;
  readonly layer_types?: readonly string[];
  readonly n_routed_experts?: number;
  readonly n_shared_experts?: number;
  readonly num_local_experts?: number;
  readonly num_experts?: number;
  readonly num_experts_per_tok?: number;
  readonly moe_intermediate_size?: number;
  readonly intermediate_size: number;
  readonly first_k_dense_replace?: number;
  readonly vocab_size: number;
  readonly tie_word_embeddings: boolean;
  readonly torch_dtype?: string;
  readonly quantization_config?: { readonly quant_method: string };
  readonly _hf_quant_config?: { readonly quantization: { readonly quant_algo: string } };
}

const FIXTURES = join(__dirname, 'fixtures', 'model-configs');
const CONFIGS: readonly HfConfig[] = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as HfConfig);

/** Catalog rows whose checkpoint's own config.json was not read: the base model's fixture and the weight type. */
const VARIANTS: readonly (readonly [string, string, WeightDtype])[] = [
  ['nvidia/Llama-3.1-8B-Instruct-FP8', 'meta-llama/Meta-Llama-3.1-8B', WeightDtype.FP8],
  ['Qwen/Qwen3-0.6B-FP8', 'Qwen/Qwen3-0.6B', WeightDtype.FP8],
  ['Qwen/Qwen3-8B-FP8', 'Qwen/Qwen3-8B', WeightDtype.FP8],
];

function config(model: string): HfConfig {
  const found = CONFIGS.find((c) => c._model === model);
  if (!found) throw new Error(`no fixture for ${model}`);
  return found;
}

function arch(modelId: string): ModelArchitecture {
  const found = ModelArchitecture.lookup(modelId);
  if (!found) throw new Error(`${modelId} is not in the catalog`);
  return found;
}

/** Parameters of one layer: attention, the MLP or MoE block (router and shared experts included), and the routed experts' share. */
function layerParameters(c: HfConfig, layer: number): { readonly block: number; readonly routed: number } {
  const h = c.hidden_size;
  const heads = c.num_attention_heads;
  if (c.model_type === 'deepseek_v3') {
    const q = c.q_lora_rank!, kv = c.kv_lora_rank!, rope = c.qk_rope_head_dim!, nope = c.qk_nope_head_dim!, v = c.v_head_dim!;
    const attention = h * q + q + q * heads * (nope + rope) + h * (kv + rope) + kv + kv * heads * (nope + v) + heads * v * h;
    if (layer < c.first_k_dense_replace!) return { block: attention + 3 * h * c.intermediate_size, routed: 0 };
    const e = c.n_routed_experts!, routed = e * 3 * h * c.moe_intermediate_size!;
    // Routed experts, shared experts, the router and its score-correction bias.
    return { block: attention + routed + c.n_shared_experts! * 3 * h * c.moe_intermediate_size! + h * e + e, routed };
  }
  const kvHeads = c.num_key_value_heads, d = c.head_dim ?? h / heads;
  if (c.model_type === 'gpt_oss') {
    const e = c.num_local_experts!, f = c.intermediate_size;
    // Biased q/k/v/o projections, one attention sink per head; experts with gate_up (h → 2f) and down (f → h), both biased.
    const attention = h * heads * d + heads * d + 2 * (h * kvHeads * d + kvHeads * d) + heads * d * h + h + heads;
    const routed = e * (h * 2 * f + 2 * f + f * h + h);
    return { block: attention + routed + h * e + e, routed };
  }
  const attention = h * heads * d + 2 * h * kvHeads * d + heads * d * h + (c.model_type.startsWith('qwen3') ? 2 * d : 0);
  if (c.model_type === 'qwen3_moe') {
    const routed = c.num_experts! * 3 * h * c.moe_intermediate_size!;
    return { block: attention + routed + h * c.num_experts!, routed };
  }
  if (c.model_type === 'mixtral') {
    const routed = c.num_local_experts! * 3 * h * c.intermediate_size;
    return { block: attention + routed + h * c.num_local_experts!, routed };
  }
  return { block: attention + 3 * h * c.intermediate_size, routed: 0 };
}

/** The parameters a serving engine loads: embeddings, the output head unless tied, every layer with its two norms, the final norm. */
function countParameters(c: HfConfig): { readonly total: number; readonly experts: number } {
  let total = c.vocab_size * c.hidden_size * (c.tie_word_embeddings ? 1 : 2) + c.hidden_size;
  let experts = 0;
  for (let layer = 0; layer < c.num_hidden_layers; layer++) {
    const { block, routed } = layerParameters(c, layer);
    total += block + 2 * c.hidden_size;
    experts += routed;
  }
  return { total, experts };
}

/** What the catalog row must say, mapped from the config's Hugging Face names. */
function expected(c: HfConfig): Record<string, unknown> {
  const sliding = (c.layer_types ?? []).filter((t) => t === 'sliding_attention').length;
  const mla = c.kv_lora_rank !== undefined;
  const quant = c.quantization_config?.quant_method ?? c._hf_quant_config?.quantization.quant_algo.toLowerCase();
  const { total, experts } = countParameters(c);
  // gpt-oss's config.json names no torch_dtype: its non-expert weights are BF16 (the MXFP4 config leaves them unconverted).
  expect(['bfloat16', undefined]).toContain(c.torch_dtype);
  return {
    parameters: total,
    numHiddenLayers: c.num_hidden_layers,
    numAttentionHeads: c.num_attention_heads,
    hiddenSize: c.hidden_size,
    numKeyValueHeads: mla ? undefined : c.num_key_value_heads,
    headDim: mla ? undefined : c.head_dim ?? c.hidden_size / c.num_attention_heads,
    kvLoraRank: c.kv_lora_rank,
    qkRopeHeadDim: mla ? c.qk_rope_head_dim : undefined,
    slidingWindow: sliding > 0 ? c.sliding_window : undefined,
    slidingWindowLayers: sliding,
    maxPositionEmbeddings: c.max_position_embeddings,
    numExperts: c.n_routed_experts ?? c.num_local_experts ?? c.num_experts,
    numExpertsPerTok: c.num_experts_per_tok,
    expertParameters: experts,
    weightDtype: quant === 'fp8' ? WeightDtype.FP8 : WeightDtype.BF16,
    expertWeightDtype: quant === 'fp8' ? WeightDtype.FP8 : quant === 'mxfp4' ? WeightDtype.MXFP4 : WeightDtype.BF16,
  };
}

function actual(a: ModelArchitecture): Record<string, unknown> {
  return {
    parameters: a.parameters, numHiddenLayers: a.numHiddenLayers, numAttentionHeads: a.numAttentionHeads, hiddenSize: a.hiddenSize,
    numKeyValueHeads: a.numKeyValueHeads, headDim: a.headDim, kvLoraRank: a.kvLoraRank, qkRopeHeadDim: a.qkRopeHeadDim,
    slidingWindow: a.slidingWindow, slidingWindowLayers: a.slidingWindowLayers, maxPositionEmbeddings: a.maxPositionEmbeddings,
    numExperts: a.numExperts, numExpertsPerTok: a.numExpertsPerTok, expertParameters: a.expertParameters,
    weightDtype: a.weightDtype, expertWeightDtype: a.expertWeightDtype,
  };
}

function errorOf(fn: () => unknown): DynamoValidationError {
  try {
    fn();
  } catch (e) {
    if (DynamoValidationError.isDynamoValidationError(e)) return e;
    throw e;
  }
  throw new Error('expected a DynamoValidationError');
}

describe('ModelArchitecture: the figures of the issue', () => {
  test('Llama-3.3-70B caches 327,680 bytes per token in BF16, half in FP8', () => {
    // GIVEN the catalog's Llama-3.3-70B-Instruct (80 layers × 8 KV heads × 128)
    const llama = arch('meta-llama/Llama-3.3-70B-Instruct');
    // WHEN its KV bytes per token are asked, without and with an FP8 cache
    // THEN 80 × 2 × 8 × 128 × 2 bytes, and half of it in FP8
    expect([llama.kvCacheBytesPerToken(), llama.kvCacheBytesPerToken(KvCacheDtype.FP8)]).toStrictEqual([327_680, 163_840]);
  });

  test('DeepSeek-R1 caches the MLA latent: 70,272 bytes per token, 35,136 in FP8', () => {
    // GIVEN DeepSeek-R1 (61 layers, kv_lora_rank 512 + qk_rope_head_dim 64)
    const r1 = arch('deepseek-ai/DeepSeek-R1');
    // WHEN / THEN 61 × 576 × 2 bytes, not the 128-head MHA figure
    expect([r1.isMla, r1.kvCacheBytesPerToken(), r1.kvCacheBytesPerToken(KvCacheDtype.FP8_E4M3)]).toStrictEqual([true, 70_272, 35_136]);
  });

  test('gpt-oss-120b: only the 18 full-attention layers grow; a sequence adds the 128-token window of the other 18', () => {
    // GIVEN gpt-oss-120b, 18 of 36 layers attending to a 128-token window, 2,048 KV bytes per layer and token
    const oss = arch('openai/gpt-oss-120b');
    // WHEN the growth per token and the bytes of sequences shorter and longer than the window are asked
    const sequences = [1, 100, 128, 129, 131_072].map((n) => oss.kvCacheBytesPerSequence(n));
    // THEN 18 × 2,048 per token, plus the windowed layers for at most 128 tokens
    expect(oss.kvCacheBytesPerToken()).toBe(36_864);
    expect(sequences).toStrictEqual([73_728, 7_372_800, 9_437_184, 9_474_048, 36_864 * 131_072 + 18 * 2048 * 128]);
    expect(oss.kvCacheBytesPerSequence(131_072, KvCacheDtype.FP8)).toBe(sequences[4] / 2);
  });

  test('a dense model: the bytes of a sequence are the bytes per token times its tokens', () => {
    const qwen = arch('Qwen/Qwen3-32B');
    expect([qwen.kvCacheBytesPerToken(), qwen.kvCacheBytesPerSequence(40_960)]).toStrictEqual([262_144, 262_144 * 40_960]);
  });
});

describe('ModelArchitecture: every catalog row equals its published config.json', () => {
  test.each(CONFIGS.map((c) => [c._model, c] as const))('%s', (model, c) => {
    // GIVEN the published config (fixture) WHEN the catalog is asked for its id THEN every field matches
    expect(c._source).toMatch(/ @[0-9a-f]{40}$/);
    expect(actual(arch(model))).toStrictEqual(expected(c));
  });

  test.each(VARIANTS)('%s: the architecture of %s, in its own weight type', (variant, base, dtype) => {
    expect(actual(arch(variant))).toStrictEqual({ ...expected(config(base)), weightDtype: dtype, expertWeightDtype: dtype });
  });

  test('every row is covered by a fixture or a variant, and names its source with a commit', () => {
    // GIVEN the ids the fixtures and variants check
    const checked = new Set([...CONFIGS.map((c) => c._model), ...VARIANTS.map(([v]) => v)].map((id) => arch(id).modelIds[0]));
    // WHEN / THEN every catalog row is one of them, its name its first id, its source a commit-pinned file
    for (const row of ModelArchitecture.catalog()) {
      expect(checked.has(row.name), row.name).toBe(true);
      expect(row.name).toBe(row.modelIds[0]);
      expect(row.source).toMatch(/@[0-9a-f]{8,40}/);
      expect(row.source).not.toMatch(/TODO/);
    }
    expect(ModelArchitecture.catalog()).toHaveLength(16);
  });

  test('every catalog row passes the checks custom() applies', () => {
    for (const row of ModelArchitecture.catalog()) {
      const props: ModelArchitectureProps = {
        name: row.name, parameters: row.parameters, numHiddenLayers: row.numHiddenLayers, maxPositionEmbeddings: row.maxPositionEmbeddings,
        numKeyValueHeads: row.numKeyValueHeads, headDim: row.headDim, kvLoraRank: row.kvLoraRank, qkRopeHeadDim: row.qkRopeHeadDim,
        slidingWindow: row.slidingWindow, slidingWindowLayers: row.slidingWindowLayers, weightDtype: row.weightDtype,
        expertParameters: row.expertParameters, expertWeightDtype: row.expertWeightDtype, numAttentionHeads: row.numAttentionHeads,
        hiddenSize: row.hiddenSize, numExperts: row.numExperts, numExpertsPerTok: row.numExpertsPerTok, unquantizedParameters: row.unquantizedParameters,
      };
      // (a dense row's experts' type is its weight type: leave it out, as custom() wants it only with experts)
      const custom = ModelArchitecture.custom(row.expertParameters > 0 ? props : { ...props, expertWeightDtype: undefined });
      expect([custom.kvCacheBytesPerToken(), custom.weightBytes()]).toStrictEqual([row.kvCacheBytesPerToken(), row.weightBytes()]);
    }
  });

  test('the models of the examples and of Dynamo\'s recipes are in the catalog', () => {
    const ids = [
      'Qwen/Qwen3-0.6B', 'Qwen/Qwen3-8B', 'Qwen/Qwen3-32B', 'Qwen/Qwen3-32B-FP8', 'Qwen/Qwen3-235B-A22B-FP8',
      'meta-llama/Llama-3.1-8B-Instruct', 'meta-llama/Llama-3.3-70B-Instruct', 'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic',
      'deepseek-ai/DeepSeek-R1-Distill-Llama-70B', 'deepseek-ai/DeepSeek-R1', 'openai/gpt-oss-120b',
    ];
    expect(ids.filter((id) => ModelArchitecture.lookup(id) === undefined)).toStrictEqual([]);
  });
});

describe('ModelArchitecture.lookup', () => {
  test('ids are matched case-insensitively, as the Hub resolves them', () => {
    // the same instance whatever the case, named as the catalog spells the id
    expect(ModelArchitecture.lookup('META-LLAMA/llama-3.3-70b-INSTRUCT')).toBe(arch('meta-llama/Llama-3.3-70B-Instruct'));
    expect(arch('META-LLAMA/llama-3.3-70b-INSTRUCT').name).toBe('meta-llama/Llama-3.3-70B-Instruct');
    // ids of one row share its numbers and source, each under its own name
    expect(arch('deepseek-ai/DeepSeek-R1-Distill-Llama-70B').modelIds).toBe(arch('meta-llama/Llama-3.1-70B-Instruct').modelIds);
    expect(arch('deepseek-ai/DeepSeek-R1-Distill-Llama-70B').name).toBe('deepseek-ai/DeepSeek-R1-Distill-Llama-70B');
    expect(arch('RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic').modelIds).not.toBe(arch('meta-llama/Llama-3.3-70B-Instruct').modelIds);
  });

  test.each([
    ['an unknown model', 'my-org/my-model'],
    ['Llama 3.3 in a size Meta did not publish', 'meta-llama/Llama-3.3-8B-Instruct'],
    ['a local path', '/models/Llama-3.3-70B-Instruct'],
    ['an id with a trailing slash', 'meta-llama/Llama-3.3-70B-Instruct/'],
    ['an object-store URI', 's3://bucket/meta-llama/Llama-3.3-70B-Instruct'],
    ['an empty string', ''],
    ['a number from an untyped caller', 42],
    ['null from an untyped caller', null],
  ])('%s is not in the catalog', (_what, id) => {
    expect(ModelArchitecture.lookup(id as string)).toBeUndefined();
  });

  test('a catalog row names its ids and source; a custom architecture has neither', () => {
    const r1 = arch('deepseek-ai/DeepSeek-V3');
    expect([r1.name, r1.toString(), r1.modelIds]).toStrictEqual(['deepseek-ai/DeepSeek-V3', 'deepseek-ai/DeepSeek-V3',
      ['deepseek-ai/DeepSeek-R1', 'deepseek-ai/DeepSeek-V3', 'deepseek-ai/DeepSeek-R1-0528', 'deepseek-ai/DeepSeek-V3-0324']]);
    const mine = ModelArchitecture.custom({ name: 'my-org/my-8b', parameters: 8e9, numHiddenLayers: 32, numKeyValueHeads: 8, headDim: 128, maxPositionEmbeddings: 8192 });
    expect([mine.modelIds, mine.source, mine.isMla, mine.slidingWindowLayers, mine.expertParameters]).toStrictEqual([[], undefined, false, 0, 0]);
  });
});

describe('ModelArchitecture.weightBytes', () => {
  test.each([
    ['BF16 dense: 2 bytes per parameter', 'meta-llama/Llama-3.3-70B-Instruct', 141_107_412_992],
    // 68,452,360,192 FP8 parameters + the embeddings and output head (2 × 128,256 × 8,192) in BF16
    ['FP8 dense: 1 byte per parameter, embeddings in BF16', 'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic', 72_655_052_800],
    // 669,173,061,120 FP8 parameters + the embeddings and output head (2 × 129,280 × 7,168) in BF16
    ['FP8 MoE, embeddings in BF16', 'deepseek-ai/DeepSeek-R1', 672_879_777_280],
    ['BF16 MoE', 'mistralai/Mixtral-8x7B-v0.1', 93_405_585_408],
    // 2,127,557,952 BF16 parameters + 114,701,598,720 MXFP4 expert parameters at 4.25 bits
    ['MXFP4 experts, BF16 attention and embeddings', 'openai/gpt-oss-120b', 2_127_557_952 * 2 + 60_935_224_320],
    ['tied embeddings counted once', 'Qwen/Qwen3-0.6B', 1_192_099_840],
  ])('%s (%s)', (_what, id, bytes) => {
    expect(arch(id).weightBytes()).toBe(bytes);
  });

  test('a custom weight type and custom expert weight type', () => {
    const moe = ModelArchitecture.custom({
      name: 'my-org/moe', parameters: 10e9, expertParameters: 8e9, numHiddenLayers: 10, numKeyValueHeads: 4, headDim: 64,
      maxPositionEmbeddings: 4096, weightDtype: WeightDtype.FP8, expertWeightDtype: WeightDtype.of('int4_awq', 0.5),
    });
    expect(moe.weightBytes()).toBe(2e9 + 4e9);
  });
});

describe('ModelArchitecture.custom: untyped callers get a named error', () => {
  const BASE = { name: 'my-org/my-8b', parameters: 8e9, numHiddenLayers: 32, numKeyValueHeads: 8, headDim: 128, maxPositionEmbeddings: 131072 };
  const EXAMPLE = "use ModelArchitecture.custom({ name: 'my-org/my-8b', parameters: 8.0e9, numHiddenLayers: 32, numKeyValueHeads: 8, headDim: 128, maxPositionEmbeddings: 131072 })";
  const NUMBER = 'pass a number, not a string such as "4"';

  test.each([
    ['null', null, 'modelArchitecture', `modelArchitecture must be given the model's numbers (got null); ${EXAMPLE}`],
    ['undefined', undefined, 'modelArchitecture', `modelArchitecture must be given the model's numbers (got undefined); ${EXAMPLE}`],
    ['a string', 'meta-llama/Llama-3.3-70B-Instruct', 'modelArchitecture', `modelArchitecture must be given the model's numbers (got "meta-llama/Llama-3.3-70B-Instruct"); ${EXAMPLE}`],
    ['an array', [], 'modelArchitecture', 'modelArchitecture must be a ModelArchitectureProps object (got []); pass an object with the ModelArchitectureProps props (at least name, parameters, numHiddenLayers, maxPositionEmbeddings)'],
    ['no props', {}, 'modelArchitecture.name', 'modelArchitecture.name is required (got undefined); set modelArchitecture.name (a string)'],
    ['a required prop null', { ...BASE, parameters: null }, 'modelArchitecture.parameters', 'modelArchitecture.parameters is required (got null); set modelArchitecture.parameters (a number)'],
    ['an optional prop null', { ...BASE, headDim: null }, 'modelArchitecture.headDim', 'modelArchitecture.headDim must be a number (got null); leave the prop out instead of null'],
    ['a string for a number', { ...BASE, numHiddenLayers: '32' }, 'modelArchitecture.numHiddenLayers', `modelArchitecture.numHiddenLayers must be a number (got "32"); ${NUMBER}`],
    ['a number for the name', { ...BASE, name: 42 }, 'modelArchitecture.name', 'modelArchitecture.name must be a string (got 42); pass a string'],
    ['a misspelt prop', { ...BASE, numHiddenLayer: 32 }, 'modelArchitecture.numHiddenLayer',
      'modelArchitecture.numHiddenLayer is not a prop of ModelArchitectureProps (got "numHiddenLayer"); did you mean modelArchitecture.numHiddenLayers?'],
    ['a weight type by name', { ...BASE, weightDtype: 'fp8' }, 'modelArchitecture.weightDtype', 'modelArchitecture.weightDtype must be a WeightDtype (got "fp8"); use WeightDtype.FP8, not the string "fp8"'],
    ['an unknown weight type', { ...BASE, expertWeightDtype: 'int3' }, 'modelArchitecture.expertWeightDtype',
      'modelArchitecture.expertWeightDtype must be a WeightDtype (got "int3"); use WeightDtype.BF16, WeightDtype.FP8, WeightDtype.MXFP4, or WeightDtype.of(name, bytes)'],
  ])('%s', (_what, props, prop, message) => {
    // GIVEN a JavaScript caller's props WHEN custom() is called THEN a DynamoValidationError names the prop
    const err = errorOf(() => ModelArchitecture.custom(props as unknown as ModelArchitectureProps));
    expect([err.prop, err.message]).toStrictEqual([prop, message]);
  });
});

describe('ModelArchitecture.custom: the numbers are checked', () => {
  const BASE: ModelArchitectureProps = { name: 'my-org/my-8b', parameters: 8e9, numHiddenLayers: 32, numKeyValueHeads: 8, headDim: 128, maxPositionEmbeddings: 131072 };
  const MLA: ModelArchitectureProps = { name: 'my-org/mla', parameters: 16e9, numHiddenLayers: 27, kvLoraRank: 512, qkRopeHeadDim: 64, maxPositionEmbeddings: 163840 };
  const whole = (prop: string, got: string, fix: string) => [`modelArchitecture.${prop}`, `modelArchitecture.${prop} must be a positive whole number (got ${got}); ${fix}`];

  test.each([
    ['a blank name', { ...BASE, name: '  ' }, 'modelArchitecture.name', 'modelArchitecture.name must name the model (got "  "); use its Hugging Face id'],
    ['parameters in billions', { ...BASE, parameters: 8 }, 'modelArchitecture.parameters',
      'modelArchitecture.parameters must be the parameter count (at least 1e6) (got 8); give the count, e.g. 8.03e9 for an 8B model'],
    ['parameters NaN', { ...BASE, parameters: NaN }, 'modelArchitecture.parameters',
      'modelArchitecture.parameters must be the parameter count (at least 1e6) (got NaN); give the count, e.g. 8.03e9 for an 8B model'],
    ['parameters Infinity', { ...BASE, parameters: Infinity }, 'modelArchitecture.parameters',
      'modelArchitecture.parameters must be the parameter count (at least 1e6) (got Infinity); give the count, e.g. 8.03e9 for an 8B model'],
    ['no layers', { ...BASE, numHiddenLayers: 0 }, ...whole('numHiddenLayers', '0', 'copy num_hidden_layers from config.json')],
    ['a fractional context', { ...BASE, maxPositionEmbeddings: 4096.5 }, ...whole('maxPositionEmbeddings', '4096.5', 'copy max_position_embeddings from config.json')],
    ['no KV heads', { ...BASE, numKeyValueHeads: undefined }, ...whole('numKeyValueHeads', 'undefined', 'copy num_key_value_heads from config.json (or set kvLoraRank for latent attention)')],
    ['no head dim', { ...BASE, headDim: undefined }, ...whole('headDim', 'undefined', 'copy head_dim from config.json, else hidden_size / num_attention_heads')],
    ['a fractional head dim (hidden_size / heads)', { ...BASE, headDim: 45.5 }, ...whole('headDim', '45.5', 'copy head_dim from config.json, else hidden_size / num_attention_heads')],
    ['latent and per-head attention at once', { ...MLA, numKeyValueHeads: 128 }, 'modelArchitecture.kvLoraRank',
      'modelArchitecture.kvLoraRank must not be set with numKeyValueHeads / headDim (latent attention caches no per-head KV) (got 512); '
      + 'set kvLoraRank and qkRopeHeadDim for multi-head latent attention, or numKeyValueHeads and headDim for grouped-query attention'],
    ['a latent rank without the RoPE width', { ...MLA, qkRopeHeadDim: undefined }, ...whole('qkRopeHeadDim', 'undefined', 'copy qk_rope_head_dim from config.json (DeepSeek V3: 64)')],
    ['the RoPE width without a latent rank', { ...MLA, kvLoraRank: undefined }, ...whole('kvLoraRank', 'undefined', 'copy kv_lora_rank from config.json (DeepSeek V3: 512)')],
    ['a zero window', { ...BASE, slidingWindow: 0 }, ...whole('slidingWindow', '0', 'copy sliding_window from config.json')],
    ['more windowed layers than layers', { ...BASE, slidingWindow: 4096, slidingWindowLayers: 33 }, 'modelArchitecture.slidingWindowLayers',
      'modelArchitecture.slidingWindowLayers must be a whole number from 0 to numHiddenLayers (32) (got 33); count the layers whose type is sliding_attention (all of them for a model whose every layer has the window)'],
    ['a negative count of windowed layers', { ...BASE, slidingWindow: 4096, slidingWindowLayers: -1 }, 'modelArchitecture.slidingWindowLayers',
      'modelArchitecture.slidingWindowLayers must be a whole number from 0 to numHiddenLayers (32) (got -1); count the layers whose type is sliding_attention (all of them for a model whose every layer has the window)'],
    ['a window without windowed layers', { ...BASE, slidingWindow: 4096 }, 'modelArchitecture.slidingWindowLayers',
      'modelArchitecture.slidingWindowLayers is required with slidingWindow (got undefined); count the layers whose type is sliding_attention (numHiddenLayers when every layer has the window)'],
    ['an expert type without experts', { ...BASE, expertWeightDtype: WeightDtype.MXFP4 }, 'modelArchitecture.expertWeightDtype',
      'modelArchitecture.expertWeightDtype needs expertParameters (the routed experts it applies to) (got "mxfp4"); set expertParameters, or remove expertWeightDtype'],
    ['unquantized parameters beyond the count', { ...BASE, unquantizedParameters: 8e9 }, 'modelArchitecture.unquantizedParameters',
      'modelArchitecture.unquantizedParameters must be at least 0 and, with expertParameters, below parameters (got 8000000000); give the parameters kept in BF16 (embeddings and output head: vocab_size × hidden_size, twice unless tied)'],
    ['the RoPE width with per-head attention', { ...BASE, qkRopeHeadDim: 64 }, 'modelArchitecture.qkRopeHeadDim',
      'modelArchitecture.qkRopeHeadDim must not be set with numKeyValueHeads / headDim (latent attention caches no per-head KV) (got 64); '
      + 'set kvLoraRank and qkRopeHeadDim for multi-head latent attention, or numKeyValueHeads and headDim for grouped-query attention'],
    ['windowed layers without a window', { ...BASE, slidingWindowLayers: 16 }, 'modelArchitecture.slidingWindow',
      'modelArchitecture.slidingWindow is required with slidingWindowLayers (got undefined); copy sliding_window from config.json'],
    ['experts as many as the parameters', { ...BASE, expertParameters: 8e9 }, 'modelArchitecture.expertParameters',
      'modelArchitecture.expertParameters must be at least 0 and below parameters (8000000000) (got 8000000000); give the parameters of the routed experts'],
    ['negative experts', { ...BASE, expertParameters: -1 }, 'modelArchitecture.expertParameters',
      'modelArchitecture.expertParameters must be at least 0 and below parameters (8000000000) (got -1); give the parameters of the routed experts'],
    ['experts NaN', { ...BASE, expertParameters: NaN }, 'modelArchitecture.expertParameters',
      'modelArchitecture.expertParameters must be at least 0 and below parameters (8000000000) (got NaN); give the parameters of the routed experts'],
    ['zero attention heads', { ...BASE, numAttentionHeads: 0 }, ...whole('numAttentionHeads', '0', 'copy it from config.json, or leave it out')],
    ['a fractional hidden size', { ...BASE, hiddenSize: 4096.5 }, ...whole('hiddenSize', '4096.5', 'copy it from config.json, or leave it out')],
    ['negative experts per layer', { ...BASE, numExperts: -8 }, ...whole('numExperts', '-8', 'copy it from config.json, or leave it out')],
    ['zero experts per token', { ...BASE, numExpertsPerTok: 0 }, ...whole('numExpertsPerTok', '0', 'copy it from config.json, or leave it out')],
  ])('%s', (_what, props, prop, message) => {
    const err = errorOf(() => ModelArchitecture.custom(props as ModelArchitectureProps));
    expect([err.prop, err.message]).toStrictEqual([prop, message]);
  });

  test('a valid latent-attention model and a windowed one', () => {
    // GIVEN a DeepSeek-V2-Lite-like MLA model and a model with 4 of 8 layers windowed at 1,024 tokens
    const mla = ModelArchitecture.custom(MLA);
    const swa = ModelArchitecture.custom({ ...BASE, numHiddenLayers: 8, slidingWindow: 1024, slidingWindowLayers: 4, numKeyValueHeads: 2, headDim: 64 });
    // THEN the latent formula, and only the full layers growing
    expect([mla.kvCacheBytesPerToken(), swa.kvCacheBytesPerToken(), swa.kvCacheBytesPerSequence(2048)])
      .toStrictEqual([27 * 576 * 2, 4 * 512, 4 * 512 * 2048 + 4 * 512 * 1024]);
  });
});

describe('KV cache types', () => {
  test.each([
    [KvCacheDtype.FP8, 1], [KvCacheDtype.FP8_E4M3, 1], [KvCacheDtype.FP8_E5M2, 1], [KvCacheDtype.of('fp8_inc'), 1], [KvCacheDtype.of('int8'), 1],
    [KvCacheDtype.of('bf16'), 2], [KvCacheDtype.of('bfloat16'), 2], [KvCacheDtype.of('fp16'), 2], [KvCacheDtype.of('float16'), 2], [KvCacheDtype.of('half'), 2],
    [KvCacheDtype.of('nvfp4'), undefined], [KvCacheDtype.of('int4'), undefined],
  ])('%s takes %s byte(s) per element', (dtype, bytes) => {
    expect(dtype.bytesPerElement).toBe(bytes);
  });

  test('a BF16 spelling gives the default figure; a type of unknown size or not a KvCacheDtype is a named error', () => {
    const llama = arch('meta-llama/Llama-3.3-70B-Instruct');
    expect(llama.kvCacheBytesPerToken(KvCacheDtype.of('bfloat16'))).toBe(327_680);
    const unknown = errorOf(() => llama.kvCacheBytesPerToken(KvCacheDtype.of('nvfp4')));
    expect([unknown.prop, unknown.message]).toStrictEqual(['kvCacheDtype',
      'kvCacheDtype has no size the library knows (got "nvfp4"); use KvCacheDtype.FP8 or one of the fp8/int8/bf16/fp16 spellings']);
    const untyped = errorOf(() => llama.kvCacheBytesPerSequence(1024, 'fp8' as unknown as KvCacheDtype));
    expect([untyped.prop, untyped.message]).toStrictEqual(['kvCacheDtype', 'kvCacheDtype must be a KvCacheDtype (got "fp8"); use KvCacheDtype.FP8, or omit it for BF16']);
  });
});

describe('WeightDtype', () => {
  test('the built-in types count block scales', () => {
    expect(WeightDtype.all().map((d) => [d.toString(), d.bytesPerParameter])).toStrictEqual([
      ['bf16', 2], ['fp16', 2], ['fp8', 1], ['mxfp4', 0.53125], ['nvfp4', 0.5625],
    ]);
  });

  test('of() makes a custom type and returns a built-in one asked by its own size', () => {
    const awq = WeightDtype.of('int4_awq', 0.5);
    expect([awq.name, awq.bytesPerParameter, WeightDtype.of('fp8', 1)]).toStrictEqual(['int4_awq', 0.5, WeightDtype.FP8]);
  });

  test.each([
    ['an upper-case name', 'INT4', 0.5, 'weightDtype', "weightDtype must be named in lowercase letters, digits and underscores (got \"INT4\"); use e.g. WeightDtype.of('int4_awq', 0.5)"],
    ['a number for the name', 4, 0.5, 'weightDtype', "weightDtype must be named in lowercase letters, digits and underscores (got 4); use e.g. WeightDtype.of('int4_awq', 0.5)"],
    ['a built-in redefined', 'fp8', 2, 'weightDtype', 'weightDtype must not redefine the built-in fp8 (got "fp8"); use WeightDtype.FP8 (1 bytes per parameter)'],
    ['zero bytes', 'int4', 0, 'weightDtype.bytesPerParameter',
      'weightDtype.bytesPerParameter must be a number of bytes greater than 0 and at most 8 (got 0); give the bytes one parameter takes, counting scales (e.g. 0.5 for plain 4-bit)'],
    ['more than 8 bytes', 'fp128', 16, 'weightDtype.bytesPerParameter',
      'weightDtype.bytesPerParameter must be a number of bytes greater than 0 and at most 8 (got 16); give the bytes one parameter takes, counting scales (e.g. 0.5 for plain 4-bit)'],
    ['NaN bytes', 'int4', NaN, 'weightDtype.bytesPerParameter',
      'weightDtype.bytesPerParameter must be a number of bytes greater than 0 and at most 8 (got NaN); give the bytes one parameter takes, counting scales (e.g. 0.5 for plain 4-bit)'],
    ['a string for the bytes', 'int4', '0.5', 'weightDtype.bytesPerParameter',
      'weightDtype.bytesPerParameter must be a number of bytes greater than 0 and at most 8 (got "0.5"); give the bytes one parameter takes, counting scales (e.g. 0.5 for plain 4-bit)'],
  ])('%s', (_what, name, bytes, prop, message) => {
    const err = errorOf(() => WeightDtype.of(name as string, bytes as number));
    expect([err.prop, err.message]).toStrictEqual([prop, message]);
  });
});
