// What every write checks the way the API server does: the body is an object of the resource's kind and
// version, names and namespaces match the URL, delete options (query or body) and their preconditions.
import { at, isObject, numberAt, stringAt, type Json, type JsonObject } from './json.js';
import type { ResourceDef } from './resources.js';
import { badRequest, preconditionFailed } from './status.js';

export interface DeleteOptions {
  /** Seconds; undefined: the object's own. */
  gracePeriodSeconds?: number;
  uid?: string;
  resourceVersion?: string;
  dryRun: boolean;
}

export function isDryRun(query: URLSearchParams): boolean {
  return query.getAll('dryRun').some((v) => v === 'All');
}

/** Delete options from the query string and/or a DeleteOptions body (the body wins, as upstream). */
export function deleteOptionsOf(query: URLSearchParams, body: Json | undefined): DeleteOptions {
  const options: DeleteOptions = { dryRun: isDryRun(query) };
  const grace = query.get('gracePeriodSeconds');
  if (grace !== null && grace !== '') options.gracePeriodSeconds = Number(grace);
  if (isObject(body)) {
    const bodyGrace = numberAt(body, 'gracePeriodSeconds');
    if (bodyGrace !== undefined) options.gracePeriodSeconds = bodyGrace;
    const uid = stringAt(body, 'preconditions', 'uid');
    if (uid !== undefined) options.uid = uid;
    const rv = stringAt(body, 'preconditions', 'resourceVersion');
    if (rv !== undefined) options.resourceVersion = rv;
    const dryRun = at(body, 'dryRun');
    if (Array.isArray(dryRun) && dryRun.includes('All')) options.dryRun = true;
  }
  if (options.gracePeriodSeconds !== undefined && (!Number.isInteger(options.gracePeriodSeconds) || options.gracePeriodSeconds < 0)) {
    throw badRequest(`gracePeriodSeconds: Invalid value: ${String(options.gracePeriodSeconds)}: must be a non-negative integer`);
  }
  return options;
}

/** The UID and resourceVersion preconditions of a delete, with the storage layer's 409. */
export function checkPreconditions(def: ResourceDef, namespace: string, name: string, current: JsonObject, options: Pick<DeleteOptions, 'uid' | 'resourceVersion'>): void {
  const key = namespace === '' ? `${def.registry}/${name}` : `${def.registry}/${namespace}/${name}`;
  const uid = stringAt(current, 'metadata', 'uid') ?? '';
  if (options.uid !== undefined && options.uid !== uid) throw preconditionFailed(def.gr, name, key, 'UID', options.uid, uid);
  const rv = stringAt(current, 'metadata', 'resourceVersion') ?? '';
  if (options.resourceVersion !== undefined && options.resourceVersion !== rv) throw preconditionFailed(def.gr, name, key, 'ResourceVersion', options.resourceVersion, rv);
}

/** A create or update body: an object of the resource's kind whose name and namespace match the URL. */
export function checkBody(def: ResourceDef, body: Json, namespace: string, name: string | undefined): JsonObject {
  if (!isObject(body)) throw badRequest(`the body of the request is not a ${def.kind} object`);
  const kind = stringAt(body, 'kind');
  const apiVersion = stringAt(body, 'apiVersion');
  if (kind !== undefined && kind !== def.kind) throw badRequest(`the object provided is unrecognized (must be of type ${def.kind}): kind "${kind}"`);
  if (apiVersion !== undefined && apiVersion !== def.apiVersion) {
    throw badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${def.apiVersion})`);
  }
  const bodyName = stringAt(body, 'metadata', 'name');
  if (name !== undefined && bodyName !== undefined && bodyName !== name) throw badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
  const bodyNamespace = stringAt(body, 'metadata', 'namespace');
  if (def.namespaced && bodyNamespace !== undefined && bodyNamespace !== '' && bodyNamespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  return body;
}
