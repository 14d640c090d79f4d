// Which pods a rebalance may evict: the drain's filter chain (DaemonSet, mirror and finished pods stay;
// unreplicated, emptyDir and do-not-disrupt pods only with their flag) and the PDB model (a budget that
// never allows a disruption, or several budgets on one pod, rule the workload out). What rules a pod out
// becomes a finding naming the flag that overrides it, once per workload and kind.
import { blockerFor } from '../drain-plan.js';
import { compareText, decidePod, type FilterContext } from '../filters.js';
import { podKey, type Pdb, type Pod, type Zone } from '../model.js';
import { neverAllowsDisruption, pdbsForPod } from '../pdb.js';
import { movedCounts, type MeasuredWorkload } from './measure.js';
import type { Caps, Room } from './room.js';
import type { Finding, FindingKind, PlannedMove, RebalanceOptions, ZoneCounts } from './types.js';

/** Everything one planning pass shares: the ledgers it updates as it plans moves, and what it found. */
export interface PlanContext {
  options: RebalanceOptions;
  filter: FilterContext;
  pdbs: readonly Pdb[];
  room: Room;
  caps: Caps;
  nodeZones: ReadonlyMap<string, Zone>;
  /** Working zone counts per workload key, updated as moves are planned. */
  counts: Map<string, ZoneCounts>;
  workloads: ReadonlyMap<string, MeasuredWorkload>;
  /** Uids of pods already planned to move (a pod moves once). */
  moved: Set<string>;
  moves: PlannedMove[];
  findings: Findings;
  warnings: Set<string>;
}

export type Verdict = { movable: true; warnings: string[] } | { movable: false; finding?: Finding };

const BLOCK_KINDS: ReadonlySet<string> = new Set<FindingKind>(['do-not-disrupt', 'unreplicated-pod', 'emptydir-pod']);

/** Whether the pod may be evicted, and if not, why (a finding, or nothing for pods that never move). */
export function movability(ctx: Pick<PlanContext, 'filter' | 'pdbs'>, pod: Pod, workload?: string): Verdict {
  const decision = decidePod(pod, ctx.filter);
  const where = { ...(workload !== undefined ? { workload } : {}), pod: podKey(pod), ...(pod.nodeName !== undefined ? { node: pod.nodeName } : {}) };
  if (decision.action === 'skip') return { movable: false };
  if (decision.action === 'block') {
    const blocker = blockerFor(pod, decision);
    const kind = BLOCK_KINDS.has(decision.kind) ? (decision.kind as FindingKind) : 'unreplicated-pod';
    return { movable: false, finding: { kind, message: decision.reason, remedy: blocker.remedy, flag: decision.flag, ...where } };
  }
  if (pod.deletionTimestamp !== undefined) return { movable: false }; // already leaving
  const pdbs = pdbsForPod(pod, ctx.pdbs);
  if (pdbs.length > 1) {
    const names = pdbs.map((p) => podKey(p)).sort(compareText);
    return {
      movable: false,
      finding: {
        kind: 'multiple-pdbs',
        message: `pod ${podKey(pod)} is selected by several PodDisruptionBudgets (${names.join(', ')}); the Eviction API refuses to evict it`,
        remedy: 'make exactly one PodDisruptionBudget select the pod',
        ...where,
      },
    };
  }
  const [pdb] = pdbs;
  const never = pdb ? neverAllowsDisruption(pdb) : undefined;
  if (pdb && never !== undefined) {
    return {
      movable: false,
      finding: {
        kind: 'pdb-never-allows',
        message: `PodDisruptionBudget ${podKey(pdb)} never allows a disruption (${never}); rebalance leaves its pods where they are`,
        remedy: "raise the workload's replicas above minAvailable, or relax the PDB; dextre never evicts past a PDB",
        ...where,
        pdb: podKey(pdb),
      },
    };
  }
  return { movable: true, warnings: decision.warnings };
}

/** Pods with a PersistentVolumeClaim stay in their zone: on AWS an EBS volume lives in one zone. */
export function zonePinned(pod: Pod): string | undefined {
  return pod.volumes.find((v) => v.persistentVolumeClaim !== undefined)?.persistentVolumeClaim?.claimName;
}

/** Findings, one per subject and kind (a workload's twenty do-not-disrupt pods make one finding). */
export class Findings {
  private readonly byKey = new Map<string, Finding & { count: number }>();

  add(finding: Finding): void {
    const key = `${finding.kind}|${finding.workload ?? finding.group ?? finding.node ?? finding.pod ?? ''}|${finding.pdb ?? ''}`;
    const seen = this.byKey.get(key);
    if (seen) seen.count++;
    else this.byKey.set(key, { ...finding, count: 1 });
  }

  list(): Finding[] {
    return [...this.byKey.values()].map(({ count, ...f }) =>
      count > 1 && f.workload !== undefined && f.pod !== undefined ? { ...f, message: `${f.message} (and ${count - 1} more of ${f.workload})` } : f,
    );
  }
}

/** Records the move in every ledger: counts, room, caps, the set of moved pods, and the override warnings. */
export function commit(ctx: PlanContext, move: Omit<PlannedMove, 'id'>, pod: Pod, warnings: readonly string[]): PlannedMove {
  const planned: PlannedMove = { id: `m${ctx.moves.length + 1}`, ...move };
  ctx.moves.push(planned);
  ctx.moved.add(pod.uid);
  ctx.caps.take(pod);
  ctx.room.move(pod, move.fromNode, move.toNode);
  const counts = move.workload !== undefined ? ctx.counts.get(move.workload) : undefined;
  if (counts) Object.assign(counts, movedCounts(counts, move.fromZone, move.toZone));
  for (const w of warnings) ctx.warnings.add(`${w}: ${podKey(pod)}`);
  return planned;
}
