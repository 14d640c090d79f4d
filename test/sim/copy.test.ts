// The hand-written copies equal structuredClone's and share nothing with the original.
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../src/core/model.js';
import { copyNode, copyPod, copySelector } from '../../src/sim/copy.js';

const pod: Pod = {
  namespace: 'app',
  name: 'web-0',
  uid: 'u',
  nodeName: 'n',
  labels: { app: 'web' },
  annotations: { a: 'b' },
  owner: { kind: 'StatefulSet', name: 'web', controller: true },
  phase: 'Running',
  ready: true,
  deletionTimestamp: 5,
  priority: 10,
  priorityClassName: 'high',
  volumes: [{ name: 'a', emptyDir: { medium: 'Memory' } }, { name: 'b', persistentVolumeClaim: { claimName: 'c' } }, { name: 'h', hostPath: { path: '/x' } }],
  initContainers: [{ name: 'i', image: 'i:1' }],
  containers: [{ name: 'c', image: 'c:1' }],
  requests: { cpu: 1, memory: 2 },
  imagePullSecrets: ['s'],
  tolerations: [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }],
  nodeSelector: { z: 'a' },
  terminationGracePeriodSeconds: 30,
  imagePullFailures: [{ image: 'x', reason: 'ErrImagePull' }],
};

const node: Node = {
  name: 'n',
  providerId: 'aws:///a/i-1',
  labels: { l: '1' },
  annotations: { a: '1' },
  taints: [{ key: 't', value: 'v', effect: 'NoSchedule' }],
  unschedulable: true,
  ready: true,
  allocatable: { cpu: 1, memory: 2 },
  createdAt: 3,
};

describe('copies', () => {
  it('copyPod equals structuredClone and is independent', () => {
    const copy = copyPod(pod);
    expect(copy).toStrictEqual(structuredClone(pod));
    copy.labels['x'] = 'y';
    copy.volumes[0]!.emptyDir!.medium = 'Disk';
    copy.owner!.name = 'other';
    copy.tolerations[0]!.key = 'z';
    copy.imagePullFailures[0]!.reason = 'r';
    expect(pod).toStrictEqual(structuredClone(copyPod(pod)));
    expect(pod.labels['x']).toBeUndefined();
    expect(pod.volumes[0]!.emptyDir!.medium).toBe('Memory');
    expect(pod.owner!.name).toBe('web');
  });

  it('copyPod adds no keys for absent optional fields', () => {
    const { owner: _o, nodeName: _n, deletionTimestamp: _d, priorityClassName: _p, ...bare } = pod;
    expect(Object.keys(copyPod(bare))).toEqual(Object.keys(bare));
  });

  it('copyNode equals structuredClone and is independent', () => {
    const copy = copyNode(node);
    expect(copy).toStrictEqual(structuredClone(node));
    copy.taints[0]!.value = 'w';
    copy.allocatable.cpu = 9;
    expect(node.taints[0]!.value).toBe('v');
    expect(node.allocatable.cpu).toBe(1);
  });

  it('copySelector equals structuredClone', () => {
    const selector = { matchLabels: { a: 'b' }, matchExpressions: [{ key: 'k', operator: 'In' as const, values: ['x'] }, { key: 'e', operator: 'Exists' as const }] };
    expect(copySelector(selector)).toStrictEqual(structuredClone(selector));
    expect(copySelector({})).toStrictEqual({});
  });
});
