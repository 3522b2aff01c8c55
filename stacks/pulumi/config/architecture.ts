import { ModelArchitecture, ModelArchitectureProps, WeightDtype } from '../../../lib';
import { fromLibrary } from './errors';
import { choice, Fields, num, object, Read, text } from './values';

/** `weightDtype` / `expertWeightDtype`: a built-in weight type by name (`bf16`, `fp8`, `mxfp4`, ...). */
const weightDtype: Read<WeightDtype> = choice(Object.fromEntries(WeightDtype.all().map((d) => [d.name, d])));

const ARCHITECTURE_FIELDS: Fields<ModelArchitectureProps> = {
  name: text,
  parameters: num,
  numHiddenLayers: num,
  numKeyValueHeads: num,
  headDim: num,
  kvLoraRank: num,
  qkRopeHeadDim: num,
  slidingWindow: num,
  slidingWindowLayers: num,
  maxPositionEmbeddings: num,
  weightDtype,
  expertParameters: num,
  unquantizedParameters: num,
  expertWeightDtype: weightDtype,
  numAttentionHeads: num,
  hiddenSize: num,
  numExperts: num,
  numExpertsPerTok: num,
};

/**
 * `modelArchitecture`: a catalog model by Hugging Face id (`meta-llama/Llama-3.3-70B-Instruct`), or
 * the numbers of its `config.json` for one the catalog lacks.
 */
export const modelArchitecture: Read<ModelArchitecture> = (v, at) => {
  if (typeof v === 'string') {
    const known = ModelArchitecture.lookup(v);
    if (known) return known;
    // Every id the catalog answers to, so the error lists them all.
    const ids = ModelArchitecture.catalog().flatMap((a) => a.modelIds);
    return choice(Object.fromEntries(ids.map((id) => [id, ModelArchitecture.lookup(id) as ModelArchitecture])))(v, at);
  }
  const props = object<ModelArchitectureProps>('a model architecture', ARCHITECTURE_FIELDS,
    ['name', 'parameters', 'numHiddenLayers', 'maxPositionEmbeddings'])(v, at);
  return fromLibrary({ modelArchitecture: at }, () => ModelArchitecture.custom(props));
};
