// Where the built-in demo cluster's fixture is, in a module of its own so that naming it does not load
// the simulator.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The demo cluster's fixture, found from this module: src/sim/demo.ts (vitest, tsx) is two levels
 * below the package root, dist/src/sim/demo.js (after tsc) three.
 */
export const DEMO_FIXTURE: string = (() => {
  const candidates = ['../../fixtures/clusters/demo.yaml', '../../../fixtures/clusters/demo.yaml'].map((rel) =>
    fileURLToPath(new URL(rel, import.meta.url)),
  );
  return candidates.find((p) => existsSync(p)) ?? (candidates[0] as string);
})();
