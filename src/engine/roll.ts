// Executing a roll: its first state from the plan (or the journal of an interrupted roll), the roll's
// state machine run by the engine loop (machine.ts), and the result built from the final state.
import { DextreError } from '../core/errors.js';
import type { RollOptions } from '../core/plan.js';
import { buildPrepullDaemonSets } from '../core/prepull.js';
import type { RollResult } from '../core/result.js';
import type { RollEvent } from '../core/roll/effects.js';
import { DEFAULT_LAUNCH_TIMEOUT_SECONDS, DEFAULT_PREPULL_TIMEOUT_SECONDS, initialRollState } from '../core/roll/init.js';
import { STATE_VERSION, type RollSettings, type RollState } from '../core/roll/state.js';
import { adoptSurplus, resumeConflicts } from '../core/roll/resume.js';
import { transition } from '../core/roll/transition.js';
import type { EngineContext, EngineEvent, JournalStore, PreparedRoll } from './api.js';
import { holdingLock } from './lock.js';
import { runMachine, type Machine, type MachineEvent } from './machine.js';
import { nodeEventRecorder } from './node-events.js';
import { notifications } from './notify.js';
import { planResult } from './plan-result.js';
import { rollResult } from './result.js';

export function rollSettings(options: RollOptions): RollSettings {
  return {
    drainTimeoutSeconds: options.drainTimeoutSeconds,
    prepull: options.prepull,
    force: options.force,
    deleteEmptyDirData: options.deleteEmptyDirData,
    disregardDoNotDisrupt: options.disregardDoNotDisrupt,
    prepullTimeoutSeconds: DEFAULT_PREPULL_TIMEOUT_SECONDS,
    launchTimeoutSeconds: DEFAULT_LAUNCH_TIMEOUT_SECONDS,
    ...(options.windows !== undefined && options.windows.length > 0 ? { windows: options.windows } : {}),
  };
}

export function startState(prepared: PreparedRoll): RollState {
  const { plan, view, options } = prepared;
  const rollId = String(Math.floor(view.now));
  const settings = rollSettings(options);
  const prepullManifests = settings.prepull
    ? buildPrepullDaemonSets(plan.prepull, { rollId })
    : [];
  return { ...initialRollState({ rollId, plan, view, settings, prepullManifests }), options };
}

export async function executeRoll(ctx: EngineContext, prepared: PreparedRoll): Promise<RollResult> {
  // Stops as an interrupt (journal kept) if the lock is lost mid-roll, as well as on the caller's signal.
  return holdingLock(ctx, (locked, notes) => executeLocked(locked, prepared, notes));
}

async function executeLocked(ctx: EngineContext, prepared: PreparedRoll, notes: string[]): Promise<RollResult> {
  const { plan } = prepared;
  for (const message of notes) ctx.listener?.({ type: 'warning', at: ctx.clock.now(), message });
  const { resumed, previous } = await readJournal(ctx, prepared.cluster);
  if (resumed) checkResumable(resumed, prepared);
  if (!resumed) {
    if (plan.nodes.length === 0) return planResult(prepared);
    if (plan.blockers.length > 0) {
      const simulation = ctx.simulationReport?.();
      return { ...blockedResult(prepared), ...(simulation ? { simulation } : {}) };
    }
  }
  const fresh = previous ? adoptSurplus(startState(prepared), previous, prepared.view) : undefined;
  if (previous) {
    const note = previousRollNote(previous, fresh?.adopted ?? []);
    notes.push(note);
    ctx.listener?.({ type: 'warning', at: ctx.clock.now(), message: note });
  }
  const state = resumed ? underWindows(resumed, prepared.options) : (fresh?.state ?? startState(prepared));
  const first: RollEvent = resumed ? { type: 'Resumed', at: ctx.clock.now() } : { type: 'RollStarted', at: ctx.clock.now() };
  const recordEvent = nodeEventRecorder(ctx.kube, { command: 'roll', rollId: state.rollId });
  const listener = (event: EngineEvent) => {
    recordEvent(event);
    ctx.listener?.(event);
  };
  const final = await runLoop({ ...ctx, listener }, state, first);
  const groupsAfter = await ctx.cloud.describeGroups({ cluster: prepared.cluster, names: final.groupOrder });
  const rolled = rollResult(final, groupsAfter, ctx.simulationReport?.());
  const result = notes.length > 0 ? { ...rolled, warnings: [...notes, ...rolled.warnings] } : rolled;
  // The journal keeps the finished roll (as the runner journaled it): a roll that did not succeed stays explained
  // (what it left behind, a group above its size, …), one that did is what `dextre status` reports until the next.
  ctx.listener?.({ type: 'finished', at: ctx.clock.now(), result });
  return result;
}

/** An unfinished roll goes on under the windows asked for now (they are not part of what must match to resume). */
function underWindows(resumed: RollState, options: RollOptions): RollState {
  const { windows: _recorded, ...settings } = resumed.settings;
  const windows = options.windows ?? [];
  return { ...resumed, settings: windows.length > 0 ? { ...settings, windows } : settings };
}

