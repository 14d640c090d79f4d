// What the adapter reads, planned: the core's planner over groups and templates from canned AWS
// answers. A node whose instance is in no group is skipped with the reason; an outdated one is replaced.
import { describe, expect, it } from 'vitest';
import type { ClusterView, Node } from '../../../src/core/model.js';
import { planRoll } from '../../../src/core/planner.js';
import { FakeAws } from './fake.js';
import { asg, asgInstance, ec2Instance, launchTemplate, reservation, T0, templateVersion, ZONES } from './shapes.js';
import { rollOptions } from '../../core/builders.js';

function node(name: string, instanceId: string): Node {
  return {
    name,
    providerId: `aws:///${ZONES[0] ?? ''}/${instanceId}`,
    labels: {},
    annotations: {},
    taints: [],
    unschedulable: false,
    ready: true,
    allocatable: { cpu: 2000, memory: 7680 },
    createdAt: T0 - 86_000,
  };
}

describe('planning from what the AWS adapter reads', () => {
  it('replaces the outdated instance and skips a node whose instance is in no group, saying why', async () => {
    const fake = new FakeAws()
      .autoscaling('DescribeAutoScalingGroups', (input) => ({
        AutoScalingGroups:
          input.Filters?.[0]?.Name === 'tag:kubernetes.io/cluster/prod'
            ? [
                asg('web', {
                  Instances: [
                    asgInstance('i-old', { LaunchTemplate: { LaunchTemplateId: 'lt-0abc', Version: '6' } }),
                    asgInstance('i-new', { LaunchTemplate: { LaunchTemplateId: 'lt-0abc', Version: '7' } }),
                  ],
                }),
              ]
            : [],
      }))
      .ec2('DescribeInstances', { Reservations: [reservation(ec2Instance('i-old', 'ami-v6'), ec2Instance('i-new', 'ami-v7'))] })
      .ec2('DescribeLaunchTemplates', { LaunchTemplates: [launchTemplate('lt-0abc', 'nodes', 6, 7)] })
      .ec2('DescribeLaunchTemplateVersions', { LaunchTemplateVersions: [6, 7].map((v) => templateVersion('lt-0abc', v, `ami-v${v}`)) });
    const cloud = fake.cloud();
    const groups = await cloud.describeGroups({ cluster: 'prod' });
    const view: ClusterView = {
      name: 'prod',
      now: T0,
      groups,
      launchTemplates: await cloud.describeLaunchTemplates(['lt-0abc']),
      nodes: [node('old', 'i-old'), node('new', 'i-new'), node('stray', 'i-0stray')],
      pods: [],
      workloads: [],
      pdbs: [],
    };
    const plan = planRoll(view, rollOptions());
    expect(plan.nodes.map((n) => [n.name, n.reasons.map((r) => r.code)])).toStrictEqual([['old', ['launch-template-version', 'image']]]);
    expect(plan.skipped).toStrictEqual([
      { name: 'new', reason: 'up to date (lt-0abc:7)' },
      { name: 'stray', reason: 'instance i-0stray is in no Auto Scaling group of cluster prod' },
    ]);
  });
});
