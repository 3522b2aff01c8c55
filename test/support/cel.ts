/**
 * Evaluates the CEL rules (`x-kubernetes-validations`) of a custom resource's schema on an object, as the
 * Kubernetes API server does on create (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go):
 *
 * - each rule runs at its schema node, once per place the node has a value in the object (every list item, every
 *   map value); a node that is absent or null runs no rule; defaults are applied first;
 * - `self` is the node's value, typed by the schema (see `cel-values.ts`);
 * - a rule that is false is reported with its `message` (else its `messageExpression`'s result, else
 *   `failed rule: <rule>`); a rule that cannot be evaluated (`self.x` where `x` is absent, a wrong type) is
 *   reported too, as the API server rejects the object then;
 * - transition rules (rules that read `oldSelf`) never run on create and are skipped (counted), except
 *   `optionalOldSelf` rules, which run with `oldSelf` an empty optional.
 *
 * Rules are evaluated with `@bufbuild/cel` (the CEL standard library and `strings` extension) plus the Kubernetes
 * library functions of `cel-functions.ts`. They come parsed (`cel-parse.ts`, cached on disk with the schema); each
 * module instance (test file) plans them when it first validates their kind: all rules of that kind at once, so a
 * rule calling a function this harness lacks throws for the first object of that kind (a loud failure, never a
 * silent pass), while kinds never validated cost nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { celEnv, isCelError, plan, type CelResult } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { KUBERNETES_FUNCTIONS, OPTIONAL_NONE, unsupportedFunctions } from './cel-functions';
import { storedAst, storeExpression, type CelRuleSet, type ParsedExpression } from './cel-parse';
import type { CelRuleSpec, CelSchemaNode } from './cel-schema';
import { celValue } from './cel-values';
import { appendPath } from './json-path';

/** One rule that fails (or cannot be evaluated) at one place of an object. */
export interface CelFinding {
  /** JSON path of the rule's node in the object (plus the rule's `fieldPath`), e.g. `$.spec.components[1]`. */
  readonly path: string;
  readonly message: string;
}

/** Counts of this module instance (one test file), for reports and the harness tests. */
export interface CelStats {
  /** Distinct rules compiled (transition rules included). */
  readonly rulesCompiled: number;
  /** Of those, transition rules: they read `oldSelf` and never run on create. */
  readonly transitionRules: number;
  /** Rule evaluations: one per rule per place its node has a value. */
  readonly evaluations: number;
  /** Transition rules skipped, counted like evaluations (per place). */
  readonly transitionSkips: number;
  /** Evaluations that were false, and that could not be evaluated. */
  readonly failures: number;
  readonly errors: number;
  /** Time spent compiling and evaluating, ms. */
  readonly ms: number;
  /** The schemas whose rules were compiled (`crds/<file> <version>`), with their number of rules. */
  readonly schemas: Readonly<Record<string, number>>;
}

const stats = { rulesCompiled: 0, transitionRules: 0, evaluations: 0, transitionSkips: 0, failures: 0, errors: 0, ms: 0 };
const schemas: Record<string, number> = {};

/** A snapshot of this module instance's counts. */
export function celStats(): CelStats {
  return { ...stats, schemas: { ...schemas } };
}

