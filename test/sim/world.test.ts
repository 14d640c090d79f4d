// The contracts others code against: virtual time (idle/sleep), deep copies and stable order in and
// out, compare-before-patch, watch events, the action log, one-shot faults, determinism, and the
// simulator's own report after a roll.
import { describe, expect, it } from 'vitest';
import { DextreError } from '../../src/core/errors.js';
import type { WatchEvent } from '../../src/kube/port.js';
import { DEMO_FIXTURE, loadSimulation } from '../../src/sim/index.js';
import { handRoll } from './hand-roll.js';
import { advance, cluster, fixturePath, podsOf, settle, T0 } from './helpers.js';

const web = `{kind: Deployment, namespace: app, name: web, replicas: 3, images: ["web:1"], requests: {cpu: 100m, memory: 128Mi}, startupSeconds: 5}`;

describe('virtual clock', () => {
  it('idle() is false on a settled world and runs the next moment otherwise', async () => {
    const sim = cluster({ workloads: [web] });
    expect(sim.clock.now()).toBe(T0);
    expect(await sim.clock.idle(Promise.resolve())).toBe(false);
    let woke = 0;
    void sim.clock.sleep(10).then(() => woke++);
    void sim.clock.sleep(10).then(() => woke++);
    expect(await sim.clock.idle(Promise.resolve())).toBe(true);
    expect(sim.clock.now()).toBe(T0 + 10);
    await Promise.resolve();
    expect(woke).toBe(2); // everything due at that moment ran
    expect(await sim.clock.idle(Promise.resolve())).toBe(false);
  });

  it('an aborted sleep rejects with an AbortError and leaves nothing scheduled', async () => {
    const sim = cluster();
    const controller = new AbortController();
    const sleeping = sim.clock.sleep(60, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
    expect(await sim.clock.idle(Promise.resolve())).toBe(false);
    await expect(sim.clock.sleep(1, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a finite speed really waits, scaled', async () => {
    const sim = loadSimulation(fixturePath('group-at-max'), { speed: 1000 });
    void sim.clock.sleep(50); // 50 virtual seconds = 50 ms at 1000×
    const started = Date.now();
    expect(await sim.clock.idle(new Promise(() => undefined))).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(sim.clock.now()).toBe(T0 + 50);
  });
});

describe('ports', () => {
  it('hand out deep copies in a stable order', async () => {
    const sim = cluster({ workloads: [web] });
    const nodes = await sim.kube.listNodes();
    expect(nodes.map((n) => n.name)).toEqual([...nodes.map((n) => n.name)].sort());
    nodes[0]!.labels['mutated'] = 'yes';
    nodes[0]!.taints.push({ key: 'x', effect: 'NoSchedule' });
    expect((await sim.kube.listNodes())[0]!.labels['mutated']).toBeUndefined();
    const pods = await sim.kube.listPods();
    const keys = pods.map((p) => `${p.namespace}/${p.name}`);
    expect(keys).toEqual([...keys].sort());
    pods[0]!.ready = false;
    expect((await sim.kube.listPods())[0]!.ready).toBe(true);
    const node = nodes[0]!.name;
    expect((await sim.kube.listPods({ nodeName: node })).every((p) => p.nodeName === node)).toBe(true);
    expect((await sim.kube.listPods({ namespace: 'app' })).every((p) => p.namespace === 'app')).toBe(true);
  });

  it('patchNode compares before it patches: no change, no event, no log entry', async () => {
    const sim = cluster();
    const [node] = await sim.kube.listNodes();
    const events: WatchEvent[] = [];
    await sim.kube.watch((e) => events.push(e));
    await sim.kube.patchNode(node!.name, { unschedulable: true, labels: { a: 'b' } });
    await sim.kube.patchNode(node!.name, { unschedulable: true, labels: { a: 'b' } });
    await sim.kube.patchNode(node!.name, { addTaints: [{ key: 't', effect: 'PreferNoSchedule' }] });
    await sim.kube.patchNode(node!.name, { addTaints: [{ key: 't', effect: 'PreferNoSchedule' }] });
    await sim.kube.patchNode(node!.name, { removeTaints: [{ key: 'nope', effect: 'NoSchedule' }], labels: { gone: null } });
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'MODIFIED']);
    expect(sim.actions().map((a) => a.verb)).toEqual(['patchNode', 'patchNode']);
    const patched = (await sim.kube.listNodes()).find((n) => n.name === node!.name)!;
    expect(patched).toMatchObject({ unschedulable: true, labels: { a: 'b' }, taints: [{ key: 't', effect: 'PreferNoSchedule' }] });
    await sim.kube.patchNode(node!.name, { labels: { a: null }, removeTaints: [{ key: 't', effect: 'PreferNoSchedule' }] });
    const cleared = (await sim.kube.listNodes()).find((n) => n.name === node!.name)!;
    expect(cleared.labels['a']).toBeUndefined();
    expect(cleared.taints).toEqual([]);
  });

  it('patching a missing node is NOT_FOUND', async () => {
    await expect(cluster().kube.patchNode('nope', { unschedulable: true })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'nodes "nope" not found' });
  });

  it('watch reports pod changes in API order, as copies, until unsubscribed', async () => {
    const sim = cluster({ workloads: [web] });
    const events: string[] = [];
    const stop = await sim.kube.watch((e) => {
      if (e.kind === 'Pod') {
        events.push(`${e.type} ${e.pod.deletionTimestamp === undefined ? 'live' : 'terminating'}`);
        e.pod.labels['mutated'] = 'yes';
      }
    });
    const [pod] = await podsOf(sim, 'web');
    await sim.kube.evictPod('app', pod!.name);
    expect(events).toEqual(['MODIFIED terminating', 'ADDED live']);
    expect((await sim.kube.getPod('app', pod!.name))?.labels['mutated']).toBeUndefined();
    stop();
    await settle(sim);
    expect(events).toHaveLength(2);
  });

  it('one-shot faults throw once, then the port works again', async () => {
    const sim = cluster({ workloads: [web] });
    const [pod] = await podsOf(sim, 'web');
    sim.faults.once('evictPod', new DextreError('UNAVAILABLE', 'the API server is busy'));
    await expect(sim.kube.evictPod('app', pod!.name)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect((await sim.kube.getPod('app', pod!.name))?.deletionTimestamp).toBeUndefined();
    expect(await sim.kube.evictPod('app', pod!.name)).toEqual({ result: 'evicted' });
    expect(sim.faults.pending()).toBe(0);
  });

  it('the action log records changes through the ports, then what the world did because of them', async () => {
    const sim = cluster();
    await sim.cloud.setGroupSize('ng', { min: 0, max: 5, desired: 4 });
    const [first, second] = sim.actions();
    expect(first).toMatchObject({ at: T0, port: 'cloud', verb: 'setGroupSize', target: 'ng', detail: 'min=0 max=5 desired=4' });
    expect(second).toMatchObject({ port: 'cloud', verb: 'InstanceLaunched' });
    await sim.cloud.setGroupSize('ng', { min: 0, max: 5, desired: 9 }).catch(() => undefined);
    expect(sim.actions()[2]).toMatchObject({ verb: 'setGroupSize', detail: expect.stringMatching(/^error: ValidationError/) });
  });
});

describe('a roll through the ports', () => {
  it('is deterministic: the same script gives the same action log and report', async () => {
    const run = async () => {
      const sim = loadSimulation(fixturePath('statefulset-pdb'));
      await handRoll(sim);
      await settle(sim);
      return { actions: sim.actions(), report: sim.report(), pods: await sim.kube.listPods() };
    };
    const [a, b] = [await run(), await run()];
    expect(a.actions.length).toBeGreaterThan(10);
    expect(b).toEqual(a);
  });

  it('the simulator sees no violation, nothing lost and nothing outdated after a careful roll of the demo', async () => {
    const sim = loadSimulation(DEMO_FIXTURE);
    await handRoll(sim, { resume: false });
    await settle(sim);
    const report = sim.report();
    expect(report).toMatchObject({ pdbViolations: 0, lostPods: 0, outdatedNodesRemaining: 0, unreadyControllerPods: 0, maxExtraInstances: 1 });
    expect(report.evictions).toBeGreaterThanOrEqual(75); // every non-DaemonSet pod moved at least once
    expect(report.minReadyCapacityRatio).toBeGreaterThanOrEqual(1);
    expect(report.movedPodStartupSeconds.p95).toBeGreaterThanOrEqual(report.movedPodStartupSeconds.p50);
    expect(report.movedPodStartupSeconds.p50).toBeGreaterThan(0);
  });

  it('terminating a node with its pods still on it counts lost pods and budget violations', async () => {
    const sim = loadSimulation(fixturePath('single-replica'));
    const [g] = await sim.cloud.describeGroups({ cluster: 'single-replica' });
    const node = (await sim.kube.listNodes())[0]!;
    const onIt = (await sim.kube.listPods({ nodeName: node.name })).filter((p) => p.owner?.kind !== 'DaemonSet');
    await sim.cloud.terminateInstance(g!.instances.find((i) => node.providerId.endsWith(i.id))!.id);
    expect(sim.report().lostPods).toBe(onIt.length);
    expect(onIt.length).toBeGreaterThan(0);
    await advance(sim, 3600);
    expect(sim.report().minReadyCapacityRatio).toBeCloseTo(2 / 3, 5);
  });
});
