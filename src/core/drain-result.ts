// The results of `dextre drain`, `cordon` and `uncordon`: what `--json` prints and the text view shows.
import type { CordonAction } from './cordon.js';
import type { PodVerdict } from './drain-nodes.js';
import type { Blocker } from './plan.js';
import type { GroupResult, Outcome, SimulationReport } from './result.js';

/**
 * planned: what a dry run (or a drain that did not start) would do; drained: every pod to move is gone
 * and its workload serves again, the node stays cordoned; terminated: drained, then its instance
 * terminated through its group; cordoned: the drain stopped before the node was drained (it stays
 * cordoned); failed: a blocker names the node; skipped: never cordoned.
 */
export type DrainNodeAction = 'planned' | 'drained' | 'terminated' | 'cordoned' | 'failed' | 'skipped';

export interface DrainNodeResult {
  name: string;
  /** The node's Auto Scaling group: known with --terminate only (a drain without it never asks AWS). */
  group: string | null;
  instanceId: string | null;
  zone: string | null;
  action: DrainNodeAction;
  evictedPods: number;
  /** A plan only: the filter chain's verdict for every pod on the node. */
  pods?: PodVerdict[];
}

export interface DrainResult {
  outcome: Outcome;
  cluster: string;
  /** Epoch seconds (virtual on a simulator). */
  startedAt: number;
  finishedAt: number;
  dryRun: boolean;
  /** Whether drained nodes' instances are terminated (desired decremented: the group does not replace them). */
  terminate: boolean;
  nodes: DrainNodeResult[];
  /** The groups of terminated nodes, before and after (empty without --terminate). */
  groups: GroupResult[];
  /** Each with its remedy and, where one exists, the flag that overrides it. */
  blockers: Blocker[];
  warnings: string[];
  error?: { code: string; message: string };
  simulation?: SimulationReport;
}

export interface CordonNodeResult {
  name: string;
  action: CordonAction;
  /** False when the node was already so (nothing written), and on a dry run. */
  changed: boolean;
  marksRemoved: string[];
}

export interface CordonResult {
  outcome: Outcome;
  cluster: string;
  dryRun: boolean;
  nodes: CordonNodeResult[];
  /** Always empty: cordoning blocks on nothing (kept so every result reads the same). */
  blockers: Blocker[];
  warnings: string[];
}
