// The three patch formats of the API server, applied to an object's JSON:
// - JSON merge patch (RFC 7386): objects merge, null deletes, arrays are replaced;
// - strategic merge patch: as merge patch, but lists with a patchMergeKey (a Node's taints by `key`,
//   containers by `name`, …) merge element by element; `$patch: delete|replace`, `$retainKeys`,
//   `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>` (ignored: order is not modelled);
// - JSON patch (RFC 6902): add, remove, replace, move, copy, test on JSON pointers.
// Server-side apply (`application/apply-patch+yaml`) is served as a merge patch of the applied object
// (no field ownership): enough for create-or-update clients.
import { clone, isObject, type Json, type JsonObject } from './json.js';
import { unprocessable, unsupportedMediaType } from './status.js';

/** patchMergeKey by field path (list indexes left out); '' merges a list of primitives as a set. */
export const MERGE_KEYS: Record<string, string> = {
  'metadata.ownerReferences': 'uid',
  'metadata.finalizers': '',
  'spec.taints': 'key',
  'status.conditions': 'type',
  'status.addresses': 'type',
  'spec.template.spec.containers': 'name',
  'spec.template.spec.initContainers': 'name',
  'spec.template.spec.volumes': 'name',
  'spec.template.spec.imagePullSecrets': 'name',
  'spec.template.spec.containers.volumeMounts': 'mountPath',
  'spec.template.spec.initContainers.volumeMounts': 'mountPath',
  'spec.template.spec.containers.env': 'name',
  'spec.template.spec.initContainers.env': 'name',
};

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

export function patchTypeOf(contentType: string): PatchType {
  switch (contentType) {
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/json-patch+json':
      return 'json';
    case 'application/apply-patch+yaml':
      return 'apply';
    default:
      throw unsupportedMediaType(contentType);
  }
}

export function applyPatch(type: PatchType, target: JsonObject, patch: Json): JsonObject {
  let result: Json | undefined;
  switch (type) {
    case 'merge':
    case 'apply':
      result = mergePatch(target, patch);
      break;
    case 'strategic':
      result = strategic(target, patch, '');
      break;
    case 'json':
      result = jsonPatch(target, patch);
      break;
  }
  if (!isObject(result)) throw unprocessable('the patch turns the object into something that is not an object');
  return result;
}

export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function strategic(target: Json | undefined, patch: Json, path: string): Json | undefined {
  if (!isObject(patch)) return clone(patch);
  const directive = patch['$patch'];
  if (directive === 'delete') return undefined;
  const base: JsonObject = isObject(target) && directive !== 'replace' ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const list = base[field];
      if (Array.isArray(list) && Array.isArray(value)) base[field] = list.filter((v) => !value.some((d) => JSON.stringify(d) === JSON.stringify(v)));
      continue;
    }
    const childPath = path === '' ? key : `${path}.${key}`;
    if (value === null) {
      delete base[key];
      continue;
    }
    const mergeKey = MERGE_KEYS[childPath];
    if (Array.isArray(value) && mergeKey !== undefined) {
      base[key] = mergeList(base[key], value, mergeKey, childPath);
      continue;
    }
    const merged = strategic(base[key], value, childPath);
    if (merged === undefined) delete base[key];
    else base[key] = merged;
  }
  const retain = patch['$retainKeys'];
  if (Array.isArray(retain)) for (const key of Object.keys(base)) if (!retain.includes(key)) delete base[key];
  return base;
}

function mergeList(target: Json | undefined, patch: Json[], mergeKey: string, path: string): Json[] {
  if (patch.some((item) => isObject(item) && item['$patch'] === 'replace')) {
    return patch.filter((item) => !(isObject(item) && item['$patch'] === 'replace')).map((item) => strip(item));
  }
  const out: Json[] = Array.isArray(target) ? clone(target) : [];
  for (const item of patch) {
    if (mergeKey === '' || !isObject(item)) {
      if (!out.some((v) => JSON.stringify(v) === JSON.stringify(item))) out.push(clone(item));
      continue;
    }
    const key = JSON.stringify(item[mergeKey] ?? null);
    const index = out.findIndex((v) => isObject(v) && JSON.stringify(v[mergeKey] ?? null) === key);
    if (item['$patch'] === 'delete') {
      if (index >= 0) out.splice(index, 1);
      continue;
    }
    if (index < 0) out.push(strip(item));
    else out[index] = strategic(out[index], item, path) ?? null;
  }
  return out;
}

/** The item without patch directives. */
function strip(item: Json): Json {
  if (!isObject(item)) return clone(item);
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(item)) if (!k.startsWith('$')) out[k] = clone(v);
  return out;
}

function jsonPatch(target: JsonObject, operations: Json): Json {
  if (!Array.isArray(operations)) throw unprocessable('a JSON patch is a list of operations');
  let doc: Json = clone(target);
  for (const op of operations) {
    if (!isObject(op) || typeof op['op'] !== 'string' || typeof op['path'] !== 'string') throw unprocessable('every JSON patch operation needs "op" and "path"');
    const path = pointer(op['path']);
    const value = op['value'];
    switch (op['op']) {
      case 'add':
        doc = put(doc, path, requireValue(value), true);
        break;
      case 'replace':
        get(doc, path, op['path']);
        doc = put(doc, path, requireValue(value), false);
        break;
      case 'remove':
        get(doc, path, op['path']);
        doc = remove(doc, path);
        break;
      case 'test':
        if (JSON.stringify(get(doc, path, op['path'])) !== JSON.stringify(value)) throw unprocessable(`the test operation on ${op['path']} failed: the value differs`);
        break;
      case 'move':
      case 'copy': {
        const from = typeof op['from'] === 'string' ? op['from'] : '';
        const moved = clone(get(doc, pointer(from), from));
        if (op['op'] === 'move') doc = remove(doc, pointer(from));
        doc = put(doc, path, moved, true);
        break;
      }
      default:
        throw unprocessable(`unsupported JSON patch operation "${op['op']}"`);
    }
  }
  return doc;
}

function requireValue(value: Json | undefined): Json {
  if (value === undefined) throw unprocessable('the JSON patch operation needs a "value"');
  return value;
}

function pointer(text: string): string[] {
  if (text === '') return [];
  if (!text.startsWith('/')) throw unprocessable(`"${text}" is not a JSON pointer`);
  return text.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(doc: Json, path: string[], text: string): Json {
  let current: Json = doc;
  for (const part of path) {
    const next: Json | undefined = Array.isArray(current) ? current[Number(part)] : isObject(current) ? current[part] : undefined;
    if (next === undefined) throw unprocessable(`the path ${text} does not exist`);
    current = next;
  }
  return current;
}

function put(doc: Json, path: string[], value: Json, insert: boolean): Json {
  if (path.length === 0) return value;
  const parent = get(doc, path.slice(0, -1), `/${path.slice(0, -1).join('/')}`);
  const last = path[path.length - 1] ?? '';
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) throw unprocessable(`index ${last} is out of range`);
    if (insert) parent.splice(index, 0, value);
    else parent[index] = value;
  } else if (isObject(parent)) {
    parent[last] = value;
  } else {
    throw unprocessable(`cannot set ${last} inside a value that is not an object or a list`);
  }
  return doc;
}

function remove(doc: Json, path: string[]): Json {
  const parent = get(doc, path.slice(0, -1), `/${path.slice(0, -1).join('/')}`);
  const last = path[path.length - 1] ?? '';
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isObject(parent)) delete parent[last];
  return doc;
}
