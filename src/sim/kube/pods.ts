// Building pods from templates, as the controllers (and the API server's defaulting) would.
import { ZONE_LABEL, type Container, type OwnerRef, type Pod } from '../../core/model.js';
import type { PodTemplateSpec } from '../fixture/types.js';
import { podUid } from '../names.js';
import type { SimPod } from '../state.js';
import type { World } from '../world.js';

export interface NewPod {
  namespace: string;
  name: string;
  template: PodTemplateSpec;
  owner?: OwnerRef;
  ownerKey?: string;
  /** Extra labels the controller adds (pod-template-hash, statefulset.kubernetes.io/pod-name). */
  labels?: Record<string, string>;
  /** DaemonSet pods are created bound to their node. */
  nodeName?: string;
  runSeconds?: number;
  replacement: boolean;
  /** Container names as a manifest gives them (otherwise derived from the images). */
  containers?: { init: Container[]; main: Container[] };
}

/** A new Pending pod record (not yet added to the world). */
export function newPod(world: World, spec: NewPod): SimPod {
  const { template } = spec;
  const uid = podUid(++world.counters.pod);
  const pod: Pod = {
    namespace: spec.namespace,
    name: spec.name,
    uid,
    labels: { ...template.labels, ...spec.labels },
    annotations: { ...template.annotations },
    phase: 'Pending',
    ready: false,
    priority: template.priority,
    volumes: structuredClone(template.volumes),
    initContainers: structuredClone(spec.containers?.init ?? containers(template.initImages, 'init')),
    containers: structuredClone(spec.containers?.main ?? containers(template.images, 'main')),
    requests: { ...template.requests },
    imagePullSecrets: [...(template.pullSecrets ?? world.pullSecrets.get(spec.namespace) ?? [])],
    tolerations: structuredClone(template.tolerations),
    nodeSelector: { ...template.nodeSelector },
    terminationGracePeriodSeconds: template.gracePeriodSeconds,
    imagePullFailures: [],
  };
  if (spec.owner) pod.owner = { ...spec.owner };
  if (spec.nodeName !== undefined) pod.nodeName = spec.nodeName;
  if (template.priorityClassName !== undefined) pod.priorityClassName = template.priorityClassName;
  // The fixture's zone spread counts the workload's pods: its selector is the template's labels.
  if (template.topologySpread) {
    pod.topologySpreadConstraints = [{ ...template.topologySpread, topologyKey: ZONE_LABEL, labelSelector: { matchLabels: { ...template.labels } } }];
  }
  const sp: SimPod = {
    key: `${spec.namespace}/${spec.name}`,
    pod,
    template,
    seq: world.counters.pod,
    createdAt: world.now,
    replacement: spec.replacement,
    pdbs: [],
    run: { step: 0, started: false },
  };
  if (spec.ownerKey !== undefined) sp.ownerKey = spec.ownerKey;
  if (spec.runSeconds !== undefined) sp.runSeconds = spec.runSeconds;
  return sp;
}

/** Container names from image names: `registry/team/api:1.2` → `api` (numbered when repeated). */
export function containers(images: readonly string[], fallback: string): Container[] {
  const used = new Set<string>();
  return images.map((image, i) => {
    const base = (image.split('/').pop() ?? '').split(/[:@]/)[0]?.replace(/[^a-z0-9-]/g, '-') || `${fallback}-${i}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    return { name, image };
  });
}
