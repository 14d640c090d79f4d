// Room for the pods a roll moves: the frontier search as a table, and the planner's placement blockers
// and capacity check on small clusters whose answer follows from kube-scheduler's filters.
import { describe, expect, it } from 'vitest';
import type { Resources } from '../../src/core/model.js';
import { fitsFrontier, frontier } from '../../src/core/placement.js';
import { planRoll } from '../../src/core/planner.js';
import type { RollOptions } from '../../src/core/plan.js';
import { cluster, rollOptions, type ClusterBuilder } from './builders.js';

const r = (cpu: number, memory: number): Resources => ({ cpu, memory });

describe('frontier', () => {
  const points = [r(1000, 1000), r(500, 4000), r(2000, 500), r(400, 300), r(1000, 900)];

  it('keeps only the points no other beats in both resources, CPU descending', () => {
    expect(frontier(points)).toStrictEqual([r(2000, 500), r(1000, 1000), r(500, 4000)]);
    expect(frontier([])).toStrictEqual([]);
  });

  it.each<[Resources, boolean]>([
    [r(0, 0), true],
    [r(2000, 500), true],
    [r(2001, 1), false],
    [r(1500, 600), false],
    [r(900, 1000), true],
    [r(500, 4000), true],
    [r(500, 4001), false],
    [r(100, 3999.9999999), true],
  ])('a request of %j fits: %s', (request, fits) => {
    expect(fitsFrontier(frontier(points), request)).toBe(fits);
  });
});

/** Group `ng` with an old node `old` (zone a) and an up-to-date node `stay`, 2000m / 7680 MiB each. */
function base(): ClusterBuilder {
  const c = cluster();
  c.group('ng');
  c.node('old', { group: 'ng', version: '6', labels: { 'kubernetes.io/hostname': 'old', pool: 'general' } });
  c.node('stay', { group: 'ng', labels: { 'kubernetes.io/hostname': 'stay', pool: 'general' } });
  return c;
}

const plan = (c: ClusterBuilder, options: Partial<RollOptions> = {}) => planRoll(c.view(), rollOptions(options));
const kinds = (c: ClusterBuilder) => plan(c).blockers.map((b) => [b.kind, b.pod]);

