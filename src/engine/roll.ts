// The engine loop: take an event → transition → journal → notify → interpret the effects, whose
// outcomes come back as events. When nothing is left to do the clock lets time pass (a real clock
// waits for the next outcome; a simulated one jumps to the next scheduled moment).
import { DextreError } from '../core/errors.js';
import type { RollOptions } from '../core/plan.js';
import { buildPrepullDaemonSets } from '../core/prepull.js';
import type { RollResult } from '../core/result.js';
import type { RollEvent } from '../core/roll/effects.js';
import { DEFAULT_LAUNCH_TIMEOUT_SECONDS, DEFAULT_PREPULL_TIMEOUT_SECONDS, initialRollState } from '../core/roll/init.js';
import { STATE_VERSION, type RollSettings, type RollState } from '../core/roll/state.js';
import { transition } from '../core/roll/transition.js';
import type { EngineContext, EngineEvent, PreparedRoll } from './api.js';
import { Interpreter } from './interpreter.js';
import { nodeEventRecorder } from './node-events.js';
import { notifications } from './notify.js';
import { planResult } from './plan-result.js';
import { rollResult } from './result.js';

/** A simulated roll that runs longer than this (virtual seconds) is stuck, not slow. */
const MAX_VIRTUAL_SECONDS = 7 * 24 * 3600;

export function rollSettings(options: RollOptions): RollSettings {
  return {
    drainTimeoutSeconds: options.drainTimeoutSeconds,
    prepull: options.prepull,
    force: options.force,
    deleteEmptyDirData: options.deleteEmptyDirData,
    disregardDoNotDisrupt: options.disregardDoNotDisrupt,
    prepullTimeoutSeconds: DEFAULT_PREPULL_TIMEOUT_SECONDS,
    launchTimeoutSeconds: DEFAULT_LAUNCH_TIMEOUT_SECONDS,
  };
}

export function startState(prepared: PreparedRoll): RollState {
  const { plan, view, options } = prepared;
  const rollId = String(Math.floor(view.now));
  const settings = rollSettings(options);
  const prepullManifests = settings.prepull
    ? buildPrepullDaemonSets(plan.prepull, { rollId })
    : [];
  return initialRollState({ rollId, plan, view, settings, prepullManifests });
}

export async function executeRoll(ctx: EngineContext, prepared: PreparedRoll): Promise<RollResult> {
  if (!ctx.lock) return executeLocked(ctx, prepared, []);
  // Stop as an interrupt (journal kept) if the lock is lost mid-roll, as well as on the caller's signal.
  const stop = new AbortController();
  ctx.signal?.addEventListener('abort', () => stop.abort(ctx.signal?.reason), { once: true });
  const tookOver = await ctx.lock.acquire((e: unknown) => stop.abort(e instanceof Error ? e.message : String(e)));
  try {
    return await executeLocked({ ...ctx, signal: stop.signal }, prepared, tookOver !== undefined ? [tookOver] : []);
  } finally {
    await ctx.lock.release();
  }
}

async function executeLocked(ctx: EngineContext, prepared: PreparedRoll, notes: string[]): Promise<RollResult> {
  const { plan } = prepared;
  for (const message of notes) ctx.listener?.({ type: 'warning', at: ctx.clock.now(), message });
  const { resumed, previous } = await readJournal(ctx, prepared.cluster);
  if (previous) {
    const note = previousRollNote(previous);
    notes.push(note);
    ctx.listener?.({ type: 'warning', at: ctx.clock.now(), message: note });
  }
  if (!resumed) {
    if (plan.nodes.length === 0) return planResult(prepared);
    if (plan.blockers.length > 0) {
      const simulation = ctx.simulationReport?.();
      return { ...blockedResult(prepared), ...(simulation ? { simulation } : {}) };
    }
  }
  const state = resumed ?? startState(prepared);
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
  // A roll that did not succeed keeps its journal: what it left behind (a group above its size, …) stays explained.
  if (final.phase === 'finished' && final.outcome === 'succeeded') await ctx.journal.clear();
  ctx.listener?.({ type: 'finished', at: ctx.clock.now(), result });
  return result;
}

