// One move, from cordon to verified landing: cordon the nodes the replacement must not land on, evict
// through the Eviction API (a 429 retries after 5, 10, 20, then every 30 seconds, as the roll does), wait
// until the pod is gone and its workload serves again, list the workload's pods to see where the
// replacement landed, and let the cordons go. One move per workload at a time; moves of different
// workloads run side by side when neither cordons the node the other counts on; system-critical last.
import type { Pod } from '../model.js';
import { evictionBackoff } from '../roll/drain.js';
import { cordonsHeld, HOLDING } from './cordon-ledger.js';
import { cordonSet } from './cordons.js';
import { movedCounts, occupiesNode, skewOf, zoneCounts } from './measure.js';
import type { MoveState, RebalanceState } from './state.js';
import type { RebalanceStep } from './step.js';

const FINAL = new Set(['done', 'skipped', 'failed']);

export function isFinal(move: MoveState): boolean {
  return FINAL.has(move.status);
}

function busy(move: MoveState): boolean {
  return HOLDING.has(move.status) || move.status === 'verifying';
}

function movesOf(s: RebalanceState): MoveState[] {
  return s.moveOrder.map((id) => s.moves[id]).filter((m): m is MoveState => m !== undefined);
}

/** Starts every waiting move that may go now, in plan order. */
export function startMoves(step: RebalanceStep): void {
  const { s } = step;
  if (s.phase !== 'moving' || step.failing) return;
  const moves = movesOf(s);
  for (const move of moves) {
    if (move.status !== 'waiting') continue;
    const active = moves.filter(busy);
    if (move.workload !== undefined && active.some((m) => m.workload === move.workload)) continue;
    // System-critical pods move last: once every other move is over.
    if (move.critical && moves.some((m) => m !== move && !m.critical && !isFinal(m))) continue;
    const stale = retarget(s, move);
    if (stale !== undefined) {
      move.status = 'skipped';
      move.detail = stale;
      continue;
    }
    // Neither may cordon the node the other's replacement is counted on.
    if (active.some((m) => m.cordon.includes(move.toNode) || move.cordon.includes(m.toNode))) continue;
    move.status = 'cordoning';
    step.timer(`rb-timeout:${move.id}`, s.now + s.settings.moveTimeoutSeconds);
  }
  for (const move of moves) if (move.status === 'cordoning' && cordonsHeld(s, move)) evict(step, move);
}

/**
 * Aims a zone move at the emptiest zone with room now (the pods per zone seen since it was planned: an
 * earlier replacement may have landed in a zone as empty as its target), or says why it is no longer
 * needed. The acceptable zones and the cordons follow the target.
 */
function retarget(s: RebalanceState, move: MoveState): string | undefined {
  if (move.reason !== 'zone-skew' || move.workload === undefined) return undefined;
  const track = s.workloads[move.workload];
  if (!track) return undefined;
  const counts = track.counts;
  const skew = skewOf(counts);
  if (skew <= track.maxSkew) return `not needed: ${move.workload} is within its maxSkew ${track.maxSkew} now (skew ${skew})`;
  const from = move.fromZone;
  const to = Object.keys(move.rooms)
    .filter((z) => counts[z] !== undefined)
    .sort((a, b) => (counts[a] ?? 0) - (counts[b] ?? 0) || (a < b ? -1 : a > b ? 1 : 0))
    .find((z) => (counts[from] ?? 0) - (counts[z] ?? 0) >= 2);
  if (to === undefined) return `not needed: no zone with room for it holds two pods of ${move.workload} fewer than ${from} (${from} holds ${counts[from] ?? 0})`;
  const left = { ...counts, [from]: (counts[from] ?? 0) - 1 };
  move.toZone = to;
  move.toNode = move.rooms[to] ?? move.toNode;
  move.acceptableZones = track.zones.filter((z) => (left[z] ?? 0) <= (counts[to] ?? 0));
  move.cordon = cordonSet(move, move.acceptableZones);
  move.skewBefore = skew;
  move.skewAfter = skewOf(movedCounts(counts, from, to));
  return undefined;
}

function evict(step: RebalanceStep, move: MoveState): void {
  move.status = 'evicting';
  step.issue({ type: 'EvictPod', key: `rb-evict:${move.id}`, pod: { ...move.pod } });
}

