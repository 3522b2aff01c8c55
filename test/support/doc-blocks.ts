/**
 * Doc tests (test/doc-blocks.test.ts): every TypeScript block of the documentation compiles strictly against the
 * published typings and runs.
 *
 * What is tested
 * - Markdown: every block fenced ```ts or ```typescript in README.md and docs/**\/*.md (not the generated
 *   docs/api/). Each is a complete program as a user pastes it: it imports only the package and its peers
 *   (ALLOWED_IMPORTS). A block whose fence line is directly preceded by `<!-- doc-test: skip (reason) -->` is not
 *   tested; the test lists it as skipped with its reason.
 * - JSDoc: every `@example` in lib/**\/*.ts (the ` * ` prefixes stripped; a fenced example is taken from inside its
 *   fence). An example may be a fragment: it runs inside a fixture.
 *
 * The @example fixture. Each example becomes a file of this shape, then the example's code:
 *     import { App, Chart, Duration, Size } from 'cdk8s';
 *     import { Cpu } from 'cdk8s-plus-28';
 *     import { <every name 'dynamo-constructs' exports, values and types> } from 'dynamo-constructs';
 *     const app = new App();
 *     const chart = new Chart(app, 'example');
 * and after the code `app.synthYaml()` must not throw. An example in lib/pulumi/ gets instead
 * `import * as pulumi from '@pulumi/pulumi'`, every name of 'dynamo-constructs/pulumi' and the other names of
 * 'dynamo-constructs', and runs under Pulumi's mocks like a Pulumi block. The import lists are read from the
 * built typings (build/index.d.ts, build/pulumi/index.d.ts), so they follow lib/index.ts.
 *
 * How they run
 * - All blocks are root files of ONE consumer program (support/consumer-project.ts: the package linked into
 *   node_modules beside its peers), compiled in-process with the TypeScript API: strict, module node16, CommonJS
 *   output, skipLibCheck (the typings themselves are checked by test/package.test.ts). A diagnostic is mapped
 *   back to the Markdown or source line and column of the block.
 * - All compiled blocks then run in ONE Node process (support/doc-block-runner.ts), one after the other. A cdk8s
 *   Markdown block runs with CDK8S_OUTDIR set to a fresh directory and must write at least one object. A Pulumi
 *   block (one importing '@pulumi/pulumi' or 'dynamo-constructs/pulumi') runs under `pulumi.runtime.setMocks`
 *   with the config keys it requires set (`config.require*('key')`; see `testConfig`), and a Markdown one must
 *   register at least one Kubernetes resource. Blocks share the process: a block must not depend on global state
 *   another one leaves (custom GPU types and fabrics are interned per id).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import ts from 'typescript';
import type { RunnerBlock, RunnerManifest, RunnerResult } from './doc-block-runner';

const execFileAsync = promisify(execFile);

/** The modules a Markdown block may import: the package and its peers. */
export const ALLOWED_IMPORTS = ['dynamo-constructs', 'dynamo-constructs/pulumi', 'cdk8s', 'cdk8s-plus-28', 'constructs', '@pulumi/pulumi', '@pulumi/kubernetes'];

/** The Pulumi project of the mocks: config keys are `doc-test:<key>`. */
export const DOC_TEST_PROJECT = 'doc-test';

/** `<!-- doc-test: skip (reason) -->`, on the line right before a fence. */
const SKIP_MARKER = /^\s*<!--\s*doc-test:\s*skip\s*\((.*\S.*)\)\s*-->\s*$/;

/** The cdk8s and cdk8s-plus-28 values every @example fixture imports. */
const FIXTURE_CDK8S = ['App', 'Chart', 'Duration', 'Size'];
const FIXTURE_CDK8S_PLUS = ['Cpu'];

/** One code line of a block and where it stands in its source. */
export interface BlockLine {
  readonly text: string;
  /** 1-based line in the source file. */
  readonly line: number;
  /** Characters removed before `text` on that line (fence indentation, the ` * ` of a comment). */
  readonly column: number;
}

