// The EC2 actions (API version 2016-11-15) dextre reads: DescribeInstances, DescribeLaunchTemplates and
// DescribeLaunchTemplateVersions. Read-only; instances come from the simulator's records (terminated
// ones included, as EC2 keeps listing them for a while).
import type { LaunchTemplate, LaunchTemplateVersion } from '../../../core/model.js';
import type { SimInstance } from '../../state.js';
import { launchTemplateVersionXml, launchTemplateXml, instanceState, instanceTags, privateDnsName, reservationXml } from './ec2-render.js';
import { AwsError } from './errors.js';
import type { AwsFace } from './face.js';
import { ec2Filters, matchesValue, type Filter, type QueryParams } from './form.js';
import { paginate } from './paging.js';
import { list, text, type Children } from './xml.js';

export type Ec2Handler = (face: AwsFace, params: QueryParams) => Promise<Children>;

export const EC2_ACTIONS: Readonly<Record<string, Ec2Handler>> = {
  DescribeInstances: async (face, params) => {
    const ids = params.list('InstanceId');
    const limit = maxResults(params, 5, 1000);
    if (limit !== undefined && ids.length > 0) {
      throw new AwsError('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults');
    }
    const world = face.ctx.world;
    const malformed = ids.find((id) => !/^i-([0-9a-f]{8}|[0-9a-f]{17})$/.test(id));
    if (malformed !== undefined) throw new AwsError('InvalidInstanceID.Malformed', `Invalid id: "${malformed}"`);
    const unknown = ids.filter((id) => !world.instances.has(id));
    if (unknown.length === 1) throw new AwsError('InvalidInstanceID.NotFound', `The instance ID '${unknown[0]}' does not exist`);
    if (unknown.length > 1) throw new AwsError('InvalidInstanceID.NotFound', `The instance IDs '${unknown.join(', ')}' do not exist`);
    const filters = ec2Filters(params);
    const instances = [...world.instances.values()]
      .filter((i) => (ids.length === 0 || ids.includes(i.id)) && filters.every((f) => instanceFilter(face, f, i)))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const page = paginate(instances, (i) => i.id, limit ?? instances.length, params.get('NextToken'), invalidToken);
    return [list('reservationSet', 'item', page.items, (i) => reservationXml(face.ctx, i)), text('nextToken', page.nextToken)];
  },

  DescribeLaunchTemplates: async (face, params) => {
    const ids = params.list('LaunchTemplateId');
    const names = params.list('LaunchTemplateName');
    const limit = maxResults(params, 1, 200);
    const all = [...face.ctx.world.launchTemplates.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const id of ids) if (!all.some((lt) => lt.id === id)) throw templateNotFound(id);
    if (names.some((name) => !all.some((lt) => lt.name === name))) {
      throw new AwsError('InvalidLaunchTemplateName.NotFoundException', 'At least one of the launch templates specified in the request does not exist.');
    }
    const filters = ec2Filters(params);
    const selected = all.filter(
      (lt) => (ids.length === 0 || ids.includes(lt.id)) && (names.length === 0 || names.includes(lt.name)) && filters.every((f) => templateFilter(f, lt)),
    );
    const page = paginate(selected, (lt) => lt.id, limit ?? selected.length, params.get('NextToken'), invalidToken);
    return [list('launchTemplates', 'item', page.items, (lt) => launchTemplateXml(face, lt)), text('nextToken', page.nextToken)];
  },

  DescribeLaunchTemplateVersions: async (face, params) => {
    const limit = maxResults(params, 1, 200);
    const requested = params.list('LaunchTemplateVersion');
    const templates = selectTemplates(face, params);
    const bounds = { min: versionNumber(params.get('MinVersion')), max: versionNumber(params.get('MaxVersion')) };
    const rows: { lt: LaunchTemplate; v: LaunchTemplateVersion }[] = [];
    for (const lt of templates) {
      for (const v of resolveVersions(lt, requested)) {
        if ((bounds.min === undefined || v.version >= bounds.min) && (bounds.max === undefined || v.version <= bounds.max)) rows.push({ lt, v });
      }
    }
    // Newest version first within a template, as EC2 lists them; the key sorts the same way.
    const key = (r: { lt: LaunchTemplate; v: LaunchTemplateVersion }) => `${r.lt.id}:${String(1e9 - r.v.version).padStart(10, '0')}`;
    rows.sort((a, b) => (key(a) < key(b) ? -1 : 1));
    const page = paginate(rows, key, limit ?? rows.length, params.get('NextToken'), invalidToken);
    return [list('launchTemplateVersionSet', 'item', page.items, (r) => launchTemplateVersionXml(face, r.lt, r.v)), text('nextToken', page.nextToken)];
  },
};

