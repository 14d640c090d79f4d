// The rebalance state machine, one rule at a time: cordon before evicting, one pod per workload at a time,
// 429s retried with back-off, a PDB that never allows gives the workload up (no hang), the landing checked
// and the cordons lifted, Ctrl-C lifts every cordon, leftovers are lifted first, the state is plain JSON.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/core/model.js';
import type { RebalanceEffect, RebalanceEvent } from '../../../src/core/rebalance/effects.js';
import { initialRebalanceState } from '../../../src/core/rebalance/init.js';
import { planRebalance } from '../../../src/core/rebalance/plan.js';
import type { RebalanceState } from '../../../src/core/rebalance/state.js';
import { transition } from '../../../src/core/rebalance/transition.js';
import { cluster, T0 } from '../builders.js';
import { nodes, rebalanceOptions, skewedCluster, webPods } from './cluster.js';

/** An event without its time (the run stamps it). */
type Make = RebalanceEvent extends infer E ? (E extends unknown ? Omit<E, 'at'> : never) : never;

class Run {
  effects: RebalanceEffect[] = [];
  all: RebalanceEffect[] = [];

  constructor(public s: RebalanceState) {}

  send(event: Make, at = this.s.now): RebalanceEffect[] {
    const next = transition(this.s, { ...event, at } as RebalanceEvent);
    // The state stays plain JSON after every step (it is journaled).
    expect(JSON.parse(JSON.stringify(next.state))).toEqual(next.state);
    this.s = next.state;
    this.effects = next.effects;
    this.all.push(...next.effects);
    return next.effects;
  }

  /** Answers every PatchNode just issued. */
  ackPatches(): void {
    for (const e of this.effects.filter((x) => x.type === 'PatchNode')) this.send({ type: 'NodePatched', key: e.key, node: e.node, purpose: e.purpose });
  }

  of<T extends RebalanceEffect['type']>(type: T): Extract<RebalanceEffect, { type: T }>[] {
    return this.effects.filter((e): e is Extract<RebalanceEffect, { type: T }> => e.type === type);
  }
}

function startFrom(view: ReturnType<ReturnType<typeof cluster>['view']>): Run {
  const plan = planRebalance(view, rebalanceOptions());
  return new Run(initialRebalanceState({ rebalanceId: 'rb1', plan, view, settings: { moveTimeoutSeconds: 600 } }));
}

/** The replacement a ReplicaSet made for `web` on `node`. */
function replacement(name: string, node: string): Pod {
  const view = skewedCluster([1, 0, 0]).view();
  const pod = view.pods[0] as Pod;
  return { ...pod, name, uid: `uid-${name}`, nodeName: node };
}

