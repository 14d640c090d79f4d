// The adapter's writes against a tiny fake API server: what it sends (content types, bodies,
// preconditions) and how it reads the answers.
import { describe, expect, it } from 'vitest';
import { list, notFound, rejection, sendJson, sendStatus, fakeApiPerTest, type Route } from './fake-api.js';
import { nodeJson, podJson } from './objects.js';

const serve = fakeApiPerTest();

describe('patchNode', () => {
  const patch = {
    unschedulable: true,
    labels: { 'dextre.io/roll': 'r1', gone: null },
    annotations: { 'dextre.io/why': 'outdated' },
    addTaints: [{ key: 'dextre.io/rolling', effect: 'PreferNoSchedule' as const }],
  };
  const node = () =>
    nodeJson('n1', {
      rv: '41',
      labels: { 'kubernetes.io/hostname': 'n1', gone: 'x' },
      taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: '2024-05-02T08:00:00Z' }],
    });

  it('reads the node, then sends one JSON merge patch with the resourceVersion and the whole taint list', async () => {
    const { kube, api } = await serve({ 'GET /api/v1/nodes/n1': (_q, res) => sendJson(res, 200, node()), 'PATCH /api/v1/nodes/n1': (_q, res) => sendJson(res, 200, node()) });
    await kube.patchNode('n1', patch);
    expect(api.calls()).toEqual(['GET /api/v1/nodes/n1', 'PATCH /api/v1/nodes/n1']);
    const sent = api.requests[1]!;
    expect(sent.headers['content-type']).toBe('application/merge-patch+json');
    expect(sent.query.get('fieldManager')).toBe('dextre');
    expect(JSON.parse(sent.body)).toEqual({
      metadata: { resourceVersion: '41', labels: { 'dextre.io/roll': 'r1', gone: null }, annotations: { 'dextre.io/why': 'outdated' } },
      spec: {
        unschedulable: true,
        taints: [
          { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: '2024-05-02T08:00:00Z' },
          { key: 'dextre.io/rolling', effect: 'PreferNoSchedule' },
        ],
      },
    });
  });

  it('sends nothing when the node already is as asked', async () => {
    const done = nodeJson('n1', { unschedulable: true, labels: { 'dextre.io/roll': 'r1' }, taints: [{ key: 'dextre.io/rolling', effect: 'PreferNoSchedule' }] });
    done.metadata.annotations = { ...done.metadata.annotations, 'dextre.io/why': 'outdated' };
    const { kube, api } = await serve({ 'GET /api/v1/nodes/n1': (_q, res) => sendJson(res, 200, done) });
    await kube.patchNode('n1', { ...patch, removeTaints: [{ key: 'absent', effect: 'NoSchedule' }] });
    expect(api.calls()).toEqual(['GET /api/v1/nodes/n1']);
  });

  it('removes taints by key and effect, and uncordons', async () => {
    const tainted = nodeJson('n1', { unschedulable: true, taints: [{ key: 'dextre.io/rolling', effect: 'PreferNoSchedule' }, { key: 'dextre.io/rolling', effect: 'NoSchedule' }] });
    const { kube, api } = await serve({ 'GET /api/v1/nodes/n1': (_q, res) => sendJson(res, 200, tainted), 'PATCH /api/v1/nodes/n1': (_q, res) => sendJson(res, 200, tainted) });
    await kube.patchNode('n1', { unschedulable: false, removeTaints: [{ key: 'dextre.io/rolling', effect: 'PreferNoSchedule' }] });
    expect(JSON.parse(api.requests[1]!.body)).toEqual({ metadata: { resourceVersion: '10' }, spec: { unschedulable: false, taints: [{ key: 'dextre.io/rolling', effect: 'NoSchedule' }] } });
  });

  it('cordons without a resourceVersion, as kubectl cordon does', async () => {
    const { kube, api } = await serve({ 'GET /api/v1/nodes/n1': (_q, res) => sendJson(res, 200, nodeJson('n1', { rv: '41' })), 'PATCH /api/v1/nodes/n1': (_q, res) => sendJson(res, 200, nodeJson('n1')) });
    await kube.patchNode('n1', { unschedulable: true });
    expect(JSON.parse(api.requests[1]!.body)).toEqual({ spec: { unschedulable: true } });
  });

  const conflict: Route = (_q, res) =>
    sendStatus(res, 409, 'Conflict', 'Operation cannot be fulfilled on nodes "n1": the object has been modified; please apply your changes to the latest version and try again', { name: 'n1', kind: 'nodes' });
  const taint = { addTaints: [{ key: 'dextre.io/rolling', effect: 'PreferNoSchedule' as const }] };

  it('on 409 Conflict waits, reads the node again and patches the taints against the new version', async () => {
    const slept: number[] = [];
    const { kube, api } = await serve(
      {
        'GET /api/v1/nodes/n1': [(_q, res) => sendJson(res, 200, nodeJson('n1', { rv: '41' })), (_q, res) => sendJson(res, 200, nodeJson('n1', { rv: '42' }))],
        'PATCH /api/v1/nodes/n1': [conflict, (_q, res) => sendJson(res, 200, nodeJson('n1'))],
      },
      { sleep: async (ms) => void slept.push(ms) },
    );
    await kube.patchNode('n1', taint);
    expect(api.calls()).toEqual(['GET /api/v1/nodes/n1', 'PATCH /api/v1/nodes/n1', 'GET /api/v1/nodes/n1', 'PATCH /api/v1/nodes/n1']);
    expect(JSON.parse(api.requests[3]!.body).metadata.resourceVersion).toBe('42');
    expect(slept).toEqual([10]);
  });

  it('backs off longer after each conflict and gives up with CONFLICT (retryable) after five tries', async () => {
    const slept: number[] = [];
    const { kube, api } = await serve(
      { 'GET /api/v1/nodes/n1': (_q, res) => sendJson(res, 200, nodeJson('n1', { rv: '41' })), 'PATCH /api/v1/nodes/n1': conflict },
      { sleep: async (ms) => void slept.push(ms) },
    );
    const error = await rejection(kube.patchNode('n1', taint));
    expect([error.code, error.retryable]).toEqual(['CONFLICT', true]);
    expect(slept).toEqual([10, 50, 250, 1250]);
    expect(api.calls().filter((c) => c.startsWith('PATCH'))).toHaveLength(5);
  });

  it('a missing node is NOT_FOUND: nodes "x" not found', async () => {
    const { kube } = await serve({ 'GET /api/v1/nodes/x': (_q, res) => notFound(res, 'nodes', 'x') });
    const error = await rejection(kube.patchNode('x', { unschedulable: true }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('nodes "x" not found');
  });
});

