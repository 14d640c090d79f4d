// The simulator's internal records: the API objects (Pod, Node) plus what the world needs to run them.
// These stay inside src/sim; the ports hand out deep copies of the API objects only.
import type { Container, LabelSelector, LifecycleState, Node, Pod, Resources } from '../core/model.js';
import type { PodTemplateSpec } from './fixture/types.js';
import type { Scheduled } from './queue.js';

export interface SimInstance {
  id: string;
  group: string;
  zone: string;
  lifecycle: LifecycleState;
  launchTemplate?: { id: string; version: number };
  launchConfiguration?: string;
  imageId: string;
  instanceType: string;
  /** Epoch seconds. */
  launchTime: number;
  nodeName: string;
  /** Launched by AZRebalance ahead of a termination in the largest zone. */
  rebalance: boolean;
}

export interface SimGroup {
  name: string;
  zones: string[];
  min: number;
  max: number;
  desired: number;
  launchTemplate?: { id: string; version: string };
  launchConfiguration?: string;
  suspended: Set<string>;
  tags: Record<string, string>;
  nodeLabels: Record<string, string>;
  nodeTaints: Node['taints'];
  bootSeconds?: number;
  nodeReadySeconds?: number;
  /** Instance ids in launch order; Terminated instances leave the group. */
  instances: string[];
  /** Instances AZRebalance launched above desired, awaiting their paired termination. */
  rebalanceExtra: number;
  /** Desired capacity when the fixture was loaded (the report's baseline for extra instances). */
  desiredAtLoad: number;
}

export interface SimNode {
  node: Node;
  instanceId: string | undefined;
  zone: string;
  /** Images on the node's disk. */
  images: Set<string>;
  /** Requests of bound pods that are not Succeeded or Failed (terminating pods still count). */
  requested: Resources;
  pullMiBps: number;
}

/** The controller of a set of pods. A Deployment is represented by its one ReplicaSet. */
export interface SimWorkload {
  kind: 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job';
  /** `${kind}/${namespace}/${name}`, as workloadKey() builds it. */
  key: string;
  namespace: string;
  name: string;
  /** For a ReplicaSet: its Deployment's name. */
  deployment?: string;
  /** For a ReplicaSet: the `pod-template-hash` label of its pods (its name's suffix). */
  podTemplateHash?: string;
  replicas: number;
  /** Jobs: seconds each pod runs before it Succeeds. */
  runSeconds: number;
  template: PodTemplateSpec;
  selector: LabelSelector;
  /** Jobs: pods that Succeeded. */
  succeeded: number;
  /** DaemonSets created through applyDaemonSet: the manifest, to compare a re-apply. */
  manifest?: string;
  /** Pod names handed out (ReplicaSet, DaemonSet, Job suffixes). */
  created: number;
  /** Pods Ready and not terminating (readyReplicas), kept by the world as pods change. */
  ready: number;
  /** Container names as a manifest gives them. */
  containers?: { init: Container[]; main: Container[] } | undefined;
}

/** What the kubelet is doing for a pod. */
export interface PodRun {
  /** Index into the pod's image steps (init images, then main images). */
  step: number;
  /** The image whose pull the pod waits for. */
  pulling?: string | undefined;
  /** A pending startup, Job completion or termination. */
  timer?: Scheduled | undefined;
  started: boolean;
  /** Virtual epoch seconds the containers started. */
  startedAt?: number;
}

export interface SimPod {
  key: string;
  pod: Pod;
  template: PodTemplateSpec;
  /** workloadKey of the controlling workload, if any. */
  ownerKey?: string;
  /** Jobs: run time before Succeeded. */
  runSeconds?: number;
  seq: number;
  /** Epoch seconds. */
  createdAt: number;
  /** Created by a controller to make up for a disrupted pod (observed for startup times). */
  replacement: boolean;
  /** Keys of the PDBs selecting the pod (labels never change in the simulator). */
  pdbs: string[];
  run: PodRun;
}

/** The fields of a pod whose changes the world's components react to. */
export interface PodState {
  nodeName: string | undefined;
  phase: Pod['phase'];
  ready: boolean;
  deletionTimestamp: number | undefined;
}

export function podState(pod: Pod): PodState {
  return { nodeName: pod.nodeName, phase: pod.phase, ready: pod.ready, deletionTimestamp: pod.deletionTimestamp };
}

/** A pod that occupies its node's resources: bound and not finished. */
export function occupies(state: { nodeName?: string | undefined; phase: PodState['phase'] }): boolean {
  return state.nodeName !== undefined && state.phase !== 'Succeeded' && state.phase !== 'Failed';
}

/** Running pods of a controller that count towards its replicas: not terminating, not finished. */
export function isActive(pod: Pod): boolean {
  return pod.deletionTimestamp === undefined && pod.phase !== 'Succeeded' && pod.phase !== 'Failed';
}
