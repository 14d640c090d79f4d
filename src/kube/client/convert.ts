// Kubernetes objects → dextre's model, exactly as the simulator's in-process adapter presents the same
// objects (src/sim/adapters.ts, src/sim/views.ts). Pure: no I/O, no clock.
import type {
  LabelSelector,
  Node,
  OwnerRef,
  Pdb,
  Pod,
  PodPhase,
  Taint,
  TaintEffect,
  Toleration,
  TopologySpreadConstraint,
  Volume,
  Workload,
  WorkloadKind,
} from '../../core/model.js';
import { cpuMillicores, memoryMiB } from '../quantity.js';
import { podRequests } from './requests.js';
import type { KCondition, KLabelSelector, KNode, KObjectMeta, KPdb, KPod, KToleration, KTopologySpreadConstraint, KVolume, KWorkload } from './shapes.js';
import { epochWholeSeconds } from './time.js';

const TAINT_EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] satisfies TaintEffect[];
const PHASES: readonly string[] = ['Pending', 'Running', 'Succeeded', 'Failed'] satisfies PodPhase[];
const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
/** The kubelet's waiting reasons for an image it could not pull (pkg/kubelet/images/types.go). */
const IMAGE_PULL_FAILURES: ReadonlySet<string> = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName']);

function isTaintEffect(value: string | undefined): value is TaintEffect {
  return value !== undefined && TAINT_EFFECTS.includes(value);
}

/** True when the condition of that type has status "True" (absent or Unknown is not ready). */
export function conditionTrue(conditions: KCondition[] | undefined, type: string): boolean {
  return conditions?.find((c) => c.type === type)?.status === 'True';
}

/** The ownerReference with `controller: true`, as `metav1.GetControllerOf` finds it. */
export function controllerOf(meta: KObjectMeta | undefined): OwnerRef | undefined {
  const ref = meta?.ownerReferences?.find((r) => r.controller === true);
  return ref ? { kind: ref.kind, name: ref.name, controller: true } : undefined;
}

export function toTaint(t: { key: string; value?: string; effect: string }): Taint | undefined {
  if (!isTaintEffect(t.effect)) return undefined;
  const taint: Taint = { key: t.key, effect: t.effect };
  if (t.value !== undefined && t.value !== '') taint.value = t.value;
  return taint;
}

export function toNode(obj: KNode): Node {
  const meta = obj.metadata ?? {};
  const allocatable = obj.status?.allocatable ?? {};
  return {
    name: meta.name ?? '',
    providerId: obj.spec?.providerID ?? '',
    labels: { ...meta.labels },
    annotations: { ...meta.annotations },
    taints: (obj.spec?.taints ?? []).map(toTaint).filter((t): t is Taint => t !== undefined),
    unschedulable: obj.spec?.unschedulable ?? false,
    ready: conditionTrue(obj.status?.conditions, 'Ready'),
    allocatable: {
      cpu: allocatable['cpu'] === undefined ? 0 : (cpuMillicores(allocatable['cpu']) ?? 0),
      memory: allocatable['memory'] === undefined ? 0 : (memoryMiB(allocatable['memory']) ?? 0),
    },
    createdAt: epochWholeSeconds(meta.creationTimestamp) ?? 0,
  };
}

function toVolume(v: KVolume): Volume {
  const volume: Volume = { name: v.name };
  if (v.emptyDir) volume.emptyDir = v.emptyDir.medium ? { medium: v.emptyDir.medium } : {};
  if (v.persistentVolumeClaim) volume.persistentVolumeClaim = { claimName: v.persistentVolumeClaim.claimName };
  if (v.hostPath) volume.hostPath = { path: v.hostPath.path };
  return volume;
}

function toToleration(t: KToleration): Toleration {
  const toleration: Toleration = {};
  if (t.key !== undefined && t.key !== '') toleration.key = t.key;
  if (t.operator === 'Exists' || t.operator === 'Equal') toleration.operator = t.operator;
  if (t.value !== undefined && t.value !== '') toleration.value = t.value;
  if (isTaintEffect(t.effect)) toleration.effect = t.effect;
  return toleration;
}