export interface DocBlock {
  /** `README.md:120 (ts)`, `lib/cloud/cloud.ts:42 (@example)`. */
  readonly name: string;
  /** Relative to the repository root, `/`-separated. */
  readonly file: string;
  /** 1-based line of the fence or the `@example` tag. */
  readonly line: number;
  /** `ts`, `typescript` or `@example`. */
  readonly lang: string;
  readonly kind: 'markdown' | 'jsdoc';
  readonly lines: readonly BlockLine[];
  /** The reason of a `<!-- doc-test: skip (reason) -->` marker. */
  readonly skip?: string;
}

export function codeOf(block: DocBlock): string {
  return block.lines.map((l) => l.text).join('\n');
}

/** The fenced code blocks of a Markdown text whose language is `ts` or `typescript`. */
export function markdownBlocks(file: string, text: string): DocBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: DocBlock[] = [];
  let open: { indent: number; fence: string; lang: string; line: number; skip: string | undefined; body: BlockLine[] } | undefined;
  lines.forEach((line, i) => {
    if (open === undefined) {
      // A backtick fence's info string has no backtick (CommonMark): ```` ```ts ```` starting a line is inline code.
      const m = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(line);
      if (m && !(m[2][0] === '`' && m[3].includes('`'))) {
        const lang = /^\s*([^\s{]*)/.exec(m[3])![1].toLowerCase();
        open = { indent: m[1].length, fence: m[2], lang, line: i + 1, skip: i > 0 ? SKIP_MARKER.exec(lines[i - 1])?.[1].trim() : undefined, body: [] };
      }
      return;
    }
    const close = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
    if (close && close[1][0] === open.fence[0] && close[1].length >= open.fence.length) {
      if (open.lang === 'ts' || open.lang === 'typescript') {
        blocks.push({ name: `${file}:${open.line} (${open.lang})`, file, line: open.line, lang: open.lang, kind: 'markdown', lines: open.body, ...(open.skip ? { skip: open.skip } : {}) });
      }
      open = undefined;
      return;
    }
    const removed = Math.min(open.indent, /^\s*/.exec(line)![0].length);
    open.body.push({ text: line.slice(removed), line: i + 1, column: removed });
  });
  return blocks;
}

/** Drops leading and trailing blank lines; keeps what is inside a ``` fence when the example has one. */
function exampleCode(body: BlockLine[]): BlockLine[] {
  const fence = body.findIndex((l) => /^\s*```/.test(l.text));
  if (fence >= 0) {
    const end = body.findIndex((l, i) => i > fence && /^\s*```\s*$/.test(l.text));
    body = body.slice(fence + 1, end < 0 ? body.length : end);
  }
  let start = 0;
  let end = body.length;
  while (start < end && body[start].text.trim() === '') start++;
  while (end > start && body[end - 1].text.trim() === '') end--;
  return body.slice(start, end);
}

/** The `@example` blocks of the JSDoc comments of a TypeScript source, without the comments' ` * ` prefixes. */
export function jsdocExamples(file: string, text: string): DocBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: DocBlock[] = [];
  let inComment = false;
  let example: { line: number; body: BlockLine[] } | undefined;
  const finish = () => {
    if (example) blocks.push({ name: `${file}:${example.line} (@example)`, file, line: example.line, lang: '@example', kind: 'jsdoc', lines: exampleCode(example.body) });
    example = undefined;
  };
  lines.forEach((raw, i) => {
    if (!inComment) {
      inComment = /^\s*\/\*\*(?!.*\*\/)/.test(raw);
      return;
    }
    const end = raw.indexOf('*/');
    const line = end >= 0 ? raw.slice(0, end) : raw;
    const prefix = /^\s*\*? ?/.exec(line)![0];
    const body = line.slice(prefix.length);
    if (/^@example\b/.test(body)) {
      finish();
      example = { line: i + 1, body: [] };
    } else if (/^@\w/.test(body)) {
      finish();
    } else if (example && (end < 0 || body.trim() !== '')) {
      example.body.push({ text: body, line: i + 1, column: prefix.length });
    }
    if (end >= 0) {
      finish();
      inComment = false;
    }
  });
  return blocks;
}

function listFiles(dir: string, accept: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), accept) : accept(e.name) ? [path.join(dir, e.name)] : []))
    .sort();
}

