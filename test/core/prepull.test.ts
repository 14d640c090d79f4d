import { describe, expect, it } from 'vitest';
import {
  buildPrepullDaemonSets,
  DEFAULT_HELPER_IMAGE,
  DEFAULT_PAUSE_IMAGE,
  PREPULL_DAEMONSET_NAME,
  PREPULL_NODE_LABEL,
  prepullDaemonSetName,
  prepullImagesByNamespace,
  prepullLabelValue,
  prepullSets,
} from '../../src/core/prepull.js';
import { cluster } from './builders.js';

const opts = { rollId: '1767225600' };
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const tiny = { requests: { cpu: '5m', memory: '16Mi' }, limits: { cpu: '5m', memory: '16Mi' } };
const mount = [{ name: 'dextre-bin', mountPath: '/dextre-bin' }];

describe('buildPrepullDaemonSets', () => {
  const sets = [
    { group: 'workers', namespace: 'payments', images: ['ghcr.io/acme/api:2', 'redis:7'], pullSecrets: ['ghcr', 'quay'] },
    { group: 'workers', namespace: 'shop', images: ['nginx:1.27'], pullSecrets: [] },
    { group: 'memory', namespace: 'shop', images: ['recommendations:1.12'], pullSecrets: [] },
  ];

  it('builds one DaemonSet per group and namespace, in order, each selecting only its group\'s replacements', () => {
    const manifests = buildPrepullDaemonSets(sets, opts);
    expect(manifests.map((m) => [m.metadata.namespace, m.metadata.name, m.spec.template.spec.nodeSelector])).toStrictEqual([
      ['payments', 'dextre-prepull-workers', { 'dextre.io/prepull': '1767225600.workers' }],
      ['shop', 'dextre-prepull-workers', { 'dextre.io/prepull': '1767225600.workers' }],
      ['shop', 'dextre-prepull-memory', { 'dextre.io/prepull': '1767225600.memory' }],
    ]);
    expect(PREPULL_DAEMONSET_NAME).toBe('dextre-prepull');
    expect(PREPULL_NODE_LABEL).toBe('dextre.io/prepull');
  });

  it('gives two groups\' DaemonSets in one namespace disjoint selectors that match their own templates', () => {
    const [, workers, memory] = buildPrepullDaemonSets(sets, opts);
    expect(workers?.spec.selector).not.toStrictEqual(memory?.spec.selector);
    for (const ds of [workers, memory]) {
      for (const [k, v] of Object.entries(ds?.spec.selector.matchLabels ?? {})) expect(ds?.spec.template.metadata.labels[k]).toBe(v);
    }
    const selects = (a: typeof workers, b: typeof workers) =>
      Object.entries(a?.spec.selector.matchLabels ?? {}).every(([k, v]) => b?.spec.template.metadata.labels[k] === v);
    expect(selects(workers, memory)).toBe(false);
    expect(selects(memory, workers)).toBe(false);
  });

  it('has the documented shape', () => {
    const [ds] = buildPrepullDaemonSets(sets, opts);
    expect(ds).toStrictEqual({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {
        name: 'dextre-prepull-workers',
        namespace: 'payments',
        labels: {
          'app.kubernetes.io/name': 'dextre-prepull',
          'app.kubernetes.io/instance': 'dextre-prepull-workers',
          'app.kubernetes.io/managed-by': 'dextre',
          'dextre.io/roll': '1767225600',
        },
      },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'dextre-prepull', 'app.kubernetes.io/instance': 'dextre-prepull-workers' } },
        template: {
          metadata: {
            labels: {
              'app.kubernetes.io/name': 'dextre-prepull',
              'app.kubernetes.io/instance': 'dextre-prepull-workers',
              'app.kubernetes.io/managed-by': 'dextre',
              'dextre.io/roll': '1767225600',
            },
          },
          spec: {
            nodeSelector: { 'dextre.io/prepull': '1767225600.workers' },
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

  it('keeps the name and selector free of the roll id (a DaemonSet selector is immutable) and matches its template', () => {
    const [a] = buildPrepullDaemonSets(sets, opts);
    const [b] = buildPrepullDaemonSets(sets, { ...opts, rollId: 'other' });
    expect(a?.metadata.name).toBe(b?.metadata.name);
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
    const manifests = buildPrepullDaemonSets(
      [
        { group: 'g', namespace: 'big', images, pullSecrets: [] },
        { group: 'g', namespace: 'empty', images: [], pullSecrets: [] },
      ],
      opts,
    );
    expect(manifests).toHaveLength(1);
    const names = manifests[0]?.spec.template.spec.initContainers.map((c) => c.name) ?? [];
    expect(names).toHaveLength(301);
    expect(new Set(names).size).toBe(301);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
  });
});

describe('prepullSets', () => {
  it('gives per group and namespace the sorted unique images and pull secrets, sorted by group then namespace', () => {
    const c = cluster();
    for (const n of ['w1', 'w2', 'm1', 'elsewhere']) c.node(n);
    const pods = [
      c.pod('b', { node: 'w2', namespace: 'shop', containers: [{ name: 'm', image: 'nginx:1.27' }], imagePullSecrets: ['quay'] }),
      c.pod('a', {
        node: 'w1',
        namespace: 'shop',
        initContainers: [{ name: 'i', image: 'busybox:1' }],
        containers: [{ name: 'm', image: 'nginx:1.27' }, { name: 's', image: 'envoy:1' }],
        imagePullSecrets: ['ghcr', 'quay'],
      }),
      c.pod('c', { node: 'w1', namespace: 'payments', containers: [{ name: 'm', image: 'api:2' }] }),
      c.pod('big', { node: 'm1', namespace: 'shop', containers: [{ name: 'm', image: 'model:1' }] }),
      c.pod('other', { node: 'elsewhere', namespace: 'shop', containers: [{ name: 'm', image: 'other:1' }] }),
    ];
    const groupOfNode = new Map([
      ['w1', 'workers'],
      ['w2', 'workers'],
      ['m1', 'memory'],
    ]);
    expect(prepullSets(pods, groupOfNode)).toStrictEqual([
      { group: 'memory', namespace: 'shop', images: ['model:1'], pullSecrets: [] },
      { group: 'workers', namespace: 'payments', images: ['api:2'], pullSecrets: [] },
      { group: 'workers', namespace: 'shop', images: ['busybox:1', 'envoy:1', 'nginx:1.27'], pullSecrets: ['ghcr', 'quay'] },
    ]);
  });
});

describe('prepullImagesByNamespace', () => {
  it('merges the groups\' sets per namespace, images sorted unique', () => {
    expect(
      prepullImagesByNamespace([
        { group: 'memory', namespace: 'shop', images: ['model:1', 'nginx:1.27'], pullSecrets: [] },
        { group: 'workers', namespace: 'data', images: ['redis:7'], pullSecrets: [] },
        { group: 'workers', namespace: 'shop', images: ['api:2', 'nginx:1.27'], pullSecrets: ['ghcr'] },
      ]),
    ).toStrictEqual([
      { namespace: 'data', images: ['redis:7'] },
      { namespace: 'shop', images: ['api:2', 'model:1', 'nginx:1.27'] },
    ]);
  });
});

describe('prepullDaemonSetName and prepullLabelValue', () => {
  const long = `eks-${'general-purpose-'.repeat(5)}20260101-0f3a9c`;
  const groups = [
    'demo-general',
    'demo-memory',
    'Demo-General',
    'demo_general',
    'demo.general',
    'demo general',
    'eu/west:1 ☃',
    '-dash-',
    '_',
    long,
    `${long}-b`,
    `${long}-c`,
  ];

  it.each(groups)('%s gives a valid DaemonSet name and label value', (group) => {
    const name = prepullDaemonSetName(group);
    expect(name).toMatch(DNS_LABEL);
    expect(name.startsWith('dextre-prepull-')).toBe(true);
    for (const rollId of ['1767225600', `r${'9'.repeat(70)}`, '.odd/roll id.']) expect(prepullLabelValue(rollId, group)).toMatch(LABEL_VALUE);
  });

  it('keeps names that are valid as they are', () => {
    expect(prepullDaemonSetName('demo-general')).toBe('dextre-prepull-demo-general');
    expect(prepullLabelValue('1767225600', 'Demo_General.v2')).toBe('1767225600.Demo_General.v2');
  });

  it('never gives two groups the same name or label value, and gives a group the same ones every time', () => {
    expect(new Set(groups.map(prepullDaemonSetName)).size).toBe(groups.length);
    expect(new Set(groups.map((g) => prepullLabelValue('1767225600', g))).size).toBe(groups.length);
    expect(groups.map(prepullDaemonSetName)).toStrictEqual(groups.map(prepullDaemonSetName));
    expect(prepullLabelValue('1767225600', long)).toBe(prepullLabelValue('1767225600', long));
  });

  it('cuts long group names with a hash suffix instead of failing', () => {
    const name = prepullDaemonSetName(long);
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^dextre-prepull-eks-general-purpose-.*-[0-9a-f]{8}$/);
    expect(prepullLabelValue('1767225600', long)).toMatch(/^1767225600\.eks-general-purpose-.*-[0-9a-f]{8}$/);
  });

  it('puts the roll id in the label value, so a node left labelled by another roll is not selected', () => {
    expect(prepullLabelValue('1767225600', 'workers')).not.toBe(prepullLabelValue('1767229200', 'workers'));
  });
});
