// The served EC2 API held to AWS's behaviour through the official SDK v3 client: DescribeInstances
// (ids, filters, pagination, the lifecycle as instance states, tags), launch templates and their
// versions, and EC2's own error codes as SDK exceptions.
import { TerminateInstanceInAutoScalingGroupCommand, UpdateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, DescribeLaunchTemplatesCommand, DescribeLaunchTemplateVersionsCommand, type Instance } from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advance, rejection, serve, type Served } from './served.js';

let s: Served;
beforeEach(async () => {
  s = await serve();
});
afterEach(async () => {
  await s.close();
});

async function instances(input: ConstructorParameters<typeof DescribeInstancesCommand>[0] = {}): Promise<Instance[]> {
  const out = await s.ec2.send(new DescribeInstancesCommand(input));
  return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
}

describe('DescribeInstances', () => {
  it('lists every instance as a running EC2 instance whose private DNS name is its node', async () => {
    const out = await s.ec2.send(new DescribeInstancesCommand({}));
    expect(out.Reservations).toHaveLength(15);
    expect(out.NextToken).toBeUndefined();
    const nodes = new Set(s.ctx.world.nodes.keys());
    for (const r of out.Reservations!) {
      expect(r.OwnerId).toBe('123456789012');
      expect(r.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
      expect(r.Instances).toHaveLength(1);
      const i = r.Instances![0]!;
      const sim = s.ctx.world.instances.get(i.InstanceId ?? '')!;
      expect(i).toMatchObject({
        ImageId: 'ami-0b7e1c2d3e4f50001',
        InstanceType: sim.instanceType,
        State: { Code: 16, Name: 'running' },
        PrivateDnsName: sim.nodeName,
        Placement: { AvailabilityZone: sim.zone },
        LaunchTime: new Date(sim.launchTime * 1000),
      });
      expect(nodes.has(i.PrivateDnsName ?? '')).toBe(true);
      expect(i.PrivateIpAddress).toMatch(/^10\.\d+\.\d+\.\d+$/);
      expect(i.Tags).toContainEqual({ Key: 'aws:autoscaling:groupName', Value: sim.group });
      expect(i.Tags).toContainEqual({ Key: 'aws:ec2launchtemplate:version', Value: String(sim.launchTemplate?.version) });
    }
  });

  it.each([
    [[{ Name: 'tag:aws:autoscaling:groupName', Values: ['demo-memory'] }], 6],
    [[{ Name: 'tag:aws:autoscaling:groupName', Values: ['demo-*'] }], 15],
    [[{ Name: 'instance-type', Values: ['r5.large'] }, { Name: 'availability-zone', Values: ['eu-west-1a'] }], 2],
    [[{ Name: 'instance-state-name', Values: ['pending', 'shutting-down'] }], 0],
  ])('filters (%j)', async (filters, count) => {
    expect(await instances({ Filters: filters })).toHaveLength(count);
  });

  it('finds instances by id and by instance-id filter', async () => {
    const all = (await instances()).map((i) => i.InstanceId ?? '');
    const picked = [all[2]!, all[9]!];
    expect((await instances({ InstanceIds: picked })).map((i) => i.InstanceId)).toEqual(picked);
    expect((await instances({ Filters: [{ Name: 'instance-id', Values: picked }] })).map((i) => i.InstanceId)).toEqual(picked);
  });

  it('pages with MaxResults and NextToken', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await s.ec2.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: token }));
      seen.push(...(out.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId ?? ''));
      token = out.NextToken;
      pages++;
    } while (token !== undefined);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(15);
  });

  it('maps the Auto Scaling lifecycle to EC2 states: shutting-down, then terminated without a DNS name', async () => {
    const [first] = await instances();
    const id = first!.InstanceId!;
    await s.asg.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: id, ShouldDecrementDesiredCapacity: true }));
    expect((await instances({ InstanceIds: [id] }))[0]?.State).toEqual({ Code: 32, Name: 'shutting-down' });
    advance(s.ctx, 30);
    const [gone] = await instances({ InstanceIds: [id] });
    expect(gone?.State).toEqual({ Code: 48, Name: 'terminated' });
    expect(gone?.PrivateDnsName).toBe('');
    expect(await instances({ Filters: [{ Name: 'instance-state-name', Values: ['running'] }] })).toHaveLength(14);
  });

  it('reports a newly launched instance as pending', async () => {
    await s.asg.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-memory', DesiredCapacity: 7 }));
    const pending = await instances({ Filters: [{ Name: 'instance-state-code', Values: ['0'] }] });
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ State: { Code: 0, Name: 'pending' }, ImageId: 'ami-0c9d8e7f6a5b40002' });
  });

  it.each([
    [['i-0123456789abcdef0'], "The instance ID 'i-0123456789abcdef0' does not exist"],
    [['i-0123456789abcdef0', 'i-0123456789abcdef1'], "The instance IDs 'i-0123456789abcdef0, i-0123456789abcdef1' do not exist"],
  ])('answers unknown ids %j with InvalidInstanceID.NotFound', async (ids, message) => {
    const e = await rejection(s.ec2.send(new DescribeInstancesCommand({ InstanceIds: ids })));
    expect(e.name).toBe('InvalidInstanceID.NotFound');
    expect(e.message).toBe(message);
    expect(e.$metadata?.httpStatusCode).toBe(400);
  });

  it.each([
    [{ InstanceIds: ['web-1'] }, 'InvalidInstanceID.Malformed'],
    [{ MaxResults: 4 }, 'InvalidParameterValue'],
    [{ Filters: [{ Name: 'color', Values: ['blue'] }] }, 'InvalidParameterValue'],
    [{ NextToken: 'bogus' }, 'InvalidPaginationToken'],
  ])('answers %j with %s', async (input, code) => {
    expect((await rejection(s.ec2.send(new DescribeInstancesCommand(input)))).name).toBe(code);
  });
});