/** Every doc block of the repository: README.md, docs/**\/*.md except docs/api/, and the @examples of lib/. */
export function collectDocBlocks(root: string): DocBlock[] {
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const markdown = [path.join(root, 'README.md'), ...listFiles(path.join(root, 'docs'), (f) => f.endsWith('.md'))]
    .filter((f) => fs.existsSync(f) && !rel(f).startsWith('docs/api/'));
  const sources = listFiles(path.join(root, 'lib'), (f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  return [
    ...markdown.flatMap((f) => markdownBlocks(rel(f), fs.readFileSync(f, 'utf8'))),
    ...sources.flatMap((f) => jsdocExamples(rel(f), fs.readFileSync(f, 'utf8'))),
  ];
}

/** The names an entry point's typings export, values and types apart. */
export interface ExportedNames {
  readonly values: readonly string[];
  readonly types: readonly string[];
}

/** The names a `.d.ts` entry point exports (read syntactically: `export { ... }`, `export type { ... }`, declarations). */
export function exportedNames(dts: string): ExportedNames {
  const source = ts.createSourceFile(dts, fs.readFileSync(dts, 'utf8'), ts.ScriptTarget.Latest);
  const values: string[] = [];
  const types: string[] = [];
  for (const s of source.statements) {
    if (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const e of s.exportClause.elements) (s.isTypeOnly || e.isTypeOnly ? types : values).push(e.name.text);
    } else if (ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      const names = ts.isVariableStatement(s) ? s.declarationList.declarations.map((d) => d.name.getText(source)) : 'name' in s && s.name ? [(s.name as ts.Identifier).text] : [];
      const isType = ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s);
      (isType ? types : values).push(...names);
    }
  }
  return { values: values.sort(), types: types.sort() };
}

export type Engine = 'cdk8s' | 'pulumi';

/** The modules a block imports (`import`, `export ... from`, `require`, `import()`). */
export function importsOf(code: string): string[] {
  return ts.preProcessFile(code, true, true).importedFiles.map((f) => f.fileName);
}

/** Pulumi when the block imports Pulumi or the package's Pulumi entry point, or is an @example of lib/pulumi/. */
export function engineOf(block: DocBlock): Engine {
  if (block.kind === 'jsdoc') return block.file.startsWith('lib/pulumi/') ? 'pulumi' : 'cdk8s';
  return importsOf(codeOf(block)).some((m) => m === '@pulumi/pulumi' || m === 'dynamo-constructs/pulumi') ? 'pulumi' : 'cdk8s';
}

/**
 * The Pulumi config a block requires (`<config>.require('k')`, `requireSecret`, `requireNumber`,
 * `requireBoolean`, `requireObject`, ...), set to test values: a secret or a key named like a token gets a
 * Hugging Face-shaped token (`hf_DocTestToken...`), numbers `1`, booleans `true`, objects `{}`, other strings
 * `doc-test-<key>`. Keys read with `get*` stay unset (the block must cope with their absence).
 */
