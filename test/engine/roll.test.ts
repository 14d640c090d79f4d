// Whole rolls on the simulator. The simulator observes the invariants itself (its report); the tests
// read its report and its action log, never the engine's opinion of its own work.
import { describe, expect, it } from 'vitest';
import type { RollResult } from '../../src/core/result.js';
import { DextreError } from '../../src/core/errors.js';
import { fixture, roll, rollFixture, rollWith } from './scenario.js';
import { loadSimulation, type Simulation } from '../../src/sim/index.js';

function expectInvariants(result: RollResult): void {
  const sim = result.simulation;
  expect(sim).toBeDefined();
  expect(sim?.pdbViolations).toBe(0);
  expect(sim?.lostPods).toBe(0);
  expect(sim?.minReadyCapacityRatio).toBeGreaterThanOrEqual(1);
  expect(sim?.outdatedNodesRemaining).toBe(0);
  expect(sim?.unreadyControllerPods).toBe(0);
  for (const g of result.groups) {
    expect(g.after).toEqual(g.before);
    expect(g.suspendedProcessesAfter).toEqual(g.suspendedProcessesBefore);
    expect(sim?.maxExtraInstances).toBeLessThanOrEqual(Math.max(...result.groups.map((x) => x.surge)));
  }
  expect(result.nodes.every((n) => n.action === 'replaced' && n.replacement !== null)).toBe(true);
}

describe('rolling the demo cluster', () => {
  it('replaces every outdated node and keeps every invariant', async () => {
    const { result } = await rollFixture('demo');
    expect(result.outcome).toBe('succeeded');
    expect(result.nodes.length).toBeGreaterThanOrEqual(12);
    expectInvariants(result);
  });

  it('is deterministic: the same inputs give the same actions and the same virtual time', async () => {
    const a = await rollFixture('demo');
    const b = await rollFixture('demo');
    expect(b.sim.actions()).toEqual(a.sim.actions());
    expect(b.result.simulation?.virtualSeconds).toBe(a.result.simulation?.virtualSeconds);
  });

  it('keeps the documented order of actions for every node', async () => {
    const { sim, result } = await rollFixture('demo');
    const log = sim.actions().map((a, i) => ({ ...a, i }));
    const first = (pred: (a: (typeof log)[number]) => boolean) => log.find(pred)?.i ?? -1;
    const last = (pred: (a: (typeof log)[number]) => boolean) => log.filter(pred).at(-1)?.i ?? -1;
    for (const g of result.groups) {
      const suspended = first((a) => a.verb === 'suspendProcesses' && a.target === g.name);
      const surged = first((a) => a.verb === 'setGroupSize' && a.target === g.name);
      const resumed = last((a) => a.verb === 'resumeProcesses' && a.target === g.name);
      expect(suspended).toBeGreaterThanOrEqual(0);
      expect(suspended).toBeLessThan(surged);
      expect(resumed).toBeGreaterThan(last((a) => a.verb === 'terminateInstance'));
    }
    for (const n of result.nodes) {
      const cordoned = first((a) => a.verb === 'patchNode' && a.target === n.name && /unschedulable/.test(a.detail ?? ''));
      const terminated = first((a) => a.verb === 'terminateInstance' && a.target === n.instanceId);
      expect(cordoned).toBeGreaterThanOrEqual(0);
      expect(terminated).toBeGreaterThan(cordoned);
    }
  });

  it('pre-pulling cuts the start-up time of moved pods (the congestion is modelled)', async () => {
    const warm = await rollFixture('demo');
    const cold = await rollFixture('demo', { prepull: false });
    expect(cold.result.outcome).toBe('succeeded');
    // Warm, a moved pod starts in its own startup time; cold, it first pulls its image while the other pods
    // moved off the same node pull theirs over the same link.
    const w = warm.result.simulation?.movedPodStartupSeconds;
    const c = cold.result.simulation?.movedPodStartupSeconds;
    expect(c?.p50 ?? 0).toBeGreaterThan((w?.p50 ?? Infinity) * 1.5);
    expect(c?.p95 ?? 0).toBeGreaterThan((w?.p95 ?? Infinity) * 1.3);
  });
});

