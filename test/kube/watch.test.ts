// KubeCluster.watch against a fake API server that streams watch events: the informers' list + watch,
// re-watch from the last resourceVersion, bookmarks, 410 Gone → re-list and diff, backoff, sharing.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DextreError } from '../../src/core/errors.js';
import { createKubeCluster } from '../../src/kube/client/cluster.js';
import type { KubeCluster, WatchEvent } from '../../src/kube/port.js';
import { type FakeApi, type Recorded, fakeApi, list, sendJson, sendStatus, startStream, until } from './fake-api.js';
import { nodeJson, podJson } from './objects.js';

type Stream = ReturnType<typeof startStream>;
type Kind = 'nodes' | 'pods';

interface WatchWorld {
  kube: KubeCluster;
  api: FakeApi;
  streams: Record<Kind, Stream[]>;
  /** Watch requests per kind, in order. */
  watches: (kind: Kind) => Recorded[];
  lists: (kind: Kind) => Recorded[];
}

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/**
 * `listed` answers each list (called with how many lists of that kind came before); `watch` may answer
 * a watch request itself (return true), else it becomes a stream the test writes to.
 */
async function world(
  listed: Record<Kind, (n: number) => unknown[] | { items: unknown[]; rv: string } | ((res: ServerResponse) => void)>,
  watch?: (kind: Kind, n: number, res: ServerResponse) => boolean,
): Promise<WatchWorld> {
  const streams: Record<Kind, Stream[]> = { nodes: [], pods: [] };
  const counts = { list: { nodes: 0, pods: 0 }, watch: { nodes: 0, pods: 0 } };
  api = await fakeApi((req, res) => {
    const kind: Kind | undefined = req.path === '/api/v1/nodes' ? 'nodes' : req.path === '/api/v1/pods' ? 'pods' : undefined;
    if (!kind) return sendStatus(res, 404, 'NotFound', 'not found');
    if (req.query.get('watch') === 'true') {
      const n = counts.watch[kind]++;
      if (watch?.(kind, n, res)) return;
      streams[kind].push(startStream(res));
      return;
    }
    const answer = listed[kind](counts.list[kind]++);
    if (typeof answer === 'function') return answer(res);
    const { items, rv } = Array.isArray(answer) ? { items: answer, rv: kind === 'nodes' ? '100' : '200' } : answer;
    sendJson(res, 200, list(kind === 'nodes' ? 'NodeList' : 'PodList', items, rv));
  });
  const fake = api;
  const kube = createKubeCluster(fake.kc, { watchBackoff: { initialMs: 20, maxMs: 80 } });
  const of = (kind: Kind, watching: boolean) => fake.requests.filter((r) => r.path === `/api/v1/${kind}` && (r.query.get('watch') === 'true') === watching);
  return { kube, api: fake, streams, watches: (k) => of(k, true), lists: (k) => of(k, false) };
}

function collect(): { events: WatchEvent[]; seen: string[]; handler: (e: WatchEvent) => void } {
  const events: WatchEvent[] = [];
  const seen: string[] = [];
  return {
    events,
    seen,
    handler: (e) => {
      events.push(e);
      seen.push(`${e.kind} ${e.type} ${e.kind === 'Node' ? e.node.name : `${e.pod.namespace}/${e.pod.name}`}`);
    },
  };
}

