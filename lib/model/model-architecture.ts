import { invalid } from '../core/errors';
import { anyNumberShape, checkProps, FieldsOf, instanceShape, shown, stringShape } from '../core/input-shape';
import { KvCacheDtype } from '../core/kv-cache-dtype';

import { ModelArchitectureProps } from './model-architecture-props';
import { FP8_CHECKPOINTS, MODEL_CATALOG, ModelCatalogRow } from './model-catalog';
import { WeightDtype } from './weight-dtype';

/** What an untyped caller may pass to {@link ModelArchitecture.custom}. @internal */
export const MODEL_ARCHITECTURE_FIELDS: FieldsOf<ModelArchitectureProps> = {
  name: stringShape(),
  parameters: anyNumberShape(),
  numHiddenLayers: anyNumberShape(),
  numKeyValueHeads: anyNumberShape(),
  headDim: anyNumberShape(),
  kvLoraRank: anyNumberShape(),
  qkRopeHeadDim: anyNumberShape(),
  slidingWindow: anyNumberShape(),
  slidingWindowLayers: anyNumberShape(),
  maxPositionEmbeddings: anyNumberShape(),
  weightDtype: instanceShape(WeightDtype, 'WeightDtype.BF16, WeightDtype.FP8, WeightDtype.MXFP4, or WeightDtype.of(name, bytes)'),
  expertParameters: anyNumberShape(),
  unquantizedParameters: anyNumberShape(),
  expertWeightDtype: instanceShape(WeightDtype, 'WeightDtype.BF16, WeightDtype.FP8, WeightDtype.MXFP4, or WeightDtype.of(name, bytes)'),
  numAttentionHeads: anyNumberShape(),
  hiddenSize: anyNumberShape(),
  numExperts: anyNumberShape(),
  numExpertsPerTok: anyNumberShape(),
};

const REQUIRED: readonly (keyof ModelArchitectureProps)[] = ['name', 'parameters', 'numHiddenLayers', 'maxPositionEmbeddings'];

/** Bytes per KV element when no KV cache type is given: the engines' `auto` on a BF16/FP16 model. */
const DEFAULT_KV_BYTES = 2;

/**
 * A model's architecture, for sizing at synth time: the bytes its weights take and the bytes one
 * token takes in the KV cache. The catalog (`ModelArchitecture.lookup`) holds common models, each
 * row read from the model's published `config.json`; `ModelArchitecture.custom` describes any other.
 *
 * @example
 * ModelArchitecture.lookup('meta-llama/Llama-3.3-70B-Instruct')?.kvCacheBytesPerToken(); // 327680
 * const mine = ModelArchitecture.custom({
 *   name: 'my-org/my-8b', parameters: 8.0e9, numHiddenLayers: 32, numKeyValueHeads: 8, headDim: 128,
 *   maxPositionEmbeddings: 131072,
 * });
 */
export class ModelArchitecture {
  /**
   * The catalog's architecture for a Hugging Face model id (case-insensitive, as the Hub resolves
   * ids), or undefined for a model the catalog lacks.
   */
  public static lookup(modelId: string): ModelArchitecture | undefined {
    if (typeof modelId !== 'string') return undefined;
    return ModelArchitecture.byId().get(modelId.toLowerCase());
  }

  /** Every architecture of the catalog, in catalog order, each under the first id of its row. */
  public static catalog(): ModelArchitecture[] {
    return MODEL_CATALOG.map((row) => ModelArchitecture.byId().get(row.modelIds[0].toLowerCase()) as ModelArchitecture);
  }

  /** An architecture the catalog lacks, from the model's `config.json` and parameter count. */
  public static custom(props: ModelArchitectureProps): ModelArchitecture {
    if (typeof props !== 'object' || props === null) {
      throw invalid('modelArchitecture', 'must be given the model\'s numbers', shown(props),
        "use ModelArchitecture.custom({ name: 'my-org/my-8b', parameters: 8.0e9, numHiddenLayers: 32, numKeyValueHeads: 8, headDim: 128, maxPositionEmbeddings: 131072 })");
    }
    checkProps('modelArchitecture', props, 'ModelArchitectureProps', MODEL_ARCHITECTURE_FIELDS, REQUIRED);
    validateArchitecture('modelArchitecture', props);
    return new ModelArchitecture(props);
  }

