// A small informer on client-node's `Watch`, for the contract of KubeCluster.watch: `start` resolves only
// once the list is cached and the watch from the list's resourceVersion is open, so no change after it
// can be missed. client-node's own ListWatch does not fit: it lists without pagination, gives up on a
// connection error (no backoff, no retry), drops the resourceVersion on any ERROR event, and does not ask
// for bookmarks.
//
// After start:
//   - every ADDED/MODIFIED/DELETED and BOOKMARK moves the resourceVersion on;
//   - a stream that ends (the server's timeoutSeconds, a proxy) is watched again from the last version;
//   - 410 Gone (the version was compacted; an ERROR event or the HTTP status) lists again and emits the
//     differences against the cache as ADDED/MODIFIED/DELETED;
//   - a connection error waits (exponential backoff) and watches again from the last version.
// The cache holds each object's model as JSON: a MODIFIED that changes nothing dextre sees (a kubelet
// heartbeat, a container restart count) is not emitted, and every handler gets fresh objects.
import type { DextreError } from '../../core/errors.js';
import { hasStatus } from './apis.js';
import type { KubeStatus } from './errors.js';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A watch of one path: client-node's `Watch` (or a stand-in with its behaviour). */
export interface WatchLike {
  watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController>;
}

export interface InformerSource<M> {
  /** The collection's path, e.g. `/api/v1/pods`. */
  path: string;
  /** The whole list (paginated), converted, with its resourceVersion; failures already DextreErrors. */
  list(): Promise<{ items: M[]; resourceVersion: string }>;
  /** A watch event's object in the model, or undefined when it is not one. */
  convert(raw: unknown): M | undefined;
  key(model: M): string;
  /** A failure to open the watch, as a DextreError (403 names the RBAC rule for `watch`). */
  fail(e: unknown): DextreError;
}

export interface InformerOptions {
  /** Reconnect delays after a failure: doubling from initialMs up to maxMs. */
  backoff: { initialMs: number; maxMs: number };
  /** Asks the server to end each watch after this long (it is then watched again). */
  timeoutSeconds: number;
}

/** `make` builds a fresh copy of the object for each call. */
export type Emit<M> = (type: ChangeType, make: () => M) => void;

/** A watch that ends this soon without an event counts as a failure (no tight reconnect loop). */
const MIN_HEALTHY_WATCH_MS = 1000;

export class Informer<M> {
  private readonly cache = new Map<string, string>();
  private resourceVersion = '';
  /** Bumped whenever the current watch is abandoned: callbacks of older watches are ignored. */
  private generation = 0;
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private delayMs: number;
  private relistNeeded = false;
  private stopped = false;

  constructor(
    private readonly source: InformerSource<M>,
    private readonly watcher: WatchLike,
    private readonly emit: Emit<M>,
    private readonly options: InformerOptions,
  ) {
    this.delayMs = options.backoff.initialMs;
  }

  /** Lists, then opens the watch; resolves once it is open, rejects with a DextreError if either fails. */
  async start(): Promise<void> {
    await this.relist(false);
    try {
      await this.open();
    } catch (e: unknown) {
      if (!hasStatus(e, 410)) throw this.source.fail(e);
      // Compacted between the list and the watch: once more.
      await this.relist(false);
      await this.open().catch((again: unknown) => {
        throw this.source.fail(again);
      });
    }
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    this.controller?.abort();
    this.controller = undefined;
    clearTimeout(this.timer);
  }

  private async relist(emitChanges: boolean): Promise<void> {
    const { items, resourceVersion } = await this.source.list();
    if (this.stopped) return;
    const seen = new Set<string>();
    for (const item of items) {
      const key = this.source.key(item);
      seen.add(key);
      this.store(key, item, emitChanges);
    }
    for (const [key, json] of [...this.cache]) {
      if (seen.has(key)) continue;
      this.cache.delete(key);
      if (emitChanges) this.emit('DELETED', () => JSON.parse(json) as M);
    }
    this.resourceVersion = resourceVersion;
    this.relistNeeded = false;
  }

