// A roll that does not succeed keeps its journal (what it left behind stays explained); the next roll of
// the cluster says what the previous one left, and a roll that succeeds clears the journal.
import { describe, expect, it } from 'vitest';
import type { RollState } from '../../src/core/roll/state.js';
import { MemoryJournal } from '../../src/engine/journal-file.js';
import { DEMO_FIXTURE, loadSimulation } from '../../src/sim/index.js';
import { roll } from './scenario.js';

describe('the journal after a roll', () => {
  it('an interrupted roll keeps it; the next roll warns what the previous one left; success clears it', async () => {
    const sim = loadSimulation(DEMO_FIXTURE);
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

    const second = await roll(sim, {}, journal);
    expect(second.result.outcome).toBe('succeeded');
    const note = second.result.warnings.find((w) => w.startsWith('The previous roll of this cluster'));
    expect(note).toContain(`(${kept?.rollId}) ended interrupted`);
    expect(second.events.some((e) => e.type === 'warning' && e.message === note)).toBe(true);
    expect(await journal.load()).toBeUndefined();
  }, 60_000);
});
