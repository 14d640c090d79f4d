// The ports over the simulated world: in-process adapters that answer at the current virtual time.
// Like client-go's fake tracker: deep copies in and out, lists in a stable order, the real server's
// errors, an action log of the changes made, and one-shot faults checked before anything happens.
// Calls complete within the current virtual moment: time moves only through the clock.
import type { GroupSize, NodeGroupCloud } from '../cloud/port.js';
import { DextreError } from '../core/errors.js';
import type { LaunchTemplate, Node, NodeGroup, Pdb, Pod, Workload } from '../core/model.js';
import type { DaemonSetManifest, EvictionOutcome, KubeCluster, NodeEvent, NodePatch, WatchEvent } from '../kube/port.js';
import type { SimContext } from './context.js';
import type { SimFaults, SimVerb } from './faults.js';
import { copyNode, copyPod } from './copy.js';
import { patchNode } from './kube/patch.js';
import type { SimPod } from './state.js';
import { workloadObjects } from './views.js';
import type { SimAction } from './world.js';

export class SimCloud implements NodeGroupCloud {
  constructor(
    private readonly ctx: SimContext,
    private readonly faults: SimFaults,
  ) {}

  async describeGroups(filter: { cluster: string; names?: string[] }): Promise<NodeGroup[]> {
    await enter(this.faults, 'describeGroups');
    return this.ctx.asg.describe(structuredClone(filter));
  }

  async describeLaunchTemplates(ids: string[]): Promise<LaunchTemplate[]> {
    await enter(this.faults, 'describeLaunchTemplates');
    return this.ctx.asg.describeLaunchTemplates([...ids]);
  }

  async setGroupSize(group: string, size: GroupSize): Promise<void> {
    await enter(this.faults, 'setGroupSize');
    const { min, max, desired } = size;
    logged(this.ctx, 'cloud', 'setGroupSize', group, () => this.ctx.asg.setGroupSize(group, { min, max, desired }), () => `min=${min} max=${max} desired=${desired}`);
  }

  async suspendProcesses(group: string, processes: string[]): Promise<void> {
    await enter(this.faults, 'suspendProcesses');
    logged(this.ctx, 'cloud', 'suspendProcesses', group, () => this.ctx.asg.suspend(group, [...processes]), () => processes.join(','));
  }

  async resumeProcesses(group: string, processes: string[]): Promise<void> {
    await enter(this.faults, 'resumeProcesses');
    logged(this.ctx, 'cloud', 'resumeProcesses', group, () => this.ctx.asg.resume(group, [...processes]), () => processes.join(','));
  }

  async terminateInstance(instanceId: string): Promise<'terminating' | 'already-gone'> {
    await enter(this.faults, 'terminateInstance');
    return logged(this.ctx, 'cloud', 'terminateInstance', instanceId, () => this.ctx.asg.terminateInstance(instanceId), (r) => r);
  }
}

export class SimKube implements KubeCluster {
  constructor(
    private readonly ctx: SimContext,
    private readonly faults: SimFaults,
  ) {}

  async listNodes(): Promise<Node[]> {
    await enter(this.faults, 'listNodes');
    return [...this.ctx.world.nodes.values()].map((sn) => copyNode(sn.node)).sort(byName);
  }

  async listPods(filter?: { nodeName?: string; namespace?: string }): Promise<Pod[]> {
    await enter(this.faults, 'listPods');
    const world = this.ctx.world;
    let pods: Iterable<SimPod> = world.pods.values();
    if (filter?.nodeName !== undefined) pods = world.podsOn(filter.nodeName);
    else if (filter?.namespace !== undefined) pods = world.podsByNamespace.get(filter.namespace) ?? [];
    const out: Pod[] = [];
    for (const sp of pods) {
      if (filter?.namespace !== undefined && sp.pod.namespace !== filter.namespace) continue;
      out.push(copyPod(sp.pod));
    }
    return out.sort(byNamespaceName);
  }

  async getPod(namespace: string, name: string): Promise<Pod | undefined> {
    await enter(this.faults, 'getPod');
    const sp = this.ctx.world.pods.get(`${namespace}/${name}`);
    return sp ? copyPod(sp.pod) : undefined;
  }

