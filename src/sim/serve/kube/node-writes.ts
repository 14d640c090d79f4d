// Writes to nodes. A patch or an update is applied to the node's JSON, then the difference in the fields
// dextre and kubectl change — spec.unschedulable, spec.taints, metadata.labels, metadata.annotations — is
// handed to the simulator as one NodePatch, exactly as the in-process adapter's patchNode (compared
// before it is applied: a no-op changes nothing and keeps the resourceVersion). Changes to any other
// field are ignored: the kubelet and the cloud own them. With `acceptNodes`, a client may also register
// nodes (the simulator runs their pods, as a kubelet would: Ready after nodeReadySeconds unless the
// node says Ready already), post their status (Ready condition, allocatable) and delete them.
import type { Node, Resources, Taint, TaintEffect } from '../../../core/model.js';
import type { NodePatch } from '../../../kube/port.js';
import type { SimKube } from '../../adapters.js';
import type { SimContext } from '../../context.js';
import { DEFAULTS } from '../../fixture/types.js';
import { cpuMillicores, memoryMiB } from '../../../kube/quantity.js';
import type { SimNode } from '../../state.js';
import { arrayAt, at, isObject, objectAt, stringAt, stringMap, type Json, type JsonObject } from './json.js';
import { nodeUid } from './render-node.js';
import { RID, type ResourceDef } from './resources.js';
import { alreadyExists, badRequest, conflict, deleted, invalid, MODIFIED, notFound } from './status.js';
import type { ObjectStore } from './store.js';
import { checkPreconditions, type DeleteOptions } from './write-common.js';

const EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export class NodeWrites {
  constructor(
    private readonly ctx: SimContext,
    private readonly kube: SimKube,
    private readonly store: ObjectStore,
    private readonly def: ResourceDef,
  ) {}

  current(name: string): JsonObject {
    const object = this.store.get(RID.nodes, '', name);
    if (!object) throw notFound(this.def.gr, name);
    return object;
  }

  /** PUT or the result of a PATCH: the desired node; a stale resourceVersion is a 409. */
  async update(name: string, desired: JsonObject): Promise<JsonObject> {
    const current = this.current(name);
    const bodyName = stringAt(desired, 'metadata', 'name');
    if (bodyName !== undefined && bodyName !== name) throw badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
    const rv = stringAt(desired, 'metadata', 'resourceVersion');
    if (rv !== undefined && rv !== '' && rv !== stringAt(current, 'metadata', 'resourceVersion')) throw conflict(this.def.gr, name, MODIFIED);
    const patch = nodePatchOf(current, desired, name);
    if (Object.keys(patch).length === 0) return current;
    try {
      await this.kube.patchNode(name, patch);
    } catch {
      throw notFound(this.def.gr, name);
    }
    return this.current(name);
  }

  /** POST /api/v1/nodes: a kubelet registers its node. */
  create(body: JsonObject): JsonObject {
    const world = this.ctx.world;
    const name = stringAt(body, 'metadata', 'name') ?? '';
    if (name === '') throw invalid('Node', '', name, [{ field: 'metadata.name', message: 'Required value: name or generateName is required', reason: 'FieldValueRequired' }]);
    if (world.nodes.has(name)) throw alreadyExists(this.def.gr, name);
    const labels = stringMap(at(body, 'metadata', 'labels'));
    const type = world.instanceTypes[labels['node.kubernetes.io/instance-type'] ?? ''];
    const allocatable = resourcesOf(objectAt(body, 'status', 'allocatable')) ?? resourcesOf(objectAt(body, 'status', 'capacity')) ?? (type ? { cpu: type.cpu, memory: type.memory } : { cpu: 0, memory: 0 });
    const node: Node = {
      name,
      providerId: stringAt(body, 'spec', 'providerID') ?? '',
      labels: { 'kubernetes.io/hostname': name, ...labels },
      annotations: stringMap(at(body, 'metadata', 'annotations')),
      taints: taintsOf(body, name),
      unschedulable: at(body, 'spec', 'unschedulable') === true,
      ready: readyOf(body) === true,
      allocatable,
      createdAt: world.now,
    };
    const sn: SimNode = {
      node,
      instanceId: undefined,
      zone: labels['topology.kubernetes.io/zone'] ?? '',
      images: new Set(),
      requested: { cpu: 0, memory: 0 },
      pullMiBps: type?.pullMiBps ?? DEFAULTS.pullMiBps,
    };
    world.log('kube', 'NodeRegistered', name, 'through the API');
    world.addNode(sn);
    if (!node.ready) {
      this.ctx.queue.after(type?.nodeReadySeconds ?? DEFAULTS.nodeReadySeconds, `node ready ${name}`, () => {
        if (world.nodes.get(name) === sn) world.updateNode(sn, (n) => (n.ready = true));
      });
    }
    return this.current(name);
  }

  /** PUT or PATCH of nodes/NAME/status: the Ready condition and allocatable, as a kubelet posts them. */
  updateStatus(name: string, desired: JsonObject): JsonObject {
    const sn = this.ctx.world.nodes.get(name);
    if (!sn) throw notFound(this.def.gr, name);
    const ready = readyOf(desired);
    const allocatable = resourcesOf(objectAt(desired, 'status', 'allocatable'));
    this.ctx.world.updateNode(sn, (n) => {
      if (ready !== undefined) n.ready = ready;
      if (allocatable) n.allocatable = allocatable;
    });
    return this.current(name);
  }

  /** DELETE: the node goes, and the pod garbage collector deletes the pods bound to it. */
  delete(name: string, options: DeleteOptions): JsonObject {
    const world = this.ctx.world;
    const sn = world.nodes.get(name);
    if (!sn) throw notFound(this.def.gr, name);
    const uid = nodeUid(sn.node);
    checkPreconditions(this.def, '', name, this.current(name), options);
    world.log('kube', 'NodeDeleted', name, 'through the API');
    const pods = [...world.podsOn(name)];
    this.ctx.observer.losing(pods);
    for (const sp of pods) if (sp.pod.owner?.kind !== 'DaemonSet') this.ctx.observer.disrupting(sp);
    world.removeNode(sn);
    for (const sp of pods) world.removePod(sp);
    return deleted(this.def.gr, name, uid);
  }
}

