// Watch streams: newline-delimited JSON events over a chunked 200 response, as the real server sends
// them. A watch starts from a resourceVersion (replaying the changes after it from the store's history,
// or an ERROR event with a 410 Expired Status when they are no longer kept) or, without one or with
// "0", from the current state sent as ADDED events. Selectors apply to both the old and the new object:
// an object that stops matching is sent as DELETED, one that starts matching as ADDED. Bookmarks carry
// the current revision every `bookmarkMs` of real time; `timeoutSeconds` (real seconds) ends the stream.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from './json.js';
import type { ResourceDef } from './resources.js';
import { matchesSelectors, type Selectors } from './selectors.js';
import { badRequest, expired } from './status.js';
import type { Change, ObjectStore } from './store.js';

export interface WatchRequest {
  def: ResourceDef;
  /** Undefined: every namespace. */
  namespace: string | undefined;
  selectors: Selectors;
  query: URLSearchParams;
  /** The object as sent (a one-row Table for `kubectl get -w`). */
  encode: (object: JsonObject) => JsonObject;
}

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export class Watches {
  private readonly open = new Set<() => void>();

  constructor(
    private readonly store: ObjectStore,
    /** Real milliseconds between bookmarks. */
    private readonly bookmarkMs: number,
  ) {}

  /** Validates the request (a 400 is thrown before anything is written), then streams until closed. */
  start(req: IncomingMessage, res: ServerResponse, w: WatchRequest): void {
    const rvText = w.query.get('resourceVersion') ?? '';
    const fromNow = rvText === '' || rvText === '0';
    const rv = fromNow ? this.store.revision : Number(rvText);
    if (!Number.isInteger(rv) || rv < 0) throw badRequest(`resourceVersion: Invalid value: "${rvText}": must be a non-negative integer`);
    const timeout = Number(w.query.get('timeoutSeconds') ?? '0');
    const bookmarks = w.query.get('allowWatchBookmarks') === 'true';
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    const send = (type: string, object: JsonObject, raw = false) => {
      if (res.writableEnded || res.destroyed) return;
      res.write(`${JSON.stringify({ type, object: raw ? object : w.encode(object) })}\n`);
    };
    const replay = fromNow ? [] : this.store.changesSince(rv);
    if (replay === 'expired') {
      send('ERROR', expired(`too old resource version: ${rv} (${this.store.oldest + 1})`).status, true);
      res.end();
      return;
    }
    if (fromNow) {
      for (const object of this.store.list(w.def.id, w.namespace)) if (matchesSelectors(w.def, w.selectors, object)) send('ADDED', object);
      if (bookmarks && w.query.get('sendInitialEvents') === 'true') send('BOOKMARK', this.bookmark(w.def, { 'k8s.io/initial-events-end': 'true' }), true);
    }
    const deliver = (change: Change) => {
      const event = this.filter(w, change);
      if (event) send(event.type, event.object);
    };
    for (const change of replay) deliver(change);
    const timers: NodeJS.Timeout[] = [];
    const unsubscribe = this.store.subscribe(deliver);
    const close = () => {
      unsubscribe();
      for (const t of timers) clearInterval(t);
      this.open.delete(close);
      if (!res.writableEnded) res.end();
    };
    this.open.add(close);
    if (bookmarks) timers.push(setInterval(() => send('BOOKMARK', this.bookmark(w.def), true), this.bookmarkMs));
    if (timeout > 0) timers.push(setTimeout(close, timeout * 1000));
    req.on('close', close);
    res.on('close', close);
    res.on('error', close);
  }

  /** Ends every open stream (server shutdown). */
  closeAll(): void {
    for (const close of [...this.open]) close();
  }

  private bookmark(def: ResourceDef, annotations?: Record<string, string>): JsonObject {
    const metadata: JsonObject = { resourceVersion: String(this.store.revision) };
    if (annotations) metadata['annotations'] = annotations;
    return { kind: def.kind, apiVersion: def.apiVersion, metadata };
  }

  /** The event a change is for this watch, if any. */
  private filter(w: WatchRequest, change: Change): { type: EventType; object: JsonObject } | undefined {
    if (change.resource !== w.def.id) return undefined;
    if (w.namespace !== undefined && change.namespace !== w.namespace) return undefined;
    const was = change.previous !== undefined && matchesSelectors(w.def, w.selectors, change.previous);
    if (change.type === 'DELETED') return was ? { type: 'DELETED', object: change.object } : undefined;
    const is = matchesSelectors(w.def, w.selectors, change.object);
    if (is) return { type: was ? 'MODIFIED' : 'ADDED', object: change.object };
    return was ? { type: 'DELETED', object: change.object } : undefined;
  }
}
