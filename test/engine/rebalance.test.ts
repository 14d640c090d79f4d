// Whole rebalances on the simulator. The simulator observes the invariants itself (its report) and logs
// every change (its action log); the tests read those and the cluster, never the engine's own opinion.
import { describe, expect, it } from 'vitest';
import { DEMO_FIXTURE, loadSimulation, type Simulation } from '../../src/sim/index.js';
import { MemoryJournal } from '../../src/engine/journal-file.js';
import { readCluster } from '../../src/engine/prepare.js';
import { measureWorkloads } from '../../src/core/rebalance/measure.js';
import { DextreError } from '../../src/core/errors.js';
import type { RollLock } from '../../src/engine/api.js';
import { prepareRoll } from '../../src/engine/prepare.js';
import { executeRebalance, prepareRebalance } from '../../src/engine/rebalance.js';
import { executeRollThenRebalance } from '../../src/engine/roll-rebalance.js';
import { rebalanceOptions } from '../core/rebalance/cluster.js';
import { defaults, fixture } from './scenario.js';
import { cordonsLeft, planRebalanceOf, rebalance } from './rebalance-scenario.js';

const skewed = () => loadSimulation(fixture('skewed'), { speed: 'max' });

/** Every workload's skew as measured on the cluster now, with its maxSkew. */
async function spreads(sim: Simulation) {
  const view = await readCluster(sim, sim.clusterName);
  return measureWorkloads(view.nodes, view.pods, view.workloads).map((m) => ({ key: m.spread.key, skew: m.spread.skew, maxSkew: m.spread.maxSkew }));
}

