// Which cluster a command works on, and the one place that chooses its adapters: the simulator in
// process (`--cluster demo`, `--sim FILE`), or the real Kubernetes and AWS backends (every other
// `--cluster`, through dextre.yaml or the kube context of that name). A simulator served over HTTP
// (`dextre sim serve`) is a real cluster to dextre: it is reached through the real adapters.
// Resolving is synchronous and touches nothing; opening creates the clients (the SDKs load lazily).
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NodeGroupCloud } from '../cloud/port.js';
import type { Clock } from '../clock/port.js';
import { DextreError } from '../core/errors.js';
import type { SimulationReport } from '../core/result.js';
import type { JournalStore, RollLock } from '../engine/api.js';
import type { KubeCluster } from '../kube/port.js';
import { DEMO_FIXTURE } from '../sim/demo.js';
import { findConfigFile, loadConfig, type ClusterEntry, type RollDefaults } from './cluster-config.js';

/** The name that selects the built-in simulated demo cluster (unless dextre.yaml defines a cluster of that name). */
export const DEMO_CLUSTER = 'demo';

export interface TargetRequest {
  cluster?: string | undefined;
  /** A fixture file for the simulator. */
  sim?: string | undefined;
  speed: number | 'max';
  /**
   * Journal file. A simulated world lives only in this process, so another process can never resume its
   * roll: on a simulator the journal is kept in memory unless a file is named (relative to `cwd`). On a
   * real cluster the journal is a ConfigMap unless a file is named.
   */
  journal?: string | undefined;
  cwd: string;
  config?: string | undefined;
  kubeconfig?: string | undefined;
  context?: string | undefined;
  region?: string | undefined;
  profile?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

/** Where a command will work, validated, before anything is read or changed. */
export type ResolvedTarget =
  | { kind: 'simulator'; fixture: string; speed: number | 'max'; journalPath?: string; roll: RollDefaults }
  | { kind: 'cluster'; cluster: ClusterEntry; configFile?: string; journalPath?: string; roll: RollDefaults };

export interface Target {
  /** The cluster's name in the Auto Scaling groups' tags. */
  clusterName: string;
  /** Explicit Auto Scaling group names (dextre.yaml `groups`); undefined: discover by tag. */
  groupNames?: string[];
  cloud: NodeGroupCloud;
  kube: KubeCluster;
  clock: Clock;
  journal: JournalStore;
  /** The journal file, when the journal is one. */
  journalPath?: string;
  /**
   * Where a rebalance journals its state (the cordons it holds), apart from the roll's journal so neither
   * mistakes the other's state for its own: the ConfigMap `kube-system/dextre-rebalance-journal`, in memory
   * on a simulator, or beside the journal file (`<FILE>.rebalance`).
   */
  rebalanceJournal: JournalStore;
  /** Set on a simulator: its own account of the run. */
  simulationReport?: () => SimulationReport;
  /** One roll per cluster; absent on an in-process simulator. */
  lock?: RollLock;
  /** Releases what opening took (connections, watches). */
  close(): Promise<void>;
}

/** Checks that a target was named at all; cheap, so commands call it before anything else. */
export function checkTargetNamed(request: Pick<TargetRequest, 'cluster' | 'sim'>): void {
  if (request.cluster === undefined && request.sim === undefined) {
    throw new DextreError(
      'USAGE',
      'No cluster given. Pass --cluster NAME (a kube context or an entry of dextre.yaml; --cluster demo runs on the built-in simulated demo cluster) or --sim FILE to run on a simulator fixture.',
    );
  }
}

export function resolveTargetRequest(request: TargetRequest): ResolvedTarget {
  checkTargetNamed(request);
  const journalPath = request.journal !== undefined ? resolve(request.cwd, request.journal) : undefined;
  const journal = journalPath !== undefined ? { journalPath } : {};
  if (request.sim !== undefined) {
    rejectClusterFlags(request, '--sim');
    return { kind: 'simulator', fixture: fixturePath(request.cwd, request.sim), speed: request.speed, ...journal, roll: {} };
  }
  const name = request.cluster ?? '';
  const configFile = findConfigFile({ explicit: request.config, cwd: request.cwd, ...(request.env ? { env: request.env } : {}) });
  const entry = configFile !== undefined ? loadConfig(configFile).clusters.get(name) : undefined;
  if (name === DEMO_CLUSTER && entry === undefined) {
    rejectClusterFlags(request, '--cluster demo');
    return { kind: 'simulator', fixture: DEMO_FIXTURE, speed: request.speed, ...journal, roll: {} };
  }
  if (name.trim() === '') throw new DextreError('USAGE', '--cluster is empty. Pass the name of a kube context or of an entry in dextre.yaml.');
  const cluster: ClusterEntry = { ...(entry ?? { name, roll: {} }) };
  if (request.kubeconfig !== undefined) cluster.kubeconfig = resolve(request.cwd, request.kubeconfig);
  for (const key of ['context', 'region', 'profile'] as const) {
    const value = request[key];
    if (value !== undefined) cluster[key] = value;
  }
  return { kind: 'cluster', cluster, ...(configFile !== undefined ? { configFile } : {}), ...journal, roll: cluster.roll };
}

/** Creates the adapters for a resolved target. The simulator and the SDKs are imported only when needed. */
export async function openTarget(resolved: ResolvedTarget): Promise<Target> {
  if (resolved.kind === 'simulator') {
    const [{ loadSimulation }, { FileJournal, MemoryJournal }] = await Promise.all([import('../sim/index.js'), import('../engine/journal-file.js')]);
    const sim = loadSimulation(resolved.fixture, { speed: resolved.speed });
    const journalPath = resolved.journalPath;
    return {
      clusterName: sim.clusterName,
      cloud: sim.cloud,
      kube: sim.kube,
      clock: sim.clock,
      journal: journalPath !== undefined ? new FileJournal(journalPath) : new MemoryJournal(),
      ...(journalPath !== undefined ? { journalPath } : {}),
      rebalanceJournal: journalPath !== undefined ? new FileJournal(rebalanceJournalPath(journalPath)) : new MemoryJournal(),
      simulationReport: () => sim.report(),
      close: async () => undefined,
    };
  }
  const { openCluster } = await import('./open-cluster.js');
  return openCluster(resolved);
}

/** Resolve and open in one step (tests, and commands with nothing to do in between). */
export async function resolveTarget(request: TargetRequest): Promise<Target> {
  return openTarget(resolveTargetRequest(request));
}

/** The rebalance's journal file beside the roll's: `FILE.rebalance`. */
export function rebalanceJournalPath(journalPath: string): string {
  return `${journalPath}.rebalance`;
}

function rejectClusterFlags(request: TargetRequest, what: string): void {
  const given = (['kubeconfig', 'context', 'region', 'profile'] as const).filter((k) => request[k] !== undefined);
  if (given.length > 0) {
    throw new DextreError(
      'USAGE',
      `${given.map((k) => `--${k}`).join(', ')} ${given.length === 1 ? 'applies' : 'apply'} to real clusters only, not to ${what} (a simulator in this process). ` +
        `To reach a simulator over HTTP, start \`dextre sim serve\` and pass --cluster with its name and --kubeconfig with the file it writes.`,
    );
  }
}

function fixturePath(cwd: string, sim: string): string {
  const path = resolve(cwd, sim);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new DextreError(
      'CONFIG',
      `The simulator fixture ${path} does not exist or is not a file. Pass --sim (or, to \`dextre plan\`, --snapshot) with the path of a fixture ` +
        `or a snapshot (fixtures/clusters/*.yaml holds examples; \`dextre snapshot\` writes snapshots), or --cluster demo for the built-in demo cluster.`,
    );
  }
  return path;
}