describe('watch', () => {
  it('resolves once both informers have listed and their watches are open (from the list\'s version, with bookmarks)', async () => {
    const w = await world({ nodes: () => [nodeJson('n1')], pods: () => [podJson('app', 'p1')] });
    const { seen, events, handler } = collect();
    const stop = await w.kube.watch(handler);
    expect(w.lists('nodes')).toHaveLength(1);
    expect(w.lists('pods')[0]!.query.get('limit')).toBe('500');
    expect(w.streams.nodes).toHaveLength(1);
    expect(w.streams.pods).toHaveLength(1);
    expect(Object.fromEntries(w.watches('pods')[0]!.query)).toEqual({ watch: 'true', resourceVersion: '200', allowWatchBookmarks: 'true', timeoutSeconds: '300' });
    expect(w.watches('nodes')[0]!.query.get('resourceVersion')).toBe('100');

    w.streams.nodes[0]!.send('MODIFIED', nodeJson('n1', { rv: '101', unschedulable: true }));
    w.streams.pods[0]!.send('ADDED', podJson('app', 'p2', { rv: '201' }));
    w.streams.pods[0]!.send('DELETED', podJson('app', 'p1', { rv: '202' }));
    await until('three events', () => seen.length === 3);
    // Node and pod events come on two connections: their relative order is not defined.
    expect([...seen].sort()).toEqual(['Node MODIFIED n1', 'Pod ADDED app/p2', 'Pod DELETED app/p1']);
    expect(seen.filter((s) => s.startsWith('Pod'))).toEqual(['Pod ADDED app/p2', 'Pod DELETED app/p1']);
    expect(events.find((e) => e.kind === 'Node')).toMatchObject({ type: 'MODIFIED', node: { name: 'n1', unschedulable: true } });
    stop();
  });

  it('does not report a MODIFIED that changes nothing dextre sees (a heartbeat)', async () => {
    const w = await world({ nodes: () => [nodeJson('n1')], pods: () => [] });
    const { seen, handler } = collect();
    const stop = await w.kube.watch(handler);
    const heartbeat = nodeJson('n1', { rv: '101' });
    heartbeat.status.conditions[1]!.lastHeartbeatTime = '2024-05-02T08:01:00Z';
    w.streams.nodes[0]!.send('MODIFIED', heartbeat);
    w.streams.nodes[0]!.send('MODIFIED', nodeJson('n1', { rv: '102', ready: 'False' }));
    await until('the readiness change', () => seen.length === 1);
    expect(seen).toEqual(['Node MODIFIED n1']);
    stop();
  });

  it('watches again from the last resourceVersion (bookmarks included) when the stream ends', async () => {
    const w = await world({ nodes: () => [nodeJson('n1')], pods: () => [] });
    const { seen, handler } = collect();
    const stop = await w.kube.watch(handler);
    const first = w.streams.nodes[0]!;
    first.send('MODIFIED', nodeJson('n1', { rv: '105', unschedulable: true }));
    first.send('BOOKMARK', { kind: 'Node', apiVersion: 'v1', metadata: { resourceVersion: '110', annotations: { 'k8s.io/initial-events-end': 'true' } } });
    await until('the change', () => seen.length === 1);
    first.end();
    await until('a second watch', () => w.streams.nodes.length === 2);
    expect(w.watches('nodes')[1]!.query.get('resourceVersion')).toBe('110');
    expect(w.lists('nodes')).toHaveLength(1);
    w.streams.nodes[1]!.send('MODIFIED', nodeJson('n1', { rv: '111', unschedulable: false }));
    await until('the change on the new watch', () => seen.length === 2);
    stop();
  });

  it('on 410 Gone (an ERROR event) lists again and reports the differences, then watches from the new list', async () => {
    const w = await world({
      nodes: () => [nodeJson('n1')],
      pods: (n) =>
        n === 0
          ? [podJson('app', 'p1'), podJson('app', 'p2')]
          : { items: [podJson('app', 'p1', { rv: '300', ready: false }), podJson('app', 'p2'), podJson('app', 'p3', { rv: '301' })], rv: '350' },
    });
    const { seen, handler } = collect();
    const stop = await w.kube.watch(handler);
    w.streams.pods[0]!.send('ERROR', { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 200 (250)', reason: 'Expired', code: 410 });
    await until('two changes from the re-list', () => seen.length === 2);
    expect(seen).toEqual(['Pod MODIFIED app/p1', 'Pod ADDED app/p3']);
    await until('a new watch', () => w.streams.pods.length === 2);
    expect(w.watches('pods')[1]!.query.get('resourceVersion')).toBe('350');
    stop();
  });

  it('on a 410 answer to a re-watch lists again, reporting what was deleted meanwhile', async () => {
    const w = await world(
      { nodes: (n) => (n === 0 ? [nodeJson('n1'), nodeJson('n2')] : { items: [nodeJson('n1')], rv: '400' }), pods: () => [] },
      (kind, n, res) => {
        if (kind !== 'nodes' || n !== 1) return false;
        sendStatus(res, 410, 'Gone', 'too old resource version');
        return true;
      },
    );
    const { seen, handler } = collect();
    const stop = await w.kube.watch(handler);
    w.streams.nodes[0]!.end();
    await until('the deletion found by the re-list', () => seen.length === 1);
    expect(seen).toEqual(['Node DELETED n2']);
    await until('a watch from the new list', () => w.streams.nodes.length === 2);
    expect(w.watches('nodes').map((r) => r.query.get('resourceVersion'))).toEqual(['100', '100', '400']);
    stop();
  });

  it('backs off and retries when the watch fails, without listing again', async () => {
    const w = await world({ nodes: () => [nodeJson('n1')], pods: () => [] }, (kind, n, res) => {
      if (kind !== 'nodes' || n === 0 || n > 3) return false;
      sendStatus(res, 500, 'InternalError', 'boom');
      return true;
    });
    const { handler } = collect();
    const stop = await w.kube.watch(handler);
    const failedAt = Date.now();
    // A stream that ends at once without events counts as a failure too: 20, 40, 80, 80 ms (maxMs) of backoff.
    w.streams.nodes[0]!.end();
    await until('the watch to be open again', () => w.streams.nodes.length === 2);
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(20 + 40 + 80 - 10);
    expect(w.watches('nodes')).toHaveLength(5);
    expect(w.lists('nodes')).toHaveLength(1);
    stop();
  });

  it('is shared by subscribers and stops when the last one leaves', async () => {
    const w = await world({ nodes: () => [nodeJson('n1')], pods: () => [] });
    const a = collect();
    const b = collect();
    const stopA = await w.kube.watch(a.handler);
    const stopB = await w.kube.watch(b.handler);
    expect(w.lists('nodes')).toHaveLength(1);
    w.streams.nodes[0]!.send('MODIFIED', nodeJson('n1', { rv: '101', unschedulable: true }));
    await until('both to see it', () => a.seen.length === 1 && b.seen.length === 1);
    // Each subscriber gets its own copy.
    expect(a.events[0]).not.toBe(b.events[0]);
    stopA();
    w.streams.nodes[0]!.send('MODIFIED', nodeJson('n1', { rv: '102', unschedulable: false }));
    await until('b to see it', () => b.seen.length === 2);
    expect(a.seen).toHaveLength(1);
    stopB();
    stopB();
    await until('the watch connections to close', () => w.api.requests.length > 0 && openStreams(w) === 0);
    // A new subscriber starts afresh.
    const stopC = await w.kube.watch(collect().handler);
    expect(w.lists('nodes')).toHaveLength(2);
    stopC();
  });

  it('rejects with a DextreError when a list fails, and leaves no watch open', async () => {
    const w = await world({
      nodes: () => [nodeJson('n1')],
      pods: () => (res) => sendStatus(res, 403, 'Forbidden', 'pods is forbidden: User "x" cannot list resource "pods" in API group "" at the cluster scope'),
    });
    const error = await w.kube.watch(() => undefined).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DextreError);
    expect((error as DextreError).code).toBe('FORBIDDEN');
    expect((error as DextreError).message).toContain('list pods in all namespaces');
    await until('the node watch to be closed', () => openStreams(w) === 0);
  });
});

/** Streams the server still holds open (the client aborts on unsubscribe). */
function openStreams(w: WatchWorld): number {
  return w.api.openConnections();
}

describe('watch permissions', () => {
  it('a 403 on opening the watch rejects FORBIDDEN, naming the watch verb', async () => {
    const w = await world({ nodes: () => [nodeJson('n1')], pods: () => [] }, (kind, _n, res) => {
      if (kind !== 'pods') return false;
      sendStatus(res, 403, 'Forbidden', 'pods is forbidden: User "x" cannot watch resource "pods" in API group "" at the cluster scope');
      return true;
    });
    const error = await w.kube.watch(() => undefined).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DextreError);
    expect((error as DextreError).code).toBe('FORBIDDEN');
    expect((error as DextreError).message).toContain('watch pods in all namespaces');
    expect((error as DextreError).message).toContain('verbs: ["watch"]');
    await until('the node watch to be closed', () => openStreams(w) === 0);
  });
});
