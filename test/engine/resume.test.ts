// Crash anywhere, resume from the journal: a roll cut after any transition and run again ends as the
// uninterrupted roll does. The cut happens inside the journal write, as a crash between computing a
// transition and recording it would: effects of the unrecorded step are never issued, effects of
// earlier steps may already have reached the cluster.
import { describe, expect, it } from 'vitest';
import { MemoryJournal } from '../../src/engine/journal-file.js';
import { loadSimulation } from '../../src/sim/index.js';
import { fixture, roll } from './scenario.js';

class Crash extends Error {}

/** A journal that dies once, on its (n+1)-th write, holding the first n states; later runs write freely. */
class CrashingJournal extends MemoryJournal {
  private writes = 0;

  constructor(private readonly survive: number) {
    super();
  }

  override async save(state: unknown): Promise<void> {
    if (this.writes++ === this.survive) throw new Crash(`crash after ${this.survive} transitions`);
    await super.save(state);
  }
}

/** What a finished roll leaves: compared between the reference and every resumed roll. */
function outcomeOf(run: Awaited<ReturnType<typeof roll>>) {
  const { result } = run;
  return {
    outcome: result.outcome,
    nodes: result.nodes.map((n) => [n.name, n.action]),
    groups: result.groups.map((g) => [g.name, g.after, g.suspendedProcessesAfter]),
    pdbViolations: result.simulation?.pdbViolations,
    lostPods: result.simulation?.lostPods,
    outdatedNodesRemaining: result.simulation?.outdatedNodesRemaining,
    unreadyControllerPods: result.simulation?.unreadyControllerPods,
    minReadyCapacityAtLeastOne: (result.simulation?.minReadyCapacityRatio ?? 0) >= 1,
  };
}

/** Keeps every state, even after the roll finishes and clears its journal. */
class HistoryJournal extends MemoryJournal {
  constructor() {
    super({ keepHistory: true });
  }

  override async clear(): Promise<void> {}
}

describe('resume from the journal', () => {
  it('a roll cut after every transition and run again ends like the uninterrupted roll', async () => {
    const name = 'single-replica';
    const history = new HistoryJournal();
    const reference = await roll(loadSimulation(fixture(name), { speed: 'max' }), {}, history);
    expect(reference.result.outcome).toBe('succeeded');
    const transitions = history.saved.length;
    expect(transitions).toBeGreaterThan(10);
    const expected = outcomeOf(reference);

    for (let cut = 1; cut < transitions; cut++) {
      const sim = loadSimulation(fixture(name), { speed: 'max' });
      const journal = new CrashingJournal(cut);
      await expect(roll(sim, {}, journal)).rejects.toBeInstanceOf(Crash);
      // The journal holds the state after `cut` transitions: the next run resumes it, it does not start afresh.
      expect(JSON.parse(journal.saved.at(-1) ?? '{}')).toEqual(JSON.parse(history.saved[cut - 1] ?? ''));
      const resumed = await roll(sim, {}, journal);
      expect({ cut, ...outcomeOf(resumed) }).toEqual({ cut, ...expected });
    }
  });
});
