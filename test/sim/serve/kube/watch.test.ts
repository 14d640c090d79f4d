// Watches over the wire: a stream from a list's resourceVersion sees the change a patch makes; one with
// no resourceVersion starts with the current objects as ADDED; selectors turn an object that stops
// matching into DELETED; an expired resourceVersion is an ERROR event with a 410 Status; bookmarks carry
// the current revision; timeoutSeconds ends the stream; sync() brings controller status changes.
import { afterEach, describe, expect, it } from 'vitest';
import { call, get, readEvents, serve, type Served, type WatchEvent } from './helpers.js';

let served: Served | undefined;
const aborts: AbortController[] = [];
afterEach(async () => {
  for (const a of aborts.splice(0)) a.abort();
  await served?.close();
  served = undefined;
});

async function watch(s: Served, path: string): Promise<Response> {
  const abort = new AbortController();
  aborts.push(abort);
  const response = await fetch(`${s.url}${path}`, { signal: abort.signal });
  expect(response.status).toBe(200);
  return response;
}

const mergePatch = (s: Served, path: string, body: unknown) => call(s, 'PATCH', path, body, 'application/merge-patch+json');
const names = (events: WatchEvent[]) => events.map((e) => `${e.type} ${e.object.metadata?.name ?? ''}`);

describe('watch', () => {
  it('from a list resourceVersion sees the MODIFIED a patch makes, with a newer resourceVersion', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const list = (await get<{ metadata: { resourceVersion: string }; items: { metadata: { name: string } }[] }>(s, '/api/v1/nodes')).body;
    const node = list.items[0]!.metadata.name;
    const stream = await watch(s, `/api/v1/nodes?watch=true&resourceVersion=${list.metadata.resourceVersion}`);
    const patched = await mergePatch(s, `/api/v1/nodes/${node}`, { spec: { unschedulable: true } });
    expect(patched.status).toBe(200);
    const events = await readEvents(stream, (e) => e.length >= 1);
    expect(names(events)).toEqual([`MODIFIED ${node}`]);
    expect(events[0]?.object.spec).toMatchObject({ unschedulable: true });
    expect(Number(events[0]?.object.metadata?.resourceVersion)).toBeGreaterThan(Number(list.metadata.resourceVersion));
  });

  it('without a resourceVersion starts with every current object as ADDED, then follows changes', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const appPods = [...s.ctx.world.pods.values()].filter((sp) => sp.pod.namespace === 'app').length;
    const stream = await watch(s, '/api/v1/namespaces/app/pods?watch=1');
    const web = [...s.ctx.world.pods.values()].find((sp) => sp.pod.labels['app'] === 'web')!;
    const evicted = await call(s, 'POST', `/api/v1/namespaces/app/pods/${web.pod.name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: web.pod.name } });
    expect(evicted.status).toBe(201);
    const events = await readEvents(stream, (e) => e.some((x) => x.type === 'MODIFIED' && x.object.metadata?.name === web.pod.name));
    // The current pods, then the eviction: the pod terminating, its replacement created.
    expect(appPods).toBe(5);
    expect(events.slice(0, appPods).every((e) => e.type === 'ADDED')).toBe(true);
    expect(names(events).slice(appPods)).toContain(`MODIFIED ${web.pod.name}`);
  });

  it('honours selectors: an object that stops matching is DELETED, one that starts matching ADDED', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const node = [...s.ctx.world.nodes.keys()][0]!;
    const rv = (await get<{ metadata: { resourceVersion: string } }>(s, '/api/v1/nodes')).body.metadata.resourceVersion;
    const stream = await watch(s, `/api/v1/nodes?watch=true&resourceVersion=${rv}&labelSelector=dextre.io%2Frolling%3Dyes`);
    await mergePatch(s, `/api/v1/nodes/${node}`, { metadata: { labels: { 'dextre.io/rolling': 'yes' } } });
    await mergePatch(s, `/api/v1/nodes/${node}`, { metadata: { annotations: { note: 'still matching' } } });
    await mergePatch(s, `/api/v1/nodes/${node}`, { metadata: { labels: { 'dextre.io/rolling': null } } });
    const events = await readEvents(stream, (e) => e.length >= 3);
    expect(names(events)).toEqual([`ADDED ${node}`, `MODIFIED ${node}`, `DELETED ${node}`]);
  });

  it('a resourceVersion older than the kept history is an ERROR event with a 410 Expired Status', async () => {
    served = await serve({ fixture: 'pdb-never' }, { historyLimit: 5 });
    const s = served;
    const node = [...s.ctx.world.nodes.keys()][0]!;
    for (let i = 0; i < 30; i++) await mergePatch(s, `/api/v1/nodes/${node}`, { metadata: { labels: { step: String(i) } } });
    const stream = await watch(s, '/api/v1/nodes?watch=true&resourceVersion=1');
    const events = await readEvents(stream, (e) => e.length >= 1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', reason: 'Expired', code: 410, message: expect.stringMatching(/^too old resource version: 1 \(\d+\)$/) } });
    // A recent one still replays.
    const rv = (await get<{ metadata: { resourceVersion: string } }>(s, '/api/v1/nodes')).body.metadata.resourceVersion;
    const recent = await watch(s, `/api/v1/nodes?watch=true&resourceVersion=${Number(rv) - 1}`);
    expect((await readEvents(recent, (e) => e.length >= 1))[0]?.type).toBe('MODIFIED');
  });

  it('sends bookmarks with the current resourceVersion when allowed, and ends at timeoutSeconds', async () => {
    served = await serve({ fixture: 'pdb-never' }, { bookmarkIntervalMs: 50 });
    const s = served;
    const rv = (await get<{ metadata: { resourceVersion: string } }>(s, '/api/v1/pods')).body.metadata.resourceVersion;
    const stream = await watch(s, `/api/v1/pods?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=1`);
    const started = Date.now();
    const events = await readEvents(stream, () => false, 5_000);
    expect(Date.now() - started).toBeLessThan(4_000); // ended by the server, not by the reader's deadline
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.every((e) => e.type === 'BOOKMARK' && e.object.kind === 'Pod' && e.object.metadata?.resourceVersion === rv)).toBe(true);
  });

  it('sendInitialEvents ends the initial ADDED events with a bookmark so annotated', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const stream = await watch(served, '/api/v1/nodes?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan');
    const events = await readEvents(stream, (e) => e.length >= 4);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'ADDED', 'BOOKMARK']);
    expect(events[3]?.object.metadata?.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
  });

  it('pods bound to a node: terminating, then DELETED once the grace period is over', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const web = [...s.ctx.world.pods.values()].find((sp) => sp.pod.labels['app'] === 'web')!;
    const rv = (await get<{ metadata: { resourceVersion: string } }>(s, '/api/v1/pods')).body.metadata.resourceVersion;
    const stream = await watch(s, `/api/v1/pods?watch=true&resourceVersion=${rv}&fieldSelector=spec.nodeName%3D${web.pod.nodeName}`);
    await call(s, 'POST', `/api/v1/namespaces/app/pods/${web.pod.name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: web.pod.name } });
    s.advance(60);
    const events = await readEvents(stream, (e) => e.some((x) => x.type === 'DELETED'));
    const mine = events.filter((e) => e.object.metadata?.name === web.pod.name);
    expect(mine.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']);
  });

  it('sync() publishes controller status changes: the Deployment while its replacement starts', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const rv = (await get<{ metadata: { resourceVersion: string } }>(s, '/apis/apps/v1/deployments')).body.metadata.resourceVersion;
    const stream = await watch(s, `/apis/apps/v1/namespaces/app/deployments?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dweb`);
    const web = [...s.ctx.world.pods.values()].find((sp) => sp.pod.labels['app'] === 'web')!;
    await call(s, 'POST', `/api/v1/namespaces/app/pods/${web.pod.name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: web.pod.name } });
    s.advance(60);
    const events = await readEvents(stream, (e) => e.some((x) => (x.object as { status?: { readyReplicas?: number } }).status?.readyReplicas === 3));
    const ready = events.map((e) => (e.object as { status?: { readyReplicas?: number } }).status?.readyReplicas);
    expect(ready[0]).toBe(2);
    expect(ready[ready.length - 1]).toBe(3);
    expect(events.every((e) => e.type === 'MODIFIED' && e.object.metadata?.name === 'web')).toBe(true);
  });

  it('close() ends every open watch', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const stream = await watch(s, '/api/v1/nodes?watch=true');
    const reading = readEvents(stream, () => false, 10_000);
    const started = Date.now();
    s.api.close();
    const events = await reading;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(events.filter((e) => e.type === 'ADDED')).toHaveLength(3);
  });
});