describe('scenario fixtures', () => {
  it.each(['single-replica', 'statefulset-pdb', 'group-at-max', 'zone-full'])('%s rolls with every invariant', async (name) => {
    const { result } = await rollFixture(name);
    expect(result.outcome).toBe('succeeded');
    expectInvariants(result);
  });

  it('a PDB that never allows disruption blocks the roll before anything changes', async () => {
    const { sim, result } = await rollFixture('pdb-never');
    expect(result.outcome).toBe('failed');
    expect(result.error?.code).toBe('BLOCKED');
    expect(result.blockers.some((b) => b.kind === 'pdb-never-allows' && b.pdb !== undefined)).toBe(true);
    expect(sim.actions()).toEqual([]);
    expect(sim.report().pdbViolations).toBe(0);
  });

  it('unreplicated and emptyDir pods block without their flags', async () => {
    const { sim, result } = await rollFixture('unreplicated-emptydir');
    expect(result.outcome).toBe('failed');
    expect(result.blockers.map((b) => b.flag).sort()).toEqual(expect.arrayContaining(['--delete-emptydir-data', '--force']));
    expect(sim.actions()).toEqual([]);
  });

  it('unreplicated and emptyDir pods move with --force and --delete-emptydir-data', async () => {
    const { result } = await rollFixture('unreplicated-emptydir', { force: true, deleteEmptyDirData: true });
    expect(result.outcome).toBe('succeeded');
    expect(result.simulation?.lostPods).toBe(0);
    expect(result.simulation?.pdbViolations).toBe(0);
  });

  it('same input gives the same plan', async () => {
    const a = await roll(loadSimulation(fixture('demo'), { speed: 'max' }), { prepull: true });
    const b = await roll(loadSimulation(fixture('demo'), { speed: 'max' }), { prepull: true });
    expect(b.result.nodes.map((n) => [n.name, n.replacement?.name])).toEqual(a.result.nodes.map((n) => [n.name, n.replacement?.name]));
  });
});

/** Per group, the spread of running instances across its zones (most − fewest). */
async function zoneSkew(sim: Simulation): Promise<Record<string, number>> {
  const skew: Record<string, number> = {};
  for (const g of await sim.cloud.describeGroups({ cluster: sim.clusterName })) {
    const counts = new Map(g.zones.map((z) => [z, 0]));
    for (const i of g.instances) {
      if (i.lifecycleState === 'InService' || i.lifecycleState === 'Pending') counts.set(i.zone, (counts.get(i.zone) ?? 0) + 1);
    }
    skew[g.name] = Math.max(...counts.values()) - Math.min(...counts.values());
  }
  return skew;
}

describe('zone balance', () => {
  it.each(['demo', 'azrebalance', 'statefulset-pdb', 'single-replica', 'zone-full'])(
    '%s: every group ends as balanced across its zones as it began (Auto Scaling picks launch zones; dextre picks what leaves)',
    async (name) => {
      const sim = loadSimulation(fixture(name), { speed: 'max' });
      const before = await zoneSkew(sim);
      const { result } = await roll(sim);
      expect(result.outcome).toBe('succeeded');
      expect(await zoneSkew(sim)).toEqual(before);
      // …and each old node's stand-in, as reported, is the replacement its termination drew into its zone.
      expect(result.nodes.filter((n) => n.replacement?.zone !== n.zone)).toEqual([]);
    },
  );
});

