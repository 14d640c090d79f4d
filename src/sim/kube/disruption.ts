// The disruption controller and the Eviction API, both through src/core/pdb.ts (one model serves the
// simulator and the planner). A PDB's status is recomputed lazily — only PDBs selecting a changed pod
// are marked, and recomputed when next read — which is observably the same as keeping it current after
// every pod change. An accepted eviction is visible in the status at once (the pod is terminating, so
// no longer healthy), as the API server decrements disruptionsAllowed when it evicts.
import type { Pdb, Workload } from '../../core/model.js';
import { computePdbStatus, decideEviction, expectedScale } from '../../core/pdb.js';
import { matchesSelector } from '../../core/selectors.js';
import type { EvictionOutcome } from '../../kube/port.js';
import type { PdbSpec } from '../fixture/types.js';
import type { SimContext } from '../context.js';
import type { PodState, SimPod } from '../state.js';
import { workloadObjects } from '../views.js';
import type { Reactor } from '../world.js';

interface SimPdb {
  pdb: Pdb;
  pods: Set<SimPod>;
  dirty: boolean;
  order: number;
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}\u0000${value}`;
}

export class Disruption implements Reactor {
  private readonly pdbs = new Map<string, SimPdb>();
  /**
   * Candidate PDBs for a pod, by namespace: those whose selector requires some `key=value` label are
   * filed under their first such pair (a pod can only match if it has that label); the rest are
   * checked for every pod of the namespace.
   */
  private readonly byLabel = new Map<string, SimPdb[]>();
  private readonly unindexed = new Map<string, SimPdb[]>();

  constructor(private readonly ctx: SimContext) {}

  add(spec: PdbSpec): void {
    const pdb: Pdb = {
      namespace: spec.namespace,
      name: spec.name,
      selector: structuredClone(spec.selector),
      status: { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 },
    };
    if (spec.minAvailable !== undefined) pdb.minAvailable = spec.minAvailable;
    if (spec.maxUnavailable !== undefined) pdb.maxUnavailable = spec.maxUnavailable;
    const entry: SimPdb = { pdb, pods: new Set(), dirty: true, order: this.pdbs.size };
    const key = `${spec.namespace}/${spec.name}`;
    this.pdbs.set(key, entry);
    const first = Object.entries(pdb.selector.matchLabels ?? {})[0];
    const [index, slot] = first ? [this.byLabel, labelKey(spec.namespace, first[0], first[1])] : [this.unindexed, spec.namespace];
    const list = index.get(slot) ?? [];
    list.push(entry);
    index.set(slot, list);
    for (const sp of this.ctx.world.podsByNamespace.get(spec.namespace) ?? []) {
      if (matchesSelector(pdb.selector, sp.pod.labels)) {
        entry.pods.add(sp);
        sp.pdbs.push(key);
      }
    }
  }

  podAdded(sp: SimPod): void {
    const { namespace, labels } = sp.pod;
    const candidates = [...(this.unindexed.get(namespace) ?? [])];
    for (const key in labels) candidates.push(...(this.byLabel.get(labelKey(namespace, key, labels[key] ?? '')) ?? []));
    // In creation order, as a scan of the namespace would find them.
    if (candidates.length > 1) candidates.sort((a, b) => a.order - b.order);
    for (const entry of candidates) {
      if (!matchesSelector(entry.pdb.selector, labels)) continue;
      entry.pods.add(sp);
      entry.dirty = true;
      sp.pdbs.push(`${entry.pdb.namespace}/${entry.pdb.name}`);
    }
  }

  podChanged(sp: SimPod, before: PodState): void {
    const p = sp.pod;
    if (before.ready === p.ready && before.deletionTimestamp === p.deletionTimestamp && before.phase === p.phase) return;
    for (const key of sp.pdbs) this.mark(key);
  }

  podRemoved(sp: SimPod): void {
    for (const key of sp.pdbs) {
      const entry = this.pdbs.get(key);
      if (!entry) continue;
      entry.pods.delete(sp);
      entry.dirty = true;
    }
  }

  private mark(key: string): void {
    const entry = this.pdbs.get(key);
    if (entry) entry.dirty = true;
  }

  /** The PDB with its status as the disruption controller would have written it by now. */
  current(key: string): Pdb | undefined {
    const entry = this.pdbs.get(key);
    if (!entry) return undefined;
    if (entry.dirty) {
      const pods = [...entry.pods].map((sp) => sp.pod);
      entry.pdb.status = computePdbStatus(entry.pdb, pods, expectedScale(pods, this.owners(entry.pods)));
      entry.dirty = false;
    }
    return entry.pdb;
  }

  /** Every PDB, current, by namespace/name. */
  list(): Pdb[] {
    return [...this.pdbs.keys()].sort().map((key) => this.current(key) as Pdb);
  }

  /** PDBs selecting the pod, current. */
  forPod(sp: SimPod): Pdb[] {
    return sp.pdbs.map((key) => this.current(key)).filter((p): p is Pdb => p !== undefined);
  }

  /**
   * POST pods/eviction (policy/v1): 201, 429 with the budget's name, 500 for several budgets.
   * `graceSeconds`: the eviction's DeleteOptions.gracePeriodSeconds; on a pod already terminating it
   * only shortens what is left (the API server never lengthens a grace period under way).
   */
  evict(sp: SimPod, by: 'api' | 'cluster-autoscaler', graceSeconds?: number): EvictionOutcome {
    const decision = decideEviction(sp.pod, this.forPod(sp));
    switch (decision.verdict) {
      case 'already-terminating':
        if (graceSeconds !== undefined) this.ctx.kubelet.shortenGrace(sp, graceSeconds);
        return { result: 'evicted' };
      case 'refuse':
        if (by === 'api') this.ctx.observer.evictionRefused();
        return { result: 'refused-by-pdb', pdbs: [decision.pdb.name], message: decision.message };
      case 'multiple-pdbs':
        return { result: 'multiple-pdbs', pdbs: decision.pdbs.map((p) => p.name), message: decision.message };
      case 'allow':
        if (by === 'api') this.ctx.observer.evicted();
        this.ctx.observer.disrupting(sp);
        this.ctx.kubelet.beginDeletion(sp, graceSeconds);
        return { result: 'evicted' };
    }
  }

  /** The controllers of the pods, as Workload objects (a ReplicaSet brings its Deployment). */
  private owners(pods: Iterable<SimPod>): Workload[] {
    const keys = new Set<string>();
    for (const sp of pods) if (sp.ownerKey !== undefined) keys.add(sp.ownerKey);
    const out: Workload[] = [];
    for (const key of keys) {
      const w = this.ctx.world.workloads.get(key);
      if (w) out.push(...workloadObjects(this.ctx, w));
    }
    return out;
  }
}
