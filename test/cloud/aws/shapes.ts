// Real-shaped SDK outputs for canned answers: what DescribeAutoScalingGroups, DescribeInstances and the
// launch template calls return, with the fields the API documents (and the SDK types require).
import type { AutoScalingGroup, Instance as AsgInstance } from '@aws-sdk/client-auto-scaling';
import type { _InstanceType, Instance as Ec2Instance, LaunchTemplate, LaunchTemplateVersion, Reservation } from '@aws-sdk/client-ec2';

/** 2026-01-01T00:00:00Z. */
export const T0_DATE = new Date('2026-01-01T00:00:00Z');
export const T0 = 1_767_225_600;
export const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

/** An InService instance launched from lt-0abc version 7. */
export function asgInstance(id: string, extra: Partial<AsgInstance> = {}): AsgInstance {
  return {
    InstanceId: id,
    InstanceType: 'm5.large',
    AvailabilityZone: ZONES[0],
    LifecycleState: 'InService',
    HealthStatus: 'Healthy',
    LaunchTemplate: { LaunchTemplateId: 'lt-0abc', LaunchTemplateName: 'nodes', Version: '7' },
    ProtectedFromScaleIn: false,
    ...extra,
  };
}

/** A group on lt-0abc:$Latest, tagged for cluster `prod`, with the instances given. */
export function asg(name: string, extra: Partial<AutoScalingGroup> = {}): AutoScalingGroup {
  const instances = extra.Instances ?? [];
  return {
    AutoScalingGroupName: name,
    AutoScalingGroupARN: `arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/${name}`,
    LaunchTemplate: { LaunchTemplateId: 'lt-0abc', LaunchTemplateName: 'nodes', Version: '$Latest' },
    MinSize: 1,
    MaxSize: 10,
    DesiredCapacity: instances.length,
    DefaultCooldown: 300,
    AvailabilityZones: [...ZONES],
    HealthCheckType: 'EC2',
    HealthCheckGracePeriod: 300,
    Instances: instances,
    CreatedTime: T0_DATE,
    SuspendedProcesses: [],
    VPCZoneIdentifier: 'subnet-a,subnet-b,subnet-c',
    Tags: [
      { ResourceId: name, ResourceType: 'auto-scaling-group', Key: 'kubernetes.io/cluster/prod', Value: 'owned', PropagateAtLaunch: true },
      { ResourceId: name, ResourceType: 'auto-scaling-group', Key: 'Name', Value: `${name}-node`, PropagateAtLaunch: true },
    ],
    TerminationPolicies: ['Default'],
    NewInstancesProtectedFromScaleIn: false,
    ...extra,
  };
}

/** EC2's record of an instance: running, launched `launchTime` (default a day before T0) from `imageId`. */
export function ec2Instance(id: string, imageId: string, launchTime = new Date(T0_DATE.getTime() - 86_400_000)): Ec2Instance {
  return {
    InstanceId: id,
    ImageId: imageId,
    InstanceType: 'm5.large',
    LaunchTime: launchTime,
    Placement: { AvailabilityZone: ZONES[0], Tenancy: 'default' },
    State: { Code: 16, Name: 'running' },
    PrivateDnsName: `ip-10-0-0-1.eu-west-1.compute.internal`,
  };
}

export function reservation(...instances: Ec2Instance[]): Reservation {
  return { ReservationId: `r-${instances[0]?.InstanceId ?? 'none'}`, OwnerId: '123456789012', Instances: instances };
}

export function launchTemplate(id: string, name: string, defaultVersion: number, latestVersion: number): LaunchTemplate {
  return {
    LaunchTemplateId: id,
    LaunchTemplateName: name,
    CreateTime: T0_DATE,
    CreatedBy: 'arn:aws:iam::123456789012:role/admin',
    DefaultVersionNumber: defaultVersion,
    LatestVersionNumber: latestVersion,
  };
}

export function templateVersion(id: string, version: number, imageId: string | undefined, instanceType = 'm5.large'): LaunchTemplateVersion {
  return {
    LaunchTemplateId: id,
    LaunchTemplateName: 'nodes',
    VersionNumber: version,
    CreateTime: T0_DATE,
    DefaultVersion: false,
    LaunchTemplateData: {
      ...(imageId !== undefined ? { ImageId: imageId } : {}),
      InstanceType: instanceType as _InstanceType,
    },
  };
}
