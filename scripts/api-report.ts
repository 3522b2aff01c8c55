/**
 * The API report: the names each package entry point exports and their kinds, one line per export,
 * checked in under `api/` so that every change to the public surface is a reviewed diff.
 *
 *   npm run api-report          # regenerate api/*.api.txt from lib/index.ts and lib/pulumi/index.ts
 *
 * It reads the sources with the TypeScript compiler (no build needed). `test/api-report.test.ts`
 * compares the checked-in reports with the sources, the runtime exports and the published typings,
 * using the functions exported here.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..');

/** A package entry point and where its report lives. */
export interface EntryPoint {
  /** What consumers import, e.g. `dynamo-constructs/pulumi`. */
  readonly specifier: string;
  /** The source of the entry point, relative to the root. */
  readonly source: string;
  /** The checked-in report, relative to the root. */
  readonly report: string;
}

/** The entry points of `package.json` "exports". */
export const ENTRY_POINTS: readonly EntryPoint[] = [
  { specifier: 'dynamo-constructs', source: 'lib/index.ts', report: 'api/dynamo-constructs.api.txt' },
  { specifier: 'dynamo-constructs/pulumi', source: 'lib/pulumi/index.ts', report: 'api/dynamo-constructs-pulumi.api.txt' },
];

/** What a declaration is, as the report names it. */
export type ExportKind = 'class' | 'abstract class' | 'interface' | 'type' | 'function' | 'const' | 'let' | 'var' | 'enum' | 'const enum' | 'namespace';

/** One exported name of an entry point. */
export interface ApiExport {
  readonly name: string;
  /** The kinds of its declarations, sorted (more than one when declarations merge, e.g. a const and a type). */
  readonly kinds: readonly ExportKind[];
  /** Whether it exists at run time (a class, function, variable or enum); the others are types only. */
  readonly value: boolean;
  /** Whether a declaration carries `@internal`, so the published typings (stripInternal) drop it. */
  readonly internal: boolean;
  /** The declarations, for further checks. */
  readonly declarations: readonly ts.Declaration[];
}

/** The program and checker the report reads, and each entry point's exports. */
export interface ApiModel {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly exports: ReadonlyMap<EntryPoint, readonly ApiExport[]>;
}

/** The compiler options of the published build (`tsconfig.build.json`: declarations, stripInternal). */
export function buildOptions(root: string = ROOT): ts.CompilerOptions {
  const configPath = path.join(root, 'tsconfig.build.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath).options;
}

/**
 * Whether the published typings drop a declaration: the rule of `stripInternal`, which looks for
 * `@internal` in the comments before it (before the statement, for a variable).
 */
export function isInternal(declaration: ts.Declaration): boolean {
  const node = ts.isVariableDeclaration(declaration) && ts.isVariableStatement(declaration.parent.parent) ? declaration.parent.parent : declaration;
  return ts.isInternalDeclaration(node, declaration.getSourceFile());
}

/** Whether an export specifier (`export { X } from`) or its statement is dropped by stripInternal. */
function isInternalExport(declaration: ts.Declaration): boolean {
  if (!ts.isExportSpecifier(declaration)) return false;
  const statement = declaration.parent.parent;
  return isInternal(declaration) || ts.isInternalDeclaration(statement, statement.getSourceFile());
}

/** The report's kind of a declaration; undefined for one that is not a top-level declaration. */
function kindOf(declaration: ts.Declaration): ExportKind | undefined {
  const modifiers = ts.canHaveModifiers(declaration) ? ts.getModifiers(declaration) ?? [] : [];
  const has = (kind: ts.SyntaxKind) => modifiers.some((m) => m.kind === kind);
  if (ts.isClassDeclaration(declaration)) return has(ts.SyntaxKind.AbstractKeyword) ? 'abstract class' : 'class';
  if (ts.isInterfaceDeclaration(declaration)) return 'interface';
  if (ts.isTypeAliasDeclaration(declaration)) return 'type';
  if (ts.isFunctionDeclaration(declaration)) return 'function';
  if (ts.isEnumDeclaration(declaration)) return has(ts.SyntaxKind.ConstKeyword) ? 'const enum' : 'enum';
  if (ts.isModuleDeclaration(declaration)) return 'namespace';
  if (ts.isVariableDeclaration(declaration)) {
    const flags = declaration.parent.flags;
    return flags & ts.NodeFlags.Const ? 'const' : flags & ts.NodeFlags.Let ? 'let' : 'var';
  }
  return undefined;
}

/** Sorts names case-insensitively, then by code point, so the order is stable across locales. */
export function compareNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The exports of a module (a source file or a `.d.ts`), sorted by name. */
export function exportsOf(checker: ts.TypeChecker, file: ts.SourceFile): ApiExport[] {
  const moduleSymbol = checker.getSymbolAtLocation(file);
  if (!moduleSymbol) throw new Error(`${file.fileName} is not a module`);
  return checker.getExportsOfModule(moduleSymbol).map((symbol): ApiExport => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const declarations = target.declarations ?? [];
    const kinds = [...new Set(declarations.map(kindOf).filter((k): k is ExportKind => k !== undefined))].sort();
    return {
      name: symbol.name,
      kinds,
      value: (target.flags & ts.SymbolFlags.Value) !== 0,
      // stripInternal drops the declaration, or the export statement (of the entry point) naming it
      internal: declarations.some(isInternal) || (symbol.declarations ?? []).some(isInternalExport),
      declarations,
    };
  }).sort((a, b) => compareNames(a.name, b.name));
}

/** Reads the exports of every entry point with one program (the build's options; nothing is emitted). */
export function readApi(root: string = ROOT): ApiModel {
  const program = ts.createProgram(ENTRY_POINTS.map((e) => path.join(root, e.source)), buildOptions(root));
  const checker = program.getTypeChecker();
  const exports = new Map<EntryPoint, ApiExport[]>();
  for (const entry of ENTRY_POINTS) {
    const file = program.getSourceFile(path.join(root, entry.source));
    if (!file) throw new Error(`${entry.source} is missing`);
    exports.set(entry, exportsOf(checker, file));
  }
  return { program, checker, exports };
}

/** The report line of an export: `<kind> <name>`, kinds joined with ` + ` when declarations merge. */
export function reportLine(e: ApiExport): string {
  return `${e.kinds.join(' + ') || 'unknown'} ${e.name}${e.internal ? ' (@internal: not in the published typings)' : ''}`;
}

/** The report text of an entry point: a header, then `<kind> <name>` per export, sorted by name. */
export function renderReport(entry: EntryPoint, exports: readonly ApiExport[]): string {
  return [
    `# API report of ${entry.specifier} (${entry.source}): ${exports.length} exports, ${exports.filter((e) => e.value).length} of them values.`,
    '# Generated by `npm run api-report`; review its diff, do not edit by hand. One line per export: <kind> <name>.',
    ...exports.map(reportLine),
    '',
  ].join('\n');
}

/** Writes every report; returns the files that changed. */
export function writeReports(root: string = ROOT): string[] {
  const model = readApi(root);
  const changed: string[] = [];
  for (const entry of ENTRY_POINTS) {
    const file = path.join(root, entry.report);
    const text = renderReport(entry, model.exports.get(entry)!);
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (before === text) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    changed.push(entry.report);
  }
  return changed;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === __filename) {
  const changed = writeReports();
  console.log(changed.length === 0 ? 'API reports are up to date.' : `Updated ${changed.join(', ')}: review the diff (git diff api/).`);
}