/** The template named by LaunchTemplateId or LaunchTemplateName; with neither, every template. */
function selectTemplates(face: AwsFace, params: QueryParams): LaunchTemplate[] {
  const world = face.ctx.world;
  const id = params.get('LaunchTemplateId');
  const name = params.get('LaunchTemplateName');
  if (id !== undefined && name !== undefined) {
    throw new AwsError('InvalidParameterCombination', 'The parameters LaunchTemplateId and LaunchTemplateName cannot be used together.');
  }
  if (id !== undefined) {
    const lt = world.launchTemplates.get(id);
    if (!lt) throw templateNotFound(id);
    return [lt];
  }
  if (name !== undefined) {
    const lt = [...world.launchTemplates.values()].find((t) => t.name === name);
    if (!lt) throw new AwsError('InvalidLaunchTemplateName.NotFoundException', `The specified launch template, with template name ${name}, does not exist.`);
    return [lt];
  }
  const numbered = params.list('LaunchTemplateVersion').find((v) => v !== '$Latest' && v !== '$Default');
  if (numbered !== undefined) {
    throw new AwsError('InvalidParameterValue', 'To describe the versions of every launch template, specify only $Latest or $Default.');
  }
  return [...world.launchTemplates.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** `$Latest`, `$Default` and numbers; none requested means every version. */
function resolveVersions(lt: LaunchTemplate, requested: readonly string[]): LaunchTemplateVersion[] {
  if (requested.length === 0) return [...lt.versions];
  const out = new Map<number, LaunchTemplateVersion>();
  for (const ref of requested) {
    const number = ref === '$Latest' ? lt.latestVersion : ref === '$Default' ? lt.defaultVersion : versionNumber(ref);
    const v = lt.versions.find((x) => x.version === number);
    if (!v) throw new AwsError('InvalidLaunchTemplateId.VersionNotFound', `Could not find launch template version ${ref} for launch template ${lt.id}.`);
    out.set(v.version, v);
  }
  return [...out.values()];
}

function versionNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new AwsError('InvalidParameterValue', `Invalid launch template version: ${value}.`);
  return Number(value);
}

function instanceFilter(face: AwsFace, f: Filter, i: SimInstance): boolean {
  const any = (value: string | undefined) => value !== undefined && f.values.some((p) => matchesValue(p, value));
  switch (f.name) {
    case 'instance-id':
      return any(i.id);
    case 'instance-state-name':
      return any(instanceState(i.lifecycle).name);
    case 'instance-state-code':
      return any(String(instanceState(i.lifecycle).code));
    case 'availability-zone':
      return any(i.zone);
    case 'instance-type':
      return any(i.instanceType);
    case 'image-id':
      return any(i.imageId);
    case 'private-dns-name':
      return any(privateDnsName(i));
    case 'tag-key':
      return Object.keys(instanceTags(face.ctx, i)).some(any);
  }
  if (f.name.startsWith('tag:')) return any(instanceTags(face.ctx, i)[f.name.slice(4)]);
  throw invalidFilter(f.name);
}

function templateFilter(f: Filter, lt: LaunchTemplate): boolean {
  if (f.name === 'launch-template-name') return f.values.some((p) => matchesValue(p, lt.name));
  throw invalidFilter(f.name);
}

/** MaxResults within EC2's documented range for the action; undefined when not given (no pagination). */
function maxResults(params: QueryParams, min: number, max: number): number | undefined {
  const value = params.int('MaxResults', (name, raw) => new AwsError('InvalidParameterValue', `Value (${raw}) for parameter ${name} is invalid.`));
  if (value !== undefined && (value < min || value > max)) {
    throw new AwsError('InvalidParameterValue', `Value ( ${value} ) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`);
  }
  return value;
}

function templateNotFound(id: string): AwsError {
  return new AwsError('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${id}, does not exist.`);
}

function invalidFilter(name: string): AwsError {
  return new AwsError('InvalidParameterValue', `The filter '${name}' is invalid`);
}

function invalidToken(): AwsError {
  return new AwsError('InvalidPaginationToken', 'The pagination token is invalid.');
}
