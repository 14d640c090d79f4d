// Fixtures that pin: instances with their own ids and node names, and pods bound to named nodes at load
// (a snapshot of a live cluster, a cluster left skewed by a roll). The rest is generated as before.
import { describe, expect, it } from 'vitest';
import { DextreError } from '../../src/core/errors.js';
import { instanceIdOf } from '../../src/core/model.js';
import { createSimulation, parseFixture } from '../../src/sim/index.js';
import { cluster, clusterYaml } from './helpers.js';
import { dextreError } from '../support/errors.js';

const NODE_A = 'ip-10-9-1-10.eu-west-1.compute.internal';
const ID_A = 'i-0aaaabbbbccccdddd';

/** The helper cluster with its zone-a instance given an id and a node name. */
function pinnedYaml(o: Parameters<typeof clusterYaml>[0] = {}): string {
  return clusterYaml(o).replace(
    '{zone: eu-west-1a, launchTemplateVersion: 1, count: 1}',
    `{zone: eu-west-1a, launchTemplateVersion: 1, id: ${ID_A}, nodeName: ${NODE_A}}`,
  );
}

function load(text: string) {
  return createSimulation(parseFixture(text, 'pinned.yaml'));
}

function errorOf(text: string): DextreError {
  return dextreError(() => load(text), 'FIXTURE');
}

describe('pinned instances', () => {
  it('an instance keeps the id and node name given; the others keep their generated names', async () => {
    const plain = await cluster().kube.listNodes();
    const nodes = await load(pinnedYaml()).kube.listNodes();
    const a = nodes.find((n) => n.name === NODE_A);
    expect(a && instanceIdOf(a.providerId)).toBe(ID_A);
    expect(a?.labels['topology.kubernetes.io/zone']).toBe('eu-west-1a');
    // Zones b and c: the same names as without the pin (the counter still counts the pinned instance).
    expect(nodes.filter((n) => n !== a).map((n) => n.name)).toEqual(plain.slice(1).map((n) => n.name));
  });
});

describe('node state and nodes outside the groups', () => {
  it('an instance’s node carries its own labels, annotations, taints and cordon on top of its group’s', async () => {
    const text = clusterYaml().replace(
      '{zone: eu-west-1a, launchTemplateVersion: 1, count: 1}',
      `{zone: eu-west-1a, launchTemplateVersion: 1, nodeName: ${NODE_A}, labels: {team: data}, annotations: {note: x}, taints: [{key: dedicated, value: data, effect: NoSchedule}], unschedulable: true}`,
    );
    const node = (await load(text).kube.listNodes()).find((n) => n.name === NODE_A);
    expect(node).toMatchObject({ unschedulable: true, annotations: { note: 'x' }, taints: [{ key: 'dedicated', value: 'data', effect: 'NoSchedule' }] });
    expect(node?.labels).toMatchObject({ team: 'data', 'topology.kubernetes.io/zone': 'eu-west-1a' });
  });

  it('a standalone node is Ready at load, runs its pinned pods, and belongs to no group', async () => {
    const text = `${clusterYaml({ pods: ['{namespace: app, name: agent, node: fargate-ip-10-0-9-9, images: ["web:1"], owner: {kind: Rollout, name: canary}}'] })}
nodes:
  - {name: fargate-ip-10-0-9-9, zone: eu-west-1b, instanceType: m5.large, labels: {eks.amazonaws.com/compute-type: fargate}}`;
    const sim = load(text);
    const node = (await sim.kube.listNodes()).find((n) => n.name === 'fargate-ip-10-0-9-9');
    expect(node).toMatchObject({ ready: true, providerId: '', allocatable: { cpu: 2000, memory: 8000 } });
    expect(node?.labels).toMatchObject({ 'eks.amazonaws.com/compute-type': 'fargate', 'topology.kubernetes.io/zone': 'eu-west-1b' });
    const [group] = await sim.cloud.describeGroups({ cluster: 'test' });
    expect(group?.instances).toHaveLength(3);
    const agent = (await sim.kube.listPods({ namespace: 'app' })).find((p) => p.name === 'agent');
    expect(agent).toMatchObject({ nodeName: 'fargate-ip-10-0-9-9', ready: true, owner: { kind: 'Rollout', name: 'canary', controller: true } });
  });
});

