/**
 * The shape of lib/: layers import only downwards, no file imports itself through others, and no
 * function is longer than 120 lines. `npm run structure` prints the same measures.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, test } from 'vitest';
import { cycles, functionLengths, imports, LIB, libFiles } from '../scripts/structure';

/** The layers of lib/, lowest first: a file may import from its own layer or a lower one. */
const LAYERS = ['core', 'backends', 'dgd', 'access', 'cloud', 'model', 'sizing', 'observability', 'autoscaling', 'platform', 'profiling', 'topology', 'patterns', 'recipes', 'pulumi', 'index'];

function layerOf(file: string): string {
  return path.relative(LIB, file).split(path.sep)[0].replace(/\.ts$/, '');
}

describe('lib/ structure', () => {
  const files = libFiles();

  test('every file is in a known layer', () => {
    expect(files.map(layerOf).filter((l) => !LAYERS.includes(l))).toStrictEqual([]);
  });

  test('layers import only from themselves and the layers below', () => {
    // GIVEN every relative import of lib/
    const upward = files.flatMap((f) => imports(f)
      .filter((t) => LAYERS.indexOf(layerOf(t)) > LAYERS.indexOf(layerOf(f)))
      .map((t) => `${path.relative(LIB, f)} -> ${path.relative(LIB, t)}`));
    // THEN none goes up (lib/cloud, for one, never imports lib/patterns)
    expect(upward).toStrictEqual([]);
  });

  test('no import cycles', () => {
    expect(cycles(files)).toStrictEqual([]);
  });

  test('no function over 120 lines', () => {
    const long = files.flatMap(functionLengths).filter((f) => f.lines > 120).map((f) => `${f.where} (${f.lines} lines)`);
    expect(long).toStrictEqual([]);
  });

  test('the measures see what they measure', () => {
    // GIVEN the graph builder, known to import the backends and to contain functions
    const graph = path.join(LIB, 'patterns', 'llm-graph.ts');
    // THEN its imports and functions are found
    expect(imports(graph).map((f) => path.relative(LIB, f))).toContain(path.join('backends', 'backend.ts'));
    expect(functionLengths(graph).some((f) => f.where.includes('buildLlmGraph') && f.lines > 10)).toBe(true);
  });

  test('a cycle is reported', () => {
    // GIVEN two files that import each other, and a third that only imports one of them
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cycle-'));
    fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = b;\n");
    fs.writeFileSync(path.join(dir, 'b.ts'), "import type { a } from './a';\nexport const b = 1 as unknown as typeof a;\n");
    fs.writeFileSync(path.join(dir, 'c.ts'), "export { a } from './a';\n");
    // WHEN
    const found = cycles(['a.ts', 'b.ts', 'c.ts'].map((f) => path.join(dir, f)));
    fs.rmSync(dir, { recursive: true, force: true });
    // THEN
    expect(found).toHaveLength(1);
    expect(found[0].map((f) => path.basename(f))).toStrictEqual(['a.ts', 'b.ts']);
  });
});
