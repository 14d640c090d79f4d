// Small text helpers for the formatters: aligned tables and pluralised counts. Pure.

/** Left-aligned columns separated by two spaces, indented; trailing spaces trimmed. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], indent = '  '): string[] {
  const all = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all.map((row) => (indent + widths.map((w, i) => (row[i] ?? '').padEnd(w)).join('  ')).trimEnd());
}

/** `1 node`, `3 nodes`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** `3/10/6` for min/max/desired. */
export function sizeText(size: { min: number; max: number; desired: number }): string {
  return `${size.min}/${size.max}/${size.desired}`;
}

/** A list, or `none`. */
export function listText(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.join(', ');
}

/** `1500m/3072Mi`: CPU millicores and memory MiB, rounded. */
export function resourcesShort(r: { cpu: number; memory: number }): string {
  return `${Math.round(r.cpu)}m/${Math.round(r.memory)}Mi`;
}
