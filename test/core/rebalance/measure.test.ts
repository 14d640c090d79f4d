// Measuring a workload's spread as Kubernetes' topology spread counts it: pods per eligible zone, the skew
// (most minus fewest), the maxSkew from the pods' zone constraints (1 where none), and node utilisation.
import { describe, expect, it } from 'vitest';
import type { Pod, TopologySpreadConstraint } from '../../../src/core/model.js';
import { maxSkewOf, measureWorkloads, nodeUtilisations, requestedByNode, skewOf, utilisationSpread } from '../../../src/core/rebalance/measure.js';
import { cluster, ZONES } from '../builders.js';
import { nodes, skewedCluster, webDeployment } from './cluster.js';

const zone = (maxSkew: number, topologyKey = 'topology.kubernetes.io/zone'): TopologySpreadConstraint => ({ maxSkew, topologyKey, whenUnsatisfiable: 'ScheduleAnyway' });

describe('skewOf', () => {
  it.each([
    { counts: {}, skew: 0 },
    { counts: { a: 5 }, skew: 0 },
    { counts: { a: 3, b: 3, c: 3 }, skew: 0 },
    { counts: { a: 6, b: 0, c: 0 }, skew: 6 },
    { counts: { a: 2, b: 1, c: 0 }, skew: 2 },
  ])('$counts → $skew', ({ counts, skew }) => {
    expect(skewOf(counts)).toBe(skew);
  });
});

describe('maxSkewOf', () => {
  const pod = (constraints?: TopologySpreadConstraint[]) => ({ topologySpreadConstraints: constraints }) as Pod;
  it.each([
    { name: 'no constraint: 1', pods: [pod()], expected: { maxSkew: 1, from: 'default' } },
    { name: 'a zone constraint', pods: [pod([zone(2)])], expected: { maxSkew: 2, from: 'topologySpreadConstraints' } },
    { name: 'the smallest of several', pods: [pod([zone(3), zone(2)]), pod([zone(4)])], expected: { maxSkew: 2, from: 'topologySpreadConstraints' } },
    { name: 'a hostname constraint does not count', pods: [pod([zone(5, 'kubernetes.io/hostname')])], expected: { maxSkew: 1, from: 'default' } },
  ])('$name', ({ pods, expected }) => {
    expect(maxSkewOf(pods)).toEqual(expected);
  });
});

describe('measureWorkloads', () => {
  it('groups a Deployment through its ReplicaSet and counts its pods per zone', () => {
    const view = skewedCluster([4, 1, 0]).view();
    const [web] = measureWorkloads(view.nodes, view.pods, view.workloads);
    expect(web?.spread).toMatchObject({ key: 'Deployment/app/web', controllers: ['ReplicaSet/app/web-rs'], zones: ZONES, counts: { 'eu-west-1a': 4, 'eu-west-1b': 1, 'eu-west-1c': 0 }, skew: 4, maxSkew: 1 });
  });

  it('counts only the zones the pods can run in: nodeSelector and untolerated NoSchedule taints leave zones out', () => {
    const b = cluster();
    b.group('g');
    b.node('a1', { group: 'g', zone: 'eu-west-1a', labels: { pool: 'x' } });
    b.node('b1', { group: 'g', zone: 'eu-west-1b', labels: { pool: 'x' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    b.node('c1', { group: 'g', zone: 'eu-west-1c', labels: { pool: 'y' } });
    webDeployment(b, 2);
    b.pod('w1', { node: 'a1', nodeSelector: { pool: 'x' } });
    b.pod('w2', { node: 'a1', nodeSelector: { pool: 'x' } });
    const view = b.view();
    const [web] = measureWorkloads(view.nodes, view.pods, view.workloads);
    // b1 refuses the pods (taint), c1 does not match their selector: one eligible zone, no skew.
    expect(web?.spread).toMatchObject({ zones: ['eu-west-1a'], counts: { 'eu-west-1a': 2 }, skew: 0 });
  });

  it('leaves out DaemonSet and Job pods, unowned pods, terminating and finished pods', () => {
    const b = skewedCluster([1, 1, 0]);
    b.pod('agent', { node: 'n-a1', owner: { kind: 'DaemonSet', name: 'agent', controller: true } });
    b.pod('batch', { node: 'n-a1', owner: { kind: 'Job', name: 'batch', controller: true } });
    b.pod('bare', { node: 'n-a1', owner: null });
    b.pod('leaving', { node: 'n-a2', deletionTimestamp: 1 });
    b.pod('done', { node: 'n-a2', phase: 'Succeeded' });
    const view = b.view();
    const measured = measureWorkloads(view.nodes, view.pods, view.workloads);
    expect(measured.map((m) => m.spread.key)).toEqual(['Deployment/app/web']);
    expect(measured[0]?.spread.counts).toEqual({ 'eu-west-1a': 1, 'eu-west-1b': 1, 'eu-west-1c': 0 });
  });
});

describe('node utilisation', () => {
  it('is the larger of the requested CPU and memory shares, DaemonSet pods included', () => {
    const b = cluster();
    nodes(b, 1, 1, { cpu: 1000, memory: 1000 });
    b.pod('cpu-heavy', { node: 'n-a1', requests: { cpu: 600, memory: 100 } });
    b.pod('agent', { node: 'n-a1', owner: { kind: 'DaemonSet', name: 'agent', controller: true }, requests: { cpu: 100, memory: 100 } });
    const view = b.view();
    const [n] = nodeUtilisations(view.nodes, requestedByNode(view.pods));
    expect(n).toMatchObject({ name: 'n-a1', cpu: 0.7, memory: 0.2, utilisation: 0.7 });
    expect(utilisationSpread(n ? [n] : [], 0.5)).toEqual({ min: 0.7, max: 0.7, mean: 0.7, hot: 1 });
  });
});
