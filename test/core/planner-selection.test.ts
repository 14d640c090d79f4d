// Which nodes and groups a plan considers, the roll order, per-group settings and determinism.
import { usageError } from '../support/errors.js';
import { describe, expect, it } from 'vitest';
import type { ClusterView } from '../../src/core/model.js';
import { roundRobin, zoneInterleave } from '../../src/core/order.js';
import { planRoll } from '../../src/core/planner.js';
import { cluster, DAY, rollOptions, T0, ZONES } from './builders.js';

const [A = '', B = '', C = ''] = ZONES;

function usage(run: () => unknown): string {
  return usageError(run).message;
}

/** Groups `web` and `batch`; web has outdated w1, w2 and current w3; batch has outdated b1. */
function twoGroups(): ClusterView {
  const c = cluster();
  c.group('web');
  c.group('batch');
  c.node('w1', { group: 'web', version: '6', labels: { pool: 'web' } });
  c.node('w2', { group: 'web', version: '6', labels: { pool: 'web' } });
  c.node('w3', { group: 'web', labels: { pool: 'web' } });
  c.node('b1', { group: 'batch', version: '6' });
  return c.view();
}

describe('groups and nodes considered', () => {
  it('rejects an unknown group, listing the groups that exist', () => {
    expect(usage(() => planRoll(twoGroups(), rollOptions({ groups: ['web', 'nope'] })))).toBe(
      "Auto Scaling group nope is not part of this cluster. The cluster's groups: batch, web.",
    );
  });

  it('rolls only the groups named', () => {
    const plan = planRoll(twoGroups(), rollOptions({ groups: ['batch'] }));
    expect(plan.nodes.map((n) => n.name)).toStrictEqual(['b1']);
    expect(plan.skipped).toContainEqual({ name: 'w1', reason: 'group web is not part of this roll (--group)' });
  });

  it('skips nodes whose instance is in no group, not on AWS, or already leaving', () => {
    const c = cluster();
    c.group('ng');
    c.node('stray', { launchTime: T0 });
    c.node('kind', { group: 'ng', providerId: 'kind://docker/kind/kind-worker', version: '6' });
    c.node('leaving', { group: 'ng', version: '6', lifecycleState: 'Terminating' });
    const view = c.view();
    const plan = planRoll(view, rollOptions());
    expect(plan.nodes).toStrictEqual([]);
    expect(plan.skipped).toStrictEqual([
      { name: 'kind', reason: 'providerID "kind://docker/kind/kind-worker" is not an AWS EC2 instance' },
      { name: 'leaving', reason: `instance ${view.groups[0]?.instances[1]?.id ?? ''} is Terminating; the group is already replacing it` },
      { name: 'stray', reason: expect.stringMatching(/^instance i-[0-9a-f]+ is in no Auto Scaling group of cluster test$/) as string },
    ]);
  });

  it('narrows by --selector and says why the others are skipped', () => {
    const plan = planRoll(twoGroups(), rollOptions({ selector: 'pool=web' }));
    expect(plan.nodes.map((n) => n.name).sort()).toStrictEqual(['w1', 'w2']);
    expect(plan.skipped).toContainEqual({ name: 'b1', reason: 'labels do not match --selector pool=web' });
    expect(usage(() => planRoll(twoGroups(), rollOptions({ selector: '=web' })))).toContain('--selector');
  });

  it('replaces a named node even outside --selector', () => {
    const plan = planRoll(twoGroups(), rollOptions({ selector: 'pool=web', nodes: ['b1'] }));
    expect(plan.nodes.map((n) => n.name).sort()).toStrictEqual(['b1', 'w1', 'w2']);
  });

  it('rejects a node name that does not exist, or a named node it cannot replace', () => {
    expect(usage(() => planRoll(twoGroups(), rollOptions({ nodes: ['ghost'] })))).toContain('--node ghost: no such node in cluster test');
    expect(usage(() => planRoll(twoGroups(), rollOptions({ groups: ['web'], nodes: ['b1'] })))).toBe(
      '--node b1 cannot be replaced: group batch is not part of this roll (--group). Leave it out, or roll its group.',
    );
  });

  it('rejects bad --surge and --max-unavailable values', () => {
    expect(usage(() => planRoll(twoGroups(), rollOptions({ surge: '-1' })))).toContain('--surge');
    expect(usage(() => planRoll(twoGroups(), rollOptions({ maxUnavailable: '150%' })))).toContain('--max-unavailable');
  });
});

