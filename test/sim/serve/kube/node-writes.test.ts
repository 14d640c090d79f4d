// Patching and updating nodes over the wire: JSON merge, strategic merge (taints merge by key, as the
// real patchMergeKey) and JSON patch, each turned into the simulator's NodePatch like the in-process
// adapter's patchNode; no-op patches change nothing; a stale resourceVersion is a 409; bad taints 422.
import { afterEach, describe, expect, it } from 'vitest';
import { SimKube } from '../../../../src/sim/adapters.js';
import { buildWorld } from '../../../../src/sim/build.js';
import { SimFaults } from '../../../../src/sim/faults.js';
import { loadFixture } from '../../../../src/sim/fixture/parse.js';
import { fixturePath } from '../../helpers.js';
import { call, get, serve, type Served } from './helpers.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

type NodeJson = { metadata: { name: string; resourceVersion: string; labels: Record<string, string>; annotations?: Record<string, string> }; spec: { unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[] } };
const patch = (s: Served, name: string, type: string, body: unknown) => call<NodeJson>(s, 'PATCH', `/api/v1/nodes/${name}`, body, type);
const MERGE = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';

/** A demo node of the memory group: it carries the taint dedicated=memory:NoSchedule. */
async function memoryNode(): Promise<{ s: Served; name: string }> {
  served = await serve({ fixture: 'demo' });
  const sn = [...served.ctx.world.nodes.values()].find((n) => n.node.taints.length > 0)!;
  return { s: served, name: sn.node.name };
}

