// The plan: which nodes a roll replaces, why, in what order, and what would block it. Produced by the
// pure planner (planner.ts) from a ClusterView; consumed by the roll state machine, `plan` and `--json`.
import type { Zone } from './model.js';

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
}

export type BlockerKind =
  | 'pdb-never-allows'
  | 'multiple-pdbs'
  | 'unreplicated-pod'
  | 'emptydir-pod'
  | 'do-not-disrupt'
  | 'no-capacity'
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
  warnings: string[];
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
}
