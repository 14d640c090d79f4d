// Node patches on a busy node, over the wire against the served simulator: another client (a kubelet, a
// CNI agent, node-problem-detector) changes the Node between dextre's read and its patch. A cordon,
// labels and annotations must land at once, as kubectl cordon's do; a taint patch, which replaces the
// whole list, meets 409 Conflict, reads again after a short wait, and lands without losing the other change.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createKubeCluster } from '../../src/kube/client/cluster.js';
import { loadKubeConfig } from '../../src/kube/client/kubeconfig.js';
import { serve, type Served } from '../sim/serve/kube/helpers.js';
import { writeKubeconfig } from './fake-api.js';

const AGENT = 'cni.example.com/agent-heartbeat';

interface Busy {
  sim: Served;
  proxy: Server;
  /** dextre's own node patches, as their JSON bodies, with the status each got. */
  patches: { body: unknown; status: number }[];
  close(): Promise<void>;
}

async function text(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The served simulator behind a proxy that, on dextre's first read of a node, answers with the node as it
 * was and then lets an agent annotate it (a new resourceVersion) before dextre can patch.
 */
async function busyNode(): Promise<Busy> {
  const sim = await serve({ fixture: 'demo' });
  const patches: Busy['patches'] = [];
  let reads = 0;
  const forward = async (method: string, path: string, body: string, contentType?: string) => {
    const answer = await fetch(`${sim.url}${path}`, { method, headers: contentType ? { 'content-type': contentType } : {}, ...(body ? { body } : {}) });
    return { status: answer.status, body: await answer.text() };
  };
  const proxy = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://proxy');
      const body = await text(req);
      const answer = await forward(req.method ?? 'GET', `${url.pathname}${url.search}`, body, req.headers['content-type']);
      if (req.method === 'GET' && /^\/api\/v1\/nodes\/[^/]+$/.test(url.pathname) && reads++ === 0) {
        const agent = await forward('PATCH', url.pathname, JSON.stringify({ metadata: { annotations: { [AGENT]: 'beat' } } }), 'application/merge-patch+json');
        expect(agent.status).toBe(200);
      }
      if (req.method === 'PATCH') patches.push({ body: JSON.parse(body) as unknown, status: answer.status });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    })();
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    sim,
    proxy,
    patches,
    close: async () => {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await sim.close();
    },
  };
}

let busy: Busy | undefined;
afterEach(async () => {
  await busy?.close();
  busy = undefined;
});

async function client(b: Busy, slept: number[]) {
  const kubeconfig = writeKubeconfig(`http://127.0.0.1:${(b.proxy.address() as AddressInfo).port}`);
  const { kc } = await loadKubeConfig({ kubeconfig, context: 'fake' });
  return createKubeCluster(kc, { sleep: async (ms) => void slept.push(ms) });
}

describe('patchNode on a node another client keeps changing (served simulator)', () => {
  it('a cordon with labels and annotations lands on the first patch, keeping the agent\'s change', async () => {
    busy = await busyNode();
    const name = [...busy.sim.ctx.world.nodes.keys()][0] ?? '';
    const slept: number[] = [];
    await (await client(busy, slept)).patchNode(name, { unschedulable: true, labels: { 'dextre.io/roll': 'r1' }, annotations: { 'dextre.io/why': 'outdated' } });
    expect(busy.patches.map((p) => p.status)).toEqual([200]);
    expect(slept).toEqual([]);
    const node = busy.sim.ctx.world.nodes.get(name)?.node;
    expect(node?.unschedulable).toBe(true);
    expect(node?.labels['dextre.io/roll']).toBe('r1');
    expect(node?.annotations).toMatchObject({ [AGENT]: 'beat', 'dextre.io/why': 'outdated' });
  });

  it('a taint patch meets 409, waits, reads again and lands with the agent\'s change kept', async () => {
    busy = await busyNode();
    const name = [...busy.sim.ctx.world.nodes.keys()][0] ?? '';
    const slept: number[] = [];
    await (await client(busy, slept)).patchNode(name, { addTaints: [{ key: 'dextre.io/rolling', effect: 'PreferNoSchedule' }] });
    expect(busy.patches.map((p) => p.status)).toEqual([409, 200]);
    expect(slept).toEqual([10]);
    const node = busy.sim.ctx.world.nodes.get(name)?.node;
    expect(node?.taints).toContainEqual({ key: 'dextre.io/rolling', effect: 'PreferNoSchedule' });
    expect(node?.annotations[AGENT]).toBe('beat');
  });
});
