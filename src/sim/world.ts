// The world's store: every object of the simulated cloud and cluster, the indexes the hot paths need
// (pods by node, owner and namespace), the watch stream and the action log. Every change goes through
// the add/update/remove methods here, which keep the indexes, tell watchers (deep copies, in API order),
// then tell the world's components (controllers, scheduler, …) in a fixed order.
import type { NodeEvent, WatchEvent } from '../kube/port.js';
import type { LaunchTemplate } from '../core/model.js';
import type { Fixture, InstanceTypeSpec, LaunchConfigurationSpec } from './fixture/types.js';
import { copyNode, copyPod } from './copy.js';
import { UNLISTED_IMAGE_MIB } from './kube/pulls.js';
import type { EventQueue } from './queue.js';
import { isActive, occupies, podState, type PodState, type SimGroup, type SimInstance, type SimNode, type SimPod, type SimWorkload } from './state.js';

/** A call through a port, or something AWS or a controller did on its own. */
export interface SimAction {
  /** Epoch seconds (virtual). */
  at: number;
  port: 'cloud' | 'kube';
  /** The port method (`evictPod`), or a capitalised activity of the world itself (`ScalingActivityFailed`). */
  verb: string;
  /** The object acted on: a group, an instance id, a node, `namespace/name`. */
  target: string;
  detail?: string;
}

/** A component of the world that reacts to changes. Called synchronously, after the watchers. */
export interface Reactor {
  podAdded?(sp: SimPod): void;
  podChanged?(sp: SimPod, before: PodState): void;
  podRemoved?(sp: SimPod): void;
  nodeAdded?(sn: SimNode): void;
  nodeChanged?(sn: SimNode, before: SimNode['node']): void;
  nodeRemoved?(sn: SimNode): void;
}

export class World {
  readonly launchTemplates = new Map<string, LaunchTemplate>();
  readonly launchConfigurations = new Map<string, LaunchConfigurationSpec>();
  readonly bakedImages = new Map<string, string[]>();
  readonly groups = new Map<string, SimGroup>();
  readonly instances = new Map<string, SimInstance>();
  readonly nodes = new Map<string, SimNode>();
  readonly pods = new Map<string, SimPod>();
  readonly workloads = new Map<string, SimWorkload>();
  readonly podsByNode = new Map<string, Set<SimPod>>();
  readonly podsByOwner = new Map<string, Set<SimPod>>();
  readonly podsByNamespace = new Map<string, Set<SimPod>>();
  readonly reactors: Reactor[] = [];
  readonly watchers = new Set<(event: WatchEvent) => void>();
  readonly actions: SimAction[] = [];
  /** Kubernetes Events recorded on nodes (kept apart from the action log: they change nothing). */
  readonly nodeEvents: (NodeEvent & { at: number })[] = [];
  readonly instanceTypes: Record<string, InstanceTypeSpec>;
  readonly zoneOrder: string[];
  readonly zoneCapacity = new Map<string, number>();
  readonly pullSecrets = new Map<string, string[]>();
  readonly images = new Map<string, Fixture['images'][number]>();
  /** Counters behind deterministic ids. */
  readonly counters = { instance: 0, pod: 0 };
  /** False while the fixture loads: nothing is logged or observed as a disruption then. */
  live = false;

  constructor(
    readonly fixture: Fixture,
    readonly queue: EventQueue,
  ) {
    this.instanceTypes = fixture.instanceTypes;
    this.zoneOrder = fixture.zones.map((z) => z.name);
    for (const z of fixture.zones) if (z.capacity !== undefined) this.zoneCapacity.set(z.name, z.capacity);
    for (const ns of fixture.namespaces) this.pullSecrets.set(ns.name, ns.pullSecrets);
    for (const image of fixture.images) this.images.set(image.name, image);
  }

  get now(): number {
    return this.queue.now;
  }

  /** Appends to the action log (not while loading); returns the entry so a caller can add the outcome. */
  addWorkload(w: SimWorkload): void {
    this.workloads.set(w.key, w);
  }

  removeWorkload(key: string): void {
    this.workloads.delete(key);
  }

  /** An image's size to pull (MiB): the fixture's, or a small helper image's. */
  imageSizeMiB(image: string): number {
    return this.images.get(image)?.sizeMiB ?? UNLISTED_IMAGE_MIB;
  }

  log(port: SimAction['port'], verb: string, target: string, detail?: string): SimAction | undefined {
    if (!this.live) return undefined;
    const entry: SimAction = detail === undefined ? { at: this.now, port, verb, target } : { at: this.now, port, verb, target, detail };
    this.actions.push(entry);
    return entry;
  }

  podsOn(node: string): ReadonlySet<SimPod> {
    return this.podsByNode.get(node) ?? EMPTY;
  }

  podsOf(ownerKey: string): ReadonlySet<SimPod> {
    return this.podsByOwner.get(ownerKey) ?? EMPTY;
  }

  // --- pods ---------------------------------------------------------------------------------------

  addPod(sp: SimPod): void {
    this.pods.set(sp.key, sp);
    this.countReady(sp, false, serving(sp.pod));
    index(this.podsByNamespace, sp.pod.namespace, sp);
    if (sp.ownerKey !== undefined) index(this.podsByOwner, sp.ownerKey, sp);
    if (sp.pod.nodeName !== undefined) this.bindIndex(sp, undefined, podState(sp.pod));
    this.emit({ type: 'ADDED', kind: 'Pod', pod: sp.pod });
    for (const r of this.reactors) r.podAdded?.(sp);
  }

