// `dextre status` as a value: the journaled roll, the lock and the time now → what a person (or --json)
// needs to know: where the roll is, whether anyone is still running it, what it waits on, what blocks
// it, and how long it may take yet. Pure: no I/O, `now` comes in.
import type { Blocker } from '../plan.js';
import type { ErrorInfo } from '../roll/effects.js';
import type { AbortRecord, GroupSize, GroupState, OldNodeStatus, ReplacementStatus, RollState, RollStatePhase } from '../roll/state.js';
import type { LockInfo } from './lock-info.js';
import { statusWaits, type StatusWait } from './waits.js';

/**
 * `none`: nothing journaled for this cluster; `running`: unfinished and its holder renews the lock;
 * `stopped-unfinished`: unfinished and nobody (alive) holds the lock — its dextre died or was killed.
 */
export type StatusState = 'none' | 'running' | 'stopped-unfinished' | 'succeeded' | 'failed' | 'interrupted' | 'paused' | 'aborted';

export interface StatusLock extends LockInfo {
  /** Epoch seconds the lock frees itself unless renewed. */
  expiresAt: number | null;
  /** Past its TTL: the holder stopped renewing it (it died); the next roll takes it over. */
  stale: boolean;
  /** Nobody alive holds it: stale, or its holder's process on this host is gone. */
  dead: boolean;
}

export interface StatusGroup {
  name: string;
  /** Old nodes terminated so far, of `total`. */
  replaced: number;
  total: number;
  /** Replacements asked of Auto Scaling so far. */
  launched: number;
  surge: number;
  maxUnavailable: number;
  original: GroupSize;
  /** The size by the journal's account: desired = original + changes by others + launched − terminated. */
  current: GroupSize;
}

export interface StatusNode {
  name: string;
  group: string;
  zone: string;
  status: OldNodeStatus;
  evicted: number;
  /** Pods still to move off it. */
  podsLeft: number;
  replacement: string | null;
}

export interface StatusReplacement {
  name: string;
  group: string;
  status: ReplacementStatus;
  ready: boolean;
  pairedWith: string | null;
}

export interface StatusEstimate {
  /** Old nodes done (terminated, or drained when a drain terminates nothing). */
  nodesDone: number;
  nodesTotal: number;
  /** From the rate of nodes done so far; null (unknown) before the first one is done. */
  secondsLeft: number | null;
}

export interface StatusView {
  cluster: string;
  /** Epoch seconds the status was read. */
  now: number;
  state: StatusState;
  /** One sentence: where the roll is and what to do about it. */
  summary: string;
  rollId: string | null;
  /** `roll` (`dextre roll nodes`) or `drain` (`dextre drain`). */
  kind: 'roll' | 'drain' | null;
  phase: RollStatePhase | null;
  /** Epoch seconds. */
  startedAt: number | null;
  /** Epoch seconds of the journal's last transition. */
  updatedAt: number | null;
  finishedAt: number | null;
  lock: StatusLock | null;
  groups: StatusGroup[];
  nodes: StatusNode[];
  replacements: StatusReplacement[];
  waits: StatusWait[];
  blockers: Blocker[];
  warnings: string[];
  failure: ErrorInfo | null;
  abort: AbortRecord | null;
  estimate: StatusEstimate | null;
}

export function statusView(cluster: string, state: RollState | undefined, lock: LockInfo | undefined, now: number): StatusView {
  const held = lock ? lockView(lock, now) : null;
  const roll = state !== undefined && state.cluster === cluster ? state : undefined;
  if (!roll) {
    return {
      ...emptyView(cluster, now, held),
      summary: `No roll has been journaled on cluster ${cluster}.${held && !held.dead ? ` The lock is held by ${held.holder} (a roll starting, a rebalance or an abort).` : ''}`,
    };
  }
  const status = stateOf(roll, held);
  return {
    cluster,
    now,
    state: status,
    summary: summaryOf(roll, status, held),
    rollId: roll.rollId,
    kind: roll.drain !== undefined ? 'drain' : 'roll',
    phase: roll.phase,
    startedAt: roll.startedAt,
    updatedAt: roll.now,
    finishedAt: roll.finishedAt ?? null,
    lock: held,
    groups: roll.groupOrder.flatMap((name) => {
      const g = roll.groups[name];
      return g ? [groupView(roll, g)] : [];
    }),
    nodes: roll.nodeOrder.flatMap((name) => {
      const n = roll.nodes[name];
      return n ? [{ name, group: n.group, zone: n.zone, status: n.status, evicted: n.evicted, podsLeft: n.pods.length, replacement: n.replacement ?? null }] : [];
    }),
    replacements: roll.replacementOrder.flatMap((name) => {
      const r = roll.replacements[name];
      return r ? [{ name, group: r.group, status: r.status, ready: r.ready, pairedWith: r.pairedWith ?? null }] : [];
    }),
    waits: roll.phase === 'finished' ? [] : statusWaits(roll),
    blockers: roll.blockers,
    warnings: roll.warnings,
    failure: roll.failure ?? null,
    abort: roll.abort ?? null,
    estimate: estimateOf(roll),
  };
}

