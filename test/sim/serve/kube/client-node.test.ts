// The served API against @kubernetes/client-node 1.4, the library dextre's real adapter uses: typed
// lists, a strategic merge patch, the Eviction API's 429 as an ApiException, and an informer that sees
// a change (client-node fires `update` only when the resourceVersion moves).
import { CoreV1Api, KubeConfig, makeInformer, PatchStrategy, PolicyV1Api, setHeaderOptions, type V1Node } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, serve, type Served } from './helpers.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

function client(s: Served): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(s.kubeconfig);
  return kc;
}

describe('@kubernetes/client-node against the served API', () => {
  it('lists, patches with a strategic merge patch and reads the 429 of a refused eviction', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const kc = client(s);
    const core = kc.makeApiClient(CoreV1Api);
    const nodes = await core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name).sort()).toEqual([...s.ctx.world.nodes.keys()].sort());
    expect(nodes.items[0]?.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    const name = nodes.items[0]!.metadata!.name!;
    const patched = await core.patchNode({ name, body: { spec: { unschedulable: true } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    expect(patched.spec?.unschedulable).toBe(true);
    expect(s.ctx.world.nodes.get(name)?.node.unschedulable).toBe(true);
    const pods = await core.listNamespacedPod({ namespace: 'app', labelSelector: 'app=frozen' });
    const pod = pods.items[0]!;
    expect(pod.metadata?.ownerReferences?.[0]?.kind).toBe('ReplicaSet');
    expect(pod.spec?.containers[0]?.resources?.requests).toEqual({ cpu: '250m', memory: '512Mi' });
    const policy = kc.makeApiClient(PolicyV1Api);
    const budgets = await policy.listNamespacedPodDisruptionBudget({ namespace: 'app' });
    expect(budgets.items.map((b) => [b.metadata?.name, b.status?.disruptionsAllowed])).toEqual([['frozen', 0], ['web', 1]]);
    let refused: unknown;
    try {
      await core.createNamespacedPodEviction({ name: pod.metadata!.name!, namespace: 'app', body: { metadata: { name: pod.metadata!.name!, namespace: 'app' } } });
    } catch (e: unknown) {
      refused = e;
    }
    expect(refused).toMatchObject({ code: 429 });
    const status = JSON.parse((refused as { body: string }).body) as { reason: string; details: { causes: { reason: string }[] } };
    expect(status).toMatchObject({ reason: 'TooManyRequests', details: { causes: [{ reason: 'DisruptionBudget' }] } });
  });

  it('an informer lists, watches and reports an update when a node changes', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const kc = client(s);
    const core = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1Node>(kc, '/api/v1/nodes', () => core.listNode());
    const updates: string[] = [];
    informer.on('update', (node) => updates.push(`${node.metadata?.name} ${String(node.spec?.unschedulable ?? false)}`));
    await informer.start();
    try {
      expect(informer.list()).toHaveLength(3);
      const name = [...s.ctx.world.nodes.keys()][0]!;
      await core.patchNode({ name, body: { spec: { unschedulable: true } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
      await eventually('the informer to see the cordon', () => updates.includes(`${name} true`));
      expect(informer.get(name)?.spec?.unschedulable).toBe(true);
    } finally {
      await informer.stop();
    }
  });
});
