import { describe, expect, it } from 'vitest';
import type { Effect, RollEvent } from '../../../src/core/roll/effects.js';
import { ROLL_PROCESSES } from '../../../src/core/roll/init.js';
import { transition } from '../../../src/core/roll/transition.js';
import { feed, onePlan, pod, start, T0, types } from './harness.js';

const at = T0;

function find<T extends Effect['type']>(effects: Effect[], type: T, key?: string): Extract<Effect, { type: T }> {
  const found = effects.find((e) => e.type === type && (key === undefined || e.key === key));
  if (!found) throw new Error(`no ${type}${key ? ` ${key}` : ''} among ${types(effects).join(', ')}`);
  return found as Extract<Effect, { type: T }>;
}

/** Auto Scaling answers a read of desired capacity. */
const read = (desired: number, key = 'read-size:ng'): RollEvent => ({ type: 'GroupSizeRead', at, key, group: 'ng', desired });

/** Events that take a roll to the point where old-0 is being drained of one pod (`desired`: the group's at the start). */
function untilDraining(desired = 1): RollEvent[] {
  return [
    { type: 'RollStarted', at },
    { type: 'ProcessesSuspended', at, key: 'suspend:ng', group: 'ng' },
    { type: 'NodePatched', at, key: 'soft-taint:old-0', node: 'old-0', purpose: 'soft-taint' },
    read(desired),
    { type: 'GroupResized', at, key: 'size:ng', group: 'ng' },
    { type: 'NodeReady', at: at + 90, key: 'watch-nodes', group: 'ng', node: 'new-0', instanceId: 'i-new0', zone: 'a' },
    { type: 'NodePatched', at: at + 90, key: 'protect:new-0', node: 'new-0', purpose: 'protect-replacement' },
    { type: 'NodePatched', at: at + 91, key: 'cordon:old-0', node: 'old-0', purpose: 'cordon' },
    { type: 'PodsListed', at: at + 91, key: 'list:old-0', node: 'old-0', pods: [pod('web-1', 'old-0')], existingControllers: ['ReplicaSet/app/web-abc'] },
  ];
}

/** Then old-0's one pod is evicted and serves again elsewhere, and old-0 terminates: the restore comes next. */
function untilDrained(): RollEvent[] {
  return [
    ...untilDraining(),
    { type: 'PodEvicted', at: at + 92, key: 'evict:uid-web-1', uid: 'uid-web-1' },
    { type: 'PodGone', at: at + 100, key: 'gone:uid-web-1', uid: 'uid-web-1' },
    { type: 'InstanceTerminating', at: at + 100, key: 'terminate:old-0', group: 'ng', instanceId: 'i-old0', alreadyGone: false },
    { type: 'WorkloadReady', at: at + 110, key: 'ready:uid-web-1', uid: 'uid-web-1' },
  ];
}

