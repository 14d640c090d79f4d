// Domain events for listeners, derived by comparing the state before and after a transition: the core
// stays free of UI concerns, and a resumed roll reports from where it stands.
import { evictionBackoff } from '../core/roll/drain.js';
import type { OldNodeStatus, PodState, RollState } from '../core/roll/state.js';
import type { EngineEvent, NodeStatus, PodMoveStatus, RollPhase } from './api.js';

const NODE_STATUS: Record<OldNodeStatus, NodeStatus | undefined> = {
  waiting: undefined,
  cordoning: undefined,
  listing: 'cordoned',
  draining: 'draining',
  drained: 'drained',
  terminating: 'terminating',
  terminated: 'replaced',
  uncordoning: undefined,
  uncordoned: 'uncordoned',
  failed: 'failed',
};

export function notifications(prev: RollState | undefined, next: RollState): EngineEvent[] {
  const at = next.now;
  const events: EngineEvent[] = [];
  if (prev?.phase !== next.phase) events.push({ type: 'phase', at, phase: next.phase as RollPhase });
  for (const name of next.nodeOrder) {
    const node = next.nodes[name];
    if (!node || prev?.nodes[name]?.status === node.status) continue;
    // A drain's terminated node is gone without replacement; a roll's was replaced.
    const status = next.drain !== undefined && node.status === 'terminated' ? 'terminated' : NODE_STATUS[node.status];
    if (status === undefined) continue;
    const detail = status === 'replaced' && node.replacement ? `by ${node.replacement}` : undefined;
    events.push({ type: 'node', at, node: name, group: node.group, status, ...(detail ? { detail } : {}) });
  }
  for (const name of next.replacementOrder) {
    const r = next.replacements[name];
    const before = prev?.replacements[name];
    if (!r || before?.status === r.status) continue;
    if (before === undefined || r.status === 'warm') {
      events.push({ type: 'replacement', at, node: name, group: r.group, zone: r.zone, ready: true, prepulled: r.status === 'warm' });
    }
  }
  for (const pod of Object.values(next.pods)) {
    const move = podMove(prev?.pods[pod.uid], pod);
    if (move) events.push({ type: 'pod', at, node: pod.node, group: next.nodes[pod.node]?.group ?? '', pod: `${pod.namespace}/${pod.name}`, ...move });
  }
  if (prev) events.push(...launches(prev, next));
  for (const message of next.warnings.slice(prev?.warnings.length ?? 0)) events.push({ type: 'warning', at, message });
  return events;
}

/**
 * What a pod's change tells a person, as kubectl drain says it (`evicting pod …`, a retry after a 429): a refusal
 * each time its refusals count up, evicted when an eviction sent made it terminate.
 */
function podMove(before: PodState | undefined, pod: PodState): { status: PodMoveStatus; pdbs?: string[]; detail?: string } | undefined {
  if (before && pod.refusals > before.refusals) {
    const pdbs = [...(pod.lastRefusal?.pdbs ?? [])];
    return { status: 'refused', pdbs, detail: `PodDisruptionBudget ${pdbs.join(', ')} allows no disruption now; retrying in ${evictionBackoff(pod.refusals)}s` };
  }
  if (before?.status === pod.status) return undefined;
  if (pod.status === 'evicting') return { status: 'evicting' };
  if (pod.status === 'terminating' && before?.status === 'evicting') return { status: 'evicted' };
  return undefined;
}

/** Replacements asked for since `prev` (a resumed roll does not report the launches made before it stopped). */
function launches(prev: RollState, next: RollState): EngineEvent[] {
  const events: EngineEvent[] = [];
  for (const group of next.groupOrder) {
    const count = (next.groups[group]?.launched ?? 0) - (prev.groups[group]?.launched ?? 0);
    if (count !== 0) events.push({ type: 'launch', at: next.now, group, count });
  }
  return events;
}
