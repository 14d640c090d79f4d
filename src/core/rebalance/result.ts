// The result of `rebalance` (and of the rebalance phase of `roll nodes`): what `--json` prints and the
// text renderer shows.
import type { Outcome, RollResult, SimulationReport } from '../result.js';
import type { MoveStatus } from './state.js';
import type { Finding, MoveReason, UtilisationSpread, ZoneCounts } from './types.js';

export interface WorkloadResult {
  kind: string;
  namespace: string;
  name: string;
  maxSkew: number;
  maxSkewFrom: 'topologySpreadConstraints' | 'default';
  /** Skew before the rebalance (most pods in a zone minus fewest, over the zones the pods can run in). */
  before: number;
  /** Skew after: measured on the cluster once the rebalance ended (for a plan, as planned). */
  after: number;
  zonesBefore: ZoneCounts;
  zonesAfter: ZoneCounts;
  /** Pods of this workload evicted (planned, for a plan). */
  moves: number;
}

export interface MoveResult {
  id: string;
  reason: MoveReason;
  pod: string;
  workload: string | null;
  from: { node: string; zone: string };
  toZone: string;
  skewBefore: number;
  skewAfter: number;
  status: MoveStatus | 'planned';
  /** Where the replacement landed (once verified). */
  landed?: { pod: string; node: string; zone: string }[];
  asPlanned?: boolean;
  /** The nodes dextre cordoned while the pod moved. */
  cordoned: string[];
  message: string;
  detail?: string;
}

export interface NodeUtilisationResult {
  name: string;
  zone: string;
  /** Requested share of allocatable (the larger of CPU and memory), before and after. */
  before: number;
  after: number;
}

export interface GroupZonesResult {
  name: string;
  /** InService instances per zone before (and after, when --fix-zones changed them). */
  zones: ZoneCounts;
  imbalance: number;
  /** Nodes a --fix-zones roll replaces (or replaced). */
  fix: string[];
  zonesAfter?: ZoneCounts;
}

export interface RebalanceResult {
  outcome: Outcome;
  cluster: string;
  /** Epoch seconds (virtual on a simulator). */
  startedAt: number;
  finishedAt: number;
  /** Pods evicted (planned, for a plan). */
  evictions: number;
  workloads: WorkloadResult[];
  moves: MoveResult[];
  utilisation: { threshold: number; before: UtilisationSpread; after: UtilisationSpread; nodes: NodeUtilisationResult[] };
  groups: GroupZonesResult[];
  findings: Finding[];
  warnings: string[];
  /** Cordons a previous rebalance left (a crash, Ctrl-C), lifted first (or to lift, for a plan). */
  cleanedUp: string[];
  /** The roll that evened out the groups' zones (--fix-zones). */
  zoneFix?: RollResult;
  error?: { code: string; message: string };
  /** On a simulator: its own account since the world was loaded (PDB violations, evictions, …). */
  simulation?: SimulationReport;
}
