// The DaemonSet controller: one pod on every Ready node that matches the nodeSelector and whose
// NoSchedule/NoExecute taints the pod tolerates. Pods are created bound to their node (no resource
// check — a simplification: upstream goes through the scheduler and may preempt). A pod is recreated
// only once the old one on that node is gone. Also the API side of applyDaemonSet/deleteDaemonSet.
import { DextreError } from '../../core/errors.js';
import type { DaemonSetManifest, PrepullContainer } from '../../kube/port.js';
import type { SimContext } from '../context.js';
import { cpuMillicores, memoryMiB } from '../../kube/quantity.js';
import { matchesNodeSelector, toleratesHardTaints, untolerated } from '../predicates.js';
import { podSuffix } from '../names.js';
import type { SimNode, SimPod, SimWorkload } from '../state.js';
import type { Reactor } from '../world.js';
import { newPod } from './pods.js';
import { matchesSelector } from '../../core/selectors.js';

export class DaemonSets implements Reactor {
  private readonly all = new Map<string, SimWorkload>();
  /** desiredNumberScheduled per DaemonSet, dropped whenever a node changes. */
  private readonly desired = new Map<string, number>();

  constructor(private readonly ctx: SimContext) {}

  add(ds: SimWorkload): void {
    this.ctx.world.addWorkload(ds);
    this.all.set(ds.key, ds);
    for (const sn of this.ctx.world.nodes.values()) this.reconcile(ds, sn);
  }

  /** Nodes that should run the DaemonSet's pod now (desiredNumberScheduled). */
  desiredScheduled(ds: SimWorkload): number {
    let n = this.desired.get(ds.key);
    if (n === undefined) {
      n = 0;
      for (const sn of this.ctx.world.nodes.values()) if (this.shouldRun(ds, sn)) n++;
      this.desired.set(ds.key, n);
    }
    return n;
  }

  nodeAdded(sn: SimNode): void {
    this.desired.clear();
    for (const ds of this.all.values()) this.reconcile(ds, sn);
  }

  nodeChanged(sn: SimNode): void {
    this.desired.clear();
    for (const ds of this.all.values()) this.reconcile(ds, sn);
  }

  nodeRemoved(): void {
    this.desired.clear();
  }

  podRemoved(sp: SimPod): void {
    const ds = sp.ownerKey === undefined ? undefined : this.all.get(sp.ownerKey);
    const sn = this.ctx.world.nodes.get(sp.pod.nodeName ?? '');
    if (ds && sn) this.reconcile(ds, sn);
  }

  /** Create or replace. A changed template replaces every pod (deleted, then recreated once gone). */
  apply(manifest: DaemonSetManifest): 'created' | 'configured' | 'unchanged' {
    const { namespace, name } = manifest.metadata;
    if (!this.ctx.world.pullSecrets.has(namespace)) throw new DextreError('NOT_FOUND', `namespaces "${namespace}" not found`);
    const selector = { matchLabels: manifest.spec.selector.matchLabels };
    if (!matchesSelector(selector, manifest.spec.template.metadata.labels)) {
      throw new DextreError(
        'USAGE',
        `DaemonSet.apps "${name}" is invalid: spec.template.metadata.labels: Invalid value: \`selector\` does not match template \`labels\``,
      );
    }
    const key = `DaemonSet/${namespace}/${name}`;
    const text = JSON.stringify(manifest);
    const existing = this.all.get(key);
    if (existing?.manifest === text) return 'unchanged';
    this.desired.delete(key);
    const ds = fromManifest(manifest, key, text);
    if (existing) {
      existing.template = ds.template;
      existing.selector = ds.selector;
      existing.manifest = text;
      existing.containers = ds.containers;
      for (const sp of [...this.ctx.world.podsOf(key)]) this.ctx.kubelet.beginDeletion(sp);
      return 'configured';
    }
    this.add(ds);
    return 'created';
  }

