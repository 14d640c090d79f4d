// `plan --simulate`: the real roll rehearsed — the same engine (executeRoll), the same options — on a fresh
// simulator of the target, in virtual time as fast as it goes. The simulator observes the invariants and the
// ready capacity; the engine's events and the Kubernetes port's watch give the timeline.
import type { RollOptions } from '../core/plan.js';
import type { Prediction } from '../core/prediction.js';
import type { RollResult } from '../core/result.js';
import type { ResolvedTarget } from '../config/target.js';
import type { Fixture } from '../sim/index.js';
import type { EngineEvent, PreparedRoll } from './api.js';
import { MemoryJournal } from './journal-file.js';
import { planResult, rehearsedPlanResult } from './plan-result.js';
import { prepareRoll, type ReadContext } from './prepare.js';
import { takeSnapshot } from './snapshot.js';
import { executeRoll } from './roll.js';
import { buildPrediction, type NodeLife } from './timeline.js';

/** The world a rehearsal runs on, and what it had to assume about the cluster. */
export interface RehearsalWorld {
  fixture: Fixture;
  /** For a real cluster: what its snapshot assumed (pull bandwidth, boot time, …); none for a fixture. */
  assumptions: string[];
}

/**
 * For a simulator target, a fresh copy of the same fixture; for a real cluster, a snapshot of it read now
 * through `target` (the same reads as `dextre snapshot`, nothing written), turned into a fixture.
 */
export async function rehearsalWorld(resolved: ResolvedTarget, target: ReadContext & { clusterName: string }): Promise<RehearsalWorld> {
  const { loadFixture, parseFixture } = await import('../sim/index.js');
  if (resolved.kind === 'simulator') return { fixture: loadFixture(resolved.fixture), assumptions: [] };
  const name = resolved.cluster.name;
  const doc = await takeSnapshot(target, target.clusterName, name);
  return { fixture: parseFixture(JSON.stringify(doc), `the snapshot of cluster ${name}`), assumptions: doc.snapshot.assumptions };
}

export interface Rehearsal {
  /** The rehearsed roll's own result, its `simulation` the simulator's account. */
  result: RollResult;
  prediction: Prediction;
  /** What the engine told its listeners during the rehearsal, in order. */
  events: EngineEvent[];
}

/** Virtual seconds a rehearsal keeps the world going after the roll, to see the last terminated nodes go. */
const AFTERMATH_SECONDS = 3600;

/** Plans and rolls `fixture` as `roll nodes --yes` would, in virtual time, and predicts from what happened. */
export async function rehearseRoll(fixture: Fixture, options: RollOptions): Promise<Rehearsal> {
  const { createSimulation } = await import('../sim/index.js');
  const sim = createSimulation(fixture, { speed: 'max' });
  const nodes = new Map<string, NodeLife>();
  const unwatch = await sim.kube.watch((e) => {
    if (e.kind !== 'Node') return;
    const life = nodes.get(e.node.name) ?? {};
    if (e.type === 'ADDED') life.registeredAt ??= sim.clock.now();
    if (e.type === 'DELETED') life.goneAt ??= sim.clock.now();
    nodes.set(e.node.name, life);
  });
  try {
    const events: EngineEvent[] = [];
    const prepared = await prepareRoll(sim, sim.clusterName, options);
    const result = await executeRoll(
      { cloud: sim.cloud, kube: sim.kube, clock: sim.clock, journal: new MemoryJournal(), listener: (e) => events.push(e), simulationReport: () => sim.report() },
      prepared,
    );
    // The roll ends once its last instance is terminating; the node goes a little later.
    const terminated = result.nodes.filter((n) => n.action === 'replaced').map((n) => n.name);
    while (terminated.some((n) => nodes.get(n)?.goneAt === undefined) && sim.clock.now() - result.finishedAt < AFTERMATH_SECONDS) {
      if (!(await sim.clock.idle(Promise.resolve()))) break;
    }
    const prediction = buildPrediction({ events, result, nodes, readyCapacity: sim.readyCapacity(), prepull: options.prepull });
    return { result, prediction, events };
  } finally {
    unwatch();
  }
}

/**
 * The plan's result, rehearsed when a fixture is given and the roll would start: a plan with blockers (or
 * nothing to do) is not rehearsed, since the roll would refuse it the same way.
 */
export async function planWithRehearsal(prepared: PreparedRoll, fixture: Fixture | undefined): Promise<RollResult> {
  const { plan } = prepared;
  if (fixture === undefined || plan.nodes.length === 0 || plan.blockers.length > 0) return planResult(prepared);
  // The rehearsal predicts the whole roll: its maintenance windows are the plan's `maintenanceWindow`, not a pause
  // at whatever moment the rehearsal's virtual clock happens to reach.
  const { windows: _windows, ...options } = prepared.options;
  return rehearsedPlanResult(prepared, await rehearseRoll(fixture, options));
}
