// The crash and fault matrix (test/chaos): dextre killed at its journal checkpoints and run again, and rolls
// through injected Kubernetes and AWS faults, all against `sim serve`. `npm run test:chaos` runs a sampled set of
// checkpoints (what CI runs, after `npm test`); `npm run test:chaos:full` runs every checkpoint.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/chaos/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Each case runs the CLI twice against a served cluster; on a loaded 2-core machine that can take minutes.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
