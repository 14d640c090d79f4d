// Waits over a watch whose answers arrive in any order: a real API server and a throttled AWS answer
// when they answer, not in the order dextre asked.
import { describe, expect, it } from 'vitest';
import type { NodeGroupCloud } from '../../src/cloud/port.js';
import type { Node, NodeGroup } from '../../src/core/model.js';
import type { RollEvent } from '../../src/core/roll/effects.js';
import { Waiters } from '../../src/engine/waiters.js';
import type { KubeCluster, WatchEvent } from '../../src/kube/port.js';

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
});
