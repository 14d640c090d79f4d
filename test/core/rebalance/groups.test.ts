// Zones per Auto Scaling group: the InService instances per zone, the imbalance, and the nodes whose roll
// evens it out (Auto Scaling launches a replacement into the emptiest zone).
import { describe, expect, it } from 'vitest';
import { groupZones } from '../../../src/core/rebalance/groups.js';
import { cluster, ZONES } from '../builders.js';

function group(counts: readonly number[]) {
  const b = cluster();
  b.group('g');
  counts.forEach((n, z) => {
    for (let i = 0; i < n; i++) b.node(`n-${z}-${i}`, { group: 'g', zone: ZONES[z] ?? '' });
  });
  return b;
}

describe('groupZones', () => {
  it.each([
    { counts: [3, 3, 3], imbalance: 0, fix: 0 },
    { counts: [2, 1, 1], imbalance: 1, fix: 0 },
    { counts: [3, 2, 1], imbalance: 2, fix: 1 },
    { counts: [4, 2, 0], imbalance: 4, fix: 2 },
    { counts: [6, 0, 0], imbalance: 6, fix: 4 },
  ])('$counts: imbalance $imbalance, $fix node(s) to roll', ({ counts, imbalance, fix }) => {
    const view = group(counts).view();
    const { groups, findings } = groupZones(view.groups, view.nodes, view.pods, true);
    expect(groups[0]).toMatchObject({ name: 'g', imbalance });
    expect(groups[0]?.fix).toHaveLength(fix);
    for (const node of groups[0]?.fix ?? []) expect(node).toMatch(/^n-0-/); // from the fullest zone
    expect(findings).toHaveLength(imbalance > 1 ? 1 : 0);
  });

  it('rolls the node with the fewest pods to move; reports without rolling unless asked', () => {
    const b = group([3, 2, 1]);
    b.pod('busy-1', { node: 'n-0-0' });
    b.pod('busy-2', { node: 'n-0-2' });
    b.pod('agent', { node: 'n-0-1', owner: { kind: 'DaemonSet', name: 'agent', controller: true } });
    const view = b.view();
    expect(groupZones(view.groups, view.nodes, view.pods, true).groups[0]?.fix).toEqual(['n-0-1']);
    const reported = groupZones(view.groups, view.nodes, view.pods, false);
    expect(reported.groups[0]?.fix).toEqual([]);
    expect(reported.findings[0]).toMatchObject({ kind: 'group-zone-imbalance', flag: '--fix-zones', group: 'g' });
  });

  it('counts only InService instances', () => {
    const b = group([2, 2, 2]);
    b.node('leaving', { group: 'g', zone: 'eu-west-1a', lifecycleState: 'Terminating' });
    const view = b.view();
    expect(groupZones(view.groups, view.nodes, view.pods, false).groups[0]?.counts).toEqual({ 'eu-west-1a': 2, 'eu-west-1b': 2, 'eu-west-1c': 2 });
  });
});

describe('AZRebalance', () => {
  it('an imbalanced group whose AZRebalance runs is warned about: Auto Scaling would terminate without draining', () => {
    const b = group([3, 2, 1]);
    const view = b.view();
    expect(groupZones(view.groups, view.nodes, view.pods, false).findings[0]?.message).toContain('AZRebalance is not suspended');
    const suspended = view.groups.map((g) => ({ ...g, suspendedProcesses: ['AZRebalance'] }));
    expect(groupZones(suspended, view.nodes, view.pods, false).findings[0]?.message).not.toContain('AZRebalance');
  });
});
