// Waits over a watch whose answers arrive in any order: a real API server and a throttled AWS answer
// when they answer, not in the order dextre asked.
import { describe, expect, it } from 'vitest';
import type { NodeGroupCloud } from '../../src/cloud/port.js';
import type { Node, NodeGroup, Pod, Workload } from '../../src/core/model.js';
import type { RollEvent } from '../../src/core/roll/effects.js';
import { Waiters } from '../../src/engine/waiters.js';
import type { KubeCluster, WatchEvent } from '../../src/kube/port.js';
import { pod as harnessPod } from '../core/roll/harness.js';

interface Deferred {
  resolve(groups: NodeGroup[]): void;
}

function world() {
  let handler: ((e: WatchEvent) => void) | undefined;
  const describes: Deferred[] = [];
  const kube = {
    watch: async (h: (e: WatchEvent) => void) => {
      handler = h;
      return () => undefined;
    },
    listNodes: async () => [],
  } as unknown as KubeCluster;
  const cloud = {
    // Every describe waits until the test answers it, with the groups as they are when it answers.
    describeGroups: () => new Promise<NodeGroup[]>((resolve) => describes.push({ resolve })),
  } as unknown as NodeGroupCloud;
  const events: RollEvent[] = [];
  const waiters = new Waiters(kube, cloud, 'prod', (make) => events.push(make(0)));
  return { waiters, events, describes, send: (e: WatchEvent) => handler?.(e) };
}

function node(name: string, instanceId: string, ready: boolean): Node {
  return {
    name,
    providerId: `aws:///eu-west-1a/${instanceId}`,
    labels: { 'topology.kubernetes.io/zone': 'eu-west-1a' },
    annotations: {},
    taints: [],
    unschedulable: false,
    ready,
    allocatable: { cpu: 2000, memory: 8192 },
    createdAt: 0,
  };
}

function group(name: string, instanceIds: string[]): NodeGroup {
  const instances = instanceIds.map((id) => ({ id, zone: 'eu-west-1a', lifecycleState: 'InService' as const, imageId: 'ami-1', instanceType: 'm5.large', launchTime: 0 }));
  return { name, zones: ['eu-west-1a'], min: 0, max: 10, desired: instances.length, suspendedProcesses: [], instances, tags: {} };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Waiters: nodes of the roll\'s groups', () => {
  it('judges a new node on its latest state even when the looks at its group answer out of order', async () => {
    const fresh = node('new-1', 'i-0new', false);
    const groups = [group('general', ['i-0new'])];
    const w = world();
    w.waiters.start();
    const adding = w.waiters.add({ type: 'WatchGroupNodes', key: 'watch', groups: ['general'] });
    await tick();
    w.describes.shift()!.resolve([]); // the first look, before the instance existed
    await adding;
    w.send({ type: 'ADDED', kind: 'Node', node: fresh });
    await tick();
    w.send({ type: 'MODIFIED', kind: 'Node', node: { ...fresh, ready: true } });
    await tick();
    // Both changes wait for the same look (or one after it); answer every look there is.
    while (w.describes.length > 0) {
      w.describes.pop()!.resolve(groups);
      await tick();
    }
    expect(w.events.map((e) => e.type)).toEqual(['NodeReady']);
    expect(w.describes).toHaveLength(0);
  });

  it('never goes back to an older state that waited for a look another look already answered', async () => {
    const first = node('new-1', 'i-0one', false);
    const second = node('new-2', 'i-0two', false);
    const groups = [group('general', ['i-0one', 'i-0two'])];
    const w = world();
    w.waiters.start();
    const adding = w.waiters.add({ type: 'WatchGroupNodes', key: 'watch', groups: ['general'] });
    await tick();
    w.describes.shift()!.resolve([]);
    await adding;
    // new-2 appears and asks for a look; new-1 appears while that look runs and waits for the next one.
    w.send({ type: 'ADDED', kind: 'Node', node: second });
    await tick();
    w.send({ type: 'ADDED', kind: 'Node', node: first });
    await tick();
    // The first look answers with both instances: new-1 is known now, and its Ready is judged at once.
    w.describes.shift()!.resolve(groups);
    await tick();
    w.send({ type: 'MODIFIED', kind: 'Node', node: { ...first, ready: true } });
    await tick();
    // The look new-1 waited for answers last; its older, NotReady state must not be judged after Ready.
    while (w.describes.length > 0) {
      w.describes.shift()!.resolve(groups);
      await tick();
    }
    expect(w.events.map((e) => (e.type === 'NodeReady' || e.type === 'NodeNotReady' ? `${e.type} ${e.node}` : e.type))).toEqual(['NodeReady new-1']);
  });
});

