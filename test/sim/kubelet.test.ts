// The kubelet's image pulls: finite bandwidth shared by concurrent pulls (two pulls of X MiB at B MiB/s
// both finish at 2X/B), one pull per image per node, cached images not pulled again, init containers
// pulled and run in order before the main containers, ErrImagePull recorded and the pod never started.
import { describe, expect, it } from 'vitest';
import type { DaemonSetManifest } from '../../src/kube/port.js';
import { advance, cluster, podsOf, settle, T0, until } from './helpers.js';

const BOOT = 60;
const READY = 15;
/** The new node of `launchNodeInZoneB` is Ready (and its pods bind) at this many seconds. */
const NODE_READY_AT = BOOT + READY;

/** Deployments pinned to zone b, which has no node until the group grows (the new node starts cold). */
function zoneB(name: string, image: string, replicas = 1): string {
  return `{kind: Deployment, namespace: app, name: ${name}, replicas: ${replicas}, images: ["${image}"], requests: {cpu: 10m, memory: 16Mi}, startupSeconds: 0, nodeSelector: {topology.kubernetes.io/zone: eu-west-1b}}`;
}

const IMAGES = [
  { name: 'x:1', sizeMiB: 500 },
  { name: 'y:1', sizeMiB: 500 },
  { name: 'i1:1', sizeMiB: 200 },
  { name: 'i2:1', sizeMiB: 200 },
  { name: 'i3:1', sizeMiB: 200 },
  { name: 'i4:1', sizeMiB: 200 },
  { name: 'i5:1', sizeMiB: 200 },
  { name: 'broken:1', sizeMiB: 10, pullable: false },
  { name: 'private:1', sizeMiB: 10, pullSecret: 'regcred' },
];

async function launchNodeInZoneB(sim: ReturnType<typeof cluster>): Promise<void> {
  await sim.cloud.setGroupSize('ng', { min: 0, max: 10, desired: 3 });
}

/** Seconds from the start until each matching pod was Ready, by watching. */
function readyTimes(sim: ReturnType<typeof cluster>): Map<string, number> {
  const times = new Map<string, number>();
  sim.kube.watch((e) => {
    const p = e.kind === 'Pod' ? e.pod : undefined;
    if (p?.ready && p.deletionTimestamp === undefined && !times.has(p.name)) times.set(p.name, sim.clock.now() - T0);
  });
  return times;
}

