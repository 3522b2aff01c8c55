/**
 * Parsing the CEL rules of a schema, for the on-disk schema cache. Parsing is the expensive step of CEL with
 * `@bufbuild/cel` (~1 ms a rule; the HTTPRoute CRD has 89 rules per version), so the rules of a schema are parsed
 * once per content ({@link celRuleSet}) and stored, as JSON, with the rule tree; a test file then only plans them
 * (~0.02 ms a rule). Each stored expression also records the functions it calls and its uses of `oldSelf`, so that
 * compiling needs no walk over the AST.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from '@bufbuild/cel';
import { calledFunctions, hasValueCalls, variableReads } from './cel-functions';
import type { CelSchemaNode } from './cel-schema';

/** The `@bufbuild/cel` version: its parser's output is cached, so it is part of the cache keys. */
export const CEL_PARSER_VERSION: string = (() => {
  const pkg = path.join(path.dirname(require.resolve('@bufbuild/cel')), '..', '..', 'package.json');
  return `@bufbuild/cel@${(JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version}`;
})();

/**
 * A parsed expression as stored in the schema cache: the AST as JSON text (bigints as `{"$bigint": "<digits>"}`),
 * with what compiling needs to know about it, or the parse error.
 */
export type StoredExpression = ParsedExpression | { readonly error: string };

/** A parsed expression: its AST as JSON text, the functions it calls, how it uses `oldSelf`. */
export interface ParsedExpression {
  readonly ast: string;
  readonly functions: readonly string[];
  readonly oldSelfReads: number;
  /** How many of those reads are `oldSelf.hasValue()` (the only use of an optional `oldSelf` supported). */
  readonly oldSelfHasValueCalls: number;
}

/** The rules of a schema's rule tree with every rule and message expression parsed; JSON, for the schema cache. */
export interface CelRuleSet {
  readonly tree: CelSchemaNode | null;
  /** Source text -> parsed expression. */
  readonly parsed: Readonly<Record<string, StoredExpression>>;
}

/** Parses one expression (never throws: a parse error is stored as such). */
export function storeExpression(source: string): StoredExpression {
  let expr: unknown;
  try {
    expr = parse(source).expr;
  } catch (e) {
    return { error: (e as Error).message };
  }
  return {
    ast: JSON.stringify(expr, (_key, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v)),
    functions: calledFunctions(expr),
    oldSelfReads: variableReads(expr, 'oldSelf'),
    oldSelfHasValueCalls: hasValueCalls(expr, 'oldSelf'),
  };
}

const reviveBigints = (_key: string, v: unknown): unknown => {
  const big = typeof v === 'object' && v !== null ? (v as { $bigint?: unknown }).$bigint : undefined;
  return typeof big === 'string' ? BigInt(big) : v;
};

/** The AST of a parsed expression, as `plan()` takes it. */
export function storedAst(stored: ParsedExpression): ReturnType<typeof parse>['expr'] {
  return JSON.parse(stored.ast, reviveBigints) as ReturnType<typeof parse>['expr'];
}

/** Parses every rule (and message expression) of `tree`. */
export function celRuleSet(tree: CelSchemaNode | null): CelRuleSet {
  const parsed: Record<string, StoredExpression> = {};
  const visit = (node: CelSchemaNode): void => {
    for (const spec of node.rules ?? []) {
      for (const source of [spec.rule, spec.messageExpression]) if (source !== undefined) parsed[source] ??= storeExpression(source);
    }
    for (const child of [...Object.values(node.properties ?? {}), node.items, node.additionalProperties]) if (child) visit(child);
  };
  if (tree) visit(tree);
  return { tree, parsed };
}

function isStoredExpression(v: unknown): v is StoredExpression {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return typeof e.error === 'string' || (typeof e.ast === 'string' && Array.isArray(e.functions) && typeof e.oldSelfReads === 'number' && typeof e.oldSelfHasValueCalls === 'number');
}

/** Whether a value read from the cache is a {@link CelRuleSet}. */
export function isCelRuleSet(v: unknown): v is CelRuleSet {
  if (typeof v !== 'object' || v === null) return false;
  const { tree, parsed } = v as Record<string, unknown>;
  return (tree === null || typeof tree === 'object') && typeof parsed === 'object' && parsed !== null && Object.values(parsed).every(isStoredExpression);
}
