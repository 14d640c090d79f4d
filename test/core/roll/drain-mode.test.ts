// The roll machine in drain mode (`dextre drain`), rule by rule: the same drain as a roll's over named
// nodes, every node cordoned before any pod moves, nothing launched, nodes left cordoned.
import { describe, expect, it } from 'vitest';
import { initialDrainState, type DrainGroup } from '../../../src/core/roll/drain-mode.js';
import type { RollEvent } from '../../../src/core/roll/effects.js';
import type { RollSettings, RollState } from '../../../src/core/roll/state.js';
import { feed, pod, settings, T0, types } from './harness.js';

const at = T0;
const NODES = ['a', 'b'];

function drain(s: Partial<RollSettings> = {}, opts: { terminate?: boolean; groups?: DrainGroup[] } = {}): RollState {
  return initialDrainState({
    rollId: 'd1',
    cluster: 'test',
    now: T0,
    nodes: NODES.map((name, i) => ({ name, group: opts.terminate ? 'ng' : '', zone: 'z', instanceId: `i-${i}` })),
    groups: opts.groups ?? [],
    settings: { ...settings, ...s },
    terminate: opts.terminate ?? false,
  });
}

const cordoned = (node: string): RollEvent => ({ type: 'NodePatched', at, key: `cordon:${node}`, node, purpose: 'cordon' });
const listed = (node: string, pods = [pod(`web-${node}`, node)]): RollEvent => ({ type: 'PodsListed', at, key: `list:${node}`, node, pods, existingControllers: ['ReplicaSet/app/web-abc'] });
const start: RollEvent = { type: 'RollStarted', at };

