// Writing a snapshot: JSON (a key, then one array item, at a time, so a 150,000-pod cluster never
// becomes one giant string) or YAML, chosen by the file's extension; to stdout as JSON. The file is
// written next to its final name and renamed, so a failed write never leaves half a snapshot.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { DextreError } from '../core/errors.js';
import type { SnapshotDocument } from '../sim/fixture/snapshot/index.js';

export type SnapshotFormat = 'json' | 'yaml';

export function formatFor(path: string): SnapshotFormat {
  return /\.ya?ml$/i.test(path) ? 'yaml' : 'json';
}

export async function writeSnapshotFile(doc: SnapshotDocument, path: string): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    const out = createWriteStream(tmp);
    await writeSnapshot(doc, out, formatFor(path));
    out.end();
    await once(out, 'finish');
    await rename(tmp, path);
  } catch (e: unknown) {
    await rm(tmp, { force: true });
    const why = e instanceof Error ? e.message : String(e);
    throw new DextreError('CONFIG', `Cannot write the snapshot to ${path} (${why}). Check that its directory exists and is writable, or pass another -o FILE.`, { cause: e });
  }
}

export async function writeSnapshot(doc: SnapshotDocument, out: Writable, format: SnapshotFormat): Promise<void> {
  if (format === 'yaml') {
    await write(out, stringify(doc, { lineWidth: 0 }));
    return;
  }
  const entries = Object.entries(doc);
  await write(out, '{\n');
  for (const [i, [key, value]] of entries.entries()) {
    const comma = i < entries.length - 1 ? ',' : '';
    if (Array.isArray(value) && value.length > 0) {
      await write(out, `  ${JSON.stringify(key)}: [\n`);
      for (const [j, item] of value.entries()) await write(out, `    ${JSON.stringify(item)}${j < value.length - 1 ? ',' : ''}\n`);
      await write(out, `  ]${comma}\n`);
    } else {
      await write(out, `  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}\n`);
    }
  }
  await write(out, '}\n');
}

/** Writes, waiting when the stream asks to (back-pressure). */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}
