/**
 * The public surface is what the API reports under `api/` say: the exports of each entry point match
 * the checked-in report, exactly the values of the report exist at run time, nothing exported is
 * `@internal`, and the published typings (declarations emitted with stripInternal) declare every name
 * of the report and forbid constructing the classes only the library makes.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';
import * as root from '../lib';
import * as pulumi from '../lib/pulumi';
import { ApiExport, ApiModel, compareNames, ENTRY_POINTS, EntryPoint, exportsOf, isInternal, readApi, renderReport, reportLine, ROOT } from '../scripts/api-report';

const REGENERATE = 'run `npm run api-report` and review the diff of api/ (git diff api/)';

/** Each entry point as the tests load it (its sources, not the build). */
const MODULES: Record<string, object> = {
  'dynamo-constructs': root,
  'dynamo-constructs/pulumi': pulumi,
};

let model: ApiModel;
beforeAll(() => {
  model = readApi();
});

const exportsOfEntry = (entry: EntryPoint): readonly ApiExport[] => model.exports.get(entry)!;

describe.each(ENTRY_POINTS)('$specifier', (entry) => {
  test('matches its checked-in API report', () => {
    // GIVEN the report checked in under api/
    const file = path.join(ROOT, entry.report);
    const checkedIn = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    // WHEN the report is rendered from the sources
    const current = renderReport(entry, exportsOfEntry(entry));
    // THEN they are the same: a change to the surface is a reviewed diff of the report
    expect(current, `the exports of ${entry.source} differ from ${entry.report}: ${REGENERATE}`).toBe(checkedIn);
  });

  test('exports at run time exactly the values of the report', () => {
    // GIVEN the names the report says exist at run time
    const values = exportsOfEntry(entry).filter((e) => e.value).map((e) => e.name);
    // WHEN the entry point is loaded
    const runtime = Object.keys(MODULES[entry.specifier]!).sort(compareNames);
    // THEN nothing else is reachable (an internal helper would be callable without typings)
    expect(runtime, `the runtime exports of ${entry.source} are not the value exports of its report`).toEqual(values);
  });

  test('exports nothing marked @internal', () => {
    // GIVEN the exports of the entry point
    // WHEN they are checked for @internal (which stripInternal drops from the typings)
    const internal = exportsOfEntry(entry).filter((e) => e.internal).map((e) => e.name);
    // THEN there are none: list public names explicitly in the entry point and leave internal ones out
    expect(internal, `${entry.source} exports @internal declarations`).toEqual([]);
  });

  test('has no exported class whose constructor the typings would drop', () => {
    // GIVEN the exported classes
    const classes = exportsOfEntry(entry).flatMap((e) => e.declarations.filter(ts.isClassDeclaration).map((d) => ({ name: e.name, d })));
    // WHEN their constructor signatures are read as the typings see them (overloads, else the implementation)
    const dropped = classes.filter(({ d }) => {
      const ctors = d.members.filter(ts.isConstructorDeclaration);
      const overloads = ctors.filter((c) => c.body === undefined);
      const signatures = overloads.length > 0 ? overloads : ctors;
      return signatures.length > 0 && signatures.every(isInternal);
    }).map(({ name }) => name);
    // THEN none is dropped: an @internal constructor disappears from the typings, which then offer the
    // inherited or default one; make it private (with an @internal factory) or keep a public signature
    expect(dropped, `exported classes of ${entry.source} with only @internal constructors`).toEqual([]);
  });
});

describe('the published typings', () => {
  const OUT = path.join(ROOT, 'build');
  const CONSUMER = path.join(OUT, '__api_report_consumer__.ts');
  /** Where the build puts an entry point's typings, e.g. `build/pulumi/index.d.ts`. */
  const typingsOf = (entry: EntryPoint) => path.join(OUT, path.relative(path.join(ROOT, 'lib'), path.join(ROOT, entry.source)).replace(/\.ts$/, '.d.ts'));
  let typings: Map<string, string>;
  let program: ts.Program;

  beforeAll(() => {
    // The declarations of the build (tsconfig.build.json: stripInternal), emitted in memory from the
    // program of the report, then read back with a consumer file that misuses the API.
    typings = new Map();
    model.program.emit(undefined, (fileName, text) => typings.set(path.resolve(fileName), text), undefined, true);
    typings.set(CONSUMER, [
      "import { Construct } from 'constructs';",
      "import { DynamoComponent, LlmCommonProps, LlmPattern } from './index';",
      '// @ts-expect-error components come from DynamoGraphDeployment.addComponent',
      'export const component = new DynamoComponent();',
      'export class MyPattern extends LlmPattern {',
      '  public constructor(scope: Construct, id: string, props: LlmCommonProps) {',
      '    // @ts-expect-error only the library\'s patterns extend LlmPattern',
      '    super(scope, id, props, [], {});',
      '  }',
      '}',
      'export class BarePattern extends LlmPattern {',
      '  public constructor(scope: Construct, id: string) {',
      '    // @ts-expect-error only the library\'s patterns extend LlmPattern',
      '    super(scope, id);',
      '  }',
      '}',
      '',
    ].join('\n'));
    const options: ts.CompilerOptions = {
      strict: true, noEmit: true, skipLibCheck: false, types: ['node'],
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16,
    };
    const host = ts.createCompilerHost(options);
    // The emitted files replace whatever an earlier build left on disk under build/.
    const inOut = (f: string) => path.resolve(f).startsWith(OUT + path.sep);
    const { fileExists, readFile, directoryExists, getSourceFile } = host;
    host.fileExists = (f) => (inOut(f) ? typings.has(path.resolve(f)) : fileExists.call(host, f));
    host.readFile = (f) => (inOut(f) ? typings.get(path.resolve(f)) : readFile.call(host, f));
    host.directoryExists = (d) => (inOut(d) || path.resolve(d) === OUT ? [...typings.keys()].some((f) => f.startsWith(path.resolve(d) + path.sep))
      : directoryExists?.call(host, d) ?? ts.sys.directoryExists(d));
    host.getSourceFile = (f, language, onError, create) => (inOut(f)
      ? (typings.has(path.resolve(f)) ? ts.createSourceFile(f, typings.get(path.resolve(f))!, language) : undefined)
      : getSourceFile.call(host, f, language, onError, create));
    program = ts.createProgram([...ENTRY_POINTS.map(typingsOf), CONSUMER], options, host);
  });

  test.each(ENTRY_POINTS)('of $specifier declare every export of its report, with the same kind', (entry) => {
    // GIVEN the typings of the entry point
    const file = program.getSourceFile(typingsOf(entry));
    expect(file, `no typings emitted for ${entry.source}`).toBeDefined();
    // WHEN their exports are read
    const typed = exportsOf(program.getTypeChecker(), file!).map(reportLine);
    // THEN they are the report's: stripInternal removed nothing the report lists
    expect(typed, `the typings of ${entry.specifier} differ from its report: ${REGENERATE}`).toEqual(exportsOfEntry(entry).map(reportLine));
  });

  test('type-check, and forbid constructing DynamoComponent or extending LlmPattern', () => {
    // GIVEN the emitted typings and a consumer that constructs what only the library makes
    const ours = program.getSourceFiles().filter((f) => typings.has(path.resolve(f.fileName)));
    // WHEN they are type-checked
    const diagnostics = ours.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]);
    // THEN there is no error: the typings name no stripped declaration, and every misuse is an error
    // (an unused @ts-expect-error in the consumer would be one)
    const messages = diagnostics.map((d) => `${d.file ? path.relative(ROOT, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    expect(messages).toEqual([]);
  });
});