describe('a move, from cordon to verified landing', () => {
  it('cordons first, evicts once every cordon is acknowledged, waits, verifies, then lifts the cordons', () => {
    const run = startFrom(skewedCluster([2, 0, 0]).view());
    run.send({ type: 'RebalanceStarted' });
    const cordons = run.of('PatchNode');
    // Once the pod has left, b and c are as empty as each other: only zone a's nodes are cordoned.
    expect(cordons.map((e) => [e.node, e.purpose])).toEqual([
      ['n-a1', 'cordon'],
      ['n-a2', 'cordon'],
    ]);
    expect(cordons[0]?.patch).toEqual({ unschedulable: true, annotations: { 'dextre.io/rebalance-cordon': 'rb1' } });
    expect(run.of('EvictPod')).toEqual([]);
    const [first, ...rest] = cordons;
    run.send({ type: 'NodePatched', key: first?.key ?? '', node: first?.node ?? '', purpose: 'cordon' });
    expect(run.of('EvictPod')).toEqual([]); // not before every cordon holds
    for (const e of rest) run.send({ type: 'NodePatched', key: e.key, node: e.node, purpose: 'cordon' });
    const [evict] = run.of('EvictPod');
    expect(evict?.pod).toMatchObject({ namespace: 'app', uid: 'uid-app-web-0-0' });
    run.send({ type: 'PodEvicted', key: evict?.key ?? '', uid: evict?.pod.uid ?? '' });
    expect(run.effects.map((e) => e.type).sort()).toEqual(['AwaitPodGone', 'AwaitWorkloadReady']);
    expect(run.of('AwaitWorkloadReady')[0]?.workload).toEqual({ kind: 'ReplicaSet', namespace: 'app', name: 'web-rs' });
    run.send({ type: 'PodGone', key: 'rb-gone:m1', uid: 'uid-app-web-0-0' });
    run.send({ type: 'WorkloadReady', key: 'rb-ready:m1', uid: 'uid-app-web-0-0' });
    // The replacement serves: the cordons go now, while the list says where it landed.
    expect(run.of('ListNamespacePods')).toEqual([{ type: 'ListNamespacePods', key: 'rb-verify:m1', namespace: 'app' }]);
    const lifts = run.of('PatchNode');
    expect(lifts.map((e) => e.purpose)).toEqual(['uncordon', 'uncordon']);
    expect(lifts[0]?.patch).toEqual({ unschedulable: false, annotations: { 'dextre.io/rebalance-cordon': null } });
    run.ackPatches();
    const stillThere = skewedCluster([2, 0, 0]).view().pods.filter((p) => p.name === 'web-0-1');
    run.send({ type: 'NamespacePodsListed', key: 'rb-verify:m1', namespace: 'app', pods: [...stillThere, replacement('web-new', 'n-b1')] });
    expect(run.s.moves.m1).toMatchObject({ status: 'done', evicted: true, asPlanned: true, landed: [{ pod: 'app/web-new', node: 'n-b1', zone: 'eu-west-1b' }] });
    expect(run.s.workloads['Deployment/app/web']?.counts).toEqual({ 'eu-west-1a': 1, 'eu-west-1b': 1, 'eu-west-1c': 0 });
    expect(run.s).toMatchObject({ phase: 'finished', outcome: 'succeeded', cordons: {} });
  });

  it('a replacement that lands where it should not is reported as a finding', () => {
    const run = startFrom(skewedCluster([2, 0, 0]).view());
    run.send({ type: 'RebalanceStarted' });
    run.ackPatches();
    run.send({ type: 'PodEvicted', key: 'rb-evict:m1', uid: 'uid-app-web-0-0' });
    run.send({ type: 'PodGone', key: 'rb-gone:m1', uid: 'uid-app-web-0-0' });
    run.send({ type: 'WorkloadReady', key: 'rb-ready:m1', uid: 'uid-app-web-0-0' });
    run.send({ type: 'NamespacePodsListed', key: 'rb-verify:m1', namespace: 'app', pods: [replacement('web-back', 'n-a2')] });
    expect(run.s.moves.m1?.asPlanned).toBe(false);
    expect(run.s.findings).toContainEqual(expect.objectContaining({ kind: 'landed-elsewhere', pod: 'app/web-0-0' }));
  });
});