describe('drain mode', () => {
  it('cordons every named node first and lists their pods only once all are cordoned; no watch, soft taint or pre-pull', () => {
    const started = feed(drain(), [start]);
    expect(types(started.effects)).toEqual(['PatchNode:cordon:a', 'PatchNode:cordon:b']);
    const one = feed(started.state, [cordoned('a')]);
    expect(one.effects).toEqual([]);
    const both = feed(one.state, [cordoned('b')]);
    expect(types(both.effects)).toEqual(['ListPodsOnNode:list:a', 'ListPodsOnNode:list:b']);
  });

  it('one pod per workload at a time across nodes; the next goes once the first is gone and its workload serves again', () => {
    const { state } = feed(drain(), [start, cordoned('a'), cordoned('b')]);
    const evicting = feed(state, [listed('a'), listed('b')]);
    expect(types(evicting.effects).filter((t) => t.startsWith('EvictPod'))).toEqual(['EvictPod:evict:uid-web-a']);
    const evicted = feed(evicting.state, [{ type: 'PodEvicted', at, key: 'evict:uid-web-a', uid: 'uid-web-a' }, { type: 'PodGone', at, key: 'gone:uid-web-a', uid: 'uid-web-a' }]);
    expect(types(evicted.effects).filter((t) => t.startsWith('EvictPod'))).toEqual([]);
    const ready = feed(evicted.state, [{ type: 'WorkloadReady', at, key: 'ready:uid-web-a', uid: 'uid-web-a' }]);
    expect(types(ready.effects)).toContain('EvictPod:evict:uid-web-b');
  });

  it('--no-readiness-gate: the next pod of a workload goes as soon as the previous one is evicted, with no wait on the workload', () => {
    const { state } = feed(drain({ readinessGate: false }), [start, cordoned('a'), cordoned('b'), listed('a'), listed('b')]);
    const next = feed(state, [{ type: 'PodEvicted', at, key: 'evict:uid-web-a', uid: 'uid-web-a' }]);
    expect(types(next.effects)).toEqual(['AwaitPodGone:gone:uid-web-a', 'EvictPod:evict:uid-web-b']);
  });

  it('the grace period goes with every eviction; --timeout 0 arms no timer', () => {
    const { effects } = feed(drain({ gracePeriodSeconds: 5, drainTimeoutSeconds: 0 }), [start, cordoned('a'), cordoned('b'), listed('a'), listed('b', [])]);
    expect(effects.filter((e) => e.type === 'EvictPod')).toEqual([{ type: 'EvictPod', key: 'evict:uid-web-a', pod: { namespace: 'app', name: 'web-a', uid: 'uid-web-a' }, gracePeriodSeconds: 5 }]);
    expect(effects.filter((e) => e.type === 'StartTimer')).toEqual([]);
  });

  it('--pod-selector: pods not matching stay, and a node with none left is drained at once', () => {
    const { state } = feed(drain({ podSelector: 'app=db' }), [start, cordoned('a'), cordoned('b'), listed('a'), listed('b')]);
    expect(state.nodes['a']?.status).toBe('drained');
    expect(state.phase).toBe('finished');
    expect(state.outcome).toBe('succeeded');
  });

  it('a drain that times out stops as blocked naming --timeout, and leaves the nodes cordoned', () => {
    const { state, effects } = feed(drain({ drainTimeoutSeconds: 60 }), [
      start,
      cordoned('a'),
      cordoned('b'),
      listed('a'),
      listed('b', []),
      { type: 'EvictionRefused', at, key: 'evict:uid-web-a', uid: 'uid-web-a', pdbs: ['web'], message: 'budget', multiple: false },
      { type: 'TimerFired', at: at + 60, key: 'drain-timeout:a' },
    ]);
    expect(state).toMatchObject({ phase: 'finished', outcome: 'failed', failure: { code: 'BLOCKED' } });
    expect(state.blockers).toEqual([expect.objectContaining({ kind: 'eviction-refused', node: 'a', pdb: 'app/web' })]);
    expect(state.failure?.message).toContain('the named nodes stay cordoned');
    expect(effects.filter((e) => e.type === 'PatchNode' && e.purpose === 'uncordon')).toEqual([]);
    expect(state.nodes['a']).toMatchObject({ status: 'failed', keepCordoned: true });
    expect(state.nodes['b']?.status).toBe('drained');
  });

  it('a drain-timeout blocker names --timeout, the drain command\'s flag', () => {
    const { state } = feed(drain({ drainTimeoutSeconds: 60 }), [start, cordoned('a'), cordoned('b'), listed('a'), listed('b', []), { type: 'PodEvicted', at, key: 'evict:uid-web-a', uid: 'uid-web-a' }, { type: 'TimerFired', at: at + 60, key: 'drain-timeout:a' }]);
    expect(state.blockers).toEqual([expect.objectContaining({ kind: 'drain-timeout', flag: '--timeout', remedy: expect.stringContaining('raise --timeout') })]);
  });

  it('an interrupt stops evicting and uncordons nothing; the eviction under way finishes', () => {
    const interrupted = feed(drain(), [start, cordoned('a'), cordoned('b'), listed('a'), { type: 'AbortRequested', at, reason: 'SIGINT' }]);
    expect(interrupted.state.phase).toBe('restoring');
    expect(Object.keys(interrupted.state.inflight)).toEqual(['evict:uid-web-a']);
    const { state, effects } = feed(interrupted.state, [{ type: 'PodEvicted', at, key: 'evict:uid-web-a', uid: 'uid-web-a' }]);
    expect(state).toMatchObject({ phase: 'finished', outcome: 'interrupted' });
    expect(Object.values(state.nodes).map((n) => [n.name, n.status, n.keepCordoned])).toEqual([['a', 'failed', true], ['b', 'failed', true]]);
    expect([...interrupted.effects, ...effects].some((e) => e.type === 'PatchNode' && e.purpose === 'uncordon')).toBe(false);
    expect(effects.some((e) => e.type === 'PatchNode' && e.purpose === 'uncordon')).toBe(false);
    expect(Object.values(state.inflight)).toEqual([]);
  });

  it('--terminate: AZRebalance is held while dextre terminates, each drained node goes through its group, and nothing is resized', () => {
    const groups = [{ name: 'ng', min: 0, max: 5, desired: 2, suspendedProcesses: [] }];
    const s0 = drain({}, { terminate: true, groups });
    const started = feed(s0, [start]);
    expect(types(started.effects)).toEqual(['SuspendProcesses:suspend:ng']);
    const events: RollEvent[] = [
      { type: 'ProcessesSuspended', at, key: 'suspend:ng', group: 'ng' },
      cordoned('a'),
      cordoned('b'),
      listed('a', []),
      { type: 'InstanceTerminating', at, key: 'terminate:a', group: 'ng', instanceId: 'i-0', alreadyGone: false },
      listed('b', []),
      { type: 'InstanceTerminating', at, key: 'terminate:b', group: 'ng', instanceId: 'i-1', alreadyGone: false },
      { type: 'ProcessesResumed', at, key: 'restore-resume:ng', group: 'ng' },
    ];
    const run = feed(started.state, events);
    expect(types(run.effects).filter((t) => !t.startsWith('StartTimer'))).toEqual([
      'PatchNode:cordon:a',
      'PatchNode:cordon:b',
      'ListPodsOnNode:list:a',
      'ListPodsOnNode:list:b',
      'TerminateInstance:terminate:a',
      'TerminateInstance:terminate:b',
      'ResumeProcesses:restore-resume:ng',
    ]);
    expect(run.state).toMatchObject({ phase: 'finished', outcome: 'succeeded' });
    expect(run.state.groups['ng']?.terminated).toBe(2);
  });

  it('--terminate leaves AZRebalance alone when it was suspended before', () => {
    const groups = [{ name: 'ng', min: 0, max: 5, desired: 2, suspendedProcesses: ['AZRebalance'] }];
    expect(types(feed(drain({}, { terminate: true, groups }), [start]).effects)).toEqual(['PatchNode:cordon:a', 'PatchNode:cordon:b']);
  });

  it('the state stays plain JSON', () => {
    const { state } = feed(drain(), [start, cordoned('a'), cordoned('b'), listed('a')]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