describe('other settings and failures', () => {
  it('keeps a desired-capacity change someone else makes during the roll (cluster-autoscaler scaling up)', async () => {
    const sim = loadSimulation(fixture('single-replica'), { speed: 'max' });
    let bumped = false;
    const { result } = await roll(sim, {}, undefined, {
      onEvent: (e) => {
        if (bumped || e.type !== 'node' || e.status !== 'draining') return;
        bumped = true;
        // Out of band, as cluster-autoscaler would for pending pods: one more instance.
        void sim.cloud.describeGroups({ cluster: sim.clusterName }).then(([g]) => {
          if (g) void sim.cloud.setGroupSize(g.name, { min: g.min, max: g.max, desired: g.desired + 1 });
        });
      },
    });
    expect(bumped).toBe(true);
    expect(result.outcome).toBe('succeeded');
    const [g] = result.groups;
    expect(g?.after).toEqual({ ...g?.before, desired: (g?.before.desired ?? 0) + 1 });
    expect(result.warnings.join('\n')).toMatch(/changed by \+1 outside dextre/);
    expect(sim.report()).toMatchObject({ pdbViolations: 0, lostPods: 0, outdatedNodesRemaining: 0 });
  });

  it.each(['single-replica', 'group-at-max', 'statefulset-pdb'])('%s rolls with surge 0 and one node unavailable at a time', async (name) => {
    const { result } = await rollFixture(name, { surge: '0', maxUnavailable: '1' });
    expect(result.outcome).toBe('succeeded');
    expect(result.simulation).toMatchObject({ pdbViolations: 0, lostPods: 0, outdatedNodesRemaining: 0, unreadyControllerPods: 0, maxExtraInstances: 0 });
    for (const g of result.groups) {
      expect(g.after).toEqual(g.before);
      expect(g.suspendedProcessesAfter).toEqual(g.suspendedProcessesBefore);
    }
  });

  it('does not move a pod whose image the new nodes could not pre-pull: the roll stops before touching it', async () => {
    const { sim, result } = await rollFixture('image-unpullable');
    expect(result.outcome).toBe('failed');
    expect(result.error?.code).toBe('BLOCKED');
    expect(result.blockers).toEqual([
      expect.objectContaining({ kind: 'image-not-pullable', pod: expect.stringMatching(/^app\/solo-/) }),
    ]);
    expect(sim.actions().some((a) => a.verb === 'evictPod' && a.target.startsWith('app/solo-'))).toBe(false);
    expect(sim.report()).toMatchObject({ pdbViolations: 0, lostPods: 0 });
    for (const g of result.groups) expect(g.suspendedProcessesAfter).toEqual(g.suspendedProcessesBefore);
  });

  it('without pre-pull, stops as blocked when a moved pod never serves again, and restores the groups', async () => {
    const { result } = await rollFixture('image-unpullable', { drainTimeoutSeconds: 300, prepull: false });
    expect(result.outcome).toBe('failed');
    expect(result.error?.code).toBe('BLOCKED');
    expect(result.blockers).toEqual([expect.objectContaining({ kind: 'replacement-not-ready', pod: expect.stringMatching(/^app\/solo-/) })]);
    expect(result.simulation?.pdbViolations).toBe(0);
    expect(result.simulation?.lostPods).toBe(0);
    for (const g of result.groups) expect(g.suspendedProcessesAfter).toEqual(g.suspendedProcessesBefore);
  });

  it('a terminate Auto Scaling refuses stops the roll, keeps that drained node cordoned and still restores the processes', async () => {
    const sim = loadSimulation(fixture('single-replica'), { speed: 'max' });
    sim.faults.once('terminateInstance', new DextreError('FORBIDDEN', 'not authorized to perform autoscaling:TerminateInstanceInAutoScalingGroup'));
    const { result } = await roll(sim);
    expect(result.outcome).toBe('failed');
    expect(result.error?.code).toBe('FORBIDDEN');
    const failed = result.nodes.filter((n) => n.action === 'failed');
    expect(failed).toHaveLength(1);
    const nodes = await sim.kube.listNodes();
    expect(nodes.find((n) => n.name === failed[0]?.name)?.unschedulable).toBe(true);
    // The other old nodes were never drained: they are schedulable again, without dextre's taint.
    for (const n of nodes.filter((x) => result.nodes.some((r) => r.name === x.name && r.action !== 'failed'))) {
      expect(n.unschedulable).toBe(false);
      expect(n.taints.some((t) => t.key === 'dextre.io/outdated')).toBe(false);
    }
    for (const g of result.groups) {
      expect(g.suspendedProcessesAfter).toEqual(g.suspendedProcessesBefore);
      expect(g.after.min).toBe(g.before.min);
    }
    expect(sim.report()).toMatchObject({ pdbViolations: 0, lostPods: 0 });
  });

  it('an interrupted roll uncordons what it did not drain and resumes the processes it suspended', async () => {
    const sim = loadSimulation(fixture('demo'), { speed: 'max' });
    const controller = new AbortController();
    const { result } = await rollWith(sim, controller, (e) => e.type === 'node' && e.status === 'draining');
    expect(result.outcome).toBe('interrupted');
    for (const g of result.groups) expect(g.suspendedProcessesAfter).toEqual(g.suspendedProcessesBefore);
    const nodes = await sim.kube.listNodes();
    const unreplaced = new Set(result.nodes.filter((n) => n.action !== 'replaced').map((n) => n.name));
    for (const n of nodes.filter((x) => unreplaced.has(x.name))) {
      expect(n.unschedulable).toBe(false);
      expect(n.taints.some((t) => t.key === 'dextre.io/outdated')).toBe(false);
    }
    expect(nodes.every((n) => n.labels['dextre.io/prepull'] === undefined)).toBe(true);
    expect(sim.report()).toMatchObject({ pdbViolations: 0, lostPods: 0 });
  });
});