export function podEvicted(step: RebalanceStep, move: MoveState): void {
  move.evicted = true;
  if (move.status !== 'evicting') {
    // Answered after the move was given up (a timeout, Ctrl-C): the pod goes all the same.
    if (move.status === 'skipped') {
      move.status = 'failed';
      move.detail = `evicted after it was given up (${move.detail ?? ''}); its replacement was not verified`;
    }
    return;
  }
  move.status = 'terminating';
  step.issue({ type: 'AwaitPodGone', key: `rb-gone:${move.id}`, pod: { ...move.pod } });
  if (move.owner) step.issue({ type: 'AwaitWorkloadReady', key: `rb-ready:${move.id}`, workload: { ...move.owner }, pod: { ...move.pod } });
  else move.replaced = true; // unreplicated: nothing comes back
}

/** The pod was gone before dextre evicted it: nothing to move, but look where its workload stands. */
export function podNotFound(step: RebalanceStep, move: MoveState): void {
  if (move.status !== 'evicting') return;
  move.gone = true;
  move.replaced = true;
  move.detail = 'the pod was already gone';
  verify(step, move);
}

export function evictionRefused(step: RebalanceStep, move: MoveState, pdbs: string[], message: string, multiple: boolean): void {
  if (move.status !== 'evicting') return;
  if (multiple) {
    step.find({
      kind: 'multiple-pdbs',
      message: `pod ${move.pod.namespace}/${move.pod.name} is selected by several PodDisruptionBudgets (${pdbs.join(', ')}); the Eviction API cannot evict it`,
      remedy: 'make exactly one PodDisruptionBudget select the pod',
      pod: `${move.pod.namespace}/${move.pod.name}`,
      ...(move.workload !== undefined ? { workload: move.workload } : {}),
    });
    giveUp(step, move, 'skipped', 'several PodDisruptionBudgets select the pod');
    return;
  }
  move.refusals++;
  move.lastRefusal = { pdbs, message };
  move.status = 'backoff';
  step.timer(`rb-retry:${move.id}`, step.s.now + evictionBackoff(move.refusals));
}

export function retryEviction(step: RebalanceStep, move: MoveState): void {
  if (move.status === 'backoff') evict(step, move);
}

export function podGone(step: RebalanceStep, move: MoveState): void {
  move.gone = true;
  if (move.status === 'terminating' && move.replaced) verify(step, move);
}

export function workloadReady(step: RebalanceStep, move: MoveState): void {
  move.replaced = true;
  if (move.status === 'terminating' && move.gone) verify(step, move);
}

/** The cordons can go now; the list says where the replacement landed (nothing to list for an unreplicated pod). */
function verify(step: RebalanceStep, move: MoveState): void {
  if (!move.owner || move.workload === undefined) {
    finish(step, move, 'done', 'deleted; nothing recreates an unreplicated pod');
    return;
  }
  move.status = 'verifying';
  step.issue({ type: 'ListNamespacePods', key: `rb-verify:${move.id}`, namespace: move.pod.namespace });
}

/** Where the workload's new pods are, and its counts from now on. */
export function verified(step: RebalanceStep, move: MoveState, pods: readonly Pod[]): void {
  if (move.status !== 'verifying' || move.workload === undefined) return;
  const track = step.s.workloads[move.workload];
  if (!track) return finish(step, move, 'done');
  const controllers = new Set(track.controllers);
  const mine = pods.filter((p) => occupiesNode(p) && p.owner?.controller && controllers.has(`${p.owner.kind}/${p.namespace}/${p.owner.name}`));
  const known = new Set(track.uids);
  const zones = new Map(Object.entries(step.s.nodeZones));
  move.landed = mine
    .filter((p) => !known.has(p.uid))
    .map((p) => ({ pod: `${p.namespace}/${p.name}`, node: p.nodeName ?? '', zone: zones.get(p.nodeName ?? '') ?? 'unknown' }));
  move.asPlanned = move.landed.length > 0 && move.landed.every((l) => move.acceptableZones.includes(l.zone) && l.node !== move.fromNode);
  track.counts = zoneCounts(mine, zones, track.zones);
  track.uids = mine.map((p) => p.uid);
  if (move.landed.length > 0 && !move.asPlanned) {
    step.find({
      kind: 'landed-elsewhere',
      message: `the replacement of ${move.pod.namespace}/${move.pod.name} landed on ${move.landed.map((l) => `${l.node} (${l.zone})`).join(', ')}, not in ${move.acceptableZones.join(' or ')} as planned`,
      remedy: 'run rebalance again: it plans from where pods are now',
      workload: move.workload,
      pod: `${move.pod.namespace}/${move.pod.name}`,
    });
  }
  finish(step, move, 'done');
}

