// The served world behaves exactly as the in-process one: the same changes made through the SDK and
// through SimCloud leave the same action log (what dextre did, then what AWS did in response).
import {
  ResumeProcessesCommand,
  SetDesiredCapacityCommand,
  SuspendProcessesCommand,
  TerminateInstanceInAutoScalingGroupCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { afterEach, expect, it } from 'vitest';
import { SimCloud } from '../../../../src/sim/adapters.js';
import { buildWorld } from '../../../../src/sim/build.js';
import { DEMO_FIXTURE } from '../../../../src/sim/demo.js';
import { SimFaults } from '../../../../src/sim/faults.js';
import { loadFixture } from '../../../../src/sim/fixture/parse.js';
import { advance, rejection, serve, type Served } from './served.js';

let s: Served | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

it('leaves the same action log as the in-process SimCloud for the same calls', async () => {
  const local = buildWorld(loadFixture(DEMO_FIXTURE));
  const cloud = new SimCloud(local, new SimFaults());
  s = await serve();
  const victim = [...local.world.instances.values()].find((i) => i.group === 'demo-memory')!.id;

  await cloud.setGroupSize('demo-general', { min: 3, max: 15, desired: 12 });
  await s.asg.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-general', DesiredCapacity: 12 }));

  await cloud.suspendProcesses('demo-general', ['AZRebalance', 'Launch']);
  await s.asg.send(new SuspendProcessesCommand({ AutoScalingGroupName: 'demo-general', ScalingProcesses: ['AZRebalance', 'Launch'] }));

  advance(local, 100);
  advance(s.ctx, 100);

  await cloud.terminateInstance(victim);
  await s.asg.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: victim, ShouldDecrementDesiredCapacity: true }));

  await cloud.setGroupSize('demo-general', { min: 3, max: 15, desired: 10 });
  await s.asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'demo-general', DesiredCapacity: 10 }));

  await cloud.resumeProcesses('demo-general', []);
  await s.asg.send(new ResumeProcessesCommand({ AutoScalingGroupName: 'demo-general', ScalingProcesses: [] }));

  advance(local, 600);
  advance(s.ctx, 600);

  expect(s.ctx.world.actions.length).toBeGreaterThan(8);
  expect(s.ctx.world.actions).toEqual(local.world.actions);
  expect([...s.ctx.world.instances.values()]).toEqual([...local.world.instances.values()]);
});

it('logs refused writes as the in-process port does (failed calls, an already-gone termination)', async () => {
  const local = buildWorld(loadFixture(DEMO_FIXTURE));
  const cloud = new SimCloud(local, new SimFaults());
  s = await serve();
  const gone = 'i-0123456789abcdef0';

  await expect(cloud.setGroupSize('nope', { min: 0, max: 0, desired: 0 })).rejects.toThrow(/AutoScalingGroup name not found - nope/);
  expect((await rejection(s.asg.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'nope', MinSize: 0 })))).name).toBe('ValidationError');

  await expect(cloud.setGroupSize('demo-general', { min: 3, max: 15, desired: 16 })).rejects.toThrow(/Desired capacity:16/);
  expect((await rejection(s.asg.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-general', DesiredCapacity: 16 })))).name).toBe('ValidationError');

  expect(await cloud.terminateInstance(gone)).toBe('already-gone');
  const e = await rejection(s.asg.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: gone, ShouldDecrementDesiredCapacity: true })));
  expect(e.message).toBe(`Instance Id not found - No managed instance found for instance ID: ${gone}`);

  expect(s.ctx.world.actions.map((a) => a.detail)).toEqual([
    'error: ValidationError: AutoScalingGroup name not found - nope',
    'error: ValidationError: Desired capacity:16 must be between the specified min size:3 and max size:15',
    'already-gone',
  ]);
  expect(s.ctx.world.actions).toEqual(local.world.actions);
});
