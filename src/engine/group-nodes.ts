// The standing wait on the roll's groups' nodes: NodeReady, NodeNotReady and NodeDeleted for nodes whose
// instances belong to the groups, from the watch. A node's instance is mapped to its group by looking
// at the groups (a describe call), which a throttled AWS may answer late and out of order: the latest
// state of each node is judged, never an older one.
import type { NodeGroupCloud } from '../cloud/port.js';
import { instanceIdOf, type Node } from '../core/model.js';
import type { Effect, RollEvent } from '../core/roll/effects.js';
import type { KubeCluster, WatchEvent } from '../kube/port.js';

type WatchGroupNodes = Extract<Effect, { type: 'WatchGroupNodes' }>;

export class GroupNodes {
  private effect: WatchGroupNodes | undefined;
  /** Nodes reported Ready (and not NotReady since). */
  private readonly reported = new Set<string>();
  private readonly groupOfInstance = new Map<string, string>();
  private readonly outsideGroups = new Set<string>();
  /** Nodes whose instance's group is being looked up: their latest change, by node name. */
  private readonly unmapped = new Map<string, { type: WatchEvent['type']; node: Node }>();
  private refreshRunning: Promise<void> | undefined;
  private refreshQueued: Promise<void> | undefined;
  /** Node changes seen, counted, and the count at each node's latest change (a list older than it loses). */
  private changes = 0;
  private readonly changedAt = new Map<string, number>();

  constructor(
    private readonly kube: KubeCluster,
    private readonly cloud: NodeGroupCloud,
    private readonly cluster: string,
    private readonly emit: (make: (at: number) => RollEvent) => void,
  ) {}

  async watch(effect: WatchGroupNodes): Promise<void> {
    this.effect = effect;
    this.reported.clear();
    await this.refreshGroups();
    // A node changed by the watch while the list was under way is already newer than the list's copy.
    const listedAfter = this.changes;
    for (const node of await this.kube.listNodes()) {
      if ((this.changedAt.get(node.name) ?? 0) <= listedAfter) this.onNode('ADDED', node);
    }
  }

  retain(live: (key: string) => boolean): void {
    if (this.effect && !live(this.effect.key)) this.effect = undefined;
  }

  /** A node change from the watch. */
  onChange(type: WatchEvent['type'], node: Node): void {
    this.changedAt.set(node.name, ++this.changes);
    this.onNode(type, node);
  }

  private onNode(type: WatchEvent['type'], node: Node): void {
    const watch = this.effect;
    if (!watch) return;
    const instanceId = instanceIdOf(node.providerId) ?? '';
    const group = this.groupOfInstance.get(instanceId);
    if (group === undefined) {
      // A node of an instance we have not seen: learn the groups' instances again, then look again
      // (once per instance: a node outside every group must not cost a describe call per change).
      // A failed look is retried by the node's next change; the launch timeout bounds the wait.
      // The node's latest state waits for the look: answers of looks may arrive out of order (a
      // throttled describe), and a node must never be judged on an older state than one already seen.
      if (type === 'DELETED') this.unmapped.delete(node.name);
      else if (!this.outsideGroups.has(instanceId)) {
        this.unmapped.set(node.name, { type, node });
        this.refreshAfterNow().then(() => {
          const latest = this.unmapped.get(node.name);
          if (!latest) return;
          this.unmapped.delete(node.name);
          const id = instanceIdOf(latest.node.providerId) ?? '';
          if (this.groupOfInstance.has(id)) this.onNode(latest.type, latest.node);
          else this.outsideGroups.add(id);
        }, ignore);
      }
      return;
    }
    // A state judged now makes any older one still waiting for a look stale.
    this.unmapped.delete(node.name);
    if (!watch.groups.includes(group)) return;
    if (type === 'DELETED') {
      this.emit((at) => ({ type: 'NodeDeleted', at, key: watch.key, node: node.name }));
      return;
    }
    if (!node.ready) {
      if (this.reported.delete(node.name)) {
        this.emit((at) => ({ type: 'NodeNotReady', at, key: watch.key, group, node: node.name }));
      }
      return;
    }
    if (this.reported.has(node.name)) return;
    this.reported.add(node.name);
    const zone = node.labels['topology.kubernetes.io/zone'] ?? '';
    this.emit((at) => ({ type: 'NodeReady', at, key: watch.key, group, node: node.name, instanceId, zone }));
  }

  /**
   * A look at the groups that starts after this call (one that started earlier may predate the
   * instance), shared by every node that asks meanwhile: one describe for a burst of new nodes.
   */
  private refreshAfterNow(): Promise<void> {
    if (this.refreshQueued) return this.refreshQueued;
    const start = (): Promise<void> => {
      this.refreshQueued = undefined;
      const run = this.refreshGroups().finally(() => {
        if (this.refreshRunning === run) this.refreshRunning = undefined;
      });
      this.refreshRunning = run;
      return run;
    };
    if (!this.refreshRunning) return start();
    this.refreshQueued = this.refreshRunning.catch(ignore).then(start);
    return this.refreshQueued;
  }

  private async refreshGroups(): Promise<void> {
    const watch = this.effect;
    if (!watch || watch.groups.length === 0) return;
    // By name: the roll's groups are known once planned, and a group named in dextre.yaml (`groups:`)
    // may carry no tag for this cluster at all; a describe by tag would never find its new instances.
    const groups = await this.cloud.describeGroups({ cluster: this.cluster, names: [...watch.groups] });
    // Merge, never replace: a terminated instance leaves its group, and its node's deletion must still map.
    for (const g of groups) for (const i of g.instances) this.groupOfInstance.set(i.id, g.name);
  }

}

function ignore(): void {}
