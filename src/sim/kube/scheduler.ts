// The scheduler: binds Pending pods, highest priority first, to Ready, schedulable nodes that pass the
// filters (taints, nodeSelector, resources, zone topology spread), choosing by score. Event-driven:
// a pass is queued for the current moment when a pod arrives or capacity may have appeared; pods that
// fit nowhere wait for the next such change. No preemption.
//
// Scoring, a simplification of kube-scheduler's weighted plugins: first, and strictly, the fewest
// untolerated PreferNoSchedule taints (TaintToleration; strict so that dextre's soft taint reliably
// steers pods to fresh nodes); then the lowest cost, a weighted sum of the workload's pods already in
// the node's zone and on the node (the default topology spreading) and the share of the node requested
// once the pod is there (LeastAllocated); ties by node name. No ImageLocality score.
import type { SimContext } from '../context.js';
import { fitsResources, matchesNodeSelector, schedulable, toleratesHardTaints, untolerated } from '../predicates.js';
import type { Scheduled } from '../queue.js';
import { isActive, occupies, type PodState, type SimNode, type SimPod } from '../state.js';
import type { Reactor } from '../world.js';

const ZONE = 'topology.kubernetes.io/zone';
/** Cost of one more pod of the workload in the zone, or on the node. */
const SPREAD_WEIGHT = 60;
/** Cost of a full node (requested share 1.0). */
const RESOURCE_WEIGHT = 100;
const SOFT = ['PreferNoSchedule'] as const;

export class Scheduler implements Reactor {
  /** Unbound, not terminating pods, by key. */
  private readonly pending = new Map<string, SimPod>();
  private pass: Scheduled | undefined;
  private candidates: SimNode[] | undefined;
  /** Spread domains (zones) per nodeSelector, over every node whatever its state (nodeTaintsPolicy Ignore). */
  private domains = new Map<string, Set<string>>();

  constructor(private readonly ctx: SimContext) {}

  get pendingCount(): number {
    return this.pending.size;
  }

  podAdded(sp: SimPod): void {
    if (sp.pod.nodeName === undefined && isActive(sp.pod)) {
      this.pending.set(sp.key, sp);
      this.kick();
    }
  }

  podChanged(sp: SimPod, before: PodState): void {
    if (sp.pod.deletionTimestamp !== undefined) this.drop(sp);
    if (occupies(before) && !occupies(sp.pod)) this.kick(); // a finished pod freed its requests
  }

  podRemoved(sp: SimPod): void {
    this.drop(sp);
    if (sp.pod.nodeName !== undefined) this.kick();
  }

  /**
   * Forgets this pod object — not its name: a StatefulSet may already have created the next pod under
   * the same name while the removal of the old one is still being announced.
   */
  private drop(sp: SimPod): void {
    if (this.pending.get(sp.key) === sp) this.pending.delete(sp.key);
  }

  nodeAdded(): void {
    this.nodesChanged();
  }

  nodeChanged(): void {
    this.nodesChanged();
  }

  nodeRemoved(): void {
    this.nodesChanged();
  }

  private nodesChanged(): void {
    this.candidates = undefined;
    this.domains.clear();
    this.kick();
  }

  /** Queues a scheduling pass for now, unless one is queued or nothing waits. */
  kick(): void {
    if (this.pass || this.pending.size === 0) return;
    this.pass = this.ctx.queue.after(0, 'scheduler pass', () => {
      this.pass = undefined;
      this.runPass();
    });
  }

  /** Tries every pending pod once, by priority then age; binding is immediate. */
  runPass(): void {
    const queue = [...this.pending.values()].sort((a, b) => b.pod.priority - a.pod.priority || a.seq - b.seq);
    for (const sp of queue) {
      if (this.pending.get(sp.key) !== sp) continue;
      const sn = this.choose(sp);
      if (!sn) continue;
      this.pending.delete(sp.key);
      this.ctx.world.updatePod(sp, (p) => {
        p.nodeName = sn.node.name;
      });
    }
  }

  /** Whether the pod could run on some node other than those excluded, given extra requests per node. */
  fitsElsewhere(sp: SimPod, exclude: ReadonlySet<string>, extra: ReadonlyMap<string, { cpu: number; memory: number }>): SimNode | undefined {
    for (const sn of this.nodes()) {
      if (exclude.has(sn.node.name)) continue;
      if (this.feasible(sp, sn, extra.get(sn.node.name))) return sn;
    }
    return undefined;
  }

