// The roll state: plain JSON, journaled after every transition so a crashed roll resumes where it
// stopped. Only what is in flight is kept in detail (pods of nodes being drained); finished work is
// kept as counts, so the journal stays small on large clusters.
import type { DaemonSetManifest } from '../../kube/port.js';
import type { Blocker, Reason, RollOptions } from '../plan.js';
import type { Window } from '../window.js';
import type { Effect, ErrorInfo } from './effects.js';

export const STATE_VERSION = 1;

export type RollStatePhase = 'protecting' | 'rolling' | 'restoring' | 'finished';

/** `paused`: the maintenance windows (--window) closed; the next run in a window goes on (window-pause.ts). */
export type RollStateOutcome = 'succeeded' | 'failed' | 'interrupted' | 'paused';

export interface GroupSize {
  min: number;
  max: number;
  desired: number;
}

export interface GroupState {
  name: string;
  original: GroupSize;
  suspendedBefore: string[];
  /** The processes dextre suspends (those not already suspended); only these are resumed. */
  suspendedByDextre: string[];
  surge: number;
  maxUnavailable: number;
  /** Nodes of the group when the roll began: a Ready node not among them is a replacement. */
  existingNodes: string[];
  /** Old nodes to replace (R). */
  total: number;
  /** Replacements requested by raising desired (L). */
  launched: number;
  /** Of those, the ones Auto Scaling acknowledged (a failed request is taken back). */
  launchedConfirmed: number;
  /** Old instances terminated with decrement (T). Desired is always original + external + L − T. */
  terminated: number;
  /**
   * Desired-capacity changes made by others during the roll (cluster-autoscaler scaling up, a person),
   * absorbed from a read before every change dextre makes: kept, never undone.
   */
  external: number;
  /** Replacement nodes deleted by others and not yet matched with a drop of desired (see pipeline.ts sizeRead). */
  replacementsLost?: number;
  /** A read of desired answered and not yet acted on (a launch or the restore follows it at once). */
  sizeRead: boolean;
  /** The max dextre sets while rolling (original max raised to fit the surge). */
  rollMax: number;
  /**
   * The min dextre sets while rolling: lowered by maxUnavailable when the group sits at its min, since a
   * terminate with decrement below min is refused (a surge-0 roll terminates before it launches).
   */
  rollMin: number;
  /** The first replacement goes alone ("toe-dip"); the roll widens once it is warm. */
  toeDipDone: boolean;
  /** Auto Scaling acknowledged the suspension of `suspendedByDextre` (only then are they resumed). */
  suspended: boolean;
  /** Auto Scaling acknowledged `rollMin` (when it differs from the original min). */
  minLowered: boolean;
  restored: 'pending' | 'read' | 'resized' | 'done';
  /** Epoch seconds of the last launch request or replacement arrival (for the launch timeout). */
  lastProgressAt: number;
  /** Instances per zone when the restore read the group (AZRebalance is resumed only when they are even). */
  zonesAtRestore?: Record<string, number>;
  /** The desired and max dextre left the group with (differs from `original` only after a failure). */
  final?: GroupSize;
}

export type OldNodeStatus =
  | 'waiting'
  | 'cordoning'
  | 'listing'
  | 'draining'
  | 'drained'
  | 'terminating'
  | 'terminated'
  | 'uncordoning'
  | 'uncordoned'
  | 'failed';

export interface OldNodeState {
  name: string;
  /** The node's Auto Scaling group; '' in a drain that terminates nothing (it never asks AWS). */
  group: string;
  zone: string;
  /** '' for a node whose providerID names no EC2 instance (a drain without --terminate accepts any node). */
  instanceId: string;
  reasons: Reason[];
  status: OldNodeStatus;
  /** Uids of the pods still to move, in eviction order (regular first, system-critical last). */
  pods: string[];
  evicted: number;
  replacement?: string;
  softTainted: boolean;
  /** Set when the roll gave up on this node and it must stay cordoned (drained, but its terminate failed). */
  keepCordoned?: boolean;
}

export type PodStatus = 'waiting' | 'evicting' | 'backoff' | 'terminating' | 'gone';

export interface PodState {
  uid: string;
  namespace: string;
  name: string;
  node: string;
  /** The controlling workload's key (`kind/namespace/name`); absent for unreplicated pods. */
  workload?: string;
  critical: boolean;
  status: PodStatus;
  /** Eviction attempts refused by a PDB so far. */
  refusals: number;
  lastRefusal?: { pdbs: string[]; message: string };
  /** The pod's uid is gone from the cluster. */
  gone: boolean;
  /** Its workload serves again (replacement Ready), or it has none. */
  replaced: boolean;
}

