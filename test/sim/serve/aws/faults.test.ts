// Injected throttling and 5xx: answered with the services' own codes and statuses, classified by the
// SDK as throttling / transient (so retried), and decided before any effect.
import { DescribeAutoScalingGroupsCommand, SetDesiredCapacityCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { rejection, serve, type Served } from './served.js';

let s: Served | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('throttling', () => {
  it('at rate 1 answers Auto Scaling with Throttling (400) and EC2 with RequestLimitExceeded (503)', async () => {
    s = await serve({ throttleRate: 1 });
    const asg = await rejection(s.asg.send(new DescribeAutoScalingGroupsCommand({})));
    expect(asg.name).toBe('Throttling');
    expect(asg.message).toBe('Rate exceeded');
    expect(asg.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 1 });
    const ec2 = await rejection(s.ec2.send(new DescribeInstancesCommand({})));
    expect(ec2.name).toBe('RequestLimitExceeded');
    expect(ec2.$metadata).toMatchObject({ httpStatusCode: 503, attempts: 1 });
  });

  it('is retried by the SDK as throttling, up to its attempts', async () => {
    s = await serve({ throttleRate: 1 });
    const { asg, ec2 } = s.clients(3);
    expect((await rejection(asg.send(new DescribeAutoScalingGroupsCommand({})))).$metadata?.attempts).toBe(3);
    expect((await rejection(ec2.send(new DescribeInstancesCommand({})))).$metadata?.attempts).toBe(3);
    expect(s.api.counts()).toEqual({ DescribeAutoScalingGroups: 3, DescribeInstances: 3 });
  });

  it('changes nothing: a throttled write leaves the group and the action log as they were', async () => {
    s = await serve({ throttleRate: 1 });
    const e = await rejection(s.asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'demo-general', DesiredCapacity: 12 })));
    expect(e.name).toBe('Throttling');
    expect(s.ctx.world.groups.get('demo-general')?.desired).toBe(9);
    expect(s.ctx.world.actions).toEqual([]);
    expect(s.ctx.queue.size).toBe(0);
  });

  it('at rate 0.5 with retries every call succeeds, some after more than one attempt', async () => {
    s = await serve({ throttleRate: 0.5 });
    const { asg, ec2 } = s.clients(10);
    const attempts: number[] = [];
    for (let n = 0; n < 10; n++) {
      attempts.push((await asg.send(new DescribeAutoScalingGroupsCommand({}))).$metadata.attempts ?? 0);
      attempts.push((await ec2.send(new DescribeInstancesCommand({}))).$metadata.attempts ?? 0);
    }
    expect(attempts.some((a) => a > 1)).toBe(true);
    expect(attempts.some((a) => a === 1)).toBe(true);
    const counts = s.api.counts();
    expect((counts['DescribeAutoScalingGroups'] ?? 0) + (counts['DescribeInstances'] ?? 0)).toBe(attempts.reduce((a, b) => a + b, 0));
  });

  it('follows the given randomness exactly', async () => {
    const script = [0.9, 0.1, 0.9];
    s = await serve({ throttleRate: 0.5, random: () => script.shift() ?? 0.9 });
    const { asg } = s.clients(1);
    expect((await asg.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups).toHaveLength(2);
    expect((await rejection(asg.send(new DescribeAutoScalingGroupsCommand({})))).name).toBe('Throttling');
    expect((await asg.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups).toHaveLength(2);
  });
});

describe('5xx', () => {
  it('at rate 1 fails with InternalFailure (500) or ServiceUnavailable (503), retried as transient', async () => {
    s = await serve({ errorRate: 1 });
    const { asg, ec2 } = s.clients(3);
    for (const e of [await rejection(asg.send(new DescribeAutoScalingGroupsCommand({}))), await rejection(ec2.send(new DescribeInstancesCommand({})))]) {
      expect(['InternalFailure', 'ServiceUnavailable']).toContain(e.name);
      expect([500, 503]).toContain(e.$metadata?.httpStatusCode);
      expect(e.$metadata?.attempts).toBe(3);
    }
  });

  it('changes nothing either', async () => {
    s = await serve({ errorRate: 1 });
    await rejection(s.asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'demo-general', DesiredCapacity: 12 })));
    expect(s.ctx.world.groups.get('demo-general')?.desired).toBe(9);
    expect(s.ctx.world.actions).toEqual([]);
  });
});
