// The translation of AWS failures: code, retryability and a message that names the IAM action of the
// command sent, the resource, and the fix.
import { describe, expect, it } from 'vitest';
import { DextreError, type ErrorCode } from '../../../src/core/errors.js';
import { IAM_ACTIONS } from '../../../src/cloud/aws/api.js';
import { translateAwsError, type FailedCall } from '../../../src/cloud/aws/errors.js';
import { expectKnownFlagsAndCommands } from '../../support/known-flags.js';
import { awsError, FakeAws, networkError } from './fake.js';
import { asg } from './shapes.js';

const SET_DESIRED: FailedCall = {
  service: 'autoscaling',
  command: 'SetDesiredCapacity',
  resource: 'Auto Scaling group web',
  endpoint: 'https://autoscaling.eu-west-1.amazonaws.com',
};

describe('translateAwsError', () => {
  it.each<[string, Error, ErrorCode, boolean, string[]]>([
    [
      'AccessDenied names the action sent, not the one in the message',
      awsError('AccessDenied', 'User: arn:aws:sts::1:assumed-role/x is not authorized to perform: autoscaling:Other', { status: 403 }),
      'FORBIDDEN',
      false,
      ['autoscaling:SetDesiredCapacity on Auto Scaling group web', 'Add "autoscaling:SetDesiredCapacity" to the IAM policy', 'dextre needs autoscaling:DescribeAutoScalingGroups, '],
    ],
    ['AccessDeniedException', awsError('AccessDeniedException', 'denied', { status: 403 }), 'FORBIDDEN', false, ['"autoscaling:SetDesiredCapacity"']],
    ['UnauthorizedAccess', awsError('UnauthorizedAccess', 'no', { status: 403 }), 'FORBIDDEN', false, ['"autoscaling:SetDesiredCapacity"']],
    ['Throttling after the SDK’s retries', awsError('Throttling', 'Rate exceeded', { attempts: 8 }), 'THROTTLED', true, ['after 8 attempts', '(Throttling)', 'run the command again']],
    ['ThrottlingException', awsError('ThrottlingException', 'Rate exceeded'), 'THROTTLED', true, ['(ThrottlingException)']],
    ['RequestLimitExceeded', awsError('RequestLimitExceeded', 'Request limit exceeded.', { status: 503 }), 'THROTTLED', true, ['(RequestLimitExceeded)']],
    ['TooManyRequestsException', awsError('TooManyRequestsException', 'slow down', { status: 429 }), 'THROTTLED', true, ['(TooManyRequestsException)']],
    [
      'ScalingActivityInProgress (the SDK names it …Fault)',
      awsError('ScalingActivityInProgress', 'Scaling activity is in progress', { name: 'ScalingActivityInProgressFault' }),
      'CONFLICT',
      true,
      ['(ScalingActivityInProgress)'],
    ],
    ['ResourceContention', awsError('ResourceContention', 'busy', { status: 500, name: 'ResourceContentionFault' }), 'CONFLICT', true, ['(ResourceContention)']],
    ['InternalFailure', awsError('InternalFailure', 'oops', { status: 500, attempts: 8 }), 'UNAVAILABLE', true, ['https://autoscaling.eu-west-1.amazonaws.com did not answer', 'after 8 attempts']],
    ['ServiceUnavailable', awsError('ServiceUnavailable', 'down', { status: 503 }), 'UNAVAILABLE', true, ['did not answer']],
    ['any 5xx', awsError('SomethingNew', 'bad gateway', { status: 502 }), 'UNAVAILABLE', true, ['(SomethingNew: bad gateway)']],
    ['a refused connection', networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:4566'), 'UNAVAILABLE', true, ['(ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:4566)']],
    ['an unknown host', networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND autoscaling.eu-west-1.amazonaws.com'), 'UNAVAILABLE', true, ['ENOTFOUND']],
    [
      'no credentials',
      Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      'CONFIG',
      false,
      ['No AWS credentials', 'AWS_PROFILE', 'aws sso login'],
    ],
    ['no region', new Error('Region is missing'), 'CONFIG', false, ['No AWS region', 'AWS_REGION']],
    ['expired credentials', awsError('ExpiredToken', 'The security token included in the request is expired', { status: 403 }), 'CONFIG', false, ['refused the credentials', 'aws sso login']],
    ['a group that is gone', awsError('ValidationError', 'AutoScalingGroup name not found - AutoScalingGroup web not found'), 'NOT_FOUND', false, ['AutoScalingGroup name not found']],
    [
      'another ValidationError keeps AWS’s message',
      awsError('ValidationError', 'Desired capacity:12 must be between the specified min size:1 and max size:10'),
      'INTERNAL',
      false,
      ['AWS rejected autoscaling:SetDesiredCapacity on Auto Scaling group web', 'Desired capacity:12 must be between'],
    ],
    ['something that is not an AWS error', new TypeError('x is undefined'), 'INTERNAL', false, ['x is undefined']],
  ])('%s', (_name, error, code, retryable, fragments) => {
    const translated = translateAwsError(error, SET_DESIRED);
    expect([translated.code, translated.retryable]).toStrictEqual([code, retryable]);
    for (const fragment of fragments) expect(translated.message).toContain(fragment);
    expect(translated.message).not.toMatch(/\n/);
    expect(translated.cause).toBe(error);
    // The same words serve `plan`, where no roll runs, and `roll nodes`.
    expect(translated.message).not.toMatch(/the roll resumes/);
    expectKnownFlagsAndCommands(translated.message);
  });

  it('AccessDenied lists every IAM action the adapter can call', () => {
    const message = translateAwsError(awsError('AccessDenied', 'no', { status: 403 }), SET_DESIRED).message;
    expect(IAM_ACTIONS).toHaveLength(11);
    for (const action of IAM_ACTIONS) expect(message).toContain(action);
  });

  it('makes one paragraph of a multi-line message, and names ssm:GetParameters for template versions', () => {
    const error = awsError('UnauthorizedOperation', 'You are not authorized\n  to perform this operation.', { status: 403 });
    const translated = translateAwsError(error, { service: 'ec2', command: 'DescribeLaunchTemplateVersions', resource: 'launch template lt-0abc', endpoint: 'e' });
    expect(translated.message).toContain('AWS said: You are not authorized to perform this operation.');
    expect(translated.message).toContain('"ec2:DescribeLaunchTemplateVersions"');
    expect(translated.message).toContain('ssm:GetParameters');
  });

  it('passes a DextreError through unchanged', () => {
    const original = new DextreError('BLOCKED', 'x');
    expect(translateAwsError(original, SET_DESIRED)).toBe(original);
  });
});

describe('errors through the adapter', () => {
  it('name the command actually sent and its resource', async () => {
    const fake = new FakeAws()
      .autoscaling('DescribeAutoScalingGroups', awsError('AccessDenied', 'not authorized', { status: 403 }))
      .autoscaling('UpdateAutoScalingGroup', awsError('AccessDenied', 'not authorized', { status: 403 }));
    const cloud = fake.cloud();
    const messages = await Promise.all([
      cloud.describeGroups({ cluster: 'prod' }).then(() => '', (e: unknown) => (e as Error).message),
      cloud.setGroupSize('web', { min: 1, max: 2, desired: 2 }).then(() => '', (e: unknown) => (e as Error).message),
    ]);
    expect(messages[0]).toContain('Not authorized to perform autoscaling:DescribeAutoScalingGroups on Auto Scaling groups tagged for cluster prod');
    expect(messages[1]).toContain('Not authorized to perform autoscaling:UpdateAutoScalingGroup on Auto Scaling group web');
  });

  it('name EC2’s action when DescribeInstances is refused', async () => {
    const fake = new FakeAws()
      .autoscaling('DescribeAutoScalingGroups', { AutoScalingGroups: [asg('web', { Instances: [] })] })
      .autoscaling('DescribeLaunchConfigurations', { LaunchConfigurations: [] });
    const withInstance = new FakeAws()
      .autoscaling('DescribeAutoScalingGroups', {
        AutoScalingGroups: [asg('web', { Instances: [{ InstanceId: 'i-1', AvailabilityZone: 'a', LifecycleState: 'InService', HealthStatus: 'Healthy', ProtectedFromScaleIn: false }] })],
      })
      .ec2('DescribeInstances', awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', { status: 403 }));
    await expect(fake.cloud().describeGroups({ cluster: 'prod' })).resolves.toHaveLength(1);
    await expect(withInstance.cloud().describeGroups({ cluster: 'prod' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('Add "ec2:DescribeInstances" to the IAM policy') as string,
    });
  });
});
