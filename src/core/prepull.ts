// Pre-pull: warm the new nodes with the images of the pods about to move, so evicted pods start from the
// local image cache instead of all pulling at once. One DaemonSet per namespace (pull secrets are
// namespaced) runs every image as an init container that exits at once, then parks on `pause`.
import type { DaemonSetManifest, PrepullContainer } from '../kube/port.js';
import { compareText } from './filters.js';
import type { Pod } from './model.js';
import type { PrepullSet } from './plan.js';

/** The node label that marks a roll's new nodes; the DaemonSet's nodeSelector targets it. */
export const PREPULL_NODE_LABEL = 'dextre.io/prepull';
export const PREPULL_DAEMONSET_NAME = 'dextre-prepull';
export const ROLL_LABEL = 'dextre.io/roll';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const DEFAULT_PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
/** Statically linked, so its binary runs in any image, with or without a libc or a shell. */
export const DEFAULT_HELPER_IMAGE = 'public.ecr.aws/docker/library/busybox:1.36-musl';

const BIN_VOLUME = 'dextre-bin';
const BIN_PATH = '/dextre-bin';
/** Busybox dispatches on argv[0]: run as `/dextre-bin/true`, it is `true` and exits 0. */
const TRUE_PATH = `${BIN_PATH}/true`;
// Requests equal limits: the pod is Guaranteed-class and claims almost nothing on a fresh node.
const TINY = { requests: { cpu: '5m', memory: '16Mi' }, limits: { cpu: '5m', memory: '16Mi' } };

/**
 * Per namespace (sorted), the sorted unique images (init and regular containers) of `pods` and the union
 * of their pull secrets. `pods` are those the drain will evict (the filter chain already left DaemonSet
 * pods out: they never move).
 */
export function prepullSets(pods: readonly Pod[]): PrepullSet[] {
  const byNamespace = new Map<string, { images: Set<string>; secrets: Set<string> }>();
  for (const pod of pods) {
    let entry = byNamespace.get(pod.namespace);
    if (!entry) {
      entry = { images: new Set(), secrets: new Set() };
      byNamespace.set(pod.namespace, entry);
    }
    for (const c of pod.initContainers) entry.images.add(c.image);
    for (const c of pod.containers) entry.images.add(c.image);
    for (const s of pod.imagePullSecrets) entry.secrets.add(s);
  }
  return [...byNamespace.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .filter(([, e]) => e.images.size > 0)
    .map(([namespace, e]) => ({
      namespace,
      images: [...e.images].sort(compareText),
      pullSecrets: [...e.secrets].sort(compareText),
    }));
}

export interface PrepullOptions {
  rollId: string;
  /** The label the roll puts on its new nodes. */
  nodeLabel: { key: string; value: string };
  pauseImage?: string;
  helperImage?: string;
}

/** One `dextre-prepull` DaemonSet per set with at least one image, in the sets' order. */
export function buildPrepullDaemonSets(sets: readonly PrepullSet[], opts: PrepullOptions): DaemonSetManifest[] {
  return sets.filter((s) => s.images.length > 0).map((s) => daemonSet(s, opts));
}

function daemonSet(set: PrepullSet, opts: PrepullOptions): DaemonSetManifest {
  // The selector is immutable on a DaemonSet: keep it free of the roll id so a resumed or later roll can replace it.
  const selector = { 'app.kubernetes.io/name': PREPULL_DAEMONSET_NAME };
  const labels = { ...selector, [MANAGED_BY_LABEL]: 'dextre', [ROLL_LABEL]: opts.rollId };
  const mount = [{ name: BIN_VOLUME, mountPath: BIN_PATH }];
  const images = [...new Set(set.images)];
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: PREPULL_DAEMONSET_NAME, namespace: set.namespace, labels },
    spec: {
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { [opts.nodeLabel.key]: opts.nodeLabel.value },
          // New nodes may carry taints (dedicated pools, startup taints); the images must land anyway.
          tolerations: [{ operator: 'Exists' }],
          imagePullSecrets: [...new Set(set.pullSecrets)].map((name) => ({ name })),
          terminationGracePeriodSeconds: 0,
          volumes: [{ name: BIN_VOLUME, emptyDir: {} }],
          initContainers: [
            container('install-true', opts.helperImage ?? DEFAULT_HELPER_IMAGE, ['cp', '/bin/busybox', TRUE_PATH], mount),
            ...images.map((image, i) => container(`prepull-${i}`, image, [TRUE_PATH], mount)),
          ],
          containers: [container('pause', opts.pauseImage ?? DEFAULT_PAUSE_IMAGE)],
        },
      },
    },
  };
}

function container(name: string, image: string, command?: string[], volumeMounts?: PrepullContainer['volumeMounts']): PrepullContainer {
  return {
    name,
    image,
    ...(command ? { command } : {}),
    imagePullPolicy: 'IfNotPresent',
    resources: { requests: { ...TINY.requests }, limits: { ...TINY.limits } },
    ...(volumeMounts ? { volumeMounts: volumeMounts.map((m) => ({ ...m })) } : {}),
  };
}
