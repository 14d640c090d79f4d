// What `plan --simulate` predicts: the real engine rehearsed on a fresh simulator of the target, in virtual
// time. Times are seconds from the start of the rehearsed roll.
import type { Blocker } from './plan.js';

/**
 * A node's phases, in order: its replacement's `surge` (launch asked → node registered), `ready`
 * (registered → Ready), `prepull` (Ready → images pulled), then the old node's `drain` (cordoned → drained)
 * and `terminate` (terminate asked → node gone).
 */
export type TimelinePhaseName = 'surge' | 'ready' | 'prepull' | 'drain' | 'terminate';

export const TIMELINE_PHASES: readonly TimelinePhaseName[] = ['surge', 'ready', 'prepull', 'drain', 'terminate'];

export interface TimelinePhase {
  phase: TimelinePhaseName;
  /** Seconds from the start of the roll. */
  start: number;
  end: number;
  /** The rehearsed roll stopped before the phase ended: `end` is the roll's end. */
  unfinished?: true;
}

/** One row per node to replace, in roll order. */
export interface NodeTimeline {
  node: string;
  group: string;
  zone: string;
  /** The new node that stands in for it, or null when the rehearsed roll did not get that far. */
  replacement: string | null;
  phases: TimelinePhase[];
}

/** How long a PodDisruptionBudget held the roll: from a refused eviction of a pod to that pod's eviction. */
export interface PdbHold {
  /** `namespace/name`. */
  pdb: string;
  /** Seconds during which at least one of its pods waited for it (overlapping waits counted once). */
  seconds: number;
  /** The longest single wait of one pod, seconds. */
  longestSeconds: number;
  /** Pods that waited. */
  pods: number;
  /** Evictions it refused (each answered 429). */
  refusals: number;
}

/** The ready-capacity curve: a step function, each point holding until the next. */
export interface CapacityPoint {
  /** Seconds from the start of the roll. */
  at: number;
  /** Ready, schedulable allocatable CPU over the figure at the start (above 1 while the surge is up). */
  ratio: number;
}

export interface Prediction {
  /** Predicted duration of the roll, seconds. */
  seconds: number;
  /** How the rehearsed roll ended. */
  outcome: 'succeeded' | 'failed' | 'interrupted';
  timeline: NodeTimeline[];
  /** Longest hold first. */
  pdbHolds: PdbHold[];
  /** Most instances above a group's original desired capacity at any moment (as the simulator observed it). */
  peakExtraInstances: number;
  readyCapacity: CapacityPoint[];
  /** What stopped the rehearsed roll, when it failed. */
  blockers: Blocker[];
  error?: { code: string; message: string };
}
