// What `dextre abort` did and where it left the cluster (the --json shape, documented in the README).
import type { Blocker } from './plan.js';
import type { DrainNodeResult } from './drain-result.js';
import type { GroupResult, Outcome } from './result.js';

/** Where abort found the roll: none to abort, running in another dextre, stopped unfinished, or already over. */
export type AbortFound = 'none' | 'running' | 'unfinished' | 'stopped';

export interface AbortResult {
  /** `succeeded`: every group back at its original size and no mark left; `nothing-to-do`: no roll to abort. */
  outcome: Outcome;
  cluster: string;
  found: AbortFound;
  rollId?: string;
  /** The holder of the lock that was asked to stop (found `running`). */
  stopped?: string;
  /** Epoch seconds. */
  startedAt: number;
  finishedAt: number;
  /** Each group of the roll: its size when the roll began (`before`) and now. */
  groups: GroupResult[];
  /** Replacements drained and terminated (with decrement) to bring the groups back to their original desired. */
  drained: DrainNodeResult[];
  blockers: Blocker[];
  warnings: string[];
  error?: { code: string; message: string };
}
