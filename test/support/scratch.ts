// A fresh directory for a test's files, under the run's scratch root (see global-setup.ts), which the run removes.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import './global-setup.js';

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(inject('scratchRoot'), prefix));
}