describe('roll order', () => {
  it('interleaves zones, oldest first within a zone, ties by name', () => {
    const c = cluster();
    c.group('ng');
    const old = { version: '6' };
    c.node('a1', { ...old, group: 'ng', zone: A, launchTime: T0 - 5 * DAY });
    c.node('a2', { ...old, group: 'ng', zone: A, launchTime: T0 - 9 * DAY });
    c.node('a3', { ...old, group: 'ng', zone: A, launchTime: T0 - 1 * DAY });
    c.node('b2', { ...old, group: 'ng', zone: B, launchTime: T0 - 3 * DAY });
    c.node('b1', { ...old, group: 'ng', zone: B, launchTime: T0 - 3 * DAY });
    c.node('c1', { ...old, group: 'ng', zone: C, launchTime: T0 - 2 * DAY });
    const plan = planRoll(c.view(), rollOptions());
    expect(plan.nodes.map((n) => `${n.name}@${n.zone}`)).toStrictEqual([
      `a2@${A}`,
      `b1@${B}`,
      `c1@${C}`,
      `a1@${A}`,
      `b2@${B}`,
      `a3@${A}`,
    ]);
    expect(plan.groups[0]?.nodes).toStrictEqual(plan.nodes.map((n) => n.name));
  });

  it('lists groups in name order; groups take turns in the roll order', () => {
    const plan = planRoll(twoGroups(), rollOptions());
    expect(plan.groups.map((g) => [g.name, g.nodes])).toStrictEqual([
      ['batch', ['b1']],
      ['web', ['w1', 'w2']],
    ]);
    expect(plan.nodes.map((n) => n.name)).toStrictEqual(['b1', 'w1', 'w2']);
  });

  it('zoneInterleave and roundRobin ignore input order', () => {
    const items = [
      { name: 'x', zone: 'b', launchTime: 1 },
      { name: 'y', zone: 'a', launchTime: 2 },
      { name: 'z', zone: 'a', launchTime: 1 },
    ];
    expect(zoneInterleave(items).map((i) => i.name)).toStrictEqual(['z', 'x', 'y']);
    expect(zoneInterleave([...items].reverse()).map((i) => i.name)).toStrictEqual(['z', 'x', 'y']);
    expect(roundRobin([[1, 2, 3], [], [4]])).toStrictEqual([1, 4, 2, 3]);
  });
});

describe('per-group settings', () => {
  it('resolves surge and max-unavailable against the nodes each group replaces, and copies the group', () => {
    const c = cluster();
    c.group('ng', { min: 2, max: 20, suspendedProcesses: ['AZRebalance'] });
    for (let i = 0; i < 10; i++) c.node(`n${i}`, { group: 'ng', version: i < 9 ? '6' : '7' });
    const plan = planRoll(c.view(), rollOptions());
    const { nodes, capacity, ...group } = plan.groups[0] ?? { nodes: [] };
    expect(nodes).toHaveLength(9);
    expect(capacity?.peakInstances).toBe(13);
    expect(group).toStrictEqual({
      name: 'ng',
      zones: ZONES,
      size: { min: 2, max: 20, desired: 10 },
      suspendedProcesses: ['AZRebalance'],
      surge: 3,
      maxUnavailable: 0,
      target: 'lt-0abc:7',
    });
    const noSurge = planRoll(c.view(), rollOptions({ surge: '0', maxUnavailable: '0' }));
    expect([noSurge.groups[0]?.surge, noSurge.groups[0]?.maxUnavailable]).toStrictEqual([0, 1]);
  });
});

describe('determinism', () => {
  it('gives a deep-equal, JSON-clean plan whatever the order of the view’s lists', () => {
    const c = cluster();
    c.group('b-group');
    c.group('a-group', { zones: [A] });
    for (let i = 0; i < 12; i++) {
      const n = c.node(`n${i}`, { group: i % 3 === 0 ? 'a-group' : 'b-group', version: i % 4 === 0 ? '7' : '6', launchTime: T0 - (i % 5) * DAY });
      c.pod(`p${i}`, { node: n.name, namespace: i % 2 === 0 ? 'shop' : 'pay', imagePullSecrets: [`s${i % 3}`] });
    }
    c.pod('lonely', { node: 'n1', owner: null });
    c.pdb('web', { namespace: 'shop', maxUnavailable: 0 });
    const view = c.view();
    const shuffled: ClusterView = {
      ...view,
      groups: [...view.groups].reverse(),
      nodes: [...view.nodes].reverse(),
      pods: [...view.pods].reverse(),
      workloads: [...view.workloads].reverse(),
      pdbs: [...view.pdbs].reverse(),
    };
    const first = planRoll(view, rollOptions());
    expect(planRoll(view, rollOptions())).toStrictEqual(first);
    expect(planRoll(shuffled, rollOptions())).toStrictEqual(first);
    expect(JSON.parse(JSON.stringify(first))).toStrictEqual(first);
    expect(first.nodes.length).toBeGreaterThan(0);
    expect(first.blockers.length).toBeGreaterThan(0);
  });
});

describe('builders', () => {
  it('throw on duplicates', () => {
    const c = cluster();
    c.group('ng');
    c.node('n', { group: 'ng' });
    c.pod('p', { node: 'n' });
    c.pdb('d');
    expect(() => c.group('ng')).toThrow(/duplicate group ng/);
    expect(() => c.node('n')).toThrow(/duplicate node n/);
    expect(() => c.pod('p')).toThrow(/duplicate pod app\/p/);
    expect(() => c.pdb('d')).toThrow(/duplicate pdb app\/d/);
    expect(() => c.pod('p', { namespace: 'other' })).not.toThrow();
  });
});
