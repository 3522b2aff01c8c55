import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Compiling the 1.6 MB DGD CRD schema takes a moment in each worker.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
