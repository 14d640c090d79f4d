// The flags `roll nodes` and `plan` share, and the one function that turns them into RollOptions.
// Every value is validated here, before anything reads or touches a cluster.
import { Flags } from '@oclif/core';
import { DextreError } from '../core/errors.js';
import type { RollOptions } from '../core/plan.js';
import { parseSelector } from '../core/selectors.js';
import { parseIntOrPercent } from '../core/settings.js';
import { parseDuration } from './duration.js';
import { checkTargetNamed, type TargetRequest } from './target.js';

/** Virtual seconds per real second on the simulator by default: the demo roll plays in about ten seconds. */
export const DEFAULT_SPEED = 150;

/** Where the cluster comes from. */
export const targetFlags = {
  cluster: Flags.string({
    summary: 'Cluster to roll; `demo` is the built-in simulated demo cluster.',
    helpValue: 'NAME',
  }),
  sim: Flags.string({
    summary: 'Run against a simulated cluster loaded from a fixture file (see fixtures/README.md).',
    helpValue: 'FILE',
    exclusive: ['cluster'],
  }),
  speed: Flags.string({
    summary: `Simulator only: virtual seconds per real second, or \`max\` for no waiting. [default: ${DEFAULT_SPEED}]`,
    helpValue: 'N|max',
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
  surge: Flags.string({ summary: 'Extra instances per group during the roll: a count or a percentage of the nodes to replace.', helpValue: 'N|N%', default: '25%' }),
  'max-unavailable': Flags.string({ summary: 'Nodes per group that may be missing at once: a count or a percentage.', helpValue: 'N|N%', default: '0' }),
  'drain-timeout': Flags.string({ summary: 'Longest a node may take to drain before the roll stops as blocked.', helpValue: 'DURATION', default: '15m' }),
  prepull: Flags.boolean({ summary: 'Pre-pull the old nodes\' images onto new nodes before draining (a temporary DaemonSet).', default: true, allowNo: true }),
  force: Flags.boolean({ summary: 'Evict pods that no controller manages (they are not recreated), like kubectl drain --force.', default: false }),
  'delete-emptydir-data': Flags.boolean({ summary: 'Evict pods that use emptyDir volumes; their data is lost.', default: false }),
  'disregard-do-not-disrupt': Flags.boolean({ summary: 'Evict pods annotated dextre.io/do-not-disrupt or karpenter.sh/do-not-disrupt.', default: false }),
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

/** Option flags whose value may look like a negative number (`--surge -1`): see argv.ts. */
export const VALUE_FLAGS = ['cluster', 'sim', 'speed', 'group', 'selector', 'node', 'max-age', 'surge', 'max-unavailable', 'drain-timeout', 'journal'];

/** The parsed values `rollOptionsFrom` reads (what oclif gives for the flags above). */
export interface RollFlagValues {
  group?: string[] | undefined;
  selector?: string | undefined;
  node?: string[] | undefined;
  'max-age'?: string | undefined;
  all: boolean;
  surge: string;
  'max-unavailable': string;
  'drain-timeout': string;
  prepull: boolean;
  force: boolean;
  'delete-emptydir-data': boolean;
  'disregard-do-not-disrupt': boolean;
}

/** Validates the flags and maps them to RollOptions; throws a USAGE DextreError naming the bad flag. */
export function rollOptionsFrom(flags: RollFlagValues): RollOptions {
  const surge = flags.surge.trim();
  const maxUnavailable = flags['max-unavailable'].trim();
  parseIntOrPercent('--surge', surge);
  parseIntOrPercent('--max-unavailable', maxUnavailable);
  const selector = flags.selector?.trim();
  if (selector !== undefined) {
    if (selector === '') throw new DextreError('USAGE', '--selector is empty. Pass a label selector such as `node.kubernetes.io/instance-type=m5.large`, or leave the flag out.');
    parseSelector(selector);
  }
  const maxAge = flags['max-age'];
  return {
    groups: unique(flags.group ?? []),
    nodes: unique(flags.node ?? []),
    ...(selector !== undefined ? { selector } : {}),
    ...(maxAge !== undefined ? { maxAgeSeconds: parseDuration('--max-age', maxAge) } : {}),
    all: flags.all,
    surge,
    maxUnavailable,
    drainTimeoutSeconds: parseDuration('--drain-timeout', flags['drain-timeout']),
    prepull: flags.prepull,
    force: flags.force,
    deleteEmptyDirData: flags['delete-emptydir-data'],
    disregardDoNotDisrupt: flags['disregard-do-not-disrupt'],
  };
}

/** The target flags as oclif parses them. */
export interface TargetFlagValues {
  cluster?: string | undefined;
  sim?: string | undefined;
  speed?: string | undefined;
  journal?: string | undefined;
}

/** Everything `plan` and `roll nodes` take from their flags, validated before anything reads a cluster. */
export function rollRequestFrom(flags: RollFlagValues & TargetFlagValues, cwd: string): { options: RollOptions; target: TargetRequest } {
  const options = rollOptionsFrom(flags);
  const target: TargetRequest = { cluster: flags.cluster, sim: flags.sim, speed: parseSpeed(flags.speed), journal: flags.journal, cwd };
  checkTargetNamed(target);
  return { options, target };
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
