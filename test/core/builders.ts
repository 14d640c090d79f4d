// Builders for the pure core's tests: a cluster whose `group()`, `node()`, `pod()`, `pdb()` start valid
// (a node is Ready, its instance InService on the group's current launch template version; a pod runs
// under a ReplicaSet that exists) and throw when a name is used twice, so a test cannot shadow itself.
import type {
  ClusterView,
  GroupInstance,
  LabelSelector,
  LaunchTemplate,
  Node,
  NodeGroup,
  OwnerRef,
  Pdb,
  Pod,
  Workload,
  WorkloadKind,
} from '../../src/core/model.js';
import { workloadKey } from '../../src/core/model.js';
import type { RollOptions } from '../../src/core/plan.js';

/** 2026-01-01T00:00:00Z, epoch seconds. */
export const T0 = 1_767_225_600;
export const DAY = 86_400;
export const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

/** `lt-0abc`, versions 1…7 with AMIs `ami-v1`…`ami-v7`; latest 7, default 6. */
export function template(extra: Partial<LaunchTemplate> = {}): LaunchTemplate {
  return {
    id: 'lt-0abc',
    name: 'nodes',
    defaultVersion: 6,
    latestVersion: 7,
    versions: Array.from({ length: 7 }, (_, i) => ({ version: i + 1, imageId: `ami-v${i + 1}`, instanceType: 'm5.large' })),
    ...extra,
  };
}

export interface NodeOptions {
  /** The group whose instance backs the node; undefined = an instance in no group. */
  group?: string;
  zone?: string;
  /** The instance's launch template version; default the group's current one. */
  version?: string;
  launchTemplateId?: string | null;
  launchConfiguration?: string;
  imageId?: string;
  /** Epoch seconds; default T0 − 1 day. */
  launchTime?: number;
  lifecycleState?: GroupInstance['lifecycleState'];
  providerId?: string;
  labels?: Record<string, string>;
  /** Default none. */
  taints?: Node['taints'];
  /** Default 2000m CPU, 7680 MiB. */
  allocatable?: Node['allocatable'];
  unschedulable?: boolean;
  annotations?: Record<string, string>;
}

export interface PodOptions extends Partial<Omit<Pod, 'owner'>> {
  node?: string;
  /** null = no owner; default a ReplicaSet `web-rs`. */
  owner?: OwnerRef | null;
  /** False leaves the owner's workload out of the cluster (a controller that was deleted). */
  ownerExists?: boolean;
}

export class ClusterBuilder {
  now = T0;
  readonly templates: LaunchTemplate[] = [template()];
  private readonly groups = new Map<string, NodeGroup>();
  private readonly nodes = new Map<string, Node>();
  private readonly pods = new Map<string, Pod>();
  private readonly pdbs = new Map<string, Pdb>();
  private readonly workloads = new Map<string, Workload>();
  private instanceCount = 0;
  private readonly explicitDesired = new Set<string>();

  group(name: string, extra: Partial<NodeGroup> = {}): NodeGroup {
    unique(this.groups, name, 'group');
    // A group given a launch configuration (and no template) launches from that configuration.
    const usesConfiguration = extra.launchConfiguration !== undefined && extra.launchTemplate === undefined;
    const g: NodeGroup = {
      name,
      zones: [...ZONES],
      min: 0,
      max: 100,
      desired: 0,
      ...(usesConfiguration ? {} : { launchTemplate: { id: 'lt-0abc', version: '$Latest' } }),
      suspendedProcesses: [],
      instances: [],
      tags: { 'kubernetes.io/cluster/test': 'owned' },
      ...extra,
    };
    if (extra.desired !== undefined) this.explicitDesired.add(name);
    this.groups.set(name, g);
    return g;
  }

  node(name: string, opts: NodeOptions = {}): Node {
    unique(this.nodes, name, 'node');
    const id = `i-${(++this.instanceCount).toString(16).padStart(8, '0')}`;
    const group = opts.group !== undefined ? this.groups.get(opts.group) : undefined;
    if (opts.group !== undefined && !group) throw new Error(`builder: no group ${opts.group}`);
    const zone = opts.zone ?? group?.zones[group.instances.length % group.zones.length] ?? ZONES[0] ?? 'eu-west-1a';
    if (group) {
      const instance = this.instanceFor(group, id, zone, opts);
      group.instances.push(instance);
      if (!this.explicitDesired.has(group.name)) group.desired = group.instances.length;
    }
    const n: Node = {
      name,
      providerId: opts.providerId ?? `aws:///${zone}/${id}`,
      labels: { 'topology.kubernetes.io/zone': zone, ...(opts.labels ?? {}) },
      annotations: { ...(opts.annotations ?? {}) },
      taints: [...(opts.taints ?? [])],
      unschedulable: opts.unschedulable ?? false,
      ready: true,
      allocatable: { ...(opts.allocatable ?? { cpu: 2000, memory: 7680 }) },
      createdAt: (opts.launchTime ?? T0 - DAY) + 60,
    };
    this.nodes.set(name, n);
    return n;
  }