  private static index: Map<string, ModelArchitecture> | undefined;

  private static byId(): Map<string, ModelArchitecture> {
    if (!ModelArchitecture.index) {
      const index = new Map<string, ModelArchitecture>();
      // One instance per id, named as the catalog spells it, so the card names the model the user gave.
      for (const row of MODEL_CATALOG) {
        for (const id of row.modelIds) index.set(id.toLowerCase(), new ModelArchitecture({ ...row.architecture, name: id }, row));
      }
      ModelArchitecture.index = index;
    }
    return ModelArchitecture.index;
  }

  private constructor(private readonly props: ModelArchitectureProps, private readonly row?: ModelCatalogRow) {}

  /** The model's name (its Hugging Face id for catalog rows). */
  public get name(): string { return this.props.name; }
  /** Parameters, all experts included. */
  public get parameters(): number { return this.props.parameters; }
  /** Transformer layers. */
  public get numHiddenLayers(): number { return this.props.numHiddenLayers; }
  /** KV heads per layer, for grouped-query attention. */
  public get numKeyValueHeads(): number | undefined { return this.props.numKeyValueHeads; }
  /** The attention head size, for grouped-query attention. */
  public get headDim(): number | undefined { return this.props.headDim; }
  /** The latent KV width, for multi-head latent attention. */
  public get kvLoraRank(): number | undefined { return this.props.kvLoraRank; }
  /** The cached RoPE key width, for multi-head latent attention. */
  public get qkRopeHeadDim(): number | undefined { return this.props.qkRopeHeadDim; }
  /** The sliding window, in tokens, of the windowed layers. */
  public get slidingWindow(): number | undefined { return this.props.slidingWindow; }
  /** How many layers attend to a window only. */
  public get slidingWindowLayers(): number { return this.props.slidingWindowLayers ?? 0; }
  /** The longest context the model serves, in tokens. */
  public get maxPositionEmbeddings(): number { return this.props.maxPositionEmbeddings; }
  /** How the weights are stored. */
  public get weightDtype(): WeightDtype { return this.props.weightDtype ?? WeightDtype.BF16; }
  /** Parameters a quantized checkpoint keeps in BF16 (embeddings, output head). */
  public get unquantizedParameters(): number { return this.props.unquantizedParameters ?? 0; }
  /** Parameters in routed experts (0 for a dense model). */
  public get expertParameters(): number { return this.props.expertParameters ?? 0; }
  /** How the routed experts are stored. */
  public get expertWeightDtype(): WeightDtype { return this.props.expertWeightDtype ?? this.weightDtype; }
  /** Query heads per layer, when recorded. */
  public get numAttentionHeads(): number | undefined { return this.props.numAttentionHeads; }
  /** The hidden size, when recorded. */
  public get hiddenSize(): number | undefined { return this.props.hiddenSize; }
  /** Routed experts per MoE layer, for a mixture-of-experts model. */
  public get numExperts(): number | undefined { return this.props.numExperts; }
  /** Experts per token, for a mixture-of-experts model. */
  public get numExpertsPerTok(): number | undefined { return this.props.numExpertsPerTok; }
  /** Whether the model uses multi-head latent attention (one latent KV vector per token and layer). */
  public get isMla(): boolean { return this.props.kvLoraRank !== undefined; }
  /** The Hugging Face ids the catalog row answers to (empty for a custom architecture). */
  public get modelIds(): readonly string[] { return this.row?.modelIds ?? []; }
  /** Where the catalog row's numbers were read (repository, file, commit); undefined for a custom architecture. */
  public get source(): string | undefined { return this.row?.source; }

