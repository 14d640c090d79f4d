// The demo cluster is what `--cluster demo` shows: it must load settled, be entirely outdated, carry
// every kind of budget and workload the README promises, be well used but not full, and be rollable.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Node, Pdb, Pod, Workload } from '../../src/core/model.js';
import { neverAllowsDisruption } from '../../src/core/pdb.js';
import { DEMO_FIXTURE, loadFixture, loadSimulation, type Simulation } from '../../src/sim/index.js';

let sim: Simulation;
let nodes: Node[];
let pods: Pod[];
let workloads: Workload[];
let pdbs: Pdb[];

beforeAll(async () => {
  sim = loadSimulation(DEMO_FIXTURE);
  [nodes, pods, workloads, pdbs] = await Promise.all([sim.kube.listNodes(), sim.kube.listPods(), sim.kube.listWorkloads(), sim.kube.listPdbs()]);
});

describe('demo.yaml', () => {
  it('is settled at start: every controller pod placed and Ready, nothing scheduled', async () => {
    expect(pods.every((p) => p.nodeName !== undefined && p.phase === 'Running' && p.ready)).toBe(true);
    expect(workloads.every((w) => w.readyReplicas === w.replicas)).toBe(true);
    expect(sim.report().unreadyControllerPods).toBe(0);
    expect(await sim.clock.idle(Promise.resolve())).toBe(false);
  });

  it('has 3 zones, 2 groups and 12+ nodes, all on an old launch template version', async () => {
    const groups = await sim.cloud.describeGroups({ cluster: 'demo' });
    expect(groups).toHaveLength(2);
    expect(new Set(nodes.map((n) => n.labels['topology.kubernetes.io/zone'])).size).toBe(3);
    expect(nodes.length).toBeGreaterThanOrEqual(12);
    for (const g of groups) expect(g.launchTemplate?.version).toBe('$Latest');
    expect(sim.report().outdatedNodesRemaining).toBe(nodes.length);
  });

  it('has 30+ workloads in several namespaces, DaemonSets, StatefulSets and system-critical pods', () => {
    const fixture = loadFixture(DEMO_FIXTURE);
    expect(fixture.workloads.length).toBeGreaterThanOrEqual(30);
    expect(new Set(fixture.workloads.map((w) => w.namespace)).size).toBeGreaterThanOrEqual(5);
    expect(workloads.filter((w) => w.kind === 'DaemonSet').length).toBeGreaterThanOrEqual(3);
    expect(pods.some((p) => p.priorityClassName === 'system-cluster-critical')).toBe(true);
    const sizes = fixture.images.map((i) => i.sizeMiB);
    expect(Math.min(...sizes)).toBeLessThanOrEqual(20);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(1536);
    expect(fixture.namespaces.some((n) => n.pullSecrets.length > 0)).toBe(true);
  });

  it('has PDBs of every form, one on a StatefulSet and one on a system-critical workload', () => {
    const forms = new Set(
      pdbs.map((p) =>
        p.minAvailable !== undefined
          ? `minAvailable ${typeof p.minAvailable === 'number' ? 'int' : '%'}`
          : `maxUnavailable ${typeof p.maxUnavailable === 'number' ? 'int' : '%'}`,
      ),
    );
    expect([...forms].sort()).toEqual(['maxUnavailable %', 'maxUnavailable int', 'minAvailable %', 'minAvailable int']);
    const selected = (pdb: Pdb) => pods.filter((p) => p.namespace === pdb.namespace && Object.entries(pdb.selector.matchLabels ?? {}).every(([k, v]) => p.labels[k] === v));
    expect(pdbs.some((pdb) => selected(pdb).some((p) => p.owner?.kind === 'StatefulSet'))).toBe(true);
    expect(pdbs.some((pdb) => selected(pdb).some((p) => p.priorityClassName === 'system-cluster-critical'))).toBe(true);
  });

  it('is rollable: every budget allows a disruption now and ever; no bare or emptyDir pods', () => {
    for (const pdb of pdbs) {
      expect(neverAllowsDisruption(pdb), pdb.name).toBeUndefined();
      expect(pdb.status.disruptionsAllowed, pdb.name).toBeGreaterThan(0);
    }
    expect(pods.filter((p) => !p.owner)).toEqual([]);
    expect(pods.filter((p) => p.volumes.some((v) => v.emptyDir !== undefined))).toEqual([]);
  });

  it('is well used but not full, so cluster-autoscaler keeps every node and the roll has room', () => {
    const share = (n: Node, r: 'cpu' | 'memory') =>
      pods.filter((p) => p.nodeName === n.name).reduce((s, p) => s + p.requests[r], 0) / n.allocatable[r];
    for (const n of nodes) {
      expect(Math.max(share(n, 'cpu'), share(n, 'memory')), n.name).toBeGreaterThan(0.55);
      expect(share(n, 'cpu'), n.name).toBeLessThan(0.9);
      expect(share(n, 'memory'), n.name).toBeLessThan(0.9);
    }
    const cpu = nodes.reduce((s, n) => s + share(n, 'cpu') * n.allocatable.cpu, 0) / nodes.reduce((s, n) => s + n.allocatable.cpu, 0);
    expect(cpu).toBeGreaterThan(0.55);
    expect(cpu).toBeLessThan(0.75);
  });
});
