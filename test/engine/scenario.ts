// Runs dextre's engine against the simulator: the way every scenario test drives a whole roll.
import { fileURLToPath } from 'node:url';
import type { JournalStore } from '../../src/engine/api.js';
import type { EngineEvent } from '../../src/engine/api.js';
import { MemoryJournal } from '../../src/engine/journal-file.js';
import { prepareRoll } from '../../src/engine/prepare.js';
import { executeRoll } from '../../src/engine/roll.js';
import type { RollOptions } from '../../src/core/plan.js';
import type { RollResult } from '../../src/core/result.js';
import type { DrainResult } from '../../src/core/drain-result.js';
import type { RollSettings, RollState } from '../../src/core/roll/state.js';
import { executeDrain, prepareDrain, type DrainRequest } from '../../src/engine/drain.js';
import { loadSimulation, type Simulation } from '../../src/sim/index.js';
import { rollOptions } from '../core/builders.js';
import { settings } from '../core/roll/harness.js';

export const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/clusters/${name}.yaml`, import.meta.url));

/** The options `roll nodes` passes with no flags. */
export const defaults: RollOptions = rollOptions();

export interface Run {
  sim: Simulation;
  result: RollResult;
  events: EngineEvent[];
}

export async function roll(
  sim: Simulation,
  options: Partial<RollOptions> = {},
  journal: JournalStore = new MemoryJournal(),
  hooks: { signal?: AbortSignal; onEvent?: (e: EngineEvent) => void } = {},
): Promise<Run> {
  const events: EngineEvent[] = [];
  const prepared = await prepareRoll(sim, sim.clusterName, { ...defaults, ...options });
  const listener = (e: EngineEvent) => {
    events.push(e);
    hooks.onEvent?.(e);
  };
  const result = await executeRoll(
    {
      cloud: sim.cloud,
      kube: sim.kube,
      clock: sim.clock,
      journal,
      listener,
      simulationReport: () => sim.report(),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    },
    prepared,
  );
  return { sim, result, events };
}

/** Rolls and aborts (as Ctrl-C does) at the first engine event that `when` accepts. */
export async function rollWith(sim: Simulation, controller: AbortController, when: (e: EngineEvent) => boolean): Promise<Run> {
  return roll(sim, {}, new MemoryJournal(), {
    signal: controller.signal,
    onEvent: (e) => {
      if (!controller.signal.aborted && when(e)) controller.abort('SIGINT');
    },
  });
}

export async function rollFixture(name: string, options: Partial<RollOptions> = {}): Promise<Run> {
  return roll(loadSimulation(fixture(name), { speed: 'max' }), options);
}

/** What `dextre drain NAMES…` passes with no flags but the ones given (kubectl's defaults: no timeout). */
export function drainRequest(names: string[], extra: { settings?: Partial<RollSettings>; terminate?: boolean; selector?: string } = {}): DrainRequest {
  return {
    nodes: extra.selector !== undefined ? { names: [], selector: extra.selector } : { names },
    terminate: extra.terminate ?? false,
    settings: { ...settings, drainTimeoutSeconds: 0, readinessGate: true, ...extra.settings },
  };
}

export interface DrainRun {
  sim: Simulation;
  result: DrainResult;
  events: EngineEvent[];
}

/** Prepares and runs a drain on the simulator, as `dextre drain` does. */
export async function drain(sim: Simulation, request: DrainRequest, hooks: { signal?: AbortSignal; onEvent?: (e: EngineEvent) => void } = {}): Promise<DrainRun> {
  const events: EngineEvent[] = [];
  const prepared = await prepareDrain(sim, sim.clusterName, request);
  const result = await executeDrain(
    {
      cloud: sim.cloud,
      kube: sim.kube,
      clock: sim.clock,
      journal: new MemoryJournal(),
      listener: (e) => {
        events.push(e);
        hooks.onEvent?.(e);
      },
      simulationReport: () => sim.report(),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    },
    prepared,
  );
  return { sim, result, events };
}

/** `journal`, but its save throws ("killed") from the first state with a pod being evicted: a dextre dying mid-drain. */
export function dyingAtFirstEviction(journal: JournalStore): JournalStore {
  return {
    load: () => journal.load(),
    clear: () => journal.clear(),
    save: async (state) => {
      if (Object.values((state as RollState).pods).some((p) => p.status === 'evicting')) throw new Error('killed');
      await journal.save(state);
    },
  };
}
