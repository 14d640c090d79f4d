// Running `roll nodes` again on a cluster whose journal holds an earlier roll. An unfinished roll is
// resumed when the command asks for the same roll (its flags are compared with those the journal
// recorded); asked for another one, dextre explains the difference and offers --restart. A roll that
// stopped without succeeding (interrupted, failed) may have left replacements above a group's original
// desired: the next roll adopts them as its own launches, so it ends the group at the size it had before
// either roll instead of at the inflated one.
import type { ClusterView } from '../model.js';
import { instanceIdOf } from '../model.js';
import type { RollOptions } from '../plan.js';
import { ROLL_PROCESSES } from './init.js';
import type { RollState } from './state.js';
import { surplusReplacements } from './surplus.js';

/** The flag each roll option comes from, as the user would type it again. */
const FLAGS: readonly [keyof RollOptions, string][] = [
  ['groups', '--group'],
  ['selector', '--selector'],
  ['nodes', '--node'],
  ['onlyNamed', '(rebalance --fix-zones)'],
  ['maxAgeSeconds', '--max-age'],
  ['all', '--all'],
  ['surge', '--surge'],
  ['maxUnavailable', '--max-unavailable'],
  ['drainTimeoutSeconds', '--drain-timeout'],
  ['prepull', '--prepull/--no-prepull'],
  ['force', '--force'],
  ['deleteEmptyDirData', '--delete-emptydir-data'],
  ['disregardDoNotDisrupt', '--disregard-do-not-disrupt'],
];

/**
 * What differs between the roll the journal recorded and the one asked for now, one phrase per option
 * (empty: the same roll, resume it). A journal from before options were recorded resumes as it is.
 */
export function resumeConflicts(recorded: RollOptions | undefined, asked: RollOptions): string[] {
  if (recorded === undefined) return [];
  return FLAGS.flatMap(([key, flag]) => {
    const was = show(recorded[key]);
    const now = show(asked[key]);
    return was === now ? [] : [`${flag} ${was} in the unfinished roll, ${now} now`];
  });
}

function show(value: unknown): string {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return '(not given)';
  return Array.isArray(value) ? [...value].map(String).sort().join(',') : String(value);
}

/**
 * Takes over what `previous` (a roll that stopped without succeeding) left above each group's original
 * desired: the replacements it launched and did not balance with terminations become this roll's own
 * launches — those that have joined are no longer "existing" nodes, so the roll pairs them with old nodes as
 * it does its own arrivals, and those still booting arrive like its own — and the group's original size is
 * the one it had before `previous`. Groups `previous` did not inflate, or that others have since shrunk,
 * are left as planned. The same choice of nodes as `dextre abort` takes back (surplus.ts).
 */
export function adoptSurplus(state: RollState, previous: RollState, view: ClusterView): { state: RollState; adopted: string[] } {
  const s = structuredClone(state);
  const nodeOf = new Map(view.nodes.flatMap((n) => {
    const id = instanceIdOf(n.providerId);
    return id !== undefined ? [[id, n.name] as const] : [];
  }));
  const live = new Map(view.groups.map((g) => [g.name, { desired: g.desired, nodes: g.instances.flatMap((i) => nodeOf.get(i.id) ?? []) }]));
  const adopted: string[] = [];
  for (const surplus of surplusReplacements(previous, live, () => 0)) {
    const g = s.groups[surplus.group];
    const pg = previous.groups[surplus.group];
    if (!g || !pg) continue;
    const taken = new Set(surplus.nodes);
    g.existingNodes = g.existingNodes.filter((n) => !taken.has(n));
    g.original = { ...pg.original };
    g.suspendedBefore = [...pg.suspendedBefore];
    g.suspendedByDextre = ROLL_PROCESSES.filter((p) => !pg.suspendedBefore.includes(p));
    g.launched = surplus.extra;
    g.launchedConfirmed = surplus.extra;
    g.toeDipDone = true; // the adopted replacements have proven the new template already
    g.rollMax = Math.max(g.original.max, g.original.desired + Math.max(g.surge, surplus.extra));
    g.rollMin = Math.min(g.original.min, Math.max(0, g.original.desired - g.maxUnavailable));
    const booting = surplus.missing > 0 ? `, ${surplus.missing} still booting` : '';
    adopted.push(`${surplus.group}: ${surplus.extra} replacement(s) (${surplus.nodes.join(', ') || 'none joined yet'}${booting}), original desired ${g.original.desired}`);
  }
  return { state: s, adopted };
}