export type ReplacementStatus = 'protecting' | 'prepulling' | 'warm' | 'deleted';

export interface ReplacementState {
  name: string;
  group: string;
  zone: string;
  instanceId: string;
  status: ReplacementStatus;
  /** The node is Ready now; a replacement that turns NotReady stops counting as capacity until it is back. */
  ready: boolean;
  /** The old node it stands in for (for the report). */
  pairedWith?: string;
  unprotected: boolean;
}

export interface RollSettings {
  /** Seconds a node may take to drain, and a moved pod's workload to serve again; 0: no limit (kubectl's `--timeout 0`). */
  drainTimeoutSeconds: number;
  prepull: boolean;
  force: boolean;
  deleteEmptyDirData: boolean;
  disregardDoNotDisrupt: boolean;
  /** Seconds a replacement may take to pre-pull before the roll goes on without (a warning). */
  prepullTimeoutSeconds: number;
  /** Seconds a group may go without a new Ready replacement while it waits for one. */
  launchTimeoutSeconds: number;
  /** Seconds each evicted pod gets to stop (the eviction's DeleteOptions.gracePeriodSeconds); absent: the pod's own. */
  gracePeriodSeconds?: number;
  /** Only pods matching this label selector (kubectl form) are moved; the others stay and block nothing. */
  podSelector?: string;
  /** false: the next pod of a workload goes once the previous one is evicted, without waiting for its workload to serve again. Absent: true. */
  readinessGate?: boolean;
  /** Maintenance windows (--window): outside all of them no further node is started and the roll pauses. Absent or empty: no restriction. */
  windows?: Window[];
}

/**
 * Present when the machine drains named nodes (`dextre drain`) instead of rolling: no surge, no launch,
 * no replacement, no soft taint, no pre-pull; every named node is cordoned before any pod moves, and stays
 * cordoned (also when the drain stops). Drained nodes are terminated through their groups only when asked.
 */
export interface DrainMode {
  /** Terminate each drained node's instance through its Auto Scaling group, decrementing desired. */
  terminate: boolean;
}

export interface RollState {
  version: typeof STATE_VERSION;
  rollId: string;
  cluster: string;
  phase: RollStatePhase;
  /** Set for a drain of named nodes (see DrainMode); absent for a roll. */
  drain?: DrainMode;
  outcome?: RollStateOutcome;
  startedAt: number;
  now: number;
  finishedAt?: number;
  settings: RollSettings;
  groupOrder: string[];
  groups: Record<string, GroupState>;
  nodeOrder: string[];
  nodes: Record<string, OldNodeState>;
  replacements: Record<string, ReplacementState>;
  replacementOrder: string[];
  pods: Record<string, PodState>;
  /** Workload key → the uid of its pod being moved: one pod per workload at a time. */
  workloadsBusy: Record<string, string>;
  /** The pre-pull DaemonSets, and the images they pull per namespace (for the report). */
  prepull: { manifests: DaemonSetManifest[]; images: { namespace: string; images: string[] }[]; applied: boolean; deleted: boolean };
  /** Effects issued and not yet answered, by key. */
  inflight: Record<string, Effect>;
  /**
   * Epoch seconds each in-flight effect was first issued (kept across a resume), so `dextre status` can say
   * since when the roll waits on it. Absent in journals written before it was recorded.
   */
  inflightSince?: Record<string, number>;
  blockers: Blocker[];
  warnings: string[];
  /** Images a replacement failed to pre-pull, with the kubelet's reason: pods using them are not moved. */
  unpullable: Record<string, string>;
  failure?: ErrorInfo;
  /** What the roll was asked for (absent in drain mode and in journals written before it was recorded): a re-run resumes only the same roll. */
  options?: RollOptions;
  /** Recorded by `dextre abort` once it unwound the roll and took back its surplus replacements. */
  abort?: AbortRecord;
}

export interface AbortRecord {
  /** Epoch seconds. */
  at: number;
  /** Who aborted (host/pid). */
  by: string;
  /** Replacement nodes drained and terminated to bring the groups back to their original desired. */
  drained: string[];
  /** Every group is back at its original desired. */
  restored: boolean;
}
