// The typed client-node APIs dextre calls, made once per kubeconfig, and the single wrapper through
// which every call's failure is translated (errors.ts).
import { AppsV1Api, BatchV1Api, CoordinationV1Api, CoreV1Api, type KubeConfig, PolicyV1Api, Watch } from '@kubernetes/client-node';
import type { DextreError } from '../../core/errors.js';
import { type ApiRequest, type ApiTarget, apiStatus, toDextreError } from './errors.js';

/** Items per page of a list (`limit`), as kubectl's default chunk size. */
export const PAGE_SIZE = 500;

export class KubeApis {
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly batch: BatchV1Api;
  readonly policy: PolicyV1Api;
  readonly coordination: CoordinationV1Api;
  readonly watcher: Watch;
  readonly target: ApiTarget;

  constructor(readonly kc: KubeConfig) {
    this.core = kc.makeApiClient(CoreV1Api);
    this.apps = kc.makeApiClient(AppsV1Api);
    this.batch = kc.makeApiClient(BatchV1Api);
    this.policy = kc.makeApiClient(PolicyV1Api);
    this.coordination = kc.makeApiClient(CoordinationV1Api);
    this.watcher = new Watch(kc);
    this.target = targetOf(kc);
  }

  /** Runs one API call; any failure comes out as a DextreError. */
  async call<T>(req: ApiRequest, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e: unknown) {
      throw this.fail(e, req);
    }
  }

  fail(e: unknown, req: ApiRequest): DextreError {
    return toDextreError(e, req, this.target);
  }
}

export function targetOf(kc: KubeConfig): ApiTarget {
  const exec = kc.getCurrentUser()?.exec as { command?: string; args?: string[] } | undefined;
  const target: ApiTarget = { server: kc.getCurrentCluster()?.server ?? '(no server)', context: kc.getCurrentContext() };
  if (exec?.command) target.execCommand = [exec.command, ...(exec.args ?? [])].join(' ');
  return target;
}

export interface ListPage<T> {
  items: T[];
  metadata?: { _continue?: string; resourceVersion?: string };
}

export interface PageOptions {
  limit?: number;
  _continue?: string;
}

/**
 * Every item of a list, a page (`limit`) at a time, following `continue`; with the list's
 * resourceVersion (a consistent snapshot: every page is served at the first page's version). A continue
 * token that expired (410 Gone) starts the list over in one piece, as client-go's pager does.
 */
export async function listAll<T>(fetchPage: (options: PageOptions) => Promise<ListPage<T>>): Promise<{ items: T[]; resourceVersion: string }> {
  const items: T[] = [];
  let token: string | undefined;
  for (;;) {
    let page: ListPage<T>;
    try {
      page = await fetchPage(token === undefined ? { limit: PAGE_SIZE } : { limit: PAGE_SIZE, _continue: token });
    } catch (e: unknown) {
      if (token === undefined || apiStatus(e)?.code !== 410) throw e;
      const whole = await fetchPage({});
      return { items: whole.items, resourceVersion: whole.metadata?.resourceVersion ?? '' };
    }
    items.push(...page.items);
    token = page.metadata?._continue || undefined;
    if (token === undefined) return { items, resourceVersion: page.metadata?.resourceVersion ?? '' };
  }
}

/** True when the failure is the HTTP status `code` (an ApiException, or a watch's non-200 answer). */
export function hasStatus(e: unknown, code: number): boolean {
  if (apiStatus(e)?.code === code) return true;
  return typeof e === 'object' && e !== null && 'statusCode' in e && e.statusCode === code;
}
