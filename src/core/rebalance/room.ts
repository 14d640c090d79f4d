// The planner's ledger of room: what each node has requested as moves are planned (a pod leaves one
// node and is counted on another), and the eviction caps. Local to one planning pass; pure from outside.
import { compareText } from '../filters.js';
import type { Node, Pod, Resources } from '../model.js';
import { eligibleNode, fits } from '../scheduling.js';
import { utilisationOf, zoneOf } from './measure.js';
import type { NodeUtilisation, RebalanceOptions } from './types.js';

export class Room {
  private readonly requested = new Map<string, Resources>();
  private readonly nodes: Node[];
  private readonly byName: Map<string, Node>;

  constructor(
    nodes: readonly Node[],
    requested: ReadonlyMap<string, Resources>,
    readonly threshold: number,
  ) {
    this.nodes = nodes.filter((n) => zoneOf(n) !== undefined).sort((a, b) => compareText(a.name, b.name));
    this.byName = new Map(this.nodes.map((n) => [n.name, n]));
    for (const n of this.nodes) this.requested.set(n.name, { ...(requested.get(n.name) ?? { cpu: 0, memory: 0 }) });
  }

  /** Ready, not cordoned: where the scheduler binds new pods. */
  static schedulable(node: Node): boolean {
    return node.ready && !node.unschedulable;
  }

  node(name: string): Node | undefined {
    return this.byName.get(name);
  }

  utilisation(name: string, extra: Resources = { cpu: 0, memory: 0 }): number {
    const node = this.node(name);
    if (!node) return 0;
    const r = this.requested.get(name) ?? { cpu: 0, memory: 0 };
    return utilisationOf(node, { cpu: r.cpu + extra.cpu, memory: r.memory + extra.memory }).utilisation;
  }

  /** The node could take the pod now: eligible, schedulable, with room, and not hot once it is there. */
  canTake(pod: Pod, node: Node): boolean {
    if (!Room.schedulable(node) || !eligibleNode(pod, node)) return false;
    const requested = this.requested.get(node.name) ?? { cpu: 0, memory: 0 };
    return fits(pod.requests, requested, node.allocatable) && this.utilisation(node.name, pod.requests) <= this.threshold + 1e-9;
  }

  /** The node could bind the pod at all (eligible, schedulable, room), hot or not: what a cordon must cover. */
  couldBind(pod: Pod, node: Node): boolean {
    return Room.schedulable(node) && eligibleNode(pod, node) && fits(pod.requests, this.requested.get(node.name) ?? { cpu: 0, memory: 0 }, node.allocatable);
  }

  /** Zones with a node the pod could ever run on, in name order. */
  eligibleZones(pod: Pod): string[] {
    return [...new Set(this.nodes.filter((n) => eligibleNode(pod, n)).map((n) => zoneOf(n) ?? ''))].sort(compareText);
  }

  /** Candidate target nodes in `zone` for the pod, least utilised once it is there first, then by name. */
  targetsIn(pod: Pod, zone: string, exclude: string): Node[] {
    return this.nodes
      .filter((n) => n.name !== exclude && zoneOf(n) === zone && this.canTake(pod, n))
      .map((n) => ({ n, u: this.utilisation(n.name, pod.requests) }))
      .sort((a, b) => a.u - b.u || compareText(a.n.name, b.n.name))
      .map((x) => x.n);
  }

  /**
   * Where the pod could go, as a move records it: per zone the best node with room (below the threshold once
   * there), per zone every node that could bind it at all, and of those the ones it would turn hot.
   */
  placesFor(pod: Pod, from: string): { rooms: Record<string, string>; bindable: Record<string, string[]>; avoid: string[] } {
    const rooms: Record<string, string> = {};
    const bindable: Record<string, string[]> = {};
    const avoid: string[] = [];
    for (const n of this.nodes) {
      // Its own node takes the replacement once the pod is gone (unless someone else has cordoned it).
      if (n.name === from ? !(Room.schedulable(n) && eligibleNode(pod, n)) : !this.couldBind(pod, n)) continue;
      const zone = zoneOf(n) ?? '';
      (bindable[zone] ??= []).push(n.name);
      if (n.name !== from && this.utilisation(n.name, pod.requests) > this.threshold + 1e-9) avoid.push(n.name);
    }
    for (const zone of Object.keys(bindable)) {
      const [best] = this.targetsIn(pod, zone, from);
      if (best) rooms[zone] = best.name;
    }
    return { rooms, bindable, avoid };
  }

  /** Counts the pod on `to` instead of `from`. */
  move(pod: Pod, from: string, to: string): void {
    const a = this.requested.get(from);
    const b = this.requested.get(to);
    if (a) {
      a.cpu -= pod.requests.cpu;
      a.memory -= pod.requests.memory;
    }
    if (b) {
      b.cpu += pod.requests.cpu;
      b.memory += pod.requests.memory;
    }
  }

  /** Hot nodes, hottest first (ties by name). */
  hot(): string[] {
    return this.nodes
      .filter((n) => n.ready && this.utilisation(n.name) > this.threshold + 1e-9)
      .sort((a, b) => this.utilisation(b.name) - this.utilisation(a.name) || compareText(a.name, b.name))
      .map((n) => n.name);
  }

  utilisations(): NodeUtilisation[] {
    return this.nodes.filter((n) => n.ready).map((n) => utilisationOf(n, this.requested.get(n.name) ?? { cpu: 0, memory: 0 }));
  }
}

export type CapHit = 'total' | 'node' | 'namespace';

/** `--max-evictions`, `--max-evictions-per-node`, `--max-evictions-per-namespace`, counted as moves are planned. */
export class Caps {
  private total = 0;
  private readonly perNode = new Map<string, number>();
  private readonly perNamespace = new Map<string, number>();

  constructor(private readonly options: Pick<RebalanceOptions, 'maxEvictions' | 'maxEvictionsPerNode' | 'maxEvictionsPerNamespace'>) {}

  /** The first cap another eviction of this pod would pass, or undefined when it may go. */
  blocks(pod: Pick<Pod, 'namespace' | 'nodeName'>): CapHit | undefined {
    const { maxEvictions, maxEvictionsPerNode, maxEvictionsPerNamespace } = this.options;
    if (maxEvictions !== undefined && this.total >= maxEvictions) return 'total';
    if (maxEvictionsPerNode !== undefined && (this.perNode.get(pod.nodeName ?? '') ?? 0) >= maxEvictionsPerNode) return 'node';
    if (maxEvictionsPerNamespace !== undefined && (this.perNamespace.get(pod.namespace) ?? 0) >= maxEvictionsPerNamespace) return 'namespace';
    return undefined;
  }

  take(pod: Pick<Pod, 'namespace' | 'nodeName'>): void {
    this.total++;
    this.perNode.set(pod.nodeName ?? '', (this.perNode.get(pod.nodeName ?? '') ?? 0) + 1);
    this.perNamespace.set(pod.namespace, (this.perNamespace.get(pod.namespace) ?? 0) + 1);
  }
}

/** The flag that raises a cap, and what it allows now. */
export function capFlag(hit: CapHit, options: Pick<RebalanceOptions, 'maxEvictions' | 'maxEvictionsPerNode' | 'maxEvictionsPerNamespace'>): string {
  switch (hit) {
    case 'total':
      return `--max-evictions (${options.maxEvictions ?? ''})`;
    case 'node':
      return `--max-evictions-per-node (${options.maxEvictionsPerNode ?? ''})`;
    case 'namespace':
      return `--max-evictions-per-namespace (${options.maxEvictionsPerNamespace ?? ''})`;
  }
}
