// The parts of Kubernetes objects dextre reads, as structural types. Both the raw JSON of a watch event
// and client-node's deserialized classes (V1Pod, V1Node …) fit them: every field is optional, as the API
// omits empty ones, and timestamps are `Date | string` (classes hold Dates, JSON holds strings).

export type Timestamp = Date | string;

export interface KObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: Timestamp;
  deletionTimestamp?: Timestamp;
  ownerReferences?: { kind: string; name: string; controller?: boolean; apiVersion?: string; uid?: string }[];
}

export interface KCondition {
  type: string;
  status: string;
  lastTransitionTime?: Date | string;
}

export interface KTaint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: Timestamp;
}

export interface KNode {
  metadata?: KObjectMeta;
  spec?: { providerID?: string; unschedulable?: boolean; taints?: KTaint[] };
  status?: { allocatable?: Record<string, string>; conditions?: KCondition[]; images?: { names?: string[]; sizeBytes?: number }[] };
}

export type KResourceList = Record<string, string>;

export interface KContainer {
  name: string;
  image?: string;
  /** `Always` on an init container makes it a sidecar (restartable init container). */
  restartPolicy?: string;
  resources?: { requests?: KResourceList; limits?: KResourceList };
}

export interface KContainerStatus {
  name: string;
  image?: string;
  state?: { waiting?: { reason?: string; message?: string }; running?: { startedAt?: Date | string }; terminated?: object };
}

export interface KVolume {
  name: string;
  emptyDir?: { medium?: string };
  persistentVolumeClaim?: { claimName: string };
  hostPath?: { path: string };
}

export interface KToleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

export interface KPodSpec {
  nodeName?: string;
  priority?: number;
  priorityClassName?: string;
  volumes?: KVolume[];
  initContainers?: KContainer[];
  containers?: KContainer[];
  /** Pod-level requests (PodLevelResources); when set they are the pod's requests. */
  resources?: { requests?: KResourceList };
  overhead?: KResourceList;
  imagePullSecrets?: { name?: string }[];
  tolerations?: KToleration[];
  nodeSelector?: Record<string, string>;
  topologySpreadConstraints?: KTopologySpreadConstraint[];
  terminationGracePeriodSeconds?: number;
}

export interface KTopologySpreadConstraint {
  maxSkew?: number;
  topologyKey?: string;
  whenUnsatisfiable?: string;
  labelSelector?: KLabelSelector;
}

export interface KPod {
  metadata?: KObjectMeta;
  spec?: KPodSpec;
  status?: {
    phase?: string;
    conditions?: KCondition[];
    initContainerStatuses?: KContainerStatus[];
    containerStatuses?: KContainerStatus[];
  };
}

export interface KLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** ReplicaSet, Deployment, StatefulSet, DaemonSet and Job: the fields of all five. */
export interface KWorkload {
  metadata?: KObjectMeta;
  spec?: { replicas?: number; parallelism?: number; selector?: KLabelSelector };
  status?: { readyReplicas?: number; ready?: number; desiredNumberScheduled?: number; numberReady?: number };
}

export interface KPdb {
  metadata?: KObjectMeta;
  spec?: { selector?: KLabelSelector; minAvailable?: number | string; maxUnavailable?: number | string };
  status?: { currentHealthy?: number; desiredHealthy?: number; expectedPods?: number; disruptionsAllowed?: number };
}
