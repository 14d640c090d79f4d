// The plan as people read it (`dextre plan`, `roll nodes --dry-run`, and before the confirmation):
// per group the settings, target and capacity check; the nodes in planned order with every reason and why
// they stand there; blockers and warnings with their remedy; the images to pre-pull per group and namespace.
// Pure: a function of the RollPlan.
import type { RollPlan } from '../core/plan.js';
import { ordinal } from '../core/order.js';
import { blockerLines, findingWarningLines, prepullLines, sections } from './format-common.js';
import { count, listText, resourcesShort, sizeText, table } from './text.js';

export interface PlanTextOptions {
  /** Whether images will be pre-pulled (`--no-prepull` turns it off). */
  prepull: boolean;
}

export function formatPlan(plan: RollPlan, options: PlanTextOptions): string {
  return sections(
    headline(plan),
    groupLines(plan),
    capacityLines(plan),
    nodeLines(plan),
    blockerLines(plan.blockers, 'Blockers — the roll will not start until each is resolved'),
    options.prepull ? prepullByGroupLines(plan) : ['Pre-pull: off (--no-prepull)'],
    skippedLines(plan),
    findingWarningLines(plan.findings, plan.warnings),
  );
}

function headline(plan: RollPlan): string[] {
  if (plan.nodes.length === 0) return [`Cluster ${plan.cluster}: nothing to do — every node considered is up to date.`];
  const verdict = plan.blockers.length > 0 ? `blocked by ${count(plan.blockers.length, 'blocker')}` : 'ready to roll';
  return [`Cluster ${plan.cluster}: replace ${count(plan.nodes.length, 'node')} in ${count(plan.groups.length, 'group')} (${verdict}).`];
}

function groupLines(plan: RollPlan): string[] {
  if (plan.groups.length === 0) return [];
  const rows = plan.groups.map((g) => [
    g.name,
    String(g.nodes.length),
    sizeText(g.size),
    String(g.surge),
    String(g.maxUnavailable),
    g.target ?? '-',
    listText(g.suspendedProcesses),
    g.zones.join(','),
  ]);
  return ['Groups:', ...table(['GROUP', 'REPLACE', 'MIN/MAX/DESIRED', 'SURGE', 'MAX-UNAVAILABLE', 'TARGET', 'SUSPENDED', 'ZONES'], rows)];
}

/** Per group: the peak against max, the zones, and what its moving pods request against the room there is. */
function capacityLines(plan: RollPlan): string[] {
  const rows = plan.groups.flatMap((g) => {
    const c = g.capacity;
    if (!c) return [];
    const peak = `${c.peakInstances}/${g.size.max}${c.raisesMaxBy > 0 ? ` (max +${c.raisesMaxBy})` : ''}`;
    return [[g.name, peak, String(c.zones), String(c.podsToMove), resourcesShort(c.requests), resourcesShort(c.largestNode), resourcesShort(c.replacementRoom), resourcesShort(c.stayingRoom)]];
  });
  if (rows.length === 0) return [];
  return [
    'Capacity (CPU millicores / memory MiB; room on nodes that stay is shared by all groups):',
    ...table(['GROUP', 'PEAK/MAX', 'ZONES', 'PODS TO MOVE', 'REQUESTS', 'LARGEST NODE', 'ROOM ON REPLACEMENTS', 'ROOM ON NODES THAT STAY'], rows),
  ];
}

function nodeLines(plan: RollPlan): string[] {
  if (plan.nodes.length === 0) return [];
  const rows: string[][] = [];
  plan.nodes.forEach((n, i) => {
    const [first, ...rest] = n.reasons;
    const order = n.order ? `${n.order.toeDip ? 'toe-dip' : `window ${n.order.window}`}, ${ordinal(n.order.zoneTurn)} in ${n.zone}` : '-';
    rows.push([String(i + 1), n.name, n.group, n.zone, n.instanceId, String(n.podsToEvict), order, first?.message ?? '-']);
    for (const reason of rest) rows.push(['', '', '', '', '', '', '', reason.message]);
  });
  return [
    'Nodes, in planned order (the roll adapts it to the zones Auto Scaling launches into):',
    ...table(['#', 'NODE', 'GROUP', 'ZONE', 'INSTANCE', 'PODS', 'ORDER', 'WHY'], rows),
    '  ORDER: zones take turns, the oldest node of a zone first; a group\'s first node is the toe-dip (its replacement',
    '  launches alone and must be warm before the roll widens); after it up to WINDOW of its nodes are in flight, and a',
    '  freed slot starts the next at once.',
  ];
}

/** A group's replacements pull only the images of the pods its old nodes run: one block per group. */
function prepullByGroupLines(plan: RollPlan): string[] {
  if (plan.prepull.length === 0) return [];
  const groups = [...new Set(plan.prepull.map((p) => p.group))];
  const blocks = groups.flatMap((group) => prepullLines(plan.prepull.filter((p) => p.group === group), group));
  return ["Images to pre-pull: per group, onto that group's new nodes only", ...blocks.map((line) => `  ${line}`)];
}

function skippedLines(plan: RollPlan): string[] {
  if (plan.skipped.length === 0) return [];
  return [`Left alone (${plan.skipped.length}):`, ...table(['NODE', 'WHY'], plan.skipped.map((s) => [s.name, s.reason]))];
}
