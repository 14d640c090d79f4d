// The flags `roll nodes` and `plan` share, and the one function that turns them into RollOptions.
// Every value is validated here, before anything reads or touches a cluster.
import { Flags } from '@oclif/core';
import { DextreError } from '../core/errors.js';
import type { RollOptions } from '../core/plan.js';
import { parseSelector } from '../core/selectors.js';
import type { IntOrPercent } from '../core/model.js';
import { parseIntOrPercent } from '../core/settings.js';
import { parseWindows, WINDOW_EXAMPLE } from '../core/window.js';
import { parseDuration } from './duration.js';
import type { RollDefaults } from './cluster-config.js';
import { checkTargetNamed, resolveTargetRequest, type ResolvedTarget, type TargetRequest } from './target.js';

/** Virtual seconds per real second on the simulator by default: the demo roll plays in about ten seconds. */
export const DEFAULT_SPEED = 150;

/** Where the cluster comes from. */
export const targetFlags = {
  cluster: Flags.string({
    summary: 'Cluster: an entry of dextre.yaml, else a kube context of that name (also its name in the Auto Scaling tags); `demo` is the built-in simulated demo cluster.',
    helpValue: 'NAME',
  }),
  sim: Flags.string({
    summary: 'Run against a simulated cluster loaded from a fixture file (see fixtures/README.md).',
    helpValue: 'FILE',
    exclusive: ['cluster'],
  }),
  config: Flags.string({ summary: 'Config file with cluster entries. [default: ./dextre.yaml, else ~/.config/dextre/config.yaml]', helpValue: 'FILE' }),
  kubeconfig: Flags.string({ summary: 'Kubeconfig file (overrides dextre.yaml). [default: $KUBECONFIG, else ~/.kube/config]', helpValue: 'FILE' }),
  context: Flags.string({ summary: 'Kube context (overrides dextre.yaml). [default: the cluster name]', helpValue: 'NAME' }),
  region: Flags.string({ summary: 'AWS region (overrides dextre.yaml). [default: AWS_REGION or the profile\'s region]', helpValue: 'REGION' }),
  profile: Flags.string({ summary: 'AWS profile (overrides dextre.yaml). [default: AWS_PROFILE or the default chain]', helpValue: 'NAME' }),
  speed: Flags.string({
    summary: `Simulator only: virtual seconds per real second, or \`max\` for no waiting. [default: ${DEFAULT_SPEED}]`,
    helpValue: 'N|max',
  }),
};

/** `plan --snapshot FILE`: a snapshot `dextre snapshot` wrote, replayed on the simulator (a fixture like any). */
export const snapshotFlags = {
  snapshot: Flags.string({
    summary: 'Plan on a snapshot written by `dextre snapshot` (the simulator runs it; same as --sim FILE).',
    helpValue: 'FILE',
    exclusive: ['cluster', 'sim'],
  }),
};

/** Which nodes to replace. */
export const selectionFlags = {
  group: Flags.string({ summary: 'Only this Auto Scaling group (repeatable); default every group of the cluster.', helpValue: 'NAME', multiple: true }),
  selector: Flags.string({ char: 'l', summary: 'Only nodes matching this label selector (kubectl form: `a=b,c!=d,e in (f,g)`).', helpValue: 'SELECTOR' }),
  node: Flags.string({ summary: 'Replace this node even when it is up to date (repeatable).', helpValue: 'NAME', multiple: true }),
  'max-age': Flags.string({ summary: 'Also replace nodes older than this (30d, 12h, 90m, 3600s).', helpValue: 'DURATION' }),
  all: Flags.boolean({ summary: 'Replace every node considered, outdated or not.', default: false }),
};

