// Launch templates: name, default and latest version, and every version's AMI and instance type; and
// the ids of templates that a group or an instance names by name only.
import type { LaunchTemplate as Ec2LaunchTemplate, LaunchTemplateVersion as Ec2Version } from '@aws-sdk/client-ec2';
import type { LaunchTemplate, LaunchTemplateVersion } from '../../core/model.js';
import type { AwsService, Ec2Commands } from './api.js';
import { allPages, batches, translated } from './call.js';
import { awsFailure } from './errors.js';
import { listed } from './groups.js';

/** Ids or names per DescribeLaunchTemplates request. */
const TEMPLATE_BATCH = 100;
/** DescribeLaunchTemplateVersions pages hold 1…200 versions. */
const VERSION_PAGE = 200;

/** The answers for a template that does not exist (deleted, or never did): it is absent, not an error. */
const TEMPLATE_NOT_FOUND = new Set([
  'InvalidLaunchTemplateId.NotFound',
  'InvalidLaunchTemplateId.Malformed',
  'InvalidLaunchTemplateName.NotFoundException',
  'InvalidLaunchTemplateName.MalformedException',
]);

type Ec2 = AwsService<Ec2Commands>;

/**
 * The templates with these ids, in the order asked, each once; an id that does not exist is left out
 * (the planner warns about it). Versions ascending. A version without an AMI in its data (one a
 * MixedInstancesPolicy completes) is left out, so the planner says its AMI is not compared rather than
 * compare an instance's AMI with nothing.
 */
export async function describeLaunchTemplates(ec2: Ec2, ids: readonly string[]): Promise<LaunchTemplate[]> {
  const wanted = [...new Set(ids)];
  const byId = new Map<string, Ec2LaunchTemplate>();
  for (const t of await findTemplates(ec2, 'LaunchTemplateIds', wanted)) if (t.LaunchTemplateId !== undefined) byId.set(t.LaunchTemplateId, t);
  const out: LaunchTemplate[] = [];
  for (const id of wanted) {
    const t = byId.get(id);
    if (!t) continue;
    const versions = await templateVersions(ec2, id);
    if (!versions) continue; // deleted between the two requests
    out.push({ id, name: t.LaunchTemplateName ?? '', defaultVersion: t.DefaultVersionNumber ?? 0, latestVersion: t.LatestVersionNumber ?? 0, versions });
  }
  return out;
}

/** Template ids by name, for references that carry only a name; a name that does not exist is absent. */
export async function templateIdsByName(ec2: Ec2, names: readonly string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const t of await findTemplates(ec2, 'LaunchTemplateNames', [...new Set(names)])) {
    if (t.LaunchTemplateName !== undefined && t.LaunchTemplateId !== undefined) ids.set(t.LaunchTemplateName, t.LaunchTemplateId);
  }
  return ids;
}

type TemplateKey = 'LaunchTemplateIds' | 'LaunchTemplateNames';

/**
 * DescribeLaunchTemplates by ids or names. One unknown id or name fails the whole request, so a batch
 * that fails that way is asked again one template at a time, and the unknown ones are dropped.
 */
async function findTemplates(ec2: Ec2, key: TemplateKey, values: readonly string[]): Promise<Ec2LaunchTemplate[]> {
  const out: Ec2LaunchTemplate[] = [];
  for (const batch of batches(values, TEMPLATE_BATCH)) {
    const whole = await templatesOrMissing(ec2, key, batch);
    if (whole) {
      out.push(...whole);
      continue;
    }
    if (batch.length === 1) continue;
    for (const value of batch) out.push(...((await templatesOrMissing(ec2, key, [value])) ?? []));
  }
  return out;
}

/** The templates, or undefined when AWS answers that one of them does not exist. */
async function templatesOrMissing(ec2: Ec2, key: TemplateKey, values: string[]): Promise<Ec2LaunchTemplate[] | undefined> {
  const noun = key === 'LaunchTemplateIds' ? 'launch template' : 'launch template named';
  try {
    return await allPages(async (token) => {
      const query = key === 'LaunchTemplateIds' ? { LaunchTemplateIds: values } : { LaunchTemplateNames: values };
      const answer = await ec2.send('DescribeLaunchTemplates', { ...query, ...(token !== undefined ? { NextToken: token } : {}) });
      return { items: answer.LaunchTemplates, next: answer.NextToken };
    });
  } catch (e: unknown) {
    if (TEMPLATE_NOT_FOUND.has(awsFailure(e)?.code ?? '')) return undefined;
    throw await translated(ec2, 'DescribeLaunchTemplates', listed(noun, values), e);
  }
}

/**
 * Every version of the template (paginated), or undefined when the template is gone. ResolveAlias
 * reports the AMI a Systems Manager parameter (`resolve:ssm:…`) stands for today, which is what the
 * group launches now.
 */
async function templateVersions(ec2: Ec2, id: string): Promise<LaunchTemplateVersion[] | undefined> {
  let versions: Ec2Version[];
  try {
    versions = await allPages(async (token) => {
      const answer = await ec2.send('DescribeLaunchTemplateVersions', {
        LaunchTemplateId: id,
        MaxResults: VERSION_PAGE,
        ResolveAlias: true,
        ...(token !== undefined ? { NextToken: token } : {}),
      });
      return { items: answer.LaunchTemplateVersions, next: answer.NextToken };
    });
  } catch (e: unknown) {
    if (TEMPLATE_NOT_FOUND.has(awsFailure(e)?.code ?? '')) return undefined;
    throw await translated(ec2, 'DescribeLaunchTemplateVersions', `launch template ${id}`, e);
  }
  const out: LaunchTemplateVersion[] = [];
  for (const v of versions) {
    const imageId = v.LaunchTemplateData?.ImageId;
    if (v.VersionNumber === undefined || imageId === undefined || imageId === '') continue;
    out.push({ version: v.VersionNumber, imageId, instanceType: v.LaunchTemplateData?.InstanceType ?? '' });
  }
  return out.sort((a, b) => a.version - b.version);
}
