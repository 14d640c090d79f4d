// Domain events for listeners, derived by comparing the state before and after a transition: the core
// stays free of UI concerns, and a resumed roll reports from where it stands.
import type { OldNodeStatus, RollState } from '../core/roll/state.js';
import type { EngineEvent, NodeStatus, RollPhase } from './api.js';

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
    const status = NODE_STATUS[node.status];
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
  if (prev) events.push(...launches(prev, next), ...evictions(prev, next));
  for (const message of next.warnings.slice(prev?.warnings.length ?? 0)) events.push({ type: 'warning', at, message });
  return events;
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

/** Evictions answered since `prev`: a refusal counts up a pod's refusals; an eviction makes it terminate. */
function evictions(prev: RollState, next: RollState): EngineEvent[] {
  const events: EngineEvent[] = [];
  for (const [uid, pod] of Object.entries(next.pods)) {
    const before = prev.pods[uid];
    if (!before) continue;
    const where = { node: pod.node, group: next.nodes[pod.node]?.group ?? '', pod: `${pod.namespace}/${pod.name}` };
    if (pod.refusals > before.refusals) {
      events.push({ type: 'eviction', at: next.now, ...where, outcome: 'refused', pdbs: [...(pod.lastRefusal?.pdbs ?? [])] });
    } else if (before.status === 'evicting' && pod.status === 'terminating') {
      events.push({ type: 'eviction', at: next.now, ...where, outcome: 'evicted', pdbs: [] });
    }
  }
  return events;
}
