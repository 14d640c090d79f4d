// `dextre cordon` and `uncordon`, decided per node before anything is written: what changes, and the
// patch that changes it (none when the node is already so, as kubectl's cordon helper compares first).
// Uncordon leaves dextre's roll marks alone unless asked: they tell a running or interrupted roll which
// nodes it is replacing and which are its replacements (see roll/marks.ts).
import type { NodePatch } from '../kube/port.js';
import type { Node } from './model.js';
import { REPLACEMENT_LABEL, SCALE_DOWN_DISABLED, SOFT_TAINT, unprotectReplacementPatch } from './roll/marks.js';

export type CordonAction = 'cordoned' | 'already-cordoned' | 'uncordoned' | 'already-uncordoned';

export interface CordonChange {
  node: string;
  action: CordonAction;
  /** Absent when nothing is to be written. */
  patch?: NodePatch;
  /** The roll marks the patch removes (uncordon --clear-roll-marks), as `taint …`, `label …`, `annotation …`. */
  marksRemoved: string[];
}

export interface CordonPlan {
  changes: CordonChange[];
  warnings: string[];
}

export function planCordon(nodes: readonly Node[], unschedulable: boolean, options: { clearRollMarks: boolean } = { clearRollMarks: false }): CordonPlan {
  const changes: CordonChange[] = [];
  const warnings: string[] = [];
  for (const node of nodes) {
    const already = node.unschedulable === unschedulable;
    const action: CordonAction = unschedulable ? (already ? 'already-cordoned' : 'cordoned') : already ? 'already-uncordoned' : 'uncordoned';
    const marks = unschedulable ? [] : rollMarks(node);
    const patch: NodePatch = already ? {} : { unschedulable };
    if (marks.length > 0 && options.clearRollMarks) Object.assign(patch, clearPatch(node));
    else if (marks.length > 0) {
      warnings.push(`node ${node.name} keeps dextre's roll marks (${marks.join(', ')}); a roll set them. Pass --clear-roll-marks to remove them too`);
    }
    const change: CordonChange = { node: node.name, action, marksRemoved: options.clearRollMarks ? marks : [] };
    if (Object.keys(patch).length > 0) change.patch = patch;
    changes.push(change);
  }
  return { changes, warnings };
}

/** The marks a roll leaves on a node: the soft taint of an old node, the label and annotation of a replacement. */
export function rollMarks(node: Node): string[] {
  const marks: string[] = [];
  if (node.taints.some((t) => t.key === SOFT_TAINT.key && t.effect === SOFT_TAINT.effect)) marks.push(`taint ${SOFT_TAINT.key}:${SOFT_TAINT.effect}`);
  if (Object.hasOwn(node.labels, REPLACEMENT_LABEL)) {
    marks.push(`label ${REPLACEMENT_LABEL}`);
    // The annotation is dextre's only on its replacements (the label says so): elsewhere it is someone else's.
    if (Object.hasOwn(node.annotations, SCALE_DOWN_DISABLED)) marks.push(`annotation ${SCALE_DOWN_DISABLED}`);
  }
  return marks;
}

function clearPatch(node: Node): NodePatch {
  const patch: NodePatch = { removeTaints: [{ key: SOFT_TAINT.key, effect: SOFT_TAINT.effect }] };
  if (Object.hasOwn(node.labels, REPLACEMENT_LABEL)) Object.assign(patch, unprotectReplacementPatch);
  return patch;
}
