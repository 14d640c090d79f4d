// Auto Scaling groups held to AWS's documented behaviour: UpdateAutoScalingGroup validation, launches
// into the Availability Zone with the fewest instances (skipping zones without capacity), the boot →
// InService → node Ready sequence, TerminateInstanceInAutoScalingGroup with decrement, scale-in by the
// default termination policy, SuspendProcesses set semantics, and AZRebalance.
import { describe, expect, it } from 'vitest';
import { DextreError } from '../../src/core/errors.js';
import { instanceIdOf } from '../../src/core/model.js';
import { loadSimulation } from '../../src/sim/index.js';
import { advance, cluster, fixturePath, settle, T0, until } from './helpers.js';

const web = (replicas: number) =>
  `{kind: Deployment, namespace: app, name: web, replicas: ${replicas}, images: ["web:1"], requests: {cpu: 100m, memory: 128Mi}, startupSeconds: 5}`;

async function group(sim: ReturnType<typeof cluster>) {
  const [g] = await sim.cloud.describeGroups({ cluster: 'test' });
  return g!;
}

async function zoneCounts(sim: ReturnType<typeof cluster>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const i of (await group(sim)).instances) {
    if (i.lifecycleState === 'Pending' || i.lifecycleState === 'InService') counts[i.zone] = (counts[i.zone] ?? 0) + 1;
  }
  return counts;
}

