// Objects the simulator does not model, kept as they are written: ConfigMaps, Leases, Events (and the
// metadata of Namespaces created through the API). Full CRUD with the API server's optimistic
// concurrency: an update or a patch carrying a stale metadata.resourceVersion is a 409 Conflict, a
// create of an existing name a 409 AlreadyExists, a write in a missing namespace a 404. An Event about a
// Node is also recorded on the simulator, as the in-process adapter's recordNodeEvent does.
import type { SimKube } from '../../adapters.js';
import type { SimContext } from '../../context.js';
import { podSuffix } from '../../names.js';
import { objectUid, rfc3339 } from './format.js';
import { isObject, stringAt, stringMap, type Json, type JsonObject } from './json.js';
import type { WorldMirror } from './mirror.js';
import { applyPatch, type PatchType } from './patch.js';
import { RID, type ResourceDef } from './resources.js';
import { alreadyExists, conflict, deleted, invalid, MODIFIED, notFound } from './status.js';
import type { ObjectStore } from './store.js';
import { checkBody, checkPreconditions, type DeleteOptions } from './write-common.js';

/** Fields of metadata only the server sets. */
const SERVER_FIELDS = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink'];

export class StoredObjects {
  private generated = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly kube: SimKube,
    private readonly store: ObjectStore,
    private readonly mirror: WorldMirror,
  ) {}

  create(def: ResourceDef, namespace: string, body: Json, dryRun: boolean): JsonObject {
    const object = checkBody(def, body, namespace, undefined);
    this.requireNamespace(namespace);
    let name = stringAt(object, 'metadata', 'name') ?? '';
    const generateName = stringAt(object, 'metadata', 'generateName') ?? '';
    if (name === '' && generateName !== '') name = `${generateName}${podSuffix(++this.generated + this.store.revision)}`;
    if (name === '') throw invalid(def.kind, def.group, name, [{ field: 'metadata.name', message: 'Required value: name or generateName is required', reason: 'FieldValueRequired' }]);
    if (this.store.get(def.id, namespace, name)) throw alreadyExists(def.gr, name);
    const now = this.ctx.world.now;
    const created = this.normalise(def, object, namespace, name, objectUid(`${def.kind}#${this.store.revision + 1}`, namespace, name), rfc3339(now));
    if (dryRun) return created;
    const stored = this.store.put(def.id, namespace, name, created).object;
    if (def.id === RID.events) this.recordNodeEvent(stored);
    return stored;
  }

  /** PUT: replaces the object (uid and creation time kept); a stale resourceVersion is a 409. */
  update(def: ResourceDef, namespace: string, name: string, body: Json, dryRun: boolean): JsonObject {
    const object = checkBody(def, body, namespace, name);
    const current = this.current(def, namespace, name);
    const rv = stringAt(object, 'metadata', 'resourceVersion');
    if (rv !== undefined && rv !== '' && rv !== stringAt(current, 'metadata', 'resourceVersion')) throw conflict(def.gr, name, MODIFIED);
    const updated = this.normalise(def, object, namespace, name, stringAt(current, 'metadata', 'uid') ?? '', stringAt(current, 'metadata', 'creationTimestamp') ?? rfc3339(this.ctx.world.now));
    if (dryRun) return updated;
    return this.store.put(def.id, namespace, name, updated).object;
  }

  patch(def: ResourceDef, namespace: string, name: string, type: PatchType, patch: Json, dryRun: boolean): JsonObject {
    const current = this.current(def, namespace, name);
    return this.update(def, namespace, name, applyPatch(type, current, patch), dryRun);
  }

  delete(def: ResourceDef, namespace: string, name: string, options: DeleteOptions): JsonObject {
    const current = this.current(def, namespace, name);
    checkPreconditions(def, namespace, name, current, options);
    if (!options.dryRun) this.store.remove(def.id, namespace, name);
    return deleted(def.gr, name, stringAt(current, 'metadata', 'uid'));
  }

  /** POST /api/v1/namespaces: the namespace exists for the world too (DaemonSets may go there). */
  createNamespace(def: ResourceDef, body: Json, dryRun: boolean): JsonObject {
    const object = checkBody(def, body, '', undefined);
    const name = stringAt(object, 'metadata', 'name') ?? '';
    if (name === '') throw invalid('Namespace', '', name, [{ field: 'metadata.name', message: 'Required value: name or generateName is required', reason: 'FieldValueRequired' }]);
    if (this.mirror.derived.namespaces().includes(name)) throw alreadyExists(def.gr, name);
    if (!dryRun) {
      this.mirror.derived.namespaceMeta.set(name, { labels: stringMap(this.meta(object)['labels']), annotations: stringMap(this.meta(object)['annotations']) });
      if (!this.ctx.world.pullSecrets.has(name)) this.ctx.world.pullSecrets.set(name, []);
      this.mirror.markDirty();
      this.mirror.refresh();
    }
    return this.store.get(RID.namespaces, '', name) ?? object;
  }

  private current(def: ResourceDef, namespace: string, name: string): JsonObject {
    const object = this.store.get(def.id, namespace, name);
    if (!object) throw notFound(def.gr, name);
    return object;
  }

  private requireNamespace(namespace: string): void {
    if (namespace !== '' && !this.mirror.derived.namespaces().includes(namespace)) throw notFound({ group: '', resource: 'namespaces' }, namespace);
  }

  private meta(object: JsonObject): JsonObject {
    return isObject(object['metadata']) ? object['metadata'] : {};
  }

  /** The object as stored: kind and apiVersion first, server-owned metadata set here. */
  private normalise(def: ResourceDef, object: JsonObject, namespace: string, name: string, uid: string, created: string): JsonObject {
    const given = { ...this.meta(object) };
    for (const field of SERVER_FIELDS) delete given[field];
    delete given['name'];
    delete given['namespace'];
    const metadata: JsonObject = { name, ...(def.namespaced ? { namespace } : {}), uid, resourceVersion: '', creationTimestamp: created, ...given };
    const { kind: _kind, apiVersion: _apiVersion, metadata: _metadata, ...rest } = object;
    return { kind: def.kind, apiVersion: def.apiVersion, metadata, ...rest };
  }

  private recordNodeEvent(event: JsonObject): void {
    const type = stringAt(event, 'type');
    const node = stringAt(event, 'involvedObject', 'name');
    if (stringAt(event, 'involvedObject', 'kind') !== 'Node' || node === undefined || (type !== 'Normal' && type !== 'Warning')) return;
    this.kube.recordNodeEvent({ node, reason: stringAt(event, 'reason') ?? '', message: stringAt(event, 'message') ?? '', type }).catch(() => undefined);
  }
}
