// Room for the pods a roll moves: could each of them be scheduled on a node that stays or on a
// replacement (requests, nodeSelector, taints and tolerations, as kube-scheduler's filters judge them),
// and do they all fit together? Pure and about linear in nodes and pods: nodes are indexed once per
// distinct nodeSelector and taint set into a frontier of free (CPU, memory); each distinct pod signature is
// judged once. Zone spread and affinity are not judged here (the simulator's rehearsal does).
import { compareText } from './filters.js';
import { instanceIdOf, podKey, type Node, type Pod, type Resources, type Taint, type Toleration } from './model.js';
import type { Blocker } from './plan.js';
import { matchesNodeSelector, toleratesHardTaints } from './scheduling.js';

/** Where a moved pod may land: a node that stays, or the replacement of a node to replace. */
interface Slot {
  labels: Readonly<Record<string, string>>;
  taints: readonly Taint[];
  free: Resources;
}

export interface GroupRoom {
  /** Controller-managed pods that must move off the group's nodes to replace. */
  podsToMove: number;
  requests: Resources;
  /** The largest requests of one node's moving pods (what a drained node sheds at once). */
  largestNode: Resources;
  replacementRoom: Resources;
}

export interface Placement {
  /** Free requestable room on Ready, schedulable nodes that stay. */
  stayingRoom: Resources;
  groups: Map<string, GroupRoom>;
  /** One per moving pod that no node that stays and no replacement could take, even alone. */
  blockers: Blocker[];
}

/**
 * `groupOfNode` maps each node to replace to its group; `moving` are the pods the drain evicts whose
 * controller recreates them (they must start again somewhere). A replacement is assumed to be the node it
 * replaces, new: the same allocatable, its labels less the node's own identity, its taints less the
 * transient ones, and the group's DaemonSet pods on it.
 */
export function placePods(nodes: readonly Node[], pods: readonly Pod[], groupOfNode: ReadonlyMap<string, string>, moving: readonly Pod[]): Placement {
  const requested = new Map<string, Resources>();
  const daemons = new Map<string, Resources>();
  for (const pod of pods) {
    if (pod.nodeName === undefined || pod.phase === 'Succeeded' || pod.phase === 'Failed') continue;
    add(entry(requested, pod.nodeName), pod.requests);
    if (pod.owner?.controller && pod.owner.kind === 'DaemonSet') add(entry(daemons, pod.nodeName), pod.requests);
  }
  const slots: Slot[] = [];
  const stayingRoom = zero();
  const groups = new Map<string, GroupRoom>();
  for (const node of nodes) {
    const group = groupOfNode.get(node.name);
    if (group !== undefined) {
      const free = room(node.allocatable, daemons.get(node.name));
      slots.push({ labels: replacementLabels(node), taints: node.taints.filter(keptTaint), free });
      add(groupRoom(groups, group).replacementRoom, free);
    } else if (node.ready && !node.unschedulable) {
      const free = room(node.allocatable, requested.get(node.name));
      slots.push({ labels: node.labels, taints: node.taints, free });
      add(stayingRoom, free);
    }
  }
  const perNode = new Map<string, Resources>();
  for (const pod of moving) {
    const group = groupOfNode.get(pod.nodeName ?? '');
    if (group === undefined) continue;
    const g = groupRoom(groups, group);
    g.podsToMove++;
    add(g.requests, pod.requests);
    add(entry(perNode, pod.nodeName ?? ''), pod.requests);
  }
  for (const [node, sum] of perNode) {
    const g = groups.get(groupOfNode.get(node) ?? '');
    if (g) g.largestNode = { cpu: Math.max(g.largestNode.cpu, sum.cpu), memory: Math.max(g.largestNode.memory, sum.memory) };
  }
  return { stayingRoom, groups, blockers: homeless(slots, moving) };
}

/** Blockers for the moving pods no slot can take, judged once per distinct (nodeSelector, tolerations, requests). */
function homeless(slots: readonly Slot[], moving: readonly Pod[]): Blocker[] {
  const index = new SlotIndex(slots);
  const verdicts = new Map<string, string | undefined>();
  const blockers: Blocker[] = [];
  for (const pod of moving) {
    const key = signature(pod);
    let why = verdicts.get(key);
    if (!verdicts.has(key)) {
      why = index.whyNoFit(pod.nodeSelector, pod.tolerations, pod.requests);
      verdicts.set(key, why);
    }
    if (why === undefined) continue;
    blockers.push({
      kind: 'pod-fits-nowhere',
      message: `pod ${podKey(pod)} fits on no node that stays and on no replacement: ${why}; evicted, it would stay Pending`,
      remedy:
        'let the pod run elsewhere (relax its nodeSelector or tolerations, or lower its requests), or make room for it ' +
        '(a larger instance type, another node group); dextre does not evict a pod that cannot start again',
      ...(pod.nodeName !== undefined ? { node: pod.nodeName } : {}),
      pod: podKey(pod),
    });
  }
  return blockers;
}

/** Slots matching each distinct nodeSelector, by taint set, each as a frontier of free room. */
class SlotIndex {
  private readonly bySelector = new Map<string, { taints: readonly Taint[]; frontier: Resources[] }[]>();

  constructor(private readonly slots: readonly Slot[]) {}

