// JSON values as they travel over the wire, and the few accessors the API face needs to read request
// bodies (which are untrusted: every read checks the type it expects).

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` (object keys only), or undefined when any step is missing or not an object. */
export function at(value: Json | undefined, ...path: string[]): Json | undefined {
  let current: Json | undefined = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function objectAt(value: Json | undefined, ...path: string[]): JsonObject | undefined {
  const found = at(value, ...path);
  return isObject(found) ? found : undefined;
}

export function stringAt(value: Json | undefined, ...path: string[]): string | undefined {
  const found = at(value, ...path);
  return typeof found === 'string' ? found : undefined;
}

export function numberAt(value: Json | undefined, ...path: string[]): number | undefined {
  const found = at(value, ...path);
  return typeof found === 'number' ? found : undefined;
}

export function arrayAt(value: Json | undefined, ...path: string[]): Json[] | undefined {
  const found = at(value, ...path);
  return Array.isArray(found) ? found : undefined;
}

/** A map of strings (labels, annotations, nodeSelector); entries of other types are dropped. */
export function stringMap(value: Json | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** An object from optional fields: undefined ones are left out (Go's `omitempty`). */
export function compact(fields: Record<string, Json | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}

/** A string map, or undefined when empty (for `omitempty` maps). */
export function nonEmpty(map: Record<string, string>): JsonObject | undefined {
  return Object.keys(map).length > 0 ? { ...map } : undefined;
}

export function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}
