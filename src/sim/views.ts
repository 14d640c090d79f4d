// API views of the simulator's records: what DescribeAutoScalingGroups and the workload lists return.
// Fresh objects every time (callers may keep or change them).
import type { GroupInstance, NodeGroup, Workload } from '../core/model.js';
import type { SimContext } from './context.js';
import { copySelector } from './copy.js';
import type { SimGroup, SimInstance, SimWorkload } from './state.js';

/** The workload as the API lists it; a ReplicaSet comes with its Deployment. */
export function workloadObjects(ctx: SimContext, w: SimWorkload): Workload[] {
  const ready = w.ready;
  const replicas = w.kind === 'DaemonSet' ? ctx.daemonsets.desiredScheduled(w) : w.replicas;
  const own: Workload = {
    kind: w.kind,
    namespace: w.namespace,
    name: w.name,
    replicas,
    readyReplicas: ready,
    selector: copySelector(w.selector),
  };
  if (w.kind !== 'ReplicaSet' || w.deployment === undefined) return [own];
  own.owner = { kind: 'Deployment', name: w.deployment, controller: true };
  const matchLabels = { ...w.selector.matchLabels };
  delete matchLabels['pod-template-hash'];
  const deployment: Workload = {
    kind: 'Deployment',
    namespace: w.namespace,
    name: w.deployment,
    replicas,
    readyReplicas: ready,
    selector: { matchLabels },
  };
  return [deployment, own];
}

/** The version, image and instance type a group launches now ($Latest/$Default resolved). */
export function groupTarget(ctx: SimContext, g: SimGroup): { version?: number; imageId: string; instanceType: string; baked: string[] } {
  const world = ctx.world;
  if (g.launchTemplate) {
    const lt = world.launchTemplates.get(g.launchTemplate.id);
    if (!lt) throw new Error(`launch template ${g.launchTemplate.id} is gone`);
    const ref = g.launchTemplate.version;
    const version = ref === '$Latest' ? lt.latestVersion : ref === '$Default' ? lt.defaultVersion : Number(ref);
    const v = lt.versions.find((x) => x.version === version);
    if (!v) throw new Error(`launch template ${lt.id} has no version ${version}`);
    return { version, imageId: v.imageId, instanceType: v.instanceType, baked: world.bakedImages.get(`${lt.id}:${version}`) ?? [] };
  }
  const lc = world.launchConfigurations.get(g.launchConfiguration ?? '');
  if (!lc) throw new Error(`group ${g.name} has no launch configuration`);
  return { imageId: lc.imageId, instanceType: lc.instanceType, baked: lc.bakedImages };
}

export function groupView(ctx: SimContext, g: SimGroup): NodeGroup {
  const instances = g.instances
    .map((id) => ctx.world.instances.get(id))
    .filter((i): i is SimInstance => i !== undefined)
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map(instanceView);
  const group: NodeGroup = {
    name: g.name,
    zones: [...g.zones],
    min: g.min,
    max: g.max,
    desired: g.desired,
    suspendedProcesses: [...g.suspended].sort(),
    instances,
    tags: { ...g.tags },
  };
  if (g.launchTemplate) group.launchTemplate = { ...g.launchTemplate };
  if (g.launchConfiguration !== undefined) {
    group.launchConfiguration = g.launchConfiguration;
    const lc = ctx.world.launchConfigurations.get(g.launchConfiguration);
    if (lc) group.launchConfigurationImageId = lc.imageId;
  }
  return group;
}

function instanceView(i: SimInstance): GroupInstance {
  const view: GroupInstance = {
    id: i.id,
    zone: i.zone,
    lifecycleState: i.lifecycle,
    imageId: i.imageId,
    instanceType: i.instanceType,
    launchTime: i.launchTime,
  };
  if (i.launchTemplate) view.launchTemplate = { id: i.launchTemplate.id, version: String(i.launchTemplate.version) };
  if (i.launchConfiguration !== undefined) view.launchConfiguration = i.launchConfiguration;
  return view;
}

/** Whether the instance differs from what its group launches now (template id:version, configuration, AMI). */
export function instanceOutdated(ctx: SimContext, i: SimInstance): boolean {
  const g = ctx.world.groups.get(i.group);
  if (!g) return false;
  const target = groupTarget(ctx, g);
  if (g.launchTemplate) {
    if (i.launchTemplate?.id !== g.launchTemplate.id || i.launchTemplate.version !== target.version) return true;
  } else if (i.launchConfiguration !== g.launchConfiguration) {
    return true;
  }
  return i.imageId !== target.imageId;
}
