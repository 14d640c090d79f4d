// A rebalance as people read it: the workloads off their maxSkew (before → after), the moves, the
// utilisation spread, the groups' zones, findings (each with its fix and the flag that lets dextre do it)
// and, on the simulator, its own figures. Pure: a function of the RebalanceResult `--json` prints.
import { assertNever } from '../core/errors.js';
import { percent } from '../core/rebalance/measure.js';
import type { Finding } from '../core/rebalance/types.js';
import type { RebalanceResult } from '../core/rebalance/result.js';
import { formatDuration } from '../config/duration.js';
import { sections, warningLines } from './format-common.js';
import { simulationLines } from './format-result.js';
import { count, table } from './text.js';

export function formatRebalance(result: RebalanceResult): string {
  return sections(
    [headline(result)],
    cleanupLines(result),
    workloadLines(result),
    moveLines(result),
    utilisationLines(result),
    groupLines(result),
    findingLines(result.findings),
    warningLines(result.warnings),
    result.simulation ? simulationLines(result.simulation) : [],
    result.error ? [`Error [${result.error.code}]: ${result.error.message}`] : [],
  );
}

/** The rebalance phase of a roll, in a few lines under the roll's own summary. */
export function rebalanceSummaryLines(result: RebalanceResult): string[] {
  const off = result.workloads.filter((w) => w.after > w.maxSkew);
  return [
    `Rebalance: ${result.outcome}, ${count(result.evictions, 'pod')} moved; ${off.length === 0 ? 'every workload within its maxSkew' : `${count(off.length, 'workload')} above maxSkew`}; ` +
      `utilisation ${spreadText(result.utilisation.before)} → ${spreadText(result.utilisation.after)}.`,
    ...findingLines(result.findings).map((l) => `  ${l}`),
  ];
}

function headline(result: RebalanceResult): string {
  const took = formatDuration(Math.max(0, result.finishedAt - result.startedAt));
  const clock = result.simulation ? ' (virtual time)' : '';
  const off = result.workloads.filter((w) => w.after > w.maxSkew).length;
  const within = off === 0 ? 'every workload within its maxSkew' : `${count(off, 'workload')} still above maxSkew (see the findings)`;
  switch (result.outcome) {
    case 'succeeded':
      return `Rebalance of ${result.cluster} succeeded: ${count(result.evictions, 'pod')} moved in ${took}${clock}; ${within}.`;
    case 'failed':
      return `Rebalance of ${result.cluster} failed: ${count(result.evictions, 'pod')} moved before it stopped; every cordon it set was lifted.`;
    case 'interrupted':
      return `Rebalance of ${result.cluster} interrupted: ${count(result.evictions, 'pod')} moved; every cordon it set was lifted. Run it again to go on.`;
    case 'planned':
      return `Rebalance plan for ${result.cluster}: ${count(result.evictions, 'pod')} to move; ${off === 0 ? 'every workload within its maxSkew after' : `${count(off, 'workload')} still above maxSkew after`}; nothing was changed.`;
    case 'nothing-to-do':
      return `Cluster ${result.cluster}: nothing to rebalance — every workload is within its maxSkew and no node is above ${percent(result.utilisation.threshold)}.`;
    default:
      return assertNever(result.outcome);
  }
}

function cleanupLines(result: RebalanceResult): string[] {
  if (result.cleanedUp.length === 0) return [];
  const verb = result.outcome === 'planned' ? 'to lift first' : 'lifted first';
  return [`Cordons a previous rebalance left (${verb}): ${result.cleanedUp.join(', ')}`];
}

/** Workloads that were (or are) off their maxSkew, or that moved; the others are counted. */
function workloadLines(result: RebalanceResult): string[] {
  const shown = result.workloads.filter((w) => w.before > w.maxSkew || w.after > w.maxSkew || w.moves > 0);
  const rest = result.workloads.length - shown.length;
  const tail = rest > 0 ? [`  (${count(rest, 'other workload')} within their maxSkew, untouched)`] : [];
  if (shown.length === 0) return result.workloads.length > 0 ? ['Workloads:', ...tail] : [];
  const rows = shown.map((w) => [
    `${w.namespace}/${w.name}`,
    w.kind,
    `${w.maxSkew}${w.maxSkewFrom === 'default' ? ' (default)' : ''}`,
    `${w.before} (${Object.values(w.zonesBefore).join('/')})`,
    `${w.after} (${Object.values(w.zonesAfter).join('/')})`,
    String(w.moves),
  ]);
  return ['Workloads (skew; pods per zone):', ...table(['WORKLOAD', 'KIND', 'MAXSKEW', 'BEFORE', 'AFTER', 'MOVED'], rows), ...tail];
}

function moveLines(result: RebalanceResult): string[] {
  if (result.moves.length === 0) return [];
  const rows = result.moves.map((m) => [
    m.id,
    m.pod,
    `${m.from.node} (${m.from.zone})`,
    m.toZone,
    m.reason,
    `${m.skewBefore} → ${m.skewAfter}`,
    m.landed !== undefined && m.landed.length > 0 ? `${m.status}: ${m.landed.map((l) => l.zone).join(', ')}${m.asPlanned === false ? ' (not as planned)' : ''}` : m.status,
  ]);
  const details = result.moves.filter((m) => m.detail !== undefined && m.status !== 'done').map((m) => `  ${m.id}: ${m.detail ?? ''}`);
  return ['Moves:', ...table(['ID', 'POD', 'FROM', 'TO ZONE', 'WHY', 'SKEW', 'STATUS'], rows), ...details];
}

function utilisationLines(result: RebalanceResult): string[] {
  const u = result.utilisation;
  const changed = u.nodes.filter((n) => Math.abs(n.after - n.before) > 1e-9 || n.before > u.threshold || n.after > u.threshold);
  const rows = changed.map((n) => [n.name, n.zone, percent(n.before), percent(n.after)]);
  return [
    `Node utilisation (requests; hot above ${percent(u.threshold)}): ${spreadText(u.before)} → ${spreadText(u.after)}`,
    ...(rows.length > 0 ? table(['NODE', 'ZONE', 'BEFORE', 'AFTER'], rows) : []),
  ];
}

function groupLines(result: RebalanceResult): string[] {
  if (result.groups.length === 0) return [];
  const rows = result.groups.map((g) => [
    g.name,
    Object.entries(g.zones).map(([z, n]) => `${z}:${n}`).join(' '),
    g.zonesAfter ? Object.entries(g.zonesAfter).map(([z, n]) => `${z}:${n}`).join(' ') : '-',
    String(g.imbalance),
    g.fix.length > 0 ? g.fix.join(', ') : '-',
  ]);
  return ['Groups (InService instances per zone):', ...table(['GROUP', 'ZONES', 'AFTER', 'IMBALANCE', 'ROLLED TO FIX'], rows)];
}

function findingLines(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return [];
  const lines = [`Findings (${findings.length}):`];
  for (const f of findings) {
    lines.push(`  • [${f.kind}] ${f.message}`);
    if (f.remedy !== undefined) lines.push(`    fix: ${f.remedy}${f.flag !== undefined ? ` — or pass ${f.flag}` : ''}`);
  }
  return lines;
}

function spreadText(s: RebalanceResult['utilisation']['before']): string {
  return `min ${percent(s.min)} / mean ${percent(s.mean)} / max ${percent(s.max)}, ${count(s.hot, 'hot node')}`;
}
