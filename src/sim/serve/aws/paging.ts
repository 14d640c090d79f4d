// NextToken pagination over a list sorted by a key. The token names the last key returned (opaque to
// the caller, as AWS's are), so a page boundary holds when items are added or removed between calls.
import type { AwsError } from './errors.js';

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextToken?: string;
}

/**
 * The page of `items` (sorted by `key`, ascending) that follows `token`, at most `limit` long.
 * `invalid` builds the service's error for a token it did not hand out.
 */
export function paginate<T>(items: readonly T[], key: (item: T) => string, limit: number, token: string | undefined, invalid: () => AwsError): Page<T> {
  let start = 0;
  if (token !== undefined && token !== '') {
    const after = decode(token);
    if (after === undefined) throw invalid();
    start = items.findIndex((item) => key(item) > after);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + limit);
  const last = page[page.length - 1];
  if (last === undefined || start + limit >= items.length) return { items: page };
  return { items: page, nextToken: encode(key(last)) };
}

const PREFIX = 'dextre-sim:';

function encode(after: string): string {
  return Buffer.from(PREFIX + after, 'utf8').toString('base64url');
}

function decode(token: string): string | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  return text.startsWith(PREFIX) ? text.slice(PREFIX.length) : undefined;
}