describe('rebalancing skewed.yaml (a roll\'s aftermath)', () => {
  it('brings every workload within its maxSkew, cools the hot node, and violates no PDB (as the simulator saw it)', async () => {
    const sim = skewed();
    const before = await spreads(sim);
    expect(before.filter((w) => w.skew > w.maxSkew).length).toBeGreaterThanOrEqual(5);
    const { result } = await rebalance(sim);
    expect(result.outcome).toBe('succeeded');
    for (const w of await spreads(sim)) expect(w.skew, w.key).toBeLessThanOrEqual(w.maxSkew);
    for (const w of result.workloads) expect(w.after, w.name).toBeLessThanOrEqual(w.maxSkew);
    expect(result.simulation).toMatchObject({ pdbViolations: 0, lostPods: 0, unreadyControllerPods: 0 });
    expect(result.simulation?.evictions).toBe(result.evictions);
    expect(result.utilisation.after.hot).toBe(0);
    expect(result.utilisation.before.hot).toBe(1);
    expect(await cordonsLeft(sim)).toEqual({ unschedulable: [], annotated: [] });
  });

  it('never evicts a DaemonSet pod, nor a pod of a workload already within its skew', async () => {
    const sim = skewed();
    const { result } = await rebalance(sim);
    const evicted = sim.actions().filter((a) => a.verb === 'evictPod').map((a) => a.target);
    expect(evicted.length).toBe(result.evictions);
    expect(evicted.filter((t) => t.startsWith('kube-system/kube-proxy'))).toEqual([]);
    // checkout (1/1/1) and notifications (1/0/0) are within maxSkew 1 and not on a hot node.
    expect(evicted.filter((t) => /^shop\/(checkout|notifications)-/.test(t))).toEqual([]);
  });

  it('cordons before every eviction, only nodes it then lifts, and lifts them once the replacement serves', async () => {
    const sim = skewed();
    const { result } = await rebalance(sim);
    const log = sim.actions().map((a, i) => ({ ...a, i }));
    const cordoned = (node: string, before: number) => log.some((a) => a.i < before && a.verb === 'patchNode' && a.target === node && /"unschedulable":true/.test(a.detail ?? ''));
    for (const move of result.moves.filter((m) => m.status === 'done')) {
      const evicted = log.find((a) => a.verb === 'evictPod' && a.target === move.pod);
      expect(evicted, move.pod).toBeDefined();
      expect(cordoned(move.from.node, evicted?.i ?? 0), `${move.pod}: ${move.from.node} cordoned first`).toBe(true);
      for (const l of move.landed ?? []) expect(move.cordoned, move.pod).not.toContain(l.node);
      expect(move.asPlanned, move.pod).toBe(true);
    }
    const patched = new Set(log.filter((a) => a.verb === 'patchNode').map((a) => a.target));
    for (const node of patched) {
      const last = log.filter((a) => a.verb === 'patchNode' && a.target === node).at(-1);
      expect(last?.detail, node).toMatch(/"unschedulable":false/);
    }
  });

  it('leaves nothing to do: a second rebalance right after plans no eviction (no evict/reschedule loop)', async () => {
    const sim = skewed();
    await rebalance(sim);
    const again = await planRebalanceOf(sim);
    expect(again.moves).toEqual([]);
    expect(again.evictions).toBe(0);
    const evictionsSoFar = sim.report().evictions;
    const { result } = await rebalance(sim);
    expect(result.outcome).toBe('nothing-to-do');
    expect(sim.report().evictions).toBe(evictionsSoFar);
  });

  it('is deterministic: the same world gives the same actions', async () => {
    const [a, b] = [skewed(), skewed()];
    await rebalance(a);
    await rebalance(b);
    expect(b.actions()).toEqual(a.actions());
  });

  it('--dry-run changes nothing: the action log stays empty', async () => {
    const sim = skewed();
    const plan = await planRebalanceOf(sim);
    expect(plan.outcome).toBe('planned');
    expect(plan.moves.length).toBeGreaterThanOrEqual(10);
    expect(plan.workloads.every((w) => w.after <= w.maxSkew)).toBe(true);
    expect(sim.actions()).toEqual([]);
  });

  it.each([
    { name: 'in total', options: { maxEvictions: 3 }, check: (counts: Map<string, number>, total: number) => expect(total).toBeLessThanOrEqual(3) },
    { name: 'per node', options: { maxEvictionsPerNode: 1 }, check: (counts: Map<string, number>) => expect(Math.max(...counts.values())).toBeLessThanOrEqual(1) },
    { name: 'per namespace', options: { maxEvictionsPerNamespace: 2 }, check: (counts: Map<string, number>) => expect(Math.max(...counts.values())).toBeLessThanOrEqual(2) },
  ])('honours the cap on evictions $name', async ({ name, options, check }) => {
    const sim = skewed();
    const { result } = await rebalance(sim, options);
    expect(result.evictions).toBeGreaterThan(0);
    expect(sim.report().evictions).toBe(result.evictions);
    const counts = new Map<string, number>();
    for (const m of result.moves.filter((x) => x.status !== 'skipped' && x.status !== 'waiting')) {
      const key = name === 'per node' ? m.from.node : m.pod.split('/')[0] ?? '';
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    check(counts, result.evictions);
    expect(result.findings.some((f) => f.kind === 'cap-reached')).toBe(true);
  });
});

describe('a cluster that is already balanced', () => {
  it('the demo as loaded: nothing to do, nothing changed', async () => {
    const sim = loadSimulation(DEMO_FIXTURE, { speed: 'max' });
    const plan = await planRebalanceOf(sim);
    expect(plan.moves).toEqual([]);
    expect(plan.outcome).toBe('nothing-to-do');
    const { result } = await rebalance(sim);
    expect(result.outcome).toBe('nothing-to-do');
    expect(sim.actions()).toEqual([]);
  });
});

describe('interrupted or crashed, a rebalance leaves no cordon of dextre behind that a re-run does not lift', () => {
  it('Ctrl-C lifts every cordon at once and ends interrupted, with no PDB violated', async () => {
    const sim = skewed();
    const controller = new AbortController();
    const { result } = await rebalance(sim, {}, new MemoryJournal(), {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'move' && e.id === 'm3' && e.status === 'terminating') controller.abort('SIGINT');
      },
    });
    expect(result.outcome).toBe('interrupted');
    expect(result.moves.some((m) => m.status === 'done')).toBe(true);
    expect(result.moves.some((m) => m.status === 'skipped' && /interrupted/.test(m.detail ?? ''))).toBe(true);
    expect(await cordonsLeft(sim)).toEqual({ unschedulable: [], annotated: [] });
    expect(result.simulation?.pdbViolations).toBe(0);
  });

  /** A journal whose (n+1)-th write kills the process (as a crash would, mid-transition). */
  class CrashingJournal extends MemoryJournal {
    private writes = 0;
    constructor(private readonly survive: number) {
      super();
    }
    override async save(state: unknown): Promise<void> {
      if (this.writes++ === this.survive) throw new Error(`crash after ${this.survive} transitions`);
      await super.save(state);
    }
  }

  it.each([3, 6, 11, 17, 24, 33, 41])('crashed after %i transitions: the re-run lifts what was left and finishes the job', async (survive) => {
    const sim = skewed();
    const journal = new CrashingJournal(survive);
    await expect(rebalance(sim, {}, journal)).rejects.toThrow(/crash after/);
    const left = await cordonsLeft(sim);
    // Whatever a crash leaves cordoned by dextre carries its annotation (someone else's cordon would not).
    expect(left.unschedulable.every((n) => left.annotated.includes(n))).toBe(true);
    const { result } = await rebalance(sim, {}, journal);
    expect(result.cleanedUp).toEqual(left.annotated);
    expect(await cordonsLeft(sim)).toEqual({ unschedulable: [], annotated: [] });
    for (const w of await spreads(sim)) expect(w.skew, w.key).toBeLessThanOrEqual(w.maxSkew);
    expect(sim.report().pdbViolations).toBe(0);
  });

  it('never lifts a cordon someone else set', async () => {
    const sim = skewed();
    await sim.kube.patchNode('ip-10-0-2-11.eu-west-1.compute.internal', { unschedulable: true });
    const { result } = await rebalance(sim);
    expect(result.outcome).toBe('succeeded');
    expect((await cordonsLeft(sim)).unschedulable).toEqual(['ip-10-0-2-11.eu-west-1.compute.internal']);
    const patches = sim.actions().filter((a) => a.verb === 'patchNode' && a.target === 'ip-10-0-2-11.eu-west-1.compute.internal');
    expect(patches).toHaveLength(1); // the test's own cordon, and nothing from dextre
  });
});

