// Controllers (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs), PDBs and namespaces: objects
// the world changes without announcing it (a ready count moves with its pods, a DaemonSet is applied).
// `refresh` renders them all and lets the store keep only real changes (few objects: cheap). It also
// keeps what the world does not: creation times, generations (bumped when a spec changes) and the
// transition time of each PDB's DisruptionAllowed condition.
import { ZONE_LABEL } from '../../../core/model.js';
import type { SimContext } from '../../context.js';
import { containers } from '../../kube/pods.js';
import { isActive, type SimWorkload } from '../../state.js';
import { isObject, type JsonObject } from './json.js';
import { renderPodSpec } from './render-podspec.js';
import { renderNamespace, renderPdb } from './render-policy.js';
import { renderDaemonSet, renderDeployment, renderJob, renderReplicaSet, renderStatefulSet, type ObjectMeta, type WorkloadCounts } from './render-workloads.js';
import { RID } from './resources.js';
import type { ObjectStore } from './store.js';

/** Namespaces every cluster has, whether or not the fixture lists them. */
const BUILTIN_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

const DERIVED = [RID.deployments, RID.replicasets, RID.statefulsets, RID.daemonsets, RID.jobs, RID.pdbs, RID.namespaces];

interface Tracked extends ObjectMeta {
  spec: string;
}

export class DerivedObjects {
  private readonly meta = new Map<string, Tracked>();
  private readonly pdbAllowed = new Map<string, { allowed: boolean; since: number }>();
  /** Annotations written through the API on DaemonSets (`namespace/name`): the simulator keeps none. */
  readonly daemonSetAnnotations = new Map<string, Record<string, string>>();
  /** Namespaces created through the API: their labels and annotations. */
  readonly namespaceMeta = new Map<string, { labels: Record<string, string>; annotations: Record<string, string> }>();

  constructor(
    private readonly ctx: SimContext,
    private readonly store: ObjectStore,
  ) {}

  /** The namespaces that exist: the builtin ones, the fixture's and those created through the API. */
  namespaces(): string[] {
    return [...new Set([...BUILTIN_NAMESPACES, ...this.ctx.world.pullSecrets.keys(), ...this.namespaceMeta.keys()])].sort();
  }

  refresh(): void {
    const seen = new Set<string>();
    const put = (resource: string, namespace: string, name: string, render: (meta: ObjectMeta) => JsonObject) => {
      seen.add(`${resource}\u0000${namespace}\u0000${name}`);
      this.put(resource, namespace, name, render);
    };
    for (const w of this.ctx.world.workloads.values()) {
      const counts = this.counts(w);
      switch (w.kind) {
        case 'ReplicaSet':
          if (w.deployment !== undefined) put(RID.deployments, w.namespace, w.deployment, (m) => renderDeployment(w, counts, m, this.template(w, false)));
          put(RID.replicasets, w.namespace, w.name, (m) => renderReplicaSet(w, counts, m, this.template(w, true)));
          break;
        case 'StatefulSet':
          put(RID.statefulsets, w.namespace, w.name, (m) => renderStatefulSet(w, counts, m, this.template(w, false)));
          break;
        case 'DaemonSet':
          put(RID.daemonsets, w.namespace, w.name, (m) => renderDaemonSet(w, { ...counts, scheduled: this.scheduledNodes(w) }, m, this.template(w, false), this.daemonSetAnnotations.get(`${w.namespace}/${w.name}`) ?? {}));
          break;
        case 'Job':
          put(RID.jobs, w.namespace, w.name, (m) => renderJob(w, counts, m, this.template(w, false)));
          break;
      }
    }
    for (const pdb of this.ctx.disruption.list()) {
      const key = `${pdb.namespace}/${pdb.name}`;
      const allowed = pdb.status.disruptionsAllowed > 0;
      const last = this.pdbAllowed.get(key);
      if (!last || last.allowed !== allowed) this.pdbAllowed.set(key, { allowed, since: this.ctx.world.now });
      const since = this.pdbAllowed.get(key)?.since ?? this.ctx.world.now;
      put(RID.pdbs, pdb.namespace, pdb.name, (m) => renderPdb(pdb, m, since));
    }
    for (const name of this.namespaces()) {
      const extra = this.namespaceMeta.get(name);
      put(RID.namespaces, '', name, (m) => renderNamespace(name, m.created, extra?.labels ?? {}, extra?.annotations ?? {}));
    }
    for (const resource of DERIVED) {
      for (const object of this.store.list(resource)) {
        const metadata = isObject(object['metadata']) ? object['metadata'] : {};
        const namespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : '';
        const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
        if (seen.has(`${resource}\u0000${namespace}\u0000${name}`)) continue;
        this.meta.delete(`${resource}/${namespace}/${name}`);
        this.store.remove(resource, namespace, name);
      }
    }
  }