/** How to roll. These shape the plan too (surge and max-unavailable per group, images to pre-pull). */
export const rollFlags = {
  // No oclif defaults here: a flag given wins over dextre.yaml's `roll:` settings, which win over ROLL_DEFAULTS.
  surge: Flags.string({ summary: 'Extra instances per group during the roll: a count or a percentage of the nodes to replace. [default: 25%]', helpValue: 'N|N%' }),
  'max-unavailable': Flags.string({ summary: 'Nodes per group that may be missing at once: a count or a percentage. [default: 0]', helpValue: 'N|N%' }),
  'drain-timeout': Flags.string({ summary: 'Longest a node may take to drain before the roll stops as blocked. [default: 15m]', helpValue: 'DURATION' }),
  prepull: Flags.boolean({ summary: 'Pre-pull the old nodes\' images onto new nodes before draining (a temporary DaemonSet). [default: on]', allowNo: true }),
  force: Flags.boolean({ summary: 'Evict pods that no controller manages (they are not recreated), like kubectl drain --force.', default: false }),
  'delete-emptydir-data': Flags.boolean({ summary: 'Evict pods that use emptyDir volumes; their data is lost.', default: false }),
  'disregard-do-not-disrupt': Flags.boolean({ summary: 'Evict pods annotated dextre.io/do-not-disrupt or karpenter.sh/do-not-disrupt.', default: false }),
  window: Flags.string({
    summary:
      `Maintenance window (repeatable): days, HH:MM-HH:MM and an optional IANA time zone (default UTC), e.g. "${WINDOW_EXAMPLE}", "Mon-Fri 22:00-04:00", "daily 01:00-05:00". ` +
      'Outside every window the roll starts no further node: it finishes what is in flight, restores the groups and exits 6; run again in a window to go on. [default: always]',
    helpValue: 'WINDOW',
    multiple: true,
  }),
};

/** Output and diagnostics. */
export const outputFlags = {
  journal: Flags.string({
    summary: 'Journal the roll state to this file after every step; a re-run with the same file resumes an interrupted roll. [default: in memory on a simulator, whose world ends with the process]',
    helpValue: 'FILE',
  }),
  quiet: Flags.boolean({ char: 'q', summary: 'No progress output.', default: false }),
  debug: Flags.boolean({ summary: 'Show stack traces with errors.', default: false }),
};

/** `--log-format`: for the commands that print progress (roll nodes, drain, rebalance, abort). */
export const logFormatFlags = {
  'log-format': Flags.string({
    summary: 'Progress as `text` lines, or `json`: one JSON object per line (time, level, event, node, group, message) for log pipelines.',
    options: ['text', 'json'],
    default: 'text',
  }),
};

/** The --log-format value as the renderer takes it. */
export function logFormatOf(flags: { 'log-format': string }): 'text' | 'json' {
  return flags['log-format'] === 'json' ? 'json' : 'text';
}

/** Option flags whose value may look like a negative number (`--surge -1`): see argv.ts. */
export const VALUE_FLAGS = [
  'cluster', 'sim', 'snapshot', 'config', 'kubeconfig', 'context', 'region', 'profile', 'speed', 'group', 'selector', 'node', 'max-age', 'surge', 'max-unavailable', 'drain-timeout', 'journal', 'log-format',
  // drain (src/config/drain-flags.ts)
  'grace-period', 'timeout', 'pod-selector',
  // rebalance (src/config/rebalance-flags.ts)
  'max-evictions', 'max-evictions-per-node', 'max-evictions-per-namespace', 'utilisation-threshold', 'move-timeout',
];

/** The parsed values `rollOptionsFrom` reads (what oclif gives for the flags above). */
export interface RollFlagValues {
  group?: string[] | undefined;
  selector?: string | undefined;
  node?: string[] | undefined;
  'max-age'?: string | undefined;
  all: boolean;
  surge?: string | undefined;
  'max-unavailable'?: string | undefined;
  'drain-timeout'?: string | undefined;
  prepull?: boolean | undefined;
  force: boolean;
  'delete-emptydir-data': boolean;
  'disregard-do-not-disrupt': boolean;
  window?: string[] | undefined;
}

/** The built-in roll settings, where neither a flag nor dextre.yaml sets one. */
export const ROLL_DEFAULTS = { surge: '25%', maxUnavailable: '0', drainTimeout: '15m', prepull: true } as const;

/**
 * Validates the flags and maps them to RollOptions, a flag winning over the config's `roll:` defaults
 * (already validated where they were read); throws a USAGE DextreError naming the bad flag.
 */
