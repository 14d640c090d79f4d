// Evictions and pod deletions over the wire, with the API server's answers (registry/core/pod/storage/
// eviction.go): 201 Success, again for a pod already terminating; 429 TooManyRequests naming the budget
// in details.causes; a 500 Failure for several budgets; 404; 409 for a failed UID precondition. The
// world must end as the in-process adapter's evictPod and deletePod leave it.
import { afterEach, describe, expect, it } from 'vitest';
import { SimKube } from '../../../../src/sim/adapters.js';
import { buildWorld } from '../../../../src/sim/build.js';
import { SimFaults } from '../../../../src/sim/faults.js';
import { loadFixture } from '../../../../src/sim/fixture/parse.js';
import { runUntil } from '../../../../src/sim/serve/pump.js';
import { fixturePath } from '../../helpers.js';
import { call, get, serve, type Served } from './helpers.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

const evict = (s: Served, namespace: string, name: string, extra: Record<string, unknown> = {}, apiVersion = 'policy/v1') =>
  call(s, 'POST', `/api/v1/namespaces/${namespace}/pods/${name}/eviction`, { apiVersion, kind: 'Eviction', metadata: { name, namespace }, ...extra });

function podOf(s: Served, app: string): { name: string; uid: string } {
  const sp = [...s.ctx.world.pods.values()].find((p) => p.pod.labels['app'] === app);
  if (!sp) throw new Error(`no pod of ${app}`);
  return { name: sp.pod.name, uid: sp.pod.uid };
}

