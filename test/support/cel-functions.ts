/**
 * The Kubernetes CEL library functions that the rules of the emitted kinds call and the CEL standard library of
 * `@bufbuild/cel` lacks (inventory of every `x-kubernetes-validations` rule under ../shared/crds):
 *
 * - `<string>.find(<regex>)`: the first match, or '' (Kubernetes regex library; Karpenter NodePool, EC2NodeClass);
 * - `quantity(<string>)` and `<Quantity>.isGreaterThan(<Quantity>)` (Kubernetes quantity library; the
 *   DynamoGraphDeployment v1alpha1 `sharedMemory` rule);
 * - `<optional>.hasValue()`, for the `oldSelf` of `optionalOldSelf` rules, which runs on create as an empty
 *   optional (DynamoGraphDeployment `spec.restart`).
 *
 * Any other function a rule calls and neither library defines (e.g. `url`, `isURL`, `getScheme` of the Istio
 * RequestAuthentication CRD, a kind the library does not emit) makes the rule's compile throw
 * ({@link unsupportedFunctions}), so a rule is never silently passed.
 */
import { CelScalar, celEnv, celFunc, celMap, celMethod, isCelMap, mapType, type CelEnv, type CelFunc, type CelMap, type CelValue } from '@bufbuild/cel';

const { BOOL, DYN, STRING } = CelScalar;
/** Quantities and the empty optional are maps holding one of these (unreadable: not an identifier) keys. */
const QUANTITY_KEY = '@quantity';
const OPTIONAL_NONE_KEY = '@optional.none';
const ANY_MAP = mapType(DYN, DYN);

// ---------------------------------------------------------------------------------------------------------------
// Quantities (k8s.io/apimachinery/pkg/api/resource: <sign><digits>[.<digits>][<suffix>])
// ---------------------------------------------------------------------------------------------------------------

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const BINARY_EXPONENT: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXPONENT: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** An exact quantity as a reduced fraction `num / den` (den > 0). */
interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

/** Parses a Kubernetes quantity, or returns undefined when `text` is not one. */
export function parseQuantity(text: string): Fraction | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign, number, suffix = ''] = m;
  const [whole, fraction = ''] = number.split('.');
  let num = BigInt(`${whole || '0'}${fraction}`) * (sign === '-' ? -1n : 1n);
  let den = 10n ** BigInt(fraction.length);
  const binary = BINARY_EXPONENT[suffix];
  const decimal = suffix === '' ? 0 : DECIMAL_EXPONENT[suffix] ?? Number(suffix.slice(1));
  if (binary !== undefined) num *= 2n ** BigInt(binary);
  else if (decimal >= 0) num *= 10n ** BigInt(decimal);
  else den *= 10n ** BigInt(-decimal);
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

/** A quantity as a CEL value: a map whose one entry holds the reduced fraction, so equal quantities are equal. */
function quantityValue(q: Fraction): CelMap {
  return celMap(new Map([[QUANTITY_KEY, `${q.num}/${q.den}`]]));
}

function quantityOf(v: CelValue): Fraction {
  const text = isCelMap(v) ? v.get(QUANTITY_KEY) : undefined;
  if (typeof text !== 'string') throw new Error('no such overload: not a quantity');
  const [num, den] = text.split('/').map((s) => BigInt(s));
  return { num, den };
}

function compareQuantities(a: Fraction, b: Fraction): number {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Regex find, optional
// ---------------------------------------------------------------------------------------------------------------

const regexes = new Map<string, RegExp>();
/** The first match of an RE2 `pattern` (the patterns in the rules are also valid JavaScript), or ''. */
function find(this: string, pattern: string): string {
  let re = regexes.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'u');
    regexes.set(pattern, re);
  }
  return re.exec(this)?.[0] ?? '';
}

/**
 * `<string>.matches(<regex>)` of the standard library, remembered per (pattern, string): the library compiles the
 * RE2 pattern on every call, and the same label keys and names are matched again and again.
 */
const standardMatches = celEnv().funcs.find('matches');
const matched = new Map<string, boolean>();
function matches(this: string, pattern: string): boolean {
  const key = `${pattern}\u0000${this}`;
  let result = matched.get(key);
  if (result === undefined) {
    const value = standardMatches?.call(0, this, [pattern]);
    if (typeof value !== 'boolean') throw value instanceof Error ? value : new Error(`matches: cannot evaluate ${JSON.stringify(pattern)}`);
    result = value;
    matched.set(key, result);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// URLs (Kubernetes URL library: url(), isURL(), <URL>.getScheme(); Istio RequestAuthentication jwksUri)
// ---------------------------------------------------------------------------------------------------------------

const URL_KEY = '@url';

/** An absolute URL as Go's url.ParseRequestURI accepts it (scheme, then an absolute path or authority), or undefined. */
function parseUrl(text: string): { scheme: string } | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/[^\s]*|\/[^\s]*)$/.exec(text);
  return m ? { scheme: m[1] } : undefined;
}

