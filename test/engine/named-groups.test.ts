// A cluster whose Auto Scaling groups are named in dextre.yaml (`groups:`) rather than tagged for it: the
// groups carry another cluster's name in their tags (or none), so only their names find them — during
// the roll (new instances, their sizes, the result) as well as in the plan.
import { describe, expect, it } from 'vitest';
import { MemoryJournal } from '../../src/engine/journal-file.js';
import { prepareRoll } from '../../src/engine/prepare.js';
import { executeRoll } from '../../src/engine/roll.js';
import { loadSimulation } from '../../src/sim/index.js';
import { defaults, fixture } from './scenario.js';

describe('a roll of groups named, not tagged, for the cluster', () => {
  it('sees the replacements turn Ready and ends succeeded with every invariant', async () => {
    // The demo fixture's groups are tagged for "demo"; the cluster is called "prod" here, as a dextre.yaml
    // entry `prod: {groups: [demo-memory]}` would call it.
    const sim = loadSimulation(fixture('demo'), { speed: 'max' });
    expect(await sim.cloud.describeGroups({ cluster: 'prod' })).toEqual([]);
    const prepared = await prepareRoll({ ...sim, groupNames: ['demo-memory'] }, 'prod', defaults);
    expect(prepared.plan.nodes.length).toBeGreaterThan(0);
    const result = await executeRoll({ ...sim, journal: new MemoryJournal(), simulationReport: () => sim.report() }, prepared);
    expect(result.outcome).toBe('succeeded');
    expect(result.groups.map((g) => g.name)).toEqual(['demo-memory']);
    expect(result.nodes.every((n) => n.action === 'replaced' && n.replacement !== null)).toBe(true);
    const report = result.simulation;
    expect(report?.pdbViolations).toBe(0);
    expect(report?.lostPods).toBe(0);
    expect(result.groups[0]?.after).toEqual(result.groups[0]?.before);
    // Only the named group was touched.
    expect(sim.actions().filter((a) => a.port === 'cloud' && a.target === 'demo-general')).toEqual([]);
  });
});
