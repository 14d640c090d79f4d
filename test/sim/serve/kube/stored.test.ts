// Objects kept as written — ConfigMaps, Leases, Events, created Namespaces — with the API server's
// optimistic concurrency: 201 then 409 AlreadyExists, 409 Conflict for a stale resourceVersion on
// update or patch, delete preconditions, 404 in a namespace that does not exist.
import { afterEach, describe, expect, it } from 'vitest';
import { call, get, serve, type Served } from './helpers.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

type Obj = { kind: string; metadata: { name: string; uid: string; resourceVersion: string; creationTimestamp: string; namespace?: string }; data?: Record<string, string>; spec?: Record<string, unknown> };
const CM = '/api/v1/namespaces/kube-system/configmaps';

describe('configmaps', () => {
  it('create, conflict on a second create, read, update with the current resourceVersion only, delete', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const created = await call<Obj>(s, 'POST', CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dextre-journal' }, data: { step: '1' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'dextre-journal', namespace: 'kube-system', creationTimestamp: '2026-01-01T00:00:00Z' }, data: { step: '1' } });
    const rv1 = created.body.metadata.resourceVersion;
    const twice = await call(s, 'POST', CM, { metadata: { name: 'dextre-journal' }, data: {} });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ reason: 'AlreadyExists', message: 'configmaps "dextre-journal" already exists', details: { name: 'dextre-journal', kind: 'configmaps' } });
    const updated = await call<Obj>(s, 'PUT', `${CM}/dextre-journal`, { ...created.body, data: { step: '2' } });
    expect(updated.status).toBe(200);
    expect(updated.body.metadata.uid).toBe(created.body.metadata.uid);
    expect(Number(updated.body.metadata.resourceVersion)).toBeGreaterThan(Number(rv1));
    const stale = await call(s, 'PUT', `${CM}/dextre-journal`, { ...created.body, data: { step: '3' } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ reason: 'Conflict', message: 'Operation cannot be fulfilled on configmaps "dextre-journal": the object has been modified; please apply your changes to the latest version and try again' });
    const stalePatch = await call(s, 'PATCH', `${CM}/dextre-journal`, { metadata: { resourceVersion: rv1 }, data: { step: '3' } }, 'application/merge-patch+json');
    expect(stalePatch.status).toBe(409);
    const patched = await call<Obj>(s, 'PATCH', `${CM}/dextre-journal`, { data: { extra: 'x' } }, 'application/merge-patch+json');
    expect(patched.body.data).toEqual({ step: '2', extra: 'x' });
    expect((await get<Obj>(s, `${CM}/dextre-journal`)).body.data).toEqual({ step: '2', extra: 'x' });
    // An update that changes nothing keeps the resourceVersion (etcd writes nothing).
    const same = await call<Obj>(s, 'PUT', `${CM}/dextre-journal`, patched.body);
    expect(same.body.metadata.resourceVersion).toBe(patched.body.metadata.resourceVersion);
    const wrongUid = await call(s, 'DELETE', `${CM}/dextre-journal`, { preconditions: { uid: 'x' } });
    expect(wrongUid.status).toBe(409);
    const deleted = await call(s, 'DELETE', `${CM}/dextre-journal`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'dextre-journal', kind: 'configmaps', uid: created.body.metadata.uid } });
    expect((await get(s, `${CM}/dextre-journal`)).status).toBe(404);
    expect((await call(s, 'PUT', `${CM}/dextre-journal`, created.body)).status).toBe(404);
  });

  it('refuses a missing namespace (404), a missing name (422), a name that differs from the URL (400)', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const noNs = await call(s, 'POST', '/api/v1/namespaces/nowhere/configmaps', { metadata: { name: 'x' } });
    expect(noNs.status).toBe(404);
    expect(noNs.body['message']).toBe('namespaces "nowhere" not found');
    expect((await call(s, 'POST', CM, { metadata: {} })).status).toBe(422);
    const generated = await call<Obj>(s, 'POST', CM, { metadata: { generateName: 'lock-' } });
    expect(generated.body.metadata.name).toMatch(/^lock-[a-z0-9]{5}$/);
    const renamed = await call(s, 'PUT', `${CM}/${generated.body.metadata.name}`, { metadata: { name: 'other' } });
    expect(renamed.status).toBe(400);
  });

  it('lists and watches them like any resource', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    for (const name of ['b', 'a', 'c']) await call(s, 'POST', CM, { metadata: { name, labels: { tier: name === 'c' ? 'x' : 'y' } } });
    const list = (await get<{ kind: string; items: Obj[] }>(s, `${CM}?labelSelector=tier%3Dy`)).body;
    expect(list.kind).toBe('ConfigMapList');
    expect(list.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
  });
});

