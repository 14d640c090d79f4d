// A served simulator for the Kubernetes API face's tests: the API on 127.0.0.1 (any port), a kubeconfig
// pointing at it, virtual time moved by the test (or a real-time pump while kubectl runs), plain fetch
// helpers and the real kubectl when it is installed.
import { execFile } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';
import { buildWorld } from '../../../../src/sim/build.js';
import type { SimContext } from '../../../../src/sim/context.js';
import { loadFixture, parseFixture } from '../../../../src/sim/fixture/parse.js';
import { createKubeApi, type KubeApi, type KubeApiOptions } from '../../../../src/sim/serve/kube/index.js';
import { RealTimePump, runUntil } from '../../../../src/sim/serve/pump.js';
import { clusterYaml, fixturePath, type ClusterOptions } from '../../helpers.js';
import { scratchDir } from '../../../support/scratch.js';

export interface Served {
  ctx: SimContext;
  api: KubeApi;
  url: string;
  kubeconfig: string;
  dir: string;
  /** Moves virtual time on by `seconds` (running what falls due), then lets the API catch up. */
  advance(seconds: number): void;
  /** Advances virtual time at `speed`× real time until stopped (while kubectl runs). */
  pump(speed: number): () => void;
  close(): Promise<void>;
}

type Source = { fixture: string } | { cluster: ClusterOptions };

export async function serve(source: Source, options: Partial<KubeApiOptions> = {}): Promise<Served> {
  const fixture = 'fixture' in source ? loadFixture(fixturePath(source.fixture)) : parseFixture(clusterYaml(source.cluster), 'test.yaml');
  const ctx = buildWorld(fixture);
  const api = createKubeApi(ctx, { clusterName: fixture.cluster, acceptNodes: false, ...options });
  const server = createServer(api.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = scratchDir('dextre-kube-face-');
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: sim, cluster: {server: "' + url + '", insecure-skip-tls-verify: true}}]',
      'users: [{name: sim, user: {token: test-token}}]',
      'contexts: [{name: sim, context: {cluster: sim, user: sim}}]',
      'current-context: sim',
      '',
    ].join('\n'),
  );
  const pumps = new Set<RealTimePump>();
  return {
    ctx,
    api,
    url,
    kubeconfig,
    dir,
    advance: (seconds) => {
      runUntil(ctx.queue, ctx.queue.now + seconds);
      api.sync();
    },
    pump: (speed) => {
      const pump = new RealTimePump(ctx.queue, speed, () => api.sync());
      pumps.add(pump);
      pump.start();
      return () => {
        pump.stop();
        pumps.delete(pump);
      };
    },
    close: async () => {
      for (const pump of pumps) pump.stop();
      api.close();
      await closeServer(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A request with a JSON body (or none); the JSON answer parsed. */
export async function call<T = Record<string, unknown>>(s: Served, method: string, path: string, body?: unknown, contentType = 'application/json', headers: Record<string, string> = {}): Promise<Reply<T>> {
  const init: RequestInit = { method, headers: { Accept: 'application/json', ...headers, ...(body === undefined ? {} : { 'Content-Type': contentType }) } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${s.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as T, headers: response.headers };
}

export const get = <T = Record<string, unknown>>(s: Served, path: string, headers: Record<string, string> = {}) => call<T>(s, 'GET', path, undefined, 'application/json', headers);

/** kubectl on the PATH, or undefined (tests that need it are skipped, saying so). */
export const KUBECTL = (process.env['PATH'] ?? '').split(delimiter).map((d) => join(d, 'kubectl')).find((p) => existsSync(p));

export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl against the served API, asynchronously (the server and the pump share this process). */
export function kubectl(s: Served, args: string[], timeoutMs = 60_000): Promise<KubectlRun> {
  const full = ['--kubeconfig', s.kubeconfig, '--cache-dir', join(s.dir, 'cache'), '--request-timeout', '20s', ...args];
  return new Promise((resolve) => {
    execFile(KUBECTL ?? 'kubectl', full, { timeout: timeoutMs, env: { ...process.env, KUBECONFIG: s.kubeconfig } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Reads newline-delimited watch events from a streaming response until `done` says so (or the stream ends). */
export async function readEvents(response: Response, done: (events: WatchEvent[]) => boolean, timeoutMs = 10_000): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  const reader = response.body?.getReader();
  if (!reader) return events;
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!done(events) && Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), Math.max(1, deadline - Date.now())))]);
      if (chunk === 'timeout' || chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.trim() !== '') events.push(JSON.parse(line) as WatchEvent);
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return events;
}

export interface WatchEvent {
  type: string;
  object: { kind?: string; metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> }; code?: number; reason?: string; message?: string; spec?: Record<string, unknown> };
}

/** Waits (in real time) until `check` holds. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
