// describeGroups against canned answers: the model of each group — sizes, tags, processes, instances,
// launch templates (MixedInstancesPolicy, by name), launch configurations and lifecycle states.
import { describe, expect, it } from 'vitest';
import type { LifecycleState } from '@aws-sdk/client-auto-scaling';
import type { NodeGroup } from '../../../src/core/model.js';
import { answerEveryInstance, FakeAws } from './fake.js';
import { asg, asgInstance, ec2Instance, reservation, T0, T0_DATE, ZONES } from './shapes.js';

const DAY = 86_400;

describe('the model of a group', () => {
  it('maps sizes, zones, tags, processes and instances, with AMI and launch time from EC2', async () => {
    const fake = answerEveryInstance(
      new FakeAws().autoscaling('DescribeAutoScalingGroups', {
        AutoScalingGroups: [
          asg('web', {
            MinSize: 2,
            MaxSize: 6,
            DesiredCapacity: 3,
            SuspendedProcesses: [
              { ProcessName: 'ScheduledActions', SuspensionReason: 'User suspended at 2026-01-01T00:00:00Z' },
              { ProcessName: 'AZRebalance', SuspensionReason: 'User suspended at 2026-01-01T00:00:00Z' },
            ],
            Instances: [
              asgInstance('i-0c', { AvailabilityZone: ZONES[2] }),
              asgInstance('i-0a', { LaunchTemplate: { LaunchTemplateId: 'lt-0abc', LaunchTemplateName: 'nodes', Version: '6' } }),
              asgInstance('i-0b', { AvailabilityZone: ZONES[1], LifecycleState: 'Pending' }),
              asgInstance('i-0z', { LifecycleState: 'Terminated' }),
            ],
          }),
        ],
      }),
    );
    const [web] = await fake.cloud().describeGroups({ cluster: 'prod' });
    const instance = (id: string, zone: string, version: string, lifecycleState: string) => ({
      id,
      zone,
      lifecycleState,
      launchTemplate: { id: 'lt-0abc', version },
      imageId: 'ami-v7',
      instanceType: 'm5.large',
      launchTime: T0 - DAY,
    });
    expect(web).toStrictEqual<NodeGroup>({
      name: 'web',
      zones: ZONES,
      min: 2,
      max: 6,
      desired: 3,
      launchTemplate: { id: 'lt-0abc', version: '$Latest' },
      suspendedProcesses: ['AZRebalance', 'ScheduledActions'],
      instances: [
        instance('i-0a', ZONES[0] ?? '', '6', 'InService'),
        instance('i-0b', ZONES[1] ?? '', '7', 'Pending'),
        instance('i-0c', ZONES[2] ?? '', '7', 'InService'),
      ] as NodeGroup['instances'],
      tags: { 'kubernetes.io/cluster/prod': 'owned', Name: 'web-node' },
    });
    // The terminated instance is neither in the model nor asked of EC2.
    expect(fake.inputs('DescribeInstances')).toStrictEqual([{ Filters: [{ Name: 'instance-id', Values: ['i-0c', 'i-0a', 'i-0b'] }], MaxResults: 1000 }]);
  });

  it('passes $Latest and $Default through for the core to resolve, and reads a missing version as $Default', async () => {
    const fake = new FakeAws().autoscaling('DescribeAutoScalingGroups', {
      AutoScalingGroups: [
        asg('a', { LaunchTemplate: { LaunchTemplateId: 'lt-0abc', Version: '$Latest' } }),
        asg('b', { LaunchTemplate: { LaunchTemplateId: 'lt-0abc', Version: '$Default' } }),
        asg('c', { LaunchTemplate: { LaunchTemplateId: 'lt-0abc' } }),
        asg('d', { LaunchTemplate: { LaunchTemplateId: 'lt-0abc', Version: '12' } }),
      ],
    });
    const groups = await fake.cloud().describeGroups({ cluster: 'prod', names: ['a', 'b', 'c', 'd'] });
    expect(groups.map((g) => g.launchTemplate?.version)).toStrictEqual(['$Latest', '$Default', '$Default', '12']);
  });

  it('keeps an instance EC2 does not list yet, with no AMI and launch time 0; Auto Scaling’s own AMI wins', async () => {
    const fake = new FakeAws()
      .autoscaling('DescribeAutoScalingGroups', {
        AutoScalingGroups: [asg('web', { Instances: [asgInstance('i-new', { LifecycleState: 'Pending' }), asgInstance('i-rv', { ImageId: 'ami-replaced' })] })],
      })
      .ec2('DescribeInstances', { Reservations: [reservation(ec2Instance('i-rv', 'ami-launched', T0_DATE))] });
    const [web] = await fake.cloud().describeGroups({ cluster: 'prod' });
    expect(web?.instances.map((i) => [i.id, i.imageId, i.launchTime])).toStrictEqual([
      ['i-new', '', 0],
      ['i-rv', 'ami-replaced', T0],
    ]);
  });
});

