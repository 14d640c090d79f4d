// The served Auto Scaling API held to AWS's behaviour, through the official SDK v3 client: describe by
// tag filter and by name with NextToken pagination, the shapes the SDK parses, writes that launch and
// terminate instances in the simulated world, and AWS's ValidationErrors as SDK exceptions.
import {
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
  DescribeLaunchConfigurationsCommand,
  ResumeProcessesCommand,
  SetDesiredCapacityCommand,
  SuspendProcessesCommand,
  TerminateInstanceInAutoScalingGroupCommand,
  UpdateAutoScalingGroupCommand,
  type AutoScalingGroup,
} from '@aws-sdk/client-auto-scaling';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCALING_PROCESSES } from '../../../../src/sim/fixture/types.js';
import { advance, rejection, serve, type Served } from './served.js';

let s: Served;
beforeEach(async () => {
  s = await serve();
});
afterEach(async () => {
  await s.close();
});

async function groupNamed(name: string): Promise<AutoScalingGroup> {
  const out = await s.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
  expect(out.AutoScalingGroups).toHaveLength(1);
  return out.AutoScalingGroups![0]!;
}

describe('DescribeAutoScalingGroups', () => {
  it.each([
    [{ Name: 'tag:kubernetes.io/cluster/demo', Values: ['owned'] }, ['demo-general', 'demo-memory']],
    [{ Name: 'tag:kubernetes.io/cluster/demo', Values: ['shared'] }, []],
    [{ Name: 'tag-key', Values: ['nope', 'k8s.io/cluster-autoscaler/enabled'] }, ['demo-general', 'demo-memory']],
    [{ Name: 'tag-key', Values: ['kubernetes.io/cluster/other'] }, []],
    [{ Name: 'tag-value', Values: ['owned'] }, ['demo-general', 'demo-memory']],
  ])('filters by tags (%j)', async (filter, names) => {
    const out = await s.asg.send(new DescribeAutoScalingGroupsCommand({ Filters: [filter] }));
    expect(out.AutoScalingGroups?.map((g) => g.AutoScalingGroupName) ?? []).toEqual(names);
  });

  it('finds groups by name, leaving out names that do not exist (no error, as AWS)', async () => {
    const out = await s.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['demo-memory', 'missing'] }));
    expect(out.AutoScalingGroups?.map((g) => g.AutoScalingGroupName)).toEqual(['demo-memory']);
    expect(out.NextToken).toBeUndefined();
  });

  it('leaves the instances out with IncludeInstances=false', async () => {
    const out = await s.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['demo-general'], IncludeInstances: false }));
    expect(out.AutoScalingGroups?.[0]?.DesiredCapacity).toBe(9);
    expect(out.AutoScalingGroups?.[0]?.Instances).toBeUndefined();
  });

  it('pages with MaxRecords and NextToken until the last page has no token', async () => {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await s.asg.send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 1, NextToken: token }));
      names.push(...(out.AutoScalingGroups ?? []).map((g) => g.AutoScalingGroupName ?? ''));
      token = out.NextToken;
      pages++;
    } while (token !== undefined);
    expect(names).toEqual(['demo-general', 'demo-memory']);
    expect(pages).toBe(2);
  });

  it.each([0, 101])('refuses MaxRecords %i with a ValidationError', async (max) => {
    const e = await rejection(s.asg.send(new DescribeAutoScalingGroupsCommand({ MaxRecords: max })));
    expect(e.name).toBe('ValidationError');
    expect(e.message).toMatch(/at 'maxRecords' failed to satisfy constraint/);
  });

  it('refuses a NextToken it did not hand out (InvalidNextToken)', async () => {
    const e = await rejection(s.asg.send(new DescribeAutoScalingGroupsCommand({ NextToken: 'bogus' })));
    expect(e.name).toBe('InvalidNextToken');
  });

  it('renders the group as the SDK parses it: template, sizes, zones, instances, tags, ARNs, times', async () => {
    const g = await groupNamed('demo-general');
    expect(g).toMatchObject({
      AutoScalingGroupName: 'demo-general',
      LaunchTemplate: { LaunchTemplateId: 'lt-0f3a9c1e5d7b20001', LaunchTemplateName: 'demo-general', Version: '$Latest' },
      MinSize: 3,
      MaxSize: 15,
      DesiredCapacity: 9,
      DefaultCooldown: 300,
      AvailabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      HealthCheckType: 'EC2',
      SuspendedProcesses: [],
      TerminationPolicies: ['Default'],
      NewInstancesProtectedFromScaleIn: false,
    });
    expect(g.AutoScalingGroupARN).toMatch(/^arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:[0-9a-f-]{36}:autoScalingGroupName\/demo-general$/);
    expect(g.ServiceLinkedRoleARN).toBe('arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling');
    // The oldest instance of the group is 45 days old at the fixture's start (2026-01-01).
    expect(g.CreatedTime).toEqual(new Date(Date.UTC(2026, 0, 1) - 3888000 * 1000));
    expect(g.Instances).toHaveLength(9);
    const ids = g.Instances!.map((i) => i.InstanceId ?? '');
    expect(ids).toEqual([...ids].sort());
    for (const i of g.Instances!) {
      expect(i).toMatchObject({
        InstanceType: 'm5.xlarge',
        LifecycleState: 'InService',
        HealthStatus: 'Healthy',
        ProtectedFromScaleIn: false,
        LaunchTemplate: { LaunchTemplateId: 'lt-0f3a9c1e5d7b20001', LaunchTemplateName: 'demo-general', Version: '1' },
      });
      expect(i.InstanceId).toMatch(/^i-[0-9a-f]{17}$/);
      expect(i.AvailabilityZone).toMatch(/^eu-west-1[abc]$/);
    }
    expect(g.Tags).toContainEqual({ ResourceId: 'demo-general', ResourceType: 'auto-scaling-group', Key: 'kubernetes.io/cluster/demo', Value: 'owned', PropagateAtLaunch: true });
    expect(g.Tags?.map((t) => t.Key)).toEqual(['k8s.io/cluster-autoscaler/demo', 'k8s.io/cluster-autoscaler/enabled', 'kubernetes.io/cluster/demo']);
  });
});

