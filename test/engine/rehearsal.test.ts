// Rehearsals: the real engine on a fresh simulator. The prediction must agree with what the simulator
// observed on its own (evictions, refusals, duration, capacity), give every node a timeline in a sensible
// order, and be the same every time.
import { describe, expect, it } from 'vitest';
import type { NodeTimeline } from '../../src/core/prediction.js';
import type { ResolvedTarget } from '../../src/config/target.js';
import { rehearsalWorld, rehearseRoll, type Rehearsal } from '../../src/engine/rehearsal.js';
import { prepareRoll } from '../../src/engine/prepare.js';
import { createSimulation, loadFixture, type Simulation } from '../../src/sim/index.js';
import { defaults, fixture } from './scenario.js';

const rehearse = (name: string, options = defaults): Promise<Rehearsal> => rehearseRoll(loadFixture(fixture(name)), options);

/** The phases of a row keep their order: a replacement registers, turns Ready, pulls; a node drains, then goes. */
function checkRow(row: NodeTimeline): void {
  const get = (name: string) => row.phases.find((p) => p.phase === name);
  for (const p of row.phases) {
    expect(p.start, `${row.node} ${p.phase}`).toBeGreaterThanOrEqual(0);
    expect(p.end, `${row.node} ${p.phase}`).toBeGreaterThanOrEqual(p.start);
  }
  const [surge, ready, prepull, drain, terminate] = ['surge', 'ready', 'prepull', 'drain', 'terminate'].map(get);
  expect(surge?.end, row.node).toBe(ready?.start);
  expect(ready?.end, row.node).toBe(prepull?.start);
  expect(drain?.end, row.node).toBeLessThanOrEqual(terminate?.start ?? -1);
}

describe('rehearseRoll on pdb-shared.yaml (one PDB over two Deployments)', () => {
  it('predicts what the simulator observed: duration, evictions, refusals, the PDB holds, capacity', async () => {
    const { result, prediction, events } = await rehearse('pdb-shared');
    const sim = result.simulation;
    expect(result.outcome).toBe('succeeded');
    expect(sim).toMatchObject({ pdbViolations: 0, lostPods: 0, outdatedNodesRemaining: 0 });
    expect(prediction.outcome).toBe('succeeded');
    expect(prediction.seconds).toBeCloseTo(sim?.virtualSeconds ?? -1, 2);

    const moves = events.filter((e) => e.type === 'pod');
    expect(moves.filter((e) => e.status === 'evicted')).toHaveLength(sim?.evictions ?? -1);
    expect(moves.filter((e) => e.status === 'refused')).toHaveLength(sim?.evictionsRefusedByPdb ?? -1);
    expect(sim?.evictionsRefusedByPdb).toBeGreaterThan(0);
    expect(prediction.pdbHolds.map((h) => h.pdb)).toStrictEqual(['app/web-tier']);
    expect(prediction.pdbHolds[0]?.refusals).toBe(sim?.evictionsRefusedByPdb);
    expect(prediction.pdbHolds[0]?.seconds).toBeGreaterThan(0);

    const launched = events.reduce((n, e) => n + (e.type === 'launch' ? e.count : 0), 0);
    expect(launched).toBe(result.nodes.length);
    expect(prediction.peakExtraInstances).toBe(sim?.maxExtraInstances);

    expect(prediction.readyCapacity[0]).toStrictEqual({ at: 0, ratio: 1 });
    const ratios = prediction.readyCapacity.map((p) => p.ratio);
    expect(Math.min(...ratios)).toBeGreaterThanOrEqual(sim?.minReadyCapacityRatio ?? 2);
    expect(Math.max(...ratios)).toBeGreaterThan(1);
  });

  it('gives every node a row with all five phases in order, paired with its replacement', async () => {
    const { result, prediction } = await rehearse('pdb-shared');
    expect(prediction.timeline.map((t) => [t.node, t.replacement])).toStrictEqual(result.nodes.map((n) => [n.name, n.replacement?.name]));
    for (const row of prediction.timeline) {
      expect(row.phases.map((p) => p.phase)).toStrictEqual(['surge', 'ready', 'prepull', 'drain', 'terminate']);
      checkRow(row);
    }
    // The toe-dip: the first replacement is asked for at the start, alone.
    expect(Math.min(...prediction.timeline.map((t) => t.phases[0]?.start ?? -1))).toBe(0);
  });
});

describe('rehearseRoll on the demo', () => {
  it('is deterministic: two rehearsals give the same prediction', async () => {
    const [a, b] = await Promise.all([rehearse('demo'), rehearse('demo')]);
    expect(a.prediction).toStrictEqual(b.prediction);
    expect(a.result.simulation).toStrictEqual(b.result.simulation);
    expect(a.prediction.timeline).toHaveLength(15);
    for (const row of a.prediction.timeline) checkRow(row);
  }, 60_000);

  it('follows the options: without pre-pull no row has a pre-pull phase', async () => {
    const { prediction } = await rehearse('statefulset-pdb', { ...defaults, prepull: false });
    expect(prediction.outcome).toBe('succeeded');
    for (const row of prediction.timeline) expect(row.phases.map((p) => p.phase)).toStrictEqual(['surge', 'ready', 'drain', 'terminate']);
  });
});

describe('rehearsalWorld', () => {
  it('rebuilds a simulator target from its fixture, assuming nothing', async () => {
    const target: ResolvedTarget = { kind: 'simulator', fixture: fixture('pdb-shared'), speed: 150, roll: {} };
    const sim = createSimulation(loadFixture(fixture('pdb-shared')));
    expect(await rehearsalWorld(target, sim)).toStrictEqual({ fixture: loadFixture(fixture('pdb-shared')), assumptions: [] });
  });

  it('rehearses a real cluster on a snapshot read through its ports, which plans the same roll', async () => {
    // The simulator stands in for the live cluster: only its ports are read, as for a real one.
    const live = createSimulation(loadFixture(fixture('pdb-shared')));
    const target: ResolvedTarget = { kind: 'cluster', cluster: { name: 'prod', roll: {} }, roll: {} };
    const world = await rehearsalWorld(target, live);
    expect(world.assumptions.length).toBeGreaterThan(0);
    const copy = createSimulation(world.fixture);
    const planOf = async (s: Simulation) => (await prepareRoll(s, s.clusterName, defaults)).plan.nodes.map((n) => n.name);
    expect(await planOf(copy)).toStrictEqual(await planOf(live));
    const rehearsal = await rehearseRoll(world.fixture, defaults);
    expect(rehearsal.result.outcome).toBe('succeeded');
    expect(rehearsal.result.simulation).toMatchObject({ pdbViolations: 0, lostPods: 0, outdatedNodesRemaining: 0 });
  });
});
