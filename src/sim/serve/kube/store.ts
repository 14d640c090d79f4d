// The served objects as JSON, one table per resource, under one revision counter (etcd's): every change
// of any object takes the next revision, which becomes that object's metadata.resourceVersion and the
// list's resourceVersion. A bounded history of changes lets a watch resume from a resourceVersion; one
// older than the history answers 410 Expired, as after an etcd compaction.
import { isObject, type JsonObject } from './json.js';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  /** The revision of this change (the object's new resourceVersion). */
  rv: number;
  resource: string;
  namespace: string;
  name: string;
  type: ChangeType;
  /** The object after the change; for DELETED its last state (with the deletion's resourceVersion). */
  object: JsonObject;
  /** The object before the change (MODIFIED, DELETED). */
  previous?: JsonObject;
}

interface Entry {
  namespace: string;
  name: string;
  object: JsonObject;
  /** The object with an empty resourceVersion: what "unchanged" compares. */
  text: string;
}

interface Table {
  entries: Map<string, Entry>;
  /** Keys in list order (namespace, then name), rebuilt after an add or a remove. */
  sorted: string[] | undefined;
}

export class ObjectStore {
  /** The newest revision (0: nothing stored yet). */
  revision = 0;
  private readonly tables = new Map<string, Table>();
  private history: Change[] = [];
  /** The revision of the newest change dropped from the history (0: nothing dropped). */
  private compacted = 0;
  private readonly listeners = new Set<(change: Change) => void>();

  constructor(
    /** Changes kept for watches to resume from. */
    private readonly historyLimit: number,
  ) {}

  get(resource: string, namespace: string, name: string): JsonObject | undefined {
    return this.table(resource).entries.get(keyOf(namespace, name))?.object;
  }

  /** Objects in list order: by namespace, then name; only those of `namespace` when given. */
  list(resource: string, namespace?: string): JsonObject[] {
    const table = this.table(resource);
    table.sorted ??= [...table.entries.values()].sort(byNamespaceName).map((e) => keyOf(e.namespace, e.name));
    const out: JsonObject[] = [];
    for (const key of table.sorted) {
      const entry = table.entries.get(key);
      if (entry && (namespace === undefined || entry.namespace === namespace)) out.push(entry.object);
    }
    return out;
  }

  /**
   * Stores `object` (its metadata.resourceVersion is set here) unless it equals the stored one apart
   * from the resourceVersion; returns the stored object and whether anything changed.
   */
  put(resource: string, namespace: string, name: string, object: JsonObject): { object: JsonObject; changed: boolean } {
    const table = this.table(resource);
    const key = keyOf(namespace, name);
    const existing = table.entries.get(key);
    const text = JSON.stringify(withResourceVersion(object, ''));
    if (existing && existing.text === text) return { object: existing.object, changed: false };
    const rv = ++this.revision;
    const stored = withResourceVersion(object, String(rv));
    table.entries.set(key, { namespace, name, object: stored, text });
    if (!existing) table.sorted = undefined;
    const change: Change = { rv, resource, namespace, name, type: existing ? 'MODIFIED' : 'ADDED', object: stored };
    if (existing) change.previous = existing.object;
    this.record(change);
    return { object: stored, changed: true };
  }

  /** Removes the object; returns its last state (with the deletion's resourceVersion), or undefined. */
  remove(resource: string, namespace: string, name: string): JsonObject | undefined {
    const table = this.table(resource);
    const key = keyOf(namespace, name);
    const existing = table.entries.get(key);
    if (!existing) return undefined;
    table.entries.delete(key);
    table.sorted = undefined;
    const rv = ++this.revision;
    const last = withResourceVersion(existing.object, String(rv));
    this.record({ rv, resource, namespace, name, type: 'DELETED', object: last, previous: existing.object });
    return last;
  }

  /** Every change after `rv`, in order, or 'expired' when some of them are no longer kept. */
  changesSince(rv: number): Change[] | 'expired' {
    if (rv < this.compacted) return 'expired';
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.history[mid]?.rv ?? 0) <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  /** The oldest resourceVersion a watch can still start from. */
  get oldest(): number {
    return this.compacted;
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private record(change: Change): void {
    this.history.push(change);
    // Drop in batches: a splice per change would make a long history quadratic.
    if (this.history.length > this.historyLimit + Math.max(16, this.historyLimit >> 2)) {
      const drop = this.history.length - this.historyLimit;
      this.compacted = this.history[drop - 1]?.rv ?? this.compacted;
      this.history = this.history.slice(drop);
    }
    for (const listener of [...this.listeners]) listener(change);
  }

  private table(resource: string): Table {
    let table = this.tables.get(resource);
    if (!table) this.tables.set(resource, (table = { entries: new Map(), sorted: undefined }));
    return table;
  }
}

function keyOf(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}/${name}`;
}

function byNamespaceName(a: Entry, b: Entry): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** A copy of `object` whose metadata.resourceVersion is `rv` (in place of the existing key, if any). */
export function withResourceVersion(object: JsonObject, rv: string): JsonObject {
  const metadata = isObject(object['metadata']) ? { ...object['metadata'], resourceVersion: rv } : { resourceVersion: rv };
  return { ...object, metadata };
}
