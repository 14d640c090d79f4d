// Which nodes rebalance holds cordoned, as a reconciliation: the cordons wanted are the union of those of
// the moves under way (none once the rebalance is failing or finishing); every difference with what is
// set becomes one idempotent patch. A node two moves need stays cordoned until both are done, and a
// cordon is lifted only once its patch was acknowledged (a patch in flight is waited for, never raced).
import { rebalanceCordonPatch, rebalanceUncordonPatch } from './cordons.js';
import type { MoveState, MoveStatus, RebalanceState } from './state.js';
import type { RebalanceStep } from './step.js';

/** Moves that hold their cordons: from the first patch until the evicted pod is gone and replaced. */
export const HOLDING: ReadonlySet<MoveStatus> = new Set(['cordoning', 'evicting', 'backoff', 'terminating']);

export function wantedCordons(s: RebalanceState): Set<string> {
  const wanted = new Set<string>();
  if (s.phase !== 'moving' || s.failure !== undefined) return wanted;
  for (const id of s.moveOrder) {
    const move = s.moves[id];
    if (move && HOLDING.has(move.status)) for (const node of move.cordon) wanted.add(node);
  }
  return wanted;
}

export function reconcileCordons(step: RebalanceStep): void {
  const { s } = step;
  const wanted = wantedCordons(s);
  for (const node of [...wanted].sort()) {
    if (s.cordons[node] !== undefined) continue;
    s.cordons[node] = 'cordoning';
    step.issue({ type: 'PatchNode', key: `rb-cordon:${node}`, node, purpose: 'cordon', patch: rebalanceCordonPatch(s.rebalanceId) });
  }
  for (const [node, status] of Object.entries(s.cordons).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (wanted.has(node) || status !== 'cordoned') continue;
    s.cordons[node] = 'uncordoning';
    step.issue({ type: 'PatchNode', key: `rb-uncordon:${node}`, node, purpose: 'uncordon', patch: rebalanceUncordonPatch });
  }
}

/** Every node the move needs cordoned is. */
export function cordonsHeld(s: RebalanceState, move: MoveState): boolean {
  return move.cordon.every((node) => s.cordons[node] === 'cordoned');
}

export function cordonPatched(s: RebalanceState, node: string, purpose: string): void {
  if (purpose === 'cordon' && s.cordons[node] === 'cordoning') s.cordons[node] = 'cordoned';
  else if (purpose === 'uncordon' && s.cordons[node] === 'uncordoning') delete s.cordons[node];
}
