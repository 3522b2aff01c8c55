import { ModelArchitectureProps } from './model-architecture-props';
import { WeightDtype } from './weight-dtype';

/**
 * One architecture of the catalog: the Hugging Face ids that share it and where its numbers were
 * read. `parameters` is the count of the model a serving engine loads, computed from `config.json`
 * (embeddings, every layer's attention, MLP or experts, norms and router, the output head unless
 * tied) and checked against the model card; `expertParameters` is the routed experts' share of it.
 * FP8 rows count the embeddings and output head at two bytes (`unquantizedParameters`) and the
 * rest at one; the norms they also keep in BF16 are left out (well under 0.1 %).
 * @internal
 */
export interface ModelCatalogRow {
  readonly modelIds: readonly string[];
  readonly source: string;
  readonly architecture: ModelArchitectureProps;
}

/** Where the published `config.json` files were read: Hugging Face configs mirrored by Dynamo's AIConfigurator. */
const AIC = 'ai-dynamo/aiconfigurator aic-core/src/aiconfigurator_core/model_configs';
const AIC_COMMIT = '@095f58a51c4ca8e61b66ec108d86f223f8d559ce';

const LLAMA_31_8B = {
  parameters: 8_030_261_248, numHiddenLayers: 32, numAttentionHeads: 32, numKeyValueHeads: 8, headDim: 128, hiddenSize: 4096,
  maxPositionEmbeddings: 131_072,
} as const;

const LLAMA_70B = {
  parameters: 70_553_706_496, numHiddenLayers: 80, numAttentionHeads: 64, numKeyValueHeads: 8, headDim: 128, hiddenSize: 8192,
  maxPositionEmbeddings: 131_072,
} as const;

/** Tied embeddings: the output head is the embedding matrix, counted once (the safetensors file stores a copy, 751,632,384). */
const QWEN3_0_6B = {
  parameters: 596_049_920, numHiddenLayers: 28, numAttentionHeads: 16, numKeyValueHeads: 8, headDim: 128, hiddenSize: 1024,
  maxPositionEmbeddings: 40_960,
} as const;

const QWEN3_8B = {
  parameters: 8_190_735_360, numHiddenLayers: 36, numAttentionHeads: 32, numKeyValueHeads: 8, headDim: 128, hiddenSize: 4096,
  maxPositionEmbeddings: 40_960,
} as const;

const QWEN3_32B = {
  parameters: 32_762_123_264, numHiddenLayers: 64, numAttentionHeads: 64, numKeyValueHeads: 8, headDim: 128, hiddenSize: 5120,
  maxPositionEmbeddings: 40_960,
} as const;

const QWEN3_235B = {
  parameters: 235_093_634_560, numHiddenLayers: 94, numAttentionHeads: 64, numKeyValueHeads: 4, headDim: 128, hiddenSize: 4096,
  maxPositionEmbeddings: 40_960, numExperts: 128, numExpertsPerTok: 8, expertParameters: 94 * 128 * 3 * 4096 * 1536,
} as const;

/** The main model; the multi-token-prediction layer (about 14B more, loaded only for MTP speculative decoding) is not counted. */
const DEEPSEEK_V3 = {
  parameters: 671_026_419_200, numHiddenLayers: 61, numAttentionHeads: 128, kvLoraRank: 512, qkRopeHeadDim: 64, hiddenSize: 7168,
  maxPositionEmbeddings: 163_840, numExperts: 256, numExpertsPerTok: 8, expertParameters: 58 * 256 * 3 * 7168 * 2048,
  weightDtype: WeightDtype.FP8, unquantizedParameters: 129_280 * 7168 * 2,
} as const;

/** gpt-oss experts: gate_up (hidden → 2 × 2880, with bias) and down (2880 → hidden, with bias). */
const GPT_OSS_EXPERT = 2880 * 5760 + 5760 + 2880 * 2880 + 2880;

const GPT_OSS_120B = {
  parameters: 116_829_156_672, numHiddenLayers: 36, numAttentionHeads: 64, numKeyValueHeads: 8, headDim: 64, hiddenSize: 2880,
  maxPositionEmbeddings: 131_072, slidingWindow: 128, slidingWindowLayers: 18, numExperts: 128, numExpertsPerTok: 4,
  expertParameters: 36 * 128 * GPT_OSS_EXPERT, weightDtype: WeightDtype.BF16, expertWeightDtype: WeightDtype.MXFP4,
} as const;

const GPT_OSS_20B = {
  parameters: 20_914_757_184, numHiddenLayers: 24, numAttentionHeads: 64, numKeyValueHeads: 8, headDim: 64, hiddenSize: 2880,
  maxPositionEmbeddings: 131_072, slidingWindow: 128, slidingWindowLayers: 12, numExperts: 32, numExpertsPerTok: 4,
  expertParameters: 24 * 32 * GPT_OSS_EXPERT, weightDtype: WeightDtype.BF16, expertWeightDtype: WeightDtype.MXFP4,
} as const;

