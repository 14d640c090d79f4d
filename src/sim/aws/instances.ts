// An EC2 instance's life in an Auto Scaling group and the node its kubelet registers:
// Pending → (bootSeconds) InService, node registers NotReady → (nodeReadySeconds) Ready;
// Terminating (node NotReady: the OS is shutting down) → (shutdownSeconds) Terminated, node deleted,
// and the pod garbage collector deletes every pod still bound to it.
import type { Node } from '../../core/model.js';
import type { SimContext } from '../context.js';
import { DEFAULTS, type NodeStateSpec } from '../fixture/types.js';
import { generatedNodeName } from '../fixture/nodes.js';
import { instanceId } from '../names.js';
import type { SimGroup, SimInstance, SimNode } from '../state.js';
import { groupTarget } from '../views.js';

/** An instance that runs when the fixture loads. */
export interface AtLoad {
  ageSeconds: number;
  version?: number;
  launchConfiguration?: string;
  /** Given in the fixture; default generated. */
  id?: string;
  nodeName?: string;
  /** What the node carries beyond its group's labels and taints. */
  state?: NodeStateSpec;
}

export type TerminationCause = 'api' | 'scale-in' | 'AZRebalance' | 'cluster-autoscaler';

export class Instances {
  constructor(private readonly ctx: SimContext) {}

  /** Creates an instance of the group in `zone`. At load it is InService with a Ready node already. */
  create(g: SimGroup, zone: string, opts: { atLoad?: AtLoad; rebalance?: boolean } = {}): SimInstance {
    const world = this.ctx.world;
    const n = world.counters.instance++;
    const target = groupTarget(this.ctx, g);
    const instance: SimInstance = {
      id: opts.atLoad?.id ?? instanceId(n),
      group: g.name,
      zone,
      lifecycle: opts.atLoad ? 'InService' : 'Pending',
      imageId: target.imageId,
      instanceType: target.instanceType,
      launchTime: world.now - (opts.atLoad?.ageSeconds ?? 0),
      nodeName: opts.atLoad?.nodeName ?? generatedNodeName(world.zoneOrder, zone, n, world.fixture.region),
      rebalance: opts.rebalance ?? false,
    };
    let baked = target.baked;
    if (g.launchTemplate) {
      const version = opts.atLoad?.version ?? target.version ?? 1;
      const lt = world.launchTemplates.get(g.launchTemplate.id);
      const v = lt?.versions.find((x) => x.version === version);
      instance.launchTemplate = { id: g.launchTemplate.id, version };
      if (v) {
        instance.imageId = v.imageId;
        instance.instanceType = v.instanceType;
      }
      baked = world.bakedImages.get(`${g.launchTemplate.id}:${version}`) ?? [];
    } else {
      const name = opts.atLoad?.launchConfiguration ?? g.launchConfiguration ?? '';
      const lc = world.launchConfigurations.get(name);
      instance.launchConfiguration = name;
      if (lc) {
        instance.imageId = lc.imageId;
        instance.instanceType = lc.instanceType;
        baked = lc.bakedImages;
      }
    }
    world.instances.set(instance.id, instance);
    g.instances.push(instance.id);
    if (opts.atLoad) {
      const sn = this.registerNode(instance, g, baked, true);
      if (opts.atLoad.state) applyNodeState(sn.node, opts.atLoad.state);
    } else {
      world.log('cloud', 'InstanceLaunched', instance.id, `${g.name} ${zone}${instance.rebalance ? ' (AZRebalance)' : ''}`);
      this.ctx.queue.after(this.bootSeconds(g, instance), `boot ${instance.id}`, () => this.inService(instance, g, baked));
    }
    this.ctx.observer.instancesChanged(g.name);
    return instance;
  }

  private inService(instance: SimInstance, g: SimGroup, baked: string[]): void {
    if (instance.lifecycle !== 'Pending') return;
    instance.lifecycle = 'InService';
    this.ctx.observer.instancesChanged(g.name);
    const sn = this.registerNode(instance, g, baked, false);
    this.ctx.queue.after(this.nodeReadySeconds(g, instance), `node ready ${sn.node.name}`, () => {
      if (this.ctx.world.nodes.get(sn.node.name) !== sn || instance.lifecycle !== 'InService') return;
      this.ctx.world.updateNode(sn, (node) => {
        node.ready = true;
      });
    });
    this.ctx.azRebalance.instanceInService(instance);
  }

