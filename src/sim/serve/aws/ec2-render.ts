// EC2's XML (API version 2016-11-15, lower-camel names, `<item>` lists) for the simulator's instances
// and launch templates.
import type { LaunchTemplate, LaunchTemplateVersion, LifecycleState } from '../../../core/model.js';
import type { SimContext } from '../../context.js';
import type { SimInstance } from '../../state.js';
import { ACCOUNT_ID, privateIp, type AwsFace } from './face.js';
import { el, iso, list, text, type Children } from './xml.js';

const CREATED_BY = `arn:aws:iam::${ACCOUNT_ID}:root`;

/** The Auto Scaling lifecycle as EC2's instance state: code and name. */
export function instanceState(lifecycle: LifecycleState): { code: number; name: string } {
  switch (lifecycle) {
    case 'Pending':
      return { code: 0, name: 'pending' };
    case 'InService':
      return { code: 16, name: 'running' };
    case 'Terminating':
      return { code: 32, name: 'shutting-down' };
    case 'Terminated':
      return { code: 48, name: 'terminated' };
  }
}

/**
 * The tags an instance launched by its group carries: the group's tags (propagated at launch), the
 * group's name, and for a launch template its id and version, as EC2 Auto Scaling adds them.
 */
export function instanceTags(ctx: SimContext, i: SimInstance): Record<string, string> {
  const tags: Record<string, string> = { ...(ctx.world.groups.get(i.group)?.tags ?? {}), 'aws:autoscaling:groupName': i.group };
  if (i.launchTemplate) {
    tags['aws:ec2launchtemplate:id'] = i.launchTemplate.id;
    tags['aws:ec2launchtemplate:version'] = String(i.launchTemplate.version);
  }
  return tags;
}

/** The DNS name EC2 reports: the node's name while the instance exists, empty once terminated (as EC2 clears it). */
export function privateDnsName(i: SimInstance): string {
  return i.lifecycle === 'Terminated' ? '' : i.nodeName;
}

/** A reservation of one instance (Auto Scaling launches instances one request each). */
export function reservationXml(ctx: SimContext, i: SimInstance): Children {
  return [
    text('reservationId', `r-${i.id.slice(2)}`),
    text('ownerId', ACCOUNT_ID),
    el('groupSet'),
    el('instancesSet', el('item', ...instanceXml(ctx, i))),
  ];
}

function instanceXml(ctx: SimContext, i: SimInstance): Children {
  const state = instanceState(i.lifecycle);
  const dns = privateDnsName(i);
  const tags = instanceTags(ctx, i);
  return [
    text('instanceId', i.id),
    text('imageId', i.imageId),
    el('instanceState', text('code', state.code), text('name', state.name)),
    text('privateDnsName', dns),
    text('dnsName', ''),
    text('reason', i.lifecycle === 'Terminated' || i.lifecycle === 'Terminating' ? 'User initiated' : ''),
    text('amiLaunchIndex', 0),
    el('productCodes'),
    text('instanceType', i.instanceType),
    text('launchTime', iso(i.launchTime)),
    el('placement', text('availabilityZone', i.zone), text('groupName', ''), text('tenancy', 'default')),
    el('monitoring', text('state', 'disabled')),
    text('privateIpAddress', dns === '' ? undefined : privateIp(dns)),
    el('groupSet'),
    text('architecture', 'x86_64'),
    text('rootDeviceType', 'ebs'),
    text('rootDeviceName', '/dev/xvda'),
    el('blockDeviceMapping'),
    text('virtualizationType', 'hvm'),
    list('tagSet', 'item', Object.keys(tags).sort(), (key) => [text('key', key), text('value', tags[key])]),
    text('hypervisor', 'xen'),
  ];
}

export function launchTemplateXml(face: AwsFace, lt: LaunchTemplate): Children {
  return [
    text('launchTemplateId', lt.id),
    text('launchTemplateName', lt.name),
    text('createTime', iso(face.origins.launchTemplate(lt.id))),
    text('createdBy', CREATED_BY),
    text('defaultVersionNumber', lt.defaultVersion),
    text('latestVersionNumber', lt.latestVersion),
  ];
}

export function launchTemplateVersionXml(face: AwsFace, lt: LaunchTemplate, v: LaunchTemplateVersion): Children {
  return [
    text('launchTemplateId', lt.id),
    text('launchTemplateName', lt.name),
    text('versionNumber', v.version),
    text('createTime', iso(face.origins.launchTemplate(lt.id))),
    text('createdBy', CREATED_BY),
    text('defaultVersion', v.version === lt.defaultVersion),
    el('launchTemplateData', text('imageId', v.imageId), text('instanceType', v.instanceType)),
  ];
}
