// Auto Scaling's XML for the simulator's views: AutoScalingGroup, Instance, AutoScalingInstanceDetails,
// LaunchConfiguration and Activity, member names and order as the 2011-01-01 API returns them.
import type { GroupInstance, LaunchTemplateRef, NodeGroup } from '../../../core/model.js';
import type { LaunchConfigurationSpec } from '../../fixture/types.js';
import { groupArn, launchConfigurationArn, SERVICE_LINKED_ROLE, type AwsFace } from './face.js';
import { el, iso, list, text, textList, type Children, type Fragment } from './xml.js';

/** Settings the simulator does not model, reported with AWS's defaults. */
const DEFAULT_COOLDOWN = 300;
const HEALTH_CHECK_GRACE_PERIOD = 300;

/** `includeInstances: false` leaves the Instances list out (DescribeAutoScalingGroups' IncludeInstances). */
export function groupXml(face: AwsFace, g: NodeGroup, includeInstances = true): Children {
  const region = face.region;
  return [
    text('AutoScalingGroupName', g.name),
    text('AutoScalingGroupARN', groupArn(region, g.name)),
    g.launchTemplate ? launchTemplateXml(face, g.launchTemplate) : undefined,
    text('LaunchConfigurationName', g.launchConfiguration),
    text('MinSize', g.min),
    text('MaxSize', g.max),
    text('DesiredCapacity', g.desired),
    text('DefaultCooldown', DEFAULT_COOLDOWN),
    textList('AvailabilityZones', 'member', g.zones),
    el('LoadBalancerNames'),
    el('TargetGroupARNs'),
    text('HealthCheckType', 'EC2'),
    text('HealthCheckGracePeriod', HEALTH_CHECK_GRACE_PERIOD),
    includeInstances ? list('Instances', 'member', g.instances, (i) => groupInstanceXml(face, i)) : undefined,
    text('CreatedTime', iso(face.origins.group(g.name))),
    list('SuspendedProcesses', 'member', g.suspendedProcesses, (p) => [
      text('ProcessName', p),
      text('SuspensionReason', `User suspended at ${iso(face.suspendedAt.get(`${g.name}/${p}`) ?? face.origins.group(g.name)).replace('.000Z', 'Z')}`),
    ]),
    el('EnabledMetrics'),
    list('Tags', 'member', Object.keys(g.tags).sort(), (key) => [
      text('ResourceId', g.name),
      text('ResourceType', 'auto-scaling-group'),
      text('Key', key),
      text('Value', g.tags[key]),
      text('PropagateAtLaunch', true),
    ]),
    textList('TerminationPolicies', 'member', ['Default']),
    text('NewInstancesProtectedFromScaleIn', false),
    text('ServiceLinkedRoleARN', SERVICE_LINKED_ROLE),
    text('CapacityRebalance', false),
  ];
}

/** An instance as DescribeAutoScalingGroups lists it (HealthStatus in title case, as AWS does there). */
function groupInstanceXml(face: AwsFace, i: GroupInstance): Children {
  return [
    text('InstanceId', i.id),
    text('InstanceType', i.instanceType),
    text('AvailabilityZone', i.zone),
    text('LifecycleState', i.lifecycleState),
    text('HealthStatus', 'Healthy'),
    i.launchTemplate ? launchTemplateXml(face, i.launchTemplate) : undefined,
    text('LaunchConfigurationName', i.launchConfiguration),
    text('ProtectedFromScaleIn', false),
  ];
}

/** An instance as DescribeAutoScalingInstances lists it (HealthStatus upper case there, as AWS does). */
export function autoScalingInstanceXml(face: AwsFace, group: string, i: GroupInstance): Children {
  return [
    text('InstanceId', i.id),
    text('InstanceType', i.instanceType),
    text('AutoScalingGroupName', group),
    text('AvailabilityZone', i.zone),
    text('LifecycleState', i.lifecycleState),
    text('HealthStatus', 'HEALTHY'),
    i.launchTemplate ? launchTemplateXml(face, i.launchTemplate) : undefined,
    text('LaunchConfigurationName', i.launchConfiguration),
    text('ProtectedFromScaleIn', false),
  ];
}

function launchTemplateXml(face: AwsFace, ref: LaunchTemplateRef): Fragment {
  const name = face.ctx.world.launchTemplates.get(ref.id)?.name;
  return el('LaunchTemplate', text('LaunchTemplateId', ref.id), text('LaunchTemplateName', name), text('Version', ref.version));
}

export function launchConfigurationXml(face: AwsFace, lc: LaunchConfigurationSpec): Children {
  return [
    text('LaunchConfigurationName', lc.name),
    text('LaunchConfigurationARN', launchConfigurationArn(face.region, lc.name)),
    text('ImageId', lc.imageId),
    text('KeyName', ''),
    el('SecurityGroups'),
    el('ClassicLinkVPCSecurityGroups'),
    text('UserData', ''),
    text('InstanceType', lc.instanceType),
    text('KernelId', ''),
    text('RamdiskId', ''),
    el('BlockDeviceMappings'),
    el('InstanceMonitoring', text('Enabled', false)),
    text('CreatedTime', iso(face.origins.launchConfiguration(lc.name))),
    text('EbsOptimized', false),
  ];
}

export interface Activity {
  id: string;
  group: string;
  instanceId: string;
  zone: string;
  /** Epoch seconds. */
  at: number;
  /** Desired capacity before and after, when the termination decremented it. */
  shrink?: { from: number; to: number };
}

/** The Activity TerminateInstanceInAutoScalingGroup returns: just started, InProgress. */
export function activityXml(face: AwsFace, a: Activity): Children {
  const when = iso(a.at).replace('.000Z', 'Z');
  const shrink = a.shrink ? `, shrinking the capacity from ${a.shrink.from} to ${a.shrink.to}` : '';
  return [
    text('ActivityId', a.id),
    text('AutoScalingGroupName', a.group),
    text('AutoScalingGroupARN', groupArn(face.region, a.group)),
    text('Description', `Terminating EC2 instance: ${a.instanceId}`),
    text('Cause', `At ${when} instance ${a.instanceId} was taken out of service in response to a user request${shrink}.`),
    text('StartTime', iso(a.at)),
    text('StatusCode', 'InProgress'),
    text('Progress', 0),
    text('Details', JSON.stringify({ 'Availability Zone': a.zone })),
  ];
}