describe('pods that fit on no other node', () => {
  it('blocks a pod pinned to its own node by hostname: no replacement carries that name', () => {
    const c = base();
    c.pod('pinned', { node: 'old', nodeSelector: { 'kubernetes.io/hostname': 'old' } });
    c.pod('free', { node: 'old' });
    const p = plan(c);
    expect(kinds(c)).toStrictEqual([['pod-fits-nowhere', 'app/pinned']]);
    expect(p.blockers[0]?.message).toBe(
      'pod app/pinned fits on no node that stays and on no replacement: no node matches its nodeSelector kubernetes.io/hostname=old; evicted, it would stay Pending',
    );
    expect(p.blockers[0]?.remedy).toContain('relax its nodeSelector');
    expect(p.blockers[0]?.node).toBe('old');
    expect(p.findings[0]).toMatchObject({ severity: 'blocker', kind: 'pod-fits-nowhere', pod: 'app/pinned' });
  });

  it('lets a pod go whose nodeSelector names a label of the group: its replacement carries it', () => {
    const c = base();
    c.pod('general', { node: 'old', nodeSelector: { pool: 'general' } });
    expect(kinds(c)).toStrictEqual([]);
  });

  it('blocks a pod that tolerates no taint of the nodes it may run on, and names the taints', () => {
    const c = cluster();
    c.group('ng');
    const old = c.node('old', { group: 'ng', version: '6' });
    old.taints.push({ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' });
    // The replacement keeps the group's taint; the pod runs there only because it was bound before the taint.
    c.pod('web', { node: 'old' });
    c.pod('gpu', { node: 'old', tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] });
    const p = plan(c);
    expect(p.blockers.map((b) => b.pod)).toStrictEqual(['app/web']);
    expect(p.blockers[0]?.message).toContain('every node has a taint it does not tolerate (dedicated=gpu:NoSchedule)');
  });

  it('does not carry a node condition, cordon or dextre taint over to the replacement', () => {
    const c = cluster();
    c.group('ng');
    const old = c.node('old', { group: 'ng', version: '6' });
    old.taints.push(
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
      { key: 'dextre.io/outdated', effect: 'PreferNoSchedule' },
      { key: 'ToBeDeletedByClusterAutoscaler', effect: 'NoSchedule' },
    );
    c.pod('web', { node: 'old' });
    expect(kinds(c)).toStrictEqual([]);
  });

  it('blocks a pod whose requests no single node can hold, though the sum of free room could', () => {
    const c = base();
    c.pod('big', { node: 'old', requests: { cpu: 2500, memory: 1000 } });
    expect(plan(c).blockers.map((b) => b.kind)).toStrictEqual(['pod-fits-nowhere']);
    expect(plan(c).blockers[0]?.message).toContain('no node it may run on has room for its requests (2500m CPU, 1000 MiB)');
  });

  it('counts the DaemonSet pods of the old node against its replacement', () => {
    const c = cluster();
    c.group('ng');
    c.node('old', { group: 'ng', version: '6' });
    c.pod('agent', { node: 'old', requests: { cpu: 600, memory: 100 }, owner: { kind: 'DaemonSet', name: 'agent', controller: true } });
    c.pod('web', { node: 'old', requests: { cpu: 1500, memory: 100 } });
    // 2000m less the agent's 600m leaves 1400m: the pod fits nowhere, and the pods together do not fit either.
    expect(kinds(c)).toStrictEqual([
      ['pod-fits-nowhere', 'app/web'],
      ['no-capacity', undefined],
    ]);
  });

  it('leaves out pods the drain does not move or that nothing recreates (--force)', () => {
    const c = base();
    c.pod('agent', { node: 'old', nodeSelector: { 'kubernetes.io/hostname': 'old' }, owner: { kind: 'DaemonSet', name: 'agent', controller: true } });
    c.pod('solo', { node: 'old', owner: null, nodeSelector: { 'kubernetes.io/hostname': 'old' } });
    expect(plan(c, { force: true }).blockers).toStrictEqual([]);
  });
});

describe('capacity check', () => {
  it('reports per group the peak, the pods to move, their requests and the room they may use', () => {
    const c = base();
    c.pod('a', { node: 'old', requests: { cpu: 300, memory: 500 } });
    c.pod('b', { node: 'old', requests: { cpu: 200, memory: 500 } });
    c.pod('c', { node: 'stay', requests: { cpu: 1000, memory: 1000 } });
    expect(plan(c).groups[0]?.capacity).toStrictEqual({
      peakInstances: 3,
      raisesMaxBy: 0,
      zones: 3,
      podsToMove: 2,
      requests: r(500, 1000),
      largestNode: r(500, 1000),
      replacementRoom: r(2000, 7680),
      stayingRoom: r(1000, 6680),
    });
  });

  it('blocks when the pods to move need more than the nodes that stay and every replacement hold together', () => {
    const c = base();
    for (let i = 0; i < 5; i++) c.pod(`p${i}`, { node: 'old', requests: { cpu: 700, memory: 100 } });
    c.pod('full', { node: 'stay', requests: { cpu: 1500, memory: 100 } });
    const p = plan(c);
    expect(p.blockers.map((b) => b.kind)).toStrictEqual(['no-capacity']);
    expect(p.blockers[0]?.message).toBe(
      'the pods to move request 3500m CPU and 500 MiB, but the nodes that stay and the replacements have room for 2500m CPU and 15260 MiB; some would stay Pending',
    );
  });

  it('warns, without surge, when a drained node sheds more than the nodes that stay can take', () => {
    const c = base();
    c.pod('a', { node: 'old', requests: { cpu: 1200, memory: 100 } });
    c.pod('b', { node: 'stay', requests: { cpu: 1000, memory: 100 } });
    const tight = plan(c, { surge: '0', maxUnavailable: '1' }).findings.filter((f) => f.kind === 'tight-capacity');
    expect(tight).toStrictEqual([
      {
        severity: 'warning',
        kind: 'tight-capacity',
        message:
          'group ng: the pods of a drained node (up to 1200m CPU and 100 MiB) do not fit in the room on the nodes that stay (1000m CPU and 7580 MiB); they wait Pending until the replacements arrive',
        remedy: 'pass --surge 1 (or more), or make room on the nodes that stay before the roll',
        flag: '--surge',
        group: 'ng',
      },
    ]);
    expect(plan(c).findings.some((f) => f.kind === 'tight-capacity')).toBe(false);
  });
});
