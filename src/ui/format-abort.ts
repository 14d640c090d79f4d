// `dextre abort` results as people read them. Pure: a function of the value `--json` prints.
import { assertNever } from '../core/errors.js';
import type { AbortResult } from '../core/abort-result.js';
import { blockerLines, sections, warningLines } from './format-common.js';
import { groupLines } from './format-result.js';
import { count, table } from './text.js';

export function formatAbort(result: AbortResult): string {
  return sections(
    [abortHeadline(result)],
    groupLines(result),
    drainedLines(result),
    blockerLines(result.blockers, 'Blockers'),
    warningLines(result.warnings),
    result.error ? [`Error [${result.error.code}]: ${result.error.message}`] : [],
  );
}

function abortHeadline(r: AbortResult): string {
  const roll = `roll ${r.rollId ?? ''} of ${r.cluster}`;
  const how =
    r.found === 'running'
      ? `it was running in ${r.stopped ?? 'another dextre'}, which was asked to stop and unwound`
      : r.found === 'unfinished'
        ? 'it had stopped unfinished (its dextre died); it was resumed only to unwind'
        : 'it had already stopped';
  switch (r.outcome) {
    case 'succeeded':
      return `Aborted the ${roll}: ${how}. Every group is back at its original size${r.drained.length > 0 ? `, after ${count(r.drained.length, 'surplus replacement')} drained and terminated` : ''}; no mark of dextre is left.`;
    case 'failed':
      return `Abort of the ${roll} did not finish: ${how}, but not every group is back at its original size (see the error).`;
    case 'nothing-to-do':
      return `No roll to abort on cluster ${r.cluster}: no unfinished roll in its journal.`;
    case 'interrupted':
      return `Abort of the ${roll} was interrupted; run dextre abort again to finish it.`;
    case 'planned':
      return `Abort of the ${roll}: planned only.`;
    default:
      return assertNever(r.outcome);
  }
}

function drainedLines(r: AbortResult): string[] {
  if (r.drained.length === 0) return [];
  const rows = r.drained.map((n) => [n.name, n.group ?? '-', n.zone ?? '-', n.action, String(n.evictedPods)]);
  return ['Surplus replacements:', ...table(['NODE', 'GROUP', 'ZONE', 'ACTION', 'EVICTED'], rows)];
}
