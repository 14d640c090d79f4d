// The Auto Scaling actions (API version 2011-01-01). Reads render the simulator's views; every write goes
// through the in-process SimCloud, so the served world logs and behaves exactly as the in-process one.
// Checks AWS makes with wording of their own (SetDesiredCapacity out of bounds, an unknown instance)
// are made here first, so such a refused call leaves no action-log entry; the rest (UpdateAutoScalingGroup
// bounds, unknown groups, the min-size rule of a decrementing termination, process names) are SimCloud's
// own, already in AWS's words, and logged as failed calls exactly as in process.
import type { NodeGroup } from '../../../core/model.js';
import { SCALING_PROCESSES } from '../../fixture/types.js';
import type { SimGroup, SimInstance } from '../../state.js';
import { groupView } from '../../views.js';
import { activityXml, autoScalingInstanceXml, groupXml, launchConfigurationXml, type Activity } from './asg-render.js';
import { AwsError, rangeError, validationError } from './errors.js';
import { stableUuid, type AwsFace } from './face.js';
import { autoScalingFilters, type Filter, type QueryParams } from './form.js';
import { paginate } from './paging.js';
import { el, list, text, type Children } from './xml.js';

export type AutoScalingHandler = (face: AwsFace, params: QueryParams) => Promise<Children | undefined>;

export const AUTOSCALING_ACTIONS: Readonly<Record<string, AutoScalingHandler>> = {
  DescribeAutoScalingGroups: async (face, params) => {
    const names = params.list('AutoScalingGroupNames.member');
    const filters = autoScalingFilters(params);
    const limit = maxRecords(params, 100);
    const includeInstances = params.bool('IncludeInstances') ?? true;
    const groups = views(face).filter((g) => (names.length === 0 || names.includes(g.name)) && filters.every((f) => tagFilter(f, g.tags)));
    const page = paginate(groups, (g) => g.name, limit, params.get('NextToken'), invalidToken);
    return [list('AutoScalingGroups', 'member', page.items, (g) => groupXml(face, g, includeInstances)), text('NextToken', page.nextToken)];
  },

  DescribeAutoScalingInstances: async (face, params) => {
    const ids = params.list('InstanceIds.member');
    const limit = maxRecords(params, 50);
    const rows = views(face)
      .flatMap((g) => g.instances.map((instance) => ({ group: g.name, instance })))
      .filter((r) => ids.length === 0 || ids.includes(r.instance.id))
      .sort((a, b) => (a.instance.id < b.instance.id ? -1 : 1));
    const page = paginate(rows, (r) => r.instance.id, limit, params.get('NextToken'), invalidToken);
    return [list('AutoScalingInstances', 'member', page.items, (r) => autoScalingInstanceXml(face, r.group, r.instance)), text('NextToken', page.nextToken)];
  },

  DescribeLaunchConfigurations: async (face, params) => {
    const names = params.list('LaunchConfigurationNames.member');
    const limit = maxRecords(params, 100);
    const all = [...face.ctx.world.launchConfigurations.values()]
      .filter((lc) => names.length === 0 || names.includes(lc.name))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const page = paginate(all, (lc) => lc.name, limit, params.get('NextToken'), invalidToken);
    return [list('LaunchConfigurations', 'member', page.items, (lc) => launchConfigurationXml(face, lc)), text('NextToken', page.nextToken)];
  },

  UpdateAutoScalingGroup: async (face, params) => {
    const name = params.require('AutoScalingGroupName', missing);
    const unsupported = params.unknown(['Action', 'Version', 'AutoScalingGroupName', 'MinSize', 'MaxSize', 'DesiredCapacity']);
    if (unsupported.length > 0) {
      throw validationError(`The dextre simulator models only MinSize, MaxSize and DesiredCapacity of UpdateAutoScalingGroup; remove ${unsupported.join(', ')}.`);
    }
    const g = await sizedGroup(face, name);
    const min = params.int('MinSize', notInteger) ?? g.min;
    const max = params.int('MaxSize', notInteger) ?? g.max;
    let desired = params.int('DesiredCapacity', notInteger);
    if (desired === undefined) {
      // As AWS documents: a new MinSize above the current desired capacity raises it to MinSize, a new
      // MaxSize below it lowers it to MaxSize.
      desired = g.desired;
      if (params.has('MinSize') && min > desired) desired = min;
      if (params.has('MaxSize') && max < desired) desired = max;
    }
    await face.cloud.setGroupSize(name, { min, max, desired });
    return undefined;
  },

  // HonorCooldown is accepted and ignored: the simulator has no cooldowns.
  SetDesiredCapacity: async (face, params) => {
    const name = params.require('AutoScalingGroupName', missing);
    const desired = params.int('DesiredCapacity', notInteger);
    if (desired === undefined) throw missing('DesiredCapacity');
    const g = await sizedGroup(face, name);
    if (desired > g.max) throw validationError(`New SetDesiredCapacity value ${desired} is above max value ${g.max} for the AutoScalingGroup.`);
    if (desired < g.min) throw validationError(`New SetDesiredCapacity value ${desired} is below min value ${g.min} for the AutoScalingGroup.`);
    await face.cloud.setGroupSize(name, { min: g.min, max: g.max, desired });
    return undefined;
  },

  SuspendProcesses: async (face, params) => {
    const name = params.require('AutoScalingGroupName', missing);
    const processes = params.list('ScalingProcesses.member');
    const before = new Set(face.ctx.world.groups.get(name)?.suspended);
    await face.cloud.suspendProcesses(name, processes);
    for (const p of processes.length > 0 ? processes : SCALING_PROCESSES) {
      if (!before.has(p)) face.suspendedAt.set(`${name}/${p}`, face.ctx.world.now);
    }
    return undefined;
  },

  ResumeProcesses: async (face, params) => {
    const name = params.require('AutoScalingGroupName', missing);
    const processes = params.list('ScalingProcesses.member');
    await face.cloud.resumeProcesses(name, processes);
    for (const p of processes.length > 0 ? processes : SCALING_PROCESSES) face.suspendedAt.delete(`${name}/${p}`);
    return undefined;
  },

  TerminateInstanceInAutoScalingGroup: async (face, params) => {
    const id = params.require('InstanceId', missing);
    const decrement = params.bool('ShouldDecrementDesiredCapacity');
    if (decrement === undefined) throw missing('ShouldDecrementDesiredCapacity');
    const world = face.ctx.world;
    const instance = world.instances.get(id);
    const g = instance ? world.groups.get(instance.group) : undefined;
    if (!instance || !g || instance.lifecycle === 'Terminated') {
      // The port's call answers `already-gone` and changes nothing; making it keeps the action log as an
      // in-process re-issue would leave it.
      if (decrement) await face.cloud.terminateInstance(id);
      throw validationError(`Instance Id not found - No managed instance found for instance ID: ${id}`);
    }
    const before = g.desired;
    // An instance already Terminating is accepted again (nothing changes); the port calls that `already-gone`.
    if (decrement) await face.cloud.terminateInstance(id);
    else terminateAndReplace(face, instance, g);
    const activity: Activity = { id: stableUuid(`activity:${id}:${world.now}:${world.actions.length}`), group: g.name, instanceId: id, zone: instance.zone, at: world.now };
    if (g.desired !== before) activity.shrink = { from: before, to: g.desired };
    return [el('Activity', ...activityXml(face, activity))];
  },
};

