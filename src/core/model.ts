// The domain model: plain, JSON-serialisable values in Kubernetes' and AWS's own words.
// Units are fixed across dextre: time in seconds (epoch seconds for instants), CPU in millicores,
// memory and image sizes in MiB.

export type Zone = string;

/** The well-known label that carries a node's zone. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** A launch template reference as an Auto Scaling group or an instance carries it. */
export interface LaunchTemplateRef {
  id: string;
  /** A version number as a string, or `$Latest` / `$Default` (groups only; instances carry a number). */
  version: string;
}

export interface LaunchTemplateVersion {
  version: number;
  imageId: string;
  instanceType: string;
}

export interface LaunchTemplate {
  id: string;
  name: string;
  defaultVersion: number;
  latestVersion: number;
  versions: LaunchTemplateVersion[];
}

export type LifecycleState = 'Pending' | 'InService' | 'Terminating' | 'Terminated';

/** An instance as its Auto Scaling group reports it. */
export interface GroupInstance {
  id: string;
  zone: Zone;
  lifecycleState: LifecycleState;
  /** The concrete version the instance was launched with. */
  launchTemplate?: LaunchTemplateRef;
  launchConfiguration?: string;
  imageId: string;
  instanceType: string;
  /** Epoch seconds. */
  launchTime: number;
}

/** An Auto Scaling group: the unit dextre surges, protects and restores. */
export interface NodeGroup {
  name: string;
  zones: Zone[];
  min: number;
  max: number;
  desired: number;
  launchTemplate?: LaunchTemplateRef;
  /**
   * A MixedInstancesPolicy's overrides that name their own launch template for an instance type: an
   * instance of that type is launched from (and compared with) this template instead of `launchTemplate`.
   * Absent when no override names a template (most groups).
   */
  launchTemplateOverrides?: { instanceType: string; launchTemplate: LaunchTemplateRef }[];
  launchConfiguration?: string;
  /** The AMI of a launch configuration (launch templates carry theirs per version). */
  launchConfigurationImageId?: string;
  suspendedProcesses: string[];
  instances: GroupInstance[];
  tags: Record<string, string>;
}

export interface Resources {
  /** Millicores. */
  cpu: number;
  /** MiB. */
  memory: number;
}

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: TaintEffect;
}

export interface Node {
  name: string;
  /** `aws:///<zone>/<instance-id>`. */
  providerId: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  taints: Taint[];
  unschedulable: boolean;
  ready: boolean;
  allocatable: Resources;
  /** Epoch seconds (metadata.creationTimestamp). */
  createdAt: number;
}

export interface OwnerRef {
  kind: string;
  name: string;
  controller: boolean;
}

export interface Volume {
  name: string;
  emptyDir?: { medium?: string };
  persistentVolumeClaim?: { claimName: string };
  hostPath?: { path: string };
}

export interface Container {
  name: string;
  image: string;
}

/** A pod's `spec.topologySpreadConstraints` entry (rebalance keeps workloads within `maxSkew`). */
export interface TopologySpreadConstraint {
  maxSkew: number;
  /** `topology.kubernetes.io/zone`, `kubernetes.io/hostname`, … */
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  /** The pods counted together; absent selects none (as in Kubernetes). */
  labelSelector?: LabelSelector;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface Pod {
  namespace: string;
  name: string;
  uid: string;
  nodeName?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The controlling owner, if any (a Deployment's pods name their ReplicaSet). */
  owner?: OwnerRef;
  phase: PodPhase;
  ready: boolean;
  /** Epoch seconds; set once the pod is terminating. */
  deletionTimestamp?: number;
  priority: number;
  priorityClassName?: string;
  volumes: Volume[];
  initContainers: Container[];
  containers: Container[];
  requests: Resources;
  imagePullSecrets: string[];
  tolerations: Toleration[];
  nodeSelector: Record<string, string>;
  /** Absent or empty: no constraint (the scheduler's default spreading still applies). */
  topologySpreadConstraints?: TopologySpreadConstraint[];
  /** Seconds. */
  terminationGracePeriodSeconds: number;
  /**
   * Whole seconds from its containers starting to the pod turning Ready, as its status tells (the Ready
   * condition's last transition minus the latest container start); absent while not Ready.
   */
  startupSeconds?: number;
  /** Images the kubelet failed to pull, with the reason (ErrImagePull, ImagePullBackOff). */
  imagePullFailures: { image: string; reason: string }[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

export type WorkloadKind = 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job';

/** A controller of pods. Deployments are reported through their ReplicaSets' owner chain. */
export interface Workload {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** Desired replicas (for a DaemonSet: desiredNumberScheduled). */
  replicas: number;
  readyReplicas: number;
  selector: LabelSelector;
  /** For a ReplicaSet: the Deployment that owns it. */
  owner?: OwnerRef;
}

/** An int or a percentage string ("50%"), as in `intstr.IntOrString`. */
export type IntOrPercent = number | string;

export interface PdbStatus {
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  disruptionsAllowed: number;
}

export interface Pdb {
  namespace: string;
  name: string;
  selector: LabelSelector;
  minAvailable?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  status: PdbStatus;
}

/** A reference to a pod that survives its deletion (the uid tells a replacement with the same name apart). */
export interface PodRef {
  namespace: string;
  name: string;
  uid: string;
}

/** A workload as dextre gates on it: the pod's controlling owner. */
export interface WorkloadRef {
  kind: string;
  namespace: string;
  name: string;
}

/** What dextre reads of a cluster to plan a roll. */
export interface ClusterView {
  name: string;
  /** Epoch seconds. */
  now: number;
  groups: NodeGroup[];
  launchTemplates: LaunchTemplate[];
  nodes: Node[];
  pods: Pod[];
  workloads: Workload[];
  pdbs: Pdb[];
}

export function workloadKey(ref: WorkloadRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

export function podKey(ref: { namespace: string; name: string }): string {
  return `${ref.namespace}/${ref.name}`;
}

/** `aws:///us-east-1a/i-0123` → `i-0123`; undefined for other providers. */
export function instanceIdOf(providerId: string): string | undefined {
  const match = /^aws:\/\/\/[^/]*\/(i-[0-9a-zA-Z]+)$/.exec(providerId);
  return match?.[1];
}
