// Kubernetes JSON (as a real API server returns it) → dextre's model, field by field.
import { describe, expect, it } from 'vitest';
import { byPdbKey, byWorkload, toImageSizes, toNode, toPdb, toPod, toWorkload } from '../../src/kube/client/convert.js';
import { podRequests } from '../../src/kube/client/requests.js';
import type { KPod, KPodSpec, KWorkload } from '../../src/kube/client/shapes.js';
import { nodeJson, podJson } from './objects.js';

// Real JSON carries fields the adapter does not read; as in the adapter, it is taken as the shape read.
const asPod = (json: object) => json as KPod;
const asWorkload = (json: object) => json as KWorkload;

describe('toNode', () => {
  it('reads an EKS node', () => {
    expect(toNode(nodeJson('ip-10-0-1-10.eu-west-1.compute.internal'))).toEqual({
      name: 'ip-10-0-1-10.eu-west-1.compute.internal',
      providerId: 'aws:///eu-west-1a/i-0ip100110euwest1computeinternal',
      labels: { 'kubernetes.io/hostname': 'ip-10-0-1-10.eu-west-1.compute.internal', 'topology.kubernetes.io/zone': 'eu-west-1a', 'node.kubernetes.io/instance-type': 'm5.large' },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
      taints: [],
      unschedulable: false,
      ready: true,
      allocatable: { cpu: 1930, memory: 7291668 / 1024 },
      createdAt: Date.parse('2024-05-01T12:00:00Z') / 1000,
    });
  });

  it.each([
    ['True', true],
    ['False', false],
    ['Unknown', false],
  ])('Ready condition %s → ready %s', (status, ready) => {
    expect(toNode(nodeJson('n', { ready: status })).ready).toBe(ready);
  });

  it('reads cordon and taints (value omitted when empty; timeAdded dropped; unknown effects skipped)', () => {
    const node = toNode(
      nodeJson('n', {
        unschedulable: true,
        taints: [
          { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: '2024-05-02T08:00:00Z' },
          { key: 'dedicated', value: 'gpu', effect: 'NoExecute' },
          { key: 'odd', effect: 'Sometimes' },
        ],
      }),
    );
    expect(node.unschedulable).toBe(true);
    expect(node.taints).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'dedicated', value: 'gpu', effect: 'NoExecute' }]);
  });

  it('reads a Date creationTimestamp (client-node deserializes Time fields to Date)', () => {
    const json = nodeJson('n');
    const typed = { ...json, metadata: { ...json.metadata, creationTimestamp: new Date('2024-05-01T12:00:00Z') } };
    expect(toNode(typed).createdAt).toBe(1714564800);
  });

  it('treats missing status and spec as empty', () => {
    expect(toNode({ metadata: { name: 'bare' } })).toMatchObject({ name: 'bare', providerId: '', ready: false, allocatable: { cpu: 0, memory: 0 }, taints: [], createdAt: 0 });
  });
});

