// A tiny HTML builder that escapes by construction: every string given as a child or an attribute value is
// escaped; only `Html` values (built here, or `trusted` constants such as the style sheet) pass through
// as markup. Strings from the cluster (names, labels, messages) can never become markup. Pure.

/** Markup, as opposed to text. */
export interface Html {
  readonly markup: string;
}

export type Child = Html | string | number | null | undefined | false | readonly Child[];

export type Attributes = Record<string, string | number | boolean | null | undefined>;

/** `&`, `<`, `>`, `"` and `'` as character references: safe in text and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Markup written in this code base (never data): the style sheet, a doctype. */
export function trusted(markup: string): Html {
  return { markup };
}

const VOID = new Set(['br', 'meta', 'rect', 'line', 'path', 'circle', 'polyline']);

/** `<name attrs>children</name>`; `false`/`null`/`undefined` attributes are left out, `true` ones are bare. */
export function h(name: string, attrs: Attributes = {}, ...children: Child[]): Html {
  const attributes = Object.entries(attrs)
    .filter(([, v]) => v !== undefined && v !== null && v !== false)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escapeHtml(String(v))}"`))
    .join('');
  const inner = renderChildren(children);
  if (VOID.has(name) && inner === '') return { markup: `<${name}${attributes}/>` };
  return { markup: `<${name}${attributes}>${inner}</${name}>` };
}

export function renderChildren(children: readonly Child[]): string {
  let out = '';
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === 'string') out += escapeHtml(child);
    else if (typeof child === 'number') out += escapeHtml(String(child));
    else if (isHtml(child)) out += child.markup;
    else out += renderChildren(child);
  }
  return out;
}

function isHtml(child: Html | readonly Child[]): child is Html {
  return !Array.isArray(child);
}

/** A table: a header row and rows of cells (a cell is text or markup). */
export function tableHtml(headers: readonly string[], rows: readonly (readonly Child[])[], className?: string): Html {
  return h(
    'table',
    { class: className },
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, row.map((cell) => h('td', {}, cell))))),
  );
}