/** The move's time is up: what it waited for did not come. */
export function moveTimedOut(step: RebalanceStep, move: MoveState): void {
  const seconds = step.s.settings.moveTimeoutSeconds;
  const pod = `${move.pod.namespace}/${move.pod.name}`;
  const where = { pod, ...(move.workload !== undefined ? { workload: move.workload } : {}) };
  switch (move.status) {
    case 'cordoning':
      return giveUp(step, move, 'skipped', `its cordons were not acknowledged within ${seconds}s`);
    case 'evicting':
    case 'backoff': {
      const pdb = move.lastRefusal?.pdbs[0];
      step.find({
        kind: 'eviction-refused',
        message: `pod ${pod} was not evicted within ${seconds}s${pdb !== undefined ? `: PodDisruptionBudget ${move.pod.namespace}/${pdb} allowed no disruption (${move.refusals} attempts)` : ''}; the rest of ${move.workload ?? 'its moves'} was left as is`,
        remedy: 'wait for the workload to be healthy, add replicas or relax the PodDisruptionBudget, then run rebalance again; dextre never evicts past a PDB',
        flag: '--move-timeout',
        ...where,
        ...(pdb !== undefined ? { pdb: `${move.pod.namespace}/${pdb}` } : {}),
      });
      return giveUp(step, move, 'skipped', `not evicted within ${seconds}s`);
    }
    case 'terminating':
      step.find({
        kind: 'replacement-not-ready',
        message: `${move.workload ?? pod} did not serve again within ${seconds}s after ${pod} was evicted; the rest of its moves was left as is`,
        remedy: 'find out why its new pod is not Ready (kubectl describe pod: scheduling, image pull, probes)',
        flag: '--move-timeout',
        ...where,
      });
      return giveUp(step, move, 'failed', `its replacement did not serve again within ${seconds}s`);
    case 'verifying':
      step.warn(`the landing of ${pod}'s replacement could not be verified within ${seconds}s`);
      return finish(step, move, 'done');
    case 'waiting':
    case 'done':
    case 'skipped':
    case 'failed':
      return;
  }
}

/** Gives a move up; a workload that cannot move one pod is not moved further in this run. */
function giveUp(step: RebalanceStep, move: MoveState, status: 'skipped' | 'failed', why: string): void {
  finish(step, move, status, why);
  if (move.workload === undefined) return;
  for (const id of step.s.moveOrder) {
    const other = step.s.moves[id];
    if (other && other.workload === move.workload && other.status === 'waiting') {
      other.status = 'skipped';
      other.detail = `not tried: an earlier move of ${move.workload} was given up (${why})`;
    }
  }
}

function finish(step: RebalanceStep, move: MoveState, status: 'done' | 'skipped' | 'failed', detail?: string): void {
  move.status = status;
  if (detail !== undefined) move.detail = detail;
  for (const key of ['rb-evict', 'rb-retry', 'rb-gone', 'rb-ready', 'rb-verify', 'rb-timeout']) {
    // An eviction in flight keeps its key: its answer still says whether the pod was evicted.
    if (key !== 'rb-evict') step.cancel(`${key}:${move.id}`);
  }
}

/** The rebalance stops: nothing new starts, and what is under way is given up where it stands. */
export function abandonAll(step: RebalanceStep, why: string): void {
  for (const move of movesOf(step.s)) {
    if (isFinal(move)) continue;
    if (move.status === 'waiting') finish(step, move, 'skipped', `not started: ${why}`);
    else if (move.evicted) finish(step, move, 'failed', `evicted, then ${why} before its replacement was verified`);
    else finish(step, move, 'skipped', why);
  }
}

/** Every move is over. */
export function allFinal(s: RebalanceState): boolean {
  return movesOf(s).every(isFinal);
}