  private feasible(sp: SimPod, sn: SimNode, extra?: { cpu: number; memory: number }): boolean {
    const pod = sp.pod;
    return (
      fitsResources(pod.requests, sn, extra) &&
      matchesNodeSelector(pod.nodeSelector, sn.node.labels) &&
      (sn.node.taints.length === 0 || toleratesHardTaints(pod.tolerations, sn))
    );
  }

  private choose(sp: SimPod): SimNode | undefined {
    const spread = this.spreadCounts(sp);
    const hard = sp.template.topologySpread?.whenUnsatisfiable === 'DoNotSchedule' ? sp.template.topologySpread : undefined;
    let minDomain = 0;
    let domains: Set<string> | undefined;
    if (hard && spread) {
      domains = this.domainsFor(sp.pod.nodeSelector);
      minDomain = Math.min(...[...domains].map((z) => spread.zones.get(z) ?? 0));
    }
    // The hot loop of a large simulation (pods × nodes): no allocation in it.
    let best: SimNode | undefined;
    let bestTaints = 0;
    let bestCost = 0;
    for (const sn of this.nodes()) {
      if (!this.feasible(sp, sn)) continue;
      const zone = sn.zone;
      const inZone = spread?.zones.get(zone) ?? 0;
      if (hard && domains?.has(zone) && inZone + 1 - minDomain > hard.maxSkew) continue;
      const taints = sn.node.taints.length === 0 ? 0 : untolerated(sp.pod.tolerations, sn.node.taints, SOFT);
      const onNode = spread?.nodes.get(sn.node.name) ?? 0;
      const cost = SPREAD_WEIGHT * (inZone + onNode) + RESOURCE_WEIGHT * utilisation(sp, sn);
      // Candidates come in name order: a tie keeps the first.
      if (!best || taints < bestTaints || (taints === bestTaints && cost < bestCost)) {
        best = sn;
        bestTaints = taints;
        bestCost = cost;
      }
    }
    return best;
  }

  /** Pods of the same workload (bound, not terminating) per zone and per node. */
  private spreadCounts(sp: SimPod): { zones: Map<string, number>; nodes: Map<string, number> } | undefined {
    if (sp.ownerKey === undefined) return undefined;
    const zones = new Map<string, number>();
    const nodes = new Map<string, number>();
    for (const other of this.ctx.world.podsOf(sp.ownerKey)) {
      const name = other.pod.nodeName;
      if (name === undefined || !isActive(other.pod)) continue;
      const sn = this.ctx.world.nodes.get(name);
      if (!sn || !matchesNodeSelector(sp.pod.nodeSelector, sn.node.labels)) continue;
      zones.set(sn.zone, (zones.get(sn.zone) ?? 0) + 1);
      nodes.set(name, (nodes.get(name) ?? 0) + 1);
    }
    return { zones, nodes };
  }

  private domainsFor(selector: Record<string, string>): Set<string> {
    const key = JSON.stringify(selector);
    let zones = this.domains.get(key);
    if (!zones) {
      zones = new Set();
      for (const sn of this.ctx.world.nodes.values()) {
        const zone = sn.node.labels[ZONE];
        if (zone !== undefined && matchesNodeSelector(selector, sn.node.labels)) zones.add(zone);
      }
      this.domains.set(key, zones);
    }
    return zones;
  }

  /** Ready, schedulable nodes by name (cached until a node changes). */
  private nodes(): SimNode[] {
    this.candidates ??= [...this.ctx.world.nodes.values()]
      .filter(schedulable)
      .sort((a, b) => (a.node.name < b.node.name ? -1 : a.node.name > b.node.name ? 1 : 0));
    return this.candidates;
  }
}

/** The share of the node requested once the pod is there (mean of CPU and memory). */
function utilisation(sp: SimPod, sn: SimNode): number {
  const { allocatable } = sn.node;
  const cpu = (sn.requested.cpu + sp.pod.requests.cpu) / Math.max(1, allocatable.cpu);
  const memory = (sn.requested.memory + sp.pod.requests.memory) / Math.max(1, allocatable.memory);
  return (cpu + memory) / 2;
}

