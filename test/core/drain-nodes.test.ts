import { describe, expect, it } from 'vitest';
import { pickNodes, planNodeDrains, planTerminations } from '../../src/core/drain-nodes.js';
import { controllerExistsIn, existingControllers, type DrainOptions } from '../../src/core/filters.js';
import { cluster, type PodOptions } from './builders.js';

const NO_FLAGS: DrainOptions = { force: false, deleteEmptyDirData: false, disregardDoNotDisrupt: false };

describe('pickNodes', () => {
  const c = cluster();
  c.node('b', { labels: { pool: 'x' } });
  c.node('a', { labels: { pool: 'x' } });
  c.node('c', { labels: { pool: 'y' } });
  const nodes = c.view().nodes;

  it.each([
    { request: { names: ['c', 'a'] }, picked: ['c', 'a'] },
    { request: { names: ['a', 'a'] }, picked: ['a'] },
    { request: { names: [], selector: 'pool=x' }, picked: ['a', 'b'] },
    { request: { names: [], selector: 'pool=z' }, picked: [] },
  ])('$request picks $picked', ({ request, picked }) => {
    expect(pickNodes(nodes, request, 'test').map((n) => n.name)).toEqual(picked);
  });

  it('refuses every unknown name at once, naming them, as a usage error', () => {
    expect(() => pickNodes(nodes, { names: ['a', 'nope', 'gone'] }, 'test')).toThrow(
      expect.objectContaining({ code: 'USAGE', exitCode: 2, message: expect.stringContaining('Nodes nope, gone not found in cluster test; nothing was changed') }),
    );
  });
});

/** Pods on node n1 (and one on n2), the cluster's controllers, and a drain plan of n1 with `flags`. */
function plan(pods: Record<string, PodOptions>, flags: Partial<DrainOptions> = {}, podSelector?: string) {
  const c = cluster();
  c.node('n1');
  c.node('n2');
  for (const [name, opts] of Object.entries(pods)) c.pod(name, { node: 'n1', ...opts });
  c.pod('elsewhere', { node: 'n2' });
  const view = c.view();
  const filter = { options: { ...NO_FLAGS, ...flags }, controllerExists: controllerExistsIn(existingControllers(view.workloads)) };
  return planNodeDrains({ nodes: view.nodes.filter((n) => n.name === 'n1'), pods: view.pods, pdbs: view.pdbs, filter, podSelector });
}

const daemon = { owner: { kind: 'DaemonSet', name: 'agent', controller: true } };
const bare = { owner: null };
const scratch = { volumes: [{ name: 'tmp', emptyDir: {} }] };

