// What kube-scheduler's filters decide about a pod and a node, as pure functions over dextre's model:
// TaintToleration, NodeAffinity (nodeSelector) and NodeResourcesFit. The simulator's scheduler, the planner's
// placement check and the rebalance planner judge a pod against a node the same way, so a plan never counts
// on a node the scheduler would refuse.
import type { Node, Pod, Resources, Taint, TaintEffect, Toleration } from './model.js';

/** `v1helper.TolerationsTolerateTaint`: one toleration matches the taint's key, value and effect. */
export function tolerates(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect !== undefined && t.effect !== taint.effect) return false;
    // An empty key with operator Exists matches every taint.
    if (t.key === undefined || t.key === '') return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

/** Taints of the given effects that the pod does not tolerate. */
export function untolerated(tolerations: readonly Toleration[], taints: readonly Taint[], effects: readonly TaintEffect[]): number {
  let n = 0;
  for (const taint of taints) if (effects.includes(taint.effect) && !tolerates(tolerations, taint)) n++;
  return n;
}

/** The taint effects that keep a pod off a node (PreferNoSchedule only makes the node less preferred). */
export const HARD_TAINT_EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'NoExecute'];

/** The pod tolerates every NoSchedule and NoExecute taint. */
export function toleratesHardTaints(tolerations: readonly Toleration[], taints: readonly Taint[]): boolean {
  return untolerated(tolerations, taints, HARD_TAINT_EFFECTS) === 0;
}

export function matchesNodeSelector(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}

/**
 * The node is one the pod could ever run on: Ready, its nodeSelector matches, and it tolerates every
 * NoSchedule and NoExecute taint. Cordoning and free room are not considered (they change by the minute).
 */
export function eligibleNode(pod: Pick<Pod, 'nodeSelector' | 'tolerations'>, node: Pick<Node, 'ready' | 'labels' | 'taints'>): boolean {
  return node.ready && matchesNodeSelector(pod.nodeSelector, node.labels) && toleratesHardTaints(pod.tolerations, node.taints);
}

/** `requests` fit in what `allocatable` leaves after `requested` (a small tolerance for fractional MiB sums). */
export function fits(requests: Resources, requested: Resources, allocatable: Resources): boolean {
  return requested.cpu + requests.cpu <= allocatable.cpu + 1e-6 && requested.memory + requests.memory <= allocatable.memory + 1e-6;
}