const MIXTRAL_8X7B = {
  parameters: 46_702_792_704, numHiddenLayers: 32, numAttentionHeads: 32, numKeyValueHeads: 8, headDim: 128, hiddenSize: 4096,
  maxPositionEmbeddings: 32_768, numExperts: 8, numExpertsPerTok: 2, expertParameters: 32 * 8 * 3 * 4096 * 14336,
} as const;

/**
 * A row: the ids (the first names it), the source, the numbers and the weight type. An FP8 row
 * keeps its embeddings and output head in BF16: `vocab_size × hidden_size`, twice unless tied.
 */
function row(modelIds: readonly string[], source: string, numbers: Omit<ModelArchitectureProps, 'name'>, weightDtype?: WeightDtype,
  embeddings?: number): ModelCatalogRow {
  return {
    modelIds,
    source,
    architecture: {
      name: modelIds[0], ...numbers, ...(weightDtype ? { weightDtype } : {}), ...(embeddings !== undefined ? { unquantizedParameters: embeddings } : {}),
    },
  };
}

/** Embedding and output-head parameters from `vocab_size` and `hidden_size` (config.json). */
const embeddings = (vocab: number, hidden: number, tied = false) => vocab * hidden * (tied ? 1 : 2);
const LLAMA_3_VOCAB = 128_256;
const QWEN3_VOCAB = 151_936;

/** The source of a row read from one AIConfigurator config file. */
function aic(file: string, more: string): string {
  return `config.json: ${AIC}/${file}_config.json ${AIC_COMMIT}; ${more}`;
}

/**
 * The FP8 checkpoint its publisher (or NVIDIA) made of a BF16 model of the catalog, by the BF16 id,
 * for the fix the GPU fit check suggests. Only quantizations of that very model: a fine-tune or a
 * base model of the same architecture is not served by another model's FP8 weights.
 * @internal
 */
export const FP8_CHECKPOINTS: Readonly<Record<string, string>> = {
  'meta-llama/Llama-3.1-8B-Instruct': 'nvidia/Llama-3.1-8B-Instruct-FP8',
  'meta-llama/Meta-Llama-3.1-8B-Instruct': 'nvidia/Llama-3.1-8B-Instruct-FP8',
  'meta-llama/Llama-3.3-70B-Instruct': 'nvidia/Llama-3.3-70B-Instruct-FP8',
  'meta-llama/Llama-3.1-70B-Instruct': 'nvidia/Llama-3.1-70B-Instruct-FP8',
  'meta-llama/Meta-Llama-3.1-70B-Instruct': 'nvidia/Llama-3.1-70B-Instruct-FP8',
  'Qwen/Qwen3-0.6B': 'Qwen/Qwen3-0.6B-FP8',
  'Qwen/Qwen3-8B': 'Qwen/Qwen3-8B-FP8',
  'Qwen/Qwen3-32B': 'Qwen/Qwen3-32B-FP8',
  'Qwen/Qwen3-235B-A22B': 'Qwen/Qwen3-235B-A22B-FP8',
};

/**
 * The catalog, one row per architecture and weight type. Sources name the repository, the file
 * and the commit each row was read from, and say which ids were not read themselves.
 * @internal
 */