export function rollOptionsFrom(flags: RollFlagValues, defaults: RollDefaults = {}): RollOptions {
  const surge = (flags.surge ?? defaults.surge ?? ROLL_DEFAULTS.surge).trim();
  const maxUnavailable = (flags['max-unavailable'] ?? defaults.maxUnavailable ?? ROLL_DEFAULTS.maxUnavailable).trim();
  const [surgeValue, unavailableValue] = [parseIntOrPercent('--surge', surge), parseIntOrPercent('--max-unavailable', maxUnavailable)];
  if (isZero(surgeValue) && isZero(unavailableValue)) {
    // As a Deployment's strategy refuses maxSurge 0 with maxUnavailable 0: no node could ever be replaced.
    throw new DextreError(
      'USAGE',
      `--surge ${surge} and --max-unavailable ${maxUnavailable} leave the roll no way to replace a node: without an extra instance, one must be drained first. ` +
        'Pass --surge 1 (or more; the default is 25%) to add capacity before draining, or --max-unavailable 1 to allow one node below the group\'s size.',
    );
  }
  const selector = flags.selector?.trim();
  if (selector !== undefined) {
    if (selector === '') throw new DextreError('USAGE', '--selector is empty. Pass a label selector such as `node.kubernetes.io/instance-type=m5.large`, or leave the flag out.');
    parseSelector(selector);
  }
  const maxAge = flags['max-age'] ?? defaults.maxAge;
  return {
    groups: unique(flags.group ?? []),
    nodes: unique(flags.node ?? []),
    ...(selector !== undefined ? { selector } : {}),
    ...(maxAge !== undefined ? { maxAgeSeconds: parseDuration('--max-age', maxAge) } : {}),
    all: flags.all,
    surge,
    maxUnavailable,
    drainTimeoutSeconds: parseDuration('--drain-timeout', flags['drain-timeout'] ?? defaults.drainTimeout ?? ROLL_DEFAULTS.drainTimeout),
    prepull: flags.prepull ?? defaults.prepull ?? ROLL_DEFAULTS.prepull,
    force: flags.force,
    deleteEmptyDirData: flags['delete-emptydir-data'],
    disregardDoNotDisrupt: flags['disregard-do-not-disrupt'],
    ...(flags.window !== undefined && flags.window.length > 0 ? { windows: parseWindows(flags.window) } : {}),
  };
}

/** `0` or `0%`: nothing (a percentage that rounds to zero is not this; the planner handles that). */
function isZero(value: IntOrPercent): boolean {
  return value === 0 || value === '0%';
}

/** The target flags as oclif parses them. */
export interface TargetFlagValues {
  cluster?: string | undefined;
  sim?: string | undefined;
  /** `--snapshot FILE`, where a command offers it: a fixture like `--sim`. */
  snapshot?: string | undefined;
  speed?: string | undefined;
  journal?: string | undefined;
  config?: string | undefined;
  kubeconfig?: string | undefined;
  context?: string | undefined;
  region?: string | undefined;
  profile?: string | undefined;
}

/** The target flags as a TargetRequest (not yet validated). */
export function targetRequestFrom(flags: TargetFlagValues, cwd: string): TargetRequest {
  const { cluster, journal, config, kubeconfig, context, region, profile } = flags;
  const sim = flags.sim ?? flags.snapshot;
  return { cluster, sim, speed: parseSpeed(flags.speed), journal, config, kubeconfig, context, region, profile, cwd };
}

/**
 * Everything `plan` and `roll nodes` take from their flags and dextre.yaml, validated before anything
 * reads a cluster.
 */
export function rollRequestFrom(flags: RollFlagValues & TargetFlagValues, cwd: string): { options: RollOptions; target: ResolvedTarget } {
  const request = targetRequestFrom(flags, cwd);
  // Flags first: a malformed flag is reported before a missing target, and before any config file is read.
  rollOptionsFrom(flags);
  checkTargetNamed(request);
  const target = resolveTargetRequest(request);
  return { options: rollOptionsFrom(flags, target.roll), target };
}

/** `--speed`: a positive number of virtual seconds per real second, or `max`. */
export function parseSpeed(value: string | undefined): number | 'max' {
  if (value === undefined) return DEFAULT_SPEED;
  const text = value.trim().toLowerCase();
  if (text === 'max') return 'max';
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n <= 0) {
    throw new DextreError('USAGE', `--speed ${JSON.stringify(value)} is not valid. Pass a positive number of virtual seconds per real second (default ${DEFAULT_SPEED}), or \`max\` for no waiting.`);
  }
  return n;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
}
