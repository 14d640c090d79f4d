// The first state of a rebalance, from its plan and the view it was made on.
import type { ClusterView } from '../model.js';
import { measureWorkloads, nodeZoneMap } from './measure.js';
import { REBALANCE_STATE_VERSION, type CordonStatus, type MoveState, type RebalanceSettings, type RebalanceState, type WorkloadTrack } from './state.js';
import type { RebalancePlan } from './types.js';

export interface RebalanceInput {
  rebalanceId: string;
  plan: RebalancePlan;
  view: ClusterView;
  settings: RebalanceSettings;
}

export function initialRebalanceState(input: RebalanceInput): RebalanceState {
  const { plan, view } = input;
  const moves: Record<string, MoveState> = {};
  for (const m of plan.moves) moves[m.id] = { ...m, status: 'waiting', evicted: false, refusals: 0, gone: false, replaced: false };
  const moving = new Set(plan.moves.flatMap((m) => (m.workload !== undefined ? [m.workload] : [])));
  const workloads: Record<string, WorkloadTrack> = {};
  for (const { spread, pods } of measureWorkloads(view.nodes, view.pods, view.workloads)) {
    if (!moving.has(spread.key)) continue;
    workloads[spread.key] = {
      key: spread.key,
      namespace: spread.namespace,
      maxSkew: spread.maxSkew,
      zones: spread.zones,
      controllers: spread.controllers,
      counts: { ...spread.counts },
      uids: pods.map((p) => p.uid),
    };
  }
  const cordons: Record<string, CordonStatus> = {};
  for (const node of plan.leftoverCordons) cordons[node] = 'cordoned';
  return {
    kind: 'rebalance',
    version: REBALANCE_STATE_VERSION,
    rebalanceId: input.rebalanceId,
    cluster: plan.cluster,
    phase: 'cleaning',
    startedAt: view.now,
    now: view.now,
    settings: input.settings,
    moveOrder: plan.moves.map((m) => m.id),
    moves,
    workloads,
    nodeZones: Object.fromEntries(nodeZoneMap(view.nodes)),
    cordons,
    leftovers: [...plan.leftoverCordons],
    leftCordoned: [],
    inflight: {},
    findings: [...plan.findings],
    warnings: [...plan.warnings],
  };
}