// `DYNAMO_CEL_STATS=<folder>`: each module instance (test file) keeps its counts, rewritten after every object, in a
// JSON file of its own in <folder>, so that a whole run's figures can be summed (nothing is printed by default).
const STATS_DIR = process.env.DYNAMO_CEL_STATS;
const STATS_FILE = STATS_DIR && path.join(STATS_DIR, `cel-stats-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
function writeStats(): void {
  if (!STATS_DIR || !STATS_FILE) return;
  fs.mkdirSync(STATS_DIR, { recursive: true });
  fs.writeFileSync(STATS_FILE, JSON.stringify(celStats()));
}

/** A rule calls a function this harness does not implement, or uses CEL this harness cannot evaluate. */
export class CelUnsupportedError extends Error {}

type Program = (bindings: Record<string, unknown>) => CelResult;

interface CompiledRule {
  /** Undefined for a transition rule (not evaluated on create). */
  readonly program?: Program;
  readonly messageProgram?: Program;
}

const env = celEnv({ funcs: [...strings, ...KUBERNETES_FUNCTIONS] });

/** The rule set being evaluated: where {@link compileRule} finds parsed expressions. */
let current: CelRuleSet = { tree: null, parsed: {} };

/** The stored parse of `source`; throws when it cannot be parsed. */
function parsed(source: string, where: string): ParsedExpression {
  const stored = current.parsed[source] ?? storeExpression(source);
  if ('error' in stored) throw new CelUnsupportedError(`${where}: cannot parse CEL ${JSON.stringify(source)}: ${stored.error}`);
  return stored;
}

/** The program of a parsed expression; throws when it calls a function this harness lacks. */
function program(stored: ParsedExpression, source: string, where: string): Program {
  const missing = unsupportedFunctions(env, stored.functions);
  if (missing.length > 0) {
    throw new CelUnsupportedError(
      `${where}: rule ${JSON.stringify(source)} calls ${missing.join(', ')}, which the CEL harness does not implement; ` +
        'add it to test/support/cel-functions.ts',
    );
  }
  return plan(env, storedAst(stored)) as Program;
}

const compiled = new Map<string, CompiledRule>();

/** Compiles a rule (cached by its text and options); throws {@link CelUnsupportedError} for what cannot be evaluated. */
function compileRule(spec: CelRuleSpec, where: string): CompiledRule {
  const key = JSON.stringify([spec.rule, spec.messageExpression ?? '', spec.optionalOldSelf === true]);
  let rule = compiled.get(key);
  if (rule) return rule;
  const expression = parsed(spec.rule, where);
  stats.rulesCompiled++;
  if (expression.oldSelfReads > 0 && spec.optionalOldSelf !== true) {
    // A transition rule: never run on create, so never planned (a function it calls need not exist here).
    stats.transitionRules++;
    rule = {};
  } else {
    if (expression.oldSelfReads !== expression.oldSelfHasValueCalls) {
      throw new CelUnsupportedError(`${where}: optionalOldSelf rule ${JSON.stringify(spec.rule)} uses oldSelf other than as oldSelf.hasValue()`);
    }
    const message = spec.messageExpression;
    rule = {
      program: program(expression, spec.rule, where),
      messageProgram: message === undefined ? undefined : program(parsed(message, where), message, where),
    };
  }
  compiled.set(key, rule);
  return rule;
}

const prepared = new WeakSet<CelSchemaNode>();

/** Compiles every rule of a tree (once per tree): an unsupported rule fails even where the object lacks its node. */
function prepare(node: CelSchemaNode, where: string, at = '$'): void {
  schemas[where] = (schemas[where] ?? 0) + (node.rules?.length ?? 0);
  for (const spec of node.rules ?? []) compileRule(spec, `${where} at ${at}`);
  for (const [name, child] of Object.entries(node.properties ?? {})) prepare(child, where, appendPath(at, name));
  if (node.items) prepare(node.items, where, `${at}[*]`);
  if (node.additionalProperties) prepare(node.additionalProperties, where, `${at}[*]`);
}

function errorText(result: unknown): string {
  if (isCelError(result) || result instanceof Error) return result.message;
  return `result is ${typeof result}, not a bool`;
}

/** Runs a compiled program; a thrown exception (a library function's) counts as an evaluation error. */
function run(program: Program, bindings: Record<string, unknown>): CelResult {
  try {
    return program(bindings);
  } catch (e) {
    return e as CelResult;
  }
}

function failureMessage(spec: CelRuleSpec, rule: CompiledRule, bindings: Record<string, unknown>): string {
  if (rule.messageProgram) {
    const message = run(rule.messageProgram, bindings);
    if (typeof message === 'string' && message.trim() !== '') return message;
  }
  return spec.message ?? `failed rule: ${spec.rule}`;
}

/** Evaluates the rules of `node` on `self` (the node's value at `path`). */
function evaluateRules(node: CelSchemaNode, self: unknown, at: string, out: CelFinding[]): void {
  for (const spec of node.rules ?? []) {
    const rule = compileRule(spec, at);
    if (!rule.program) {
      stats.transitionSkips++;
      continue;
    }
    stats.evaluations++;
    const bindings = spec.optionalOldSelf ? { self, oldSelf: OPTIONAL_NONE } : { self };
    const result = run(rule.program, bindings);
    if (result === true) continue;
    const where = spec.fieldPath ? `${at}${spec.fieldPath}` : at;
    if (result === false) {
      stats.failures++;
      out.push({ path: where, message: failureMessage(spec, rule, bindings) });
    } else {
      stats.errors++;
      out.push({ path: where, message: `${errorText(result)} evaluating rule: ${spec.rule}` });
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(value: unknown, node: CelSchemaNode, at: string, root: boolean, out: CelFinding[]): void {
  if (value === undefined || value === null) return;
  if (node.rules) evaluateRules(node, celValue(value, node, root), at, out);
  if (!node.rulesBelow) return;
  const below = (child: CelSchemaNode | undefined): child is CelSchemaNode => child?.rules !== undefined || child?.rulesBelow === true;
  if (Array.isArray(value)) {
    const items = node.items;
    if (below(items)) value.forEach((item, i) => walk(item, items, appendPath(at, i), false, out));
    return;
  }
  if (!isObject(value)) return;
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    if (below(child)) walk(value[name] !== undefined ? value[name] : child.default, child, appendPath(at, name), false, out);
  }
  const values = node.additionalProperties;
  if (below(values)) {
    for (const [key, v] of Object.entries(value)) if (!node.properties?.[key]) walk(v, values, appendPath(at, key), false, out);
  }
}

/**
 * The CEL rules of a rule set (see `celRuleSet` in cel-parse.ts) that `obj` breaks. `where` names the schema in errors
 * (`crds/<file> <version>`). Throws {@link CelUnsupportedError} when a rule of the set cannot be evaluated.
 */
export function celViolations(rules: CelRuleSet, obj: Record<string, unknown>, where: string): CelFinding[] {
  const { tree } = rules;
  if (!tree) return [];
  const start = performance.now();
  current = rules;
  try {
    if (!prepared.has(tree)) {
      prepare(tree, where);
      prepared.add(tree);
    }
    const out: CelFinding[] = [];
    walk(obj, tree, '$', true, out);
    return out;
  } finally {
    stats.ms += performance.now() - start;
    writeStats();
  }
}
