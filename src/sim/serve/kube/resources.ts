// The resources served, as discovery describes them (name, kind, scope, verbs, short names), with the
// field selectors each one supports (the real server's field label conversion functions, reduced to the
// fields listed here; any other field is a 400 as upstream).
import type { GroupResource } from './status.js';

export type Verb = 'create' | 'delete' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export interface ResourceDef {
  group: string;
  version: string;
  /** The plural, as in the path: `pods`. */
  name: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: Verb[];
  shortNames?: string[];
  categories?: string[];
  /** Field selectors beyond metadata.name and metadata.namespace, by field label → path in the object. */
  fields: Record<string, string[]>;
  /** The store's key for the resource: `apps/deployments`, `pods`. */
  id: string;
  gr: GroupResource;
  /** `v1`, `apps/v1`. */
  apiVersion: string;
  /** How etcd keys it (error messages of failed preconditions): `/registry/minions`. */
  registry: string;
}

const READ: Verb[] = ['get', 'list', 'watch'];
const CRUD: Verb[] = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

function def(spec: Omit<ResourceDef, 'id' | 'gr' | 'apiVersion' | 'registry' | 'fields'> & { fields?: Record<string, string[]>; registry?: string }): ResourceDef {
  const id = spec.group === '' ? spec.name : `${spec.group}/${spec.name}`;
  return {
    ...spec,
    fields: spec.fields ?? {},
    id,
    gr: { group: spec.group, resource: spec.name },
    apiVersion: spec.group === '' ? spec.version : `${spec.group}/${spec.version}`,
    registry: `/registry/${spec.registry ?? spec.name}`,
  };
}

/** Every served resource. Nodes accept create and delete only when the server registers API nodes. */
export function servedResources(acceptNodes: boolean): ResourceDef[] {
  return [
    def({ group: '', version: 'v1', name: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, verbs: CRUD, shortNames: ['cm'] }),
    def({
      group: '', version: 'v1', name: 'events', singular: 'event', kind: 'Event', namespaced: true, verbs: CRUD, shortNames: ['ev'],
      fields: {
        'involvedObject.kind': ['involvedObject', 'kind'],
        'involvedObject.namespace': ['involvedObject', 'namespace'],
        'involvedObject.name': ['involvedObject', 'name'],
        'involvedObject.uid': ['involvedObject', 'uid'],
        'involvedObject.apiVersion': ['involvedObject', 'apiVersion'],
        'involvedObject.resourceVersion': ['involvedObject', 'resourceVersion'],
        'involvedObject.fieldPath': ['involvedObject', 'fieldPath'],
        reason: ['reason'],
        reportingComponent: ['reportingComponent'],
        source: ['source', 'component'],
        type: ['type'],
      },
    }),
    def({ group: '', version: 'v1', name: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, verbs: ['create', 'get', 'list', 'watch'], shortNames: ['ns'], fields: { 'status.phase': ['status', 'phase'] } }),
    def({
      group: '', version: 'v1', name: 'nodes', singular: 'node', kind: 'Node', namespaced: false, registry: 'minions',
      verbs: acceptNodes ? CRUD : ['get', 'list', 'patch', 'update', 'watch'], shortNames: ['no'],
      fields: { 'spec.unschedulable': ['spec', 'unschedulable'] },
    }),
    def({
      group: '', version: 'v1', name: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, verbs: ['delete', 'get', 'list', 'watch'], shortNames: ['po'], categories: ['all'],
      fields: {
        'spec.nodeName': ['spec', 'nodeName'],
        'spec.restartPolicy': ['spec', 'restartPolicy'],
        'spec.schedulerName': ['spec', 'schedulerName'],
        'spec.serviceAccountName': ['spec', 'serviceAccountName'],
        'spec.hostNetwork': ['spec', 'hostNetwork'],
        'status.phase': ['status', 'phase'],
        'status.podIP': ['status', 'podIP'],
        'status.nominatedNodeName': ['status', 'nominatedNodeName'],
      },
    }),
    def({ group: 'apps', version: 'v1', name: 'daemonsets', singular: 'daemonset', kind: 'DaemonSet', namespaced: true, verbs: CRUD, shortNames: ['ds'], categories: ['all'] }),
    def({ group: 'apps', version: 'v1', name: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, verbs: READ, shortNames: ['deploy'], categories: ['all'] }),
    def({ group: 'apps', version: 'v1', name: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, verbs: READ, shortNames: ['rs'], categories: ['all'], fields: { 'status.replicas': ['status', 'replicas'] } }),
    def({ group: 'apps', version: 'v1', name: 'statefulsets', singular: 'statefulset', kind: 'StatefulSet', namespaced: true, verbs: READ, shortNames: ['sts'], categories: ['all'] }),
    def({ group: 'batch', version: 'v1', name: 'jobs', singular: 'job', kind: 'Job', namespaced: true, verbs: READ, categories: ['all'], fields: { 'status.successful': ['status', 'succeeded'] } }),
    def({ group: 'policy', version: 'v1', name: 'poddisruptionbudgets', singular: 'poddisruptionbudget', kind: 'PodDisruptionBudget', namespaced: true, verbs: READ, shortNames: ['pdb'] }),
    def({ group: 'coordination.k8s.io', version: 'v1', name: 'leases', singular: 'lease', kind: 'Lease', namespaced: true, verbs: CRUD }),
  ];
}

/** Subresources as discovery lists them (`pods/eviction` is a policy/v1 Eviction, create only). */
export interface SubresourceDef {
  parent: string;
  name: string;
  group: string;
  version: string;
  kind: string;
  verbs: Verb[];
}

export function servedSubresources(acceptNodes: boolean): SubresourceDef[] {
  return [
    { parent: 'pods', name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
    ...(acceptNodes ? [{ parent: 'nodes', name: 'status', group: '', version: 'v1', kind: 'Node', verbs: ['get', 'patch', 'update'] as Verb[] }] : []),
  ];
}

/** The group versions served, preferred first within a group, groups in discovery order. */
export const GROUPS: { name: string; versions: string[] }[] = [
  { name: 'apps', versions: ['v1'] },
  { name: 'batch', versions: ['v1'] },
  { name: 'policy', versions: ['v1'] },
  { name: 'coordination.k8s.io', versions: ['v1'] },
];

/** Store keys of the served resources. */
export const RID = {
  configmaps: 'configmaps',
  events: 'events',
  namespaces: 'namespaces',
  nodes: 'nodes',
  pods: 'pods',
  daemonsets: 'apps/daemonsets',
  deployments: 'apps/deployments',
  replicasets: 'apps/replicasets',
  statefulsets: 'apps/statefulsets',
  jobs: 'batch/jobs',
  pdbs: 'policy/poddisruptionbudgets',
  leases: 'coordination.k8s.io/leases',
} as const;