/** Runs the state machine from `state` until the roll is finished. */
export async function runLoop(ctx: EngineContext, initial: RollState, first: RollEvent): Promise<RollState> {
  const queue: RollEvent[] = [first];
  let wake: () => void = () => undefined;
  const emit = (make: (at: number) => RollEvent) => {
    queue.push(make(ctx.clock.now()));
    wake();
  };
  const interpreter = new Interpreter(ctx.cloud, ctx.kube, ctx.clock, initial.cluster, emit, ctx.concurrency ?? 16);
  ctx.signal?.addEventListener('abort', () => wake(), { once: true });
  // Listeners learn where the roll stands first (the phase; on a resume, every node's progress so far).
  for (const e of notifications(undefined, initial)) ctx.listener?.(e);
  let state = initial;
  let abortSent = false;
  const startedAt = ctx.clock.now();
  try {
    for (;;) {
      for (let event = queue.shift(); event !== undefined; event = queue.shift()) {
        const prev = state;
        const next = transition(state, event);
        if (next.state === state) continue; // a stale answer: nothing changed
        state = next.state;
        await ctx.journal.save(state);
        for (const e of notifications(prev, state)) ctx.listener?.(e);
        interpreter.retain((key) => state.inflight[key] !== undefined);
        // An effect issued and cancelled (or issued again) within one transition runs once, as the state holds it.
        const issued = new Map(next.effects.map((e) => [e.key, e]));
        for (const [key, effect] of issued) if (state.inflight[key] === effect) interpreter.run(effect);
      }
      if (state.phase === 'finished') return state;
      if (ctx.signal?.aborted && !abortSent) {
        abortSent = true;
        queue.push({ type: 'AbortRequested', at: ctx.clock.now(), reason: String(ctx.signal.reason ?? 'aborted') });
        continue;
      }
      // Let in-process port calls finish before time moves: their answers are due now, not later.
      await new Promise((resolve) => setImmediate(resolve));
      if (queue.length > 0) continue;
      const woke = new Promise<void>((resolve) => {
        wake = resolve;
      });
      const moved = await ctx.clock.idle(woke);
      if (queue.length > 0) continue;
      if (!moved || ctx.clock.now() - startedAt > MAX_VIRTUAL_SECONDS) throw stalled(state);
    }
  } finally {
    interpreter.stop();
  }
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
  const saved = await ctx.journal.load();
  if (saved === undefined) return {};
  if (!isRollState(saved)) {
    throw new DextreError(
      'CONFIG',
      `The roll journal does not hold a dextre ${STATE_VERSION} roll state; it may come from another version. Move it aside (or pass another --journal) to start a fresh roll.`,
    );
  }
  if (saved.cluster !== cluster) return {};
  if (saved.phase !== 'finished') return { resumed: saved };
  return saved.outcome !== 'succeeded' ? { previous: saved } : {};
}

/**
 * What the last, unsuccessful roll left: the groups it could not bring back to their size (it never lowers
 * desired blindly, lest Auto Scaling pick an undrained victim). This roll starts from the cluster as it is.
 */
function previousRollNote(previous: RollState): string {
  const left = previous.groupOrder.flatMap((name) => {
    const g = previous.groups[name];
    return g?.final && g.final.desired !== g.original.desired ? [`${name} at desired ${g.final.desired} (it began at ${g.original.desired})`] : [];
  });
  const when = new Date((previous.finishedAt ?? previous.now) * 1000).toISOString();
  return (
    `The previous roll of this cluster (${previous.rollId}) ended ${previous.outcome ?? 'unfinished'} at ${when}` +
    (left.length > 0 ? ` and left ${left.join(', ')}; this roll takes the groups as they are now, so they end at their present sizes.` : '; this roll plans again from the cluster as it is.')
  );
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
