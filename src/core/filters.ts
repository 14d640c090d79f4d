// The drain filter chain, after kubectl `pkg/drain/filters.go`: which pods of a node dextre evicts, which it
// leaves, and which stop the drain — each decision a value with a reason and, for a block, the flag that
// overrides it. Pure: whether a pod's controller still exists is computed by the caller.
import type { Pod, Workload, WorkloadKind } from './model.js';
import { podKey, workloadKey } from './model.js';
import type { BlockerKind } from './plan.js';

/** The user's overrides, as `kubectl drain` names them (RollOptions satisfies this). */
export interface DrainOptions {
  /** Evict pods that no controller manages, or whose controller is gone (`--force`). */
  force: boolean;
  /** Evict pods with emptyDir volumes; their data is lost (`--delete-emptydir-data`). */
  deleteEmptyDirData: boolean;
  /** Evict pods annotated do-not-disrupt (`--disregard-do-not-disrupt`). */
  disregardDoNotDisrupt: boolean;
}

export interface FilterContext {
  options: DrainOptions;
  /** True when the pod's controlling owner still exists (see `controllerExistsIn`). */
  controllerExists: (pod: Pod) => boolean;
}

export type PodDecision =
  /**
   * Evict through the Eviction API (or, for a terminating pod, wait for it to go). `warnings` name what an
   * override let through, without the pod (callers group them by message, as kubectl does).
   */
  | { action: 'evict'; reason: string; warnings: string[] }
  /** Leave the pod where it is; it goes with the node. */
  | { action: 'skip'; reason: string }
  /** Stop: the pod cannot be moved safely unless the user passes `flag`. `reason` names the flag and the pod. */
  | { action: 'block'; kind: BlockerKind; reason: string; flag: string };

export function evict(reason = 'evict through the Eviction API', warnings: readonly string[] = []): PodDecision {
  return { action: 'evict', reason, warnings: [...warnings] };
}

export function skip(reason: string): PodDecision {
  return { action: 'skip', reason };
}

export function block(kind: BlockerKind, reason: string, flag: string): PodDecision {
  return { action: 'block', kind, reason, flag };
}

/** A check that passed (perhaps only thanks to an override, with a warning): the chain goes on. */
interface Proceed {
  action: 'proceed';
  warning?: string;
}

function proceed(warning?: string): Proceed {
  return warning === undefined ? { action: 'proceed' } : { action: 'proceed', warning };
}

type PodFilter = (pod: Pod, ctx: FilterContext) => PodDecision | Proceed;

export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
export const DO_NOT_DISRUPT_ANNOTATIONS = ['dextre.io/do-not-disrupt', 'karpenter.sh/do-not-disrupt'] as const;

const mirrorPod: PodFilter = (pod) =>
  Object.hasOwn(pod.annotations, MIRROR_ANNOTATION)
    ? skip('mirror pod of a static pod; the API server cannot delete it, the kubelet runs it')
    : proceed();

const daemonSetPod: PodFilter = (pod) =>
  pod.owner?.controller && pod.owner.kind === 'DaemonSet'
    ? skip('DaemonSet pods stay; the DaemonSet controller would recreate them')
    : proceed();

const finishedPod: PodFilter = (pod) =>
  pod.phase === 'Succeeded' || pod.phase === 'Failed'
    ? skip(`${pod.phase} pod; it holds no resources and goes with the node`)
    : proceed();

const terminatingPod: PodFilter = (pod) =>
  pod.deletionTimestamp !== undefined ? evict('already terminating; dextre waits for it to go') : proceed();

const doNotDisrupt: PodFilter = (pod, ctx) => {
  const annotation = DO_NOT_DISRUPT_ANNOTATIONS.find((key) => pod.annotations[key] === 'true');
  if (annotation === undefined) return proceed();
  if (ctx.options.disregardDoNotDisrupt) return proceed('evicting Pods annotated do-not-disrupt');
  return block(
    'do-not-disrupt',
    `cannot evict Pods annotated ${annotation}=true (use --disregard-do-not-disrupt to override): ${podKey(pod)}`,
    '--disregard-do-not-disrupt',
  );
};

