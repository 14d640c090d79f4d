// Writes to DaemonSets: create (POST), replace (PUT), patch and delete, through the in-process adapter's
// applyDaemonSet/deleteDaemonSet so the simulator applies them (and logs them) as it would in process.
// A write that changes nothing of what the simulator models is not applied (its annotations are kept).
import { DextreError } from '../../../core/errors.js';
import type { SimKube } from '../../adapters.js';
import type { SimContext } from '../../context.js';
import { toManifest } from './daemonset-manifest.js';
import { at, stringAt, stringMap, type Json, type JsonObject } from './json.js';
import type { WorldMirror } from './mirror.js';
import { applyPatch, type PatchType } from './patch.js';
import { RID, type ResourceDef } from './resources.js';
import { alreadyExists, conflict, deleted, invalid, MODIFIED, notFound } from './status.js';
import type { ObjectStore } from './store.js';
import { checkBody, checkPreconditions, type DeleteOptions } from './write-common.js';

/** The annotation the DaemonSet controller keeps in step with the generation. */
const GENERATION = 'deprecated.daemonset.template.generation';

export class DaemonSetWrites {
  constructor(
    private readonly ctx: SimContext,
    private readonly kube: SimKube,
    private readonly store: ObjectStore,
    private readonly mirror: WorldMirror,
    private readonly def: ResourceDef,
  ) {}

  async create(namespace: string, body: Json): Promise<JsonObject> {
    const object = checkBody(this.def, body, namespace, undefined);
    const name = stringAt(object, 'metadata', 'name') ?? '';
    if (name === '') throw invalid('DaemonSet', 'apps', name, [{ field: 'metadata.name', message: 'Required value: name or generateName is required', reason: 'FieldValueRequired' }]);
    if (this.store.get(RID.daemonsets, namespace, name)) throw alreadyExists(this.def.gr, name);
    await this.apply(namespace, name, object);
    this.keepAnnotations(namespace, name, object);
    return this.current(namespace, name);
  }

  async replace(namespace: string, name: string, body: Json): Promise<JsonObject> {
    const object = checkBody(this.def, body, namespace, name);
    const current = this.current(namespace, name);
    this.checkVersion(current, object, name);
    if (!this.sameModel(current, object, namespace, name)) await this.apply(namespace, name, object);
    this.keepAnnotations(namespace, name, object);
    return this.current(namespace, name);
  }

  async patch(namespace: string, name: string, type: PatchType, patch: Json): Promise<JsonObject> {
    const current = this.current(namespace, name);
    const desired = applyPatch(type, current, patch);
    this.checkVersion(current, desired, name);
    if (!this.sameModel(current, desired, namespace, name)) await this.apply(namespace, name, desired);
    this.keepAnnotations(namespace, name, desired);
    return this.current(namespace, name);
  }

  async delete(namespace: string, name: string, options: DeleteOptions): Promise<JsonObject> {
    const current = this.current(namespace, name);
    checkPreconditions(this.def, namespace, name, current, options);
    const uid = stringAt(current, 'metadata', 'uid');
    if (!options.dryRun && (await this.kube.deleteDaemonSet(namespace, name)) === 'not-found') throw notFound(this.def.gr, name);
    this.mirror.derived.daemonSetAnnotations.delete(`${namespace}/${name}`);
    this.mirror.markDirty();
    this.mirror.refresh();
    return deleted(this.def.gr, name, uid);
  }

  private current(namespace: string, name: string): JsonObject {
    this.mirror.refresh();
    const object = this.store.get(RID.daemonsets, namespace, name);
    if (!object) throw notFound(this.def.gr, name);
    return object;
  }

  /** The object's annotations (kubectl apply's last-applied-configuration among them), kept by the API face. */
  private keepAnnotations(namespace: string, name: string, object: JsonObject): void {
    const annotations = stringMap(at(object, 'metadata', 'annotations'));
    delete annotations[GENERATION];
    this.mirror.derived.daemonSetAnnotations.set(`${namespace}/${name}`, annotations);
    this.mirror.markDirty();
    this.mirror.refresh();
  }

  private checkVersion(current: JsonObject, desired: JsonObject, name: string): void {
    const rv = stringAt(desired, 'metadata', 'resourceVersion');
    if (rv !== undefined && rv !== '' && rv !== stringAt(current, 'metadata', 'resourceVersion')) throw conflict(this.def.gr, name, MODIFIED);
  }

  /** Whether the two objects are the same DaemonSet to the simulator (labels, selector, template). */
  private sameModel(a: JsonObject, b: JsonObject, namespace: string, name: string): boolean {
    return JSON.stringify(toManifest(a, namespace, name)) === JSON.stringify(toManifest(b, namespace, name));
  }

  private async apply(namespace: string, name: string, object: JsonObject): Promise<void> {
    const manifest = toManifest(object, namespace, name);
    // Namespaces served but not in the fixture (default, kube-public, created ones) exist in the world too.
    if (!this.ctx.world.pullSecrets.has(namespace) && this.mirror.derived.namespaces().includes(namespace)) this.ctx.world.pullSecrets.set(namespace, []);
    try {
      await this.kube.applyDaemonSet(manifest);
    } catch (e: unknown) {
      if (e instanceof DextreError && e.code === 'NOT_FOUND') throw notFound({ group: '', resource: 'namespaces' }, namespace);
      if (e instanceof DextreError && e.code === 'USAGE') throw invalid('DaemonSet', 'apps', name, [{ field: 'spec.template.metadata.labels', message: 'Invalid value: `selector` does not match template `labels`' }]);
      throw e;
    }
    this.mirror.markDirty();
    this.mirror.refresh();
  }
}
