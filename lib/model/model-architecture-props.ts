import { WeightDtype } from './weight-dtype';

/**
 * The numbers of a model's architecture that decide its GPU memory: what its weights take and what
 * one token of context takes in the KV cache. Names follow the model's Hugging Face `config.json`
 * (`num_hidden_layers` is `numHiddenLayers`).
 */
export interface ModelArchitectureProps {
  /** The model, e.g. its Hugging Face id; used in messages and on the endpoint card. */
  readonly name: string;
  /** Parameters the checkpoint stores, all experts included (e.g. `70.6e9`). */
  readonly parameters: number;
  /** `num_hidden_layers`: transformer layers, each with its own KV cache. */
  readonly numHiddenLayers: number;
  /**
   * `num_key_value_heads`: KV heads per layer (grouped-query or multi-head attention).
   * @default - none: required unless the model uses multi-head latent attention (`kvLoraRank`)
   */
  readonly numKeyValueHeads?: number;
  /**
   * `head_dim`: the size of one attention head. Take it from `config.json` where it is given: it is
   * not always `hidden_size / num_attention_heads` (Qwen3-32B: 128, not 80; gpt-oss: 64, not 45).
   * @default - none: required with `numKeyValueHeads`
   */
  readonly headDim?: number;
  /**
   * `kv_lora_rank`: the latent KV width of multi-head latent attention (DeepSeek V2/V3/R1: 512).
   * The cache then holds one latent vector plus the RoPE key per token and layer, for all heads.
   * @default - none: grouped-query attention
   */
  readonly kvLoraRank?: number;
  /**
   * `qk_rope_head_dim`: the RoPE part of the key that multi-head latent attention caches beside the
   * latent vector (DeepSeek V3: 64).
   * @default - none: required with `kvLoraRank`
   */
  readonly qkRopeHeadDim?: number;
  /**
   * `sliding_window`: the window, in tokens, of the layers that attend to a window only.
   * @default - none: every layer attends to the whole context
   */
  readonly slidingWindow?: number;
  /**
   * How many of the layers use `slidingWindow` (gpt-oss: every other layer, 18 of 36). Their cache
   * stops growing at the window; only the other layers grow with the context.
   * @default 0
   */
  readonly slidingWindowLayers?: number;
  /** `max_position_embeddings`: the longest context the model serves, in tokens. */
  readonly maxPositionEmbeddings: number;
  /**
   * How the weights are stored.
   * @default WeightDtype.BF16
   */
  readonly weightDtype?: WeightDtype;
  /**
   * Parameters a quantized checkpoint keeps in BF16: the embeddings and the output head (an FP8
   * checkpoint quantizes the linear layers only), counted at 2 bytes.
   * @default 0 - every parameter in `weightDtype` (or `expertWeightDtype`)
   */
  readonly unquantizedParameters?: number;
  /**
   * Parameters in the routed experts of a mixture-of-experts model, which expert parallelism
   * spreads over GPUs (and which may be stored in `expertWeightDtype`).
   * @default 0 - a dense model
   */
  readonly expertParameters?: number;
  /**
   * How the routed experts are stored, when it differs from the rest (gpt-oss: MXFP4 experts,
   * BF16 attention and embeddings).
   * @default - `weightDtype`
   */
  readonly expertWeightDtype?: WeightDtype;
  /**
   * `num_attention_heads`: query heads per layer (for the record; sizing does not use it).
   * @default - not recorded
   */
  readonly numAttentionHeads?: number;
  /**
   * `hidden_size` (for the record; sizing does not use it).
   * @default - not recorded
   */
  readonly hiddenSize?: number;
  /**
   * Routed experts per MoE layer (`num_local_experts`, `n_routed_experts`, `num_experts`).
   * @default - a dense model
   */
  readonly numExperts?: number;
  /**
   * `num_experts_per_tok`: experts each token is routed to.
   * @default - a dense model
   */
  readonly numExpertsPerTok?: number;
}
