// Finding a cluster's Auto Scaling groups: by name, or by the tags that tie a group to a cluster.
import type { AutoScalingGroup, Filter } from '@aws-sdk/client-auto-scaling';
import type { AutoScalingCommands, AwsService } from './api.js';
import { allPages, batches, call } from './call.js';

/** DescribeAutoScalingGroups returns at most 100 records a page; with MaxRecords 100 it accepts up to 100 names. */
const PAGE = 100;

/**
 * The tag queries that find a cluster's groups. Filters in one query are ANDed and the values of one
 * filter ORed, so each way of tagging is its own query and the groups are their union.
 */
export function clusterTagQueries(cluster: string): Filter[][] {
  return [
    [{ Name: `tag:kubernetes.io/cluster/${cluster}`, Values: ['owned', 'shared'] }],
    [{ Name: 'tag:eks:cluster-name', Values: [cluster] }],
    [{ Name: 'tag:KubernetesCluster', Values: [cluster] }],
  ];
}

/** The groups named (those that exist: AWS ignores unknown names), or else those tagged for `cluster`; each once. */
export async function findGroups(asg: AwsService<AutoScalingCommands>, filter: { cluster: string; names?: string[] }): Promise<AutoScalingGroup[]> {
  const found: AutoScalingGroup[] = [];
  const names = [...new Set(filter.names ?? [])];
  if (names.length > 0) {
    for (const batch of batches(names, PAGE)) {
      found.push(...(await describePages(asg, { AutoScalingGroupNames: batch }, listed('Auto Scaling group', batch))));
    }
  } else {
    for (const filters of clusterTagQueries(filter.cluster)) {
      found.push(...(await describePages(asg, { Filters: filters }, `Auto Scaling groups tagged for cluster ${filter.cluster}`)));
    }
  }
  const byName = new Map<string, AutoScalingGroup>();
  for (const g of found) {
    const name = g.AutoScalingGroupName;
    if (name !== undefined && !byName.has(name)) byName.set(name, g);
  }
  return [...byName.values()];
}

async function describePages(
  asg: AwsService<AutoScalingCommands>,
  query: { AutoScalingGroupNames: string[] } | { Filters: Filter[] },
  resource: string,
): Promise<AutoScalingGroup[]> {
  return allPages(async (token) => {
    const answer = await call(asg, 'DescribeAutoScalingGroups', { ...query, MaxRecords: PAGE, ...(token !== undefined ? { NextToken: token } : {}) }, resource);
    return { items: answer.AutoScalingGroups, next: answer.NextToken };
  });
}

/** `Auto Scaling group web`, `Auto Scaling groups a, b, c and 7 more`: a resource for messages. */
export function listed(noun: string, names: readonly string[]): string {
  const shown = names.slice(0, 3).join(', ');
  const more = names.length > 3 ? ` and ${names.length - 3} more` : '';
  return `${noun}${names.length === 1 ? '' : 's'} ${shown}${more}`;
}