export const MODEL_CATALOG: readonly ModelCatalogRow[] = [
  row(['meta-llama/Llama-3.1-8B-Instruct', 'meta-llama/Llama-3.1-8B', 'meta-llama/Meta-Llama-3.1-8B-Instruct', 'meta-llama/Meta-Llama-3.1-8B'],
    aic('meta-llama--Meta-Llama-3.1-8B', 'parameters computed from it (model card: 8B); the -Instruct config.json was not read here (same architecture)'),
    LLAMA_31_8B),
  row(['nvidia/Llama-3.1-8B-Instruct-FP8', 'RedHatAI/Meta-Llama-3.1-8B-Instruct-FP8'],
    `architecture of meta-llama/Llama-3.1-8B-Instruct (${AIC}/meta-llama--Meta-Llama-3.1-8B_config.json ${AIC_COMMIT}); `
      + 'FP8 linear weights per the model cards; these checkpoints\' own config.json not read here',
    LLAMA_31_8B, WeightDtype.FP8, embeddings(LLAMA_3_VOCAB, 4096)),
  row(['meta-llama/Llama-3.3-70B-Instruct', 'meta-llama/Llama-3.1-70B-Instruct', 'meta-llama/Llama-3.1-70B', 'meta-llama/Meta-Llama-3.1-70B-Instruct',
    'meta-llama/Meta-Llama-3.1-70B', 'deepseek-ai/DeepSeek-R1-Distill-Llama-70B'],
    'config.json: ai-dynamo/aiconfigurator src/aiconfigurator/model_configs/meta-llama--Llama-3.3-70B-Instruct_config.json @f577ab8432dfc9970fea27853a24861a6d3076cf '
      + `and ${AIC}/meta-llama--Meta-Llama-3.1-70B_config.json ${AIC_COMMIT} (the same numbers); parameters computed from them (model card: 70B); `
      + 'DeepSeek-R1-Distill-Llama-70B is a fine-tune of Llama-3.3-70B-Instruct (deepseek-ai/DeepSeek-R1 README.md @0cf78561), its config.json not read here',
    LLAMA_70B),
  row(['nvidia/Llama-3.3-70B-Instruct-FP8', 'nvidia/Llama-3.1-70B-Instruct-FP8', 'RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic'],
    aic('nvidia--Llama-3.1-70B-Instruct-FP8', `with nvidia--Llama-3.1-70B-Instruct-FP8_hf_quant_config.json (ModelOpt quant_algo FP8, kv_cache_quant_algo FP8) ${AIC_COMMIT}; `
      + 'the Llama-3.3 FP8 checkpoints\' own config.json not read here (architecture of meta-llama/Llama-3.3-70B-Instruct)'),
    LLAMA_70B, WeightDtype.FP8, embeddings(LLAMA_3_VOCAB, 8192)),
  row(['Qwen/Qwen3-0.6B'],
    aic('Qwen--Qwen3-0.6B', 'parameters computed from it with tied embeddings, as transformers counts them (model card: 0.6B, 0.44B non-embedding)'),
    QWEN3_0_6B),
  row(['Qwen/Qwen3-0.6B-FP8'],
    `architecture of Qwen/Qwen3-0.6B (${AIC}/Qwen--Qwen3-0.6B_config.json ${AIC_COMMIT}); FP8 block-scaled weights as in Qwen3-32B-FP8; this checkpoint's own config.json not read here`,
    QWEN3_0_6B, WeightDtype.FP8, embeddings(QWEN3_VOCAB, 1024, true)),
  row(['Qwen/Qwen3-8B'], aic('Qwen--Qwen3-8B', 'parameters computed from it (model card: 8.2B)'), QWEN3_8B),
  row(['Qwen/Qwen3-8B-FP8'],
    `architecture of Qwen/Qwen3-8B (${AIC}/Qwen--Qwen3-8B_config.json ${AIC_COMMIT}); FP8 block-scaled weights as in Qwen3-32B-FP8; this checkpoint's own config.json not read here`,
    QWEN3_8B, WeightDtype.FP8, embeddings(QWEN3_VOCAB, 4096)),
  row(['Qwen/Qwen3-32B'], aic('Qwen--Qwen3-32B', 'parameters computed from it (model card: 32.8B)'), QWEN3_32B),
  row(['Qwen/Qwen3-32B-FP8'], aic('Qwen--Qwen3-32B-FP8', 'quantization_config quant_method fp8, 128×128 weight blocks'),
    QWEN3_32B, WeightDtype.FP8, embeddings(QWEN3_VOCAB, 5120)),
  row(['Qwen/Qwen3-235B-A22B'], aic('Qwen--Qwen3-235B-A22B', 'parameters computed from it (model card: 235B total, 22B active)'), QWEN3_235B),
  row(['Qwen/Qwen3-235B-A22B-FP8'], aic('Qwen--Qwen3-235B-A22B-FP8', 'quantization_config quant_method fp8, 128×128 weight blocks'),
    QWEN3_235B, WeightDtype.FP8, embeddings(QWEN3_VOCAB, 4096)),
  row(['deepseek-ai/DeepSeek-R1', 'deepseek-ai/DeepSeek-V3', 'deepseek-ai/DeepSeek-R1-0528', 'deepseek-ai/DeepSeek-V3-0324'],
    `config.json: ${AIC}/deepseek-ai--DeepSeek-R1_config.json and deepseek-ai--DeepSeek-V3_config.json ${AIC_COMMIT} (quant_method fp8, 128×128 blocks), `
      + 'the same numbers as deepseek-ai/DeepSeek-V3 inference/configs/config_671B.json @9b4e9788; 671B main-model parameters computed from it '
      + '(DeepSeek-V3 README.md: 671B, plus 14B of MTP module); the -0528 and -0324 config.json not read here (163,840 context and 671B per xorbitsai/inference docs)',
    DEEPSEEK_V3),
  row(['openai/gpt-oss-120b'],
    aic('openai--gpt-oss-120b', 'layer_types: 18 of 36 sliding_attention; quant_method mxfp4 for the MoE weights only; parameters computed from it '
      + '(openai/gpt-oss README.md @7b583341: 117B, 5.1B active)'),
    GPT_OSS_120B),
  row(['openai/gpt-oss-20b'],
    aic('openai--gpt-oss-20b', 'layer_types: 12 of 24 sliding_attention; quant_method mxfp4 for the MoE weights only; parameters computed from it '
      + '(openai/gpt-oss README.md @7b583341: 21B, 3.6B active)'),
    GPT_OSS_20B),
  row(['mistralai/Mixtral-8x7B-Instruct-v0.1', 'mistralai/Mixtral-8x7B-v0.1'],
    aic('mistralai--Mixtral-8x7B-v0.1', 'parameters computed from it (model card: 46.7B total, 12.9B active); the -Instruct config.json not read here (same architecture)'),
    MIXTRAL_8X7B),
];