/**
 * ShouldDecrementDesiredCapacity=false: the instance goes and the group launches a replacement (desired
 * stays). The cloud port has no such call (dextre always decrements), so this composes AutoScaling's own
 * steps and logs the write the way SimCloud logs its calls.
 */
function terminateAndReplace(face: AwsFace, instance: SimInstance, g: SimGroup): void {
  const { ctx } = face;
  const entry = ctx.world.log('cloud', 'terminateInstance', instance.id);
  const wasRunning = instance.lifecycle === 'Pending' || instance.lifecycle === 'InService';
  ctx.asg.instances.beginTermination(instance, 'api');
  ctx.asg.reconcile(g);
  if (entry) entry.detail = wasRunning ? 'terminating (replaced: ShouldDecrementDesiredCapacity=false)' : 'already-gone';
}

function views(face: AwsFace): NodeGroup[] {
  return [...face.ctx.world.groups.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((g) => groupView(face.ctx, g));
}

/**
 * The group whose size a write changes. A missing one is refused by SimCloud itself, so the failed
 * call is in the action log as an in-process call's would be.
 */
async function sizedGroup(face: AwsFace, name: string): Promise<SimGroup> {
  const g = face.ctx.world.groups.get(name);
  if (g) return g;
  await face.cloud.setGroupSize(name, { min: 0, max: 0, desired: 0 });
  throw validationError(`AutoScalingGroup name not found - ${name}`);
}

/** `tag-key`, `tag-value` and `tag:<key>`: any of the filter's values matches. */
function tagFilter(f: Filter, tags: Record<string, string>): boolean {
  if (f.name === 'tag-key') return f.values.some((v) => v in tags);
  if (f.name === 'tag-value') return f.values.some((v) => Object.values(tags).includes(v));
  if (f.name.startsWith('tag:')) {
    const value = tags[f.name.slice(4)];
    return value !== undefined && f.values.includes(value);
  }
  throw validationError(`Filter name ${f.name} is not valid. Valid filter names are: tag-key, tag-value, tag:<key>.`);
}

/** MaxRecords: default 50, at least 1, at most `max` (100 for groups, 50 for instances). */
function maxRecords(params: QueryParams, max: number): number {
  const value = params.int('MaxRecords', notInteger) ?? 50;
  if (value < 1) throw rangeError('MaxRecords', value, 'greater', 1);
  if (value > max) throw rangeError('MaxRecords', value, 'less', max);
  return value;
}

function invalidToken(): AwsError {
  return new AwsError('InvalidNextToken', 'The token provided is not valid.');
}

function missing(name: string): AwsError {
  const lowerCamel = name.charAt(0).toLowerCase() + name.slice(1);
  return validationError(`1 validation error detected: Value null at '${lowerCamel}' failed to satisfy constraint: Member must not be null`);
}

function notInteger(name: string, value: string): AwsError {
  return validationError(`Value '${value}' for parameter ${name} is invalid: it must be a whole number.`);
}
