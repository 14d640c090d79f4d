// describeLaunchTemplates against canned EC2 answers: templates by id, every version page, templates
// that no longer exist.
import { describe, expect, it } from 'vitest';
import type { DescribeLaunchTemplateVersionsCommandInput, DescribeLaunchTemplateVersionsCommandOutput } from '@aws-sdk/client-ec2';
import { DextreError } from '../../../src/core/errors.js';
import { awsError, FakeAws } from './fake.js';
import { launchTemplate, templateVersion } from './shapes.js';

const TEMPLATES = [launchTemplate('lt-0abc', 'nodes', 6, 7), launchTemplate('lt-0gpu', 'gpu', 1, 2)];

/** Versions 1…n of `id` (AMIs ami-<id>-<v>), in pages of `page`, newest first as EC2 lists them. */
function versions(n: number, page: number) {
  return (input: DescribeLaunchTemplateVersionsCommandInput): Omit<DescribeLaunchTemplateVersionsCommandOutput, '$metadata'> => {
    const id = input.LaunchTemplateId ?? '';
    const all = Array.from({ length: n }, (_, i) => templateVersion(id, n - i, `ami-${id}-${n - i}`));
    const start = Number(input.NextToken ?? '0');
    const next = start + page < n ? { NextToken: String(start + page) } : {};
    return { LaunchTemplateVersions: all.slice(start, start + page), ...next };
  };
}

function knownTemplates(fake: FakeAws): FakeAws {
  return fake.ec2('DescribeLaunchTemplates', (input) => {
    const ids = input.LaunchTemplateIds ?? [];
    const unknown = ids.find((id) => !TEMPLATES.some((t) => t.LaunchTemplateId === id));
    if (unknown !== undefined) {
      return awsError('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${unknown}, does not exist.`);
    }
    return { LaunchTemplates: TEMPLATES.filter((t) => ids.includes(t.LaunchTemplateId ?? '')) };
  });
}

describe('describeLaunchTemplates', () => {
  it('returns name, default and latest version, and every version (all pages), in the order asked', async () => {
    const fake = knownTemplates(new FakeAws()).ec2('DescribeLaunchTemplateVersions', versions(3, 2));
    const templates = await fake.cloud().describeLaunchTemplates(['lt-0gpu', 'lt-0abc']);
    expect(templates).toStrictEqual([
      {
        id: 'lt-0gpu',
        name: 'gpu',
        defaultVersion: 1,
        latestVersion: 2,
        versions: [1, 2, 3].map((v) => ({ version: v, imageId: `ami-lt-0gpu-${v}`, instanceType: 'm5.large' })),
      },
      {
        id: 'lt-0abc',
        name: 'nodes',
        defaultVersion: 6,
        latestVersion: 7,
        versions: [1, 2, 3].map((v) => ({ version: v, imageId: `ami-lt-0abc-${v}`, instanceType: 'm5.large' })),
      },
    ]);
    expect(fake.inputs('DescribeLaunchTemplates')).toStrictEqual([{ LaunchTemplateIds: ['lt-0gpu', 'lt-0abc'] }]);
    expect(fake.inputs('DescribeLaunchTemplateVersions')).toStrictEqual([
      { LaunchTemplateId: 'lt-0gpu', MaxResults: 200, ResolveAlias: true },
      { LaunchTemplateId: 'lt-0gpu', MaxResults: 200, ResolveAlias: true, NextToken: '2' },
      { LaunchTemplateId: 'lt-0abc', MaxResults: 200, ResolveAlias: true },
      { LaunchTemplateId: 'lt-0abc', MaxResults: 200, ResolveAlias: true, NextToken: '2' },
    ]);
  });

  it('leaves out a template that no longer exists, without failing the others', async () => {
    const fake = knownTemplates(new FakeAws()).ec2('DescribeLaunchTemplateVersions', versions(1, 200));
    const templates = await fake.cloud().describeLaunchTemplates(['lt-0abc', 'lt-0gone', 'not-an-id']);
    expect(templates.map((t) => t.id)).toStrictEqual(['lt-0abc']);
    expect(fake.inputs('DescribeLaunchTemplates')).toStrictEqual([
      { LaunchTemplateIds: ['lt-0abc', 'lt-0gone', 'not-an-id'] },
      { LaunchTemplateIds: ['lt-0abc'] },
      { LaunchTemplateIds: ['lt-0gone'] },
      { LaunchTemplateIds: ['not-an-id'] },
    ]);
  });

  it('leaves out a template deleted between the two requests', async () => {
    const fake = knownTemplates(new FakeAws()).ec2(
      'DescribeLaunchTemplateVersions',
      awsError('InvalidLaunchTemplateId.NotFound', 'The specified launch template, with template ID lt-0abc, does not exist.'),
    );
    expect(await fake.cloud().describeLaunchTemplates(['lt-0abc'])).toStrictEqual([]);
  });

  it('leaves out a version with no AMI of its own, so the planner does not compare against nothing', async () => {
    const fake = knownTemplates(new FakeAws()).ec2('DescribeLaunchTemplateVersions', {
      LaunchTemplateVersions: [templateVersion('lt-0abc', 2, undefined), templateVersion('lt-0abc', 1, 'ami-1')],
    });
    const [t] = await fake.cloud().describeLaunchTemplates(['lt-0abc']);
    expect(t?.versions).toStrictEqual([{ version: 1, imageId: 'ami-1', instanceType: 'm5.large' }]);
  });

  it('sends nothing for no ids, and each id once', async () => {
    const fake = knownTemplates(new FakeAws()).ec2('DescribeLaunchTemplateVersions', versions(1, 200));
    expect(await fake.cloud().describeLaunchTemplates([])).toStrictEqual([]);
    expect(fake.sent).toStrictEqual([]);
    expect((await fake.cloud().describeLaunchTemplates(['lt-0abc', 'lt-0abc'])).map((t) => t.id)).toStrictEqual(['lt-0abc']);
  });

  it('translates any other failure, naming the EC2 action', async () => {
    const fake = knownTemplates(new FakeAws()).ec2(
      'DescribeLaunchTemplateVersions',
      awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', { status: 403 }),
    );
    const error = await fake.cloud().describeLaunchTemplates(['lt-0abc']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DextreError);
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    expect((error as DextreError).message).toContain('"ec2:DescribeLaunchTemplateVersions"');
    expect((error as DextreError).message).toContain('launch template lt-0abc');
  });
});
