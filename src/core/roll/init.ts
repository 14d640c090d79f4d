// Building the first state of a roll from a plan.
import type { DaemonSetManifest } from '../../kube/port.js';
import { instanceIdOf, type ClusterView } from '../model.js';
import type { RollPlan } from '../plan.js';
import { prepullImagesByNamespace } from '../prepull.js';
import { STATE_VERSION, type GroupState, type OldNodeState, type RollSettings, type RollState } from './state.js';

/**
 * The Auto Scaling processes that fight a roll: AZRebalance terminates instances to even out zones,
 * ReplaceUnhealthy replaces nodes we are draining, ScheduledActions and AlarmNotification change
 * desired capacity under us. `Launch` is never suspended: the surge needs it.
 */
export const ROLL_PROCESSES = ['AZRebalance', 'ReplaceUnhealthy', 'ScheduledActions', 'AlarmNotification'] as const;

export const DEFAULT_PREPULL_TIMEOUT_SECONDS = 600;
export const DEFAULT_LAUNCH_TIMEOUT_SECONDS = 900;

export interface RollInput {
  rollId: string;
  plan: RollPlan;
  view: ClusterView;
  settings: RollSettings;
  prepullManifests: DaemonSetManifest[];
}

export function initialRollState(input: RollInput): RollState {
  const { plan, view } = input;
  const groups: Record<string, GroupState> = {};
  for (const planned of plan.groups) {
    const group = view.groups.find((g) => g.name === planned.name);
    const instanceIds = new Set(group?.instances.map((i) => i.id) ?? []);
    const existingNodes = view.nodes
      .filter((n) => instanceIds.has(instanceIdOf(n.providerId) ?? ''))
      .map((n) => n.name)
      .sort();
    const original = { ...planned.size };
    groups[planned.name] = {
      name: planned.name,
      original,
      suspendedBefore: [...planned.suspendedProcesses].sort(),
      suspendedByDextre: ROLL_PROCESSES.filter((p) => !planned.suspendedProcesses.includes(p)),
      surge: planned.surge,
      maxUnavailable: planned.maxUnavailable,
      existingNodes,
      total: planned.nodes.length,
      launched: 0,
      launchedConfirmed: 0,
      external: 0,
      sizeRead: false,
      terminated: 0,
      rollMax: Math.max(original.max, original.desired + planned.surge),
      rollMin: Math.min(original.min, Math.max(0, original.desired - planned.maxUnavailable)),
      toeDipDone: false,
      suspended: false,
      minLowered: false,
      restored: 'pending',
      lastProgressAt: view.now,
    };
  }
  const nodes: Record<string, OldNodeState> = {};
  for (const n of plan.nodes) {
    nodes[n.name] = {
      name: n.name,
      group: n.group,
      zone: n.zone,
      instanceId: n.instanceId,
      reasons: n.reasons,
      status: 'waiting',
      pods: [],
      evicted: 0,
      softTainted: false,
    };
  }
  return {
    version: STATE_VERSION,
    rollId: input.rollId,
    cluster: plan.cluster,
    phase: 'protecting',
    startedAt: view.now,
    now: view.now,
    settings: input.settings,
    groupOrder: plan.groups.map((g) => g.name),
    groups,
    nodeOrder: plan.nodes.map((n) => n.name),
    nodes,
    replacements: {},
    replacementOrder: [],
    pods: {},
    workloadsBusy: {},
    prepull: {
      manifests: input.prepullManifests,
      // For people: what was pre-pulled per namespace, the groups' sets merged.
      images: input.settings.prepull ? prepullImagesByNamespace(plan.prepull) : [],
      applied: false,
      deleted: false,
    },
    inflight: {},
    blockers: [],
    warnings: [...plan.warnings],
    unpullable: {},
  };
}