describe('one pod per workload at a time; workloads side by side', () => {
  it('the second move of a workload starts only when the first is verified, and is aimed from the counts seen then', () => {
    const run = startFrom(skewedCluster([4, 0, 0]).view());
    expect(Object.keys(run.s.moves)).toEqual(['m1', 'm2']);
    run.send({ type: 'RebalanceStarted' });
    run.ackPatches();
    expect(run.s.moves.m2?.status).toBe('waiting');
    run.send({ type: 'PodEvicted', key: 'rb-evict:m1', uid: run.s.moves.m1?.pod.uid ?? '' });
    run.send({ type: 'PodGone', key: 'rb-gone:m1', uid: '' });
    run.send({ type: 'WorkloadReady', key: 'rb-ready:m1', uid: '' });
    expect(run.s.moves.m2?.status).toBe('waiting');
    // m1 was aimed at b but landed in c (as empty as b, so as good): m2 now aims at b.
    const left = skewedCluster([4, 0, 0]).view().pods.filter((p) => p.uid !== run.s.moves.m1?.pod.uid);
    run.send({ type: 'NamespacePodsListed', key: 'rb-verify:m1', namespace: 'app', pods: [...left, replacement('web-new', 'n-c1')] });
    expect(run.s.moves.m1?.asPlanned).toBe(true);
    expect(run.s.moves.m2).toMatchObject({ status: 'cordoning', toZone: 'eu-west-1b', acceptableZones: ['eu-west-1b'] });
    expect(run.s.moves.m2?.cordon).toEqual(['n-a1', 'n-a2', 'n-c1', 'n-c2']);
  });

  it('a zone move the counts no longer call for is skipped, not made', () => {
    const run = startFrom(skewedCluster([4, 0, 0]).view());
    run.send({ type: 'RebalanceStarted' });
    run.ackPatches();
    run.send({ type: 'PodEvicted', key: 'rb-evict:m1', uid: '' });
    run.send({ type: 'PodGone', key: 'rb-gone:m1', uid: '' });
    run.send({ type: 'WorkloadReady', key: 'rb-ready:m1', uid: '' });
    // Someone else moved pods meanwhile: the workload is 2/1/1, within maxSkew 1.
    const pods = skewedCluster([4, 0, 0]).view().pods.slice(0, 2);
    run.send({ type: 'NamespacePodsListed', key: 'rb-verify:m1', namespace: 'app', pods: [...pods, replacement('x', 'n-b1'), replacement('y', 'n-c1')] });
    expect(run.s.moves.m2).toMatchObject({ status: 'skipped', evicted: false });
    expect(run.s.moves.m2?.detail).toMatch(/not needed: .* within its maxSkew/);
  });
});

describe('PodDisruptionBudgets', () => {
  it('a 429 is retried after 5, 10, 20, then every 30 seconds', () => {
    const run = startFrom(skewedCluster([2, 0, 0]).view());
    run.send({ type: 'RebalanceStarted' }, T0);
    run.ackPatches();
    let now = T0;
    for (const delay of [5, 10, 20, 30, 30]) {
      run.send({ type: 'EvictionRefused', key: 'rb-evict:m1', uid: '', pdbs: ['web'], message: 'Cannot evict pod', multiple: false }, now);
      expect(run.of('StartTimer')).toEqual([{ type: 'StartTimer', key: 'rb-retry:m1', at: now + delay }]);
      now += delay;
      run.send({ type: 'TimerFired', key: 'rb-retry:m1' }, now);
      expect(run.of('EvictPod')).toHaveLength(1);
    }
  });

  it('a PDB that never allows gives the workload up at the move timeout, with a finding, and lifts the cordons', () => {
    const run = startFrom(skewedCluster([4, 0, 0]).view());
    run.send({ type: 'RebalanceStarted' }, T0);
    run.ackPatches();
    run.send({ type: 'EvictionRefused', key: 'rb-evict:m1', uid: '', pdbs: ['web'], message: 'Cannot evict pod', multiple: false }, T0);
    run.send({ type: 'TimerFired', key: 'rb-timeout:m1' }, T0 + 600);
    expect(run.s.moves.m1).toMatchObject({ status: 'skipped', evicted: false });
    expect(run.s.moves.m2).toMatchObject({ status: 'skipped' });
    expect(run.s.findings).toContainEqual(expect.objectContaining({ kind: 'eviction-refused', pdb: 'app/web', flag: '--move-timeout' }));
    expect(run.of('PatchNode').every((e) => e.purpose === 'uncordon')).toBe(true);
    run.ackPatches();
    expect(run.s).toMatchObject({ phase: 'finished', outcome: 'succeeded' });
    expect(run.s.inflight).toEqual({});
  });

  it('several PDBs on one pod (500) give the workload up at once', () => {
    const run = startFrom(skewedCluster([4, 0, 0]).view());
    run.send({ type: 'RebalanceStarted' });
    run.ackPatches();
    run.send({ type: 'EvictionRefused', key: 'rb-evict:m1', uid: '', pdbs: ['a', 'b'], message: 'more than one', multiple: true });
    expect(run.s.moves.m1?.status).toBe('skipped');
    expect(run.s.moves.m2?.status).toBe('skipped');
    expect(run.s.findings).toContainEqual(expect.objectContaining({ kind: 'multiple-pdbs' }));
  });
});

