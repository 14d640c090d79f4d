// Scheduling predicates in kube-scheduler's terms (TaintToleration, NodeAffinity's nodeSelector), pure:
// the simulator's scheduler and the planner's placement check judge a pod against a node the same way.
import type { Taint, TaintEffect, Toleration } from './model.js';

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