describe('--fix-zones', () => {
  it('rolls a node of the fullest zone (its replacement lands in the emptiest), then rebalances the pods', async () => {
    const sim = skewed();
    const { result } = await rebalance(sim, { fixZones: true });
    expect(result.zoneFix?.outcome).toBe('succeeded');
    expect(result.zoneFix?.nodes.map((n) => [n.zone, n.replacement?.zone])).toEqual([['eu-west-1a', 'eu-west-1c']]);
    expect(result.groups[0]).toMatchObject({ zones: { 'eu-west-1a': 3, 'eu-west-1b': 2, 'eu-west-1c': 1 }, zonesAfter: { 'eu-west-1a': 2, 'eu-west-1b': 2, 'eu-west-1c': 2 } });
    expect(result.outcome).toBe('succeeded');
    for (const w of await spreads(sim)) expect(w.skew, w.key).toBeLessThanOrEqual(w.maxSkew);
    expect(sim.report()).toMatchObject({ pdbViolations: 0, lostPods: 0, unreadyControllerPods: 0 });
    const [group] = await sim.cloud.describeGroups({ cluster: sim.clusterName });
    expect(group?.desired).toBe(6);
  });
});

describe('Kubernetes Events on the nodes a rebalance cordons', () => {
  it('each cordon and its lifting are told on the node, in that order', async () => {
    const sim = skewed();
    await rebalance(sim);
    const events = sim.nodeEvents();
    const cordoned = new Set(sim.actions().filter((a) => a.verb === 'patchNode').map((a) => a.target));
    expect(cordoned.size).toBeGreaterThan(0);
    for (const node of cordoned) {
      const reasons = events.filter((e) => e.node === node).map((e) => e.reason);
      expect(reasons.length, node).toBeGreaterThan(0);
      expect(reasons.length % 2, node).toBe(0);
      reasons.forEach((r, i) => expect(r).toBe(i % 2 === 0 ? 'DextreRebalanceCordon' : 'DextreRebalanceUncordon'));
    }
  });
});

describe('the cluster lock', () => {
  /** Counts how the lock is taken; refuses a second holder, as the Lease does. */
  class CountingLock implements RollLock {
    held = false;
    acquired = 0;
    async acquire(): Promise<string | undefined> {
      if (this.held) throw new DextreError('LOCKED', 'held by another run');
      this.held = true;
      this.acquired++;
      return undefined;
    }
    async release(): Promise<void> {
      this.held = false;
    }
    async requestStop(): Promise<string | undefined> {
      return this.held ? 'another run' : undefined;
    }
    async inspect(): Promise<{ holder: string; ttlSeconds: number; holderDead: boolean } | undefined> {
      return this.held ? { holder: 'another run', ttlSeconds: 60, holderDead: false } : undefined;
    }
  }

  function context(sim: Simulation, lock: RollLock) {
    return { cloud: sim.cloud, kube: sim.kube, clock: sim.clock, journal: new MemoryJournal(), lock, simulationReport: () => sim.report() };
  }

  it('a rebalance holds it from start to end, once, also around its --fix-zones roll', async () => {
    const sim = skewed();
    const lock = new CountingLock();
    const ctx = context(sim, lock);
    const prepared = await prepareRebalance(ctx, sim.clusterName, rebalanceOptions({ fixZones: true }));
    const result = await executeRebalance({ ...ctx, rollJournal: new MemoryJournal() }, prepared);
    expect(result.zoneFix?.outcome).toBe('succeeded');
    expect(result.outcome).toBe('succeeded');
    expect(lock.acquired).toBe(1);
    expect(lock.held).toBe(false);
  });

  it('a roll and its rebalance phase hold it once, for both', async () => {
    const sim = loadSimulation(DEMO_FIXTURE, { speed: 'max' });
    const lock = new CountingLock();
    const ctx = { ...context(sim, lock), rebalanceJournal: new MemoryJournal() };
    const prepared = await prepareRoll(ctx, sim.clusterName, defaults);
    const result = await executeRollThenRebalance(ctx, prepared, rebalanceOptions());
    expect(result.outcome).toBe('succeeded');
    expect(result.rebalance).toBeDefined();
    expect(lock.acquired).toBe(1);
    expect(lock.held).toBe(false);
  });

  it('a rebalance while another run holds it stops before changing anything (LOCKED)', async () => {
    const sim = skewed();
    const lock = new CountingLock();
    lock.held = true;
    const ctx = context(sim, lock);
    const prepared = await prepareRebalance(ctx, sim.clusterName, rebalanceOptions());
    await expect(executeRebalance(ctx, prepared)).rejects.toMatchObject({ code: 'LOCKED' });
    expect(sim.actions()).toEqual([]);
  });
});
