// Building a running world from a fixture. At load the instances are InService with Ready nodes, the
// pods are placed by the scheduler and running Ready with their images on the nodes' disks, PDB status
// is current, and nothing is logged. Then the world goes live: from here on AWS and the controllers act
// (a group whose desired exceeds its instances launches; an imbalanced group arms AZRebalance).
import { DextreError } from '../core/errors.js';
import type { SimContext } from './context.js';
import { ZONE_LABEL, type Node } from '../core/model.js';
import { AutoScaling } from './aws/asg.js';
import { applyNodeState } from './aws/instances.js';
import { AzRebalance } from './aws/azrebalance.js';
import { DEFAULTS, type Fixture } from './fixture/types.js';
import { ClusterAutoscaler } from './kube/autoscaler.js';
import { Controllers, replicaSetName } from './kube/controllers.js';
import { DaemonSets } from './kube/daemonsets.js';
import { Disruption } from './kube/disruption.js';
import { Kubelet } from './kube/kubelet.js';
import { newPod } from './kube/pods.js';
import { Scheduler } from './kube/scheduler.js';
import { Observer } from './observer.js';
import { EventQueue } from './queue.js';
import type { SimGroup, SimWorkload } from './state.js';
import { World } from './world.js';

export function buildWorld(fixture: Fixture): SimContext {
  const queue = new EventQueue(fixture.startTime);
  const world = new World(fixture, queue);
  const ctx = { world, queue } as SimContext;
  ctx.asg = new AutoScaling(ctx);
  ctx.azRebalance = new AzRebalance(ctx);
  ctx.kubelet = new Kubelet(ctx);
  ctx.scheduler = new Scheduler(ctx);
  ctx.controllers = new Controllers(ctx);
  ctx.daemonsets = new DaemonSets(ctx);
  ctx.disruption = new Disruption(ctx);
  ctx.autoscaler = new ClusterAutoscaler(ctx);
  ctx.observer = new Observer(ctx);
  // The order components hear of a change: budgets and the observer see the change itself before the
  // controllers react to it (a replacement pod must not be mistaken for the cause).
  world.reactors.push(ctx.disruption, ctx.observer, ctx.controllers, ctx.daemonsets, ctx.scheduler, ctx.kubelet, ctx.autoscaler);

  loadCloud(ctx);
  loadStandaloneNodes(ctx);
  loadCluster(ctx);
  placeAtLoad(ctx);

  ctx.observer.baseline();
  world.live = true;
  for (const g of world.groups.values()) {
    ctx.asg.reconcile(g);
    ctx.azRebalance.check(g.name);
  }
  ctx.autoscaler.start();
  return ctx;
}

function loadCloud(ctx: SimContext): void {
  const { world } = ctx;
  const f = world.fixture;
  for (const lt of f.launchTemplates) {
    world.launchTemplates.set(lt.id, {
      id: lt.id,
      name: lt.name,
      defaultVersion: lt.defaultVersion,
      latestVersion: Math.max(...lt.versions.map((v) => v.version)),
      versions: lt.versions.map((v) => ({ version: v.version, imageId: v.imageId, instanceType: v.instanceType })),
    });
    for (const v of lt.versions) world.bakedImages.set(`${lt.id}:${v.version}`, v.bakedImages);
  }
  for (const lc of f.launchConfigurations) world.launchConfigurations.set(lc.name, lc);
  for (const spec of f.nodeGroups) {
    const g: SimGroup = {
      name: spec.name,
      zones: [...spec.zones],
      min: spec.min,
      max: spec.max,
      desired: spec.desired,
      suspended: new Set(spec.suspendedProcesses),
      tags: {
        [`kubernetes.io/cluster/${f.cluster}`]: 'owned',
        ...(f.clusterAutoscaler.enabled ? { 'k8s.io/cluster-autoscaler/enabled': 'true', [`k8s.io/cluster-autoscaler/${f.cluster}`]: 'owned' } : {}),
        ...spec.tags,
      },
      nodeLabels: { ...spec.nodeLabels },
      nodeTaints: structuredClone(spec.nodeTaints),
      instances: [],
      rebalanceExtra: 0,
      desiredAtLoad: spec.desired,
    };
    if (spec.launchTemplate) g.launchTemplate = { ...spec.launchTemplate };
    if (spec.launchConfiguration !== undefined) g.launchConfiguration = spec.launchConfiguration;
    if (spec.bootSeconds !== undefined) g.bootSeconds = spec.bootSeconds;
    if (spec.nodeReadySeconds !== undefined) g.nodeReadySeconds = spec.nodeReadySeconds;
    world.groups.set(g.name, g);
    for (const inst of spec.instances) {
      for (let n = 0; n < inst.count; n++) {
        const atLoad = {
          ageSeconds: inst.ageSeconds,
          ...versionOf(inst),
          ...(inst.id !== undefined ? { id: inst.id } : {}),
          ...(inst.nodeName !== undefined ? { nodeName: inst.nodeName } : {}),
          ...(inst.state !== undefined ? { state: inst.state } : {}),
        };
        ctx.asg.instances.create(g, inst.zone, { atLoad });
      }
    }
  }
}

