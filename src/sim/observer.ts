// The simulator's own account of the invariants. It watches the world, not the engine: dextre never
// grades itself. Counters are updated as things happen; the rest is computed when the report is read.
import type { SimulationReport } from '../core/result.js';
import { isHealthy } from '../core/pdb.js';
import type { SimContext } from './context.js';
import { isActive, type PodState, type SimNode, type SimPod } from './state.js';
import { instanceOutdated } from './views.js';
import type { Reactor } from './world.js';

export class Observer implements Reactor {
  private startedAt = 0;
  private baselineCpu = 0;
  private readyCpu = 0;
  private minRatio = 1;
  private maxExtra = 0;
  private violations = 0;
  private lost = 0;
  private evictions = 0;
  private refused = 0;
  private readonly startups: number[] = [];
  /** Ready capacity over time: a point each time it changes (the last change at one moment wins). */
  private curve: { at: number; ratio: number }[] = [];

  constructor(private readonly ctx: SimContext) {}

  /** The fixture is loaded: what is there now is the baseline. */
  baseline(): void {
    this.startedAt = this.ctx.world.now;
    this.readyCpu = 0;
    for (const sn of this.ctx.world.nodes.values()) this.readyCpu += readyCpu(sn);
    this.baselineCpu = this.readyCpu;
    this.minRatio = 1;
    this.maxExtra = 0;
    this.curve = [{ at: this.startedAt, ratio: 1 }];
    for (const g of this.ctx.world.groups.values()) this.instancesChanged(g.name);
  }

  nodeAdded(sn: SimNode): void {
    this.readyCpu += readyCpu(sn);
    this.capacityChanged();
  }

  nodeChanged(sn: SimNode, before: SimNode['node']): void {
    this.readyCpu += readyCpu(sn) - readyCpu({ node: before });
    this.capacityChanged();
  }

  nodeRemoved(sn: SimNode): void {
    this.readyCpu -= readyCpu(sn);
    this.capacityChanged();
  }

  podChanged(sp: SimPod, before: PodState): void {
    if (sp.replacement && !before.ready && sp.pod.ready && this.ctx.world.live) {
      this.startups.push(this.ctx.world.now - sp.createdAt);
    }
  }

  private capacityChanged(): void {
    if (!this.ctx.world.live || this.baselineCpu <= 0) return;
    const ratio = this.readyCpu / this.baselineCpu;
    this.minRatio = Math.min(this.minRatio, ratio);
    const now = this.ctx.world.now;
    const last = this.curve[this.curve.length - 1];
    if (last?.at === now) last.ratio = ratio;
    else if (last?.ratio !== ratio) this.curve.push({ at: now, ratio });
  }

  /**
   * The ready-capacity curve since the fixture loaded: epoch seconds and the ratio of Ready, schedulable
   * allocatable CPU to the figure at the start, one point per change (a step function). Changes within one
   * moment keep only the last (the lowest of them is in the report's minReadyCapacityRatio).
   */
  readyCapacity(): { at: number; ratio: number }[] {
    return this.curve.map((p) => ({ at: p.at, ratio: Math.round(p.ratio * 1e6) / 1e6 }));
  }

  /** Pending + InService instances above the group's desired capacity at load. */
  instancesChanged(group: string): void {
    const g = this.ctx.world.groups.get(group);
    if (!g) return;
    let running = 0;
    for (const id of g.instances) {
      const i = this.ctx.world.instances.get(id);
      if (i?.lifecycle === 'Pending' || i?.lifecycle === 'InService') running++;
    }
    this.maxExtra = Math.max(this.maxExtra, running - g.desiredAtLoad);
  }

  evicted(): void {
    this.evictions++;
  }

  evictionRefused(): void {
    this.refused++;
  }

  /**
   * A voluntary disruption (eviction, deletion, termination of its node) is about to take this pod:
   * a violation when the pod is healthy and a PDB selecting it allows no disruption right now.
   */
  disrupting(sp: SimPod): void {
    if (!this.ctx.world.live || !isHealthy(sp.pod)) return;
    if (this.ctx.disruption.forPod(sp).some((pdb) => pdb.status.disruptionsAllowed <= 0)) this.violations++;
  }

  /** The instance under these pods is terminating: every non-DaemonSet pod still there is lost. */
  losing(pods: Iterable<SimPod>): void {
    if (!this.ctx.world.live) return;
    for (const sp of pods) {
      if (sp.pod.owner?.kind === 'DaemonSet' || !(isActive(sp.pod) || sp.pod.deletionTimestamp !== undefined)) continue;
      this.lost++;
    }
  }

  report(): SimulationReport {
    return {
      virtualSeconds: ms(this.ctx.world.now - this.startedAt),
      pdbViolations: this.violations,
      lostPods: this.lost,
      minReadyCapacityRatio: Math.round(this.minRatio * 1e6) / 1e6,
      maxExtraInstances: this.maxExtra,
      evictions: this.evictions,
      evictionsRefusedByPdb: this.refused,
      movedPodStartupSeconds: { p50: ms(percentile(this.startups, 50)), p95: ms(percentile(this.startups, 95)) },
      outdatedNodesRemaining: this.outdatedNodes(),
      unreadyControllerPods: this.unreadyControllerPods(),
    };
  }

  /** Nodes of running instances that differ from what their group launches now. */
  private outdatedNodes(): number {
    let n = 0;
    for (const sn of this.ctx.world.nodes.values()) {
      const i = sn.instanceId === undefined ? undefined : this.ctx.world.instances.get(sn.instanceId);
      // A node whose instance is already terminating has been dealt with; it only has to go away.
      if (i && (i.lifecycle === 'Pending' || i.lifecycle === 'InService') && instanceOutdated(this.ctx, i)) n++;
    }
    return n;
  }

  /** Per controller: replicas it wants running minus its pods that are Ready and not terminating. */
  private unreadyControllerPods(): number {
    let n = 0;
    for (const w of this.ctx.world.workloads.values()) {
      const wanted =
        w.kind === 'DaemonSet'
          ? this.ctx.daemonsets.desiredScheduled(w)
          : w.kind === 'Job'
            ? Math.max(0, w.replicas - w.succeeded)
            : w.replicas;
      n += Math.max(0, wanted - w.ready);
    }
    return n;
  }
}

/** Seconds to the millisecond: epoch-second floats carry ~1e-7 s of noise that a report need not show. */
function ms(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

function readyCpu(sn: Pick<SimNode, 'node'>): number {
  return sn.node.ready && !sn.node.unschedulable ? sn.node.allocatable.cpu : 0;
}

/** Nearest-rank percentile; 0 for no samples. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? 0;
}
