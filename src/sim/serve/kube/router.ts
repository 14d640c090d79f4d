// The request path, as the API server routes it: discovery documents, then
// /api/v1[/namespaces/NS]/RESOURCE[/NAME[/SUBRESOURCE]] and /apis/GROUP/VERSION/…, each verb checked
// against the resource's (405 otherwise), each answer a JSON object or a Status. Before and after every
// request the mirror catches up with the world, so a read sees what the last write did and watches hear
// of it at once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimContext } from '../../context.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.js';
import { mediaType, negotiate, parseBody, readBody, sendError, sendJson } from './http.js';
import { stringAt, type Json, type JsonObject } from './json.js';
import type { WorldMirror } from './mirror.js';
import { openApiDocument, openApiRoot } from './openapi.js';
import type { Reads } from './reads.js';
import type { ResourceDef, SubresourceDef } from './resources.js';
import { ApiError, internalError, methodNotAllowed, pathNotFound } from './status.js';
import type { Writes } from './writes.js';

export interface Target {
  def: ResourceDef;
  /** '' for cluster-scoped resources; undefined for a namespaced resource across all namespaces. */
  namespace: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
}

/** A write the server applied, as seen just before it is answered. */
export interface ServedWrite {
  method: string;
  /** Plural resource name (`configmaps`, `leases`, `nodes`, …) and its API group ('' for core). */
  resource: string;
  group: string;
  namespace: string;
  name: string;
  subresource?: string | undefined;
  code: number;
  object: JsonObject;
}

export interface RouterParts {
  ctx: SimContext;
  mirror: WorldMirror;
  reads: Reads;
  writes: Writes;
  resources: ResourceDef[];
  subresources: SubresourceDef[];
  /** Hears each write after it is applied and before it is answered (tests kill a client at a chosen write). */
  afterWrite?: ((write: ServedWrite) => void) | undefined;
}

export class Router {
  constructor(private readonly p: RouterParts) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      this.p.mirror.refresh();
      const segments = url.pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
      const document = this.document(req, segments);
      if (document) {
        if (req.method !== 'GET') throw methodNotAllowed();
        sendJson(res, 200, document);
        return;
      }
      await this.resource(req, res, url, this.resolve(segments));
    } catch (e: unknown) {
      sendError(res, e instanceof ApiError ? e : internalError(e instanceof Error ? e.message : String(e)));
    } finally {
      this.p.mirror.refresh();
    }
  }

  /** Discovery, /version and the simulator's report; undefined for any other path. */
  private document(req: IncomingMessage, s: string[]): JsonObject | undefined {
    const path = s.join('/');
    if (path === 'version') return versionInfo();
    if (path === 'sim/v1/report') return { ...this.p.ctx.observer.report() };
    if (path === 'api') return apiVersions(req.headers.host ?? '127.0.0.1');
    if (path === 'apis') return apiGroupList();
    if (s[0] === 'apis' && s.length === 2) return apiGroup(s[1] ?? '') ?? notServed();
    if (s[0] === 'api' && s.length === 2) return apiResourceList('', s[1] ?? '', this.p.resources, this.p.subresources) ?? notServed();
    if (s[0] === 'apis' && s.length === 3) return apiResourceList(s[1] ?? '', s[2] ?? '', this.p.resources, this.p.subresources) ?? notServed();
    if (path === 'openapi/v3') return openApiRoot(this.p.resources);
    if (s[0] === 'openapi' && s[1] === 'v3') return openApiDocument(this.p.resources, s.slice(2).join('/')) ?? notServed();
    return undefined;
  }

  private resolve(s: string[]): Target {
    let group: string;
    let version: string;
    let rest: string[];
    if (s[0] === 'api' && s.length >= 3) [group, version, rest] = ['', s[1] ?? '', s.slice(2)];
    else if (s[0] === 'apis' && s.length >= 4) [group, version, rest] = [s[1] ?? '', s[2] ?? '', s.slice(3)];
    else throw pathNotFound();
    const find = (name: string | undefined) => this.p.resources.find((r) => r.group === group && r.version === version && r.name === name);
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      const def = find(rest[2]);
      if (!def?.namespaced || rest.length > 5) throw pathNotFound();
      return this.withSubresource({ def, namespace: rest[1] ?? '', name: rest[3], subresource: rest[4] });
    }
    const def = find(rest[0]);
    if (!def || rest.length > 3 || (def.namespaced && rest.length > 1)) throw pathNotFound();
    return this.withSubresource(def.namespaced ? { def, namespace: undefined } : { def, namespace: '', name: rest[1], subresource: rest[2] });
  }

  private withSubresource(t: Target): Target {
    if (t.subresource !== undefined && !this.p.subresources.some((sub) => sub.parent === t.def.name && sub.name === t.subresource)) throw pathNotFound();
    return t;
  }

  private async resource(req: IncomingMessage, res: ServerResponse, url: URL, t: Target): Promise<void> {
    const output = negotiate(req.headers.accept);
    const query = url.searchParams;
    const method = req.method ?? 'GET';
    const watch = query.get('watch') === 'true' || query.get('watch') === '1';
    if (method === 'GET' && (t.name === undefined || watch)) {
      if (!t.def.verbs.includes(watch ? 'watch' : 'list')) throw methodNotAllowed();
      if (watch) this.p.reads.watch(req, res, t.def, t.namespace, t.name, query, output);
      else sendJson(res, 200, this.p.reads.list(t.def, t.namespace, query, output));
      return;
    }
    if (method === 'GET') {
      // Of the subresources only a node's status reads (as the node); an eviction is created only.
      if (t.subresource !== undefined && t.subresource !== 'status') throw methodNotAllowed();
      sendJson(res, 200, this.p.reads.get(t.def, t.namespace ?? '', t.name ?? '', query, output));
      return;
    }
    const text = await readBody(req);
    const type = mediaType(req);
    const body: Json | undefined = text.trim() === '' ? undefined : parseBody(text, type);
    const { code, object } = await this.p.writes.handle(method, t, type, body, query);
    this.p.afterWrite?.({ method, resource: t.def.name, group: t.def.group, namespace: t.namespace ?? '', name: t.name ?? stringAt(object, 'metadata', 'name') ?? '', subresource: t.subresource, code, object });
    sendJson(res, code, object);
  }
}

function notServed(): never {
  throw pathNotFound();
}
