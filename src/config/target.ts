// Which cluster a command works on. Today: the built-in demo cluster and simulator fixtures; real
// clusters (kubeconfig + AWS) arrive with their backends.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NodeGroupCloud } from '../cloud/port.js';
import type { Clock } from '../clock/port.js';
import { DextreError } from '../core/errors.js';
import type { SimulationReport } from '../core/result.js';
import type { JournalStore } from '../engine/api.js';
import { FileJournal, MemoryJournal } from '../engine/journal-file.js';
import type { KubeCluster } from '../kube/port.js';
import { DEMO_FIXTURE, loadSimulation } from '../sim/index.js';

/** The name that selects the built-in simulated demo cluster. */
export const DEMO_CLUSTER = 'demo';

export interface TargetRequest {
  cluster?: string | undefined;
  /** A fixture file for the simulator. */
  sim?: string | undefined;
  speed: number | 'max';
  /**
   * Journal file. A simulated world lives only in this process, so another process can never resume its
   * roll: on a simulator the journal is kept in memory unless a file is named (relative to `cwd`).
   */
  journal?: string | undefined;
  cwd: string;
}

export interface Target {
  clusterName: string;
  cloud: NodeGroupCloud;
  kube: KubeCluster;
  clock: Clock;
  journal: JournalStore;
  /** The journal file, when the journal is one. */
  journalPath?: string;
  /** Set on a simulator: its own account of the run. */
  simulationReport?: () => SimulationReport;
}

/** Checks that a target was named at all; cheap, so commands call it before anything else. */
export function checkTargetNamed(request: Pick<TargetRequest, 'cluster' | 'sim'>): void {
  if (request.cluster === undefined && request.sim === undefined) {
    throw new DextreError(
      'USAGE',
      'No cluster given. Pass --cluster NAME (--cluster demo runs on the built-in simulated demo cluster) or --sim FILE to run on a simulator fixture.',
    );
  }
}

export function resolveTarget(request: TargetRequest): Target {
  checkTargetNamed(request);
  const fixture = fixturePath(request);
  const sim = loadSimulation(fixture, { speed: request.speed });
  const journalPath = request.journal !== undefined ? resolve(request.cwd, request.journal) : undefined;
  return {
    clusterName: sim.clusterName,
    cloud: sim.cloud,
    kube: sim.kube,
    clock: sim.clock,
    journal: journalPath !== undefined ? new FileJournal(journalPath) : new MemoryJournal(),
    ...(journalPath !== undefined ? { journalPath } : {}),
    simulationReport: () => sim.report(),
  };
}

function fixturePath(request: TargetRequest): string {
  if (request.sim !== undefined) {
    const path = resolve(request.cwd, request.sim);
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new DextreError(
        'CONFIG',
        `The simulator fixture ${path} does not exist or is not a file. Pass --sim with the path of a fixture ` +
          `(fixtures/clusters/*.yaml holds examples), or --cluster demo for the built-in demo cluster.`,
      );
    }
    return path;
  }
  const cluster = request.cluster ?? '';
  if (cluster === DEMO_CLUSTER) return DEMO_FIXTURE;
  throw new DextreError(
    'UNKNOWN_CLUSTER',
    `No cluster named ${JSON.stringify(cluster)} is configured. This version of dextre runs on simulated clusters only; ` +
      `real clusters (kubeconfig and AWS credentials) arrive with the Kubernetes and AWS backends. ` +
      `Use --cluster demo for the built-in demo cluster, or --sim FILE for a simulator fixture.`,
  );
}
