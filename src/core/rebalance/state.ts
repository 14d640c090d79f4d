// The rebalance state: plain JSON, journaled after every transition. A crash or Ctrl-C leaves in it (and
// on the nodes, as an annotation) every cordon dextre set, so the next rebalance lifts them first.
import type { ErrorInfo } from '../roll/effects.js';
import type { RebalanceEffect } from './effects.js';
import type { Finding, PlannedMove, ZoneCounts } from './types.js';

export const REBALANCE_STATE_VERSION = 1;

export type RebalancePhase = 'cleaning' | 'moving' | 'restoring' | 'finished';

export type MoveStatus =
  /** Not started. */
  | 'waiting'
  /** Its cordons are being set. */
  | 'cordoning'
  /** The eviction is in flight. */
  | 'evicting'
  /** A PDB refused; retried after a back-off. */
  | 'backoff'
  /** Evicted: waiting for the pod to go and its workload to serve again. */
  | 'terminating'
  /** Looking where the replacement landed. */
  | 'verifying'
  | 'done'
  /** Not made (no longer needed, a PDB that did not allow it in time, interrupted): `detail` says why. */
  | 'skipped'
  /** Made, but its replacement did not serve again in time. */
  | 'failed';

export interface MoveState extends PlannedMove {
  status: MoveStatus;
  /** The pod was evicted (counts as an eviction whatever came after). */
  evicted: boolean;
  refusals: number;
  lastRefusal?: { pdbs: string[]; message: string };
  gone: boolean;
  replaced: boolean;
  /** Where the workload's new pods were found once it served again. */
  landed?: { pod: string; node: string; zone: string }[];
  /** Every new pod landed in an acceptable zone, off the node it left. */
  asPlanned?: boolean;
  detail?: string;
}

/** A workload with moves: what the core knows of its pods, updated after every move from a fresh list. */
export interface WorkloadTrack {
  key: string;
  namespace: string;
  maxSkew: number;
  zones: string[];
  /** Keys of its direct controllers (a Deployment's ReplicaSets). */
  controllers: string[];
  counts: ZoneCounts;
  /** Uids of its pods at the last look (a uid not among them is a replacement). */
  uids: string[];
}

export type CordonStatus = 'cordoning' | 'cordoned' | 'uncordoning';

export interface RebalanceSettings {
  /** Seconds a move may take from its cordon to its verified replacement. */
  moveTimeoutSeconds: number;
}

export interface RebalanceState {
  kind: 'rebalance';
  version: typeof REBALANCE_STATE_VERSION;
  rebalanceId: string;
  cluster: string;
  phase: RebalancePhase;
  outcome?: 'succeeded' | 'failed' | 'interrupted';
  startedAt: number;
  now: number;
  finishedAt?: number;
  settings: RebalanceSettings;
  moveOrder: string[];
  moves: Record<string, MoveState>;
  workloads: Record<string, WorkloadTrack>;
  /** Node → zone, as planned (a node that joined since is in no zone rebalance counts). */
  nodeZones: Record<string, string>;
  /** Nodes dextre has cordoned, or is cordoning or uncordoning; leftovers of a previous run start here as cordoned. */
  cordons: Record<string, CordonStatus>;
  /** Leftover cordons of a previous rebalance, lifted first. */
  leftovers: string[];
  /** Nodes whose uncordon failed for good (named with the `kubectl uncordon` to run). */
  leftCordoned: string[];
  inflight: Record<string, RebalanceEffect>;
  findings: Finding[];
  warnings: string[];
  failure?: ErrorInfo;
}
