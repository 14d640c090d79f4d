// A roll that does not succeed keeps its journal (what it left behind stays explained); the next roll of
// the cluster says what the previous one left and adopts the replacements it left above the groups' sizes,
// ending them at their size before either roll — also when cluster-autoscaler removed some of those
// (empty, unprotected) replacements in between; a roll that succeeds leaves its finished state
// (for `dextre status`), which the next roll neither resumes nor adopts from.
import { describe, expect, it } from 'vitest';
import type { RollState } from '../../src/core/roll/state.js';
import { MemoryJournal } from '../../src/engine/journal-file.js';
import { pause } from '../../src/clock/pause.js';
import { DEMO_FIXTURE, loadSimulation } from '../../src/sim/index.js';
import { dyingAtFirstEviction, roll } from './scenario.js';

describe('the journal after a roll', () => {
  it.each([
    ['right away', 0],
    ['ten minutes later, cluster-autoscaler having removed an empty replacement meanwhile', 600],
  ])('an interrupted roll keeps it; the next roll (%s) warns what the previous one left and restores exactly; success is kept as finished', async (_when, gapSeconds) => {
    const sim = loadSimulation(DEMO_FIXTURE);
    const sizes = async () => new Map((await sim.cloud.describeGroups({ cluster: sim.clusterName })).map((g) => [g.name, { min: g.min, max: g.max, desired: g.desired }]));
    const before = await sizes();
    const journal = new MemoryJournal();
    const controller = new AbortController();
    const first = await roll(sim, {}, journal, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'node' && e.status === 'draining' && !controller.signal.aborted) controller.abort('SIGINT');
      },
    });
    expect(first.result.outcome).toBe('interrupted');
    const kept = (await journal.load()) as RollState | undefined;
    expect(kept).toMatchObject({ phase: 'finished', outcome: 'interrupted', cluster: 'demo' });

    // The interrupt left replacements above the groups' sizes (it never lowers desired blindly).
    expect(first.result.groups.some((g) => g.after.desired > g.before.desired)).toBe(true);

    await pause(sim.clock, gapSeconds);
    const second = await roll(sim, {}, journal);
    expect(second.result.outcome).toBe('succeeded');
    // The second roll adopted them: every group ends at its size before the first roll, and nothing was lost.
    expect(await sizes()).toEqual(before);
    expect(sim.report()).toMatchObject({ pdbViolations: 0, lostPods: 0, outdatedNodesRemaining: 0 });
    const note = second.result.warnings.find((w) => w.startsWith('The previous roll of this cluster'));
    expect(note).toContain(`(${kept?.rollId}) ended interrupted`);
    expect(note).toContain('adopts the replacements');
    // Ten minutes after the interrupt, cluster-autoscaler scaled an empty replacement down: taken back, launched again.
    expect(second.result.warnings.some((w) => w.includes('were removed by someone else with desired lowered'))).toBe(gapSeconds > 0);
    expect(second.events.some((e) => e.type === 'warning' && e.message === note)).toBe(true);
    expect(await journal.load()).toMatchObject({ phase: 'finished', outcome: 'succeeded' });
  }, 60_000);

  it('an unfinished roll is resumed only by the same roll: another surge stops before any change, naming it', async () => {
    const sim = loadSimulation(DEMO_FIXTURE);
    const journal = new MemoryJournal();
    // The dextre dies: the journal write after the first eviction never happens, nothing is unwound.
    const dying = dyingAtFirstEviction(journal);
    await expect(roll(sim, {}, dying)).rejects.toThrow('killed');
    const changes = () => sim.actions().filter((a) => /^[a-z]/.test(a.verb) && !a.verb.startsWith('list') && !a.verb.startsWith('describe') && a.verb !== 'recordNodeEvent').length;
    const before = changes();

    const other = roll(sim, { surge: '1' }, journal);
    await expect(other).rejects.toMatchObject({ code: 'USAGE' });
    await expect(other).rejects.toThrow(/--surge .* in the unfinished roll, 1 now.*--restart/);
    expect(changes()).toBe(before);

    const same = await roll(sim, {}, journal);
    expect(same.result.outcome).toBe('succeeded');
    expect(sim.report()).toMatchObject({ pdbViolations: 0, lostPods: 0, outdatedNodesRemaining: 0 });
  }, 60_000);
});