  /** Renders with the object's creation time and generation; a changed spec takes the next generation. */
  private put(resource: string, namespace: string, name: string, render: (meta: ObjectMeta) => JsonObject): void {
    const key = `${resource}/${namespace}/${name}`;
    let tracked = this.meta.get(key);
    let object: JsonObject;
    if (!tracked) {
      object = render({ created: this.ctx.world.now, generation: 1 });
      tracked = { created: this.ctx.world.now, generation: 1, spec: JSON.stringify(object['spec'] ?? null) };
      this.meta.set(key, tracked);
    } else {
      object = render(tracked);
      const spec = JSON.stringify(object['spec'] ?? null);
      if (spec !== tracked.spec) {
        tracked.generation++;
        tracked.spec = spec;
        object = render(tracked);
      }
    }
    this.store.put(resource, namespace, name, object);
  }

  private counts(w: SimWorkload): WorkloadCounts {
    let active = 0;
    for (const sp of this.ctx.world.podsOf(w.key)) if (isActive(sp.pod)) active++;
    return { active, ready: w.ready, desired: w.kind === 'DaemonSet' ? this.ctx.daemonsets.desiredScheduled(w) : w.replicas };
  }

  private scheduledNodes(w: SimWorkload): number {
    const nodes = new Set<string>();
    for (const sp of this.ctx.world.podsOf(w.key)) if (isActive(sp.pod) && sp.pod.nodeName !== undefined) nodes.add(sp.pod.nodeName);
    return nodes.size;
  }

  /** The pod template: the applied manifest's for a DaemonSet created through the API, else the fixture's. */
  private template(w: SimWorkload, withHash: boolean): JsonObject {
    if (w.manifest !== undefined) {
      const manifest = JSON.parse(w.manifest) as unknown;
      const spec = isObject(manifest) && isObject(manifest['spec']) ? manifest['spec'] : undefined;
      if (spec && isObject(spec['template'])) return spec['template'];
    }
    const t = w.template;
    const labels: Record<string, string> = { ...t.labels };
    if (withHash && w.kind === 'ReplicaSet') labels['pod-template-hash'] = w.podTemplateHash ?? w.name.slice(-10);
    const names = w.containers ?? { init: containers(t.initImages, 'init'), main: containers(t.images, 'main') };
    const spec = renderPodSpec({
      initContainers: names.init,
      containers: names.main,
      requests: t.requests,
      volumes: t.volumes,
      tolerations: t.tolerations,
      nodeSelector: t.nodeSelector,
      topologySpreadConstraints: t.topologySpread ? [{ ...t.topologySpread, topologyKey: ZONE_LABEL, labelSelector: { matchLabels: { ...t.labels } } }] : undefined,
      priority: t.priority,
      priorityClassName: t.priorityClassName,
      imagePullSecrets: t.pullSecrets ?? this.ctx.world.pullSecrets.get(w.namespace) ?? [],
      terminationGracePeriodSeconds: t.gracePeriodSeconds,
      restartPolicy: w.kind === 'Job' ? 'Never' : 'Always',
    });
    const metadata: JsonObject = { labels };
    if (Object.keys(t.annotations).length > 0) metadata['annotations'] = { ...t.annotations };
    return { metadata, spec };
  }
}