function urlValue(text: string): CelMap {
  const u = parseUrl(text);
  if (!u) throw new Error(`url: invalid URL ${JSON.stringify(text)}`);
  return celMap(new Map([[URL_KEY, u.scheme]]));
}

function urlOf(v: CelValue): { scheme: string } {
  const scheme = isCelMap(v) ? v.get(URL_KEY) : undefined;
  if (typeof scheme !== 'string') throw new Error('no such overload: not a URL');
  return { scheme };
}

/** The value `oldSelf` has on create in an `optionalOldSelf` rule: `optional.none()`. */
export const OPTIONAL_NONE: CelMap = celMap(new Map([[OPTIONAL_NONE_KEY, true]]));

function optionalNone(v: CelValue): true {
  if (!isCelMap(v) || v.get(OPTIONAL_NONE_KEY) !== true) throw new Error('no such overload: not an optional');
  return true;
}

/** The functions and methods this harness adds to (or, for `matches`, memoizes in) the CEL standard library. */
export const KUBERNETES_FUNCTIONS: readonly CelFunc[] = [
  celMethod('matches', STRING, [STRING], BOOL, matches),
  celMethod('find', STRING, [STRING], STRING, find),
  celFunc('quantity', [STRING], ANY_MAP, (text) => {
    const q = parseQuantity(text);
    if (!q) throw new Error(`quantity: invalid quantity ${JSON.stringify(text)}`);
    return quantityValue(q);
  }),
  celMethod('isGreaterThan', ANY_MAP, [ANY_MAP], BOOL, function (other) {
    return compareQuantities(quantityOf(this), quantityOf(other)) > 0;
  }),
  celFunc('url', [STRING], ANY_MAP, (text) => urlValue(text)),
  celFunc('isURL', [STRING], BOOL, (text) => parseUrl(text) !== undefined),
  celMethod('getScheme', ANY_MAP, [], STRING, function () {
    return urlOf(this).scheme;
  }),
  celMethod('hasValue', ANY_MAP, [], BOOL, function () {
    optionalNone(this);
    return false;
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// Which functions exist
// ---------------------------------------------------------------------------------------------------------------

/** Functions the `@bufbuild/cel` planner evaluates itself (operators, macro helpers), not through the env. */
const PLANNER_FUNCTIONS: ReadonlySet<string> = new Set([
  '_[_]', '_[?_]', '_?._', '_?_:_', '_&&_', '_||_', '@not_strictly_false', '__not_strictly_false__',
]);

/** The names of the functions a parsed CEL expression (a protobuf `cel.expr.Expr`, macros expanded) calls. */
export function calledFunctions(expr: unknown): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const call = node as { $typeName?: string; function?: unknown };
    if (call.$typeName === 'cel.expr.Expr.Call' && typeof call.function === 'string') names.add(call.function);
    for (const value of Object.values(node)) if (typeof value === 'object') visit(value);
  };
  visit(expr);
  return [...names].sort();
}

/** The functions of `names` that `env` does not define (empty when a rule calling them can be evaluated). */
export function unsupportedFunctions(env: CelEnv, names: readonly string[]): string[] {
  return names.filter((name) => !PLANNER_FUNCTIONS.has(name) && env.funcs.find(name) === undefined);
}

/** How often the parsed expression reads variable `name` (e.g. `oldSelf`: a transition rule). */
export function variableReads(expr: unknown, name: string): number {
  if (typeof expr !== 'object' || expr === null) return 0;
  const node = expr as { $typeName?: string; name?: unknown };
  if (node.$typeName === 'cel.expr.Expr.Ident' && node.name === name) return 1;
  return Object.values(expr).reduce((n: number, value) => n + (typeof value === 'object' ? variableReads(value, name) : 0), 0);
}

/** How often the parsed expression calls `<name>.hasValue()` (the only use of an optional `oldSelf` supported). */
export function hasValueCalls(expr: unknown, name: string): number {
  if (typeof expr !== 'object' || expr === null) return 0;
  const call = expr as { $typeName?: string; function?: unknown; target?: { exprKind?: { case?: string; value?: { name?: unknown } } } };
  const own =
    call.$typeName === 'cel.expr.Expr.Call' && call.function === 'hasValue' && call.target?.exprKind?.case === 'identExpr' && call.target.exprKind.value?.name === name
      ? 1
      : 0;
  return own + Object.values(expr).reduce((n: number, value) => n + (typeof value === 'object' ? hasValueCalls(value, name) : 0), 0);
}
