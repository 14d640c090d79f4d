// The world's nodes and pods, mirrored into the store as API objects the moment they change: the world
// announces every node and pod change to its watchers (in the virtual moment it happens), and the mirror
// re-renders that one object, noting when it reached each state (scheduled, started, Ready) for the
// timestamps the API shows. Controllers, PDBs and namespaces change without announcements; `derived`
// re-renders those, and only after something changed (`dirty`).
import type { Node, Pod } from '../../../core/model.js';
import type { WatchEvent } from '../../../kube/port.js';
import type { SimContext } from '../../context.js';
import { DerivedObjects } from './derived.js';
import { stringAt } from './json.js';
import { renderNode, type NodeTimes } from './render-node.js';
import { renderPod, type PodTimes } from './render-pod.js';
import { RID } from './resources.js';
import type { ObjectStore } from './store.js';

interface PodRecord extends PodTimes {
  last: { nodeName: string | undefined; phase: Pod['phase']; ready: boolean };
}

interface NodeRecord extends NodeTimes {
  ready: boolean;
}

export class WorldMirror {
  private readonly pods = new Map<string, PodRecord>();
  private readonly nodes = new Map<string, NodeRecord>();
  readonly derived: DerivedObjects;
  private dirty = true;
  private stopWatching: (() => void) | undefined;

  constructor(
    private readonly ctx: SimContext,
    private readonly store: ObjectStore,
  ) {
    this.derived = new DerivedObjects(ctx, store);
  }

  /** Renders the world as it is, then follows its changes. */
  start(): void {
    const world = this.ctx.world;
    const nodes = [...world.nodes.values()].sort((a, b) => (a.node.name < b.node.name ? -1 : 1));
    for (const sn of nodes) this.nodeChanged('ADDED', sn.node, sn.node.createdAt);
    const pods = [...world.pods.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
    for (const sp of pods) this.podChanged('ADDED', sp.pod, sp.createdAt);
    this.refresh();
    const watcher = (event: WatchEvent) => {
      if (event.kind === 'Pod') this.podChanged(event.type, event.pod);
      else this.nodeChanged(event.type, event.node);
    };
    world.watchers.add(watcher);
    this.stopWatching = () => world.watchers.delete(watcher);
  }

  stop(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
  }

  /** Something changed that the world does not announce (a DaemonSet applied, time passed). */
  markDirty(): void {
    this.dirty = true;
  }

  /** Brings controllers, PDBs and namespaces up to date if anything may have changed them. */
  refresh(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.derived.refresh();
  }

  /** Records a grace period shorter than the pod's own (a delete with gracePeriodSeconds) and re-renders. */
  setDeletionGrace(pod: Pod, seconds: number): void {
    const record = this.pods.get(pod.uid);
    if (!record) return;
    record.deletionGrace = seconds;
    this.store.put(RID.pods, pod.namespace, pod.name, renderPod(pod, record));
  }

  private podChanged(type: WatchEvent['type'], pod: Pod, loadedAt?: number): void {
    this.dirty = true;
    const now = this.ctx.world.now;
    if (type === 'DELETED') {
      this.pods.delete(pod.uid);
      // A StatefulSet's new pod may already carry the name: only the pod with this uid goes.
      if (stringAt(this.store.get(RID.pods, pod.namespace, pod.name), 'metadata', 'uid') === pod.uid) this.store.remove(RID.pods, pod.namespace, pod.name);
      return;
    }
    const sp = this.ctx.world.pods.get(`${pod.namespace}/${pod.name}`);
    // A pod running at load has a history before it: created, scheduled and started when its containers
    // started (startupSeconds before it turned Ready at the load).
    const before = loadedAt !== undefined ? Math.min(loadedAt, sp?.run.startedAt ?? loadedAt) : undefined;
    let record = this.pods.get(pod.uid);
    if (!record) {
      const at = before ?? sp?.createdAt ?? now;
      record = { created: at, readyChanged: at, last: { nodeName: undefined, phase: 'Pending', ready: false } };
      this.pods.set(pod.uid, record);
    }
    const at = loadedAt ?? now;
    const last = record.last;
    if (last.nodeName === undefined && pod.nodeName !== undefined) record.scheduled = before ?? at;
    if (last.phase === 'Pending' && pod.phase !== 'Pending') record.started = sp?.run.startedAt ?? at;
    if ((pod.phase === 'Succeeded' || pod.phase === 'Failed') && last.phase !== pod.phase) record.finished = at;
    if (last.ready !== pod.ready) record.readyChanged = at;
    record.last = { nodeName: pod.nodeName, phase: pod.phase, ready: pod.ready };
    this.store.put(RID.pods, pod.namespace, pod.name, renderPod(pod, record));
  }

  private nodeChanged(type: WatchEvent['type'], node: Node, loadedAt?: number): void {
    this.dirty = true;
    if (type === 'DELETED') {
      this.nodes.delete(node.name);
      this.store.remove(RID.nodes, '', node.name);
      return;
    }
    let record = this.nodes.get(node.name);
    if (!record) {
      record = { readyChanged: loadedAt ?? node.createdAt, ready: node.ready };
      this.nodes.set(node.name, record);
    }
    if (record.ready !== node.ready) {
      record.ready = node.ready;
      record.readyChanged = this.ctx.world.now;
    }
    // status.images as of this change (the kubelet too reports them with its status, not on every pull).
    const world = this.ctx.world;
    const images = [...(world.nodes.get(node.name)?.images ?? [])].sort().map((name) => ({ name, sizeMiB: world.imageSizeMiB(name) }));
    this.store.put(RID.nodes, '', node.name, renderNode(node, record, images));
  }
}
