// Building the result `rebalance --json` prints: from the plan alone (a dry-run), or from the final state
// and a fresh read of the cluster (skew and utilisation after are measured, never assumed).
import type { ClusterView } from '../core/model.js';
import { groupZones } from '../core/rebalance/groups.js';
import { measureWorkloads, nodeUtilisations, requestedByNode, utilisationSpread } from '../core/rebalance/measure.js';
import type { MoveResult, NodeUtilisationResult, RebalanceResult, WorkloadResult } from '../core/rebalance/result.js';
import type { MoveState, RebalanceState } from '../core/rebalance/state.js';
import type { NodeUtilisation, PlannedMove, WorkloadSpread, ZoneCounts } from '../core/rebalance/types.js';
import type { RollResult, SimulationReport } from '../core/result.js';
import type { PreparedRebalance } from './rebalance.js';

export function plannedRebalanceResult(prepared: PreparedRebalance): RebalanceResult {
  const { plan, view } = prepared;
  const moves = plan.moves.map((m) => moveResult(m, 'planned'));
  const nothing = plan.moves.length === 0 && plan.leftoverCordons.length === 0 && plan.groups.every((g) => g.fix.length === 0);
  return {
    outcome: nothing ? 'nothing-to-do' : 'planned',
    cluster: prepared.cluster,
    startedAt: view.now,
    finishedAt: view.now,
    evictions: moves.length,
    workloads: plan.workloads.map((w) => workloadResult(w, plan.after[w.key] ?? { counts: w.counts, skew: w.skew }, countMoves(plan.moves, w.key))),
    moves,
    utilisation: utilisation(plan.nodes.before, plan.nodes.after, plan.utilisationThreshold),
    groups: plan.groups.map((g) => ({ name: g.name, zones: { ...g.counts }, imbalance: g.imbalance, fix: [...g.fix] })),
    findings: plan.findings,
    warnings: plan.warnings,
    cleanedUp: [...plan.leftoverCordons],
  };
}

export function executedRebalanceResult(
  prepared: PreparedRebalance,
  state: RebalanceState,
  after: ClusterView,
  simulation: SimulationReport | undefined,
  zoneFix: RollResult | undefined,
): RebalanceResult {
  const { plan } = prepared;
  const measured = new Map(measureWorkloads(after.nodes, after.pods, after.workloads).map((m) => [m.spread.key, m.spread]));
  const moves = state.moveOrder.flatMap((id) => {
    const m = state.moves[id];
    return m ? [stateMoveResult(m)] : [];
  });
  const evicted = state.moveOrder.map((id) => state.moves[id]).filter((m): m is MoveState => m?.evicted === true);
  const nodesAfter = nodeUtilisations(after.nodes, requestedByNode(after.pods));
  const groupsAfter = groupZones(after.groups, after.nodes, after.pods, false).groups;
  return {
    outcome: state.outcome ?? 'failed',
    cluster: prepared.cluster,
    startedAt: zoneFix?.startedAt ?? state.startedAt,
    finishedAt: state.finishedAt ?? state.now,
    evictions: evicted.length,
    workloads: plan.workloads.map((w) => {
      const now = measured.get(w.key);
      return workloadResult(w, now ? { counts: now.counts, skew: now.skew } : { counts: w.counts, skew: w.skew }, evicted.filter((m) => m.workload === w.key).length);
    }),
    moves,
    utilisation: utilisation(plan.nodes.before, nodesAfter, plan.utilisationThreshold),
    groups: plan.groups.map((g) => {
      const now = groupsAfter.find((x) => x.name === g.name);
      return { name: g.name, zones: { ...g.counts }, imbalance: now?.imbalance ?? g.imbalance, fix: [...g.fix], ...(now ? { zonesAfter: now.counts } : {}) };
    }),
    findings: state.findings,
    warnings: state.warnings,
    cleanedUp: [...state.leftovers],
    ...(zoneFix ? { zoneFix } : {}),
    ...(state.failure ? { error: { ...state.failure } } : {}),
    ...(simulation ? { simulation } : {}),
  };
}

function workloadResult(w: WorkloadSpread, after: { counts: ZoneCounts; skew: number }, moves: number): WorkloadResult {
  return {
    kind: w.kind,
    namespace: w.namespace,
    name: w.name,
    maxSkew: w.maxSkew,
    maxSkewFrom: w.maxSkewFrom,
    before: w.skew,
    after: after.skew,
    zonesBefore: { ...w.counts },
    zonesAfter: { ...after.counts },
    moves,
  };
}

function countMoves(moves: readonly PlannedMove[], workload: string): number {
  return moves.filter((m) => m.workload === workload).length;
}

function moveResult(m: PlannedMove, status: MoveResult['status']): MoveResult {
  return {
    id: m.id,
    reason: m.reason,
    pod: `${m.pod.namespace}/${m.pod.name}`,
    workload: m.workload ?? null,
    from: { node: m.fromNode, zone: m.fromZone },
    toZone: m.toZone,
    skewBefore: m.skewBefore,
    skewAfter: m.skewAfter,
    status,
    cordoned: [...m.cordon],
    message: m.message,
  };
}

function stateMoveResult(m: MoveState): MoveResult {
  return {
    ...moveResult(m, m.status),
    ...(m.landed !== undefined ? { landed: m.landed.map((l) => ({ ...l })) } : {}),
    ...(m.asPlanned !== undefined ? { asPlanned: m.asPlanned } : {}),
    ...(m.detail !== undefined ? { detail: m.detail } : {}),
  };
}

function utilisation(before: readonly NodeUtilisation[], after: readonly NodeUtilisation[], threshold: number): RebalanceResult['utilisation'] {
  const byName = new Map(after.map((n) => [n.name, n]));
  const nodes: NodeUtilisationResult[] = before.map((n) => ({ name: n.name, zone: n.zone, before: n.utilisation, after: byName.get(n.name)?.utilisation ?? 0 }));
  for (const n of after) if (!before.some((b) => b.name === n.name)) nodes.push({ name: n.name, zone: n.zone, before: 0, after: n.utilisation });
  return { threshold, before: utilisationSpread(before, threshold), after: utilisationSpread(after, threshold), nodes };
}
