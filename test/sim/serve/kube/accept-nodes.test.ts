// `--cloud none`: nodes registered through the API run pods as kubelets do. A registered node turns
// Ready after nodeReadySeconds (unless it says Ready already), then the scheduler places pending pods
// on it and the simulated kubelet starts them; posting its status changes readiness; deleting it
// garbage-collects its pods.
import { afterEach, describe, expect, it } from 'vitest';
import { call, get, serve, type Served } from './helpers.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

const NODE = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'kwok-node-1', labels: { 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': 'eu-west-1a' } },
  spec: { providerID: 'kwok://kwok-node-1' },
  status: { allocatable: { cpu: '2', memory: '8Gi', pods: '110' }, capacity: { cpu: '2', memory: '8Gi', pods: '110' } },
};

/** One 1-CPU node holding two of three 400m pods: the third waits for room. */
async function crowded(): Promise<Served> {
  served = await serve(
    { cluster: { nodes: [1, 0, 0], cpu: 1000, workloads: ['{kind: Deployment, namespace: app, name: web, replicas: 3, images: ["web:1"], requests: {cpu: 400m, memory: 128Mi}, startupSeconds: 10}'] } },
    { acceptNodes: true },
  );
  return served;
}

const pending = (s: Served) => [...s.ctx.world.pods.values()].filter((sp) => sp.pod.nodeName === undefined);

describe('nodes registered through the API (acceptNodes)', () => {
  it('get pods scheduled and started once Ready', async () => {
    const s = await crowded();
    expect(pending(s)).toHaveLength(1);
    const created = await call<{ metadata: { name: string }; status: { conditions: { type: string; status: string }[] } }>(s, 'POST', '/api/v1/nodes', NODE);
    expect(created.status).toBe(201);
    expect(created.body.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('False');
    s.advance(1);
    expect(pending(s)).toHaveLength(1);
    s.advance(20);
    const node = (await get<{ status: { conditions: { type: string; status: string }[] } }>(s, '/api/v1/nodes/kwok-node-1')).body;
    expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(pending(s)).toHaveLength(0);
    s.advance(60);
    const onNode = (await get<{ items: { status: { phase: string; conditions: { type: string; status: string }[] } }[] }>(s, '/api/v1/pods?fieldSelector=spec.nodeName%3Dkwok-node-1')).body.items;
    expect(onNode).toHaveLength(1);
    expect(onNode[0]?.status.phase).toBe('Running');
    expect(onNode[0]?.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect((await call(s, 'POST', '/api/v1/nodes', NODE)).status).toBe(409);
  });

  it('a node that registers Ready takes pods at once; its status can turn it NotReady', async () => {
    const s = await crowded();
    const ready = { ...NODE, status: { ...NODE.status, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] } };
    expect((await call(s, 'POST', '/api/v1/nodes', ready)).status).toBe(201);
    s.advance(0);
    expect(pending(s)).toHaveLength(0);
    const status = await call(s, 'PATCH', '/api/v1/nodes/kwok-node-1/status', { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }] } }, 'application/strategic-merge-patch+json');
    expect(status.status).toBe(200);
    expect(s.ctx.world.nodes.get('kwok-node-1')?.node.ready).toBe(false);
  });

  it('deleting a node removes it and the pods bound to it; the controller replaces them', async () => {
    const s = await crowded();
    await call(s, 'POST', '/api/v1/nodes', NODE);
    s.advance(120);
    const bound = [...s.ctx.world.podsOn('kwok-node-1')].map((sp) => sp.key);
    expect(bound).toHaveLength(1);
    const deleted = await call(s, 'DELETE', '/api/v1/nodes/kwok-node-1');
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'kwok-node-1', kind: 'nodes' } });
    expect((await get(s, '/api/v1/nodes/kwok-node-1')).status).toBe(404);
    expect(s.ctx.world.pods.has(bound[0]!)).toBe(false);
    expect(pending(s)).toHaveLength(1);
  });
});
