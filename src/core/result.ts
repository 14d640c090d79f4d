// The result of `roll nodes` and `plan`: what `--json` prints and what the text renderer shows.
import type { Blocker, Finding, GroupCapacity, OrderReason, Reason } from './plan.js';
import type { Prediction } from './prediction.js';
import type { RebalanceResult } from './rebalance/result.js';

export type Outcome = 'succeeded' | 'failed' | 'interrupted' | 'planned' | 'nothing-to-do';

/** A roll's outcome: also `paused` when its maintenance windows (--window) closed (exit 6). */
export type RollOutcome = Outcome | 'paused';

export type NodeAction = 'replaced' | 'planned' | 'skipped' | 'failed';

export interface NodeResult {
  name: string;
  group: string;
  zone: string;
  instanceId: string;
  reasons: Reason[];
  action: NodeAction;
  replacement: { name: string; zone: string; instanceId: string } | null;
  evictedPods: number;
  /** Plans only: why the node stands where it does in the roll order. */
  order?: OrderReason;
}

export interface GroupSizeResult {
  min: number;
  max: number;
  desired: number;
}

export interface GroupResult {
  name: string;
  surge: number;
  maxUnavailable: number;
  before: GroupSizeResult;
  after: GroupSizeResult;
  suspendedProcessesBefore: string[];
  suspendedProcessesAfter: string[];
  /** Plans only: the capacity check. */
  capacity?: GroupCapacity;
}

/** The simulator's own account of the run: it observes, the engine never grades itself. */
export interface SimulationReport {
  /** Virtual seconds from the start of the roll to its end. */
  virtualSeconds: number;
  /** Voluntary disruptions (evictions, deletions, terminations) of a healthy pod while its PDB allowed none. */
  pdbViolations: number;
  /** Non-DaemonSet pods still on a node when its instance was terminated. */
  lostPods: number;
  /** Lowest ratio of Ready, schedulable allocatable CPU to the figure at the start. */
  minReadyCapacityRatio: number;
  /** Most instances above a group's original desired capacity at any moment, over all groups. */
  maxExtraInstances: number;
  evictions: number;
  evictionsRefusedByPdb: number;
  /** Seconds from creation to Ready of pods created to replace evicted ones. */
  movedPodStartupSeconds: { p50: number; p95: number };
  /** Nodes whose instance still differs from its group's launch template or configuration. */
  outdatedNodesRemaining: number;
  /** Controller-managed pods that are missing or not Ready at the end. */
  unreadyControllerPods: number;
}

export interface RollResult {
  outcome: RollOutcome;
  cluster: string;
  /** Epoch seconds (virtual on a simulator). */
  startedAt: number;
  finishedAt: number;
  nodes: NodeResult[];
  groups: GroupResult[];
  blockers: Blocker[];
  warnings: string[];
  /** Plans only: every condition the preflight found (blockers and warnings) with its remedy and flag. */
  findings?: Finding[];
  /** Images pre-pulled (or to pre-pull, for a plan) per namespace. */
  prepull: { namespace: string; images: string[] }[];
  /** Set on failure: one paragraph naming what went wrong and the fix. */
  error?: { code: string; message: string };
  simulation?: SimulationReport;
  /** `plan --simulate` only: the rehearsal's prediction (its `simulation` is the rehearsal's). */
  prediction?: Prediction;
  /** `plan` with --window only: whether now is inside a maintenance window, said in a sentence. */
  maintenanceWindow?: { open: boolean; message: string };
  /** `roll nodes` only: the rebalance that ran as its last phase (after a roll that succeeded, unless --no-rebalance). */
  rebalance?: RebalanceResult;
}
