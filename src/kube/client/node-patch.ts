// NodePatch → one JSON merge patch (RFC 7386) against the node as last read. Compare before patch: the
// result is undefined when the node already is as asked. Labels, annotations and spec.unschedulable are
// merged key by key, so they need no precondition: kubelets, node-problem-detector and CNI agents update
// Node objects all the time, and `kubectl cordon` sends its patch without a resourceVersion too. Taints
// are sent as the whole new list (a merge patch replaces lists), so only a patch that carries them also
// carries metadata.resourceVersion: if anyone changed the node since it was read, the server answers 409
// and the caller reads again, and no taint of theirs is lost.
import type { Taint } from '../../core/model.js';
import type { NodePatch } from '../port.js';
import type { KNode, KTaint } from './shapes.js';
import { epochWholeSeconds, rfc3339 } from './time.js';

export interface NodeMergePatch {
  metadata?: { resourceVersion?: string; labels?: Record<string, string | null>; annotations?: Record<string, string | null> };
  spec?: { unschedulable?: boolean; taints?: JsonTaint[] };
}

/** A taint as JSON (timeAdded as RFC 3339, as the server wrote it). */
export interface JsonTaint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

function mapChanges(current: Record<string, string> | undefined, wanted: Record<string, string | null> | undefined): Record<string, string | null> | undefined {
  const changes: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(wanted ?? {})) {
    const has = current !== undefined && Object.hasOwn(current, key);
    if (value === null ? has : current?.[key] !== value) changes[key] = value;
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

function jsonTaint(t: KTaint): JsonTaint {
  const out: JsonTaint = { key: t.key, effect: t.effect };
  if (t.value !== undefined && t.value !== '') out.value = t.value;
  const added = epochWholeSeconds(t.timeAdded);
  if (added !== undefined) out.timeAdded = rfc3339(added);
  return out;
}

function sameTaint(a: { key: string; effect: string }, b: { key: string; effect: string }): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/**
 * The node's taints after the patch: removals by key+effect, then additions by key+effect (an added
 * taint replaces one with the same key and effect, keeping its place), as the simulator applies them.
 */
export function patchedTaints(current: KTaint[] | undefined, patch: NodePatch): JsonTaint[] {
  let taints = (current ?? []).map(jsonTaint);
  for (const removed of patch.removeTaints ?? []) taints = taints.filter((t) => !sameTaint(t, removed));
  for (const added of patch.addTaints ?? []) {
    const index = taints.findIndex((t) => sameTaint(t, added));
    const existing = taints[index];
    if (!existing) {
      taints.push(fromModel(added));
      continue;
    }
    const value = added.value === '' ? undefined : added.value;
    if (existing.value === value) continue;
    const { value: _old, ...rest } = existing;
    taints[index] = value === undefined ? rest : { ...rest, value };
  }
  return taints;
}

function fromModel(t: Taint): JsonTaint {
  return t.value === undefined || t.value === '' ? { key: t.key, effect: t.effect } : { key: t.key, value: t.value, effect: t.effect };
}

/** The merge patch that makes `node` what `patch` asks, or undefined when nothing would change. */
export function nodeMergePatch(node: KNode, patch: NodePatch): NodeMergePatch | undefined {
  const metadata: NonNullable<NodeMergePatch['metadata']> = {};
  const labels = mapChanges(node.metadata?.labels, patch.labels);
  if (labels) metadata.labels = labels;
  const annotations = mapChanges(node.metadata?.annotations, patch.annotations);
  if (annotations) metadata.annotations = annotations;
  const spec: NonNullable<NodeMergePatch['spec']> = {};
  if (patch.unschedulable !== undefined && patch.unschedulable !== (node.spec?.unschedulable ?? false)) spec.unschedulable = patch.unschedulable;
  if ((patch.addTaints?.length ?? 0) > 0 || (patch.removeTaints?.length ?? 0) > 0) {
    const before = (node.spec?.taints ?? []).map(jsonTaint);
    const after = patchedTaints(node.spec?.taints, patch);
    if (JSON.stringify(before) !== JSON.stringify(after)) spec.taints = after;
  }
  // The whole taint list replaces the server's: only valid against the version it was computed from.
  if (spec.taints !== undefined) metadata.resourceVersion = node.metadata?.resourceVersion ?? '';
  const body: NodeMergePatch = {};
  if (Object.keys(metadata).length > 0) body.metadata = metadata;
  if (Object.keys(spec).length > 0) body.spec = spec;
  return labels || annotations || body.spec ? body : undefined;
}
