// The KubeCluster contract: what every Kubernetes adapter must do, run against each world. The
// expectations come from the port's documentation and from Kubernetes' own behaviour (the Eviction API's
// answers, compare-before-patch, a watch that misses nothing after it resolves).
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../src/kube/port.js';
import { eventually, type World, type WorldFactory } from './worlds.js';

export function kubeContract(name: string, open: WorldFactory): void {
  describe(`KubeCluster contract: ${name}`, () => {
    let world: World | undefined;
    const use = async (fixtureName: string) => (world = await open(fixtureName));
    afterEach(async () => {
      await world?.close();
      world = undefined;
    });

    it('lists nodes by name and pods by namespace and name, with the filters the port offers', async () => {
      const { kube, ctx } = await use('demo');
      const nodes = await kube.listNodes();
      expect(nodes.map((n) => n.name)).toEqual([...ctx.world.nodes.keys()].sort());
      const pods = await kube.listPods();
      expect(pods).toHaveLength(ctx.world.pods.size);
      expect(pods.map((p) => `${p.namespace}/${p.name}`)).toEqual(pods.map((p) => `${p.namespace}/${p.name}`).sort());
      const node = nodes[0]!.name;
      const onNode = await kube.listPods({ nodeName: node });
      expect(onNode.length).toBeGreaterThan(0);
      expect(onNode.every((p) => p.nodeName === node)).toBe(true);
      expect(onNode).toEqual(pods.filter((p) => p.nodeName === node));
      const inKubeSystem = await kube.listPods({ namespace: 'kube-system' });
      expect(inKubeSystem).toEqual(pods.filter((p) => p.namespace === 'kube-system'));
    });

    it('lists the images on the nodes with their sizes, as the fixture gives them', async () => {
      const { kube, ctx } = await use('demo');
      const sizes = await kube.listImageSizes();
      const onNodes = new Set([...ctx.world.nodes.values()].flatMap((sn) => [...sn.images]));
      expect(sizes.map((s) => s.image)).toEqual([...onNodes].sort());
      const fluentBit = ctx.world.fixture.images.find((i) => i.name.includes('fluent-bit'));
      expect(sizes.find((s) => s.image === fluentBit?.name)?.sizeMiB).toBe(fluentBit?.sizeMiB);
    });

    it('getPod answers a pod, or undefined for one that does not exist', async () => {
      const { kube } = await use('demo');
      const [pod] = await kube.listPods({ namespace: 'kube-system' });
      expect(await kube.getPod(pod!.namespace, pod!.name)).toEqual(pod);
      expect(await kube.getPod('kube-system', 'no-such-pod')).toBeUndefined();
    });

    it('lists workloads with their controllers and PDBs with their current status', async () => {
      const { kube } = await use('pdb-never');
      const workloads = await kube.listWorkloads();
      const web = workloads.find((w) => w.kind === 'ReplicaSet' && w.owner?.name === 'web');
      expect(web).toMatchObject({ namespace: 'app', replicas: 3, readyReplicas: 3, owner: { kind: 'Deployment', name: 'web', controller: true } });
      expect(workloads.find((w) => w.kind === 'Deployment' && w.name === 'web')).toMatchObject({ replicas: 3, readyReplicas: 3 });
      expect(workloads.find((w) => w.kind === 'DaemonSet' && w.name === 'kube-proxy')?.replicas).toBeGreaterThan(0);
      const pdbs = await kube.listPdbs();
      expect(pdbs.map((p) => p.name)).toEqual(['frozen', 'web']);
      expect(pdbs.find((p) => p.name === 'frozen')?.status).toMatchObject({ currentHealthy: 2, desiredHealthy: 2, expectedPods: 2, disruptionsAllowed: 0 });
      expect(pdbs.find((p) => p.name === 'web')).toMatchObject({ maxUnavailable: 1, status: { disruptionsAllowed: 1 } });
    });

    it('patchNode cordons, labels and taints; a patch that changes nothing is not sent', async () => {
      const { kube } = await use('demo');
      const [node] = await kube.listNodes();
      const events: WatchEvent[] = [];
      const stop = await kube.watch((e) => {
        if (e.kind === 'Node' && e.node.name === node!.name) events.push(e);
      });
      const patch = { unschedulable: true, labels: { 'dextre.io/roll': 'r1' }, annotations: { 'dextre.io/why': 'outdated' }, addTaints: [{ key: 'dextre.io/rolling', effect: 'PreferNoSchedule' as const }] };
      await kube.patchNode(node!.name, patch);
      await eventually('the node change to be watched', () => events.length === 1);
      await kube.patchNode(node!.name, patch);
      const after = (await kube.listNodes()).find((n) => n.name === node!.name)!;
      expect(after).toMatchObject({ unschedulable: true, labels: { 'dextre.io/roll': 'r1' }, annotations: { 'dextre.io/why': 'outdated' } });
      expect(after.taints).toContainEqual({ key: 'dextre.io/rolling', effect: 'PreferNoSchedule' });
      await kube.patchNode(node!.name, { unschedulable: false, labels: { 'dextre.io/roll': null }, annotations: { 'dextre.io/why': null }, removeTaints: [{ key: 'dextre.io/rolling', effect: 'PreferNoSchedule' }] });
      await eventually('the second node change to be watched', () => events.length === 2);
      expect((await kube.listNodes()).find((n) => n.name === node!.name)).toEqual(node);
      expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'MODIFIED']);
      stop();
    });

    it('patching a node that does not exist is NOT_FOUND', async () => {
      const { kube } = await use('demo');
      await expect(kube.patchNode('no-such-node', { unschedulable: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('evicts through the Eviction API: evicted, then the pod terminates and is gone; a PDB refuses; a missing pod is not-found', async () => {
      const { kube, advance } = await use('pdb-never');
      const pods = await kube.listPods({ namespace: 'app' });
      const web = pods.find((p) => p.owner?.kind === 'ReplicaSet' && p.labels['app'] === 'web')!;
      const frozen = pods.find((p) => p.labels['app'] === 'frozen')!;
      const gone: string[] = [];
      const stop = await kube.watch((e) => {
        if (e.kind === 'Pod' && e.type === 'DELETED') gone.push(e.pod.uid);
      });
      expect(await kube.evictPod('app', web.name, web.uid)).toEqual({ result: 'evicted' });
      // Idempotent: a pod already terminating answers evicted again.
      expect(await kube.evictPod('app', web.name, web.uid)).toEqual({ result: 'evicted' });
      expect((await kube.getPod('app', web.name))?.deletionTimestamp).toBeDefined();
      const refused = await kube.evictPod('app', frozen.name, frozen.uid);
      expect(refused).toMatchObject({ result: 'refused-by-pdb', pdbs: ['frozen'] });
      expect(await kube.evictPod('app', 'no-such-pod')).toEqual({ result: 'not-found' });
      // A UID precondition that fails leaves the pod of that name alone.
      expect(await kube.evictPod('app', frozen.name, 'another-uid')).toEqual({ result: 'not-found' });
      expect((await kube.getPod('app', frozen.name))?.deletionTimestamp).toBeUndefined();
      await advance(120);
      await eventually('the evicted pod to be watched going', () => gone.includes(web.uid));
      expect(await kube.getPod('app', web.name)).toBeUndefined();
      stop();
    });

    it('deletePod deletes without the PDB check; a missing pod is not-found', async () => {
      const { kube } = await use('pdb-never');
      const frozen = (await kube.listPods({ namespace: 'app' })).find((p) => p.labels['app'] === 'frozen')!;
      expect(await kube.deletePod('app', frozen.name)).toBe('deleted');
      expect((await kube.getPod('app', frozen.name))?.deletionTimestamp).toBeDefined();
      expect(await kube.deletePod('app', 'no-such-pod')).toBe('not-found');
    });

    it('applies a DaemonSet whose pods run on the selected nodes, re-applies it unchanged, and deletes it', async () => {
      const { kube, advance, ctx } = await use('demo');
      const [node] = await kube.listNodes();
      const manifest = daemonSet(node!.labels['kubernetes.io/hostname'] ?? node!.name);
      await kube.applyDaemonSet(manifest);
      await kube.applyDaemonSet(manifest);
      // Applied twice, the simulator saw one creation and nothing else that changed the DaemonSet.
      const applied = ctx.world.actions.filter((a) => a.verb === 'applyDaemonSet' && a.target === 'kube-system/contract-prepull');
      expect(applied[0]?.detail).toBe('created');
      expect(applied.slice(1).every((a) => a.detail === 'unchanged')).toBe(true);
      await advance(300);
      await eventually('the DaemonSet pod to run', async () => (await kube.listPods({ namespace: 'kube-system' })).some((p) => p.name.startsWith('contract-prepull-') && p.ready));
      expect(await kube.deleteDaemonSet('kube-system', 'contract-prepull')).toBe('deleted');
      expect(await kube.deleteDaemonSet('kube-system', 'contract-prepull')).toBe('not-found');
      await advance(120);
      await eventually('the DaemonSet pod to go', async () => !(await kube.listPods({ namespace: 'kube-system' })).some((p) => p.name.startsWith('contract-prepull-')));
    });

    it('records an Event on a node', async () => {
      const { kube } = await use('demo');
      const [node] = await kube.listNodes();
      await expect(kube.recordNodeEvent({ node: node!.name, reason: 'DextreCordon', message: 'Cordoned by dextre (contract)', type: 'Normal' })).resolves.toBeUndefined();
    });

    it('a watch resolves once live: a change made right after it is seen, and nothing after unsubscribing', async () => {
      const { kube, advance } = await use('pdb-never');
      const seen: string[] = [];
      const stop = await kube.watch((e) => seen.push(`${e.kind} ${e.type}`));
      const web = (await kube.listPods({ namespace: 'app' })).find((p) => p.labels['app'] === 'web')!;
      await kube.evictPod('app', web.name, web.uid);
      await eventually('the eviction to be watched', () => seen.includes('Pod MODIFIED'));
      await advance(60);
      await eventually('the replacement pod to be watched', () => seen.includes('Pod ADDED'));
      stop();
      const count = seen.length;
      const [node] = await kube.listNodes();
      await kube.patchNode(node!.name, { unschedulable: true });
      await advance(1);
      expect(seen.length).toBe(count);
    });
  });
}

function daemonSet(hostname: string) {
  const labels = { 'app.kubernetes.io/managed-by': 'dextre', 'dextre.io/prepull': 'contract' };
  const resources = { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '10m', memory: '16Mi' } };
  return {
    apiVersion: 'apps/v1' as const,
    kind: 'DaemonSet' as const,
    metadata: { name: 'contract-prepull', namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { 'kubernetes.io/hostname': hostname },
          tolerations: [{ operator: 'Exists' as const }],
          imagePullSecrets: [],
          terminationGracePeriodSeconds: 1,
          volumes: [],
          initContainers: [{ name: 'kube-proxy', image: 'public.ecr.aws/eks/kube-proxy:v1.31.2', command: ['/bin/true'], imagePullPolicy: 'IfNotPresent' as const, resources }],
          containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', imagePullPolicy: 'IfNotPresent' as const, resources }],
        },
      },
    },
  };
}
