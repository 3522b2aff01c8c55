import { availableParallelism } from 'node:os';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Test files that spend most of their time waiting on child processes (test/package.test.ts: the package build
 * and two consumer type-checks; test/doc-blocks.test.ts: the process that runs every documented block). Started first, so that their child processes overlap with the rest of the suite
 * instead of forming its tail. Vitest's own order (failed, then slowest first from its results cache, or, on a
 * fresh clone without that cache, largest file first) applies to the others.
 */
const START_FIRST = ['test/package.test.ts', 'test/doc-blocks.test.ts'];

class StartFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = START_FIRST.findIndex((name) => f.moduleId.replaceAll('\\', '/').endsWith(name));
      return i < 0 ? START_FIRST.length : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Vitest's default is one worker per core minus one, i.e. a single worker (every file in sequence) on a
    // 2-core machine. The main process is mostly idle while tests run, so use every core.
    maxWorkers: Math.max(2, availableParallelism()),
    // Test files share a worker's module cache instead of re-importing the library, cdk8s and the schema harness
    // per file (import time was ~39 of ~52 s; without isolation the suite takes about half as long). No test file
    // may leave module state behind: one that swaps modules (schema-harness.test.ts) resets them in afterAll, and
    // the suite passes with its files in shuffled order (`npx vitest run --sequence.shuffle.files --sequence.seed=N`).
    isolate: false,
    sequence: { sequencer: StartFirstSequencer },
    // Generous: the first compile of the 1.6 MB DGD CRD schema (a fresh clone, no schema cache yet) and the
    // package's consumer type-checks take a while on a slow, busy CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
