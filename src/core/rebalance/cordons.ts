// The cordons rebalance sets while a pod reschedules, and how it finds the ones a crash left behind.
// Each carries a dextre annotation naming the rebalance, so `kubectl describe node` explains it, a re-run
// finds and lifts it, and dextre never lifts a cordon it did not set: a node someone else cordoned has no
// such annotation, and the planner never cordons a node that is already unschedulable.
import type { NodePatch } from '../../kube/port.js';
import type { ClusterView, Node } from '../model.js';
import type { PlannedMove } from './types.js';

/** On a node rebalance cordoned; the value is the rebalance's id. */
export const REBALANCE_CORDON_ANNOTATION = 'dextre.io/rebalance-cordon';

export function rebalanceCordonPatch(rebalanceId: string): NodePatch {
  return { unschedulable: true, annotations: { [REBALANCE_CORDON_ANNOTATION]: rebalanceId } };
}

/** Lifts dextre's cordon and its annotation (a node someone uncordoned meanwhile only loses the annotation). */
export const rebalanceUncordonPatch: NodePatch = { unschedulable: false, annotations: { [REBALANCE_CORDON_ANNOTATION]: null } };

/** Nodes that still carry a rebalance's cordon annotation, in name order. */
export function leftoverCordons(nodes: readonly Node[]): string[] {
  return nodes
    .filter((n) => Object.hasOwn(n.annotations, REBALANCE_CORDON_ANNOTATION))
    .map((n) => n.name)
    .sort();
}

/** The cluster as it will be once those leftovers are lifted: what the planner plans on. */
export function withoutLeftoverCordons(view: ClusterView, leftovers: readonly string[]): ClusterView {
  if (leftovers.length === 0) return view;
  const lift = new Set(leftovers);
  return { ...view, nodes: view.nodes.map((n) => (lift.has(n.name) ? { ...n, unschedulable: false } : n)) };
}

/**
 * The nodes to cordon while a pod moves: those that could take it in a zone where landing is not as good as
 * planned, those it would turn hot, and its own node; never the node counted for it.
 */
export function cordonSet(move: Pick<PlannedMove, 'fromNode' | 'toNode' | 'bindable' | 'avoid'>, acceptableZones: readonly string[]): string[] {
  const nodes = new Set<string>(move.avoid);
  for (const [zone, names] of Object.entries(move.bindable)) {
    if (acceptableZones.includes(zone)) continue;
    for (const name of names) nodes.add(name);
  }
  if (Object.values(move.bindable).some((names) => names.includes(move.fromNode))) nodes.add(move.fromNode);
  nodes.delete(move.toNode);
  return [...nodes].sort();
}
