import { describe, expect, it } from 'vitest';
import { planDrain } from '../../src/core/drain-plan.js';
import {
  block,
  controllerExistsIn,
  decidePod,
  evict,
  evictionOrder,
  existingControllers,
  isSystemCritical,
  skip,
  type DrainOptions,
  type FilterContext,
} from '../../src/core/filters.js';
import type { Pod } from '../../src/core/model.js';
import { cluster, type PodOptions } from './builders.js';

const NO_FLAGS: DrainOptions = { force: false, deleteEmptyDirData: false, disregardDoNotDisrupt: false };

/** Builds the pods in a fresh cluster and a context whose controllers are the cluster's workloads. */
function setup(pods: Record<string, PodOptions>, options: Partial<DrainOptions> = {}): { pods: Pod[]; ctx: FilterContext } {
  const c = cluster();
  const built = Object.entries(pods).map(([name, opts]) => c.pod(name, { node: 'n1', ...opts }));
  const ctx = { options: { ...NO_FLAGS, ...options }, controllerExists: controllerExistsIn(existingControllers(c.view().workloads)) };
  return { pods: built, ctx };
}

function decide(opts: PodOptions, options: Partial<DrainOptions> = {}) {
  const { pods, ctx } = setup({ p: opts }, options);
  const [pod] = pods;
  if (!pod) throw new Error('no pod');
  return decidePod(pod, ctx);
}

const emptyDir = { volumes: [{ name: 'cache', emptyDir: {} }] };
const memoryEmptyDir = { volumes: [{ name: 'tmp', emptyDir: { medium: 'Memory' } }] };
const unowned = { owner: null };
const dnd = (key: string) => ({ annotations: { [key]: 'true' } });

describe('decision constructors', () => {
  it('build plain values', () => {
    expect(evict()).toStrictEqual({ action: 'evict', reason: 'evict through the Eviction API', warnings: [] });
    expect(evict('why', ['w'])).toStrictEqual({ action: 'evict', reason: 'why', warnings: ['w'] });
    expect(skip('why')).toStrictEqual({ action: 'skip', reason: 'why' });
    expect(block('emptydir-pod', 'why', '--delete-emptydir-data')).toStrictEqual({
      action: 'block',
      kind: 'emptydir-pod',
      reason: 'why',
      flag: '--delete-emptydir-data',
    });
  });
});

