// A pure PodDisruptionBudget model: the disruption controller's arithmetic and the Eviction API's
// decision, after kubernetes/pkg/controller/disruption and registry/core/pod/storage/eviction.go.
// The simulator's disruption controller and eviction handler, and the planner's preflight, all use it.
import type { IntOrPercent, Pdb, PdbStatus, Pod, Workload } from './model.js';
import { matchesSelector } from './selectors.js';

/** `intstr.GetScaledValueFromIntOrPercent`: an int as is, a percentage of `total`, rounded up or down. */
export function scaleIntOrPercent(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value.trim());
  if (!match) {
    const n = Number(value);
    if (Number.isInteger(n)) return n;
    throw new Error(`invalid int-or-percent "${value}"`);
  }
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** The PDBs in the pod's namespace whose selector matches it. */
export function pdbsForPod(pod: Pick<Pod, 'namespace' | 'labels'>, pdbs: readonly Pdb[]): Pdb[] {
  return pdbs.filter((pdb) => pdb.namespace === pod.namespace && matchesSelector(pdb.selector, pod.labels));
}

/** A pod counts as healthy when it is Ready and not terminating. */
export function isHealthy(pod: Pick<Pod, 'ready' | 'deletionTimestamp'>): boolean {
  return pod.ready && pod.deletionTimestamp === undefined;
}

/**
 * The sum of the scales of the controllers of `pods` (a ReplicaSet owned by a Deployment counts the
 * Deployment's replicas once), or undefined when a pod has no known controller — the disruption
 * controller then cannot compute a percentage or maxUnavailable budget.
 */
export function expectedScale(pods: readonly Pod[], workloads: readonly Workload[]): number | undefined {
  const byKey = new Map(workloads.map((w) => [`${w.kind}/${w.namespace}/${w.name}`, w]));
  const counted = new Map<string, number>();
  for (const pod of pods) {
    if (!pod.owner?.controller) return undefined;
    let workload = byKey.get(`${pod.owner.kind}/${pod.namespace}/${pod.owner.name}`);
    if (!workload) return undefined;
    if (workload.kind === 'ReplicaSet' && workload.owner?.controller && workload.owner.kind === 'Deployment') {
      workload = byKey.get(`Deployment/${pod.namespace}/${workload.owner.name}`) ?? workload;
    }
    counted.set(`${workload.kind}/${workload.name}`, workload.replicas);
  }
  return [...counted.values()].reduce((a, b) => a + b, 0);
}

/**
 * The status the disruption controller would write for `pdb`, given the pods its selector matches.
 * With minAvailable as a number, expected pods is the number of matched pods; otherwise it is the
 * controllers' scale, and a pod without a controller makes the budget allow nothing (as upstream).
 */
export function computePdbStatus(
  pdb: Pick<Pdb, 'minAvailable' | 'maxUnavailable'>,
  pods: readonly Pod[],
  scale: number | undefined,
): PdbStatus {
  const currentHealthy = pods.filter(isHealthy).length;
  let expectedPods: number;
  let desiredHealthy: number;
  if (pdb.maxUnavailable !== undefined) {
    if (scale === undefined) return { currentHealthy, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 };
    expectedPods = scale;
    desiredHealthy = expectedPods - scaleIntOrPercent(pdb.maxUnavailable, expectedPods, true);
  } else if (typeof pdb.minAvailable === 'number' || pdb.minAvailable === undefined) {
    expectedPods = pods.length;
    desiredHealthy = pdb.minAvailable ?? 0;
  } else {
    if (scale === undefined) return { currentHealthy, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 };
    expectedPods = scale;
    desiredHealthy = scaleIntOrPercent(pdb.minAvailable, expectedPods, true);
  }
  desiredHealthy = Math.max(0, desiredHealthy);
  const disruptionsAllowed = Math.max(0, currentHealthy - desiredHealthy);
  return { currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed };
}

export type EvictionDecision =
  /** Delete the pod (201); `checked` is the PDB whose allowance the eviction consumes, if any. */
  | { verdict: 'allow'; checked?: Pdb }
  /** The pod is already terminating: answer success, delete nothing more. */
  | { verdict: 'already-terminating' }
  /** 429 TooManyRequests. */
  | { verdict: 'refuse'; pdb: Pdb; message: string }
  /** 500: the eviction subresource does not support several budgets for one pod. */
  | { verdict: 'multiple-pdbs'; pdbs: Pdb[]; message: string };

/**
 * The Eviction API's answer for `pod` given the PDBs matching it, with their current status.
 * Pods that are Pending, Succeeded or Failed are deleted without a budget check; an unready pod
 * (unhealthyPodEvictionPolicy IfHealthyBudget, the default) may go only while the budget is met.
 */
export function decideEviction(pod: Pod, matching: readonly Pdb[]): EvictionDecision {
  if (pod.deletionTimestamp !== undefined) return { verdict: 'already-terminating' };
  if (pod.phase !== 'Running') return { verdict: 'allow' };
  if (matching.length > 1) {
    return {
      verdict: 'multiple-pdbs',
      pdbs: [...matching],
      message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    };
  }
  const [pdb] = matching;
  if (!pdb) return { verdict: 'allow' };
  const { status } = pdb;
  const allowed = pod.ready ? status.disruptionsAllowed > 0 : status.currentHealthy >= status.desiredHealthy;
  if (allowed) return { verdict: 'allow', checked: pdb };
  return {
    verdict: 'refuse',
    pdb,
    message: `Cannot evict pod as it would violate the pod's disruption budget. The disruption budget ${pdb.name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`,
  };
}

/**
 * Why a PDB can never allow a voluntary disruption, whatever the cluster does (maxUnavailable 0,
 * minAvailable covering every expected pod, or a scaled budget over pods without a known controller)
 * — or undefined when it can.
 */
export function neverAllowsDisruption(pdb: Pdb): string | undefined {
  const scaled = pdb.maxUnavailable !== undefined || typeof pdb.minAvailable === 'string';
  // computePdbStatus: a maxUnavailable or percentage budget over a pod without a known controller has no
  // scale, expects nothing and allows nothing, for as long as the pod has no controller.
  if (scaled && pdb.status.expectedPods === 0 && pdb.status.currentHealthy > 0) {
    return `its pods have no controller the disruption controller can scale, so a ${pdb.maxUnavailable !== undefined ? 'maxUnavailable' : 'percentage'} budget allows nothing`;
  }
  if (pdb.maxUnavailable !== undefined) {
    const max = scaleIntOrPercent(pdb.maxUnavailable, Math.max(pdb.status.expectedPods, 1), true);
    return max <= 0 ? `maxUnavailable is ${String(pdb.maxUnavailable)}` : undefined;
  }
  if (pdb.minAvailable === undefined) return undefined;
  if (typeof pdb.minAvailable === 'string' && /^100%$/.test(pdb.minAvailable.trim())) return 'minAvailable is 100%';
  if (typeof pdb.minAvailable === 'number' && pdb.status.expectedPods > 0 && pdb.minAvailable >= pdb.status.expectedPods) {
    return `minAvailable is ${pdb.minAvailable} and it selects ${pdb.status.expectedPods} pods`;
  }
  if (typeof pdb.minAvailable === 'string' && pdb.status.expectedPods > 0 && pdb.status.desiredHealthy >= pdb.status.expectedPods) {
    return `minAvailable is ${pdb.minAvailable} of ${pdb.status.expectedPods} pods: every one of them must stay healthy`;
  }
  return undefined;
}
