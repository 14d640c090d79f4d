// The plan: which nodes a roll replaces, why, in what order, and what would block it. Produced by the
// pure planner (planner.ts) from a ClusterView; consumed by the roll state machine, `plan` and `--json`.
import type { Window } from './window.js';
import type { Resources, Zone } from './model.js';

export type ReasonCode =
  | 'launch-template'
  | 'launch-template-version'
  | 'launch-configuration'
  | 'image'
  | 'max-age'
  | 'named'
  | 'all';

/** Why a node is outdated: a code for machines and a sentence for people. */
export interface Reason {
  code: ReasonCode;
  message: string;
}

export interface PlannedNode {
  name: string;
  group: string;
  zone: Zone;
  instanceId: string;
  reasons: Reason[];
  /** Pods dextre would evict from the node (DaemonSet, mirror and finished pods excluded). */
  podsToEvict: number;
  /** Why the node stands where it does in the roll order (the planner always sets it). */
  order?: OrderReason;
}

/**
 * Why a node stands where it does: zones take turns within its group (oldest first within a zone), the
 * group's first node is the toe-dip, and after it the pipeline keeps `window` nodes in flight.
 */
export interface OrderReason {
  /** 1-based position among its group's nodes to replace. */
  position: number;
  /** 1-based turn of its zone: the node is the zone's n-th to go (zones take turns). */
  zoneTurn: number;
  /** The group's first node: its replacement launches alone and must be warm before the roll widens. */
  toeDip: boolean;
  /** Nodes of the group in flight at once after the toe-dip (surge + max-unavailable, at least 1). */
  window: number;
  message: string;
}

/** The capacity check of one group. Resources in millicores and MiB. */
export interface GroupCapacity {
  /** Instances at the roll's peak: the group's desired capacity plus the surge. */
  peakInstances: number;
  /** How much the roll raises max for the surge (0 when max already allows the peak); restored after. */
  raisesMaxBy: number;
  zones: number;
  /** Controller-managed pods that must move off the group's nodes to replace, and what they request. */
  podsToMove: number;
  requests: Resources;
  /** The most that one of the group's nodes sheds at once (its moving pods' requests). */
  largestNode: Resources;
  /**
   * Room on the group's replacements: each old node's allocatable less its DaemonSet pods' requests
   * (a replacement is assumed to be the same size as the node it replaces).
   */
  replacementRoom: Resources;
  /** Free requestable room on the Ready, schedulable nodes that stay (the whole cluster's, shared by every group). */
  stayingRoom: Resources;
}

export interface PlannedGroup {
  name: string;
  zones: Zone[];
  size: { min: number; max: number; desired: number };
  suspendedProcesses: string[];
  /** Resolved from --surge / --max-unavailable against the number of nodes to replace. */
  surge: number;
  maxUnavailable: number;
  /** `lt-0abc:7` (with $Latest/$Default resolved), `lc:NAME`, or undefined. */
  target?: string;
  /** Ordered names of the group's nodes to replace. */
  nodes: string[];
  /** The capacity check (the planner always sets it). */
  capacity?: GroupCapacity;
}

export type BlockerKind =
  | 'pdb-never-allows'
  | 'multiple-pdbs'
  | 'unreplicated-pod'
  | 'emptydir-pod'
  | 'do-not-disrupt'
  | 'no-capacity'
  | 'pod-fits-nowhere'
  | 'drain-timeout'
  | 'replacement-not-ready'
  | 'image-not-pullable'
  | 'eviction-refused';

/** Something that stops the roll, with what to do about it. */
export interface Blocker {
  kind: BlockerKind;
  message: string;
  remedy: string;
  /** The flag that overrides it, when one does (e.g. `--force`). */
  flag?: string;
  node?: string;
  pod?: string;
  pdb?: string;
}

export type WarningKind =
  /** A PDB allows no disruption right now: the drain will wait for it (up to the drain timeout). */
  | 'pdb-no-disruption-now'
  | 'group-at-max'
  | 'single-zone'
  | 'no-surge'
  /** Without surge, a drained node's pods may find no room until its replacement arrives. */
  | 'tight-capacity'
  /** An override flag lets pods through that the drain would otherwise refuse. */
  | 'override'
  /** The group's launch settings cannot be resolved (a missing template or version). */
  | 'launch-settings';

/** Something that does not stop the roll but changes how it goes, with what to do about it when anything helps. */
export interface Warning {
  kind: WarningKind;
  message: string;
  remedy?: string;
  /** The flag that changes it, when one does. */
  flag?: string;
  group?: string;
  pdb?: string;
}

/** Every condition the preflight found, blockers first: `blockers` and `warnings` with their severity. */
export type Finding = (Blocker & { severity: 'blocker' }) | (Warning & { severity: 'warning' });

/** What one group's replacements pre-pull for one namespace (pull secrets are namespaced). */
export interface PrepullSet {
  /** The Auto Scaling group whose old nodes run the pods; only its replacements pull these images. */
  group: string;
  namespace: string;
  images: string[];
  pullSecrets: string[];
}

export interface SkippedNode {
  name: string;
  reason: string;
}

export interface RollPlan {
  cluster: string;
  /** Groups with at least one node to replace, in a stable order. */
  groups: PlannedGroup[];
  /** Every node to replace, in roll order. */
  nodes: PlannedNode[];
  /** Nodes considered and left alone, with why (not in any group, selector did not match, up to date). */
  skipped: SkippedNode[];
  blockers: Blocker[];
  /** The messages of `findings` that are warnings (kept as sentences for the roll, the result and older readers). */
  warnings: string[];
  findings: Finding[];
  prepull: PrepullSet[];
}

/** What the user asked for, after flags are parsed and validated. */
export interface RollOptions {
  /** Group names; empty means every group of the cluster. */
  groups: string[];
  /** Label selector in kubectl form; only matching nodes are considered. */
  selector?: string;
  /** Node names to replace even when up to date. */
  nodes: string[];
  /** Replace only the nodes in `nodes`, outdated or not, and no other (rebalance's --fix-zones rolls exactly those). */
  onlyNamed?: boolean;
  /** Replace nodes older than this many seconds. */
  maxAgeSeconds?: number;
  /** Replace every node considered, outdated or not. */
  all: boolean;
  /** A count or a percentage of the nodes to replace ("1", "25%"). */
  surge: string;
  maxUnavailable: string;
  /** Seconds a node may take to drain before the timeout policy applies. */
  drainTimeoutSeconds: number;
  prepull: boolean;
  /** Evict pods that no controller manages (kubectl drain --force). */
  force: boolean;
  /** Evict pods that use emptyDir volumes; their data is lost. */
  deleteEmptyDirData: boolean;
  /** Evict pods annotated do-not-disrupt. */
  disregardDoNotDisrupt: boolean;
  /**
   * Maintenance windows (--window): the roll starts nodes only inside one. Not compared on resume: a run
   * with other windows goes on with the unfinished roll under the windows given now.
   */
  windows?: Window[];
}
