// Preflight (blockers and warnings), pods to evict and pre-pull sets, through planRoll.
import { describe, expect, it } from 'vitest';
import type { Pdb } from '../../src/core/model.js';
import { neverAllowsDisruption } from '../../src/core/pdb.js';
import type { RollOptions } from '../../src/core/plan.js';
import { planRoll } from '../../src/core/planner.js';
import { cluster, rollOptions, ZONES, type ClusterBuilder } from './builders.js';

/** Group `ng` with outdated `old` and up-to-date `new`. */
function base(): ClusterBuilder {
  const c = cluster();
  c.group('ng');
  c.node('old', { group: 'ng', version: '6' });
  c.node('new', { group: 'ng' });
  return c;
}

const plan = (c: ClusterBuilder, options: Partial<RollOptions> = {}) => planRoll(c.view(), rollOptions(options));

describe('pods to evict', () => {
  it('counts only the pods the filter chain evicts', () => {
    const c = base();
    c.pod('web-1', { node: 'old' });
    c.pod('web-2', { node: 'old', deletionTimestamp: 1 });
    c.pod('agent', { node: 'old', owner: { kind: 'DaemonSet', name: 'agent', controller: true } });
    c.pod('static', { node: 'old', annotations: { 'kubernetes.io/config.mirror': 'x' }, owner: { kind: 'Node', name: 'old', controller: true } });
    c.pod('done', { node: 'old', phase: 'Succeeded' });
    c.pod('cache', { node: 'old', volumes: [{ name: 'c', emptyDir: {} }] });
    c.pod('elsewhere', { node: 'new' });
    expect(plan(c).nodes.map((n) => [n.name, n.podsToEvict])).toStrictEqual([['old', 2]]);
    expect(plan(c, { deleteEmptyDirData: true }).nodes[0]?.podsToEvict).toBe(3);
  });
});

describe('blockers from the filter chain', () => {
  function blocked(): ClusterBuilder {
    const c = base();
    c.pod('one-off', { node: 'old', owner: null });
    c.pod('cache-0', { node: 'old', namespace: 'shop', volumes: [{ name: 'c', emptyDir: {} }] });
    c.pod('batch', { node: 'old', annotations: { 'karpenter.sh/do-not-disrupt': 'true' } });
    // The same pods on an up-to-date node block nothing.
    c.pod('one-off-2', { node: 'new', owner: null });
    return c;
  }

  it('gives one blocker per pod on nodes to replace, naming the node, the pod and the flag', () => {
    expect(plan(blocked()).blockers.map((b) => [b.kind, b.pod, b.node, b.flag])).toStrictEqual([
      ['do-not-disrupt', 'app/batch', 'old', '--disregard-do-not-disrupt'],
      ['unreplicated-pod', 'app/one-off', 'old', '--force'],
      ['emptydir-pod', 'shop/cache-0', 'old', '--delete-emptydir-data'],
    ]);
    expect(plan(blocked()).blockers[2]?.message).toBe(
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): shop/cache-0',
    );
  });

  it.each<[Partial<RollOptions>, string[]]>([
    [{ force: true }, ['do-not-disrupt', 'emptydir-pod']],
    [{ deleteEmptyDirData: true }, ['do-not-disrupt', 'unreplicated-pod']],
    [{ disregardDoNotDisrupt: true }, ['unreplicated-pod', 'emptydir-pod']],
    [{ force: true, deleteEmptyDirData: true, disregardDoNotDisrupt: true }, []],
  ])('%j removes its blocker', (flags, kinds) => {
    expect(plan(blocked(), flags).blockers.map((b) => b.kind)).toStrictEqual(kinds);
  });

  it('turns overrides into warnings naming the pods', () => {
    const p = plan(blocked(), { force: true, deleteEmptyDirData: true, disregardDoNotDisrupt: true });
    expect(p.warnings).toStrictEqual(
      expect.arrayContaining([
        'deleting Pods that declare no controller (nothing recreates them): app/one-off',
        'deleting Pods with local storage (their emptyDir data is lost): shop/cache-0',
        'evicting Pods annotated do-not-disrupt: app/batch',
      ]) as string[],
    );
  });
});

