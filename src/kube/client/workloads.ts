// The pod controllers dextre gates on, listed as the simulator lists them (src/sim/views.ts): apps/v1
// Deployments, ReplicaSets (owned by their Deployment), StatefulSets, DaemonSets, and batch/v1 Jobs,
// by namespace, name, then kind.
import type { Workload, WorkloadKind } from '../../core/model.js';
import { type KubeApis, type ListPage, type PageOptions, listAll } from './apis.js';
import { byWorkload, toWorkload } from './convert.js';
import type { KWorkload } from './shapes.js';

interface WorkloadList {
  kind: WorkloadKind;
  resource: string;
  group: 'apps' | 'batch';
  page: (options: PageOptions) => Promise<ListPage<KWorkload>>;
}

export async function listWorkloads(apis: KubeApis): Promise<Workload[]> {
  const lists: WorkloadList[] = [
    { kind: 'Deployment', resource: 'deployments', group: 'apps', page: (o) => apis.apps.listDeploymentForAllNamespaces(o) },
    { kind: 'ReplicaSet', resource: 'replicasets', group: 'apps', page: (o) => apis.apps.listReplicaSetForAllNamespaces(o) },
    { kind: 'StatefulSet', resource: 'statefulsets', group: 'apps', page: (o) => apis.apps.listStatefulSetForAllNamespaces(o) },
    { kind: 'DaemonSet', resource: 'daemonsets', group: 'apps', page: (o) => apis.apps.listDaemonSetForAllNamespaces(o) },
    { kind: 'Job', resource: 'jobs', group: 'batch', page: (o) => apis.batch.listJobForAllNamespaces(o) },
  ];
  const results = await Promise.all(
    lists.map(async ({ kind, resource, group, page }) => {
      const { items } = await apis.call({ verb: 'list', resource, group, namespace: '' }, () => listAll(page));
      return items.map((item) => toWorkload(kind, item));
    }),
  );
  return results.flat().sort(byWorkload);
}
