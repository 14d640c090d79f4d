import { describe, expect, it } from 'vitest';
import {
  buildPrepullDaemonSets,
  DEFAULT_HELPER_IMAGE,
  DEFAULT_PAUSE_IMAGE,
  PREPULL_DAEMONSET_NAME,
  PREPULL_NODE_LABEL,
  prepullSets,
} from '../../src/core/prepull.js';
import { cluster } from './builders.js';

const opts = { rollId: '1767225600', nodeLabel: { key: PREPULL_NODE_LABEL, value: '1767225600' } };
const tiny = { requests: { cpu: '5m', memory: '16Mi' }, limits: { cpu: '5m', memory: '16Mi' } };
const mount = [{ name: 'dextre-bin', mountPath: '/dextre-bin' }];

describe('buildPrepullDaemonSets', () => {
  const sets = [
    { namespace: 'payments', images: ['ghcr.io/acme/api:2', 'redis:7'], pullSecrets: ['ghcr', 'quay'] },
    { namespace: 'shop', images: ['nginx:1.27'], pullSecrets: [] },
  ];

  it('builds one DaemonSet per namespace, in order', () => {
    const manifests = buildPrepullDaemonSets(sets, opts);
    expect(manifests.map((m) => [m.metadata.namespace, m.metadata.name])).toStrictEqual([
      ['payments', PREPULL_DAEMONSET_NAME],
      ['shop', PREPULL_DAEMONSET_NAME],
    ]);
    expect(PREPULL_DAEMONSET_NAME).toBe('dextre-prepull');
    expect(PREPULL_NODE_LABEL).toBe('dextre.io/prepull');
  });

  it('has the documented shape', () => {
    const [ds] = buildPrepullDaemonSets(sets, opts);
    expect(ds).toStrictEqual({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {
        name: 'dextre-prepull',
        namespace: 'payments',
        labels: { 'app.kubernetes.io/name': 'dextre-prepull', 'app.kubernetes.io/managed-by': 'dextre', 'dextre.io/roll': '1767225600' },
      },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'dextre-prepull' } },
        template: {
          metadata: {
            labels: { 'app.kubernetes.io/name': 'dextre-prepull', 'app.kubernetes.io/managed-by': 'dextre', 'dextre.io/roll': '1767225600' },
          },
          spec: {
            nodeSelector: { 'dextre.io/prepull': '1767225600' },
            tolerations: [{ operator: 'Exists' }],
            imagePullSecrets: [{ name: 'ghcr' }, { name: 'quay' }],
            terminationGracePeriodSeconds: 0,
            volumes: [{ name: 'dextre-bin', emptyDir: {} }],
            initContainers: [
              {
                name: 'install-true',
                image: 'public.ecr.aws/docker/library/busybox:1.36-musl',
                command: ['cp', '/bin/busybox', '/dextre-bin/true'],
                imagePullPolicy: 'IfNotPresent',
                resources: tiny,
                volumeMounts: mount,
              },
              { name: 'prepull-0', image: 'ghcr.io/acme/api:2', command: ['/dextre-bin/true'], imagePullPolicy: 'IfNotPresent', resources: tiny, volumeMounts: mount },
              { name: 'prepull-1', image: 'redis:7', command: ['/dextre-bin/true'], imagePullPolicy: 'IfNotPresent', resources: tiny, volumeMounts: mount },
            ],
            containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', imagePullPolicy: 'IfNotPresent', resources: tiny }],
          },
        },
      },
    });
    expect(DEFAULT_HELPER_IMAGE).toBe('public.ecr.aws/docker/library/busybox:1.36-musl');
    expect(DEFAULT_PAUSE_IMAGE).toBe('registry.k8s.io/pause:3.10');
  });

  it('keeps the selector free of the roll id (a DaemonSet selector is immutable) and matches its template', () => {
    const [a] = buildPrepullDaemonSets(sets, opts);
    const [b] = buildPrepullDaemonSets(sets, { ...opts, rollId: 'other' });
    expect(a?.spec.selector).toStrictEqual(b?.spec.selector);
    for (const [k, v] of Object.entries(a?.spec.selector.matchLabels ?? {})) expect(a?.spec.template.metadata.labels[k]).toBe(v);
  });

  it('takes other pause and helper images', () => {
    const [ds] = buildPrepullDaemonSets(sets, { ...opts, pauseImage: 'mirror.local/pause:3.10', helperImage: 'mirror.local/busybox:1.36-musl' });
    expect(ds?.spec.template.spec.containers[0]?.image).toBe('mirror.local/pause:3.10');
    expect(ds?.spec.template.spec.initContainers[0]?.image).toBe('mirror.local/busybox:1.36-musl');
  });

  it('names containers as DNS-1123 labels even with hundreds of images, and skips empty sets', () => {
    const images = Array.from({ length: 300 }, (_, i) => `registry.example.com/a-very-long-repository-name/${'x'.repeat(80)}-${i}:1`);
    const manifests = buildPrepullDaemonSets([{ namespace: 'big', images, pullSecrets: [] }, { namespace: 'empty', images: [], pullSecrets: [] }], opts);
    expect(manifests).toHaveLength(1);
    const names = manifests[0]?.spec.template.spec.initContainers.map((c) => c.name) ?? [];
    expect(names).toHaveLength(301);
    expect(new Set(names).size).toBe(301);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
  });
});

describe('prepullSets', () => {
  it('gives per namespace the sorted unique images and pull secrets', () => {
    const c = cluster();
    const pods = [
      c.pod('b', { namespace: 'shop', containers: [{ name: 'm', image: 'nginx:1.27' }], imagePullSecrets: ['quay'] }),
      c.pod('a', {
        namespace: 'shop',
        initContainers: [{ name: 'i', image: 'busybox:1' }],
        containers: [{ name: 'm', image: 'nginx:1.27' }, { name: 's', image: 'envoy:1' }],
        imagePullSecrets: ['ghcr', 'quay'],
      }),
      c.pod('c', { namespace: 'payments', containers: [{ name: 'm', image: 'api:2' }] }),
    ];
    expect(prepullSets(pods)).toStrictEqual([
      { namespace: 'payments', images: ['api:2'], pullSecrets: [] },
      { namespace: 'shop', images: ['busybox:1', 'envoy:1', 'nginx:1.27'], pullSecrets: ['ghcr', 'quay'] },
    ]);
  });
});
