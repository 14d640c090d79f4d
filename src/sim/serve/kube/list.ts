// GET on a collection: the objects of a namespace (or all), filtered by the selectors, in key order,
// in pages of `limit` with an opaque `continue` token as the real server's (base64 of the revision and
// the last key). Simplified: a continued list reads the current state after that key, not a snapshot
// at the token's revision (objects changed between pages show their newer state).
import { objectAt, stringAt, type JsonObject } from './json.js';
import type { ResourceDef } from './resources.js';
import { isEmpty, matchesSelectors, type Selectors } from './selectors.js';
import { badRequest } from './status.js';
import type { ObjectStore } from './store.js';

export interface ListResult {
  items: JsonObject[];
  metadata: JsonObject;
}

interface Token {
  rv: number;
  namespace: string;
  name: string;
}

export function listObjects(store: ObjectStore, def: ResourceDef, namespace: string | undefined, selectors: Selectors, query: URLSearchParams): ListResult {
  const limit = parseLimit(query.get('limit'));
  const token = decodeContinue(query.get('continue'));
  const rv = token?.rv ?? store.revision;
  const matching: JsonObject[] = [];
  for (const object of store.list(def.id, namespace)) {
    if (token && !after(object, token)) continue;
    if (matchesSelectors(def, selectors, object)) matching.push(object);
  }
  const metadata: JsonObject = { resourceVersion: String(rv) };
  if (limit === undefined || matching.length <= limit) return { items: matching, metadata };
  const items = matching.slice(0, limit);
  const last = items[items.length - 1];
  metadata['continue'] = encodeContinue({ rv, namespace: stringAt(last, 'metadata', 'namespace') ?? '', name: stringAt(last, 'metadata', 'name') ?? '' });
  // Upstream counts the rest only when no selector filters the list.
  if (isEmpty(selectors)) metadata['remainingItemCount'] = matching.length - limit;
  return { items, metadata };
}

/** A list's items as the server serialises them: without kind and apiVersion (the list carries them). */
export function listItems(items: JsonObject[]): JsonObject[] {
  return items.map((item) => {
    const { kind: _kind, apiVersion: _apiVersion, ...rest } = item;
    return rest;
  });
}

function parseLimit(text: string | null): number | undefined {
  if (text === null || text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`limit: Invalid value: "${text}": must be a non-negative integer`);
  return n === 0 ? undefined : n;
}

function after(object: JsonObject, token: Token): boolean {
  const metadata = objectAt(object, 'metadata');
  const namespace = stringAt(metadata, 'namespace') ?? '';
  const name = stringAt(metadata, 'name') ?? '';
  return namespace > token.namespace || (namespace === token.namespace && name > token.name);
}

function encodeContinue(token: Token): string {
  const key = token.namespace === '' ? token.name : `${token.namespace}/${token.name}`;
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: `${key}\u0000` })).toString('base64url');
}

function decodeContinue(text: string | null): Token | undefined {
  if (text === null || text === '') return undefined;
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (typeof value === 'object' && value !== null && 'rv' in value && 'start' in value && typeof value.rv === 'number' && typeof value.start === 'string' && value.start.endsWith('\u0000')) {
      const key = value.start.slice(0, -1);
      const slash = key.indexOf('/');
      return slash < 0 ? { rv: value.rv, namespace: '', name: key } : { rv: value.rv, namespace: key.slice(0, slash), name: key.slice(slash + 1) };
    }
  } catch {
    // fall through to the 400
  }
  throw badRequest('continue key is not valid: the continue token cannot be decoded');
}
