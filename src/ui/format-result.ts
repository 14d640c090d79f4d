// The result of a roll as people read it: what happened to each node and its replacement, the groups'
// sizes and suspended processes before and after, blockers and warnings, and on the simulator its own
// figures. Pure: a function of the RollResult (the same value `--json` prints).
import { assertNever } from '../core/errors.js';
import type { RollResult, SimulationReport } from '../core/result.js';
import { formatDuration } from '../config/duration.js';
import { blockerLines, prepullLines, sections, warningLines } from './format-common.js';
import { rebalanceSummaryLines } from './format-rebalance.js';
import { count, listText, sizeText, table } from './text.js';

export function formatResult(result: RollResult): string {
  return sections(
    [headline(result)],
    nodeLines(result),
    groupLines(result),
    prepullLines(result.prepull, result.outcome === 'succeeded' ? 'Pre-pulled' : 'Pre-pull', { listImages: false }),
    blockerLines(result.blockers, 'Blockers'),
    warningLines(result.warnings),
    result.simulation ? simulationLines(result.simulation) : [],
    result.error ? [`Error [${result.error.code}]: ${result.error.message}`] : [],
    result.rebalance ? rebalanceSummaryLines(result.rebalance) : [],
  );
}

function headline(result: RollResult): string {
  const replaced = result.nodes.filter((n) => n.action === 'replaced').length;
  const took = formatDuration(result.finishedAt - result.startedAt);
  const clock = result.simulation ? ' (virtual time)' : '';
  switch (result.outcome) {
    case 'succeeded':
      return `Roll of ${result.cluster} succeeded: ${count(replaced, 'node')} replaced in ${took}${clock}.`;
    case 'failed':
      return `Roll of ${result.cluster} failed${result.blockers.length > 0 ? ' (blocked)' : ''}: ${replaced} of ${count(result.nodes.length, 'node')} replaced in ${took}${clock}.`;
    case 'interrupted':
      return `Roll of ${result.cluster} interrupted: ${replaced} of ${count(result.nodes.length, 'node')} replaced; re-run the same command to resume.`;
    case 'paused':
      return `Roll of ${result.cluster} paused outside its maintenance windows: ${replaced} of ${count(result.nodes.length, 'node')} replaced; run the same command in the next window to go on (see the error for when it opens).`;
    case 'planned':
      return `Plan for ${result.cluster}: ${count(result.nodes.length, 'node')} to replace; nothing was changed.`;
    case 'nothing-to-do':
      return `Cluster ${result.cluster}: nothing to do — every node considered is up to date.`;
    default:
      return assertNever(result.outcome);
  }
}

function nodeLines(result: RollResult): string[] {
  if (result.nodes.length === 0) return [];
  const rows = result.nodes.map((n) => [
    n.name,
    n.group,
    n.zone,
    n.action,
    n.replacement ? `${n.replacement.name} (${n.replacement.zone}, ${n.replacement.instanceId})` : '-',
    String(n.evictedPods),
  ]);
  return ['Nodes:', ...table(['NODE', 'GROUP', 'ZONE', 'ACTION', 'REPLACEMENT', 'EVICTED'], rows)];
}

/** Each group's min/max/desired and suspended processes, before and after. */
export function groupLines(result: Pick<RollResult, 'groups'>): string[] {
  if (result.groups.length === 0) return [];
  const rows = result.groups.map((g) => [
    g.name,
    sizeText(g.before),
    sizeText(g.after),
    listText(g.suspendedProcessesBefore),
    listText(g.suspendedProcessesAfter),
  ]);
  return ['Groups (min/max/desired):', ...table(['GROUP', 'BEFORE', 'AFTER', 'SUSPENDED BEFORE', 'SUSPENDED AFTER'], rows)];
}

/** The simulator's own account: it observes the invariants, the engine never grades itself. */
export function simulationLines(s: SimulationReport): string[] {
  const rows = [
    ['virtual time', `${Math.round(s.virtualSeconds)}s (${formatDuration(s.virtualSeconds)})`],
    ['PDB violations', String(s.pdbViolations)],
    ['lost pods', String(s.lostPods)],
    ['min ready capacity', `${Math.round(s.minReadyCapacityRatio * 1000) / 10}% of the start`],
    ['max extra instances', String(s.maxExtraInstances)],
    ['evictions', `${s.evictions} (${s.evictionsRefusedByPdb} refused by a PDB, retried)`],
    ['moved pod startup', `p50 ${tenths(s.movedPodStartupSeconds.p50)}s, p95 ${tenths(s.movedPodStartupSeconds.p95)}s`],
    ['outdated nodes left', String(s.outdatedNodesRemaining)],
    ['unready controller pods', String(s.unreadyControllerPods)],
  ];
  return ['Simulation (observed by the simulator):', ...table(['FIGURE', 'VALUE'], rows).slice(1)];
}

function tenths(n: number): number {
  return Math.round(n * 10) / 10;
}
