// The result of `dextre drain` (what `--json` prints): from the drain's final state, or from the plan
// when nothing ran (a dry run, nothing selected, or blockers found before any change).
import type { NodeGroup } from '../core/model.js';
import type { DrainNodeAction, DrainNodeResult, DrainResult } from '../core/drain-result.js';
import type { SimulationReport } from '../core/result.js';
import type { OldNodeState, RollState } from '../core/roll/state.js';
import type { PreparedDrain } from './drain.js';
import { groupResults } from './result.js';

/** What the drain would do, changing nothing: `planned`, `nothing-to-do`, or `failed` (blocked, exit 3) when something blocks. */
export function drainPlanResult(prepared: PreparedDrain, dryRun: boolean): DrainResult {
  const { plan } = prepared;
  const blocked = plan.blockers.length > 0;
  const first = plan.blockers[0];
  const nodes = prepared.targets.map((t): DrainNodeResult => {
    const planned = plan.nodes.find((n) => n.node === t.name);
    return { ...identity(t), action: blocked ? 'skipped' : 'planned', evictedPods: 0, pods: planned?.pods ?? [] };
  });
  return {
    outcome: blocked ? 'failed' : nodes.length === 0 ? 'nothing-to-do' : 'planned',
    cluster: prepared.cluster,
    startedAt: prepared.now,
    finishedAt: prepared.now,
    dryRun,
    terminate: prepared.request.terminate,
    nodes,
    groups: prepared.groups.map((g) => ({ name: g.name, surge: 0, maxUnavailable: 0, before: sizeOf(g), after: sizeOf(g), suspendedProcessesBefore: [...g.suspendedProcesses].sort(), suspendedProcessesAfter: [...g.suspendedProcesses].sort() })),
    blockers: plan.blockers,
    warnings: prepared.warnings,
    ...(first
      ? {
          error: {
            code: 'BLOCKED',
            message:
              `The drain did not start: ${plan.blockers.length} blocker(s), first: ${first.message}. ` +
              `Fix: ${first.remedy}${first.flag ? ` (or pass ${first.flag})` : ''}. Nothing was changed.`,
          },
        }
      : {}),
  };
}

/** Built from the state alone (and the groups as the cloud reports them after). */
export function drainResult(state: RollState, groupsAfter: NodeGroup[], simulation: SimulationReport | undefined): DrainResult {
  const named = new Set(state.blockers.flatMap((b) => (b.node ? [b.node] : [])));
  const nodes = state.nodeOrder.flatMap((name) => {
    const node = state.nodes[name];
    return node ? [{ ...identity(node), action: actionOf(node, named.has(name)), evictedPods: node.evicted }] : [];
  });
  return {
    // A drain has no maintenance windows, so it never pauses.
    outcome: state.outcome === undefined || state.outcome === 'paused' ? 'failed' : state.outcome,
    cluster: state.cluster,
    startedAt: state.startedAt,
    finishedAt: state.finishedAt ?? state.now,
    dryRun: false,
    terminate: state.drain?.terminate === true,
    nodes,
    groups: groupResults(state, groupsAfter),
    blockers: state.blockers,
    warnings: state.warnings,
    ...(state.failure ? { error: { ...state.failure } } : {}),
    ...(simulation ? { simulation } : {}),
  };
}

function actionOf(node: OldNodeState, blocked: boolean): DrainNodeAction {
  switch (node.status) {
    case 'terminated':
      return 'terminated';
    case 'drained':
      return 'drained';
    case 'waiting':
    case 'uncordoned':
      return 'skipped';
    case 'failed':
      return blocked ? 'failed' : 'cordoned';
    case 'cordoning':
    case 'listing':
    case 'draining':
    case 'uncordoning':
    case 'terminating':
      return blocked ? 'failed' : 'cordoned';
  }
}

function identity(n: { name: string; group: string; instanceId: string; zone: string }): Pick<DrainNodeResult, 'name' | 'group' | 'instanceId' | 'zone'> {
  return { name: n.name, group: n.group || null, instanceId: n.instanceId || null, zone: n.zone || null };
}

function sizeOf(g: NodeGroup): { min: number; max: number; desired: number } {
  return { min: g.min, max: g.max, desired: g.desired };
}
