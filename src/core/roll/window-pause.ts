// Maintenance windows in the roll (`--window`). Outside every window the roll starts work on no further node:
// no launch (except one that gives back capacity already terminated, with --surge 0), no cordon. What is in
// flight finishes: a node being drained is drained and terminated, a replacement already launched is waited for
// (the launch timeout still applies). Then the roll pauses: it takes the restore path as an interrupt does —
// soft taints removed, pre-pull DaemonSets deleted, min and max put back, the processes dextre suspended resumed —
// so the cluster does not keep dextre's settings until the next window, possibly days away. Desired stays above
// the original by the replacements that have no terminated node to stand in for (lowering it would let Auto
// Scaling pick a victim); the next run in a window adopts them (resume.ts) and goes on. Outcome `paused`, exit 6.
import { describeNextOpening, isOpen, windowFlags } from '../window.js';
import { joinedCount } from './pipeline.js';
import { unwind } from './restore.js';
import type { OldNodeStatus, RollState } from './state.js';
import type { Step } from './step.js';

/** Whether the roll may start work on another node now: always, when no window was given. */
export function windowOpen(s: RollState): boolean {
  return isOpen(s.settings.windows ?? [], s.now);
}

/** Old nodes between cordon and terminate: work in flight that finishes before the roll pauses. */
const STARTED: ReadonlySet<OldNodeStatus> = new Set(['cordoning', 'listing', 'draining', 'drained', 'terminating']);

/**
 * Nothing started is left unfinished: no node mid-drain, every moved pod serves again, every launch has joined,
 * and (--surge 0) every terminated node has its replacement launched — else the restore would leave the group
 * below its size.
 */
function settled(s: RollState): boolean {
  return (
    s.nodeOrder.every((n) => !STARTED.has(s.nodes[n]?.status ?? 'waiting')) &&
    Object.keys(s.pods).length === 0 &&
    s.groupOrder.every((name) => {
      const g = s.groups[name];
      return g === undefined || (g.launched >= g.terminated && joinedCount(s, name) >= g.launched);
    })
  );
}

/** Pauses a rolling roll once its windows are closed and what it started has finished. */
export function pauseOutsideWindow(step: Step): void {
  const { s } = step;
  if (step.failing || s.drain !== undefined || s.phase !== 'rolling' || windowOpen(s) || !settled(s)) return;
  // With no old node left to start, the roll is finishing, not pausing.
  if (s.nodeOrder.every((n) => s.nodes[n]?.status !== 'waiting')) return;
  const windows = s.settings.windows ?? [];
  const done = s.nodeOrder.filter((n) => s.nodes[n]?.status === 'terminated').length;
  step.fail(
    {
      code: 'OUTSIDE_WINDOW',
      message:
        `The maintenance window closed (${windowFlags(windows)}): the roll paused after replacing ${done} of ${s.nodeOrder.length} node(s), ` +
        `finishing what was in flight and restoring the groups' processes, min and max. The next window opens ${describeNextOpening(windows, s.now) ?? 'never'}; ` +
        `run the same command in it to go on (it adopts the replacements this run left).`,
    },
    [],
    'paused',
  );
  unwind(step);
}
