// Waits answered from the cluster's watch stream, never by polling: each wait is indexed by what can
// end it (a pod uid, a workload, a node), registered before its first look at the cluster so that no
// change slips between the look and the watch.
import type { NodeGroupCloud } from '../cloud/port.js';
import type { Effect, RollEvent } from '../core/roll/effects.js';
import { workloadKey, type Pod } from '../core/model.js';
import { GroupNodes } from './group-nodes.js';
import type { KubeCluster, WatchEvent } from '../kube/port.js';

type Await<T extends Effect['type']> = Extract<Effect, { type: T }>;

interface WorkloadWait {
  effect: Await<'AwaitWorkloadReady'>;
  readyAtStart: Set<string> | undefined;
  /** A pod of the workload (not the one moved) turned serving while the first list was under way. */
  turnedWhileListing: boolean;
  replicas: number;
}

interface PrepullWait {
  effect: Await<'AwaitPrepull'>;
  /** The node's pods, listed once and then kept current from the watch (no list per change). */
  pods: Map<string, Pod>;
}

export class Waiters {
  private readonly gone = new Map<string, Await<'AwaitPodGone'>>();
  private readonly workloads = new Map<string, Map<string, WorkloadWait>>();
  private readonly prepulls = new Map<string, PrepullWait>();
  private readonly nodes: GroupNodes;
  /** Pod changes seen, counted: the order of the server's changes, as the watch delivers them. */
  private podChanges = 0;
  /** Whether each pod the watch has seen serves (to tell a pod turning Ready from one that was). */
  private readonly podServes = new Map<string, boolean>();
  /** The count at which each pod last turned serving, and at which each pod was first seen terminating. */
  private readonly servingSince = new Map<string, number>();
  private readonly terminatingAt = new Map<string, number>();
  /** The live subscription (resolved once the watch is established); every wait starts after it. */
  private subscription: Promise<() => void> | undefined;
  private stopped = false;

  constructor(
    private readonly kube: KubeCluster,
    cloud: NodeGroupCloud,
    cluster: string,
    private readonly emit: (make: (at: number) => RollEvent) => void,
  ) {
    this.nodes = new GroupNodes(kube, cloud, cluster, emit);
  }

  start(): void {
    this.stopped = false;
    this.subscription ??= this.kube.watch((e) => this.onWatch(e));
  }

  stop(): void {
    this.stopped = true;
    const subscription = this.subscription;
    this.subscription = undefined;
    // A watch still being established is closed as soon as it is (or if it fails, there is nothing to close).
    subscription?.then((unsubscribe) => unsubscribe()).catch(() => undefined);
  }

  /** Forgets every wait whose key is not in `live` (the state no longer waits for it). */
  retain(live: (key: string) => boolean): void {
    for (const [uid, e] of this.gone) if (!live(e.key)) this.gone.delete(uid);
    for (const [wk, waits] of this.workloads) {
      for (const [key] of waits) if (!live(key)) waits.delete(key);
      if (waits.size === 0) this.workloads.delete(wk);
    }
    for (const [node, w] of this.prepulls) if (!live(w.effect.key)) this.prepulls.delete(node);
    this.nodes.retain(live);
  }

  async add(effect: Await<'AwaitPodGone' | 'AwaitWorkloadReady' | 'AwaitPrepull' | 'WatchGroupNodes'>): Promise<void> {
    // A wait looks at the cluster only once the watch is live, so no change falls between look and watch.
    await this.live();
    switch (effect.type) {
      case 'AwaitPodGone': {
        this.gone.set(effect.pod.uid, effect);
        const pod = await this.kube.getPod(effect.pod.namespace, effect.pod.name);
        if (!pod || pod.uid !== effect.pod.uid) this.resolveGone(effect.pod.uid);
        return;
      }
      case 'AwaitWorkloadReady':
        return this.addWorkloadWait(effect);
      case 'AwaitPrepull': {
        // Registered before the list: changes in between land in the map too, and the newer one wins.
        const wait: PrepullWait = { effect, pods: new Map() };
        this.prepulls.set(effect.node, wait);
        for (const pod of await this.kube.listPods({ nodeName: effect.node })) if (!wait.pods.has(pod.uid)) wait.pods.set(pod.uid, pod);
        this.checkPrepull(effect.node);
        return;
      }
      case 'WatchGroupNodes':
        return this.nodes.watch(effect);
    }
  }

  /** The watch, (re-)established if it failed before (a transient error is retried with the wait). */
  private async live(): Promise<void> {
    if (this.stopped) return;
    this.subscription ??= this.kube.watch((e) => this.onWatch(e));
    try {
      await this.subscription;
    } catch (e: unknown) {
      this.subscription = undefined;
      throw e;
    }
  }