describe('planNodeDrains: the filter chain per flag', () => {
  it.each([
    { what: 'a ReplicaSet pod is evicted', pod: {}, flags: {}, action: 'evict', flag: undefined },
    { what: 'a DaemonSet pod stays (--ignore-daemonsets is implied)', pod: daemon, flags: {}, action: 'skip', flag: undefined },
    { what: 'an unreplicated pod blocks, naming --force', pod: bare, flags: {}, action: 'block', flag: '--force' },
    { what: 'an unreplicated pod is evicted with --force', pod: bare, flags: { force: true }, action: 'evict', flag: undefined },
    { what: 'an emptyDir pod blocks, naming --delete-emptydir-data', pod: scratch, flags: {}, action: 'block', flag: '--delete-emptydir-data' },
    { what: 'an emptyDir pod is evicted with --delete-emptydir-data', pod: scratch, flags: { deleteEmptyDirData: true }, action: 'evict', flag: undefined },
    { what: 'a do-not-disrupt pod blocks, naming --disregard-do-not-disrupt', pod: { annotations: { 'karpenter.sh/do-not-disrupt': 'true' } }, flags: {}, action: 'block', flag: '--disregard-do-not-disrupt' },
  ])('$what', ({ pod, flags, action, flag }) => {
    const p = plan({ p: pod }, flags);
    expect(p.nodes[0]?.pods).toEqual([{ pod: 'app/p', action, reason: expect.any(String) }]);
    expect(p.nodes[0]?.evict.map((x) => x.name)).toEqual(action === 'evict' ? ['p'] : []);
    expect(p.blockers).toEqual(flag === undefined ? [] : [expect.objectContaining({ node: 'n1', pod: 'app/p', flag, message: expect.stringContaining(`use ${flag} to override`) })]);
  });

  it('--pod-selector drains only matching pods; the others stay and block nothing (kubectl lists only those)', () => {
    const p = plan({ web: { labels: { app: 'web' } }, debug: { ...bare, labels: { app: 'debug' } } }, {}, 'app=web');
    expect(p.blockers).toEqual([]);
    expect(p.nodes[0]?.evict.map((x) => x.name)).toEqual(['web']);
    expect(p.nodes[0]?.pods.find((x) => x.pod === 'app/debug')).toEqual({ pod: 'app/debug', action: 'skip', reason: 'does not match --pod-selector app=web' });
  });

  it('only the pods of the nodes drained are looked at, regular pods before system-critical ones', () => {
    const p = plan({ dns: { priorityClassName: 'system-cluster-critical' }, web: {} });
    expect(p.nodes.map((n) => n.node)).toEqual(['n1']);
    expect(p.nodes[0]?.evict.map((x) => x.name)).toEqual(['web', 'dns']);
  });

  it('a PDB that never allows an eviction blocks; one that allows none right now is a warning (the drain waits)', () => {
    const c = cluster();
    c.node('n1');
    c.pod('a', { node: 'n1', labels: { app: 'a' } });
    c.pod('b', { node: 'n1', labels: { app: 'b' } });
    c.pdb('never', { selector: { matchLabels: { app: 'a' } }, minAvailable: 3, status: { currentHealthy: 3, desiredHealthy: 3, expectedPods: 3, disruptionsAllowed: 0 } });
    c.pdb('busy', { selector: { matchLabels: { app: 'b' } }, status: { currentHealthy: 1, desiredHealthy: 1, expectedPods: 3, disruptionsAllowed: 0 } });
    const view = c.view();
    const p = planNodeDrains({ nodes: view.nodes, pods: view.pods, pdbs: view.pdbs, filter: { options: NO_FLAGS, controllerExists: () => true } });
    expect(p.blockers).toEqual([expect.objectContaining({ kind: 'pdb-never-allows', pdb: 'app/never', message: expect.stringContaining('on the nodes to drain') })]);
    expect(p.warnings).toEqual([expect.stringContaining('PodDisruptionBudget app/busy allows no disruption right now')]);
  });
});

describe('planTerminations', () => {
  it('finds each node\'s group; a group that would drop below its min is refused before anything changes', () => {
    const c = cluster();
    c.group('ng', { min: 2 });
    c.node('n1', { group: 'ng' });
    c.node('n2', { group: 'ng' });
    c.node('n3', { group: 'ng' });
    const view = c.view();
    const one = planTerminations(view.nodes.filter((n) => n.name === 'n1'), view.groups, 'test');
    expect(one.targets).toEqual([{ node: 'n1', instanceId: expect.stringMatching(/^i-/), group: 'ng', zone: 'eu-west-1a' }]);
    expect(one.groups.map((g) => g.name)).toEqual(['ng']);
    expect(() => planTerminations(view.nodes.filter((n) => n.name !== 'n3'), view.groups, 'test')).toThrow(
      expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('would go from desired 3 to 1, below its min 2') }),
    );
  });

  it('refuses a node in no group of the cluster', () => {
    const c = cluster();
    c.group('ng');
    c.node('loose');
    const view = c.view();
    expect(() => planTerminations(view.nodes, view.groups, 'test')).toThrow(expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('is in no Auto Scaling group of cluster test') }));
  });

  it.each([
    { leave: ['a1'], suspended: [], warns: false },
    { leave: ['a1', 'a2'], suspended: [], warns: true },
    { leave: ['a1', 'a2'], suspended: ['AZRebalance'], warns: false },
  ])('terminating $leave (AZRebalance suspended before: $suspended) warns of AZRebalance: $warns', ({ leave, suspended, warns }) => {
    const c = cluster();
    c.group('ng', { suspendedProcesses: suspended });
    for (const zone of ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']) {
      for (const i of [1, 2]) c.node(`${zone.slice(-1)}${i}`, { group: 'ng', zone });
    }
    const view = c.view();
    const { warnings } = planTerminations(view.nodes.filter((n) => leave.includes(n.name)), view.groups, 'test');
    expect(warnings).toEqual(warns ? [expect.stringContaining('zones hold eu-west-1a 0, eu-west-1b 2, eu-west-1c 2')] : []);
  });
});