describe('describeGroups', () => {
  it('finds groups by the cluster tag or by name, in name order, with ids shaped like AWS', async () => {
    const sim = cluster();
    expect(await sim.cloud.describeGroups({ cluster: 'other' })).toEqual([]);
    const [g] = await sim.cloud.describeGroups({ cluster: 'test' });
    expect(g).toMatchObject({ name: 'ng', min: 0, max: 20, desired: 3, launchTemplate: { id: 'lt-0test', version: '$Latest' }, suspendedProcesses: [] });
    expect(g!.tags['kubernetes.io/cluster/test']).toBe('owned');
    expect(g!.instances.map((i) => i.id)).toEqual([...g!.instances.map((i) => i.id)].sort());
    for (const i of g!.instances) {
      expect(i.id).toMatch(/^i-[0-9a-f]{17}$/);
      expect(i).toMatchObject({ lifecycleState: 'InService', imageId: 'ami-old', launchTemplate: { id: 'lt-0test', version: '1' } });
    }
    expect(await sim.cloud.describeGroups({ cluster: 'other', names: ['ng'] })).toHaveLength(1);
    const [lt] = await sim.cloud.describeLaunchTemplates(['lt-0test']);
    expect(lt).toMatchObject({ defaultVersion: 1, latestVersion: 2 });
    await expect(sim.cloud.describeLaunchTemplates(['lt-0nope'])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('nodes name their instances through providerID', async () => {
    const sim = cluster();
    const ids = new Set((await group(sim)).instances.map((i) => i.id));
    for (const node of await sim.kube.listNodes()) {
      expect(node.name).toMatch(/^ip-10-\d+-\d+-\d+\.eu-west-1\.compute\.internal$/);
      expect(ids.has(instanceIdOf(node.providerId) ?? '')).toBe(true);
      expect(node.providerId).toBe(`aws:///${node.labels['topology.kubernetes.io/zone']}/${instanceIdOf(node.providerId)}`);
      expect(node.labels).toMatchObject({ 'kubernetes.io/hostname': node.name, 'node.kubernetes.io/instance-type': 'm5.large' });
    }
  });
});

describe('setGroupSize (UpdateAutoScalingGroup)', () => {
  it.each([
    { size: { min: 0, max: 5, desired: 6 }, message: 'Desired capacity:6 must be between the specified min size:0 and max size:5' },
    { size: { min: 2, max: 5, desired: 1 }, message: 'Desired capacity:1 must be between the specified min size:2 and max size:5' },
    { size: { min: 4, max: 3, desired: 3 }, message: 'Max bound, 3, must be greater than or equal to min bound, 4' },
  ])('refuses $size with a ValidationError', async ({ size, message }) => {
    const sim = cluster();
    const error = await sim.cloud.setGroupSize('ng', size).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DextreError);
    expect(error).toMatchObject({ code: 'USAGE', message: expect.stringContaining(message) });
    expect((await group(sim)).desired).toBe(3);
  });

  it('an unknown group is NOT_FOUND', async () => {
    await expect(cluster().cloud.setGroupSize('nope', { min: 0, max: 1, desired: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a launched instance boots, registers a NotReady node, then the node becomes Ready', async () => {
    const sim = cluster({ bootSeconds: 60, nodeReadySeconds: 15 });
    await sim.cloud.setGroupSize('ng', { min: 0, max: 20, desired: 4 });
    const fresh = (await group(sim)).instances.find((i) => i.lifecycleState === 'Pending')!;
    expect(fresh).toMatchObject({ launchTemplate: { id: 'lt-0test', version: '2' }, imageId: 'ami-new', launchTime: T0 });
    await advance(sim, 60);
    expect((await group(sim)).instances.find((i) => i.id === fresh.id)?.lifecycleState).toBe('InService');
    const node = () => sim.kube.listNodes().then((ns) => ns.find((n) => n.providerId.endsWith(fresh.id)));
    expect((await node())?.ready).toBe(false);
    await advance(sim, 15);
    expect((await node())?.ready).toBe(true);
    expect(sim.report().maxExtraInstances).toBe(1);
  });

  it('launches into the zone with the fewest instances, ties in zone order', async () => {
    const sim = cluster({ nodes: [2, 1, 2] });
    await sim.cloud.setGroupSize('ng', { min: 0, max: 20, desired: 7 });
    expect(await zoneCounts(sim)).toEqual({ 'eu-west-1a': 3, 'eu-west-1b': 2, 'eu-west-1c': 2 });
  });

  it('skips a zone without spare capacity', async () => {
    const sim = loadSimulation(fixturePath('zone-full'));
    await sim.cloud.setGroupSize('zone-full-nodes', { min: 1, max: 10, desired: 8 });
    const [g] = await sim.cloud.describeGroups({ cluster: 'zone-full' });
    const zones = g!.instances.filter((i) => i.lifecycleState === 'Pending').map((i) => i.zone);
    expect(zones.sort()).toEqual(['eu-west-1b', 'eu-west-1c']);
  });

  it('a launch that finds no capacity fails, is recorded, and succeeds once capacity frees', async () => {
    const sim = cluster({ nodes: [1, 1, 1], capacity: [1, 1, 1] });
    await sim.cloud.setGroupSize('ng', { min: 0, max: 20, desired: 4 });
    expect(sim.actions().filter((a) => a.verb === 'ScalingActivityFailed')).toHaveLength(1);
    expect(await zoneCounts(sim)).toEqual({ 'eu-west-1a': 1, 'eu-west-1b': 1, 'eu-west-1c': 1 });
    const victim = (await group(sim)).instances.find((i) => i.zone === 'eu-west-1b')!;
    await sim.cloud.setGroupSize('ng', { min: 0, max: 20, desired: 5 });
    await sim.cloud.terminateInstance(victim.id); // desired 5 → 4; capacity frees when it is gone
    await settle(sim);
    expect(await zoneCounts(sim)).toEqual({ 'eu-west-1a': 1, 'eu-west-1b': 1, 'eu-west-1c': 1 });
    expect((await group(sim)).desired).toBe(4);
    // still one short: nothing frees capacity; the world is still, not spinning
    expect(await sim.clock.idle(Promise.resolve())).toBe(false);
  });
});

describe('terminateInstance (with decrement)', () => {
  it('decrements desired, drains nothing, deletes the node after the shutdown delay', async () => {
    const sim = cluster({ workloads: [web(3)] });
    const [victim] = (await group(sim)).instances;
    const node = (await sim.kube.listNodes()).find((n) => n.providerId.endsWith(victim!.id))!;
    expect(await sim.cloud.terminateInstance(victim!.id)).toBe('terminating');
    const g = await group(sim);
    expect(g.desired).toBe(2);
    expect(g.instances.find((i) => i.id === victim!.id)?.lifecycleState).toBe('Terminating');
    expect((await sim.kube.listNodes()).find((n) => n.name === node.name)?.ready).toBe(false);
    expect(await sim.cloud.terminateInstance(victim!.id)).toBe('already-gone');
    await advance(sim, 30);
    expect((await sim.kube.listNodes()).map((n) => n.name)).not.toContain(node.name);
    expect((await group(sim)).instances.map((i) => i.id)).not.toContain(victim!.id);
    expect(await sim.cloud.terminateInstance(victim!.id)).toBe('already-gone');
    expect(await sim.cloud.terminateInstance('i-00000000000000000')).toBe('already-gone');
    // its web pod was still there: lost, and replaced elsewhere
    expect(sim.report().lostPods).toBe(1);
    await settle(sim);
    expect(sim.report().unreadyControllerPods).toBe(0);
  });

  it('refuses to go below min size, with AWS message', async () => {
    const sim = cluster({ min: 3 });
    const [victim] = (await group(sim)).instances;
    await expect(sim.cloud.terminateInstance(victim!.id)).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining("Terminating instance without replacement will violate group's min size constraint"),
    });
  });

  it('lowering desired scales in from the zone with the most instances', async () => {
    const sim = cluster({ nodes: [1, 2, 1] });
    await sim.cloud.setGroupSize('ng', { min: 0, max: 20, desired: 3 });
    const terminating = (await group(sim)).instances.filter((i) => i.lifecycleState === 'Terminating');
    expect(terminating.map((i) => i.zone)).toEqual(['eu-west-1b']);
  });

  it('between zones with as many instances, scale-in takes the oldest launch template version', async () => {
    const sim = cluster({ nodes: [0, 1, 0] });
    await sim.cloud.setGroupSize('ng', { min: 0, max: 20, desired: 2 }); // a version-2 instance in zone a
    await settle(sim);
    await sim.cloud.setGroupSize('ng', { min: 0, max: 20, desired: 1 });
    const terminating = (await group(sim)).instances.filter((i) => i.lifecycleState === 'Terminating');
    expect(terminating).toHaveLength(1);
    expect(terminating[0]).toMatchObject({ zone: 'eu-west-1b', launchTemplate: { version: '1' } });
  });
});

describe('suspendProcesses / resumeProcesses', () => {
  it('have set semantics and reject unknown processes', async () => {
    const sim = cluster();
    await sim.cloud.suspendProcesses('ng', ['AZRebalance', 'ScheduledActions']);
    await sim.cloud.suspendProcesses('ng', ['AZRebalance']);
    expect((await group(sim)).suspendedProcesses).toEqual(['AZRebalance', 'ScheduledActions']);
    await sim.cloud.resumeProcesses('ng', ['AZRebalance', 'AlarmNotification']);
    expect((await group(sim)).suspendedProcesses).toEqual(['ScheduledActions']);
    await expect(sim.cloud.suspendProcesses('ng', ['Rebalance'])).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('a group with Launch suspended does not launch', async () => {
    const sim = cluster({ suspended: ['Launch'] });
    await sim.cloud.setGroupSize('ng', { min: 0, max: 20, desired: 5 });
    expect((await group(sim)).instances).toHaveLength(3);
    await sim.cloud.resumeProcesses('ng', ['Launch']);
    expect((await group(sim)).instances).toHaveLength(5);
  });
});

describe('AZRebalance', () => {
  async function emptyZoneA(sim: ReturnType<typeof loadSimulation>): Promise<void> {
    const [g] = await sim.cloud.describeGroups({ cluster: 'azrebalance' });
    for (const i of g!.instances.filter((x) => x.zone === 'eu-west-1a')) await sim.cloud.terminateInstance(i.id);
  }

  it('when not suspended, launches in the smallest zone, then terminates one in the largest — pods and all', async () => {
    const sim = loadSimulation(fixturePath('azrebalance'));
    await emptyZoneA(sim);
    await settle(sim);
    const activities = sim.actions().filter((a) => a.verb === 'InstanceLaunched' || a.verb === 'InstanceTerminating');
    expect(activities.map((a) => [a.verb, a.detail])).toEqual([
      ['InstanceLaunched', 'azrebalance-nodes eu-west-1a (AZRebalance)'],
      ['InstanceTerminating', 'AZRebalance'],
    ]);
    // Terminating instances no longer count: the imbalance (0/2/2) is there at once, AWS acts 60 s later.
    expect(activities[0]!.at - T0).toBe(60);
    const [g] = await sim.cloud.describeGroups({ cluster: 'azrebalance' });
    expect(g!.desired).toBe(4);
    // 0/2/2 → launch in a (1/2/2, one above desired) → terminate in b or c, the largest (1/1/2 or 1/2/1).
    const zones = g!.instances.map((i) => i.zone);
    expect(zones.filter((z) => z === 'eu-west-1a')).toHaveLength(1);
    expect(zones).toHaveLength(4);
    expect(sim.report().lostPods).toBeGreaterThan(0);
    expect(sim.report().maxExtraInstances).toBe(0);
  });

  it('when suspended, leaves the imbalance alone and the world goes still', async () => {
    const sim = loadSimulation(fixturePath('azrebalance'));
    await sim.cloud.suspendProcesses('azrebalance-nodes', ['AZRebalance']);
    await emptyZoneA(sim);
    await settle(sim);
    expect(sim.actions().filter((a) => a.verb === 'InstanceLaunched')).toEqual([]);
    expect(await sim.clock.idle(Promise.resolve())).toBe(false);
  });

  it('a balanced group arms nothing', async () => {
    const sim = loadSimulation(fixturePath('azrebalance'));
    expect(await sim.clock.idle(Promise.resolve())).toBe(false);
    await until(sim, () => true);
  });
});
