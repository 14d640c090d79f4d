import { describe, expect, it } from 'vitest';
import { nodeMergePatch } from '../../src/kube/client/node-patch.js';
import type { NodePatch } from '../../src/kube/port.js';
import { nodeJson } from './objects.js';

const node = nodeJson('n1', {
  rv: '7',
  labels: { keep: 'a', role: 'web' },
  taints: [
    { key: 'dedicated', value: 'web', effect: 'NoSchedule' },
    { key: 'dedicated', value: 'web', effect: 'NoExecute', timeAdded: '2024-05-02T08:00:00Z' },
  ],
});

describe('nodeMergePatch: compare before patch', () => {
  it.each<[string, NodePatch]>([
    ['an empty patch', {}],
    ['labels already set, and removing one that is absent', { labels: { role: 'web', absent: null } }],
    ['already schedulable', { unschedulable: false }],
    ['adding a taint that is there with that value', { addTaints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }] }],
    ['removing a taint that is not there', { removeTaints: [{ key: 'dedicated', effect: 'PreferNoSchedule' }] }],
  ])('%s sends nothing', (_name, patch) => {
    expect(nodeMergePatch(node, patch)).toBeUndefined();
  });

  it('an added taint with the same key and effect replaces the value in place, keeping timeAdded', () => {
    expect(nodeMergePatch(node, { addTaints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] })).toEqual({
      metadata: { resourceVersion: '7' },
      spec: {
        taints: [
          { key: 'dedicated', value: 'web', effect: 'NoSchedule' },
          { key: 'dedicated', value: 'db', effect: 'NoExecute', timeAdded: '2024-05-02T08:00:00Z' },
        ],
      },
    });
  });

  it('removes by key and effect, labels with null, and only what changes', () => {
    expect(nodeMergePatch(node, { labels: { keep: 'a', role: null, added: 'x' }, removeTaints: [{ key: 'dedicated', effect: 'NoSchedule' }], unschedulable: true })).toEqual({
      metadata: { resourceVersion: '7', labels: { role: null, added: 'x' } },
      spec: { unschedulable: true, taints: [{ key: 'dedicated', value: 'web', effect: 'NoExecute', timeAdded: '2024-05-02T08:00:00Z' }] },
    });
  });

  // kubectl cordon's patch carries no resourceVersion either: these fields merge key by key, and a node
  // changed meanwhile by its kubelet or an agent must not make the write fail.
  it.each<[string, NodePatch, object]>([
    ['a cordon', { unschedulable: true }, { spec: { unschedulable: true } }],
    ['labels', { labels: { role: 'db', added: 'x' } }, { metadata: { labels: { role: 'db', added: 'x' } } }],
    ['an annotation', { annotations: { 'dextre.io/why': 'outdated' } }, { metadata: { annotations: { 'dextre.io/why': 'outdated' } } }],
    ['a cordon with labels', { unschedulable: true, labels: { role: null } }, { metadata: { labels: { role: null } }, spec: { unschedulable: true } }],
  ])('%s carries no resourceVersion precondition', (_name, patch, expected) => {
    expect(nodeMergePatch(node, patch)).toEqual(expected);
  });

  it('a patch that replaces the taint list carries the resourceVersion it was computed from', () => {
    expect(nodeMergePatch(node, { unschedulable: true, addTaints: [{ key: 'dextre.io/rolling', effect: 'PreferNoSchedule' }] })?.metadata).toEqual({ resourceVersion: '7' });
  });

  it('removing the last taint sends an empty list', () => {
    const one = nodeJson('n1', { taints: [{ key: 'x', effect: 'NoSchedule' }] });
    expect(nodeMergePatch(one, { removeTaints: [{ key: 'x', effect: 'NoSchedule' }] })?.spec).toEqual({ taints: [] });
  });
});
