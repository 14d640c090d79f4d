// The marks dextre leaves on nodes while it rolls, and the patches that set and remove them.
// Every mark is removed by the restore path, on success and on failure alike.
import type { NodePatch } from '../../kube/port.js';
import type { Taint } from '../model.js';
import { PREPULL_NODE_LABEL, prepullLabelValue } from '../prepull.js';

/** On old nodes: new pods prefer fresh capacity, but nothing is refused (PreferNoSchedule). */
export const SOFT_TAINT: Taint = { key: 'dextre.io/outdated', effect: 'PreferNoSchedule' };

/** On replacements: the pre-pull DaemonSets of a group select its replacements by this label (value per group). */
export const REPLACEMENT_LABEL = PREPULL_NODE_LABEL;

/** cluster-autoscaler leaves annotated nodes alone: an empty replacement must not be scaled away mid-roll. */
export const SCALE_DOWN_DISABLED = 'cluster-autoscaler.kubernetes.io/scale-down-disabled';

export const softTaintPatch: NodePatch = { addTaints: [SOFT_TAINT] };

export const cordonPatch: NodePatch = { unschedulable: true };

/** Undoes the cordon and the soft taint of a node that will not be replaced after all. */
export const uncordonPatch: NodePatch = {
  unschedulable: false,
  removeTaints: [{ key: SOFT_TAINT.key, effect: SOFT_TAINT.effect }],
};

/** Labels a replacement of `group` so that group's pre-pull DaemonSets, and only those, land on it. */
export function protectReplacementPatch(rollId: string, group: string): NodePatch {
  return { labels: { [REPLACEMENT_LABEL]: prepullLabelValue(rollId, group) }, annotations: { [SCALE_DOWN_DISABLED]: 'true' } };
}

export const unprotectReplacementPatch: NodePatch = {
  labels: { [REPLACEMENT_LABEL]: null },
  annotations: { [SCALE_DOWN_DISABLED]: null },
};