describe('DescribeAutoScalingInstances', () => {
  it('lists every managed instance in id order, 5 a page, and the ones asked for', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const out = await s.asg.send(new DescribeAutoScalingInstancesCommand({ MaxRecords: 5, NextToken: token }));
      expect(out.AutoScalingInstances!.length).toBeLessThanOrEqual(5);
      seen.push(...out.AutoScalingInstances!.map((i) => i.InstanceId ?? ''));
      token = out.NextToken;
    } while (token !== undefined);
    expect(seen).toHaveLength(15);
    expect(seen).toEqual([...seen].sort());

    const picked = [seen[3]!, seen[11]!];
    const out = await s.asg.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [...picked, 'i-00000000000000000'] }));
    expect(out.AutoScalingInstances?.map((i) => i.InstanceId)).toEqual(picked);
    expect(out.AutoScalingInstances?.[0]).toMatchObject({ LifecycleState: 'InService', HealthStatus: 'HEALTHY', ProtectedFromScaleIn: false });
    expect(out.AutoScalingInstances?.[0]?.AutoScalingGroupName).toMatch(/^demo-(general|memory)$/);
  });

  it('allows at most 50 records a page', async () => {
    const e = await rejection(s.asg.send(new DescribeAutoScalingInstancesCommand({ MaxRecords: 51 })));
    expect(e.name).toBe('ValidationError');
  });
});

