// Reads over the wire, held to the real API server's shapes: discovery, lists with resourceVersion,
// limit/continue pagination, label and field selectors (and the 400 for an unsupported field), Tables
// and PartialObjectMetadata for kubectl, 404/406 Status objects and the simulator's report.
import { afterEach, describe, expect, it } from 'vitest';
import { get, serve, type Served } from './helpers.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});
const open = async (fixture: string) => (served = await serve({ fixture }));

interface List {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: { kind?: string; metadata: { name: string; namespace?: string; resourceVersion: string; labels?: Record<string, string> }; spec: Record<string, unknown>; status: Record<string, unknown> }[];
}

describe('discovery', () => {
  it('serves /version, /api, /apis and the resource lists kubectl reads', async () => {
    const s = await open('pdb-never');
    expect((await get(s, '/version')).body).toMatchObject({ major: '1', gitVersion: expect.stringMatching(/^v1\.\d+\.\d+/) });
    expect((await get(s, '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await get<{ groups: { name: string; preferredVersion: { groupVersion: string } }[] }>(s, '/apis')).body.groups;
    expect(groups.map((g) => g.name)).toEqual(['apps', 'batch', 'policy', 'coordination.k8s.io']);
    expect(groups.find((g) => g.name === 'policy')?.preferredVersion.groupVersion).toBe('policy/v1');
    const core = (await get<{ groupVersion: string; resources: Record<string, unknown>[] }>(s, '/api/v1')).body;
    expect(core.groupVersion).toBe('v1');
    expect(core.resources.find((r) => r['name'] === 'pods/eviction')).toEqual({ name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
    expect(core.resources.find((r) => r['name'] === 'nodes')).toMatchObject({ kind: 'Node', namespaced: false, shortNames: ['no'], verbs: ['get', 'list', 'patch', 'update', 'watch'] });
    const apps = (await get<{ resources: Record<string, unknown>[] }>(s, '/apis/apps/v1')).body.resources;
    expect(apps.find((r) => r['name'] === 'deployments')).toMatchObject({ verbs: ['get', 'list', 'watch'], shortNames: ['deploy'] });
    expect(apps.find((r) => r['name'] === 'daemonsets')?.['verbs']).toContain('create');
    expect((await get(s, '/apis/policy')).body).toMatchObject({ kind: 'APIGroup', name: 'policy' });
  });

  it('answers a request for aggregated discovery with the plain document', async () => {
    const s = await open('pdb-never');
    const reply = await get(s, '/apis', { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.body['kind']).toBe('APIGroupList');
  });

  it('answers unknown paths with a 404 Status, and protobuf-only clients with 406', async () => {
    const s = await open('pdb-never');
    for (const path of ['/api/v1/widgets', '/apis/example.com/v1/things', '/apis/apps/v2/deployments', '/nope']) {
      const reply = await get(s, path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
    }
    expect((await get(s, '/api/v1/nodes/no-such-node')).body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'nodes "no-such-node" not found', reason: 'NotFound', details: { name: 'no-such-node', kind: 'nodes' }, code: 404,
    });
    expect((await get(s, '/apis/apps/v1/namespaces/app/deployments/nope')).body).toMatchObject({ message: 'deployments.apps "nope" not found', details: { group: 'apps', kind: 'deployments' } });
    const protobuf = await get(s, '/api/v1/nodes', { Accept: 'application/vnd.kubernetes.protobuf' });
    expect(protobuf.status).toBe(406);
    expect(protobuf.body).toMatchObject({ kind: 'Status', reason: 'NotAcceptable', code: 406 });
  });

  it('serves the simulator report at /sim/v1/report', async () => {
    const s = await open('pdb-never');
    expect((await get(s, '/sim/v1/report')).body).toEqual(JSON.parse(JSON.stringify(s.ctx.observer.report())));
  });
});

describe('lists', () => {
  it('list every pod, by namespace and name, with the list resourceVersion and items without kind', async () => {
    const s = await open('demo');
    const all = (await get<List>(s, '/api/v1/pods')).body;
    expect(all.kind).toBe('PodList');
    expect(all.items).toHaveLength(s.ctx.world.pods.size);
    expect(all.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual([...s.ctx.world.pods.keys()].sort());
    expect(all.items[0]?.kind).toBeUndefined();
    const newest = Math.max(...all.items.map((p) => Number(p.metadata.resourceVersion)));
    expect(Number(all.metadata.resourceVersion)).toBeGreaterThanOrEqual(newest);
    const shop = (await get<List>(s, '/api/v1/namespaces/shop/pods')).body.items;
    expect(shop.length).toBeGreaterThan(0);
    expect(shop.every((p) => p.metadata.namespace === 'shop')).toBe(true);
    expect((await get<List>(s, '/api/v1/namespaces/no-such-namespace/pods')).body.items).toEqual([]);
  });

  it('pages with limit and continue, counting what remains', async () => {
    const s = await open('demo');
    const total = s.ctx.world.pods.size;
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    let rv: string | undefined;
    do {
      const page = (await get<List>(s, `/api/v1/pods?limit=25${token ? `&continue=${encodeURIComponent(token)}` : ''}`)).body;
      rv ??= page.metadata.resourceVersion;
      expect(page.metadata.resourceVersion).toBe(rv);
      names.push(...page.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
      token = page.metadata.continue;
      if (token) expect(page.metadata.remainingItemCount).toBe(total - names.length);
      pages++;
    } while (token);
    expect(pages).toBe(Math.ceil(total / 25));
    expect(names).toEqual([...s.ctx.world.pods.keys()].sort());
    const bad = await get(s, '/api/v1/pods?limit=5&continue=not-a-token');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ reason: 'BadRequest' });
  });

  it.each([
    ['app=web', (l: Record<string, string>) => l['app'] === 'web'],
    ['app==web', (l: Record<string, string>) => l['app'] === 'web'],
    ['app!=web', (l: Record<string, string>) => l['app'] !== 'web'],
    ['app in (web,frozen)', (l: Record<string, string>) => l['app'] === 'web' || l['app'] === 'frozen'],
    ['app notin (web)', (l: Record<string, string>) => l['app'] !== 'web'],
    ['pod-template-hash', (l: Record<string, string>) => 'pod-template-hash' in l],
    ['!pod-template-hash', (l: Record<string, string>) => !('pod-template-hash' in l)],
  ])('labelSelector %s', async (selector, expected) => {
    const s = await open('pdb-never');
    const items = (await get<List>(s, `/api/v1/pods?labelSelector=${encodeURIComponent(selector)}`)).body.items;
    const want = [...s.ctx.world.pods.values()].filter((sp) => expected(sp.pod.labels)).map((sp) => sp.key).sort();
    expect(want.length).toBeGreaterThan(0);
    expect(items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(want);
  });

  it('fieldSelector on spec.nodeName (bound and unbound), status.phase and metadata.name; others are a 400', async () => {
    served = await serve({ cluster: { nodes: [1, 0, 0], cpu: 1000, workloads: ['{kind: Deployment, namespace: app, name: web, replicas: 3, images: ["web:1"], requests: {cpu: 400m, memory: 128Mi}}'] } });
    const s = served;
    const node = [...s.ctx.world.nodes.keys()][0]!;
    const onNode = (await get<List>(s, `/api/v1/pods?fieldSelector=spec.nodeName%3D${node}`)).body.items;
    expect(onNode.map((p) => p.metadata.name).sort()).toEqual([...s.ctx.world.podsOn(node)].map((sp) => sp.pod.name).sort());
    const unbound = (await get<List>(s, '/api/v1/pods?fieldSelector=spec.nodeName%3D')).body.items;
    expect(unbound).toHaveLength(1);
    expect(unbound[0]?.status['phase']).toBe('Pending');
    expect((await get<List>(s, '/api/v1/pods?fieldSelector=status.phase!%3DRunning')).body.items.map((p) => p.metadata.name)).toEqual(unbound.map((p) => p.metadata.name));
    expect((await get<List>(s, `/api/v1/pods?fieldSelector=status.phase%3D%3DRunning,spec.nodeName%3D${node}`)).body.items).toHaveLength(2);
    const named = unbound[0]!.metadata.name;
    expect((await get<List>(s, `/api/v1/namespaces/app/pods?fieldSelector=metadata.name%3D${named}`)).body.items).toHaveLength(1);
    expect((await get<List>(s, '/api/v1/nodes?fieldSelector=spec.unschedulable%3Dfalse')).body.items).toHaveLength(1);
    const bad = await get(s, '/api/v1/pods?fieldSelector=spec.foo%3Dbar');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      code: 400,
      message: 'Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=bar": field label not supported: spec.foo',
    });
  });
});

describe('tables and partial metadata', () => {
  it('prints nodes and pods as kubectl asks (as=Table;v=v1;g=meta.k8s.io)', async () => {
    const s = await open('pdb-never');
    const accept = { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' };
    const nodes = (await get<{ kind: string; columnDefinitions: { name: string; priority: number }[]; rows: { cells: unknown[]; object: { kind: string; metadata: { name: string } } }[] }>(s, '/api/v1/nodes', accept)).body;
    expect(nodes.kind).toBe('Table');
    expect(nodes.columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name)).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version']);
    expect(nodes.rows).toHaveLength(3);
    // The instance launched 30 days ago; its node registered bootSeconds (60) later: 29d23h59m, which kubectl shows as 29d.
    expect(nodes.rows[0]?.cells.slice(1, 4)).toEqual(['Ready', '<none>', '29d']);
    expect(nodes.rows[0]?.object.kind).toBe('PartialObjectMetadata');
    const pods = (await get<{ columnDefinitions: { name: string }[]; rows: { cells: unknown[]; object: { metadata: { namespace: string } } }[] }>(s, '/api/v1/pods?limit=500', accept)).body;
    expect(pods.columnDefinitions.slice(0, 5).map((c) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    // A pod running at load was created when its containers started, startupSeconds (10) before the load.
    expect(pods.rows[0]?.cells.slice(1, 5)).toEqual(['1/1', 'Running', '0', '10s']);
    expect(pods.rows[0]?.object.metadata.namespace).toBeDefined();
    const full = (await get<{ rows: { object: { kind: string } }[] }>(s, '/apis/apps/v1/deployments?includeObject=Object', accept)).body;
    expect(full.rows[0]?.object.kind).toBe('Deployment');
  });

  it('returns PartialObjectMetadataList to a metadata-only client', async () => {
    const s = await open('pdb-never');
    const list = (await get<{ kind: string; items: { kind: string; metadata: { name: string }; spec?: unknown }[] }>(s, '/api/v1/nodes', { Accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io' })).body;
    expect(list.kind).toBe('PartialObjectMetadataList');
    expect(list.items).toHaveLength(3);
    expect(list.items[0]).toMatchObject({ kind: 'PartialObjectMetadata' });
    expect(list.items[0]?.spec).toBeUndefined();
  });
});

describe('openapi', () => {
  it('publishes, per group version, the fieldValidation parameter of each PATCH kubectl looks for', async () => {
    const s = await open('pdb-never');
    const root = (await get<{ paths: Record<string, { serverRelativeURL: string }> }>(s, '/openapi/v3')).body.paths;
    expect(Object.keys(root)).toEqual(['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/policy/v1', 'apis/coordination.k8s.io/v1']);
    const core = (await get<{ paths: Record<string, { patch?: { 'x-kubernetes-group-version-kind': unknown; parameters: { name: string; in: string }[] } }> }>(s, root['api/v1']!.serverRelativeURL)).body.paths;
    const patch = core['/api/v1/namespaces/{namespace}/configmaps/{name}']?.patch;
    expect(patch?.['x-kubernetes-group-version-kind']).toEqual({ group: '', version: 'v1', kind: 'ConfigMap' });
    expect(patch?.parameters).toContainEqual(expect.objectContaining({ name: 'fieldValidation', in: 'query' }));
    expect((await get(s, '/openapi/v3/apis/example.com/v1')).status).toBe(404);
    expect((await get(s, '/openapi/v2')).status).toBe(404);
  });
});
