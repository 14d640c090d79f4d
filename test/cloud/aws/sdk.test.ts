// The factory's wiring: the real SDK v3 clients, pointed at a local Query endpoint, send the commands
// the adapter names, parse AWS's XML into the same model, and their errors (after the SDK's retries)
// are translated. Also: the SDK is never loaded by importing the adapter.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterEach, describe, expect, it } from 'vitest';
import { createAwsCloud } from '../../../src/cloud/aws/index.js';
import { DextreError } from '../../../src/core/errors.js';
import { asgEmpty, asgError, asgResponse, ec2Error, ec2Response, QueryServer, type QueryAnswer, type QueryRequest } from './query-server.js';
import { T0 } from './shapes.js';

const GROUP = `<AutoScalingGroups><member>
  <AutoScalingGroupName>web</AutoScalingGroupName>
  <LaunchTemplate><LaunchTemplateId>lt-0abc</LaunchTemplateId><LaunchTemplateName>nodes</LaunchTemplateName><Version>$Latest</Version></LaunchTemplate>
  <MinSize>1</MinSize><MaxSize>4</MaxSize><DesiredCapacity>1</DesiredCapacity><DefaultCooldown>300</DefaultCooldown>
  <AvailabilityZones><member>eu-west-1a</member><member>eu-west-1b</member></AvailabilityZones>
  <HealthCheckType>EC2</HealthCheckType><CreatedTime>2026-01-01T00:00:00Z</CreatedTime>
  <Instances><member>
    <InstanceId>i-0001</InstanceId><InstanceType>m5.large</InstanceType><AvailabilityZone>eu-west-1b</AvailabilityZone>
    <LifecycleState>InService</LifecycleState><HealthStatus>Healthy</HealthStatus><ProtectedFromScaleIn>false</ProtectedFromScaleIn>
    <LaunchTemplate><LaunchTemplateId>lt-0abc</LaunchTemplateId><LaunchTemplateName>nodes</LaunchTemplateName><Version>7</Version></LaunchTemplate>
  </member></Instances>
  <SuspendedProcesses><member><ProcessName>AZRebalance</ProcessName><SuspensionReason>User suspended</SuspensionReason></member></SuspendedProcesses>
  <Tags><member><ResourceId>web</ResourceId><ResourceType>auto-scaling-group</ResourceType><Key>kubernetes.io/cluster/prod</Key><Value>owned</Value><PropagateAtLaunch>true</PropagateAtLaunch></member></Tags>
</member></AutoScalingGroups>`;

const INSTANCES = `<reservationSet><item><reservationId>r-1</reservationId><ownerId>123456789012</ownerId><instancesSet><item>
  <instanceId>i-0001</instanceId><imageId>ami-v7</imageId><instanceType>m5.large</instanceType><launchTime>2025-12-31T00:00:00.000Z</launchTime>
</item></instancesSet></item></reservationSet>`;

/** A request's own parameters, without Action and Version. */
function withoutProtocol(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'Action' && k !== 'Version'));
}

let server: QueryServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function cloudAnswering(answer: (request: QueryRequest) => QueryAnswer) {
  server = await QueryServer.start(answer);
  return createAwsCloud({
    region: 'eu-west-1',
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    // Three tries in all, a millisecond apart: the SDK's retries without the wait.
    retryStrategy: new ConfiguredRetryStrategy(3, 1),
  });
}

