// A snapshot is a cluster read through the ports and written as a fixture. Loaded back into the simulator
// it must read as the same cluster: the same plan, the same pods on the same nodes, the same start-up
// times; and what it could not read it says it assumed.
import { describe, expect, it } from 'vitest';
import type { ClusterView, Pod } from '../../src/core/model.js';
import { planRoll } from '../../src/core/planner.js';
import { readCluster } from '../../src/engine/prepare.js';
import { takeSnapshot } from '../../src/engine/snapshot.js';
import { DEMO_FIXTURE, createSimulation, loadSimulation, parseFixture, type Simulation } from '../../src/sim/index.js';
import { snapshotDocument } from '../../src/sim/fixture/snapshot/index.js';
import { clusterYaml } from '../sim/helpers.js';
import { rollOptions } from '../core/builders.js';

async function replay(sim: Simulation): Promise<{ view: ClusterView; again: ClusterView; text: string }> {
  const view = await readCluster(sim, sim.clusterName);
  const text = JSON.stringify(await takeSnapshot(sim, sim.clusterName, 'test'));
  const copy = createSimulation(parseFixture(text, 'snapshot.json'));
  return { view, again: await readCluster(copy, copy.clusterName), text };
}

/** A pod as another world names it the same: uids differ, and DaemonSet pods are named by their controller. */
const comparable = (pods: readonly Pod[]) =>
  pods.filter((p) => p.owner?.kind !== 'DaemonSet').map((p) => ({ ...p, uid: '' }));

describe('a snapshot of the demo cluster, loaded back', () => {
  it('plans the same roll', async () => {
    const { view, again } = await replay(loadSimulation(DEMO_FIXTURE));
    expect(planRoll(again, rollOptions())).toEqual(planRoll(view, rollOptions()));
    expect(planRoll(again, rollOptions({ maxAgeSeconds: 50 * 86400 }))).toEqual(planRoll(view, rollOptions({ maxAgeSeconds: 50 * 86400 })));
  });

  it('has the same nodes, groups, workloads and budgets, and every pod on its node with its start-up time', async () => {
    const { view, again } = await replay(loadSimulation(DEMO_FIXTURE));
    expect(again.nodes).toEqual(view.nodes);
    expect(again.groups).toEqual(view.groups);
    expect(again.launchTemplates).toEqual(view.launchTemplates);
    expect(again.workloads).toEqual(view.workloads);
    expect(again.pdbs).toEqual(view.pdbs);
    expect(comparable(again.pods)).toEqual(comparable(view.pods));
    // DaemonSet pods: one per node again.
    const daemons = (v: ClusterView) => v.pods.filter((p) => p.owner?.kind === 'DaemonSet').map((p) => `${p.owner?.name}@${p.nodeName}`).sort();
    expect(daemons(again)).toEqual(daemons(view));
  });

  it('names pull secrets, never their values, and lists its assumptions', async () => {
    const { text } = await replay(loadSimulation(DEMO_FIXTURE));
    const doc = JSON.parse(text) as { namespaces: { name: string; pullSecrets: string[] }[]; snapshot: { assumptions: string[] } };
    expect(doc.namespaces.find((n) => n.name === 'payments')?.pullSecrets).toEqual(['regcred']);
    expect(text).not.toMatch(/"(data|stringData|token|password)":/);
    expect(doc.snapshot.assumptions.some((a) => a.includes('MiB/s per node'))).toBe(true);
  });
});

describe('what a snapshot keeps, and what it assumes', () => {
  it('a cordoned node with its own labels and taints, and dextre marks that must not spread to new nodes', async () => {
    const sim = loadSimulation(DEMO_FIXTURE);
    const [first, second] = await sim.kube.listNodes();
    await sim.kube.patchNode(first!.name, { unschedulable: true, labels: { team: 'data' }, addTaints: [{ key: 'dextre.io/outdated', effect: 'PreferNoSchedule' }] });
    await sim.kube.patchNode(second!.name, { addTaints: [{ key: 'dextre.io/outdated', effect: 'PreferNoSchedule' }] });
    const { view, again, text } = await replay(sim);
    expect(again.nodes.find((n) => n.name === first!.name)).toEqual(view.nodes.find((n) => n.name === first!.name));
    const doc = JSON.parse(text) as { nodeGroups: { nodeTaints: { key: string }[] }[] };
    expect(doc.nodeGroups.flatMap((g) => g.nodeTaints).some((t) => t.key.startsWith('dextre.io/'))).toBe(false);
  });

  it('an image no node reports gets an assumed size, named among the assumptions', () => {
    const sim = createSimulation(parseFixture(clusterYaml({ workloads: ['{kind: Deployment, namespace: app, name: web, images: ["web:1"]}'] }), 't.yaml'));
    return readCluster(sim, sim.clusterName).then((view) => {
      const doc = snapshotDocument({ view, imageSizes: [], source: 'test' });
      expect(doc.images).toEqual([{ name: 'web:1', sizeMiB: 100 }]);
      expect(doc.snapshot.assumptions.some((a) => a.includes('web:1') && a.includes('100 MiB'))).toBe(true);
    });
  });

  it('a node outside the groups stays, with the pods bound to it', async () => {
    const text = `${clusterYaml({ pods: ['{namespace: app, name: agent, node: fargate-1, images: ["web:1"], owner: {kind: Rollout, name: canary}}'] })}
nodes:
  - {name: fargate-1, zone: eu-west-1b, instanceType: m5.large, labels: {eks.amazonaws.com/compute-type: fargate}}`;
    const { view, again } = await replay(createSimulation(parseFixture(text, 't.yaml')));
    expect(again.nodes).toEqual(view.nodes);
    expect(again.pods.find((p) => p.name === 'agent')).toMatchObject({ nodeName: 'fargate-1', owner: { kind: 'Rollout', name: 'canary' } });
    expect(planRoll(again, rollOptions()).skipped).toEqual(planRoll(view, rollOptions()).skipped);
  });

  it('an instance not yet InService is left out, and the simulator launches what desired lacks', async () => {
    const sim = createSimulation(parseFixture(clusterYaml({ desired: 4 }), 't.yaml'));
    const view = await readCluster(sim, sim.clusterName);
    expect(view.groups[0]?.instances.some((i) => i.lifecycleState === 'Pending')).toBe(true);
    const doc = snapshotDocument({ view, imageSizes: [], source: 'test' });
    expect(doc.nodeGroups[0]?.instances).toHaveLength(3);
    expect(doc.nodeGroups[0]?.desired).toBe(4);
    expect(doc.snapshot.assumptions.some((a) => a.includes('not InService'))).toBe(true);
  });
});