describe('PodDisruptionBudget blockers', () => {
  it('gives one blocker per PDB that never allows a disruption, whatever the flags', () => {
    const c = base();
    c.pod('web-1', { node: 'old' });
    c.pod('web-2', { node: 'old' });
    c.pdb('web', { maxUnavailable: 0, status: { currentHealthy: 3, desiredHealthy: 3, expectedPods: 3, disruptionsAllowed: 0 } });
    const expected = [
      {
        kind: 'pdb-never-allows',
        message: 'PodDisruptionBudget app/web never allows a disruption (maxUnavailable is 0); it covers 2 pods app/web-1, app/web-2 on nodes to replace',
        remedy: "raise the workload's replicas above minAvailable, or relax the PDB; dextre never evicts past a PDB",
        pdb: 'app/web',
      },
    ];
    expect(plan(c).blockers).toStrictEqual(expected);
    expect(plan(c, { force: true, deleteEmptyDirData: true, disregardDoNotDisrupt: true }).blockers).toStrictEqual(expected);
  });

  it('also checks PDBs of pods blocked for another reason, so one run shows both', () => {
    const c = base();
    c.pod('solo', { node: 'old', owner: null, labels: { app: 'solo' } });
    c.pdb('solo', { selector: { matchLabels: { app: 'solo' } }, minAvailable: '100%' });
    expect(plan(c).blockers.map((b) => b.kind)).toStrictEqual(['unreplicated-pod', 'pdb-never-allows']);
    expect(plan(c).blockers[1]?.message).toBe(
      'PodDisruptionBudget app/solo never allows a disruption (minAvailable is 100%); it covers pod app/solo on nodes to replace',
    );
  });

  it('ignores PDBs whose pods are all on nodes that stay, and pods that are already terminating', () => {
    const c = base();
    c.pod('web-1', { node: 'new' });
    c.pod('web-2', { node: 'old', deletionTimestamp: 1 });
    c.pdb('web', { maxUnavailable: 0 });
    expect(plan(c).blockers).toStrictEqual([]);
  });

  it('blocks a pod selected by several PDBs (the Eviction API answers 500)', () => {
    const c = base();
    c.pod('web-1', { node: 'old', labels: { app: 'web', tier: 'front' } });
    c.pdb('by-app');
    c.pdb('by-tier', { selector: { matchLabels: { tier: 'front' } } });
    c.pdb('other-namespace', { namespace: 'shop' });
    expect(plan(c).blockers).toStrictEqual([
      {
        kind: 'multiple-pdbs',
        message: 'pod app/web-1 is selected by several PodDisruptionBudgets (app/by-app, app/by-tier); the Eviction API refuses to evict it',
        remedy: 'make exactly one PodDisruptionBudget select the pod',
        node: 'old',
        pod: 'app/web-1',
      },
    ]);
  });

  it('warns about a PDB that allows no disruption right now', () => {
    const c = base();
    c.pod('web-1', { node: 'old' });
    c.pdb('web', { minAvailable: 2, status: { currentHealthy: 2, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 0 } });
    const p = plan(c);
    expect(p.blockers).toStrictEqual([]);
    expect(p.warnings).toContain(
      'PodDisruptionBudget app/web allows no disruption right now (2 healthy, 2 needed); the drain will wait until its pods are healthy',
    );
  });
});

describe('why a PDB allows no disruption, and when it never will', () => {
  it('names the pods it is waiting for, with the remedy and the flag that bounds the wait', () => {
    const c = base();
    c.pod('web-1', { node: 'old' });
    c.pod('web-2', { node: 'new', ready: false });
    c.pod('web-3', { node: 'new', deletionTimestamp: 5 });
    c.pod('web-4', { phase: 'Pending', ready: false });
    c.pod('other', { node: 'new', ready: false, labels: { app: 'other' } });
    c.pdb('web', { minAvailable: 1, status: { currentHealthy: 1, desiredHealthy: 1, expectedPods: 4, disruptionsAllowed: 0 } });
    expect(plan(c).findings).toStrictEqual([
      {
        severity: 'warning',
        kind: 'pdb-no-disruption-now',
        message:
          'PodDisruptionBudget app/web allows no disruption right now (1 healthy, 1 needed: app/web-2 is not Ready, app/web-3 is terminating, ' +
          'app/web-4 is Pending); the drain will wait until its pods are healthy',
        remedy:
          'make its pods healthy first (kubectl describe pod), or roll later; each node waits for the budget up to the drain timeout, then the roll stops as blocked',
        flag: '--drain-timeout',
        pdb: 'app/web',
      },
    ]);
  });

  it.each<[string, Partial<Pdb>, string | undefined]>([
    ['maxUnavailable 0', { maxUnavailable: 0 }, 'maxUnavailable is 0'],
    ['minAvailable 100%', { minAvailable: '100%' }, 'minAvailable is 100%'],
    ['minAvailable 90% of 5', { minAvailable: '90%', status: { currentHealthy: 5, desiredHealthy: 5, expectedPods: 5, disruptionsAllowed: 0 } }, 'minAvailable is 90% of 5 pods: every one of them must stay healthy'],
    ['minAvailable 50% of 5', { minAvailable: '50%', status: { currentHealthy: 5, desiredHealthy: 3, expectedPods: 5, disruptionsAllowed: 2 } }, undefined],
    [
      'maxUnavailable over pods without a controller',
      { maxUnavailable: 1, status: { currentHealthy: 2, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 } },
      'its pods have no controller the disruption controller can scale, so a maxUnavailable budget allows nothing',
    ],
    ['minAvailable 2 of 3', { minAvailable: 2 }, undefined],
    ['maxUnavailable 1 with no pods yet', { maxUnavailable: 1, status: { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 } }, undefined],
  ])('%s never allows a disruption: %s', (_name, pdb, why) => {
    const c = base();
    c.pdb('web', pdb);
    expect(neverAllowsDisruption(c.view().pdbs[0] as Pdb)).toBe(why);
  });
});

