// Preflight: what would stop a roll, found before anything changes, and what would slow it. PodDisruptionBudgets
// that can never allow an eviction, pods the Eviction API cannot evict (several budgets), budgets that allow none
// right now (and why), and the group-level findings (max size, zones, surge, room). The filter chain's own
// blockers come from drain-plan.ts, the placement check's from placement.ts.
import { compareText } from './filters.js';
import { podKey, type NodeGroup, type Pdb, type Pod, type Resources } from './model.js';
import { isHealthy, neverAllowsDisruption, pdbsForPod } from './pdb.js';
import type { GroupRoom } from './placement.js';
import type { Blocker, GroupCapacity, Warning } from './plan.js';
import { matchesSelector } from './selectors.js';

export interface Findings {
  blockers: Blocker[];
  warnings: Warning[];
}

/** How many pod names a message lists before it says "and N more". */
const LISTED = 3;

/**
 * Checks the PDBs of `pods` (the pods the drain would send to the Eviction API): one blocker per PDB that
 * never allows a disruption, one per pod selected by several PDBs (the API answers 500 for those; in the
 * order of `pods`), and a warning per PDB that allows none right now (the drain will wait for it), naming
 * its pods among `unhealthy` (the cluster's pods that are not Ready or are terminating). `where` ends the
 * never-allows message: where the covered pods are.
 */
export function pdbPreflight(pods: readonly Pod[], pdbs: readonly Pdb[], unhealthy: readonly Pod[] = [], where = 'on nodes to replace'): Findings {
  const byNamespace = new Map<string, Pdb[]>();
  for (const pdb of pdbs) {
    const list = byNamespace.get(pdb.namespace);
    if (list) list.push(pdb);
    else byNamespace.set(pdb.namespace, [pdb]);
  }
  // Per PDB: how many pods it covers and the first few names (all 150,000 names would only be counted).
  const covered = new Map<Pdb, { count: number; pods: string[] }>();
  const multiple: Blocker[] = [];
  for (const pod of pods) {
    const matching = pdbsForPod(pod, byNamespace.get(pod.namespace) ?? []);
    if (matching.length > 1) multiple.push(multiplePdbs(pod, matching));
    for (const pdb of matching) {
      let entry = covered.get(pdb);
      if (!entry) {
        entry = { count: 0, pods: [] };
        covered.set(pdb, entry);
      }
      if (entry.count++ < LISTED) entry.pods.push(podKey(pod));
    }
  }
  const never: Blocker[] = [];
  const warnings: Warning[] = [];
  const byKey = [...covered.entries()].map(([pdb, entry]) => ({ key: podKey(pdb), pdb, ...entry }));
  for (const { key, pdb, count, pods: names } of byKey.sort((a, b) => compareText(a.key, b.key))) {
    const why = neverAllowsDisruption(pdb);
    if (why !== undefined) {
      never.push({
        kind: 'pdb-never-allows',
        message: `PodDisruptionBudget ${key} never allows a disruption (${why}); it covers ${listPods(names, count)} ${where}`,
        remedy: "raise the workload's replicas above minAvailable, or relax the PDB; dextre never evicts past a PDB",
        pdb: key,
      });
    } else if (pdb.status.disruptionsAllowed === 0) {
      warnings.push(noDisruptionNow(key, pdb, unhealthy));
    }
  }
  return { blockers: [...multiple, ...never], warnings };
}

function multiplePdbs(pod: Pod, matching: readonly Pdb[]): Blocker {
  const names = matching.map((p) => podKey(p)).sort(compareText);
  return {
    kind: 'multiple-pdbs',
    message: `pod ${podKey(pod)} is selected by several PodDisruptionBudgets (${names.join(', ')}); the Eviction API refuses to evict it`,
    remedy: 'make exactly one PodDisruptionBudget select the pod',
    ...(pod.nodeName !== undefined ? { node: pod.nodeName } : {}),
    pod: podKey(pod),
  };
}

function listPods(names: readonly string[], count: number): string {
  const more = count > names.length ? ` and ${count - names.length} more` : '';
  return `${count === 1 ? 'pod' : `${count} pods`} ${names.join(', ')}${more}`;
}

function noDisruptionNow(key: string, pdb: Pdb, unhealthy: readonly Pod[]): Warning {
  const sick = unhealthy.filter((p) => p.namespace === pdb.namespace && matchesSelector(pdb.selector, p.labels));
  const named = sick.slice(0, LISTED).map((p) => `${podKey(p)} ${healthText(p)}`);
  const more = sick.length > LISTED ? ` and ${sick.length - LISTED} more` : '';
  const why = named.length > 0 ? `: ${named.join(', ')}${more}` : '';
  return {
    kind: 'pdb-no-disruption-now',
    message:
      `PodDisruptionBudget ${key} allows no disruption right now (${pdb.status.currentHealthy} healthy, ` +
      `${pdb.status.desiredHealthy} needed${why}); the drain will wait until its pods are healthy`,
    remedy:
      'make its pods healthy first (kubectl describe pod), or roll later; each node waits for the budget up to the drain timeout, then the roll stops as blocked',
    flag: '--drain-timeout',
    pdb: key,
  };
}

