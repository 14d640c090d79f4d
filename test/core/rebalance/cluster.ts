// Clusters for the rebalance planner's tables: nodes per zone with room to spare, and the pods of one
// workload (`web`, a Deployment through its ReplicaSet `web-rs`) placed per zone as a test says.
import type { Pod } from '../../../src/core/model.js';
import type { RebalanceOptions } from '../../../src/core/rebalance/types.js';
import { cluster, ZONES, type ClusterBuilder, type PodOptions } from '../builders.js';

/** What `rebalance` passes with no flags (threshold 90%, a 10-minute move timeout, no caps). */
export function rebalanceOptions(extra: Partial<RebalanceOptions> = {}): RebalanceOptions {
  return { force: false, deleteEmptyDirData: false, disregardDoNotDisrupt: false, utilisationThreshold: 0.9, moveTimeoutSeconds: 600, fixZones: false, ...extra };
}

/** `n-a1`, `n-a2` in eu-west-1a, … : `perZone` nodes in each of the first `zones` zones, big enough for anything. */
export function nodes(b: ClusterBuilder, perZone = 2, zones = 3, allocatable = { cpu: 16_000, memory: 65_536 }): void {
  b.group('g', { zones: ZONES.slice(0, zones) });
  for (const zone of ZONES.slice(0, zones)) {
    for (let i = 1; i <= perZone; i++) b.node(nodeName(zone, i), { group: 'g', zone, allocatable });
  }
}

export function nodeName(zone: string, i: number): string {
  return `n-${zone.slice(-1)}${i}`;
}

/** The Deployment `web` and its ReplicaSet `web-rs`, owner of the builder's default pods. */
export function webDeployment(b: ClusterBuilder, replicas: number): void {
  b.workload('Deployment', 'web', { replicas, readyReplicas: replicas });
  b.workload('ReplicaSet', 'web-rs', { replicas, readyReplicas: replicas, owner: { kind: 'Deployment', name: 'web', controller: true } });
}

/** Pods of `web`, `counts[i]` of them in zone i, on the zone's first node. */
export function webPods(b: ClusterBuilder, counts: readonly number[], extra: PodOptions = {}): Pod[] {
  webDeployment(b, counts.reduce((a, c) => a + c, 0));
  const pods: Pod[] = [];
  counts.forEach((n, z) => {
    for (let i = 0; i < n; i++) pods.push(b.pod(`web-${z}-${i}`, { node: nodeName(ZONES[z] ?? '', 1), ...extra }));
  });
  return pods;
}

export function skewedCluster(counts: readonly number[], extra: PodOptions = {}): ClusterBuilder {
  const b = cluster();
  nodes(b, 2, counts.length);
  webPods(b, counts, extra);
  return b;
}