describe('group warnings', () => {
  it('warns about a group at max size, a single-zone group and a roll without surge', () => {
    const c = cluster();
    c.group('full', { max: 2 });
    c.group('solo', { zones: [ZONES[0] ?? ''] });
    c.node('f1', { group: 'full', version: '6' });
    c.node('f2', { group: 'full', version: '6' });
    c.node('s1', { group: 'solo', version: '6' });
    expect(plan(c).warnings).toStrictEqual([
      'group full is at or near its max size (2, desired 2); the roll raises max by 1 to 3 for the surge and restores 2 after',
      `group solo has a single zone (${ZONES[0] ?? ''}); its capacity cannot move across zones during the roll`,
    ]);
    expect(plan(c, { surge: '0' }).warnings).toContain(
      'group full rolls without surge: up to 1 of its nodes are drained before their replacements exist',
    );
  });

  it('gives each group finding its kind, its remedy and the flag that changes it', () => {
    const c = cluster();
    c.group('full', { max: 2 });
    c.node('f1', { group: 'full', version: '6' });
    c.node('f2', { group: 'full', version: '6' });
    expect(plan(c).findings.map((f) => [f.severity, f.kind, f.flag, f.remedy !== undefined])).toStrictEqual([['warning', 'group-at-max', '--surge', true]]);
    expect(plan(c).groups[0]?.capacity).toMatchObject({ peakInstances: 3, raisesMaxBy: 1 });
    expect(plan(c, { surge: '0' }).findings.map((f) => f.kind)).toStrictEqual(['no-surge']);
  });
});

describe('pre-pull sets', () => {
  it('lists per namespace the images and pull secrets of the pods that will move', () => {
    const c = base();
    c.pod('api-1', {
      node: 'old',
      namespace: 'pay',
      initContainers: [{ name: 'migrate', image: 'ghcr.io/acme/migrate:3' }],
      containers: [{ name: 'api', image: 'ghcr.io/acme/api:2' }, { name: 'proxy', image: 'envoy:1.31' }],
      imagePullSecrets: ['ghcr'],
    });
    c.pod('api-2', { node: 'old', namespace: 'pay', containers: [{ name: 'api', image: 'ghcr.io/acme/api:2' }], imagePullSecrets: ['ghcr', 'backup'] });
    c.pod('shop-1', { node: 'old', namespace: 'shop', containers: [{ name: 'web', image: 'nginx:1.27' }] });
    c.pod('agent', { node: 'old', owner: { kind: 'DaemonSet', name: 'agent', controller: true }, containers: [{ name: 'a', image: 'agent:9' }] });
    c.pod('stuck', { node: 'old', owner: null, containers: [{ name: 's', image: 'blocked:1' }] });
    c.pod('stays', { node: 'new', containers: [{ name: 's', image: 'stays:1' }] });
    expect(plan(c).prepull).toStrictEqual([
      { group: 'ng', namespace: 'pay', images: ['envoy:1.31', 'ghcr.io/acme/api:2', 'ghcr.io/acme/migrate:3'], pullSecrets: ['backup', 'ghcr'] },
      { group: 'ng', namespace: 'shop', images: ['nginx:1.27'], pullSecrets: [] },
    ]);
  });

  it('gives each group only the images of the pods on its own nodes to replace, sorted by group then namespace', () => {
    const c = cluster();
    c.group('workers');
    c.group('memory');
    c.node('w-old', { group: 'workers', version: '6' });
    c.node('m-old', { group: 'memory', version: '6' });
    c.node('m-new', { group: 'memory' });
    c.pod('web', { node: 'w-old', namespace: 'shop', containers: [{ name: 'web', image: 'nginx:1.27' }] });
    c.pod('cache', { node: 'w-old', namespace: 'data', containers: [{ name: 'r', image: 'redis:7' }] });
    c.pod('model', {
      node: 'm-old',
      namespace: 'shop',
      containers: [{ name: 'm', image: 'recommendations:1.12' }],
      imagePullSecrets: ['regcred'],
      nodeSelector: { 'workload-class': 'memory' },
    });
    c.pod('model-2', { node: 'm-old', namespace: 'shop', containers: [{ name: 'm', image: 'recommendations:1.12' }] });
    c.pod('stays', { node: 'm-new', namespace: 'shop', containers: [{ name: 's', image: 'stays:1' }] });
    expect(plan(c).prepull).toStrictEqual([
      { group: 'memory', namespace: 'shop', images: ['recommendations:1.12'], pullSecrets: ['regcred'] },
      { group: 'workers', namespace: 'data', images: ['redis:7'], pullSecrets: [] },
      { group: 'workers', namespace: 'shop', images: ['nginx:1.27'], pullSecrets: [] },
    ]);
  });
});