describe('toPod', () => {
  it('reads a Deployment pod', () => {
    expect(toPod(podJson('app', 'web-5d8f7-abcde', { nodeName: 'n1' }))).toEqual({
      namespace: 'app',
      name: 'web-5d8f7-abcde',
      uid: 'uid-web-5d8f7-abcde',
      nodeName: 'n1',
      labels: { app: 'web', 'pod-template-hash': '5d8f7' },
      annotations: {},
      owner: { kind: 'ReplicaSet', name: 'web-5d8f7', controller: true },
      phase: 'Running',
      ready: true,
      priority: 0,
      volumes: [],
      initContainers: [],
      containers: [{ name: 'web', image: 'nginx:1.27' }],
      requests: { cpu: 250, memory: 256 },
      imagePullSecrets: [],
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      ],
      nodeSelector: {},
      // Ready at 12:05:10, its container started at 12:05:08.
      startupSeconds: 2,
      terminationGracePeriodSeconds: 30,
      imagePullFailures: [],
    });
  });

  it('owner is the controller reference only', () => {
    const pod = podJson('app', 'p');
    const notController = { ...pod, metadata: { ...pod.metadata, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'x' }] } };
    expect(toPod(notController).owner).toBeUndefined();
    const { ownerReferences: _refs, ...metadata } = pod.metadata;
    expect(toPod({ ...pod, metadata }).owner).toBeUndefined();
  });

  it('reads terminating pods, unready pods, and phases', () => {
    const pod = toPod(podJson('app', 'p', { deleting: true, ready: false }));
    expect(pod.deletionTimestamp).toBe(Date.parse('2024-05-02T09:00:00Z') / 1000);
    expect(pod.ready).toBe(false);
    const json = podJson('app', 'p');
    expect(toPod({ ...json, status: { ...json.status, phase: 'Succeeded' } }).phase).toBe('Succeeded');
    expect(toPod({ ...json, status: { ...json.status, phase: 'Unknown' } }).phase).toBe('Pending');
    expect(toPod({ metadata: { name: 'new', namespace: 'a' } }).phase).toBe('Pending');
  });

  it('reads volumes, pull secrets, priority, node selector and grace period', () => {
    const json = podJson('db', 'db-0');
    const pod = toPod(asPod({
      ...json,
      spec: {
        ...json.spec,
        priority: 1000000,
        priorityClassName: 'high',
        terminationGracePeriodSeconds: 120,
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        imagePullSecrets: [{ name: 'ecr' }, {}],
        volumes: [
          { name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } },
          { name: 'scratch', emptyDir: {} },
          { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
          { name: 'logs', hostPath: { path: '/var/log', type: '' } },
          { name: 'kube-api-access-x', projected: { sources: [], defaultMode: 420 } },
        ],
      },
    }));
    expect(pod).toMatchObject({ priority: 1000000, priorityClassName: 'high', terminationGracePeriodSeconds: 120, nodeSelector: { 'kubernetes.io/os': 'linux' }, imagePullSecrets: ['ecr'] });
    expect(pod.volumes).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } },
      { name: 'scratch', emptyDir: {} },
      { name: 'shm', emptyDir: { medium: 'Memory' } },
      { name: 'logs', hostPath: { path: '/var/log' } },
      { name: 'kube-api-access-x' },
    ]);
  });

  it('reads topology spread constraints; an entry without a key or skew is ignored', () => {
    const json = podJson('web', 'web-1');
    const pod = toPod(asPod({
      ...json,
      spec: {
        ...json.spec,
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } },
          { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' },
          { topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    }));
    expect(pod.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } },
      { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' },
    ]);
    expect(toPod(asPod(podJson('web', 'web-2'))).topologySpreadConstraints).toBeUndefined();
  });

  it('reads image pull failures from init and app container statuses, with the image', () => {
    const json = podJson('kube-system', 'prepull-abc');
    const pod: KPod = {
      ...json,
      spec: { ...json.spec, initContainers: [{ name: 'pull-api', image: 'registry/api:1.2' }, { name: 'pull-bad', image: 'registry/bad name' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'pull-api', image: 'registry/api:1.2', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry/api:1.2"' } } },
          { name: 'pull-bad', image: '', state: { waiting: { reason: 'InvalidImageName' } } },
        ],
        containerStatuses: [
          { name: 'web', image: 'nginx:1.27', state: { waiting: { reason: 'ErrImagePull' } } },
          { name: 'side', image: 'busybox', state: { waiting: { reason: 'PodInitializing' } } },
        ],
      },
    };
    expect(toPod(pod).imagePullFailures).toEqual([
      { image: 'registry/api:1.2', reason: 'ImagePullBackOff' },
      { image: 'registry/bad name', reason: 'InvalidImageName' },
      { image: 'nginx:1.27', reason: 'ErrImagePull' },
    ]);
  });
});

describe('podRequests: max(sum of containers, the largest init container), with sidecars and overhead', () => {
  const c = (name: string, cpu?: string, memory?: string, restartPolicy?: string) => ({
    name,
    image: 'x',
    ...(restartPolicy ? { restartPolicy } : {}),
    resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } },
  });
  it.each<[string, KPodSpec, { cpu: number; memory: number }]>([
    ['no requests', { containers: [{ name: 'a' }] }, { cpu: 0, memory: 0 }],
    ['containers add up', { containers: [c('a', '250m', '256Mi'), c('b', '0.5', '1Gi')] }, { cpu: 750, memory: 1280 }],
    ['a bigger init container wins per resource', { initContainers: [c('init', '2', '64Mi')], containers: [c('a', '250m', '256Mi'), c('b', '250m', '256Mi')] }, { cpu: 2000, memory: 512 }],
    ['sidecars add to the containers and to later init containers', { initContainers: [c('mesh', '100m', '128Mi', 'Always'), c('migrate', '1', '100Mi')], containers: [c('a', '200m', '256Mi')] }, { cpu: 1100, memory: 384 }],
    ['overhead is added', { containers: [c('a', '100m', '100Mi')], overhead: { cpu: '250m', memory: '120Mi' } }, { cpu: 350, memory: 220 }],
    ['pod-level requests replace the containers\'', { containers: [c('a', '100m', '100Mi')], resources: { requests: { cpu: '1' } } }, { cpu: 1000, memory: 100 }],
  ])('%s', (_name, spec, expected) => {
    expect(podRequests(spec)).toEqual(expected);
  });
});

