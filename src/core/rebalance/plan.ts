// The rebalance planner: from a snapshot of the cluster, the fewest evictions that bring every workload
// within its zone maxSkew where the cluster has room, then the moves that cool hot nodes, each a value with
// its reason. Pure and deterministic: the same view and options give a deep-equal plan.
import { compareText, controllerExistsIn, existingControllers } from '../filters.js';
import type { ClusterView } from '../model.js';
import { Findings, type PlanContext } from './candidates.js';
import { leftoverCordons, withoutLeftoverCordons } from './cordons.js';
import { groupZones } from './groups.js';
import { planHotNodeMoves } from './hot-nodes.js';
import { measureWorkloads, nodeUtilisations, nodeZoneMap, requestedByNode, skewOf, type MeasuredWorkload } from './measure.js';
import { Caps, Room } from './room.js';
import type { RebalanceOptions, RebalancePlan } from './types.js';
import { planZoneMoves } from './zone-moves.js';

/**
 * Plans on the cluster as it will be once the cordons a previous rebalance left are lifted: those are
 * lifted first. The annotation on the node is the proof that dextre set a cordon; a node the crashed run's
 * journal (`journaled`) names that is cordoned without it may be someone else's since, and is only reported.
 */
export function planRebalance(view: ClusterView, options: RebalanceOptions, journaled: readonly string[] = []): RebalancePlan {
  const leftovers = leftoverCordons(view.nodes);
  const doubtful = view.nodes.filter((n) => journaled.includes(n.name) && n.unschedulable && !leftovers.includes(n.name)).map((n) => n.name);
  const cluster = withoutLeftoverCordons(view, leftovers);
  const measured = measureWorkloads(cluster.nodes, cluster.pods, cluster.workloads);
  const requested = requestedByNode(cluster.pods);
  const room = new Room(cluster.nodes, requested, options.utilisationThreshold);
  const ctx: PlanContext = {
    options,
    filter: { options, controllerExists: controllerExistsIn(existingControllers(cluster.workloads)) },
    pdbs: cluster.pdbs,
    room,
    caps: new Caps(options),
    nodeZones: nodeZoneMap(cluster.nodes),
    counts: new Map(measured.map((m) => [m.spread.key, { ...m.spread.counts }])),
    workloads: new Map(measured.map((m) => [m.spread.key, m])),
    moved: new Set(),
    moves: [],
    findings: new Findings(),
    warnings: new Set(),
  };
  for (const m of zoneOrder(measured)) planZoneMoves(ctx, m);
  const workloadOfPod = new Map(measured.flatMap((m) => m.pods.map((p) => [p.uid, m.spread.key] as const)));
  planHotNodeMoves(ctx, cluster.pods, workloadOfPod);
  const zones = groupZones(cluster.groups, cluster.nodes, cluster.pods, options.fixZones);
  for (const f of zones.findings) ctx.findings.add(f);
  const after: RebalancePlan['after'] = {};
  for (const [key, counts] of ctx.counts) after[key] = { counts: { ...counts }, skew: skewOf(counts) };
  return {
    cluster: view.name,
    workloads: measured.map((m) => m.spread),
    after,
    moves: orderMoves(ctx.moves),
    nodes: { before: nodeUtilisations(cluster.nodes, requested), after: ctx.room.utilisations() },
    groups: zones.groups,
    findings: ctx.findings.list(),
    warnings: [
      ...[...ctx.warnings].sort(compareText),
      ...doubtful.map(
        (n) => `node ${n} is cordoned and the interrupted rebalance's journal names it, but it no longer carries dextre's annotation: someone else may have cordoned it since, so dextre leaves it; if it is dextre's, run kubectl uncordon ${n}`,
      ),
    ],
    leftoverCordons: leftovers,
    utilisationThreshold: options.utilisationThreshold,
  };
}

/**
 * The order workloads get their moves (it matters under --max-evictions): regular workloads before
 * system-critical ones, the furthest above their maxSkew first, then by key.
 */
function zoneOrder(measured: readonly MeasuredWorkload[]): MeasuredWorkload[] {
  return [...measured].sort(
    (a, b) =>
      Number(a.spread.critical) - Number(b.spread.critical) ||
      b.spread.skew - b.spread.maxSkew - (a.spread.skew - a.spread.maxSkew) ||
      compareText(a.spread.key, b.spread.key),
  );
}

/** Moves of system-critical pods run last, so the cluster's own services move only once the rest has; ids follow. */
function orderMoves<M extends { critical: boolean; id: string }>(moves: readonly M[]): M[] {
  return [...moves].sort((a, b) => Number(a.critical) - Number(b.critical)).map((m, i) => ({ ...m, id: `m${i + 1}` }));
}
