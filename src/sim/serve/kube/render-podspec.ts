// A PodSpec as the API server returns it, shared by pods and the templates of their controllers. The
// model keeps one request per pod (the effective request); it is put on the first container, so the sum
// over the containers (what clients compute) is the pod's request again.
import type { Container, Resources, Toleration, TopologySpreadConstraint, Volume } from '../../../core/model.js';
import { cpuQuantity, memoryQuantity } from './format.js';
import { compact, nonEmpty, type Json, type JsonObject } from './json.js';
import { selectorJson } from './render-workloads.js';

export interface PodSpecFields {
  initContainers: readonly Container[];
  containers: readonly Container[];
  /** The pod's effective request: millicores and MiB. */
  requests: Resources;
  volumes: readonly Volume[];
  tolerations: readonly Toleration[];
  nodeSelector: Readonly<Record<string, string>>;
  topologySpreadConstraints?: readonly TopologySpreadConstraint[] | undefined;
  priority: number;
  priorityClassName?: string | undefined;
  imagePullSecrets: readonly string[];
  /** Seconds. */
  terminationGracePeriodSeconds: number;
  restartPolicy: 'Always' | 'OnFailure' | 'Never';
  nodeName?: string | undefined;
}

export function renderPodSpec(f: PodSpecFields): JsonObject {
  const requestsOn = f.containers.length > 0 ? 'main' : 'init';
  return compact({
    volumes: f.volumes.length > 0 ? f.volumes.map(volumeJson) : undefined,
    initContainers: f.initContainers.length > 0 ? f.initContainers.map((c, i) => containerJson(c, requestsOn === 'init' && i === 0 ? f.requests : undefined)) : undefined,
    containers: f.containers.map((c, i) => containerJson(c, requestsOn === 'main' && i === 0 ? f.requests : undefined)),
    restartPolicy: f.restartPolicy,
    terminationGracePeriodSeconds: f.terminationGracePeriodSeconds,
    dnsPolicy: 'ClusterFirst',
    nodeSelector: nonEmpty({ ...f.nodeSelector }),
    serviceAccountName: 'default',
    serviceAccount: 'default',
    nodeName: f.nodeName,
    securityContext: {},
    imagePullSecrets: f.imagePullSecrets.length > 0 ? f.imagePullSecrets.map((name) => ({ name })) : undefined,
    schedulerName: 'default-scheduler',
    tolerations: f.tolerations.length > 0 ? f.tolerations.map(tolerationJson) : undefined,
    topologySpreadConstraints: f.topologySpreadConstraints?.length ? f.topologySpreadConstraints.map(spreadJson) : undefined,
    priorityClassName: f.priorityClassName,
    priority: f.priority,
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
  });
}

function containerJson(c: Container, requests: Resources | undefined): JsonObject {
  const values: Record<string, Json | undefined> = {};
  if (requests && requests.cpu > 0) values['cpu'] = cpuQuantity(requests.cpu);
  if (requests && requests.memory > 0) values['memory'] = memoryQuantity(requests.memory);
  return {
    name: c.name,
    image: c.image,
    resources: Object.keys(values).length > 0 ? { requests: compact(values) } : {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  };
}

function volumeJson(v: Volume): JsonObject {
  return compact({
    name: v.name,
    hostPath: v.hostPath ? { path: v.hostPath.path } : undefined,
    emptyDir: v.emptyDir ? compact({ medium: v.emptyDir.medium }) : undefined,
    persistentVolumeClaim: v.persistentVolumeClaim ? { claimName: v.persistentVolumeClaim.claimName } : undefined,
  });
}

function spreadJson(c: TopologySpreadConstraint): JsonObject {
  return compact({ maxSkew: c.maxSkew, topologyKey: c.topologyKey, whenUnsatisfiable: c.whenUnsatisfiable, labelSelector: c.labelSelector ? selectorJson(c.labelSelector) : undefined });
}

function tolerationJson(t: Toleration): JsonObject {
  return compact({ key: t.key, operator: t.operator, value: t.value, effect: t.effect });
}