describe('image pulls', () => {
  it('one pull of X MiB at B MiB/s takes X/B seconds', async () => {
    const sim = cluster({ nodes: [1, 0, 1], images: IMAGES, pullMiBps: 50, workloads: [zoneB('a', 'x:1')] });
    const times = readyTimes(sim);
    await launchNodeInZoneB(sim);
    await settle(sim);
    expect([...times.values()]).toEqual([NODE_READY_AT + 500 / 50]);
  });

  it('two concurrent pulls of X MiB at B MiB/s both finish at 2X/B', async () => {
    const sim = cluster({ nodes: [1, 0, 1], images: IMAGES, pullMiBps: 50, workloads: [zoneB('a', 'x:1'), zoneB('b', 'y:1')] });
    const times = readyTimes(sim);
    await launchNodeInZoneB(sim);
    await settle(sim);
    expect([...times.values()]).toEqual([NODE_READY_AT + (2 * 500) / 50, NODE_READY_AT + (2 * 500) / 50]);
  });

  it('pulls that overlap share the bandwidth; the link is never idle while one runs', async () => {
    // x (500 MiB) alone for 5 s → 250 MiB left. Then a DaemonSet pod pulls its copy image (5 MiB,
    // unlisted) and y (500 MiB) while x finishes: the link stays full, so x, copy and y are all down
    // after (500 + 5 + 500) / 50 = 20.1 s, x first at 15 s; then the pause image (5 MiB) alone: 0.1 s.
    const sim = cluster({ nodes: [1, 0, 1], images: IMAGES, pullMiBps: 50, workloads: [zoneB('a', 'x:1')] });
    const times = readyTimes(sim);
    await launchNodeInZoneB(sim);
    await until(sim, () => sim.clock.now() - T0 >= NODE_READY_AT);
    await advance(sim, 5);
    const node = (await sim.kube.listNodes()).find((n) => n.labels['topology.kubernetes.io/zone'] === 'eu-west-1b')!;
    await sim.kube.applyDaemonSet(manifest(['y:1'], { 'kubernetes.io/hostname': node.name }, 'pull-y'));
    await settle(sim);
    expect(times.get((await podsOf(sim, 'a'))[0]!.name)).toBeCloseTo(NODE_READY_AT + 15, 5);
    expect(times.get((await podsOf(sim, 'pull-y'))[0]!.name)).toBeCloseTo(NODE_READY_AT + 20.2, 5);
  });

  it('pods needing the same image share one pull', async () => {
    const sim = cluster({ nodes: [1, 0, 1], images: IMAGES, pullMiBps: 50, workloads: [zoneB('a', 'x:1', 3)] });
    const times = readyTimes(sim);
    await launchNodeInZoneB(sim);
    await settle(sim);
    expect([...times.values()]).toEqual([NODE_READY_AT + 10, NODE_READY_AT + 10, NODE_READY_AT + 10]);
  });

  it('a cached image is not pulled again: the replacement is Ready after its startup time only', async () => {
    const sim = cluster({
      nodes: [1, 0, 0],
      images: IMAGES,
      workloads: ['{kind: Deployment, namespace: app, name: a, replicas: 1, images: ["x:1"], startupSeconds: 7, stopSeconds: 0}'],
    });
    const [old] = await podsOf(sim, 'a');
    const times = readyTimes(sim);
    await sim.kube.evictPod('app', old!.name);
    await settle(sim);
    expect([...times.values()]).toEqual([7]);
    expect(sim.report().movedPodStartupSeconds).toEqual({ p50: 7, p95: 7 });
  });

  it('a fresh node receiving many pods at once is slower than a pre-warmed one', async () => {
    const five = ['i1:1', 'i2:1', 'i3:1', 'i4:1', 'i5:1'].map((image, i) => zoneB(`w${i}`, image));
    const cold = cluster({ nodes: [1, 0, 1], images: IMAGES, pullMiBps: 50, workloads: five });
    const coldTimes = readyTimes(cold);
    await launchNodeInZoneB(cold);
    await settle(cold);
    // Five 200 MiB pulls share 50 MiB/s: every pod waits for 1000 MiB to come down.
    expect(Math.max(...coldTimes.values()) - NODE_READY_AT).toBe(20);
    // The same pods on a node whose images are already there start at once.
    const warm = cluster({ nodes: [1, 0, 1], images: IMAGES, pullMiBps: 50, workloads: five });
    await launchNodeInZoneB(warm);
    const node = async () => (await warm.kube.listNodes()).find((n) => n.labels['topology.kubernetes.io/zone'] === 'eu-west-1b');
    await until(warm, async () => (await node()) !== undefined);
    await warm.kube.applyDaemonSet(manifest(['i1:1', 'i2:1', 'i3:1', 'i4:1', 'i5:1'], { 'kubernetes.io/hostname': (await node())!.name }, 'prepull'));
    await settle(warm);
    for (const p of await podsOf(warm, 'w')) await warm.kube.deletePod('app', p.name);
    const warmTimes = readyTimes(warm);
    const start = warm.clock.now() - T0;
    await settle(warm);
    expect(Math.max(...warmTimes.values()) - start).toBe(0);
  });
});

describe('pull failures', () => {
  it('an image that cannot be pulled is recorded as ErrImagePull and the pod never starts', async () => {
    const sim = cluster({ nodes: [1, 0, 1], images: IMAGES, workloads: [zoneB('a', 'broken:1')] });
    await launchNodeInZoneB(sim);
    await settle(sim);
    const [pod] = await podsOf(sim, 'a');
    expect(pod).toMatchObject({ phase: 'Pending', ready: false, imagePullFailures: [{ image: 'broken:1', reason: 'ErrImagePull' }] });
    expect(sim.report().unreadyControllerPods).toBe(1);
  });

  it.each([
    { secrets: [], failures: 1 },
    { secrets: ['regcred'], failures: 0 },
  ])('a private image needs the namespace pull secret (secrets: $secrets)', async ({ secrets, failures }) => {
    const sim = cluster({ nodes: [1, 0, 1], images: IMAGES, appPullSecrets: secrets, workloads: [zoneB('a', 'private:1')] });
    await launchNodeInZoneB(sim);
    await settle(sim);
    const [pod] = await podsOf(sim, 'a');
    expect(pod!.imagePullFailures).toHaveLength(failures);
    expect(pod!.ready).toBe(failures === 0);
  });
});