  private instanceFor(group: NodeGroup, id: string, zone: string, opts: NodeOptions): GroupInstance {
    const ref = group.launchTemplate;
    const tpl = this.templates.find((t) => t.id === ref?.id);
    const current = ref?.version === '$Latest' ? tpl?.latestVersion : ref?.version === '$Default' ? tpl?.defaultVersion : Number(ref?.version);
    const version = opts.version ?? String(current);
    const templateId = opts.launchTemplateId === undefined ? ref?.id : opts.launchTemplateId;
    const imageId =
      opts.imageId ??
      (templateId !== undefined && templateId !== null
        ? (tpl?.versions.find((v) => v.version === Number(version))?.imageId ?? 'ami-unknown')
        : (group.launchConfigurationImageId ?? 'ami-unknown'));
    const lc = opts.launchConfiguration ?? (templateId ? undefined : group.launchConfiguration);
    return {
      id,
      zone,
      lifecycleState: opts.lifecycleState ?? 'InService',
      ...(templateId ? { launchTemplate: { id: templateId, version } } : {}),
      ...(lc !== undefined ? { launchConfiguration: lc } : {}),
      imageId,
      instanceType: 'm5.large',
      launchTime: opts.launchTime ?? T0 - DAY,
    };
  }

  pod(name: string, opts: PodOptions = {}): Pod {
    const { node, owner, ownerExists, ...extra } = opts;
    const namespace = extra.namespace ?? 'app';
    unique(this.pods, `${namespace}/${name}`, 'pod');
    const ref = owner === undefined ? { kind: 'ReplicaSet', name: 'web-rs', controller: true } : owner;
    const p: Pod = {
      namespace,
      name,
      uid: `uid-${namespace}-${name}`,
      ...(node !== undefined ? { nodeName: node } : {}),
      labels: { app: 'web' },
      annotations: {},
      ...(ref !== null ? { owner: ref } : {}),
      phase: 'Running',
      ready: true,
      priority: 0,
      volumes: [],
      initContainers: [],
      containers: [{ name: 'main', image: `registry.example.com/${name}:1` }],
      requests: { cpu: 100, memory: 128 },
      imagePullSecrets: [],
      tolerations: [],
      nodeSelector: {},
      terminationGracePeriodSeconds: 30,
      imagePullFailures: [],
      ...extra,
    };
    if (ref?.controller && ownerExists !== false && isWorkloadKind(ref.kind)) this.ensureWorkload(ref.kind, namespace, ref.name);
    this.pods.set(`${namespace}/${name}`, p);
    return p;
  }

  private ensureWorkload(kind: WorkloadKind, namespace: string, name: string): void {
    const key = workloadKey({ kind, namespace, name });
    if (this.workloads.has(key)) return;
    this.workloads.set(key, { kind, namespace, name, replicas: 3, readyReplicas: 3, selector: { matchLabels: { app: name } } });
  }

  /** Adds (or replaces) a controller, e.g. a Deployment that owns a pod's ReplicaSet. */
  workload(kind: WorkloadKind, name: string, extra: Partial<Workload> = {}): Workload {
    const w: Workload = { kind, namespace: 'app', name, replicas: 3, readyReplicas: 3, selector: { matchLabels: { app: name } }, ...extra };
    this.workloads.set(workloadKey(w), w);
    return w;
  }

  pdb(name: string, extra: Partial<Pdb> & { selector?: LabelSelector } = {}): Pdb {
    const namespace = extra.namespace ?? 'app';
    unique(this.pdbs, `${namespace}/${name}`, 'pdb');
    const p: Pdb = {
      namespace,
      name,
      selector: { matchLabels: { app: 'web' } },
      minAvailable: 1,
      status: { currentHealthy: 3, desiredHealthy: 1, expectedPods: 3, disruptionsAllowed: 2 },
      ...extra,
    };
    this.pdbs.set(`${namespace}/${name}`, p);
    return p;
  }

  view(): ClusterView {
    return {
      name: 'test',
      now: this.now,
      groups: [...this.groups.values()],
      launchTemplates: this.templates,
      nodes: [...this.nodes.values()],
      pods: [...this.pods.values()],
      workloads: [...this.workloads.values()],
      pdbs: [...this.pdbs.values()],
    };
  }
}

/** What `roll nodes` passes with no flags but the ones given. */
export function rollOptions(extra: Partial<RollOptions> = {}): RollOptions {
  return {
    groups: [],
    nodes: [],
    all: false,
    surge: '25%',
    maxUnavailable: '0',
    drainTimeoutSeconds: 900,
    prepull: true,
    force: false,
    deleteEmptyDirData: false,
    disregardDoNotDisrupt: false,
    ...extra,
  };
}

export function cluster(): ClusterBuilder {
  return new ClusterBuilder();
}

function isWorkloadKind(kind: string): kind is WorkloadKind {
  return ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'].includes(kind);
}

function unique(map: ReadonlyMap<string, unknown>, key: string, what: string): void {
  if (map.has(key)) throw new Error(`builder: duplicate ${what} ${key}`);
}
