/**
 * Doc tests: every ```ts / ```typescript block of README.md and docs/**\/*.md and every JSDoc `@example` of lib/
 * compiles strictly against the published typings and runs (cdk8s: synthesizes; Pulumi: under mocks). How, and the
 * fixture of the @example fragments: test/support/doc-blocks.ts.
 *
 * Also: every optional prop of the exported *Props / *Options / *Args has an `@default` for the API reference
 * (scripts/api-docs.ts, a syntactic read of lib/).
 *
 * Cost: the package build is shared with test/package.test.ts (skipped when current); one in-process compile of
 * all blocks, then one Node process that runs them all.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkDefaults } from '../scripts/api-docs';
import { consumerProject } from './support/consumer-project';
import { collectDocBlocks, type DocTestReport, jsdocExamples, markdownBlocks, runDocBlocks, testConfig, codeOf } from './support/doc-blocks';
import { buildPackage } from './support/package-build';

const ROOT = path.resolve(__dirname, '..');
const blocks = collectDocBlocks(ROOT);
let consumer: string | undefined;
let report: DocTestReport;

beforeAll(async () => {
  await buildPackage(ROOT);
  consumer = consumerProject(ROOT);
  report = await runDocBlocks(ROOT, consumer, blocks.filter((b) => b.skip === undefined));
}, 180_000);

afterAll(() => {
  if (consumer) fs.rmSync(consumer, { recursive: true, force: true });
});

describe('finding the doc blocks', () => {
  test('Markdown: ts and typescript fences with their lines, indented fences, a skip marker; other languages, nested fences and inline code are not blocks', () => {
    // GIVEN
    const md = [
      '# Title',                                    // 1
      '```ts',                                      // 2
      "import { App } from 'cdk8s';",               // 3
      '```',                                        // 4
      '<!-- doc-test: skip (shows a shape) -->',    // 5
      '```typescript title="x"',                    // 6
      'const a = 1;',                               // 7
      '```',                                        // 8
      '````md',                                     // 9
      '```ts',                                      // 10
      'not a block',                                // 11
      '```',                                        // 12
      '````',                                       // 13
      '1. step',                                    // 14
      '   ```ts',                                   // 15
      '   const b = 2;',                            // 16
      '   ```',                                     // 17
      '```sh',                                      // 18
      'npm test',                                   // 19
      '```',                                        // 20
      '```` ```ts ```` in prose is inline code',    // 21
      '```ts',                                      // 22
      'const c = 3;',                               // 23
      '```',                                        // 24
    ].join('\n');
    // WHEN
    const found = markdownBlocks('docs/x.md', md);
    // THEN
    expect(found.map((b) => ({ name: b.name, code: codeOf(b), first: b.lines[0], skip: b.skip }))).toStrictEqual([
      { name: 'docs/x.md:2 (ts)', code: "import { App } from 'cdk8s';", first: { text: "import { App } from 'cdk8s';", line: 3, column: 0 }, skip: undefined },
      { name: 'docs/x.md:6 (typescript)', code: 'const a = 1;', first: { text: 'const a = 1;', line: 7, column: 0 }, skip: 'shows a shape' },
      { name: 'docs/x.md:15 (ts)', code: 'const b = 2;', first: { text: 'const b = 2;', line: 16, column: 3 }, skip: undefined },
      { name: 'docs/x.md:22 (ts)', code: 'const c = 3;', first: { text: 'const c = 3;', line: 23, column: 0 }, skip: undefined },
    ]);
  });

  test('JSDoc: the @example up to the next tag or the end of the comment, without the " * " prefixes', () => {
    // GIVEN
    const source = [
      '/**',                               // 1
      ' * A thing.',                       // 2
      ' *',                                // 3
      ' * @example',                       // 4
      " * new Thing(chart, 'a', {",        // 5
      ' *   size: 1,',                     // 6
      ' * });',                            // 7
      ' * @param x not code',              // 8
      ' */',                               // 9
      'export class Thing {}',             // 10
      '  /**',                             // 11
      '   * @example',                     // 12
      '   * Thing.of(2)',                  // 13
      '   */',                             // 14
      "const s = '/** @example no */';",   // 15
    ].join('\n');
    // WHEN
    const found = jsdocExamples('lib/thing.ts', source);
    // THEN
    expect(found.map((b) => ({ name: b.name, code: codeOf(b), first: b.lines[0] }))).toStrictEqual([
      { name: 'lib/thing.ts:4 (@example)', code: "new Thing(chart, 'a', {\n  size: 1,\n});", first: { text: "new Thing(chart, 'a', {", line: 5, column: 3 } },
      { name: 'lib/thing.ts:12 (@example)', code: 'Thing.of(2)', first: { text: 'Thing.of(2)', line: 13, column: 5 } },
    ]);
  });

  test('Pulumi config: the keys a block requires get test values, secrets marked; optional reads stay unset', () => {
    // GIVEN
    const code = "const c = new pulumi.Config();\nc.requireSecret('hfToken'); c.requireNumber('replicas'); c.require('kubernetes:context'); c.get('optional');";
    // WHEN / THEN
    expect(testConfig(code, 'doc-test')).toStrictEqual({
      config: { 'doc-test:hfToken': 'hf_DocTestToken0123456789abcdef', 'doc-test:replicas': '1', 'kubernetes:context': 'doc-test-kubernetes:context' },
      secretKeys: ['doc-test:hfToken'],
    });
  });

  test('the repository has doc blocks to test: the README and the library @examples', () => {
    expect(blocks.some((b) => b.file === 'README.md')).toBe(true);
    expect(blocks.some((b) => b.kind === 'jsdoc')).toBe(true);
  });
});

