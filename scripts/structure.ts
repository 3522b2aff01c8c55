/**
 * Measures of the shape of `lib/`, shared by `npm run structure` and the architecture test: the
 * length of every function, the files each file imports, import cycles, and the runtime exports of
 * the built entry points that the published typings do not declare.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export const ROOT = path.resolve(__dirname, '..');
export const LIB = path.join(ROOT, 'lib');

export function libFiles(dir = LIB): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return libFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

export interface FunctionLength { readonly where: string; readonly lines: number }

/** Every function-like body in a file, with its length in lines. */
export function functionLengths(file: string): FunctionLength[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: FunctionLength[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      const name = node.name && ts.isIdentifier(node.name) ? node.name.text : ts.SyntaxKind[node.kind];
      out.push({ where: `${path.relative(ROOT, file)}:${start} ${name}`, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The files of `lib/` a file imports (relative imports only), type-only imports included. */
export function imports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  for (const stmt of source.statements) {
    const spec = (ts.isImportDeclaration(stmt) || ts.isExportDeclaration(stmt)) ? stmt.moduleSpecifier : undefined;
    if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith('.')) continue;
    const base = path.resolve(path.dirname(file), spec.text);
    const target = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
    if (target) out.push(target);
  }
  return out;
}

/** Strongly connected components with more than one file (Tarjan). */
export function cycles(files: string[]): string[][] {
  const graph = new Map(files.map((f) => [f, imports(f)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const strong = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(path.relative(ROOT, w));
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) strong(f);
  return found;
}

/** Runtime exports of a built entry point that its `.d.ts` does not declare. */
export function leakedExports(entry: string): string[] | undefined {
  const js = path.join(ROOT, 'build', `${entry}.js`);
  const dts = path.join(ROOT, 'build', `${entry}.d.ts`);
  if (!fs.existsSync(js) || !fs.existsSync(dts)) return undefined;
  const runtime = Object.keys(require(js) as object);
  const program = ts.createProgram([dts], { noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(dts)!)!;
  const typed = new Set(checker.getExportsOfModule(moduleSymbol).map((s) => s.name));
  return runtime.filter((name) => !typed.has(name)).sort();
}

