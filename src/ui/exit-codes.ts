// From a result to the process exit code, and the exit code table that `--help` and the README show.
import { assertNever, EXIT_CODE_TABLE, ExitCode } from '../core/errors.js';
import type { RollResult } from '../core/result.js';

/**
 * `failed` with blockers is `blocked` (3), without is a failure (1); `interrupted` is 4; `paused` (the maintenance windows closed) 6; a plan with blockers
 * is `blocked` too (the roll would not start: scripts gate on it), and a plan whose rehearsal failed without
 * one a failure; the rest succeed. A rebalance has no blockers (what it could not do is a finding): it fails
 * only when something broke. A roll whose rebalance phase was interrupted exits 4 like any interrupt.
 */
export function exitCodeFor(
  result: Pick<RollResult, 'outcome'> & { blockers?: readonly unknown[]; error?: unknown; rebalance?: { outcome: string } },
): ExitCode {
  const outcome = result.outcome;
  // A roll that succeeded and was then stopped in its rebalance phase was still interrupted: scripts and the
  // CronJob must not read a Ctrl-C as a clean run (the rebalance journal lets `dextre rebalance` finish it).
  if (outcome === 'succeeded' && result.rebalance?.outcome === 'interrupted') return ExitCode.Interrupted;
  switch (outcome) {
    case 'failed':
      return (result.blockers?.length ?? 0) > 0 ? ExitCode.Blocked : ExitCode.Failed;
    case 'interrupted':
      return ExitCode.Interrupted;
    case 'paused':
      return ExitCode.OutsideWindow;
    case 'planned':
      if ((result.blockers?.length ?? 0) > 0) return ExitCode.Blocked;
      return result.error !== undefined ? ExitCode.Failed : ExitCode.Success;
    case 'succeeded':
    case 'nothing-to-do':
      return ExitCode.Success;
    default:
      return assertNever(outcome);
  }
}

/** The exit code table as help text: `  0  success …` one code a line. */
export function exitCodeHelp(): string {
  return ['Exit codes:', ...EXIT_CODE_TABLE.map((row) => `  ${row.code}  ${row.meaning}`)].join('\n');
}
