// labelSelector and fieldSelector query parameters, as the API server evaluates them. Label selectors
// use dextre's own parser and matcher (src/core/selectors.ts: =, ==, !=, in, notin, exists, !key).
// Field selectors support =, == and != on metadata.name, metadata.namespace and the resource's own
// field labels; any other field is a 400 "field label not supported", as upstream.
import type { LabelSelector } from '../../../core/model.js';
import { matchesSelector, parseSelector } from '../../../core/selectors.js';
import { at, isObject, type JsonObject } from './json.js';
import type { ResourceDef } from './resources.js';
import { badRequest } from './status.js';

export interface FieldRequirement {
  field: string;
  equal: boolean;
  value: string;
}

export interface Selectors {
  label: LabelSelector | undefined;
  fields: FieldRequirement[];
}

/** What a field reads when the object leaves it out (Go's zero values, as the field label functions print them). */
const ZERO: Record<string, string> = { 'spec.unschedulable': 'false', 'spec.hostNetwork': 'false', 'status.successful': '0', 'status.replicas': '0' };

export function parseSelectors(def: ResourceDef, query: URLSearchParams): Selectors {
  const labelText = query.get('labelSelector') ?? '';
  const fieldText = query.get('fieldSelector') ?? '';
  const where = `Unable to find "${def.group}/${def.version}, Resource=${def.name}" that match label selector "${labelText}", field selector "${fieldText}"`;
  let label: LabelSelector | undefined;
  if (labelText.trim() !== '') {
    try {
      label = parseSelector(labelText);
    } catch {
      throw badRequest(`unable to parse requirement: invalid label selector "${labelText}"`);
    }
  }
  const fields = parseFieldSelector(fieldText);
  if (fields === undefined) throw badRequest(`invalid field selector "${fieldText}": expected key=value, key==value or key!=value`);
  for (const f of fields) {
    if (f.field !== 'metadata.name' && f.field !== 'metadata.namespace' && !(f.field in def.fields)) {
      throw badRequest(`${where}: field label not supported: ${f.field}`);
    }
  }
  return { label, fields };
}

export function matchesSelectors(def: ResourceDef, s: Selectors, object: JsonObject): boolean {
  if (s.label) {
    const labels = at(object, 'metadata', 'labels');
    const map: Record<string, string> = {};
    if (isObject(labels)) for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') map[k] = v;
    if (!matchesSelector(s.label, map)) return false;
  }
  for (const f of s.fields) {
    if ((fieldValue(def, object, f.field) === f.value) !== f.equal) return false;
  }
  return true;
}

/** The name a field selector pins (`metadata.name=x`), if any: a watch of one object. */
export function pinnedName(s: Selectors): string | undefined {
  return s.fields.find((f) => f.field === 'metadata.name' && f.equal)?.value;
}

export function isEmpty(s: Selectors): boolean {
  return s.label === undefined && s.fields.length === 0;
}

function fieldValue(def: ResourceDef, object: JsonObject, field: string): string {
  const path = field === 'metadata.name' ? ['metadata', 'name'] : field === 'metadata.namespace' ? ['metadata', 'namespace'] : def.fields[field];
  const value = path ? at(object, ...path) : undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return ZERO[field] ?? '';
}

/** `a=b,c!=d,e==f` with `\` escaping `,`, `=`, `!` and `\`; undefined when a term has no operator. */
export function parseFieldSelector(text: string): FieldRequirement[] | undefined {
  const out: FieldRequirement[] = [];
  if (text.trim() === '') return out;
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + (text[++i] ?? '');
    } else if (ch === ',') {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  for (const term of terms) {
    const op = findOperator(term);
    if (!op) return undefined;
    out.push({ field: unescape(term.slice(0, op.at)).trim(), equal: op.op !== '!=', value: unescape(term.slice(op.at + op.op.length)) });
  }
  return out;
}

function findOperator(term: string): { at: number; op: '=' | '==' | '!=' } | undefined {
  for (let i = 0; i < term.length; i++) {
    const ch = term[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '!' && term[i + 1] === '=') return { at: i, op: '!=' };
    if (ch === '=') return term[i + 1] === '=' ? { at: i, op: '==' } : { at: i, op: '=' };
  }
  return undefined;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}