/** Runs the roll's state machine from `state` until the roll is finished. */
export async function runLoop(ctx: EngineContext, initial: RollState, first: RollEvent): Promise<RollState> {
  return runMachine(ctx, rollMachine(initial.cluster), initial, first);
}

/** Events only the rebalance takes; every other event is the roll's. */
const REBALANCE_ONLY: ReadonlySet<string> = new Set(['RebalanceStarted', 'NamespacePodsListed']);

function isRollEvent(event: MachineEvent): event is RollEvent {
  return !REBALANCE_ONLY.has(event.type);
}

function rollMachine(cluster: string): Machine<RollState> {
  return {
    cluster,
    transition: (state, event) => (isRollEvent(event) ? transition(state, event) : { state, effects: [] }),
    inflight: (state) => state.inflight,
    finished: (state) => state.phase === 'finished',
    notifications,
    stalled,
  };
}

function stalled(state: RollState): DextreError {
  const waiting = Object.values(state.inflight)
    .map((e) => e.key)
    .slice(0, 8);
  return new DextreError(
    'SIMULATION_STALLED',
    `The simulated cluster went still while the ${state.drain ? 'drain' : 'roll'} (phase ${state.phase}) still waited for: ${waiting.join(', ') || 'nothing'}. ` +
      `The fixture cannot make progress (no capacity, an image that never pulls, a pod that never becomes Ready?); ` +
      `check it with 'dextre plan --sim FILE'.`,
  );
}

/** The journal's roll of this cluster: `resumed` when unfinished; `previous` when it ended without succeeding. */
async function readJournal(ctx: EngineContext, cluster: string): Promise<{ resumed?: RollState; previous?: RollState }> {
  const saved = await loadRollState(ctx.journal);
  if (saved === undefined || saved.cluster !== cluster) return {};
  if (saved.phase !== 'finished') return { resumed: saved };
  return saved.outcome !== 'succeeded' ? { previous: saved } : {};
}

/**
 * What the last, unsuccessful roll left: the groups it could not bring back to their size (it never lowers
 * desired blindly, lest Auto Scaling pick an undrained victim). This roll adopts those replacements.
 */
function previousRollNote(previous: RollState, adopted: readonly string[]): string {
  const when = new Date((previous.finishedAt ?? previous.now) * 1000).toISOString();
  return (
    `The previous roll of this cluster (${previous.rollId}) ended ${previous.abort ? 'aborted' : (previous.outcome ?? 'unfinished')} at ${when}` +
    (adopted.length > 0
      ? `; this roll adopts the replacements it left above the groups' sizes and ends each group at its size before that roll — ${adopted.join('; ')}.`
      : '; this roll plans again from the cluster as it is.')
  );
}

/**
 * An unfinished roll is resumed only by the same command: asked for another roll (other groups, another
 * surge, …), dextre stops before changing anything and says how to go on.
 */
export function checkResumable(resumed: RollState, prepared: PreparedRoll): void {
  const conflicts = resumeConflicts(resumed.options, prepared.options);
  if (conflicts.length === 0) return;
  const started = new Date(resumed.startedAt * 1000).toISOString();
  throw new DextreError(
    'USAGE',
    `Cluster ${prepared.cluster} has an unfinished roll (${resumed.rollId}, started ${started}, phase ${resumed.phase}) and this command asks for a different one: ${conflicts.join('; ')}. ` +
      `Re-run with the flags of that roll to resume it, or pass --restart to abort it first (its surplus replacements drained and its groups restored, as \`dextre abort\` does) and plan this roll afresh. Nothing was changed.`,
  );
}

/** The roll state in `journal`, if any; an error when it holds something else (another version, another tool). */
export async function loadRollState(journal: JournalStore): Promise<RollState | undefined> {
  const saved = await journal.load();
  if (saved === undefined) return undefined;
  if (!isRollState(saved)) {
    throw new DextreError(
      'CONFIG',
      `The roll journal does not hold a dextre ${STATE_VERSION} roll state; it may come from another version. Move it aside (or pass another --journal) to start a fresh roll.`,
    );
  }
  return saved;
}

function isRollState(value: unknown): value is RollState {
  return (
    typeof value === 'object' &&
    value !== null &&
    'version' in value &&
    value.version === STATE_VERSION &&
    'phase' in value &&
    'inflight' in value
  );
}

function blockedResult(prepared: PreparedRoll): RollResult {
  const result = planResult(prepared);
  const first = prepared.plan.blockers[0];
  return {
    ...result,
    outcome: 'failed',
    nodes: result.nodes.map((n) => ({ ...n, action: 'skipped' })),
    error: {
      code: 'BLOCKED',
      message:
        `The roll did not start: ${prepared.plan.blockers.length} blocker(s), first: ${first?.message ?? ''}. ` +
        `Fix: ${first?.remedy ?? 'see the blockers'}${first?.flag ? ` (or pass ${first.flag})` : ''}. Nothing was changed.`,
    },
  };
}
