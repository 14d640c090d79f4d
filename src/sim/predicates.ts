// Node predicates shared by the scheduler, the DaemonSet controller and the cluster autoscaler, after
// kube-scheduler's TaintToleration, NodeAffinity (nodeSelector) and NodeResourcesFit plugins. The taint and
// selector predicates are the core's (src/core/scheduling.ts), shared with the planner's placement check.
import type { Resources, Toleration } from '../core/model.js';
import { toleratesHardTaints as toleratesTaints } from '../core/scheduling.js';
import type { SimNode } from './state.js';

export { matchesNodeSelector, tolerates, untolerated } from '../core/scheduling.js';

/** The pod tolerates every NoSchedule and NoExecute taint of the node. */
export function toleratesHardTaints(tolerations: readonly Toleration[], sn: SimNode): boolean {
  return toleratesTaints(tolerations, sn.node.taints);
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
