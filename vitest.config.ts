import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The crash and fault matrix runs apart (`npm run test:chaos`, vitest.chaos.config.ts); .ci/run runs both.
    exclude: [...configDefaults.exclude, 'test/chaos/**'],
    // Tests make their scratch directories under one root that the run removes at its end.
    globalSetup: ['test/support/global-setup.ts'],
    // Command tests spawn the built CLI; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
