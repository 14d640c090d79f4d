// The adapter's reads against a tiny fake API server: paths, queries, pagination, conversion, order,
// and the failures it cannot answer.
import { describe, expect, it } from 'vitest';
import { list, notFound, rejection, sendJson, sendStatus, fakeApiPerTest } from './fake-api.js';
import { nodeJson, podJson } from './objects.js';

const serve = fakeApiPerTest();

describe('lists', () => {
  it('pages through nodes with limit and continue, and sorts them by name', async () => {
    const { kube, api } = await serve({
      'GET /api/v1/nodes': (req, res) =>
        req.query.get('continue') === 'page2'
          ? sendJson(res, 200, list('NodeList', [nodeJson('b')], '100'))
          : sendJson(res, 200, list('NodeList', [nodeJson('c'), nodeJson('a')], '100', 'page2')),
    });
    const nodes = await kube.listNodes();
    expect(nodes.map((n) => n.name)).toEqual(['a', 'b', 'c']);
    expect(nodes[0]).toMatchObject({ ready: true, allocatable: { cpu: 1930 }, createdAt: 1714564800 });
    expect(api.requests.map((r) => [r.query.get('limit'), r.query.get('continue')])).toEqual([
      ['500', null],
      ['500', 'page2'],
    ]);
  });

  it('starts over in one piece when the continue token has expired (410)', async () => {
    const { kube, api } = await serve({
      'GET /api/v1/nodes': (req, res) => {
        if (req.query.get('continue')) return sendStatus(res, 410, 'Expired', 'The provided continue parameter is too old to display a consistent list result.');
        if (req.query.get('limit')) return sendJson(res, 200, list('NodeList', [nodeJson('a')], '100', 'stale'));
        return sendJson(res, 200, list('NodeList', [nodeJson('b'), nodeJson('a')], '140'));
      },
    });
    expect((await kube.listNodes()).map((n) => n.name)).toEqual(['a', 'b']);
    expect(api.requests.map((r) => r.query.toString())).toEqual(['limit=500', 'continue=stale&limit=500', '']);
  });

  it('lists pods across namespaces, on one node (field selector), or in one namespace, by namespace and name', async () => {
    const pods = [podJson('b', 'p1', { nodeName: 'n1' }), podJson('a', 'p2', { nodeName: 'n1' }), podJson('a', 'p1', { nodeName: 'n2' })];
    const { kube, api } = await serve({
      'GET /api/v1/pods': (req, res) => {
        const node = req.query.get('fieldSelector')?.replace('spec.nodeName=', '');
        sendJson(res, 200, list('PodList', pods.filter((p) => node === undefined || p.spec.nodeName === node)));
      },
      'GET /api/v1/namespaces/a/pods': (req, res) => {
        const node = req.query.get('fieldSelector')?.replace('spec.nodeName=', '');
        sendJson(res, 200, list('PodList', pods.filter((p) => p.metadata.namespace === 'a' && (node === undefined || p.spec.nodeName === node))));
      },
    });
    expect((await kube.listPods()).map((p) => `${p.namespace}/${p.name}`)).toEqual(['a/p1', 'a/p2', 'b/p1']);
    expect((await kube.listPods({ nodeName: 'n1' })).map((p) => `${p.namespace}/${p.name}`)).toEqual(['a/p2', 'b/p1']);
    expect((await kube.listPods({ namespace: 'a' })).map((p) => p.name)).toEqual(['p1', 'p2']);
    expect((await kube.listPods({ namespace: 'a', nodeName: 'n2' })).map((p) => p.name)).toEqual(['p1']);
    expect(api.requests.map((r) => `${r.path}?${r.query.get('fieldSelector') ?? ''}`)).toEqual([
      '/api/v1/pods?',
      '/api/v1/pods?spec.nodeName=n1',
      '/api/v1/namespaces/a/pods?',
      '/api/v1/namespaces/a/pods?spec.nodeName=n2',
    ]);
  });

  it('getPod reads one pod (through client-node\'s deserializer) and answers undefined for a missing one', async () => {
    const { kube } = await serve({
      'GET /api/v1/namespaces/app/pods/web-1': (_req, res) => sendJson(res, 200, podJson('app', 'web-1', { deleting: true })),
      'GET /api/v1/namespaces/app/pods/gone': (_req, res) => notFound(res, 'pods', 'gone'),
    });
    expect(await kube.getPod('app', 'web-1')).toMatchObject({ name: 'web-1', deletionTimestamp: 1714640400, owner: { kind: 'ReplicaSet', name: 'web-5d8f7' } });
    expect(await kube.getPod('app', 'gone')).toBeUndefined();
  });

  it('lists Deployments, ReplicaSets, StatefulSets, DaemonSets and Jobs in the simulator\'s order', async () => {
    const meta = (namespace: string, name: string, owner?: string) => ({
      namespace,
      name,
      uid: `u-${name}`,
      resourceVersion: '3',
      creationTimestamp: '2024-05-01T12:00:00Z',
      ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: owner, uid: 'd', controller: true, blockOwnerDeletion: true }] } : {}),
    });
    const selector = (app: string) => ({ matchLabels: { app } });
    const { kube } = await serve({
      'GET /apis/apps/v1/deployments': (_q, res) => sendJson(res, 200, list('DeploymentList', [{ metadata: meta('app', 'web'), spec: { replicas: 3, selector: selector('web'), template: {} }, status: { replicas: 3, readyReplicas: 3 } }])),
      'GET /apis/apps/v1/replicasets': (_q, res) =>
        sendJson(res, 200, list('ReplicaSetList', [{ metadata: meta('app', 'web-5d8f7', 'web'), spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d8f7' } } }, status: { replicas: 3, readyReplicas: 3 } }])),
      'GET /apis/apps/v1/statefulsets': (_q, res) => sendJson(res, 200, list('StatefulSetList', [{ metadata: meta('app', 'db'), spec: { replicas: 2, selector: selector('db'), serviceName: 'db', template: {} }, status: { replicas: 2 } }])),
      'GET /apis/apps/v1/daemonsets': (_q, res) =>
        sendJson(res, 200, list('DaemonSetList', [{ metadata: meta('kube-system', 'kube-proxy'), spec: { selector: selector('kube-proxy'), template: {} }, status: { desiredNumberScheduled: 4, numberReady: 4, currentNumberScheduled: 4, numberMisscheduled: 0 } }])),
      'GET /apis/batch/v1/jobs': (_q, res) => sendJson(res, 200, list('JobList', [{ metadata: meta('app', 'web'), spec: { parallelism: 2, selector: selector('job'), template: {} }, status: { ready: 1 } }])),
    });
    const workloads = await kube.listWorkloads();
    expect(workloads.map((w) => `${w.namespace}/${w.name}/${w.kind}`)).toEqual(['app/db/StatefulSet', 'app/web/Deployment', 'app/web/Job', 'app/web-5d8f7/ReplicaSet', 'kube-system/kube-proxy/DaemonSet']);
    expect(workloads.find((w) => w.kind === 'ReplicaSet')).toEqual({
      kind: 'ReplicaSet',
      namespace: 'app',
      name: 'web-5d8f7',
      replicas: 3,
      readyReplicas: 3,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d8f7' } },
      owner: { kind: 'Deployment', name: 'web', controller: true },
    });
    expect(workloads.find((w) => w.kind === 'StatefulSet')?.readyReplicas).toBe(0);
    expect(workloads.find((w) => w.kind === 'Job')).toMatchObject({ replicas: 2, readyReplicas: 1 });
  });

  it('lists PDBs (policy/v1) with their status, by namespace/name', async () => {
    const pdb = (name: string, spec: object) => ({
      metadata: { namespace: 'app', name, uid: name, resourceVersion: '1', generation: 1 },
      spec: { selector: { matchLabels: { app: name } }, ...spec },
      status: { observedGeneration: 1, disruptionsAllowed: name === 'web' ? 1 : 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 2 },
    });
    const { kube } = await serve({ 'GET /apis/policy/v1/poddisruptionbudgets': (_q, res) => sendJson(res, 200, list('PodDisruptionBudgetList', [pdb('web', { maxUnavailable: 1 }), pdb('frozen', { minAvailable: '100%' })])) });
    const pdbs = await kube.listPdbs();
    expect(pdbs.map((p) => p.name)).toEqual(['frozen', 'web']);
    expect(pdbs[0]).toMatchObject({ minAvailable: '100%', status: { disruptionsAllowed: 0, currentHealthy: 2 } });
    expect(pdbs[1]).toMatchObject({ maxUnavailable: 1, status: { disruptionsAllowed: 1 } });
  });
});