describe('leases', () => {
  it('are stored with optimistic concurrency: two holders racing, one wins', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const path = '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases';
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'dextre-lock' }, spec: { holderIdentity: 'a', leaseDurationSeconds: 60, acquireTime: '2026-01-01T00:00:00.000000Z', renewTime: '2026-01-01T00:00:00.000000Z' } };
    const created = await call<Obj>(s, 'POST', path, lease);
    expect(created.status).toBe(201);
    const read = created.body;
    const b = await call<Obj>(s, 'PUT', `${path}/dextre-lock`, { ...read, spec: { ...read.spec, holderIdentity: 'b' } });
    const c = await call<Obj>(s, 'PUT', `${path}/dextre-lock`, { ...read, spec: { ...read.spec, holderIdentity: 'c' } });
    expect([b.status, c.status]).toEqual([200, 409]);
    expect((await get<Obj>(s, `${path}/dextre-lock`)).body.spec).toMatchObject({ holderIdentity: 'b', leaseDurationSeconds: 60 });
    const renewed = await call<Obj>(s, 'PATCH', `${path}/dextre-lock`, { spec: { renewTime: '2026-01-01T00:00:30.000000Z' } }, 'application/strategic-merge-patch+json');
    expect(renewed.body.spec).toMatchObject({ holderIdentity: 'b', renewTime: '2026-01-01T00:00:30.000000Z' });
  });
});

describe('events and namespaces', () => {
  it('an Event about a node is stored and recorded on the simulator', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const node = [...s.ctx.world.nodes.keys()][0]!;
    const event = { apiVersion: 'v1', kind: 'Event', metadata: { generateName: `${node}.`, namespace: 'default' }, involvedObject: { kind: 'Node', name: node, apiVersion: 'v1' }, reason: 'DextreCordon', message: 'Cordoned by dextre', type: 'Normal', source: { component: 'dextre' } };
    const created = await call<Obj>(s, 'POST', '/api/v1/namespaces/default/events', event);
    expect(created.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(s.ctx.world.nodeEvents).toEqual([{ node, reason: 'DextreCordon', message: 'Cordoned by dextre', type: 'Normal', at: s.ctx.world.now }]);
    const listed = (await get<{ items: Obj[] }>(s, `/api/v1/events?fieldSelector=involvedObject.name%3D${node},reason%3DDextreCordon`)).body.items;
    expect(listed.map((e) => e.metadata.name)).toEqual([created.body.metadata.name]);
  });

  it('namespaces list the builtin and fixture ones; a created one takes objects and DaemonSets', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const names = async () => (await get<{ items: Obj[] }>(s, '/api/v1/namespaces')).body.items.map((n) => n.metadata.name);
    expect(await names()).toEqual(['app', 'default', 'kube-node-lease', 'kube-public', 'kube-system']);
    const created = await call<Obj>(s, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { team: 'a' } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ metadata: { name: 'team-a', labels: { team: 'a', 'kubernetes.io/metadata.name': 'team-a' } }, status: { phase: 'Active' } });
    expect(await names()).toContain('team-a');
    expect((await call(s, 'POST', '/api/v1/namespaces', { metadata: { name: 'team-a' } })).status).toBe(409);
    expect((await call(s, 'POST', '/api/v1/namespaces/team-a/configmaps', { metadata: { name: 'x' } })).status).toBe(201);
    expect((await call(s, 'DELETE', '/api/v1/namespaces/team-a')).status).toBe(405);
  });
});