describe('each filter', () => {
  it.each<[string, PodOptions, string, RegExp]>([
    ['a mirror pod', { annotations: { 'kubernetes.io/config.mirror': 'abc' }, owner: { kind: 'Node', name: 'n1', controller: true } }, 'skip', /mirror pod/],
    ['a DaemonSet pod', { owner: { kind: 'DaemonSet', name: 'fluent-bit', controller: true } }, 'skip', /DaemonSet pods stay; the DaemonSet controller would recreate them/],
    ['a Succeeded pod', { phase: 'Succeeded' }, 'skip', /Succeeded pod/],
    ['a Failed pod', { phase: 'Failed' }, 'skip', /Failed pod/],
    ['a terminating pod', { deletionTimestamp: 1 }, 'evict', /already terminating/],
    ['a plain ReplicaSet pod', {}, 'evict', /Eviction API/],
    ['a Pending pod', { phase: 'Pending' }, 'evict', /Eviction API/],
    ['a StatefulSet pod with a PVC', { owner: { kind: 'StatefulSet', name: 'db', controller: true }, volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'd-0' } }] }, 'evict', /Eviction API/],
    ['a pod with a hostPath', { volumes: [{ name: 'h', hostPath: { path: '/var/log' } }] }, 'evict', /Eviction API/],
    ['a custom controller we cannot list', { owner: { kind: 'Rollout', name: 'web', controller: true } }, 'evict', /Eviction API/],
    ['do-not-disrupt "false"', { annotations: { 'dextre.io/do-not-disrupt': 'false' } }, 'evict', /Eviction API/],
  ])('%s → %s', (_, opts, action, reason) => {
    const decision = decide(opts);
    expect(decision.action).toBe(action);
    expect(decision.reason).toMatch(reason);
  });

  it.each<[string, PodOptions, string, string, string]>([
    ['dextre do-not-disrupt', dnd('dextre.io/do-not-disrupt'), 'do-not-disrupt', '--disregard-do-not-disrupt', 'cannot evict Pods annotated dextre.io/do-not-disrupt=true (use --disregard-do-not-disrupt to override): app/p'],
    ['karpenter do-not-disrupt', dnd('karpenter.sh/do-not-disrupt'), 'do-not-disrupt', '--disregard-do-not-disrupt', 'cannot evict Pods annotated karpenter.sh/do-not-disrupt=true (use --disregard-do-not-disrupt to override): app/p'],
    ['no owner', unowned, 'unreplicated-pod', '--force', 'cannot delete Pods that declare no controller (use --force to override): app/p'],
    ['an owner that is not a controller', { owner: { kind: 'ReplicaSet', name: 'web-rs', controller: false } }, 'unreplicated-pod', '--force', 'cannot delete Pods that declare no controller (use --force to override): app/p'],
    ['a controller that no longer exists', { ownerExists: false }, 'unreplicated-pod', '--force', 'cannot delete Pods whose controller ReplicaSet app/web-rs no longer exists (use --force to override): app/p'],
    ['an emptyDir', emptyDir, 'emptydir-pod', '--delete-emptydir-data', 'cannot delete Pods with local storage (use --delete-emptydir-data to override): app/p'],
    ['a memory emptyDir (kubectl counts it too)', memoryEmptyDir, 'emptydir-pod', '--delete-emptydir-data', 'cannot delete Pods with local storage (use --delete-emptydir-data to override): app/p'],
  ])('%s blocks, naming its flag', (_, opts, kind, flag, reason) => {
    expect(decide(opts)).toStrictEqual({ action: 'block', kind, reason, flag });
  });

  it.each<[string, PodOptions, Partial<DrainOptions>, string]>([
    ['--disregard-do-not-disrupt', dnd('karpenter.sh/do-not-disrupt'), { disregardDoNotDisrupt: true }, 'evicting Pods annotated do-not-disrupt'],
    ['--force (no owner)', unowned, { force: true }, 'deleting Pods that declare no controller (nothing recreates them)'],
    ['--force (controller gone)', { ownerExists: false }, { force: true }, 'deleting Pods whose controller ReplicaSet app/web-rs no longer exists (nothing recreates them)'],
    ['--delete-emptydir-data', emptyDir, { deleteEmptyDirData: true }, 'deleting Pods with local storage (their emptyDir data is lost)'],
  ])('%s turns the block into an eviction with a warning', (_, opts, flags, warning) => {
    expect(decide(opts, flags)).toStrictEqual(evict(undefined, [warning]));
  });
});

describe('the chain order: the first decisive filter wins', () => {
  it.each<[string, PodOptions, Partial<DrainOptions>, string, string | undefined]>([
    ['mirror before unreplicated', { annotations: { 'kubernetes.io/config.mirror': 'x' }, owner: null }, {}, 'skip', undefined],
    ['DaemonSet before emptyDir', { owner: { kind: 'DaemonSet', name: 'ds', controller: true }, ...emptyDir }, {}, 'skip', undefined],
    ['DaemonSet whose controller is gone still skipped', { owner: { kind: 'DaemonSet', name: 'ds', controller: true }, ownerExists: false }, {}, 'skip', undefined],
    ['finished before unreplicated', { phase: 'Succeeded', owner: null, ...emptyDir }, {}, 'skip', undefined],
    ['terminating before do-not-disrupt', { deletionTimestamp: 5, ...dnd('dextre.io/do-not-disrupt') }, {}, 'evict', undefined],
    ['do-not-disrupt before unreplicated', { owner: null, ...dnd('dextre.io/do-not-disrupt') }, {}, 'block', '--disregard-do-not-disrupt'],
    ['unreplicated before emptyDir', { owner: null, ...emptyDir }, {}, 'block', '--force'],
    ['--force lets the chain go on to emptyDir', { owner: null, ...emptyDir }, { force: true }, 'block', '--delete-emptydir-data'],
    ['--disregard lets the chain go on to unreplicated', { owner: null, ...dnd('dextre.io/do-not-disrupt') }, { disregardDoNotDisrupt: true }, 'block', '--force'],
  ])('%s', (_, opts, flags, action, flag) => {
    const decision = decide(opts, flags);
    expect(decision.action).toBe(action);
    if (decision.action === 'block') expect(decision.flag).toBe(flag);
    else expect(flag).toBeUndefined();
  });

  it('gathers every override warning', () => {
    const decision = decide({ owner: null, ...emptyDir, ...dnd('dextre.io/do-not-disrupt') }, { force: true, deleteEmptyDirData: true, disregardDoNotDisrupt: true });
    expect(decision).toStrictEqual(
      evict(undefined, [
        'evicting Pods annotated do-not-disrupt',
        'deleting Pods that declare no controller (nothing recreates them)',
        'deleting Pods with local storage (their emptyDir data is lost)',
      ]),
    );
  });
});

