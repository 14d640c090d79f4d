// The engine loop, for any of dextre's state machines (the roll, the rebalance): take an event →
// transition → journal → notify → interpret the effects, whose outcomes come back as events. When nothing
// is left to do the clock lets time pass (a real clock waits for the next outcome; a simulated one jumps
// to the next scheduled moment). One interpreter serves both machines: they share the effect vocabulary.
import type { DextreError } from '../core/errors.js';
import type { RebalanceEffect, RebalanceEvent } from '../core/rebalance/effects.js';
import type { Effect, RollEvent } from '../core/roll/effects.js';
import type { EngineContext, EngineEvent } from './api.js';
import { Interpreter } from './interpreter.js';

export type MachineEffect = Effect | RebalanceEffect;
export type MachineEvent = RollEvent | RebalanceEvent;

/** A pure state machine as the loop drives it. */
export interface Machine<S> {
  /** The cluster's name in the Auto Scaling tags (the waits on groups' nodes need it). */
  cluster: string;
  /** Runs the pure transition; events the machine does not take change nothing. */
  transition(state: S, event: MachineEvent): { state: S; effects: MachineEffect[] };
  inflight(state: S): Readonly<Record<string, MachineEffect>>;
  finished(state: S): boolean;
  /** Domain events for listeners, from the change between two states (prev undefined: where it stands). */
  notifications(prev: S | undefined, next: S): EngineEvent[];
  /** The error for a simulated world that went still while the machine still waits. */
  stalled(state: S): DextreError;
}

/** A simulated run longer than this (virtual seconds) is stuck, not slow. */
const MAX_VIRTUAL_SECONDS = 7 * 24 * 3600;

/** Runs `machine` from `initial` until it is finished; journals every new state. */
export async function runMachine<S>(ctx: EngineContext, machine: Machine<S>, initial: S, first: MachineEvent): Promise<S> {
  const queue: MachineEvent[] = [first];
  let wake: () => void = () => undefined;
  const emit = (make: (at: number) => MachineEvent) => {
    queue.push(make(ctx.clock.now()));
    wake();
  };
  const interpreter = new Interpreter(ctx.cloud, ctx.kube, ctx.clock, machine.cluster, emit, ctx.concurrency ?? 16);
  ctx.signal?.addEventListener('abort', () => wake(), { once: true });
  // Listeners learn where the machine stands first (on a resume, everything so far).
  for (const e of machine.notifications(undefined, initial)) ctx.listener?.(e);
  let state = initial;
  let abortSent = false;
  const startedAt = ctx.clock.now();
  try {
    for (;;) {
      for (let event = queue.shift(); event !== undefined; event = queue.shift()) {
        const prev = state;
        const next = machine.transition(state, event);
        if (next.state === state) continue; // a stale answer: nothing changed
        state = next.state;
        await ctx.journal.save(state);
        for (const e of machine.notifications(prev, state)) ctx.listener?.(e);
        const inflight = machine.inflight(state);
        interpreter.retain((key) => inflight[key] !== undefined);
        // An effect issued and cancelled (or issued again) within one transition runs once, as the state holds it.
        const issued = new Map(next.effects.map((e) => [e.key, e]));
        for (const [key, effect] of issued) if (inflight[key] === effect) interpreter.run(effect);
      }
      if (machine.finished(state)) return state;
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
      if (!moved || ctx.clock.now() - startedAt > MAX_VIRTUAL_SECONDS) throw machine.stalled(state);
    }
  } finally {
    interpreter.stop();
  }
}
