// Reading a cluster and planning a roll: everything `plan` shows and `roll nodes` confirms.
import type { NodeGroupCloud } from '../cloud/port.js';
import type { Clock } from '../clock/port.js';
import { DextreError } from '../core/errors.js';
import type { ClusterView } from '../core/model.js';
import type { RollOptions } from '../core/plan.js';
import { planRoll } from '../core/planner.js';
import type { KubeCluster } from '../kube/port.js';
import type { PreparedRoll } from './api.js';

/** What reading a cluster needs; `groupNames` names the Auto Scaling groups instead of finding them by tag. */
export interface ReadContext {
  cloud: NodeGroupCloud;
  kube: KubeCluster;
  clock: Clock;
  groupNames?: string[] | undefined;
}

export async function readCluster(ctx: ReadContext, cluster: string): Promise<ClusterView> {
  const names = ctx.groupNames;
  const [groups, nodes, pods, workloads, pdbs] = await Promise.all([
    ctx.cloud.describeGroups({ cluster, ...(names !== undefined ? { names } : {}) }),
    ctx.kube.listNodes(),
    ctx.kube.listPods(),
    ctx.kube.listWorkloads(),
    ctx.kube.listPdbs(),
  ]);
  checkGroupsFound(cluster, names, groups);
  // The groups' templates and those a MixedInstancesPolicy names per instance type.
  const templateIds = [...new Set(groups.flatMap((g) => [...(g.launchTemplate ? [g.launchTemplate.id] : []), ...(g.launchTemplateOverrides ?? []).map((o) => o.launchTemplate.id)]))].sort();
  const launchTemplates = templateIds.length > 0 ? await ctx.cloud.describeLaunchTemplates(templateIds) : [];
  return { name: cluster, now: ctx.clock.now(), groups, launchTemplates, nodes, pods, workloads, pdbs };
}

export async function prepareRoll(
  ctx: ReadContext,
  cluster: string,
  options: RollOptions,
): Promise<PreparedRoll> {
  const view = await readCluster(ctx, cluster);
  return { cluster, options, view, plan: planRoll(view, options) };
}

/** A cluster without Auto Scaling groups, or a named group that does not exist: nothing to roll, and the reason. */
function checkGroupsFound(cluster: string, names: string[] | undefined, groups: readonly { name: string }[]): void {
  if (names !== undefined) {
    const missing = names.filter((n) => !groups.some((g) => g.name === n));
    if (missing.length === 0) return;
    throw new DextreError(
      'UNKNOWN_CLUSTER',
      `The Auto Scaling group${missing.length === 1 ? '' : 's'} ${missing.join(', ')} named for cluster "${cluster}" ${missing.length === 1 ? 'does' : 'do'} not exist in this account and region. ` +
        `Check \`groups\` in dextre.yaml, --region and --profile.`,
    );
  }
  if (groups.length > 0) return;
  throw new DextreError(
    'UNKNOWN_CLUSTER',
    `No Auto Scaling group belongs to cluster "${cluster}": none is tagged kubernetes.io/cluster/${cluster} (owned or shared), ` +
      `eks:cluster-name=${cluster} or KubernetesCluster=${cluster} in this account and region. If the groups carry another ` +
      `cluster name, set \`awsClusterName\` for this cluster in dextre.yaml, or list them under \`groups\`; check --region and --profile. Nothing was changed.`,
  );
}