describe('DescribeLaunchTemplates', () => {
  it('describes templates by id or name with their default and latest versions', async () => {
    const byId = await s.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: ['lt-0e4b8d2f6a1c30002'] }));
    expect(byId.LaunchTemplates).toHaveLength(1);
    expect(byId.LaunchTemplates![0]).toMatchObject({
      LaunchTemplateId: 'lt-0e4b8d2f6a1c30002',
      LaunchTemplateName: 'demo-memory',
      DefaultVersionNumber: 3,
      LatestVersionNumber: 4,
      CreatedBy: 'arn:aws:iam::123456789012:root',
    });
    expect(byId.LaunchTemplates![0]!.CreateTime).toBeInstanceOf(Date);
    const byName = await s.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['demo-general'] }));
    expect(byName.LaunchTemplates?.map((t) => t.LaunchTemplateId)).toEqual(['lt-0f3a9c1e5d7b20001']);
    const all = await s.ec2.send(new DescribeLaunchTemplatesCommand({}));
    expect(all.LaunchTemplates?.map((t) => t.LaunchTemplateName)).toEqual(['demo-memory', 'demo-general']);
  });

  it('answers an unknown id with InvalidLaunchTemplateId.NotFound', async () => {
    const e = await rejection(s.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: ['lt-0000000000000000a'] })));
    expect(e.name).toBe('InvalidLaunchTemplateId.NotFound');
    expect(e.message).toBe('The specified launch template, with template ID lt-0000000000000000a, does not exist.');
  });
});

describe('DescribeLaunchTemplateVersions', () => {
  it('resolves $Latest and $Default to numbered versions with their image and type', async () => {
    const out = await s.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: 'lt-0f3a9c1e5d7b20001', Versions: ['$Latest', '$Default'] }));
    expect(out.LaunchTemplateVersions?.map((v) => [v.VersionNumber, v.DefaultVersion, v.LaunchTemplateData?.ImageId, v.LaunchTemplateData?.InstanceType])).toEqual([
      [2, false, 'ami-0c9d8e7f6a5b40002', 'm5.xlarge'],
      [1, true, 'ami-0b7e1c2d3e4f50001', 'm5.xlarge'],
    ]);
    expect(out.LaunchTemplateVersions?.[0]).toMatchObject({ LaunchTemplateId: 'lt-0f3a9c1e5d7b20001', LaunchTemplateName: 'demo-general' });
  });

  it('lists every version newest first, one a page, by name', async () => {
    const seen: number[] = [];
    let token: string | undefined;
    do {
      const out = await s.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: 'demo-memory', MaxResults: 1, NextToken: token }));
      seen.push(...(out.LaunchTemplateVersions ?? []).map((v) => v.VersionNumber ?? 0));
      token = out.NextToken;
    } while (token !== undefined);
    expect(seen).toEqual([4, 3]);
  });

  it.each([
    [{ LaunchTemplateId: 'lt-0f3a9c1e5d7b20001', Versions: ['7'] }, 'InvalidLaunchTemplateId.VersionNotFound'],
    [{ LaunchTemplateId: 'lt-0000000000000000a' }, 'InvalidLaunchTemplateId.NotFound'],
    [{ LaunchTemplateName: 'nope' }, 'InvalidLaunchTemplateName.NotFoundException'],
  ])('answers %j with %s', async (input, code) => {
    expect((await rejection(s.ec2.send(new DescribeLaunchTemplateVersionsCommand(input)))).name).toBe(code);
  });
});