function emptyView(cluster: string, now: number, lock: StatusLock | null): StatusView {
  return {
    cluster, now, state: 'none', summary: '', rollId: null, kind: null, phase: null, startedAt: null, updatedAt: null, finishedAt: null,
    lock, groups: [], nodes: [], replacements: [], waits: [], blockers: [], warnings: [], failure: null, abort: null, estimate: null,
  };
}

function lockView(lock: LockInfo, now: number): StatusLock {
  const expiresAt = lock.renewedAt !== undefined ? lock.renewedAt + lock.ttlSeconds : null;
  // A lease never renewed is expired at once, as LeaseLock.acquire takes it.
  const stale = expiresAt === null || expiresAt < now;
  return { ...lock, expiresAt, stale, dead: stale || lock.holderDead };
}

function stateOf(s: RollState, lock: StatusLock | null): StatusState {
  if (s.abort !== undefined) return 'aborted';
  if (s.phase !== 'finished') return lock && !lock.dead ? 'running' : 'stopped-unfinished';
  return s.outcome ?? 'failed';
}

function summaryOf(s: RollState, state: StatusState, lock: StatusLock | null): string {
  const what = `${s.drain !== undefined ? 'Drain' : 'Roll'} ${s.rollId} of cluster ${s.cluster}`;
  const resume = s.drain !== undefined ? 'run the same `dextre drain` again to resume it' : 'run `dextre roll nodes` again (with the same flags) to resume it';
  switch (state) {
    case 'running':
      return `${what} is running in ${lock?.holder ?? 'another dextre'} (phase ${s.phase})${lock?.stopRequested !== undefined ? `; asked to stop by ${lock.stopRequested}, it is unwinding` : ''}.`;
    case 'stopped-unfinished':
      return (
        `${what} stopped unfinished in phase ${s.phase}: ${deadHolder(lock)}. ` +
        `To go on, ${resume}; to stop for good and restore the groups, run \`dextre abort --cluster ${s.cluster}\`.`
      );
    case 'succeeded':
      return `${what} succeeded.`;
    case 'aborted':
      return `${what} was aborted by ${s.abort?.by ?? 'dextre abort'}${s.abort?.restored === false ? '; not every group is back at its original size: run `dextre abort` again' : ''}.`;
    case 'paused':
      return `${what} is paused: its maintenance window closed (--window). The next \`dextre roll nodes\` run in a window goes on from where it stopped; \`dextre abort\` restores the groups.`;
    case 'interrupted':
    case 'failed':
      return `${what} ${state === 'failed' ? 'failed' : 'was interrupted'}${s.failure ? `: ${s.failure.message}` : '.'} A new \`dextre roll nodes\` adopts what it left; \`dextre abort\` restores the groups.`;
    case 'none':
      return '';
  }
}

function deadHolder(lock: StatusLock | null): string {
  if (!lock) return 'no dextre holds the lock (it died or was killed)';
  return lock.stale ? `its holder ${lock.holder} stopped renewing the lock (it died)` : `its holder ${lock.holder}, on this host, is no longer running`;
}

function groupView(s: RollState, g: GroupState): StatusGroup {
  const desired = g.original.desired + g.external + g.launched - g.terminated;
  const restored = g.restored === 'resized' || g.restored === 'done';
  const current: GroupSize = g.final
    ? g.final
    : restored || s.phase === 'finished'
      ? { ...g.original, desired }
      : { min: g.minLowered ? g.rollMin : g.original.min, max: g.rollMax, desired };
  return {
    name: g.name,
    replaced: g.terminated,
    total: g.total,
    launched: g.launched,
    surge: g.surge,
    maxUnavailable: g.maxUnavailable,
    original: g.original,
    current,
  };
}

function estimateOf(s: RollState): StatusEstimate {
  const nodes = s.nodeOrder.flatMap((n) => s.nodes[n] ?? []);
  const done = nodes.filter((n) => n.status === 'terminated' || (s.drain !== undefined && !s.drain.terminate && n.status === 'drained')).length;
  const total = nodes.length;
  // A finished roll has nothing left, unless it stopped short: then what is left waits for a new roll.
  if (s.phase === 'finished') return { nodesDone: done, nodesTotal: total, secondsLeft: s.outcome === 'succeeded' ? 0 : null };
  const elapsed = s.now - s.startedAt;
  const secondsLeft = done === 0 || elapsed <= 0 ? null : Math.round(((total - done) * elapsed) / done);
  return { nodesDone: done, nodesTotal: total, secondsLeft };
}