describe('UpdateAutoScalingGroup and SetDesiredCapacity', () => {
  it('launches on a raised desired capacity; the instances come InService as virtual time passes', async () => {
    await s.asg.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-general', DesiredCapacity: 11 }));
    let g = await groupNamed('demo-general');
    expect(g.DesiredCapacity).toBe(11);
    const pending = g.Instances!.filter((i) => i.LifecycleState === 'Pending');
    expect(pending).toHaveLength(2);
    // New instances are launched from $Latest, reported with the concrete version.
    for (const i of pending) expect(i.LaunchTemplate?.Version).toBe('2');
    advance(s.ctx, 70);
    g = await groupNamed('demo-general');
    expect(g.Instances!.filter((i) => i.LifecycleState === 'InService')).toHaveLength(11);
    expect(s.ctx.world.actions.map((a) => a.verb)).toEqual(['setGroupSize', 'InstanceLaunched', 'InstanceLaunched']);
    expect(s.ctx.world.actions[0]).toMatchObject({ port: 'cloud', target: 'demo-general', detail: 'min=3 max=15 desired=11' });
  });

  it('raises desired to a new MinSize above it, and lowers it to a new MaxSize below it (as AWS documents)', async () => {
    await s.asg.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-memory', MinSize: 7 }));
    expect(await groupNamed('demo-memory')).toMatchObject({ MinSize: 7, MaxSize: 10, DesiredCapacity: 7 });
    await s.asg.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-memory', MinSize: 2, MaxSize: 4 }));
    const g = await groupNamed('demo-memory');
    expect(g).toMatchObject({ MinSize: 2, MaxSize: 4, DesiredCapacity: 4 });
    // Seven running (six at load, one launched for MinSize 7): three go.
    expect(g.Instances!.filter((i) => i.LifecycleState === 'Terminating')).toHaveLength(3);
  });

  it.each([
    [{ DesiredCapacity: 20 }, 'Desired capacity:20 must be between the specified min size:3 and max size:15'],
    [{ MinSize: 5, MaxSize: 4 }, 'Max bound, 4, must be greater than or equal to min bound, 5'],
  ])('answers %j with AWS ValidationError, changing nothing', async (change, message) => {
    const e = await rejection(s.asg.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-general', ...change })));
    expect(e.name).toBe('ValidationError');
    expect(e.message).toBe(message);
    expect(e.$metadata?.httpStatusCode).toBe(400);
    expect((await groupNamed('demo-general')).DesiredCapacity).toBe(9);
  });

  it('refuses UpdateAutoScalingGroup settings the simulator does not model rather than ignore them', async () => {
    const e = await rejection(s.asg.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-general', DefaultCooldown: 60 })));
    expect(e.name).toBe('ValidationError');
    expect(e.message).toMatch(/DefaultCooldown/);
  });

  it.each([
    [16, 'New SetDesiredCapacity value 16 is above max value 15 for the AutoScalingGroup.'],
    [2, 'New SetDesiredCapacity value 2 is below min value 3 for the AutoScalingGroup.'],
  ])('SetDesiredCapacity %i out of bounds is a ValidationError', async (desired, message) => {
    const e = await rejection(s.asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'demo-general', DesiredCapacity: desired })));
    expect(e.name).toBe('ValidationError');
    expect(e.message).toBe(message);
  });

  it('SetDesiredCapacity lowers the group by the default termination policy', async () => {
    await s.asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'demo-general', DesiredCapacity: 6, HonorCooldown: true }));
    const g = await groupNamed('demo-general');
    expect(g.DesiredCapacity).toBe(6);
    expect(g.Instances!.filter((i) => i.LifecycleState === 'Terminating')).toHaveLength(3);
  });

  it('names a group that does not exist in a ValidationError', async () => {
    const e = await rejection(s.asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'nope', DesiredCapacity: 1 })));
    expect(e.name).toBe('ValidationError');
    expect(e.message).toBe('AutoScalingGroup name not found - nope');
  });
});

describe('SuspendProcesses and ResumeProcesses', () => {
  it('suspends the named processes with a reason, resumes them; an empty list means all', async () => {
    await s.asg.send(new SuspendProcessesCommand({ AutoScalingGroupName: 'demo-general', ScalingProcesses: ['AZRebalance', 'Launch'] }));
    let g = await groupNamed('demo-general');
    expect(g.SuspendedProcesses).toEqual([
      { ProcessName: 'AZRebalance', SuspensionReason: 'User suspended at 2026-01-01T00:00:00Z' },
      { ProcessName: 'Launch', SuspensionReason: 'User suspended at 2026-01-01T00:00:00Z' },
    ]);
    await s.asg.send(new ResumeProcessesCommand({ AutoScalingGroupName: 'demo-general', ScalingProcesses: ['Launch'] }));
    g = await groupNamed('demo-general');
    expect(g.SuspendedProcesses?.map((p) => p.ProcessName)).toEqual(['AZRebalance']);

    await s.asg.send(new SuspendProcessesCommand({ AutoScalingGroupName: 'demo-memory', ScalingProcesses: [] }));
    g = await groupNamed('demo-memory');
    expect(g.SuspendedProcesses?.map((p) => p.ProcessName)).toEqual([...SCALING_PROCESSES].sort());
    await s.asg.send(new ResumeProcessesCommand({ AutoScalingGroupName: 'demo-memory' }));
    expect((await groupNamed('demo-memory')).SuspendedProcesses).toEqual([]);
  });

  it('refuses a process name AWS does not know', async () => {
    const e = await rejection(s.asg.send(new SuspendProcessesCommand({ AutoScalingGroupName: 'demo-general', ScalingProcesses: ['Nap'] })));
    expect(e.name).toBe('ValidationError');
    expect(e.message).toMatch(/^Process name Nap is not a valid process/);
  });
});

