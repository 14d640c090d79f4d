// --window on the simulator (virtual time): a roll whose maintenance window closes mid-roll starts no further
// node, finishes what is in flight, restores the groups' processes, min and max, keeps its journal and ends
// `paused` (exit 6) naming the next opening; the next run inside a window goes on and succeeds with the invariants.
import { describe, expect, it } from 'vitest';
import type { RollState } from '../../src/core/roll/state.js';
import { parseWindows } from '../../src/core/window.js';
import { MemoryJournal } from '../../src/engine/journal-file.js';
import { DEMO_FIXTURE, loadSimulation } from '../../src/sim/index.js';
import { exitCodeFor } from '../../src/ui/exit-codes.js';
import { prepareRoll } from '../../src/engine/prepare.js';
import { executeRollThenRebalance } from '../../src/engine/roll-rebalance.js';
import { rebalanceOptions } from '../core/rebalance/cluster.js';
import { expectKnownFlagsAndCommands } from '../support/known-flags.js';
import { defaults, dyingAtFirstEviction, roll } from './scenario.js';

// The demo cluster's virtual clock starts on Thursday 2026-01-01 00:00 UTC; its roll takes about 15 minutes, and at
// 00:06 a node is being drained.
const CLOSES = Date.parse('2026-01-01T00:06:00Z') / 1000;

describe('a roll with --window', () => {
  it('pauses when the window closes mid-roll, and the next run in a window finishes it', async () => {
    const sim = loadSimulation(DEMO_FIXTURE);
    const sizes = async () => new Map((await sim.cloud.describeGroups({ cluster: sim.clusterName })).map((g) => [g.name, { min: g.min, max: g.max, desired: g.desired, suspended: [...g.suspendedProcesses].sort() }]));
    const before = await sizes();
    const journal = new MemoryJournal();

    const first = await roll(sim, { windows: parseWindows(['Thu 00:00-00:06']) }, journal);
    expect(first.result.outcome).toBe('paused');
    expect(exitCodeFor(first.result)).toBe(6);
    expect(first.result.error?.code).toBe('OUTSIDE_WINDOW');
    expect(first.result.error?.message).toContain('The next window opens Thu 2026-01-08 00:00 UTC (2026-01-08T00:00:00Z)');
    const replaced = first.result.nodes.filter((n) => n.action === 'replaced').length;
    expect(replaced).toBeGreaterThan(0);
    expect(replaced).toBeLessThan(first.result.nodes.length);

    // Nothing new started once the window closed: no cordon, no launch.
    const late = first.events.filter((e) => e.at >= CLOSES);
    expect(late.filter((e) => e.type === 'node' && e.status === 'cordoned')).toEqual([]);
    expect(late.filter((e) => e.type === 'launch' && e.count > 0)).toEqual([]);
    // What was in flight finished: every node the roll started was terminated (none left cordoned or uncordoned half-drained).
    const started = new Set(first.events.flatMap((e) => (e.type === 'node' && e.status === 'cordoned' ? [e.node] : [])));
    expect(first.result.nodes.filter((n) => started.has(n.name)).every((n) => n.action === 'replaced')).toBe(true);
    expect(first.events.some((e) => e.type === 'node' && e.status === 'terminating' && e.at >= CLOSES)).toBe(true);

    // The cluster is not left with dextre's settings: processes, min and max as before; desired only above by
    // replacements that stand in for no terminated node yet; no soft taint, no pre-pull DaemonSet.
    const paused = await sizes();
    for (const [name, was] of before) {
      const now = paused.get(name);
      expect(now).toMatchObject({ min: was.min, max: was.max, suspended: was.suspended });
      expect(now?.desired).toBeGreaterThanOrEqual(was.desired);
    }
    // (A terminated node's object lingers while its instance shuts down: only the nodes still to replace are checked.)
    const left = new Set(first.result.nodes.filter((n) => n.action !== 'replaced').map((n) => n.name));
    const nodes = (await sim.kube.listNodes()).filter((n) => left.has(n.name));
    expect(nodes).toHaveLength(left.size);
    expect(nodes.filter((n) => n.taints.some((t) => t.key === 'dextre.io/outdated') || n.unschedulable).map((n) => n.name)).toEqual([]);
    expect((await sim.kube.listWorkloads()).filter((w) => w.name.startsWith('dextre-prepull'))).toEqual([]);
    expect(sim.report()).toMatchObject({ pdbViolations: 0, lostPods: 0 });
    expect(await journal.load()).toMatchObject({ phase: 'finished', outcome: 'paused' } satisfies Partial<RollState>);

    // The next run, in a window (another one, as the window is not part of what must match), goes on.
    const second = await roll(sim, { windows: parseWindows(['daily 00:00-06:00']) }, journal);
    expect(second.result.outcome).toBe('succeeded');
    expect(second.result.warnings.some((w) => w.includes('ended paused'))).toBe(true);
    const after = await sizes();
    for (const [name, was] of before) {
      const now = after.get(name);
      expect(now).toMatchObject({ min: was.min, max: was.max, desired: was.desired });
      // AZRebalance stays suspended only where the zones ended uneven, and then a warning says how to even them.
      const kept = (now?.suspended ?? []).filter((p) => !was.suspended.includes(p));
      expect(kept.filter((p) => p !== 'AZRebalance')).toEqual([]);
      if (kept.length > 0) expect(second.result.warnings.some((w) => w.includes(`group ${name}: AZRebalance left suspended`))).toBe(true);
    }
    expect(sim.report()).toMatchObject({ pdbViolations: 0, lostPods: 0, outdatedNodesRemaining: 0, unreadyControllerPods: 0 });
    expect(await journal.load()).toMatchObject({ phase: 'finished', outcome: 'succeeded' });
  }, 60_000);

  it('with --surge 0, the paused roll gives back every node it terminated: each group ends at its size', async () => {
    const sim = loadSimulation(DEMO_FIXTURE);
    const sizes = async () => (await sim.cloud.describeGroups({ cluster: sim.clusterName })).map((g) => ({ name: g.name, min: g.min, max: g.max, desired: g.desired }));
    const before = await sizes();
    const { result } = await roll(sim, { surge: '0', maxUnavailable: '1', windows: parseWindows(['Thu 00:00-00:06']) });
    expect(result.outcome).toBe('paused');
    expect(result.nodes.filter((n) => n.action === 'replaced').length).toBeGreaterThan(0);
    expect(await sizes()).toEqual(before);
    expect(sim.report()).toMatchObject({ pdbViolations: 0, lostPods: 0, unreadyControllerPods: 0 });
  }, 60_000);

  it('an unfinished roll resumed with other windows goes on under the windows given now', async () => {
    const sim = loadSimulation(DEMO_FIXTURE);
    const journal = new MemoryJournal();
    // Killed (not interrupted) mid-drain: the journal stays unfinished.
    await expect(roll(sim, { windows: parseWindows(['daily 00:00-23:00']) }, dyingAtFirstEviction(journal))).rejects.toThrow('killed');
    const resumed = await roll(sim, { windows: parseWindows(['Thu 00:00-00:01']) }, journal);
    // Resumed past the new window's end: it finishes what was in flight and pauses instead of rolling on.
    expect(resumed.result.outcome).toBe('paused');
    expect(resumed.result.nodes.some((n) => n.action !== 'replaced')).toBe(true);
    expect(sim.report()).toMatchObject({ pdbViolations: 0, lostPods: 0 });
  }, 60_000);
});