describe('MixedInstancesPolicy', () => {
  it('takes the group’s template from the policy, and the overrides that name their own template', async () => {
    const fake = new FakeAws().autoscaling('DescribeAutoScalingGroups', {
      AutoScalingGroups: [
        asg('mixed', {
          LaunchTemplate: undefined,
          MixedInstancesPolicy: {
            LaunchTemplate: {
              LaunchTemplateSpecification: { LaunchTemplateId: 'lt-0abc', LaunchTemplateName: 'nodes', Version: '$Default' },
              Overrides: [
                { InstanceType: 'm5.large' },
                { InstanceType: 'm6i.large', WeightedCapacity: '1' },
                { InstanceType: 'g5.xlarge', LaunchTemplateSpecification: { LaunchTemplateId: 'lt-0gpu', Version: '$Latest' } },
                { InstanceRequirements: { VCpuCount: { Min: 2 }, MemoryMiB: { Min: 4096 } }, LaunchTemplateSpecification: { LaunchTemplateId: 'lt-0req' } },
              ],
            },
            InstancesDistribution: { OnDemandBaseCapacity: 0, SpotAllocationStrategy: 'price-capacity-optimized' },
          },
        }),
        asg('plain-mixed', {
          LaunchTemplate: undefined,
          MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: 'lt-0abc', Version: '3' }, Overrides: [{ InstanceType: 'm5.large' }] } },
        }),
      ],
    });
    const [mixed, plain] = await fake.cloud().describeGroups({ cluster: 'prod' });
    expect(mixed?.launchTemplate).toStrictEqual({ id: 'lt-0abc', version: '$Default' });
    // An override chosen by instance requirements has no instance type to match instances by: left out.
    expect(mixed?.launchTemplateOverrides).toStrictEqual([{ instanceType: 'g5.xlarge', launchTemplate: { id: 'lt-0gpu', version: '$Latest' } }]);
    expect(plain?.launchTemplate).toStrictEqual({ id: 'lt-0abc', version: '3' });
    expect(plain).not.toHaveProperty('launchTemplateOverrides');
  });
});

describe('launch configurations', () => {
  it('reads the configuration’s AMI, once per configuration', async () => {
    const lcInstance = (id: string, lc: string) => asgInstance(id, { LaunchTemplate: undefined, LaunchConfigurationName: lc });
    const fake = answerEveryInstance(
      new FakeAws()
        .autoscaling('DescribeAutoScalingGroups', {
          AutoScalingGroups: [
            asg('a', { LaunchTemplate: undefined, LaunchConfigurationName: 'web-v2', Instances: [lcInstance('i-1', 'web-v1'), lcInstance('i-2', 'web-v2')] }),
            asg('b', { LaunchTemplate: undefined, LaunchConfigurationName: 'web-v2' }),
            asg('c', { LaunchTemplate: undefined, LaunchConfigurationName: 'deleted-lc' }),
          ],
        })
        .autoscaling('DescribeLaunchConfigurations', {
          LaunchConfigurations: [{ LaunchConfigurationName: 'web-v2', ImageId: 'ami-lc2', InstanceType: 'm5.large', CreatedTime: T0_DATE }],
        }),
    );
    const [a, b, c] = await fake.cloud().describeGroups({ cluster: 'prod' });
    expect(fake.inputs('DescribeLaunchConfigurations')).toStrictEqual([{ LaunchConfigurationNames: ['web-v2', 'deleted-lc'], MaxRecords: 100 }]);
    expect(a).toMatchObject({ launchConfiguration: 'web-v2', launchConfigurationImageId: 'ami-lc2' });
    expect(a).not.toHaveProperty('launchTemplate');
    expect(a?.instances.map((i) => [i.launchConfiguration, i.launchTemplate])).toStrictEqual([
      ['web-v1', undefined],
      ['web-v2', undefined],
    ]);
    expect(b?.launchConfigurationImageId).toBe('ami-lc2');
    expect(c).toMatchObject({ launchConfiguration: 'deleted-lc' });
    expect(c).not.toHaveProperty('launchConfigurationImageId');
  });
});

