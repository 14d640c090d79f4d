// What `dextre abort` must take back to leave each group exactly at its original size. A stopped roll keeps
// desired above the original when replacements outnumber terminations (lowering desired blindly would let
// Auto Scaling pick the victim, possibly an undrained node). Abort chooses the victims itself: replacements,
// the fewest pods first, which it then drains through the Eviction API and terminates with decrement.
import { compareText } from '../filters.js';
import type { RollState } from './state.js';

export interface SurplusGroup {
  group: string;
  /** Instances above the original desired that this roll added and did not take back. */
  extra: number;
  /** The replacement nodes to drain and terminate, at most `extra`. */
  nodes: string[];
  /** `extra` less the nodes found: replacements that never joined the cluster (named in the warning). */
  missing: number;
}

export interface LiveGroup {
  desired: number;
  /** The group's instances that are nodes of the cluster now, by node name. */
  nodes: string[];
}

/**
 * Per group of the roll: how many instances to take back, and which nodes. `extra` is what the roll added
 * (launched − terminated), bounded by what the group still holds above its original desired (so a second
 * abort, or a group others already shrank, takes back nothing more). The candidates are the group's nodes
 * that were not there when the roll began — replacements, and launches that joined after it stopped.
 * `podsOn` counts the pods a drain would move off a node (DaemonSet and mirror pods excluded).
 */
export function surplusReplacements(s: RollState, groups: ReadonlyMap<string, LiveGroup>, podsOn: (node: string) => number): SurplusGroup[] {
  const out: SurplusGroup[] = [];
  for (const name of s.groupOrder) {
    const g = s.groups[name];
    const live = groups.get(name);
    if (!g || !live) continue;
    const extra = Math.min(g.launched - g.terminated, live.desired - g.original.desired);
    if (extra <= 0) continue;
    const existing = new Set(g.existingNodes);
    const candidates = live.nodes
      .filter((n) => !existing.has(n))
      .map((n) => ({ name: n, pods: podsOn(n), standsIn: standsInForTerminated(s, s.replacements[n]?.pairedWith) }))
      // A replacement that stands in for a terminated node carries the pods it moved: take it last.
      .sort((a, b) => Number(a.standsIn) - Number(b.standsIn) || a.pods - b.pods || compareText(a.name, b.name));
    const nodes = candidates.slice(0, extra).map((c) => c.name);
    out.push({ group: name, extra, nodes, missing: extra - nodes.length });
  }
  return out;
}

function standsInForTerminated(s: RollState, old: string | undefined): boolean {
  return old !== undefined && s.nodes[old]?.status === 'terminated';
}