describe('toWorkload', () => {
  const meta = (name: string, owner?: { kind: string; name: string }) => ({
    name,
    namespace: 'app',
    uid: `uid-${name}`,
    resourceVersion: '5',
    ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid: 'o', controller: true, blockOwnerDeletion: true }] } : {}),
  });
  const selector = { matchLabels: { app: 'web' } };

  it('ReplicaSet: spec.replicas and status.readyReplicas, owned by its Deployment', () => {
    const rs = { metadata: meta('web-5d8f7', { kind: 'Deployment', name: 'web' }), spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d8f7' } } }, status: { replicas: 3, readyReplicas: 2, availableReplicas: 2 } };
    expect(toWorkload('ReplicaSet', rs)).toEqual({
      kind: 'ReplicaSet',
      namespace: 'app',
      name: 'web-5d8f7',
      replicas: 3,
      readyReplicas: 2,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d8f7' } },
      owner: { kind: 'Deployment', name: 'web', controller: true },
    });
  });

  it('readyReplicas is 0 when the status omits it; replicas defaults to 1', () => {
    expect(toWorkload('StatefulSet', { metadata: meta('db'), spec: { selector }, status: {} })).toMatchObject({ replicas: 1, readyReplicas: 0 });
    expect(toWorkload('Deployment', { metadata: meta('web'), spec: { replicas: 0, selector }, status: {} })).toMatchObject({ replicas: 0, readyReplicas: 0 });
  });

  it('DaemonSet: desiredNumberScheduled and numberReady', () => {
    const ds = { metadata: meta('kube-proxy'), spec: { selector }, status: { currentNumberScheduled: 4, desiredNumberScheduled: 4, numberReady: 3, numberMisscheduled: 0 } };
    expect(toWorkload('DaemonSet', ds)).toMatchObject({ replicas: 4, readyReplicas: 3 });
  });

  it('Job: parallelism (default 1) and status.ready', () => {
    expect(toWorkload('Job', asWorkload({ metadata: meta('batch'), spec: { parallelism: 4, selector }, status: { active: 4, ready: 2 } }))).toMatchObject({ replicas: 4, readyReplicas: 2 });
    expect(toWorkload('Job', { metadata: meta('once'), spec: { selector }, status: {} })).toMatchObject({ replicas: 1, readyReplicas: 0 });
  });

  it('keeps matchExpressions', () => {
    const s = { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'canary', operator: 'DoesNotExist' }] };
    expect(toWorkload('Deployment', { metadata: meta('w'), spec: { replicas: 1, selector: s } }).selector).toEqual(s);
  });

  it('orders by namespace, name, then kind', () => {
    const w = (kind: 'Deployment' | 'ReplicaSet', namespace: string, name: string) => ({ kind, namespace, name, replicas: 1, readyReplicas: 1, selector: {} });
    const sorted = [w('ReplicaSet', 'b', 'web'), w('Deployment', 'b', 'web'), w('Deployment', 'a', 'z')].sort(byWorkload);
    expect(sorted.map((x) => `${x.namespace}/${x.name}/${x.kind}`)).toEqual(['a/z/Deployment', 'b/web/Deployment', 'b/web/ReplicaSet']);
  });
});

describe('toPdb', () => {
  it('reads spec (int or percent) and status', () => {
    const pdb = {
      kind: 'PodDisruptionBudget',
      apiVersion: 'policy/v1',
      metadata: { name: 'web', namespace: 'app', uid: 'u', resourceVersion: '7', generation: 1 },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } },
      status: { observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, conditions: [] },
    };
    expect(toPdb(pdb)).toEqual({ namespace: 'app', name: 'web', selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1, status: { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1 } });
    expect(toPdb({ metadata: { name: 'p', namespace: 'a' }, spec: { minAvailable: '50%' } })).toEqual({
      namespace: 'a',
      name: 'p',
      selector: {},
      minAvailable: '50%',
      status: { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 },
    });
  });

  it('orders by namespace/name keys, as the simulator lists them', () => {
    const p = (namespace: string, name: string) => toPdb({ metadata: { namespace, name } });
    expect([p('app', 'web'), p('a-b', 'x'), p('app', 'frozen')].sort(byPdbKey).map((x) => `${x.namespace}/${x.name}`)).toEqual(['a-b/x', 'app/frozen', 'app/web']);
  });
});

describe('toImageSizes', () => {
  it('reads every name of status.images in MiB, the largest size any node reports, sorted', () => {
    const node = (images: { names?: string[]; sizeBytes?: number }[]) => ({ status: { images } });
    expect(
      toImageSizes([
        node([{ names: ['registry/web@sha256:abc', 'registry/web:1.2'], sizeBytes: 104_857_600 }, { names: ['pause:3.9'], sizeBytes: 300_000 }]),
        node([{ names: ['registry/web:1.2'], sizeBytes: 110_100_480 }, { sizeBytes: 5 }]),
        {},
      ]),
    ).toEqual([
      { image: 'pause:3.9', sizeMiB: 0.3 },
      { image: 'registry/web:1.2', sizeMiB: 105 },
      { image: 'registry/web@sha256:abc', sizeMiB: 100 },
    ]);
  });
});
