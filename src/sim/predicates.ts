// Node predicates shared by the scheduler, the DaemonSet controller and the cluster autoscaler, after
// kube-scheduler's TaintToleration, NodeAffinity (nodeSelector) and NodeResourcesFit plugins; the pure
// rules live in src/core/scheduling.ts (the rebalance planner uses them too), these apply them to SimNodes.
import type { Resources, Toleration } from '../core/model.js';
import { HARD_TAINT_EFFECTS, untolerated } from '../core/scheduling.js';
import type { SimNode } from './state.js';

export { matchesNodeSelector, tolerates, untolerated } from '../core/scheduling.js';

/** The pod tolerates every NoSchedule and NoExecute taint of the node. */
export function toleratesHardTaints(tolerations: readonly Toleration[], sn: SimNode): boolean {
  return untolerated(tolerations, sn.node.taints, HARD_TAINT_EFFECTS) === 0;
}

/** The node has room for `requests` on top of what is requested there (plus `extra`, for what-ifs). */
export function fitsResources(requests: Resources, sn: SimNode, extra?: Resources): boolean {
  // The scheduler's hot loop calls this per pod and node: no allocation (core's `fits` takes objects).
  const cpu = sn.requested.cpu + (extra?.cpu ?? 0) + requests.cpu;
  const memory = sn.requested.memory + (extra?.memory ?? 0) + requests.memory;
  // A small tolerance: fractional MiB sums must not refuse an exact fit.
  return cpu <= sn.node.allocatable.cpu + 1e-6 && memory <= sn.node.allocatable.memory + 1e-6;
}

/** Ready and not cordoned: where the scheduler may bind new pods. */
export function schedulable(sn: SimNode): boolean {
  return sn.node.ready && !sn.node.unschedulable;
}
