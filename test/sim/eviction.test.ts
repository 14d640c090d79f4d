// The Eviction API and the disruption controller, held to policy/v1 behaviour: 201 when the budget
// allows, 429 naming the budget when it does not, 500 with several budgets, 404 for a missing pod,
// success without a new disruption for a pod already terminating; the budget's status moves at once.
import { describe, expect, it } from 'vitest';
import { advance, cluster, podsOf, settle, until } from './helpers.js';

const web = (replicas: number, extra = '') =>
  `{kind: Deployment, namespace: app, name: web, replicas: ${replicas}, images: ["web:1"], requests: {cpu: 100m, memory: 128Mi}, startupSeconds: 10${extra || ', stopSeconds: 5'}}`;

describe('evictPod', () => {
  it.each([
    { pdb: 'maxUnavailable: 1', first: 'evicted', second: 'refused-by-pdb' },
    { pdb: 'minAvailable: 2', first: 'evicted', second: 'refused-by-pdb' },
    { pdb: 'minAvailable: "66%"', first: 'evicted', second: 'refused-by-pdb' },
    { pdb: 'maxUnavailable: "33%"', first: 'evicted', second: 'refused-by-pdb' },
    { pdb: 'maxUnavailable: 0', first: 'refused-by-pdb', second: 'refused-by-pdb' },
    { pdb: 'minAvailable: 3', first: 'refused-by-pdb', second: 'refused-by-pdb' },
    { pdb: 'maxUnavailable: 2', first: 'evicted', second: 'evicted' },
    // Percentages round up: 67% of 3 is 2.01 → 3 must stay; 34% of 3 is 1.02 → 2 may go.
    { pdb: 'minAvailable: "67%"', first: 'refused-by-pdb', second: 'refused-by-pdb' },
    { pdb: 'maxUnavailable: "34%"', first: 'evicted', second: 'evicted' },
  ])('with a budget of $pdb over 3 Ready pods answers $first, then $second', async ({ pdb, first, second }) => {
    const sim = cluster({ workloads: [web(3)], pdbs: [`{namespace: app, name: web-pdb, selector: {matchLabels: {app: web}}, ${pdb}}`] });
    const [a, b] = await podsOf(sim, 'web');
    expect((await sim.kube.evictPod('app', a!.name)).result).toBe(first);
    expect((await sim.kube.evictPod('app', b!.name)).result).toBe(second);
  });

  it('429 names the budget and carries the API server message', async () => {
    const sim = cluster({ workloads: [web(2)], pdbs: ['{namespace: app, name: web-pdb, selector: {matchLabels: {app: web}}, minAvailable: 2}'] });
    const [a] = await podsOf(sim, 'web');
    const outcome = await sim.kube.evictPod('app', a!.name);
    expect(outcome).toEqual({
      result: 'refused-by-pdb',
      pdbs: ['web-pdb'],
      message: expect.stringContaining("Cannot evict pod as it would violate the pod's disruption budget"),
    });
    expect(sim.report().evictionsRefusedByPdb).toBe(1);
    expect((await sim.kube.getPod('app', a!.name))?.deletionTimestamp).toBeUndefined();
  });

  it('500 when more than one budget selects the pod', async () => {
    const sim = cluster({
      workloads: [web(3)],
      pdbs: [
        '{namespace: app, name: one, selector: {matchLabels: {app: web}}, maxUnavailable: 1}',
        '{namespace: app, name: two, selector: {matchLabels: {app: web}}, maxUnavailable: 1}',
      ],
    });
    const [a] = await podsOf(sim, 'web');
    const outcome = await sim.kube.evictPod('app', a!.name);
    expect(outcome.result).toBe('multiple-pdbs');
    expect(outcome.result === 'multiple-pdbs' && outcome.pdbs).toEqual(['one', 'two']);
  });

  it('404 for a pod that does not exist', async () => {
    const sim = cluster({ workloads: [web(1)] });
    expect(await sim.kube.evictPod('app', 'nope')).toEqual({ result: 'not-found' });
  });

  it('a pod already terminating answers evicted again without a new disruption', async () => {
    const sim = cluster({ workloads: [web(3)], pdbs: ['{namespace: app, name: web-pdb, selector: {matchLabels: {app: web}}, maxUnavailable: 1}'] });
    const [a] = await podsOf(sim, 'web');
    await sim.kube.evictPod('app', a!.name);
    const before = await sim.kube.listPdbs();
    const podsBefore = (await podsOf(sim, 'web')).length;
    expect(await sim.kube.evictPod('app', a!.name)).toEqual({ result: 'evicted' });
    expect(await sim.kube.listPdbs()).toEqual(before);
    expect((await podsOf(sim, 'web')).length).toBe(podsBefore);
    expect(sim.report().evictions).toBe(1);
  });

  it('an evicted pod terminates for min(grace period, stop time), then is gone', async () => {
    const sim = cluster({ workloads: [web(1, ', gracePeriodSeconds: 30, stopSeconds: 5')] });
    const [a] = await podsOf(sim, 'web');
    await sim.kube.evictPod('app', a!.name);
    expect((await sim.kube.getPod('app', a!.name))?.deletionTimestamp).toBe(sim.clock.now());
    await advance(sim, 4);
    expect(await sim.kube.getPod('app', a!.name)).toBeDefined();
    await advance(sim, 1);
    expect(await sim.kube.getPod('app', a!.name)).toBeUndefined();
  });

  // registry/core/pod CheckGracefulDelete: the delete options' grace period replaces the pod's own
  // (longer or shorter); 0 deletes at once; a later request can only shorten a termination under way.
  it.each([
    { grace: undefined, goneAfter: 30 },
    { grace: 10, goneAfter: 10 },
    { grace: 60, goneAfter: 60 },
    { grace: 0, goneAfter: 0 },
  ])('an eviction with gracePeriodSeconds $grace (pod: 30, stops in 100) is gone after $goneAfter s', async ({ grace, goneAfter }) => {
    const sim = cluster({ workloads: [web(1, ', gracePeriodSeconds: 30, stopSeconds: 100')] });
    const [a] = await podsOf(sim, 'web');
    expect(await sim.kube.evictPod('app', a!.name, a!.uid, grace)).toEqual({ result: 'evicted' });
    const gone = async () => (await sim.kube.getPod('app', a!.name))?.uid !== a!.uid;
    expect(await until(sim, gone)).toBe(goneAfter);
    expect(sim.actions().find((x) => x.verb === 'evictPod')?.detail).toBe(grace === undefined ? 'evicted' : `evicted grace=${grace}`);
  });

  it.each([
    { grace: 5, goneAfter: 5 },
    { grace: 60, goneAfter: 30 },
  ])('a second eviction with gracePeriodSeconds $grace of a pod terminating for 30 s more leaves it $goneAfter s', async ({ grace, goneAfter }) => {
    const sim = cluster({ workloads: [web(1, ', gracePeriodSeconds: 30, stopSeconds: 100')] });
    const [a] = await podsOf(sim, 'web');
    await sim.kube.evictPod('app', a!.name, a!.uid);
    expect(await sim.kube.evictPod('app', a!.name, a!.uid, grace)).toEqual({ result: 'evicted' });
    expect(await until(sim, async () => (await sim.kube.getPod('app', a!.name))?.uid !== a!.uid)).toBe(goneAfter);
  });
});