describe('roll transition', () => {
  it('protects each group before it surges: suspend first, no launch until suspended', () => {
    const { effects } = feed(start(onePlan(3)), [{ type: 'RollStarted', at }]);
    expect(types(effects)).toEqual([
      'WatchGroupNodes:watch-nodes',
      'SuspendProcesses:suspend:ng',
      'PatchNode:soft-taint:old-0',
      'PatchNode:soft-taint:old-1',
      'PatchNode:soft-taint:old-2',
    ]);
    expect(find(effects, 'SuspendProcesses').processes).toEqual([...ROLL_PROCESSES]);
  });

  it('launches one replacement first (toe-dip), then widens to the surge once it is warm', () => {
    const s0 = start(onePlan(4, { surge: 2 }));
    const a = feed(s0, [
      { type: 'RollStarted', at },
      { type: 'ProcessesSuspended', at, key: 'suspend:ng', group: 'ng' },
    ]);
    // Desired is read before every change, so that a change by someone else is kept.
    expect(types(a.effects).filter((t) => t.includes('GroupSize'))).toEqual(['ReadGroupSize:read-size:ng']);
    const a2 = feed(a.state, [read(4)]);
    expect(find(a2.effects, 'SetGroupSize')).toMatchObject({ desired: 5, max: 9, min: 1 });
    const b = feed(a2.state, [
      { type: 'GroupResized', at, key: 'size:ng', group: 'ng' },
      { type: 'NodeReady', at: at + 90, key: 'watch-nodes', group: 'ng', node: 'new-0', instanceId: 'i-new0', zone: 'b' },
      { type: 'NodePatched', at: at + 90, key: 'protect:new-0', node: 'new-0', purpose: 'protect-replacement' },
      read(5),
    ]);
    expect(find(b.effects, 'SetGroupSize')).toMatchObject({ desired: 6 });
    // Zones a and b now hold two instances each, c one: c's old node goes first, so that its termination
    // draws the next launch into c and the group stays balanced across zones.
    expect(find(b.effects, 'PatchNode', 'cordon:old-2').node).toBe('old-2');
  });

  it('raises max for the surge when the group is at its max, and puts it back', () => {
    const s0 = start(onePlan(1, { desired: 3, max: 3 }));
    const a = feed(s0, [...untilDraining(3)]);
    expect(find(a.effects, 'SetGroupSize')).toMatchObject({ desired: 4, max: 4 });
    const b = feed(a.state, [
      { type: 'PodEvicted', at: at + 92, key: 'evict:uid-web-1', uid: 'uid-web-1' },
      { type: 'PodGone', at: at + 100, key: 'gone:uid-web-1', uid: 'uid-web-1' },
      { type: 'InstanceTerminating', at: at + 100, key: 'terminate:old-0', group: 'ng', instanceId: 'i-old0', alreadyGone: false },
      { type: 'WorkloadReady', at: at + 110, key: 'ready:uid-web-1', uid: 'uid-web-1' },
      read(3, 'restore-read:ng'),
    ]);
    expect(find(b.effects, 'SetGroupSize', 'restore-size:ng')).toMatchObject({ min: 1, max: 3, desired: 3 });
  });

  it('suspends only what was running and resumes only that', () => {
    const s0 = start(onePlan(1, { suspended: ['AZRebalance', 'Terminate'] }));
    const a = feed(s0, [{ type: 'RollStarted', at }]);
    expect(find(a.effects, 'SuspendProcesses').processes).toEqual(['ReplaceUnhealthy', 'ScheduledActions', 'AlarmNotification']);
    expect(a.state.groups.ng?.suspendedByDextre).toEqual(['ReplaceUnhealthy', 'ScheduledActions', 'AlarmNotification']);
  });

  it('replaces a node end to end in the documented order and finishes succeeded', () => {
    const events: RollEvent[] = [
      ...untilDrained(),
      read(1, 'restore-read:ng'),
      { type: 'GroupResized', at: at + 111, key: 'restore-size:ng', group: 'ng' },
      { type: 'NodePatched', at: at + 111, key: 'restore-unprotect:new-0', node: 'new-0', purpose: 'unprotect-replacement' },
      { type: 'ProcessesResumed', at: at + 112, key: 'restore-resume:ng', group: 'ng' },
    ];
    const { state, effects } = feed(start(onePlan(1)), events);
    const order = types(effects).filter((t) => !t.startsWith('StartTimer') && !t.startsWith('PatchNode:soft'));
    expect(order).toEqual([
      'WatchGroupNodes:watch-nodes',
      'SuspendProcesses:suspend:ng',
      'ReadGroupSize:read-size:ng',
      'SetGroupSize:size:ng',
      'PatchNode:protect:new-0',
      'PatchNode:cordon:old-0',
      'ListPodsOnNode:list:old-0',
      'EvictPod:evict:uid-web-1',
      'AwaitPodGone:gone:uid-web-1',
      'AwaitWorkloadReady:ready:uid-web-1',
      'TerminateInstance:terminate:old-0',
      'ReadGroupSize:restore-read:ng',
      'PatchNode:restore-unprotect:new-0',
      'SetGroupSize:restore-size:ng',
      'ResumeProcesses:restore-resume:ng',
    ]);
    expect(state.phase).toBe('finished');
    expect(state.outcome).toBe('succeeded');
    expect(state.nodes['old-0']).toMatchObject({ status: 'terminated', replacement: 'new-0', evicted: 1 });
    expect(state.inflight).toEqual({});
  });

  it('moves one pod per workload at a time and system-critical pods last', () => {
    const events = untilDraining();
    events[events.length - 1] = {
      type: 'PodsListed',
      at: at + 91,
      key: 'list:old-0',
      node: 'old-0',
      pods: [
        pod('dns-1', 'old-0', { namespace: 'kube-system', priorityClassName: 'system-cluster-critical', priority: 2000000000, owner: { kind: 'ReplicaSet', name: 'dns-x', controller: true } }),
        pod('web-1', 'old-0'),
        pod('web-2', 'old-0'),
        pod('api-1', 'old-0', { owner: { kind: 'ReplicaSet', name: 'api-x', controller: true } }),
      ],
      existingControllers: ['ReplicaSet/app/web-abc', 'ReplicaSet/app/api-x', 'ReplicaSet/kube-system/dns-x'],
    };
    const a = feed(start(onePlan(1)), events);
    expect(a.effects.filter((e) => e.type === 'EvictPod').map((e) => e.key).sort()).toEqual(['evict:uid-api-1', 'evict:uid-web-1']);
    const b = feed(a.state, [
      { type: 'PodEvicted', at: at + 92, key: 'evict:uid-web-1', uid: 'uid-web-1' },
      { type: 'PodGone', at: at + 95, key: 'gone:uid-web-1', uid: 'uid-web-1' },
    ]);
    expect(b.effects.some((e) => e.type === 'EvictPod')).toBe(false); // web-2 waits for web's replacement to be Ready
    const c = feed(b.state, [{ type: 'WorkloadReady', at: at + 99, key: 'ready:uid-web-1', uid: 'uid-web-1' }]);
    expect(types(c.effects)).toContain('EvictPod:evict:uid-web-2');
    expect(types(c.effects)).not.toContain('EvictPod:evict:uid-dns-1');
  });

  it('backs off when a PDB refuses an eviction and tries again when the timer fires', () => {
    const a = feed(start(onePlan(1)), [
      ...untilDraining(),
      { type: 'EvictionRefused', at: at + 92, key: 'evict:uid-web-1', uid: 'uid-web-1', pdbs: ['web-pdb'], message: 'Cannot evict', multiple: false },
    ]);
    expect(find(a.effects, 'StartTimer', 'evict-retry:uid-web-1').at).toBe(at + 92 + 5);
    const b = feed(a.state, [{ type: 'TimerFired', at: at + 97, key: 'evict-retry:uid-web-1' }]);
    expect(types(b.effects)).toContain('EvictPod:evict:uid-web-1');
  });

  it('stops as blocked naming the PDB when the drain times out, uncordons and restores safely', () => {
    const a = feed(start(onePlan(1)), [
      ...untilDraining(),
      { type: 'EvictionRefused', at: at + 92, key: 'evict:uid-web-1', uid: 'uid-web-1', pdbs: ['web-pdb'], message: 'Cannot evict', multiple: false },
      { type: 'TimerFired', at: at + 991, key: 'drain-timeout:old-0' },
    ]);
    expect(a.state.failure?.code).toBe('BLOCKED');
    expect(a.state.blockers[0]).toMatchObject({ kind: 'eviction-refused', pdb: 'app/web-pdb', node: 'old-0' });
    expect(find(a.effects, 'PatchNode', 'uncordon:old-0').patch).toMatchObject({ unschedulable: false });
    expect(a.state.inflight['evict-retry:uid-web-1']).toBeUndefined(); // no more evictions
    const b = feed(a.state, [
      { type: 'NodePatched', at: at + 992, key: 'uncordon:old-0', node: 'old-0', purpose: 'uncordon' },
      read(2, 'restore-read:ng'),
    ]);
    // One replacement arrived and no old node was terminated: desired stays one above, with a warning.
    expect(find(b.effects, 'SetGroupSize', 'restore-size:ng')).toMatchObject({ desired: 2, max: 6 });
    expect(b.state.warnings.join('\n')).toMatch(/keeps desired 2/);
    const c = feed(b.state, [
      { type: 'GroupResized', at: at + 993, key: 'restore-size:ng', group: 'ng' },
      { type: 'ProcessesResumed', at: at + 993, key: 'restore-resume:ng', group: 'ng' },
      { type: 'NodePatched', at: at + 993, key: 'restore-unprotect:new-0', node: 'new-0', purpose: 'unprotect-replacement' },
    ]);
    expect(c.state).toMatchObject({ phase: 'finished', outcome: 'failed' });
  });

  it('on resume re-issues exactly the effects that were in flight', () => {
    const a = feed(start(onePlan(2)), untilDraining());
    const inflight = Object.values(a.state.inflight);
    expect(inflight.length).toBeGreaterThan(1);
    const resumed = transition(JSON.parse(JSON.stringify(a.state)), { type: 'Resumed', at: at + 500 });
    expect(resumed.effects).toEqual(inflight);
  });

  it('ignores an answer to an effect that is no longer in flight', () => {
    const a = feed(start(onePlan(1)), [{ type: 'RollStarted', at }]);
    const stale = transition(a.state, { type: 'PodGone', at, key: 'gone:nobody', uid: 'nobody' });
    expect(stale.state).toBe(a.state);
    expect(stale.effects).toEqual([]);
  });

  it('fails as blocked when a pod on the node has no controller and --force is not given', () => {
    const lonely = pod('lonely', 'old-0');
    delete lonely.owner;
    const events = untilDraining();
    events[events.length - 1] = {
      type: 'PodsListed',
      at: at + 91,
      key: 'list:old-0',
      node: 'old-0',
      pods: [lonely],
      existingControllers: [],
    };
    const { state, effects } = feed(start(onePlan(1)), events);
    expect(state.failure?.code).toBe('BLOCKED');
    expect(state.blockers[0]).toMatchObject({ flag: '--force', node: 'old-0' });
    expect(effects.some((e) => e.type === 'EvictPod')).toBe(false);
  });

  it('an abort while a cordon is in flight waits for it, then uncordons (patches never cross)', () => {
    const events = untilDraining().slice(0, -2); // the cordon of old-0 is in flight
    const a = feed(start(onePlan(1)), [...events, { type: 'AbortRequested', at: at + 91, reason: 'SIGINT' }]);
    expect(a.state.outcome).toBe('interrupted');
    expect(types(a.effects)).not.toContain('PatchNode:uncordon:old-0');
    const b = feed(a.state, [{ type: 'NodePatched', at: at + 92, key: 'cordon:old-0', node: 'old-0', purpose: 'cordon' }]);
    expect(types(b.effects)).toEqual(['PatchNode:uncordon:old-0']);
  });

  it('ignores a timer that fired before the moment it was last set for (a stale firing of a re-armed key)', () => {
    const a = feed(start(onePlan(1)), untilDraining());
    const timer = a.state.inflight['drain-timeout:old-0'];
    expect(timer?.type).toBe('StartTimer');
    const early = transition(a.state, { type: 'TimerFired', at: at + 200, key: 'drain-timeout:old-0' });
    expect(early.state).toBe(a.state);
  });

  it('a node removed by someone else mid-drain frees its workloads for pods elsewhere', () => {
    const events = untilDraining();
    const a = feed(start(onePlan(1)), [
      ...events,
      { type: 'PodEvicted', at: at + 92, key: 'evict:uid-web-1', uid: 'uid-web-1' },
    ]);
    expect(a.state.workloadsBusy['ReplicaSet/app/web-abc']).toBe('uid-web-1');
    const b = feed(a.state, [{ type: 'NodeDeleted', at: at + 93, key: 'watch-nodes', node: 'old-0' }]);
    expect(b.state.workloadsBusy).toEqual({});
    expect(b.state.nodes['old-0']?.status).toBe('terminated');
    for (const key of ['gone:uid-web-1', 'ready:uid-web-1', 'ready-timeout:uid-web-1']) expect(b.state.inflight[key]).toBeUndefined();
  });

  it('takes back a launch that Auto Scaling refused, so the restore does not keep a phantom instance', () => {
    const a = feed(start(onePlan(1)), [
      { type: 'RollStarted', at },
      { type: 'ProcessesSuspended', at, key: 'suspend:ng', group: 'ng' },
      { type: 'NodePatched', at, key: 'soft-taint:old-0', node: 'old-0', purpose: 'soft-taint' },
      read(1),
      { type: 'EffectFailed', at, key: 'size:ng', error: { code: 'FORBIDDEN', message: 'not authorized' } },
      { type: 'NodePatched', at, key: 'uncordon:old-0', node: 'old-0', purpose: 'uncordon' },
      read(1, 'restore-read:ng'),
    ]);
    expect(find(a.effects, 'SetGroupSize', 'restore-size:ng')).toMatchObject({ desired: 1, max: 6, min: 1 });
    expect(a.state.warnings.join('\n')).not.toMatch(/keeps desired/);
  });

  it('lowers min for a surge-0 roll of a group at its min, and restores it', () => {
    const plan = onePlan(2, { surge: 0, maxUnavailable: 1 });
    const g = plan.groups[0];
    if (!g) throw new Error('no group');
    g.size.min = 2;
    const b = feed(start(plan), [{ type: 'RollStarted', at }]);
    expect(find(b.effects, 'SetGroupSize', 'protect-size:ng')).toMatchObject({ min: 1, max: g.size.max, desired: 2 });
    expect(b.state.phase).toBe('protecting');
    const c = feed(b.state, [
      { type: 'GroupResized', at, key: 'protect-size:ng', group: 'ng' },
      { type: 'ProcessesSuspended', at, key: 'suspend:ng', group: 'ng' },
      { type: 'NodePatched', at, key: 'soft-taint:old-0', node: 'old-0', purpose: 'soft-taint' },
      { type: 'NodePatched', at, key: 'soft-taint:old-1', node: 'old-1', purpose: 'soft-taint' },
    ]);
    expect(c.state.phase).toBe('rolling');
    expect(types(c.effects)).toContain('PatchNode:cordon:old-0'); // surge 0: the first node goes before any launch
  });

  it('a replacement that turns NotReady stops counting as capacity until it is Ready again', () => {
    const events = untilDraining().slice(0, 6); // started, suspended, tainted, read, resized, new-0 Ready
    const a = feed(start(onePlan(1)), [
      ...events,
      { type: 'NodeNotReady', at: at + 90, key: 'watch-nodes', group: 'ng', node: 'new-0' },
      { type: 'NodePatched', at: at + 90, key: 'protect:new-0', node: 'new-0', purpose: 'protect-replacement' },
    ]);
    expect(types(a.effects)).not.toContain('PatchNode:cordon:old-0');
    const b = feed(a.state, [{ type: 'NodeReady', at: at + 120, key: 'watch-nodes', group: 'ng', node: 'new-0', instanceId: 'i-new0', zone: 'a' }]);
    expect(types(b.effects)).toContain('PatchNode:cordon:old-0');
  });

  it('a replacement deleted by someone else while the groups are restored does not hold the roll for a launch', () => {
    // Once dextre unprotects its replacements and resumes AZRebalance, cluster-autoscaler and Auto Scaling
    // may remove one: no launch is owed any more, so no launch timeout may keep the roll from finishing.
    const { state, effects } = feed(start(onePlan(1)), [
      ...untilDrained(),
      read(1, 'restore-read:ng'),
      { type: 'GroupResized', at: at + 111, key: 'restore-size:ng', group: 'ng' },
      { type: 'NodePatched', at: at + 111, key: 'restore-unprotect:new-0', node: 'new-0', purpose: 'unprotect-replacement' },
      { type: 'NodeDeleted', at: at + 112, key: 'watch-nodes', node: 'new-0' },
      { type: 'ProcessesResumed', at: at + 113, key: 'restore-resume:ng', group: 'ng' },
    ]);
    expect(types(effects).filter((t) => t.startsWith('StartTimer:launch-timeout')).length).toBe(1); // the surge's own
    expect(state.phase).toBe('finished');
    expect(state.outcome).toBe('succeeded');
    expect(state.inflight).toEqual({});
  });

  describe('resuming AZRebalance at the end', () => {
    // Resumed over uneven zones, Auto Scaling evens them by terminating an instance without draining it
    // (docs.aws.amazon.com/autoscaling/ec2/userguide/auto-scaling-benefits.html#AutoScalingBehavior.InstanceUsage).
    const restoredWith = (zones: Record<string, number>) =>
      feed(start(onePlan(1)), [
        ...untilDrained(),
        { type: 'GroupSizeRead', at: at + 110, key: 'restore-read:ng', group: 'ng', desired: 1, zones },
        { type: 'GroupResized', at: at + 111, key: 'restore-size:ng', group: 'ng' },
      ]);

    it('resumes every process dextre suspended when the zones are at most one instance apart', () => {
      const { effects, state } = restoredWith({ a: 2, b: 1, c: 2 });
      expect(find(effects, 'ResumeProcesses').processes).toStrictEqual(ROLL_PROCESSES);
      expect(state.warnings.filter((w) => w.includes('AZRebalance'))).toStrictEqual([]);
    });

    it('leaves AZRebalance suspended, once, naming the zones and the fix, when they are further apart', () => {
      const { effects, state } = restoredWith({ a: 3, b: 1, c: 2 });
      const resumed = find(effects, 'ResumeProcesses').processes;
      expect(resumed).not.toContain('AZRebalance');
      expect(resumed).toStrictEqual(ROLL_PROCESSES.filter((p) => p !== 'AZRebalance'));
      const warnings = state.warnings.filter((w) => w.includes('AZRebalance left suspended'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('(a:3 b:1 c:2)');
      expect(warnings[0]).toContain('--fix-zones');
      const done = feed(state, [{ type: 'ProcessesResumed', at: at + 112, key: 'restore-resume:ng', group: 'ng' }]);
      expect(done.state.groups.ng?.restored).toBe('done');
    });

    it('a zone with no instance left counts as empty', () => {
      const { effects } = restoredWith({ a: 2, b: 0 });
      expect(find(effects, 'ResumeProcesses').processes).not.toContain('AZRebalance');
    });
  });

  it('keeps a change of desired capacity made by someone else during the roll', () => {
    const a = feed(start(onePlan(1)), [
      ...untilDrained(),
      read(3, 'restore-read:ng'), // cluster-autoscaler added two instances meanwhile
    ]);
    expect(find(a.effects, 'SetGroupSize', 'restore-size:ng')).toMatchObject({ desired: 3, min: 1, max: 6 });
    expect(a.state.warnings.join('\n')).toMatch(/changed by \+2 outside dextre/);
  });
});
