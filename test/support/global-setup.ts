// One scratch root per test run, removed when the run ends: tests make their directories under it
// (`scratchDir`), so a run leaves nothing behind in the machine's temporary directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    scratchRoot: string;
  }
}

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'dextre-test-'));
  project.provide('scratchRoot', root);
  return () => rmSync(root, { recursive: true, force: true });
}
