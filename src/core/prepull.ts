// Pre-pull: warm the new nodes with the images of the pods about to move, so evicted pods start from the
// local image cache instead of all pulling at once. One DaemonSet per (group, namespace): pull secrets are
// namespaced, and a group's replacements pull only the images of the pods its old nodes run — never those of
// pods that cannot run there (another group's nodeSelector, taints). Each runs every image as an init
// container that exits at once, then parks on `pause`.
import type { DaemonSetManifest, PrepullContainer } from '../kube/port.js';
import { compareText } from './filters.js';
import type { Pod } from './model.js';
import type { PrepullSet } from './plan.js';

/** The node label that marks a roll's new nodes; its value, per group, is `prepullLabelValue(rollId, group)`. */
export const PREPULL_NODE_LABEL = 'dextre.io/prepull';
/** The DaemonSets' `app.kubernetes.io/name`, and the prefix of their names (`dextre-prepull-<group>`). */
export const PREPULL_DAEMONSET_NAME = 'dextre-prepull';
export const ROLL_LABEL = 'dextre.io/roll';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
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
 * Per (group, namespace), sorted by group then namespace: the sorted unique images (init and regular
 * containers) of the `pods` on that group's nodes, and the union of their pull secrets. `pods` are those the
 * drain will evict (the filter chain already left DaemonSet pods out: they never move); `groupOfNode` maps
 * each node to replace to its Auto Scaling group (pods on other nodes are left out).
 */
export function prepullSets(pods: readonly Pod[], groupOfNode: ReadonlyMap<string, string>): PrepullSet[] {
  const byGroup = new Map<string, Map<string, { images: Set<string>; secrets: Set<string> }>>();
  for (const pod of pods) {
    const group = groupOfNode.get(pod.nodeName ?? '');
    if (group === undefined) continue;
    let namespaces = byGroup.get(group);
    if (!namespaces) byGroup.set(group, (namespaces = new Map()));
    let entry = namespaces.get(pod.namespace);
    if (!entry) namespaces.set(pod.namespace, (entry = { images: new Set(), secrets: new Set() }));
    for (const c of pod.initContainers) entry.images.add(c.image);
    for (const c of pod.containers) entry.images.add(c.image);
    for (const s of pod.imagePullSecrets) entry.secrets.add(s);
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .flatMap(([group, namespaces]) =>
      [...namespaces.entries()]
        .sort(([a], [b]) => compareText(a, b))
        .filter(([, e]) => e.images.size > 0)
        .map(([namespace, e]) => ({
          group,
          namespace,
          images: [...e.images].sort(compareText),
          pullSecrets: [...e.secrets].sort(compareText),
        })),
    );
}

/** The groups' sets merged per namespace (sorted; images sorted unique): what the roll pre-pulls, for people. */
export function prepullImagesByNamespace(sets: readonly PrepullSet[]): { namespace: string; images: string[] }[] {
  const byNamespace = new Map<string, Set<string>>();
  for (const set of sets) {
    let images = byNamespace.get(set.namespace);
    if (!images) byNamespace.set(set.namespace, (images = new Set()));
    for (const image of set.images) images.add(image);
  }
  return [...byNamespace.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([namespace, images]) => ({ namespace, images: [...images].sort(compareText) }));
}

/**
 * The DaemonSet name of a group's sets (one per namespace): `dextre-prepull-<group>`, a DNS-1123 label.
 * A group name that is not one already (upper case, `_`, too long) is lowered, cleaned and cut, and gets a
 * hash of the full name, so two groups never share a DaemonSet. Free of the roll id: a resumed or later roll
 * applies over the same DaemonSet.
 */
export function prepullDaemonSetName(group: string): string {
  return fitted(`${PREPULL_DAEMONSET_NAME}-${group}`, DNS_LABEL, (text) => text.toLowerCase().replace(/[^a-z0-9-]+/g, '-'));
}

/**
 * The value of PREPULL_NODE_LABEL on a replacement of `group` in roll `rollId`, and the nodeSelector of that
 * group's DaemonSets: `<rollId>.<group>` when that is a valid label value (at most 63 characters of
 * `[A-Za-z0-9._-]`, alphanumeric at both ends), else a cleaned, cut form with a hash of the whole. Stable,
 * and distinct per group within a roll; the roll id keeps a node left labelled by an earlier roll out.
 */
export function prepullLabelValue(rollId: string, group: string): string {
  return fitted(`${rollId}.${group}`, LABEL_VALUE, (text) => text.replace(/[^A-Za-z0-9._-]+/g, '-'));
}

export interface PrepullOptions {
  rollId: string;
  pauseImage?: string;
  helperImage?: string;
}

/** One DaemonSet per set with at least one image, in the sets' order, on that set's group's replacements. */
export function buildPrepullDaemonSets(sets: readonly PrepullSet[], opts: PrepullOptions): DaemonSetManifest[] {
  return sets.filter((s) => s.images.length > 0).map((s) => daemonSet(s, opts));
}

function daemonSet(set: PrepullSet, opts: PrepullOptions): DaemonSetManifest {
  const name = prepullDaemonSetName(set.group);
  // The selector is immutable on a DaemonSet: keep it free of the roll id so a resumed or later roll can
  // replace it. The instance label keeps two groups' DaemonSets in one namespace from selecting each other's pods.
  const selector = { 'app.kubernetes.io/name': PREPULL_DAEMONSET_NAME, [INSTANCE_LABEL]: name };
  const labels = { ...selector, [MANAGED_BY_LABEL]: 'dextre', [ROLL_LABEL]: opts.rollId };
  const mount = [{ name: BIN_VOLUME, mountPath: BIN_PATH }];
  const images = [...new Set(set.images)];
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: set.namespace, labels },
    spec: {
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { [PREPULL_NODE_LABEL]: prepullLabelValue(opts.rollId, set.group) },
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

/** Kubernetes' limit for a DNS-1123 label and for a label value. */
const MAX_LENGTH = 63;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const HASH_LENGTH = 8;

/**
 * `text` itself when it already matches `valid` within 63 characters; otherwise `clean(text)`, cut and
 * trimmed to alphanumeric ends, then `-` and a hash of the original `text` (so distinct inputs that clean to
 * the same text stay distinct).
 */
function fitted(text: string, valid: RegExp, clean: (text: string) => string): string {
  if (text.length <= MAX_LENGTH && valid.test(text)) return text;
  const body = clean(text)
    .slice(0, MAX_LENGTH - HASH_LENGTH - 1)
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[^A-Za-z0-9]+$/, '');
  const hash = fnv1a32(text);
  return body === '' ? hash : `${body}-${hash}`;
}

/** FNV-1a over UTF-16 code units, as 8 lowercase hex digits: short, stable across runs and platforms. */
function fnv1a32(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(HASH_LENGTH, '0');
}
