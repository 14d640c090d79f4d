// A Pod as the API server returns it: metadata with the controller's ownerReference, the spec, and the
// status the kubelet would report — phase, the four standard conditions, container states (running,
// waiting ContainerCreating/PodInitializing, or the image pull failure with the image; terminated for
// finished Job pods), IPs and start time. No restarts: the simulator's containers never crash.
import type { Pod } from '../../../core/model.js';
import { nodeIp, objectUid, podIp, rfc3339, stableUid } from './format.js';
import { compact, nonEmpty, type JsonObject } from './json.js';
import { renderPodSpec } from './render-podspec.js';

/** When the pod reached each state (virtual epoch seconds), as the mirror observed the changes. */
export interface PodTimes {
  created: number;
  /** Bound to a node. */
  scheduled?: number;
  /** Containers started (phase Running). */
  started?: number;
  /** Finished (Succeeded or Failed). */
  finished?: number;
  /** The Ready condition's last transition. */
  readyChanged: number;
  /** The grace period from the delete or eviction options, when one was given (seconds). */
  deletionGrace?: number;
}

const OWNER_GROUPS: Record<string, string> = { ReplicaSet: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', Job: 'batch/v1', Deployment: 'apps/v1' };

export function renderPod(pod: Pod, t: PodTimes): JsonObject {
  const generated = pod.owner !== undefined && pod.owner.kind !== 'StatefulSet';
  const metadata = compact({
    name: pod.name,
    generateName: generated && pod.owner ? `${pod.owner.name}-` : undefined,
    namespace: pod.namespace,
    uid: pod.uid,
    resourceVersion: '',
    creationTimestamp: rfc3339(t.created),
    deletionTimestamp: pod.deletionTimestamp === undefined ? undefined : rfc3339(pod.deletionTimestamp),
    deletionGracePeriodSeconds: pod.deletionTimestamp === undefined ? undefined : (t.deletionGrace ?? pod.terminationGracePeriodSeconds),
    labels: nonEmpty(pod.labels),
    annotations: nonEmpty(pod.annotations),
    ownerReferences: pod.owner
      ? [
          {
            apiVersion: OWNER_GROUPS[pod.owner.kind] ?? 'v1',
            kind: pod.owner.kind,
            name: pod.owner.name,
            uid: objectUid(pod.owner.kind, pod.namespace, pod.owner.name),
            controller: pod.owner.controller,
            blockOwnerDeletion: true,
          },
        ]
      : undefined,
  });
  const spec = renderPodSpec({
    ...pod,
    restartPolicy: pod.owner?.kind === 'Job' ? 'Never' : 'Always',
  });
  return { kind: 'Pod', apiVersion: 'v1', metadata, spec, status: podStatus(pod, t) };
}

function podStatus(pod: Pod, t: PodTimes): JsonObject {
  const node = pod.nodeName;
  if (node === undefined) {
    return {
      phase: pod.phase,
      conditions: [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: rfc3339(t.created), reason: 'Unschedulable', message: 'no node fits the pod (the simulated scheduler retries when nodes or pods change)' }],
      qosClass: qosClass(pod),
    };
  }
  const started = t.started !== undefined;
  const finished = pod.phase === 'Succeeded' || pod.phase === 'Failed';
  const initialized = started || finished;
  const scheduledAt = t.scheduled ?? t.created;
  const mainNames = pod.containers.map((c) => c.name).join(' ');
  const initNames = pod.initContainers.map((c) => c.name).join(' ');
  const condition = (type: string, ok: boolean, since: number, reason?: string, message?: string): JsonObject =>
    compact({ type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: rfc3339(since), reason: ok ? undefined : reason, message: ok ? undefined : message });
  const notReadyReason = finished ? 'PodCompleted' : 'ContainersNotReady';
  const notReadyMessage = finished ? undefined : `containers with unready status: [${mainNames}]`;
  const hostIp = nodeIp(node);
  return compact({
    phase: pod.phase,
    conditions: [
      condition('Initialized', initialized || pod.initContainers.length === 0, initialized ? (t.started ?? scheduledAt) : scheduledAt, 'ContainersNotInitialized', `containers with incomplete status: [${initNames}]`),
      condition('Ready', pod.ready, t.readyChanged, notReadyReason, notReadyMessage),
      condition('ContainersReady', pod.ready, t.readyChanged, notReadyReason, notReadyMessage),
      condition('PodScheduled', true, scheduledAt),
    ],
    hostIP: hostIp,
    hostIPs: [{ ip: hostIp }],
    podIP: started ? podIp(pod.uid) : undefined,
    podIPs: started ? [{ ip: podIp(pod.uid) }] : undefined,
    startTime: rfc3339(scheduledAt),
    initContainerStatuses: pod.initContainers.length > 0 ? pod.initContainers.map((c) => containerStatus(pod, t, c, 'init')) : undefined,
    containerStatuses: pod.containers.map((c) => containerStatus(pod, t, c, 'main')),
    qosClass: qosClass(pod),
  });
}

function containerStatus(pod: Pod, t: PodTimes, c: Pod['containers'][number], role: 'init' | 'main'): JsonObject {
  const failure = pod.imagePullFailures.find((f) => f.image === c.image);
  const startedAt = rfc3339(t.started ?? t.scheduled ?? t.created);
  let state: JsonObject;
  let running = false;
  if (role === 'init' && (t.started !== undefined || pod.phase !== 'Pending')) {
    state = { terminated: { exitCode: 0, reason: 'Completed', startedAt: rfc3339(t.scheduled ?? t.created), finishedAt: startedAt } };
  } else if (pod.phase === 'Succeeded' || pod.phase === 'Failed') {
    const ok = pod.phase === 'Succeeded';
    state = { terminated: { exitCode: ok ? 0 : 1, reason: ok ? 'Completed' : 'Error', startedAt, finishedAt: rfc3339(t.finished ?? t.readyChanged) } };
  } else if (pod.phase === 'Running') {
    state = { running: { startedAt } };
    running = true;
  } else if (failure) {
    const message = failure.reason === 'ImagePullBackOff' ? `Back-off pulling image "${c.image}"` : `Failed to pull image "${c.image}": pull access denied or image not found`;
    state = { waiting: { reason: failure.reason, message } };
  } else {
    const initializing = role === 'main' && pod.initContainers.length > 0;
    state = { waiting: { reason: initializing ? 'PodInitializing' : role === 'init' ? 'PodInitializing' : 'ContainerCreating' } };
  }
  const ready = role === 'main' ? pod.ready && running : state['terminated'] !== undefined;
  return {
    name: c.name,
    state,
    lastState: {},
    ready,
    restartCount: 0,
    image: c.image,
    imageID: running || state['terminated'] !== undefined ? imageId(c.image) : '',
    started: running,
  };
}

/** `repo@sha256:…`, a digest derived from the image name (the simulator has no registry). */
function imageId(image: string): string {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const repo = colon > slash ? image.slice(0, colon) : image;
  return `${repo}@sha256:${stableUid(image).replace(/-/g, '').repeat(2)}`;
}

function qosClass(pod: Pod): string {
  return pod.requests.cpu > 0 || pod.requests.memory > 0 ? 'Burstable' : 'BestEffort';
}
