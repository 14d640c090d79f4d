// The rebalance planner: the fewest evictions that bring a workload within its maxSkew where there is
// room, nothing for a workload already within it, and every rule of what may move, as tables.
import { describe, expect, it } from 'vitest';
import { planRebalance } from '../../../src/core/rebalance/plan.js';
import { skewOf } from '../../../src/core/rebalance/measure.js';
import type { ZoneCounts } from '../../../src/core/rebalance/types.js';
import { cluster, ZONES } from '../builders.js';
import { nodeName, nodes, rebalanceOptions, skewedCluster, webDeployment, webPods } from './cluster.js';

/**
 * The fewest moves that bring `counts` within `maxSkew`, by looking at every final distribution with the
 * same number of pods: the sum of what each zone must give up. Independent of the planner.
 */
function fewestMoves(counts: readonly number[], maxSkew: number): number {
  const total = counts.reduce((a, b) => a + b, 0);
  let best = Number.POSITIVE_INFINITY;
  const visit = (i: number, left: number, chosen: number[]): void => {
    if (i === counts.length - 1) {
      const final = [...chosen, left];
      if (Math.max(...final) - Math.min(...final) > maxSkew) return;
      best = Math.min(best, final.reduce((moves, f, z) => moves + Math.max(0, (counts[z] ?? 0) - f), 0));
      return;
    }
    for (let f = 0; f <= left; f++) visit(i + 1, left - f, [...chosen, f]);
  };
  visit(0, total, []);
  return best;
}

const asCounts = (counts: readonly number[]): ZoneCounts => Object.fromEntries(counts.map((n, i) => [ZONES[i] ?? '', n]));

