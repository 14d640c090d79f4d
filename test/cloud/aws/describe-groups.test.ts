// describeGroups against canned Auto Scaling and EC2 answers: which requests go out to find the groups
// and their instances (tag queries, names, pages, batches).
import { describe, expect, it } from 'vitest';
import type { DescribeAutoScalingGroupsCommandInput } from '@aws-sdk/client-auto-scaling';
import { FakeAws } from './fake.js';
import { asg, asgInstance, ec2Instance, reservation, T0 } from './shapes.js';

const DAY = 86_400;

describe('finding the cluster’s groups by tag', () => {
  it('asks once per way of tagging and returns the union, each group once, sorted by name', async () => {
    const tagged = (name: string, tags: Record<string, string>) =>
      asg(name, { Tags: Object.entries(tags).map(([Key, Value]) => ({ ResourceId: name, ResourceType: 'auto-scaling-group', Key, Value, PropagateAtLaunch: true })) });
    const all = [
      tagged('web', { 'kubernetes.io/cluster/prod': 'owned', 'eks:cluster-name': 'prod' }),
      tagged('shared-pool', { 'kubernetes.io/cluster/prod': 'shared' }),
      tagged('eks-managed', { 'eks:cluster-name': 'prod' }),
      tagged('legacy', { KubernetesCluster: 'prod' }),
      tagged('staging', { 'kubernetes.io/cluster/staging': 'owned', KubernetesCluster: 'staging' }),
      tagged('odd-value', { 'kubernetes.io/cluster/prod': 'yes' }),
    ];
    // AWS's semantics: a `tag:<key>` filter matches a group whose tag <key> has one of the values.
    const fake = new FakeAws().autoscaling('DescribeAutoScalingGroups', (input) => ({
      AutoScalingGroups: all.filter((g) =>
        (input.Filters ?? []).every((f) => (g.Tags ?? []).some((t) => `tag:${t.Key ?? ''}` === f.Name && (f.Values ?? []).includes(t.Value ?? ''))),
      ),
    }));
    const groups = await fake.cloud().describeGroups({ cluster: 'prod' });
    expect(groups.map((g) => g.name)).toStrictEqual(['eks-managed', 'legacy', 'shared-pool', 'web']);
    expect(fake.inputs('DescribeAutoScalingGroups')).toStrictEqual([
      { Filters: [{ Name: 'tag:kubernetes.io/cluster/prod', Values: ['owned', 'shared'] }], MaxRecords: 100 },
      { Filters: [{ Name: 'tag:eks:cluster-name', Values: ['prod'] }], MaxRecords: 100 },
      { Filters: [{ Name: 'tag:KubernetesCluster', Values: ['prod'] }], MaxRecords: 100 },
    ]);
    // No instances, no launch configuration, every template by id: nothing else to ask.
    expect(fake.actions()).toStrictEqual(Array(3).fill('autoscaling:DescribeAutoScalingGroups'));
  });

  it('follows NextToken until the last page', async () => {
    const pages: Record<string, { AutoScalingGroups: ReturnType<typeof asg>[]; NextToken?: string }> = {
      first: { AutoScalingGroups: [asg('a')], NextToken: 'page-2' },
      'page-2': { AutoScalingGroups: [asg('b')], NextToken: 'page-3' },
      'page-3': { AutoScalingGroups: [asg('c')] },
    };
    const fake = new FakeAws().autoscaling('DescribeAutoScalingGroups', (input) =>
      input.Filters?.[0]?.Name === 'tag:kubernetes.io/cluster/prod' ? (pages[input.NextToken ?? 'first'] ?? { AutoScalingGroups: [] }) : { AutoScalingGroups: [] },
    );
    const groups = await fake.cloud().describeGroups({ cluster: 'prod' });
    expect(groups.map((g) => g.name)).toStrictEqual(['a', 'b', 'c']);
    const tokens = (fake.inputs('DescribeAutoScalingGroups') as DescribeAutoScalingGroupsCommandInput[]).slice(0, 3).map((i) => i.NextToken);
    expect(tokens).toStrictEqual([undefined, 'page-2', 'page-3']);
  });
});

describe('groups named', () => {
  it('asks by name in batches of 100, with no tag filter', async () => {
    const names = Array.from({ length: 150 }, (_, i) => `ng-${String(i).padStart(3, '0')}`);
    const fake = new FakeAws().autoscaling('DescribeAutoScalingGroups', (input) => ({
      AutoScalingGroups: (input.AutoScalingGroupNames ?? []).filter((n) => n !== 'ng-007').map((n) => asg(n)),
    }));
    const groups = await fake.cloud().describeGroups({ cluster: 'prod', names: [...names, 'ng-001'] });
    expect(groups).toHaveLength(149); // AWS ignores a name that does not exist
    const inputs = fake.inputs('DescribeAutoScalingGroups') as DescribeAutoScalingGroupsCommandInput[];
    expect(inputs.map((i) => [i.AutoScalingGroupNames?.length, i.MaxRecords, i.Filters])).toStrictEqual([
      [100, 100, undefined],
      [50, 100, undefined],
    ]);
  });
});

describe('instances asked of EC2', () => {
  it('asks EC2 for instances in batches of 100 and follows its NextToken', async () => {
    const ids = Array.from({ length: 130 }, (_, i) => `i-${String(i).padStart(4, '0')}`);
    const fake = new FakeAws()
      .autoscaling('DescribeAutoScalingGroups', { AutoScalingGroups: [asg('big', { Instances: ids.map((id) => asgInstance(id)) })] })
      .ec2('DescribeInstances', (input) => {
        const values = input.Filters?.[0]?.Values ?? [];
        // The first batch answers in two pages.
        const half = input.NextToken === undefined && values.length === 100 ? 60 : 0;
        const shown = input.NextToken === 'more' ? values.slice(60) : half > 0 ? values.slice(0, half) : values;
        return { Reservations: shown.map((id) => reservation(ec2Instance(id, 'ami-v7'))), ...(half > 0 ? { NextToken: 'more' } : {}) };
      });
    const [big] = await fake.cloud().describeGroups({ cluster: 'prod', names: ['big'] });
    expect(big?.instances.every((i) => i.imageId === 'ami-v7' && i.launchTime === T0 - DAY)).toBe(true);
    const inputs = fake.inputs('DescribeInstances') as { Filters: { Values: string[] }[]; NextToken?: string }[];
    expect(inputs.map((i) => [i.Filters[0]?.Values.length, i.NextToken])).toStrictEqual([
      [100, undefined],
      [100, 'more'],
      [30, undefined],
    ]);
  });
});