describe('every doc block compiles strictly against the published typings and runs', () => {
  test('the program around the blocks compiles (options, runner) and the runner ran', () => {
    expect(report.global).toEqual([]);
  });

  for (const block of blocks) {
    if (block.skip !== undefined) {
      test.skip(`${block.name}: skipped (${block.skip})`, () => undefined);
      continue;
    }
    test(block.name, () => {
      expect(report.blocks.get(block.name)!.problems).toEqual([]);
    });
  }
});

describe('the API reference shows a default for every optional prop', () => {
  test('every optional prop of the exported *Props, *Options and *Args (and what they extend) has @default', () => {
    // GIVEN the API reports and lib/ WHEN checked
    const { optionalProps, missing } = checkDefaults(ROOT);
    // THEN
    expect(optionalProps).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  test('the check follows extends clauses and type aliases, and reports a prop without @default by interface and line', () => {
    // GIVEN an exported alias over an Omit of a props interface that extends a base interface
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamo-defaults-'));
    fs.mkdirSync(path.join(root, 'api'));
    fs.mkdirSync(path.join(root, 'lib'));
    fs.writeFileSync(path.join(root, 'api', 'dynamo-constructs.api.txt'), 'class Thing\ntype ThingArgs\ninterface Unrelated\n');
    fs.writeFileSync(path.join(root, 'lib', 'thing.ts'), [
      'export interface BaseOptions {',
      '  /** @default 1 */',
      '  readonly a?: number;',
      '  readonly b?: number;',
      '}',
      'export interface ThingProps extends BaseOptions {',
      '  readonly required: string;',
      '  /** Documented but no default. */',
      '  readonly c?: string;',
      '}',
      "export type ThingArgs = Omit<ThingProps, 'a'>;",
      'export interface Unrelated { readonly d?: number }',
    ].join('\n'));
    try {
      // WHEN / THEN
      expect(checkDefaults(root)).toStrictEqual({ optionalProps: 3, missing: ['BaseOptions.b (lib/thing.ts:4)', 'ThingProps.c (lib/thing.ts:9)'] });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
