// Preflight: what would stop a roll, found before anything changes. PodDisruptionBudgets that can never
// allow an eviction, pods the Eviction API cannot evict (several budgets), and group-level warnings.
// The filter chain's own blockers come from drain-plan.ts.
import { compareText } from './filters.js';
import { podKey, type NodeGroup, type Pdb, type Pod } from './model.js';
import { neverAllowsDisruption, pdbsForPod } from './pdb.js';
import type { Blocker } from './plan.js';

export interface Findings {
  blockers: Blocker[];
  warnings: string[];
}

/** How many pod names a message lists before it says "and N more". */
const LISTED = 3;

/**
 * Checks the PDBs of `pods` (the pods the drain would send to the Eviction API): one blocker per PDB that
 * never allows a disruption, one per pod selected by several PDBs (the API answers 500 for those; in the
 * order of `pods`), and a warning per PDB that allows none right now (the drain will wait for it).
 * `where` ends the never-allows message: where the covered pods are.
 */
export function pdbPreflight(pods: readonly Pod[], pdbs: readonly Pdb[], where = 'on nodes to replace'): Findings {
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
  const warnings: string[] = [];
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
      warnings.push(
        `PodDisruptionBudget ${key} allows no disruption right now (${pdb.status.currentHealthy} healthy, ` +
          `${pdb.status.desiredHealthy} needed); the drain will wait until its pods are healthy`,
      );
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

/** Warnings about a group the roll will replace nodes in, given its resolved surge and max-unavailable. */
export function groupWarnings(group: NodeGroup, settings: { surge: number; maxUnavailable: number }): string[] {
  const warnings: string[] = [];
  if (group.desired + settings.surge > group.max) {
    warnings.push(
      `group ${group.name} is at or near its max size (${group.max}, desired ${group.desired}); the roll raises max to ` +
        `${group.desired + settings.surge} for the surge and restores ${group.max} after`,
    );
  }
  if (group.zones.length === 1) {
    warnings.push(`group ${group.name} has a single zone (${group.zones[0] ?? ''}); its capacity cannot move across zones during the roll`);
  }
  if (settings.surge === 0) {
    warnings.push(
      `group ${group.name} rolls without surge: up to ${settings.maxUnavailable} of its nodes are drained before their replacements exist`,
    );
  }
  return warnings;
}
