// Measuring a cluster for rebalance: per workload, its pods per zone over the zones they can run in and
// the skew; per node, the requested share of what it can allocate. Pure.
//
// The skew follows Kubernetes' topology spread (pod-topology-spread): the pods in a zone minus the fewest
// in any eligible zone. Eligible zones are those with a Ready node that matches the pods' nodeSelector and
// whose NoSchedule/NoExecute taints they tolerate — stricter than the scheduler's default
// (nodeTaintsPolicy: Ignore), because a zone whose nodes refuse the pods is no place to move them to.
import { compareText, isSystemCritical } from '../filters.js';
import { workloadKey, ZONE_LABEL, type Node, type Pod, type Workload, type Zone } from '../model.js';
import { eligibleNode } from '../scheduling.js';
import type { NodeUtilisation, UtilisationSpread, WorkloadSpread, ZoneCounts } from './types.js';

/** The controllers whose pods rebalance moves: each recreates an evicted pod, and each can be waited on. */
const MOVABLE_KINDS: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet']);

/** A workload's spread with the pods measured (bound, running or pending, not terminating). */
export interface MeasuredWorkload {
  spread: WorkloadSpread;
  pods: Pod[];
}

/** Bound, not terminating and not finished: the pods that occupy a node and count in a spread. */
export function occupiesNode(pod: Pod): pod is Pod & { nodeName: string } {
  return pod.nodeName !== undefined && pod.deletionTimestamp === undefined && (pod.phase === 'Running' || pod.phase === 'Pending');
}

export function zoneOf(node: Pick<Node, 'labels'>): Zone | undefined {
  return node.labels[ZONE_LABEL];
}

/**
 * The top controller of a pod that rebalance can move: a Deployment through its ReplicaSet (as the
 * disruption controller counts it), a bare ReplicaSet, a StatefulSet. Undefined for DaemonSet, Job,
 * unowned pods, and controllers dextre does not list.
 */
export function topController(pod: Pod, workloads: ReadonlyMap<string, Workload>): { top: Workload; direct: Workload } | undefined {
  const owner = pod.owner;
  if (!owner?.controller || !MOVABLE_KINDS.has(owner.kind)) return undefined;
  const direct = workloads.get(workloadKey({ kind: owner.kind, namespace: pod.namespace, name: owner.name }));
  if (!direct) return undefined;
  if (direct.kind === 'ReplicaSet' && direct.owner?.controller && direct.owner.kind === 'Deployment') {
    const deployment = workloads.get(workloadKey({ kind: 'Deployment', namespace: pod.namespace, name: direct.owner.name }));
    if (deployment) return { top: deployment, direct };
  }
  return { top: direct, direct };
}

/** The smallest maxSkew of the pods' zone topologySpreadConstraints, or 1 where none is set. */
export function maxSkewOf(pods: readonly Pod[]): { maxSkew: number; from: WorkloadSpread['maxSkewFrom'] } {
  let maxSkew: number | undefined;
  for (const pod of pods) {
    for (const c of pod.topologySpreadConstraints ?? []) {
      if (c.topologyKey === ZONE_LABEL && c.maxSkew >= 1) maxSkew = Math.min(maxSkew ?? c.maxSkew, c.maxSkew);
    }
  }
  return maxSkew === undefined ? { maxSkew: 1, from: 'default' } : { maxSkew, from: 'topologySpreadConstraints' };
}

/** Zones (in name order) with a node the pod could ever run on. */
export function eligibleZones(pod: Pod, nodes: readonly Node[]): Zone[] {
  const zones = new Set<Zone>();
  for (const node of nodes) {
    const zone = zoneOf(node);
    if (zone !== undefined && eligibleNode(pod, node)) zones.add(zone);
  }
  return [...zones].sort(compareText);
}

/** Pods per zone, every zone in `zones` present (0 included); pods elsewhere are not counted. */
export function zoneCounts(pods: readonly Pod[], nodeZones: ReadonlyMap<string, Zone>, zones: readonly Zone[]): ZoneCounts {
  const counts: ZoneCounts = {};
  for (const zone of zones) counts[zone] = 0;
  for (const pod of pods) {
    const zone = pod.nodeName === undefined ? undefined : nodeZones.get(pod.nodeName);
    if (zone !== undefined && counts[zone] !== undefined) counts[zone]++;
  }
  return counts;
}

/** Most minus fewest over the counted zones; 0 with fewer than two. */
export function skewOf(counts: ZoneCounts): number {
  const values = Object.values(counts);
  return values.length < 2 ? 0 : Math.max(...values) - Math.min(...values);
}

