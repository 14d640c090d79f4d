// Executing a rebalance: read and plan (prepare), optionally even out the groups' zones with a roll of
// the nodes the plan names (--fix-zones: the roll does it, with its surge, drain and PDBs), then run the
// rebalance's state machine on the engine loop, and measure the cluster again for the result.
import { DextreError } from '../core/errors.js';
import type { ClusterView } from '../core/model.js';
import type { RollOptions } from '../core/plan.js';
import type { RebalanceEvent } from '../core/rebalance/effects.js';
import { REBALANCE_EVENT_TYPES } from '../core/rebalance/effects.js';
import { initialRebalanceState } from '../core/rebalance/init.js';
import { planRebalance } from '../core/rebalance/plan.js';
import type { RebalanceResult } from '../core/rebalance/result.js';
import { REBALANCE_STATE_VERSION, type RebalanceState } from '../core/rebalance/state.js';
import { transition } from '../core/rebalance/transition.js';
import type { RebalanceOptions, RebalancePlan } from '../core/rebalance/types.js';
import type { RollResult } from '../core/result.js';
import type { EngineContext, EngineEvent, JournalStore } from './api.js';
import { MemoryJournal } from './journal-file.js';
import { holdingLock } from './lock.js';
import { runMachine, type Machine, type MachineEvent } from './machine.js';
import { nodeEventRecorder } from './node-events.js';
import { prepareRoll, readCluster, type ReadContext } from './prepare.js';
import { rebalanceNotifications } from './rebalance-notify.js';
import { executedRebalanceResult, plannedRebalanceResult } from './rebalance-result.js';
import { executeRoll } from './roll.js';

/** A cluster read and its rebalance planned, ready to show, confirm and execute. */
export interface PreparedRebalance {
  cluster: string;
  options: RebalanceOptions;
  view: ClusterView;
  plan: RebalancePlan;
}

export interface RebalanceContext extends EngineContext {
  /** Explicit Auto Scaling group names (dextre.yaml `groups`); undefined: found by tag. */
  groupNames?: string[] | undefined;
  /** The roll's journal, for the roll --fix-zones runs (`journal` is the rebalance's). */
  rollJournal?: JournalStore;
}

/** Reads the cluster and plans; cordons a crashed rebalance left (on nodes or in its journal) are planned to be lifted. */
export async function prepareRebalance(ctx: ReadContext & { journal: JournalStore }, cluster: string, options: RebalanceOptions): Promise<PreparedRebalance> {
  const view = await readCluster(ctx, cluster);
  const journaled = cordonsInJournal(await ctx.journal.load(), cluster);
  return { cluster, options, view, plan: planRebalance(view, options, journaled) };
}

/** The plan as a result (`rebalance --dry-run`): nothing is changed. */
export function planOnly(prepared: PreparedRebalance): RebalanceResult {
  return plannedRebalanceResult(prepared);
}

/** Runs the rebalance holding the cluster's lock (a roll and a rebalance never overlap on one cluster). */
export async function executeRebalance(ctx: RebalanceContext, prepared: PreparedRebalance): Promise<RebalanceResult> {
  return holdingLock(ctx, async (locked, notes) => {
    for (const message of notes) ctx.listener?.({ type: 'warning', at: ctx.clock.now(), message });
    const result = await rebalanceLocked(locked, prepared);
    return notes.length > 0 ? { ...result, warnings: [...notes, ...result.warnings] } : result;
  });
}

async function rebalanceLocked(ctx: RebalanceContext, prepared: PreparedRebalance): Promise<RebalanceResult> {
  const recordEvent = nodeEventRecorder(ctx.kube, { command: 'rebalance', rebalanceId: String(Math.floor(prepared.view.now)) });
  const listener = (event: EngineEvent) => {
    recordEvent(event);
    ctx.listener?.(event);
  };
  const run: RebalanceContext = { ...ctx, listener };
  let current = prepared;
  let zoneFix: RollResult | undefined;
  if (prepared.options.fixZones && prepared.plan.groups.some((g) => g.fix.length > 0)) {
    listener({ type: 'rebalance', at: ctx.clock.now(), stage: 'fixing-zones', detail: 'rolling nodes of the fullest zones into the emptiest' });
    zoneFix = await fixZones(run, prepared);
    // The zone fix is a roll without maintenance windows: it never pauses (the narrowing below is for the type).
    if (zoneFix.outcome !== 'succeeded') return { ...plannedRebalanceResult(prepared), outcome: zoneFix.outcome === 'paused' ? 'interrupted' : zoneFix.outcome, evictions: 0, moves: [], zoneFix, ...errorOf(zoneFix), ...simulation(ctx) };
    current = await prepareRebalance(run, prepared.cluster, prepared.options);
  }
  const { plan, view } = current;
  if (plan.moves.length === 0 && plan.leftoverCordons.length === 0) {
    const result = { ...plannedRebalanceResult(current), outcome: zoneFix ? ('succeeded' as const) : ('nothing-to-do' as const), ...(zoneFix ? { zoneFix } : {}), ...simulation(ctx) };
    listener({ type: 'rebalance', at: ctx.clock.now(), stage: 'finished', detail: result.outcome });
    return zoneFix ? { ...result, groups: withZonesAfter(prepared, result) } : result;
  }
  const state = initialRebalanceState({
    rebalanceId: String(Math.floor(view.now)),
    plan,
    view,
    settings: { moveTimeoutSeconds: current.options.moveTimeoutSeconds },
  });
  const final = await runMachine(run, rebalanceMachine(current.cluster), state, { type: 'RebalanceStarted', at: ctx.clock.now() });
  const after = await readCluster(run, current.cluster);
  if (final.phase === 'finished') await ctx.journal.clear();
  const result = executedRebalanceResult(current, final, after, ctx.simulationReport?.(), zoneFix);
  return zoneFix ? { ...result, groups: withZonesAfter(prepared, result) } : result;
}

