// The objects as the API renders them, read back with the standard fields a client uses: owner
// references whose uids match the owners', the pod's request on its containers, controller and PDB
// status, container states (image pull failures name the image), terminating pods, node conditions.
import { afterEach, describe, expect, it } from 'vitest';
import { call, get, serve, type Served } from './helpers.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

type Obj = { metadata: { name: string; uid: string; namespace?: string; ownerReferences?: { kind: string; name: string; uid: string; controller: boolean; apiVersion: string }[]; deletionTimestamp?: string; deletionGracePeriodSeconds?: number; generation?: number; creationTimestamp: string }; spec: Record<string, unknown>; status: Record<string, unknown> };
type List = { items: Obj[] };

describe('rendered objects', () => {
  it('pods name their ReplicaSet, the ReplicaSet its Deployment, with the owners\' uids', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const pods = (await get<List>(s, '/api/v1/namespaces/app/pods?labelSelector=app%3Dweb')).body.items;
    const rs = (await get<List>(s, '/apis/apps/v1/namespaces/app/replicasets')).body.items.find((r) => r.metadata.name.startsWith('web-'))!;
    const deploy = (await get<Obj>(s, '/apis/apps/v1/namespaces/app/deployments/web')).body;
    for (const pod of pods) {
      expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    expect(rs.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web', uid: deploy.metadata.uid, controller: true });
    expect(deploy.spec).toMatchObject({ replicas: 3, selector: { matchLabels: { app: 'web' } } });
    expect(deploy.status).toMatchObject({ observedGeneration: 1, replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(deploy.metadata.generation).toBe(1);
    const ds = (await get<Obj>(s, '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy')).body;
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, numberAvailable: 3, updatedNumberScheduled: 3, numberMisscheduled: 0 });
    const kubeProxyPod = (await get<List>(s, '/api/v1/namespaces/kube-system/pods')).body.items[0]!;
    expect(kubeProxyPod.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', name: 'kube-proxy', uid: ds.metadata.uid });
  });

  it('a pod carries its request on its first container, its spec and a Running, Ready status', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const sp = [...s.ctx.world.pods.values()].find((p) => p.pod.labels['app'] === 'web')!;
    const pod = (await get<Obj>(s, `/api/v1/namespaces/app/pods/${sp.pod.name}`)).body;
    expect(pod.metadata.uid).toBe(sp.pod.uid);
    expect(pod.spec).toMatchObject({
      nodeName: sp.pod.nodeName,
      containers: [{ name: 'web', image: 'ghcr.io/example/web:1.0.0', resources: { requests: { cpu: '500m', memory: '1Gi' } } }],
      priority: 0,
      terminationGracePeriodSeconds: 30,
      restartPolicy: 'Always',
    });
    expect(pod.status).toMatchObject({ phase: 'Running', hostIP: expect.stringMatching(/^10\./), startTime: '2025-12-31T23:59:50Z', qosClass: 'Burstable' });
    const conditions = pod.status['conditions'] as { type: string; status: string }[];
    expect(conditions.map((c) => `${c.type}=${c.status}`)).toEqual(['Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    expect(pod.status['containerStatuses']).toEqual([expect.objectContaining({ name: 'web', ready: true, restartCount: 0, started: true, state: { running: { startedAt: '2025-12-31T23:59:50Z' } } })]);
    // Running at load: its containers started startupSeconds (10, the default) before it turned Ready at the load.
    expect(conditions).toContainEqual(expect.objectContaining({ type: 'Ready', lastTransitionTime: '2026-01-01T00:00:00Z' }));
  });

  it('a PDB has its selector, budget and the disruption controller\'s status', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const pdbs = (await get<List>(served, '/apis/policy/v1/namespaces/app/poddisruptionbudgets')).body.items;
    expect(pdbs.map((p) => p.metadata.name)).toEqual(['frozen', 'web']);
    expect(pdbs[0]).toMatchObject({ spec: { selector: { matchLabels: { app: 'frozen' } }, maxUnavailable: 0 }, status: { currentHealthy: 2, desiredHealthy: 2, expectedPods: 2, disruptionsAllowed: 0, observedGeneration: 1 } });
    expect(pdbs[1]).toMatchObject({ spec: { maxUnavailable: 1 }, status: { disruptionsAllowed: 1 } });
  });

  it('a percentage budget stays a string', async () => {
    served = await serve({ fixture: 'demo' });
    const cart = (await get<Obj>(served, '/apis/policy/v1/namespaces/shop/poddisruptionbudgets/cart')).body;
    expect(cart.spec).toMatchObject({ minAvailable: '75%' });
    expect(cart.spec['maxUnavailable']).toBeUndefined();
  });

  it('a Job has parallelism and completions, and its active and ready pods', async () => {
    served = await serve({ cluster: { workloads: ['{kind: Job, namespace: app, name: batch, replicas: 2, runSeconds: 100, images: ["web:1"], startupSeconds: 0}'] } });
    const job = (await get<Obj>(served, '/apis/batch/v1/namespaces/app/jobs/batch')).body;
    expect(job.spec).toMatchObject({ parallelism: 2, completions: 2 });
    expect(job.status).toMatchObject({ active: 2, ready: 2 });
    served.advance(200);
    const done = (await get<Obj>(served, '/apis/batch/v1/namespaces/app/jobs/batch')).body;
    expect(done.status).toMatchObject({ succeeded: 2, ready: 0, conditions: [expect.objectContaining({ type: 'Complete', status: 'True' })] });
  });

  it('a terminating pod has its deletionTimestamp and grace; a pod that cannot pull waits with ErrImagePull and the image', async () => {
    served = await serve({ fixture: 'image-unpullable' });
    const s = served;
    const solo = [...s.ctx.world.pods.values()].find((p) => p.pod.labels['app'] === 'solo')!;
    const evicted = await call(s, 'POST', `/api/v1/namespaces/app/pods/${solo.pod.name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: solo.pod.name, namespace: 'app' } });
    expect(evicted.status).toBe(201);
    const terminating = (await get<Obj>(s, `/api/v1/namespaces/app/pods/${solo.pod.name}`)).body;
    expect(terminating.metadata).toMatchObject({ deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 30 });
    s.advance(120);
    const replacement = (await get<List>(s, '/api/v1/namespaces/app/pods?labelSelector=app%3Dsolo')).body.items;
    expect(replacement).toHaveLength(1);
    expect(replacement[0]!.status['phase']).toBe('Pending');
    expect(replacement[0]!.status['containerStatuses']).toEqual([expect.objectContaining({ ready: false, image: 'ghcr.io/example/api:2.3.0', state: { waiting: expect.objectContaining({ reason: 'ErrImagePull' }) } })]);
    const table = (await get<{ rows: { cells: unknown[] }[] }>(s, `/api/v1/namespaces/app/pods/${replacement[0]!.metadata.name}`, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' })).body;
    expect(table.rows[0]?.cells.slice(1, 3)).toEqual(['0/1', 'ErrImagePull']);
  });

  it('a node shows its provider id, taints, capacity and a Ready condition that follows the node', async () => {
    served = await serve({ fixture: 'demo' });
    const s = served;
    const sn = [...s.ctx.world.nodes.values()].find((n) => n.node.taints.length > 0)!;
    const node = (await get<Obj>(s, `/api/v1/nodes/${sn.node.name}`)).body;
    expect(node.spec).toEqual({ providerID: sn.node.providerId, taints: [{ key: 'dedicated', value: 'memory', effect: 'NoSchedule' }] });
    expect(node.status).toMatchObject({ allocatable: { cpu: '1930m', memory: '14900Mi', pods: '110' }, nodeInfo: { kubeletVersion: expect.stringMatching(/^v1\./), architecture: 'amd64' } });
    const ready = (node.status['conditions'] as { type: string; status: string; reason: string }[]).find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    s.ctx.world.updateNode(sn, (n) => (n.ready = false));
    const after = (await get<Obj>(s, `/api/v1/nodes/${sn.node.name}`)).body;
    expect((after.status['conditions'] as { type: string; status: string; reason: string }[]).find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'KubeletNotReady' });
  });
});
