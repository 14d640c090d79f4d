// What the engine offers the commands, and what it tells its listeners (the UI).
import type { NodeGroupCloud } from '../cloud/port.js';
import type { Clock } from '../clock/port.js';
import type { KubeCluster } from '../kube/port.js';
import type { ClusterView } from '../core/model.js';
import type { RollOptions, RollPlan } from '../core/plan.js';
import type { RollResult, SimulationReport } from '../core/result.js';
import type { LockInfo } from '../core/status/lock-info.js';
import type { MoveStatus, RebalancePhase } from '../core/rebalance/state.js';

export type RollPhase = 'protecting' | 'rolling' | 'restoring' | 'finished';

export type NodeStatus =
  | 'waiting'
  | 'cordoned'
  | 'draining'
  | 'drained'
  | 'terminating'
  | 'replaced'
  /** A drained node's instance terminated without replacement (`dextre drain --terminate`). */
  | 'terminated'
  | 'failed'
  | 'uncordoned';

/** A pod being moved: evicting (the request goes), refused (a PDB said 429; retried later), evicted (it is terminating). */
export type PodMoveStatus = 'evicting' | 'refused' | 'evicted';

/** Domain events for listeners. The engine never waits for a listener; listeners must not throw. */
export type EngineEvent =
  | { type: 'planned'; at: number; plan: RollPlan }
  | { type: 'phase'; at: number; phase: RollPhase }
  | { type: 'node'; at: number; node: string; group: string; status: NodeStatus; detail?: string }
  | { type: 'replacement'; at: number; node: string; group: string; zone: string; ready: boolean; prepulled: boolean }
  /**
   * A pod of a node being drained moves: its eviction goes, a PDB refused it (429, `pdbs`; retried later), or it was
   * evicted (it terminates). The timeline reads how long each PDB held the roll from these.
   */
  | { type: 'pod'; at: number; node: string; group: string; pod: string; status: PodMoveStatus; pdbs?: string[]; detail?: string }
  /** The roll asked Auto Scaling for `count` more replacements (negative: a launch it refused, taken back). */
  | { type: 'launch'; at: number; group: string; count: number }
  | { type: 'warning'; at: number; message: string }
  | { type: 'finished'; at: number; result: RollResult }
  /** A rebalance (alone, or the last phase of a roll) reached a stage; `detail` says what it does there. */
  | { type: 'rebalance'; at: number; stage: RebalanceStage; detail?: string }
  /** A planned move changed status (`detail`: where the replacement landed, or why the move was given up). */
  | { type: 'move'; at: number; id: string; pod: string; workload?: string; from: string; toZone: string; status: MoveStatus; detail?: string }
  /** Rebalance cordoned (or lifted its cordon on) a node while a pod rescheduled. */
  | { type: 'cordon'; at: number; node: string; cordoned: boolean };

export type RebalanceStage = 'planned' | 'fixing-zones' | RebalancePhase;

/** Where the roll state is journaled after every transition (a file for now, a ConfigMap later). */
export interface JournalStore {
  load(): Promise<unknown | undefined>;
  save(state: unknown): Promise<void>;
  clear(): Promise<void>;
}

/** One roll per cluster (a Lease on a real cluster; none on an in-process simulator, whose world is this process's). */
export interface RollLock {
  /**
   * Takes the lock and keeps it renewed until `release`; throws LOCKED (exit 5) while another roll holds it.
   * Resolves to a warning when it took over a lock whose holder stopped renewing it. `onLost` hears if the
   * lock is lost mid-roll (not renewed in time and taken by another).
   */
  acquire(onLost: (error: unknown) => void, onStopRequested?: (request: string) => void): Promise<string | undefined>;
  release(): Promise<void>;
  /**
   * Asks whoever holds the lock to stop (`dextre abort`); they hear it within a third of the lock's TTL and
   * stop as on Ctrl-C. Resolves to the holder asked, or undefined when the lock is free.
   */
  requestStop(by: string): Promise<string | undefined>;
  /** Reads who holds the lock, without taking it (`dextre status`); undefined when it is free. */
  inspect(): Promise<LockInfo | undefined>;
}

export interface EngineContext {
  cloud: NodeGroupCloud;
  kube: KubeCluster;
  clock: Clock;
  journal: JournalStore;
  /** Receives domain events as they happen. */
  listener?: (event: EngineEvent) => void;
  /** Aborting stops launching and takes the failure path (outcome `interrupted`). */
  signal?: AbortSignal;
  /** Parallel effects at most (default 16). */
  concurrency?: number;
  /** On a simulator: the simulator's own report, added to the result as `simulation`. */
  simulationReport?: () => SimulationReport;
  /** Held from before the journal is read until the roll ends. */
  lock?: RollLock;
}

/** A cluster read and planned, ready to show, confirm and execute. */
export interface PreparedRoll {
  cluster: string;
  options: RollOptions;
  view: ClusterView;
  plan: RollPlan;
}
