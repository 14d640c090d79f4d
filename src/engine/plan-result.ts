// The result of `plan` (and `roll nodes --dry-run`): the plan, changing nothing.
import type { Prediction } from '../core/prediction.js';
import type { RollResult } from '../core/result.js';
import type { PreparedRoll } from './api.js';
import { prepullSummary } from './result.js';
import { windowStatus } from '../core/window.js';

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
      ...(n.order ? { order: n.order } : {}),
    })),
    groups: plan.groups.map((g) => ({
      name: g.name,
      surge: g.surge,
      maxUnavailable: g.maxUnavailable,
      before: { ...g.size },
      after: { ...g.size },
      suspendedProcessesBefore: [...g.suspendedProcesses].sort(),
      suspendedProcessesAfter: [...g.suspendedProcesses].sort(),
      ...(g.capacity ? { capacity: g.capacity } : {}),
    })),
    blockers: plan.blockers,
    warnings: plan.warnings,
    findings: plan.findings,
    prepull: prepared.options.prepull ? prepullSummary(plan) : [],
    ...maintenanceWindow(prepared),
  };
}

function maintenanceWindow(prepared: PreparedRoll): Pick<RollResult, 'maintenanceWindow'> {
  const status = windowStatus(prepared.options.windows ?? [], prepared.view.now);
  return status !== undefined ? { maintenanceWindow: status } : {};
}

/**
 * The plan with its rehearsal: the plan's fields (nothing was changed), the rehearsal's `simulation` and
 * `prediction`. What stopped the rehearsed roll is a blocker of the plan too; a rehearsal that failed
 * without one is the plan's `error`.
 */
export function rehearsedPlanResult(prepared: PreparedRoll, rehearsal: { result: RollResult; prediction: Prediction }): RollResult {
  const result = planResult(prepared);
  const { prediction } = rehearsal;
  const failed = prediction.outcome !== 'succeeded';
  return {
    ...result,
    blockers: [...result.blockers, ...prediction.blockers],
    ...(failed && prediction.blockers.length === 0 && prediction.error ? { error: { ...prediction.error } } : {}),
    ...(rehearsal.result.simulation ? { simulation: rehearsal.result.simulation } : {}),
    prediction,
  };
}
