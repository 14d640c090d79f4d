// The rebalance plan: how pods sit across zones and nodes, the fewest moves that bring each workload
// within its topology spread maxSkew and hot nodes below the threshold, and what stops a move. Produced by
// the pure planner (plan.ts) from a ClusterView; run by the rebalance state machine; shown by `rebalance`.
import type { DrainOptions } from '../filters.js';
import type { PodRef, WorkloadRef, Zone } from '../model.js';

/** What the user asked for, after flags are parsed and validated. */
export interface RebalanceOptions extends DrainOptions {
  /** Evictions in total at most; undefined: no cap. */
  maxEvictions?: number;
  /** Evictions from one node at most; undefined: no cap. */
  maxEvictionsPerNode?: number;
  /** Evictions in one namespace at most; undefined: no cap. */
  maxEvictionsPerNamespace?: number;
  /**
   * A node is hot above this share of its allocatable CPU or memory requested (0 < t ≤ 1). Moves never
   * take a node above it; 1 turns hot-node moves off.
   */
  utilisationThreshold: number;
  /** Seconds one move may take (eviction retries behind a PDB, the replacement turning Ready) before it is given up. */
  moveTimeoutSeconds: number;
  /** Also even out each Auto Scaling group's nodes across its zones, by rolling nodes of the over-full zones. */
  fixZones: boolean;
}

/** Pods of one workload per zone. Zones are the domains the workload's pods can run in. */
export type ZoneCounts = Record<Zone, number>;

/** A workload as rebalance measures it: its pods' spread over the zones they can run in. */
export interface WorkloadSpread {
  /** `kind/namespace/name` of the top controller (a Deployment, not its ReplicaSet). */
  key: string;
  kind: string;
  namespace: string;
  name: string;
  /** Keys of the pods' direct controllers (a Deployment's ReplicaSets). */
  controllers: string[];
  /** From the pods' zone topologySpreadConstraints (the smallest), else 1. */
  maxSkew: number;
  /** Where maxSkew comes from. */
  maxSkewFrom: 'topologySpreadConstraints' | 'default';
  /** Every zone the pods can run in (a Ready node matching their nodeSelector and tolerated), in name order. */
  zones: Zone[];
  counts: ZoneCounts;
  /** Most pods in a zone minus fewest (0 with fewer than two zones). */
  skew: number;
  /** Its pods are system-critical: they move after every other workload's. */
  critical: boolean;
}

export interface NodeUtilisation {
  name: string;
  zone: Zone;
  /** Requested share of allocatable CPU, 0…1+. */
  cpu: number;
  /** Requested share of allocatable memory, 0…1+. */
  memory: number;
  /** The larger of the two: what decides whether a node is hot. */
  utilisation: number;
}

export type MoveReason = 'zone-skew' | 'hot-node';

/** One planned eviction: which pod leaves where, where its replacement should land, and why. */
export interface PlannedMove {
  /** `m1`, `m2`, … in plan order. */
  id: string;
  reason: MoveReason;
  pod: PodRef;
  /** The pod's direct controller (waits and readiness are judged on it); absent for an unreplicated pod. */
  owner?: WorkloadRef;
  /** The workload's key (`WorkloadSpread.key`); absent for an unreplicated pod. */
  workload?: string;
  fromNode: string;
  fromZone: Zone;
  /** The zone the replacement should land in. */
  toZone: Zone;
  /** The node the planner counted the room on (the scheduler may choose another in an acceptable zone). */
  toNode: string;
  /**
   * Zones where landing is as good as planned (no fuller than the target once the pod has left); the nodes of
   * the others that could take the pod are cordoned while it reschedules. A zone move sets its target, these
   * and `cordon` again when it starts, from the pods per zone seen by then.
   */
  acceptableZones: Zone[];
  /** Nodes dextre cordons while the pod reschedules (they could take it, but it must not land there). */
  cordon: string[];
  /** Per zone, the node with the most room for the pod when planned (a zone absent had none). */
  rooms: Record<Zone, string>;
  /** Per zone, the nodes that could bind the pod when planned (eligible, schedulable, with room): what a cordon covers. */
  bindable: Record<Zone, string[]>;
  /** Of those, the nodes the pod would take above the utilisation threshold: cordoned in every zone. */
  avoid: string[];
  skewBefore: number;
  skewAfter: number;
  critical: boolean;
  /** One sentence for people: workload, from, to, skew before → after (or the utilisation relieved). */
  message: string;
}

export type FindingKind =
  | 'pdb-never-allows'
  | 'multiple-pdbs'
  | 'do-not-disrupt'
  | 'emptydir-pod'
  | 'unreplicated-pod'
  | 'zone-pinned-volume'
  | 'no-room'
  | 'no-movable-pod'
  | 'cap-reached'
  | 'hot-node'
  | 'group-zone-imbalance'
  | 'eviction-refused'
  | 'replacement-not-ready'
  | 'landed-elsewhere'
  | 'leftover-cordon';

/** Something rebalance did not do, or could not, with what to do about it. */
export interface Finding {
  kind: FindingKind;
  message: string;
  remedy?: string;
  /** The flag that lets rebalance do it, when one does. */
  flag?: string;
  workload?: string;
  pod?: string;
  node?: string;
  pdb?: string;
  group?: string;
}

/** One Auto Scaling group's InService instances per zone, and the nodes a `--fix-zones` roll replaces. */
export interface GroupZones {
  name: string;
  counts: ZoneCounts;
  /** Most instances in a zone minus fewest, over the group's zones. */
  imbalance: number;
  /** Nodes of over-full zones whose roll draws their replacements into the emptiest zones. */
  fix: string[];
}

export interface UtilisationSpread {
  min: number;
  max: number;
  mean: number;
  /** Nodes above the threshold. */
  hot: number;
}

export interface RebalancePlan {
  cluster: string;
  workloads: WorkloadSpread[];
  /** Zone counts and skew per workload once the moves are made (as planned). */
  after: Record<string, { counts: ZoneCounts; skew: number }>;
  moves: PlannedMove[];
  nodes: { before: NodeUtilisation[]; after: NodeUtilisation[] };
  groups: GroupZones[];
  findings: Finding[];
  warnings: string[];
  /** Nodes a previous rebalance cordoned and left cordoned (a crash, Ctrl-C): uncordoned first. */
  leftoverCordons: string[];
  utilisationThreshold: number;
}
