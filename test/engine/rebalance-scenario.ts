// Runs dextre's rebalance against the simulator, as `dextre rebalance --yes` does: the way the rebalance
// scenario tests drive it.
import type { EngineEvent, JournalStore } from '../../src/engine/api.js';
import { MemoryJournal } from '../../src/engine/journal-file.js';
import { executeRebalance, planOnly, prepareRebalance } from '../../src/engine/rebalance.js';
import type { RebalanceResult } from '../../src/core/rebalance/result.js';
import type { RebalanceOptions } from '../../src/core/rebalance/types.js';
import type { Simulation } from '../../src/sim/index.js';
import { rebalanceOptions } from '../core/rebalance/cluster.js';

export interface RebalanceRun {
  result: RebalanceResult;
  events: EngineEvent[];
}

/** A rebalance with the options given (the others as `rebalance` defaults them). */
export async function rebalance(
  sim: Simulation,
  options: Partial<RebalanceOptions> = {},
  journal: JournalStore = new MemoryJournal(),
  hooks: { signal?: AbortSignal; onEvent?: (e: EngineEvent) => void } = {},
): Promise<RebalanceRun> {
  const events: EngineEvent[] = [];
  const ctx = {
    cloud: sim.cloud,
    kube: sim.kube,
    clock: sim.clock,
    journal,
    simulationReport: () => sim.report(),
    listener: (e: EngineEvent) => {
      events.push(e);
      hooks.onEvent?.(e);
    },
    ...(hooks.signal ? { signal: hooks.signal } : {}),
  };
  const prepared = await prepareRebalance(ctx, sim.clusterName, rebalanceOptions(options));
  return { result: await executeRebalance(ctx, prepared), events };
}

/** `rebalance --dry-run`. */
export async function planRebalanceOf(sim: Simulation, options: Partial<RebalanceOptions> = {}, journal: JournalStore = new MemoryJournal()): Promise<RebalanceResult> {
  return planOnly(await prepareRebalance({ cloud: sim.cloud, kube: sim.kube, clock: sim.clock, journal }, sim.clusterName, rebalanceOptions(options)));
}

/** Nodes cordoned, and nodes still carrying dextre's rebalance annotation. */
export async function cordonsLeft(sim: Simulation): Promise<{ unschedulable: string[]; annotated: string[] }> {
  const nodes = await sim.kube.listNodes();
  return {
    unschedulable: nodes.filter((n) => n.unschedulable).map((n) => n.name),
    annotated: nodes.filter((n) => Object.hasOwn(n.annotations, 'dextre.io/rebalance-cordon')).map((n) => n.name),
  };
}