describe('evictPod', () => {
  const evictionPath = 'POST /api/v1/namespaces/app/pods/web-1/eviction';

  it('201: evicted; the body is a policy/v1 Eviction with the UID precondition', async () => {
    const { kube, api } = await serve({ [evictionPath]: (_q, res) => sendJson(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }) });
    expect(await kube.evictPod('app', 'web-1', 'uid-1')).toEqual({ result: 'evicted' });
    expect(JSON.parse(api.requests[0]!.body)).toEqual({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-1', namespace: 'app' }, deleteOptions: { preconditions: { uid: 'uid-1' } } });
    expect(await kube.evictPod('app', 'web-1')).toEqual({ result: 'evicted' });
    expect(JSON.parse(api.requests[1]!.body).deleteOptions).toBeUndefined();
  });

  it('429 with a DisruptionBudget cause: refused-by-pdb, naming the budget', async () => {
    const { kube } = await serve({
      [evictionPath]: (_q, res) =>
        sendStatus(res, 429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
          causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget frozen needs 2 healthy pods and has 2 currently' }],
        }),
    });
    expect(await kube.evictPod('app', 'web-1', 'uid-1')).toEqual({
      result: 'refused-by-pdb',
      pdbs: ['frozen'],
      message: "Cannot evict pod as it would violate the pod's disruption budget. The disruption budget frozen needs 2 healthy pods and has 2 currently",
    });
  });

  it('429 without a budget cause is API throttling: THROTTLED', async () => {
    const { kube } = await serve({ [evictionPath]: (_q, res) => sendStatus(res, 429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 1 }) });
    expect((await rejection(kube.evictPod('app', 'web-1'))).code).toBe('THROTTLED');
  });

  it('500 for more than one PDB: multiple-pdbs, with the budgets found by their selectors', async () => {
    const pdb = (name: string, app: string) => ({ metadata: { namespace: 'app', name }, spec: { selector: { matchLabels: { app } }, maxUnavailable: 1 }, status: {} });
    const { kube, api } = await serve({
      [evictionPath]: (_q, res) => sendStatus(res, 500, 'InternalError', 'Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.'),
      'GET /api/v1/namespaces/app/pods/web-1': (_q, res) => sendJson(res, 200, podJson('app', 'web-1')),
      'GET /apis/policy/v1/namespaces/app/poddisruptionbudgets': (_q, res) => sendJson(res, 200, list('PodDisruptionBudgetList', [pdb('web-b', 'web'), pdb('db', 'db'), pdb('web-a', 'web')])),
    });
    expect(await kube.evictPod('app', 'web-1', 'uid-web-1')).toEqual({
      result: 'multiple-pdbs',
      pdbs: ['web-a', 'web-b'],
      message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    });
    expect(api.calls()).toEqual([evictionPath, 'GET /api/v1/namespaces/app/pods/web-1', 'GET /apis/policy/v1/namespaces/app/poddisruptionbudgets']);
  });

  it('404: not-found; 409 from a failed UID precondition: not-found (the pod meant is gone)', async () => {
    const { kube } = await serve({
      [evictionPath]: [
        (_q, res) => notFound(res, 'pods', 'web-1'),
        (_q, res) =>
          sendStatus(res, 409, 'Conflict', 'Operation cannot be fulfilled on Pod "web-1": Precondition failed: UID in precondition: old-uid, UID in object meta: new-uid', { name: 'web-1', kind: 'Pod' }),
      ],
    });
    expect(await kube.evictPod('app', 'web-1', 'old-uid')).toEqual({ result: 'not-found' });
    expect(await kube.evictPod('app', 'web-1', 'old-uid')).toEqual({ result: 'not-found' });
  });

  it('403: FORBIDDEN naming create pods/eviction in the namespace and the RBAC rule', async () => {
    const { kube } = await serve({
      [evictionPath]: (_q, res) =>
        sendStatus(res, 403, 'Forbidden', 'pods "web-1" is forbidden: User "dextre" cannot create resource "pods/eviction" in API group "" in the namespace "app"', { name: 'web-1', kind: 'pods' }),
    });
    const error = await rejection(kube.evictPod('app', 'web-1'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain('create pods/eviction "web-1" in namespace app');
    expect(error.message).toContain('User "dextre" cannot create resource');
    expect(error.message).toContain('apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"]');
  });
});

describe('deletePod, DaemonSets and Events', () => {
  it('deletePod: deleted, or not-found', async () => {
    const { kube } = await serve({
      'DELETE /api/v1/namespaces/app/pods/web-1': (_q, res) => sendJson(res, 200, podJson('app', 'web-1', { deleting: true })),
      'DELETE /api/v1/namespaces/app/pods/gone': (_q, res) => notFound(res, 'pods', 'gone'),
    });
    expect(await kube.deletePod('app', 'web-1')).toBe('deleted');
    expect(await kube.deletePod('app', 'gone')).toBe('not-found');
  });

  it('deletePod with a uid sends preconditions.uid; the 409 of a failed precondition is not-found', async () => {
    const { kube, api } = await serve({
      'DELETE /api/v1/namespaces/app/pods/db-0': [
        (_q, res) => sendJson(res, 200, podJson('app', 'db-0', { deleting: true, uid: 'old-uid' })),
        (_q, res) =>
          sendStatus(res, 409, 'Conflict', 'Operation cannot be fulfilled on Pod "db-0": Precondition failed: UID in precondition: old-uid, UID in object meta: new-uid', { name: 'db-0', kind: 'Pod' }),
      ],
    });
    expect(await kube.deletePod('app', 'db-0', 'old-uid')).toBe('deleted');
    expect(JSON.parse(api.requests[0]!.body)).toMatchObject({ preconditions: { uid: 'old-uid' } });
    expect(await kube.deletePod('app', 'db-0', 'old-uid')).toBe('not-found');
  });

  it('deletePod: a 409 without a uid precondition is an error, not a pod gone', async () => {
    const { kube } = await serve({
      'DELETE /api/v1/namespaces/app/pods/db-0': (_q, res) => sendStatus(res, 409, 'Conflict', 'Operation cannot be fulfilled on Pod "db-0": the object has been modified', { name: 'db-0', kind: 'Pod' }),
    });
    expect((await rejection(kube.deletePod('app', 'db-0'))).code).toBe('CONFLICT');
  });

  it('deleteDaemonSet: in the background; a missing one is not-found', async () => {
    const { kube, api } = await serve({
      'DELETE /apis/apps/v1/namespaces/kube-system/daemonsets/prepull': [
        (_q, res) => sendJson(res, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name: 'prepull', group: 'apps', kind: 'daemonsets' } }),
        (_q, res) => sendStatus(res, 404, 'NotFound', 'daemonsets.apps "prepull" not found'),
      ],
    });
    expect(await kube.deleteDaemonSet('kube-system', 'prepull')).toBe('deleted');
    expect(await kube.deleteDaemonSet('kube-system', 'prepull')).toBe('not-found');
    expect(api.requests[0]!.query.get('propagationPolicy')).toBe('Background');
  });

  it('records a node Event in default, findable by kubectl describe node', async () => {
    const { kube, api } = await serve({ 'POST /api/v1/namespaces/default/events': (req, res) => sendJson(res, 201, JSON.parse(req.body)) });
    await kube.recordNodeEvent({ node: 'n1', reason: 'DextreCordon', message: 'Cordoned by dextre (roll r1)', type: 'Normal' });
    const body = JSON.parse(api.requests[0]!.body);
    expect(body).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `n1.${(1714651200123n * 1_000_000n).toString(16)}`, namespace: 'default' },
      involvedObject: { apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'n1' },
      reason: 'DextreCordon',
      message: 'Cordoned by dextre (roll r1)',
      type: 'Normal',
      source: { component: 'dextre', host: 'laptop' },
      firstTimestamp: '2024-05-02T12:00:00.000Z',
      lastTimestamp: '2024-05-02T12:00:00.000Z',
      eventTime: '2024-05-02T12:00:00.123000Z',
      count: 1,
      action: 'DextreCordon',
      reportingComponent: 'dextre',
      reportingInstance: 'laptop',
    });
  });

  it('names two Events for one node in the same millisecond apart, so the second is not refused as AlreadyExists', async () => {
    const { kube, api } = await serve({ 'POST /api/v1/namespaces/default/events': (req, res) => sendJson(res, 201, JSON.parse(req.body)) });
    await kube.recordNodeEvent({ node: 'n1', reason: 'DextreCordon', message: 'Cordoned by dextre (roll r1)', type: 'Normal' });
    await kube.recordNodeEvent({ node: 'n1', reason: 'DextreDrain', message: 'Draining by dextre (roll r1)', type: 'Normal' });
    await kube.recordNodeEvent({ node: 'n2', reason: 'DextreCordon', message: 'Cordoned by dextre (roll r1)', type: 'Normal' });
    const names = api.requests.map((r) => (JSON.parse(r.body) as { metadata: { name: string } }).metadata.name);
    const nanos = 1714651200123n * 1_000_000n;
    // client-go's scheme, <object>.<hex of Unix nanoseconds>, kept strictly increasing within the process.
    expect(names).toEqual([`n1.${nanos.toString(16)}`, `n1.${(nanos + 1n).toString(16)}`, `n2.${(nanos + 2n).toString(16)}`]);
  });
});