  /**
   * Applies `change` to the pod and reports it, unless nothing changed. Only the status fields the
   * simulator ever changes are compared (binding, phase, readiness, deletion, pull failures).
   */
  updatePod(sp: SimPod, change: (pod: SimPod['pod']) => void): void {
    const before = podState(sp.pod);
    const failures = sp.pod.imagePullFailures.length;
    const wasServing = serving(sp.pod);
    change(sp.pod);
    const p = sp.pod;
    const same =
      p.nodeName === before.nodeName &&
      p.phase === before.phase &&
      p.ready === before.ready &&
      p.deletionTimestamp === before.deletionTimestamp &&
      p.imagePullFailures.length === failures;
    if (same) return;
    this.bindIndex(sp, before, podState(sp.pod));
    this.countReady(sp, wasServing, serving(p));
    this.emit({ type: 'MODIFIED', kind: 'Pod', pod: sp.pod });
    for (const r of this.reactors) r.podChanged?.(sp, before);
  }

  removePod(sp: SimPod): void {
    if (this.pods.get(sp.key) !== sp) return;
    this.pods.delete(sp.key);
    this.countReady(sp, serving(sp.pod), false);
    unindex(this.podsByNamespace, sp.pod.namespace, sp);
    if (sp.ownerKey !== undefined) unindex(this.podsByOwner, sp.ownerKey, sp);
    this.bindIndex(sp, podState(sp.pod), undefined);
    this.queue.cancel(sp.run.timer);
    this.emit({ type: 'DELETED', kind: 'Pod', pod: sp.pod });
    for (const r of this.reactors) r.podRemoved?.(sp);
  }

  /** Keeps each controller's count of Ready, active pods (its readyReplicas) in step. */
  private countReady(sp: SimPod, was: boolean, is: boolean): void {
    if (was === is || sp.ownerKey === undefined) return;
    const w = this.workloads.get(sp.ownerKey);
    if (w) w.ready += is ? 1 : -1;
  }

  /** Keeps podsByNode and the nodes' requested resources in step with a pod's binding and phase. */
  private bindIndex(sp: SimPod, before: PodState | undefined, after: PodState | undefined): void {
    if (before?.nodeName !== after?.nodeName) {
      if (before?.nodeName !== undefined) unindex(this.podsByNode, before.nodeName, sp);
      if (after?.nodeName !== undefined) index(this.podsByNode, after.nodeName, sp);
    }
    const was = before !== undefined && occupies(before) ? this.nodes.get(before.nodeName ?? '') : undefined;
    const is = after !== undefined && occupies(after) ? this.nodes.get(after.nodeName ?? '') : undefined;
    if (was === is) return;
    const { cpu, memory } = sp.pod.requests;
    if (was) {
      was.requested.cpu -= cpu;
      was.requested.memory -= memory;
    }
    if (is) {
      is.requested.cpu += cpu;
      is.requested.memory += memory;
    }
  }

  // --- nodes --------------------------------------------------------------------------------------

  addNode(sn: SimNode): void {
    this.nodes.set(sn.node.name, sn);
    this.emit({ type: 'ADDED', kind: 'Node', node: sn.node });
    for (const r of this.reactors) r.nodeAdded?.(sn);
  }

  /** Applies `change`; reports it only when the node object really changed. Returns whether it did. */
  updateNode(sn: SimNode, change: (node: SimNode['node']) => void): boolean {
    const before = copyNode(sn.node);
    change(sn.node);
    if (JSON.stringify(before) === JSON.stringify(sn.node)) return false;
    this.emit({ type: 'MODIFIED', kind: 'Node', node: sn.node });
    for (const r of this.reactors) r.nodeChanged?.(sn, before);
    return true;
  }

  removeNode(sn: SimNode): void {
    if (this.nodes.get(sn.node.name) !== sn) return;
    this.nodes.delete(sn.node.name);
    this.emit({ type: 'DELETED', kind: 'Node', node: sn.node });
    for (const r of this.reactors) r.nodeRemoved?.(sn);
  }

  // --- watch --------------------------------------------------------------------------------------

  private emit(event: WatchEvent): void {
    if (this.watchers.size === 0) return;
    for (const handler of [...this.watchers]) {
      const copy: WatchEvent =
        event.kind === 'Pod'
          ? { type: event.type, kind: 'Pod', pod: copyPod(event.pod) }
          : { type: event.type, kind: 'Node', node: copyNode(event.node) };
      try {
        handler(copy);
      } catch {
        // A watcher must not throw (the port says so); one that does must not break the world.
      }
    }
  }
}

const EMPTY: ReadonlySet<SimPod> = new Set();

/** Ready and active: what readyReplicas counts. */
function serving(pod: SimPod['pod']): boolean {
  return pod.ready && isActive(pod);
}

function index<K>(map: Map<K, Set<SimPod>>, key: K, sp: SimPod): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(sp);
}

function unindex<K>(map: Map<K, Set<SimPod>>, key: K, sp: SimPod): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(sp);
  if (set.size === 0) map.delete(key);
}
