import { invalid } from '../core/errors';
import { booleanShape, checkProps, FieldShapes, guardShape, Shape, shown } from '../core/input-shape';
import { STRING } from '../core/value-shapes';
import { DYNAMO_GRAPH_DEPLOYMENT_PROPS_FIELDS } from '../dgd/dgd-props-shape';
import { AGGREGATED_LLM_FIELDS } from '../patterns/aggregated-llm';
import { DISAGGREGATED_LLM_FIELDS } from '../patterns/disaggregated-llm';
import { DYNAMO_PLATFORM_PROPS_FIELDS } from '../platform/platform-props-shape';
import { PLATFORM } from '../platform/platform-shape';
import { reportingInputErrors } from './input-errors';
import { isPlatformComponent } from './platform-input';

/**
 * The shapes of the Pulumi components' args, as an untyped caller (a JavaScript program, values
 * read from stack config) must pass them: the construct's props (their shapes come from the
 * construct's table) with the Pulumi-native args in place of `hfToken` and `namespace`. The whole
 * args object is checked at once, so a misspelt Pulumi arg (`createNamspace`) is named like a
 * misspelt prop. test/props-shape.test.ts keeps every table equal to its interface.
 * @internal
 */

/**
 * `hfToken`: an `HfToken`, or the token as a Pulumi input. Accepted as it is here: the component's
 * token rule (`tokenReference`, and the check of the value an Output resolves to) is its one place.
 */
const HF_TOKEN_INPUT: Shape = { expected: 'an HfToken or the token as a Pulumi string input', check: () => undefined };

const CUSTOMIZE = guardShape('a function', (v) => typeof v === 'function', 'pass a function that receives the construct, e.g. (llm) => llm.dgd.addEnv(...)');
/** The DynamoGraphDeployment component's `customize`: it receives the graph itself. */
const DGD_CUSTOMIZE = guardShape('a function', (v) => typeof v === 'function', 'pass a function that receives the graph, e.g. (dgd) => dgd.addEnv(...)');

/**
 * `platform` of a pattern component: the Pulumi `DynamoPlatform` component, or a platform the
 * construct takes (`DynamoPlatform.fromExisting(...)`), checked by the construct's own shape.
 */
const PLATFORM_INPUT: Shape = {
  expected: 'a DynamoPlatform component or a Dynamo platform',
  check: (prop, value) => {
    if (!isPlatformComponent(value)) PLATFORM.check(prop, value);
  },
};

/** `KubernetesPlacementArgs`. @internal */
export const KUBERNETES_PLACEMENT_ARGS_FIELDS: FieldShapes = { namespace: STRING, createNamespace: booleanShape() };

/** `LlmEngineArgs` (with `KubernetesPlacementArgs`). @internal */
export const LLM_ENGINE_ARGS_FIELDS: FieldShapes = {
  ...KUBERNETES_PLACEMENT_ARGS_FIELDS,
  hfToken: HF_TOKEN_INPUT,
  modelDownloadTimeout: STRING,
  replaceOnImmutableChange: booleanShape(),
  customize: CUSTOMIZE,
  platform: PLATFORM_INPUT,
};

/** A table without some of its fields (those the Pulumi args replace). */
function without(fields: FieldShapes, ...keys: string[]): FieldShapes {
  return Object.fromEntries(Object.entries(fields).filter(([k]) => !keys.includes(k)));
}

/** @internal */
export const AGGREGATED_LLM_ARGS_FIELDS: FieldShapes = { ...without(AGGREGATED_LLM_FIELDS, 'hfToken', 'namespace', 'platform'), ...LLM_ENGINE_ARGS_FIELDS };
/** @internal */
export const DISAGGREGATED_LLM_ARGS_FIELDS: FieldShapes = { ...without(DISAGGREGATED_LLM_FIELDS, 'hfToken', 'namespace', 'platform'), ...LLM_ENGINE_ARGS_FIELDS };
/** `DynamoPlatformArgs`: the construct's props without the cdk8s-only `delivery` and `manifestsChart`, and the Helm timeout. @internal */
export const DYNAMO_PLATFORM_ARGS_FIELDS: FieldShapes = { ...without(DYNAMO_PLATFORM_PROPS_FIELDS, 'delivery', 'manifestsChart'), timeout: STRING };
/** @internal */
export const DYNAMO_GRAPH_DEPLOYMENT_ARGS_FIELDS: FieldShapes = {
  ...without(DYNAMO_GRAPH_DEPLOYMENT_PROPS_FIELDS, 'namespace'),
  ...KUBERNETES_PLACEMENT_ARGS_FIELDS,
  customize: DGD_CUSTOMIZE,
  replaceOnImmutableChange: booleanShape(),
};

/**
 * Checks a component's args before anything reads them.
 * @throws pulumi.InputPropertyError naming the arg (`args` when there is no args object).
 * @internal
 */
export function checkComponentArgs(args: unknown, typeName: string, fields: FieldShapes, required: readonly string[] = []): void {
  reportingInputErrors(() => {
    if (typeof args !== 'object' || args === null || Array.isArray(args)) {
      throw invalid('args', `must be ${/^[AEIOU]/.test(typeName) ? 'an' : 'a'} ${typeName} object`, shown(args), `pass an object with the ${typeName}${required.length ? ` (at least ${required.join(', ')})` : ''}`);
    }
    checkProps('', args, typeName, fields, required);
  });
}
