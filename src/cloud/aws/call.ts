// Sending a command with its failure translated, and reading every page of a paginated answer.
import type { DextreError } from '../../core/errors.js';
import type { AwsService, CommandMap } from './api.js';
import { translateAwsError } from './errors.js';

/** Sends `command`; a failure becomes a DextreError naming the IAM action and `resource`. */
export async function call<C extends CommandMap<C>, K extends keyof C & string>(
  service: AwsService<C>,
  command: K,
  input: C[K]['input'],
  resource: string,
): Promise<C[K]['output']> {
  try {
    return await service.send(command, input);
  } catch (e: unknown) {
    throw await translated(service, command, resource, e);
  }
}

/** The DextreError for a failure of `command` (for callers that first look at the AWS error themselves). */
export async function translated<C extends CommandMap<C>>(service: AwsService<C>, command: keyof C & string, resource: string, e: unknown): Promise<DextreError> {
  let endpoint: string;
  try {
    endpoint = await service.endpoint();
  } catch {
    endpoint = `the ${service.iam} endpoint`;
  }
  return translateAwsError(e, { service: service.iam, command, resource, endpoint });
}

/**
 * Every item of a paginated list: `page` is asked with the previous answer's token until none comes.
 * A token that repeats ends the loop (a server that never advances must not hang a roll).
 */
export async function allPages<T>(page: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const answer = await page(token);
    items.push(...(answer.items ?? []));
    token = answer.next !== undefined && answer.next !== '' && !seen.has(answer.next) ? answer.next : undefined;
    if (token !== undefined) seen.add(token);
  } while (token !== undefined);
  return items;
}

/** `items` in consecutive slices of at most `size`. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
