// Outdated detection through planRoll: each reason, with the message people read.
import { describe, expect, it } from 'vitest';
import { formatSeconds } from '../../src/core/outdated.js';
import type { Reason } from '../../src/core/plan.js';
import { planRoll } from '../../src/core/planner.js';
import { cluster, DAY, rollOptions, T0, template, type NodeOptions } from './builders.js';
import type { NodeGroup } from '../../src/core/model.js';
import type { RollOptions } from '../../src/core/plan.js';

/** One group `ng` (extra settings), the nodes given, and the plan for `options`. */
function plan(group: Partial<NodeGroup>, nodes: Record<string, NodeOptions>, options: Partial<RollOptions> = {}) {
  const c = cluster();
  c.group('ng', group);
  for (const [name, opts] of Object.entries(nodes)) c.node(name, { group: 'ng', ...opts });
  return planRoll(c.view(), rollOptions(options));
}

function reasonsOf(p: ReturnType<typeof plan>): Record<string, Reason[]> {
  return Object.fromEntries(p.nodes.map((n) => [n.name, n.reasons]));
}

describe('launch template versions', () => {
  it('resolves $Latest against the launch template', () => {
    const p = plan({ launchTemplate: { id: 'lt-0abc', version: '$Latest' } }, { old: { version: '6' }, current: {} });
    expect(reasonsOf(p)).toStrictEqual({
      old: [
        { code: 'launch-template-version', message: 'launch template lt-0abc version 6, group wants 7 ($Latest)' },
        { code: 'image', message: 'AMI ami-v6, group wants ami-v7 (lt-0abc:7)' },
      ],
    });
    expect(p.skipped).toStrictEqual([{ name: 'current', reason: 'up to date (lt-0abc:7)' }]);
    expect(p.groups[0]?.target).toBe('lt-0abc:7');
  });

  it('resolves $Default against the launch template', () => {
    const p = plan({ launchTemplate: { id: 'lt-0abc', version: '$Default' } }, { ahead: { version: '7' }, current: { version: '6' } });
    expect(reasonsOf(p).ahead?.[0]).toStrictEqual({
      code: 'launch-template-version',
      message: 'launch template lt-0abc version 7, group wants 6 ($Default)',
    });
    expect(p.skipped).toStrictEqual([{ name: 'current', reason: 'up to date (lt-0abc:6)' }]);
    expect(p.groups[0]?.target).toBe('lt-0abc:6');
  });

  it('compares a pinned version as written', () => {
    const p = plan({ launchTemplate: { id: 'lt-0abc', version: '5' } }, { n: { version: '7' } });
    expect(reasonsOf(p).n?.map((r) => r.message)).toStrictEqual([
      'launch template lt-0abc version 7, group wants 5',
      'AMI ami-v7, group wants ami-v5 (lt-0abc:5)',
    ]);
  });

  it('flags another launch template', () => {
    const p = plan({}, { n: { launchTemplateId: 'lt-0old', version: '3', imageId: 'ami-v7' } });
    expect(reasonsOf(p).n).toStrictEqual([{ code: 'launch-template', message: 'launch template lt-0old, group wants lt-0abc' }]);
  });

  it('flags an instance launched from a launch configuration when the group moved to a template', () => {
    const p = plan({}, { n: { launchTemplateId: null, launchConfiguration: 'web-v1', imageId: 'ami-v7' } });
    expect(reasonsOf(p).n).toStrictEqual([
      { code: 'launch-template', message: 'launched from launch configuration web-v1, group wants launch template lt-0abc' },
    ]);
  });

  it('warns when the group’s launch template is not in the view, and does not guess', () => {
    const p = plan({ launchTemplate: { id: 'lt-0gone', version: '$Latest' } }, { n: { launchTemplateId: 'lt-0gone', version: '3', imageId: 'ami-x' } });
    expect(p.nodes).toStrictEqual([]);
    expect(p.skipped).toStrictEqual([{ name: 'n', reason: 'up to date (lt-0gone:$Latest)' }]);
    expect(p.warnings).toContain('launch template lt-0gone of group ng was not found; its AMI is not compared');
  });
});

describe('MixedInstancesPolicy overrides with their own launch template', () => {
  /** Group `ng` on lt-0abc:$Latest (7) whose g5.xlarge instances launch from lt-0gpu:$Default (2 of 1…3). */
  function mixed(node: { type: string; templateId: string; version: string; imageId: string }, gpuTemplate = true) {
    const c = cluster();
    if (gpuTemplate) {
      c.templates.push(
        template({
          id: 'lt-0gpu',
          name: 'gpu',
          defaultVersion: 2,
          latestVersion: 3,
          versions: [1, 2, 3].map((v) => ({ version: v, imageId: `ami-gpu${v}`, instanceType: 'g5.xlarge' })),
        }),
      );
    }
    c.group('ng', { launchTemplateOverrides: [{ instanceType: 'g5.xlarge', launchTemplate: { id: 'lt-0gpu', version: '$Default' } }] });
    c.node('n', { group: 'ng', launchTemplateId: node.templateId, version: node.version, imageId: node.imageId });
    const view = c.view();
    for (const instance of view.groups[0]?.instances ?? []) instance.instanceType = node.type;
    return planRoll(view, rollOptions());
  }

  it.each<[string, { type: string; templateId: string; version: string; imageId: string }, string[]]>([
    ['a type without override on the group template', { type: 'm5.large', templateId: 'lt-0abc', version: '7', imageId: 'ami-v7' }, []],
    ['the override type on its own template', { type: 'g5.xlarge', templateId: 'lt-0gpu', version: '2', imageId: 'ami-gpu2' }, []],
    [
      'the override type on an old version of its template',
      { type: 'g5.xlarge', templateId: 'lt-0gpu', version: '1', imageId: 'ami-gpu1' },
      ['launch template lt-0gpu version 1, group wants 2 ($Default)', 'AMI ami-gpu1, group wants ami-gpu2 (lt-0gpu:2)'],
    ],
    [
      'the override type on the group template',
      { type: 'g5.xlarge', templateId: 'lt-0abc', version: '7', imageId: 'ami-gpu2' },
      ['launch template lt-0abc, group wants lt-0gpu'],
    ],
    [
      'another type on the override template',
      { type: 'm5.large', templateId: 'lt-0gpu', version: '2', imageId: 'ami-v7' },
      ['launch template lt-0gpu, group wants lt-0abc'],
    ],
  ])('%s', (_name, node, messages) => {
    const p = mixed(node);
    expect(p.nodes.flatMap((n) => n.reasons.map((r) => r.message))).toStrictEqual(messages);
    expect(p.warnings.filter((w) => w.includes('launch template'))).toStrictEqual([]);
  });

  it('warns once when an override’s template is not in the view, and does not guess its AMI', () => {
    const p = mixed({ type: 'g5.xlarge', templateId: 'lt-0gpu', version: '1', imageId: 'ami-gpu1' }, false);
    expect(p.nodes).toStrictEqual([]);
    expect(p.skipped).toStrictEqual([{ name: 'n', reason: 'up to date (lt-0abc:7)' }]);
    expect(p.warnings.filter((w) => w.includes('lt-0gpu'))).toStrictEqual(['launch template lt-0gpu of group ng was not found; its AMI is not compared']);
  });
});

