import { Backend } from '../backends/backend';
import { RouterMode } from '../core/router-mode';
import { GpuType } from '../cloud/gpu-type';
import { EnvValue } from '../core/env-value';
import { invalid } from '../core/errors';
import { checkProps, FieldShapes, instanceShape, Shape } from '../core/input-shape';

/**
 * What the recipes share: where they were read, how their options are checked, and small builders.
 * @internal
 */

/**
 * The commit of Dynamo's repository (ai-dynamo/dynamo, read from its mirror) whose `recipes/` the
 * recipes reproduce, and its date.
 * @internal
 */
export const RECIPES_COMMIT = '2a6da14c83617f5412caba5777dbf0e2399e9c5f';

/** The annotation on the DynamoGraphDeployment that names the upstream recipe it reproduces. @internal */
export const RECIPE_ANNOTATION = 'dynamo-constructs/recipe';

/** The prop path the recipes' option errors start with (`recipe.gpuType`). @internal */
export const RECIPE_PROP = 'recipe';

/** `{ 'dynamo-constructs/recipe': 'recipes/<path>@<short commit>' }`, for the graph's annotations. @internal */
export function recipeAnnotations(upstreamPath: string): Record<string, string> {
  return { [RECIPE_ANNOTATION]: `${upstreamPath}@${RECIPES_COMMIT.slice(0, 12)}` };
}

/**
 * What every recipe of one model and backend shares: the model, served under its id as Dynamo's
 * recipes serve it, the backend, the frontend's router (when the recipe sets one) and the annotation
 * naming the upstream file.
 * @internal
 */
export function recipeBase(model: string, backend: Backend, upstreamPath: string, routerMode?: RouterMode) {
  return {
    model,
    servedModelName: model,
    backend,
    ...(routerMode !== undefined ? { frontend: { routerMode } } : {}),
    annotations: recipeAnnotations(upstreamPath),
  };
}

/** The shape of a recipe's `gpuType` option. @internal */
export const GPU_TYPE_OPTION: Shape = instanceShape(GpuType, 'a GpuType constant such as GpuType.H100_80GB');

/**
 * Checks a recipe's options as an untyped caller may pass them: an object (or undefined) with only
 * the known options, each of its shape.
 * @internal
 */
export function checkRecipeOptions<T>(options: T | undefined, typeName: string, fields: FieldShapes): T {
  if (options === undefined) return {} as T;
  checkProps(RECIPE_PROP, options, typeName, fields);
  return options;
}

/**
 * The GPU type a recipe runs on: `chosen`, which must be one the upstream recipe was published for
 * (`published`, the first of which is the default).
 * @internal
 */
export function publishedGpu(chosen: GpuType | undefined, published: readonly GpuType[], recipe: string): GpuType {
  const gpu = chosen ?? published[0];
  if (!published.includes(gpu)) {
    const names = published.map(gpuConstant);
    throw invalid(`${RECIPE_PROP}.gpuType`, `must be a GPU type Dynamo's ${recipe} recipe was published for (${names.join(', ')})`, gpu.displayName,
      `use ${names.join(' or ')}; for another GPU, spread the recipe and set the pools' gpuType, gpus and parallel sizes yourself`);
  }
  return gpu;
}

/** The library constant of a catalog GPU type, for error messages. */
function gpuConstant(gpu: GpuType): string {
  const found = Object.entries(GpuType).find(([, v]) => v === gpu);
  return found ? `GpuType.${found[0]}` : gpu.displayName;
}

/**
 * One of a fixed set of numbers, or undefined for the default (`default` must be one of them).
 * @internal
 */
export function oneOfNumbers<N extends number>(prop: string, value: N | undefined, allowed: readonly N[], fix: string): N {
  const chosen = value ?? allowed[0];
  if (!allowed.includes(chosen)) {
    throw invalid(`${RECIPE_PROP}.${prop}`, `must be one of ${allowed.join(', ')}`, chosen, fix);
  }
  return chosen;
}

/** Literal environment variables, as the pools take them. @internal */
export function literalEnv(vars: Readonly<Record<string, string>>): Record<string, EnvValue> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, EnvValue.fromValue(v)]));
}

/**
 * The engine-config environment of Dynamo's TensorRT-LLM recipes: programmatic dependent launch on,
 * and weights loaded one layer at a time (`TRTLLM_ENABLE_PDL`, `TRT_LLM_DISABLE_LOAD_WEIGHTS_IN_PARALLEL`).
 * @internal
 */
export const TRTLLM_RECIPE_ENV: Readonly<Record<string, string>> = {
  TRTLLM_ENABLE_PDL: '1',
  TRT_LLM_DISABLE_LOAD_WEIGHTS_IN_PARALLEL: 'True',
};
