// The NodeGroupCloud port over Amazon EC2 Auto Scaling and EC2. Every method may be re-issued after a
// crash (a resumed roll repeats the effect it was running) and then changes nothing more:
//   describeGroups, describeLaunchTemplates  read only.
//   setGroupSize       absolute min/max/desired: a second call sets the same values.
//   suspendProcesses, resumeProcesses  set semantics on the named processes; an empty list sends nothing.
//   terminateInstance  an instance already leaving or gone answers `already-gone`, desired is not lowered twice.
import type { GroupSize, NodeGroupCloud } from '../port.js';
import { DextreError } from '../../core/errors.js';
import type { LaunchTemplate, NodeGroup } from '../../core/model.js';
import type { AwsApis } from './api.js';
import { call, translated } from './call.js';
import { awsFailure } from './errors.js';
import { findGroups } from './groups.js';
import { groupModel, templateNamesWithoutId } from './group-view.js';
import { describeInstanceFacts, launchConfigurationImages, type InstanceFacts } from './instances.js';
import { isLeaving, modelLifecycle } from './lifecycle.js';
import { describeLaunchTemplates, templateIdsByName } from './templates.js';

/** TerminateInstanceInAutoScalingGroup's ValidationError for an instance in no group (already terminated and gone). */
const INSTANCE_NOT_FOUND = /Instance Id not found|No managed instance found/i;

export class AwsCloud implements NodeGroupCloud {
  /** Each group's min and max as last seen here (read, or written by this adapter): decides SetDesiredCapacity vs UpdateAutoScalingGroup. */
  private readonly bounds = new Map<string, { min: number; max: number }>();

  constructor(private readonly aws: AwsApis) {}

  async describeGroups(filter: { cluster: string; names?: string[] }): Promise<NodeGroup[]> {
    const raw = await findGroups(this.aws.autoscaling, filter);
    const live = raw.flatMap((g) => (g.Instances ?? []).filter((i) => modelLifecycle(i.LifecycleState) !== undefined));
    const instanceIds = live.flatMap((i) => (i.InstanceId !== undefined ? [i.InstanceId] : []));
    const configurations = [...new Set(raw.flatMap((g) => (g.LaunchConfigurationName !== undefined ? [g.LaunchConfigurationName] : [])))];
    const names = templateNamesWithoutId(raw);
    const [instances, configurationImages, templateIds] = await Promise.all([
      instanceIds.length > 0 ? describeInstanceFacts(this.aws.ec2, instanceIds) : new Map<string, InstanceFacts>(),
      configurations.length > 0 ? launchConfigurationImages(this.aws.autoscaling, configurations) : new Map<string, string>(),
      names.length > 0 ? templateIdsByName(this.aws.ec2, names) : new Map<string, string>(),
    ]);
    const groups = raw.map((g) => groupModel(g, { instances, configurationImages, templateIds }));
    for (const g of groups) this.bounds.set(g.name, { min: g.min, max: g.max });
    return groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async describeLaunchTemplates(ids: string[]): Promise<LaunchTemplate[]> {
    return ids.length > 0 ? describeLaunchTemplates(this.aws.ec2, ids) : [];
  }

  /**
   * SetDesiredCapacity when min and max stay as last seen (the common step of a roll: only desired
   * moves), else UpdateAutoScalingGroup with all three, so max changes only when the core changes it.
   * A SetDesiredCapacity refused because the bounds moved under us is redone as an update.
   */
  async setGroupSize(group: string, size: GroupSize): Promise<void> {
    const { min, max, desired } = size;
    const known = this.bounds.get(group);
    const resource = `Auto Scaling group ${group}`;
    if (known && known.min === min && known.max === max) {
      try {
        await this.aws.autoscaling.send('SetDesiredCapacity', { AutoScalingGroupName: group, DesiredCapacity: desired, HonorCooldown: false });
        return;
      } catch (e: unknown) {
        if (awsFailure(e)?.code !== 'ValidationError' || /not found/i.test(awsFailure(e)?.message ?? '')) {
          throw await translated(this.aws.autoscaling, 'SetDesiredCapacity', resource, e);
        }
      }
    }
    await call(this.aws.autoscaling, 'UpdateAutoScalingGroup', { AutoScalingGroupName: group, MinSize: min, MaxSize: max, DesiredCapacity: desired }, resource);
    this.bounds.set(group, { min, max });
  }

  /** Exactly the processes named; an empty list sends nothing (AWS would suspend every process). */
  async suspendProcesses(group: string, processes: string[]): Promise<void> {
    if (processes.length === 0) return;
    await call(this.aws.autoscaling, 'SuspendProcesses', { AutoScalingGroupName: group, ScalingProcesses: [...processes] }, `Auto Scaling group ${group}`);
  }

  /** Exactly the processes named; an empty list sends nothing (AWS would resume every process). */
  async resumeProcesses(group: string, processes: string[]): Promise<void> {
    if (processes.length === 0) return;
    await call(this.aws.autoscaling, 'ResumeProcesses', { AutoScalingGroupName: group, ScalingProcesses: [...processes] }, `Auto Scaling group ${group}`);
  }

  /**
   * TerminateInstanceInAutoScalingGroup, lowering desired. `already-gone` when Auto Scaling no longer
   * manages the instance ("Instance Id not found - No managed instance found for instance ID …"), or
   * when it refuses because the instance is not InService/Standby and DescribeAutoScalingInstances
   * shows it leaving or gone ("The instance … is not in InService or EnteringStandby or Standby"); a
   * CONFLICT (retried) while it is still launching.
   */
  async terminateInstance(instanceId: string): Promise<'terminating' | 'already-gone'> {
    const asg = this.aws.autoscaling;
    const resource = `instance ${instanceId}`;
    try {
      await asg.send('TerminateInstanceInAutoScalingGroup', { InstanceId: instanceId, ShouldDecrementDesiredCapacity: true });
      return 'terminating';
    } catch (e: unknown) {
      const failure = awsFailure(e);
      if (failure?.code !== 'ValidationError') throw await translated(asg, 'TerminateInstanceInAutoScalingGroup', resource, e);
      if (INSTANCE_NOT_FOUND.test(failure.message)) return 'already-gone';
      if (!/is not in InService/i.test(failure.message)) throw await translated(asg, 'TerminateInstanceInAutoScalingGroup', resource, e);
      const answer = await call(asg, 'DescribeAutoScalingInstances', { InstanceIds: [instanceId] }, resource);
      const state = answer.AutoScalingInstances?.find((i) => i.InstanceId === instanceId)?.LifecycleState;
      if (state === undefined || isLeaving(state)) return 'already-gone';
      throw new DextreError(
        'CONFLICT',
        `Auto Scaling cannot terminate ${resource} while it is ${state} (it terminates InService and Standby instances); the call is retried. AWS said: ${failure.message}`,
        { cause: e },
      );
    }
  }
}
