// Hot nodes: pods leave a node above the utilisation threshold until it is below, biggest first, only to
// nodes that stay below it, only into zones that keep their workload within its maxSkew (their own first).
import { describe, expect, it } from 'vitest';
import { planRebalance } from '../../../src/core/rebalance/plan.js';
import { cluster } from '../builders.js';
import { rebalanceOptions, webDeployment } from './cluster.js';

const small = { cpu: 1000, memory: 4096 };

function hotCluster() {
  const b = cluster();
  b.group('g');
  b.node('a1', { group: 'g', zone: 'eu-west-1a', allocatable: small });
  b.node('a2', { group: 'g', zone: 'eu-west-1a', allocatable: small });
  b.node('b1', { group: 'g', zone: 'eu-west-1b', allocatable: small });
  b.node('c1', { group: 'g', zone: 'eu-west-1c', allocatable: small });
  webDeployment(b, 3);
  // web is balanced (1/1/1); a1 is 95% requested with web's pod and two others.
  b.pod('web-a', { node: 'a1', requests: { cpu: 150, memory: 128 } });
  b.pod('web-b', { node: 'b1', requests: { cpu: 150, memory: 128 } });
  b.pod('web-c', { node: 'c1', requests: { cpu: 150, memory: 128 } });
  b.pod('big', { node: 'a1', labels: { app: 'big' }, owner: { kind: 'StatefulSet', name: 'big', controller: true }, requests: { cpu: 600, memory: 128 } });
  b.pod('mid', { node: 'a1', labels: { app: 'mid' }, owner: { kind: 'StatefulSet', name: 'mid', controller: true }, requests: { cpu: 200, memory: 128 } });
  return b;
}

describe('hot nodes', () => {
  it('cool below the threshold with the fewest moves: the biggest pod first, to its own zone when it can', () => {
    const plan = planRebalance(hotCluster().view(), rebalanceOptions({ utilisationThreshold: 0.8 }));
    expect(plan.moves).toHaveLength(1);
    expect(plan.moves[0]).toMatchObject({ reason: 'hot-node', pod: { name: 'big' }, fromNode: 'a1', toNode: 'a2', toZone: 'eu-west-1a', skewBefore: 1, skewAfter: 1 });
    expect(plan.moves[0]?.cordon).toContain('a1');
    const a1 = plan.nodes.after.find((n) => n.name === 'a1');
    expect(a1?.utilisation).toBeLessThanOrEqual(0.8);
    expect(Math.max(...plan.nodes.after.map((n) => n.utilisation))).toBeLessThanOrEqual(0.8);
    expect(plan.findings).toEqual([]);
  });

  it('never into a zone that would put the workload above its maxSkew', () => {
    const b = hotCluster();
    // a2 has no room now: web's pod would have to go to b or c, where web already has one (1/1/1 → 0/2/1 is skew 2).
    b.pod('filler', { node: 'a2', labels: { app: 'filler' }, owner: null, requests: { cpu: 900, memory: 128 } });
    const plan = planRebalance(b.view(), rebalanceOptions({ utilisationThreshold: 0.8 }));
    for (const m of plan.moves) expect(m.skewAfter).toBeLessThanOrEqual(1);
    expect(plan.moves.filter((m) => m.workload === 'Deployment/app/web')).toEqual([]);
  });

  it('a node that cannot cool is a finding; 100% turns hot-node moves off', () => {
    const b = hotCluster();
    b.pod('filler-a2', { node: 'a2', owner: null, labels: { app: 'f' }, requests: { cpu: 900, memory: 128 } });
    b.pod('filler-b1', { node: 'b1', owner: null, labels: { app: 'f' }, requests: { cpu: 800, memory: 128 } });
    b.pod('filler-c1', { node: 'c1', owner: null, labels: { app: 'f' }, requests: { cpu: 800, memory: 128 } });
    const stuck = planRebalance(b.view(), rebalanceOptions({ utilisationThreshold: 0.8 }));
    expect(stuck.findings).toContainEqual(expect.objectContaining({ kind: 'hot-node', node: 'a1' }));
    expect(planRebalance(hotCluster().view(), rebalanceOptions({ utilisationThreshold: 1 })).moves).toEqual([]);
  });

  it('unreplicated pods move off a hot node only with --force (deleted: nothing recreates them)', () => {
    const b = cluster();
    b.group('g');
    b.node('a1', { group: 'g', zone: 'eu-west-1a', allocatable: small });
    b.node('b1', { group: 'g', zone: 'eu-west-1b', allocatable: { cpu: 2000, memory: 4096 } });
    b.pod('bare', { node: 'a1', owner: null, requests: { cpu: 950, memory: 128 } });
    const refused = planRebalance(b.view(), rebalanceOptions());
    expect(refused.moves).toEqual([]);
    expect(refused.findings).toContainEqual(expect.objectContaining({ kind: 'unreplicated-pod', flag: '--force' }));
    const forced = planRebalance(b.view(), rebalanceOptions({ force: true }));
    expect(forced.moves).toEqual([expect.objectContaining({ reason: 'hot-node', pod: expect.objectContaining({ name: 'bare' }) })]);
    expect(forced.moves[0]?.owner).toBeUndefined();
  });
});
