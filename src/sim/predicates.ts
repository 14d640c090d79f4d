// Node predicates shared by the scheduler, the DaemonSet controller and the cluster autoscaler, after
// kube-scheduler's TaintToleration, NodeAffinity (nodeSelector) and NodeResourcesFit plugins.
import type { Resources, Taint, TaintEffect, Toleration } from '../core/model.js';
import type { SimNode } from './state.js';

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

const HARD: readonly TaintEffect[] = ['NoSchedule', 'NoExecute'];

/** The pod tolerates every NoSchedule and NoExecute taint of the node. */
export function toleratesHardTaints(tolerations: readonly Toleration[], sn: SimNode): boolean {
  return untolerated(tolerations, sn.node.taints, HARD) === 0;
}

export function matchesNodeSelector(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}

/** The node has room for `requests` on top of what is requested there (plus `extra`, for what-ifs). */
export function fitsResources(requests: Resources, sn: SimNode, extra?: Resources): boolean {
  const cpu = sn.requested.cpu + (extra?.cpu ?? 0) + requests.cpu;
  const memory = sn.requested.memory + (extra?.memory ?? 0) + requests.memory;
  // A small tolerance: fractional MiB sums must not refuse an exact fit.
  return cpu <= sn.node.allocatable.cpu + 1e-6 && memory <= sn.node.allocatable.memory + 1e-6;
}

/** Ready and not cordoned: where the scheduler may bind new pods. */
export function schedulable(sn: SimNode): boolean {
  return sn.node.ready && !sn.node.unschedulable;
}