describe('isSystemCritical and evictionOrder', () => {
  it.each<[string, Partial<Pod>, boolean]>([
    ['system-cluster-critical', { priorityClassName: 'system-cluster-critical' }, true],
    ['system-node-critical', { priorityClassName: 'system-node-critical' }, true],
    ['priority 2000000000', { priority: 2_000_000_000 }, true],
    ['priority 2000001000', { priority: 2_000_001_000 }, true],
    ['priority 1999999999', { priority: 1_999_999_999 }, false],
    ['another class', { priorityClassName: 'high' }, false],
    ['nothing', {}, false],
  ])('%s → %s', (_, extra, expected) => {
    expect(isSystemCritical({ priority: 0, ...extra })).toBe(expected);
  });

  it('puts regular pods first, system-critical last, each by namespace/name', () => {
    const pods = [
      { namespace: 'kube-system', name: 'coredns-1', priority: 2_000_000_000, priorityClassName: 'system-cluster-critical' },
      { namespace: 'shop', name: 'web-2', priority: 0 },
      { namespace: 'kube-system', name: 'metrics', priority: 0 },
      { namespace: 'app', name: 'z', priority: 2_000_001_000 },
      { namespace: 'shop', name: 'web-1', priority: 100 },
    ];
    expect(evictionOrder(pods).map((p) => `${p.namespace}/${p.name}`)).toStrictEqual([
      'kube-system/metrics',
      'shop/web-1',
      'shop/web-2',
      'app/z',
      'kube-system/coredns-1',
    ]);
    expect(pods[0]?.name).toBe('coredns-1');
  });
});

describe('planDrain', () => {
  it('sorts evictions, keeps skips, turns blocks into blockers with a remedy, and groups warnings like kubectl', () => {
    const { pods, ctx } = setup(
      {
        'z-critical': { priorityClassName: 'system-node-critical' },
        web: {},
        'one-off': { owner: null },
        'another-one-off': { owner: null },
        cache: { ...emptyDir },
        agent: { owner: { kind: 'DaemonSet', name: 'agent', controller: true } },
      },
      { force: true },
    );
    const plan = planDrain(pods, ctx);
    expect(plan.evict.map((p) => p.name)).toStrictEqual(['another-one-off', 'one-off', 'web', 'z-critical']);
    expect(plan.skipped).toStrictEqual([{ pod: pods[5], reason: 'DaemonSet pods stay; the DaemonSet controller would recreate them' }]);
    expect(plan.blocked.map((p) => p.name)).toStrictEqual(['cache']);
    expect(plan.blockers).toStrictEqual([
      {
        kind: 'emptydir-pod',
        message: 'cannot delete Pods with local storage (use --delete-emptydir-data to override): app/cache',
        remedy: 'keep the data on a persistent volume, or pass --delete-emptydir-data when losing the emptyDir data is fine',
        flag: '--delete-emptydir-data',
        node: 'n1',
        pod: 'app/cache',
      },
    ]);
    expect(plan.warnings).toStrictEqual(['deleting Pods that declare no controller (nothing recreates them): app/another-one-off, app/one-off']);
  });

  it.each<[string, PodOptions, string]>([
    ['unreplicated-pod', unowned, '--force'],
    ['emptydir-pod', emptyDir, '--delete-emptydir-data'],
    ['do-not-disrupt', dnd('dextre.io/do-not-disrupt'), '--disregard-do-not-disrupt'],
  ])('a %s blocker names %s in its message, flag and remedy', (kind, opts, flag) => {
    const { pods, ctx } = setup({ p: opts });
    const [blocker] = planDrain(pods, ctx).blockers;
    expect(blocker?.kind).toBe(kind);
    expect(blocker?.flag).toBe(flag);
    expect(blocker?.message).toContain(`(use ${flag} to override)`);
    expect(blocker?.remedy).toContain(flag);
  });
});