/** The change from `current` to `desired` in the fields the simulator models, as a NodePatch. */
export function nodePatchOf(current: JsonObject, desired: JsonObject, name: string): NodePatch {
  const patch: NodePatch = {};
  const unschedulable = at(desired, 'spec', 'unschedulable') === true;
  if (unschedulable !== (at(current, 'spec', 'unschedulable') === true)) patch.unschedulable = unschedulable;
  const labels = mapChanges(at(current, 'metadata', 'labels'), at(desired, 'metadata', 'labels'), 'metadata.labels', name);
  if (labels) patch.labels = labels;
  const annotations = mapChanges(at(current, 'metadata', 'annotations'), at(desired, 'metadata', 'annotations'), 'metadata.annotations', name);
  if (annotations) patch.annotations = annotations;
  const before = taintsOf(current, name);
  const after = taintsOf(desired, name);
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  const removeTaints = before.filter((t) => !after.some((u) => same(t, u))).map((t) => ({ key: t.key, effect: t.effect }));
  const addTaints = after.filter((t) => !before.some((u) => same(t, u) && u.value === t.value));
  if (addTaints.length > 0) patch.addTaints = addTaints;
  if (removeTaints.length > 0) patch.removeTaints = removeTaints;
  return patch;
}

function mapChanges(before: Json | undefined, after: Json | undefined, field: string, name: string): Record<string, string | null> | undefined {
  if (after !== undefined && after !== null && !isObject(after)) throw invalid('Node', '', name, [{ field, message: 'Invalid value: must be a map of strings' }]);
  const old = stringMap(before);
  const now: Record<string, string> = {};
  for (const [k, v] of Object.entries(isObject(after) ? after : {})) {
    if (typeof v !== 'string') throw invalid('Node', '', name, [{ field: `${field}.${k}`, message: 'Invalid value: must be a string' }]);
    now[k] = v;
  }
  const changes: Record<string, string | null> = {};
  for (const k of Object.keys(old)) if (!(k in now)) changes[k] = null;
  for (const [k, v] of Object.entries(now)) if (old[k] !== v) changes[k] = v;
  return Object.keys(changes).length > 0 ? changes : undefined;
}

function taintsOf(object: JsonObject, name: string): Taint[] {
  const list = arrayAt(object, 'spec', 'taints') ?? [];
  const out: Taint[] = [];
  list.forEach((item, i) => {
    const field = `spec.taints[${i}]`;
    const key = stringAt(item, 'key') ?? '';
    const effect = stringAt(item, 'effect') ?? '';
    if (key === '') throw invalid('Node', '', name, [{ field: `${field}.key`, message: 'Required value', reason: 'FieldValueRequired' }]);
    if (!EFFECTS.includes(effect as TaintEffect)) {
      throw invalid('Node', '', name, [{ field: `${field}.effect`, message: `Unsupported value: "${effect}": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`, reason: 'FieldValueNotSupported' }]);
    }
    const value = stringAt(item, 'value');
    const taint: Taint = value === undefined || value === '' ? { key, effect: effect as TaintEffect } : { key, value, effect: effect as TaintEffect };
    if (out.some((t) => t.key === key && t.effect === taint.effect)) {
      throw invalid('Node', '', name, [{ field, message: `Duplicate value: "${key}:${effect}": taints must be unique by key and effect pair`, reason: 'FieldValueDuplicate' }]);
    }
    out.push(taint);
  });
  return out;
}

/** The Ready condition's status as a boolean, or undefined when the object has none. */
function readyOf(object: JsonObject): boolean | undefined {
  const ready = (arrayAt(object, 'status', 'conditions') ?? []).find((c) => stringAt(c, 'type') === 'Ready');
  return ready === undefined ? undefined : stringAt(ready, 'status') === 'True';
}

function resourcesOf(list: JsonObject | undefined): Resources | undefined {
  const cpu = list?.['cpu'];
  const memory = list?.['memory'];
  if ((typeof cpu !== 'string' && typeof cpu !== 'number') || (typeof memory !== 'string' && typeof memory !== 'number')) return undefined;
  const millicores = cpuMillicores(cpu);
  const mib = memoryMiB(memory);
  return millicores === undefined || mib === undefined ? undefined : { cpu: millicores, memory: mib };
}
