// The ReplicaSet, StatefulSet and Job controllers, after kube-controller-manager:
// - ReplicaSet: a terminating pod is not active, so its replacement is created as soon as the pod gets
//   its deletionTimestamp (both run side by side while the old one stops).
// - StatefulSet (OrderedReady): pods `<name>-<ordinal>`; a missing ordinal is recreated under the same
//   name only once the old pod is fully gone, one at a time, each waiting for the lower ones to be Ready.
// - Job: `replicas` pods run for `runSeconds` and Succeed; a disrupted one is replaced until that many
//   have succeeded.
import { DextreError } from '../../core/errors.js';
import type { OwnerRef } from '../../core/model.js';
import type { PinnedPodSpec } from '../fixture/types.js';
import type { SimContext } from '../context.js';
import { podSuffix, templateHash } from '../names.js';
import { isActive, type PodState, type SimPod, type SimWorkload } from '../state.js';
import type { Reactor } from '../world.js';
import { newPod } from './pods.js';

export class Controllers implements Reactor {
  /** Job pods already counted as succeeded. */
  private readonly succeeded = new WeakSet<SimPod>();

  constructor(private readonly ctx: SimContext) {}

  /** Registers a workload and creates its pods: first those pinned to nodes (at load), then the rest. */
  add(workload: SimWorkload, pinned: readonly PinnedPodSpec[] = []): void {
    this.ctx.world.addWorkload(workload);
    for (const pin of pinned) this.createPinned(workload, pin);
    this.sync(workload.key);
  }

  podChanged(sp: SimPod, before: PodState): void {
    if (sp.ownerKey === undefined) return;
    const stopped = before.deletionTimestamp === undefined && sp.pod.deletionTimestamp !== undefined;
    const finished = before.phase !== sp.pod.phase && !isActive(sp.pod);
    const readied = !before.ready && sp.pod.ready; // a StatefulSet's next ordinal waits for this
    if (stopped || finished || readied) this.sync(sp.ownerKey);
  }

  podRemoved(sp: SimPod): void {
    if (sp.ownerKey !== undefined) this.sync(sp.ownerKey);
  }

  sync(key: string): void {
    const workload = this.ctx.world.workloads.get(key);
    if (!workload) return;
    switch (workload.kind) {
      case 'ReplicaSet':
        return this.syncReplicaSet(workload);
      case 'StatefulSet':
        return this.syncStatefulSet(workload);
      case 'Job':
        return this.syncJob(workload);
      case 'DaemonSet':
        return; // daemonsets.ts
    }
  }

  private active(workload: SimWorkload): number {
    let n = 0;
    for (const sp of this.ctx.world.podsOf(workload.key)) if (isActive(sp.pod)) n++;
    return n;
  }

  private syncReplicaSet(rs: SimWorkload): void {
    for (let missing = rs.replicas - this.active(rs); missing > 0; missing--) this.createGenerated(rs);
  }

  private syncJob(job: SimWorkload): void {
    for (const sp of this.ctx.world.podsOf(job.key)) {
      if (sp.pod.phase === 'Succeeded' && !this.succeeded.has(sp)) {
        this.succeeded.add(sp);
        job.succeeded++;
      }
    }
    const wanted = Math.max(0, job.replicas - job.succeeded) - this.active(job);
    for (let missing = wanted; missing > 0; missing--) this.createGenerated(job);
  }

  private syncStatefulSet(sts: SimWorkload): void {
    const world = this.ctx.world;
    for (let ordinal = 0; ordinal < sts.replicas; ordinal++) {
      const name = `${sts.name}-${ordinal}`;
      const existing = world.pods.get(`${sts.namespace}/${name}`);
      if (!existing) {
        this.create(sts, name, { 'statefulset.kubernetes.io/pod-name': name });
        return; // one at a time
      }
      if (existing.pod.deletionTimestamp !== undefined || !existing.pod.ready) return;
    }
  }

  /** A pod with a generated name: `<rs>-<5 chars>`, `<job>-<5 chars>`. */
  private createGenerated(workload: SimWorkload): void {
    this.create(workload, this.generatedName(workload), this.hashLabel(workload));
  }

  private generatedName(workload: SimWorkload): string {
    const world = this.ctx.world;
    let name: string;
    do name = `${workload.name}-${podSuffix(++workload.created + world.counters.pod)}`;
    while (world.pods.has(`${workload.namespace}/${name}`));
    return name;
  }

  private hashLabel(workload: SimWorkload): Record<string, string> {
    return workload.kind === 'ReplicaSet' ? { 'pod-template-hash': workload.podTemplateHash ?? workload.name.slice(-10) } : {};
  }

  /** A pod that runs at load on a given node: named as given, else as the controller names pods. */
  private createPinned(workload: SimWorkload, pin: PinnedPodSpec): void {
    const world = this.ctx.world;
    if (workload.kind === 'StatefulSet') {
      let name = pin.name;
      for (let ordinal = 0; name === undefined; ordinal++) {
        const candidate = `${workload.name}-${ordinal}`;
        if (!world.pods.has(`${workload.namespace}/${candidate}`)) name = candidate;
      }
      this.create(workload, name, { 'statefulset.kubernetes.io/pod-name': name }, pin.node);
      return;
    }
    if (pin.name !== undefined && world.pods.has(`${workload.namespace}/${pin.name}`)) {
      throw new DextreError('FIXTURE', `${world.fixture.file}: pod ${workload.namespace}/${pin.name} is pinned twice (under two workloads); rename one.`);
    }
    this.create(workload, pin.name ?? this.generatedName(workload), this.hashLabel(workload), pin.node);
  }

  private create(workload: SimWorkload, name: string, labels: Record<string, string>, nodeName?: string): void {
    const world = this.ctx.world;
    const owner: OwnerRef = { kind: workload.kind, name: workload.name, controller: true };
    const sp = newPod(world, {
      namespace: workload.namespace,
      name,
      template: workload.template,
      owner,
      ownerKey: workload.key,
      labels,
      ...(nodeName !== undefined ? { nodeName } : {}),
      ...(workload.kind === 'Job' ? { runSeconds: workload.runSeconds } : {}),
      // After load, a ReplicaSet or StatefulSet only creates pods to make up for disrupted ones.
      replacement: world.live && workload.kind !== 'Job',
    });
    world.addPod(sp);
  }
}

/** A Deployment's ReplicaSet name: `<deployment>-<pod-template-hash>`. */
export function replicaSetName(namespace: string, deployment: string): string {
  return `${deployment}-${templateHash(`${namespace}/${deployment}`)}`;
}