  /**
   * KV-cache bytes one more token of context adds to one sequence, over all layers:
   * `layers × 2 × KV heads × head dim × bytes` for grouped-query attention, `layers × (kv_lora_rank +
   * qk_rope_head_dim) × bytes` for multi-head latent attention. Layers with a sliding window are
   * left out: their cache stops growing at the window (see {@link kvCacheBytesPerSequence}).
   *
   * @param dtype the KV cache type; BF16 (2 bytes) when omitted, the engines' `auto` for a BF16 model
   */
  public kvCacheBytesPerToken(dtype?: KvCacheDtype): number {
    return this.bytesPerLayerToken(dtype) * (this.numHiddenLayers - this.slidingWindowLayers);
  }

  /**
   * KV-cache bytes of one sequence of `tokens` tokens: the growing layers for every token, the
   * sliding-window layers for at most the window.
   *
   * @param dtype the KV cache type; BF16 (2 bytes) when omitted
   */
  public kvCacheBytesPerSequence(tokens: number, dtype?: KvCacheDtype): number {
    if (typeof tokens !== 'number' || !Number.isInteger(tokens) || tokens < 0) {
      throw invalid('tokens', 'must be a whole number of tokens, at least 0', tokens, 'pass the sequence length, e.g. 8192');
    }
    const windowed = this.slidingWindowLayers * Math.min(tokens, this.slidingWindow ?? 0);
    return this.kvCacheBytesPerToken(dtype) * tokens + this.bytesPerLayerToken(dtype) * windowed;
  }

  /**
   * Bytes of the weights, all GPUs together: parameters × bytes per parameter, the routed experts
   * in their own type and the unquantized parameters in BF16.
   */
  public weightBytes(): number {
    const experts = this.expertParameters;
    const unquantized = this.unquantizedParameters;
    return (this.parameters - experts - unquantized) * this.weightDtype.bytesPerParameter + experts * this.expertWeightDtype.bytesPerParameter
      + unquantized * WeightDtype.BF16.bytesPerParameter;
  }

  /**
   * The catalog's FP8 checkpoint of this model, when its publisher (or NVIDIA) made one.
   * @internal
   */
  public _fp8Checkpoint(): ModelArchitecture | undefined {
    const id = FP8_CHECKPOINTS[this.name];
    return id === undefined ? undefined : ModelArchitecture.lookup(id);
  }

  /** The model's name. */
  public toString(): string {
    return this.name;
  }

  /** KV bytes of one token in one layer (all KV heads, or the latent vector). */
  private bytesPerLayerToken(dtype: KvCacheDtype | undefined): number {
    const bytes = kvBytes(dtype);
    if (this.isMla) return ((this.kvLoraRank ?? 0) + (this.qkRopeHeadDim ?? 0)) * bytes;
    return 2 * (this.numKeyValueHeads ?? 0) * (this.headDim ?? 0) * bytes;
  }
}

/** Bytes per KV element of a KV cache type; an engine spelling of unknown size is an error. */
function kvBytes(dtype: KvCacheDtype | undefined): number {
  if (dtype === undefined) return DEFAULT_KV_BYTES;
  if (!(dtype instanceof KvCacheDtype)) {
    throw invalid('kvCacheDtype', 'must be a KvCacheDtype', shown(dtype), 'use KvCacheDtype.FP8, or omit it for BF16');
  }
  const bytes = dtype.bytesPerElement;
  if (bytes === undefined) {
    throw invalid('kvCacheDtype', 'has no size the library knows', dtype.name, 'use KvCacheDtype.FP8 or one of the fp8/int8/bf16/fp16 spellings');
  }
  return bytes;
}

function positiveInteger(prop: string, value: unknown, fix: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw invalid(prop, 'must be a positive whole number', value, fix);
}

/**
 * Checks an architecture's numbers: whole positive counts, one attention kind (grouped-query or
 * latent), a window only with windowed layers, experts fewer than the parameters.
 * @internal
 */
