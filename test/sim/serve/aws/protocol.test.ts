// The wire: what the installed SDK sends (so an SDK upgrade that changes protocol fails here first),
// the XML envelopes of both dialects, errors for unknown actions, escaping, and the per-action counts.
import type { IncomingMessage } from 'node:http';
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { serve, type Served } from './served.js';

let s: Served | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

interface Seen {
  headers: IncomingMessage['headers'];
  body: string;
}

function recorder(): { seen: Seen[]; tap: (req: IncomingMessage) => void } {
  const seen: Seen[] = [];
  return {
    seen,
    tap: (req) => {
      const entry: Seen = { headers: req.headers, body: '' };
      seen.push(entry);
      req.on('data', (chunk: Buffer) => {
        entry.body += chunk.toString('utf8');
      });
    },
  };
}

async function post(endpoint: string, body: string): Promise<{ status: number; text: string; requestId: string | null }> {
  const res = await fetch(`${endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  return { status: res.status, text: await res.text(), requestId: res.headers.get('x-amzn-requestid') };
}

describe('what the installed SDK sends', () => {
  it('Auto Scaling: awsQuery, a form POST with Action, Version 2011-01-01 and .member. lists', async () => {
    const rec = recorder();
    s = await serve({ tap: rec.tap });
    await s.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['demo-general'], Filters: [{ Name: 'tag-key', Values: ['a', 'b'] }], MaxRecords: 10 }));
    const [req] = rec.seen;
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req?.headers['x-amz-target']).toBeUndefined();
    expect(req?.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=x\/\d{8}\/eu-west-1\/autoscaling\/aws4_request/);
    expect(req?.body).toBe(
      'Action=DescribeAutoScalingGroups&Version=2011-01-01&AutoScalingGroupNames.member.1=demo-general&MaxRecords=10' +
        '&Filters.member.1.Name=tag-key&Filters.member.1.Values.member.1=a&Filters.member.1.Values.member.2=b',
    );
  });

  it('EC2: ec2Query, a form POST with Action, Version 2016-11-15 and .N lists', async () => {
    const rec = recorder();
    s = await serve({ tap: rec.tap });
    const id = [...(s.ctx.world.instances.keys())][0]!;
    await s.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id], Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }));
    const [req] = rec.seen;
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req?.body).toBe(`Action=DescribeInstances&Version=2016-11-15&InstanceId.1=${id}&Filter.1.Name=instance-state-name&Filter.1.Value.1=running`);
  });
});

describe('envelopes', () => {
  it('Auto Scaling answers <XResponse><XResult>… with ResponseMetadata and the request id header', async () => {
    s = await serve();
    const res = await post(s.endpoint, 'Action=DescribeAutoScalingGroups&Version=2011-01-01&AutoScalingGroupNames.member.1=demo-memory');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(
      /^<DescribeAutoScalingGroupsResponse xmlns="http:\/\/autoscaling\.amazonaws\.com\/doc\/2011-01-01\/"><DescribeAutoScalingGroupsResult><AutoScalingGroups><member><AutoScalingGroupName>demo-memory</,
    );
    expect(res.text).toContain(`<ResponseMetadata><RequestId>${res.requestId}</RequestId></ResponseMetadata></DescribeAutoScalingGroupsResponse>`);
  });

  it('an action without output has no Result element', async () => {
    s = await serve();
    const res = await post(s.endpoint, 'Action=SuspendProcesses&Version=2011-01-01&AutoScalingGroupName=demo-memory&ScalingProcesses.member.1=AZRebalance');
    expect(res.text).toMatch(/^<SuspendProcessesResponse xmlns="[^"]+"><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/SuspendProcessesResponse>$/);
  });

  it('EC2 answers <XResponse><requestId>… with <item> lists', async () => {
    s = await serve();
    const res = await post(s.endpoint, 'Action=DescribeInstances&Version=2016-11-15&MaxResults=5');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<DescribeInstancesResponse xmlns="http:\/\/ec2\.amazonaws\.com\/doc\/2016-11-15\/"><requestId>[0-9a-f-]{36}<\/requestId><reservationSet><item><reservationId>r-/);
    expect(res.text).toMatch(/<\/reservationSet><nextToken>[^<]+<\/nextToken><\/DescribeInstancesResponse>$/);
  });

  it.each([
    ['2011-01-01', /^<ErrorResponse xmlns="[^"]+"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>The action Fly is not valid for this web service\.<\/Message><\/Error><RequestId>/],
    ['2016-11-15', /<Response><Errors><Error><Code>InvalidAction<\/Code><Message>The action Fly is not valid for this web service\.<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/],
  ])('an unknown action of version %s is InvalidAction, 400, in that service dialect', async (version, shape) => {
    s = await serve();
    const res = await post(s.endpoint, `Action=Fly&Version=${version}`);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(shape);
  });

  it.each(['toString', 'constructor', '__proto__'])('does not mistake %s for an action or a version', async (name) => {
    s = await serve();
    expect((await post(s.endpoint, `Action=${name}&Version=2011-01-01`)).text).toContain('<Code>InvalidAction</Code>');
    expect((await post(s.endpoint, `Action=DescribeInstances&Version=${name}`)).text).toContain('<Code>NoSuchVersion</Code>');
  });

  it('accepts the parameters in a GET query string too', async () => {
    s = await serve();
    const res = await fetch(`${s.endpoint}/?Action=DescribeAutoScalingGroups&Version=2011-01-01&AutoScalingGroupNames.member.1=demo-general`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<AutoScalingGroupName>demo-general</AutoScalingGroupName>');
  });
});

describe('escaping', () => {
  const yaml = [
    'cluster: esc',
    'region: eu-west-1',
    'zones: [{name: eu-west-1a}]',
    'instanceTypes: {m5.large: {cpu: 2000, memory: 8000}}',
    'launchTemplates:',
    '  - {id: lt-0esc, versions: [{version: 1, imageId: ami-1, instanceType: m5.large}]}',
    'nodeGroups:',
    '  - name: ng',
    '    zones: [eu-west-1a]',
    '    min: 0',
    '    max: 2',
    '    launchTemplate: {id: lt-0esc, version: $Latest}',
    `    tags: {team: "a<b&c>\\"d'e"}`,
    '    instances: [{zone: eu-west-1a, count: 1}]',
  ].join('\n');

  it('escapes tag values in the XML, and the SDK reads them back unchanged', async () => {
    s = await serve({ yaml });
    const raw = await post(s.endpoint, 'Action=DescribeAutoScalingGroups&Version=2011-01-01');
    expect(raw.text).toContain('<Value>a&lt;b&amp;c&gt;&quot;d&apos;e</Value>');
    const out = await s.asg.send(new DescribeAutoScalingGroupsCommand({ Filters: [{ Name: 'tag:team', Values: [`a<b&c>"d'e`] }] }));
    expect(out.AutoScalingGroups?.[0]?.Tags?.find((t) => t.Key === 'team')?.Value).toBe(`a<b&c>"d'e`);
    const ec2 = await s.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:team', Values: ['a<b*'] }] }));
    expect(ec2.Reservations).toHaveLength(1);
  });
});

describe('counts', () => {
  it('counts requests per action, unknown ones included', async () => {
    s = await serve();
    await s.asg.send(new DescribeAutoScalingGroupsCommand({}));
    await s.asg.send(new DescribeAutoScalingGroupsCommand({}));
    await s.ec2.send(new DescribeInstancesCommand({}));
    await post(s.endpoint, 'Action=Fly&Version=2011-01-01');
    expect(s.api.counts()).toEqual({ DescribeAutoScalingGroups: 2, DescribeInstances: 1, Fly: 1 });
  });
});
