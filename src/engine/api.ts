// What the engine offers the commands, and what it tells its listeners (the UI).
import type { NodeGroupCloud } from '../cloud/port.js';
import type { Clock } from '../clock/port.js';
import type { KubeCluster } from '../kube/port.js';
import type { ClusterView } from '../core/model.js';
import type { RollOptions, RollPlan } from '../core/plan.js';
import type { RollResult, SimulationReport } from '../core/result.js';

export type RollPhase = 'protecting' | 'rolling' | 'restoring' | 'finished';

export type NodeStatus =
  | 'waiting'
  | 'cordoned'
  | 'draining'
  | 'drained'
  | 'terminating'
  | 'replaced'
  | 'failed'
  | 'uncordoned';

/** Domain events for listeners. The engine never waits for a listener; listeners must not throw. */
export type EngineEvent =
  | { type: 'planned'; at: number; plan: RollPlan }
  | { type: 'phase'; at: number; phase: RollPhase }
  | { type: 'node'; at: number; node: string; group: string; status: NodeStatus; detail?: string }
  | { type: 'replacement'; at: number; node: string; group: string; zone: string; ready: boolean; prepulled: boolean }
  /** The roll asked Auto Scaling for `count` more replacements (negative: a launch it refused, taken back). */
  | { type: 'launch'; at: number; group: string; count: number }
  /** An eviction of a pod of an old node was answered: the pod goes, or a PDB refused (429; the roll retries). */
  | { type: 'eviction'; at: number; node: string; group: string; pod: string; outcome: 'evicted' | 'refused'; pdbs: string[] }
  | { type: 'warning'; at: number; message: string }
  | { type: 'finished'; at: number; result: RollResult };

/** Where the roll state is journaled after every transition (a file for now, a ConfigMap later). */
export interface JournalStore {
  load(): Promise<unknown | undefined>;
  save(state: unknown): Promise<void>;
  clear(): Promise<void>;
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
}

/** A cluster read and planned, ready to show, confirm and execute. */
export interface PreparedRoll {
  cluster: string;
  options: RollOptions;
  view: ClusterView;
  plan: RollPlan;
}
