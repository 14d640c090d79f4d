// An Auto Scaling group as DescribeAutoScalingGroups returns it, in dextre's model: the same values the
// simulator's view gives for the same group (instances by id, suspended processes sorted, tags as a
// record), with launch templates always named by id.
import type { AutoScalingGroup, Instance, LaunchTemplateSpecification } from '@aws-sdk/client-auto-scaling';
import type { GroupInstance, LaunchTemplateRef, NodeGroup } from '../../core/model.js';
import type { InstanceFacts } from './instances.js';
import { modelLifecycle } from './lifecycle.js';

/** What the other requests found out, for the groups' mapping. */
export interface GroupFacts {
  /** EC2's record per instance id. */
  instances: ReadonlyMap<string, InstanceFacts>;
  /** Launch configuration name → its AMI. */
  configurationImages: ReadonlyMap<string, string>;
  /** Launch template name → id, for references by name. */
  templateIds: ReadonlyMap<string, string>;
}

export function groupModel(g: AutoScalingGroup, facts: GroupFacts): NodeGroup {
  const instances = (g.Instances ?? [])
    .map((i) => instanceModel(i, facts))
    .filter((i): i is GroupInstance => i !== undefined)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const group: NodeGroup = {
    name: g.AutoScalingGroupName ?? '',
    zones: [...(g.AvailabilityZones ?? [])],
    min: g.MinSize ?? 0,
    max: g.MaxSize ?? 0,
    desired: g.DesiredCapacity ?? 0,
    suspendedProcesses: (g.SuspendedProcesses ?? []).flatMap((p) => (p.ProcessName !== undefined ? [p.ProcessName] : [])).sort(),
    instances,
    tags: Object.fromEntries((g.Tags ?? []).flatMap((t) => (t.Key !== undefined ? [[t.Key, t.Value ?? '']] : []))),
  };
  const mixed = g.MixedInstancesPolicy?.LaunchTemplate;
  const template = templateRef(g.LaunchTemplate ?? mixed?.LaunchTemplateSpecification, facts.templateIds);
  if (template) group.launchTemplate = template;
  const overrides = (mixed?.Overrides ?? []).flatMap((o) => {
    const ref = templateRef(o.LaunchTemplateSpecification, facts.templateIds);
    return ref && o.InstanceType !== undefined ? [{ instanceType: o.InstanceType, launchTemplate: ref }] : [];
  });
  if (overrides.length > 0) group.launchTemplateOverrides = overrides;
  if (g.LaunchConfigurationName !== undefined) {
    group.launchConfiguration = g.LaunchConfigurationName;
    const imageId = facts.configurationImages.get(g.LaunchConfigurationName);
    if (imageId !== undefined) group.launchConfigurationImageId = imageId;
  }
  return group;
}

/**
 * The instance in the model; undefined once it has left the group (Terminated, Detached). What EC2 does
 * not know yet (an instance a moment after launch) stays empty: AMI `''`, launch time 0.
 */
function instanceModel(i: Instance, facts: GroupFacts): GroupInstance | undefined {
  const lifecycleState = modelLifecycle(i.LifecycleState);
  if (i.InstanceId === undefined || lifecycleState === undefined) return undefined;
  const ec2 = facts.instances.get(i.InstanceId);
  const instance: GroupInstance = {
    id: i.InstanceId,
    zone: i.AvailabilityZone ?? '',
    lifecycleState,
    // Auto Scaling's ImageId (present after a root volume replacement) is the AMI the instance runs now.
    imageId: i.ImageId ?? ec2?.imageId ?? '',
    instanceType: i.InstanceType ?? ec2?.instanceType ?? '',
    launchTime: ec2?.launchTime ?? 0,
  };
  const template = templateRef(i.LaunchTemplate, facts.templateIds);
  if (template) instance.launchTemplate = template;
  if (i.LaunchConfigurationName !== undefined) instance.launchConfiguration = i.LaunchConfigurationName;
  return instance;
}

/**
 * A reference in the model: by id (a name is resolved; a name that no longer exists stands in for the
 * id, so the planner reports the template as not found), version `$Default` when none is given (AWS's
 * default).
 */
function templateRef(spec: LaunchTemplateSpecification | undefined, ids: ReadonlyMap<string, string>): LaunchTemplateRef | undefined {
  if (!spec) return undefined;
  const id = spec.LaunchTemplateId ?? (spec.LaunchTemplateName !== undefined ? (ids.get(spec.LaunchTemplateName) ?? spec.LaunchTemplateName) : undefined);
  if (id === undefined) return undefined;
  return { id, version: spec.Version ?? '$Default' };
}

/** Template names that references carry without an id: to resolve before mapping. */
export function templateNamesWithoutId(groups: readonly AutoScalingGroup[]): string[] {
  const names = new Set<string>();
  const add = (spec: LaunchTemplateSpecification | undefined) => {
    if (spec && spec.LaunchTemplateId === undefined && spec.LaunchTemplateName !== undefined) names.add(spec.LaunchTemplateName);
  };
  for (const g of groups) {
    add(g.LaunchTemplate);
    add(g.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification);
    for (const o of g.MixedInstancesPolicy?.LaunchTemplate?.Overrides ?? []) add(o.LaunchTemplateSpecification);
    for (const i of g.Instances ?? []) add(i.LaunchTemplate);
  }
  return [...names].sort();
}
