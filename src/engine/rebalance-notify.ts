// Domain events of a rebalance for listeners, from the change between two states (as notify.ts does for
// the roll): stages, moves changing status, cordons set and lifted.
import type { MoveState, RebalanceState } from '../core/rebalance/state.js';
import type { EngineEvent } from './api.js';

const STAGE_TEXT: Record<RebalanceState['phase'], string> = {
  cleaning: 'lifting the cordons a previous rebalance left',
  moving: 'moving pods, one per workload at a time',
  restoring: 'lifting the cordons it set',
  finished: 'finished',
};

export function rebalanceNotifications(prev: RebalanceState | undefined, next: RebalanceState): EngineEvent[] {
  const at = next.now;
  const events: EngineEvent[] = [];
  if (prev?.phase !== next.phase) {
    const detail = next.phase === 'finished' ? next.outcome ?? 'succeeded' : STAGE_TEXT[next.phase];
    events.push({ type: 'rebalance', at, stage: next.phase, detail });
  }
  for (const id of next.moveOrder) {
    const move = next.moves[id];
    const before = prev?.moves[id];
    if (!move || before?.status === move.status || (before === undefined && move.status === 'waiting')) continue;
    const detail = moveDetail(move);
    events.push({
      type: 'move',
      at,
      id,
      pod: `${move.pod.namespace}/${move.pod.name}`,
      ...(move.workload !== undefined ? { workload: move.workload } : {}),
      from: move.fromNode,
      toZone: move.toZone,
      status: move.status,
      ...(detail !== undefined ? { detail } : {}),
    });
  }
  // One transition may acknowledge a patch and issue the next one for the same node (a cordon answered
  // and at once lifted, a lift answered and at once cordoned again): each acknowledgement is told.
  for (const node of [...new Set([...Object.keys(prev?.cordons ?? {}), ...Object.keys(next.cordons)])].sort()) {
    const before = prev?.cordons[node];
    const after = next.cordons[node];
    if (before === 'cordoning' && (after === 'cordoned' || after === 'uncordoning')) events.push({ type: 'cordon', at, node, cordoned: true });
    if (before === 'uncordoning' && after !== 'uncordoning') events.push({ type: 'cordon', at, node, cordoned: false });
  }
  for (const message of next.warnings.slice(prev?.warnings.length ?? 0)) events.push({ type: 'warning', at, message });
  return events;
}

function moveDetail(move: MoveState): string | undefined {
  if (move.status === 'done' && move.landed !== undefined && move.landed.length > 0) {
    return `landed on ${move.landed.map((l) => `${l.node} (${l.zone})`).join(', ')}${move.asPlanned === false ? ', not where planned' : ''}`;
  }
  return move.detail;
}