describe('applyDaemonSet (a pre-pull manifest)', () => {
  it('pulls init images one after another, then runs the main container, Ready when it runs', async () => {
    const sim = cluster({ nodes: [1, 0, 0], images: IMAGES, pullMiBps: 50 });
    const [node] = await sim.kube.listNodes();
    await sim.kube.patchNode(node!.name, { labels: { 'dextre.io/prepull': 'r1' } });
    const times = readyTimes(sim);
    await sim.kube.applyDaemonSet(manifest(['i1:1', 'i2:1'], { 'dextre.io/prepull': 'r1' }, 'prepull'));
    const [pod] = await podsOf(sim, 'prepull');
    expect(pod!.nodeName).toBe(node!.name);
    expect(pod!.initContainers.map((c) => c.name)).toEqual(['copy', 'pull-0', 'pull-1']);
    expect(pod!.imagePullSecrets).toEqual(['regcred']);
    await settle(sim);
    // copy (unlisted: 5 MiB) + 200 + 200 + pause (unlisted: 5 MiB), one at a time at 50 MiB/s.
    expect(times.get(pod!.name)).toBeCloseTo((5 + 200 + 200 + 5) / 50, 6);
    expect((await sim.kube.listWorkloads()).find((w) => w.kind === 'DaemonSet')).toMatchObject({ replicas: 1, readyReplicas: 1 });
    expect(await sim.kube.deleteDaemonSet('app', 'prepull')).toBe('deleted');
    await settle(sim);
    expect(await podsOf(sim, 'prepull')).toHaveLength(0);
    expect(await sim.kube.deleteDaemonSet('app', 'prepull')).toBe('not-found');
  });

  it('selects nodes by label: a node labelled later gets its pod; one unlabelled loses it', async () => {
    const sim = cluster({ nodes: [1, 1, 0], images: IMAGES });
    const [a, b] = await sim.kube.listNodes();
    await sim.kube.applyDaemonSet(manifest(['i1:1'], { 'dextre.io/prepull': 'r1' }, 'prepull'));
    expect(await podsOf(sim, 'prepull')).toHaveLength(0);
    await sim.kube.patchNode(a!.name, { labels: { 'dextre.io/prepull': 'r1' } });
    await sim.kube.patchNode(b!.name, { labels: { 'dextre.io/prepull': 'r1' } });
    expect((await podsOf(sim, 'prepull')).map((p) => p.nodeName).sort()).toEqual([a!.name, b!.name].sort());
    await sim.kube.patchNode(b!.name, { labels: { 'dextre.io/prepull': null } });
    await settle(sim);
    expect((await podsOf(sim, 'prepull')).map((p) => p.nodeName)).toEqual([a!.name]);
  });
});

function manifest(images: string[], nodeSelector: Record<string, string>, name: string): DaemonSetManifest {
  const resources = { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } };
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'app', labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector,
          tolerations: [{ operator: 'Exists' }],
          imagePullSecrets: [{ name: 'regcred' }],
          terminationGracePeriodSeconds: 1,
          volumes: [{ name: 'bin', emptyDir: {} }],
          initContainers: [
            { name: 'copy', image: 'dextre/prepull-bin:1', imagePullPolicy: 'IfNotPresent', resources },
            ...images.map((image, i) => ({ name: `pull-${i}`, image, command: ['/bin/noop'], imagePullPolicy: 'IfNotPresent' as const, resources })),
          ],
          containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', imagePullPolicy: 'IfNotPresent', resources }],
        },
      },
    },
  };
}