describe('the real SDK behind the adapter', () => {
  it('sends the Query requests and reads AWS’s XML into the model', async () => {
    const cloud = await cloudAnswering((r) => {
      if (r.action === 'DescribeAutoScalingGroups') {
        return asgResponse(r.action, r.params['Filters.member.1.Name'] === 'tag:kubernetes.io/cluster/prod' ? GROUP : '<AutoScalingGroups/>');
      }
      if (r.action === 'DescribeInstances') return ec2Response(r.action, INSTANCES);
      return asgError('InvalidAction', `unexpected ${r.action}`);
    });
    expect(await cloud.describeGroups({ cluster: 'prod' })).toStrictEqual([
      {
        name: 'web',
        zones: ['eu-west-1a', 'eu-west-1b'],
        min: 1,
        max: 4,
        desired: 1,
        launchTemplate: { id: 'lt-0abc', version: '$Latest' },
        suspendedProcesses: ['AZRebalance'],
        instances: [
          {
            id: 'i-0001',
            zone: 'eu-west-1b',
            lifecycleState: 'InService',
            launchTemplate: { id: 'lt-0abc', version: '7' },
            imageId: 'ami-v7',
            instanceType: 'm5.large',
            launchTime: T0 - 86_400,
          },
        ],
        tags: { 'kubernetes.io/cluster/prod': 'owned' },
      },
    ]);
    const first = server?.requests[0];
    expect(first).toMatchObject({
      version: '2011-01-01',
      params: { 'Filters.member.1.Name': 'tag:kubernetes.io/cluster/prod', 'Filters.member.1.Values.member.1': 'owned', 'Filters.member.1.Values.member.2': 'shared', MaxRecords: '100' },
    });
    expect(server?.requests.find((r) => r.action === 'DescribeInstances')).toMatchObject({
      version: '2016-11-15',
      params: { 'Filter.1.Name': 'instance-id', 'Filter.1.Value.1': 'i-0001', MaxResults: '1000' },
    });
    expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBeDefined();
  });

  it('sends the writes with their parameters', async () => {
    const cloud = await cloudAnswering((r) =>
      r.action === 'TerminateInstanceInAutoScalingGroup'
        ? asgError('ValidationError', 'Instance Id not found - No managed instance found for instance ID: i-0dead')
        : asgEmpty(r.action),
    );
    await cloud.setGroupSize('web', { min: 1, max: 5, desired: 3 });
    await cloud.suspendProcesses('web', ['AZRebalance']);
    expect(await cloud.terminateInstance('i-0dead')).toBe('already-gone');
    expect(server?.requests.map((r) => ({ action: r.action, params: withoutProtocol(r.params) }))).toStrictEqual([
      { action: 'UpdateAutoScalingGroup', params: { AutoScalingGroupName: 'web', MinSize: '1', MaxSize: '5', DesiredCapacity: '3' } },
      { action: 'SuspendProcesses', params: { AutoScalingGroupName: 'web', 'ScalingProcesses.member.1': 'AZRebalance' } },
      { action: 'TerminateInstanceInAutoScalingGroup', params: { InstanceId: 'i-0dead', ShouldDecrementDesiredCapacity: 'true' } },
    ]);
  });

  it('gives up on throttling after the SDK’s retries, as THROTTLED', async () => {
    const cloud = await cloudAnswering(() => asgError('Throttling', 'Rate exceeded'));
    const error = await cloud.suspendProcesses('web', ['AZRebalance']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DextreError);
    expect(error).toMatchObject({ code: 'THROTTLED', retryable: true });
    expect(server?.requests).toHaveLength(3);
    expect((error as DextreError).message).toContain('after 3 attempts');
  });

  it('reads AWS’s error code, not the SDK’s class name: ScalingActivityInProgress is a CONFLICT', async () => {
    const cloud = await cloudAnswering(() => asgError('ScalingActivityInProgress', 'Scaling activity 1 is in progress and blocks this action.'));
    await expect(cloud.setGroupSize('web', { min: 1, max: 5, desired: 3 })).rejects.toMatchObject({ code: 'CONFLICT', retryable: true });
  });

  it('names the EC2 action AWS refused', async () => {
    const cloud = await cloudAnswering((r) =>
      r.action === 'DescribeLaunchTemplates'
        ? ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403)
        : asgError('InvalidAction', 'unexpected'),
    );
    await expect(cloud.describeLaunchTemplates(['lt-0abc'])).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('Add "ec2:DescribeLaunchTemplates" to the IAM policy') as string,
    });
  });

  it('reports an endpoint that does not answer as UNAVAILABLE, naming it', async () => {
    const probe = await QueryServer.start(() => asgEmpty('x'));
    const endpoint = probe.endpoint;
    await probe.close(); // nothing listens there any more
    const cloud = await createAwsCloud({
      region: 'eu-west-1',
      endpoint,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      retryStrategy: new ConfiguredRetryStrategy(1, 1),
    });
    await expect(cloud.resumeProcesses('web', ['AZRebalance'])).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining(`${endpoint} did not answer autoscaling:ResumeProcesses for Auto Scaling group web`) as string,
    });
  });
});

describe('loading the adapter', () => {
  it('imports the SDK only inside the factory: every other SDK import is type-only', () => {
    const dir = fileURLToPath(new URL('../../../src/cloud/aws/', import.meta.url));
    const runtime: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const match of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'(@aws-sdk\/[^']+|@smithy\/[^']+)'/gms)) runtime.push(`${file}: ${match[1] ?? ''}`);
    }
    expect(runtime).toStrictEqual([]);
    expect(readFileSync(join(dir, 'index.ts'), 'utf8')).toContain("import('@aws-sdk/client-auto-scaling')");
  });
});