  /** Undefined when some slot takes the pod; else why none does, in kube-scheduler's order of filters. */
  whyNoFit(selector: Readonly<Record<string, string>>, tolerations: readonly Toleration[], requests: Resources): string | undefined {
    const classes = this.classes(selector);
    const selectorText = Object.keys(selector).length > 0 ? `its nodeSelector ${labelsText(selector)}` : '';
    if (classes.length === 0) return selectorText ? `no node matches ${selectorText}` : 'no node is Ready and schedulable';
    const tolerated = classes.filter((c) => toleratesHardTaints(tolerations, c.taints));
    if (tolerated.length === 0) {
      const taints = [...new Set(classes.flatMap((c) => c.taints.filter((t) => t.effect !== 'PreferNoSchedule').map(taintText)))].sort(compareText);
      return `every node${selectorText ? ` matching ${selectorText}` : ''} has a taint it does not tolerate (${taints.join(', ')})`;
    }
    if (tolerated.some((c) => fitsFrontier(c.frontier, requests))) return undefined;
    return `no node it may run on has room for its requests (${requests.cpu}m CPU, ${requests.memory} MiB)`;
  }

  private classes(selector: Readonly<Record<string, string>>) {
    const key = labelsText(selector);
    let classes = this.bySelector.get(key);
    if (classes) return classes;
    const byTaints = new Map<string, { taints: readonly Taint[]; points: Resources[] }>();
    for (const slot of this.slots) {
      if (!matchesNodeSelector(selector, slot.labels)) continue;
      const taintKey = slot.taints.map(taintText).sort(compareText).join(',');
      const c = byTaints.get(taintKey);
      if (c) c.points.push(slot.free);
      else byTaints.set(taintKey, { taints: slot.taints, points: [slot.free] });
    }
    classes = [...byTaints.values()].map((c) => ({ taints: c.taints, frontier: frontier(c.points) }));
    this.bySelector.set(key, classes);
    return classes;
  }
}

/** The points no other point beats in both CPU and memory: CPU descending, memory strictly ascending. */
export function frontier(points: readonly Resources[]): Resources[] {
  const sorted = [...points].sort((a, b) => b.cpu - a.cpu || b.memory - a.memory);
  const out: Resources[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last === undefined || p.memory > last.memory) out.push(p);
  }
  return out;
}

/** Some point of the frontier has at least `requests` of both (a small tolerance for fractional MiB). */
export function fitsFrontier(points: readonly Resources[], requests: Resources): boolean {
  // The points with enough CPU are a prefix; the last of them has the most memory.
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((points[mid]?.cpu ?? 0) + 1e-6 >= requests.cpu) lo = mid + 1;
    else hi = mid;
  }
  const best = points[lo - 1];
  return best !== undefined && best.memory + 1e-6 >= requests.memory;
}

/** Labels naming the node itself (its hostname, name or instance id) do not carry over to its replacement. */
const IDENTITY_LABELS: ReadonlySet<string> = new Set(['kubernetes.io/hostname']);

function replacementLabels(node: Node): Record<string, string> {
  const instanceId = instanceIdOf(node.providerId);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(node.labels)) {
    if (IDENTITY_LABELS.has(key) || value === node.name || value === instanceId || key.startsWith('dextre.io/')) continue;
    out[key] = value;
  }
  return out;
}

/** Taints a new node would not start with: node conditions, cordons, cluster-autoscaler's and dextre's marks. */
function keptTaint(taint: Taint): boolean {
  return !(
    taint.key.startsWith('node.kubernetes.io/') ||
    taint.key.startsWith('dextre.io/') ||
    taint.key === 'ToBeDeletedByClusterAutoscaler' ||
    taint.key === 'DeletionCandidateOfClusterAutoscaler'
  );
}

function signature(pod: Pod): string {
  const tolerations = pod.tolerations.map((t) => `${t.key ?? ''}|${t.operator ?? ''}|${t.value ?? ''}|${t.effect ?? ''}`).join(';');
  return `${labelsText(pod.nodeSelector)}#${tolerations}#${pod.requests.cpu}/${pod.requests.memory}`;
}

function labelsText(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort(compareText)
    .map((k) => `${k}=${labels[k] ?? ''}`)
    .join(',');
}

function taintText(t: Taint): string {
  return `${t.key}${t.value !== undefined && t.value !== '' ? `=${t.value}` : ''}:${t.effect}`;
}

function groupRoom(groups: Map<string, GroupRoom>, name: string): GroupRoom {
  let g = groups.get(name);
  if (!g) {
    g = { podsToMove: 0, requests: zero(), largestNode: zero(), replacementRoom: zero() };
    groups.set(name, g);
  }
  return g;
}

function entry(map: Map<string, Resources>, key: string): Resources {
  let r = map.get(key);
  if (!r) {
    r = zero();
    map.set(key, r);
  }
  return r;
}

function zero(): Resources {
  return { cpu: 0, memory: 0 };
}

function add(into: Resources, r: Resources): void {
  into.cpu += r.cpu;
  into.memory += r.memory;
}

/** Allocatable less what is requested, never below zero. */
function room(allocatable: Resources, used: Resources | undefined): Resources {
  return { cpu: Math.max(0, allocatable.cpu - (used?.cpu ?? 0)), memory: Math.max(0, allocatable.memory - (used?.memory ?? 0)) };
}
