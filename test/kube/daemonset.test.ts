// Applying the pre-pull DaemonSet: compare before writing (pure), then create / leave / replace.
import { describe, expect, it } from 'vitest';
import { covers } from '../../src/kube/client/daemonset.js';
import { sendJson, sendStatus, fakeApiPerTest } from './fake-api.js';

const serve = fakeApiPerTest();

describe('covers: the live object has every value the manifest sets', () => {
  it.each<[string, unknown, unknown, boolean]>([
    ['equal scalars', { a: 1, b: 'x' }, { a: 1, b: 'x', extra: true }, true],
    ['a different value', { a: 1 }, { a: 2 }, false],
    ['a missing field', { a: 1 }, {}, false],
    ['empty list vs absent (the API omits it)', { secrets: [] }, {}, true],
    ['empty map vs absent', { emptyDir: {} }, { }, true],
    ['empty map vs empty map', { emptyDir: {} }, { emptyDir: {} }, true],
    ['lists of another length', { c: [{ n: 1 }] }, { c: [{ n: 1 }, { n: 2 }] }, false],
    ['list items covered pairwise', { c: [{ n: 1 }] }, { c: [{ n: 1, defaulted: 'x' }] }, true],
    ['quantities compared by value under resources', { resources: { limits: { cpu: '0.01', memory: '1Gi' } } }, { resources: { limits: { cpu: '10m', memory: '1024Mi' } } }, true],
    ['quantities that differ', { resources: { requests: { cpu: '20m' } } }, { resources: { requests: { cpu: '10m' } } }, false],
    ['quantity-like strings elsewhere compared exactly', { image: '1k' }, { image: '1000' }, false],
  ])('%s → %s', (_name, desired, live, expected) => {
    expect(covers(desired, live)).toBe(expected);
  });
});

describe('applyDaemonSet', () => {
  const labels = { 'app.kubernetes.io/managed-by': 'dextre', 'dextre.io/prepull': 'r1' };
  const resources = { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '0.01', memory: '16Mi' } };
  const manifest = (image = 'registry.k8s.io/pause:3.10') => ({
    apiVersion: 'apps/v1' as const,
    kind: 'DaemonSet' as const,
    metadata: { name: 'prepull', namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { 'kubernetes.io/hostname': 'n1' },
          tolerations: [{ operator: 'Exists' as const }],
          imagePullSecrets: [],
          terminationGracePeriodSeconds: 1,
          volumes: [{ name: 'bin', emptyDir: {} }],
          initContainers: [{ name: 'api', image: 'registry/api:1.2', command: ['/bin/true'], imagePullPolicy: 'IfNotPresent' as const, resources }],
          containers: [{ name: 'pause', image, imagePullPolicy: 'IfNotPresent' as const, resources }],
        },
      },
    },
  });
  /** The DaemonSet as the API server returns it after creation: defaults filled in, quantities canonical, empty lists gone. */
  const live = (image = 'registry.k8s.io/pause:3.10') => {
    const container = (c: { name: string; image: string; command?: string[] }) => ({
      ...c,
      imagePullPolicy: 'IfNotPresent',
      resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '10m', memory: '16Mi' } },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    });
    return {
      kind: 'DaemonSet',
      apiVersion: 'apps/v1',
      metadata: { name: 'prepull', namespace: 'kube-system', uid: 'u', resourceVersion: '77', generation: 1, creationTimestamp: '2024-05-02T08:00:00Z', labels, annotations: { 'deprecated.daemonset.template.generation': '1' } },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { creationTimestamp: null, labels },
          spec: {
            volumes: [{ name: 'bin', emptyDir: {} }],
            initContainers: [container({ name: 'api', image: 'registry/api:1.2', command: ['/bin/true'] })],
            containers: [container({ name: 'pause', image })],
            restartPolicy: 'Always',
            terminationGracePeriodSeconds: 1,
            dnsPolicy: 'ClusterFirst',
            nodeSelector: { 'kubernetes.io/hostname': 'n1' },
            securityContext: {},
            schedulerName: 'default-scheduler',
            tolerations: [{ operator: 'Exists' }],
          },
        },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
        revisionHistoryLimit: 10,
      },
      status: { currentNumberScheduled: 1, numberMisscheduled: 0, desiredNumberScheduled: 1, numberReady: 0, observedGeneration: 1 },
    };
  };
  const path = '/apis/apps/v1/namespaces/kube-system/daemonsets';

  it('creates it when absent', async () => {
    const { kube, api } = await serve({ [`GET ${path}/prepull`]: (_q, res) => sendStatus(res, 404, 'NotFound', 'daemonsets.apps "prepull" not found'), [`POST ${path}`]: (_q, res) => sendJson(res, 201, live()) });
    await kube.applyDaemonSet(manifest());
    expect(api.calls()).toEqual([`GET ${path}/prepull`, `POST ${path}`]);
    expect(JSON.parse(api.requests[1]!.body)).toEqual(manifest());
  });

  it('writes nothing when what is there already matches (defaults and canonical quantities aside)', async () => {
    const { kube, api } = await serve({ [`GET ${path}/prepull`]: (_q, res) => sendJson(res, 200, live()) });
    await kube.applyDaemonSet(manifest());
    expect(api.calls()).toEqual([`GET ${path}/prepull`]);
  });

  it('replaces it (PUT with the resourceVersion read) when the spec differs; a 409 reads again', async () => {
    const { kube, api } = await serve({
      [`GET ${path}/prepull`]: [(_q, res) => sendJson(res, 200, live()), (_q, res) => sendJson(res, 200, { ...live(), metadata: { ...live().metadata, resourceVersion: '78' } })],
      [`PUT ${path}/prepull`]: [(_q, res) => sendStatus(res, 409, 'Conflict', 'the object has been modified'), (_q, res) => sendJson(res, 200, live('registry.k8s.io/pause:3.11'))],
    });
    await kube.applyDaemonSet(manifest('registry.k8s.io/pause:3.11'));
    expect(api.calls()).toEqual([`GET ${path}/prepull`, `PUT ${path}/prepull`, `GET ${path}/prepull`, `PUT ${path}/prepull`]);
    const body = JSON.parse(api.requests[3]!.body);
    expect(body.metadata).toEqual({ ...manifest().metadata, resourceVersion: '78' });
    expect(body.spec.template.spec.containers[0].image).toBe('registry.k8s.io/pause:3.11');
  });
});

