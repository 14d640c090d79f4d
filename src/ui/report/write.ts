// Writing the report: the one side effect of `--report`, kept apart from the pure renderer.
import { writeFileSync } from 'node:fs';
import { DextreError } from '../../core/errors.js';

export function writeReport(path: string, html: string): void {
  try {
    writeFileSync(path, html, 'utf8');
  } catch (e: unknown) {
    throw new DextreError('CONFIG', `Could not write the report to ${path} (${e instanceof Error ? e.message : String(e)}). Pass --report with a writable path.`, { cause: e });
  }
}
