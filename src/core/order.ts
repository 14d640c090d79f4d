// The roll order: zones take turns, so capacity leaves every zone evenly (a zone is never emptied first
// while its pods' zone-spread constraints have nowhere else to go); the oldest node of a zone goes first.
import { compareText } from './filters.js';

export interface Orderable {
  name: string;
  zone: string;
  /** Epoch seconds; older goes first. */
  launchTime: number;
}

/**
 * Zones round-robin in name order, oldest first within a zone, ties by name. Deterministic: the input
 * order does not matter.
 */
export function zoneInterleave<T extends Orderable>(items: readonly T[]): T[] {
  const byZone = new Map<string, T[]>();
  for (const item of items) {
    const queue = byZone.get(item.zone);
    if (queue) queue.push(item);
    else byZone.set(item.zone, [item]);
  }
  const zones = [...byZone.keys()].sort(compareText);
  const queues = zones.map((zone) =>
    (byZone.get(zone) ?? []).sort((a, b) => a.launchTime - b.launchTime || compareText(a.name, b.name)),
  );
  return roundRobin(queues);
}

/** One from each list in turn (`[a1,a2,a3]`, `[b1]` → a1 b1 a2 a3); each list keeps its own order. */
export function roundRobin<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) {
    for (const list of lists) {
      const item = list[i];
      if (item !== undefined) out.push(item);
    }
  }
  return out;
}