describe('failures the adapter cannot answer are DextreErrors that say what to do', () => {
  it('401: FORBIDDEN, refresh the credentials', async () => {
    const { kube, api } = await serve({ 'GET /api/v1/nodes': (_q, res) => sendStatus(res, 401, 'Unauthorized', 'Unauthorized') });
    const error = await rejection(kube.listNodes());
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain('401 Unauthorized');
    expect(error.message).toContain('aws eks update-kubeconfig');
    expect(error.message).toContain(api.url);
  });

  it('403 on a cluster-scoped list names the ClusterRole rule', async () => {
    const { kube } = await serve({ 'GET /api/v1/nodes': (_q, res) => sendStatus(res, 403, 'Forbidden', 'nodes is forbidden: User "x" cannot list resource "nodes" in API group "" at the cluster scope') });
    const error = await rejection(kube.listNodes());
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain('list nodes cluster-wide');
    expect(error.message).toContain('verbs: ["list"] in a ClusterRole');
  });

  it('5xx: UNAVAILABLE', async () => {
    const { kube } = await serve({ 'GET /apis/policy/v1/poddisruptionbudgets': (_q, res) => sendStatus(res, 503, 'ServiceUnavailable', 'etcdserver: leader changed') });
    const error = await rejection(kube.listPdbs());
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('etcdserver: leader changed');
  });

  it('a server that is not there: UNAVAILABLE with the server URL', async () => {
    const { kube, api } = await serve({});
    const url = api.url;
    await api.close();
    const error = await rejection(kube.listNodes());
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain(url);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('reachable');
  });
});
