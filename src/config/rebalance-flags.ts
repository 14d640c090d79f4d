// The flags of `dextre rebalance` (and `roll nodes --[no-]rebalance`), and the one function that turns them
// into RebalanceOptions. Every value is validated here, before anything reads or touches a cluster.
import { Flags } from '@oclif/core';
import { DextreError } from '../core/errors.js';
import type { RebalanceOptions } from '../core/rebalance/types.js';
import { parseDuration } from './duration.js';
import { rollFlags, targetRequestFrom, type TargetFlagValues } from './flags.js';
import { checkTargetNamed, resolveTargetRequest, type ResolvedTarget } from './target.js';

/** The built-in rebalance settings. */
export const REBALANCE_DEFAULTS = { utilisationThreshold: '90%', moveTimeout: '10m' } as const;

export const rebalanceFlags = {
  'max-evictions': Flags.string({ summary: 'Evict at most this many pods in all. [default: no cap]', helpValue: 'N' }),
  'max-evictions-per-node': Flags.string({ summary: 'Evict at most this many pods from one node. [default: no cap]', helpValue: 'N' }),
  'max-evictions-per-namespace': Flags.string({ summary: 'Evict at most this many pods in one namespace. [default: no cap]', helpValue: 'N' }),
  'utilisation-threshold': Flags.string({
    summary: `A node is hot above this share of its allocatable CPU or memory requested: its pods move until it is below, and no move takes a node above it; 100% turns hot-node moves off. [default: ${REBALANCE_DEFAULTS.utilisationThreshold}]`,
    helpValue: 'N%',
  }),
  'move-timeout': Flags.string({
    summary: `Longest one move may take (eviction retries while a PDB refuses, the replacement turning Ready) before it is given up with a finding. [default: ${REBALANCE_DEFAULTS.moveTimeout}]`,
    helpValue: 'DURATION',
  }),
  'fix-zones': Flags.boolean({
    summary: "Also even out each Auto Scaling group's nodes across its zones: roll nodes of the fullest zones (Auto Scaling launches their replacements into the emptiest).",
    default: false,
  }),
  force: rollFlags.force,
  'delete-emptydir-data': rollFlags['delete-emptydir-data'],
  'disregard-do-not-disrupt': rollFlags['disregard-do-not-disrupt'],
};

export interface RebalanceFlagValues {
  'max-evictions'?: string | undefined;
  'max-evictions-per-node'?: string | undefined;
  'max-evictions-per-namespace'?: string | undefined;
  'utilisation-threshold'?: string | undefined;
  'move-timeout'?: string | undefined;
  'fix-zones'?: boolean | undefined;
  force: boolean;
  'delete-emptydir-data': boolean;
  'disregard-do-not-disrupt': boolean;
}

/** Validates the flags into RebalanceOptions; throws a USAGE DextreError naming the bad flag. */
export function rebalanceOptionsFrom(flags: RebalanceFlagValues): RebalanceOptions {
  const caps = {
    maxEvictions: count('--max-evictions', flags['max-evictions']),
    maxEvictionsPerNode: count('--max-evictions-per-node', flags['max-evictions-per-node']),
    maxEvictionsPerNamespace: count('--max-evictions-per-namespace', flags['max-evictions-per-namespace']),
  };
  return {
    ...(caps.maxEvictions !== undefined ? { maxEvictions: caps.maxEvictions } : {}),
    ...(caps.maxEvictionsPerNode !== undefined ? { maxEvictionsPerNode: caps.maxEvictionsPerNode } : {}),
    ...(caps.maxEvictionsPerNamespace !== undefined ? { maxEvictionsPerNamespace: caps.maxEvictionsPerNamespace } : {}),
    utilisationThreshold: share('--utilisation-threshold', flags['utilisation-threshold'] ?? REBALANCE_DEFAULTS.utilisationThreshold),
    moveTimeoutSeconds: parseDuration('--move-timeout', flags['move-timeout'] ?? REBALANCE_DEFAULTS.moveTimeout),
    fixZones: flags['fix-zones'] ?? false,
    force: flags.force,
    deleteEmptyDirData: flags['delete-emptydir-data'],
    disregardDoNotDisrupt: flags['disregard-do-not-disrupt'],
  };
}

/** What `rebalance` takes from its flags and dextre.yaml, validated before anything reads a cluster. */
export function rebalanceRequestFrom(flags: RebalanceFlagValues & TargetFlagValues, cwd: string): { options: RebalanceOptions; target: ResolvedTarget } {
  const request = targetRequestFrom(flags, cwd);
  const options = rebalanceOptionsFrom(flags);
  checkTargetNamed(request);
  return { options, target: resolveTargetRequest(request) };
}

/** A whole number of evictions, 0 or more; undefined when the flag is not given. */
function count(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  throw new DextreError('USAGE', `${flag} must be a whole number of pods (0 or more); got ${JSON.stringify(value)}. Leave the flag out for no cap.`);
}

/** A share of a node: `85%` or `0.85`, above 0 and at most 100%. */
function share(flag: string, value: string): number {
  const text = value.trim();
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
  const n = percent ? Number(percent[1]) / 100 : /^\d*\.\d+$|^[01]$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isFinite(n) && n > 0 && n <= 1) return n;
  throw new DextreError('USAGE', `${flag} must be a share of a node's allocatable resources above 0 and at most 100%, such as 85% or 0.85; got ${JSON.stringify(value)}.`);
}