describe('PDB status (disruption controller)', () => {
  it('drops disruptionsAllowed at once on eviction and recovers when the replacement is Ready', async () => {
    const sim = cluster({ workloads: [web(3)], pdbs: ['{namespace: app, name: web-pdb, selector: {matchLabels: {app: web}}, maxUnavailable: 1}'] });
    const status = async () => (await sim.kube.listPdbs())[0]!.status;
    expect(await status()).toEqual({ currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1 });
    const [a] = await podsOf(sim, 'web');
    await sim.kube.evictPod('app', a!.name);
    expect(await status()).toEqual({ currentHealthy: 2, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 0 });
    await settle(sim);
    expect(await status()).toEqual({ currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1 });
  });

  it('counts pods of a percentage budget against the controller scale', async () => {
    const sim = cluster({ workloads: [web(4)], pdbs: ['{namespace: app, name: web-pdb, selector: {matchLabels: {app: web}}, minAvailable: "50%"}'] });
    expect((await sim.kube.listPdbs())[0]!.status).toEqual({ currentHealthy: 4, desiredHealthy: 2, expectedPods: 4, disruptionsAllowed: 2 });
  });
});

describe('controllers', () => {
  it('a ReplicaSet replaces a pod as soon as it is terminating', async () => {
    const sim = cluster({ workloads: [web(2, ', stopSeconds: 20')] });
    const [a] = await podsOf(sim, 'web');
    await sim.kube.evictPod('app', a!.name);
    const pods = await podsOf(sim, 'web');
    expect(pods).toHaveLength(3); // the old one (terminating) and its replacement, side by side
    expect(pods.filter((p) => p.deletionTimestamp === undefined)).toHaveLength(2);
    await settle(sim);
    expect((await sim.kube.listWorkloads()).find((w) => w.kind === 'Deployment')).toMatchObject({ replicas: 2, readyReplicas: 2 });
  });

  it('a StatefulSet recreates the pod under the same name only once the old one is gone', async () => {
    const sim = cluster({
      workloads: ['{kind: StatefulSet, namespace: app, name: db, replicas: 3, images: ["web:1"], requests: {cpu: 100m, memory: 128Mi}, stopSeconds: 20, startupSeconds: 10}'],
    });
    const old = await sim.kube.getPod('app', 'db-1');
    await sim.kube.evictPod('app', 'db-1');
    await advance(sim, 19);
    expect((await sim.kube.getPod('app', 'db-1'))?.uid).toBe(old!.uid);
    expect(await podsOf(sim, 'db')).toHaveLength(3);
    await advance(sim, 1);
    const recreated = await sim.kube.getPod('app', 'db-1');
    expect(recreated).toBeDefined();
    expect(recreated!.uid).not.toBe(old!.uid);
    await settle(sim);
    expect((await sim.kube.getPod('app', 'db-1'))?.ready).toBe(true);
  });

  it('pods own their controller: ReplicaSet named <deployment>-<hash> owned by the Deployment', async () => {
    const sim = cluster({ workloads: [web(1)] });
    const [pod] = await podsOf(sim, 'web');
    const workloads = await sim.kube.listWorkloads();
    const rs = workloads.find((w) => w.kind === 'ReplicaSet');
    expect(rs?.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{10}$/);
    expect(rs?.owner).toEqual({ kind: 'Deployment', name: 'web', controller: true });
    expect(pod!.owner).toEqual({ kind: 'ReplicaSet', name: rs!.name, controller: true });
    expect(pod!.name).toMatch(new RegExp(`^${rs!.name}-[a-z0-9]{5}$`));
  });

  it('a Job pod runs for runSeconds, then Succeeds and is not replaced', async () => {
    const sim = cluster({ workloads: ['{kind: Job, namespace: app, name: batch, replicas: 1, runSeconds: 100, images: ["web:1"], startupSeconds: 0}'] });
    await advance(sim, 100);
    const [pod] = await podsOf(sim, 'batch');
    expect(pod?.phase).toBe('Succeeded');
    expect(await settle(sim)).toBe(0);
    expect(await podsOf(sim, 'batch')).toHaveLength(1);
  });

  it('deletePod skips the budget; the simulator counts the violation', async () => {
    const sim = cluster({ workloads: [web(2)], pdbs: ['{namespace: app, name: web-pdb, selector: {matchLabels: {app: web}}, minAvailable: 2}'] });
    const [a] = await podsOf(sim, 'web');
    expect(await sim.kube.deletePod('app', a!.name)).toBe('deleted');
    expect(await sim.kube.deletePod('app', 'nope')).toBe('not-found');
    expect(sim.report().pdbViolations).toBe(1);
    await until(sim, async () => (await sim.kube.listWorkloads()).every((w) => w.readyReplicas === w.replicas));
  });
});