describe('stopping and crashing leave no cordon of dextre behind', () => {
  it('Ctrl-C mid-move lifts every cordon, waits for the eviction in flight, and ends interrupted', () => {
    const run = startFrom(skewedCluster([4, 0, 0]).view());
    run.send({ type: 'RebalanceStarted' });
    run.ackPatches();
    expect(run.s.moves.m1?.status).toBe('evicting');
    run.send({ type: 'AbortRequested', reason: 'SIGINT' });
    expect(run.of('PatchNode').map((e) => [e.node, e.purpose])).toEqual([
      ['n-a1', 'uncordon'],
      ['n-a2', 'uncordon'],
    ]);
    run.ackPatches();
    expect(run.s.phase).toBe('restoring'); // the eviction in flight still answers
    run.send({ type: 'PodEvicted', key: 'rb-evict:m1', uid: '' });
    expect(run.s).toMatchObject({ phase: 'finished', outcome: 'interrupted', cordons: {} });
    expect(run.s.moves.m1).toMatchObject({ status: 'failed', evicted: true });
    expect(run.s.moves.m2).toMatchObject({ status: 'skipped', evicted: false });
    expect(run.all.filter((e) => e.type === 'EvictPod')).toHaveLength(1);
  });

  it('cordons a previous run left are lifted before any move starts', () => {
    const b = cluster();
    nodes(b, 2, 3);
    b.node('n-b3', { group: 'g', zone: 'eu-west-1b', unschedulable: true, annotations: { 'dextre.io/rebalance-cordon': 'rb0' } });
    webPods(b, [2, 0, 0]);
    const run = startFrom(b.view());
    run.send({ type: 'RebalanceStarted' });
    expect(run.s.phase).toBe('cleaning');
    expect(run.effects).toEqual([expect.objectContaining({ type: 'PatchNode', node: 'n-b3', purpose: 'uncordon' })]);
    run.ackPatches();
    expect(run.s.phase).toBe('moving');
    expect(run.of('PatchNode').every((e) => e.purpose === 'cordon')).toBe(true);
  });

  it('an uncordon that fails for good is named with the command to run', () => {
    const run = startFrom(skewedCluster([2, 0, 0]).view());
    run.send({ type: 'RebalanceStarted' });
    run.ackPatches();
    run.send({ type: 'AbortRequested', reason: 'SIGTERM' });
    const [first, ...rest] = run.of('PatchNode');
    run.send({ type: 'EffectFailed', key: first?.key ?? '', error: { code: 'FORBIDDEN', message: 'nodes is forbidden' } });
    for (const e of rest) run.send({ type: 'NodePatched', key: e.key, node: e.node, purpose: e.purpose });
    run.send({ type: 'EvictionRefused', key: 'rb-evict:m1', uid: '', pdbs: [], message: '', multiple: false });
    expect(run.s.phase).toBe('finished');
    expect(run.s.leftCordoned).toEqual([first?.node]);
    expect(run.s.warnings.join(' ')).toContain(`kubectl uncordon ${first?.node ?? ''}`);
  });

  it('an answer to an effect no longer in flight changes nothing', () => {
    const run = startFrom(skewedCluster([2, 0, 0]).view());
    run.send({ type: 'RebalanceStarted' });
    const before = run.s;
    const next = transition(before, { type: 'PodEvicted', key: 'rb-evict:m9', uid: 'x', at: T0 });
    expect(next.state).toBe(before);
    expect(next.effects).toEqual([]);
  });
});
