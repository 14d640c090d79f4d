// cluster-autoscaler's scale-down, event-driven: a node whose requested CPU and memory are both below
// the threshold for `unneededSeconds`, not annotated scale-down-disabled, in a group above its minimum,
// whose pods can all move (no bare pods, no emptyDir, no kube-system pods without a PDB — CA's
// defaults) and fit elsewhere, is tainted, drained by eviction (a refusal aborts and untaints, as CA
// does), and terminated with decrement once its pods are gone. A node is armed when its usage or
// annotations change; a failed check disarms it until the next such change (upstream re-checks every
// 10 s — a simplification that keeps a settled world still).
import type { SimContext } from '../context.js';
import type { Scheduled } from '../queue.js';
import { isActive, type PodState, type SimNode, type SimPod } from '../state.js';
import type { Reactor } from '../world.js';

export const SCALE_DOWN_DISABLED = 'cluster-autoscaler.kubernetes.io/scale-down-disabled';
const TO_BE_DELETED = 'ToBeDeletedByClusterAutoscaler';

interface Candidate {
  since: number;
  timer: Scheduled;
}

export class ClusterAutoscaler implements Reactor {
  private readonly candidates = new Map<string, Candidate>();
  /** Nodes being drained by CA. */
  private readonly draining = new Set<string>();

  constructor(private readonly ctx: SimContext) {}

  private get config() {
    return this.ctx.world.fixture.clusterAutoscaler;
  }

  /** Arms every node (after load). */
  start(): void {
    for (const sn of this.ctx.world.nodes.values()) this.evaluate(sn);
  }

  nodeAdded(sn: SimNode): void {
    this.evaluate(sn);
  }

  nodeChanged(sn: SimNode): void {
    this.evaluate(sn);
  }

  nodeRemoved(sn: SimNode): void {
    this.disarm(sn.node.name);
    this.draining.delete(sn.node.name);
  }

  podChanged(sp: SimPod, before: PodState): void {
    if (before.nodeName !== sp.pod.nodeName || before.phase !== sp.pod.phase) this.touch(sp.pod.nodeName ?? before.nodeName);
  }

  podRemoved(sp: SimPod): void {
    const node = sp.pod.nodeName;
    if (node === undefined) return;
    if (this.draining.has(node)) this.finishDrain(node);
    else this.touch(node);
  }

  private touch(node: string | undefined): void {
    const sn = node === undefined ? undefined : this.ctx.world.nodes.get(node);
    if (sn) this.evaluate(sn);
  }

  /** Starts or stops the node's unneeded clock. */
  private evaluate(sn: SimNode): void {
    if (!this.config.enabled || !this.ctx.world.live || this.draining.has(sn.node.name)) return;
    if (!this.unneeded(sn)) {
      this.disarm(sn.node.name);
      return;
    }
    if (this.candidates.has(sn.node.name)) return;
    const name = sn.node.name;
    const timer = this.ctx.queue.after(this.config.unneededSeconds, `cluster-autoscaler ${name}`, () => this.scaleDown(name));
    this.candidates.set(name, { since: this.ctx.world.now, timer });
  }

  private disarm(node: string): void {
    const c = this.candidates.get(node);
    if (!c) return;
    this.ctx.queue.cancel(c.timer);
    this.candidates.delete(node);
  }

  private unneeded(sn: SimNode): boolean {
    const { node } = sn;
    if (!node.ready || node.annotations[SCALE_DOWN_DISABLED] === 'true') return false;
    if (node.taints.some((t) => t.key === TO_BE_DELETED)) return false;
    const instance = sn.instanceId === undefined ? undefined : this.ctx.world.instances.get(sn.instanceId);
    const group = instance ? this.ctx.world.groups.get(instance.group) : undefined;
    // Nodes already being drained will leave the group too: CA never plans below the minimum.
    if (!instance || instance.lifecycle !== 'InService' || !group || group.desired - this.drainingIn(group.name) <= group.min) return false;
    const t = this.config.utilizationThreshold;
    return sn.requested.cpu < t * node.allocatable.cpu && sn.requested.memory < t * node.allocatable.memory;
  }

  private drainingIn(group: string): number {
    let n = 0;
    for (const name of this.draining) {
      const sn = this.ctx.world.nodes.get(name);
      const instance = sn?.instanceId === undefined ? undefined : this.ctx.world.instances.get(sn.instanceId);
      if (instance?.group === group) n++;
    }
    return n;
  }

  private scaleDown(name: string): void {
    this.candidates.delete(name);
    const world = this.ctx.world;
    const sn = world.nodes.get(name);
    if (!sn || !this.unneeded(sn)) return;
    const movable = [...world.podsOn(name)].filter((sp) => sp.pod.owner?.kind !== 'DaemonSet' && isActive(sp.pod));
    if (movable.some((sp) => this.blocks(sp)) || !this.fitElsewhere(sn, movable)) return;
    world.log('kube', 'ClusterAutoscalerScaleDown', name, `${movable.length} pods to move`);
    world.updateNode(sn, (node) => {
      node.taints.push({ key: TO_BE_DELETED, value: String(Math.floor(world.now)), effect: 'NoSchedule' });
    });
    this.draining.add(name);
    for (const sp of movable) {
      if (this.ctx.disruption.evict(sp, 'cluster-autoscaler').result !== 'evicted') {
        this.abort(sn);
        return;
      }
    }
    this.finishDrain(name);
  }

  /** Terminates the drained node's instance once its non-DaemonSet pods are gone. */
  private finishDrain(name: string): void {
    const world = this.ctx.world;
    const sn = world.nodes.get(name);
    if (!sn || !this.draining.has(name)) return;
    for (const sp of world.podsOn(name)) if (sp.pod.owner?.kind !== 'DaemonSet') return;
    this.draining.delete(name);
    const instance = sn.instanceId === undefined ? undefined : world.instances.get(sn.instanceId);
    const group = instance ? world.groups.get(instance.group) : undefined;
    if (!instance || !group || group.desired <= group.min) {
      this.abort(sn);
      return;
    }
    group.desired--;
    this.ctx.asg.instances.beginTermination(instance, 'cluster-autoscaler');
  }

  /** A refused eviction: CA gives up on the node and removes its taint. */
  private abort(sn: SimNode): void {
    this.draining.delete(sn.node.name);
    this.ctx.world.updateNode(sn, (node) => {
      node.taints = node.taints.filter((t) => t.key !== TO_BE_DELETED);
    });
  }

  /** Pods CA will not move by default. */
  private blocks(sp: SimPod): boolean {
    if (!sp.pod.owner?.controller) return true; // unreplicated
    if (sp.pod.volumes.some((v) => v.emptyDir !== undefined)) return true; // skip-nodes-with-local-storage
    return sp.pod.namespace === 'kube-system' && sp.pdbs.length === 0; // skip-nodes-with-system-pods
  }

  /** Every movable pod fits on another Ready node (greedy, as CA's simulation does). */
  private fitElsewhere(sn: SimNode, pods: SimPod[]): boolean {
    const exclude = new Set([sn.node.name, ...this.draining]);
    const extra = new Map<string, { cpu: number; memory: number }>();
    for (const sp of pods) {
      const target = this.ctx.scheduler.fitsElsewhere(sp, exclude, extra);
      if (!target) return false;
      const e = extra.get(target.node.name) ?? { cpu: 0, memory: 0 };
      e.cpu += sp.pod.requests.cpu;
      e.memory += sp.pod.requests.memory;
      extra.set(target.node.name, e);
    }
    return true;
  }
}
