// The roll order: zones take turns, so capacity leaves every zone evenly (a zone is never emptied first
// while its pods' zone-spread constraints have nowhere else to go); the oldest node of a zone goes first.
import { compareText } from './filters.js';
import type { OrderReason } from './plan.js';

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

/** 1st, 2nd, 3rd, 4th, 11th, 21st. */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * Why each node of one group (in its roll order) stands where it does: its zone's turn, the toe-dip, and
 * the pipeline window that follows it. The roll adapts the order to where Auto Scaling launches; this is
 * the plan's intent.
 */
export function orderReasons(
  group: string,
  nodes: readonly { zone: string }[],
  settings: { surge: number; maxUnavailable: number },
): OrderReason[] {
  const window = Math.max(1, settings.surge + settings.maxUnavailable);
  const turns = new Map<string, number>();
  return nodes.map((node, i) => {
    const zoneTurn = (turns.get(node.zone) ?? 0) + 1;
    turns.set(node.zone, zoneTurn);
    const toeDip = i === 0;
    const where = `${node.zone}'s ${ordinal(zoneTurn)} turn (zones take turns; the oldest node of a zone goes first)`;
    const when = toeDip
      ? settings.surge > 0
        ? "the toe-dip: its replacement launches alone and must be Ready and pre-pulled before the roll widens"
        : 'the toe-dip: it drains alone, before any replacement exists (no surge)'
      : `in the pipeline after the toe-dip: up to ${window} of the group's nodes in flight at once (surge ${settings.surge} + max-unavailable ${settings.maxUnavailable}); it starts as soon as a slot frees`;
    return { position: i + 1, zoneTurn, toeDip, window, message: `${ordinal(i + 1)} in group ${group}: ${where}; ${when}` };
  });
}
