// The pure pieces of the API face, table-tested: patch formats, field selectors, quantities and ages.
import { describe, expect, it } from 'vitest';
import { cpuQuantity, memoryQuantity, nodeIp, rfc3339 } from '../../../../src/sim/serve/kube/format.js';
import { applyPatch } from '../../../../src/sim/serve/kube/patch.js';
import { parseFieldSelector } from '../../../../src/sim/serve/kube/selectors.js';
import { ApiError } from '../../../../src/sim/serve/kube/status.js';
import { humanDuration } from '../../../../src/sim/serve/kube/table.js';

const node = () => ({
  metadata: { name: 'n', labels: { a: '1', b: '2' }, finalizers: ['x'] },
  spec: { taints: [{ key: 't1', effect: 'NoSchedule' }, { key: 't2', value: 'v', effect: 'NoExecute' }] },
});

describe('patches', () => {
  it.each([
    ['merge: null deletes, maps merge, lists are replaced', 'merge', { metadata: { labels: { a: null, c: '3' } }, spec: { taints: [{ key: 't3', effect: 'NoSchedule' }] } }, { labels: { b: '2', c: '3' }, taints: [{ key: 't3', effect: 'NoSchedule' }] }],
    ['strategic: taints merge by key', 'strategic', { spec: { taints: [{ key: 't2', value: 'w', effect: 'NoExecute' }, { key: 't3', effect: 'NoSchedule' }] } }, { labels: { a: '1', b: '2' }, taints: [{ key: 't1', effect: 'NoSchedule' }, { key: 't2', value: 'w', effect: 'NoExecute' }, { key: 't3', effect: 'NoSchedule' }] }],
    ['strategic: $patch delete in a list', 'strategic', { spec: { taints: [{ key: 't1', $patch: 'delete' }] } }, { labels: { a: '1', b: '2' }, taints: [{ key: 't2', value: 'v', effect: 'NoExecute' }] }],
    ['strategic: $patch replace of a list', 'strategic', { spec: { taints: [{ $patch: 'replace' }, { key: 't9', effect: 'NoSchedule' }] } }, { labels: { a: '1', b: '2' }, taints: [{ key: 't9', effect: 'NoSchedule' }] }],
    ['strategic: $retainKeys and $setElementOrder', 'strategic', { metadata: { labels: { $retainKeys: ['b'], b: '2' } }, spec: { '$setElementOrder/taints': [{ key: 't2' }, { key: 't1' }] } }, { labels: { b: '2' }, taints: [{ key: 't1', effect: 'NoSchedule' }, { key: 't2', value: 'v', effect: 'NoExecute' }] }],
    ['json: add, remove, replace, copy', 'json', [{ op: 'add', path: '/metadata/labels/c', value: '3' }, { op: 'remove', path: '/spec/taints/0' }, { op: 'replace', path: '/metadata/labels/a', value: '9' }, { op: 'copy', from: '/metadata/labels/b', path: '/metadata/labels/d' }], { labels: { a: '9', b: '2', c: '3', d: '2' }, taints: [{ key: 't2', value: 'v', effect: 'NoExecute' }] }],
  ] as const)('%s', (_what, type, patch, expected) => {
    const out = applyPatch(type, node(), structuredClone(patch) as never) as ReturnType<typeof node>;
    expect({ labels: out.metadata.labels, taints: out.spec.taints }).toEqual(expected);
  });

  it('strategic: $deleteFromPrimitiveList removes from a list of strings', () => {
    const out = applyPatch('strategic', node(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['x'] } }) as ReturnType<typeof node>;
    expect(out.metadata.finalizers).toEqual([]);
  });

  it.each([
    [[{ op: 'test', path: '/metadata/name', value: 'other' }]],
    [[{ op: 'remove', path: '/spec/nothing' }]],
    [[{ op: 'add', path: '/spec/taints/7', value: {} }]],
    [{ op: 'add' }],
  ])('json: %j is a 422', (patch) => {
    let caught: unknown;
    try {
      applyPatch('json', node(), patch as never);
    } catch (e: unknown) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).code).toBe(422);
  });
});

describe('field selectors', () => {
  it.each([
    ['spec.nodeName=n1', [{ field: 'spec.nodeName', equal: true, value: 'n1' }]],
    ['spec.nodeName=', [{ field: 'spec.nodeName', equal: true, value: '' }]],
    ['status.phase!=Running,metadata.name==a', [{ field: 'status.phase', equal: false, value: 'Running' }, { field: 'metadata.name', equal: true, value: 'a' }]],
    ['metadata.name=a\\,b', [{ field: 'metadata.name', equal: true, value: 'a,b' }]],
    ['', []],
  ])('%s', (text, expected) => {
    expect(parseFieldSelector(text)).toEqual(expected);
  });

  it('a term without an operator does not parse', () => {
    expect(parseFieldSelector('spec.nodeName')).toBeUndefined();
  });
});

describe('formats', () => {
  it.each([
    [2000, '2'],
    [1500, '1500m'],
    [100, '100m'],
    [3920, '3920m'],
  ])('cpu %d millicores is %s', (m, text) => expect(cpuQuantity(m)).toBe(text));

  it.each([
    [7680, '7680Mi'],
    [4096, '4Gi'],
    [1024 * 1024, '1Ti'],
    [0.5, '512Ki'],
    [1e9 / 2 ** 20, '1G'],
    [0, '0'],
  ])('memory %d MiB is %s', (mib, text) => expect(memoryQuantity(mib)).toBe(text));

  it('instants are whole-second RFC 3339; node IPs come from their EC2 names', () => {
    expect(rfc3339(1_767_225_600.75)).toBe('2026-01-01T00:00:00Z');
    expect(nodeIp('ip-10-2-0-17.eu-west-1.compute.internal')).toBe('10.2.0.17');
    expect(nodeIp('kwok-node-1')).toMatch(/^10\.\d+\.\d+\.\d+$/);
  });

  it.each([
    [-5, '<invalid>'],
    [-1, '0s'],
    [45, '45s'],
    [119, '119s'],
    [150, '2m30s'],
    [600, '10m'],
    [3 * 3600 + 60, '3h1m'],
    [10 * 3600, '10h'],
    [3 * 86400 + 4 * 3600, '3d4h'],
    [30 * 86400, '30d'],
    [2 * 365 * 86400 + 30 * 86400, '2y30d'],
    [9 * 365 * 86400, '9y'],
  ])('%d seconds is %s', (seconds, text) => expect(humanDuration(seconds)).toBe(text));
});
