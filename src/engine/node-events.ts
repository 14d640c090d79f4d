// Kubernetes Events on the nodes dextre acts on, so `kubectl describe node` and `kubectl get events`
// tell the story without dextre's output: a listener over the engine's domain events. Best effort: an
// event that cannot be recorded (RBAC without `create events`, say) never slows or stops the work.
import type { KubeCluster, NodeEvent } from '../kube/port.js';
import type { EngineEvent } from './api.js';

/**
 * Who acts: a roll or a rebalance (by its id), or one of the node commands. A rebalance records only its own
 * cordons; the roll it may run (--fix-zones) records its own events.
 */
export type NodeEventOrigin =
  | { command: 'roll'; rollId: string }
  | { command: 'rebalance'; rebalanceId: string }
  | { command: 'drain' | 'cordon' | 'uncordon' };

export function nodeEventRecorder(kube: KubeCluster, origin: NodeEventOrigin): (event: EngineEvent) => void {
  return (event) => {
    const recorded = nodeEventFor(event, origin);
    if (recorded) recordNodeEvent(kube, recorded);
  };
}

/** Records one event, ignoring failures (see above). */
export function recordNodeEvent(kube: KubeCluster, event: NodeEvent): void {
  kube.recordNodeEvent(event).catch(() => undefined);
}

export function nodeEventFor(event: EngineEvent, origin: NodeEventOrigin): NodeEvent | undefined {
  if (origin.command === 'rebalance') return event.type === 'cordon' ? rebalanceCordonEvent(event, origin.rebalanceId) : undefined;
  if (origin.command !== 'roll') return event.type === 'node' ? commandEventFor(event, origin.command) : undefined;
  const by = `by dextre (roll ${origin.rollId})`;
  if (event.type === 'replacement') {
    if (event.prepulled) return { node: event.node, reason: 'DextreImagesPrepulled', message: `The old nodes' images are pulled; old nodes drain onto it now ${by}`, type: 'Normal' };
    return { node: event.node, reason: 'DextreReplacementReady', message: `Ready in ${event.zone} as a replacement in group ${event.group} ${by}`, type: 'Normal' };
  }
  if (event.type !== 'node') return undefined;
  const detail = event.detail !== undefined ? `: ${event.detail}` : '';
  switch (event.status) {
    case 'cordoned':
      return { node: event.node, reason: 'DextreCordon', message: `Cordoned ${by} to be replaced${detail}`, type: 'Normal' };
    case 'draining':
      return { node: event.node, reason: 'DextreDrain', message: `Draining through the Eviction API ${by}${detail}`, type: 'Normal' };
    case 'terminating':
      return { node: event.node, reason: 'DextreTerminate', message: `Drained; terminating its instance ${by}${detail}`, type: 'Normal' };
    case 'uncordoned':
      return { node: event.node, reason: 'DextreUncordon', message: `Uncordoned ${by}; the roll no longer replaces it${detail}`, type: 'Normal' };
    case 'failed':
      return { node: event.node, reason: 'DextreFailed', message: `The roll stopped on this node${detail}`, type: 'Warning' };
    case 'waiting':
    case 'drained':
    case 'replaced':
    case 'terminated':
      // The node is gone (replaced) or nothing happened to it yet.
      return undefined;
  }
}

/** The events of `dextre drain`, `cordon` and `uncordon`: the same reasons as a roll's, in the command's words. */
function commandEventFor(event: Extract<EngineEvent, { type: 'node' }>, command: 'drain' | 'cordon' | 'uncordon'): NodeEvent | undefined {
  const by = `by dextre ${command}`;
  const { node } = event;
  switch (event.status) {
    case 'cordoned':
      return { node, reason: 'DextreCordon', message: `Cordoned ${by}`, type: 'Normal' };
    case 'uncordoned':
      return { node, reason: 'DextreUncordon', message: `Uncordoned ${by}`, type: 'Normal' };
    case 'draining':
      return { node, reason: 'DextreDrain', message: `Draining through the Eviction API ${by}`, type: 'Normal' };
    case 'drained':
      return { node, reason: 'DextreDrained', message: `Drained ${by}; it stays cordoned`, type: 'Normal' };
    case 'terminating':
      return { node, reason: 'DextreTerminate', message: `Drained; terminating its instance ${by} (its group does not replace it)`, type: 'Normal' };
    case 'failed':
      return { node, reason: 'DextreFailed', message: `The drain stopped on this node; it stays cordoned`, type: 'Warning' };
    case 'terminated':
    case 'waiting':
    case 'replaced':
      return undefined;
  }
}

/** A rebalance's cordon while one of its pods moves, and its lifting. */
function rebalanceCordonEvent(event: Extract<EngineEvent, { type: 'cordon' }>, id: string): NodeEvent {
  return event.cordoned
    ? { node: event.node, reason: 'DextreRebalanceCordon', message: `Cordoned by dextre (rebalance ${id}) while a pod moves to another zone or node; lifted when it has`, type: 'Normal' }
    : { node: event.node, reason: 'DextreRebalanceUncordon', message: `Uncordoned by dextre (rebalance ${id}): the pod it moved has rescheduled`, type: 'Normal' };
}