describe('node patches', () => {
  it('a merge patch sets and removes labels, annotations and spec.unschedulable, through patchNode', async () => {
    const { s, name } = await memoryNode();
    const before = (await get<NodeJson>(s, `/api/v1/nodes/${name}`)).body;
    const reply = await patch(s, name, MERGE, { metadata: { labels: { 'dextre.io/roll': 'r1' }, annotations: { why: 'outdated' } }, spec: { unschedulable: true } });
    expect(reply.status).toBe(200);
    expect(reply.body.metadata.labels['dextre.io/roll']).toBe('r1');
    expect(Number(reply.body.metadata.resourceVersion)).toBeGreaterThan(Number(before.metadata.resourceVersion));
    const node = s.ctx.world.nodes.get(name)!.node;
    expect(node).toMatchObject({ unschedulable: true, labels: { 'dextre.io/roll': 'r1' }, annotations: { why: 'outdated' } });
    await patch(s, name, MERGE, { metadata: { labels: { 'dextre.io/roll': null }, annotations: { why: null } }, spec: { unschedulable: null } });
    expect(s.ctx.world.nodes.get(name)!.node).toMatchObject({ unschedulable: false, annotations: {} });
    expect(s.ctx.world.nodes.get(name)!.node.labels['dextre.io/roll']).toBeUndefined();
    expect(s.ctx.world.actions.filter((a) => a.verb === 'patchNode').map((a) => a.detail)).toEqual([
      '{"unschedulable":true,"labels":{"dextre.io/roll":"r1"},"annotations":{"why":"outdated"}}',
      '{"unschedulable":false,"labels":{"dextre.io/roll":null},"annotations":{"why":null}}',
    ]);
  });

  it('a strategic merge patch merges taints by key; $patch: delete removes one', async () => {
    const { s, name } = await memoryNode();
    const added = await patch(s, name, STRATEGIC, { spec: { taints: [{ key: 'dextre.io/rolling', effect: 'PreferNoSchedule' }] } });
    expect(added.body.spec.taints).toEqual([
      { key: 'dedicated', value: 'memory', effect: 'NoSchedule' },
      { key: 'dextre.io/rolling', effect: 'PreferNoSchedule' },
    ]);
    // Same key: the element is merged (its value replaced), not appended.
    const changed = await patch(s, name, STRATEGIC, { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } });
    expect(changed.body.spec.taints?.[0]).toEqual({ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' });
    const removed = await patch(s, name, STRATEGIC, { spec: { taints: [{ $patch: 'delete', key: 'dextre.io/rolling' }] } });
    expect(removed.body.spec.taints).toEqual([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    expect(s.ctx.world.nodes.get(name)!.node.taints).toEqual([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    // kubectl cordon's patch.
    expect((await patch(s, name, STRATEGIC, { spec: { unschedulable: true } })).body.spec.unschedulable).toBe(true);
  });

  it('a JSON patch adds, replaces and removes; a failing test operation is a 422 and changes nothing', async () => {
    const { s, name } = await memoryNode();
    const added = await patch(s, name, JSON_PATCH, [
      { op: 'add', path: '/spec/taints/-', value: { key: 'dextre.io/rolling', effect: 'PreferNoSchedule' } },
      { op: 'add', path: '/metadata/labels/dextre.io~1roll', value: 'r2' },
      { op: 'add', path: '/spec/unschedulable', value: true },
    ]);
    expect(added.status).toBe(200);
    expect(s.ctx.world.nodes.get(name)!.node).toMatchObject({ unschedulable: true, labels: { 'dextre.io/roll': 'r2' } });
    expect(s.ctx.world.nodes.get(name)!.node.taints).toHaveLength(2);
    const failed = await patch(s, name, JSON_PATCH, [{ op: 'test', path: '/spec/unschedulable', value: false }, { op: 'remove', path: '/spec/taints' }]);
    expect(failed.status).toBe(422);
    expect(failed.body).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422 });
    expect(s.ctx.world.nodes.get(name)!.node.taints).toHaveLength(2);
    await patch(s, name, JSON_PATCH, [{ op: 'remove', path: '/spec/taints/1' }, { op: 'replace', path: '/spec/unschedulable', value: false }]);
    expect(s.ctx.world.nodes.get(name)!.node).toMatchObject({ unschedulable: false, taints: [{ key: 'dedicated', value: 'memory', effect: 'NoSchedule' }] });
  });

  it('a patch that changes nothing keeps the resourceVersion and is not sent to the simulator', async () => {
    const { s, name } = await memoryNode();
    const before = (await get<NodeJson>(s, `/api/v1/nodes/${name}`)).body;
    const reply = await patch(s, name, STRATEGIC, { spec: { unschedulable: false, taints: [{ key: 'dedicated', value: 'memory', effect: 'NoSchedule' }] }, metadata: { labels: { 'workload-class': 'memory' } } });
    expect(reply.status).toBe(200);
    expect(reply.body.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(s.ctx.world.actions).toEqual([]);
  });

  it('ignores fields the kubelet and the cloud own', async () => {
    const { s, name } = await memoryNode();
    const before = (await get<NodeJson>(s, `/api/v1/nodes/${name}`)).body;
    const reply = await patch(s, name, MERGE, { spec: { providerID: 'aws:///elsewhere/i-0' }, status: { allocatable: { cpu: '64' } } });
    expect(reply.status).toBe(200);
    expect(reply.body.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('a patch or an update with a stale resourceVersion is a 409 Conflict; the current one applies', async () => {
    const { s, name } = await memoryNode();
    const node = (await get<NodeJson>(s, `/api/v1/nodes/${name}`)).body;
    const rv = node.metadata.resourceVersion;
    await patch(s, name, MERGE, { metadata: { labels: { a: '1' } } });
    const stale = await patch(s, name, MERGE, { metadata: { resourceVersion: rv, labels: { b: '2' } } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      reason: 'Conflict',
      code: 409,
      message: `Operation cannot be fulfilled on nodes "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    });
    expect(s.ctx.world.nodes.get(name)!.node.labels['b']).toBeUndefined();
    const put = await call<NodeJson>(s, 'PUT', `/api/v1/nodes/${name}`, { ...node, spec: { ...node.spec, unschedulable: true } });
    expect(put.status).toBe(409);
    const current = (await get<NodeJson>(s, `/api/v1/nodes/${name}`)).body;
    const replaced = await call<NodeJson>(s, 'PUT', `/api/v1/nodes/${name}`, { ...current, spec: { ...current.spec, unschedulable: true } });
    expect(replaced.status).toBe(200);
    expect(s.ctx.world.nodes.get(name)!.node.unschedulable).toBe(true);
  });

  it('refuses an invalid taint (422), an unknown node (404), an unknown patch type (415) and writes it does not serve (405)', async () => {
    const { s, name } = await memoryNode();
    const bad = await call(s, 'PATCH', `/api/v1/nodes/${name}`, { spec: { taints: [{ key: 'x', effect: 'Sometimes' }] } }, MERGE);
    expect(bad.status).toBe(422);
    expect(bad.body['message']).toBe(`Node "${name}" is invalid: spec.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`);
    expect((await patch(s, 'no-such-node', MERGE, { spec: { unschedulable: true } })).status).toBe(404);
    const unknown = await patch(s, name, 'application/x-yaml-patch', { spec: {} });
    expect(unknown.status).toBe(415);
    expect((await call(s, 'POST', '/api/v1/nodes', { metadata: { name: 'new' } })).status).toBe(405);
    expect((await call(s, 'DELETE', `/api/v1/nodes/${name}`)).status).toBe(405);
    const readOnly = await call(s, 'PATCH', '/apis/apps/v1/namespaces/shop/deployments/cart', { spec: { replicas: 1 } }, MERGE);
    expect(readOnly.status).toBe(405);
    expect(readOnly.body).toMatchObject({ reason: 'MethodNotAllowed', code: 405 });
  });

  it('leaves the world as the in-process patchNode does', async () => {
    const { s, name } = await memoryNode();
    const local = buildWorld(loadFixture(fixturePath('demo')));
    const kube = new SimKube(local, new SimFaults());
    await kube.patchNode(name, { unschedulable: true, labels: { 'dextre.io/roll': 'r1' }, addTaints: [{ key: 'dextre.io/rolling', effect: 'PreferNoSchedule' }] });
    await patch(s, name, STRATEGIC, { metadata: { labels: { 'dextre.io/roll': 'r1' } }, spec: { unschedulable: true, taints: [{ key: 'dextre.io/rolling', effect: 'PreferNoSchedule' }] } });
    expect(s.ctx.world.nodes.get(name)!.node).toEqual(local.world.nodes.get(name)!.node);
    expect(s.ctx.world.actions).toEqual(local.world.actions);
    expect(s.ctx.observer.report()).toEqual(local.observer.report());
  });
});