/** Seconds a node of a --fix-zones roll may take to drain: the roll's own default (15 minutes). */
const FIX_ZONES_DRAIN_TIMEOUT_SECONDS = 15 * 60;

/** Rolls exactly the nodes the plan names, one extra instance at a time per group. */
async function fixZones(ctx: RebalanceContext, prepared: PreparedRebalance): Promise<RollResult> {
  const groups = prepared.plan.groups.filter((g) => g.fix.length > 0);
  const options: RollOptions = {
    groups: groups.map((g) => g.name),
    nodes: groups.flatMap((g) => g.fix),
    onlyNamed: true,
    all: false,
    surge: '1',
    maxUnavailable: '0',
    drainTimeoutSeconds: FIX_ZONES_DRAIN_TIMEOUT_SECONDS,
    prepull: true,
    force: prepared.options.force,
    deleteEmptyDirData: prepared.options.deleteEmptyDirData,
    disregardDoNotDisrupt: prepared.options.disregardDoNotDisrupt,
  };
  const roll = await prepareRoll(ctx, prepared.cluster, options);
  return executeRoll({ ...ctx, journal: ctx.rollJournal ?? new MemoryJournal() }, roll);
}

function withZonesAfter(prepared: PreparedRebalance, result: RebalanceResult): RebalanceResult['groups'] {
  return prepared.plan.groups.map((g) => {
    const now = result.groups.find((x) => x.name === g.name);
    return { name: g.name, zones: { ...g.counts }, imbalance: g.imbalance, fix: [...g.fix], ...(now ? { zonesAfter: { ...now.zones } } : {}) };
  });
}

function errorOf(roll: RollResult): Pick<RebalanceResult, 'error'> {
  return roll.error ? { error: { code: roll.error.code, message: `Evening out the groups' zones failed: ${roll.error.message}` } } : {};
}

function simulation(ctx: EngineContext): Pick<RebalanceResult, 'simulation'> {
  const report = ctx.simulationReport?.();
  return report ? { simulation: report } : {};
}

function isRebalanceEvent(event: MachineEvent): event is RebalanceEvent {
  return Object.hasOwn(REBALANCE_EVENT_TYPES, event.type);
}

function rebalanceMachine(cluster: string): Machine<RebalanceState> {
  return {
    cluster,
    transition: (state, event) => (isRebalanceEvent(event) ? transition(state, event) : { state, effects: [] }),
    inflight: (state) => state.inflight,
    finished: (state) => state.phase === 'finished',
    notifications: rebalanceNotifications,
    stalled: (state) =>
      new DextreError(
        'SIMULATION_STALLED',
        `The simulated cluster went still while the rebalance (phase ${state.phase}) still waited for: ${Object.keys(state.inflight).slice(0, 8).join(', ') || 'nothing'}. ` +
          `A moved pod's replacement may have nowhere to run; check the fixture with 'dextre rebalance --dry-run --sim FILE'.`,
      ),
  };
}

/** Nodes the journal of an unfinished rebalance of this cluster says dextre cordoned. */
function cordonsInJournal(saved: unknown, cluster: string): string[] {
  if (saved === undefined) return [];
  if (!isRebalanceState(saved)) {
    throw new DextreError(
      'CONFIG',
      `The rebalance journal does not hold a dextre ${REBALANCE_STATE_VERSION} rebalance state; it may come from another version. Move it aside (or pass another --journal) and run again.`,
    );
  }
  if (saved.cluster !== cluster || saved.phase === 'finished') return [];
  return [...Object.keys(saved.cordons), ...saved.leftCordoned];
}

function isRebalanceState(value: unknown): value is RebalanceState {
  return (
    typeof value === 'object' &&
    value !== null &&
    'kind' in value &&
    value.kind === 'rebalance' &&
    'version' in value &&
    value.version === REBALANCE_STATE_VERSION &&
    'cordons' in value &&
    typeof value.cordons === 'object' &&
    'leftCordoned' in value &&
    Array.isArray(value.leftCordoned)
  );
}
