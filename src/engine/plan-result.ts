// The result of `plan` (and `roll nodes --dry-run`): the plan, changing nothing.
import type { RollResult } from '../core/result.js';
import type { PreparedRoll } from './api.js';
import { prepullSummary } from './result.js';

export function planResult(prepared: PreparedRoll): RollResult {
  const { plan, view } = prepared;
  const outcome = plan.nodes.length === 0 ? 'nothing-to-do' : 'planned';
  return {
    outcome,
    cluster: prepared.cluster,
    startedAt: view.now,
    finishedAt: view.now,
    nodes: plan.nodes.map((n) => ({
      name: n.name,
      group: n.group,
      zone: n.zone,
      instanceId: n.instanceId,
      reasons: n.reasons,
      action: 'planned',
      replacement: null,
      evictedPods: 0,
    })),
    groups: plan.groups.map((g) => ({
      name: g.name,
      surge: g.surge,
      maxUnavailable: g.maxUnavailable,
      before: { ...g.size },
      after: { ...g.size },
      suspendedProcessesBefore: [...g.suspendedProcesses].sort(),
      suspendedProcessesAfter: [...g.suspendedProcesses].sort(),
    })),
    blockers: plan.blockers,
    warnings: plan.warnings,
    prepull: prepared.options.prepull ? prepullSummary(plan) : [],
  };
}
