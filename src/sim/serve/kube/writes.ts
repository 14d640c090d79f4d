// POST, PUT, PATCH and DELETE, by resource: nodes, pods (delete, eviction), DaemonSets through the
// simulator; ConfigMaps, Leases, Events and Namespaces kept as written. A verb the resource does not
// serve is a 405, as are writes to what the simulator's controllers own (Deployments, PDBs, …).
import type { SimKube } from '../../adapters.js';
import type { SimContext } from '../../context.js';
import { DaemonSetWrites } from './daemonset-writes.js';
import type { Json, JsonObject } from './json.js';
import type { WorldMirror } from './mirror.js';
import { NodeWrites } from './node-writes.js';
import { applyPatch, patchTypeOf } from './patch.js';
import { PodWrites } from './pod-writes.js';
import { RID, type ResourceDef, type Verb } from './resources.js';
import type { Target } from './router.js';
import { badRequest, methodNotAllowed } from './status.js';
import type { ObjectStore } from './store.js';
import { StoredObjects } from './stored.js';
import { checkBody, deleteOptionsOf, isDryRun } from './write-common.js';

export interface WriteResult {
  code: number;
  object: JsonObject;
}

const STORED: readonly string[] = [RID.configmaps, RID.leases, RID.events];

export class Writes {
  private readonly nodes: NodeWrites;
  private readonly pods: PodWrites;
  private readonly daemonsets: DaemonSetWrites;
  private readonly stored: StoredObjects;

  constructor(ctx: SimContext, kube: SimKube, store: ObjectStore, mirror: WorldMirror, resources: ResourceDef[]) {
    const def = (id: string) => {
      const found = resources.find((r) => r.id === id);
      if (!found) throw new Error(`resource ${id} is not served`);
      return found;
    };
    this.nodes = new NodeWrites(ctx, kube, store, def(RID.nodes));
    this.pods = new PodWrites(ctx, kube, store, mirror, def(RID.pods));
    this.daemonsets = new DaemonSetWrites(ctx, kube, store, mirror, def(RID.daemonsets));
    this.stored = new StoredObjects(ctx, kube, store, mirror);
  }

  async handle(method: string, t: Target, contentType: string, body: Json | undefined, query: URLSearchParams): Promise<WriteResult> {
    const verb = verbOf(method, t);
    // The all-namespaces path of a namespaced resource serves list and watch only.
    if (t.def.namespaced && t.namespace === undefined) throw methodNotAllowed();
    if (t.subresource !== undefined) return this.subresource(verb, t, contentType, body, query);
    if (!t.def.verbs.includes(verb)) throw methodNotAllowed();
    const namespace = t.namespace ?? '';
    const name = t.name ?? '';
    const dryRun = isDryRun(query);
    const id = t.def.id;
    if (verb === 'delete') {
      const options = deleteOptionsOf(query, body);
      if (id === RID.pods) return { code: 200, object: await this.pods.delete(namespace, name, options) };
      if (id === RID.nodes) return { code: 200, object: this.nodes.delete(name, options) };
      if (id === RID.daemonsets) return { code: 200, object: await this.daemonsets.delete(namespace, name, options) };
      if (STORED.includes(id)) return { code: 200, object: this.stored.delete(t.def, namespace, name, options) };
      throw methodNotAllowed();
    }
    if (body === undefined) throw badRequest('the request has no body');
    if (verb === 'create') {
      if (id === RID.namespaces) return { code: 201, object: this.stored.createNamespace(t.def, body, dryRun) };
      if (id === RID.nodes) return { code: 201, object: dryRun ? checkBody(t.def, body, '', undefined) : this.nodes.create(checkBody(t.def, body, '', undefined)) };
      if (id === RID.daemonsets) return { code: 201, object: dryRun ? checkBody(t.def, body, namespace, undefined) : await this.daemonsets.create(namespace, body) };
      if (STORED.includes(id)) return { code: 201, object: this.stored.create(t.def, namespace, body, dryRun) };
      throw methodNotAllowed();
    }
    if (verb === 'update') {
      if (id === RID.nodes) return { code: 200, object: dryRun ? checkBody(t.def, body, '', name) : await this.nodes.update(name, checkBody(t.def, body, '', name)) };
      if (id === RID.daemonsets) return { code: 200, object: dryRun ? checkBody(t.def, body, namespace, name) : await this.daemonsets.replace(namespace, name, body) };
      if (STORED.includes(id)) return { code: 200, object: this.stored.update(t.def, namespace, name, body, dryRun) };
      throw methodNotAllowed();
    }
    // patch
    const type = patchTypeOf(contentType);
    if (id === RID.nodes) {
      const desired = applyPatch(type, this.nodes.current(name), body);
      return { code: 200, object: dryRun ? desired : await this.nodes.update(name, desired) };
    }
    if (id === RID.daemonsets) return { code: 200, object: await this.daemonsets.patch(namespace, name, type, body) };
    if (STORED.includes(id)) return { code: 200, object: this.stored.patch(t.def, namespace, name, type, body, dryRun) };
    throw methodNotAllowed();
  }

  private async subresource(verb: Verb, t: Target, contentType: string, body: Json | undefined, query: URLSearchParams): Promise<WriteResult> {
    const name = t.name ?? '';
    if (t.def.id === RID.pods && t.subresource === 'eviction' && verb === 'create') {
      const { code, body: answer } = await this.pods.evict(t.namespace ?? '', name, body ?? null, query);
      return { code, object: answer };
    }
    if (t.def.id === RID.nodes && t.subresource === 'status') {
      if (body === undefined) throw badRequest('the request has no body');
      if (verb === 'update') return { code: 200, object: this.nodes.updateStatus(name, checkBody(t.def, body, '', name)) };
      if (verb === 'patch') return { code: 200, object: this.nodes.updateStatus(name, applyPatch(patchTypeOf(contentType), this.nodes.current(name), body)) };
    }
    throw methodNotAllowed();
  }
}

function verbOf(method: string, t: Target): Verb {
  switch (method) {
    case 'POST':
      if (t.name !== undefined && t.subresource === undefined) throw methodNotAllowed();
      return 'create';
    case 'PUT':
      if (t.name === undefined) throw methodNotAllowed();
      return 'update';
    case 'PATCH':
      if (t.name === undefined) throw methodNotAllowed();
      return 'patch';
    case 'DELETE':
      // deletecollection is not served.
      if (t.name === undefined) throw methodNotAllowed();
      return 'delete';
    default:
      throw methodNotAllowed();
  }
}
