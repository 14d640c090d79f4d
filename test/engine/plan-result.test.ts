import { describe, expect, it } from 'vitest';
import { planResult } from '../../src/engine/plan-result.js';
import { prepareRoll } from '../../src/engine/prepare.js';
import { loadSimulation } from '../../src/sim/index.js';
import { defaults, fixture } from './scenario.js';

describe('the plan as a result', () => {
  it('lists every node to replace as planned, and each namespace once among the images to pre-pull', async () => {
    const sim = loadSimulation(fixture('demo'), { speed: 'max' });
    const prepared = await prepareRoll(sim, sim.clusterName, defaults);
    const result = planResult(prepared);
    expect(result.outcome).toBe('planned');
    expect(result.nodes.map((n) => n.name)).toEqual(prepared.plan.nodes.map((n) => n.name));
    expect(result.nodes.every((n) => n.action === 'planned' && n.reasons.length > 0)).toBe(true);
    const namespaces = result.prepull.map((p) => p.namespace);
    expect(namespaces).toEqual([...new Set(namespaces)].sort());
    // The plan is read only: nothing reached the cluster.
    expect(sim.actions()).toEqual([]);
  });
});
