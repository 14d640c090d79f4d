// The rebalance as a pure state machine: transition(state, event) → { state, effects }, like the roll.
// Phases: `cleaning` lifts the cordons a previous rebalance left; `moving` runs the planned moves;
// `restoring` (after the last move, a failure or Ctrl-C) lifts every cordon dextre set; `finished`.
import { assertNever } from '../errors.js';
import { cordonPatched, reconcileCordons } from './cordon-ledger.js';
import type { RebalanceEffect, RebalanceEvent } from './effects.js';
import {
  abandonAll,
  allFinal,
  evictionRefused,
  moveTimedOut,
  podEvicted,
  podGone,
  podNotFound,
  retryEviction,
  startMoves,
  verified,
  workloadReady,
} from './moves.js';
import type { MoveState, RebalanceState } from './state.js';
import { RebalanceStep } from './step.js';

export interface RebalanceTransition {
  state: RebalanceState;
  effects: RebalanceEffect[];
}

export function transition(state: RebalanceState, event: RebalanceEvent): RebalanceTransition {
  if (state.phase === 'finished') return { state, effects: [] };
  const step = new RebalanceStep(structuredClone(state));
  const { s } = step;
  s.now = Math.max(s.now, event.at);
  if ('key' in event) {
    const answered = s.inflight[event.key];
    // An answer to an effect no longer in flight changes nothing; nor does a timer re-armed for later.
    if (answered === undefined) return { state, effects: [] };
    if (event.type === 'TimerFired' && answered.type === 'StartTimer' && event.at < answered.at - 1) return { state, effects: [] };
    delete s.inflight[event.key];
  }
  const wasFailing = step.failing;
  handle(step, event);
  if (!wasFailing && step.failing) abandonAll(step, s.outcome === 'interrupted' ? 'the rebalance was interrupted' : 'the rebalance stopped');
  advance(step);
  return { state: s, effects: step.effects };
}

/** The move an effect key names (`rb-evict:m3` → m3). */
function moveOf(s: RebalanceState, key: string): MoveState | undefined {
  return s.moves[key.slice(key.indexOf(':') + 1)];
}

function handle(step: RebalanceStep, event: RebalanceEvent): void {
  const { s } = step;
  switch (event.type) {
    case 'RebalanceStarted':
      return;
    case 'AbortRequested':
      return step.fail({ code: 'INTERRUPTED', message: `The rebalance was interrupted (${event.reason}); the cordons it set were lifted.` }, 'interrupted');
    case 'NodePatched':
      return cordonPatched(s, event.node, event.purpose);
    case 'PodEvicted': {
      const move = moveOf(s, event.key);
      if (move) podEvicted(step, move);
      return;
    }
    case 'PodNotFound': {
      const move = moveOf(s, event.key);
      if (move) podNotFound(step, move);
      return;
    }
    case 'EvictionRefused': {
      const move = moveOf(s, event.key);
      if (move) evictionRefused(step, move, event.pdbs, event.message, event.multiple);
      return;
    }
    case 'PodGone': {
      const move = moveOf(s, event.key);
      if (move) podGone(step, move);
      return;
    }
    case 'WorkloadReady': {
      const move = moveOf(s, event.key);
      if (move) workloadReady(step, move);
      return;
    }
    case 'NamespacePodsListed': {
      const move = moveOf(s, event.key);
      if (move) verified(step, move, event.pods);
      return;
    }
    case 'TimerFired': {
      const move = moveOf(s, event.key);
      if (!move) return;
      if (event.key.startsWith('rb-retry:')) return retryEviction(step, move);
      return moveTimedOut(step, move);
    }
    case 'EffectFailed':
      return effectFailed(step, event.key, event.error);
    default:
      return assertNever(event);
  }
}

/**
 * An effect failed for good (the engine retried what was transient). A cordon that may or may not have
 * been set is lifted like any other; an uncordon that failed is named with the command to run; anything
 * else stops the rebalance, which then lifts its cordons.
 */
function effectFailed(step: RebalanceStep, key: string, error: { code: string; message: string }): void {
  const { s } = step;
  const [kind = '', id = ''] = key.split(/:(.*)/s);
  switch (kind) {
    case 'rb-cordon':
      s.cordons[id] = 'cordoned';
      break;
    case 'rb-uncordon':
      delete s.cordons[id];
      if (!s.leftCordoned.includes(id)) s.leftCordoned.push(id);
      step.warn(`node ${id} could not be uncordoned (${error.message}); run: kubectl uncordon ${id} && kubectl annotate node ${id} dextre.io/rebalance-cordon-`);
      return;
    case 'rb-verify': {
      const move = s.moves[id];
      if (move?.status === 'verifying') {
        move.status = 'done';
        move.detail = `its landing could not be verified (${error.message})`;
      }
      return;
    }
  }
  step.fail(error);
}

function advance(step: RebalanceStep): void {
  const { s } = step;
  if (step.failing && s.phase !== 'restoring') s.phase = 'restoring';
  if (s.phase === 'cleaning' && Object.keys(s.cordons).length === 0) s.phase = 'moving';
  if (s.phase === 'moving') {
    startMoves(step);
    if (allFinal(s)) s.phase = 'restoring';
  }
  reconcileCordons(step);
  if (s.phase === 'cleaning' || s.phase === 'moving') return;
  // Restoring: done once every cordon is lifted and no patch or eviction is still unanswered.
  const pending = Object.values(s.inflight).some((e) => e.type === 'PatchNode' || e.type === 'EvictPod');
  if (Object.keys(s.cordons).length > 0 || pending) return;
  for (const key of Object.keys(s.inflight)) step.cancel(key);
  s.phase = 'finished';
  s.outcome ??= 'succeeded';
  s.finishedAt = s.now;
}
