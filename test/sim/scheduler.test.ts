// The scheduler against kube-scheduler's documented filters and preferences: NoSchedule taints need a
// toleration, cordoned nodes take nothing new, requests must fit allocatable, DoNotSchedule spread
// constraints hold pods Pending rather than skew, PreferNoSchedule steers away, Pending pods retry
// when capacity appears.
import { describe, expect, it } from 'vitest';
import { cluster, podsOf, settle } from './helpers.js';

const deploy = (name: string, replicas: number, extra = '') =>
  `{kind: Deployment, namespace: app, name: ${name}, replicas: ${replicas}, images: ["web:1"], requests: {cpu: 500m, memory: 512Mi}, startupSeconds: 5${extra}}`;

async function evictAll(sim: ReturnType<typeof cluster>, prefix: string): Promise<void> {
  for (const p of await podsOf(sim, prefix)) await sim.kube.evictPod('app', p.name);
}

describe('scheduler filters', () => {
  it('places nothing on a node whose NoSchedule taint the pod does not tolerate', async () => {
    const sim = cluster({ nodes: [1, 0, 0], workloads: [deploy('web', 1)] });
    const [node] = await sim.kube.listNodes();
    await sim.kube.patchNode(node!.name, { addTaints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    await evictAll(sim, 'web');
    await settle(sim);
    const pods = (await podsOf(sim, 'web')).filter((p) => p.deletionTimestamp === undefined);
    expect(pods).toHaveLength(1);
    expect(pods[0]!.nodeName).toBeUndefined();
    expect(pods[0]!.phase).toBe('Pending');
  });

  it('a toleration lets the pod onto the tainted node', async () => {
    const sim = cluster({
      nodes: [1, 0, 0],
      workloads: [deploy('web', 1, ', tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]')],
    });
    const [node] = await sim.kube.listNodes();
    await sim.kube.patchNode(node!.name, { addTaints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    await evictAll(sim, 'web');
    await settle(sim);
    expect((await podsOf(sim, 'web')).map((p) => p.nodeName)).toEqual([node!.name]);
  });

  it('a cordoned node takes no new pods; uncordoning lets the Pending pod in', async () => {
    const sim = cluster({ nodes: [1, 0, 0], workloads: [deploy('web', 1)] });
    const [node] = await sim.kube.listNodes();
    await sim.kube.patchNode(node!.name, { unschedulable: true });
    await evictAll(sim, 'web');
    await settle(sim);
    expect((await podsOf(sim, 'web'))[0]!.nodeName).toBeUndefined();
    await sim.kube.patchNode(node!.name, { unschedulable: false });
    await settle(sim);
    const [pod] = await podsOf(sim, 'web');
    expect(pod).toMatchObject({ nodeName: node!.name, ready: true });
  });

  it('requests must fit what is left of allocatable', async () => {
    const sim = cluster({ nodes: [1, 0, 0], cpu: 1000, workloads: [deploy('web', 3)] });
    const pods = await podsOf(sim, 'web');
    expect(pods.filter((p) => p.nodeName !== undefined)).toHaveLength(2);
    expect(pods.filter((p) => p.phase === 'Pending')).toHaveLength(1);
  });

  it('a Pending pod is placed once capacity appears (event-driven retry)', async () => {
    const sim = cluster({ nodes: [1, 0, 0], cpu: 1000, workloads: [deploy('web', 3)] });
    await sim.cloud.setGroupSize('ng', { min: 0, max: 20, desired: 2 });
    await settle(sim);
    const pods = await podsOf(sim, 'web');
    expect(pods.every((p) => p.ready)).toBe(true);
    expect(new Set(pods.map((p) => p.nodeName)).size).toBe(2);
  });

  it('DoNotSchedule spread keeps a pod Pending rather than exceed maxSkew', async () => {
    // One node per zone, room for two pods each; zone c is cordoned, so its count stays 0.
    const sim = cluster({ cpu: 1000, workloads: [deploy('web', 3, ', topologySpread: {maxSkew: 1, whenUnsatisfiable: DoNotSchedule}')] });
    const nodes = await sim.kube.listNodes();
    const zoneC = nodes.find((n) => n.labels['topology.kubernetes.io/zone'] === 'eu-west-1c')!;
    const onC = (await podsOf(sim, 'web')).find((p) => p.nodeName === zoneC.name)!;
    await sim.kube.patchNode(zoneC.name, { unschedulable: true });
    await sim.kube.evictPod('app', onC.name);
    await settle(sim);
    // a and b hold one each, c holds none: a third in a or b would make the skew 2.
    const active = (await podsOf(sim, 'web')).filter((p) => p.deletionTimestamp === undefined);
    expect(active.filter((p) => p.nodeName === undefined)).toHaveLength(1);
  });

  it('ScheduleAnyway spread places the pod anyway', async () => {
    const sim = cluster({ cpu: 1000, workloads: [deploy('web', 3, ', topologySpread: {maxSkew: 1, whenUnsatisfiable: ScheduleAnyway}')] });
    const zoneC = (await sim.kube.listNodes()).find((n) => n.labels['topology.kubernetes.io/zone'] === 'eu-west-1c')!;
    await sim.kube.patchNode(zoneC.name, { unschedulable: true });
    await sim.kube.evictPod('app', (await podsOf(sim, 'web')).find((p) => p.nodeName === zoneC.name)!.name);
    await settle(sim);
    expect((await podsOf(sim, 'web')).every((p) => p.nodeName !== undefined && p.ready)).toBe(true);
  });

  it('honours nodeSelector', async () => {
    const sim = cluster({ nodes: [1, 1, 0], workloads: [deploy('web', 1, ', nodeSelector: {topology.kubernetes.io/zone: eu-west-1b}')] });
    const [pod] = await podsOf(sim, 'web');
    const node = (await sim.kube.listNodes()).find((n) => n.name === pod!.nodeName);
    expect(node?.labels['topology.kubernetes.io/zone']).toBe('eu-west-1b');
  });
});

describe('scheduler preferences', () => {
  it('spreads a workload across zones', async () => {
    const sim = cluster({ nodes: 2, workloads: [deploy('web', 3)] });
    const nodes = await sim.kube.listNodes();
    const zoneOf = new Map(nodes.map((n) => [n.name, n.labels['topology.kubernetes.io/zone']]));
    const zones = (await podsOf(sim, 'web')).map((p) => zoneOf.get(p.nodeName ?? ''));
    expect(new Set(zones).size).toBe(3);
  });

  it.each([
    { taint: true, expected: 'the node it came from' },
    { taint: false, expected: 'the empty node' },
  ])('a replacement goes to $expected when the empty node is soft-tainted: $taint', async ({ taint }) => {
    // One node per zone; two pods on two of them; the third node is empty (the best score otherwise).
    const sim = cluster({ workloads: [deploy('web', 2)] });
    const [a, b] = await podsOf(sim, 'web');
    const occupied = new Set([a!.nodeName, b!.nodeName]);
    const free = (await sim.kube.listNodes()).find((n) => !occupied.has(n.name))!;
    if (taint) await sim.kube.patchNode(free.name, { addTaints: [{ key: 'dextre.io/outdated', effect: 'PreferNoSchedule' }] });
    await sim.kube.evictPod('app', a!.name);
    await settle(sim);
    const replacement = (await podsOf(sim, 'web')).find((p) => p.name !== a!.name && p.name !== b!.name);
    expect(replacement?.nodeName).toBe(taint ? a!.nodeName : free.name);
  });

  it('uses a PreferNoSchedule node when nothing else fits', async () => {
    const sim = cluster({ nodes: [1, 0, 0], workloads: [deploy('web', 1)] });
    const [node] = await sim.kube.listNodes();
    await sim.kube.patchNode(node!.name, { addTaints: [{ key: 'dextre.io/outdated', effect: 'PreferNoSchedule' }] });
    await evictAll(sim, 'web');
    await settle(sim);
    expect((await podsOf(sim, 'web'))[0]).toMatchObject({ nodeName: node!.name, ready: true });
  });
});
