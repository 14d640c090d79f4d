// Applying dextre's NodePatch to a Node as a strategic merge patch would: labels and annotations set to
// null are removed; a taint is identified by key and effect (adding one that exists updates its value).
import type { Node } from '../../core/model.js';
import type { NodePatch } from '../../kube/port.js';

export function patchNode(node: Node, patch: NodePatch): void {
  if (patch.unschedulable !== undefined) node.unschedulable = patch.unschedulable;
  mergeMap(node.labels, patch.labels);
  mergeMap(node.annotations, patch.annotations);
  for (const removed of patch.removeTaints ?? []) {
    node.taints = node.taints.filter((t) => !(t.key === removed.key && t.effect === removed.effect));
  }
  for (const added of patch.addTaints ?? []) {
    const existing = node.taints.find((t) => t.key === added.key && t.effect === added.effect);
    if (!existing) node.taints.push({ ...added });
    else if (added.value === undefined) delete existing.value;
    else existing.value = added.value;
  }
}

function mergeMap(target: Record<string, string>, changes: Record<string, string | null> | undefined): void {
  for (const [key, value] of Object.entries(changes ?? {})) {
    if (value === null) delete target[key];
    else target[key] = value;
  }
}
