// Why a node is outdated: its instance against what its Auto Scaling group launches today (launch
// template id and version with `$Latest`/`$Default` resolved, launch configuration, AMI), its age, or
// because the user asked. Every reason carries a sentence for people. A MixedInstancesPolicy override
// that names its own launch template sets what instances of its instance type are compared with.
import type { GroupInstance, LaunchTemplate, LaunchTemplateRef, NodeGroup } from './model.js';
import type { Reason } from './plan.js';

/** What a group launches now, resolved against the cluster's launch templates. */
export interface GroupTarget {
  /** `lt-0abc:7` (`lt-0abc:$Latest` when the template was not found), `lc:NAME`, or undefined. */
  label?: string;
  launchTemplateId?: string;
  /** The concrete version; undefined when `$Latest`/`$Default` could not be resolved. */
  version?: number;
  /** The version as the group names it, when symbolic (`$Latest`, `$Default`). */
  symbolicVersion?: string;
  launchConfiguration?: string;
  /** The AMI new instances get, when known. */
  imageId?: string;
  /** Sentences about what could not be resolved (a missing template or version). */
  warnings: string[];
  /** By instance type: the target of an override with its own launch template (instances of that type launch from it). */
  overrides?: ReadonlyMap<string, GroupTarget>;
}

export function resolveGroupTarget(group: NodeGroup, templates: ReadonlyMap<string, LaunchTemplate>): GroupTarget {
  const ref = group.launchTemplate;
  if (ref) {
    const target = templateTarget(ref, group.name, templates);
    const overrides = group.launchTemplateOverrides ?? [];
    if (overrides.length === 0) return target;
    const byType = new Map<string, GroupTarget>();
    const warnings = new Set(target.warnings);
    for (const override of overrides) {
      const resolved = templateTarget(override.launchTemplate, group.name, templates);
      byType.set(override.instanceType, resolved);
      for (const w of resolved.warnings) warnings.add(w);
    }
    return { ...target, warnings: [...warnings], overrides: byType };
  }
  if (group.launchConfiguration !== undefined) {
    return {
      label: `lc:${group.launchConfiguration}`,
      launchConfiguration: group.launchConfiguration,
      ...(group.launchConfigurationImageId !== undefined ? { imageId: group.launchConfigurationImageId } : {}),
      warnings: [],
    };
  }
  return { warnings: [`group ${group.name} names neither a launch template nor a launch configuration; only --max-age, --node and --all select its nodes`] };
}

/** What a launch template reference of `group` launches: its version resolved, and the AMI of that version. */
function templateTarget(ref: LaunchTemplateRef, group: string, templates: ReadonlyMap<string, LaunchTemplate>): GroupTarget {
  const template = templates.get(ref.id);
  const version = resolveVersion(ref.version, template);
  const symbolic = ref.version.startsWith('$') ? { symbolicVersion: ref.version } : {};
  const warnings: string[] = [];
  if (!template) warnings.push(`launch template ${ref.id} of group ${group} was not found; its AMI is not compared`);
  const imageId = template?.versions.find((v) => v.version === version)?.imageId;
  if (template && imageId === undefined) {
    warnings.push(`launch template ${ref.id} has no version ${ref.version} (group ${group}); its AMI is not compared`);
  }
  return {
    label: `${ref.id}:${version ?? ref.version}`,
    launchTemplateId: ref.id,
    ...(version !== undefined ? { version } : {}),
    ...symbolic,
    ...(imageId !== undefined ? { imageId } : {}),
    warnings,
  };
}

/** `$Latest` / `$Default` against the template, or a version number as written. */
function resolveVersion(version: string, template: LaunchTemplate | undefined): number | undefined {
  if (version === '$Latest') return template?.latestVersion;
  if (version === '$Default') return template?.defaultVersion;
  const n = Number(version);
  return /^\d+$/.test(version.trim()) && Number.isSafeInteger(n) ? n : undefined;
}

export interface OutdatedCheck {
  /** Epoch seconds. */
  now: number;
  /** Seconds; undefined = no age limit. */
  maxAgeSeconds?: number;
  /** Named with `--node`. */
  named: boolean;
  /** `--all`. */
  all: boolean;
  templates: ReadonlyMap<string, LaunchTemplate>;
}

/**
 * Every reason the instance should be replaced, in ReasonCode order; empty when it is up to date.
 * `groupTarget` is the group's; an override for the instance's type takes its place.
 */
export function outdatedReasons(instance: GroupInstance, groupTarget: GroupTarget, check: OutdatedCheck): Reason[] {
  const target = groupTarget.overrides?.get(instance.instanceType) ?? groupTarget;
  const reasons: Reason[] = [];
  const launched = instance.launchTemplate;
  if (target.launchTemplateId !== undefined) {
    if (!launched) {
      const from = instance.launchConfiguration !== undefined ? `launch configuration ${instance.launchConfiguration}` : 'no launch template';
      reasons.push({ code: 'launch-template', message: `launched from ${from}, group wants launch template ${target.launchTemplateId}` });
    } else if (launched.id !== target.launchTemplateId) {
      reasons.push({ code: 'launch-template', message: `launch template ${launched.id}, group wants ${target.launchTemplateId}` });
    } else if (target.version !== undefined) {
      const version = resolveVersion(launched.version, check.templates.get(launched.id));
      if (version !== target.version) {
        const symbolic = target.symbolicVersion !== undefined ? ` (${target.symbolicVersion})` : '';
        reasons.push({
          code: 'launch-template-version',
          message: `launch template ${launched.id} version ${launched.version}, group wants ${target.version}${symbolic}`,
        });
      }
    }
  } else if (target.launchConfiguration !== undefined && instance.launchConfiguration !== target.launchConfiguration) {
    const from = launched ? `launched from launch template ${launched.id}` : `launch configuration ${instance.launchConfiguration ?? '(none)'}`;
    reasons.push({ code: 'launch-configuration', message: `${from}, group wants launch configuration ${target.launchConfiguration}` });
  }
  if (target.imageId !== undefined && instance.imageId !== target.imageId) {
    reasons.push({ code: 'image', message: `AMI ${instance.imageId}, group wants ${target.imageId} (${target.label ?? 'its launch settings'})` });
  }
  if (check.maxAgeSeconds !== undefined) {
    const age = check.now - instance.launchTime;
    if (age > check.maxAgeSeconds) {
      reasons.push({ code: 'max-age', message: `launched ${formatSeconds(age)} ago, older than --max-age ${formatSeconds(check.maxAgeSeconds)}` });
    }
  }
  if (check.named) reasons.push({ code: 'named', message: 'named with --node' });
  if (check.all) reasons.push({ code: 'all', message: '--all replaces every node considered' });
  return reasons;
}

const UNITS: readonly [string, number][] = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/** `2_682_000` → `31d1h`: the two largest units, enough to read an age at a glance. */
export function formatSeconds(seconds: number): string {
  let rest = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n}${unit}`);
  }
  const shown = parts.slice(0, 2).filter((p) => !p.startsWith('0'));
  return shown.length > 0 ? shown.join('') : '0s';
}