describe('zone moves: the fewest evictions, and none for a workload within its maxSkew', () => {
  it.each([
    { counts: [6, 0, 0], maxSkew: 1 },
    { counts: [5, 5, 0], maxSkew: 1 },
    { counts: [4, 1, 0], maxSkew: 2 },
    { counts: [7, 2, 0], maxSkew: 1 },
    { counts: [9, 0, 0], maxSkew: 3 },
    { counts: [3, 0], maxSkew: 1 },
    { counts: [8, 1, 1], maxSkew: 1 },
    { counts: [2, 1, 0], maxSkew: 1 },
    { counts: [1, 1, 0], maxSkew: 1 },
    { counts: [4, 3, 3], maxSkew: 1 },
  ])('$counts with maxSkew $maxSkew', ({ counts, maxSkew }) => {
    const constraint = maxSkew === 1 ? {} : { topologySpreadConstraints: [{ maxSkew, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' as const }] };
    const plan = planRebalance(skewedCluster(counts, constraint).view(), rebalanceOptions());
    const expected = skewOf(asCounts(counts)) <= maxSkew ? 0 : fewestMoves(counts, maxSkew);
    expect(plan.moves).toHaveLength(expected);
    expect(plan.after['Deployment/app/web']?.skew).toBeLessThanOrEqual(maxSkew);
    // Every move takes from a fuller zone to an emptier one, and the skew never grows.
    for (const m of plan.moves) {
      expect(m.reason).toBe('zone-skew');
      expect(m.skewAfter).toBeLessThanOrEqual(m.skewBefore);
      expect(m.fromZone).not.toBe(m.toZone);
    }
    expect(plan.findings.filter((f) => f.workload !== undefined)).toEqual([]);
  });

  it('each move is a value with its reason: workload, pod, from node and zone, to zone, skew before → after', () => {
    const [move] = planRebalance(skewedCluster([2, 0, 0]).view(), rebalanceOptions()).moves;
    expect(move).toMatchObject({
      id: 'm1',
      reason: 'zone-skew',
      workload: 'Deployment/app/web',
      owner: { kind: 'ReplicaSet', namespace: 'app', name: 'web-rs' },
      fromNode: 'n-a1',
      fromZone: 'eu-west-1a',
      toZone: 'eu-west-1b',
      skewBefore: 2,
      skewAfter: 1,
    });
    expect(move?.message).toBe('Deployment/app/web: app/web-0-0 from n-a1 (eu-west-1a) to eu-west-1b; skew 2 → 1 (maxSkew 1)');
  });

  it('is deterministic: the same view gives a deep-equal plan', () => {
    const view = skewedCluster([7, 2, 0]).view();
    expect(planRebalance(structuredClone(view), rebalanceOptions())).toEqual(planRebalance(view, rebalanceOptions()));
  });
});

describe('cordons while a pod moves', () => {
  it('cover the nodes of fuller zones that could take the pod, never the target or a node someone else cordoned', () => {
    const b = cluster();
    nodes(b, 2, 3);
    b.node('n-b3', { group: 'g', zone: 'eu-west-1b', allocatable: { cpu: 16_000, memory: 65_536 }, unschedulable: true });
    b.node('n-c3', { group: 'g', zone: 'eu-west-1c', allocatable: { cpu: 16_000, memory: 65_536 }, labels: { pool: 'other' }, taints: [{ key: 'x', effect: 'NoSchedule' }] });
    webPods(b, [3, 1, 0]);
    const [move] = planRebalance(b.view(), rebalanceOptions()).moves;
    expect(move).toMatchObject({ fromZone: 'eu-west-1a', toZone: 'eu-west-1c', acceptableZones: ['eu-west-1c'] });
    // Zones a and b hold more than c even once the pod has left: their nodes that could take it are cordoned.
    expect(move?.cordon).toEqual(['n-a1', 'n-a2', 'n-b1', 'n-b2']);
    expect(move?.toNode).toMatch(/^n-c[12]$/);
  });
});

describe('room: a move counts only if some node of the target zone can take the pod', () => {
  it('stops short, with a finding, when the emptier zones are full', () => {
    const b = cluster();
    b.group('g');
    b.node('a1', { group: 'g', zone: 'eu-west-1a', allocatable: { cpu: 4000, memory: 8192 } });
    b.node('b1', { group: 'g', zone: 'eu-west-1b', allocatable: { cpu: 4000, memory: 8192 } });
    b.node('c1', { group: 'g', zone: 'eu-west-1c', allocatable: { cpu: 250, memory: 8192 } });
    webDeployment(b, 6);
    for (let i = 0; i < 6; i++) b.pod(`w${i}`, { node: 'a1', requests: { cpu: 200, memory: 256 } });
    const plan = planRebalance(b.view(), rebalanceOptions());
    // c1 takes one pod (200m of 250m), b1 takes what it must: (6,0,0) → (3,2,1)? No: c is full after one, so (4,1,1) → (3,2,1).
    expect(plan.after['Deployment/app/web']).toEqual({ counts: { 'eu-west-1a': 3, 'eu-west-1b': 2, 'eu-west-1c': 1 }, skew: 2 });
    expect(plan.moves.filter((m) => m.toZone === 'eu-west-1c')).toHaveLength(1);
    expect(plan.findings).toEqual([expect.objectContaining({ kind: 'no-room', workload: 'Deployment/app/web' })]);
  });

  it('never takes a target node above the utilisation threshold', () => {
    const b = cluster();
    b.group('g');
    b.node('a1', { group: 'g', zone: 'eu-west-1a', allocatable: { cpu: 4000, memory: 8192 } });
    b.node('b1', { group: 'g', zone: 'eu-west-1b', allocatable: { cpu: 1000, memory: 8192 } });
    webDeployment(b, 6);
    for (let i = 0; i < 6; i++) b.pod(`w${i}`, { node: 'a1', requests: { cpu: 300, memory: 256 } });
    // b1 could fit three 300m pods (900m), but two take it to 60% and a third to 90%: with a 70% threshold, two go.
    const plan = planRebalance(b.view(), rebalanceOptions({ utilisationThreshold: 0.7 }));
    expect(plan.moves.map((m) => m.toNode)).toEqual(['b1', 'b1']);
    expect(plan.after['Deployment/app/web']?.counts).toEqual({ 'eu-west-1a': 4, 'eu-west-1b': 2 });
    expect(plan.findings).toEqual([expect.objectContaining({ kind: 'no-room' })]);
    expect(plan.nodes.after.find((n) => n.name === 'b1')?.utilisation).toBeLessThanOrEqual(0.7);
  });
});

describe('what may move: the drain filter chain, PDBs and volumes', () => {
  it.each([
    { name: 'do-not-disrupt', pod: { annotations: { 'dextre.io/do-not-disrupt': 'true' } }, kind: 'do-not-disrupt', flag: '--disregard-do-not-disrupt', option: { disregardDoNotDisrupt: true } },
    { name: 'emptyDir', pod: { volumes: [{ name: 'scratch', emptyDir: {} }] }, kind: 'emptydir-pod', flag: '--delete-emptydir-data', option: { deleteEmptyDirData: true } },
  ])('$name pods stay, with a finding naming $flag; with it they move', ({ pod, kind, flag, option }) => {
    const blocked = planRebalance(skewedCluster([3, 0, 0], pod).view(), rebalanceOptions());
    expect(blocked.moves).toEqual([]);
    expect(blocked.findings).toContainEqual(expect.objectContaining({ kind, flag, workload: 'Deployment/app/web' }));
    const allowed = planRebalance(skewedCluster([3, 0, 0], pod).view(), rebalanceOptions(option));
    expect(allowed.moves).toHaveLength(2);
    expect(allowed.warnings.length).toBeGreaterThan(0);
  });

  it('a PDB that never allows a disruption keeps the workload where it is, with a finding', () => {
    const b = skewedCluster([3, 0, 0]);
    b.pdb('web', { maxUnavailable: 0, status: { currentHealthy: 3, desiredHealthy: 3, expectedPods: 3, disruptionsAllowed: 0 } });
    const plan = planRebalance(b.view(), rebalanceOptions());
    expect(plan.moves).toEqual([]);
    expect(plan.findings).toContainEqual(expect.objectContaining({ kind: 'pdb-never-allows', pdb: 'app/web' }));
  });

  it('pods selected by two PDBs are not moved (the Eviction API would answer 500)', () => {
    const b = skewedCluster([3, 0, 0]);
    b.pdb('one');
    b.pdb('two');
    const plan = planRebalance(b.view(), rebalanceOptions());
    expect(plan.moves).toEqual([]);
    expect(plan.findings).toContainEqual(expect.objectContaining({ kind: 'multiple-pdbs' }));
  });

  it('a PDB that allows no disruption right now does not stop the plan: the move waits for it', () => {
    const b = skewedCluster([3, 0, 0]);
    b.pdb('web', { minAvailable: 2, status: { currentHealthy: 2, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 0 } });
    expect(planRebalance(b.view(), rebalanceOptions()).moves).toHaveLength(2);
  });

  it('DaemonSet and mirror pods never move, and say nothing', () => {
    const b = cluster();
    nodes(b, 1, 3, { cpu: 1000, memory: 1000 });
    for (const [i, owner] of [[1, { kind: 'DaemonSet', name: 'agent', controller: true }], [2, { kind: 'Node', name: 'n-a1', controller: true }]] as const) {
      b.pod(`sys-${i}`, { node: 'n-a1', owner, requests: { cpu: 480, memory: 100 }, annotations: i === 2 ? { 'kubernetes.io/config.mirror': 'x' } : {} });
    }
    const plan = planRebalance(b.view(), rebalanceOptions());
    expect(plan.moves).toEqual([]);
    expect(plan.findings.filter((f) => f.kind !== 'hot-node')).toEqual([]);
  });

  it('a pod with a PersistentVolumeClaim stays in its zone (an EBS volume lives in one)', () => {
    const plan = planRebalance(skewedCluster([3, 0, 0], { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] }).view(), rebalanceOptions());
    expect(plan.moves).toEqual([]);
    expect(plan.findings).toContainEqual(expect.objectContaining({ kind: 'zone-pinned-volume', workload: 'Deployment/app/web' }));
  });
});

describe('caps on evictions', () => {
  it.each([
    { name: 'in total', options: { maxEvictions: 2 }, moves: 2, flag: '--max-evictions' },
    { name: 'per node', options: { maxEvictionsPerNode: 1 }, moves: 1, flag: '--max-evictions-per-node' },
    { name: 'per namespace', options: { maxEvictionsPerNamespace: 3 }, moves: 3, flag: '--max-evictions-per-namespace' },
  ])('$name', ({ options, moves, flag }) => {
    // Every pod on n-a1: a per-node cap of 1 lets one go.
    const plan = planRebalance(skewedCluster([6, 0, 0]).view(), rebalanceOptions(options));
    expect(plan.moves).toHaveLength(moves);
    expect(plan.findings).toContainEqual(expect.objectContaining({ kind: 'cap-reached', flag }));
  });

  it('regular workloads get the moves before system-critical ones, and system-critical moves come last', () => {
    const b = cluster();
    nodes(b);
    webDeployment(b, 2);
    b.pod('web-1', { node: nodeName('eu-west-1a', 1) });
    b.pod('web-2', { node: nodeName('eu-west-1a', 1) });
    b.pod('dns-1', { node: nodeName('eu-west-1a', 2), labels: { app: 'dns' }, owner: { kind: 'ReplicaSet', name: 'dns-rs', controller: true }, priorityClassName: 'system-cluster-critical' });
    b.pod('dns-2', { node: nodeName('eu-west-1a', 2), labels: { app: 'dns' }, owner: { kind: 'ReplicaSet', name: 'dns-rs', controller: true }, priorityClassName: 'system-cluster-critical' });
    const plan = planRebalance(b.view(), rebalanceOptions());
    expect(plan.moves.map((m) => [m.workload, m.critical])).toEqual([
      ['Deployment/app/web', false],
      ['ReplicaSet/app/dns-rs', true],
    ]);
    const capped = planRebalance(b.view(), rebalanceOptions({ maxEvictions: 1 }));
    expect(capped.moves.map((m) => m.workload)).toEqual(['Deployment/app/web']);
  });
});

describe('leftover cordons of a crashed rebalance', () => {
  it('are found by their annotation, lifted first, and planned on as lifted; the journal alone lifts nothing', () => {
    const b = cluster();
    const big = { cpu: 16_000, memory: 65_536 };
    b.group('g', { zones: ['eu-west-1a', 'eu-west-1b'] });
    b.node('n-a1', { group: 'g', zone: 'eu-west-1a', allocatable: big });
    b.node('n-a2', { group: 'g', zone: 'eu-west-1a', allocatable: big, unschedulable: true });
    b.node('n-b1', { group: 'g', zone: 'eu-west-1b', allocatable: big, unschedulable: true, annotations: { 'dextre.io/rebalance-cordon': '1767225000' } });
    webPods(b, [2]);
    const plan = planRebalance(b.view(), rebalanceOptions(), ['n-a2', 'gone-node']);
    expect(plan.leftoverCordons).toEqual(['n-b1']);
    // n-b1, the only node of zone b, takes the pod once its leftover cordon is lifted.
    expect(plan.moves.map((m) => m.toNode)).toEqual(['n-b1']);
    // The journal names n-a2, cordoned without the annotation: maybe someone else's now; reported, not lifted.
    expect(plan.warnings).toEqual([expect.stringContaining('node n-a2 is cordoned and the interrupted rebalance')]);
  });

  it('a node someone else cordoned (no annotation) is neither lifted nor cordoned', () => {
    const b = cluster();
    nodes(b, 1, 3);
    b.node('n-a9', { group: 'g', zone: 'eu-west-1a', allocatable: { cpu: 16_000, memory: 65_536 }, unschedulable: true });
    webPods(b, [3, 0, 0]);
    const plan = planRebalance(b.view(), rebalanceOptions());
    expect(plan.leftoverCordons).toEqual([]);
    expect(plan.moves.flatMap((m) => m.cordon)).not.toContain('n-a9');
  });
});