/** `Unknown` (a lost node) and a missing phase read as Pending: not running, not finished. */
function toPhase(phase: string | undefined): PodPhase {
  return phase !== undefined && PHASES.includes(phase) ? (phase as PodPhase) : 'Pending';
}

/** Images the kubelet failed to pull: init containers first, then containers, as they start. */
function imagePullFailures(obj: KPod): { image: string; reason: string }[] {
  const statuses = [...(obj.status?.initContainerStatuses ?? []), ...(obj.status?.containerStatuses ?? [])];
  const specImages = new Map([...(obj.spec?.initContainers ?? []), ...(obj.spec?.containers ?? [])].map((c) => [c.name, c.image ?? '']));
  const failures: { image: string; reason: string }[] = [];
  for (const s of statuses) {
    const reason = s.state?.waiting?.reason;
    if (reason === undefined || !IMAGE_PULL_FAILURES.has(reason)) continue;
    failures.push({ image: s.image || specImages.get(s.name) || '', reason });
  }
  return failures;
}

/**
 * Image sizes from the nodes' `status.images` (MiB, to 0.1): every name an entry carries (tag and digest forms),
 * the largest size any node reports; sorted by name.
 */
export function toImageSizes(nodes: readonly KNode[]): { image: string; sizeMiB: number }[] {
  const sizes = new Map<string, number>();
  for (const node of nodes) {
    for (const entry of node.status?.images ?? []) {
      const mib = Math.round(((entry.sizeBytes ?? 0) / 1_048_576) * 10) / 10;
      for (const name of entry.names ?? []) sizes.set(name, Math.max(mib, sizes.get(name) ?? 0));
    }
  }
  return [...sizes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([image, sizeMiB]) => ({ image, sizeMiB }));
}

export function toPod(obj: KPod): Pod {
  const meta = obj.metadata ?? {};
  const spec = obj.spec ?? {};
  const pod: Pod = {
    namespace: meta.namespace ?? '',
    name: meta.name ?? '',
    uid: meta.uid ?? '',
    labels: { ...meta.labels },
    annotations: { ...meta.annotations },
    phase: toPhase(obj.status?.phase),
    ready: conditionTrue(obj.status?.conditions, 'Ready'),
    priority: spec.priority ?? 0,
    volumes: (spec.volumes ?? []).map(toVolume),
    initContainers: (spec.initContainers ?? []).map((c) => ({ name: c.name, image: c.image ?? '' })),
    containers: (spec.containers ?? []).map((c) => ({ name: c.name, image: c.image ?? '' })),
    requests: podRequests(spec),
    imagePullSecrets: (spec.imagePullSecrets ?? []).flatMap((s) => (s.name ? [s.name] : [])),
    tolerations: (spec.tolerations ?? []).map(toToleration),
    nodeSelector: { ...spec.nodeSelector },
    // The API server defaults it to 30 seconds; a pod read from it always has one.
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
    imagePullFailures: imagePullFailures(obj),
  };
  if (spec.nodeName) pod.nodeName = spec.nodeName;
  const owner = controllerOf(meta);
  if (owner) pod.owner = owner;
  const deletion = epochWholeSeconds(meta.deletionTimestamp);
  if (deletion !== undefined) pod.deletionTimestamp = deletion;
  if (spec.priorityClassName) pod.priorityClassName = spec.priorityClassName;
  const startup = startupSeconds(obj);
  if (startup !== undefined) pod.startupSeconds = startup;
  const spread = (spec.topologySpreadConstraints ?? []).flatMap(toSpreadConstraint);
  if (spread.length > 0) pod.topologySpreadConstraints = spread;
  return pod;
}

