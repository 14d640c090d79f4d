// The changes the adapter makes: group size (SetDesiredCapacity or UpdateAutoScalingGroup), processes,
// and terminations, each safe to re-issue after a crash.
import { describe, expect, it } from 'vitest';
import { DextreError } from '../../../src/core/errors.js';
import { awsError, FakeAws } from './fake.js';
import { asg } from './shapes.js';

/** Group `web` at min 1, max 10, desired 0, as DescribeAutoScalingGroups reports it. */
function withWeb(): FakeAws {
  return new FakeAws()
    .autoscaling('DescribeAutoScalingGroups', { AutoScalingGroups: [asg('web', { MinSize: 1, MaxSize: 10, DesiredCapacity: 3 })] })
    .autoscaling('SetDesiredCapacity', {})
    .autoscaling('UpdateAutoScalingGroup', {});
}

async function rejection(promise: Promise<unknown>): Promise<DextreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DextreError);
  return error as DextreError;
}

describe('setGroupSize', () => {
  it('sets only desired while min and max stay as last seen, and updates all three when they change', async () => {
    const fake = withWeb();
    const cloud = fake.cloud();
    await cloud.describeGroups({ cluster: 'prod', names: ['web'] });
    await cloud.setGroupSize('web', { min: 1, max: 10, desired: 5 });
    await cloud.setGroupSize('web', { min: 1, max: 12, desired: 5 });
    // Its own write is what it last saw: the next step of the roll moves desired only.
    await cloud.setGroupSize('web', { min: 1, max: 12, desired: 6 });
    await cloud.setGroupSize('web', { min: 0, max: 12, desired: 6 });
    expect(fake.sent.slice(1).map((s) => [s.command, s.input])).toStrictEqual([
      ['SetDesiredCapacity', { AutoScalingGroupName: 'web', DesiredCapacity: 5, HonorCooldown: false }],
      ['UpdateAutoScalingGroup', { AutoScalingGroupName: 'web', MinSize: 1, MaxSize: 12, DesiredCapacity: 5 }],
      ['SetDesiredCapacity', { AutoScalingGroupName: 'web', DesiredCapacity: 6, HonorCooldown: false }],
      ['UpdateAutoScalingGroup', { AutoScalingGroupName: 'web', MinSize: 0, MaxSize: 12, DesiredCapacity: 6 }],
    ]);
  });

  it('updates all three for a group it has not read (a resumed roll)', async () => {
    const fake = withWeb();
    await fake.cloud().setGroupSize('web', { min: 1, max: 10, desired: 4 });
    expect(fake.actions()).toStrictEqual(['autoscaling:UpdateAutoScalingGroup']);
  });

  it('redoes a SetDesiredCapacity refused because the bounds moved as an update with all three', async () => {
    const fake = withWeb().autoscaling('SetDesiredCapacity', awsError('ValidationError', 'New SetDesiredCapacity value 11 is above max value 10 for the AutoScalingGroup.'));
    const cloud = fake.cloud();
    await cloud.describeGroups({ cluster: 'prod', names: ['web'] });
    await cloud.setGroupSize('web', { min: 1, max: 10, desired: 11 });
    expect(fake.actions().slice(1)).toStrictEqual(['autoscaling:SetDesiredCapacity', 'autoscaling:UpdateAutoScalingGroup']);
  });

  it('reports a group that is gone as NOT_FOUND', async () => {
    const fake = withWeb().autoscaling('UpdateAutoScalingGroup', awsError('ValidationError', 'AutoScalingGroup name not found - AutoScalingGroup web not found'));
    const error = await rejection(fake.cloud().setGroupSize('web', { min: 1, max: 10, desired: 4 }));
    expect(error.code).toBe('NOT_FOUND');
  });
});

describe('suspendProcesses and resumeProcesses', () => {
  it('send exactly the processes named', async () => {
    const fake = new FakeAws().autoscaling('SuspendProcesses', {}).autoscaling('ResumeProcesses', {});
    const cloud = fake.cloud();
    await cloud.suspendProcesses('web', ['AZRebalance', 'ReplaceUnhealthy']);
    await cloud.resumeProcesses('web', ['ReplaceUnhealthy']);
    expect(fake.sent.map((s) => [s.command, s.input])).toStrictEqual([
      ['SuspendProcesses', { AutoScalingGroupName: 'web', ScalingProcesses: ['AZRebalance', 'ReplaceUnhealthy'] }],
      ['ResumeProcesses', { AutoScalingGroupName: 'web', ScalingProcesses: ['ReplaceUnhealthy'] }],
    ]);
  });

  it('send nothing for an empty list (AWS would act on every process)', async () => {
    const fake = new FakeAws().autoscaling('SuspendProcesses', {}).autoscaling('ResumeProcesses', {});
    await fake.cloud().suspendProcesses('web', []);
    await fake.cloud().resumeProcesses('web', []);
    expect(fake.sent).toStrictEqual([]);
  });
});

