// Kubernetes Events on the nodes dextre acts on, so `kubectl describe node` and `kubectl get events`
// tell the story without dextre's output: a listener over the engine's domain events. Best effort: an
// event that cannot be recorded (RBAC without `create events`, say) never slows or stops the roll.
import type { KubeCluster, NodeEvent } from '../kube/port.js';
import type { EngineEvent } from './api.js';

export function nodeEventRecorder(kube: KubeCluster, rollId: string): (event: EngineEvent) => void {
  return (event) => {
    const recorded = nodeEventFor(event, rollId);
    if (recorded) kube.recordNodeEvent(recorded).catch(() => undefined);
  };
}

export function nodeEventFor(event: EngineEvent, rollId: string): NodeEvent | undefined {
  const by = `by dextre (roll ${rollId})`;
  if (event.type === 'replacement') {
    if (event.prepulled) return { node: event.node, reason: 'DextreImagesPrepulled', message: `The old nodes' images are pulled; old nodes drain onto it now ${by}`, type: 'Normal' };
    return { node: event.node, reason: 'DextreReplacementReady', message: `Ready in ${event.zone} as a replacement in group ${event.group} ${by}`, type: 'Normal' };
  }
  if (event.type === 'cordon') {
    return event.cordoned
      ? { node: event.node, reason: 'DextreRebalanceCordon', message: `Cordoned by dextre (rebalance ${rollId}) while a pod moves to another zone or node; lifted when it has`, type: 'Normal' }
      : { node: event.node, reason: 'DextreRebalanceUncordon', message: `Uncordoned by dextre (rebalance ${rollId}): the pod it moved has rescheduled`, type: 'Normal' };
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
      // The node is gone (replaced) or nothing happened to it yet.
      return undefined;
  }
}
