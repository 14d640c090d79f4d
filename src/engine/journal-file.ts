// A journal in a local file: the roll state as JSON, replaced atomically after every transition
// (write a temporary file, then rename), so a crash never leaves half a state behind.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DextreError } from '../core/errors.js';
import type { JournalStore } from './api.js';

export class FileJournal implements JournalStore {
  constructor(readonly path: string) {}

  async load(): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e: unknown) {
      if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return undefined;
      throw e;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (e: unknown) {
      throw new DextreError(
        'CONFIG',
        `The journal ${this.path} is not valid JSON (${e instanceof Error ? e.message : String(e)}). ` +
          `It may have been edited by hand; move it aside to start a fresh roll.`,
      );
    }
  }

  async save(state: unknown): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, JSON.stringify(state));
    await rename(tmp, this.path);
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}

/** A journal in memory, for tests and for rehearsals that must leave nothing behind. */
export class MemoryJournal implements JournalStore {
  /** The states saved, in order: every one with `keepHistory` (tests cut a roll after any), else the last. */
  readonly saved: string[] = [];

  constructor(private readonly options: { keepHistory?: boolean } = {}) {}

  async load(): Promise<unknown> {
    const last = this.saved.at(-1);
    return last === undefined ? undefined : (JSON.parse(last) as unknown);
  }

  async save(state: unknown): Promise<void> {
    if (!this.options.keepHistory) this.saved.length = 0;
    this.saved.push(JSON.stringify(state));
  }

  async clear(): Promise<void> {
    this.saved.length = 0;
  }
}
