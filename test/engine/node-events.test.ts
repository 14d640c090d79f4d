import { describe, expect, it } from 'vitest';
import { loadSimulation } from '../../src/sim/index.js';
import { fixture, roll } from './scenario.js';

describe('Kubernetes Events on nodes', () => {
  it('every replaced node is told it was cordoned, drained and terminated, in that order; replacements that they joined', async () => {
    const { sim, result } = await roll(loadSimulation(fixture('demo')));
    expect(result.outcome).toBe('succeeded');
    const events = sim.nodeEvents();
    const replaced = result.nodes.filter((n) => n.action === 'replaced').map((n) => n.name);
    expect(replaced.length).toBeGreaterThan(0);
    for (const node of replaced) {
      expect(events.filter((e) => e.node === node).map((e) => e.reason)).toEqual(['DextreCordon', 'DextreDrain', 'DextreTerminate']);
    }
    const replacements = new Set(events.filter((e) => e.reason === 'DextreReplacementReady').map((e) => e.node));
    expect(replacements.size).toBeGreaterThan(0);
    for (const node of replacements) expect(replaced).not.toContain(node);
    expect(events.every((e) => /by dextre \(roll [\w-]+\)/.test(e.message))).toBe(true);
  });

  it('a failure to record an event never stops the roll', async () => {
    const sim = loadSimulation(fixture('demo'));
    for (let i = 0; i < 100; i++) sim.faults.once('recordNodeEvent', new Error('events are forbidden'));
    const { result } = await roll(sim);
    expect(result.outcome).toBe('succeeded');
  });
});