describe('TerminateInstanceInAutoScalingGroup', () => {
  it('terminates with decrement and returns the Activity; the instance leaves the group once terminated', async () => {
    const victim = (await groupNamed('demo-general')).Instances![0]!.InstanceId!;
    const out = await s.asg.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: victim, ShouldDecrementDesiredCapacity: true }));
    expect(out.Activity).toMatchObject({
      AutoScalingGroupName: 'demo-general',
      Description: `Terminating EC2 instance: ${victim}`,
      Cause: `At 2026-01-01T00:00:00Z instance ${victim} was taken out of service in response to a user request, shrinking the capacity from 9 to 8.`,
      StatusCode: 'InProgress',
      Progress: 0,
      StartTime: new Date(Date.UTC(2026, 0, 1)),
    });
    expect(out.Activity?.ActivityId).toMatch(/^[0-9a-f-]{36}$/);
    let g = await groupNamed('demo-general');
    expect(g.DesiredCapacity).toBe(8);
    expect(g.Instances!.find((i) => i.InstanceId === victim)?.LifecycleState).toBe('Terminating');
    advance(s.ctx, 30);
    g = await groupNamed('demo-general');
    expect(g.Instances!.map((i) => i.InstanceId)).not.toContain(victim);
    expect(s.ctx.world.actions[0]).toMatchObject({ verb: 'terminateInstance', target: victim, detail: 'terminating' });
  });

  it('without decrement keeps desired and launches a replacement', async () => {
    const victim = (await groupNamed('demo-memory')).Instances![0]!.InstanceId!;
    const out = await s.asg.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: victim, ShouldDecrementDesiredCapacity: false }));
    expect(out.Activity?.Cause).toBe(`At 2026-01-01T00:00:00Z instance ${victim} was taken out of service in response to a user request.`);
    const g = await groupNamed('demo-memory');
    expect(g.DesiredCapacity).toBe(6);
    expect(g.Instances!.filter((i) => i.LifecycleState === 'Pending')).toHaveLength(1);
    expect(s.ctx.world.actions.map((a) => a.verb)).toEqual(['terminateInstance', 'InstanceLaunched']);
  });

  it('answers an unknown instance with AWS ValidationError', async () => {
    const e = await rejection(s.asg.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: 'i-0123456789abcdef0', ShouldDecrementDesiredCapacity: true })));
    expect(e.name).toBe('ValidationError');
    expect(e.message).toBe('Instance Id not found - No managed instance found for instance ID: i-0123456789abcdef0');
  });

  it('refuses a decrement below the group minimum with AWS message', async () => {
    await s.asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'demo-memory', DesiredCapacity: 2 }));
    const running = (await groupNamed('demo-memory')).Instances!.filter((i) => i.LifecycleState === 'InService');
    expect(running).toHaveLength(2);
    const e = await rejection(
      s.asg.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: running[0]!.InstanceId!, ShouldDecrementDesiredCapacity: true })),
    );
    expect(e.name).toBe('ValidationError');
    expect(e.message).toBe(
      "Currently, desiredSize equals minSize (2). Terminating instance without replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.",
    );
  });
});

describe('DescribeLaunchConfigurations', () => {
  const yaml = [
    'cluster: legacy',
    'region: us-east-1',
    'zones: [{name: us-east-1a}]',
    'instanceTypes: {m5.large: {cpu: 2000, memory: 8000}}',
    'launchConfigurations:',
    '  - {name: old-lc, imageId: ami-lc1, instanceType: m5.large}',
    '  - {name: older-lc, imageId: ami-lc0, instanceType: m5.large}',
    'nodeGroups:',
    '  - name: legacy',
    '    zones: [us-east-1a]',
    '    min: 1',
    '    max: 3',
    '    launchConfiguration: old-lc',
    '    instances: [{zone: us-east-1a, count: 2}]',
  ].join('\n');

  it('lists launch configurations, and groups and instances name theirs', async () => {
    const legacy = await serve({ yaml });
    try {
      const all = await legacy.asg.send(new DescribeLaunchConfigurationsCommand({}));
      expect(all.LaunchConfigurations?.map((lc) => [lc.LaunchConfigurationName, lc.ImageId, lc.InstanceType])).toEqual([
        ['old-lc', 'ami-lc1', 'm5.large'],
        ['older-lc', 'ami-lc0', 'm5.large'],
      ]);
      expect(all.LaunchConfigurations?.[0]?.CreatedTime).toBeInstanceOf(Date);
      const one = await legacy.asg.send(new DescribeLaunchConfigurationsCommand({ LaunchConfigurationNames: ['older-lc'] }));
      expect(one.LaunchConfigurations?.map((lc) => lc.LaunchConfigurationName)).toEqual(['older-lc']);
      const groups = await legacy.asg.send(new DescribeAutoScalingGroupsCommand({}));
      const g = groups.AutoScalingGroups![0]!;
      expect(g.LaunchConfigurationName).toBe('old-lc');
      expect(g.LaunchTemplate).toBeUndefined();
      expect(g.Instances?.map((i) => i.LaunchConfigurationName)).toEqual(['old-lc', 'old-lc']);
    } finally {
      await legacy.close();
    }
  });
});