describe('Waiters: a moved pod\'s workload', () => {
  /** A pod of the ReplicaSet web-abc in namespace shop. */
  function pod(uid: string, ready: boolean): Pod {
    return harnessPod(`web-${uid}`, 'node-b', { namespace: 'shop', uid, ready, phase: ready ? 'Running' : 'Pending' });
  }

  /** A watch the test drives, pods listed by `listPods`, and the one workload `web-abc` of 3 replicas. */
  function podWorld(listPods: () => Promise<Pod[]>) {
    let handler: ((e: WatchEvent) => void) | undefined;
    const workload: Workload = { kind: 'ReplicaSet', namespace: 'shop', name: 'web-abc', replicas: 3, readyReplicas: 2, selector: { matchLabels: { app: 'web' } } };
    const kube = {
      watch: async (h: (e: WatchEvent) => void) => {
        handler = h;
        return () => undefined;
      },
      listPods,
      listWorkloads: async () => [workload],
    } as unknown as KubeCluster;
    const events: RollEvent[] = [];
    const waiters = new Waiters(kube, {} as NodeGroupCloud, 'prod', (make) => events.push(make(0)));
    waiters.start();
    return { waiters, events, send: (e: WatchEvent) => handler?.(e) };
  }

  const awaitWeb = { type: 'AwaitWorkloadReady' as const, key: 'ready:old', workload: { kind: 'ReplicaSet', namespace: 'shop', name: 'web-abc' }, pod: { namespace: 'shop', name: 'web-old', uid: 'old' } };

  it.each([
    ['newer than the change (the replacement Ready)', true],
    ['older than the change (the replacement not yet Ready)', false],
  ])('counts a replacement that turned Ready while the wait was listing, the list %s', async (_what, listedReady) => {
    let answerList: ((pods: Pod[]) => void) | undefined;
    const { waiters, events, send } = podWorld(() => new Promise<Pod[]>((resolve) => (answerList = resolve)));
    const evicted = { ...pod('old', true), deletionTimestamp: 100 };
    const waiting = waiters.add(awaitWeb);
    await tick();
    // While the list is on its way, the replacement is created and turns Ready; another pod of the
    // workload is still being moved elsewhere, so the workload is one short when the list is answered.
    send({ type: 'ADDED', kind: 'Pod', pod: pod('new', false) });
    send({ type: 'MODIFIED', kind: 'Pod', pod: pod('new', true) });
    answerList?.([evicted, pod('new', listedReady), pod('other', true), { ...pod('moving', true), deletionTimestamp: 100 }]);
    await waiting;
    expect(events.map((e) => e.type)).toEqual(['WorkloadReady']);
  });

  it('counts a replacement that turned Ready after the eviction but before the wait began', async () => {
    const evicted = { ...pod('old', true), deletionTimestamp: 100 };
    const { waiters, events, send } = podWorld(async () => [pod('new', true), pod('other', true), { ...pod('moving', true), deletionTimestamp: 100 }]);
    await tick();
    // The eviction, the replacement's start and its Ready all come before the wait is registered.
    send({ type: 'MODIFIED', kind: 'Pod', pod: evicted });
    send({ type: 'ADDED', kind: 'Pod', pod: pod('new', false) });
    send({ type: 'MODIFIED', kind: 'Pod', pod: pod('new', true) });
    send({ type: 'DELETED', kind: 'Pod', pod: evicted });
    await waiters.add(awaitWeb);
    expect(events.map((e) => e.type)).toEqual(['WorkloadReady']);
  });

  it('does not count a pod that was Ready before the wait began', async () => {
    const { waiters, events, send } = podWorld(async () => [{ ...pod('old', true), deletionTimestamp: 100 }, pod('other', true), { ...pod('moving', true), deletionTimestamp: 100 }]);
    await tick();
    send({ type: 'ADDED', kind: 'Pod', pod: pod('other', true) });
    await waiters.add(awaitWeb);
    send({ type: 'MODIFIED', kind: 'Pod', pod: { ...pod('other', true), labels: { app: 'web', touched: 'yes' } } });
    expect(events).toEqual([]);
  });
});
