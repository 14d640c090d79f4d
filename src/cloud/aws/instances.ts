// What the group's answer lacks: each instance's AMI and launch time (EC2), and the AMI of each
// launch configuration (Auto Scaling).
import type { AutoScalingCommands, AwsService, Ec2Commands } from './api.js';
import { allPages, batches, call } from './call.js';
import { listed } from './groups.js';

export interface InstanceFacts {
  imageId?: string;
  /** Epoch seconds. */
  launchTime?: number;
  instanceType?: string;
}

/** Instance ids per request: filter values, kept well inside EC2's limits. */
const INSTANCE_BATCH = 100;
/** DescribeInstances pages hold 5…1000 results. */
const INSTANCE_PAGE = 1000;
/** DescribeLaunchConfigurations takes at most 50 names; pages hold at most 100. */
const CONFIGURATION_BATCH = 50;
const CONFIGURATION_PAGE = 100;

/**
 * EC2's record of each instance, by id. The ids go in an `instance-id` filter rather than InstanceIds:
 * an id EC2 does not know (yet — an instance a moment after launch — or any more) is then simply
 * missing from the answer instead of failing the whole request with InvalidInstanceID.NotFound.
 */
export async function describeInstanceFacts(ec2: AwsService<Ec2Commands>, ids: readonly string[]): Promise<Map<string, InstanceFacts>> {
  const facts = new Map<string, InstanceFacts>();
  for (const batch of batches([...new Set(ids)], INSTANCE_BATCH)) {
    const reservations = await allPages(async (token) => {
      const answer = await call(
        ec2,
        'DescribeInstances',
        { Filters: [{ Name: 'instance-id', Values: batch }], MaxResults: INSTANCE_PAGE, ...(token !== undefined ? { NextToken: token } : {}) },
        listed('instance', batch),
      );
      return { items: answer.Reservations, next: answer.NextToken };
    });
    for (const instance of reservations.flatMap((r) => r.Instances ?? [])) {
      if (instance.InstanceId === undefined) continue;
      const launched = instance.LaunchTime !== undefined ? Math.floor(new Date(instance.LaunchTime).getTime() / 1000) : undefined;
      facts.set(instance.InstanceId, {
        ...(instance.ImageId !== undefined ? { imageId: instance.ImageId } : {}),
        ...(launched !== undefined && Number.isFinite(launched) ? { launchTime: launched } : {}),
        ...(instance.InstanceType !== undefined ? { instanceType: instance.InstanceType } : {}),
      });
    }
  }
  return facts;
}

/** The AMI of each launch configuration named, by name; a configuration that does not exist is absent. */
export async function launchConfigurationImages(asg: AwsService<AutoScalingCommands>, names: readonly string[]): Promise<Map<string, string>> {
  const images = new Map<string, string>();
  for (const batch of batches([...new Set(names)], CONFIGURATION_BATCH)) {
    const configurations = await allPages(async (token) => {
      const answer = await call(
        asg,
        'DescribeLaunchConfigurations',
        { LaunchConfigurationNames: batch, MaxRecords: CONFIGURATION_PAGE, ...(token !== undefined ? { NextToken: token } : {}) },
        listed('launch configuration', batch),
      );
      return { items: answer.LaunchConfigurations, next: answer.NextToken };
    });
    for (const lc of configurations) {
      if (lc.LaunchConfigurationName !== undefined && lc.ImageId !== undefined) images.set(lc.LaunchConfigurationName, lc.ImageId);
    }
  }
  return images;
}
