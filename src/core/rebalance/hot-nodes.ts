// Hot-node moves: after the zone moves, nodes still above the utilisation threshold give up pods until
// they are below it, after the descheduler's LowNodeUtilization — but only onto nodes that stay below
// the threshold themselves, only into zones that keep the pod's workload within its maxSkew (its own zone
// first), and the biggest pods first, so the fewest evictions cool the node.
import { compareText, isSystemCritical } from '../filters.js';
import { podKey, type Node, type Pod, type Zone } from '../model.js';
import { cordonSet } from './cordons.js';
import { commit, movability, zonePinned, type PlanContext } from './candidates.js';
import { movedCounts, occupiesNode, percent, skewOf } from './measure.js';
import { ownerOf } from './zone-moves.js';

/** Plans moves off every hot node; a node left hot is a finding. */
export function planHotNodeMoves(ctx: PlanContext, pods: readonly Pod[], workloadOfPod: ReadonlyMap<string, string>): void {
  const { room } = ctx;
  if (room.threshold >= 1) return;
  const byNode = new Map<string, Pod[]>();
  for (const pod of pods) {
    if (!occupiesNode(pod)) continue;
    const list = byNode.get(pod.nodeName) ?? [];
    list.push(pod);
    byNode.set(pod.nodeName, list);
  }
  for (const name of room.hot()) {
    const node = room.node(name);
    if (!node) continue;
    const before = room.utilisation(name);
    const ordered = (byNode.get(name) ?? [])
      .filter((p) => !ctx.moved.has(p.uid))
      .sort((a, b) => Number(isSystemCritical(a)) - Number(isSystemCritical(b)) || size(b, node) - size(a, node) || compareText(a.name, b.name));
    for (const pod of ordered) {
      if (room.utilisation(name) <= room.threshold + 1e-9) break;
      moveOff(ctx, pod as Pod & { nodeName: string }, workloadOfPod.get(pod.uid));
    }
    const after = room.utilisation(name);
    if (after > room.threshold + 1e-9) {
      ctx.findings.add({
        kind: 'hot-node',
        message: `node ${name} stays at ${percent(after)} requested (threshold ${percent(room.threshold)}${after < before ? `; down from ${percent(before)}` : ''}): no more of its pods can move to a node that stays below it`,
        remedy: 'add capacity, or lower the requests of its pods; pods that cannot be evicted are listed in other findings',
        node: name,
      });
    }
  }
}

/** Plans one pod off a hot node, if it may go and some node takes it; pods of unknown controllers (Jobs) stay. */
function moveOff(ctx: PlanContext, pod: Pod & { nodeName: string }, workload: string | undefined): void {
  const controlled = pod.owner?.controller === true;
  if (controlled && workload === undefined) return; // a Job, a DaemonSet, a custom controller: not moved by rebalance
  const verdict = movability(ctx, pod, workload);
  if (!verdict.movable) {
    if (verdict.finding) ctx.findings.add(verdict.finding);
    return;
  }
  if (ctx.caps.blocks(pod) !== undefined) return;
  const from = ctx.nodeZones.get(pod.nodeName) ?? '';
  const counts = workload !== undefined ? ctx.counts.get(workload) : undefined;
  const acceptableZones = zonesKeepingSpread(ctx, pod, from, workload);
  const target = acceptableZones
    .flatMap((zone) => ctx.room.targetsIn(pod, zone, pod.nodeName).map((n) => ({ n, zone })))
    .sort((a, b) => Number(b.zone === from) - Number(a.zone === from) || ctx.room.utilisation(a.n.name, pod.requests) - ctx.room.utilisation(b.n.name, pod.requests) || compareText(a.n.name, b.n.name))[0];
  if (!target) return;
  const skewBefore = counts ? skewOf(counts) : 0;
  const skewAfter = counts ? skewOf(movedCounts(counts, from, target.zone)) : 0;
  const places = ctx.room.placesFor(pod, pod.nodeName);
  const hotBefore = ctx.room.utilisation(pod.nodeName);
  const hotAfter = ctx.room.utilisation(pod.nodeName, { cpu: -pod.requests.cpu, memory: -pod.requests.memory });
  commit(
    ctx,
    {
      reason: 'hot-node',
      pod: { namespace: pod.namespace, name: pod.name, uid: pod.uid },
      ...ownerOf(pod, workload),
      fromNode: pod.nodeName,
      fromZone: from,
      toZone: target.zone,
      toNode: target.n.name,
      acceptableZones,
      cordon: cordonSet({ fromNode: pod.nodeName, toNode: target.n.name, ...places }, acceptableZones),
      ...places,
      skewBefore,
      skewAfter,
      critical: isSystemCritical(pod),
      message: `node ${pod.nodeName} ${percent(hotBefore)} → ${percent(hotAfter)}: ${podKey(pod)}${workload !== undefined ? ` of ${workload}` : ' (unreplicated: deleted, nothing recreates it)'} to ${target.zone}`,
    },
    pod,
    verdict.warnings,
  );
}

/**
 * Zones the pod may move to without its workload's skew growing past its maxSkew (or its current skew,
 * if that is larger): its own zone always; only its own zone when a volume pins it there.
 */
function zonesKeepingSpread(ctx: PlanContext, pod: Pod, from: Zone, workload: string | undefined): Zone[] {
  if (zonePinned(pod) !== undefined) return [from];
  const measured = workload !== undefined ? ctx.workloads.get(workload) : undefined;
  const counts = workload !== undefined ? ctx.counts.get(workload) : undefined;
  if (!measured || !counts) return ctx.room.eligibleZones(pod);
  const limit = Math.max(measured.spread.maxSkew, skewOf(counts));
  return measured.spread.zones.filter((z) => z === from || skewOf(movedCounts(counts, from, z)) <= limit);
}

/** The pod's larger share of the node's allocatable CPU or memory: the biggest pods cool a node fastest. */
function size(pod: Pod, node: Node): number {
  return Math.max(pod.requests.cpu / Math.max(1, node.allocatable.cpu), pod.requests.memory / Math.max(1, node.allocatable.memory));
}
