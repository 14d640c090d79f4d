// The status view from journaled states: a roll waiting on a PDB, with its lock live or stale, one part
// done (the estimate), one finished, interrupted, aborted, and none at all. The states come from the pure
// machine (hand-fed events) and from whole rolls on the simulator, never written by hand.
import { describe, expect, it } from 'vitest';
import type { RollState } from '../../../src/core/roll/state.js';
import { statusView } from '../../../src/core/status/view.js';
import { MemoryJournal } from '../../../src/engine/journal-file.js';
import { DEMO_FIXTURE, loadSimulation } from '../../../src/sim/index.js';
import { roll } from '../../engine/scenario.js';
import { T0, feed } from '../roll/harness.js';
import { lock, waitingOnPdb } from './states.js';

const at = T0;

/** Every state a demo roll journaled, in order; `stopWhen` interrupts it (as Ctrl-C) at the first event it accepts. */
async function demoStates(stopWhen?: (e: { type: string; status?: string }) => boolean): Promise<RollState[]> {
  const journal = new MemoryJournal({ keepHistory: true });
  const controller = new AbortController();
  await roll(loadSimulation(DEMO_FIXTURE), {}, journal, {
    signal: controller.signal,
    onEvent: (e) => {
      if (stopWhen && !controller.signal.aborted && stopWhen(e as { type: string; status?: string })) controller.abort('SIGINT');
    },
  });
  return journal.saved.map((text) => JSON.parse(text) as RollState);
}

describe('statusView', () => {
  it('a running roll waiting on a PDB: the holder, the wait since when with the PDB, the node draining, time left unknown', () => {
    const v = statusView('test', waitingOnPdb(), lock, at + 120);
    expect(v.state).toBe('running');
    expect(v.summary).toContain('running in laptop/4242');
    expect(v.lock).toMatchObject({ holder: 'laptop/4242', expiresAt: at + 160, stale: false });
    const pdbWait = v.waits.find((w) => w.kind === 'EvictionRefused');
    expect(pdbWait).toMatchObject({ subject: 'app/web-1', pdbs: ['web-pdb'], since: at + 92 });
    expect(pdbWait?.description).toContain('PodDisruptionBudget web-pdb');
    expect(v.nodes).toEqual([{ name: 'old-0', group: 'ng', zone: 'a', status: 'draining', evicted: 0, podsLeft: 1, replacement: 'new-0' }]);
    expect(v.groups[0]).toMatchObject({ name: 'ng', replaced: 0, total: 1, launched: 1, original: { desired: 1 }, current: { desired: 2 } });
    expect(v.estimate).toEqual({ nodesDone: 0, nodesTotal: 1, secondsLeft: null });
  });

  it('the same roll once its lock is past its TTL: stale, stopped unfinished, naming how to resume or abort', () => {
    const v = statusView('test', waitingOnPdb(), lock, at + 161);
    expect(v.lock?.stale).toBe(true);
    expect(v.state).toBe('stopped-unfinished');
    expect(v.summary).toContain('laptop/4242 stopped renewing the lock');
    expect(v.summary).toContain('`dextre roll nodes`');
    expect(v.summary).toContain('`dextre abort --cluster test`');
    // No lock at all (released, or deleted by hand) reads the same way.
    expect(statusView('test', waitingOnPdb(), undefined, at + 120).state).toBe('stopped-unfinished');
  });

  it('a holder on this host whose process is gone: stopped unfinished before its lease runs out', () => {
    const v = statusView('test', waitingOnPdb(), { ...lock, holderDead: true }, at + 120);
    expect(v.lock).toMatchObject({ stale: false, dead: true });
    expect(v.state).toBe('stopped-unfinished');
    expect(v.summary).toContain('its holder laptop/4242, on this host, is no longer running');
  });

  it('a wait keeps the moment it began across a resume', () => {
    const state = waitingOnPdb();
    const resumed = feed(state, [{ type: 'Resumed', at: at + 5000 }]).state;
    expect(statusView('test', resumed, undefined, at + 5000).waits.find((w) => w.kind === 'EvictionRefused')?.since).toBe(at + 92);
  });

  it('mid-roll: the time left follows the rate of nodes done so far; finished: succeeded, nothing left, groups back', async () => {
    const states = await demoStates();
    const mid = states.find((s) => Object.values(s.nodes).filter((n) => n.status === 'terminated').length === 3);
    if (!mid) throw new Error('no journaled state with three nodes terminated');
    const total = mid.nodeOrder.length;
    const v = statusView('demo', mid, undefined, mid.now);
    expect(v.estimate).toEqual({ nodesDone: 3, nodesTotal: total, secondsLeft: Math.round(((total - 3) * (mid.now - mid.startedAt)) / 3) });

    const last = states.at(-1);
    const done = statusView('demo', last, undefined, (last?.now ?? 0) + 60);
    expect(done).toMatchObject({ state: 'succeeded', phase: 'finished', waits: [], estimate: { nodesDone: total, secondsLeft: 0 } });
    for (const g of done.groups) expect(g.current, g.name).toEqual(g.original);
  }, 60_000);

  it('interrupted mid-drain, paused (the same state ended by its window), aborted', async () => {
    const states = await demoStates((e) => e.type === 'node' && e.status === 'draining');
    const last = states.at(-1);
    if (!last) throw new Error('nothing journaled');
    const v = statusView('demo', last, undefined, last.now);
    expect(v.state).toBe('interrupted');
    expect(v.summary).toContain('was interrupted');
    expect(v.estimate?.secondsLeft).toBeNull();
    const paused = statusView('demo', { ...last, outcome: 'paused' }, undefined, last.now);
    expect(paused.state).toBe('paused');
    expect(paused.summary).toContain('The next `dextre roll nodes` run in a window goes on');
    const aborted = statusView('demo', { ...last, abort: { at: last.now + 10, by: 'ops/1', drained: [], restored: true } }, undefined, last.now + 20);
    expect(aborted.state).toBe('aborted');
    expect(aborted.summary).toContain('aborted by ops/1');
  }, 60_000);

  it('nothing journaled, or a roll of another cluster: none, saying so', () => {
    expect(statusView('prod', undefined, undefined, at)).toMatchObject({ state: 'none', summary: 'No roll has been journaled on cluster prod.', rollId: null });
    expect(statusView('prod', waitingOnPdb(), undefined, at).state).toBe('none');
  });
});
