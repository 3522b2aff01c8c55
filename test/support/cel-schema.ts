/**
 * The part of a CRD's `openAPIV3Schema` that CEL evaluation needs: where the `x-kubernetes-validations` rules are,
 * and, below every node that carries rules, the types that decide how a value looks to CEL (Kubernetes types
 * `self` by the schema: `integer` is a CEL int, `number` a double, objects with `properties` are objects with
 * escaped field names, `additionalProperties` makes a map, `format: duration` / `date-time` / `date` / `byte` are
 * CEL durations / timestamps / bytes, `x-kubernetes-int-or-string` is dyn). Defaults are kept, because the API
 * server applies them before it runs the rules.
 *
 * Everything else (descriptions, enums, patterns, limits: what ajv checks) is dropped, and so is every branch with
 * no rule in or above it, so the result is small enough to cache as JSON and load in a few ms even for the
 * 1.6 MB DynamoGraphDeployment CRD (see `celRuleTree` in schema.ts).
 */

/** One entry of `x-kubernetes-validations`, as the CRD states it. */
export interface CelRuleSpec {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  /** JSONPath-like suffix (`.spec.x`, `['key']`) the API server reports the failure at, relative to the node. */
  readonly fieldPath?: string;
  /** `optionalOldSelf: true`: the rule also runs on create, with `oldSelf` an empty optional. */
  readonly optionalOldSelf?: boolean;
}

/** The formats that change a string's CEL type (k8s.io/apiserver/pkg/cel/common/schemas.go). */
export type CelStringFormat = 'duration' | 'date' | 'date-time' | 'byte';
const CEL_STRING_FORMATS: ReadonlySet<string> = new Set<CelStringFormat>(['duration', 'date', 'date-time', 'byte']);

/** A schema node reduced to what CEL evaluation reads. */
export interface CelSchemaNode {
  readonly type?: string;
  readonly format?: CelStringFormat;
  readonly intOrString?: true;
  readonly preserveUnknownFields?: true;
  readonly embeddedResource?: true;
  readonly default?: unknown;
  readonly properties?: Readonly<Record<string, CelSchemaNode>>;
  readonly items?: CelSchemaNode;
  /** A map's value schema; `{}` (any value) for `additionalProperties: true`. */
  readonly additionalProperties?: CelSchemaNode;
  readonly rules?: readonly CelRuleSpec[];
  /** Some node below this one carries rules: the walk over an object descends only where this is set. */
  readonly rulesBelow?: true;
}

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function rulesOf(schema: JsonObject): CelRuleSpec[] {
  const list = schema['x-kubernetes-validations'];
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((r) => {
    if (typeof r.rule !== 'string') throw new Error(`x-kubernetes-validations entry without a rule: ${JSON.stringify(r)}`);
    const spec: { -readonly [K in keyof CelRuleSpec]: CelRuleSpec[K] } = { rule: r.rule };
    if (typeof r.message === 'string' && r.message !== '') spec.message = r.message;
    if (typeof r.messageExpression === 'string' && r.messageExpression !== '') spec.messageExpression = r.messageExpression;
    if (typeof r.fieldPath === 'string' && r.fieldPath !== '') spec.fieldPath = r.fieldPath;
    if (r.optionalOldSelf === true) spec.optionalOldSelf = true;
    return spec;
  });
}

/**
 * Reduces `schema` to a {@link CelSchemaNode}, or undefined when neither it nor anything below it carries a rule
 * and no ancestor does (`typed`: an ancestor carries rules, so this node's types are needed to build `self`).
 */
function reduce(schema: unknown, typed: boolean): CelSchemaNode | undefined {
  if (!isObject(schema)) return undefined;
  const rules = rulesOf(schema);
  const inScope = typed || rules.length > 0;

  const properties: Record<string, CelSchemaNode> = {};
  let below = false;
  if (isObject(schema.properties)) {
    for (const [name, sub] of Object.entries(schema.properties)) {
      const node = reduce(sub, inScope);
      if (node) properties[name] = node;
      below ||= node?.rules !== undefined || node?.rulesBelow === true;
    }
  }
  const items = isObject(schema.items) ? reduce(schema.items, inScope) : undefined;
  const additional = isObject(schema.additionalProperties)
    ? reduce(schema.additionalProperties, inScope)
    : schema.additionalProperties === true && inScope
      ? {}
      : undefined;
  for (const child of [items, additional]) below ||= child?.rules !== undefined || child?.rulesBelow === true;
  if (!inScope && !below) return undefined;

  const node: { -readonly [K in keyof CelSchemaNode]: CelSchemaNode[K] } = {};
  if (typeof schema.type === 'string') node.type = schema.type;
  if (schema.type === 'string' && typeof schema.format === 'string' && CEL_STRING_FORMATS.has(schema.format)) {
    node.format = schema.format as CelStringFormat;
  }
  if (schema['x-kubernetes-int-or-string'] === true) node.intOrString = true;
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) node.preserveUnknownFields = true;
  if (schema['x-kubernetes-embedded-resource'] === true) node.embeddedResource = true;
  if (schema.default !== undefined) node.default = schema.default;
  if (Object.keys(properties).length > 0) node.properties = properties;
  if (items) node.items = items;
  if (additional) node.additionalProperties = additional;
  if (rules.length > 0) node.rules = rules;
  if (below) node.rulesBelow = true;
  return node;
}

/**
 * The rule tree of one served version's `openAPIV3Schema`: null when the schema carries no
 * `x-kubernetes-validations` at all.
 */
export function celRuleTree(openAPIV3Schema: unknown): CelSchemaNode | null {
  return reduce(openAPIV3Schema, false) ?? null;
}
