// `dextre abort` on the simulator: a roll stopped mid-drain (Ctrl-C) or killed (its journal left unfinished)
// is unwound and its surplus replacements drained and terminated, so every group ends exactly at its
// original min, max and desired, its processes as before, with no mark of dextre left — and the simulator,
// not the engine, says no pod was lost and no PDB was violated. A second abort changes nothing.
import { describe, expect, it } from 'vitest';
import type { AbortResult } from '../../src/core/abort-result.js';
import { instanceIdOf } from '../../src/core/model.js';
import type { RollState } from '../../src/core/roll/state.js';
import { abortRoll } from '../../src/engine/abort.js';
import type { JournalStore } from '../../src/engine/api.js';
import { MemoryJournal } from '../../src/engine/journal-file.js';
import { DEMO_FIXTURE, loadSimulation, type Simulation } from '../../src/sim/index.js';
import { settings } from '../core/roll/harness.js';
import { dyingAtFirstEviction, roll } from './scenario.js';

const MUTATING = new Set(['setGroupSize', 'suspendProcesses', 'resumeProcesses', 'terminateInstance', 'patchNode', 'evictPod', 'deletePod', 'applyDaemonSet', 'deleteDaemonSet']);

async function abort(sim: Simulation, journal: JournalStore): Promise<AbortResult> {
  const ctx = { cloud: sim.cloud, kube: sim.kube, clock: sim.clock, journal };
  return abortRoll(ctx, sim.clusterName, { by: 'test/1', waitSeconds: 60, settings: { ...settings, drainTimeoutSeconds: 0 } });
}

/** The groups as they were before any roll, read from the simulator before it starts. */
async function sizes(sim: Simulation): Promise<Map<string, { min: number; max: number; desired: number; suspended: string[] }>> {
  const groups = await sim.cloud.describeGroups({ cluster: sim.clusterName });
  return new Map(groups.map((g) => [g.name, { min: g.min, max: g.max, desired: g.desired, suspended: [...g.suspendedProcesses].sort() }]));
}

/**
 * No cordon, taint, label or annotation of dextre's on any node of a live instance (a terminated one's node
 * object lingers until the cloud controller deletes it), and every pre-pull DaemonSet applied was deleted.
 */
async function expectNoMarks(sim: Simulation): Promise<void> {
  const live = new Set((await sim.cloud.describeGroups({ cluster: sim.clusterName })).flatMap((g) => g.instances.filter((i) => i.lifecycleState === 'InService').map((i) => i.id)));
  for (const n of await sim.kube.listNodes()) {
    if (!live.has(instanceIdOf(n.providerId) ?? '')) continue;
    expect(n.unschedulable, n.name).toBe(false);
    expect(n.taints.filter((t) => t.key.startsWith('dextre.io/')), n.name).toEqual([]);
    expect(Object.keys(n.labels).filter((k) => k.startsWith('dextre.io/')), n.name).toEqual([]);
    expect(n.annotations['cluster-autoscaler.kubernetes.io/scale-down-disabled'], n.name).toBeUndefined();
  }
  const applied = sim.actions().filter((a) => a.verb === 'applyDaemonSet').map((a) => a.target);
  const deleted = new Set(sim.actions().filter((a) => a.verb === 'deleteDaemonSet').map((a) => a.target));
  expect(applied.filter((d) => !deleted.has(d))).toEqual([]);
}

async function expectRestoredExactly(sim: Simulation, before: Awaited<ReturnType<typeof sizes>>, result: AbortResult): Promise<void> {
  expect(result.outcome, JSON.stringify(result.error)).toBe('succeeded');
  expect(await sizes(sim)).toEqual(before);
  await expectNoMarks(sim);
  expect(sim.report()).toMatchObject({ pdbViolations: 0, lostPods: 0 });
  const terminated = sim.actions().filter((a) => a.verb === 'terminateInstance').map((a) => a.target);
  expect(new Set(terminated).size).toBe(terminated.length);
}

describe('dextre abort', () => {
  it('after a roll stopped mid-drain: drains the surplus replacements and restores every group exactly', async () => {
    const sim = loadSimulation(DEMO_FIXTURE);
    const before = await sizes(sim);
    const journal = new MemoryJournal();
    const stop = new AbortController();
    const first = await roll(sim, {}, journal, {
      signal: stop.signal,
      onEvent: (e) => {
        if (e.type === 'node' && e.status === 'draining' && !stop.signal.aborted) stop.abort('SIGINT');
      },
    });
    expect(first.result.outcome).toBe('interrupted');
    // The interrupt alone leaves desired above the original: that is what abort is for.
    expect(first.result.groups.some((g) => g.after.desired > g.before.desired)).toBe(true);

    const result = await abort(sim, journal);
    expect(result.found).toBe('stopped');
    expect(result.drained.length).toBeGreaterThan(0);
    expect(result.drained.every((d) => d.action === 'terminated')).toBe(true);
    await expectRestoredExactly(sim, before, result);
    const kept = (await journal.load()) as RollState;
    expect(kept.abort).toMatchObject({ by: 'test/1', restored: true, drained: result.drained.map((d) => d.name) });

    const changes = sim.actions().filter((a) => MUTATING.has(a.verb)).length;
    const again = await abort(sim, journal);
    expect(again.outcome).toBe('succeeded');
    expect(again.drained).toEqual([]);
    expect(sim.actions().filter((a) => MUTATING.has(a.verb)).length).toBe(changes);
  }, 60_000);

  it('after a roll killed mid-drain (its journal unfinished): resumes it only to unwind, then restores exactly', async () => {
    const sim = loadSimulation(DEMO_FIXTURE);
    const before = await sizes(sim);
    const journal = new MemoryJournal();
    // The dextre dies: the journal write after the first eviction never happens, nothing is unwound.
    const dying = dyingAtFirstEviction(journal);
    await expect(roll(sim, {}, dying)).rejects.toThrow('killed');
    expect(((await journal.load()) as RollState).phase).not.toBe('finished');

    const result = await abort(sim, journal);
    expect(result.found).toBe('unfinished');
    await expectRestoredExactly(sim, before, result);
  }, 60_000);

  it('with no journal there is nothing to abort, and nothing changes', async () => {
    const sim = loadSimulation(DEMO_FIXTURE);
    const result = await abort(sim, new MemoryJournal());
    expect(result).toMatchObject({ outcome: 'nothing-to-do', found: 'none', drained: [] });
    expect(sim.actions().filter((a) => MUTATING.has(a.verb))).toEqual([]);
  });
});
