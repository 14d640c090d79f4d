// Reading a cluster and planning a roll: everything `plan` shows and `roll nodes` confirms.
import type { NodeGroupCloud } from '../cloud/port.js';
import type { Clock } from '../clock/port.js';
import type { ClusterView } from '../core/model.js';
import type { RollOptions } from '../core/plan.js';
import { planRoll } from '../core/planner.js';
import type { KubeCluster } from '../kube/port.js';
import type { PreparedRoll } from './api.js';

export async function readCluster(ctx: { cloud: NodeGroupCloud; kube: KubeCluster; clock: Clock }, cluster: string): Promise<ClusterView> {
  const [groups, nodes, pods, workloads, pdbs] = await Promise.all([
    ctx.cloud.describeGroups({ cluster }),
    ctx.kube.listNodes(),
    ctx.kube.listPods(),
    ctx.kube.listWorkloads(),
    ctx.kube.listPdbs(),
  ]);
  const templateIds = [...new Set(groups.flatMap((g) => (g.launchTemplate ? [g.launchTemplate.id] : [])))].sort();
  const launchTemplates = templateIds.length > 0 ? await ctx.cloud.describeLaunchTemplates(templateIds) : [];
  return { name: cluster, now: ctx.clock.now(), groups, launchTemplates, nodes, pods, workloads, pdbs };
}

export async function prepareRoll(
  ctx: { cloud: NodeGroupCloud; kube: KubeCluster; clock: Clock },
  cluster: string,
  options: RollOptions,
): Promise<PreparedRoll> {
  const view = await readCluster(ctx, cluster);
  return { cluster, options, view, plan: planRoll(view, options) };
}