  private store(key: string, model: M, emitChanges: boolean): void {
    const json = JSON.stringify(model);
    const before = this.cache.get(key);
    if (before === json) return;
    this.cache.set(key, json);
    if (emitChanges) this.emit(before === undefined ? 'ADDED' : 'MODIFIED', () => JSON.parse(json) as M);
  }

  /** Opens a watch from the current resourceVersion; resolves once the server answered 200. */
  private async open(): Promise<void> {
    const generation = ++this.generation;
    const openedAt = Date.now();
    // Written by the callbacks (which may run before `watch` resolves): an object, not narrowed locals.
    const state: { events: number; opened: boolean; early?: { err: unknown } } = { events: 0, opened: false };
    const query = { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: this.options.timeoutSeconds };
    const controller = await this.watcher.watch(
      this.source.path,
      query,
      (phase, obj) => {
        if (generation !== this.generation) return;
        state.events++;
        this.onEvent(phase, obj);
      },
      (err) => {
        if (generation !== this.generation) return;
        if (!state.opened) state.early = { err };
        else this.onEnded(err, Date.now() - openedAt >= MIN_HEALTHY_WATCH_MS || state.events > 0);
      },
    );
    if (generation !== this.generation) {
      controller.abort();
      return;
    }
    const early = state.early;
    if (early && early.err !== null && early.err !== undefined) throw early.err;
    state.opened = true;
    this.controller = controller;
    this.delayMs = this.options.backoff.initialMs;
    if (early) this.onEnded(null, state.events > 0);
  }

  private onEvent(phase: string, obj: unknown): void {
    if (phase === 'ERROR') {
      const status = obj as KubeStatus;
      if (status.code === 410) {
        this.relistNeeded = true;
        this.reconnect(0);
      } else {
        this.reconnect(this.nextDelay());
      }
      return;
    }
    if (phase === 'ADDED' || phase === 'MODIFIED' || phase === 'DELETED') {
      const model = this.source.convert(obj);
      if (model !== undefined) {
        const key = this.source.key(model);
        if (phase !== 'DELETED') this.store(key, model, true);
        else if (this.cache.delete(key)) {
          const json = JSON.stringify(model);
          this.emit('DELETED', () => JSON.parse(json) as M);
        }
      }
    }
    const version = (obj as { metadata?: { resourceVersion?: string } } | null)?.metadata?.resourceVersion;
    if (version) this.resourceVersion = version;
  }

  private onEnded(err: unknown, healthy: boolean): void {
    if (this.stopped) return;
    if (hasStatus(err, 410)) {
      this.relistNeeded = true;
      this.reconnect(0);
    } else if ((err === null || err === undefined) && healthy) {
      this.reconnect(0);
    } else {
      this.reconnect(this.nextDelay());
    }
  }

  private nextDelay(): number {
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.options.backoff.maxMs);
    return delay;
  }

  /** Abandons the current watch and, after `delayMs`, lists again if needed and watches again. */
  private reconnect(delayMs: number): void {
    const generation = ++this.generation;
    this.controller?.abort();
    this.controller = undefined;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.resume(generation), delayMs);
  }

  private async resume(generation: number): Promise<void> {
    if (this.stopped || generation !== this.generation) return;
    try {
      if (this.relistNeeded) await this.relist(true);
      if (this.stopped || generation !== this.generation) return;
      await this.open();
    } catch (e: unknown) {
      // open() took one generation; more means another reconnect (or stop) has taken over.
      if (this.stopped || generation + 1 < this.generation) return;
      if (hasStatus(e, 410)) {
        this.relistNeeded = true;
        this.reconnect(0);
      } else {
        this.reconnect(this.nextDelay());
      }
    }
  }
}