describe('pinned pods', () => {
  const web = (pods: string, replicas = 4) =>
    `{kind: Deployment, namespace: app, name: web, replicas: ${replicas}, replicaSet: web-5d8f7c9b6a, images: ["web:1"], requests: {cpu: 100m, memory: 128Mi}, pods: ${pods}}`;

  it('a Deployment runs its pinned pods on their nodes at load; the controller makes up the rest', async () => {
    const sim = load(pinnedYaml({ workloads: [web(`[{node: ${NODE_A}, count: 2}, {node: ${NODE_A}, name: web-5d8f7c9b6a-fixed}]`)] }));
    const pods = (await sim.kube.listPods({ namespace: 'app' })).filter((p) => p.name.startsWith('web-'));
    expect(pods).toHaveLength(4);
    expect(pods.every((p) => p.phase === 'Running' && p.ready)).toBe(true);
    expect(pods.filter((p) => p.nodeName === NODE_A).length).toBeGreaterThanOrEqual(3);
    expect(pods.map((p) => p.name)).toContain('web-5d8f7c9b6a-fixed');
    // Named after the ReplicaSet given, with its hash, and owned by it.
    expect(pods.every((p) => p.name.startsWith('web-5d8f7c9b6a-') && p.labels['pod-template-hash'] === '5d8f7c9b6a' && p.owner?.name === 'web-5d8f7c9b6a')).toBe(true);
    const workloads = await sim.kube.listWorkloads();
    expect(workloads.find((w) => w.kind === 'ReplicaSet')).toMatchObject({ name: 'web-5d8f7c9b6a', replicas: 4, readyReplicas: 4 });
  });

  it('pinned pods use their node’s resources: the scheduler places other pods around them', async () => {
    // Node A (2000m) holds two pinned 900m pods; a 1500m pod fits on B and C only, so of three one stays Pending.
    const big = '{kind: Deployment, namespace: app, name: big, replicas: 3, images: ["web:1"], requests: {cpu: 1500m}}';
    const sim = load(pinnedYaml({ workloads: [web(`[{node: ${NODE_A}, count: 2}]`, 2).replace('cpu: 100m', 'cpu: 900m'), big] }));
    const pods = await sim.kube.listPods({ namespace: 'app' });
    expect(pods.filter((p) => p.name.startsWith('web-')).map((p) => p.nodeName)).toEqual([NODE_A, NODE_A]);
    const bigPods = pods.filter((p) => p.name.startsWith('big-'));
    expect(bigPods.filter((p) => p.nodeName === NODE_A)).toHaveLength(0);
    expect(bigPods.filter((p) => p.nodeName === undefined)).toHaveLength(1);
  });

  it('a StatefulSet’s pinned pods keep their ordinals; missing ordinals are created', async () => {
    const sts = `{kind: StatefulSet, namespace: app, name: db, replicas: 3, images: ["web:1"], pods: [{node: ${NODE_A}, name: db-2}, {node: ${NODE_A}}]}`;
    const pods = (await load(pinnedYaml({ workloads: [sts] })).kube.listPods({ namespace: 'app' })).filter((p) => p.name.startsWith('db-'));
    expect(pods.map((p) => p.name).sort()).toEqual(['db-0', 'db-1', 'db-2']);
    expect(pods.filter((p) => p.nodeName === NODE_A).map((p) => p.name).sort()).toEqual(['db-0', 'db-2']);
    expect(pods.find((p) => p.name === 'db-2')?.labels['statefulset.kubernetes.io/pod-name']).toBe('db-2');
  });

  it('a bare pod runs on the node given', async () => {
    const pods = await load(pinnedYaml({ pods: [`{namespace: app, name: debug, node: ${NODE_A}, images: ["web:1"]}`] })).kube.listPods({ namespace: 'app' });
    expect(pods.find((p) => p.name === 'debug')).toMatchObject({ nodeName: NODE_A, phase: 'Running', ready: true });
  });
});

