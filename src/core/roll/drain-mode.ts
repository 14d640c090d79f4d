// The roll machine in drain mode (`dextre drain NODE…`): the same drain as a roll's — the filter chain,
// one pod per workload at a time, regular before system-critical, PDB back-off, waits on the pod's uid
// and on its workload serving again, the drain timeout (drain.ts) — over named nodes, with no surge, no
// launch and no replacement. Every named node is cordoned before any of their pods moves, so a pod
// evicted from one never lands on another; drained nodes stay cordoned, and are terminated through
// their Auto Scaling groups (with decrement) only when asked.
import { ROLL_PROCESSES } from './init.js';
import { checkDrained, scheduleEvictions } from './drain.js';
import { cordonPatch } from './marks.js';
import { terminateDrained } from './pipeline.js';
import { STATE_VERSION, type GroupState, type OldNodeState, type RollSettings, type RollState } from './state.js';
import type { Step } from './step.js';

/** Of the processes a roll suspends, the one that terminates instances itself: it could take a node being drained. */
const AZ_REBALANCE: (typeof ROLL_PROCESSES)[number] = 'AZRebalance';

export interface DrainTarget {
  name: string;
  /** '' when the drain terminates nothing (the group is not looked up). */
  group: string;
  zone: string;
  instanceId: string;
}

export interface DrainGroup {
  name: string;
  min: number;
  max: number;
  desired: number;
  suspendedProcesses: string[];
}

export interface DrainInput {
  rollId: string;
  cluster: string;
  /** Epoch seconds. */
  now: number;
  nodes: DrainTarget[];
  /** The groups of the nodes to terminate (empty unless `terminate`). */
  groups: DrainGroup[];
  settings: RollSettings;
  terminate: boolean;
}

export function initialDrainState(input: DrainInput): RollState {
  const groups: Record<string, GroupState> = {};
  for (const g of input.groups) {
    const original = { min: g.min, max: g.max, desired: g.desired };
    // While dextre terminates instances, AZRebalance must not terminate one of its own choosing (perhaps
    // a node still draining). It is resumed at the end, unless it was suspended before.
    const suspend = input.terminate && !g.suspendedProcesses.includes(AZ_REBALANCE);
    groups[g.name] = {
      name: g.name,
      original,
      suspendedBefore: [...g.suspendedProcesses].sort(),
      suspendedByDextre: suspend ? [AZ_REBALANCE] : [],
      surge: 0,
      maxUnavailable: 0,
      existingNodes: [],
      total: 0,
      launched: 0,
      launchedConfirmed: 0,
      terminated: 0,
      external: 0,
      sizeRead: false,
      rollMax: original.max,
      rollMin: original.min,
      toeDipDone: true,
      suspended: false,
      minLowered: false,
      restored: 'pending',
      lastProgressAt: input.now,
    };
  }
  const nodes: Record<string, OldNodeState> = {};
  for (const n of input.nodes) {
    nodes[n.name] = { ...n, reasons: [], status: 'waiting', pods: [], evicted: 0, softTainted: false };
  }
  return {
    version: STATE_VERSION,
    rollId: input.rollId,
    cluster: input.cluster,
    phase: 'protecting',
    drain: { terminate: input.terminate },
    startedAt: input.now,
    now: input.now,
    settings: input.settings,
    groupOrder: input.groups.map((g) => g.name),
    groups,
    nodeOrder: input.nodes.map((n) => n.name),
    nodes,
    replacements: {},
    replacementOrder: [],
    pods: {},
    workloadsBusy: {},
    prepull: { manifests: [], images: [], applied: false, deleted: false },
    inflight: {},
    blockers: [],
    warnings: [],
    unpullable: {},
  };
}

/** Drives the drain as far as it goes now; true once it is done (every node drained, or terminated when asked). */
export function advanceDrain(step: Step): boolean {
  const { s } = step;
  const nodes = s.nodeOrder.map((n) => s.nodes[n]).filter((n): n is OldNodeState => n !== undefined);
  for (const node of nodes) {
    if (node.status !== 'waiting') continue;
    node.status = 'cordoning';
    step.issue({ type: 'PatchNode', key: `cordon:${node.name}`, node: node.name, purpose: 'cordon', patch: cordonPatch });
  }
  if (!nodes.some((n) => n.status === 'cordoning')) {
    for (const node of nodes) {
      if (node.status === 'listing') step.issue({ type: 'ListPodsOnNode', key: `list:${node.name}`, node: node.name });
    }
  }
  scheduleEvictions(step);
  for (const node of nodes) checkDrained(step, node);
  terminateDrainedNodes(step);
  const final = s.drain?.terminate === true ? 'terminated' : 'drained';
  return nodes.every((n) => n.status === final) && Object.keys(s.pods).length === 0;
}

/** With `terminate`: one drained node per group at a time goes through TerminateInstanceInAutoScalingGroup. */
export function terminateDrainedNodes(step: Step): void {
  if (step.s.drain?.terminate !== true) return;
  for (const name of step.s.groupOrder) {
    const g = step.s.groups[name];
    if (g) terminateDrained(step, g);
  }
}