describe('the Eviction API', () => {
  it('201 Success; again 201 for the pod now terminating (policy/v1beta1 accepted too)', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const web = podOf(s, 'web');
    const first = await evict(s, 'app', web.name);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    expect(s.ctx.world.pods.get(`app/${web.name}`)?.pod.deletionTimestamp).toBeDefined();
    const again = await evict(s, 'app', web.name, {}, 'policy/v1beta1');
    expect(again.status).toBe(201);
    expect(s.ctx.observer.report().evictions).toBe(1);
  });

  it("deleteOptions.gracePeriodSeconds reaches the pod: shown as deletionGracePeriodSeconds, and the pod is gone within it", async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const web = podOf(s, 'web');
    // web stops in min(grace, stopSeconds 5): a 2-second grace ends it sooner than its own 30.
    expect((await evict(s, 'app', web.name, { deleteOptions: { gracePeriodSeconds: 2 } })).status).toBe(201);
    const pod = await get<{ metadata: { deletionGracePeriodSeconds?: number } }>(s, `/api/v1/namespaces/app/pods/${web.name}`);
    expect(pod.body.metadata.deletionGracePeriodSeconds).toBe(2);
    expect(s.ctx.world.actions.map((a) => `${a.verb} ${a.detail ?? ''}`)).toEqual(['evictPod evicted grace=2']);
    s.advance(1.5);
    expect(s.ctx.world.pods.has(`app/${web.name}`)).toBe(true);
    s.advance(1);
    expect(s.ctx.world.pods.has(`app/${web.name}`)).toBe(false);
  });

  it('429 TooManyRequests when the budget allows no disruption, naming it in details.causes', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const frozen = podOf(s, 'frozen');
    const reply = await evict(s, 'app', frozen.name);
    expect(reply.status).toBe(429);
    expect(reply.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget frozen needs 2 healthy pods and has 2 currently' }] },
      code: 429,
    });
    expect(s.ctx.world.pods.get(`app/${frozen.name}`)?.pod.deletionTimestamp).toBeUndefined();
  });

  it('500 when more than one budget selects the pod', async () => {
    served = await serve({
      cluster: {
        workloads: ['{kind: Deployment, namespace: app, name: web, replicas: 3, images: ["web:1"], requests: {cpu: 100m, memory: 128Mi}}'],
        pdbs: ['{namespace: app, name: one, selector: {matchLabels: {app: web}}, maxUnavailable: 1}', '{namespace: app, name: two, selector: {matchLabels: {app: web}}, maxUnavailable: 1}'],
      },
    });
    const reply = await evict(served, 'app', podOf(served, 'web').name);
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', code: 500 });
  });

  it('404 for a missing pod, 409 for a UID precondition that does not match, 400 for a name that does not', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const missing = await evict(s, 'app', 'no-such-pod');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ reason: 'NotFound', message: 'pods "no-such-pod" not found' });
    const web = podOf(s, 'web');
    const wrong = await evict(s, 'app', web.name, { deleteOptions: { preconditions: { uid: 'another-uid' } } });
    expect(wrong.status).toBe(409);
    expect(wrong.body).toMatchObject({ reason: 'Conflict', message: expect.stringContaining(`Precondition failed: UID in precondition: another-uid, UID in object meta: ${web.uid}`) });
    expect(s.ctx.world.pods.get(`app/${web.name}`)?.pod.deletionTimestamp).toBeUndefined();
    const right = await evict(s, 'app', web.name, { deleteOptions: { preconditions: { uid: web.uid } } });
    expect(right.status).toBe(201);
    const mismatch = await call(s, 'POST', `/api/v1/namespaces/app/pods/${web.name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'other' } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body['message']).toBe('name in URL does not match name in Eviction object');
  });

  it('dryRun=All answers as it would and evicts nothing', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const web = podOf(s, 'web');
    expect((await call(s, 'POST', `/api/v1/namespaces/app/pods/${web.name}/eviction?dryRun=All`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: web.name } })).status).toBe(201);
    expect((await call(s, 'POST', `/api/v1/namespaces/app/pods/${podOf(s, 'frozen').name}/eviction?dryRun=All`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: podOf(s, 'frozen').name } })).status).toBe(429);
    expect(s.ctx.world.pods.get(`app/${web.name}`)?.pod.deletionTimestamp).toBeUndefined();
    expect(s.ctx.world.actions).toEqual([]);
  });

  it('leaves the world as the in-process evictPod does, refusals and all', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const local = buildWorld(loadFixture(fixturePath('pdb-never')));
    const kube = new SimKube(local, new SimFaults());
    const web = podOf(s, 'web');
    const frozen = podOf(s, 'frozen');
    for (const [name, uid] of [[web.name, web.uid], [frozen.name, undefined], ['no-such-pod', undefined], [frozen.name, 'another-uid']] as const) {
      await kube.evictPod('app', name, uid);
      await evict(s, 'app', name, uid === undefined ? {} : { deleteOptions: { preconditions: { uid } } });
    }
    s.advance(120);
    runUntil(local.queue, local.queue.now + 120);
    expect(s.ctx.world.actions).toEqual(local.world.actions);
    expect(s.ctx.observer.report()).toEqual(local.observer.report());
    expect([...s.ctx.world.pods.keys()].sort()).toEqual([...local.world.pods.keys()].sort());
  });
});

describe('DELETE pods', () => {
  it('200 with the pod terminating; the grace period runs; a shorter one from the request wins', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const frozen = podOf(s, 'frozen');
    const reply = await call<{ metadata: { deletionTimestamp?: string; deletionGracePeriodSeconds?: number } }>(s, 'DELETE', `/api/v1/namespaces/app/pods/${frozen.name}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ kind: 'Pod', metadata: { deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 30 } });
    // Deleted without the budget check, as deletePod in process.
    expect(s.ctx.world.actions.map((a) => `${a.verb} ${a.detail ?? ''}`)).toEqual(['deletePod deleted']);
    const web = podOf(s, 'web');
    const now = await call(s, 'DELETE', `/api/v1/namespaces/app/pods/${web.name}?gracePeriodSeconds=0`);
    expect(now.status).toBe(200);
    expect((await get(s, `/api/v1/namespaces/app/pods/${web.name}`)).status).toBe(404);
    expect((await get(s, `/api/v1/namespaces/app/pods/${frozen.name}`)).status).toBe(200);
  });

  it('a shorter gracePeriodSeconds on a pod already terminating ends it sooner', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const web = podOf(s, 'web');
    // The pod stops in min(terminationGracePeriodSeconds 30, stopSeconds 5); a 2-second grace wins.
    expect((await evict(s, 'app', web.name)).status).toBe(201);
    const shorter = await call<{ metadata: { deletionGracePeriodSeconds: number } }>(s, 'DELETE', `/api/v1/namespaces/app/pods/${web.name}`, { gracePeriodSeconds: 2 });
    expect(shorter.body.metadata.deletionGracePeriodSeconds).toBe(2);
    s.advance(1);
    expect(s.ctx.world.pods.has(`app/${web.name}`)).toBe(true);
    s.advance(1.5);
    expect(s.ctx.world.pods.has(`app/${web.name}`)).toBe(false);
  });

  it('409 for a UID precondition that fails, 404 for a pod that does not exist', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const web = podOf(s, 'web');
    const wrong = await call(s, 'DELETE', `/api/v1/namespaces/app/pods/${web.name}`, { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'nope' } });
    expect(wrong.status).toBe(409);
    expect(wrong.body['message']).toBe(
      `Operation cannot be fulfilled on pods "${web.name}": StorageError: invalid object, Code: 4, Key: /registry/pods/app/${web.name}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: nope, UID in object meta: ${web.uid}`,
    );
    expect((await call(s, 'DELETE', '/api/v1/namespaces/app/pods/nope')).status).toBe(404);
    expect((await call(s, 'POST', '/api/v1/namespaces/app/pods', { metadata: { name: 'x' } })).status).toBe(405);
    expect((await call(s, 'DELETE', '/api/v1/namespaces/app/pods')).status).toBe(405);
  });
});