export function validateArchitecture(prop: string, p: ModelArchitectureProps): void {
  if (typeof p.name !== 'string' || p.name.trim() === '') throw invalid(`${prop}.name`, 'must name the model', p.name, 'use its Hugging Face id');
  if (typeof p.parameters !== 'number' || !Number.isFinite(p.parameters) || p.parameters < 1e6) {
    throw invalid(`${prop}.parameters`, 'must be the parameter count (at least 1e6)', p.parameters, 'give the count, e.g. 8.03e9 for an 8B model');
  }
  positiveInteger(`${prop}.numHiddenLayers`, p.numHiddenLayers, 'copy num_hidden_layers from config.json');
  positiveInteger(`${prop}.maxPositionEmbeddings`, p.maxPositionEmbeddings, 'copy max_position_embeddings from config.json');
  const mla = p.kvLoraRank !== undefined || p.qkRopeHeadDim !== undefined;
  if (mla) {
    if (p.numKeyValueHeads !== undefined || p.headDim !== undefined) {
      const given = p.kvLoraRank !== undefined ? 'kvLoraRank' : 'qkRopeHeadDim';
      throw invalid(`${prop}.${given}`, 'must not be set with numKeyValueHeads / headDim (latent attention caches no per-head KV)', p[given],
        'set kvLoraRank and qkRopeHeadDim for multi-head latent attention, or numKeyValueHeads and headDim for grouped-query attention');
    }
    positiveInteger(`${prop}.kvLoraRank`, p.kvLoraRank, 'copy kv_lora_rank from config.json (DeepSeek V3: 512)');
    positiveInteger(`${prop}.qkRopeHeadDim`, p.qkRopeHeadDim, 'copy qk_rope_head_dim from config.json (DeepSeek V3: 64)');
  } else {
    positiveInteger(`${prop}.numKeyValueHeads`, p.numKeyValueHeads, 'copy num_key_value_heads from config.json (or set kvLoraRank for latent attention)');
    positiveInteger(`${prop}.headDim`, p.headDim, 'copy head_dim from config.json, else hidden_size / num_attention_heads');
  }
  const windowed = p.slidingWindowLayers ?? 0;
  if (p.slidingWindow !== undefined) positiveInteger(`${prop}.slidingWindow`, p.slidingWindow, 'copy sliding_window from config.json');
  if (p.slidingWindowLayers !== undefined) {
    if (typeof windowed !== 'number' || !Number.isInteger(windowed) || windowed < 0 || windowed > p.numHiddenLayers) {
      throw invalid(`${prop}.slidingWindowLayers`, `must be a whole number from 0 to numHiddenLayers (${p.numHiddenLayers})`, windowed,
        'count the layers whose type is sliding_attention (all of them for a model whose every layer has the window)');
    }
    if (windowed > 0 && p.slidingWindow === undefined) {
      throw invalid(`${prop}.slidingWindow`, 'is required with slidingWindowLayers', undefined, 'copy sliding_window from config.json');
    }
  }
  if (p.slidingWindow !== undefined && windowed === 0) {
    throw invalid(`${prop}.slidingWindowLayers`, 'is required with slidingWindow', p.slidingWindowLayers,
      'count the layers whose type is sliding_attention (numHiddenLayers when every layer has the window)');
  }
  const experts = p.expertParameters ?? 0;
  if (typeof experts !== 'number' || !Number.isFinite(experts) || experts < 0 || experts >= p.parameters) {
    throw invalid(`${prop}.expertParameters`, `must be at least 0 and below parameters (${p.parameters})`, experts, 'give the parameters of the routed experts');
  }
  if (p.expertWeightDtype !== undefined && experts === 0) {
    throw invalid(`${prop}.expertWeightDtype`, 'needs expertParameters (the routed experts it applies to)', p.expertWeightDtype.name,
      'set expertParameters, or remove expertWeightDtype');
  }
  const unquantized = p.unquantizedParameters ?? 0;
  if (typeof unquantized !== 'number' || !Number.isFinite(unquantized) || unquantized < 0 || unquantized + experts >= p.parameters) {
    throw invalid(`${prop}.unquantizedParameters`, 'must be at least 0 and, with expertParameters, below parameters', unquantized,
      'give the parameters kept in BF16 (embeddings and output head: vocab_size × hidden_size, twice unless tied)');
  }
  for (const key of ['numAttentionHeads', 'hiddenSize', 'numExperts', 'numExpertsPerTok'] as const) {
    if (p[key] !== undefined) positiveInteger(`${prop}.${key}`, p[key], `copy it from config.json, or leave it out`);
  }
}
