// Building the result that `--json` prints from the final roll state and what the cloud reports after.
import type { NodeGroup } from '../core/model.js';
import { prepullImagesByNamespace } from '../core/prepull.js';
import type { RollPlan } from '../core/plan.js';
import type { GroupResult, NodeAction, NodeResult, RollResult, SimulationReport } from '../core/result.js';
import type { RollState } from '../core/roll/state.js';

/** Images per namespace (the plan pre-pulls per group and namespace; the result reports per namespace). */
export function prepullSummary(plan: RollPlan): RollResult['prepull'] {
  return prepullImagesByNamespace(plan.prepull);
}

/** Built from the state alone, so a resumed roll reports the nodes of the roll it resumed. */
export function rollResult(
  state: RollState,
  groupsAfter: NodeGroup[],
  simulation: SimulationReport | undefined,
): RollResult {
  const failedNodes = new Set(state.blockers.flatMap((b) => (b.node ? [b.node] : [])));
  const nodes: NodeResult[] = state.nodeOrder.flatMap((name) => {
    const node = state.nodes[name];
    if (!node) return [];
    const replacement = node.replacement ? state.replacements[node.replacement] : undefined;
    let action: NodeAction = 'skipped';
    if (node.status === 'terminated') action = 'replaced';
    else if (node.status === 'failed' || failedNodes.has(name)) action = 'failed';
    return [
      {
        name,
        group: node.group,
        zone: node.zone,
        instanceId: node.instanceId,
        reasons: node.reasons,
        action,
        replacement: replacement ? { name: replacement.name, zone: replacement.zone, instanceId: replacement.instanceId } : null,
        evictedPods: node.evicted,
      },
    ];
  });
  return {
    outcome: state.outcome ?? 'failed',
    cluster: state.cluster,
    startedAt: state.startedAt,
    finishedAt: state.finishedAt ?? state.now,
    nodes,
    groups: groupResults(state, groupsAfter),
    blockers: state.blockers,
    warnings: state.warnings,
    prepull: state.prepull.images,
    ...(state.failure ? { error: { ...state.failure } } : {}),
    ...(simulation ? { simulation } : {}),
  };
}

/** Each group of the state, before (as recorded) and after (as the cloud reports it now). */
export function groupResults(state: RollState, groupsAfter: NodeGroup[]): GroupResult[] {
  return state.groupOrder.flatMap((name) => {
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
}