export function testConfig(code: string, project: string): { config: Record<string, string>; secretKeys: string[] } {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const m of code.matchAll(/\.require(Secret)?(Number|Boolean|Object)?\(\s*(['"`])([^'"`]+)\3/g)) {
    const [, secret, type, , key] = m;
    const full = key.includes(':') ? key : `${project}:${key}`;
    config[full] = type === 'Number' ? '1' : type === 'Boolean' ? 'true' : type === 'Object' ? '{}'
      : secret || /token/i.test(key) ? 'hf_DocTestToken0123456789abcdef' : `doc-test-${key.toLowerCase()}`;
    if (secret) secretKeys.push(full);
  }
  return { config, secretKeys };
}

/** A block as a root file of the consumer program: its text and how many fixture lines precede the code. */
export interface BlockFile {
  readonly text: string;
  readonly preludeLines: number;
}

/** The file of a block: a Markdown block as written, an @example inside its fixture (see the header). */
export function blockFile(block: DocBlock, rootNames: ExportedNames, pulumiNames: ExportedNames): BlockFile {
  const code = codeOf(block);
  // `export {}` keeps a block without imports a module, so blocks never share a global scope.
  if (block.kind === 'markdown') return { text: `${code}\n\nexport {};\n`, preludeLines: 0 };
  const list = (names: ExportedNames, except: readonly string[]) => [
    ...names.values.filter((n) => !except.includes(n)),
    ...names.types.filter((n) => !except.includes(n)).map((n) => `type ${n}`),
  ].join(', ');
  let prelude: string[];
  let epilogue: string;
  if (engineOf(block) === 'pulumi') {
    const pulumiAll = [...pulumiNames.values, ...pulumiNames.types];
    prelude = [
      "import * as pulumi from '@pulumi/pulumi';",
      `import { ${list(pulumiNames, [])} } from 'dynamo-constructs/pulumi';`,
      `import { ${list(rootNames, pulumiAll)} } from 'dynamo-constructs';`,
    ];
    epilogue = 'export {};';
  } else {
    prelude = [
      `import { ${FIXTURE_CDK8S.join(', ')} } from 'cdk8s';`,
      `import { ${FIXTURE_CDK8S_PLUS.join(', ')} } from 'cdk8s-plus-28';`,
      `import { ${list(rootNames, [...FIXTURE_CDK8S, ...FIXTURE_CDK8S_PLUS])} } from 'dynamo-constructs';`,
      'const app = new App();',
      "const chart = new Chart(app, 'example');",
    ];
    epilogue = 'export const docTestApp = app;';
  }
  return { text: `${prelude.join('\n')}\n${code}\n\n${epilogue}\n`, preludeLines: prelude.length };
}

/** `file:line:column` of a position in a block file, in the block's source. */
export function sourcePosition(block: DocBlock, file: BlockFile, line: number, column: number): string {
  const i = line - 1 - file.preludeLines;
  if (i < 0) return `${block.file}:${block.line} (the @example fixture, line ${line})`;
  const l = block.lines[Math.min(i, block.lines.length - 1)];
  return i < block.lines.length ? `${block.file}:${l.line}:${l.column + column}` : `${block.file}:${l.line} (after the block)`;
}

/** What the doc test found for one block. */
export interface BlockReport {
  readonly block: DocBlock;
  readonly engine: Engine;
  /** Import rule violations, compile diagnostics and run errors, mapped to the doc's lines. */
  readonly problems: readonly string[];
  /** Kubernetes objects synthesized (cdk8s) or registered (Pulumi). */
  readonly objects: number;
  /** How long it ran. */
  readonly ms: number;
}

export interface DocTestReport {
  readonly blocks: ReadonlyMap<string, BlockReport>;
  /** Diagnostics outside the blocks (options, the runner): they concern every block. */
  readonly global: readonly string[];
  readonly compileMs: number;
  readonly runMs: number;
}

function formatDiagnostic(d: ts.Diagnostic, where: string): string {
  return `${where} - ${ts.DiagnosticCategory[d.category].toLowerCase()} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
}

/** Replaces `<dir>/blocks/<file>.ts:line:col` in a runner message by the block's source position. */
function mapStack(message: string, files: ReadonlyMap<string, { block: DocBlock; file: BlockFile }>): string {
  return message.replace(/\(?(\S*[\\/]blocks[\\/]([\w.-]+\.ts)):(\d+):(\d+)\)?/g, (all, _full: string, name: string, line: string, col: string) => {
    const f = files.get(name);
    return f ? sourcePosition(f.block, f.file, Number(line), Number(col)) : all;
  });
}

/**
 * Compiles every block in one consumer program (in `consumerDir`, see support/consumer-project.ts) and runs them
 * all in one Node process. Needs the package built.
 */
export async function runDocBlocks(root: string, consumerDir: string, blocks: readonly DocBlock[]): Promise<DocTestReport> {
  const rootNames = exportedNames(path.join(root, 'build', 'index.d.ts'));
  const pulumiNames = exportedNames(path.join(root, 'build', 'pulumi', 'index.d.ts'));
  const dir = fs.mkdtempSync(path.join(consumerDir, 'doc-blocks-'));
  fs.mkdirSync(path.join(dir, 'blocks'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, type: 'commonjs' }));
  fs.copyFileSync(path.join(__dirname, 'doc-block-runner.ts'), path.join(dir, 'runner.ts'));
  const files = new Map<string, { block: DocBlock; file: BlockFile }>();
  blocks.forEach((block, i) => {
    const name = `b${String(i).padStart(3, '0')}-${block.file.replace(/[^\w]+/g, '-')}-${block.line}.ts`;
    const file = blockFile(block, rootNames, pulumiNames);
    fs.writeFileSync(path.join(dir, 'blocks', name), file.text);
    files.set(name, { block, file });
  });
  const tsconfig = {
    compilerOptions: {
      strict: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', rootDir: '.', outDir: 'bin', types: ['node'],
      skipLibCheck: true, sourceMap: true, noImplicitReturns: true, noFallthroughCasesInSwitch: true, forceConsistentCasingInFileNames: true,
    },
    files: ['runner.ts', ...[...files.keys()].map((n) => `blocks/${n}`)],
  };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));

  // Compile: one program, diagnostics per file.
  const compileStart = performance.now();
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), undefined, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } })!;
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...program.emit().diagnostics];
  const compileMs = performance.now() - compileStart;
  const perFile = new Map<string, string[]>();
  const global: string[] = [];
  for (const d of diagnostics) {
    const name = d.file ? path.basename(d.file.fileName) : undefined;
    const entry = name !== undefined && path.dirname(d.file!.fileName) === path.join(dir, 'blocks') ? files.get(name) : undefined;
    if (!entry || d.file === undefined || d.start === undefined) {
      const at = d.file && d.start !== undefined ? `${path.relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : 'tsconfig';
      global.push(formatDiagnostic(d, at));
      continue;
    }
    const pos = d.file.getLineAndCharacterOfPosition(d.start);
    perFile.set(name!, [...(perFile.get(name!) ?? []), formatDiagnostic(d, sourcePosition(entry.block, entry.file, pos.line + 1, pos.character + 1))]);
  }

  // Run: every block in one process.
  const runStart = performance.now();
  const manifest: RunnerManifest = {
    project: DOC_TEST_PROJECT,
    blocks: [...files].map(([name, { block }]): RunnerBlock => ({
      name,
      js: path.join(dir, 'bin', 'blocks', name.replace(/\.ts$/, '.js')),
      engine: engineOf(block),
      fragment: block.kind === 'jsdoc',
      ...testConfig(codeOf(block), DOC_TEST_PROJECT),
    })),
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  const resultsFile = path.join(dir, 'results.json');
  try {
    await execFileAsync(process.execPath, ['--enable-source-maps', path.join(dir, 'bin', 'runner.js'), path.join(dir, 'manifest.json'), resultsFile], {
      cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 50_000,
    });
  } catch (e) {
    const { stdout, stderr, message } = e as { stdout?: string; stderr?: string; message: string };
    global.push(`the runner failed: ${message}\n${stdout ?? ''}${stderr ?? ''}`);
  }
  const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as RunnerResult[] : [];
  const runMs = performance.now() - runStart;

  const reports = new Map<string, BlockReport>();
  for (const [name, { block }] of files) {
    const problems: string[] = [];
    if (block.kind === 'markdown') {
      for (const m of importsOf(codeOf(block)).filter((m) => !ALLOWED_IMPORTS.includes(m))) {
        problems.push(`${block.name} imports '${m}': a doc block imports only ${ALLOWED_IMPORTS.map((a) => `'${a}'`).join(', ')}`);
      }
    }
    problems.push(...(perFile.get(name) ?? []));
    const result = results.find((r) => r.name === name);
    const engine = engineOf(block);
    if (result === undefined) {
      problems.push(`${block.name} did not run (see the runner's failure)`);
    } else {
      problems.push(...result.errors.map((e) => `${block.name} failed when run: ${mapStack(e, files)}`));
      if (block.kind === 'markdown' && result.errors.length === 0 && result.objects === 0) {
        problems.push(engine === 'pulumi'
          ? `${block.name} registered no Kubernetes resource under the Pulumi mocks`
          : `${block.name} wrote no Kubernetes object to CDK8S_OUTDIR: a complete cdk8s program ends with app.synth()`);
      }
    }
    reports.set(block.name, { block, engine, problems, objects: result?.objects ?? 0, ms: result?.ms ?? 0 });
  }
  return { blocks: reports, global, compileMs, runMs };
}