describe('terminateInstance', () => {
  const NOT_IN_SERVICE = 'The instance i-0abc is not in InService or EnteringStandby or Standby.';

  it('terminates with decrement', async () => {
    const fake = new FakeAws().autoscaling('TerminateInstanceInAutoScalingGroup', {
      Activity: { ActivityId: 'a-1', AutoScalingGroupName: 'web', Cause: 'user request', StartTime: new Date(0), StatusCode: 'InProgress' },
    });
    expect(await fake.cloud().terminateInstance('i-0abc')).toBe('terminating');
    expect(fake.inputs('TerminateInstanceInAutoScalingGroup')).toStrictEqual([{ InstanceId: 'i-0abc', ShouldDecrementDesiredCapacity: true }]);
  });

  it('answers already-gone for an instance Auto Scaling no longer manages, without asking more', async () => {
    const fake = new FakeAws().autoscaling(
      'TerminateInstanceInAutoScalingGroup',
      awsError('ValidationError', 'Instance Id not found - No managed instance found for instance ID: i-0abc'),
    );
    expect(await fake.cloud().terminateInstance('i-0abc')).toBe('already-gone');
    expect(fake.actions()).toStrictEqual(['autoscaling:TerminateInstanceInAutoScalingGroup']);
  });

  it.each<[string, { LifecycleState: string }[]]>([
    ['Terminating', [{ LifecycleState: 'Terminating' }]],
    ['Terminating:Wait', [{ LifecycleState: 'Terminating:Wait' }]],
    ['Terminated', [{ LifecycleState: 'Terminated' }]],
    ['Detaching', [{ LifecycleState: 'Detaching' }]],
    ['gone from the group', []],
  ])('looks when AWS refuses an instance that is not in service: %s is already-gone', async (_state, found) => {
    const fake = new FakeAws()
      .autoscaling('TerminateInstanceInAutoScalingGroup', awsError('ValidationError', NOT_IN_SERVICE))
      .autoscaling('DescribeAutoScalingInstances', {
        AutoScalingInstances: found.map((f) => ({
          InstanceId: 'i-0abc',
          AutoScalingGroupName: 'web',
          AvailabilityZone: 'eu-west-1a',
          LifecycleState: f.LifecycleState,
          HealthStatus: 'HEALTHY',
          ProtectedFromScaleIn: false,
        })),
      });
    expect(await fake.cloud().terminateInstance('i-0abc')).toBe('already-gone');
    expect(fake.inputs('DescribeAutoScalingInstances')).toStrictEqual([{ InstanceIds: ['i-0abc'] }]);
  });

  it('is a retryable CONFLICT while the instance is still launching', async () => {
    const fake = new FakeAws()
      .autoscaling('TerminateInstanceInAutoScalingGroup', awsError('ValidationError', NOT_IN_SERVICE))
      .autoscaling('DescribeAutoScalingInstances', {
        AutoScalingInstances: [
          { InstanceId: 'i-0abc', AutoScalingGroupName: 'web', AvailabilityZone: 'eu-west-1a', LifecycleState: 'Pending:Wait', HealthStatus: 'HEALTHY', ProtectedFromScaleIn: false },
        ],
      });
    const error = await rejection(fake.cloud().terminateInstance('i-0abc'));
    expect([error.code, error.retryable]).toStrictEqual(['CONFLICT', true]);
    expect(error.message).toContain('Pending:Wait');
  });

  it('keeps AWS’s message for another refusal (the group at its min size)', async () => {
    const message =
      "Currently, desiredSize equals minSize (2). Terminating instance without replacement will violate group's min size constraint. " +
      'Either set shouldDecrementDesiredCapacity flag to false or lower group\'s min size.';
    const fake = new FakeAws().autoscaling('TerminateInstanceInAutoScalingGroup', awsError('ValidationError', message));
    const error = await rejection(fake.cloud().terminateInstance('i-0abc'));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain(message);
    expect(error.message).toContain('autoscaling:TerminateInstanceInAutoScalingGroup on instance i-0abc');
  });
});