  private registerNode(instance: SimInstance, g: SimGroup, baked: readonly string[], ready: boolean): SimNode {
    const world = this.ctx.world;
    const type = world.instanceTypes[instance.instanceType];
    const name = instance.nodeName;
    const node: Node = {
      name,
      providerId: `aws:///${instance.zone}/${instance.id}`,
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': name,
        'node.kubernetes.io/instance-type': instance.instanceType,
        'topology.kubernetes.io/region': world.fixture.region,
        'topology.kubernetes.io/zone': instance.zone,
        ...g.nodeLabels,
      },
      annotations: {},
      taints: structuredClone(g.nodeTaints),
      unschedulable: false,
      ready,
      allocatable: { cpu: type?.cpu ?? 0, memory: type?.memory ?? 0 },
      // A node running at load registered bootSeconds after its instance launched (its history before the load).
      createdAt: ready ? Math.min(world.now, instance.launchTime + this.bootSeconds(g, instance)) : world.now,
    };
    const sn: SimNode = {
      node,
      instanceId: instance.id,
      zone: instance.zone,
      images: new Set(baked),
      requested: { cpu: 0, memory: 0 },
      pullMiBps: type?.pullMiBps ?? DEFAULTS.pullMiBps,
    };
    world.addNode(sn);
    return sn;
  }

  /**
   * The instance starts shutting down: its node goes NotReady at once; the pods still on it are lost
   * (counted now, deleted when the instance is gone).
   */
  beginTermination(instance: SimInstance, cause: TerminationCause): void {
    if (instance.lifecycle === 'Terminating' || instance.lifecycle === 'Terminated') return;
    const world = this.ctx.world;
    instance.lifecycle = 'Terminating';
    if (cause !== 'api') world.log('cloud', 'InstanceTerminating', instance.id, cause);
    const sn = world.nodes.get(instance.nodeName);
    if (sn) {
      const pods = [...world.podsOn(sn.node.name)];
      this.ctx.observer.losing(pods);
      for (const sp of pods) if (sp.pod.owner?.kind !== 'DaemonSet') this.ctx.observer.disrupting(sp);
      world.updateNode(sn, (node) => {
        node.ready = false;
      });
    }
    this.ctx.observer.instancesChanged(instance.group);
    this.ctx.queue.after(world.fixture.shutdownSeconds, `shutdown ${instance.id}`, () => this.terminated(instance));
    this.ctx.azRebalance.check(instance.group);
  }

  private terminated(instance: SimInstance): void {
    const world = this.ctx.world;
    instance.lifecycle = 'Terminated';
    const g = world.groups.get(instance.group);
    if (g) g.instances = g.instances.filter((id) => id !== instance.id);
    const sn = world.nodes.get(instance.nodeName);
    if (sn) {
      // The cloud node controller deletes the node; the pod GC then deletes pods bound to it.
      world.removeNode(sn);
      for (const sp of [...world.podsOn(sn.node.name)]) world.removePod(sp);
    }
    this.ctx.observer.instancesChanged(instance.group);
    this.ctx.azRebalance.instanceGone(instance);
    this.ctx.asg.capacityFreed();
  }

  private bootSeconds(g: SimGroup, i: SimInstance): number {
    return g.bootSeconds ?? this.ctx.world.instanceTypes[i.instanceType]?.bootSeconds ?? DEFAULTS.bootSeconds;
  }

  private nodeReadySeconds(g: SimGroup, i: SimInstance): number {
    return g.nodeReadySeconds ?? this.ctx.world.instanceTypes[i.instanceType]?.nodeReadySeconds ?? DEFAULTS.nodeReadySeconds;
  }
}

/** A fixture's own state for a node at load: labels, annotations and taints added, and the cordon. */
export function applyNodeState(node: Node, state: NodeStateSpec): void {
  Object.assign(node.labels, state.labels);
  Object.assign(node.annotations, state.annotations);
  for (const taint of state.taints) {
    if (!node.taints.some((t) => t.key === taint.key && t.effect === taint.effect)) node.taints.push({ ...taint });
  }
  node.unschedulable = state.unschedulable;
}
