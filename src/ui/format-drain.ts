// `dextre drain`, `cordon` and `uncordon` results as people read them. Pure: functions of the values
// `--json` prints.
import { assertNever } from '../core/errors.js';
import type { CordonResult, DrainResult } from '../core/drain-result.js';
import { formatDuration } from '../config/duration.js';
import { blockerLines, sections, warningLines } from './format-common.js';
import { groupLines, simulationLines } from './format-result.js';
import { count, table } from './text.js';

export function formatDrain(result: DrainResult): string {
  return sections(
    [drainHeadline(result)],
    nodeLines(result),
    planLines(result),
    groupLines(result),
    blockerLines(result.blockers, 'Blockers'),
    warningLines(result.warnings),
    result.simulation && result.nodes.some((n) => n.pods === undefined) ? simulationLines(result.simulation) : [],
    result.error ? [`Error [${result.error.code}]: ${result.error.message}`] : [],
  );
}

function drainHeadline(r: DrainResult): string {
  const done = r.nodes.filter((n) => n.action === 'drained' || n.action === 'terminated').length;
  const verb = r.terminate ? 'drained and terminated' : 'drained';
  const took = `${formatDuration(r.finishedAt - r.startedAt)}${r.simulation ? ' (virtual time)' : ''}`;
  switch (r.outcome) {
    case 'succeeded':
      return `Drain of ${r.cluster} succeeded: ${count(done, 'node')} ${verb} in ${took}${r.terminate ? '' : `; ${done === 1 ? 'it stays' : 'they stay'} cordoned (\`dextre uncordon\` puts ${done === 1 ? 'it' : 'them'} back)`}.`;
    case 'failed':
      return `Drain of ${r.cluster} failed${r.blockers.length > 0 ? ' (blocked)' : ''}: ${done} of ${count(r.nodes.length, 'node')} ${verb}.`;
    case 'interrupted':
      return `Drain of ${r.cluster} interrupted: ${done} of ${count(r.nodes.length, 'node')} ${verb}; the others stay cordoned. Re-run the same command to drain what is left.`;
    case 'planned':
      return `Drain plan for ${r.cluster} (dry run): ${count(r.nodes.length, 'node')}; nothing was changed.`;
    case 'nothing-to-do':
      return `Cluster ${r.cluster}: no node matches; nothing to drain.`;
    default:
      return assertNever(r.outcome);
  }
}

function nodeLines(r: DrainResult): string[] {
  if (r.nodes.length === 0 || r.outcome === 'planned') return [];
  const rows = r.nodes.map((n) => [n.name, n.group ?? '-', n.zone ?? '-', n.action, String(n.evictedPods)]);
  return ['Nodes:', ...table(['NODE', 'GROUP', 'ZONE', 'ACTION', 'EVICTED'], rows)];
}

/** A plan: per node, what happens to each pod (kubectl's `evicting pod … (dry run)`, with the reasons). */
function planLines(r: DrainResult): string[] {
  const planned = r.nodes.filter((n) => n.pods !== undefined);
  if (planned.length === 0) return [];
  const lines: string[] = [];
  for (const n of planned) {
    const pods = n.pods ?? [];
    lines.push(`Node ${n.name}: ${count(pods.filter((p) => p.action === 'evict').length, 'pod')} to evict`);
    lines.push(...table(['POD', 'ACTION', 'WHY'], pods.map((p) => [p.pod, p.action, p.reason])));
  }
  return lines;
}

export function formatCordon(result: CordonResult): string {
  const rows = result.nodes.map((n) => [n.name, `${n.action.replace('-', ' ')}${result.dryRun && n.action !== 'already-cordoned' && n.action !== 'already-uncordoned' ? ' (dry run)' : ''}`, n.marksRemoved.join(', ') || '-']);
  const head = result.nodes.length === 0 ? [`Cluster ${result.cluster}: no node matches; nothing changed.`] : table(['NODE', 'RESULT', 'MARKS REMOVED'], rows, '');
  return sections(head, warningLines(result.warnings));
}