/** `roll nodes --window WINDOW` on the demo, its rebalance phase included. */
async function rollThenRebalance(window: string) {
  const sim = loadSimulation(DEMO_FIXTURE);
  const ctx = { cloud: sim.cloud, kube: sim.kube, clock: sim.clock, journal: new MemoryJournal(), rebalanceJournal: new MemoryJournal() };
  const prepared = await prepareRoll(ctx, sim.clusterName, { ...defaults, windows: parseWindows([window]) });
  return { sim, result: await executeRollThenRebalance(ctx, prepared, rebalanceOptions()) };
}

describe('roll nodes with --window and its rebalance phase', () => {
  it('a window that closes as the roll ends: the roll succeeds, the rebalance does not start, and a warning says when to run it', async () => {
    // The demo roll cordons its last node about 13.5 minutes in and ends about a minute later.
    const { sim, result } = await rollThenRebalance('Thu 00:00-00:14');
    expect(result.outcome).toBe('succeeded');
    expect(result.rebalance).toBeUndefined();
    const warning = result.warnings.find((w) => w.includes('closed before the roll\'s last phase'));
    expect(warning).toContain('`dextre rebalance --cluster demo`');
    expect(warning).toContain('Thu 2026-01-08 00:00 UTC');
    expectKnownFlagsAndCommands(warning ?? '');
    expect(sim.actions().filter((a) => a.verb === 'evictPod' && a.at >= Date.parse('2026-01-01T00:14:00Z') / 1000)).toEqual([]);
  }, 60_000);

  it('inside the window the rebalance runs as usual', async () => {
    const { result } = await rollThenRebalance('Thu 00:00-06:00');
    expect(result.outcome).toBe('succeeded');
    expect(result.rebalance).toBeDefined();
  }, 60_000);
});
