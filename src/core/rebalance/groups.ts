// Zones per Auto Scaling group: how many InService instances each zone holds, the imbalance a roll (or
// cluster-autoscaler, or a zone outage) left, and which nodes a `--fix-zones` roll replaces to even it out.
// Auto Scaling launches into the zone with the fewest instances, so replacing a node of the fullest zone
// (surge one, drain it, terminate with decrement) moves one instance from the fullest zone to the emptiest:
// the roll does it, safely, and rebalance only chooses the nodes.
import { compareText, isSystemCritical } from '../filters.js';
import { instanceIdOf, type Node, type NodeGroup, type Pod } from '../model.js';
import { occupiesNode } from './measure.js';
import type { Finding, GroupZones, ZoneCounts } from './types.js';
import { zoneText } from './zone-moves.js';

export function groupZones(groups: readonly NodeGroup[], nodes: readonly Node[], pods: readonly Pod[], fix: boolean): { groups: GroupZones[]; findings: Finding[] } {
  const nodeByInstance = new Map<string, Node>();
  for (const node of nodes) {
    const id = instanceIdOf(node.providerId);
    if (id !== undefined) nodeByInstance.set(id, node);
  }
  // What a node costs to replace: the pods that would move (DaemonSet pods stay), critical ones dearer.
  const cost = new Map<string, number>();
  for (const pod of pods) {
    if (!occupiesNode(pod) || pod.owner?.kind === 'DaemonSet') continue;
    cost.set(pod.nodeName, (cost.get(pod.nodeName) ?? 0) + (isSystemCritical(pod) ? 10 : 1));
  }
  const out: GroupZones[] = [];
  const findings: Finding[] = [];
  for (const group of [...groups].sort((a, b) => compareText(a.name, b.name))) {
    const counts: ZoneCounts = {};
    for (const zone of [...group.zones].sort(compareText)) counts[zone] = 0;
    const byZone = new Map<string, Node[]>();
    for (const instance of group.instances) {
      if (instance.lifecycleState !== 'InService') continue;
      counts[instance.zone] = (counts[instance.zone] ?? 0) + 1;
      const node = nodeByInstance.get(instance.id);
      if (node) byZone.set(instance.zone, [...(byZone.get(instance.zone) ?? []), node]);
    }
    const imbalance = spreadOf(counts);
    const chosen = imbalance > 1 ? nodesToRoll(counts, byZone, cost) : [];
    out.push({ name: group.name, counts, imbalance, fix: fix ? chosen : [] });
    if (imbalance > 1) {
      // Left to itself, Auto Scaling's AZRebalance evens zones out by terminating instances without draining them.
      const azRebalance = group.suspendedProcesses.includes('AZRebalance')
        ? ''
        : '; AZRebalance is not suspended, so Auto Scaling will even it out itself by terminating an instance without draining it';
      findings.push({
        kind: 'group-zone-imbalance',
        message: `group ${group.name} has ${zoneText(counts)} InService instances (imbalance ${imbalance}); replacing ${chosen.length === 1 ? 'node' : 'nodes'} ${chosen.join(', ')} evens it out${azRebalance}`,
        remedy: 'roll those nodes: Auto Scaling launches their replacements into the emptiest zones',
        ...(fix ? {} : { flag: '--fix-zones' }),
        group: group.name,
      });
    }
  }
  return { groups: out, findings };
}

/**
 * Greedy, one instance at a time: a node of the fullest zone goes (the cheapest to drain, then by name)
 * and Auto Scaling's next launch lands in the emptiest, until zones differ by one at most.
 */
function nodesToRoll(start: ZoneCounts, byZone: ReadonlyMap<string, Node[]>, cost: ReadonlyMap<string, number>): string[] {
  const counts = { ...start };
  const chosen: string[] = [];
  for (;;) {
    const zones = Object.keys(counts).sort(compareText);
    const fullest = [...zones].sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || compareText(a, b))[0];
    const emptiest = [...zones].sort((a, b) => (counts[a] ?? 0) - (counts[b] ?? 0) || compareText(a, b))[0];
    if (fullest === undefined || emptiest === undefined || (counts[fullest] ?? 0) - (counts[emptiest] ?? 0) <= 1) return chosen;
    const node = (byZone.get(fullest) ?? [])
      .filter((n) => !chosen.includes(n.name))
      .sort((a, b) => (cost.get(a.name) ?? 0) - (cost.get(b.name) ?? 0) || compareText(a.name, b.name))[0];
    if (!node) return chosen;
    chosen.push(node.name);
    counts[fullest] = (counts[fullest] ?? 0) - 1;
    counts[emptiest] = (counts[emptiest] ?? 0) + 1;
  }
}

function spreadOf(counts: ZoneCounts): number {
  const values = Object.values(counts);
  return values.length < 2 ? 0 : Math.max(...values) - Math.min(...values);
}
