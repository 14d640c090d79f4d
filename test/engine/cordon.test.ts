// `dextre cordon` / `uncordon` on the simulator: idempotent (compare before patch), all-or-nothing on
// unknown names, Events on the nodes, dry runs that write nothing, and roll marks kept unless asked.
import { describe, expect, it } from 'vitest';
import { runCordon, type CordonRequest } from '../../src/engine/cordon.js';
import { SOFT_TAINT } from '../../src/core/roll/marks.js';
import { loadSimulation } from '../../src/sim/index.js';
import { fixture } from './scenario.js';

const load = () => loadSimulation(fixture('statefulset-pdb'), { speed: 'max' });
const request = (names: string[], extra: Partial<CordonRequest> = {}): CordonRequest => ({ nodes: { names }, unschedulable: true, clearRollMarks: false, dryRun: false, ...extra });
const patches = (sim: ReturnType<typeof load>) => sim.actions().filter((a) => a.verb === 'patchNode').map((a) => a.target);

describe('cordon and uncordon', () => {
  it('cordon twice writes once; uncordon twice writes once; each change is an Event on the node', async () => {
    const sim = load();
    const [a, b] = (await sim.kube.listNodes()).map((n) => n.name);
    const first = await runCordon(sim.kube, 'test', request([a!, b!]));
    expect(first.nodes.map((n) => [n.name, n.action, n.changed])).toEqual([[a, 'cordoned', true], [b, 'cordoned', true]]);
    const again = await runCordon(sim.kube, 'test', request([a!]));
    expect(again.nodes.map((n) => [n.action, n.changed])).toEqual([['already-cordoned', false]]);
    expect(patches(sim)).toEqual([a, b]);
    await runCordon(sim.kube, 'test', request([a!], { unschedulable: false }));
    const back = await runCordon(sim.kube, 'test', request([a!], { unschedulable: false }));
    expect(back.nodes.map((n) => n.action)).toEqual(['already-uncordoned']);
    expect(patches(sim)).toEqual([a, b, a]);
    expect(sim.nodeEvents().map((e) => [e.node, e.reason, e.message])).toEqual([
      [a, 'DextreCordon', 'Cordoned by dextre cordon'],
      [b, 'DextreCordon', 'Cordoned by dextre cordon'],
      [a, 'DextreUncordon', 'Uncordoned by dextre uncordon'],
    ]);
    expect((await sim.kube.listNodes()).map((n) => n.unschedulable)).toEqual((await sim.kube.listNodes()).map((n) => n.name === b));
  });

  it('an unknown node among known ones changes none of them', async () => {
    const sim = load();
    const [a] = (await sim.kube.listNodes()).map((n) => n.name);
    await expect(runCordon(sim.kube, 'test', request([a!, 'nope']))).rejects.toMatchObject({ code: 'USAGE', exitCode: 2, message: expect.stringContaining('Node nope not found') });
    expect(sim.actions()).toEqual([]);
    expect(sim.nodeEvents()).toEqual([]);
  });

  it('--dry-run reports what would change and writes nothing', async () => {
    const sim = load();
    const names = (await sim.kube.listNodes()).map((n) => n.name);
    const result = await runCordon(sim.kube, 'test', { nodes: { names: [], selector: 'topology.kubernetes.io/zone=eu-west-1a' }, unschedulable: true, clearRollMarks: false, dryRun: true });
    expect(result).toMatchObject({ outcome: 'planned', dryRun: true });
    expect(result.nodes.map((n) => [n.action, n.changed])).toEqual([['cordoned', false]]);
    expect(names).toContain(result.nodes[0]?.name);
    expect(sim.actions()).toEqual([]);
  });

  it('uncordon keeps the soft taint a roll left unless --clear-roll-marks', async () => {
    const sim = load();
    const [a] = (await sim.kube.listNodes()).map((n) => n.name);
    await sim.kube.patchNode(a!, { unschedulable: true, addTaints: [SOFT_TAINT] });
    const kept = await runCordon(sim.kube, 'test', request([a!], { unschedulable: false }));
    expect(kept.warnings).toEqual([expect.stringContaining('--clear-roll-marks')]);
    expect((await sim.kube.listNodes()).find((n) => n.name === a)).toMatchObject({ unschedulable: false, taints: [SOFT_TAINT] });
    const cleared = await runCordon(sim.kube, 'test', request([a!], { unschedulable: false, clearRollMarks: true }));
    expect(cleared.nodes).toEqual([{ name: a, action: 'already-uncordoned', changed: true, marksRemoved: ['taint dextre.io/outdated:PreferNoSchedule'] }]);
    expect((await sim.kube.listNodes()).find((n) => n.name === a)?.taints).toEqual([]);
  });
});