  private async addWorkloadWait(effect: Await<'AwaitWorkloadReady'>): Promise<void> {
    const key = workloadKey(effect.workload);
    const registeredAt = this.podChanges;
    const wait: WorkloadWait = { effect, readyAtStart: undefined, replicas: Number.POSITIVE_INFINITY, turnedWhileListing: false };
    let waits = this.workloads.get(key);
    if (!waits) this.workloads.set(key, (waits = new Map()));
    waits.set(effect.key, wait);
    const [pods, workloads] = await Promise.all([
      this.kube.listPods({ namespace: effect.workload.namespace }),
      this.kube.listWorkloads(),
    ]);
    const mine = pods.filter((p) => ownerKey(p) === key);
    const workload = workloads.find((w) => workloadKey(w) === key);
    wait.replicas = workload?.replicas ?? 0;
    wait.readyAtStart = new Set(mine.filter(serving).map((p) => p.uid));
    // A pod the watch saw turn Ready since the moved pod began terminating counts, even before this wait
    // began or while its list was under way (over HTTP a replacement can start in that time): the list
    // may be older or newer than that change. The watch orders both changes as the server made them.
    const since = this.terminatingAt.get(effect.pod.uid) ?? registeredAt;
    const turnedSince = (uid: string) => uid !== effect.pod.uid && this.podServes.get(uid) === true && (this.servingSince.get(uid) ?? 0) > since;
    if (wait.turnedWhileListing || mine.some((p) => turnedSince(p.uid))) return this.resolveWorkload(key, effect.key);
    if (!workload || mine.filter(serving).length >= wait.replicas) this.resolveWorkload(key, effect.key);
  }

  private onWatch(e: WatchEvent): void {
    if (e.kind === 'Node') return this.nodes.onChange(e.type, e.node);
    const pod = e.pod;
    const turned = this.turnedServing(e.type, pod);
    if (e.type === 'DELETED' && this.gone.has(pod.uid)) this.resolveGone(pod.uid);
    const key = ownerKey(pod);
    const waits = key === undefined ? undefined : this.workloads.get(key);
    if (key !== undefined && waits && e.type !== 'DELETED' && serving(pod)) {
      for (const w of waits.values()) if (turned && w.readyAtStart === undefined && pod.uid !== w.effect.pod.uid) w.turnedWhileListing = true;
      for (const [waitKey, w] of waits) {
        if (pod.uid !== w.effect.pod.uid && w.readyAtStart !== undefined && !w.readyAtStart.has(pod.uid)) {
          this.resolveWorkload(key, waitKey);
        }
      }
    }
    const prepull = pod.nodeName === undefined ? undefined : this.prepulls.get(pod.nodeName);
    if (prepull && pod.nodeName !== undefined) {
      if (e.type === 'DELETED') prepull.pods.delete(pod.uid);
      else prepull.pods.set(pod.uid, pod);
      this.checkPrepull(pod.nodeName);
    }
  }

  /**
   * Whether this change turned the pod serving: created serving, or serving after a state seen not
   * serving. A pod first seen serving by a change predates the watch: its turn is unknown, not counted.
   */
  private turnedServing(type: WatchEvent['type'], pod: Pod): boolean {
    const at = ++this.podChanges;
    // Kept after the pod is gone: a wait for its workload may begin later (only pods deleted during the roll).
    if ((type === 'DELETED' || pod.deletionTimestamp !== undefined) && !this.terminatingAt.has(pod.uid)) this.terminatingAt.set(pod.uid, at);
    if (type === 'DELETED') {
      this.podServes.delete(pod.uid);
      this.servingSince.delete(pod.uid);
      return false;
    }
    const before = this.podServes.get(pod.uid);
    const now = serving(pod);
    this.podServes.set(pod.uid, now);
    const turned = now && (before === false || type === 'ADDED');
    if (turned) this.servingSince.set(pod.uid, at);
    return turned;
  }

  private checkPrepull(node: string): void {
    const wait = this.prepulls.get(node);
    if (!wait) return;
    const pods = [...wait.pods.values()];
    const failures: { image: string; reason: string }[] = [];
    for (const ds of wait.effect.daemonSets) {
      const pod = pods.find((p) => p.namespace === ds.namespace && p.owner?.kind === 'DaemonSet' && p.owner.name === ds.name);
      if (!pod) return;
      if (pod.imagePullFailures.length > 0) failures.push(...pod.imagePullFailures);
      else if (!serving(pod)) return;
    }
    this.prepulls.delete(node);
    this.emit((at) => ({ type: 'NodePrepulled', at, key: wait.effect.key, node, failures }));
  }

  private resolveGone(uid: string): void {
    const effect = this.gone.get(uid);
    if (!effect) return;
    this.gone.delete(uid);
    this.emit((at) => ({ type: 'PodGone', at, key: effect.key, uid }));
  }

  private resolveWorkload(workload: string, key: string): void {
    const waits = this.workloads.get(workload);
    const wait = waits?.get(key);
    if (!waits || !wait) return;
    waits.delete(key);
    if (waits.size === 0) this.workloads.delete(workload);
    this.emit((at) => ({ type: 'WorkloadReady', at, key, uid: wait.effect.pod.uid }));
  }
}


function serving(pod: Pod): boolean {
  return pod.ready && pod.deletionTimestamp === undefined;
}

function ownerKey(pod: Pod): string | undefined {
  return pod.owner?.controller ? workloadKey({ kind: pod.owner.kind, namespace: pod.namespace, name: pod.owner.name }) : undefined;
}