describe('pinning mistakes name the place and the fix', () => {
  it.each([
    { name: 'a pod pinned to an unknown node', text: () => pinnedYaml({ workloads: [`{kind: Deployment, namespace: app, name: web, images: ["web:1"], pods: [{node: ip-nowhere}]}`] }), message: /pinned\.yaml:\d+:\d+: workloads\[0\]\.pods\[0\]\.node: unknown node "ip-nowhere"/ },
    { name: 'more pods pinned than replicas', text: () => pinnedYaml({ workloads: [`{kind: Deployment, namespace: app, name: web, replicas: 1, images: ["web:1"], pods: [{node: ${NODE_A}, count: 2}]}`] }), message: /2 pods pinned but web has 1 replicas/ },
    { name: 'pods pinned for a DaemonSet', text: () => pinnedYaml({ workloads: [`{kind: DaemonSet, namespace: app, name: agent, images: ["web:1"], pods: [{node: ${NODE_A}}]}`] }), message: /pods can be pinned for Deployments and StatefulSets only/ },
    { name: 'a StatefulSet pod with a foreign name', text: () => pinnedYaml({ workloads: [`{kind: StatefulSet, namespace: app, name: db, replicas: 2, images: ["web:1"], pods: [{node: ${NODE_A}, name: db-2}]}`] }), message: /named db-<ordinal> with an ordinal below replicas \(2\)/ },
    { name: 'a named pod with a count', text: () => pinnedYaml({ workloads: [`{kind: Deployment, namespace: app, name: web, replicas: 3, images: ["web:1"], pods: [{node: ${NODE_A}, name: web-x, count: 2}]}`] }), message: /a named pod is one pod; remove count/ },
    { name: 'a ReplicaSet name not of its Deployment', text: () => pinnedYaml({ workloads: [`{kind: Deployment, namespace: app, name: web, replicaSet: api-123, images: ["web:1"]}`] }), message: /a ReplicaSet of Deployment web is named web-<pod-template-hash>/ },
    { name: 'an instance id with a count', text: () => clusterYaml().replace('{zone: eu-west-1a, launchTemplateVersion: 1, count: 1}', `{zone: eu-west-1a, launchTemplateVersion: 1, count: 2, id: ${ID_A}}`), message: /stands for one instance; remove count/ },
    { name: 'a malformed instance id', text: () => clusterYaml().replace('{zone: eu-west-1a, launchTemplateVersion: 1, count: 1}', '{zone: eu-west-1a, launchTemplateVersion: 1, id: i-xyz}'), message: /"i-xyz" is not an EC2 instance id/ },
    { name: 'a standalone node in an unknown zone', text: () => `${clusterYaml()}\nnodes:\n  - {name: n1, zone: eu-west-9z, instanceType: m5.large}`, message: /nodes\[0\]\.zone: unknown zone "eu-west-9z"/ },
    { name: 'a standalone node of an unknown type', text: () => `${clusterYaml()}\nnodes:\n  - {name: n1, zone: eu-west-1a, instanceType: x9.huge}`, message: /unknown instance type "x9\.huge"/ },
    { name: 'a node name given twice', text: () => pinnedYaml().replace('{zone: eu-west-1b, launchTemplateVersion: 1, count: 1}', `{zone: eu-west-1b, launchTemplateVersion: 1, nodeName: ${NODE_A}}`), message: /duplicate node name/ },
    { name: 'a given node name that a generated one repeats', text: () => clusterYaml().replace('{zone: eu-west-1c, launchTemplateVersion: 1, count: 1}', '{zone: eu-west-1c, launchTemplateVersion: 1, nodeName: ip-10-0-0-4.eu-west-1.compute.internal}'), message: /the generated node name ip-10-0-0-4\.eu-west-1\.compute\.internal is also given as a nodeName/ },
  ])('$name', ({ text, message }) => {
    const error = errorOf(text());
    expect(error.code).toBe('FIXTURE');
    expect(error.message).toMatch(message);
  });

  it('a bare pod named like a pinned workload pod is refused', () => {
    const text = pinnedYaml({
      workloads: [`{kind: Deployment, namespace: app, name: web, replicas: 1, replicaSet: web-abc, images: ["web:1"], pods: [{node: ${NODE_A}, name: web-abc-x}]}`],
      pods: ['{namespace: app, name: web-abc-x, images: ["web:1"]}'],
    });
    expect(errorOf(text).message).toMatch(/pod app\/web-abc-x under pods: has the name of a workload's pod/);
  });
});