function healthText(pod: Pod): string {
  if (pod.deletionTimestamp !== undefined) return 'is terminating';
  if (pod.phase !== 'Running') return `is ${pod.phase}`;
  return 'is not Ready';
}

/** The cluster's pods a budget does not count as healthy (few, in a healthy cluster). */
export function unhealthyPods(pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => !isHealthy(p) && p.phase !== 'Succeeded' && p.phase !== 'Failed');
}

/** The findings about a group the roll will replace nodes in, given its resolved settings and capacity check. */
export function groupFindings(group: NodeGroup, settings: { surge: number; maxUnavailable: number }, capacity: GroupCapacity): Warning[] {
  const warnings: Warning[] = [];
  const name = group.name;
  if (capacity.raisesMaxBy > 0) {
    warnings.push({
      kind: 'group-at-max',
      message:
        `group ${name} is at or near its max size (${group.max}, desired ${group.desired}); the roll raises max by ` +
        `${capacity.raisesMaxBy} to ${capacity.peakInstances} for the surge and restores ${group.max} after`,
      remedy: 'nothing to do: dextre restores max; to leave max alone, raise it yourself first or roll with --surge 0 --max-unavailable 1',
      flag: '--surge',
      group: name,
    });
  }
  if (group.zones.length === 1) {
    warnings.push({
      kind: 'single-zone',
      message: `group ${name} has a single zone (${group.zones[0] ?? ''}); its capacity cannot move across zones during the roll`,
      remedy: "give the group subnets in more zones; until then a capacity shortage in that zone stops the roll's launches",
      group: name,
    });
  }
  if (settings.surge === 0) {
    warnings.push({
      kind: 'no-surge',
      message: `group ${name} rolls without surge: up to ${settings.maxUnavailable} of its nodes are drained before their replacements exist`,
      remedy: 'pass --surge 1 (or more) so that replacement capacity exists before any node drains',
      flag: '--surge',
      group: name,
    });
    const shed = { cpu: capacity.largestNode.cpu * settings.maxUnavailable, memory: capacity.largestNode.memory * settings.maxUnavailable };
    if (!within(shed, capacity.stayingRoom)) {
      warnings.push({
        kind: 'tight-capacity',
        message:
          `group ${name}: the pods of ${settings.maxUnavailable === 1 ? 'a drained node' : `${settings.maxUnavailable} drained nodes`} ` +
          `(up to ${resourcesText(shed)}) do not fit in the room on the nodes that stay (${resourcesText(capacity.stayingRoom)}); ` +
          'they wait Pending until the replacements arrive',
        remedy: 'pass --surge 1 (or more), or make room on the nodes that stay before the roll',
        flag: '--surge',
        group: name,
      });
    }
  }
  return warnings;
}

/**
 * The capacity check of a group: the peak of instances against max, and what its moving pods request
 * against the room that will be there (`largestNode` is what one drained node sheds at once).
 */
export function groupCapacity(
  group: NodeGroup,
  surge: number,
  room: GroupRoom,
  stayingRoom: Resources,
): GroupCapacity {
  const peakInstances = group.desired + surge;
  return {
    peakInstances,
    raisesMaxBy: Math.max(0, peakInstances - group.max),
    zones: group.zones.length,
    podsToMove: room.podsToMove,
    requests: { ...room.requests },
    largestNode: { ...room.largestNode },
    replacementRoom: { ...room.replacementRoom },
    stayingRoom: { ...stayingRoom },
  };
}

/**
 * A blocker when the pods to move request more than the nodes that stay and every replacement can hold
 * together: whatever the order, some of them would stay Pending at the end of the roll.
 */
export function capacityBlocker(requests: Resources, room: Resources): Blocker | undefined {
  if (within(requests, room)) return undefined;
  return {
    kind: 'no-capacity',
    message:
      `the pods to move request ${resourcesText(requests)}, but the nodes that stay and the replacements have room for ` +
      `${resourcesText(room)}; some would stay Pending`,
    remedy:
      "make room before the roll: raise the groups' desired capacity or use a larger instance type in the launch template, or lower the pods' requests",
  };
}

function within(need: Resources, room: Resources): boolean {
  return need.cpu <= room.cpu + 1e-6 && need.memory <= room.memory + 1e-6;
}

/** `1500m CPU and 3072 MiB`. */
export function resourcesText(r: Resources): string {
  return `${Math.round(r.cpu)}m CPU and ${Math.round(r.memory)} MiB`;
}
