// Label selectors, as the API server evaluates them (apimachinery `labels.Selector`).
import type { LabelSelector } from './model.js';
import { DextreError } from './errors.js';

/** True when `labels` satisfy every requirement. An empty selector matches everything (PDB semantics). */
export function matchesSelector(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, expr.key);
    const value = labels[expr.key];
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(value ?? '')) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

/**
 * Parses the string form (`kubectl -l`): `a=b,c!=d,e in (f,g),h notin (i),j,!k`.
 * Throws a USAGE DextreError naming the bad term.
 */
export function parseSelector(text: string): LabelSelector {
  const selector: Required<LabelSelector> = { matchLabels: {}, matchExpressions: [] };
  for (const term of splitTerms(text)) {
    const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    const eq = /^([^=!\s]+)\s*(==|=|!=)\s*([^=!\s]*)$/.exec(term);
    const exists = /^(!?)([^=!\s()]+)$/.exec(term);
    if (set) {
      const [, key = '', op, list = ''] = set;
      checkKey(key, text);
      const values = list.split(',').map((v) => v.trim()).filter((v) => v !== '');
      selector.matchExpressions.push({ key, operator: op === 'in' ? 'In' : 'NotIn', values });
    } else if (eq) {
      const [, key = '', op, value = ''] = eq;
      checkKey(key, text);
      if (op === '!=') selector.matchExpressions.push({ key, operator: 'NotIn', values: [value] });
      else selector.matchLabels[key] = value;
    } else if (exists) {
      const [, bang, key = ''] = exists;
      checkKey(key, text);
      selector.matchExpressions.push({ key, operator: bang === '!' ? 'DoesNotExist' : 'Exists' });
    } else {
      throw badSelector(text, term);
    }
  }
  return selector;
}

function splitTerms(text: string): string[] {
  // Commas inside `in (a,b)` do not separate terms.
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim() !== '' || terms.length > 0) terms.push(current.trim());
  return terms.filter((t, i, all) => t !== '' || all.length === 1);
}

function checkKey(key: string, text: string): void {
  if (!KEY.test(key)) throw badSelector(text, key);
}

function badSelector(text: string, term: string): DextreError {
  return new DextreError(
    'USAGE',
    `The label selector "${text}" is not valid at "${term}". Use the kubectl form, for example ` +
      `--selector 'node.kubernetes.io/instance-type=m5.large,topology.kubernetes.io/zone in (eu-west-1a,eu-west-1b)'.`,
  );
}

export function formatSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${(e.values ?? []).join(',')})`);
  }
  return parts.join(',');
}