  /** Deletes the DaemonSet; its pods are deleted in the background (propagationPolicy Background). */
  remove(namespace: string, name: string): 'deleted' | 'not-found' {
    const key = `DaemonSet/${namespace}/${name}`;
    if (!this.all.delete(key)) return 'not-found';
    this.ctx.world.removeWorkload(key);
    for (const sp of [...this.ctx.world.podsOf(key)]) this.ctx.kubelet.beginDeletion(sp);
    return 'deleted';
  }

  private shouldRun(ds: SimWorkload, sn: SimNode): boolean {
    return sn.node.ready && this.selects(ds, sn) && toleratesHardTaints(ds.template.tolerations, sn);
  }

  private selects(ds: SimWorkload, sn: SimNode): boolean {
    return matchesNodeSelector(ds.template.nodeSelector, sn.node.labels);
  }

  private reconcile(ds: SimWorkload, sn: SimNode): void {
    const world = this.ctx.world;
    if (world.nodes.get(sn.node.name) !== sn || this.all.get(ds.key) !== ds) return;
    const mine = [...world.podsOn(sn.node.name)].filter((sp) => sp.ownerKey === ds.key);
    // A node that no longer matches loses the pod; so does one with a NoExecute taint not tolerated.
    if (!this.selects(ds, sn) || untolerated(ds.template.tolerations, sn.node.taints, ['NoExecute']) > 0) {
      for (const sp of mine) this.ctx.kubelet.beginDeletion(sp);
      return;
    }
    if (mine.length > 0 || !this.shouldRun(ds, sn)) return;
    let podName: string;
    do podName = `${ds.name}-${podSuffix(++ds.created + world.counters.pod)}`;
    while (world.pods.has(`${ds.namespace}/${podName}`));
    world.addPod(
      newPod(world, {
        namespace: ds.namespace,
        name: podName,
        template: ds.template,
        owner: { kind: 'DaemonSet', name: ds.name, controller: true },
        ownerKey: ds.key,
        nodeName: sn.node.name,
        replacement: false,
        ...(ds.containers ? { containers: ds.containers } : {}),
      }),
    );
  }
}

function fromManifest(m: DaemonSetManifest, key: string, text: string): SimWorkload {
  const spec = m.spec.template.spec;
  const requests = (list: PrepullContainer[]) =>
    list.map((c) => ({ cpu: cpuMillicores(c.resources.requests.cpu) ?? 0, memory: memoryMiB(c.resources.requests.memory) ?? 0 }));
  const main = requests(spec.containers);
  const init = requests(spec.initContainers);
  // The effective request: the larger of the main containers' sum and the largest init container.
  const cpu = Math.max(main.reduce((s, r) => s + r.cpu, 0), ...init.map((r) => r.cpu), 0);
  const memory = Math.max(main.reduce((s, r) => s + r.memory, 0), ...init.map((r) => r.memory), 0);
  return {
    kind: 'DaemonSet',
    key,
    namespace: m.metadata.namespace,
    name: m.metadata.name,
    replicas: 0,
    runSeconds: 0,
    selector: { matchLabels: { ...m.spec.selector.matchLabels } },
    succeeded: 0,
    manifest: text,
    created: 0,
    ready: 0,
    containers: {
      init: spec.initContainers.map((c) => ({ name: c.name, image: c.image })),
      main: spec.containers.map((c) => ({ name: c.name, image: c.image })),
    },
    template: {
      labels: { ...m.spec.template.metadata.labels },
      annotations: {},
      images: spec.containers.map((c) => c.image),
      initImages: spec.initContainers.map((c) => c.image),
      requests: { cpu, memory },
      // A pause container without probes is Ready as soon as it runs and stops at once.
      startupSeconds: 0,
      stopSeconds: 1,
      gracePeriodSeconds: spec.terminationGracePeriodSeconds,
      volumes: spec.volumes.map((v) => ({ name: v.name, emptyDir: {} })),
      tolerations: spec.tolerations.map((t) => ({ operator: t.operator })),
      nodeSelector: { ...spec.nodeSelector },
      priority: 0,
      pullSecrets: spec.imagePullSecrets.map((s) => s.name),
    },
  };
}
