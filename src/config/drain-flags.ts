// The flags of `dextre drain`, `cordon` and `uncordon` (kubectl's names and meanings), and the functions
// that validate them into requests — before anything reads or touches a cluster.
import { Flags } from '@oclif/core';
import { DextreError } from '../core/errors.js';
import type { NodeRequest } from '../core/drain-nodes.js';
import { DEFAULT_LAUNCH_TIMEOUT_SECONDS, DEFAULT_PREPULL_TIMEOUT_SECONDS } from '../core/roll/init.js';
import type { RollSettings } from '../core/roll/state.js';
import { parseSelector } from '../core/selectors.js';
import type { DrainRequest } from '../engine/drain.js';
import { parseTimeout } from './duration.js';
import { rollFlags, targetRequestFrom, type TargetFlagValues } from './flags.js';
import { checkTargetNamed, resolveTargetRequest, type ResolvedTarget } from './target.js';

/** Nodes by label instead of by name, as `kubectl drain -l`. */
export const nodeSelectorFlags = {
  selector: Flags.string({ char: 'l', summary: 'Select the nodes by label instead of naming them (kubectl form: `a=b,c!=d,e in (f,g)`).', helpValue: 'SELECTOR' }),
};

export const dryRunFlag = {
  'dry-run': Flags.boolean({ summary: 'Show what would be done and change nothing (kubectl\'s --dry-run=client).', default: false }),
};

/** `dextre drain`'s own flags; --force, --delete-emptydir-data, --disregard-do-not-disrupt are the roll's. */
export const drainFlags = {
  'ignore-daemonsets': Flags.boolean({ summary: 'Accepted for kubectl compatibility; always so: DaemonSet pods stay (their controller would recreate them at once).', default: false }),
  force: rollFlags.force,
  'delete-emptydir-data': rollFlags['delete-emptydir-data'],
  'disregard-do-not-disrupt': rollFlags['disregard-do-not-disrupt'],
  'grace-period': Flags.string({ summary: 'Seconds each evicted pod gets to stop (the eviction\'s grace period); negative: the pod\'s own terminationGracePeriodSeconds. [default: -1]', helpValue: 'SECONDS' }),
  timeout: Flags.string({ summary: 'Longest a node may take to drain, and a moved pod\'s workload to serve again, before the drain stops as blocked (exit 3); 0 waits without limit. [default: 0]', helpValue: 'DURATION' }),
  'pod-selector': Flags.string({ summary: 'Drain only the pods matching this label selector; the others stay on the node.', helpValue: 'SELECTOR' }),
  'readiness-gate': Flags.boolean({ summary: 'Evict the next pod of a workload only once the previous one\'s replacement is Ready. [default: on]', allowNo: true }),
  terminate: Flags.boolean({
    summary: 'After a node is drained, terminate its instance through its Auto Scaling group, decrementing desired: the group does NOT replace it (to replace a node, use `dextre roll nodes --node NAME`).',
    default: false,
  }),
  yes: Flags.boolean({ char: 'y', summary: 'With --terminate: terminate without asking (required without a terminal).', default: false }),
};

/** NODE arguments or -l, exactly one of them, as kubectl requires. */
export function nodeRequestFrom(names: readonly string[], selector: string | undefined): NodeRequest {
  const given = names.map((n) => n.trim()).filter((n) => n !== '');
  if (selector !== undefined) {
    if (given.length > 0) throw new DextreError('USAGE', 'Name the nodes or select them with --selector, not both (as kubectl).');
    if (selector.trim() === '') throw new DextreError('USAGE', '--selector is empty. Pass a label selector such as `node.kubernetes.io/instance-type=m5.large`, or name the nodes.');
    parseSelector(selector);
    return { names: [], selector: selector.trim() };
  }
  if (given.length === 0) throw new DextreError('USAGE', 'No node given. Name one or more nodes (`kubectl get nodes` lists them), or select them with --selector.');
  return { names: given };
}

export interface DrainFlagValues extends TargetFlagValues {
  selector?: string | undefined;
  force: boolean;
  'delete-emptydir-data': boolean;
  'disregard-do-not-disrupt': boolean;
  'grace-period'?: string | undefined;
  timeout?: string | undefined;
  'pod-selector'?: string | undefined;
  'readiness-gate'?: boolean | undefined;
  terminate: boolean;
}

/** Everything `dextre drain` takes from its arguments and flags, validated before anything reads a cluster. */
export function drainRequestFrom(flags: DrainFlagValues, names: readonly string[], cwd: string): { request: DrainRequest; target: ResolvedTarget } {
  const podSelector = flags['pod-selector']?.trim();
  if (podSelector !== undefined) {
    if (podSelector === '') throw new DextreError('USAGE', '--pod-selector is empty. Pass a label selector such as `app=web`, or leave the flag out.');
    try {
      parseSelector(podSelector);
    } catch {
      throw new DextreError('USAGE', `--pod-selector ${JSON.stringify(podSelector)} is not a valid label selector. Use the kubectl form, for example --pod-selector 'app=web,tier in (frontend,cache)'.`);
    }
  }
  const grace = gracePeriod(flags['grace-period']);
  const drainTimeoutSeconds = parseTimeout('--timeout', flags.timeout ?? '0');
  const { nodes, target } = nodeTargetFrom(flags, names, cwd);
  const request: DrainRequest = {
    nodes,
    terminate: flags.terminate,
    settings: {
      ...drainOnlySettings(drainTimeoutSeconds, flags),
      readinessGate: flags['readiness-gate'] ?? true,
      ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}),
      ...(podSelector !== undefined ? { podSelector } : {}),
    },
  };
  return { request, target };
}

/**
 * The settings of a machine that only drains (no launch, no pre-pull: `dextre drain`, and `dextre abort` taking back
 * the surplus replacements), from the eviction flags both share with `roll nodes`.
 */
export function drainOnlySettings(
  drainTimeoutSeconds: number,
  flags: Pick<DrainFlagValues, 'force' | 'delete-emptydir-data' | 'disregard-do-not-disrupt'>,
): RollSettings {
  return {
    drainTimeoutSeconds,
    prepull: false,
    force: flags.force,
    deleteEmptyDirData: flags['delete-emptydir-data'],
    disregardDoNotDisrupt: flags['disregard-do-not-disrupt'],
    prepullTimeoutSeconds: DEFAULT_PREPULL_TIMEOUT_SECONDS,
    launchTimeoutSeconds: DEFAULT_LAUNCH_TIMEOUT_SECONDS,
  };
}

/** `--grace-period`: whole seconds; negative (kubectl's default -1) means the pod's own. */
function gracePeriod(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (!/^-?\d+$/.test(text)) {
    throw new DextreError('USAGE', `--grace-period ${JSON.stringify(value)} is not a whole number of seconds. Pass 0 or more, or a negative number (-1) for each pod's own grace period.`);
  }
  const seconds = Number(text);
  return seconds < 0 ? undefined : seconds;
}

/** The nodes (arguments or -l) and the target, validated before anything reads a cluster. */
export function nodeTargetFrom(flags: TargetFlagValues & { selector?: string | undefined }, names: readonly string[], cwd: string): { nodes: NodeRequest; target: ResolvedTarget } {
  const nodes = nodeRequestFrom(names, flags.selector);
  const target = targetRequestFrom(flags, cwd);
  checkTargetNamed(target);
  return { nodes, target: resolveTargetRequest(target) };
}