describe('launch configurations and AMIs', () => {
  const lcGroup = { launchConfiguration: 'web-v2', launchConfigurationImageId: 'ami-lc2' };

  it('flags another launch configuration and its AMI', () => {
    const p = plan(lcGroup, { old: { launchConfiguration: 'web-v1', imageId: 'ami-lc1' }, current: {} });
    expect(reasonsOf(p)).toStrictEqual({
      old: [
        { code: 'launch-configuration', message: 'launch configuration web-v1, group wants launch configuration web-v2' },
        { code: 'image', message: 'AMI ami-lc1, group wants ami-lc2 (lc:web-v2)' },
      ],
    });
    expect(p.skipped).toStrictEqual([{ name: 'current', reason: 'up to date (lc:web-v2)' }]);
    expect(p.groups[0]?.target).toBe('lc:web-v2');
  });

  it('flags an instance launched from a template when the group uses a configuration', () => {
    const p = plan(lcGroup, { n: { launchTemplateId: 'lt-0abc', version: '7', imageId: 'ami-lc2' } });
    expect(reasonsOf(p).n).toStrictEqual([
      { code: 'launch-configuration', message: 'launched from launch template lt-0abc, group wants launch configuration web-v2' },
    ]);
  });

  it('flags an AMI that changed under the same version (an SSM-resolved image)', () => {
    const p = plan({}, { n: { imageId: 'ami-older' } });
    expect(reasonsOf(p).n).toStrictEqual([{ code: 'image', message: 'AMI ami-older, group wants ami-v7 (lt-0abc:7)' }]);
  });
});

describe('age, names and --all', () => {
  it('replaces nodes older than --max-age, by instance launch time', () => {
    const p = plan({}, { old: { launchTime: T0 - 40 * DAY }, young: { launchTime: T0 - 29 * DAY } }, { maxAgeSeconds: 30 * DAY });
    expect(reasonsOf(p)).toStrictEqual({ old: [{ code: 'max-age', message: 'launched 40d ago, older than --max-age 30d' }] });
  });

  it('keeps every reason that applies, in order', () => {
    const p = plan({}, { n: { version: '6', launchTime: T0 - 40 * DAY - 3 * 3600 } }, { maxAgeSeconds: 30 * DAY, nodes: ['n'], all: true });
    expect(reasonsOf(p).n?.map((r) => r.code)).toStrictEqual(['launch-template-version', 'image', 'max-age', 'named', 'all']);
    expect(reasonsOf(p).n?.[2]?.message).toBe('launched 40d3h ago, older than --max-age 30d');
  });

  it('replaces a named node even when up to date, and the outdated ones too', () => {
    const p = plan({}, { named: {}, old: { version: '6' }, other: {} }, { nodes: ['named'] });
    expect(p.nodes.map((n) => n.name).sort()).toStrictEqual(['named', 'old']);
    expect(reasonsOf(p).named).toStrictEqual([{ code: 'named', message: 'named with --node' }]);
    expect(p.skipped.map((s) => s.name)).toStrictEqual(['other']);
  });

  it('replaces every considered node with --all', () => {
    const p = plan({}, { a: {}, b: { version: '6' } }, { all: true });
    expect(reasonsOf(p).a).toStrictEqual([{ code: 'all', message: '--all replaces every node considered' }]);
    expect(reasonsOf(p).b?.map((r) => r.code)).toStrictEqual(['launch-template-version', 'image', 'all']);
  });

  it('plans nothing when every node is up to date', () => {
    const p = plan({}, { a: {}, b: {} });
    expect(p.nodes).toStrictEqual([]);
    expect(p.groups).toStrictEqual([]);
    expect(p.blockers).toStrictEqual([]);
    expect(p.prepull).toStrictEqual([]);
    expect(p.skipped.map((s) => s.reason)).toStrictEqual(['up to date (lt-0abc:7)', 'up to date (lt-0abc:7)']);
  });
});

describe('formatSeconds', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [59, '59s'],
    [90, '1m30s'],
    [3600, '1h'],
    [5400, '1h30m'],
    [30 * DAY, '30d'],
    [40 * DAY + 3 * 3600 + 59, '40d3h'],
    [DAY + 30, '1d'],
  ])('%i → %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });
});
