// Building the result that `--json` prints from the final roll state and what the cloud reports after.
import type { NodeGroup } from '../core/model.js';
import type { RollPlan } from '../core/plan.js';
import type { GroupResult, NodeAction, NodeResult, RollResult, SimulationReport } from '../core/result.js';
import type { RollState } from '../core/roll/state.js';
import type { PreparedRoll } from './api.js';

export function prepullSummary(plan: RollPlan): RollResult['prepull'] {
  return plan.prepull.map((p) => ({ namespace: p.namespace, images: [...p.images] }));
}

export function rollResult(
  state: RollState,
  prepared: PreparedRoll,
  groupsAfter: NodeGroup[],
  simulation: SimulationReport | undefined,
): RollResult {
  const failedNodes = new Set(state.blockers.flatMap((b) => (b.node ? [b.node] : [])));
  const nodes: NodeResult[] = prepared.plan.nodes.map((planned) => {
    const node = state.nodes[planned.name];
    const replacement = node?.replacement ? state.replacements[node.replacement] : undefined;
    let action: NodeAction = 'skipped';
    if (node?.status === 'terminated') action = 'replaced';
    else if (node?.status === 'failed' || failedNodes.has(planned.name)) action = 'failed';
    return {
      name: planned.name,
      group: planned.group,
      zone: planned.zone,
      instanceId: planned.instanceId,
      reasons: planned.reasons,
      action,
      replacement: replacement ? { name: replacement.name, zone: replacement.zone, instanceId: replacement.instanceId } : null,
      evictedPods: node?.evicted ?? 0,
    };
  });
  const groups: GroupResult[] = state.groupOrder.flatMap((name) => {
    const g = state.groups[name];
    if (!g) return [];
    const after = groupsAfter.find((x) => x.name === name);
    return [
      {
        name,
        surge: g.surge,
        maxUnavailable: g.maxUnavailable,
        before: { ...g.original },
        after: after ? { min: after.min, max: after.max, desired: after.desired } : { ...(g.final ?? g.original) },
        suspendedProcessesBefore: [...g.suspendedBefore],
        suspendedProcessesAfter: after ? [...after.suspendedProcesses].sort() : [...g.suspendedBefore],
      },
    ];
  });
  return {
    outcome: state.outcome ?? 'failed',
    cluster: state.cluster,
    startedAt: state.startedAt,
    finishedAt: state.finishedAt ?? state.now,
    nodes,
    groups,
    blockers: state.blockers,
    warnings: state.warnings,
    prepull: state.settings.prepull ? prepullSummary(prepared.plan) : [],
    ...(state.failure ? { error: { ...state.failure } } : {}),
    ...(simulation ? { simulation } : {}),
  };
}
