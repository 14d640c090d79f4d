// DaemonSets written over the wire go through the in-process adapter's applyDaemonSet/deleteDaemonSet:
// create (201, 409 when it exists), replace and patch (nothing applied when nothing modelled changed),
// delete (its pods go in the background), the simulator running their pods on the selected nodes.
import { afterEach, describe, expect, it } from 'vitest';
import { call, get, serve, type Served } from './helpers.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

const PATH = '/apis/apps/v1/namespaces/kube-system/daemonsets';

function prepull(hostname: string, image = 'registry.k8s.io/pause:3.10') {
  const labels = { 'app.kubernetes.io/managed-by': 'dextre', 'dextre.io/prepull': 'wire' };
  const resources = { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '10m', memory: '16Mi' } };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'wire-prepull', namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { 'kubernetes.io/hostname': hostname },
          tolerations: [{ operator: 'Exists' }],
          imagePullSecrets: [],
          terminationGracePeriodSeconds: 1,
          volumes: [],
          initContainers: [{ name: 'web', image: 'ghcr.io/example/web:1.0.0', command: ['/bin/true'], imagePullPolicy: 'IfNotPresent', resources }],
          containers: [{ name: 'pause', image, imagePullPolicy: 'IfNotPresent', resources }],
        },
      },
    },
  };
}

type Ds = { metadata: { name: string; resourceVersion: string; generation: number; labels?: Record<string, string> }; spec: { template: { spec: { containers: { image: string }[] } } }; status: { desiredNumberScheduled: number; numberReady: number } };

describe('daemonsets', () => {
  it('create runs a pod on the selected node; replacing it unchanged applies nothing; a patch re-applies; delete removes it', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const node = [...s.ctx.world.nodes.keys()][0]!;
    const created = await call<Ds>(s, 'POST', PATH, prepull(node));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ metadata: { name: 'wire-prepull', generation: 1, labels: { 'dextre.io/prepull': 'wire' } }, status: { desiredNumberScheduled: 1 } });
    expect((await call(s, 'POST', PATH, prepull(node))).status).toBe(409);
    s.advance(120);
    const pods = [...s.ctx.world.pods.values()].filter((sp) => sp.pod.name.startsWith('wire-prepull-'));
    expect(pods.map((sp) => [sp.pod.nodeName, sp.pod.ready])).toEqual([[node, true]]);
    const ready = (await get<Ds>(s, `${PATH}/wire-prepull`)).body;
    expect(ready.status).toMatchObject({ desiredNumberScheduled: 1, numberReady: 1 });
    // Read, compare, replace with the resourceVersion read: the same manifest changes nothing.
    const replaced = await call<Ds>(s, 'PUT', `${PATH}/wire-prepull`, { ...prepull(node), metadata: { ...prepull(node).metadata, resourceVersion: ready.metadata.resourceVersion } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.metadata.resourceVersion).toBe(ready.metadata.resourceVersion);
    const stale = await call(s, 'PUT', `${PATH}/wire-prepull`, { ...prepull(node, 'registry.k8s.io/pause:3.9'), metadata: { ...prepull(node).metadata, resourceVersion: '1' } });
    expect(stale.status).toBe(409);
    const patched = await call<Ds>(s, 'PATCH', `${PATH}/wire-prepull`, { spec: { template: { spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.9' }] } } } }, 'application/strategic-merge-patch+json');
    expect(patched.status).toBe(200);
    expect(patched.body.metadata.generation).toBe(2);
    expect(patched.body.spec.template.spec.containers[0]?.image).toBe('registry.k8s.io/pause:3.9');
    expect(s.ctx.world.actions.filter((a) => a.verb === 'applyDaemonSet').map((a) => a.detail)).toEqual(['created', 'configured']);
    const deleted = await call(s, 'DELETE', `${PATH}/wire-prepull`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ status: 'Success', details: { name: 'wire-prepull', group: 'apps', kind: 'daemonsets' } });
    expect((await call(s, 'DELETE', `${PATH}/wire-prepull`)).status).toBe(404);
    s.advance(60);
    expect([...s.ctx.world.pods.values()].filter((sp) => sp.pod.name.startsWith('wire-prepull-'))).toEqual([]);
    expect((await get(s, `${PATH}/wire-prepull`)).status).toBe(404);
  });

  it('refuses a selector that does not match the template (422) and a namespace that does not exist (404)', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const node = [...s.ctx.world.nodes.keys()][0]!;
    const manifest = prepull(node);
    const mismatched = { ...manifest, spec: { ...manifest.spec, selector: { matchLabels: { other: 'x' } } } };
    const invalid = await call(s, 'POST', PATH, mismatched);
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({ reason: 'Invalid', message: expect.stringContaining('DaemonSet.apps "wire-prepull" is invalid') });
    const nowhere = await call(s, 'POST', '/apis/apps/v1/namespaces/nowhere/daemonsets', { ...manifest, metadata: { ...manifest.metadata, namespace: 'nowhere' } });
    expect(nowhere.status).toBe(404);
    expect(s.ctx.world.workloads.has('DaemonSet/kube-system/wire-prepull')).toBe(false);
  });
});
