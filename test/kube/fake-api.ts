// A tiny fake Kubernetes API server for the adapter's tests: node:http on 127.0.0.1:0 that records every
// request and answers with what the test's handler says (canned, real-shaped responses). A kubeconfig
// written next to it points client-node at it (plain http needs insecure-skip-tls-verify: true).
import { writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { afterEach, expect } from 'vitest';
import { DextreError } from '../../src/core/errors.js';
import { createKubeCluster, type KubeClientOptions } from '../../src/kube/client/cluster.js';
import { loadKubeConfig } from '../../src/kube/client/kubeconfig.js';
import type { KubeCluster } from '../../src/kube/port.js';
import { scratchDir } from '../support/scratch.js';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (req: Recorded, res: ServerResponse) => void;
export type Route = Handler;

export interface FakeApi {
  url: string;
  requests: Recorded[];
  kubeconfig: string;
  kc: KubeConfig;
  /** Requests other than watches, as `METHOD path`. */
  calls(): string[];
  /** Responses not yet finished (open watch streams). */
  openConnections(): number;
  close(): Promise<void>;
}

export async function fakeApi(handler: Handler): Promise<FakeApi> {
  const requests: Recorded[] = [];
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const recorded: Recorded = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      open.add(res);
      res.on('close', () => open.delete(res));
      try {
        handler(recorded, res);
      } catch (e: unknown) {
        sendStatus(res, 500, 'InternalError', `fake handler failed: ${String(e)}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfig = writeKubeconfig(url);
  const { kc } = await loadKubeConfig({ kubeconfig, context: 'fake' });
  return {
    url,
    requests,
    kubeconfig,
    kc,
    openConnections: () => open.size,
    calls: () => requests.filter((r) => r.query.get('watch') !== 'true').map((r) => `${r.method} ${r.path}`),
    close: async () => {
      for (const res of open) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function writeKubeconfig(server: string, extra = ''): string {
  const dir = scratchDir('dextre-kube-');
  const path = join(dir, 'kubeconfig');
  writeFileSync(
    path,
    `apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: ${server}
    insecure-skip-tls-verify: true
users:
- name: fake
  user:
    token: test-token
contexts:
- name: fake
  context:
    cluster: fake
    user: fake
current-context: fake
${extra}`,
  );
  return path;
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A metav1.Status failure, as the API server writes it. */
export function sendStatus(res: ServerResponse, code: number, reason: string, message: string, details?: unknown): void {
  sendJson(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

export function notFound(res: ServerResponse, resource: string, name: string): void {
  sendStatus(res, 404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource });
}

export function list(kind: string, items: unknown[], resourceVersion = '100', cont?: string): unknown {
  return { kind, apiVersion: 'v1', metadata: { resourceVersion, ...(cont ? { continue: cont } : {}) }, items };
}

/** Starts a watch stream: 200 with chunked JSON lines; returns a writer for events. */
export function startStream(res: ServerResponse): { send(type: string, object: unknown): void; end(): void } {
  res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
  res.flushHeaders();
  return {
    send: (type, object) => res.write(`${JSON.stringify({ type, object })}\n`),
    end: () => res.end(),
  };
}

/** Waits until `check` holds (real time, short), failing with `what`. */
export async function until(what: string, check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Serves `routes` (`METHOD path` → handler, or handlers answering successive calls, the last repeating). */
export async function serveRoutes(routes: Record<string, Route | Route[]>, options: KubeClientOptions = {}): Promise<{ kube: KubeCluster; api: FakeApi }> {
  const served = new Map<string, number>();
  const api = await fakeApi((req, res) => {
    const key = `${req.method} ${req.path}`;
    const route = routes[key];
    if (!route) return sendStatus(res, 404, 'NotFound', `the server could not find the requested resource (${key})`);
    const n = served.get(key) ?? 0;
    served.set(key, n + 1);
    const handler = Array.isArray(route) ? route[Math.min(n, route.length - 1)]! : route;
    handler(req, res);
  });
  return { kube: createKubeCluster(api.kc, { hostname: 'laptop', nowMs: () => 1714651200123, ...options }), api };
}

/** The DextreError a promise rejects with (failing the test if it resolves or rejects otherwise). */
export async function rejection(run: Promise<unknown>): Promise<DextreError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DextreError);
  return error as DextreError;
}

/**
 * For a test file: `serve(routes)` starts a fake API server for the current test, closed after it.
 * Call at the top level of the file (it registers an afterEach hook).
 */
export function fakeApiPerTest(): (routes: Record<string, Route | Route[]>, options?: KubeClientOptions) => Promise<{ kube: KubeCluster; api: FakeApi }> {
  let current: FakeApi | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async (routes, options) => {
    const served = await serveRoutes(routes, options);
    current = served.api;
    return served;
  };
}
