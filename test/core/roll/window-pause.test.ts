// The roll machine under maintenance windows (--window), event by event: outside every window no node is
// cordoned and nothing is launched but capacity already terminated; what is in flight finishes; then the roll
// pauses (outcome `paused`, error OUTSIDE_WINDOW) through the restore path.
import { describe, expect, it } from 'vitest';
import type { RollEvent } from '../../../src/core/roll/effects.js';
import { parseWindows } from '../../../src/core/window.js';
import { feed, onePlan, pod, start, T0, types } from './harness.js';

// T0 is Thursday 2026-01-01 00:00 UTC: this window closes two minutes in.
const windows = parseWindows(['Thu 00:00-00:02']);
const CLOSES = T0 + 120;

const protect = (nodes: string[]): RollEvent[] => [
  { type: 'RollStarted', at: T0 },
  { type: 'ProcessesSuspended', at: T0, key: 'suspend:ng', group: 'ng' },
  ...nodes.map((n): RollEvent => ({ type: 'NodePatched', at: T0, key: `soft-taint:${n}`, node: n, purpose: 'soft-taint' })),
];

/** Surge 1, two old nodes: the replacement new-0 is warm (in zone b, so old-0 of zone a goes first), old-0 is draining one pod. */
const untilDrainingOld0 = (): RollEvent[] => [
  ...protect(['old-0', 'old-1']),
  { type: 'GroupSizeRead', at: T0, key: 'read-size:ng', group: 'ng', desired: 2 },
  { type: 'GroupResized', at: T0, key: 'size:ng', group: 'ng' },
  { type: 'NodeReady', at: T0 + 90, key: 'watch-nodes', group: 'ng', node: 'new-0', instanceId: 'i-new0', zone: 'b' },
  { type: 'NodePatched', at: T0 + 90, key: 'protect:new-0', node: 'new-0', purpose: 'protect-replacement' },
  { type: 'NodePatched', at: T0 + 91, key: 'cordon:old-0', node: 'old-0', purpose: 'cordon' },
  { type: 'PodsListed', at: T0 + 91, key: 'list:old-0', node: 'old-0', pods: [pod('web-1', 'old-0')], existingControllers: ['ReplicaSet/app/web-abc'] },
];

/** old-0's one pod goes, its workload serves again, old-0 terminates: all at or after `from`. */
const drainOld0 = (from: number): RollEvent[] => [
  { type: 'PodEvicted', at: from, key: 'evict:uid-web-1', uid: 'uid-web-1' },
  { type: 'PodGone', at: from + 10, key: 'gone:uid-web-1', uid: 'uid-web-1' },
  { type: 'WorkloadReady', at: from + 20, key: 'ready:uid-web-1', uid: 'uid-web-1' },
  { type: 'InstanceTerminating', at: from + 20, key: 'terminate:old-0', group: 'ng', instanceId: 'i-old0', alreadyGone: false },
];

describe('a roll whose maintenance window closes', () => {
  it('finishes the drain in flight, starts no other node, then pauses and restores', () => {
    const inWindow = feed(start(onePlan(2), { windows }), untilDrainingOld0());
    expect(inWindow.state.nodes['old-0']?.status).toBe('draining');

    const { state, effects } = feed(inWindow.state, drainOld0(CLOSES + 10));
    expect(state.nodes['old-0']?.status).toBe('terminated');
    expect(state.nodes['old-1']?.status).toBe('uncordoning'); // its soft taint comes off
    expect(types(effects).filter((t) => t.startsWith('PatchNode:cordon') || t.startsWith('SetGroupSize:size') || t.startsWith('ReadGroupSize:read-size'))).toEqual([]);
    expect(types(effects)).toContain('PatchNode:uncordon:old-1');
    expect(state).toMatchObject({ phase: 'restoring', outcome: 'paused', failure: { code: 'OUTSIDE_WINDOW' } });
    expect(state.failure?.message).toContain('replacing 1 of 2 node(s)');
    expect(state.failure?.message).toContain('The next window opens Thu 2026-01-08 00:00 UTC (2026-01-08T00:00:00Z)');
  });

  it('a window that closes once the last old node was started: the roll finishes (succeeded), it does not pause', () => {
    const { state, effects } = feed(start(onePlan(1), { windows }), [...untilDrainingOld0().filter((e) => !('node' in e && e.node === 'old-1')), ...drainOld0(CLOSES + 10)]);
    expect(state.nodes['old-0']?.status).toBe('terminated');
    expect(state.phase).toBe('restoring');
    expect(state.outcome).toBeUndefined();
    expect(state.failure).toBeUndefined();
    expect(types(effects)).toContain('ReadGroupSize:restore-read:ng');
  });

  it('the same events with the window still open go on to the next node', () => {
    const open = parseWindows(['Thu 00:00-01:00']);
    const { state, effects } = feed(start(onePlan(2), { windows: open }), [
      ...untilDrainingOld0(),
      ...drainOld0(CLOSES + 10),
    ]);
    expect(state.phase).toBe('rolling');
    expect(state.outcome).toBeUndefined();
    expect(types(effects)).toContain('ReadGroupSize:read-size:ng'); // the next launch
  });

  it('with --surge 0, gives back the capacity it terminated before it pauses, and cordons nothing more', () => {
    const { state, effects } = feed(start(onePlan(2, { surge: 0, maxUnavailable: 1 }), { windows }), [
      ...protect(['old-0', 'old-1']),
      { type: 'NodePatched', at: T0, key: 'cordon:old-0', node: 'old-0', purpose: 'cordon' },
      { type: 'PodsListed', at: T0, key: 'list:old-0', node: 'old-0', pods: [pod('web-1', 'old-0')], existingControllers: ['ReplicaSet/app/web-abc'] },
      ...drainOld0(CLOSES + 10),
      { type: 'GroupSizeRead', at: CLOSES + 40, key: 'read-size:ng', group: 'ng', desired: 1 },
    ]);
    expect(effects.find((e) => e.key === 'size:ng')).toMatchObject({ type: 'SetGroupSize', desired: 2 });
    expect(state.phase).toBe('rolling'); // the replacement is waited for
    const joined = feed(state, [
      { type: 'GroupResized', at: CLOSES + 41, key: 'size:ng', group: 'ng' },
      { type: 'NodeReady', at: CLOSES + 130, key: 'watch-nodes', group: 'ng', node: 'new-0', instanceId: 'i-new0', zone: 'b' },
    ]);
    expect(joined.state).toMatchObject({ phase: 'restoring', outcome: 'paused' });
    expect(types([...effects, ...joined.effects]).filter((t) => t === 'PatchNode:cordon:old-1')).toEqual([]);
  });
});