const unreplicatedPod: PodFilter = (pod, ctx) => {
  const owner = pod.owner?.controller ? pod.owner : undefined;
  if (owner && ctx.controllerExists(pod)) return proceed();
  const what = owner
    ? `Pods whose controller ${owner.kind} ${pod.namespace}/${owner.name} no longer exists`
    : 'Pods that declare no controller';
  if (ctx.options.force) return proceed(`deleting ${what} (nothing recreates them)`);
  return block('unreplicated-pod', `cannot delete ${what} (use --force to override): ${podKey(pod)}`, '--force');
};

// kubectl counts every emptyDir as local storage, memory-backed ones included: either way the data dies with the pod.
const localStorage: PodFilter = (pod, ctx) => {
  if (!pod.volumes.some((v) => v.emptyDir !== undefined)) return proceed();
  if (ctx.options.deleteEmptyDirData) return proceed('deleting Pods with local storage (their emptyDir data is lost)');
  return block(
    'emptydir-pod',
    `cannot delete Pods with local storage (use --delete-emptydir-data to override): ${podKey(pod)}`,
    '--delete-emptydir-data',
  );
};

/**
 * The chain, in order; the first decisive filter wins. Pods dextre never moves come first (so a mirror
 * or DaemonSet pod is never reported as a blocker), then pods already leaving, then the blocks.
 */
const CHAIN: readonly PodFilter[] = [mirrorPod, daemonSetPod, finishedPod, terminatingPod, doNotDisrupt, unreplicatedPod, localStorage];

/** What the drain does with `pod`. Warnings of passed overrides (--force, --delete-emptydir-data) accumulate. */
export function decidePod(pod: Pod, ctx: FilterContext): PodDecision {
  const warnings: string[] = [];
  for (const filter of CHAIN) {
    const verdict = filter(pod, ctx);
    if (verdict.action === 'proceed') {
      if (verdict.warning !== undefined) warnings.push(verdict.warning);
      continue;
    }
    // A block wins over warnings gathered so far: the pod does not move, so nothing is deleted.
    return verdict.action === 'evict' ? evict(verdict.reason, [...warnings, ...verdict.warnings]) : verdict;
  }
  return evict(undefined, warnings);
}

const KNOWN_CONTROLLERS: ReadonlySet<string> = new Set<WorkloadKind>(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job']);

/** The keys (`workloadKey`) of the controllers that exist, to feed `controllerExistsIn`. */
export function existingControllers(workloads: readonly Workload[]): Set<string> {
  return new Set(workloads.map((w) => workloadKey(w)));
}

/**
 * `controllerExists` over a set of workload keys. Owners of kinds dextre does not list (custom
 * controllers, ReplicationControllers) are trusted to exist, as kubectl trusts any controller reference.
 */
export function controllerExistsIn(keys: ReadonlySet<string>): (pod: Pod) => boolean {
  return (pod) => {
    const owner = pod.owner;
    if (!owner?.controller) return false;
    if (!KNOWN_CONTROLLERS.has(owner.kind)) return true;
    return keys.has(workloadKey({ kind: owner.kind, namespace: pod.namespace, name: owner.name }));
  };
}

/** The priority from which the API server treats a pod as system-critical (`scheduling.SystemCriticalPriority`). */
export const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

const CRITICAL_CLASSES: ReadonlySet<string> = new Set(['system-cluster-critical', 'system-node-critical']);

/** System-critical pods (DNS, CNI, metrics) go last, so the node keeps working while it drains. */
export function isSystemCritical(pod: Pick<Pod, 'priority' | 'priorityClassName'>): boolean {
  return (pod.priorityClassName !== undefined && CRITICAL_CLASSES.has(pod.priorityClassName)) || pod.priority >= SYSTEM_CRITICAL_PRIORITY;
}

/** Regular pods first, system-critical last; by namespace/name within each, so the order is stable. */
export function evictionOrder<P extends Pick<Pod, 'namespace' | 'name' | 'priority' | 'priorityClassName'>>(pods: readonly P[]): P[] {
  return [...pods].sort((a, b) => {
    const critical = Number(isSystemCritical(a)) - Number(isSystemCritical(b));
    if (critical !== 0) return critical;
    return byNamespaceAndName(a, b);
  });
}

/** Sort order of namespaced objects: namespace, then name. */
export function byNamespaceAndName(a: { namespace: string; name: string }, b: { namespace: string; name: string }): number {
  return compareText(a.namespace, b.namespace) || compareText(a.name, b.name);
}

/** Code-point order, independent of locale (plans must not change with the machine's language). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
