// Effects are intents in domain words; events are what happened, in the past tense. Every effect
// carries a `key`; the state keeps each effect under its key until an event with that key answers it,
// so a resumed roll re-issues exactly what was in flight (every effect is idempotent).
import type { DaemonSetManifest, NodePatch } from '../../kube/port.js';
import type { Pod, PodRef, WorkloadRef } from '../model.js';

export type PatchPurpose =
  | 'soft-taint'
  | 'cordon'
  | 'uncordon'
  | 'protect-replacement'
  | 'unprotect-replacement';

export type Effect =
  | { type: 'SuspendProcesses'; key: string; group: string; processes: string[] }
  | { type: 'ResumeProcesses'; key: string; group: string; processes: string[] }
  | { type: 'SetGroupSize'; key: string; group: string; min: number; max: number; desired: number }
  /** Reads the group's desired capacity, so that changes made by others are absorbed, not undone. */
  | { type: 'ReadGroupSize'; key: string; group: string }
  | { type: 'TerminateInstance'; key: string; group: string; instanceId: string; node: string }
  | { type: 'PatchNode'; key: string; node: string; purpose: PatchPurpose; patch: NodePatch }
  | { type: 'ApplyPrepull'; key: string; manifests: DaemonSetManifest[] }
  | { type: 'DeletePrepull'; key: string; daemonSets: { namespace: string; name: string }[] }
  | { type: 'ListPodsOnNode'; key: string; node: string }
  /** `gracePeriodSeconds`: the eviction's DeleteOptions.gracePeriodSeconds (absent: the pod's own). */
  | { type: 'EvictPod'; key: string; pod: PodRef; gracePeriodSeconds?: number }
  /** Standing: report NodeReady / NodeNotReady as nodes of these groups turn Ready or not (now and later), and NodeDeleted. */
  | { type: 'WatchGroupNodes'; key: string; groups: string[] }
  | { type: 'AwaitPrepull'; key: string; node: string; daemonSets: { namespace: string; name: string }[] }
  /** Answered by PodGone when the pod with this uid no longer exists (404, or a new uid under the name). */
  | { type: 'AwaitPodGone'; key: string; pod: PodRef }
  /**
   * Answered by WorkloadReady when the workload has all its replicas Ready, or when any of its pods
   * other than `pod` turns Ready after the wait began (the replacement is serving).
   */
  | { type: 'AwaitWorkloadReady'; key: string; workload: WorkloadRef; pod: PodRef }
  /** Answered by TimerFired at `at` (epoch seconds). */
  | { type: 'StartTimer'; key: string; at: number };

export type EffectType = Effect['type'];

export interface ErrorInfo {
  code: string;
  message: string;
}

interface Stamp {
  /** Epoch seconds, from the engine's clock. */
  at: number;
}

export type RollEvent = Stamp &
  (
    | { type: 'RollStarted' }
    | { type: 'Resumed' }
    | { type: 'AbortRequested'; reason: string }
    | { type: 'ProcessesSuspended'; key: string; group: string }
    | { type: 'ProcessesResumed'; key: string; group: string }
    | { type: 'GroupResized'; key: string; group: string }
    /** `zones`: the group's instances that are not terminating, per zone of the group (0 for an empty zone). */
    | { type: 'GroupSizeRead'; key: string; group: string; desired: number; zones?: Record<string, number> }
    | { type: 'InstanceTerminating'; key: string; group: string; instanceId: string; alreadyGone: boolean }
    | { type: 'NodePatched'; key: string; node: string; purpose: PatchPurpose }
    | { type: 'PrepullApplied'; key: string }
    | { type: 'PrepullDeleted'; key: string }
    | { type: 'PodsListed'; key: string; node: string; pods: Pod[]; existingControllers: string[] }
    | { type: 'PodEvicted'; key: string; uid: string }
    | { type: 'PodNotFound'; key: string; uid: string }
    | { type: 'EvictionRefused'; key: string; uid: string; pdbs: string[]; message: string; multiple: boolean }
    | { type: 'NodeReady'; key: string; group: string; node: string; instanceId: string; zone: string }
    | { type: 'NodeNotReady'; key: string; group: string; node: string }
    | { type: 'NodeDeleted'; key: string; node: string }
    | { type: 'NodePrepulled'; key: string; node: string; failures: { image: string; reason: string }[] }
    | { type: 'PodGone'; key: string; uid: string }
    | { type: 'WorkloadReady'; key: string; uid: string }
    | { type: 'TimerFired'; key: string }
    /** The effect under `key` failed for good (the engine already retried transient errors). */
    | { type: 'EffectFailed'; key: string; error: ErrorInfo }
  );

export type RollEventType = RollEvent['type'];