describe('launch templates named by name', () => {
  it('resolves names to ids for groups, overrides and instances; an unknown name stands in for its id', async () => {
    const fake = answerEveryInstance(
      new FakeAws()
        .autoscaling('DescribeAutoScalingGroups', {
          AutoScalingGroups: [
            asg('web', {
              LaunchTemplate: { LaunchTemplateName: 'nodes', Version: '$Latest' },
              Instances: [asgInstance('i-1', { LaunchTemplate: { LaunchTemplateName: 'nodes', Version: '4' } })],
            }),
            asg('gone', { LaunchTemplate: { LaunchTemplateName: 'deleted', Version: '1' } }),
          ],
        })
        .ec2('DescribeLaunchTemplates', (input) => {
          const names = input.LaunchTemplateNames ?? [];
          if (names.includes('deleted')) {
            return Object.assign(new Error('At least one of the launch templates specified in the request does not exist.'), {
              name: 'InvalidLaunchTemplateName.NotFoundException',
              Code: 'InvalidLaunchTemplateName.NotFoundException',
              $metadata: { httpStatusCode: 400, attempts: 1 },
            });
          }
          return { LaunchTemplates: names.map((n) => ({ LaunchTemplateId: 'lt-0abc', LaunchTemplateName: n, DefaultVersionNumber: 1, LatestVersionNumber: 7 })) };
        }),
    );
    const [gone, web] = await fake.cloud().describeGroups({ cluster: 'prod' });
    expect(web?.launchTemplate).toStrictEqual({ id: 'lt-0abc', version: '$Latest' });
    expect(web?.instances[0]?.launchTemplate).toStrictEqual({ id: 'lt-0abc', version: '4' });
    expect(gone?.launchTemplate).toStrictEqual({ id: 'deleted', version: '1' });
    // Both names at once; the batch fails on the unknown one, so each is asked alone.
    expect(fake.inputs('DescribeLaunchTemplates')).toStrictEqual([
      { LaunchTemplateNames: ['deleted', 'nodes'] },
      { LaunchTemplateNames: ['deleted'] },
      { LaunchTemplateNames: ['nodes'] },
    ]);
  });
});

describe('lifecycle states in a group', () => {
  it('maps the hook, standby and warm-pool states, and drops the instances that left', async () => {
    const states: LifecycleState[] = ['Pending:Wait', 'Terminating:Wait', 'Standby', 'Detaching', 'Detached', 'Warmed:Running', 'Terminated', 'InService'];
    const fake = answerEveryInstance(
      new FakeAws().autoscaling('DescribeAutoScalingGroups', {
        AutoScalingGroups: [asg('web', { Instances: states.map((s, i) => asgInstance(`i-${i}`, { LifecycleState: s })) })],
      }),
    );
    const [web] = await fake.cloud().describeGroups({ cluster: 'prod' });
    expect(web?.instances.map((i) => [i.id, i.lifecycleState])).toStrictEqual([
      ['i-0', 'Pending'],
      ['i-1', 'Terminating'],
      ['i-2', 'Pending'],
      ['i-3', 'Terminating'],
      ['i-5', 'Pending'],
      ['i-7', 'InService'],
    ]);
  });
});