/** Ready's last transition minus the latest container start, when the pod is Ready and both are known. */
function startupSeconds(obj: KPod): number | undefined {
  const ready = obj.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');
  const readyAt = epochWholeSeconds(ready?.lastTransitionTime);
  const starts = (obj.status?.containerStatuses ?? []).map((s) => epochWholeSeconds(s.state?.running?.startedAt));
  if (readyAt === undefined || starts.length === 0 || starts.some((s) => s === undefined)) return undefined;
  return Math.max(0, readyAt - Math.max(...(starts as number[])));
}

/** An entry without a topology key or skew is refused by the API server; one read anyway is ignored. */
function toSpreadConstraint(c: KTopologySpreadConstraint): TopologySpreadConstraint[] {
  if (c.topologyKey === undefined || c.maxSkew === undefined) return [];
  const constraint: TopologySpreadConstraint = {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    whenUnsatisfiable: c.whenUnsatisfiable === 'ScheduleAnyway' ? 'ScheduleAnyway' : 'DoNotSchedule',
  };
  if (c.labelSelector) constraint.labelSelector = toSelector(c.labelSelector);
  return [constraint];
}

export function toSelector(s: KLabelSelector | undefined): LabelSelector {
  const selector: LabelSelector = {};
  if (s?.matchLabels) selector.matchLabels = { ...s.matchLabels };
  if (s?.matchExpressions) {
    selector.matchExpressions = s.matchExpressions.flatMap((e) => {
      const operator = SELECTOR_OPERATORS.find((op) => op === e.operator);
      if (!operator) return [];
      return [e.values ? { key: e.key, operator, values: [...e.values] } : { key: e.key, operator }];
    });
  }
  return selector;
}

/**
 * Desired and ready replicas per kind: a DaemonSet's are status.desiredNumberScheduled and numberReady;
 * a Job's spec.parallelism (default 1) and status.ready; the others spec.replicas (default 1) and
 * status.readyReplicas.
 */
export function toWorkload(kind: WorkloadKind, obj: KWorkload): Workload {
  const meta = obj.metadata ?? {};
  const status = obj.status ?? {};
  const [replicas, readyReplicas] =
    kind === 'DaemonSet'
      ? [status.desiredNumberScheduled ?? 0, status.numberReady ?? 0]
      : kind === 'Job'
        ? [obj.spec?.parallelism ?? 1, status.ready ?? 0]
        : [obj.spec?.replicas ?? 1, status.readyReplicas ?? 0];
  const workload: Workload = {
    kind,
    namespace: meta.namespace ?? '',
    name: meta.name ?? '',
    replicas,
    readyReplicas,
    selector: toSelector(obj.spec?.selector),
  };
  const owner = controllerOf(meta);
  if (owner) workload.owner = owner;
  return workload;
}

export function toPdb(obj: KPdb): Pdb {
  const meta = obj.metadata ?? {};
  const status = obj.status ?? {};
  const pdb: Pdb = {
    namespace: meta.namespace ?? '',
    name: meta.name ?? '',
    selector: toSelector(obj.spec?.selector),
    status: {
      currentHealthy: status.currentHealthy ?? 0,
      desiredHealthy: status.desiredHealthy ?? 0,
      expectedPods: status.expectedPods ?? 0,
      disruptionsAllowed: status.disruptionsAllowed ?? 0,
    },
  };
  if (obj.spec?.minAvailable !== undefined) pdb.minAvailable = obj.spec.minAvailable;
  if (obj.spec?.maxUnavailable !== undefined) pdb.maxUnavailable = obj.spec.maxUnavailable;
  return pdb;
}

/** The stable orders of the simulator's lists: by name; by namespace then name (then kind). */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function byNamespaceName(a: { namespace: string; name: string }, b: { namespace: string; name: string }): number {
  return a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : byName(a, b);
}

export function byWorkload(a: Workload, b: Workload): number {
  return byNamespaceName(a, b) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
}

/** PDBs by their `namespace/name` key, as the simulator's disruption controller lists them. */
export function byPdbKey(a: Pdb, b: Pdb): number {
  const ka = `${a.namespace}/${a.name}`;
  const kb = `${b.namespace}/${b.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
