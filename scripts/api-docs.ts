/**
 * Checks that the API reference (`npm run docs:api`, TypeDoc into docs/api/) can show a default for every
 * optional prop: each optional property of every exported `*Props`, `*Options` and `*Args` interface or type
 * (those of the API reports under api/), and of the interfaces they extend or combine, has an `@default` tag.
 *
 *   npx tsx scripts/api-docs.ts     # lists the optional props without @default; exits 1 if there are any
 *
 * It reads lib/ syntactically (no type checker: about a tenth of a second), following `extends` clauses and the
 * type references of aliases to interfaces declared in lib/. test/doc-blocks.test.ts runs it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const REPORTS = ['api/dynamo-constructs.api.txt', 'api/dynamo-constructs-pulumi.api.txt'];
const CHECKED = /(Props|Options|Args)$/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? sources(file) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [file] : [];
  });
}

/** The names of the type references in a node (`Omit<P, 'a'> & LlmEngineArgs<T>` gives Omit, P, LlmEngineArgs, T). */
function referencedNames(node: ts.Node): string[] {
  const names: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName)) names.push(n.typeName.text);
    if (ts.isExpressionWithTypeArguments(n) && ts.isIdentifier(n.expression)) names.push(n.expression.text);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return names;
}

/** What the check found: the optional props it read, and those without `@default` (`Interface.prop (lib/file.ts:line)`, sorted). */
export interface DefaultsCheck {
  readonly optionalProps: number;
  readonly missing: readonly string[];
}

export function checkDefaults(root: string = ROOT): DefaultsCheck {
  const exported = REPORTS.filter((r) => fs.existsSync(path.join(root, r))).flatMap((r) => fs.readFileSync(path.join(root, r), 'utf8').split('\n'))
    .map((l) => /^(?:interface|type) (\S+)$/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined && CHECKED.test(n));
  const declarations = new Map<string, Array<{ node: ts.InterfaceDeclaration | ts.TypeAliasDeclaration; source: ts.SourceFile }>>();
  for (const file of sources(path.join(root, 'lib'))) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const s of source.statements) {
      if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) declarations.set(s.name.text, [...(declarations.get(s.name.text) ?? []), { node: s, source }]);
    }
  }
  const missing = new Set<string>();
  let optionalProps = 0;
  const seen = new Set<string>();
  const pending = [...exported];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const { node, source } of declarations.get(name) ?? []) {
      if (ts.isTypeAliasDeclaration(node)) {
        pending.push(...referencedNames(node.type));
        continue;
      }
      for (const clause of node.heritageClauses ?? []) pending.push(...clause.types.flatMap(referencedNames));
      for (const member of node.members) {
        if (!ts.isPropertySignature(member) || member.questionToken === undefined) continue;
        optionalProps++;
        if (ts.getJSDocTags(member).some((t) => t.tagName.text === 'default')) continue;
        const line = source.getLineAndCharacterOfPosition(member.getStart(source)).line + 1;
        missing.add(`${name}.${member.name.getText(source)} (${path.relative(root, source.fileName).split(path.sep).join('/')}:${line})`);
      }
    }
  }
  return { optionalProps, missing: [...missing].sort() };
}

if (require.main === module) {
  const { optionalProps, missing } = checkDefaults();
  for (const m of missing) console.log(m);
  console.log(`${missing.length} of ${optionalProps} optional props without @default`);
  process.exitCode = missing.length > 0 ? 1 : 0;
}