/** The counts once one pod has moved from one zone to another (the same zone: unchanged). */
export function movedCounts(counts: ZoneCounts, from: Zone, to: Zone): ZoneCounts {
  const moved = { ...counts };
  if (moved[from] !== undefined) moved[from]--;
  if (moved[to] !== undefined) moved[to]++;
  return moved;
}

export function nodeZoneMap(nodes: readonly Node[]): Map<string, Zone> {
  const map = new Map<string, Zone>();
  for (const node of nodes) {
    const zone = zoneOf(node);
    if (zone !== undefined) map.set(node.name, zone);
  }
  return map;
}

/** Every workload rebalance can move, with its spread, by key. */
export function measureWorkloads(nodes: readonly Node[], pods: readonly Pod[], workloads: readonly Workload[]): MeasuredWorkload[] {
  const byKey = new Map(workloads.map((w) => [workloadKey(w), w]));
  const grouped = new Map<string, { top: Workload; controllers: Set<string>; pods: Pod[] }>();
  for (const pod of pods) {
    if (!occupiesNode(pod)) continue;
    const owner = topController(pod, byKey);
    if (!owner) continue;
    const key = workloadKey(owner.top);
    let entry = grouped.get(key);
    if (!entry) grouped.set(key, (entry = { top: owner.top, controllers: new Set(), pods: [] }));
    entry.controllers.add(workloadKey(owner.direct));
    entry.pods.push(pod);
  }
  const nodeZones = nodeZoneMap(nodes);
  const measured: MeasuredWorkload[] = [];
  for (const [key, { top, controllers, pods: mine }] of [...grouped.entries()].sort(([a], [b]) => compareText(a, b))) {
    mine.sort((a, b) => compareText(a.name, b.name));
    const first = mine[0];
    if (!first) continue;
    const zones = eligibleZones(first, nodes);
    const counts = zoneCounts(mine, nodeZones, zones);
    const { maxSkew, from } = maxSkewOf(mine);
    measured.push({
      spread: {
        key,
        kind: top.kind,
        namespace: top.namespace,
        name: top.name,
        controllers: [...controllers].sort(compareText),
        maxSkew,
        maxSkewFrom: from,
        zones,
        counts,
        skew: skewOf(counts),
        critical: mine.some((p) => isSystemCritical(p)),
      },
      pods: mine,
    });
  }
  return measured;
}

/** Requested CPU and memory per node (every pod that occupies it, DaemonSet pods included). */
export function requestedByNode(pods: readonly Pod[]): Map<string, { cpu: number; memory: number }> {
  const requested = new Map<string, { cpu: number; memory: number }>();
  for (const pod of pods) {
    if (!occupiesNode(pod)) continue;
    const r = requested.get(pod.nodeName) ?? { cpu: 0, memory: 0 };
    r.cpu += pod.requests.cpu;
    r.memory += pod.requests.memory;
    requested.set(pod.nodeName, r);
  }
  return requested;
}

/** Utilisation of one node given what is requested on it. */
export function utilisationOf(node: Node, requested: { cpu: number; memory: number }): NodeUtilisation {
  const cpu = share(requested.cpu, node.allocatable.cpu);
  const memory = share(requested.memory, node.allocatable.memory);
  return { name: node.name, zone: zoneOf(node) ?? '', cpu, memory, utilisation: Math.max(cpu, memory) };
}

/** Ready nodes with a zone, in name order. */
export function nodeUtilisations(nodes: readonly Node[], requested: ReadonlyMap<string, { cpu: number; memory: number }>): NodeUtilisation[] {
  return nodes
    .filter((n) => n.ready && zoneOf(n) !== undefined)
    .map((n) => utilisationOf(n, requested.get(n.name) ?? { cpu: 0, memory: 0 }))
    .sort((a, b) => compareText(a.name, b.name));
}

export function utilisationSpread(nodes: readonly NodeUtilisation[], threshold: number): UtilisationSpread {
  if (nodes.length === 0) return { min: 0, max: 0, mean: 0, hot: 0 };
  const values = nodes.map((n) => n.utilisation);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { min: round(Math.min(...values)), max: round(Math.max(...values)), mean: round(mean), hot: values.filter((v) => v > threshold + 1e-9).length };
}

function share(used: number, total: number): number {
  return total > 0 ? round(used / total) : 0;
}

/** Four decimals: a share is shown as a percentage with two at most. */
function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/** A share as people read it: `0.8532` → `85.3%`. */
export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