/** Nodes no group of the fixture runs: Ready at load, with no instance behind them. */
function loadStandaloneNodes(ctx: SimContext): void {
  const { world } = ctx;
  for (const spec of world.fixture.nodes) {
    const type = world.instanceTypes[spec.instanceType];
    const node: Node = {
      name: spec.name,
      providerId: spec.providerId,
      labels: {
        'kubernetes.io/hostname': spec.name,
        'node.kubernetes.io/instance-type': spec.instanceType,
        'topology.kubernetes.io/region': world.fixture.region,
        [ZONE_LABEL]: spec.zone,
      },
      annotations: {},
      taints: [],
      unschedulable: false,
      ready: true,
      allocatable: { cpu: type?.cpu ?? 0, memory: type?.memory ?? 0 },
      createdAt: world.now - spec.ageSeconds,
    };
    if (spec.state) applyNodeState(node, spec.state);
    world.addNode({ node, instanceId: undefined, zone: spec.zone, images: new Set(), requested: { cpu: 0, memory: 0 }, pullMiBps: type?.pullMiBps ?? DEFAULTS.pullMiBps });
  }
}

function versionOf(inst: Fixture['nodeGroups'][number]['instances'][number]): { version?: number; launchConfiguration?: string } {
  if (inst.launchTemplateVersion !== undefined) return { version: inst.launchTemplateVersion };
  if (inst.launchConfiguration !== undefined) return { launchConfiguration: inst.launchConfiguration };
  return {};
}

function loadCluster(ctx: SimContext): void {
  const { world } = ctx;
  const f = world.fixture;
  for (const pdb of f.pdbs) ctx.disruption.add(pdb);
  // DaemonSets first: their pods are on the nodes before the scheduler places anything else.
  const ordered = [...f.workloads.filter((w) => w.kind === 'DaemonSet'), ...f.workloads.filter((w) => w.kind !== 'DaemonSet')];
  for (const spec of ordered) {
    const base = { namespace: spec.namespace, replicas: spec.replicas, runSeconds: spec.runSeconds, template: spec.template, succeeded: 0, created: 0, ready: 0 };
    const selector = { matchLabels: { ...spec.template.labels } };
    switch (spec.kind) {
      case 'DaemonSet':
        ctx.daemonsets.add({ ...base, kind: 'DaemonSet', key: `DaemonSet/${spec.namespace}/${spec.name}`, name: spec.name, selector });
        break;
      case 'Deployment': {
        const name = spec.replicaSet ?? replicaSetName(spec.namespace, spec.name);
        const hash = spec.replicaSet !== undefined ? name.slice(spec.name.length + 1) : name.slice(-10);
        const rs: SimWorkload = {
          ...base,
          kind: 'ReplicaSet',
          key: `ReplicaSet/${spec.namespace}/${name}`,
          name,
          deployment: spec.name,
          podTemplateHash: hash,
          selector: { matchLabels: { ...spec.template.labels, 'pod-template-hash': hash } },
        };
        ctx.controllers.add(rs, spec.pinned);
        break;
      }
      case 'StatefulSet':
      case 'Job':
        ctx.controllers.add({ ...base, kind: spec.kind, key: `${spec.kind}/${spec.namespace}/${spec.name}`, name: spec.name, selector }, spec.pinned);
        break;
    }
  }
  for (const spec of f.pods) {
    if (world.pods.has(`${spec.namespace}/${spec.name}`)) {
      throw new DextreError('FIXTURE', `${f.file}: pod ${spec.namespace}/${spec.name} under pods: has the name of a workload's pod; rename it.`);
    }
    const owner = spec.owner ? { owner: { ...spec.owner, controller: true } } : {};
    world.addPod(newPod(world, { namespace: spec.namespace, name: spec.name, template: spec.template, replacement: false, ...owner, ...(spec.node !== undefined ? { nodeName: spec.node } : {}) }));
  }
}

/**
 * Places the fixture's pods and starts them at once, images cached. Repeats because starting a pod
 * can make a controller create the next (a StatefulSet's ordinals come one at a time).
 */
function placeAtLoad(ctx: SimContext): void {
  for (;;) {
    ctx.queue.runDue();
    ctx.scheduler.runPass();
    const unstarted = [...ctx.world.pods.values()]
      .filter((sp) => sp.pod.nodeName !== undefined && !sp.run.started)
      .sort((a, b) => a.seq - b.seq);
    if (unstarted.length === 0) return;
    for (const sp of unstarted) ctx.kubelet.startInstantly(sp);
  }
}