  async listWorkloads(): Promise<Workload[]> {
    await enter(this.faults, 'listWorkloads');
    const out: Workload[] = [];
    for (const w of this.ctx.world.workloads.values()) out.push(...workloadObjects(this.ctx, w));
    return out.sort((a, b) => byNamespaceName(a, b) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  }

  async listPdbs(): Promise<Pdb[]> {
    await enter(this.faults, 'listPdbs');
    return this.ctx.disruption.list().map((p) => structuredClone(p));
  }

  async listImageSizes(): Promise<{ image: string; sizeMiB: number }[]> {
    await enter(this.faults, 'listImageSizes');
    const world = this.ctx.world;
    const images = new Set<string>();
    for (const sn of world.nodes.values()) for (const image of sn.images) images.add(image);
    return [...images].sort().map((image) => ({ image, sizeMiB: world.imageSizeMiB(image) }));
  }

  async patchNode(name: string, patch: NodePatch): Promise<void> {
    await enter(this.faults, 'patchNode');
    const sn = this.ctx.world.nodes.get(name);
    if (!sn) throw new DextreError('NOT_FOUND', `nodes "${name}" not found`);
    // Compare before patching: a patch that changes nothing sends nothing (no event, no log entry).
    const patched = copyNode(sn.node);
    patchNode(patched, structuredClone(patch));
    if (JSON.stringify(patched) === JSON.stringify(sn.node)) return;
    this.ctx.world.log('kube', 'patchNode', name, JSON.stringify(patch));
    this.ctx.world.updateNode(sn, (node) => patchNode(node, structuredClone(patch)));
  }

  async evictPod(namespace: string, name: string, uid?: string): Promise<EvictionOutcome> {
    await enter(this.faults, 'evictPod');
    const outcome = logged(this.ctx, 'kube', 'evictPod', `${namespace}/${name}`, (): EvictionOutcome => {
      const sp = this.ctx.world.pods.get(`${namespace}/${name}`);
      // A UID precondition that fails is a 409 on a real server; to the caller the pod it meant is gone.
      if (!sp || (uid !== undefined && sp.pod.uid !== uid)) return { result: 'not-found' };
      return this.ctx.disruption.evict(sp, 'api');
    }, (r) => r.result);
    return structuredClone(outcome);
  }

  async deletePod(namespace: string, name: string): Promise<'deleted' | 'not-found'> {
    await enter(this.faults, 'deletePod');
    return logged(this.ctx, 'kube', 'deletePod', `${namespace}/${name}`, () => {
      const sp = this.ctx.world.pods.get(`${namespace}/${name}`);
      if (!sp) return 'not-found' as const;
      if (sp.pod.deletionTimestamp === undefined) {
        this.ctx.observer.disrupting(sp);
        this.ctx.kubelet.beginDeletion(sp);
      }
      return 'deleted' as const;
    }, (r) => r);
  }

  async applyDaemonSet(manifest: DaemonSetManifest): Promise<void> {
    await enter(this.faults, 'applyDaemonSet');
    const target = `${manifest.metadata.namespace}/${manifest.metadata.name}`;
    logged(this.ctx, 'kube', 'applyDaemonSet', target, () => this.ctx.daemonsets.apply(structuredClone(manifest)), (r) => r);
  }

  async deleteDaemonSet(namespace: string, name: string): Promise<'deleted' | 'not-found'> {
    await enter(this.faults, 'deleteDaemonSet');
    return logged(this.ctx, 'kube', 'deleteDaemonSet', `${namespace}/${name}`, () => this.ctx.daemonsets.remove(namespace, name), (r) => r);
  }

  async recordNodeEvent(event: NodeEvent): Promise<void> {
    await enter(this.faults, 'recordNodeEvent');
    this.ctx.world.nodeEvents.push({ ...event, at: this.ctx.world.now });
  }

  async watch(handler: (event: WatchEvent) => void): Promise<() => void> {
    // A distinct wrapper per call, so the same handler may subscribe twice and unsubscribe once.
    const wrapped = (event: WatchEvent) => handler(event);
    this.ctx.world.watchers.add(wrapped);
    return () => {
      this.ctx.world.watchers.delete(wrapped);
    };
  }
}

/**
 * The start of every port call: a fresh microtask (still at the same virtual time), so a call made
 * from inside a watch handler never re-enters a change the world is still applying; then the faults.
 */
async function enter(faults: SimFaults, verb: SimVerb): Promise<void> {
  await Promise.resolve();
  faults.check(verb);
}

/**
 * Runs a change through the world with its action log entry first, so what the world does in
 * response (an instance launched, a pod replaced) follows it in the log; the outcome (or the error)
 * becomes the entry's detail.
 */
function logged<T>(ctx: SimContext, port: SimAction['port'], verb: string, target: string, run: () => T, detail: (result: T) => string): T {
  const entry = ctx.world.log(port, verb, target);
  try {
    const result = run();
    if (entry) entry.detail = detail(result);
    return result;
  } catch (e: unknown) {
    if (entry) entry.detail = `error: ${e instanceof Error ? e.message : String(e)}`;
    throw e;
  }
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function byNamespaceName(a: { namespace: string; name: string }, b: { namespace: string; name: string }): number {
  return a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : byName(a, b);
}
